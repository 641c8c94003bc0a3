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

  @RT-GQL-FRAGMENTS
  Scenario: In data, fields written directly and in inline fragments are read; a field only spread from a named fragment is not (the required name: an error)
    Given I open the graphql websocket "d"
    And graphql websocket "d" initialises as reader
    And websocket "d" sends:
      """
      {"id": "d", "type": "subscribe", "payload": {"query": "subscription { tags_mutated { key data { id ...F } } } fragment F on tags { name }"}}
      """
    And I open the graphql websocket "i"
    And graphql websocket "i" initialises as reader
    And websocket "i" sends:
      """
      {"id": "i", "type": "subscribe", "payload": {"query": "subscription { tags_mutated { key data { ... on tags { label: name } } } }"}}
      """
    And websocket "d" receives nothing within 500 ms
    When admin sends POST /items/tags
      """
      {"name": "fragmented"}
      """
    And I remember "data.id" as "tag"
    Then websocket "d" receives within 3000 ms:
      """
      {"id": "d", "type": "next", "payload": {
        "data": {"tags_mutated": {"key": "{{tag}}", "data": null}},
        "errors": [{"message": "Cannot return null for non-nullable field tags.name.",
                    "locations": [{"line": 1, "column": 77}], "path": ["tags_mutated", "data", "name"]}]}}
      """
    And websocket "i" receives within 3000 ms:
      """
      {"id": "i", "type": "next", "payload": {"data": {"tags_mutated":
        {"key": "{{tag}}", "data": {"label": "fragmented"}}}}}
      """

  @RT-GQL-FRAGMENTS
  Scenario: A data field inside a fragment on the _mutated type reads nothing: its non-null id nulls data with an error
    Given I open the graphql websocket "g"
    And graphql websocket "g" initialises as reader
    And websocket "g" sends:
      """
      {"id": "m", "type": "subscribe", "payload": {"query": "subscription { tags_mutated { ...M } } fragment M on tags_mutated { key event data { id name } }"}}
      """
    And websocket "g" receives nothing within 500 ms
    When admin sends POST /items/tags
      """
      {"name": "spread"}
      """
    And I remember "data.id" as "tag"
    Then websocket "g" receives within 3000 ms:
      """
      {"id": "m", "type": "next", "payload": {
        "data": {"tags_mutated": {"key": "{{tag}}", "event": "create", "data": null}},
        "errors": [{"message": "Cannot return null for non-nullable field tags.id.",
                    "path": ["tags_mutated", "data", "id"]}]}}
      """
    When admin sends DELETE /items/tags/{{tag}}
    Then websocket "g" receives within 3000 ms:
      """
      {"id": "m", "type": "next", "payload": {"data": {"tags_mutated": {"key": "{{tag}}", "event": "delete", "data": null}}}}
      """

  @RT-GQL-FRAGMENTS @RT-GQL-ERRORS
  Scenario: An unknown fragment, a fragment on the wrong type and an unused one are validation errors
    Given I open the graphql websocket "g"
    And graphql websocket "g" initialises as reader
    When websocket "g" sends:
      """
      {"id": "u", "type": "subscribe", "payload": {"query": "subscription { tags_mutated { key data { ...F } } }"}}
      """
    Then websocket "g" receives within 3000 ms:
      """
      {"id": "u", "type": "error", "payload": [{"message": "Unknown fragment \"F\".", "locations": [{"line": 1, "column": 45}]}]}
      """
    When websocket "g" sends:
      """
      {"id": "w", "type": "subscribe", "payload": {"query": "subscription { tags_mutated { ...M } } fragment M on tags { id }"}}
      """
    Then websocket "g" receives within 3000 ms:
      """
      {"id": "w", "type": "error", "payload": [{"message": "Fragment \"M\" cannot be spread here as objects of type \"tags_mutated\" can never be of type \"tags\"."}]}
      """
    When websocket "g" sends:
      """
      {"id": "n", "type": "subscribe", "payload": {"query": "subscription { tags_mutated { key } } fragment U on tags { id }"}}
      """
    Then websocket "g" receives within 3000 ms:
      """
      {"id": "n", "type": "error", "payload": [{"message": "Fragment \"U\" is never used."}]}
      """

  @RT-GQL-VARIABLES
  Scenario: Variables reach data's directives; a variable event argument does not narrow the events heard
    Given I open the graphql websocket "g"
    And graphql websocket "g" initialises as reader
    And websocket "g" sends:
      """
      {"id": "v", "type": "subscribe", "payload": {
        "query": "subscription S($e: EventEnum, $inc: Boolean!) { tags_mutated(event: $e) { key event data { id name @include(if: $inc) } } }",
        "variables": {"e": "delete", "inc": true}}}
      """
    And websocket "g" receives nothing within 500 ms
    When admin sends POST /items/tags
      """
      {"name": "variable"}
      """
    And I remember "data.id" as "tag"
    Then websocket "g" receives within 3000 ms:
      """
      {"id": "v", "type": "next", "payload": {"data": {"tags_mutated":
        {"key": "{{tag}}", "event": "create", "data": {"id": "{{tag}}", "name": "variable"}}}}}
      """

  @RT-GQL-VARIABLES @RT-GQL-ERRORS
  Scenario: A missing required variable is one next with the error, then complete; an unused one is a validation error
    Given I open the graphql websocket "g"
    And graphql websocket "g" initialises as reader
    When websocket "g" sends:
      """
      {"id": "r", "type": "subscribe", "payload": {"query": "subscription S($e: EventEnum!) { tags_mutated(event: $e) { key } }"}}
      """
    Then websocket "g" receives within 3000 ms:
      """
      {"id": "r", "type": "next", "payload": {"errors": [{"message": "Variable \"$e\" of required type \"EventEnum!\" was not provided.",
        "locations": [{"line": 1, "column": 16}]}]}}
      """
    And websocket "g" receives within 3000 ms:
      """
      {"id": "r", "type": "complete"}
      """
    When websocket "g" sends:
      """
      {"id": "x", "type": "subscribe", "payload": {"query": "subscription S($inc: Boolean!) { tags_mutated { key } }"}}
      """
    Then websocket "g" receives within 3000 ms:
      """
      {"id": "x", "type": "error", "payload": [{"message": "Variable \"$inc\" is never used in operation \"S\"."}]}
      """

  @RT-GQL-INIT
  Scenario: A connection_init whose access_token is not a string is an INVALID_PAYLOAD error; the connection stays
    Given I open the graphql websocket "g"
    When websocket "g" sends:
      """
      {"type": "connection_init", "payload": {"access_token": null}}
      """
    Then websocket "g" receives within 3000 ms:
      """
      {"type": "error", "status": "error", "error": {"code": "INVALID_PAYLOAD",
       "message": "Validation error: Invalid input: expected string, received null at \"access_token\""}}
      """
    When graphql websocket "g" initialises as reader

  @RT-GQL-FRAGMENTS @RT-GQL-VARIABLES
  Scenario: Nested arguments in data are not applied (12.4 reads data with its fields alone); a spread nested field is null in each element
    Given admin sends POST /collections
      """
      {"collection": "rtpa_{{unique}}", "schema": {}, "meta": {}, "fields": [
        {"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}, "meta": {}},
        {"field": "name", "type": "string", "schema": {}, "meta": {}}]}
      """
    And admin sends POST /collections
      """
      {"collection": "rtch_{{unique}}", "schema": {}, "meta": {}, "fields": [
        {"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}, "meta": {}},
        {"field": "n", "type": "string", "schema": {}, "meta": {}},
        {"field": "pa", "type": "integer", "schema": {}, "meta": {"special": ["m2o"]}}]}
      """
    And admin sends POST /relations
      """
      {"collection": "rtch_{{unique}}", "field": "pa", "related_collection": "rtpa_{{unique}}", "meta": {"one_field": "kids"}}
      """
    And admin sends POST /fields/rtpa_{{unique}}
      """
      {"field": "kids", "type": "alias", "meta": {"special": ["o2m"]}}
      """
    And I open the graphql websocket "g"
    And graphql websocket "g" initialises as admin
    And websocket "g" sends:
      """
      {"id": "n", "type": "subscribe", "payload": {
        "query": "subscription S($inc: Boolean!) { rtpa_{{unique}}_mutated { data { name @include(if: $inc) kids(limit: 1, sort: [\"-id\"]) { n } ...K } } } fragment K on rtpa_{{unique}} { k2: kids(filter: {n: {_eq: \"a\"}}) { id } }",
        "variables": {"inc": true}}}
      """
    And websocket "g" receives nothing within 500 ms
    When admin sends POST /items/rtpa_{{unique}}
      """
      {"name": "p", "kids": [{"n": "a"}, {"n": "b"}]}
      """
    Then websocket "g" receives within 3000 ms:
      """
      {"id": "n", "type": "next", "payload": {
        "data": {"rtpa_{{unique}}_mutated": {"data": {"name": "p", "kids": [{"n": "a"}, {"n": "b"}], "k2": [null, null]}}},
        "errors": [
          {"message": "Cannot return null for non-nullable field rtch_{{unique}}.id.", "path": ["rtpa_{{unique}}_mutated", "data", "k2", 0, "id"]},
          {"message": "Cannot return null for non-nullable field rtch_{{unique}}.id.", "path": ["rtpa_{{unique}}_mutated", "data", "k2", 1, "id"]}]}}
      """
