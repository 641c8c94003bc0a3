Feature: meta
  meta is only there when asked for, on list reads, with JSON numbers.

  @QUERY-META-ABSENT
  Scenario: Without meta there is no meta key
    When admin sends GET /items/countries?fields=code&limit=1
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"code": "de"}]}
      """

  @QUERY-META-TOTAL
  Scenario: total_count ignores filter, search and limit
    When admin sends GET /items/articles?fields=id&meta=total_count&filter[status][_eq]=draft&search=zebra&limit=1
    Then the status is 200
    And the response is exactly:
      """
      {"meta": {"total_count": 6}, "data": [{"id": 6}]}
      """

  @QUERY-META-FILTER
  Scenario: filter_count counts filter and search, not limit
    When admin sends GET /items/articles?fields=id&meta=filter_count&filter[status][_eq]=published&limit=1
    Then the status is 200
    And the response is exactly:
      """
      {"meta": {"filter_count": 3}, "data": [{"id": 1}]}
      """

  @QUERY-META-STAR @QUERY-META-NUMBERS
  Scenario: meta=* gives both counts as numbers
    When admin sends GET /items/articles?fields=id&meta=*&filter[status][_eq]=draft
    Then the status is 200
    And the response is exactly:
      """
      {"meta": {"total_count": 6, "filter_count": 2}, "data": [{"id": 3}, {"id": 6}]}
      """

  @QUERY-META-STAR
  Scenario: meta as a comma list or an array
    When admin sends GET /items/articles?fields=id&meta[]=filter_count&meta[]=total_count&limit=0
    Then the status is 200
    And the response is exactly:
      """
      {"meta": {"filter_count": 6, "total_count": 6}, "data": []}
      """

  @QUERY-META-INVALID
  Scenario: An unknown meta value is INVALID_QUERY with its index
    When admin sends GET /items/articles?meta=total_count,bogus
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"meta[1]\" must be one of [total_count, filter_count]."

  @QUERY-META-ONLY-LISTS
  Scenario: meta is answered on a singleton read
    When admin sends GET /items/site_settings?meta=*&fields=id
    Then the status is 200
    And the response is exactly:
      """
      {"meta": {"total_count": 0, "filter_count": 0}, "data": {"id": null}}
      """

  @QUERY-META-ONLY-LISTS @ITEMS-SEARCH-META
  Scenario: meta works on SEARCH
    When admin sends SEARCH /items/articles
      """
      {"query": {"meta": ["total_count"], "fields": ["id"], "limit": 1}}
      """
    Then the status is 200
    And the response is exactly:
      """
      {"meta": {"total_count": 6}, "data": [{"id": 1}]}
      """

  @QUERY-META-WITH-AGGREGATE
  Scenario: meta comes with an aggregate
    When admin sends GET /items/articles?aggregate[count]=*&meta=*&filter[status][_eq]=draft
    Then the status is 200
    And the response is exactly:
      """
      {"meta": {"total_count": 6, "filter_count": 2}, "data": [{"count": "<numeric 2>"}]}
      """
