@needs-websockets
Feature: Realtime over /websocket
  A socket authenticates first (the default WEBSOCKETS_REST_AUTH=handshake),
  then subscribes to collections and hears of every create, update and
  delete as the items it may read, shaped by its query; `items` messages
  read and write through the same rules as REST.

  @RT-HANDSHAKE-FIRST
  Scenario: Anything before the auth message ends the handshake
    Given I open the websocket "s"
    When websocket "s" sends:
      """
      {"type": "subscribe", "collection": "tags"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "auth", "status": "error",
       "error": {"code": "AUTH_FAILED", "message": "Authentication handshake failed."}}
      """
    And websocket "s" is closed within 3000 ms

  @RT-HANDSHAKE-FIRST
  Scenario: A bad token in the handshake ends it
    Given I open the websocket "s"
    When websocket "s" sends:
      """
      {"type": "auth", "access_token": "not-a-token"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "auth", "status": "error", "error": {"code": "AUTH_FAILED"}}
      """
    And websocket "s" is closed within 3000 ms

  @RT-AUTH-TOKEN @RT-PING
  Scenario: An authenticated socket answers ping with pong, echoing the uid
    Given I open the websocket "s"
    And websocket "s" authenticates as reader
    When websocket "s" sends:
      """
      {"type": "ping", "uid": "p1"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "pong", "uid": "p1"}
      """

  @RT-AUTH-QUERY
  Scenario: A token in the upgrade request's query authenticates in handshake mode too
    Given I open the websocket "s" as reader
    When websocket "s" sends:
      """
      {"type": "ping", "uid": "p1"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "pong", "uid": "p1"}
      """

  @RT-AUTH-AGAIN
  Scenario: A later auth answers with its uid; one that fails ends the connection
    Given I open the websocket "s"
    And websocket "s" authenticates as reader
    When websocket "s" sends:
      """
      {"type": "auth", "access_token": "{{editor.token}}", "uid": "a1"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "auth", "status": "ok", "uid": "a1", "refresh_token": "<absent>"}
      """
    When websocket "s" sends:
      """
      {"type": "auth", "access_token": "not-a-token", "uid": "a2"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "auth", "status": "error", "uid": "a2",
       "error": {"code": "AUTH_FAILED", "message": "Authentication failed."}}
      """
    And websocket "s" is closed within 3000 ms

  @RT-AUTH-CREDENTIALS
  Scenario: Email and password authenticate and hand out a refresh token
    Given I open the websocket "s"
    When websocket "s" sends:
      """
      {"type": "auth", "email": "{{reader.email}}", "password": "{{reader.password}}"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "auth", "status": "ok", "refresh_token": "<string>"}
      """

  @RT-SUBSCRIBE-INIT
  Scenario: A subscription starts with the items its query reads
    Given I open the websocket "s"
    And websocket "s" authenticates as reader
    When websocket "s" sends:
      """
      {"type": "subscribe", "collection": "tags", "uid": "t", "query": {"fields": ["name"], "sort": ["id"]}}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "init", "uid": "t",
       "data": [{"name": "news"}, {"name": "tech"}, {"name": "life"}]}
      """

  @RT-EVENT-CREATE @RT-EVENT-UPDATE @RT-EVENT-DELETE
  Scenario: REST writes reach a subscriber as create, update and delete events
    Given I open the websocket "s"
    And websocket "s" authenticates as reader
    And websocket "s" sends:
      """
      {"type": "subscribe", "collection": "tags", "uid": "t", "query": {"fields": ["id", "name"]}}
      """
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "init", "uid": "t"}
      """
    When admin sends POST /items/tags
      """
      {"name": "live"}
      """
    And I remember "data.id" as "tag"
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "create", "uid": "t", "data": [{"id": {{tag}}, "name": "live"}]}
      """
    When admin sends PATCH /items/tags/{{tag}}
      """
      {"name": "changed"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "update", "uid": "t", "data": [{"id": {{tag}}, "name": "changed"}]}
      """
    When admin sends DELETE /items/tags/{{tag}}
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "delete", "uid": "t", "data": ["{{tag}}"]}
      """

  @RT-EVENT-QUERY
  Scenario: An item the subscription's filter leaves out is not sent
    Given I open the websocket "s"
    And websocket "s" authenticates as reader
    And websocket "s" sends:
      """
      {"type": "subscribe", "collection": "tags", "query": {"fields": ["name"], "filter": {"name": {"_eq": "keep"}}}}
      """
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "init", "data": []}
      """
    When admin sends POST /items/tags
      """
      {"name": "drop"}
      """
    Then websocket "s" receives nothing within 700 ms
    When admin sends POST /items/tags
      """
      {"name": "keep"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "create", "data": [{"name": "keep"}]}
      """

  @RT-EVENT-FILTER-TYPE
  Scenario: A subscription to one event starts without data and hears only that event
    Given I open the websocket "s"
    And websocket "s" authenticates as reader
    And websocket "s" sends:
      """
      {"type": "subscribe", "collection": "tags", "event": "delete", "uid": "d"}
      """
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "init", "uid": "d", "data": "<absent>"}
      """
    When admin sends POST /items/tags
      """
      {"name": "short-lived"}
      """
    And I remember "data.id" as "tag"
    Then websocket "s" receives nothing within 700 ms
    When admin sends DELETE /items/tags/{{tag}}
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "delete", "uid": "d", "data": ["{{tag}}"]}
      """

  @RT-EVENT-NESTED
  Scenario: A nested write is an event of each collection it writes
    Given I open the websocket "s"
    And websocket "s" authenticates as admin
    And websocket "s" sends:
      """
      {"type": "subscribe", "collection": "tags", "query": {"fields": ["name"]}}
      """
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "init"}
      """
    When admin sends POST /items/articles
      """
      {"title": "With a new tag", "tags": [{"tags_id": {"name": "nested"}}]}
      """
    Then the status is 200
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "create", "data": [{"name": "nested"}]}
      """

  @RT-SUBSCRIBE-ITEM
  Scenario: A subscription to one item starts with that item and hears of it alone
    Given I open the websocket "s"
    And websocket "s" authenticates as reader
    When admin sends POST /items/tags
      """
      {"name": "watched"}
      """
    And I remember "data.id" as "tag"
    And admin sends POST /items/tags
      """
      {"name": "other"}
      """
    And I remember "data.id" as "other"
    And websocket "s" sends:
      """
      {"type": "subscribe", "collection": "tags", "item": {{tag}}, "uid": "one", "query": {"fields": ["name"]}}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "init", "uid": "one", "data": {"name": "watched"}}
      """
    When admin sends PATCH /items/tags/{{other}}
      """
      {"name": "still other"}
      """
    Then websocket "s" receives nothing within 700 ms
    When admin sends PATCH /items/tags/{{tag}}
      """
      {"name": "seen"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "update", "uid": "one", "data": {"name": "seen"}}
      """
    When admin sends DELETE /items/tags/{{tag}}
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "delete", "uid": "one", "data": "{{tag}}"}
      """

  @RT-EVENT-SORT
  Scenario: A manual sort is an update event of the moved item alone
    Given I open the websocket "s"
    And websocket "s" authenticates as admin
    And websocket "s" sends:
      """
      {"type": "subscribe", "collection": "comments", "query": {"fields": ["id", "sort"]}}
      """
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "init"}
      """
    When admin sends POST /utils/sort/comments
      """
      {"item": 1, "to": 2}
      """
    Then the status is 200
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "update", "data": [{"id": 1, "sort": 4}]}
      """
    And websocket "s" receives nothing within 700 ms

  @RT-EVENT-BATCH
  Scenario: Batch and by-query writes: a create event per item, one update and one delete event per request
    Given I open the websocket "s"
    And websocket "s" authenticates as admin
    And websocket "s" sends:
      """
      {"type": "subscribe", "collection": "comments", "uid": "t", "query": {"fields": ["id", "text"], "sort": ["id"]}}
      """
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "init", "uid": "t"}
      """
    When admin sends POST /items/comments
      """
      [{"text": "batch one"}, {"text": "batch two"}]
      """
    And I remember "data.0.id" as "one"
    And I remember "data.1.id" as "two"
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "create", "uid": "t", "data": [{"id": {{one}}, "text": "batch one"}]}
      """
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "create", "uid": "t", "data": [{"id": {{two}}, "text": "batch two"}]}
      """
    When admin sends PATCH /items/comments
      """
      {"keys": [{{one}}, {{two}}], "data": {"text": "batched"}}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "update", "uid": "t",
       "data": [{"id": {{one}}, "text": "batched"}, {"id": {{two}}, "text": "batched"}]}
      """
    When admin sends PATCH /items/comments
      """
      {"query": {"filter": {"text": {"_eq": "batched"}, "id": {"_in": [{{one}}, {{two}}]}}}, "data": {"text": "by query"}}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "update", "uid": "t",
       "data": [{"id": {{one}}, "text": "by query"}, {"id": {{two}}, "text": "by query"}]}
      """
    When admin sends DELETE /items/comments
      """
      [{{one}}, {{two}}]
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "delete", "uid": "t", "data": [{{one}}, {{two}}]}
      """
    And websocket "s" receives nothing within 700 ms

  @RT-EVENT-GRAPHQL
  Scenario: GraphQL mutations reach subscribers like REST writes
    Given I open the websocket "s"
    And websocket "s" authenticates as reader
    And websocket "s" sends:
      """
      {"type": "subscribe", "collection": "tags", "query": {"fields": ["name"]}}
      """
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "init"}
      """
    When admin sends POST /graphql
      """
      {"query": "mutation { create_tags_item(data: {name: \"from graphql\"}) { id } }"}
      """
    Then the status is 200
    And I remember "data.create_tags_item.id" as "tag"
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "create", "data": [{"name": "from graphql"}]}
      """
    When admin sends POST /graphql
      """
      {"query": "mutation { update_tags_item(id: {{tag}}, data: {name: \"changed by graphql\"}) { id } }"}
      """
    Then the status is 200
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "update", "data": [{"name": "changed by graphql"}]}
      """
    When admin sends POST /graphql
      """
      {"query": "mutation { delete_tags_item(id: {{tag}}) { id } }"}
      """
    Then the status is 200
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "delete", "data": ["{{tag}}"]}
      """

  @RT-UNSUBSCRIBE
  Scenario: After unsubscribe no more events arrive
    Given I open the websocket "s"
    And websocket "s" authenticates as reader
    And websocket "s" sends:
      """
      {"type": "subscribe", "collection": "tags", "uid": "t"}
      """
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "init", "uid": "t"}
      """
    When websocket "s" sends:
      """
      {"type": "unsubscribe", "uid": "t"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "unsubscribe", "uid": "t"}
      """
    When admin sends POST /items/tags
      """
      {"name": "unheard"}
      """
    Then websocket "s" receives nothing within 700 ms

  @RT-SUBSCRIBE-FORBIDDEN
  Scenario: Subscribing to a collection the caller may not read is FORBIDDEN
    Given I open the websocket "s"
    And websocket "s" authenticates as creator
    When websocket "s" sends:
      """
      {"type": "subscribe", "collection": "articles", "uid": "a"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscribe", "status": "error", "uid": "a",
       "error": {"code": "FORBIDDEN",
                 "message": "You don't have permission to access collection \"articles\" or it does not exist. Queried in root."}}
      """

  @RT-BAD-MESSAGE
  Scenario: Malformed frames, missing properties and unknown types
    Given I open the websocket "s"
    And websocket "s" authenticates as reader
    When websocket "s" sends:
      """
      this is not JSON
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "server", "status": "error",
       "error": {"code": "INVALID_PAYLOAD", "message": "Unable to parse the incoming message."}}
      """
    When websocket "s" sends:
      """
      {"type": "subscribe", "uid": "x"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscribe", "status": "error", "error": {"code": "INVALID_PAYLOAD"}}
      """
    When websocket "s" sends:
      """
      {"type": "no-such-type"}
      """
    Then websocket "s" receives nothing within 700 ms

  @RT-ITEMS
  Scenario: items messages write and read through the item rules, and subscribers hear of them
    Given I open the websocket "w"
    And websocket "w" authenticates as admin
    And I open the websocket "s"
    And websocket "s" authenticates as reader
    And websocket "s" sends:
      """
      {"type": "subscribe", "collection": "tags", "query": {"fields": ["name"]}}
      """
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "init"}
      """
    When websocket "w" sends:
      """
      {"type": "items", "collection": "tags", "action": "create", "data": {"name": "socket"}, "uid": "c"}
      """
    Then websocket "w" receives within 3000 ms:
      """
      {"type": "items", "uid": "c", "data": {"id": "<integer>", "name": "socket"}}
      """
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "create", "data": [{"name": "socket"}]}
      """
    When websocket "w" sends:
      """
      {"type": "items", "collection": "tags", "action": "read", "query": {"fields": ["name"], "filter": {"id": {"_eq": 2}}}, "uid": "r"}
      """
    Then websocket "w" receives within 3000 ms:
      """
      {"type": "items", "uid": "r", "data": [{"name": "tech"}]}
      """

  @RT-ITEMS-FORBIDDEN
  Scenario: An items message the caller may not do is an error with the REST code
    Given I open the websocket "s"
    And websocket "s" authenticates as reader
    When websocket "s" sends:
      """
      {"type": "items", "collection": "tags", "action": "create", "data": {"name": "nope"}, "uid": "c"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "items", "status": "error", "uid": "c", "error": {"code": "FORBIDDEN"}}
      """

  @RT-SUBSCRIBE-ITEM-KEY
  Scenario: A subscription to one item hears the updates whose keys were sent as strings, as 12.4 compares them strictly
    Given admin sends POST /collections
      """
      {"collection": "rtkey_{{unique}}", "schema": {}, "meta": {}, "fields": [
        {"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}, "meta": {}},
        {"field": "name", "type": "string", "schema": {}, "meta": {}}]}
      """
    And admin sends POST /items/rtkey_{{unique}}
      """
      {"name": "first"}
      """
    And I remember "data.id" as "k"
    And I open the websocket "s"
    And websocket "s" authenticates as admin
    And websocket "s" sends:
      """
      {"type": "subscribe", "collection": "rtkey_{{unique}}", "item": {{k}}, "uid": "one", "query": {"fields": ["name"]}}
      """
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "init", "uid": "one", "data": {"name": "first"}}
      """
    When admin sends PATCH /items/rtkey_{{unique}}/{{k}}
      """
      {"name": "from-url"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "update", "uid": "one", "data": {"name": "from-url"}}
      """
    When admin sends PATCH /items/rtkey_{{unique}}
      """
      {"keys": [{{k}}], "data": {"name": "number-in-body"}}
      """
    Then the status is 200
    And websocket "s" receives nothing within 700 ms
    When admin sends PATCH /items/rtkey_{{unique}}
      """
      [{"id": {{k}}, "name": "batch"}]
      """
    Then the status is 200
    And websocket "s" receives nothing within 700 ms
    When admin sends PATCH /items/rtkey_{{unique}}
      """
      {"keys": ["{{k}}"], "data": {"name": "string-in-body"}}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "update", "uid": "one", "data": {"name": "string-in-body"}}
      """
    When admin sends POST /graphql
      """
      {"query": "mutation { update_rtkey_{{unique}}_item(id: {{k}}, data: {name: \"graphql\"}) { id } }"}
      """
    Then websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "update", "uid": "one", "data": {"name": "graphql"}}
      """
