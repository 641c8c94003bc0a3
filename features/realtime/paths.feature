@needs-websockets-paths
Feature: Realtime on the paths WEBSOCKETS_REST_PATH and WEBSOCKETS_GRAPHQL_PATH name
  The variant serves the socket at /realtime and graphql-ws at /gql-realtime.
  The socket steps learn those paths from the variant; the defaults /websocket
  and /graphql then take no upgrade (Directus leaves one unanswered, the mock
  refuses it), and a plain GET of the socket path is ROUTE_NOT_FOUND.

  @RT-REST-PATH
  Scenario: The socket answers on WEBSOCKETS_REST_PATH and not on /websocket
    Given I open the websocket "s"
    And websocket "s" authenticates as reader
    When websocket "s" sends:
      """
      {"type": "ping", "uid": "p"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "pong", "uid": "p"}
      """
    And a websocket upgrade of "/websocket" is not accepted within 2000 ms
    When anonymous sends GET /realtime
    Then the response is an error ROUTE_NOT_FOUND

  @RT-GQL-PATH
  Scenario: graphql-ws answers on WEBSOCKETS_GRAPHQL_PATH, /graphql stays GraphQL over HTTP
    Given I open the graphql websocket "g"
    And graphql websocket "g" initialises as reader
    And websocket "g" sends:
      """
      {"id": "t", "type": "subscribe", "payload": {"query": "subscription { tags_mutated { key event } }"}}
      """
    And websocket "g" receives nothing within 500 ms
    When admin sends POST /items/tags
      """
      {"name": "on-another-path"}
      """
    And I remember "data.id" as "tag"
    Then websocket "g" receives within 3000 ms:
      """
      {"id": "t", "type": "next", "payload": {"data": {"tags_mutated": {"key": "{{tag}}", "event": "create"}}}}
      """
    And a websocket upgrade of "/graphql" is not accepted within 2000 ms
    When admin queries /graphql:
      """
      query { tags(filter: {id: {_eq: {{tag}}}}) { name } }
      """
    Then the response is exactly:
      """
      {"data": {"tags": [{"name": "on-another-path"}]}}
      """
