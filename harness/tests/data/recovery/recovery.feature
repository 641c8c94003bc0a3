Feature: A reset that fails is reported once and the harness recovers

  Scenario: A scenario that removes a fixture field leaves a fixture the reset cannot restore
    When admin sends DELETE /fields/tags/name
    Then the status is 204

  Scenario: The next scenario starts from the fixture provisioned again
    When editor sends GET /items/tags/1?fields=id,name
    Then the response is exactly:
      """
      {"data": {"id": 1, "name": "news"}}
      """

  Scenario: And so does the one after it
    When admin sends GET /items/tags?fields=name&sort=id&limit=2
    Then the response is exactly:
      """
      {"data": [{"name": "news"}, {"name": "tech"}]}
      """
