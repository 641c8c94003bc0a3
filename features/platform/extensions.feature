Feature: Extensions, and what the Data Studio asks at start-up
  The mock has no extensions: /extensions answers as an installed Directus
  12.4 without any, and without network access to the marketplace.

  @EXT-LIST
  Scenario: The installed extensions are an empty list for those who may read them
    When admin sends GET /extensions
    Then the response is exactly:
      """
      {"data": []}
      """
    When reader sends GET /extensions
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permission to access collection \"directus_extensions\" or it does not exist. Queried in root."
    When admin queries /graphql/system:
      """
      { extensions { name bundle meta { enabled } } }
      """
    Then the response is exactly:
      """
      {"data": {"extensions": []}}
      """

  @EXT-APP-BUNDLE
  Scenario: The app extensions' bundle is an empty JavaScript module, for anyone
    When anonymous sends GET /extensions/sources/index.js
    Then the status is 200
    And the header "content-type" is "application/javascript; charset=UTF-8"
    And the body is:
      """
      const interfaces = [];const displays = [];const layouts = [];const modules = [];const panels = [];const themes = [];const operations = [];

      export { displays, interfaces, layouts, modules, operations, panels, themes };
      ⏎
      """
    When anonymous sends GET /extensions/sources/app.js
    Then the response is an error ROUTE_NOT_FOUND
    And the error message is "Route /sources/app.js doesn't exist."

  @EXT-REGISTRY-OFFLINE
  Scenario: The marketplace registry cannot be reached, and is for administrators only
    When admin sends GET /extensions/registry?search=seo
    Then the response is exactly:
      """
      {"errors": [{"message": "Service \"marketplace\" is unavailable. Unable to connect to the registry server.",
                   "extensions": {"service": "marketplace", "reason": "Unable to connect to the registry server", "code": "SERVICE_UNAVAILABLE"}}]}
      """
    When admin sends GET /extensions/registry/extension/4b2e1c5e-7f2a-4b38-9a43-1a2b3c4d5e6f
    Then the response is an error SERVICE_UNAVAILABLE
    When admin sends GET /extensions/registry/extension/not-a-uuid
    Then the response is an error ROUTE_NOT_FOUND
    When editor sends GET /extensions/registry
    Then the response is exactly:
      """
      {"errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"}}]}
      """
    When anonymous sends GET /extensions/registry
    Then the response is an error FORBIDDEN

  @EXT-REGISTRY-OFFLINE
  Scenario: Installing needs an extension and a version, and the download fails; nothing is installed to change
    When admin sends POST /extensions/registry/install
      """
      {"extension": "4b2e1c5e-7f2a-4b38-9a43-1a2b3c4d5e6f"}
      """
    Then the response is an error FORBIDDEN
    When admin sends POST /extensions/registry/install
      """
      {"extension": "4b2e1c5e-7f2a-4b38-9a43-1a2b3c4d5e6f", "version": "4b2e1c5e-7f2a-4b38-9a43-1a2b3c4d5e70"}
      """
    Then the response is an error INTERNAL_SERVER_ERROR
    And the error message is "fetch failed"
    When admin sends POST /extensions/registry/reinstall
      """
      {"extension": "4b2e1c5e-7f2a-4b38-9a43-1a2b3c4d5e6f"}
      """
    Then the response is an error FORBIDDEN
    When admin sends PATCH /extensions/4b2e1c5e-7f2a-4b38-9a43-1a2b3c4d5e6f
      """
      {"meta": {"enabled": false}}
      """
    Then the status is 204
    When editor sends PATCH /extensions/4b2e1c5e-7f2a-4b38-9a43-1a2b3c4d5e6f
      """
      {"meta": {"enabled": false}}
      """
    Then the response is an error FORBIDDEN
    When admin sends DELETE /extensions/not-a-uuid
    Then the response is an error ROUTE_NOT_FOUND

  @USERS-TRACK-PAGE
  Scenario: The Data Studio records the page a user is on, without their permissions and without activity
    When reader sends PATCH /users/me/track/page
      """
      {"last_page": "/content/articles/{{unique}}"}
      """
    Then the status is 204
    When admin sends GET /users/{{reader.id}}?fields=last_page
    Then the response is exactly:
      """
      {"data": {"last_page": "/content/articles/{{unique}}"}}
      """
    When admin sends GET /activity?filter[collection][_eq]=directus_users&filter[item][_eq]={{reader.id}}&filter[action][_eq]=update
    Then the response is exactly:
      """
      {"data": []}
      """
    When reader sends PATCH /users/me/track/page
      """
      {"page": "/x"}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "\"last_page\" key is required"
    When anonymous sends PATCH /users/me/track/page
      """
      {"last_page": "/x"}
      """
    Then the response is an error INVALID_CREDENTIALS

  @PERMISSIONS-ME-ITEM
  Scenario: /permissions/me/:collection/:id tells whether the caller may update, delete and share an item
    When admin sends GET /permissions/me/articles/1
    Then the response is exactly:
      """
      {"data": {"update": {"access": true}, "delete": {"access": true}, "share": {"access": true}}}
      """
    When editor sends GET /permissions/me/articles/1
    Then the response is exactly:
      """
      {"data": {"update": {"access": true}, "delete": {"access": true}, "share": {"access": false}}}
      """
    When editor sends GET /permissions/me/articles/999999
    Then the response is exactly:
      """
      {"data": {"update": {"access": false}, "delete": {"access": false}, "share": {"access": false}}}
      """
    When creator sends GET /permissions/me/articles
    Then the response is exactly:
      """
      {"data": {"update": {"access": false}, "delete": {"access": true}, "share": {"access": false}}}
      """
    When reader sends GET /permissions/me/no_such_collection/1
    Then the response is exactly:
      """
      {"data": {"update": {"access": false}, "delete": {"access": false}, "share": {"access": false}}}
      """
    When anonymous sends GET /permissions/me/articles/1
    Then the response is an error FORBIDDEN

  @PERMISSIONS-ME-ITEM
  Scenario: For a singleton, an allowed update lists its fields and presets
    When editor sends GET /permissions/me/site_settings
    Then the response is exactly:
      """
      {"data": {"update": {"access": true, "fields": ["*"], "presets": {}}, "delete": {"access": true}, "share": {"access": false}}}
      """
