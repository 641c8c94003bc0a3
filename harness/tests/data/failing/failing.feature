Feature: A failing scenario for the golden output test

  @GOLDEN
  Scenario: The status the scenario expects is not the one the target gives
    When admin sends GET /items/tags/1?fields=name
    Then the response is exactly:
      """
      {"data": {"name": "not news"}}
      """

  Scenario: A step that no definition matches
    When admin asks politely for tag 1
