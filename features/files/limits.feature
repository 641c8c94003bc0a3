Feature: Upload limits and imports from a URL
  FILES_MAX_UPLOAD_SIZE and FILES_MIME_TYPE_ALLOW_LIST refuse uploads with
  Directus' errors and store nothing; POST /files/import fetches a URL the
  IMPORT_IP_DENY_LIST allows and stores it as an upload.

  @FILES-IMPORT-DENIED
  Scenario: By default an import from a loopback address is refused
    Given the harness serves "png 8x8" as "image/png" at "source"
    When admin sends POST /files/import
      """
      {"url": "{{source}}"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Service \"external-file\" is unavailable. Couldn't fetch file from URL \"{{source}}\".",
                   "extensions": {"service": "external-file", "reason": "Couldn't fetch file from URL \"{{source}}\"",
                                  "code": "SERVICE_UNAVAILABLE"}}]}
      """
    When admin sends GET /files?aggregate[count]=*
    Then "data.0.count" is "<numeric 0>"

  @needs-files-limits @FILES-IMPORT
  Scenario: An import stores the fetched bytes with the metadata sent along
    Given the harness serves "png 8x8" as "image/png" at "source"
    When admin sends POST /files/import
      """
      {"url": "{{source}}", "data": {"title": "Imported"}}
      """
    Then the status is 200
    And the response matches:
      """
      {"data": {"id": "<uuid>", "title": "Imported", "type": "image/png", "width": 8, "height": 8,
                "filename_download": "source", "storage": "local"}}
      """
    When I remember "data.id" as "file"
    And admin sends GET /assets/{{file}}
    Then the body is the content "png 8x8"

  @needs-files-limits @FILES-MAX-UPLOAD-SIZE
  Scenario: A file over FILES_MAX_UPLOAD_SIZE is CONTENT_TOO_LARGE and nothing is stored
    When admin sends POST /files as multipart:
      | part | content    | filename | type       |
      | file | bytes 2000 | big.txt  | text/plain |
    Then the response is an error CONTENT_TOO_LARGE
    When admin sends GET /files?aggregate[count]=*
    Then "data.0.count" is "<numeric 0>"

  @needs-files-limits @FILES-MAX-UPLOAD-SIZE
  Scenario: A file under the limit is stored
    When admin sends POST /files?fields=filesize as multipart:
      | part | content   | filename  | type       |
      | file | bytes 900 | small.txt | text/plain |
    Then the response is exactly:
      """
      {"data": {"filesize": "<numeric 900>"}}
      """

  @needs-files-limits @FILES-MIME-ALLOW-LIST
  Scenario: A type outside FILES_MIME_TYPE_ALLOW_LIST is refused and nothing is stored
    When admin sends POST /files as multipart:
      | part | content  | filename | type            |
      | file | bytes 10 | x.pdf    | application/pdf |
    Then the response is an error INVALID_PAYLOAD
    When admin sends GET /files?aggregate[count]=*
    Then "data.0.count" is "<numeric 0>"

  @needs-files-limits @ASSETS-CACHE-TTL
  Scenario: ASSETS_CACHE_TTL sets the max-age of assets
    Given admin sends POST /files?fields=id as multipart:
      | part | content   | filename | type      |
      | file | png 40x20 | red.png  | image/png |
    And I remember "data.id" as "image"
    When admin sends GET /assets/{{image}}
    Then the header "Cache-Control" is "private, max-age=3600"

  @needs-files-limits @ASSETS-TRANSFORM-LIMITS
  Scenario: An image over ASSETS_TRANSFORM_IMAGE_MAX_DIMENSION is served but not transformed
    Given admin sends POST /files?fields=id as multipart:
      | part | content          | filename | type      |
      | file | plain png 150x50 | wide.png | image/png |
    And I remember "data.id" as "wide"
    When admin sends GET /assets/{{wide}}?width=20
    Then the response is exactly:
      """
      {"errors": [{"message": "Illegal asset transformation.",
                   "extensions": {"invalidTransformations": ["width", "height"], "code": "ILLEGAL_ASSET_TRANSFORMATION"}}]}
      """
    When admin sends GET /assets/{{wide}}
    Then the body is the content "plain png 150x50"

  @needs-files-limits @ASSETS-TRANSFORM-LIMITS
  Scenario: The output may exceed the source limit, and transforms may hold ASSETS_TRANSFORM_MAX_OPERATIONS operations
    Given admin sends POST /files?fields=id as multipart:
      | part | content   | filename | type      |
      | file | png 40x20 | red.png  | image/png |
    And I remember "data.id" as "image"
    When admin sends GET /assets/{{image}}?width=101
    Then the body is a png image of 101x51
    When admin sends GET /assets/{{image}}?transforms=[["flip"],["flop"]]
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"transforms\" Parameter is only allowed 1 transformations."
    When admin sends GET /assets/{{image}}?transforms=[["flip"]]
    Then the body is a png image of 40x20

  @needs-files-limits @ASSETS-INVALID-IMAGE-SENSITIVITY
  Scenario: With ASSETS_INVALID_IMAGE_SENSITIVITY_LEVEL=none a truncated PNG is transformed as far as it decodes
    Given admin sends POST /files?fields=id as multipart:
      | part | content             | filename | type      |
      | file | truncated png 40x20 | cut.png  | image/png |
    And I remember "data.id" as "cut"
    When admin sends GET /assets/{{cut}}?width=10
    Then the status is 200
    And the header "Content-Type" is "image/png"
    And the body is a png image of 10x5
    When admin sends GET /assets/{{cut}}?width=20&format=jpg
    Then the status is 200
    And the header "Content-Type" is "image/jpeg"
    And the body is a jpeg image of 20x10
    Given admin sends POST /files?fields=id as multipart:
      | part | content              | filename | type       |
      | file | truncated jpeg 64x48 | cut.jpg  | image/jpeg |
    And I remember "data.id" as "cutjpeg"
    When admin sends GET /assets/{{cutjpeg}}?width=16&format=png
    Then the status is 200
    And the body is a png image of 16x12
