Feature: The OpenAPI document of the API, as the caller sees it
  GET /server/specs/oas describes the API in OpenAPI 3.0.1, generated from the
  live schema and the caller's permissions: client generators build typed
  clients from it (operation ids like readItemsArticles, one
  Items<Collection> schema per readable collection).

  @SRV-SPECS-OAS
  Scenario: An admin's document has every collection's item paths with Directus' operation ids
    When admin sends GET /server/specs/oas
    Then the status is 200
    And the header "Content-Type" contains "application/json"
    And the response matches:
      """
      {"openapi": "3.0.1", "info": {"title": "<string>", "version": "<string>"}, "servers": [{"url": "<string>"}],
       "paths": {
         "/items/articles": {"post": {"operationId": "createItemsArticles"}, "get": {"operationId": "readItemsArticles"},
                             "patch": {"operationId": "updateItemsArticles"}, "delete": {"operationId": "deleteItemsArticles"}},
         "/items/articles/{id}": {"get": {"operationId": "readSingleItemsArticles"}, "patch": {"operationId": "updateSingleItemsArticles"},
                                  "delete": {"operationId": "deleteSingleItemsArticles"}},
         "/items/site_settings": {"get": {"operationId": "readItemsSiteSettings"}},
         "/items/articles_tags": {"get": {"operationId": "readItemsArticlesTags", "tags": ["Items", "ItemsArticlesTags"]}},
         "/server/ping": {"get": {"operationId": "ping"}},
         "/auth/login": {"post": {"operationId": "login"}}},
       "components": {"securitySchemes": {"Auth": {"type": "apiKey", "in": "header", "name": "Authorization"},
                                          "KeyAuth": {"type": "apiKey", "in": "query", "name": "access_token"}}}}
      """

  @SRV-SPECS-OAS
  Scenario: An admin's document has the system endpoints with Directus' operation ids and row schemas
    When admin sends GET /server/specs/oas
    Then the status is 200
    And the response matches:
      """
      {"paths": {
         "/presets": {"get": {"operationId": "getPresets", "tags": ["Presets"]}, "post": {"operationId": "createPreset"},
                      "patch": {"operationId": "updatePresets"}, "delete": {"operationId": "deletePresets"}},
         "/presets/{id}": {"get": {"operationId": "getPreset"}, "patch": {"operationId": "updatePreset"},
                           "delete": {"operationId": "deletePreset"}},
         "/comments": {"get": {"operationId": "getComments"}},
         "/versions": {"get": {"operationId": "getContentVersions"}},
         "/versions/{id}": {"get": {"operationId": "getContentVersion"}},
         "/versions/{id}/promote": {"post": {"operationId": "promoteContentVersion"}},
         "/flows": {"get": {"operationId": "getFlows", "tags": ["Flows"]}},
         "/operations/{id}": {"patch": {"operationId": "updateOperation", "tags": ["Operations"]}},
         "/schema/snapshot": {"get": {"operationId": "schemaSnapshot", "tags": ["Schema"]}},
         "/schema/diff": {"post": {"operationId": "schemaDiff"}},
         "/schema/apply": {"post": {"operationId": "schemaApply"}},
         "/extensions": {"get": {"operationId": "listExtensions", "tags": ["Extensions"]}},
         "/files": {"get": {"operationId": "getFiles"}},
         "/folders/{id}": {"get": {"operationId": "getFolder"}},
         "/assets/{id}": {"get": {"operationId": "getAsset", "tags": ["Assets"]}},
         "/users/me/tfa/generate": {"post": {"operationId": "meTfaGenerate"}},
         "/users/{id}/tfa/disable": {"post": {"operationId": "disableUserTfa"}},
         "/permissions/me": {"get": {"operationId": "getMyPermissions"}}},
       "components": {"schemas": {
         "Presets": {"type": "object", "x-collection": "directus_presets", "properties": {"bookmark": {"nullable": true, "type": "string"}}},
         "Flows": {"type": "object", "x-collection": "directus_flows"},
         "Operations": {"type": "object", "x-collection": "directus_operations"},
         "Versions": {"type": "object", "x-collection": "directus_versions"},
         "Comments": {"type": "object", "x-collection": "directus_comments"},
         "Schema": {"type": "object", "properties": {"version": {"type": "integer"}, "collections": {"type": "array"}}},
         "Diff": {"type": "object", "properties": {"hash": {"type": "string"}}}}}}
      """

  @SRV-SPECS-OAS
  Scenario: A collection's schema has its field types, nullability and relations
    When admin sends GET /server/specs/oas
    Then the response matches:
      """
      {"components": {"schemas": {"ItemsArticles": {
        "type": "object", "x-collection": "articles",
        "properties": {
          "id": {"nullable": false, "type": "integer"},
          "status": {"nullable": false, "type": "string"},
          "views": {"nullable": true, "type": "integer"},
          "price": {"nullable": true, "type": "number"},
          "published_on": {"nullable": true, "type": "string", "format": "date"},
          "published_at": {"nullable": true, "type": "string", "format": "date-time"},
          "created_ts": {"nullable": true, "type": "string", "format": "timestamp"},
          "at_time": {"nullable": true, "type": "string", "format": "time"},
          "is_featured": {"nullable": true, "type": "boolean"},
          "data": {"nullable": true, "type": "<absent>"},
          "labels": {"nullable": true, "type": "array", "items": {"type": "string"}},
          "author": {"nullable": true, "oneOf": [{"type": "integer"}, {"$ref": "#/components/schemas/ItemsAuthors"}]},
          "comments": {"nullable": true, "type": "array",
                       "items": {"oneOf": [{"type": "integer"}, {"$ref": "#/components/schemas/ItemsComments"}]}},
          "tags": {"nullable": true, "type": "array",
                   "items": {"oneOf": [{"type": "integer"}, {"$ref": "#/components/schemas/ItemsArticlesTags"}]}}}}}}}
      """

  @SRV-SPECS-OAS
  Scenario: Keys, many-to-any items and relations to system collections have their own shapes
    When admin sends GET /server/specs/oas
    Then the response matches:
      """
      {"components": {"schemas": {
        "ItemsCountries": {"properties": {"code": {"nullable": false, "type": "string"}}},
        "ItemsThings": {"properties": {
          "id": {"nullable": false, "type": "string", "format": "uuid"},
          "user_created": {"nullable": true, "oneOf": [{"type": "string", "format": "uuid"}, {"$ref": "#/components/schemas/Users"}]}}},
        "ItemsStrictChildren": {"properties": {
          "article": {"nullable": false, "oneOf": [{"type": "integer"}, {"$ref": "#/components/schemas/ItemsArticles"}]}}},
        "ItemsPagesSections": {"properties": {
          "collection": {"nullable": true, "type": "string"},
          "item": {"nullable": true}}}}}}
      """

  @SRV-SPECS-OAS @AUTH-ANON
  Scenario: Anonymous callers see only the public endpoints
    When anonymous sends GET /server/specs/oas
    Then the status is 200
    And the response matches:
      """
      {"paths": {"/server/ping": {"get": {"operationId": "ping"}}, "/auth/login": {"post": {"operationId": "login"}},
                 "/assets/{id}": {"get": {"operationId": "getAsset"}}, "/presets": "<absent>", "/schema/snapshot": "<absent>",
                 "/items/articles": "<absent>", "/utils/random/string": "<absent>", "/users": "<absent>"},
       "components": {"schemas": {"ItemsArticles": "<absent>", "Error": "<object>"}}}
      """

  @SRV-SPECS-OAS
  Scenario: A reader gets only the read operations, and the utilities every user has
    When reader sends GET /server/specs/oas
    Then the response matches:
      """
      {"paths": {"/items/articles": {"get": {"operationId": "readItemsArticles"}, "post": "<absent>", "patch": "<absent>", "delete": "<absent>"},
                 "/items/articles/{id}": {"get": {"operationId": "readSingleItemsArticles"}, "patch": "<absent>", "delete": "<absent>"},
                 "/utils/random/string": {"get": {"operationId": "random"}}},
       "components": {"schemas": {"ItemsArticles": {"x-collection": "articles"}}}}
      """

  @SRV-SPECS-OAS
  Scenario: A collection the caller cannot read is left out, even where it may create
    When creator sends GET /server/specs/oas
    Then the response matches:
      """
      {"paths": {"/items/articles": "<absent>", "/items/articles/{id}": "<absent>",
                 "/items/tags": {"post": {"operationId": "createItemsTags"}, "get": {"operationId": "readItemsTags"}, "patch": "<absent>"},
                 "/items/tags/{id}": {"get": {"operationId": "readSingleItemsTags"}, "delete": "<absent>"}},
       "components": {"schemas": {"ItemsArticles": "<absent>", "ItemsTags": {"x-collection": "tags"}}}}
      """

  @SRV-SPECS-OAS @ERR-404-ROUTE
  Scenario: The document is only served to GET
    When admin sends POST /server/specs/oas
    Then the response is an error ROUTE_NOT_FOUND with status 404
