@needs-websockets-strict
Feature: Realtime in strict mode, and access tokens that expire mid-connection
  With WEBSOCKETS_REST_AUTH=strict the upgrade request itself carries the
  token (`?access_token=` or the session cookie); without one the upgrade is
  refused with 401. When a socket's access token expires (ACCESS_TOKEN_TTL=3s
  here) the socket is told with TOKEN_EXPIRED, reads as the public from then
  on, and has WEBSOCKETS_REST_AUTH_TIMEOUT (2 s here) to `auth` again before
  AUTH_TIMEOUT closes it.

  @RT-STRICT
  Scenario: Without a token in the upgrade request the socket is refused with 401
    Then opening the websocket "s" is refused with status 401

  @RT-STRICT @RT-AUTH-QUERY
  Scenario: A token in the upgrade request authenticates the socket without an auth message
    Given I open the websocket "s" as reader
    When websocket "s" sends:
      """
      {"type": "subscribe", "collection": "tags", "uid": "t", "query": {"fields": ["name"], "sort": ["id"]}}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "init", "uid": "t",
       "data": [{"name": "news"}, {"name": "tech"}, {"name": "life"}]}
      """

  @RT-TOKEN-EXPIRED
  Scenario: An expired token is told with TOKEN_EXPIRED, then AUTH_TIMEOUT closes the socket
    When anonymous sends POST /auth/login
      """
      {"email": "{{editor.email}}", "password": "{{editor.password}}"}
      """
    Then the status is 200
    When I remember "data.access_token" as "token:session"
    And I open the websocket "s" as session
    Then websocket "s" receives within 6000 ms:
      """
      {"type": "auth", "status": "error", "error": {"code": "TOKEN_EXPIRED", "message": "Token expired."}}
      """
    And websocket "s" receives within 4000 ms:
      """
      {"type": "auth", "status": "error", "error": {"code": "AUTH_TIMEOUT", "message": "Authentication timed out."}}
      """
    And websocket "s" is closed within 3000 ms

  @RT-TOKEN-EXPIRED @RT-AUTH-REFRESH
  Scenario: A socket whose token expired authenticates again with its refresh token and stays open
    When anonymous sends POST /auth/login
      """
      {"email": "{{editor.email}}", "password": "{{editor.password}}"}
      """
    Then the status is 200
    When I remember "data.access_token" as "token:session"
    And I remember "data.refresh_token" as "refresh"
    And I open the websocket "s" as session
    Then websocket "s" receives within 6000 ms:
      """
      {"type": "auth", "status": "error", "error": {"code": "TOKEN_EXPIRED"}}
      """
    When websocket "s" sends:
      """
      {"type": "auth", "refresh_token": "{{refresh}}", "uid": "again"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "auth", "status": "ok", "uid": "again", "refresh_token": "<string>"}
      """
    And websocket "s" receives nothing within 1500 ms
    When websocket "s" sends:
      """
      {"type": "ping", "uid": "still"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "pong", "uid": "still"}
      """

  @RT-GQL-STRICT
  Scenario: graphql-ws in strict mode: the upgrade carries the token, connection_init's payload is not read
    Then opening the graphql websocket "n" is refused with status 401
    When I set "token:forged" to "not-a-token"
    Then opening the graphql websocket "b" as forged is refused with status 401
    Given I open the graphql websocket "g" as reader
    When websocket "g" sends:
      """
      {"type": "connection_init"}
      """
    Then websocket "g" receives within 3000 ms:
      """
      {"type": "connection_ack"}
      """
    When websocket "g" sends:
      """
      {"id": "t", "type": "subscribe", "payload": {"query": "subscription { tags_mutated { key event } }"}}
      """
    And websocket "g" receives nothing within 500 ms
    And admin sends POST /items/tags
      """
      {"name": "strict-live"}
      """
    And I remember "data.id" as "tag"
    Then websocket "g" receives within 3000 ms:
      """
      {"id": "t", "type": "next", "payload": {"data": {"tags_mutated": {"key": "{{tag}}", "event": "create"}}}}
      """
    When websocket "g" sends:
      """
      {"type": "connection_init", "payload": {"access_token": "{{reader.token}}"}}
      """
    Then websocket "g" is closed with code 4429 within 3000 ms

  @RT-GQL-STRICT
  Scenario: graphql-ws in strict mode: a subscribe before connection_init is closed 4401
    Given I open the graphql websocket "g" as reader
    When websocket "g" sends:
      """
      {"id": "t", "type": "subscribe", "payload": {"query": "subscription { tags_mutated { key } }"}}
      """
    Then websocket "g" is closed with code 4401 within 3000 ms
