@needs-query-limit-max-50
Feature: QUERY_LIMIT_MAX caps how many rows a query may ask for
  The target runs with QUERY_LIMIT_MAX=50 (capability query-limit-max-50; the
  harness starts such a mock itself). crowd_members holds 105 rows.

  @QUERY-LIMIT-MAX-ENV
  Scenario: Without a limit a query returns at most QUERY_LIMIT_MAX rows
    When admin sends GET /items/crowd_members?fields=id&meta=filter_count
    Then "data" has 50 items
    And "meta.filter_count" is 105
    When admin sends SEARCH /items/crowd_members
      """
      {"query": {"fields": ["id"]}}
      """
    Then "data" has 50 items

  @QUERY-LIMIT-MAX-ENV
  Scenario: limit=-1 means QUERY_LIMIT_MAX rows
    When admin sends GET /items/crowd_members?fields=id&limit=-1
    Then "data" has 50 items
    When admin sends SEARCH /items/crowd_members
      """
      {"query": {"fields": ["id"], "limit": -1}}
      """
    Then "data" has 50 items

  @QUERY-LIMIT-MAX-ENV
  Scenario: A limit up to QUERY_LIMIT_MAX is honoured, a larger one is INVALID_QUERY
    When admin sends GET /items/crowd_members?fields=id&limit=50
    Then "data" has 50 items
    When admin sends GET /items/crowd_members?fields=id&limit=51
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid query. \"limit\" must be less than or equal to 50.",
                   "extensions": {"reason": "\"limit\" must be less than or equal to 50", "code": "INVALID_QUERY"}}]}
      """
    And the status is 400
    When admin sends SEARCH /items/crowd_members
      """
      {"query": {"limit": 51}}
      """
    Then the response is an error INVALID_QUERY with status 400
    And the error reason is "\"limit\" must be less than or equal to 50"

  # Directus sanitizes the URL query only when there is one: a bare GET keeps
  # the plain default of 100 rows, and so does a SEARCH whose body has no query.
  @QUERY-LIMIT-MAX-ENV
  Scenario: A request without any query parameter keeps the default limit of 100
    When admin sends GET /items/crowd_members
    Then "data" has 100 items
    When admin sends SEARCH /items/crowd_members
      """
      {}
      """
    Then "data" has 100 items

  @QUERY-LIMIT-MAX-ENV
  Scenario: /server/info and server_info report the maximum
    When admin sends GET /server/info
    Then "data.queryLimit" is {"default": 100, "max": 50}
    When admin queries /graphql/system:
      """
      { server_info { queryLimit { default max } } }
      """
    Then the response is exactly:
      """
      {"data": {"server_info": {"queryLimit": {"default": 100, "max": 50}}}}
      """

  @QUERY-LIMIT-MAX-ENV
  Scenario: GraphQL queries are capped the same way
    When admin queries /graphql:
      """
      { crowd_members { id } }
      """
    Then "data.crowd_members" has 50 items
    When admin queries /graphql:
      """
      { crowd_members(limit: -1) { id } }
      """
    Then "data.crowd_members" has 50 items
    When admin queries /graphql:
      """
      { crowd_members(limit: 51) { id } }
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid query. \"limit\" must be less than or equal to 50.",
                   "extensions": {"code": "INVALID_QUERY", "reason": "\"limit\" must be less than or equal to 50"},
                   "locations": [{"line": 1, "column": 3}], "path": ["crowd_members"]}]}
      """
