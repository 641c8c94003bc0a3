Feature: The generated GraphQL schema
  The schema is generated from the collections at run time, with Directus
  12.4's names: the collection is the type, filters and inputs are named
  after it, and the schema follows schema changes at once.

  @GQL-SPLIT-ITEMS-ROOT @GQL-SPLIT-SYSTEM-ROOT @GQL-TYPE-NAME
  Scenario: User data is on /graphql and system data on /graphql/system
    When admin queries /graphql/system:
      """
      { users(filter: {email: {_eq: "admin@example.com"}}) { __typename email } }
      """
    Then the response is exactly:
      """
      {"data": {"users": [{"__typename": "directus_users", "email": "admin@example.com"}]}}
      """
    When admin queries /graphql:
      """
      { users { id } }
      """
    Then the response is an error GRAPHQL_VALIDATION
    And "errors.0.extensions.errors.0.message" is "Cannot query field \"users\" on type \"Query\"."
    When admin queries /graphql/system:
      """
      { articles { id } }
      """
    Then the response is an error GRAPHQL_VALIDATION

  @GQL-NONNULL-RULES @GQL-INPUT-TYPES
  Scenario: Required fields are non-null in read and create types, never in update types
    When admin queries /graphql:
      """
      {
        read: __type(name: "strict") { fields { name type { kind name ofType { name } } } }
        create: __type(name: "create_strict_input") { inputFields { name type { kind name ofType { name } } } }
        update: __type(name: "update_strict_input") { inputFields { name type { kind name ofType { name } } } }
      }
      """
    Then the response is exactly:
      """
      {"data": {
        "read": {"fields": [
          {"name": "id", "type": {"kind": "NON_NULL", "name": null, "ofType": {"name": "ID"}}},
          {"name": "a", "type": {"kind": "NON_NULL", "name": null, "ofType": {"name": "String"}}},
          {"name": "b", "type": {"kind": "NON_NULL", "name": null, "ofType": {"name": "String"}}},
          {"name": "n", "type": {"kind": "SCALAR", "name": "Int", "ofType": null}},
          {"name": "level", "type": {"kind": "SCALAR", "name": "String", "ofType": null}},
          {"name": "uniq", "type": {"kind": "SCALAR", "name": "String", "ofType": null}}]},
        "create": {"inputFields": [
          {"name": "id", "type": {"kind": "SCALAR", "name": "ID", "ofType": null}},
          {"name": "a", "type": {"kind": "NON_NULL", "name": null, "ofType": {"name": "String"}}},
          {"name": "b", "type": {"kind": "NON_NULL", "name": null, "ofType": {"name": "String"}}},
          {"name": "n", "type": {"kind": "SCALAR", "name": "Int", "ofType": null}},
          {"name": "level", "type": {"kind": "SCALAR", "name": "String", "ofType": null}},
          {"name": "uniq", "type": {"kind": "SCALAR", "name": "String", "ofType": null}}]},
        "update": {"inputFields": [
          {"name": "id", "type": {"kind": "SCALAR", "name": "ID", "ofType": null}},
          {"name": "a", "type": {"kind": "SCALAR", "name": "String", "ofType": null}},
          {"name": "b", "type": {"kind": "SCALAR", "name": "String", "ofType": null}},
          {"name": "n", "type": {"kind": "SCALAR", "name": "Int", "ofType": null}},
          {"name": "level", "type": {"kind": "SCALAR", "name": "String", "ofType": null}},
          {"name": "uniq", "type": {"kind": "SCALAR", "name": "String", "ofType": null}}]}
      }}
      """

  @GQL-SCALAR-MAP @GQL-FUNC-FIELDS
  Scenario: Field types map to GraphQL scalars, with function fields beside dates and relations
    When admin queries /graphql:
      """
      { __type(name: "articles") { fields { name type { kind name ofType { name } } } } }
      """
    Then the response matches:
      """
      {"data": {"__type": {"fields": [
        {"name": "id", "type": {"kind": "NON_NULL", "name": null, "ofType": {"name": "ID"}}},
        {"name": "status", "type": {"kind": "SCALAR", "name": "String"}},
        {"name": "title", "type": {"kind": "NON_NULL", "ofType": {"name": "String"}}},
        {"name": "body", "type": {"kind": "SCALAR", "name": "String"}},
        {"name": "views", "type": {"kind": "SCALAR", "name": "Int"}},
        {"name": "price", "type": {"kind": "SCALAR", "name": "Float"}},
        {"name": "rating", "type": {"kind": "SCALAR", "name": "Float"}},
        {"name": "published_on", "type": {"kind": "SCALAR", "name": "Date"}},
        {"name": "published_on_func", "type": {"kind": "OBJECT", "name": "date_functions"}},
        {"name": "published_at", "type": {"kind": "SCALAR", "name": "Date"}},
        {"name": "published_at_func", "type": {"kind": "OBJECT", "name": "datetime_functions"}},
        {"name": "created_ts", "type": {"kind": "SCALAR", "name": "Date"}},
        {"name": "created_ts_func", "type": {"kind": "OBJECT", "name": "datetime_functions"}},
        {"name": "at_time", "type": {"kind": "SCALAR", "name": "Date"}},
        {"name": "at_time_func", "type": {"kind": "OBJECT", "name": "time_functions"}},
        {"name": "is_featured", "type": {"kind": "SCALAR", "name": "Boolean"}},
        {"name": "data", "type": {"kind": "SCALAR", "name": "JSON"}},
        {"name": "data_func", "type": {"kind": "OBJECT", "name": "articles_data_func"}},
        {"name": "labels", "type": {"kind": "LIST", "name": null, "ofType": {"name": "String"}}},
        {"name": "ext_id", "type": "<any>"},
        {"name": "short", "type": {"kind": "SCALAR", "name": "String"}},
        {"name": "secret", "type": {"kind": "SCALAR", "name": "Hash"}},
        {"name": "code", "type": {"kind": "SCALAR", "name": "String"}},
        {"name": "author", "type": {"kind": "OBJECT", "name": "authors"}},
        {"name": "editor", "type": {"kind": "OBJECT", "name": "authors"}},
        {"name": "comments", "type": {"kind": "LIST", "ofType": {"name": "comments"}}},
        {"name": "comments_func", "type": {"kind": "OBJECT", "name": "count_functions"}},
        {"name": "notes", "type": {"kind": "LIST", "ofType": {"name": "notes"}}},
        {"name": "notes_func", "type": {"kind": "OBJECT", "name": "count_functions"}},
        {"name": "strict_children", "type": {"kind": "LIST", "ofType": {"name": "strict_children"}}},
        {"name": "strict_children_func", "type": {"kind": "OBJECT", "name": "count_functions"}},
        {"name": "tags", "type": {"kind": "LIST", "ofType": {"name": "articles_tags"}}},
        {"name": "tags_func", "type": {"kind": "OBJECT", "name": "count_functions"}}
      ]}}}
      """

  @GQL-FILTER-TYPE @GQL-FILTER-OPERATORS
  Scenario: Filter inputs pick an operator type per field type
    When admin queries /graphql:
      """
      {
        things: __type(name: "things_filter") { inputFields { name type { name } } }
        numbers: __type(name: "number_filter_operators") { inputFields { name } }
        strings: __type(name: "string_filter_operators") { inputFields { name } }
      }
      """
    Then the response is exactly:
      """
      {"data": {
        "things": {"inputFields": [
          {"name": "id", "type": {"name": "id_filter_operators"}},
          {"name": "label", "type": {"name": "string_filter_operators"}},
          {"name": "user_created", "type": {"name": "directus_users_filter"}},
          {"name": "_and", "type": {"name": null}},
          {"name": "_or", "type": {"name": null}}]},
        "numbers": {"inputFields": [{"name": "_eq"}, {"name": "_neq"}, {"name": "_in"}, {"name": "_nin"}, {"name": "_gt"}, {"name": "_gte"}, {"name": "_lt"}, {"name": "_lte"}, {"name": "_null"}, {"name": "_nnull"}, {"name": "_between"}, {"name": "_nbetween"}]},
        "strings": {"inputFields": [{"name": "_eq"}, {"name": "_neq"}, {"name": "_contains"}, {"name": "_icontains"}, {"name": "_ncontains"}, {"name": "_starts_with"}, {"name": "_nstarts_with"}, {"name": "_istarts_with"}, {"name": "_nistarts_with"}, {"name": "_ends_with"}, {"name": "_nends_with"}, {"name": "_iends_with"}, {"name": "_niends_with"}, {"name": "_in"}, {"name": "_nin"}, {"name": "_null"}, {"name": "_nnull"}, {"name": "_empty"}, {"name": "_nempty"}]}
      }}
      """

  @GQL-FILTER-WRONG-OP
  Scenario: An operator that does not belong to the field's type is a validation error
    When admin queries /graphql:
      """
      { articles(filter: {title: {_gt: "x"}}) { id } }
      """
    Then the response is an error GRAPHQL_VALIDATION
    And "errors.0.extensions.errors" has 1 item

  @GQL-ROOT-AGG
  Scenario: The aggregated type has every aggregate function
    When admin queries /graphql:
      """
      { __type(name: "articles_aggregated") { fields { name type { name } } } }
      """
    Then the response is exactly:
      """
      {"data": {"__type": {"fields": [
        {"name": "group", "type": {"name": "JSON"}},
        {"name": "countAll", "type": {"name": "Int"}},
        {"name": "count", "type": {"name": "articles_aggregated_count"}},
        {"name": "countDistinct", "type": {"name": "articles_aggregated_count"}},
        {"name": "avg", "type": {"name": "articles_aggregated_fields"}},
        {"name": "sum", "type": {"name": "articles_aggregated_fields"}},
        {"name": "avgDistinct", "type": {"name": "articles_aggregated_fields"}},
        {"name": "sumDistinct", "type": {"name": "articles_aggregated_fields"}},
        {"name": "min", "type": {"name": "articles_aggregated_fields"}},
        {"name": "max", "type": {"name": "articles_aggregated_fields"}}
      ]}}}
      """

  @GQL-ROOT-BY-VERSION
  Scenario: Version types mirror the collection with every field nullable
    When admin queries /graphql:
      """
      { __type(name: "version_headings") { fields { name type { kind name } } } }
      """
    Then the response is exactly:
      """
      {"data": {"__type": {"fields": [
        {"name": "id", "type": {"kind": "SCALAR", "name": "ID"}},
        {"name": "title", "type": {"kind": "SCALAR", "name": "String"}},
        {"name": "level", "type": {"kind": "SCALAR", "name": "Int"}}
      ]}}}
      """

  @GQL-SCHEMA-CACHE @GQL-NAME-RULE
  Scenario: A new collection appears at once, and one named against the GraphQL rules is left out
    When admin sends POST /collections
      """
      {"collection": "gql_probe", "schema": {}, "meta": {}, "fields": [{"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}}]}
      """
    Then the status is 200
    When admin queries /graphql:
      """
      { gql_probe { id } }
      """
    Then the response is exactly:
      """
      {"data": {"gql_probe": []}}
      """
    When admin sends DELETE /collections/gql_probe
    Then the status is 204
    When admin queries /graphql:
      """
      { gql_probe { id } }
      """
    Then the response is an error GRAPHQL_VALIDATION
    When admin sends POST /collections
      """
      {"collection": "gql-dashed", "schema": {}, "meta": {}, "fields": [{"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}}]}
      """
    Then the status is 200
    When admin sends GET /items/gql-dashed
    Then the response is exactly:
      """
      {"data": []}
      """
    When admin queries /graphql:
      """
      { __type(name: "gql-dashed") { name } articles_by_id(id: 1) { title } }
      """
    Then the response is exactly:
      """
      {"data": {"__type": null, "articles_by_id": {"title": "Hello World"}}}
      """
    When admin sends DELETE /collections/gql-dashed
    Then the status is 204

  @GQL-RESERVED @GQL-SKIP-RELATIONS
  Scenario: Collections with reserved names are left out, with the relations that point at them
    When admin sends POST /collections
      """
      {"collection": "JSON", "schema": {}, "meta": {}, "fields": [{"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}}]}
      """
    Then the status is 200
    When admin sends POST /fields/things
      """
      {"field": "reserved_ref", "type": "integer", "schema": {}, "meta": {"special": ["m2o"]}}
      """
    Then the status is 200
    When admin sends POST /relations
      """
      {"collection": "things", "field": "reserved_ref", "related_collection": "JSON", "schema": {"on_delete": "SET NULL"}, "meta": {}}
      """
    Then the status is 200
    When admin queries /graphql:
      """
      { json: __type(name: "JSON") { kind } things: __type(name: "things") { fields { name type { kind name } } } }
      """
    Then the response matches:
      """
      {"data": {"json": {"kind": "SCALAR"}, "things": {"fields": [
        {"name": "id", "type": {"kind": "NON_NULL"}},
        {"name": "label", "type": {"kind": "SCALAR", "name": "String"}},
        {"name": "user_created", "type": {"kind": "OBJECT", "name": "directus_users"}},
        {"name": "reserved_ref", "type": {"kind": "SCALAR", "name": "Int"}}
      ]}}}
      """
    When admin sends DELETE /fields/things/reserved_ref
    Then the status is 204
    When admin sends DELETE /collections/JSON
    Then the status is 204

  @GQL-FIELD-NAMES-UNCHECKED
  Scenario: A field whose name is not a GraphQL name does not break the schema
    When admin sends POST /fields/things
      """
      {"field": "bad-field", "type": "string", "schema": {}, "meta": {}}
      """
    Then the status is 200
    When admin queries /graphql:
      """
      { things(sort: ["label"]) { label } }
      """
    Then the response is exactly:
      """
      {"data": {"things": [{"label": "alpha"}, {"label": "beta"}]}}
      """
    When admin sends DELETE /fields/things/bad-field
    Then the status is 204

  @GQL-COLLISION
  Scenario: A collection named like a shared generated type breaks the schema
    When admin sends POST /collections
      """
      {"collection": "count_functions", "schema": {}, "meta": {}, "fields": [{"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}}]}
      """
    Then the status is 200
    When admin queries /graphql:
      """
      { articles { id } }
      """
    Then the response is an error INTERNAL_SERVER_ERROR
    And the error message is "Schema must contain uniquely named types but contains multiple types named \"count_functions\"."
    When admin sends DELETE /collections/count_functions
    Then the status is 204
    When admin queries /graphql:
      """
      { articles_by_id(id: 1) { id } }
      """
    Then the status is 200
