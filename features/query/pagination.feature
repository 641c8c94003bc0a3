Feature: limit, offset and page
  The default limit is 100, -1 lifts it, page wins over offset; crowd 1 of
  the fixture has 105 members, more than one default page.

  @QUERY-LIMIT
  Scenario: limit caps the number of rows
    When admin sends GET /items/articles?fields=id&limit=2
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}]}
      """

  @QUERY-LIMIT
  Scenario: Without limit, a list has at most 100 rows
    When admin sends GET /items/crowd_members?fields=id&meta=total_count
    Then "data" has 100 items
    And "meta.total_count" is 105
    And "data.99.id" is 100

  @QUERY-LIMIT-ALL
  Scenario: limit=-1 returns every row
    When admin sends GET /items/crowd_members?fields=id&limit=-1
    Then "data" has 105 items

  @QUERY-LIMIT-ZERO
  Scenario: limit=0 returns no rows
    When admin sends GET /items/articles?fields=id&limit=0
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """

  @QUERY-LIMIT-ZERO
  Scenario: limit=0 returns no rows when sorted by a column too
    When admin sends GET /items/articles?fields=id&sort=views&limit=0
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """
    When admin sends GET /items/articles?fields=id&sort=-views&limit=0&offset=1
    Then the response is exactly:
      """
      {"data": []}
      """

  @QUERY-LIMIT-INVALID
  Scenario: A limit below -1 is INVALID_QUERY
    When admin sends GET /items/articles?limit=-2
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"limit\" must be greater than or equal to -1."

  @QUERY-LIMIT-INVALID
  Scenario: limit=abc is INVALID_QUERY
    When admin sends GET /items/articles?limit=abc
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"limit\" must be a number."

  @QUERY-LIMIT-INVALID
  Scenario: A fractional limit is INVALID_QUERY
    When admin sends GET /items/articles?limit=1.5
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"limit\" must be an integer."

  @QUERY-OFFSET
  Scenario: offset skips rows
    When admin sends GET /items/articles?fields=id&offset=4
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 5}, {"id": 6}]}
      """

  @QUERY-OFFSET
  Scenario: A negative offset is INVALID_QUERY
    When admin sends GET /items/articles?offset=-1
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"offset\" must be greater than or equal to 0."

  @QUERY-PAGE
  Scenario: page selects a window of limit rows
    When admin sends GET /items/articles?fields=id&page=2&limit=2
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 3}, {"id": 4}]}
      """

  @QUERY-PAGE-DEFAULT-LIMIT
  Scenario: page without limit pages by 100
    When admin sends GET /items/crowd_members?fields=id&page=2
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 101}, {"id": 102}, {"id": 103}, {"id": 104}, {"id": 105}]}
      """

  @QUERY-PAGE-ZERO
  Scenario: page=0 is the first page
    When admin sends GET /items/articles?fields=id&page=0&limit=2
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}]}
      """

  @QUERY-PAGE-ZERO
  Scenario: A negative page is INVALID_QUERY
    When admin sends GET /items/articles?page=-1
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"page\" must be greater than or equal to 0."

  @QUERY-PAGE-BEATS-OFFSET
  Scenario: page wins over offset
    When admin sends GET /items/articles?fields=id&page=2&offset=1&limit=2
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 3}, {"id": 4}]}
      """

  @QUERY-PAGE-LIMIT-ALL
  Scenario: page is ignored with limit=-1
    When admin sends GET /items/articles?fields=id&page=2&limit=-1
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 3}, {"id": 4}, {"id": 5}, {"id": 6}]}
      """
