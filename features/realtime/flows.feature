@needs-websockets
Feature: Writes by flow operations reach realtime subscribers when the operation emits events
  A flow's item operations write through the items service with
  `emitEvents` as their option says (off unless set). Directus publishes
  realtime events from the items' action hooks, so a write that emits no
  events reaches no subscriber; one with `emitEvents: true` does. (The
  events carry ids only: a subscriber reads the item when the event reaches
  it, and the flow's next operation may have changed it by then.)

  @RT-EVENT-FLOW
  Scenario: A flow's item-create and item-update are heard with emitEvents on, and not without
    Given I set "open" to "{"
    And admin sends POST /collections
      """
      {"collection": "rtflow_{{unique}}", "schema": {}, "meta": {}, "fields": [
        {"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}, "meta": {}},
        {"field": "title", "type": "string", "schema": {}, "meta": {}}]}
      """
    And I open the websocket "s"
    And websocket "s" authenticates as admin
    And websocket "s" sends:
      """
      {"type": "subscribe", "collection": "rtflow_{{unique}}", "uid": "f", "query": {"fields": ["id"]}}
      """
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "init", "uid": "f", "data": []}
      """
    And admin sends POST /flows
      """
      {"name": "Realtime {{unique}}", "trigger": "webhook", "status": "active", "options": {"method": "GET"}}
      """
    And I remember "data.id" as "flow"
    And admin sends POST /operations
      """
      {"key": "shout", "type": "item-update", "position_x": 73, "position_y": 1, "flow": "{{flow}}",
       "options": {"collection": "rtflow_{{unique}}", "permissions": "$full", "emitEvents": true,
                   "query": {"filter": {"title": {"_eq": "loud-hushed"}}}, "payload": {"title": "loud-shouted"}}}
      """
    And I remember "data.id" as "shout"
    And admin sends POST /operations
      """
      {"key": "hush", "type": "item-update", "position_x": 55, "position_y": 1, "flow": "{{flow}}", "resolve": "{{shout}}",
       "options": {"collection": "rtflow_{{unique}}", "permissions": "$full",
                   "query": {"filter": {"title": {"_eq": "loud"}}}, "payload": {"title": "loud-hushed"}}}
      """
    And I remember "data.id" as "hush"
    And admin sends POST /operations
      """
      {"key": "loud", "type": "item-create", "position_x": 37, "position_y": 1, "flow": "{{flow}}", "resolve": "{{hush}}",
       "options": {"collection": "rtflow_{{unique}}", "permissions": "$full", "emitEvents": true, "payload": {"title": "loud"}}}
      """
    And I remember "data.id" as "loud"
    And admin sends POST /operations
      """
      {"key": "quiet", "type": "item-create", "position_x": 19, "position_y": 1, "flow": "{{flow}}", "resolve": "{{loud}}",
       "options": {"collection": "rtflow_{{unique}}", "permissions": "$full", "payload": {"title": "quiet"}}}
      """
    And I remember "data.id" as "quiet"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{quiet}}"}
      """
    When admin sends GET /flows/trigger/{{flow}}
    Then the status is 200
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "create", "uid": "f", "data": [{"id": 2}]}
      """
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "update", "uid": "f", "data": [{"id": 2}]}
      """
    And websocket "s" receives nothing within 700 ms
    When admin sends GET /items/rtflow_{{unique}}?fields=id,title&sort=id
    Then the response is exactly:
      """
      {"data": [{"id": 1, "title": "quiet"}, {"id": 2, "title": "loud-shouted"}]}
      """

  @RT-EVENT-FLOW
  Scenario: A flow's notification operation is heard by a subscriber to directus_notifications
    Given admin sends GET /users/me?fields=id
    And I remember "data.id" as "me"
    And I open the websocket "s"
    And websocket "s" authenticates as admin
    And websocket "s" sends:
      """
      {"type": "subscribe", "collection": "directus_notifications", "uid": "n", "event": "create", "query": {"fields": ["subject"]}}
      """
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "init", "uid": "n"}
      """
    And admin sends POST /flows
      """
      {"name": "Notify {{unique}}", "trigger": "webhook", "status": "active", "options": {"method": "GET"},
       "operations": [{"key": "tell", "type": "notification", "position_x": 19, "position_y": 1,
         "options": {"recipient": "{{me}}", "subject": "note-{{unique}}", "permissions": "$full"}}]}
      """
    And I remember "data.id" as "flow"
    And I remember "data.operations.0" as "op"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{op}}"}
      """
    When admin sends GET /flows/trigger/{{flow}}
    Then the status is 200
    And websocket "s" receives within 3000 ms:
      """
      {"type": "subscription", "event": "create", "uid": "n", "data": [{"subject": "note-{{unique}}"}]}
      """
