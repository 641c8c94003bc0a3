Feature: Relations into directus_files, created as the Data Studio creates them
  An image field is a uuid M2O to directus_files; a files field is an alias
  M2M through a junction with `<collection>_id` and `directus_files_id`. Reads
  expand file rows, writes link existing files, filters cross into them, in
  REST and GraphQL alike: user data reaching system data.

  Background:
    Given admin sends POST /collections
      """
      {"collection": "conformance_albums", "meta": {}, "schema": {},
       "fields": [{"field": "id", "type": "integer", "meta": {"hidden": true}, "schema": {"is_primary_key": true, "has_auto_increment": true}},
                  {"field": "title", "type": "string", "meta": {}, "schema": {}}]}
      """
    And admin sends POST /fields/conformance_albums
      """
      {"field": "cover", "type": "uuid", "meta": {"interface": "file-image", "special": ["file"]}, "schema": {}}
      """
    And admin sends POST /relations
      """
      {"collection": "conformance_albums", "field": "cover", "related_collection": "directus_files",
       "meta": {"sort_field": null}, "schema": {"on_delete": "SET NULL"}}
      """
    And admin sends POST /collections
      """
      {"collection": "conformance_albums_files", "meta": {"hidden": true, "icon": "import_export"}, "schema": {},
       "fields": [{"field": "id", "type": "integer", "meta": {"hidden": true}, "schema": {"is_primary_key": true, "has_auto_increment": true}},
                  {"field": "conformance_albums_id", "type": "integer", "meta": {"hidden": true}, "schema": {}},
                  {"field": "directus_files_id", "type": "uuid", "meta": {"hidden": true}, "schema": {}}]}
      """
    And admin sends POST /fields/conformance_albums
      """
      {"field": "gallery", "type": "alias", "meta": {"interface": "files", "special": ["files"]}}
      """
    And admin sends POST /relations
      """
      {"collection": "conformance_albums_files", "field": "conformance_albums_id", "related_collection": "conformance_albums",
       "meta": {"one_field": "gallery", "sort_field": null, "one_deselect_action": "nullify", "junction_field": "directus_files_id"},
       "schema": {"on_delete": "SET NULL"}}
      """
    And admin sends POST /relations
      """
      {"collection": "conformance_albums_files", "field": "directus_files_id", "related_collection": "directus_files",
       "meta": {"one_field": null, "sort_field": null, "one_deselect_action": "nullify", "junction_field": "conformance_albums_id"},
       "schema": {"on_delete": "SET NULL"}}
      """
    And admin sends POST /files?fields=id as multipart:
      | part  | content   | filename  | type      |
      | title | Wide      |           |           |
      | file  | png 40x20 | wide.png  | image/png |
    And I remember "data.id" as "wide"
    And admin sends POST /files?fields=id as multipart:
      | part  | content   | filename  | type       |
      | title | Tall      |           |            |
      | file  | jpeg 8x16 | tall.jpg  | image/jpeg |
    And I remember "data.id" as "tall"
    And admin sends POST /items/conformance_albums
      """
      {"title": "Holidays", "cover": "{{wide}}",
       "gallery": [{"directus_files_id": "{{wide}}"}, {"directus_files_id": "{{tall}}"}]}
      """
    And I remember "data.id" as "album"

  @FILES-RELATION-M2O
  Scenario: An image field expands into the file's row
    When admin sends GET /items/conformance_albums/{{album}}?fields=title,cover.id,cover.width,cover.height,cover.type,cover.title
    Then the response is exactly:
      """
      {"data": {"title": "Holidays",
                "cover": {"id": "{{wide}}", "width": 40, "height": 20, "type": "image/png", "title": "Wide"}}}
      """

  @FILES-RELATION-M2O
  Scenario: cover.* expands every field of the file row, the file's own relations as keys
    When admin sends GET /items/conformance_albums/{{album}}?fields=title,cover.*
    Then the keys of "data.cover" are ["id","storage","filename_disk","filename_download","title","type","folder","uploaded_by","created_on","modified_by","modified_on","charset","filesize","width","height","duration","embed","description","location","tags","metadata","focal_point_x","focal_point_y","tus_id","tus_data","uploaded_on"]
    And the response matches:
      """
      {"data": {"title": "Holidays",
                "cover": {"id": "{{wide}}", "storage": "local", "filename_download": "wide.png", "title": "Wide",
                          "type": "image/png", "folder": null, "uploaded_by": "<uuid>", "width": 40, "height": 20}}}
      """

  @FILES-RELATION-M2M
  Scenario: A files field links existing files through the junction
    When admin sends GET /items/conformance_albums/{{album}}?fields=gallery.directus_files_id.filename_download,gallery.directus_files_id.width&deep[gallery][_sort]=directus_files_id.filename_download
    Then the response is exactly:
      """
      {"data": {"gallery": [{"directus_files_id": {"filename_download": "tall.jpg", "width": 8}},
                            {"directus_files_id": {"filename_download": "wide.png", "width": 40}}]}}
      """
    When admin sends GET /items/conformance_albums_files?aggregate[count]=*
    Then "data.0.count" is "<numeric 2>"

  @FILES-RELATION-FILTER
  Scenario: Filters cross into the file rows, through the M2O and the M2M
    Given admin sends POST /items/conformance_albums
      """
      {"title": "Portraits", "cover": "{{tall}}", "gallery": [{"directus_files_id": "{{tall}}"}]}
      """
    When admin sends GET /items/conformance_albums?fields=title&filter[cover][width][_eq]=40
    Then the response is exactly:
      """
      {"data": [{"title": "Holidays"}]}
      """
    When admin sends GET /items/conformance_albums?fields=title&filter[gallery][directus_files_id][type][_eq]=image/jpeg&sort=title
    Then the response is exactly:
      """
      {"data": [{"title": "Holidays"}, {"title": "Portraits"}]}
      """

  @FILES-RELATION-GRAPHQL
  Scenario: GraphQL reaches directus_files from a user collection
    When admin queries /graphql:
      """
      query {
        conformance_albums(filter: {title: {_eq: "Holidays"}}) {
          title
          cover { width height type }
          gallery(sort: ["directus_files_id.filename_download"]) { directus_files_id { filename_download } }
        }
      }
      """
    Then the response is exactly:
      """
      {"data": {"conformance_albums": [{"title": "Holidays",
        "cover": {"width": 40, "height": 20, "type": "image/png"},
        "gallery": [{"directus_files_id": {"filename_download": "tall.jpg"}},
                    {"directus_files_id": {"filename_download": "wide.png"}}]}]}}
      """

  @FILES-RELATION-M2O
  Scenario: Deleting the file nulls the image field
    When admin sends DELETE /files/{{wide}}
    Then the status is 204
    When admin sends GET /items/conformance_albums/{{album}}?fields=cover
    Then the response is exactly:
      """
      {"data": {"cover": null}}
      """

  @FILES-GRAPHQL-SYSTEM
  Scenario: /graphql/system lists files and folders
    Given admin sends POST /folders
      """
      {"name": "Albums"}
      """
    When admin queries /graphql/system:
      """
      query {
        files(sort: ["filename_download"]) { filename_download type width height }
        folders { name }
        files_by_id(id: "{{wide}}") { title }
      }
      """
    Then the response is exactly:
      """
      {"data": {"files": [{"filename_download": "tall.jpg", "type": "image/jpeg", "width": 8, "height": 16},
                          {"filename_download": "wide.png", "type": "image/png", "width": 40, "height": 20}],
                "folders": [{"name": "Albums"}],
                "files_by_id": {"title": "Wide"}}}
      """

  @FILES-GRAPHQL-SYSTEM
  Scenario: /graphql/system mutations create folders and update file metadata
    When admin queries /graphql/system:
      """
      mutation {
        create_folders_item(data: {name: "From GraphQL"}) { name parent { name } }
        update_files_item(id: "{{tall}}", data: {title: "Renamed", description: "via GraphQL"}) { title description filename_download }
      }
      """
    Then the response is exactly:
      """
      {"data": {"create_folders_item": {"name": "From GraphQL", "parent": null},
                "update_files_item": {"title": "Renamed", "description": "via GraphQL", "filename_download": "tall.jpg"}}}
      """
    When admin sends GET /files/{{tall}}?fields=title
    Then the response is exactly:
      """
      {"data": {"title": "Renamed"}}
      """
