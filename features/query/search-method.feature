Feature: The SEARCH method
  SEARCH reads with the query in the body instead of the URL.

  @ITEMS-SEARCH-QUERY
  Scenario: SEARCH with a query body
    When admin sends SEARCH /items/articles
      """
      {"query": {"fields": ["id"], "filter": {"views": {"_gt": 5}}, "sort": ["-views"]}}
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 5}, {"id": 1}, {"id": 2}]}
      """

  @ITEMS-SEARCH-QUERY
  Scenario: The body query replaces the URL query
    When admin sends SEARCH /items/articles?limit=1&fields=title
      """
      {"query": {"fields": "id,status", "limit": 2}}
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1, "status": "published"}, {"id": 2, "status": "published"}]}
      """

  @ITEMS-SEARCH-QUERY
  Scenario: A SEARCH query is validated like a URL query
    When admin sends SEARCH /items/articles
      """
      {"query": {"limit": -5}}
      """
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"limit\" must be greater than or equal to -1."

  @ITEMS-SEARCH-QUERY @FILTER-COERCE-LITERALS
  Scenario: Literals are coerced in a SEARCH filter too
    When admin sends SEARCH /items/articles
      """
      {"query": {"fields": ["id"], "filter": {"body": {"_eq": "null"}}}}
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 3}]}
      """

  @ITEMS-SEARCH-KEYS
  Scenario: SEARCH by keys uses the URL query
    When admin sends SEARCH /items/articles?fields=id,title
      """
      {"keys": [2, 1]}
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1, "title": "Hello World"}, {"id": 2, "title": "Second"}]}
      """

  @ITEMS-SEARCH-EMPTY
  Scenario: SEARCH with an empty body lists items
    When admin sends SEARCH /items/countries?fields=code
      """
      {}
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"code": "de"}, {"code": "fr"}, {"code": "nl"}]}
      """

  @ITEMS-SEARCH-EMPTY
  Scenario: An unknown SEARCH body key is INVALID_PAYLOAD
    When admin sends SEARCH /items/countries
      """
      {"bogus": 1}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error message is "Invalid payload. \"bogus\" is not allowed."
