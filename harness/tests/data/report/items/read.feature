Feature: Reading items, for the report tests

  @ITEMS-READ-ONE
  Scenario: The report shows a passing read
    When admin sends GET /items/tags/1?fields=name
    Then the status is 200

  @ITEMS-READ-ONE @QUERY-FIELDS
  Scenario: The report shows a failure with its JSON diff
    When admin sends GET /items/tags/1?fields=name
    Then the response is exactly:
      """
      {"data": {"name": "not news"}}
      """

  @ITEMS-READ-ONE
  Scenario: The report shows an expected failure with its reason
    When admin sends GET /items/tags/1?fields=name
    Then the status is 418
