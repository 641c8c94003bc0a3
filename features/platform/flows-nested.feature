Feature: Event flows on the items a payload writes through its relations
  A payload's nested objects are written by Directus' nested item services,
  which emit their own events: a nested create, update or delete runs the
  `filter` flows of the related collection inside the parent's transaction
  (a rejection blocks the whole write, and what the flows wrote is undone
  with it), and one `action` flow run per nested write follows the
  parent's own. A nested O2M item carries the parent's key in its foreign
  key: the new key on a create, the key as the URL gives it on an update.
  A child an O2M deselects is an update of its foreign key to null.

  Background:
    Given I set "open" to "{"
    And admin sends POST /collections
      """
      {"collection": "np_{{unique}}", "schema": {}, "meta": {}, "fields": [
        {"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}, "meta": {}},
        {"field": "name", "type": "string", "schema": {}, "meta": {}},
        {"field": "author", "type": "integer", "schema": {}, "meta": {}},
        {"field": "kids", "type": "alias", "meta": {"special": ["o2m"]}},
        {"field": "tags", "type": "alias", "meta": {"special": ["m2m"]}}]}
      """
    And admin sends POST /collections
      """
      {"collection": "nk_{{unique}}", "schema": {}, "meta": {}, "fields": [
        {"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}, "meta": {}},
        {"field": "name", "type": "string", "schema": {}, "meta": {}},
        {"field": "parent", "type": "integer", "schema": {}, "meta": {}}]}
      """
    And admin sends POST /collections
      """
      {"collection": "nt_{{unique}}", "schema": {}, "meta": {}, "fields": [
        {"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}, "meta": {}},
        {"field": "name", "type": "string", "schema": {}, "meta": {}}]}
      """
    And admin sends POST /collections
      """
      {"collection": "nj_{{unique}}", "schema": {}, "meta": {"hidden": true}, "fields": [
        {"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}, "meta": {}},
        {"field": "np_id", "type": "integer", "schema": {}, "meta": {}},
        {"field": "nt_id", "type": "integer", "schema": {}, "meta": {}}]}
      """
    And admin sends POST /collections
      """
      {"collection": "nlog_{{unique}}", "schema": {}, "meta": {}, "fields": [
        {"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}, "meta": {}},
        {"field": "at", "type": "string", "schema": {}, "meta": {}},
        {"field": "t", "type": "json", "schema": {}, "meta": {}}]}
      """
    And admin sends POST /relations
      """
      {"collection": "np_{{unique}}", "field": "author", "related_collection": "nt_{{unique}}", "schema": {}, "meta": {}}
      """
    And admin sends POST /relations
      """
      {"collection": "nk_{{unique}}", "field": "parent", "related_collection": "np_{{unique}}", "schema": {},
       "meta": {"one_field": "kids", "one_deselect_action": "nullify"}}
      """
    And admin sends POST /relations
      """
      {"collection": "nj_{{unique}}", "field": "np_id", "related_collection": "np_{{unique}}", "schema": {},
       "meta": {"one_field": "tags", "junction_field": "nt_id"}}
      """
    And admin sends POST /relations
      """
      {"collection": "nj_{{unique}}", "field": "nt_id", "related_collection": "nt_{{unique}}", "schema": {},
       "meta": {"junction_field": "np_id"}}
      """

  @FLOW-EVENT-NESTED-FILTER
  Scenario: A nested O2M create runs the children's filter flows inside the write, with the parent's key, and takes the payload they return
    Given admin sends POST /flows
      """
      {"name": "Kid shape {{unique}}", "trigger": "event", "status": "active",
       "options": {"type": "filter", "scope": ["items.create"], "collections": ["nk_{{unique}}"], "return": "$last"}}
      """
    And I remember "data.id" as "flow"
    And admin sends POST /operations
      """
      {"key": "shape", "type": "transform", "position_x": 55, "position_y": 1, "flow": "{{flow}}",
       "options": {"json": {"name": "K-{{open}}{ $trigger.payload.name }}", "parent": "{{open}}{ $trigger.payload.parent }}"}}}
      """
    And I remember "data.id" as "shape"
    And admin sends POST /operations
      """
      {"key": "log", "type": "item-create", "position_x": 37, "position_y": 1, "flow": "{{flow}}", "resolve": "{{shape}}",
       "options": {"collection": "nlog_{{unique}}", "permissions": "$full", "payload": {"t": {"t": "{{open}}{ $trigger }}", "parents": "{{open}}{ rd }}"}}}}
      """
    And I remember "data.id" as "log"
    And admin sends POST /operations
      """
      {"key": "rd", "type": "item-read", "position_x": 19, "position_y": 1, "flow": "{{flow}}", "resolve": "{{log}}",
       "options": {"collection": "np_{{unique}}", "permissions": "$full", "query": {"fields": ["id", "name"], "sort": ["id"]}}}
      """
    And I remember "data.id" as "rd"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{rd}}"}
      """
    When admin sends POST /items/np_{{unique}}
      """
      {"name": "p", "kids": [{"name": "a"}, {"name": "b"}]}
      """
    Then the status is 200
    And "data.kids" is [1, 2]
    When admin sends PATCH /items/np_{{unique}}/1
      """
      {"kids": {"create": [{"name": "c"}]}}
      """
    Then the status is 200
    When admin sends GET /items/nk_{{unique}}?sort=id&fields=name,parent
    Then the response is exactly:
      """
      {"data": [{"name": "K-a", "parent": 1}, {"name": "K-b", "parent": 1}, {"name": "K-c", "parent": 1}]}
      """
    When admin sends GET /items/nlog_{{unique}}?sort=id&fields=t
    Then the response is exactly:
      """
      {"data": [
        {"t": {"t": {"payload": {"name": "a", "parent": 1}, "event": "nk_{{unique}}.items.create", "collection": "nk_{{unique}}"},
               "parents": [{"id": 1, "name": "p"}]}},
        {"t": {"t": {"payload": {"name": "b", "parent": 1}, "event": "nk_{{unique}}.items.create", "collection": "nk_{{unique}}"},
               "parents": [{"id": 1, "name": "p"}]}},
        {"t": {"t": {"payload": {"name": "c", "parent": "1"}, "event": "nk_{{unique}}.items.create", "collection": "nk_{{unique}}"},
               "parents": [{"id": 1, "name": "p"}]}}]}
      """

  @FLOW-EVENT-NESTED-ROLLBACK
  Scenario: A nested filter flow that rejects blocks the whole write, and what the create's filter flows wrote is undone with it
    Given admin sends POST /flows
      """
      {"name": "Parent watch {{unique}}", "trigger": "event", "status": "active",
       "options": {"type": "filter", "scope": ["items.create", "items.update"], "collections": ["np_{{unique}}"]},
       "operations": [{"key": "log", "type": "item-create", "position_x": 19, "position_y": 1,
         "options": {"collection": "nlog_{{unique}}", "permissions": "$full", "payload": {"t": "{{open}}{ $trigger }}"}}}]}
      """
    And I remember "data.id" as "watch"
    And I remember "data.operations.0" as "op"
    And admin sends PATCH /flows/{{watch}}
      """
      {"operation": "{{op}}"}
      """
    And admin sends POST /flows
      """
      {"name": "Kid guard {{unique}}", "trigger": "event", "status": "active",
       "options": {"type": "filter", "scope": ["items.create"], "collections": ["nk_{{unique}}"]}}
      """
    And I remember "data.id" as "guard"
    And admin sends POST /operations
      """
      {"key": "check", "type": "condition", "position_x": 37, "position_y": 1, "flow": "{{guard}}",
       "options": {"filter": {"$trigger": {"payload": {"name": {"_neq": "bad"}}}}}}
      """
    And I remember "data.id" as "check"
    And admin sends POST /operations
      """
      {"key": "log", "type": "item-create", "position_x": 19, "position_y": 1, "flow": "{{guard}}", "resolve": "{{check}}",
       "options": {"collection": "nlog_{{unique}}", "permissions": "$full", "payload": {"t": "{{open}}{ $trigger }}"}}}
      """
    And I remember "data.id" as "log"
    And admin sends PATCH /flows/{{guard}}
      """
      {"operation": "{{log}}"}
      """
    When admin sends POST /items/np_{{unique}}
      """
      {"name": "p", "kids": [{"name": "ok"}]}
      """
    Then the status is 200
    When admin sends POST /items/np_{{unique}}
      """
      {"name": "q", "kids": [{"name": "fine"}, {"name": "bad"}]}
      """
    Then the status is 400
    And the response is exactly:
      """
      {"errors": [{"message": "Validation failed for field \"$trigger\" at \"payload.name\". Value can't be \"bad\".",
                   "extensions": {"field": "$trigger", "path": ["payload", "name"], "type": "neq", "invalid": "bad", "code": "FAILED_VALIDATION"}}]}
      """
    # An update's own filter flows run before its transaction: their write stays.
    When admin sends PATCH /items/np_{{unique}}/1
      """
      {"name": "p2", "kids": {"create": [{"name": "bad"}]}}
      """
    Then the status is 400
    When admin sends GET /items/np_{{unique}}?fields=name,kids.name
    Then the response is exactly:
      """
      {"data": [{"name": "p", "kids": [{"name": "ok"}]}]}
      """
    When admin sends GET /items/nlog_{{unique}}?sort=id&fields=t
    Then the response is exactly:
      """
      {"data": [
        {"t": {"payload": {"name": "p", "kids": [{"name": "ok"}]}, "event": "np_{{unique}}.items.create", "collection": "np_{{unique}}"}},
        {"t": {"payload": {"name": "ok", "parent": 1}, "event": "nk_{{unique}}.items.create", "collection": "nk_{{unique}}"}},
        {"t": {"payload": {"name": "p2", "kids": {"create": [{"name": "bad"}]}}, "event": "np_{{unique}}.items.update", "keys": ["1"], "collection": "np_{{unique}}"}}]}
      """

  @FLOW-EVENT-NESTED-ACTION
  Scenario: Each nested M2O, O2M and M2M write runs the action flows of its collection after the write
    Given admin sends POST /flows
      """
      {"name": "Nested audit {{unique}}", "trigger": "event", "status": "active",
       "options": {"type": "action", "scope": ["items.create", "items.update", "items.delete"],
                   "collections": ["np_{{unique}}", "nk_{{unique}}", "nt_{{unique}}", "nj_{{unique}}"]},
       "operations": [{"key": "log", "type": "item-create", "position_x": 19, "position_y": 1,
         "options": {"collection": "nlog_{{unique}}", "permissions": "$full",
                     "payload": {"at": "{{open}}{ $trigger.event }}/{{open}}{ $trigger.payload.name }}", "t": "{{open}}{ $trigger }}"}}}]}
      """
    And I remember "data.id" as "flow"
    And I remember "data.operations.0" as "op"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{op}}"}
      """
    # Action flows run side by side after the response: their log rows are compared in the order of "at".
    When admin sends POST /items/np_{{unique}}
      """
      {"name": "p", "author": {"name": "x"}, "kids": [{"name": "a"}, {"name": "b"}], "tags": [{"nt_id": {"name": "t"}}]}
      """
    Then the status is 200
    When I wait 0.5 seconds
    And admin sends GET /items/nlog_{{unique}}?sort=at&fields=t
    Then the response is exactly:
      """
      {"data": [
        {"t": {"event": "nj_{{unique}}.items.create", "payload": {"nt_id": {"name": "t"}, "np_id": 1}, "key": 1, "collection": "nj_{{unique}}"}},
        {"t": {"event": "nk_{{unique}}.items.create", "payload": {"name": "a", "parent": 1}, "key": 1, "collection": "nk_{{unique}}"}},
        {"t": {"event": "nk_{{unique}}.items.create", "payload": {"name": "b", "parent": 1}, "key": 2, "collection": "nk_{{unique}}"}},
        {"t": {"event": "np_{{unique}}.items.create",
               "payload": {"name": "p", "author": {"name": "x"}, "kids": [{"name": "a"}, {"name": "b"}], "tags": [{"nt_id": {"name": "t"}}]},
               "key": 1, "collection": "np_{{unique}}"}},
        {"t": {"event": "nt_{{unique}}.items.create", "payload": {"name": "t"}, "key": 2, "collection": "nt_{{unique}}"}},
        {"t": {"event": "nt_{{unique}}.items.create", "payload": {"name": "x"}, "key": 1, "collection": "nt_{{unique}}"}}]}
      """
    When admin sends DELETE /items/nlog_{{unique}}
      """
      {"query": {"filter": {"id": {"_gt": 0}}}}
      """
    And admin sends PATCH /items/np_{{unique}}/1
      """
      {"author": {"id": 1, "name": "x2"}, "kids": {"create": [{"name": "c"}], "update": [{"id": 1, "name": "a2"}], "delete": [2]}}
      """
    Then the status is 200
    When I wait 0.5 seconds
    And admin sends GET /items/nlog_{{unique}}?sort=at&fields=t
    Then the response is exactly:
      """
      {"data": [
        {"t": {"event": "nk_{{unique}}.items.create", "payload": {"name": "c", "parent": "1"}, "key": 3, "collection": "nk_{{unique}}"}},
        {"t": {"event": "nk_{{unique}}.items.update", "payload": {"name": "a2"}, "keys": [1], "collection": "nk_{{unique}}"}},
        {"t": {"event": "nk_{{unique}}.items.update", "payload": {"parent": null}, "keys": [2], "collection": "nk_{{unique}}"}},
        {"t": {"event": "np_{{unique}}.items.update",
               "payload": {"author": {"id": 1, "name": "x2"}, "kids": {"create": [{"name": "c"}], "update": [{"id": 1, "name": "a2"}], "delete": [2]}},
               "keys": ["1"], "collection": "np_{{unique}}"}},
        {"t": {"event": "nt_{{unique}}.items.update", "payload": {"name": "x2"}, "keys": [1], "collection": "nt_{{unique}}"}}]}
      """

  @FLOW-EVENT-NESTED-BATCH
  Scenario: A batch create runs each item's filter flows in turn, each followed by those of its nested writes
    Given admin sends POST /flows
      """
      {"name": "Batch watch {{unique}}", "trigger": "event", "status": "active",
       "options": {"type": "filter", "scope": ["items.create"], "collections": ["np_{{unique}}", "nk_{{unique}}"]},
       "operations": [{"key": "log", "type": "item-create", "position_x": 19, "position_y": 1,
         "options": {"collection": "nlog_{{unique}}", "permissions": "$full", "payload": {"t": "{{open}}{ $trigger }}"}}}]}
      """
    And I remember "data.id" as "flow"
    And I remember "data.operations.0" as "op"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{op}}"}
      """
    When admin sends POST /items/np_{{unique}}
      """
      [{"name": "q", "kids": [{"name": "c"}]}, {"name": "r", "kids": [{"name": "d"}]}]
      """
    Then the status is 200
    When admin sends GET /items/nlog_{{unique}}?sort=id&fields=t
    Then the response is exactly:
      """
      {"data": [
        {"t": {"payload": {"name": "q", "kids": [{"name": "c"}]}, "event": "np_{{unique}}.items.create", "collection": "np_{{unique}}"}},
        {"t": {"payload": {"name": "c", "parent": 1}, "event": "nk_{{unique}}.items.create", "collection": "nk_{{unique}}"}},
        {"t": {"payload": {"name": "r", "kids": [{"name": "d"}]}, "event": "np_{{unique}}.items.create", "collection": "np_{{unique}}"}},
        {"t": {"payload": {"name": "d", "parent": 2}, "event": "nk_{{unique}}.items.create", "collection": "nk_{{unique}}"}}]}
      """
