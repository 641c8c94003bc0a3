Feature: Unknown routes and methods
  A path or method the API does not serve is ROUTE_NOT_FOUND (404) with the
  path in the message and in extensions.path.

  @ERR-404-ROUTE @ITEMS-ROUTES
  Scenario: An unknown path is ROUTE_NOT_FOUND
    When admin sends GET /nope
    Then the response is exactly:
      """
      {"errors": [{"message": "Route /nope doesn't exist.", "extensions": {"path": "/nope", "code": "ROUTE_NOT_FOUND"}}]}
      """
    And the status is 404

  @ERR-404-METHOD @ITEMS-ROUTES
  Scenario: A method the items routes do not serve is ROUTE_NOT_FOUND with the full path
    When admin sends PUT /items/articles
      """
      {}
      """
    Then the response is an error ROUTE_NOT_FOUND
    And the error message is "Route /items/articles doesn't exist."

  @ITEMS-ROUTES
  Scenario: /items alone and a path deeper than a key are ROUTE_NOT_FOUND
    When admin sends GET /items
    Then the response is an error ROUTE_NOT_FOUND
    When admin sends GET /items/articles/1/2
    Then the response is an error ROUTE_NOT_FOUND
    And the error message is "Route /items/articles/1/2 doesn't exist."

  @ITEMS-CREATE-POST-SINGLETON-404 @ITEMS-SINGLETON-ROUTES
  Scenario: POST on a singleton is ROUTE_NOT_FOUND with the router-relative path
    When admin sends POST /items/site_settings
      """
      {"site_name": "x"}
      """
    Then the response is an error ROUTE_NOT_FOUND
    And the error message is "Route /site_settings doesn't exist."

  @ITEMS-UPDATE-SINGLETON-PK-404 @ITEMS-SINGLETON-ROUTES
  Scenario: PATCH with a key on a singleton is ROUTE_NOT_FOUND
    When admin sends PATCH /items/site_settings/1
      """
      {"site_name": "x"}
      """
    Then the response is an error ROUTE_NOT_FOUND

  @ITEMS-QUERY-BEFORE-ROUTE
  Scenario: A bad query parameter is rejected before routing
    When admin sends GET /nope?limit=abc
    Then the response is an error INVALID_QUERY
