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
    Then "data.0.count" is 0

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
    Then "data.0.count" is 0

  @needs-files-limits @FILES-MAX-UPLOAD-SIZE
  Scenario: A file under the limit is stored
    When admin sends POST /files?fields=filesize as multipart:
      | part | content   | filename  | type       |
      | file | bytes 900 | small.txt | text/plain |
    Then the response is exactly:
      """
      {"data": {"filesize": 900}}
      """

  @needs-files-limits @FILES-MIME-ALLOW-LIST
  Scenario: A type outside FILES_MIME_TYPE_ALLOW_LIST is refused and nothing is stored
    When admin sends POST /files as multipart:
      | part | content  | filename | type            |
      | file | bytes 10 | x.pdf    | application/pdf |
    Then the response is an error INVALID_PAYLOAD
    When admin sends GET /files?aggregate[count]=*
    Then "data.0.count" is 0
