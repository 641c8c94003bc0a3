@needs-query-limits
Feature: The query limits of the server's environment
  The target runs with MAX_RELATIONAL_DEPTH=2, QUERY_LIMIT_DEFAULT=3 and
  QUERYSTRING_ARRAY_LIMIT=5 (capability query-limits; the harness starts such
  a mock itself). The rows come from the system collections, so the scenarios
  need none of the fixture's data.

  @QUERY-LIMIT-DEFAULT-ENV
  Scenario: A query without a limit, and every nested o2m level, returns QUERY_LIMIT_DEFAULT rows
    Given admin sends POST /roles?fields=id
      """
      {"name": "Limits {{unique}}", "users": [
        {"email": "limits-1-{{unique}}@example.com"}, {"email": "limits-2-{{unique}}@example.com"},
        {"email": "limits-3-{{unique}}@example.com"}, {"email": "limits-4-{{unique}}@example.com"},
        {"email": "limits-5-{{unique}}@example.com"}]}
      """
    And I remember "data.id" as "role"
    When admin sends GET /users?filter[role][_eq]={{role}}&fields=email&meta=filter_count
    Then "data" has 3 items
    And "meta.filter_count" is 5
    When admin sends GET /users?filter[role][_eq]={{role}}&fields=email&limit=-1
    Then "data" has 5 items
    When admin sends GET /roles/{{role}}?fields=users.email
    Then "data.users" has 3 items
    When admin sends GET /roles/{{role}}?fields=users.email&deep[users][_limit]=4
    Then "data.users" has 4 items
    When admin queries /graphql/system:
      """
      { users(filter: {role: {id: {_eq: "{{role}}"}}}) { email } }
      """
    Then "data.users" has 3 items
    When admin sends GET /server/info
    Then the response matches:
      """
      {"data": {"queryLimit": {"default": 3, "max": -1}}}
      """

  @QUERY-RELATIONAL-DEPTH-ENV
  Scenario Outline: A path crossing more relations than MAX_RELATIONAL_DEPTH is INVALID_QUERY (<where>)
    When admin sends GET /users?<query>
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid query. Max relational depth exceeded.",
                   "extensions": {"reason": "Max relational depth exceeded", "code": "INVALID_QUERY"}}]}
      """

    Examples:
      | where                  | query                                              |
      | fields                 | fields=role.users.id                               |
      | sort                   | sort=role.users.id                                 |
      | filter                 | filter[role][users][id][_null]=true                |
      | filter inside _and     | filter[_and][0][role][users][role][id][_null]=true |
      | filter with _some      | filter[role][users][_some][id][_null]=true         |
      | deep filter            | deep[role][_filter][users][id][_null]=true         |
      | deep sort              | deep[role][_sort]=users.id                         |
      | groupBy                | groupBy=role.users.id                              |

  @QUERY-RELATIONAL-DEPTH-ENV
  Scenario: Paths up to MAX_RELATIONAL_DEPTH pass, and a json() path is not a relation
    When admin sends GET /users?fields=email,role.name&sort=role.name&filter[role][name][_nnull]=true&deep[role][_sort]=name&limit=1
    Then the status is 200
    When admin sends GET /users?fields=json(tags,%20a.b.c)&filter[email][_eq]=admin@example.com
    Then the response is exactly:
      """
      {"data": [{"tags_a_b_c_json": null}]}
      """

  @QUERY-RELATIONAL-DEPTH-ENV
  Scenario Outline: GraphQL selections, sorts and filters past MAX_RELATIONAL_DEPTH are INVALID_QUERY (<where>)
    When admin queries /graphql/system:
      """
      <document>
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid query. Max relational depth exceeded.",
                   "extensions": {"code": "INVALID_QUERY", "reason": "Max relational depth exceeded"},
                   "locations": [{"line": 1, "column": 3}], "path": ["<root>"]}]}
      """

    Examples:
      | where         | root  | document                                                     |
      | selection     | users | { users { role { users { id } } } }                          |
      | sort          | users | { users(sort: ["role.users.id"]) { id } }                    |
      | filter        | users | { users(filter: {role: {users: {id: {_null: true}}}}) { id } } |
      | nested filter | roles | { roles { users(filter: {role: {name: {_null: true}}}) { id } } } |
      | nested sort   | roles | { roles { users(sort: ["role.name"]) { id } } }              |

  @QUERY-RELATIONAL-DEPTH-ENV
  Scenario: A SEARCH body query past MAX_RELATIONAL_DEPTH is INVALID_QUERY
    When admin sends SEARCH /users
      """
      {"query": {"fields": ["role.users.id"]}}
      """
    Then the response is an error INVALID_QUERY
    And the error reason is "Max relational depth exceeded"

  @QUERYSTRING-ARRAY-LIMIT-ENV
  Scenario: URL arrays up to QUERYSTRING_ARRAY_LIMIT are arrays, longer ones objects
    When admin sends GET /roles?fields[4]=name&limit=1&filter[name][_eq]=Administrator
    Then the response is exactly:
      """
      {"data": [{"name": "Administrator"}]}
      """
    When admin sends GET /roles?fields[]=id&fields[]=name&fields[]=icon&fields[]=parent&fields[]=description&limit=1
    Then the status is 200
    And the keys of "data.0" are ["id", "name", "icon", "parent", "description"]
    When admin sends GET /roles?fields[5]=name
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid query. \"fields\" must be a string or array.",
                   "extensions": {"reason": "\"fields\" must be a string or array", "code": "INVALID_QUERY"}}]}
      """
    When admin sends GET /roles?fields[]=id&fields[]=name&fields[]=icon&fields[]=parent&fields[]=description&fields[]=users
    Then the response is an error INVALID_QUERY
    And the error reason is "\"fields\" must be a string or array"
    When admin sends GET /roles?fields=id&fields=name&fields=icon&fields=parent&fields=description&fields=users
    Then the response is an error INVALID_QUERY
    And the error reason is "\"fields\" must be a string or array"
