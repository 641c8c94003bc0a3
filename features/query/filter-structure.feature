Feature: Filter structure and value coercion
  A filter is a tree of fields, operators and _and/_or groups. Strings
  "true", "false" and "null" are literals everywhere; numeric fields cast with Number().

  @FILTER-SHORTHAND-EQ
  Scenario: A plain value means _eq
    When admin sends GET /items/articles?fields=id&filter[views]=6
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}]}
      """

  @FILTER-SHORTHAND-EQ
  Scenario: A plain value in JSON means _eq
    When admin sends GET /items/articles?fields=id&filter={"title":"Second"}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}]}
      """

  @FILTER-IMPLICIT-AND
  Scenario: Several fields at one level are AND-ed
    When admin sends GET /items/articles?fields=id&filter[status][_eq]=published&filter[views][_gt]=6
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 5}]}
      """

  @FILTER-IMPLICIT-AND
  Scenario: Several operators on one field are AND-ed
    When admin sends GET /items/articles?fields=id&filter[views][_gt]=1&filter[views][_lt]=8
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}, {"id": 6}]}
      """

  @FILTER-LOGICAL
  Scenario: _and and _or nest
    When admin sends GET /items/articles?fields=id&filter={"_or":[{"_and":[{"views":{"_gt":1}},{"views":{"_lt":8}}]},{"status":{"_eq":"archived"}}]}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}, {"id": 4}, {"id": 6}]}
      """

  @FILTER-LOGICAL-EMPTY
  Scenario: An empty _or restricts nothing
    When admin sends GET /items/articles?fields=id&filter={"_or":[]}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 3}, {"id": 4}, {"id": 5}, {"id": 6}]}
      """

  @FILTER-LOGICAL-EMPTY
  Scenario: An _or with an empty member restricts nothing
    When admin sends GET /items/articles?fields=id&filter={"_or":[{},{"id":{"_eq":1}}]}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 3}, {"id": 4}, {"id": 5}, {"id": 6}]}
      """

  @FILTER-LOGICAL-EMPTY
  Scenario: An empty _and restricts nothing
    When admin sends GET /items/articles?fields=id&filter={"_and":[]}&limit=2
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}]}
      """

  @FILTER-LOGICAL-INSIDE-FIELD
  Scenario: A logical group under a field is hoisted
    When admin sends GET /items/articles?fields=id&filter={"author":{"_or":[{"name":{"_eq":"Ann"}},{"name":{"_eq":"Cleo"}}]}}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 4}, {"id": 5}]}
      """

  @FILTER-LOGICAL-BAD
  Scenario: _or that is not an array is INVALID_QUERY
    When admin sends GET /items/articles?fields=id&filter[_or]=abc
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Invalid filter object."

  @FILTER-LOGICAL-BAD
  Scenario: _and with an object is INVALID_QUERY
    When admin sends GET /items/articles?fields=id&filter[_and][views][_eq]=1
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Invalid filter object."

  @FILTER-ERROR-ORDER
  Scenario: A condition beside a group is checked before the group's own conditions
    When admin sends GET /items/articles?fields=id&filter={"_or":[{"_and":[{"secret":{"_eq":"a"}}]},{"secret":{"_neq":"b"}}]}
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"hash\" field type does not contain the \"_neq\" filter operator."
    When admin sends GET /items/articles?fields=id&filter={"_or":[{"secret":{"_eq":"a"},"title":{"_eq":"x"}},{"secret":{"_neq":"b"}}]}
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"hash\" field type does not contain the \"_neq\" filter operator."
    When admin sends GET /items/articles?fields=id&filter={"secret":{"_eq":"a"},"_and":[{"secret":{"_neq":"b"}}]}
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"hash\" field type does not contain the \"_eq\" filter operator."

  @FILTER-ERROR-ORDER
  Scenario: Groups are checked in order, each one whole before the next
    When admin sends GET /items/articles?fields=id&filter={"_or":[{"_and":[{"secret":{"_in":["a"]}},{"_and":[{"secret":{"_eq":"a"}}]}]},{"_and":[{"secret":{"_neq":"b"}}]}]}
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"hash\" field type does not contain the \"_in\" filter operator."

  @FILTER-UNKNOWN-FIELDS-ALL @QUERY-SORT-UNKNOWN-403
  Scenario: Every unknown field of the filter and the sort is named at once, the filter's last first
    When admin sends GET /items/articles?fields=id&filter={"_and":[{"nope":{"_eq":1}},{"title":{"_eq":"x"}},{"nada":{"_eq":1}}]}
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access fields \"nada\", \"nope\" in collection \"articles\" or they do not exist. Queried in root."
    When admin sends GET /items/articles?fields=id&filter={"nope":{"deeper":{"_eq":1}}}&sort=-zap,zip.y
    Then the error message is "You don't have permission to access fields \"nope\", \"deeper\", \"zap\", \"zip\", \"y\" in collection \"articles\" or they do not exist. Queried in root."
    When admin sends GET /items/articles?sort=nope,nada
    Then the error message is "You don't have permission to access fields \"nope\", \"nada\" in collection \"articles\" or they do not exist. Queried in root."

  @FILTER-UNKNOWN-FIELDS-ALL @FILTER-ERROR-ORDER
  Scenario: Unknown fields of the level are found before an invalid operator or value, and before a relation's fields
    When admin sends GET /items/articles?fields=id&filter={"title":{"_bogus":1},"nope":{"_eq":1}}
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"nope\" in collection \"articles\" or it does not exist. Queried in root."
    When admin sends GET /items/articles?fields=id&filter={"views":{"_eq":"abc"},"nope":{"_eq":1}}
    Then the response is an error FORBIDDEN
    When admin sends GET /items/articles?fields=id&filter={"author":{"nada":{"_eq":1}},"nope":{"_eq":1}}
    Then the error message is "You don't have permission to access field \"nope\" in collection \"articles\" or it does not exist. Queried in root."

  @FILTER-UNKNOWN-FIELDS-ALL
  Scenario: An unknown field behind a relation is named with the keys its path goes on through
    When admin sends GET /items/articles?filter[author][born_func][day][_gt]=2
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access fields \"born_func\", \"day\" in collection \"authors\" or they do not exist. Queried in \"author\"."
    When admin sends GET /items/articles?filter[comments][nope][x][_eq]=1
    Then the error message is "You don't have permission to access fields \"nope\", \"x\" in collection \"comments\" or they do not exist. Queried in \"comments\"."
    When admin sends GET /items/articles?filter[author][nope][_eq]=1
    Then the error message is "You don't have permission to access field \"nope\" in collection \"authors\" or it does not exist. Queried in \"author\"."

  @FILTER-INVALID-JSON
  Scenario: A filter that is not JSON is an invalid filter
    When admin sends GET /items/articles?fields=id&filter=%7Bnope
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Invalid JSON for filter object."

  @FILTER-UNKNOWN-OPERATOR
  Scenario: An unknown operator names the field type
    When admin sends GET /items/articles?fields=id&filter[views][_foo]=1
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"integer\" field type does not contain the \"_foo\" filter operator."

  @FILTER-UNKNOWN-OPERATOR
  Scenario: An operator at the root is an invalid filter key
    When admin sends GET /items/articles?fields=id&filter={"_eq":1}
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Invalid filter key \"_eq\" on \"articles\"."

  @FILTER-UNKNOWN-FIELD
  Scenario: An unknown field in a filter is FORBIDDEN
    When admin sends GET /items/articles?fields=id&filter[nope][_eq]=1
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"nope\" in collection \"articles\" or it does not exist. Queried in root."

  @FILTER-UNKNOWN-FIELD
  Scenario: An unknown related field names the relation
    When admin sends GET /items/articles?fields=id&filter[author][nope][_eq]=1
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"nope\" in collection \"authors\" or it does not exist. Queried in \"author\"."

  @FILTER-UNKNOWN-FIELD
  Scenario: A key under a plain field is looked up in the same collection
    When admin sends GET /items/articles?fields=id&filter[title][foo][_eq]=1
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"foo\" in collection \"articles\" or it does not exist. Queried in root."

  @FILTER-VALUE-PRIMITIVE
  Scenario: An object as a comparison value is INVALID_QUERY
    When admin sends GET /items/articles?fields=id&filter={"title":{"_eq":{"a":1}}}
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. The filter value for \"_eq\" has to be a string, number, or boolean."

  @FILTER-VALUE-PRIMITIVE
  Scenario: A number beyond the safe integers is INVALID_QUERY
    When admin sends GET /items/articles?fields=id&filter={"views":{"_eq":99999999999999999999}}
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. The filter value for \"_eq\" is not a valid number."

  @FILTER-EMPTY-STRING
  Scenario: An empty comparison value is INVALID_QUERY
    When admin sends GET /items/articles?fields=id&filter[title][_eq]=
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. You can't filter for an empty string in \"_eq\". Use \"_empty\" or \"_nempty\" instead."

  @FILTER-COERCE-LITERALS
  Scenario: The string null means IS NULL
    When admin sends GET /items/articles?fields=id&filter[body][_eq]=null
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 3}]}
      """

  @FILTER-COERCE-LITERALS
  Scenario: The literals are coerced in JSON filters too
    When admin sends GET /items/articles?fields=id&filter={"is_featured":{"_eq":"true"}}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 5}]}
      """

  @FILTER-COERCE-NUMERIC
  Scenario: Numeric fields cast values with Number()
    When admin sends GET /items/articles?fields=id&filter={"views":{"_in":["6","0x0a"]}}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}]}
      """

  @FILTER-COERCE-NUMERIC
  Scenario: null in a numeric list is 0
    When admin sends GET /items/articles?fields=id&filter={"views":{"_nin":[0,null]}}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 5}, {"id": 6}]}
      """

  @FILTER-COERCE-NUMERIC
  Scenario: A value that is not a number is INVALID_QUERY for a numeric field
    When admin sends GET /items/articles?fields=id&filter[views][_eq]=abc
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Invalid numeric value."

  @FILTER-COERCE-DATE
  Scenario: Dates compare with ISO strings
    When admin sends GET /items/articles?fields=id&filter[published_at][_gte]=2024-03-02T08:00:00&filter[published_on][_lt]=2025-01-01
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}]}
      """

  @FILTER-COERCE-DATE @vendor-sqlite-dates
  Scenario: An unreadable date sorts after every stored date on SQLite
    When admin sends GET /items/articles?fields=id&filter[published_on][_lt]=someday
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 4}, {"id": 5}, {"id": 6}]}
      """

  @FILTER-COERCE-DATE @vendor-sqlite-dates
  Scenario: A time field compared with a date is never smaller on SQLite
    When admin sends GET /items/articles?fields=id&filter[at_time][_lt]=2030-01-01T00:00:00
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """

  @FILTER-COERCE-BOOLEAN
  Scenario: A boolean matches true, "true" and 1
    When admin sends GET /items/articles?fields=id&filter={"_and":[{"is_featured":{"_eq":true}},{"is_featured":{"_eq":"true"}},{"is_featured":{"_eq":1}}]}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 5}]}
      """

  @FILTER-COERCE-UUID @vendor-sqlite-local-types
  Scenario: A value that is not a uuid matches no uuid
    When admin sends GET /items/things?fields=label&filter[id][_eq]=not-a-uuid
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """

  @FILTER-QS-STRINGS @FILTER-OP-JSON-TYPES @vendor-sqlite-json-types
  Scenario: Bracket values are strings, which never equal JSON numbers (SQLite)
    When admin sends GET /items/articles?fields=id&filter[data][_json][a][_eq]=1
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """

  @FILTER-QS-STRINGS @FILTER-OP-JSON-TYPES @vendor-postgres-json-types @vendor-mysql-json-types
  Scenario: Bracket values are strings, which equal JSON numbers as text (PostgreSQL, MySQL)
    When admin sends GET /items/articles?fields=id&filter[data][_json][a][_eq]=1
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}]}
      """
    When admin sends GET /items/articles?fields=id&filter[data][_json][a][_eq]=01
    Then the response is exactly:
      """
      {"data": []}
      """

  @FILTER-QS-STRINGS @FILTER-OP-JSON-TYPES
  Scenario: JSON values keep their numbers
    When admin sends GET /items/articles?fields=id&filter={"data":{"_json":{"a":{"_eq":1}}}}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}]}
      """
