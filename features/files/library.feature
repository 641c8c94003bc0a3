Feature: The file library: /files and /folders as system collections
  Rows of directus_files and directus_folders answer the item routes' query
  parameters and permissions; updates change metadata or, as multipart,
  replace the bytes; deletes remove the bytes with the row.

  Background:
    Given admin sends POST /folders
      """
      {"name": "Photos"}
      """
    And I remember "data.id" as "photos"
    And admin sends POST /files?fields=id as multipart:
      | part   | content   | filename | type      |
      | folder | {{photos}} |         |           |
      | file   | png 40x20 | a.png    | image/png |
    And I remember "data.id" as "a"
    And admin sends POST /files?fields=id as multipart:
      | part | content    | filename | type       |
      | file | text hello | b.txt    | text/plain |
    And I remember "data.id" as "b"

  @FILES-LIST-QUERY
  Scenario: /files answers fields, filter, sort, meta and aggregate as items do
    When admin sends GET /files?fields=filename_download,folder.name&sort=-filename_download&meta=*
    Then the response is exactly:
      """
      {"data": [{"filename_download": "b.txt", "folder": null},
                {"filename_download": "a.png", "folder": {"name": "Photos"}}],
       "meta": {"total_count": 2, "filter_count": 2}}
      """
    When admin sends GET /files?filter[type][_starts_with]=image/&fields=filename_download
    Then the response is exactly:
      """
      {"data": [{"filename_download": "a.png"}]}
      """
    When admin sends GET /files?aggregate[sum]=filesize&groupBy[]=type&sort=type
    Then "data" has 2 items
    And "data.1.type" is "text/plain"
    And "data.1.sum.filesize" is "<numeric 5>"

  @FILES-LIST-QUERY
  Scenario: One file by id, and an unknown id is FORBIDDEN
    When admin sends GET /files/{{b}}?fields=filename_download,filesize
    Then the response is exactly:
      """
      {"data": {"filename_download": "b.txt", "filesize": "<numeric 5>"}}
      """
    When admin sends GET /files/00000000-0000-4000-8000-000000000000
    Then the response is an error FORBIDDEN

  @FILES-UPDATE
  Scenario: A JSON update changes metadata and records who modified it
    When admin sends PATCH /files/{{b}}?fields=title,description,modified_by
      """
      {"title": "Greeting", "description": "says hello"}
      """
    Then the response matches:
      """
      {"data": {"title": "Greeting", "description": "says hello", "modified_by": "<uuid>"}}
      """

  @FILES-REPLACE
  Scenario: A multipart PATCH replaces the bytes and recomputes the metadata
    When admin sends PATCH /files/{{a}}?fields=filesize,width,height,type,filename_download as multipart:
      | part | content   | filename | type      |
      | file | png 10x30 | new.png  | image/png |
    Then the status is 200
    And "data.width" is 10
    And "data.height" is 30
    When admin sends GET /assets/{{a}}
    Then the body is the content "png 10x30"

  @FILES-DELETE
  Scenario: Deleting a file removes its row and its bytes
    When admin sends DELETE /files/{{b}}
    Then the status is 204
    And the body is empty
    When admin sends GET /files/{{b}}
    Then the response is an error FORBIDDEN
    When admin sends GET /assets/{{b}}
    Then the response is an error FORBIDDEN

  @FILES-PERMISSIONS
  Scenario: A role without permission on directus_files reads no files
    When reader sends GET /files
    Then the response is an error FORBIDDEN

  @FOLDERS-CRUD
  Scenario: Folders nest, answer queries and update; a folder with subfolders cannot be deleted
    When admin sends POST /folders?fields=name,parent.name
      """
      {"name": "Summer", "parent": "{{photos}}"}
      """
    Then the response is exactly:
      """
      {"data": {"name": "Summer", "parent": {"name": "Photos"}}}
      """
    When admin sends GET /folders?filter[parent][_null]=true&fields=name
    Then the response is exactly:
      """
      {"data": [{"name": "Photos"}]}
      """
    When admin sends PATCH /folders/{{photos}}?fields=name
      """
      {"name": "Pictures"}
      """
    Then the response is exactly:
      """
      {"data": {"name": "Pictures"}}
      """
    When admin sends DELETE /folders/{{photos}}
    Then the response is an error INTERNAL_SERVER_ERROR
    When admin sends GET /files/{{a}}?fields=folder.name
    Then the response is exactly:
      """
      {"data": {"folder": {"name": "Pictures"}}}
      """

  @FILES-LIST-QUERY
  Scenario: /files answers search, limit with offset or page, SEARCH and export as items do
    When admin sends GET /files?fields=filename_download&filter[id][_in]={{a}},{{b}}&search=b.txt
    Then the response is exactly:
      """
      {"data": [{"filename_download": "b.txt"}]}
      """
    When admin sends GET /files?fields=filename_download&filter[id][_in]={{a}},{{b}}&sort=filename_download&limit=1&offset=1
    Then the response is exactly:
      """
      {"data": [{"filename_download": "b.txt"}]}
      """
    When admin sends GET /files?fields=filename_download&filter[id][_in]={{a}},{{b}}&sort=filename_download&limit=1&page=2
    Then the response is exactly:
      """
      {"data": [{"filename_download": "b.txt"}]}
      """
    When admin sends SEARCH /files
      """
      {"query": {"fields": ["filename_download", "folder.name"], "filter": {"id": {"_eq": "{{a}}"}}}}
      """
    Then the response is exactly:
      """
      {"data": [{"filename_download": "a.png", "folder": {"name": "Photos"}}]}
      """
    When admin sends GET /files?fields=filename_download&filter[id][_eq]={{b}}&export=json
    Then the status is 200
    And the header "content-disposition" contains "attachment; filename=\"directus_files "
    And the response is exactly:
      """
      [{"filename_download": "b.txt"}]
      """

  @FILES-LIST-QUERY
  Scenario: Batch PATCH and DELETE /files take keys or a query
    When admin sends PATCH /files?fields=filename_download,description&sort=filename_download
      """
      {"keys": ["{{a}}", "{{b}}"], "data": {"description": "both"}}
      """
    Then the response is exactly:
      """
      {"data": [{"filename_download": "a.png", "description": "both"}, {"filename_download": "b.txt", "description": "both"}]}
      """
    When admin sends PATCH /files?fields=description
      """
      {"query": {"filter": {"id": {"_eq": "{{b}}"}}}, "data": {"description": "only b"}}
      """
    Then the response is exactly:
      """
      {"data": [{"description": "only b"}]}
      """
    When admin sends DELETE /files
      """
      {"query": {"filter": {"id": {"_eq": "{{b}}"}}}}
      """
    Then the status is 204
    When admin sends DELETE /files
      """
      {"keys": ["{{a}}"]}
      """
    Then the status is 204
    When admin sends GET /files?filter[id][_in]={{a}},{{b}}&aggregate[count]=*
    Then the response is exactly:
      """
      {"data": [{"count": "<numeric 0>"}]}
      """

  @needs-license @FILES-PERMISSIONS-RULES
  Scenario: A field list and an item rule on directus_files hold for lists, reads by id, assets, updates and deletes
    When admin sends POST /policies
      """
      {"name": "Conformance images {{unique}}", "permissions": [
        {"collection": "directus_files", "action": "read", "fields": ["id", "title", "type"],
         "permissions": {"type": {"_starts_with": "image/"}}, "validation": {}},
        {"collection": "directus_files", "action": "update", "fields": ["title"],
         "permissions": {"type": {"_starts_with": "image/"}}, "validation": {}},
        {"collection": "directus_files", "action": "delete", "fields": ["*"],
         "permissions": {"type": {"_starts_with": "image/"}}, "validation": {}}]}
      """
    And I remember "data.id" as "policy"
    And admin sends POST /users
      """
      {"email": "images-{{unique}}@example.com", "token": "images-{{unique}}", "policies": [{"policy": "{{policy}}"}]}
      """
    Given I set "token:images" to "images-{{unique}}"
    When images sends GET /files?fields=*
    Then the response is exactly:
      """
      {"data": [{"id": "{{a}}", "title": "A", "type": "image/png"}]}
      """
    When images sends GET /files?fields=id,filesize
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"filesize\" in collection \"directus_files\" or it does not exist. Queried in root."
    When images sends GET /files/{{a}}?fields=*
    Then the response is exactly:
      """
      {"data": {"id": "{{a}}", "title": "A", "type": "image/png"}}
      """
    When images sends GET /files/{{b}}
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access this."
    When images sends GET /assets/{{b}}
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to perform \"read\" for collection \"directus_files\" or it does not exist."
    When images sends GET /assets/{{a}}
    Then the status is 200
    And the body is the content "png 40x20"
    # Directus keeps only the readable fields (and type, filesize) for the answer's headers.
    And the header "Content-Type" is "image/png"
    And the header "Content-Disposition" is "inline; filename=\"{{a}}\""
    And there is no header "Last-Modified"
    And there is no header "ETag"
    When images sends PATCH /files/{{b}}
      """
      {"title": "Mine"}
      """
    Then the response is an error FORBIDDEN
    When images sends PATCH /files/{{a}}
      """
      {"description": "not in the field list"}
      """
    Then the response is an error FORBIDDEN
    When images sends PATCH /files/{{a}}?fields=title
      """
      {"title": "Mine"}
      """
    Then the response is exactly:
      """
      {"data": {"title": "Mine"}}
      """
    When images sends DELETE /files/{{b}}
    Then the response is an error FORBIDDEN
    When images sends DELETE /files/{{a}}
    Then the status is 204
    When admin sends GET /files?fields=filename_download
    Then the response is exactly:
      """
      {"data": [{"filename_download": "b.txt"}]}
      """

  @FOLDERS-PERMISSIONS
  Scenario: A user with read permission on directus_folders searches them and reads one by id; flows' folders stay hidden
    Given admin sends POST /folders
      """
      {"name": "Flow tools", "type": "flows"}
      """
    And I remember "data.id" as "flowfolder"
    When admin sends POST /policies
      """
      {"name": "Conformance folders {{unique}}", "permissions": [
        {"collection": "directus_folders", "action": "read", "fields": ["*"], "permissions": {}, "validation": {}}]}
      """
    And I remember "data.id" as "policy"
    And admin sends POST /users
      """
      {"email": "folders-{{unique}}@example.com", "token": "folders-{{unique}}", "policies": [{"policy": "{{policy}}"}]}
      """
    Given I set "token:folks" to "folders-{{unique}}"
    When folks sends SEARCH /folders
      """
      {"query": {"fields": ["name"]}}
      """
    Then the response is exactly:
      """
      {"data": [{"name": "Photos"}]}
      """
    When folks sends GET /folders/{{photos}}?fields=name
    Then the response is exactly:
      """
      {"data": {"name": "Photos"}}
      """
    When folks sends GET /folders/{{flowfolder}}
    Then the response is an error FORBIDDEN
    When folks queries /graphql/system:
      """
      { folders { name } }
      """
    Then the response is exactly:
      """
      {"data": {"folders": [{"name": "Photos"}]}}
      """

  @FOLDERS-PERMISSIONS
  Scenario: A user with read permission on directus_folders lists them with GET, flows' folders left out
    Given admin sends POST /folders
      """
      {"name": "Flow tools", "type": "flows"}
      """
    When admin sends POST /policies
      """
      {"name": "Conformance folders list {{unique}}", "permissions": [
        {"collection": "directus_folders", "action": "read", "fields": ["*"], "permissions": {}, "validation": {}}]}
      """
    And I remember "data.id" as "policy"
    And admin sends POST /users
      """
      {"email": "folders-list-{{unique}}@example.com", "token": "folders-list-{{unique}}", "policies": [{"policy": "{{policy}}"}]}
      """
    Given I set "token:folks" to "folders-list-{{unique}}"
    When folks sends GET /folders?fields=name
    Then the response is exactly:
      """
      {"data": [{"name": "Photos"}]}
      """
