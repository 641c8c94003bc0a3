Feature: Flows that run
  A webhook flow runs its chain of operations when `/flows/trigger/:id` is
  called with its method, and answers the value its `options.return` names
  (the last operation's result by default) as the body itself. Options are
  templates over the flow's data: `$trigger` (the request), `$last`,
  `$accountability`, `$env` (the environment variables `FLOWS_ENV_ALLOW_LIST`
  names) and each operation's result under its key.

  @FLOW-WEBHOOK-RUN
  Scenario: A webhook flow answers its last operation's result, rendered from the request
    Given I set "open" to "{"
    And admin sends POST /flows
      """
      {"name": "Echo {{unique}}", "trigger": "webhook", "status": "active", "options": {"method": "GET"},
       "operations": [{"key": "shape", "type": "transform", "position_x": 19, "position_y": 1,
         "options": {"json": {"q": "{{open}}{ $trigger.query.x }}", "whole": "{{open}}{ $trigger.query }}",
                              "mixed": "a {{open}}{ $trigger.query.x }} {{open}}{ $trigger.query }} b",
                              "missing": "<{{open}}{ $trigger.nope }}>", "admin": "{{open}}{ $accountability.admin }}",
                              "method": "{{open}}{$trigger.method}}"}}}]}
      """
    And I remember "data.id" as "flow"
    And I remember "data.operations.0" as "op"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{op}}"}
      """
    When admin sends GET /flows/trigger/{{flow}}?x=1&y[z]=2
    Then the status is 200
    And the response is exactly:
      """
      {"q": "1", "whole": {"x": "1", "y": {"z": "2"}}, "mixed": "a 1 {\"x\":\"1\",\"y\":{\"z\":\"2\"}} b",
       "missing": "<undefined>", "admin": true, "method": "GET"}
      """
    When anonymous sends GET /flows/trigger/{{flow}}?x=anon
    Then the status is 200
    And "q" is "anon"
    And "admin" is false

  @FLOW-WEBHOOK-FORBIDDEN
  Scenario: Only an active flow with the trigger's method runs; a key that is not a UUID is an unknown route
    Given admin sends POST /flows
      """
      {"name": "Post only {{unique}}", "trigger": "webhook", "status": "active", "options": {"method": "POST"}}
      """
    And I remember "data.id" as "flow"
    When admin sends GET /flows/trigger/{{flow}}
    Then the response is an error FORBIDDEN
    When admin sends POST /flows/trigger/{{flow}}
      """
      {"n": 1}
      """
    Then the status is 200
    And "body" is {"n": 1}
    And "method" is "POST"
    And "path" is "/trigger/{{flow}}"
    When admin sends PATCH /flows/{{flow}}
      """
      {"status": "inactive"}
      """
    And admin sends POST /flows/trigger/{{flow}}
    Then the response is an error FORBIDDEN
    When admin sends GET /flows/trigger/00000000-0000-4000-8000-000000000000
    Then the response is an error FORBIDDEN
    When admin sends GET /flows/trigger/not-a-uuid
    Then the response is an error ROUTE_NOT_FOUND
    And the error message is "Route /flows/trigger/not-a-uuid doesn't exist."

  @FLOW-RETURN
  Scenario: A flow answers $all, a path into its data, or 204 for nothing and for an async flow
    Given I set "open" to "{"
    And admin sends POST /flows
      """
      {"name": "Returns {{unique}}", "trigger": "webhook", "status": "active",
       "options": {"method": "GET", "return": "$trigger.query"},
       "operations": [{"key": "say", "type": "log", "position_x": 19, "position_y": 1, "options": {"message": "hi {{open}}{ $trigger.query.a }}"}}]}
      """
    And I remember "data.id" as "flow"
    And I remember "data.operations.0" as "op"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{op}}"}
      """
    When admin sends GET /flows/trigger/{{flow}}?a=1
    Then the response is exactly:
      """
      {"a": "1"}
      """
    When admin sends PATCH /flows/{{flow}}
      """
      {"options": {"method": "GET", "return": "$all"}}
      """
    And admin sends GET /flows/trigger/{{flow}}?a=2
    Then the keys of "" are ["$trigger", "$last", "$accountability", "$env", "say"]
    And "$last" is null
    And "$env" is {}
    And "$trigger.query" is {"a": "2"}
    When admin sends PATCH /flows/{{flow}}
      """
      {"options": {"method": "GET"}}
      """
    And admin sends GET /flows/trigger/{{flow}}
    Then the status is 204
    When admin sends PATCH /flows/{{flow}}
      """
      {"options": {"method": "GET", "return": "$trigger", "async": true}}
      """
    And admin sends GET /flows/trigger/{{flow}}
    Then the status is 204

  @FLOW-CONDITION @FLOW-TRIGGER-FLOW
  Scenario: A condition resolves or rejects, and the chain follows; a trigger operation runs another flow
    Given I set "open" to "{"
    And admin sends POST /flows
      """
      {"name": "Child {{unique}}", "trigger": "operation", "status": "active", "options": {"return": "$last"},
       "operations": [{"key": "wrap", "type": "transform", "position_x": 19, "position_y": 1,
                       "options": {"json": {"got": "{{open}}{ $trigger }}", "n": "{{open}}{ $trigger.n }}"}}}]}
      """
    And I remember "data.id" as "child"
    And I remember "data.operations.0" as "wrap"
    And admin sends PATCH /flows/{{child}}
      """
      {"operation": "{{wrap}}"}
      """
    And admin sends POST /flows
      """
      {"name": "Parent {{unique}}", "trigger": "webhook", "status": "active", "options": {"method": "POST", "return": "$all"}}
      """
    And I remember "data.id" as "flow"
    And admin sends POST /operations
      """
      {"key": "small", "type": "log", "position_x": 37, "position_y": 20, "flow": "{{flow}}", "options": {"message": "small"}}
      """
    And I remember "data.id" as "small"
    And admin sends POST /operations
      """
      {"key": "call", "type": "trigger", "position_x": 37, "position_y": 1, "flow": "{{flow}}",
       "options": {"flow": "{{child}}", "payload": "{{open}}{ $trigger.body }}"}}
      """
    And I remember "data.id" as "call"
    And admin sends POST /operations
      """
      {"key": "check", "type": "condition", "position_x": 19, "position_y": 1, "flow": "{{flow}}",
       "resolve": "{{call}}", "reject": "{{small}}", "options": {"filter": {"$trigger": {"body": {"n": {"_gt": 5}}}}}}
      """
    And I remember "data.id" as "check"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{check}}"}
      """
    When admin sends POST /flows/trigger/{{flow}}
      """
      {"n": 9}
      """
    Then "check" is null
    And "call" is {"got": {"n": 9}, "n": 9}
    And "$last" is {"got": {"n": 9}, "n": 9}
    And "small" is absent
    When admin sends POST /flows/trigger/{{flow}}
      """
      {"n": 2}
      """
    Then "check" is [{"name": "DirectusError", "extensions": {"field": "$trigger", "path": ["body", "n"], "type": "gt", "valid": 5}, "code": "FAILED_VALIDATION", "status": 400}]
    And "small" is null
    And "$last" is null
    And "call" is absent

  @ERR-FLOW-THROW @FLOW-THROW-ERROR
  Scenario: A throw-error operation answers its own code, status and message when the flow errors on reject
    Given I set "open" to "{"
    And admin sends POST /flows
      """
      {"name": "Teapot {{unique}}", "trigger": "webhook", "status": "active",
       "options": {"method": "POST", "error_on_reject": true},
       "operations": [{"key": "boom", "type": "throw-error", "position_x": 19, "position_y": 1,
                       "options": {"code": "TEAPOT_ERR", "status": "418", "message": "No {{open}}{ $trigger.body.what }}"}}]}
      """
    And I remember "data.id" as "flow"
    And I remember "data.operations.0" as "op"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{op}}"}
      """
    When admin sends POST /flows/trigger/{{flow}}
      """
      {"what": "coffee"}
      """
    Then the status is 418
    And the response is exactly:
      """
      {"errors": [{"message": "No coffee", "extensions": {"code": "TEAPOT_ERR"}}]}
      """
    When admin sends PATCH /flows/{{flow}}
      """
      {"options": {"method": "POST", "error_on_reject": false}}
      """
    And admin sends POST /flows/trigger/{{flow}}
      """
      {"what": "tea"}
      """
    Then the status is 200
    And the response is exactly:
      """
      {"name": "DirectusError", "code": "TEAPOT_ERR", "status": 418}
      """
    When admin sends PATCH /operations/{{op}}
      """
      {"options": {"status": "abc"}}
      """
    And admin sends PATCH /flows/{{flow}}
      """
      {"options": {"method": "POST", "error_on_reject": true}}
      """
    And admin sends POST /flows/trigger/{{flow}}
    Then the response is an error INTERNAL_SERVER_ERROR
    And the error message is "An unexpected error occurred."

  @FLOW-RUN-ACTIVITY
  Scenario: A run is logged as a run activity of the flow with a revision of its steps and redacted data, as its accountability says
    Given I set "open" to "{"
    And admin sends POST /flows
      """
      {"name": "Logged {{unique}}", "trigger": "webhook", "status": "active", "options": {"method": "GET"},
       "operations": [{"key": "say", "type": "transform", "position_x": 19, "position_y": 1,
                       "options": {"json": {"q": "{{open}}{ $trigger.query.x }}"}}}]}
      """
    And I remember "data.id" as "flow"
    And I remember "data.operations.0" as "op"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{op}}"}
      """
    When admin sends GET /flows/trigger/{{flow}}?x=1
    And admin sends GET /activity?filter[action][_eq]=run&filter[item][_eq]={{flow}}&fields=action,collection,item,revisions.collection,revisions.item,revisions.delta,revisions.data
    Then "data" has 1 item
    And "data.0.action" is "run"
    And "data.0.collection" is "directus_flows"
    And "data.0.item" is "{{flow}}"
    And "data.0.revisions.0.collection" is "directus_flows"
    And "data.0.revisions.0.item" is "{{flow}}"
    And "data.0.revisions.0.delta" is null
    And "data.0.revisions.0.data.steps" is [{"operation": "{{op}}", "key": "say", "status": "resolve", "options": {"json": {"q": "1"}}}]
    And the keys of "data.0.revisions.0.data.data" are ["$trigger", "$last", "$accountability", "$env", "say"]
    And "data.0.revisions.0.data.data.$trigger.headers.authorization" is "--redacted--"
    And "data.0.revisions.0.data.data.$trigger.query" is {"x": "1"}
    And "data.0.revisions.0.data.data.say" is {"q": "1"}
    When admin sends PATCH /flows/{{flow}}
      """
      {"accountability": "activity"}
      """
    And admin sends GET /flows/trigger/{{flow}}?x=2
    And admin sends PATCH /flows/{{flow}}
      """
      {"accountability": null}
      """
    And admin sends GET /flows/trigger/{{flow}}?x=3
    And admin sends GET /activity?filter[action][_eq]=run&filter[item][_eq]={{flow}}&fields=revisions&sort=id
    Then the response is exactly:
      """
      {"data": [{"revisions": ["<integer>"]}, {"revisions": []}]}
      """

  @FLOW-ERROR-ON-REJECT
  Scenario: A flow that errors on reject answers a failed condition with its FAILED_VALIDATION error
    Given admin sends POST /flows
      """
      {"name": "Strict {{unique}}", "trigger": "webhook", "status": "active", "options": {"method": "POST", "error_on_reject": true},
       "operations": [{"key": "check", "type": "condition", "position_x": 19, "position_y": 1,
                       "options": {"filter": {"$trigger": {"body": {"n": {"_gt": 5}}}}}}]}
      """
    And I remember "data.id" as "flow"
    And I remember "data.operations.0" as "check"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{check}}"}
      """
    When admin sends POST /flows/trigger/{{flow}}
      """
      {"n": 1}
      """
    Then the status is 400
    And the response is exactly:
      """
      {"errors": [{"message": "Validation failed for field \"$trigger\" at \"body.n\". Value has to be greater than \"5\".",
                   "extensions": {"field": "$trigger", "path": ["body", "n"], "type": "gt", "valid": 5, "code": "FAILED_VALIDATION"}}]}
      """
    When admin sends POST /flows/trigger/{{flow}}
      """
      {"n": 9}
      """
    Then the status is 204

  @needs-flows-env @FLOW-ENV
  Scenario: $env holds the variables FLOWS_ENV_ALLOW_LIST names that are set, cast as Directus reads its environment; another renders as undefined
    Given I set "open" to "{"
    And admin sends POST /flows
      """
      {"name": "Env {{unique}}", "trigger": "webhook", "status": "active",
       "options": {"method": "GET", "return": "$all"},
       "operations": [{"key": "url", "type": "transform", "position_x": 19, "position_y": 1,
                       "options": {"json": {"link": "{{open}}{ $env.CONFORMANCE_FLOW_SITE }}/p/{{open}}{ $trigger.query.p }}",
                                            "limit": "{{open}}{ $env.CONFORMANCE_FLOW_LIMIT }}",
                                            "hidden": "{{open}}{ $env.CONFORMANCE_FLOW_HIDDEN }}"}}}]}
      """
    And I remember "data.id" as "flow"
    And I remember "data.operations.0" as "op"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{op}}"}
      """
    When admin sends GET /flows/trigger/{{flow}}?p=7
    Then the status is 200
    And "$env" is {"CONFORMANCE_FLOW_SITE": "https://example.com/shop", "CONFORMANCE_FLOW_LIMIT": 25, "CONFORMANCE_FLOW_TAGS": ["news", 7], "CONFORMANCE_FLOW_ZIP": "01234", "CONFORMANCE_FLOW_TEXT": "25"}
    And "url" is {"link": "https://example.com/shop/p/7", "limit": 25, "hidden": "undefined"}
