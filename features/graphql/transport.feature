Feature: GraphQL transport and status rules
  GraphQL is served on /graphql (user data) and /graphql/system (system
  data) over GET and POST (seed: "A Note on GraphQL"). Syntax and validation
  problems are 400 GRAPHQL_VALIDATION listing every problem; errors raised
  while resolving are 200 with the code in errors[].extensions; token
  problems are answered before GraphQL runs, as REST errors.

  @GQL-POST @GQL-ROOT-QUERY-LIST @GQL-ID-AS-STRING
  Scenario: A POSTed query lists items with keys as strings
    When admin queries /graphql:
      """
      { articles(sort: ["id"], limit: 2) { id title } }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"articles": [{"id": "1", "title": "Hello World"}, {"id": "2", "title": "Second"}]}}
      """

  @GQL-POST
  Scenario: Variables and an operation name pick the operation to run
    When admin queries /graphql with variables {"id": 2}:
      """
      query Other { tags { id } }
      query One($id: ID!) { articles_by_id(id: $id) { title } }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"errors": [{"message": "Must provide operation name if query contains multiple operations.", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
      """
    When admin sends POST /graphql
      """
      {"query": "query Other { tags { id } } query One($id: ID!) { articles_by_id(id: $id) { title } }", "variables": {"id": 2}, "operationName": "One"}
      """
    Then the response is exactly:
      """
      {"data": {"articles_by_id": {"title": "Second"}}}
      """

  @GQL-GET
  Scenario: A query can be sent with GET, with variables and an operation name
    When admin sends GET /graphql?query=query%20One(%24id%3A%20ID!)%20%7B%20articles_by_id(id%3A%20%24id)%20%7B%20title%20%7D%20%7D&variables=%7B%22id%22%3A%202%7D&operationName=One
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"articles_by_id": {"title": "Second"}}}
      """

  @GQL-GET
  Scenario: Variables that are not JSON are an invalid query
    When admin sends GET /graphql?query=%7B%20articles%20%7B%20id%20%7D%20%7D&variables=%7Bnope
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Variables are invalid JSON."

  @GQL-GET-MUTATION-405
  Scenario: A mutation over GET is not allowed
    When admin sends GET /graphql?query=mutation%20%7B%20delete_notes_item(id%3A%201)%20%7B%20id%20%7D%20%7D
    Then the response is an error METHOD_NOT_ALLOWED
    And the error message is "Invalid method \"GET\" used. Should be one of \"POST\"."
    And the header "allow" is "POST"
    And the response matches:
      """
      {"errors": [{"extensions": {"allowed": ["POST"], "current": "GET"}}]}
      """

  @GQL-METHOD-405 @ERR-405
  Scenario: Methods other than GET and POST are not allowed
    When admin sends PATCH /graphql
      """
      {"query": "{ articles { id } }"}
      """
    Then the response is an error METHOD_NOT_ALLOWED
    And the error message is "Invalid method \"PATCH\" used. Should be one of \"GET\", \"POST\"."
    And the header "allow" is "GET, POST"

  @GQL-NO-QUERY
  Scenario: A request without a query string is an invalid payload
    When admin sends POST /graphql
      """
      {"variables": {}}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error message is "Invalid payload. Must provide query string."
    When admin sends POST /graphql
      """
      {"query": ""}
      """
    Then the response is an error INVALID_PAYLOAD

  @GQL-POST-NONJSON
  Scenario: A body that is not JSON is not read as a GraphQL request
    When admin sends POST /graphql with content type "application/graphql"
      """
      { articles { id } }
      """
    Then the response is an error INVALID_PAYLOAD
    And the error message is "Invalid payload. Must provide query string."

  @GQL-SUBPATH-FALLTHROUGH
  Scenario: Any other path under /graphql serves user data
    When admin queries /graphql/anything-else:
      """
      { articles_by_id(id: 1) { title } }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"articles_by_id": {"title": "Hello World"}}}
      """

  @GQL-AUTH-ERRORS-REST-SHAPED
  Scenario: Token problems are REST errors, not GraphQL responses
    When anonymous sends POST /graphql with header "Authorization: Bearer not-a-known-token"
      """
      {"query": "{ articles { id } }"}
      """
    Then the response is an error INVALID_CREDENTIALS
    And the response matches:
      """
      {"data": "<absent>"}
      """
    When anonymous sends POST /graphql with header "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpZCI6IngiLCJpc3MiOiJkaXJlY3R1cyIsImV4cCI6OTk5OTk5OTk5OX0.c2lnbmVkLXdpdGgtYW5vdGhlci1zZWNyZXQtMDEyMzQ1Njc4OQ"
      """
      {"query": "{ articles { id } }"}
      """
    Then the response is an error INVALID_TOKEN
    And the response matches:
      """
      {"data": "<absent>"}
      """

  @GQL-PARSE-ERROR @ERR-GRAPHQL-VALIDATION-DEF
  Scenario: A syntax error is a 400 GRAPHQL_VALIDATION with its location
    When admin queries /graphql:
      """
      { articles { id }
      """
    Then the response is an error GRAPHQL_VALIDATION
    And the error message is "GraphQL validation error."
    And "errors.0.extensions.errors" has 1 item
    And "errors.0.extensions.errors.0.locations" is [{"line": 1, "column": 18}]

  @GQL-TOKEN-LIMIT @ENV-GRAPHQL
  Scenario: A document of more than 5000 tokens is refused before parsing
    Given "fields" is "id " repeated 5000 times
    When admin queries /graphql:
      """
      { articles { {{fields}} } }
      """
    Then the response is an error GRAPHQL_VALIDATION
    And "errors.0.extensions.errors.0.message" is "Syntax Error: Document contains more that 5000 tokens. Parsing aborted."

  @GQL-VALIDATION-ERROR @GQL-SUGGESTIONS
  Scenario: Every validation problem is listed, with suggestions
    When admin queries /graphql:
      """
      { articles { titl nope } }
      """
    Then the response is an error GRAPHQL_VALIDATION
    And "errors.0.extensions.errors" has 2 items
    And "errors.0.extensions.errors.0" is {"message": "Cannot query field \"titl\" on type \"articles\". Did you mean \"title\"?", "locations": [{"line": 1, "column": 14}]}
    And "errors.0.extensions.errors.1.locations" is [{"line": 1, "column": 19}]

  @GQL-VALIDATION-ERROR @GQL-SUGGESTIONS
  Scenario Outline: Validation problems read as graphql-js words them: <case>
    When admin queries /graphql:
      """
      <document>
      """
    Then the response is an error GRAPHQL_VALIDATION
    And "errors.0.extensions.errors" has 1 item
    And "errors.0.extensions.errors.0.message" reads "<message>"
    And "errors.0.extensions.errors.0.locations" is [{"line": 1, "column": <column>}]

    Examples:
      | case                 | document                                  | message                                                                                           | column |
      | closest fields       | { articles { nope } }                     | Cannot query field "nope" on type "articles". Did you mean "code" or "notes"?           | 14     |
      | no close field       | { articles { zzzzzz } }                   | Cannot query field "zzzzzz" on type "articles".                                              | 14     |
      | object without { }   | { articles { author } }                   | Field "author" of type "authors" must have a selection of subfields. Did you mean "author { ... }"? | 14     |
      | unknown fragment     | { articles { id ...F } }                  | Unknown fragment "F".                                                                           | 20     |
      | string for an Int    | { articles(limit: "x") { id } }           | Int cannot represent non-integer value: "x"                                                     | 19     |
      | Int out of range     | { articles(limit: 99999999999) { id } }   | Int cannot represent non 32-bit signed integer value: 99999999999                                 | 19     |
      | boolean for a String | { articles(search: true) { id } }         | String cannot represent a non string value: true                                                  | 20     |
      | float for an ID      | { articles_by_id(id: 1.5) { id } }        | ID cannot represent a non-string and non-integer value: 1.5                                       | 22     |

  @GQL-PARSE-ERROR @ERR-GRAPHQL-VALIDATION-DEF
  Scenario Outline: Syntax errors read as graphql-js' parser words them: <case>
    When admin queries /graphql:
      """
      <document>
      """
    Then the response is an error GRAPHQL_VALIDATION
    And "errors.0.extensions.errors" has 1 item
    And "errors.0.extensions.errors.0.message" reads "Syntax Error: <message>"
    And "errors.0.extensions.errors.0.locations" is [{"line": 1, "column": <column>}]

    Examples:
      | case                | document                         | message                                        | column |
      | unclosed selection  | { articles { id }                | Expected Name, found <EOF>.                    | 18     |
      | empty selection     | { articles { } }                 | Expected Name, found "}".                      | 14     |
      | argument without :  | { articles(limit 1) { id } }     | Expected ":", found Int "1".                   | 18     |
      | missing value       | { articles(limit: ) { id } }     | Unexpected ")".                                | 19     |
      | not an operation    | articles { id }                  | Unexpected Name "articles".                    | 1      |
      | unterminated string | { articles(search: "x) { id } }  | Unterminated string.                           | 32     |
      | stray character     | { articles { id % } }            | Unexpected character: "%".                     | 17     |
      | bad number          | { articles(limit: 1x) { id } }   | Invalid number, expected digit but got: "x".   | 20     |
      | one brace too many  | { articles { id }}}              | Unexpected "}".                                | 19     |
      | list left open      | { articles(sort: ["id"           | Unexpected <EOF>.                              | 23     |

  @GQL-VALIDATION-ERROR
  Scenario: Several anonymous operations are each reported
    When admin queries /graphql:
      """
      { articles { id } } { tags { id } }
      """
    Then the response is an error GRAPHQL_VALIDATION
    And "errors.0.extensions.errors" is [{"message": "This anonymous operation must be the only defined operation.", "locations": [{"line": 1, "column": 1}]}, {"message": "This anonymous operation must be the only defined operation.", "locations": [{"line": 1, "column": 21}]}]

  @GQL-VALIDATION-ERROR @GQL-SUGGESTIONS
  Scenario: Input objects report missing required fields, unknown fields and nulls where graphql-js does
    When admin queries /graphql:
      """
      mutation { create_articles_item(data: {titl: "x"}) { id } }
      """
    Then the response is an error GRAPHQL_VALIDATION
    And "errors.0.extensions.errors" is [{"message": "Field \"create_articles_input.title\" of required type \"String!\" was not provided.", "locations": [{"line": 1, "column": 39}]}, {"message": "Field \"titl\" is not defined by type \"create_articles_input\". Did you mean \"title\"?", "locations": [{"line": 1, "column": 40}]}]
    When admin queries /graphql:
      """
      mutation { create_articles_item(data: {title: null}) { id } }
      """
    Then "errors.0.extensions.errors" is [{"message": "Expected value of type \"String!\", found null.", "locations": [{"line": 1, "column": 47}]}]
    When admin queries /graphql:
      """
      { articles(filter: {titl: {_eq: "x"}}) { id } }
      """
    Then "errors.0.extensions.errors" is [{"message": "Field \"titl\" is not defined by type \"articles_filter\". Did you mean \"title\"?", "locations": [{"line": 1, "column": 21}]}]
    When admin queries /graphql:
      """
      mutation { create_articles_item(data: 5) { id } }
      """
    Then "errors.0.extensions.errors" is [{"message": "Expected value of type \"create_articles_input!\", found 5.", "locations": [{"line": 1, "column": 39}]}]

  @GQL-EXEC-ERROR-200 @GQL-ROOT-BY-ID @GQL-PERM-FORBIDDEN-EXEC
  Scenario: A missing item is null plus FORBIDDEN, with status 200
    When admin queries /graphql:
      """
      { articles_by_id(id: 999) { id } }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"articles_by_id": null}, "errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"}, "locations": [{"line": 1, "column": 3}], "path": ["articles_by_id"]}]}
      """

  @GQL-EXEC-ERROR-NONNULL-ROOT
  Scenario: A failing list root leaves no data key at all
    When admin queries /graphql:
      """
      { articles(limit: -5) { id } }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"errors": [{"message": "Invalid query. \"limit\" must be greater than or equal to -1.", "extensions": {"code": "INVALID_QUERY", "reason": "\"limit\" must be greater than or equal to -1"}, "locations": [{"line": 1, "column": 3}], "path": ["articles"]}]}
      """
    When admin queries /graphql:
      """
      { articles(sort: ["nope"]) { id } }
      """
    Then the status is 200
    And the response matches:
      """
      {"data": "<absent>"}
      """
    And "errors.0.extensions.code" is "FORBIDDEN"

  @GQL-EXEC-NON-DIRECTUS
  Scenario: GraphQL's own execution errors are INTERNAL_SERVER_ERROR with status 200
    When admin queries /graphql:
      """
      query Q($id: ID!) { articles_by_id(id: $id) { id } }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"errors": [{"message": "Variable \"$id\" of required type \"ID!\" was not provided.", "extensions": {"code": "INTERNAL_SERVER_ERROR"}, "locations": [{"line": 1, "column": 9}]}]}
      """
    When reader queries /graphql:
      """
      query Q($id: ID!) { articles_by_id(id: $id) { id } }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"errors": [{"message": "An unexpected error occurred.", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
      """

  @GQL-VARIABLE-COERCION
  Scenario: A variable's value its type cannot take is an execution error, one per problem, and nothing runs
    When admin queries /graphql with variables {"data": {"title": "Coerced", "views": "many", "rating": 3.0, "author": {"name": 5, "x": 1, "country": 7}, "tags": {"tags_id": {"id": {"a": [1, {"b": {"c": 1}}]}}}}, "ids": [1.5, 2]}:
      """
      mutation M($data: create_articles_input!, $ids: [ID]!) { create_articles_item(data: $data) { id } delete_articles_items(ids: $ids) { ids } }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"errors": [
        {"message": "Variable \"$data\" got invalid value \"many\" at \"data.views\"; Int cannot represent non-integer value: \"many\"", "extensions": {"code": "INTERNAL_SERVER_ERROR"}, "locations": [{"line": 1, "column": 12}]},
        {"message": "Variable \"$data\" got invalid value 5 at \"data.author.name\"; String cannot represent a non string value: 5", "extensions": {"code": "INTERNAL_SERVER_ERROR"}, "locations": [{"line": 1, "column": 12}]},
        {"message": "Variable \"$data\" got invalid value 7 at \"data.author.country\"; Expected type \"create_countries_input\" to be an object.", "extensions": {"code": "INTERNAL_SERVER_ERROR"}, "locations": [{"line": 1, "column": 12}]},
        {"message": "Variable \"$data\" got invalid value { name: 5, x: 1, country: 7 } at \"data.author\"; Field \"x\" is not defined by type \"create_authors_input\".", "extensions": {"code": "INTERNAL_SERVER_ERROR"}, "locations": [{"line": 1, "column": 12}]},
        {"message": "Variable \"$data\" got invalid value { a: [1, [Object]] } at \"data.tags.tags_id.id\"; ID cannot represent value: { a: [1, [Object]] }", "extensions": {"code": "INTERNAL_SERVER_ERROR"}, "locations": [{"line": 1, "column": 12}]},
        {"message": "Variable \"$data\" got invalid value { id: { a: [Array] } } at \"data.tags.tags_id\"; Field \"name\" of required type \"String!\" was not provided.", "extensions": {"code": "INTERNAL_SERVER_ERROR"}, "locations": [{"line": 1, "column": 12}]},
        {"message": "Variable \"$ids\" got invalid value 1.5 at \"ids[0]\"; ID cannot represent value: 1.5", "extensions": {"code": "INTERNAL_SERVER_ERROR"}, "locations": [{"line": 1, "column": 43}]}
      ]}
      """
    When admin queries /graphql with variables {"data": {"views": 1, "nope": 2, "rating": 2.0}}:
      """
      mutation($data: create_articles_input!) { create_articles_item(data: $data) { id } }
      """
    Then the response is exactly:
      """
      {"errors": [
        {"message": "Variable \"$data\" got invalid value { views: 1, nope: 2, rating: 2 }; Field \"title\" of required type \"String!\" was not provided.", "extensions": {"code": "INTERNAL_SERVER_ERROR"}, "locations": [{"line": 1, "column": 10}]},
        {"message": "Variable \"$data\" got invalid value { views: 1, nope: 2, rating: 2 }; Field \"nope\" is not defined by type \"create_articles_input\". Did you mean \"code\" or \"notes\"?", "extensions": {"code": "INTERNAL_SERVER_ERROR"}, "locations": [{"line": 1, "column": 10}]}
      ]}
      """
    When admin sends GET /items/articles?filter[title][_eq]=Coerced&fields=id
    Then "data" is []

  @GQL-VARIABLE-POSITION
  Scenario: A variable used where its declared type does not fit is a validation error, reported after the others
    When admin queries /graphql with variables {"id": 1}:
      """
      query($id: ID = 1, $l: String, $n: Int, $b: Boolean) { articles_by_id(id: $id) { id title @include(if: $b) } articles(filter: {title: {_eq: $n}, views: {_in: [$l, $n]}}, limit: $n) { id nope } }
      """
    Then the response is an error GRAPHQL_VALIDATION
    And "errors.0.extensions.errors" is [{"message": "Cannot query field \"nope\" on type \"articles\". Did you mean \"code\" or \"notes\"?", "locations": [{"line": 1, "column": 187}]}, {"message": "Variable \"$b\" of type \"Boolean\" used in position expecting type \"Boolean!\".", "locations": [{"line": 1, "column": 41}, {"line": 1, "column": 104}]}, {"message": "Variable \"$n\" of type \"Int\" used in position expecting type \"String\".", "locations": [{"line": 1, "column": 32}, {"line": 1, "column": 141}]}, {"message": "Variable \"$l\" of type \"String\" used in position expecting type \"GraphQLStringOrFloat\".", "locations": [{"line": 1, "column": 20}, {"line": 1, "column": 160}]}, {"message": "Variable \"$n\" of type \"Int\" used in position expecting type \"GraphQLStringOrFloat\".", "locations": [{"line": 1, "column": 32}, {"line": 1, "column": 164}]}]
    When admin queries /graphql with variables {"ids": [3]}:
      """
      mutation($ids: [ID]) { delete_notes_items(ids: $ids) { ids } }
      """
    Then the response is an error GRAPHQL_VALIDATION
    And "errors.0.extensions.errors" is [{"message": "Variable \"$ids\" of type \"[ID]\" used in position expecting type \"[ID]!\".", "locations": [{"line": 1, "column": 10}, {"line": 1, "column": 48}]}]
    When admin queries /graphql with variables {"ids": [3]}:
      """
      mutation($ids: [ID!]!) { delete_notes_items(ids: $ids) { ids } }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"delete_notes_items": {"ids": ["3"]}}}
      """

  @GQL-SINGLE-USE
  Scenario: A single-use mutation may appear only once per request
    When anonymous queries /graphql/system:
      """
      mutation { a: auth_login(email: "a@b.c", password: "x") { access_token } b: auth_login(email: "a@b.c", password: "x") { access_token } }
      """
    Then the response is an error GRAPHQL_VALIDATION
    And "errors.0.extensions.errors" is [{"message": "\"auth_login\" can only be used once per request", "locations": [{"line": 1, "column": 74}]}]

  @GQL-SUBSCRIPTION-HTTP
  Scenario: A subscription sent over HTTP answers null
    When admin queries /graphql:
      """
      subscription { articles_mutated { key } }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"articles_mutated": null}}
      """
