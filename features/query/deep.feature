Feature: deep
  deep applies a query to a nested relation: per parent, keyed by field.

  @QUERY-DEEP-BASIC
  Scenario: deep filters nested items, not parents
    When admin sends GET /items/articles?fields=id,comments.text&deep[comments][_filter][text][_eq]=c1&filter[id][_in]=1,2
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1, "comments": [{"text": "c1"}]}, {"id": 2, "comments": []}]}
      """

  @QUERY-DEEP-BASIC @QUERY-JSON-STRING
  Scenario: deep as JSON
    When admin sends GET /items/articles?fields=id,comments.text&deep={"comments":{"_filter":{"text":{"_neq":"c1"}}}}&filter[id][_in]=1,2
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"id": 1, "comments": [{"text": "first!"}, {"text": "c2"}]},
        {"id": 2, "comments": [{"text": "c3"}]}
      ]}
      """

  @QUERY-DEEP-PARAMS
  Scenario: deep sorts, searches and pages nested items
    When admin sends GET /items/articles/1?fields=comments.text&deep[comments][_sort]=-text&deep[comments][_limit]=1&deep[comments][_page]=2
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"comments": [{"text": "c2"}]}}
      """

  @QUERY-DEEP-PARAMS
  Scenario: deep search and offset
    When admin sends GET /items/articles/1?fields=comments.text&deep[comments][_search]=C&deep[comments][_offset]=1
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"comments": [{"text": "c2"}]}}
      """

  @QUERY-DEEP-PARAMS
  Scenario: deep fields are ignored
    When admin sends GET /items/articles/2?fields=comments.text&deep[comments][_fields]=id
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"comments": [{"text": "c3"}]}}
      """

  @QUERY-DEEP-LIMIT-PER-PARENT
  Scenario: deep limits apply per parent
    When admin sends GET /items/articles?fields=id,comments.id&deep[comments][_limit]=1&filter[id][_in]=1,2
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1, "comments": [{"id": 5}]}, {"id": 2, "comments": [{"id": 3}]}]}
      """

  @QUERY-DEEP-LIMIT-ALL
  Scenario: deep limit -1 lifts the cap of 100
    When admin sends GET /items/crowds/1?fields=members.id&deep[members][_limit]=-1
    Then "data.members" has 105 items

  @QUERY-DEEP-M2O-FILTER
  Scenario: A deep filter on a many-to-one nulls the relation
    When admin sends GET /items/articles?fields=id,author.name&deep[author][_filter][name][_eq]=Ann&filter[id][_in]=1,2
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1, "author": {"name": "Ann"}}, {"id": 2, "author": null}]}
      """

  @QUERY-DEEP-NESTED
  Scenario: deep nests by field
    When admin sends GET /items/articles/2?fields=author.articles.id&deep[author][articles][_limit]=1&deep[author][articles][_sort]=-id
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"author": {"articles": [{"id": 6}]}}}
      """

  @QUERY-DEEP-M2A-SCOPE
  Scenario: deep on a many-to-any item is scoped by collection
    When admin sends GET /items/pages/1?fields=sections.item:headings.title,sections.item:paragraphs.body&deep[sections][item:headings][_filter][title][_eq]=Welcome
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"sections": [{"item": {"title": "Welcome"}}, {"item": {"body": "Lorem ipsum"}}, {"item": null}]}}
      """

  @QUERY-DEEP-ALIAS
  Scenario: deep alias defines aliases at its level, after the other keys
    When admin sends GET /items/articles/1?fields=author.birthyear,author.id&deep[author][_alias][birthyear]=year(born)
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"author": {"id": 1, "birthyear": "<numeric 1980>"}}}
      """

  @QUERY-DEEP-ALIAS @QUERY-ALIAS-BASIC
  Scenario: A level of aliases only collapses to its key
    When admin sends GET /items/articles/1?fields=author.nick&deep[author][_alias][nick]=name
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"author": 1}}
      """

  @QUERY-DEEP-INVALID-JSON
  Scenario: Unparseable deep JSON is ignored
    When admin sends GET /items/articles/1?fields=id&deep=notjson
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"id": 1}}
      """

  @QUERY-DEEP-UNKNOWN-FIELD
  Scenario: An unknown field in a deep filter is FORBIDDEN in its relation
    When admin sends GET /items/articles?fields=comments.text&deep[comments][_filter][nope][_eq]=1
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"nope\" in collection \"comments\" or it does not exist. Queried in \"comments\"."

  @QUERY-DEEP-UNKNOWN-FIELD
  Scenario: An unknown field in a deep sort is FORBIDDEN in its relation
    When admin sends GET /items/articles?fields=comments.text&deep[comments][_sort]=nope
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"nope\" in collection \"comments\" or it does not exist. Queried in \"comments\"."

  @QUERY-DEEP-INVALID-WHEN-RUN
  Scenario: An invalid deep filter is an error only when the level above has rows
    When admin sends GET /items/articles?filter[id][_eq]=1&fields=id,comments.text&deep[comments][_filter][article][secret][_eq]=1
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"hash\" field type does not contain the \"_eq\" filter operator."
    When admin sends GET /items/articles?filter[id][_eq]=999&fields=id,comments.text&deep[comments][_filter][article][secret][_eq]=1
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """
    When admin sends GET /items/articles/999?fields=id,comments.text&deep[comments][_filter][article][secret][_eq]=1
    Then the response is an error FORBIDDEN

  @QUERY-DEEP-NONREL
  Scenario: deep on a plain field is ignored
    When admin sends GET /items/articles/1?fields=id,title&deep[title][_limit]=0
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"id": 1, "title": "Hello World"}}
      """

  @QUERY-DEEP-AGGREGATE
  Scenario: deep aggregates an O2M grouped by its foreign key, one object per parent (the Data Studio's policies and roles lists)
    When admin sends GET /items/articles?fields=id,comments&filter[id][_in]=1,2,3&sort=id&deep[comments][_aggregate][count]=id&deep[comments][_groupBy][]=article&deep[comments][_sort]=article&deep[comments][_limit]=-1
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1, "comments": [{"count": {"id": "<numeric 3>"}}]}, {"id": 2, "comments": [{"count": {"id": "<numeric 1>"}}]}, {"id": 3, "comments": []}]}
      """

  @QUERY-DEEP-AGGREGATE
  Scenario: deep aggregate counts only the children its filter keeps
    When admin sends GET /items/articles?fields=id,comments&filter[id][_in]=1,2&sort=id&deep[comments][_aggregate][max]=text&deep[comments][_groupBy][]=article&deep[comments][_filter][text][_neq]=c3
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1, "comments": [{"max": {"text": "first!"}}]}, {"id": 2, "comments": []}]}
      """
