@needs-graphql-introspection-off
Feature: GraphQL with introspection turned off
  The target runs with GRAPHQL_INTROSPECTION=false (capability
  graphql-introspection-off). No fixture: everything here is on the system
  endpoint or independent of collections.

  @GQL-INTROSPECTION-OFF
  Scenario: __schema is a validation error, one inner error per introspection field
    When admin queries /graphql:
      """
      { __schema { queryType { name } } }
      """
    Then the status is 400
    And the response is exactly:
      """
      {"errors": [{"message": "GraphQL validation error.",
                   "extensions": {"errors": [
                     {"message": "GraphQL introspection has been disabled, but the requested query contained the field \"__schema\".",
                      "locations": [{"line": 1, "column": 3}]},
                     {"message": "GraphQL introspection has been disabled, but the requested query contained the field \"queryType\".",
                      "locations": [{"line": 1, "column": 14}]}],
                   "code": "GRAPHQL_VALIDATION"}}]}
      """

  @GQL-INTROSPECTION-OFF
  Scenario: __type is refused on the system endpoint too
    When admin queries /graphql/system:
      """
      { __type(name: "Query") { name } }
      """
    Then the response is an error GRAPHQL_VALIDATION with status 400
    And "errors.0.extensions.errors.0.message" is "GraphQL introspection has been disabled, but the requested query contained the field \"__type\"."

  @GQL-INTROSPECTION-OFF
  Scenario: __typename still works
    When admin queries /graphql/system:
      """
      { __typename }
      """
    Then the response is exactly:
      """
      {"data": {"__typename": "Query"}}
      """

  @GQL-INTROSPECTION-OFF
  Scenario: The SDL download is gone, from REST and from the system schema
    When admin sends GET /server/specs/graphql
    Then the response is an error ROUTE_NOT_FOUND with status 404
    When admin queries /graphql/system:
      """
      { server_specs_graphql }
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "GraphQL validation error.",
                   "extensions": {"errors": [
                     {"message": "Cannot query field \"server_specs_graphql\" on type \"Query\".",
                      "locations": [{"line": 1, "column": 3}]}],
                   "code": "GRAPHQL_VALIDATION"}}]}
      """
