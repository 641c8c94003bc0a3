@needs-websockets
Feature: GraphQL subscriptions over graphql-ws on /graphql
  With WEBSOCKETS_ENABLED (WEBSOCKETS_GRAPHQL_ENABLED is on by default and
  WEBSOCKETS_GRAPHQL_AUTH is handshake), /graphql speaks the graphql-ws
  protocol (subprotocol graphql-transport-ws). `connection_init` carries the
  token; `<collection>_mutated` yields one `next` per written key with
  `key`, `event` and `data` as the selection asks, read as the subscriber.

  @RT-GQL-INIT
  Scenario: connection_init without a token, or a subscribe before it, is closed 4403
    Given I open the graphql websocket "g"
    When websocket "g" sends:
      """
      {"type": "connection_init"}
      """
    Then websocket "g" is closed with code 4403 within 3000 ms
    Given I open the graphql websocket "h"
    When websocket "h" sends:
      """
      {"id": "1", "type": "subscribe", "payload": {"query": "subscription { tags_mutated { key } }"}}
      """
    Then websocket "h" is closed with code 4403 within 3000 ms

  @RT-GQL-INIT @RT-GQL-PING
  Scenario: An initialised connection answers ping with pong; a second connection_init is closed 4429
    Given I open the graphql websocket "g"
    And graphql websocket "g" initialises as reader
    When websocket "g" sends:
      """
      {"type": "ping"}
      """
    Then websocket "g" receives within 3000 ms:
      """
      {"type": "pong"}
      """
    When websocket "g" sends:
      """
      {"type": "connection_init", "payload": {"access_token": "{{reader.token}}"}}
      """
    Then websocket "g" is closed with code 4429 within 3000 ms

  @RT-GQL-INIT
  Scenario: A second connection_init without a token is closed 4403, not 4429
    Given I open the graphql websocket "g"
    And graphql websocket "g" initialises as reader
    When websocket "g" sends:
      """
      {"type": "connection_init", "payload": {}}
      """
    Then websocket "g" is closed with code 4403 within 3000 ms

  @RT-GQL-MUTATED
  Scenario: REST writes reach a <collection>_mutated subscription, one next per key
    Given I open the graphql websocket "g"
    And graphql websocket "g" initialises as reader
    And websocket "g" sends:
      """
      {"id": "t", "type": "subscribe", "payload": {"query": "subscription { tags_mutated { key event data { id name } } }"}}
      """
    And websocket "g" receives nothing within 500 ms
    When admin sends POST /items/tags
      """
      {"name": "live"}
      """
    And I remember "data.id" as "tag"
    Then websocket "g" receives within 3000 ms:
      """
      {"id": "t", "type": "next", "payload": {"data": {"tags_mutated":
        {"key": "{{tag}}", "event": "create", "data": {"id": "{{tag}}", "name": "live"}}}}}
      """
    When admin sends PATCH /items/tags/{{tag}}
      """
      {"name": "changed"}
      """
    Then websocket "g" receives within 3000 ms:
      """
      {"id": "t", "type": "next", "payload": {"data": {"tags_mutated":
        {"key": "{{tag}}", "event": "update", "data": {"id": "{{tag}}", "name": "changed"}}}}}
      """
    When admin sends DELETE /items/tags/{{tag}}
    Then websocket "g" receives within 3000 ms:
      """
      {"id": "t", "type": "next", "payload": {"data": {"tags_mutated":
        {"key": "{{tag}}", "event": "delete", "data": null}}}}
      """

  @RT-GQL-EVENT
  Scenario: The event argument narrows the actions heard; aliases name the payload's keys
    Given I open the graphql websocket "g"
    And graphql websocket "g" initialises as reader
    And websocket "g" sends:
      """
      {"id": "d", "type": "subscribe", "payload": {"query": "subscription { gone: tags_mutated(event: delete) { k: key e: event } }"}}
      """
    And websocket "g" receives nothing within 500 ms
    When admin sends POST /items/tags
      """
      {"name": "short-lived"}
      """
    And I remember "data.id" as "tag"
    Then websocket "g" receives nothing within 700 ms
    When admin sends DELETE /items/tags/{{tag}}
    Then websocket "g" receives within 3000 ms:
      """
      {"id": "d", "type": "next", "payload": {"data": {"gone": {"k": "{{tag}}", "e": "delete"}}}}
      """

  @RT-GQL-COMPLETE
  Scenario: After complete the write the subscription was waiting for still arrives, then no more
    Given I open the graphql websocket "g"
    And graphql websocket "g" initialises as reader
    And websocket "g" sends:
      """
      {"id": "t", "type": "subscribe", "payload": {"query": "subscription { tags_mutated { key } }"}}
      """
    And websocket "g" receives nothing within 500 ms
    When websocket "g" sends:
      """
      {"id": "t", "type": "complete"}
      """
    And websocket "g" receives nothing within 300 ms
    And admin sends POST /items/tags
      """
      {"name": "pending"}
      """
    And I remember "data.id" as "tag"
    Then websocket "g" receives within 3000 ms:
      """
      {"id": "t", "type": "next", "payload": {"data": {"tags_mutated": {"key": "{{tag}}"}}}}
      """
    When admin sends POST /items/tags
      """
      {"name": "unheard"}
      """
    Then websocket "g" receives nothing within 700 ms

  @RT-GQL-ERRORS
  Scenario: A document that does not parse, and a collection the caller may not read, are errors
    Given I open the graphql websocket "g"
    And graphql websocket "g" initialises as creator
    When websocket "g" sends:
      """
      {"id": "p", "type": "subscribe", "payload": {"query": "subscription { tags_mutated( { key } }"}}
      """
    Then websocket "g" receives within 3000 ms:
      """
      {"id": "p", "type": "error", "payload": [{"message": "Failed to parse GraphQL document."}]}
      """
    When websocket "g" sends:
      """
      {"id": "a", "type": "subscribe", "payload": {"query": "subscription { articles_mutated { key } }"}}
      """
    Then websocket "g" receives within 3000 ms:
      """
      {"id": "a", "type": "error"}
      """
    When admin sends POST /items/articles
      """
      {"title": "secret"}
      """
    Then websocket "g" receives nothing within 700 ms

  @RT-GQL-SUBPROTOCOL
  Scenario: An upgrade without the graphql-transport-ws subprotocol is closed 4406
    Given I open the graphql websocket "g" without the subprotocol
    Then websocket "g" is closed with code 4406 within 3000 ms
