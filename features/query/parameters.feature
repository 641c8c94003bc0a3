Feature: Query parameters: encoding, parsing and errors
  Query strings are read like the qs package reads them (brackets, arrays),
  JSON strings work for the object parameters, comma lists are split, and
  every problem is INVALID_QUERY with the reason in the message.

  @QUERY-QS-BRACKETS
  Scenario: Bracket syntax builds nested filters, arrays and logical groups
    When admin sends GET /items/articles?fields[]=id&fields[]=title&filter[_or][0][views][_eq]=6&filter[_or][1][id][_in][0]=3&filter[_or][1][id][_in][1]=4&sort[]=-id
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"id": 4, "title": "Old news"},
        {"id": 3, "title": "Third draft"},
        {"id": 2, "title": "Second"}
      ]}
      """

  @QUERY-JSON-STRING
  Scenario: filter, deep, alias and aggregate accept a JSON string
    When admin sends GET /items/articles?fields=id,headline,comments.text&filter={"views":{"_eq":10}}&alias={"headline":"title"}&deep={"comments":{"_limit":1}}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1, "comments": [{"text": "first!"}], "headline": "Hello World"}]}
      """

  @QUERY-JSON-STRING @QUERY-AGG-JSON
  Scenario: aggregate as a JSON string
    When admin sends GET /items/articles?aggregate={"count":"*","max":["views"]}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"count": "<numeric 6>", "max": {"views": 25}}]}
      """

  @QUERY-COMMA-LISTS
  Scenario: Comma lists are split and trimmed, parentheses keep their commas
    When admin sends GET /items/articles?fields=id,%20json(data,%20a),%20title&sort=status,-id&filter[id][_in]=1,2,5
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"id": 5, "data_a_json": "<numeric 3>", "title": "Hello Again"},
        {"id": 2, "data_a_json": "<numeric 2>", "title": "Second"},
        {"id": 1, "data_a_json": "<numeric 1>", "title": "Hello World"}
      ]}
      """

  @QUERY-UNKNOWN-PARAMS
  Scenario: Unknown query parameters are ignored
    When admin sends GET /items/countries?fields=code&bogus=1&another[x]=y
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"code": "de"}, {"code": "fr"}, {"code": "nl"}]}
      """

  @QUERY-WRONG-SHAPES
  Scenario: fields as an object is INVALID_QUERY
    When admin sends GET /items/articles?fields[a]=id
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"fields\" must be a string or array."

  @QUERY-WRONG-SHAPES
  Scenario: Wrongly shaped sort, limit and search are tolerated
    When admin sends GET /items/countries?fields=code&sort[a]=-code&limit[]=2&search[]=zzz
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"code": "de"}, {"code": "fr"}]}
      """

  @QUERY-WRONG-SHAPES
  Scenario: A filter given as an array names field 0
    When admin sends GET /items/articles?filter[]=1
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"0\" in collection \"articles\" or it does not exist. Queried in root."

  @QUERY-ERROR-FORMAT
  Scenario: A bad parameter is INVALID_QUERY with the reason in extensions
    When admin sends GET /items/articles?offset=-1
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid query. \"offset\" must be greater than or equal to 0.", "extensions": {"reason": "\"offset\" must be greater than or equal to 0", "code": "INVALID_QUERY"}}]}
      """

  @QUERY-ERROR-PRECEDENCE
  Scenario: Filter problems are reported before parameter shape problems
    When admin sends GET /items/articles?limit=abc&filter[title][_eq]=
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. You can't filter for an empty string in \"_eq\". Use \"_empty\" or \"_nempty\" instead."

  @QUERY-ERROR-PRECEDENCE
  Scenario: Shape problems are reported before unknown fields
    When admin sends GET /items/articles?fields=nope&limit=abc
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"limit\" must be a number."

  @QUERY-ERROR-PRECEDENCE
  Scenario: An unknown field in the filter is reported before one in fields
    When admin sends GET /items/articles?fields=nope&filter[nope2][_eq]=1
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"nope2\" in collection \"articles\" or it does not exist. Queried in root."

  @QUERY-ERROR-PRECEDENCE
  Scenario: Empty entries of fields and sort are INVALID_QUERY in the schema order
    When admin sends GET /items/articles?sort=title,&offset=-1
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"sort[1]\" is not allowed to be empty."
