Feature: Reading items
  Items of a user collection are read through /items/<collection> (a list in
  "data") and /items/<collection>/<key> (one object in "data"). "meta" is only
  there when asked for.

  @ITEMS-READ-MANY @QUERY-META-ABSENT @QUERY-FIELDS-DEFAULT
  Scenario: A list read returns every field of every item in a data array
    When admin sends GET /items/tags
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"id": 1, "name": "news", "articles": [1]},
        {"id": 2, "name": "tech", "articles": [2, 3]},
        {"id": 3, "name": "life", "articles": [4]}
      ]}
      """

  @ITEMS-READ-ONE
  Scenario: A single item is an object in data, never an array
    When admin sends GET /items/authors/2
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"id": 2, "name": "Bob", "born": "1975-11-30", "country": "fr", "articles": [2, 6]}}
      """

  @ITEMS-READ-ONE-STRING-PK
  Scenario: A string primary key is used verbatim in the path
    When admin sends GET /items/countries/de?fields=code,name
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"code": "de", "name": "Germany"}}
      """

  @ITEMS-READ-MANY-DEFAULT-SORT
  Scenario: Without sort, items come in primary key order
    When admin sends GET /items/countries?fields=code
    Then the response is exactly:
      """
      {"data": [{"code": "de"}, {"code": "fr"}, {"code": "nl"}]}
      """

  @ITEMS-READ-FIELD-ORDER @QUERY-FIELDS-LIST
  Scenario: Keys come out in the order the fields parameter lists them
    When admin sends GET /items/articles/1?fields=title,id
    Then the keys of "data" are ["title", "id"]

  @ITEMS-READ-ONE-QUERY
  Scenario: A filter that excludes the requested item makes the read FORBIDDEN
    When admin sends GET /items/articles/1?filter[status][_eq]=draft
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access this."

  @ITEMS-READ-ONE-QUERY @QUERY-META-ONLY-LISTS
  Scenario: meta is ignored on a read of one item
    When admin sends GET /items/articles/1?fields=id&meta=*
    Then the response is exactly:
      """
      {"data": {"id": 1}}
      """

  @ITEMS-READ-ONE-AGGREGATE
  Scenario: An aggregate on a read of one item counts that item
    When admin sends GET /items/articles/1?aggregate[count]=*
    Then the response is exactly:
      """
      {"data": {"count": "<numeric 1>"}}
      """

  @ITEMS-ROUTE-TRAILING-SLASH
  Scenario: A trailing slash routes like the path without it
    When admin sends GET /items/countries/?fields=code&limit=1
    Then the response is exactly:
      """
      {"data": [{"code": "de"}]}
      """

  @ITEMS-HEAD
  Scenario: HEAD answers like GET, with an empty body
    When admin sends HEAD /items/countries
    Then the status is 200
    And the body is empty
    And the header "content-type" is "application/json; charset=utf-8"

  @ITEMS-AUTH-BAD-TOKEN
  Scenario: The access_token query parameter authenticates like a Bearer header
    When anonymous sends GET /items/countries/de?fields=code&access_token={{editor.token}}
    Then the response is exactly:
      """
      {"data": {"code": "de"}}
      """

  @ITEMS-READ-MANY-DEFAULT-LIMIT
  Scenario: Without limit, a list read returns at most 100 items
    Given admin creates 105 items in tags from:
      """
      {"name": "bulk-{{n}}"}
      """
    When admin sends GET /items/tags?fields=id
    Then "data" has 100 items
    When admin sends GET /items/tags?fields=id&limit=-1
    Then "data" has 108 items
