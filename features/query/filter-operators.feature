Feature: Filter operators and the types that offer them
  Negated operators exclude NULLs (SQL semantics). LIKE-based operators follow
  SQLite: case-insensitive for ASCII (tag @vendor-sqlite-like-case), % and _ are wildcards.

  @FILTER-OP-EQ
  Scenario: _eq compares, and _eq null is IS NULL
    When admin sends GET /items/articles?fields=id&filter={"_or":[{"title":{"_eq":"Second"}},{"views":{"_eq":null}}]}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}, {"id": 4}]}
      """

  @FILTER-OP-NEQ
  Scenario: _neq leaves out NULLs
    When admin sends GET /items/articles?fields=id&filter[views][_neq]=6
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 3}, {"id": 5}, {"id": 6}]}
      """

  @FILTER-OP-NEQ
  Scenario: _neq null is IS NOT NULL
    When admin sends GET /items/articles?fields=id&filter[body][_neq]=null
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 4}, {"id": 5}, {"id": 6}]}
      """

  @FILTER-OP-LT-LTE-GT-GTE
  Scenario: _lt and _gte bound a range
    When admin sends GET /items/articles?fields=id&filter[views][_lt]=10&filter[views][_gte]=3
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}, {"id": 6}]}
      """

  @FILTER-OP-LT-LTE-GT-GTE
  Scenario: _lte and _gt bound a range
    When admin sends GET /items/articles?fields=id&filter[rating][_lte]=4.5&filter[rating][_gt]=1.5
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 6}]}
      """

  @FILTER-OP-IN
  Scenario: _in takes a comma list
    When admin sends GET /items/articles?fields=id&filter[views][_in]=0,6
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}, {"id": 3}]}
      """

  @FILTER-OP-IN
  Scenario: _in takes an indexed list
    When admin sends GET /items/articles?fields=id&filter[title][_in][0]=Zebra&filter[title][_in][1]=Second
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}, {"id": 6}]}
      """

  @FILTER-OP-IN
  Scenario: _in takes a scalar as a list of one
    When admin sends GET /items/articles?fields=id&filter={"views":{"_in":25}}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 5}]}
      """

  @FILTER-OP-IN-EMPTY
  Scenario: An empty _in is INVALID_QUERY
    When admin sends GET /items/articles?fields=id&filter={"views":{"_in":[]}}
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"_in\" has to be an array of values."

  @FILTER-OP-IN-EMPTY
  Scenario: An empty _between is INVALID_QUERY
    When admin sends GET /items/articles?fields=id&filter={"views":{"_between":[]}}
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"_between\" has to be an array of values."

  @FILTER-OP-NIN
  Scenario: _nin leaves out NULLs
    When admin sends GET /items/articles?fields=id&filter[views][_nin]=0,6
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 5}, {"id": 6}]}
      """

  @FILTER-OP-NULL
  Scenario: _null true and false
    When admin sends GET /items/articles?fields=id&filter={"_and":[{"body":{"_null":false}},{"views":{"_null":true}}]}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 4}]}
      """

  @FILTER-OP-NULL
  Scenario: _null with an empty value means true
    When admin sends GET /items/articles?fields=id&filter[views][_null]=
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 4}]}
      """

  @FILTER-OP-NULL
  Scenario: _null with another value is INVALID_QUERY
    When admin sends GET /items/articles?fields=id&filter[views][_null]=yes
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"_null\" has to be a boolean."

  @FILTER-OP-NNULL
  Scenario: _nnull mirrors _null
    When admin sends GET /items/articles?fields=id&filter[rating][_nnull]=false
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 3}]}
      """

  @FILTER-OP-CONTAINS @VENDOR-CONTAINS-CASE @vendor-sqlite-like-case
  Scenario: _contains ignores ASCII case on SQLite
    When admin sends GET /items/articles?fields=id&filter[title][_contains]=hello
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 5}]}
      """

  @FILTER-OP-NCONTAINS
  Scenario: _ncontains leaves out NULLs
    When admin sends GET /items/articles?fields=id&filter[body][_ncontains]=hello
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 4}, {"id": 5}, {"id": 6}]}
      """

  @FILTER-OP-ICONTAINS
  Scenario: _icontains ignores case
    When admin sends GET /items/articles?fields=id&filter[title][_icontains]=HELLO
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 5}]}
      """

  @FILTER-OP-NICONTAINS
  Scenario: _nicontains is offered by no field type
    When admin sends GET /items/articles?fields=id&filter[title][_nicontains]=hello
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"string\" field type does not contain the \"_nicontains\" filter operator."

  @FILTER-OP-STARTS-ENDS @vendor-sqlite-like-case
  Scenario: Starts and ends with
    When admin sends GET /items/articles?fields=id&filter[title][_starts_with]=HELLO&filter[title][_nends_with]=world
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 5}]}
      """

  @FILTER-OP-STARTS-ENDS
  Scenario: Case-insensitive starts and ends with
    When admin sends GET /items/articles?fields=id&filter[title][_istarts_with]=h&filter[title][_iends_with]=AGAIN
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 5}]}
      """

  @FILTER-OP-STARTS-ENDS
  Scenario: Negated case-insensitive starts and ends with
    When admin sends GET /items/articles?fields=id&filter[title][_nistarts_with]=H&filter[title][_niends_with]=A
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}, {"id": 3}, {"id": 4}]}
      """

  @FILTER-OP-STARTS-ENDS @vendor-sqlite-like-case
  Scenario: Negated starts with
    When admin sends GET /items/articles?fields=id&filter[title][_nstarts_with]=hello&filter[body][_ends_with]=T.
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """

  @FILTER-LIKE-WILDCARDS
  Scenario: A percent sign matches anything
    When admin sends GET /items/articles?fields=id&filter[body][_contains]=%25
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 4}, {"id": 5}, {"id": 6}]}
      """

  @FILTER-LIKE-WILDCARDS
  Scenario: An underscore matches one character
    When admin sends GET /items/articles?fields=id&filter[title][_icontains]=h_llo
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 5}]}
      """

  @FILTER-OP-BETWEEN
  Scenario: _between is inclusive
    When admin sends GET /items/articles?fields=id&filter[views][_between]=3,10
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 6}]}
      """

  @FILTER-OP-BETWEEN
  Scenario: _between with other than two values restricts nothing
    When admin sends GET /items/articles?fields=id&filter={"views":{"_between":[1,2,3]}}&limit=3
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 3}]}
      """

  @FILTER-OP-BETWEEN @FILTER-VAR-NOW-ADJUST
  Scenario: _between takes dynamic dates
    When admin sends GET /items/articles?fields=id&filter[published_on][_between]=$NOW(-100%20years),$NOW
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 4}, {"id": 5}, {"id": 6}]}
      """

  @FILTER-OP-NBETWEEN
  Scenario: _nbetween leaves out NULLs
    When admin sends GET /items/articles?fields=id&filter[views][_nbetween]=3,10
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 3}, {"id": 5}]}
      """

  @FILTER-OP-EMPTY
  Scenario: _empty is NULL or the empty string
    When admin sends GET /items/articles?fields=id&filter[body][_empty]=true
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 3}]}
      """

  @FILTER-OP-EMPTY
  Scenario: _empty false is neither
    When admin sends GET /items/articles?fields=id&filter[code][_empty]=false
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 4}, {"id": 5}]}
      """

  @FILTER-OP-NEMPTY
  Scenario: _nempty mirrors _empty
    When admin sends GET /items/articles?fields=id&filter[short][_nempty]=true
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 4}, {"id": 5}]}
      """

  @FILTER-OP-REGEX
  Scenario: _regex is not a query operator
    When admin sends GET /items/articles?fields=id&filter[title][_regex]=^H
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"string\" field type does not contain the \"_regex\" filter operator."

  @FILTER-OP-INTERSECTS @FILTER-TYPE-GEOMETRY
  Scenario: _intersects needs a geometry field
    When admin sends GET /items/articles?fields=id&filter={"title":{"_intersects":{"type":"Point","coordinates":[1,2]}}}
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"string\" field type does not contain the \"_intersects\" filter operator."

  @FILTER-OP-INTERSECTS
  Scenario: _intersects needs a GeoJSON value
    When admin sends GET /items/articles?fields=id&filter={"title":{"_intersects":"x"}}
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Invalid filter object."

  @FILTER-OP-JSON
  Scenario: _json filters paths inside a JSON field
    When admin sends GET /items/articles?fields=id&filter={"data":{"_json":{"a":{"_gte":2}}}}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}, {"id": 5}]}
      """

  @FILTER-OP-JSON
  Scenario: _json paths reach into arrays and objects, with logic
    When admin sends GET /items/articles?fields=id&filter={"data":{"_json":{"_or":[{"tags[0]":{"_eq":"x"}},{"nested.b":{"_icontains":"EE"}}]}}}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 5}]}
      """

  @FILTER-OP-JSON
  Scenario: A _json value that is a string is an invalid filter
    When admin sends GET /items/articles?fields=id&filter={"data":{"_json":"x"}}
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Invalid filter object."

  @FILTER-OP-JSON
  Scenario: A nested path inside _json is INVALID_QUERY
    When admin sends GET /items/articles?fields=id&filter={"data":{"_json":{"a":{"b":{"_eq":1}}}}}
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"_json\" path \"a\" cannot contain a nested path \"b\"; use a single flat path like \"a.b\"."

  @FILTER-OP-JSON
  Scenario: A _json path with a wildcard is INVALID_QUERY
    When admin sends GET /items/articles?fields=id&filter={"data":{"_json":{"a[*]":{"_eq":1}}}}
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Invalid JSON path: unsupported path expression."

  @FILTER-OP-IEQ-HIDDEN
  Scenario: _ieq is offered by no field type
    When admin sends GET /items/articles?fields=id&filter[title][_ieq]=second
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"string\" field type does not contain the \"_ieq\" filter operator."

  @FILTER-TYPE-STRING
  Scenario: Strings have no _gt
    When admin sends GET /items/articles?fields=id&filter[title][_gt]=a
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"string\" field type does not contain the \"_gt\" filter operator."

  @FILTER-TYPE-NUMERIC
  Scenario: Numbers have no _contains
    When admin sends GET /items/articles?fields=id&filter[views][_contains]=9
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"integer\" field type does not contain the \"_contains\" filter operator."

  @FILTER-TYPE-DATE
  Scenario: Dates have no _contains
    When admin sends GET /items/articles?fields=id&filter[published_on][_contains]=2024
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"date\" field type does not contain the \"_contains\" filter operator."

  @FILTER-TYPE-DATE
  Scenario: Timestamps offer _contains and _gt
    When admin sends GET /items/articles?fields=id&filter[created_ts][_gt]=2024-01-01T00:00:00Z&filter[created_ts][_ncontains]=x
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 5}]}
      """

  @FILTER-TYPE-BOOLEAN
  Scenario: Booleans have no _in
    When admin sends GET /items/articles?fields=id&filter[is_featured][_in]=true
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"boolean\" field type does not contain the \"_in\" filter operator."

  @FILTER-TYPE-UUID
  Scenario: uuid fields have no _contains
    When admin sends GET /items/things?filter[id][_contains]=7a1e
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"uuid\" field type does not contain the \"_contains\" filter operator."

  @FILTER-TYPE-UUID @vendor-sqlite-local-types
  Scenario: A uuid field without the uuid special takes text operators on SQLite
    When admin sends GET /items/articles?fields=id&filter[ext_id][_contains]=789ABC
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 4}]}
      """

  @FILTER-TYPE-JSON
  Scenario: JSON fields have no _eq
    When admin sends GET /items/articles?fields=id&filter[data][_eq]=1
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"json\" field type does not contain the \"_eq\" filter operator."

  @FILTER-TYPE-JSON
  Scenario: JSON fields offer _null
    When admin sends GET /items/articles?fields=id&filter[data][_null]=true
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 3}, {"id": 6}]}
      """

  @FILTER-TYPE-HASH-CONCEAL
  Scenario: Hashed fields have no _eq
    When admin sends GET /items/articles?fields=id&filter[secret][_eq]=x
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"hash\" field type does not contain the \"_eq\" filter operator."

  @FILTER-TYPE-HASH-CONCEAL
  Scenario: Hashed fields offer _null
    When admin sends GET /items/articles?fields=id&filter[secret][_nnull]=true
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """

  @FILTER-TYPE-FUNCTION
  Scenario: A function is an integer: no _contains
    When admin sends GET /items/articles?fields=id&filter[year(published_on)][_contains]=20
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"integer\" field type does not contain the \"_contains\" filter operator."
