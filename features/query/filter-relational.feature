Feature: Relational filters
  Filters follow many-to-one (a left join), one-to-many (some child matches,
  or _some/_none), many-to-many through the junction and many-to-any with a scope.

  @FILTER-REL-M2O
  Scenario: A filter through a many-to-one
    When admin sends GET /items/articles?fields=id&filter[author][name][_eq]=Bob
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}, {"id": 6}]}
      """

  @FILTER-REL-M2O-FK
  Scenario: Operators on a many-to-one compare the key
    When admin sends GET /items/articles?fields=id&filter[author][_in]=1,3
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 4}, {"id": 5}]}
      """

  @FILTER-REL-M2O-FK
  Scenario: _null on a many-to-one
    When admin sends GET /items/articles?fields=id&filter[editor][_null]=true
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}, {"id": 3}, {"id": 5}]}
      """

  @FILTER-REL-M2O-NULL-JOIN
  Scenario: A related NULL also matches rows without a related item
    When admin sends GET /items/articles?fields=id&filter[editor][name][_null]=true
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}, {"id": 3}, {"id": 5}]}
      """

  @FILTER-REL-O2M-IMPLICIT-SOME
  Scenario: A one-to-many filter matches parents with some matching child
    When admin sends GET /items/articles?fields=id&filter[comments][text][_starts_with]=c
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}]}
      """

  @FILTER-REL-O2M-SOME
  Scenario: _some is explicit
    When admin sends GET /items/articles?fields=id&filter[comments][_some][text][_eq]=c1
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}]}
      """

  @FILTER-REL-O2M-NONE @FILTER-OP-SOME-NONE
  Scenario: _none matches parents without a matching child
    When admin sends GET /items/articles?fields=id&filter[comments][_none][text][_eq]=c1
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}, {"id": 3}, {"id": 4}, {"id": 5}, {"id": 6}]}
      """

  @FILTER-REL-QUANTIFIER-LOGICAL
  Scenario: _and directly inside _some applies its conditions to the children
    When admin sends GET /items/articles?fields=id&filter={"comments":{"_some":{"_and":[{"text":{"_eq":"c1"}}]}}}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}]}
      """

  @FILTER-REL-QUANTIFIER-LOGICAL
  Scenario: _or directly inside _none applies its conditions to the children
    When admin sends GET /items/articles?fields=id&filter={"comments":{"_none":{"_or":[{"text":{"_eq":"c1"}}]}}}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}, {"id": 3}, {"id": 4}, {"id": 5}, {"id": 6}]}
      """

  @FILTER-REL-QUANTIFIER-LOGICAL
  Scenario: A field inside _and inside _some must exist
    When admin sends GET /items/articles?fields=id&filter={"comments":{"_some":{"_and":[{"nope":{"_eq":1}}]}}}
    Then the response is an error FORBIDDEN

  @FILTER-REL-O2M-SOME-NONE-EMPTY
  Scenario: An empty _some restricts nothing
    When admin sends GET /items/articles?fields=id&filter={"comments":{"_some":{}}}&limit=3
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 3}]}
      """

  @FILTER-REL-O2M-SOME-NONE-EMPTY
  Scenario: An empty _none restricts nothing
    When admin sends GET /items/articles?fields=id&filter={"comments":{"_none":{}}}&limit=3
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 3}]}
      """

  @FILTER-REL-O2M-NEGATION
  Scenario: A negation under one-to-many means some child differs
    When admin sends GET /items/articles?fields=id&filter[comments][text][_neq]=c1
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}]}
      """

  @FILTER-REL-O2M-NULL
  Scenario: _null on a one-to-many matches parents without children
    When admin sends GET /items/articles?fields=id&filter[comments][_null]=true
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 3}, {"id": 4}, {"id": 5}, {"id": 6}]}
      """

  @FILTER-REL-O2M-NULL
  Scenario: _nnull on a one-to-many matches parents with children
    When admin sends GET /items/articles?fields=id&filter[comments][_nnull]=true
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}]}
      """

  @FILTER-REL-O2M-EQ
  Scenario: _eq on a one-to-many compares child keys
    When admin sends GET /items/articles?fields=id&filter[comments][_eq]=3
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}]}
      """

  @FILTER-REL-SOME-TOPLEVEL-ONLY
  Scenario: _some under a many-to-one is INVALID_QUERY
    When admin sends GET /items/articles?fields=id&filter[author][_some][name][_eq]=Ann
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"_some\" can only be used with top level relational alias field."

  @FILTER-REL-SOME-TOPLEVEL-ONLY
  Scenario: _some below the first level is INVALID_QUERY
    When admin sends GET /items/articles?fields=id&filter[author][articles][_some][title][_eq]=Second
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"_some\" can only be used with top level relational alias field."

  @FILTER-REL-SOME-TOPLEVEL-ONLY
  Scenario: A misplaced quantifier's error names _none when the key's path has one
    When admin sends GET /items/authors?fields=id&filter[country][authors][_some][articles][_none][price][_lt]=4.5
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"_none\" can only be used with top level relational alias field."
    When admin sends GET /items/authors?fields=id&filter[country][authors][_some][name][_eq]=x
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"_some\" can only be used with top level relational alias field."

  @FILTER-REL-SOME-TOPLEVEL-ONLY
  Scenario: The implicit form works below the first level
    When admin sends GET /items/articles?fields=id&filter[author][articles][title][_eq]=Second
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}, {"id": 6}]}
      """

  @FILTER-REL-QUANTIFIER-NESTED
  Scenario: A quantifier's condition is a query of its own, where _some and _none are top level again
    When admin sends GET /items/authors?fields=id&sort=id&filter[articles][_some][tags][_some][tags_id][_gt]=2
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 3}]}
      """
    When admin sends GET /items/authors?fields=id&sort=id&filter[articles][_none][tags][_some][tags_id][_eq]=2
    Then the response is exactly:
      """
      {"data": [{"id": 3}]}
      """
    When admin sends GET /items/authors?fields=id&sort=id&filter[articles][tags][_some][tags_id][_gt]=1
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"_some\" can only be used with top level relational alias field."

  @FILTER-COUNT-NULL-M2O
  Scenario: count() of a one-to-many through a missing many-to-one is 0
    When admin sends GET /items/articles?fields=id&sort=id&filter[editor][count(articles)][_lt]=1
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}, {"id": 3}, {"id": 5}]}
      """
    When admin sends GET /items/authors?fields=id&sort=id&filter[country][count(authors)][_eq]=0
    Then the response is exactly:
      """
      {"data": [{"id": 3}]}
      """

  @FILTER-REL-M2M
  Scenario: A filter through a many-to-many junction
    When admin sends GET /items/articles?fields=id&filter[tags][tags_id][name][_eq]=tech
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}]}
      """

  @FILTER-REL-M2M
  Scenario: _none through a many-to-many junction
    When admin sends GET /items/articles?fields=id&filter[tags][_none][tags_id][name][_eq]=tech
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 3}, {"id": 4}, {"id": 5}, {"id": 6}]}
      """

  @FILTER-REL-M2A-SCOPE
  Scenario: A many-to-any item is filtered with a collection scope
    When admin sends GET /items/pages?fields=id&filter[sections][item:headings][title][_eq]=Details
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}]}
      """

  @FILTER-REL-M2A-SCOPE
  Scenario: Without a scope the field is looked up on the junction
    When admin sends GET /items/pages?fields=id&filter[sections][item][title][_eq]=Details
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"title\" in collection \"pages_sections\" or it does not exist. Queried in \"sections\"."

  @FILTER-REL-FOLLOW
  Scenario: $FOLLOW filters through a reverse relation
    When admin sends GET /items/articles?fields=id&filter={"$FOLLOW(comments,%20article)":{"text":{"_eq":"c3"}}}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}]}
      """

  @FILTER-REL-FOLLOW
  Scenario: $FOLLOW through a relation without an alias field
    When admin sends GET /items/authors?fields=id&filter={"$FOLLOW(articles,%20editor)":{"title":{"_eq":"Zebra"}}}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 3}]}
      """

  @FILTER-REL-REVERSE-O2M-FROM-M2O
  Scenario: One-to-many then many-to-one
    When admin sends GET /items/authors?fields=id&filter[articles][editor][name][_eq]=Cleo
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}]}
      """

  @FILTER-REL-DEPTH
  Scenario: Eleven relational levels in a filter are too deep
    When admin sends GET /items/articles?fields=id&filter[author][articles][author][articles][author][articles][author][articles][author][articles][id][_eq]=1
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Max relational depth exceeded."
