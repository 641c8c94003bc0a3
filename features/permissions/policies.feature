Feature: Roles, policies, permissions and access
  Permissions belong to policies; policies reach users through access rows,
  attached to a role, to a user, or to the public (neither).

  @PERM-BOOTSTRAP-ROWS @PERM-MODEL-ACCESS
  Scenario: A fresh Directus has a public policy attached by an access row with neither role nor user
    When admin sends GET /access?filter[role][_null]=true&filter[user][_null]=true&fields=role,user,policy.name
    Then the response matches:
      """
      {"data": [{"role": null, "user": null, "policy": {"name": "$t:public_label"}}]}
      """
    When admin sends GET /policies?filter[admin_access][_eq]=true&fields=name,admin_access,app_access
    Then the response matches:
      """
      {"data": [{"name": "Administrator", "admin_access": true, "app_access": true}]}
      """

  @PERM-MODEL-POLICY @PERM-MODEL-PERMISSION @ROLES-POLICIES-PERMISSIONS-CRUD
  Scenario: A policy is created with nested permissions and lists their ids
    When admin sends POST /policies
      """
      {"name": "Conformance nested {{unique}}", "permissions": [
        {"collection": "tags", "action": "read", "fields": ["*"], "permissions": {}, "validation": {}}]}
      """
    Then the response matches:
      """
      {"data": {"id": "<uuid>", "name": "Conformance nested {{unique}}", "icon": "badge", "description": null,
                "ip_access": null, "enforce_tfa": false, "admin_access": false, "app_access": false,
                "permissions": ["<integer>"], "users": [], "roles": []}}
      """
    When I remember "data.id" as "policy"
    And admin sends GET /permissions?filter[policy][_eq]={{policy}}&fields=collection,action,fields,permissions,validation,presets,policy
    Then the response is exactly:
      """
      {"data": [{"collection": "tags", "action": "read", "fields": ["*"], "permissions": {}, "validation": {},
                 "presets": null, "policy": "{{policy}}"}]}
      """

  @PERM-MODEL-ROLE @PERM-MODEL-ACCESS @ROLES-POLICIES-PERMISSIONS-CRUD
  Scenario: A role is created with its policies; admin and app flags on a role are ignored
    When admin sends POST /policies
      """
      {"name": "Conformance role policy {{unique}}"}
      """
    And I remember "data.id" as "policy"
    And admin sends POST /roles
      """
      {"name": "Conformance role {{unique}}", "admin_access": true, "app_access": true,
       "policies": [{"policy": "{{policy}}"}]}
      """
    Then the response matches:
      """
      {"data": {"id": "<uuid>", "name": "Conformance role {{unique}}", "parent": null, "children": [],
                "policies": ["<uuid>"], "users": [], "admin_access": "<absent>"}}
      """
    When I remember "data.id" as "role"
    And admin sends GET /access?filter[role][_eq]={{role}}&fields=role,user,policy
    Then the response is exactly:
      """
      {"data": [{"role": "{{role}}", "user": null, "policy": "{{policy}}"}]}
      """

  @PERM-IP
  Scenario: An ip_access value that is not an address, a range or a CIDR block is INVALID_PAYLOAD
    When admin sends POST /policies
      """
      {"name": "Conformance bad ip {{unique}}", "ip_access": ["10.0.0.1", "nope"]}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid payload. IP Access contains an incorrect value. Valid values are: IP addresses, IP ranges and CIDR blocks.",
                   "extensions": {"reason": "IP Access contains an incorrect value. Valid values are: IP addresses, IP ranges and CIDR blocks", "code": "INVALID_PAYLOAD"}}]}
      """

  @PERM-IP
  Scenario: A policy limited to the client's own address applies
    When admin sends POST /policies
      """
      {"name": "Conformance local {{unique}}", "ip_access": ["127.0.0.0/8", "::1"],
       "permissions": [{"collection": "tags", "action": "read", "fields": ["*"], "permissions": {}, "validation": {}}]}
      """
    And I remember "data.id" as "policy"
    And admin sends POST /users
      """
      {"email": "local-{{unique}}@example.com", "token": "local-{{unique}}", "policies": [{"policy": "{{policy}}"}]}
      """
    Given I set "token:local" to "local-{{unique}}"
    When local sends GET /items/tags?fields=name&limit=1
    Then the response is exactly:
      """
      {"data": [{"name": "news"}]}
      """

  @PERM-PUBLIC @AUTH-ANON
  Scenario: Public permissions apply to anonymous callers and role-less users, not to users with a role
    When admin sends GET /access?filter[role][_null]=true&filter[user][_null]=true&fields=policy
    And I remember "data.0.policy" as "public"
    And admin sends POST /permissions
      """
      {"policy": "{{public}}", "collection": "articles", "action": "read", "fields": ["*"], "permissions": {}, "validation": {}}
      """
    Then the status is 200
    When anonymous sends GET /items/articles/1?fields=title
    Then the response is exactly:
      """
      {"data": {"title": "Hello World"}}
      """
    When creator sends GET /items/articles/1?fields=title
    Then the response is an error FORBIDDEN
    When admin sends POST /users
      """
      {"email": "roleless-{{unique}}@example.com", "token": "roleless-{{unique}}"}
      """
    Given I set "token:roleless" to "roleless-{{unique}}"
    When roleless sends GET /items/articles/1?fields=title
    Then "data.title" is "Hello World"

  @PERM-UNION
  Scenario: A user's own policies and their role's policies add up
    When admin sends POST /policies
      """
      {"name": "Conformance union role {{unique}}",
       "permissions": [{"collection": "tags", "action": "read", "fields": ["*"], "permissions": {}, "validation": {}}]}
      """
    And I remember "data.id" as "rolepolicy"
    And admin sends POST /policies
      """
      {"name": "Conformance union user {{unique}}",
       "permissions": [{"collection": "authors", "action": "read", "fields": ["*"], "permissions": {}, "validation": {}}]}
      """
    And I remember "data.id" as "userpolicy"
    And admin sends POST /roles
      """
      {"name": "Conformance union {{unique}}", "policies": [{"policy": "{{rolepolicy}}"}]}
      """
    And I remember "data.id" as "role"
    And admin sends POST /users
      """
      {"email": "union-{{unique}}@example.com", "token": "union-{{unique}}", "role": "{{role}}",
       "policies": [{"policy": "{{userpolicy}}"}]}
      """
    Given I set "token:union" to "union-{{unique}}"
    When union sends GET /items/tags/1?fields=name
    Then "data.name" is "news"
    When union sends GET /items/authors/1?fields=name
    Then "data.name" is "Ann"
    When union sends GET /items/articles/1?fields=title
    Then the response is an error FORBIDDEN

  @PERM-UNION @PERM-MODEL-ROLE
  Scenario: Policies of a parent role apply to the users of its child roles
    When admin sends POST /policies
      """
      {"name": "Conformance parent {{unique}}",
       "permissions": [{"collection": "tags", "action": "read", "fields": ["*"], "permissions": {}, "validation": {}}]}
      """
    And I remember "data.id" as "policy"
    And admin sends POST /roles
      """
      {"name": "Conformance parent {{unique}}", "policies": [{"policy": "{{policy}}"}]}
      """
    And I remember "data.id" as "parent"
    And admin sends POST /roles
      """
      {"name": "Conformance child {{unique}}", "parent": "{{parent}}"}
      """
    And I remember "data.id" as "child"
    And admin sends POST /users
      """
      {"email": "child-{{unique}}@example.com", "token": "child-{{unique}}", "role": "{{child}}"}
      """
    Given I set "token:child" to "child-{{unique}}"
    When child sends GET /items/tags/2?fields=name
    Then "data.name" is "tech"

  @PERM-ADMIN
  Scenario: admin_access on a policy attached directly to a user makes the user an admin
    When admin sends GET /policies?filter[admin_access][_eq]=true&fields=id
    And I remember "data.0.id" as "adminpolicy"
    And admin sends POST /users
      """
      {"email": "second-admin-{{unique}}@example.com", "token": "second-admin-{{unique}}",
       "policies": [{"policy": "{{adminpolicy}}"}]}
      """
    Given I set "token:second" to "second-admin-{{unique}}"
    When second sends GET /policies/me/globals
    Then the response is exactly:
      """
      {"data": {"app_access": true, "admin_access": true, "enforce_tfa": false}}
      """
    When second sends GET /items/strict?fields=id&limit=1
    Then the status is 200

  @PERM-PERMISSIONS-ME
  Scenario: /permissions/me tells, per collection and action, what the caller may do
    When reader sends GET /permissions/me
    Then the response matches:
      """
      {"data": {"articles": {"read": {"access": "full", "fields": ["*"]}, "create": {"access": "none"},
                             "update": {"access": "none"}, "delete": {"access": "none"}, "share": {"access": "none"}}}}
      """
    And "data.directus_users" is absent
    When anonymous sends GET /permissions/me
    Then the response is an error FORBIDDEN

  @PERM-PERMISSIONS-ME
  Scenario: /policies/me/globals gives the caller's flags, and only app_access false to anonymous callers
    When app sends GET /policies/me/globals
    Then the response is exactly:
      """
      {"data": {"app_access": true, "admin_access": false, "enforce_tfa": false}}
      """
    When anonymous sends GET /policies/me/globals
    Then the response is exactly:
      """
      {"data": {"app_access": false}}
      """

  @PERM-PERMISSIONS-ME
  Scenario: /roles/me gives the caller's roles; anonymous callers are FORBIDDEN
    When app sends GET /roles/me?fields=id,name
    Then the response matches:
      """
      {"data": [{"id": "<uuid>", "name": "<string>"}]}
      """
    When anonymous sends GET /roles/me
    Then the response is an error FORBIDDEN
