Feature: alias
  alias renames a field (or a function, or a relation) for one request.

  @QUERY-ALIAS-BASIC
  Scenario: An alias renames a field
    When admin sends GET /items/articles?alias[headline]=title&fields=id,headline&limit=2
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1, "headline": "Hello World"}, {"id": 2, "headline": "Second"}]}
      """

  @QUERY-ALIAS-BASIC
  Scenario: Aliased fields come after the other keys
    When admin sends GET /items/articles/2?alias[headline]=title&fields=headline,id
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"id": 2, "headline": "Second"}}
      """

  @QUERY-ALIAS-STAR
  Scenario: With a wildcard, aliases come after every field
    When admin sends GET /items/tags/1?alias[label]=name&fields=*
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"id": 1, "name": "news", "articles": [1], "label": "news"}}
      """

  @QUERY-ALIAS-FUNCTION
  Scenario: An alias of a function
    When admin sends GET /items/articles/1?alias[yr]=year(published_on)&alias[a]=json(data,%20a)&fields=id,yr,a
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"id": 1, "a": "<numeric 1>", "yr": "<numeric 2024>"}}
      """

  @QUERY-ALIAS-RELATIONAL-DUP
  Scenario: The same relation twice with different deep filters
    When admin sends GET /items/articles/1?alias[c1]=comments&alias[c2]=comments&fields=c1.text,c2.text&deep[c2][_filter][text][_eq]=c2
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"c1": [{"text": "first!"}, {"text": "c1"}, {"text": "c2"}], "c2": [{"text": "c2"}]}}
      """

  @QUERY-ALIAS-DOT-KEY
  Scenario: An alias key with a period is INVALID_QUERY
    When admin sends GET /items/articles?alias[a.b]=title
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"alias\" key can't contain a period character `.`."

  @QUERY-ALIAS-DOT-KEY
  Scenario: An alias value with a period is INVALID_QUERY
    When admin sends GET /items/articles?alias[x]=author.name
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"alias\" value can't contain a period character `.`."

  @QUERY-ALIAS-BASIC
  Scenario: An alias that is not an object is INVALID_QUERY
    When admin sends GET /items/articles?alias=notjson
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"alias\" has to be an object."
