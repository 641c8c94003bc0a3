Feature: GraphQL shaped by the caller's permissions
  The schema holds only what the caller may see: what it may not read is
  not in the schema (a validation error, not FORBIDDEN), and relations to
  collections it may not read fall back to the key's scalar.

  @GQL-PERMISSION-SHAPED @GQL-PERM-FIELD
  Scenario: A collection the caller may not read is not in the schema
    When creator queries /graphql:
      """
      { articles { id } }
      """
    Then the response is an error GRAPHQL_VALIDATION
    And "errors.0.extensions.errors" has 1 item
    When anonymous queries /graphql:
      """
      { articles { id } }
      """
    Then the response is an error GRAPHQL_VALIDATION
    And "errors.0.extensions.errors.0.message" is "Cannot query field \"articles\" on type \"Query\"."

  @GQL-REL-FALLBACK-SCALAR
  Scenario: A relation to a collection the caller may not read is the key's scalar
    When creator queries /graphql:
      """
      { comments(filter: {id: {_eq: 1}}) { id article } }
      """
    Then the response is exactly:
      """
      {"data": {"comments": [{"id": "1", "article": 1}]}}
      """
    When creator queries /graphql:
      """
      { comments { article { id } } }
      """
    Then the response is an error GRAPHQL_VALIDATION
    And "errors.0.extensions.errors.0.message" is "Field \"article\" must not have a selection since type \"Int\" has no subfields."

  @GQL-PERM-APIONLY-SYSTEM
  Scenario: A user without system permissions gets the anonymous system schema
    When reader queries /graphql/system:
      """
      { __schema { queryType { fields { name } } } }
      """
    Then the response is exactly:
      """
      {"data": {"__schema": {"queryType": {"fields": [{"name": "server_specs_oas"}, {"name": "server_specs_graphql"}, {"name": "server_ping"}, {"name": "server_info"}, {"name": "server_health"}, {"name": "_empty"}]}}}}
      """
    When reader queries /graphql/system:
      """
      { users_me { id } }
      """
    Then the response is an error GRAPHQL_VALIDATION

  @GQL-PERM-FORBIDDEN-EXEC
  Scenario: A reader's missing item is null plus FORBIDDEN
    When reader queries /graphql:
      """
      { tags_by_id(id: 999) { id } }
      """
    Then the status is 200
    And "data" is {"tags_by_id": null}
    And "errors.0.extensions.code" is "FORBIDDEN"
