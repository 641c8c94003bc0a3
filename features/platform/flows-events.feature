Feature: Flows started by item events, and the item operations
  A flow with `trigger: "event"` listens to the writes its `options.scope`
  names (`items.create`, `items.update`, `items.delete`) on the collections
  of `options.collections`. An `action` flow runs after the write committed,
  with `$trigger` = `{event, payload, key|keys, collection}`; a `filter`
  flow runs before it with `{payload, event, keys?, collection}`: the value
  its `options.return` names replaces the payload, and a rejection blocks
  the write with the error it carries. The item operations read and write
  items as the flow's caller, everyone (`$full`), the public or a role.

  Background:
    Given I set "open" to "{"
    And admin sends POST /collections
      """
      {"collection": "ev_{{unique}}", "schema": {}, "meta": {}, "fields": [
        {"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}, "meta": {}},
        {"field": "title", "type": "string", "schema": {}, "meta": {}},
        {"field": "note", "type": "text", "schema": {}, "meta": {}}]}
      """
    And admin sends POST /collections
      """
      {"collection": "evlog_{{unique}}", "schema": {}, "meta": {}, "fields": [
        {"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}, "meta": {}},
        {"field": "data", "type": "json", "schema": {}, "meta": {}}]}
      """

  @FLOW-EVENT-ACTION
  Scenario: An action flow runs after each create, update and delete, with the event, payload and keys as sent
    Given admin sends POST /flows
      """
      {"name": "Audit {{unique}}", "trigger": "event", "status": "active",
       "options": {"type": "action", "scope": ["items.create", "items.update", "items.delete"], "collections": ["ev_{{unique}}"]},
       "operations": [{"key": "log", "type": "item-create", "position_x": 19, "position_y": 1,
         "options": {"collection": "evlog_{{unique}}", "permissions": "$full",
                     "payload": {"data": {"t": "{{open}}{ $trigger }}", "admin": "{{open}}{ $accountability.admin }}"}}}}]}
      """
    And I remember "data.id" as "flow"
    And I remember "data.operations.0" as "op"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{op}}"}
      """
    When admin sends POST /items/ev_{{unique}}
      """
      {"title": "a"}
      """
    And I wait 0.5 seconds
    And admin sends PATCH /items/ev_{{unique}}/1
      """
      {"title": "b"}
      """
    And I wait 0.5 seconds
    # Two creates, not one batch: a batch's action events run side by side and
    # MariaDB stored their log rows in either order.
    And admin sends POST /items/ev_{{unique}}
      """
      {"title": "c"}
      """
    And I wait 0.5 seconds
    And admin sends POST /items/ev_{{unique}}
      """
      {"title": "d"}
      """
    And I wait 0.5 seconds
    And admin sends PATCH /items/ev_{{unique}}
      """
      {"keys": [2, 3], "data": {"note": "n"}}
      """
    And I wait 0.5 seconds
    And admin sends DELETE /items/ev_{{unique}}/3
    And I wait 0.5 seconds
    And admin sends GET /items/evlog_{{unique}}?sort=id&fields=data
    Then the response is exactly:
      """
      {"data": [
        {"data": {"t": {"event": "ev_{{unique}}.items.create", "payload": {"title": "a"}, "key": 1, "collection": "ev_{{unique}}"}, "admin": true}},
        {"data": {"t": {"event": "ev_{{unique}}.items.update", "payload": {"title": "b"}, "keys": ["1"], "collection": "ev_{{unique}}"}, "admin": true}},
        {"data": {"t": {"event": "ev_{{unique}}.items.create", "payload": {"title": "c"}, "key": 2, "collection": "ev_{{unique}}"}, "admin": true}},
        {"data": {"t": {"event": "ev_{{unique}}.items.create", "payload": {"title": "d"}, "key": 3, "collection": "ev_{{unique}}"}, "admin": true}},
        {"data": {"t": {"event": "ev_{{unique}}.items.update", "payload": {"note": "n"}, "keys": [2, 3], "collection": "ev_{{unique}}"}, "admin": true}},
        {"data": {"t": {"event": "ev_{{unique}}.items.delete", "payload": ["3"], "keys": ["3"], "collection": "ev_{{unique}}"}, "admin": true}}]}
      """
    When admin sends PATCH /flows/{{flow}}
      """
      {"status": "inactive"}
      """
    And admin sends POST /items/ev_{{unique}}
      """
      {"title": "quiet"}
      """
    And I wait 0.5 seconds
    And admin sends GET /items/evlog_{{unique}}?aggregate[count]=*
    Then the response is exactly:
      """
      {"data": [{"count": "<numeric 6>"}]}
      """

  @FLOW-EVENT-FILTER
  Scenario: A filter flow runs before the write and the value it returns replaces the payload
    Given admin sends POST /flows
      """
      {"name": "Shape {{unique}}", "trigger": "event", "status": "active",
       "options": {"type": "filter", "scope": ["items.create", "items.update"], "collections": ["ev_{{unique}}"], "return": "$last"}}
      """
    And I remember "data.id" as "flow"
    And admin sends POST /operations
      """
      {"key": "shape", "type": "transform", "position_x": 37, "position_y": 1, "flow": "{{flow}}",
       "options": {"json": {"title": "F-{{open}}{ $trigger.payload.title }}"}}}
      """
    And I remember "data.id" as "shape"
    And admin sends POST /operations
      """
      {"key": "log", "type": "item-create", "position_x": 19, "position_y": 1, "flow": "{{flow}}", "resolve": "{{shape}}",
       "options": {"collection": "evlog_{{unique}}", "payload": {"data": "{{open}}{ $trigger }}"}}}
      """
    And I remember "data.id" as "log"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{log}}"}
      """
    And admin sends POST /flows
      """
      {"name": "Watch deletes {{unique}}", "trigger": "event", "status": "active",
       "options": {"type": "filter", "scope": ["items.delete"], "collections": ["ev_{{unique}}"]},
       "operations": [{"key": "log", "type": "item-create", "position_x": 19, "position_y": 1,
         "options": {"collection": "evlog_{{unique}}", "payload": {"data": "{{open}}{ $trigger }}"}}}]}
      """
    And I remember "data.id" as "watch"
    And I remember "data.operations.0" as "op"
    And admin sends PATCH /flows/{{watch}}
      """
      {"operation": "{{op}}"}
      """
    When admin sends POST /items/ev_{{unique}}
      """
      {"title": "a", "note": "dropped"}
      """
    Then the response is exactly:
      """
      {"data": {"id": 1, "title": "F-a", "note": null}}
      """
    When admin sends PATCH /items/ev_{{unique}}/1
      """
      {"title": "b"}
      """
    Then the response is exactly:
      """
      {"data": {"id": 1, "title": "F-b", "note": null}}
      """
    When admin sends POST /graphql
      """
      {"query": "mutation { made: create_ev_{{unique}}_item(data: {title: \"g\"}) { title } }"}
      """
    Then "data.made.title" is "F-g"
    When admin sends DELETE /items/ev_{{unique}}/1
    Then the status is 204
    When admin sends GET /items/evlog_{{unique}}?sort=id&fields=data
    Then the response is exactly:
      """
      {"data": [
        {"data": {"payload": {"title": "a", "note": "dropped"}, "event": "ev_{{unique}}.items.create", "collection": "ev_{{unique}}"}},
        {"data": {"payload": {"title": "b"}, "event": "ev_{{unique}}.items.update", "keys": ["1"], "collection": "ev_{{unique}}"}},
        {"data": {"payload": {"title": "g"}, "event": "ev_{{unique}}.items.create", "collection": "ev_{{unique}}"}},
        {"data": {"payload": ["1"], "event": "ev_{{unique}}.items.delete", "collection": "ev_{{unique}}"}}]}
      """
    When admin sends GET /items/ev_{{unique}}?fields=title
    Then the response is exactly:
      """
      {"data": [{"title": "F-g"}]}
      """

  @FLOW-EVENT-FILTER-BLOCK
  Scenario: A filter flow that rejects blocks the write with its failed condition or thrown error, on every write path
    Given admin sends POST /flows
      """
      {"name": "Guard {{unique}}", "trigger": "event", "status": "active",
       "options": {"type": "filter", "scope": ["items.create"], "collections": ["ev_{{unique}}"]},
       "operations": [{"key": "check", "type": "condition", "position_x": 19, "position_y": 1,
         "options": {"filter": {"$trigger": {"payload": {"title": {"_eq": "ok"}}}}}}]}
      """
    And I remember "data.id" as "flow"
    And I remember "data.operations.0" as "check"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{check}}"}
      """
    When admin sends POST /items/ev_{{unique}}
      """
      {"title": "ok"}
      """
    Then the status is 200
    When admin sends POST /items/ev_{{unique}}
      """
      {"title": "bad"}
      """
    Then the status is 400
    And the response is exactly:
      """
      {"errors": [{"message": "Validation failed for field \"$trigger\" at \"payload.title\". Value has to be \"ok\".",
                   "extensions": {"field": "$trigger", "path": ["payload", "title"], "type": "eq", "valid": "ok", "code": "FAILED_VALIDATION"}}]}
      """
    When admin sends POST /operations
      """
      {"key": "boom", "type": "throw-error", "position_x": 37, "position_y": 20, "flow": "{{flow}}",
       "options": {"code": "BLOCKED", "status": "403", "message": "Title {{open}}{ $trigger.payload.title }} is not allowed"}}
      """
    And I remember "data.id" as "boom"
    And admin sends PATCH /operations/{{check}}
      """
      {"reject": "{{boom}}"}
      """
    And admin sends POST /items/ev_{{unique}}
      """
      {"title": "bad"}
      """
    Then the status is 403
    And the response is exactly:
      """
      {"errors": [{"message": "Title bad is not allowed", "extensions": {"code": "BLOCKED"}}]}
      """
    When admin sends POST /items/ev_{{unique}}
      """
      [{"title": "ok"}, {"title": "worse"}]
      """
    Then the status is 403
    And the response is exactly:
      """
      {"errors": [{"message": "Title worse is not allowed", "extensions": {"code": "BLOCKED"}}]}
      """
    When admin sends POST /graphql
      """
      {"query": "mutation { made: create_ev_{{unique}}_item(data: {title: \"nope\"}) { id } }"}
      """
    Then "data.made" is null
    And "errors.0.message" is "Title nope is not allowed"
    And "errors.0.extensions.code" is "BLOCKED"
    When admin sends GET /items/ev_{{unique}}?fields=title
    Then the response is exactly:
      """
      {"data": [{"title": "ok"}]}
      """

  @FLOW-OP-ITEMS
  Scenario: The item operations create, read, update and delete as the flow's caller, everyone, the public or a role
    Given admin sends POST /flows
      """
      {"name": "Items {{unique}}", "trigger": "webhook", "status": "active", "options": {"method": "POST", "return": "$all"}}
      """
    And I remember "data.id" as "flow"
    And admin sends POST /operations
      """
      {"key": "del", "type": "item-delete", "position_x": 91, "position_y": 1, "flow": "{{flow}}",
       "options": {"collection": "ev_{{unique}}", "key": "{{open}}{ cr[0] }}"}}
      """
    And I remember "data.id" as "del"
    And admin sends POST /operations
      """
      {"key": "upd", "type": "item-update", "position_x": 73, "position_y": 1, "flow": "{{flow}}", "resolve": "{{del}}",
       "options": {"collection": "ev_{{unique}}", "key": ["{{open}}{ cr[0] }}"], "payload": {"note": "updated"}}}
      """
    And I remember "data.id" as "upd"
    And admin sends POST /operations
      """
      {"key": "one", "type": "item-read", "position_x": 55, "position_y": 1, "flow": "{{flow}}", "resolve": "{{upd}}",
       "options": {"collection": "ev_{{unique}}", "key": "{{open}}{ cr[0] }}", "query": {"fields": ["title"]}}}
      """
    And I remember "data.id" as "one"
    And admin sends POST /operations
      """
      {"key": "all", "type": "item-read", "position_x": 37, "position_y": 1, "flow": "{{flow}}", "resolve": "{{one}}",
       "options": {"collection": "ev_{{unique}}", "query": {"sort": ["id"], "fields": ["id", "note"]}}}
      """
    And I remember "data.id" as "all"
    And admin sends POST /operations
      """
      {"key": "cr", "type": "item-create", "position_x": 19, "position_y": 1, "flow": "{{flow}}", "resolve": "{{all}}",
       "options": {"collection": "ev_{{unique}}", "payload": "{{open}}{ $trigger.body }}"}}
      """
    And I remember "data.id" as "cr"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{cr}}"}
      """
    When admin sends POST /flows/trigger/{{flow}}
      """
      [{"title": "x"}, {"title": "y"}]
      """
    Then "cr" is [1, 2]
    And "all" is [{"id": 1, "note": null}, {"id": 2, "note": null}]
    And "one" is {"title": "x"}
    And "upd" is 1
    And "del" is 1
    And "$last" is 1
    When admin sends GET /items/ev_{{unique}}?fields=id,note
    Then the response is exactly:
      """
      {"data": [{"id": 2, "note": null}]}
      """
    When anonymous sends POST /flows/trigger/{{flow}}
      """
      {"title": "anon"}
      """
    Then "cr" is {"name": "DirectusError", "extensions": {"reason": "You don't have permission to access collection \"ev_{{unique}}\" or it does not exist. Queried in root."}, "code": "FORBIDDEN", "status": 403}
    And "$last" is {"name": "DirectusError", "extensions": {"reason": "You don't have permission to access collection \"ev_{{unique}}\" or it does not exist. Queried in root."}, "code": "FORBIDDEN", "status": 403}
    And "all" is absent
    When admin sends PATCH /operations/{{cr}}
      """
      {"options": {"collection": "ev_{{unique}}", "payload": "{{open}}{ $trigger.body }}", "permissions": "$full"}}
      """
    And admin sends POST /roles
      """
      {"name": "Flow role {{unique}}"}
      """
    And I remember "data.id" as "role"
    And admin sends PATCH /operations/{{all}}
      """
      {"options": {"collection": "ev_{{unique}}", "permissions": "{{role}}"}}
      """
    And anonymous sends POST /flows/trigger/{{flow}}
      """
      {"title": "anon"}
      """
    Then "cr" is [3]
    And "all" is {"name": "DirectusError", "extensions": {"reason": "You don't have permission to access collection \"ev_{{unique}}\" or it does not exist. Queried in root."}, "code": "FORBIDDEN", "status": 403}
    And "one" is absent
    When admin sends PATCH /operations/{{all}}
      """
      {"options": {"collection": "ev_{{unique}}", "permissions": "$public", "query": {"fields": ["id"]}}}
      """
    And admin sends POST /flows/trigger/{{flow}}
      """
      {"title": "admin"}
      """
    Then "cr" is [4]
    And "all" is {"name": "DirectusError", "extensions": {"reason": "You don't have permission to access collection \"ev_{{unique}}\" or it does not exist. Queried in root."}, "code": "FORBIDDEN", "status": 403}

  @FLOW-OP-REQUEST-DENIED
  Scenario: By default a request operation to this machine is refused and rejects with an empty error
    Given admin sends POST /flows
      """
      {"name": "Ping {{unique}}", "trigger": "webhook", "status": "active", "options": {"method": "GET", "return": "$all"}}
      """
    And I remember "data.id" as "flow"
    And admin sends POST /operations
      """
      {"key": "failed", "type": "transform", "position_x": 37, "position_y": 20, "flow": "{{flow}}", "options": {"json": {"failed": true}}}
      """
    And I remember "data.id" as "failed"
    And admin sends POST /operations
      """
      {"key": "r", "type": "request", "position_x": 19, "position_y": 1, "flow": "{{flow}}", "reject": "{{failed}}",
       "options": {"method": "GET", "url": "{{target}}/server/ping"}}
      """
    And I remember "data.id" as "r"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{r}}"}
      """
    When admin sends GET /flows/trigger/{{flow}}
    Then "r" is {}
    And "failed" is {"failed": true}
    When admin sends PATCH /operations/{{r}}
      """
      {"reject": null}
      """
    And admin sends PATCH /flows/{{flow}}
      """
      {"options": {"method": "GET", "error_on_reject": true}}
      """
    And admin sends GET /flows/trigger/{{flow}}
    Then the response is an error INTERNAL_SERVER_ERROR
    And the error message is "Requested domain \"127.0.0.1\" resolves to a denied IP address"

  @needs-files-limits @FLOW-OP-REQUEST
  Scenario: A request operation answers the status, headers and parsed body, and rejects on an error status
    Given the harness serves "text [1,2,3]" as "application/json" at "api"
    And admin sends POST /flows
      """
      {"name": "Fetch {{unique}}", "trigger": "webhook", "status": "active", "options": {"method": "POST", "return": "$all"}}
      """
    And I remember "data.id" as "flow"
    And admin sends POST /operations
      """
      {"key": "failed", "type": "transform", "position_x": 37, "position_y": 20, "flow": "{{flow}}",
       "options": {"json": {"status": "{{open}}{ $last.status }}"}}}
      """
    And I remember "data.id" as "failed"
    And admin sends POST /operations
      """
      {"key": "r", "type": "request", "position_x": 19, "position_y": 1, "flow": "{{flow}}", "reject": "{{failed}}",
       "options": {"method": "{{open}}{ $trigger.body.method }}", "url": "{{open}}{ $trigger.body.url }}",
                   "headers": [{"header": "X-Test", "value": "1"}], "body": "{{open}}{ $trigger.body.body }}"}}
      """
    And I remember "data.id" as "r"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{r}}"}
      """
    When admin sends POST /flows/trigger/{{flow}}
      """
      {"method": "GET", "url": "{{api}}"}
      """
    Then "r" is {"status": 200, "statusText": "OK", "headers": {"content-type": "application/json", "content-length": "7", "connection": "close"}, "data": [1, 2, 3]}
    And "failed" is absent
    When admin sends POST /flows/trigger/{{flow}}
      """
      {"method": "GET", "url": "{{target}}/server/ping"}
      """
    Then "r.status" is 200
    And "r.data" is "pong"
    When admin sends POST /flows/trigger/{{flow}}
      """
      {"method": "POST", "url": "{{target}}/nope", "body": {"a": 1}}
      """
    Then "r.status" is 404
    And "r.statusText" is "Not Found"
    And "r.data" is {"errors": [{"message": "Route /nope doesn't exist.", "extensions": {"path": "/nope", "code": "ROUTE_NOT_FOUND"}}]}
    And "failed" is {"status": 404}

  @FLOW-SCHEDULE
  Scenario: A scheduled flow runs on each tick of its cron pattern with no trigger and no caller, until it is deactivated
    Given admin sends POST /flows
      """
      {"name": "Tick {{unique}}", "trigger": "schedule", "status": "active", "options": {"cron": "* * * * * *"},
       "operations": [{"key": "log", "type": "item-create", "position_x": 19, "position_y": 1,
         "options": {"collection": "evlog_{{unique}}",
                     "payload": {"data": {"t": "{{open}}{ $trigger }}", "a": "{{open}}{ $accountability }}",
                                          "x": "t={{open}}{ $trigger }} a={{open}}{ $accountability }}"}}}}]}
      """
    And I remember "data.id" as "flow"
    And I remember "data.operations.0" as "op"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{op}}"}
      """
    When I wait 2.5 seconds
    And admin sends PATCH /flows/{{flow}}
      """
      {"status": "inactive"}
      """
    And I wait 1.2 seconds
    And admin sends GET /items/evlog_{{unique}}?fields=data&limit=1
    Then the response is exactly:
      """
      {"data": [{"data": {"t": null, "a": null, "x": "t=null a=null"}}]}
      """
    When admin sends GET /items/evlog_{{unique}}?aggregate[count]=*
    And I remember "data.0.count" as "runs"
    And I wait 1.5 seconds
    And admin sends GET /items/evlog_{{unique}}?aggregate[count]=*
    Then the response is exactly:
      """
      {"data": [{"count": "<numeric {{runs}}>"}]}
      """
    When admin sends GET /items/evlog_{{unique}}?filter[id][_eq]=2&fields=id
    Then "data" has 1 item

  @FLOW-EVENT-BY-QUERY
  Scenario: An update or delete by query runs the event flows with the keys its query read
    Given admin sends POST /items/ev_{{unique}}
      """
      [{"title": "a"}, {"title": "b"}, {"title": "c"}]
      """
    And admin sends POST /flows
      """
      {"name": "Before {{unique}}", "trigger": "event", "status": "active",
       "options": {"type": "filter", "scope": ["items.update", "items.delete"], "collections": ["ev_{{unique}}"]},
       "operations": [{"key": "log", "type": "item-create", "position_x": 19, "position_y": 1,
         "options": {"collection": "evlog_{{unique}}", "payload": {"data": {"k": "filter", "t": "{{open}}{ $trigger }}"}}}}]}
      """
    And I remember "data.id" as "before"
    And I remember "data.operations.0" as "op"
    And admin sends PATCH /flows/{{before}}
      """
      {"operation": "{{op}}"}
      """
    And admin sends POST /flows
      """
      {"name": "After {{unique}}", "trigger": "event", "status": "active",
       "options": {"type": "action", "scope": ["items.update", "items.delete"], "collections": ["ev_{{unique}}"]},
       "operations": [{"key": "log", "type": "item-create", "position_x": 19, "position_y": 1,
         "options": {"collection": "evlog_{{unique}}", "payload": {"data": {"k": "action", "t": "{{open}}{ $trigger }}"}}}}]}
      """
    And I remember "data.id" as "after"
    And I remember "data.operations.0" as "op2"
    And admin sends PATCH /flows/{{after}}
      """
      {"operation": "{{op2}}"}
      """
    When admin sends PATCH /items/ev_{{unique}}
      """
      {"query": {"filter": {"id": {"_gte": 2}}}, "data": {"title": "q"}}
      """
    Then the status is 200
    When I wait 0.5 seconds
    And admin sends DELETE /items/ev_{{unique}}
      """
      {"query": {"filter": {"id": {"_eq": 3}}}}
      """
    Then the status is 204
    When I wait 0.5 seconds
    And admin sends GET /items/evlog_{{unique}}?sort=id&fields=data
    Then the response is exactly:
      """
      {"data": [
        {"data": {"k": "filter", "t": {"payload": {"title": "q"}, "event": "ev_{{unique}}.items.update", "keys": [2, 3], "collection": "ev_{{unique}}"}}},
        {"data": {"k": "action", "t": {"event": "ev_{{unique}}.items.update", "payload": {"title": "q"}, "keys": [2, 3], "collection": "ev_{{unique}}"}}},
        {"data": {"k": "filter", "t": {"payload": [3], "event": "ev_{{unique}}.items.delete", "collection": "ev_{{unique}}"}}},
        {"data": {"k": "action", "t": {"event": "ev_{{unique}}.items.delete", "payload": [3], "keys": [3], "collection": "ev_{{unique}}"}}}]}
      """

  @FLOW-EVENT-SINGLETON
  Scenario: Saving a singleton runs the flows of a create the first time, then those of an update of its row
    Given admin sends POST /collections
      """
      {"collection": "evone_{{unique}}", "meta": {"singleton": true}, "schema": {}, "fields": [
        {"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}, "meta": {}},
        {"field": "title", "type": "string", "schema": {}, "meta": {}}]}
      """
    And admin sends POST /flows
      """
      {"name": "Single {{unique}}", "trigger": "event", "status": "active",
       "options": {"type": "action", "scope": ["items.create", "items.update"], "collections": ["evone_{{unique}}"]},
       "operations": [{"key": "log", "type": "item-create", "position_x": 19, "position_y": 1,
         "options": {"collection": "evlog_{{unique}}", "payload": {"data": "{{open}}{ $trigger }}"}}}]}
      """
    And I remember "data.id" as "flow"
    And I remember "data.operations.0" as "op"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{op}}"}
      """
    When admin sends PATCH /items/evone_{{unique}}
      """
      {"title": "a"}
      """
    And I wait 0.5 seconds
    And admin sends PATCH /items/evone_{{unique}}
      """
      {"title": "b"}
      """
    And I wait 0.5 seconds
    And admin sends GET /items/evlog_{{unique}}?sort=id&fields=data
    Then the response is exactly:
      """
      {"data": [
        {"data": {"event": "evone_{{unique}}.items.create", "payload": {"title": "a"}, "key": 1, "collection": "evone_{{unique}}"}},
        {"data": {"event": "evone_{{unique}}.items.update", "payload": {"title": "b"}, "keys": [1], "collection": "evone_{{unique}}"}}]}
      """

  @FLOW-OP-NOTIFICATION
  Scenario: A notification operation notifies each recipient as the flow's caller; a mail operation resolves with nothing
    Given admin sends GET /users/me?fields=id
    And I remember "data.id" as "me"
    And admin sends POST /flows
      """
      {"name": "Notify {{unique}}", "trigger": "webhook", "status": "active", "options": {"method": "POST", "return": "$all"}}
      """
    And I remember "data.id" as "flow"
    And admin sends POST /operations
      """
      {"key": "note", "type": "notification", "position_x": 37, "position_y": 1, "flow": "{{flow}}",
       "options": {"recipient": ["{{me}}"], "subject": "Hi {{unique}}", "message": "{{open}}{ $trigger.body.text }}"}}
      """
    And I remember "data.id" as "note"
    And admin sends POST /operations
      """
      {"key": "mail", "type": "mail", "position_x": 19, "position_y": 1, "flow": "{{flow}}", "resolve": "{{note}}",
       "options": {"to": ["someone@example.com"], "subject": "S", "body": "B"}}
      """
    And I remember "data.id" as "mail"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{mail}}"}
      """
    When admin sends POST /flows/trigger/{{flow}}
      """
      {"text": "Body"}
      """
    Then "mail" is null
    And "note" has 1 item
    And "$last" has 1 item
    When admin sends GET /notifications?filter[subject][_eq]=Hi%20{{unique}}&fields=recipient,sender,subject,message,collection,item,status
    Then the response is exactly:
      """
      {"data": [{"recipient": "{{me}}", "sender": "{{me}}", "subject": "Hi {{unique}}", "message": "Body",
                 "collection": null, "item": null, "status": "inbox"}]}
      """

  @FLOW-OP-JWT
  Scenario: A json-web-token operation signs, verifies and decodes HS256 tokens as node's jsonwebtoken does
    Given admin sends POST /flows
      """
      {"name": "Tokens {{unique}}", "trigger": "webhook", "status": "active", "options": {"method": "POST", "return": "$all"}}
      """
    And I remember "data.id" as "flow"
    And admin sends POST /operations
      """
      {"key": "weird", "type": "json-web-token", "position_x": 109, "position_y": 1, "flow": "{{flow}}", "options": {"operation": "nope"}}
      """
    And I remember "data.id" as "weird"
    And admin sends POST /operations
      """
      {"key": "nosecret", "type": "json-web-token", "position_x": 91, "position_y": 1, "flow": "{{flow}}", "resolve": "{{weird}}", "reject": "{{weird}}",
       "options": {"operation": "sign", "payload": {"a": 1}}}
      """
    And I remember "data.id" as "nosecret"
    And admin sends POST /operations
      """
      {"key": "bad", "type": "json-web-token", "position_x": 73, "position_y": 1, "flow": "{{flow}}", "resolve": "{{nosecret}}", "reject": "{{nosecret}}",
       "options": {"operation": "verify", "token": "{{open}}{ sign }}", "secret": "wrong"}}
      """
    And I remember "data.id" as "bad"
    And admin sends POST /operations
      """
      {"key": "dec", "type": "json-web-token", "position_x": 55, "position_y": 1, "flow": "{{flow}}", "resolve": "{{bad}}", "reject": "{{bad}}",
       "options": {"operation": "decode", "token": "{{open}}{ sign }}", "options": {"complete": true}}}
      """
    And I remember "data.id" as "dec"
    And admin sends POST /operations
      """
      {"key": "ver", "type": "json-web-token", "position_x": 37, "position_y": 1, "flow": "{{flow}}", "resolve": "{{dec}}", "reject": "{{dec}}",
       "options": {"operation": "verify", "token": "{{open}}{ sign }}", "secret": "s3cret"}}
      """
    And I remember "data.id" as "ver"
    And admin sends POST /operations
      """
      {"key": "sign", "type": "json-web-token", "position_x": 19, "position_y": 1, "flow": "{{flow}}", "resolve": "{{ver}}", "reject": "{{ver}}",
       "options": {"operation": "sign", "payload": "{{open}}{ $trigger.body }}", "secret": "s3cret", "options": {"noTimestamp": true}}}
      """
    And I remember "data.id" as "sign"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{sign}}"}
      """
    When admin sends POST /flows/trigger/{{flow}}
      """
      {"a": 1, "b": "x"}
      """
    Then "sign" is "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhIjoxLCJiIjoieCJ9.CmQIOo69sBZi2-tujcyTj0cBCG-Zf2FDOMOsfQwoSxo"
    And "ver" is {"a": 1, "b": "x"}
    And "dec" is {"header": {"alg": "HS256", "typ": "JWT"}, "payload": {"a": 1, "b": "x"}, "signature": "CmQIOo69sBZi2-tujcyTj0cBCG-Zf2FDOMOsfQwoSxo"}
    And "bad" is {"name": "JsonWebTokenError", "message": "invalid signature"}
    And "nosecret" is {}
    And "weird" is {}
