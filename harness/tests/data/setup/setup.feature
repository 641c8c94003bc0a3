Feature: Setup requests are held to success

  Scenario: A Given request that succeeds prepares the scenario
    Given admin sends GET /items/tags/1?fields=name
    Then "data.name" is "news"

  Scenario: A Given request that fails fails the scenario at that step
    Given admin sends POST /items/tags?fields=id
      """
      {"id": 1, "name": "taken"}
      """
    Then the status is 400

  Scenario: A Given GraphQL document answered with errors fails the scenario at that step
    Given admin queries /graphql:
      """
      mutation { delete_tags_item(id: 999999) { id } }
      """
    Then the status is 200
