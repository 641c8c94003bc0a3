Feature: Serving files from /assets
  /assets/:id answers a file's bytes with its content type, caching headers and
  ranges, and transforms images (size, fit, format) when asked; presets in the
  settings name transformations and can restrict which ones callers may ask for.

  Background:
    Given admin sends POST /files?fields=id as multipart:
      | part | content   | filename | type      |
      | file | png 40x20 | red.png  | image/png |
    And I remember "data.id" as "image"

  @ASSETS-ORIGINAL
  Scenario: The original comes back byte for byte, with its type, name and caching headers
    When admin sends GET /assets/{{image}}
    Then the status is 200
    And the body is the content "png 40x20"
    And the header "Content-Type" is "image/png"
    And the header "Content-Disposition" is "inline; filename=\"red.png\""
    And the header "Accept-Ranges" is "bytes"
    And the header "Cache-Control" is "private, max-age=2592000"
    And the header "ETag" contains "\""
    And the header "Last-Modified" contains "GMT"
    And the header "Content-Security-Policy" is "default-src 'none'"
    And the body's sha256 is "fe4eb2b3168fecf9497d27c205f7df03917a47110c13f192dcee66399ef65dfe"

  @ASSETS-ORIGINAL
  Scenario: A file name after the id changes nothing
    When admin sends GET /assets/{{image}}/anything.png
    Then the status is 200
    And the body is the content "png 40x20"

  @ASSETS-DOWNLOAD
  Scenario: ?download makes the file an attachment
    When admin sends GET /assets/{{image}}?download
    Then the header "Content-Disposition" is "attachment; filename=\"red.png\""
    And the body is the content "png 40x20"

  @ASSETS-RANGE
  Scenario: A range answers 206 with those bytes
    When admin sends GET /assets/{{image}} with header "Range: bytes=0-7"
    Then the status is 206
    And the body has 8 bytes
    And the header "Content-Range" contains "bytes 0-7/"
    And the header "Content-Length" is "8"

  @ASSETS-RANGE
  Scenario: A range past the end is RANGE_NOT_SATISFIABLE
    When admin sends GET /assets/{{image}} with header "Range: bytes=100000-100010"
    Then the response is exactly:
      """
      {"errors": [{"message": "Range \"100000-100010\" is invalid or the file's size doesn't match the requested range.",
                   "extensions": {"range": {"start": 100000, "end": 100010}, "code": "RANGE_NOT_SATISFIABLE"}}]}
      """

  @ASSETS-TRANSFORM-SIZE
  Scenario Outline: width, height and fit=<fit> give an image of <size>
    When admin sends GET /assets/{{image}}?width=10&height=10&fit=<fit>
    Then the status is 200
    And the header "Content-Type" is "image/png"
    And the body is a png image of <size>

    Examples:
      | fit     | size  |
      | cover   | 10x10 |
      | contain | 10x10 |
      | inside  | 10x5  |
      | outside | 20x10 |

  @ASSETS-TRANSFORM-SIZE
  Scenario: One side keeps the aspect ratio, and withoutEnlargement never grows the image
    When admin sends GET /assets/{{image}}?width=20
    Then the body is a png image of 20x10
    When admin sends GET /assets/{{image}}?width=80&withoutEnlargement=true
    Then the body is a png image of 40x20
    When admin sends GET /assets/{{image}}?width=80
    Then the body is a png image of 80x40

  @ASSETS-TRANSFORM-FORMAT
  Scenario Outline: format=<format> answers <type>
    When admin sends GET /assets/{{image}}?width=8&format=<format>
    Then the status is 200
    And the header "Content-Type" is "<type>"
    And the body is a <image> image of 8x4

    Examples:
      | format | type       | image |
      | jpg    | image/jpeg | jpeg  |
      | png    | image/png  | png   |
      | webp   | image/webp | webp  |
      | tiff   | image/tiff | tiff  |
      | avif   | image/avif | avif  |

  @ASSETS-TRANSFORM-FORMAT
  Scenario: format=auto picks the format from the Accept header
    When admin sends GET /assets/{{image}}?width=8&format=auto with header "Accept: image/webp"
    Then the header "Content-Type" is "image/webp"
    And the body is a webp image of 8x4
    When admin sends GET /assets/{{image}}?width=8&format=auto with header "Accept: image/avif,image/webp"
    Then the header "Content-Type" is "image/avif"

  @ASSETS-TRANSFORM-FORMAT
  Scenario: A transformed asset keeps the original's download name
    When admin sends GET /assets/{{image}}?width=8&format=jpg
    Then the header "Content-Disposition" is "inline; filename=\"red.png\""

  @ASSETS-TRANSFORMS-PARAM
  Scenario: transforms=[[...]] runs the sharp operations it names, before width and height
    When admin sends GET /assets/{{image}}?transforms=[["rotate",90]]
    Then the status is 200
    And the body is a png image of 20x40
    When admin sends GET /assets/{{image}}?width=10&transforms=[["rotate",90]]
    Then the body is a png image of 10x20

  @ASSETS-TRANSFORM-INVALID
  Scenario Outline: An absurd transformation value is refused (<case>)
    When admin sends GET /assets/{{image}}?<query>
    Then the response is an error <code>
    And the error message is "<message>"

    Examples:
      | case            | query                      | code                         | message                                                                                                         |
      | negative width  | width=-5                   | INVALID_QUERY                | Invalid query. Expected positive integer between 1 and 100000000 for width but received -5 of type number. |
      | too wide        | width=100000               | ILLEGAL_ASSET_TRANSFORMATION | Illegal asset transformation.                                                                                   |
      | negative height | height=-1                  | INVALID_QUERY                | Invalid query. Expected positive integer between 1 and 100000000 for height but received -1 of type number. |
      | width not a number | width=abc               | INVALID_QUERY                | Invalid query. Expected positive integer between 1 and 100000000 for width but received NaN of type number. |
      | quality above 100 | quality=101              | INVALID_QUERY                | Invalid query. Expected integer between 0 and 100 for quality but received 101 of type number.             |
      | quality not a number | quality=abc           | INVALID_QUERY                | Invalid query. Expected integer between 0 and 100 for quality but received NaN of type number.             |
      | unknown format  | format=bmp                 | INVALID_QUERY                | Invalid query. Expected one of: heic, heif, avif, jpeg, jpg, jpe, tile, dz, png, raw, tiff, tif, webp, gif, jp2, jpx, j2k, j2c, jxl for format but received bmp of type string. |

  @ASSETS-TRANSFORM-INVALID
  Scenario: transforms that is not a JSON list of allowed [operation, ...] lists is INVALID_QUERY
    When admin sends GET /assets/{{image}}?transforms=notjson
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"transforms\" Parameter needs to be a JSON array of allowed transformations."
    When admin sends GET /assets/{{image}}?transforms=[["nope",1]]
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"transforms\" Parameter does not allow \"nope\" as a transformation."
    When admin sends GET /assets/{{image}}?transforms=["rotate"]
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"transforms\" Parameter does not allow \"r\" as a transformation."

  @ASSETS-TRANSFORM-INVALID
  Scenario: An unknown fit, quality=0 and a non-boolean withoutEnlargement are not refused
    When admin sends GET /assets/{{image}}?fit=bogus
    Then the status is 200
    And the body is a png image of 40x20
    When admin sends GET /assets/{{image}}?quality=0
    Then the status is 200
    And the body is a png image of 40x20
    When admin sends GET /assets/{{image}}?withoutEnlargement=maybe
    Then the status is 200
    And the body is a png image of 40x20

  @ASSETS-TRANSFORM-SIZE
  Scenario: focal_point_x/y with fit=cover crops to the asked size
    When admin sends GET /assets/{{image}}?fit=cover&width=10&height=10&focal_point_x=10&focal_point_y=5
    Then the status is 200
    And the body is a png image of 10x10

  @ASSETS-TRANSFORM-SIZE
  Scenario: The focal point decides which side a cover crop keeps, from the query or from the file
    Given admin sends POST /files?fields=id as multipart:
      | part | content          | filename   | type      |
      | file | halves png 40x20 | halves.png | image/png |
    And I remember "data.id" as "halves"
    When admin sends GET /assets/{{halves}}?fit=cover&width=10&height=10&focal_point_x=35&focal_point_y=10
    Then the body is a png image of 10x10
    And the body's pixel at 5,5 is #0000ff
    When admin sends GET /assets/{{halves}}?fit=cover&width=10&height=10&focal_point_x=5&focal_point_y=10
    Then the body is a png image of 10x10
    And the body's pixel at 5,5 is #ff0000
    When admin sends GET /assets/{{halves}}?fit=cover&width=10&height=10
    Then the body's pixel at 0,5 is #ff0000
    And the body's pixel at 9,5 is #0000ff
    When admin sends PATCH /files/{{halves}}
      """
      {"focal_point_x": 38, "focal_point_y": 10}
      """
    And admin sends GET /assets/{{halves}}?fit=cover&width=8&height=8
    Then the body is a png image of 8x8
    And the body's pixel at 1,4 is #0000ff
    And the body's pixel at 6,4 is #0000ff

  @ASSETS-TRANSFORM-FORMAT
  Scenario: quality= as a query parameter with format=jpg: a lower quality gives fewer bytes
    When admin sends GET /assets/{{image}}?format=jpg&quality=90
    Then the status is 200
    And the header "Content-Type" is "image/jpeg"
    And the body is a jpeg image of 40x20
    And I remember the body's byte length as "q90"
    When admin sends GET /assets/{{image}}?format=jpg&quality=10
    Then the body is a jpeg image of 40x20
    And the body has fewer bytes than "q90"
    When admin sends GET /assets/{{image}}?format=avif&quality=90
    Then the body is an avif image of 40x20
    And I remember the body's byte length as "avif90"
    When admin sends GET /assets/{{image}}?format=avif&quality=10
    Then the body has fewer bytes than "avif90"

  @ASSETS-TRANSFORM-INVALID @ASSETS-PRESETS
  Scenario: An unknown preset key is INVALID_QUERY
    When admin sends GET /assets/{{image}}?key=nope
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Key \"nope\" isn't configured."

  @ASSETS-TRANSFORM-INVALID
  Scenario: A transformation of an image that does not decode serves the stored bytes
    Given admin sends POST /files?fields=id as multipart:
      | part | content     | filename    | type      |
      | file | corrupt png | corrupt.png | image/png |
    And I remember "data.id" as "corrupt"
    When admin sends GET /assets/{{corrupt}}?width=10
    Then the status is 200
    And the body is the content "corrupt png"

  @ASSETS-INVALID-IMAGE-SENSITIVITY
  Scenario: By default a truncated PNG is refused when transformed, and its original still served
    Given admin sends POST /files?fields=id,width,height as multipart:
      | part | content             | filename | type      |
      | file | truncated png 40x20 | cut.png  | image/png |
    Then "data.width" is 40
    And "data.height" is 20
    And I remember "data.id" as "cut"
    When admin sends GET /assets/{{cut}}?width=10&format=jpg
    Then the response is an error INTERNAL_SERVER_ERROR
    And the error message is "vipspng: libpng read error"
    When admin sends GET /assets/{{cut}}?transforms=[["flip"]]
    Then the error message is "vipspng: libpng read error"
    # A PNG streamed into a PNG (only resized) fails the writer too.
    When admin sends GET /assets/{{cut}}?width=10
    Then the response is exactly:
      """
      {"errors": [{"message": "vipspng: libpng read error\nvips2png: unable to write to target target",
                   "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
      """
    Given admin sends POST /files?fields=id,width,height as multipart:
      | part | content              | filename | type       |
      | file | truncated jpeg 64x48 | cut.jpg  | image/jpeg |
    Then "data.width" is 64
    And I remember "data.id" as "cutjpeg"
    When admin sends GET /assets/{{cutjpeg}}?width=10
    Then the response is an error INTERNAL_SERVER_ERROR
    And the error message is "VipsJpeg: premature end of JPEG image"
    When admin sends GET /assets/{{cutjpeg}}?width=10&format=png
    Then the response is exactly:
      """
      {"errors": [{"message": "VipsJpeg: premature end of JPEG image\nvips2png: unable to write to target target",
                   "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
      """
    When admin sends GET /assets/{{cut}}
    Then the status is 200
    And the body is the content "truncated png 40x20"

  @ASSETS-PRESETS
  Scenario: key= applies a preset from the settings
    Given admin sends PATCH /settings
      """
      {"storage_asset_presets": [{"key": "thumb", "fit": "cover", "width": 6, "height": 6, "quality": 80,
                                  "withoutEnlargement": false, "format": "jpeg", "transforms": []}]}
      """
    When admin sends GET /assets/{{image}}?key=thumb
    Then the status is 200
    And the header "Content-Type" is "image/jpeg"
    And the body is a jpeg image of 6x6

  @ASSETS-PRESETS
  Scenario: storage_asset_transform "presets" allows only preset keys
    Given admin sends PATCH /settings
      """
      {"storage_asset_transform": "presets",
       "storage_asset_presets": [{"key": "thumb", "fit": "cover", "width": 6, "height": 6, "quality": 80,
                                  "withoutEnlargement": false, "format": "png", "transforms": []}]}
      """
    When admin sends GET /assets/{{image}}?width=10
    Then the response is an error INVALID_QUERY
    When admin sends GET /assets/{{image}}?key=thumb
    Then the body is a png image of 6x6

  @ASSETS-PRESETS
  Scenario: storage_asset_transform "none" serves originals only
    Given admin sends PATCH /settings
      """
      {"storage_asset_transform": "none"}
      """
    When admin sends GET /assets/{{image}}?width=10
    Then the response is an error INVALID_QUERY
    When admin sends GET /assets/{{image}}
    Then the body is the content "png 40x20"

  @ASSETS-ACCESS
  Scenario: access_token in the query authenticates, as <img src> needs
    When anonymous sends GET /assets/{{image}}?access_token={{admin.token}}
    Then the status is 200
    When anonymous sends GET /assets/{{image}}?access_token=not-a-token
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid user credentials.", "extensions": {"code": "INVALID_CREDENTIALS"}}]}
      """

  @ASSETS-ACCESS
  Scenario: Without read permission on directus_files an asset is FORBIDDEN
    When anonymous sends GET /assets/{{image}}
    Then the response is exactly:
      """
      {"errors": [{"message": "You don't have permission to access collection \"directus_files\" or it does not exist. Queried in root.",
                   "extensions": {"reason": "You don't have permission to access collection \"directus_files\" or it does not exist. Queried in root.",
                                  "code": "FORBIDDEN"}}]}
      """

  @ASSETS-ACCESS
  Scenario: An unknown or malformed id is FORBIDDEN
    When admin sends GET /assets/00000000-0000-4000-8000-000000000000
    Then the response is an error FORBIDDEN
    When admin sends GET /assets/nope
    Then the response is an error FORBIDDEN

  @ASSETS-ACCESS @FILES-PERMISSIONS
  Scenario: With public read permission on directus_files anonymous callers get assets and file rows
    When admin sends GET /access?filter[role][_null]=true&filter[user][_null]=true&fields=policy
    And I remember "data.0.policy" as "public"
    And admin sends POST /permissions
      """
      {"policy": "{{public}}", "collection": "directus_files", "action": "read", "fields": ["*"], "permissions": {}, "validation": {}}
      """
    Then the status is 200
    When anonymous sends GET /assets/{{image}}?width=10
    Then the status is 200
    And the body is a png image of 10x5
    When anonymous sends GET /files/{{image}}?fields=filename_download,type
    Then the response is exactly:
      """
      {"data": {"filename_download": "red.png", "type": "image/png"}}
      """
    When anonymous sends POST /files as multipart:
      | part | content    | filename | type       |
      | file | text hello | h.txt    | text/plain |
    Then the response is an error FORBIDDEN
