@needs-websockets-tight
Feature: Realtime's connection limit, handshake timeout and heartbeat; graphql-ws in public mode
  Here WEBSOCKETS_REST_CONN_LIMIT=1 (authenticated sockets; past it an
  upgrade is refused with 403), WEBSOCKETS_REST_AUTH_TIMEOUT=1 (seconds a
  handshake socket has for its `auth`) and WEBSOCKETS_HEARTBEAT_PERIOD=1 (a
  ping every second; a socket that sends nothing until the next one is closed),
  and the rate limiter on with RATE_LIMITER_WEBSOCKETS_POINTS=3 and
  RATE_LIMITER_WEBSOCKETS_DURATION=10 (messages per socket once it is
  authenticated; requests have 100,000 points a second). GraphQL
  subscriptions run with WEBSOCKETS_GRAPHQL_AUTH=public.

  @RT-CONN-LIMIT
  Scenario: Past the connection limit an upgrade is refused with 403
    Given I open the websocket "first" as reader
    Then opening the websocket "second" as reader is refused with status 403

  @RT-AUTH-TIMEOUT
  Scenario: A socket that does not authenticate within the auth timeout is closed
    Given I open the websocket "s"
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "auth", "status": "error",
       "error": {"code": "AUTH_FAILED", "message": "Authentication handshake failed."}}
      """
    And websocket "s" is closed within 2000 ms

  @RT-HEARTBEAT
  Scenario: A socket that answers the heartbeat stays; one that stays silent is closed
    Given I open the websocket "s"
    And websocket "s" authenticates as reader
    Then websocket "s" receives a ping within 3000 ms
    When websocket "s" sends:
      """
      {"type": "pong"}
      """
    Then websocket "s" receives a ping within 3000 ms
    And websocket "s" is closed within 4000 ms

  @RT-HEARTBEAT-COUNTS
  Scenario: An auth message does not answer the heartbeat: the socket is closed a period after the ping
    Given I open the websocket "s"
    And websocket "s" authenticates as reader
    Then websocket "s" receives a ping within 3000 ms
    When websocket "s" sends:
      """
      {"type": "auth", "access_token": "{{reader.token}}"}
      """
    Then websocket "s" receives within 2000 ms:
      """
      {"type": "auth", "status": "ok"}
      """
    And websocket "s" is closed within 1500 ms

  @RT-RATE-LIMIT
  Scenario: Past RATE_LIMITER_WEBSOCKETS_POINTS messages in a window a socket's message is refused
    Given I open the websocket "s"
    And websocket "s" authenticates as reader
    When websocket "s" sends:
      """
      {"type": "ping", "uid": "1"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "pong", "uid": "1"}
      """
    When websocket "s" sends:
      """
      {"type": "ping", "uid": "2"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "pong", "uid": "2"}
      """
    When websocket "s" sends:
      """
      {"type": "ping", "uid": "3"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "pong", "uid": "3"}
      """
    When websocket "s" sends:
      """
      {"type": "ping", "uid": "4"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "server", "status": "error", "error": {"code": "REQUESTS_EXCEEDED", "message": "<string>"}}
      """

  @RT-GQL-PUBLIC
  Scenario: graphql-ws in public mode: connection_init's token is not read, the connection is the public's
    Given I open the graphql websocket "g"
    When websocket "g" sends:
      """
      {"type": "connection_init", "payload": {"access_token": 5}}
      """
    Then websocket "g" receives within 3000 ms:
      """
      {"type": "error", "status": "error", "error": {"code": "INVALID_PAYLOAD",
       "message": "Validation error: Invalid input: expected string, received number at \"access_token\""}}
      """
    When websocket "g" sends:
      """
      {"type": "connection_init", "payload": {"access_token": "not-a-token"}}
      """
    Then websocket "g" receives within 3000 ms:
      """
      {"type": "connection_ack"}
      """
    When websocket "g" sends:
      """
      {"id": "t", "type": "subscribe", "payload": {"query": "subscription { tags_mutated { key } }"}}
      """
    Then websocket "g" receives within 3000 ms:
      """
      {"id": "t", "type": "next", "payload": {"errors": [{"message": "Schema is not configured to execute subscription operation.",
        "locations": [{"line": 1, "column": 1}]}]}}
      """
    And websocket "g" receives within 3000 ms:
      """
      {"id": "t", "type": "complete"}
      """

  @RT-GQL-PUBLIC
  Scenario: graphql-ws in public mode: a token in the upgrade request makes the connection its user's
    Given I open the graphql websocket "r" as reader
    When websocket "r" sends:
      """
      {"type": "connection_init"}
      """
    Then websocket "r" receives within 3000 ms:
      """
      {"type": "connection_ack"}
      """
    When websocket "r" sends:
      """
      {"id": "t", "type": "subscribe", "payload": {"query": "subscription { tags_mutated { key event } }"}}
      """
    And websocket "r" receives nothing within 500 ms
    And admin sends POST /items/tags
      """
      {"name": "public-mode"}
      """
    And I remember "data.id" as "tag"
    Then websocket "r" receives within 3000 ms:
      """
      {"id": "t", "type": "next", "payload": {"data": {"tags_mutated": {"key": "{{tag}}", "event": "create"}}}}
      """
    When admin sends DELETE /items/tags/{{tag}}
    Then websocket "r" receives within 3000 ms:
      """
      {"id": "t", "type": "next", "payload": {"data": {"tags_mutated": {"key": "{{tag}}", "event": "delete"}}}}
      """
