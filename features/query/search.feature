Feature: search
  search looks for a term in text fields (case-insensitive), numbers and uuids,
  AND-ed with the filter.

  @QUERY-SEARCH-STRINGS
  Scenario: search matches text fields without regard to case
    When admin sends GET /items/articles?fields=id&search=HELLO
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 5}]}
      """

  @QUERY-SEARCH-NUMERIC
  Scenario: A canonical number also matches numeric fields
    When admin sends GET /items/articles?fields=id&search=25
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 5}]}
      """

  @QUERY-SEARCH-NUMERIC
  Scenario: A number with a leading zero does not match numeric fields
    When admin sends GET /items/articles?fields=id&search=025
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """

  @QUERY-SEARCH-UUID
  Scenario: A uuid matches uuid fields
    When admin sends GET /items/things?fields=label&search=b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"label": "beta"}]}
      """

  @QUERY-SEARCH-UUID @vendor-sqlite-local-types
  Scenario: A uuid field without the uuid special is text on SQLite
    When admin sends GET /items/articles?fields=id&search=789ABC
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 4}]}
      """

  @QUERY-SEARCH-EXCLUSIONS
  Scenario: Concealed, json, date and relational fields are not searched
    When admin sends GET /items/articles?fields=id&search=2024
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """

  @QUERY-SEARCH-EXCLUSIONS
  Scenario: Related items are not searched
    When admin sends GET /items/articles?fields=id&search=Ann
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """

  @QUERY-SEARCH-AND-FILTER
  Scenario: search is AND-ed with the filter and counted in filter_count
    When admin sends GET /items/articles?fields=id&search=hello&filter[views][_gt]=6&meta=*
    Then the status is 200
    And the response is exactly:
      """
      {"meta": {"total_count": 6, "filter_count": 2}, "data": [{"id": 1}, {"id": 5}]}
      """

  @QUERY-SEARCH-EMPTY
  Scenario: An empty search is ignored
    When admin sends GET /items/countries?fields=code&search=
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"code": "de"}, {"code": "fr"}, {"code": "nl"}]}
      """

  @QUERY-SEARCH-EMPTY
  Scenario: A search of only spaces searches for the spaces
    When admin sends GET /items/articles?fields=id&search=%20%20%20
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """

  @QUERY-SEARCH-LIKE-WILDCARDS
  Scenario: Percent and underscore in a search term are wildcards
    When admin sends GET /items/articles?fields=id&search=h_llo
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 5}]}
      """
