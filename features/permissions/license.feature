@needs-core-limits
Feature: The limits of an unlicensed Directus (Core tier)
  Without a licence, Directus 12 refuses custom permission rules and caps
  admin and app users at 3 seats. The mock enforces the same with
  DIRECTUS_MOCK_CORE_LIMITS; a real unlicensed Directus does by default.

  @PERM-CORE-CUSTOM-RULES @ERR-RESOURCE-RESTRICTED
  Scenario Outline: A custom permission rule is RESOURCE_RESTRICTED (<case>)
    When admin sends POST /policies
      """
      {"name": "Conformance core {{unique}}"}
      """
    And I remember "data.id" as "policy"
    And admin sends POST /permissions
      """
      {"policy": "{{policy}}", "collection": "tags", "action": "read", <rule>}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "custom_permission_rules_enabled is a restricted resource.",
                   "extensions": {"category": "custom_permission_rules_enabled", "code": "RESOURCE_RESTRICTED"}}]}
      """
    And the status is 403

    Examples:
      | case        | rule                                                  |
      | field list  | "fields": ["id"]                                      |
      | no fields   | "permissions": {}                                     |
      | item rule   | "fields": ["*"], "permissions": {"id": {"_eq": 1}}    |
      | validation  | "fields": ["*"], "validation": {"name": {"_nnull": true}} |
      | presets     | "fields": ["*"], "presets": {"name": "x"}             |

  @PERM-CORE-CUSTOM-RULES
  Scenario: Full permissions with empty rules are accepted; nested custom rules in a policy are not
    When admin sends POST /policies
      """
      {"name": "Conformance core full {{unique}}", "permissions": [
        {"collection": "tags", "action": "read", "fields": ["*"], "permissions": {}, "validation": {}, "presets": {}}]}
      """
    Then the status is 200
    When admin sends POST /policies
      """
      {"name": "Conformance core nested {{unique}}", "permissions": [
        {"collection": "tags", "action": "read", "fields": ["id", "name"]}]}
      """
    Then the response is an error RESOURCE_RESTRICTED

  @PERM-CORE-ENTITLEMENTS @ENV-LICENSE
  Scenario: /license shows the Core tier to admins only
    When admin sends GET /license
    Then the response matches:
      """
      {"data": {"name": "Core", "status": "active",
                "entitlements": {"seats": {"limit": 3}, "collections": {"limit": 25},
                                 "custom_permission_rules_enabled": {"default": false}}}}
      """
    When editor sends GET /license
    Then the response is an error FORBIDDEN

  @PERM-CORE-SEATS @ERR-LIMIT-EXCEEDED
  Scenario: A fourth admin or app user is LIMIT_EXCEEDED; API-only users take no seat
    # The admin and the fixture's "app" persona take two of the three seats.
    When admin sends POST /policies
      """
      {"name": "Conformance seats {{unique}}", "app_access": true}
      """
    And I remember "data.id" as "policy"
    And admin sends POST /users
      """
      {"email": "seat3-{{unique}}@example.com", "policies": [{"policy": "{{policy}}"}]}
      """
    Then the status is 200
    When admin sends POST /users
      """
      {"email": "seat4-{{unique}}@example.com", "policies": [{"policy": "{{policy}}"}]}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "seats limit exceeded.", "extensions": {"category": "seats", "code": "LIMIT_EXCEEDED"}}]}
      """
    And the status is 403
    When admin sends GET /users?filter[email][_eq]=seat4-{{unique}}@example.com&fields=id
    Then the response is exactly:
      """
      {"data": []}
      """
    When admin sends POST /users
      """
      {"email": "api-only-{{unique}}@example.com"}
      """
    Then the status is 200

  @PERM-CORE-COLLECTIONS @ERR-LIMIT-EXCEEDED
  Scenario: At 25 active collections one more is LIMIT_EXCEEDED; folders, archived collections and tables without metadata are free
    Given admin creates collections named "conformance_fill_{{n}}_{{unique}}" until 25 count against the licence
    When admin sends POST /collections
      """
      {"collection": "conformance_over_{{unique}}", "schema": {}, "meta": {}}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "collections limit exceeded.", "extensions": {"category": "collections", "code": "LIMIT_EXCEEDED"}}]}
      """
    And the status is 403
    When admin sends POST /collections
      """
      {"collection": "conformance_folder_{{unique}}", "schema": null, "meta": {}}
      """
    Then the status is 200
    When admin sends POST /collections
      """
      {"collection": "conformance_bare_{{unique}}", "schema": {}}
      """
    Then the status is 200
    When admin sends POST /collections
      """
      {"collection": "conformance_archived_{{unique}}", "schema": {}, "meta": {"status": "archived"}}
      """
    Then the status is 200
    When admin sends PATCH /collections/conformance_archived_{{unique}}
      """
      {"meta": {"status": "active"}}
      """
    Then the response is an error LIMIT_EXCEEDED with status 403

  @PERM-CORE-FLOWS @ERR-LIMIT-EXCEEDED
  Scenario: A sixth active flow is LIMIT_EXCEEDED, creating or activating it; inactive flows are free and counted nowhere
    Given admin sends POST /flows
      """
      [{"name": "Core 1 {{unique}}", "trigger": "manual"}, {"name": "Core 2 {{unique}}", "trigger": "manual"},
       {"name": "Core 3 {{unique}}", "trigger": "manual"}, {"name": "Core 4 {{unique}}", "trigger": "manual", "status": "active"}]
      """
    And admin sends POST /flows
      """
      {"name": "Core idle {{unique}}", "trigger": "manual", "status": "inactive"}
      """
    And I remember "data.id" as "idle"
    When admin sends GET /license
    Then "data.usage.flows" is 4
    And "data.entitlements.flows" is {"limit": 5}
    When admin sends POST /flows
      """
      {"name": "Core 5 {{unique}}", "trigger": "webhook"}
      """
    Then the status is 200
    When admin sends POST /flows
      """
      {"name": "Core 6 {{unique}}", "trigger": "manual"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "flows limit exceeded.", "extensions": {"category": "flows", "code": "LIMIT_EXCEEDED"}}]}
      """
    And the status is 403
    When admin sends PATCH /flows/{{idle}}
      """
      {"status": "active"}
      """
    Then the response is an error LIMIT_EXCEEDED
    When admin sends PATCH /flows/{{idle}}
      """
      {"name": "Still idle {{unique}}"}
      """
    Then "data.status" is "inactive"
    When admin sends POST /flows
      """
      {"name": "Core idle 2 {{unique}}", "trigger": "manual", "status": "inactive"}
      """
    Then the status is 200
    When admin sends GET /flows?filter[name][_eq]=Core%206%20{{unique}}&fields=id
    Then the response is exactly:
      """
      {"data": []}
      """
    When admin sends GET /license
    Then "data.usage.flows" is 5
