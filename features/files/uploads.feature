Feature: Uploading files to /files
  A multipart POST /files stores each file part as a row of directus_files;
  the server computes the metadata (type, size, image dimensions, names) and
  text fields sent before a file become that file's metadata.

  @FILES-UPLOAD-MULTIPART
  Scenario: An image upload answers the row with the metadata the server computed
    When admin sends POST /files as multipart:
      | part  | content   | filename | type      |
      | file  | png 40x20 | red.png  | image/png |
    Then the status is 200
    And the response matches:
      """
      {"data": {"id": "<uuid>", "storage": "local", "filename_download": "red.png", "title": "Red",
                "type": "image/png", "folder": null, "uploaded_by": "<uuid>", "modified_by": null,
                "charset": null, "width": 40, "height": 20, "duration": null, "embed": null,
                "description": null, "location": null, "tags": null, "metadata": {},
                "focal_point_x": null, "focal_point_y": null, "tus_id": null, "tus_data": null}}
      """
    And "data.filename_disk" matches the pattern "[0-9a-f-]{36}\.png"
    # SQLite reads the system date columns back as dateTime, PostgreSQL and
    # MariaDB as timestamp (milliseconds and the zone).
    And "data.created_on" matches the pattern "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}Z)?"
    And "data.uploaded_on" matches the pattern "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}Z)?"
    When I remember "data.id" as "file"
    And admin sends GET /assets/{{file}}
    Then the status is 200
    And the body is the content "png 40x20"

  @FILES-UPLOAD-MULTIPART
  Scenario: A text file's size and type come from the part, and no image size is set
    When admin sends POST /files as multipart:
      | part | content          | filename  | type       |
      | file | text hello world | notes.txt | text/plain |
    Then the response matches:
      """
      {"data": {"filename_download": "notes.txt", "title": "Notes", "type": "text/plain",
                "filesize": "<numeric 11>", "width": null, "height": null, "metadata": null}}
      """
    And "data.filename_disk" matches the pattern "[0-9a-f-]{36}\.txt"

  @FILES-UPLOAD-FIELDS
  Scenario: Fields sent before the file are its metadata, fields after it are not
    When admin sends POST /files as multipart:
      | part        | content          | filename  | type       |
      | title       | Before           |           |            |
      | description | Sent first       |           |            |
      | file        | text hello       | first.txt | text/plain |
      | tags        | ["ignored"]      |           |            |
    Then the response matches:
      """
      {"data": {"title": "Before", "description": "Sent first", "tags": null}}
      """

  @FILES-UPLOAD-FIELDS
  Scenario: filename_download and a folder sent as fields are kept
    Given admin sends POST /folders
      """
      {"name": "Uploads"}
      """
    And I remember "data.id" as "folder"
    When admin sends POST /files as multipart:
      | part              | content      | filename | type       |
      | folder            | {{folder}}   |          |            |
      | filename_download | report.txt   |          |            |
      | file              | text content | raw.txt  | text/plain |
    Then the response matches:
      """
      {"data": {"folder": "{{folder}}", "filename_download": "report.txt", "title": "Raw"}}
      """
    When admin sends GET /files?filter[folder][name][_eq]=Uploads&fields=filename_download
    Then the response is exactly:
      """
      {"data": [{"filename_download": "report.txt"}]}
      """

  @FILES-UPLOAD-MANY
  Scenario: Several files in one request answer a list of rows (in the query's sort)
    When admin sends POST /files?fields=filename_download,type,title&sort=filename_download as multipart:
      | part | content    | filename | type       |
      | a    | text hello | h.txt    | text/plain |
      | b    | png 4x4    | red.png  | image/png  |
    Then the response is exactly:
      """
      {"data": [{"filename_download": "h.txt", "type": "text/plain", "title": "H"},
                {"filename_download": "red.png", "type": "image/png", "title": "Red"}]}
      """

  @FILES-UPLOAD-EMPTY
  Scenario: A zero-byte file is stored with size 0
    When admin sends POST /files?fields=filesize,type,width as multipart:
      | part | content | filename  | type       |
      | file | empty   | empty.txt | text/plain |
    Then the response is exactly:
      """
      {"data": {"filesize": "<numeric 0>", "type": "text/plain", "width": null}}
      """
    When admin sends GET /files?filter[filename_download][_eq]=empty.txt&aggregate[count]=*
    Then "data.0.count" is "<numeric 1>"

  @FILES-UPLOAD-FILENAME
  Scenario Outline: Directories in a file name are dropped (<case>)
    When admin sends POST /files?fields=filename_download,title,filename_disk as multipart:
      | part | content    | filename   | type       |
      | file | text hello | <filename> | text/plain |
    Then "data.filename_download" is "<download>"
    And "data.title" is "<title>"
    And "data.filename_disk" matches the pattern "[0-9a-f-]{36}\.txt"

    Examples:
      | case            | filename             | download   | title      |
      | unix parents    | ../../etc/passwd.txt | passwd.txt | Passwd     |
      | windows parents | ..\\..\\x.txt        | x.txt      | X          |
      | plain           | my notes.txt         | my notes.txt | My Notes |

  @FILES-UPLOAD-NO-FILE
  Scenario: A multipart body without a file part is INVALID_PAYLOAD and stores nothing
    When admin sends POST /files as multipart:
      | part  | content | filename | type |
      | title | Lonely  |          |      |
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid payload. No files were included in the body.",
                   "extensions": {"reason": "No files were included in the body", "code": "INVALID_PAYLOAD"}}]}
      """
    When admin sends GET /files?filter[title][_eq]=Lonely&aggregate[count]=*
    Then "data.0.count" is "<numeric 0>"

  @FILES-UPLOAD-MALFORMED
  Scenario: A multipart body cut short is the parser's error, a 500
    When admin sends POST /files with content type "multipart/form-data; boundary=zzz"
      """
      --zzz
      Content-Disposition: form-data; name="title"
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Unexpected end of form", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
      """
    When admin sends GET /files?aggregate[count]=*
    Then "data.0.count" is "<numeric 0>"

  @FILES-UPLOAD-MALFORMED
  Scenario: A multipart content type without a boundary is the parser's error, a 500
    When admin sends POST /files with content type "multipart/form-data"
      """
      garbage
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Multipart: Boundary not found", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
      """

  @FILES-UPLOAD-PERMISSIONS
  Scenario: Uploading needs create permission on directus_files
    When reader sends POST /files as multipart:
      | part | content    | filename | type       |
      | file | text hello | h.txt    | text/plain |
    Then the response is an error FORBIDDEN
    When admin sends GET /files?aggregate[count]=*
    Then "data.0.count" is "<numeric 0>"
