Feature: sort
  Several fields, descending with a minus, through relations and functions.
  NULLs come first ascending, as on SQLite (tag @vendor-sqlite-null-order).

  @QUERY-SORT-ASC-DESC
  Scenario: A minus sorts descending
    When admin sends GET /items/articles?fields=id,views&sort=-views&filter[views][_nnull]=true
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"id": 5, "views": 25},
        {"id": 1, "views": 10},
        {"id": 2, "views": 6},
        {"id": 6, "views": 3},
        {"id": 3, "views": 0}
      ]}
      """

  @QUERY-SORT-MULTI
  Scenario: Several sort fields apply in order
    When admin sends GET /items/articles?fields=id,status,views&sort=status,-views
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"id": 4, "status": "archived", "views": null},
        {"id": 6, "status": "draft", "views": 3},
        {"id": 3, "status": "draft", "views": 0},
        {"id": 5, "status": "published", "views": 25},
        {"id": 1, "status": "published", "views": 10},
        {"id": 2, "status": "published", "views": 6}
      ]}
      """

  @QUERY-SORT-MULTI
  Scenario: sort as an array
    When admin sends GET /items/articles?fields=id,status&sort[]=-status&sort[]=id
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"id": 1, "status": "published"},
        {"id": 2, "status": "published"},
        {"id": 5, "status": "published"},
        {"id": 3, "status": "draft"},
        {"id": 6, "status": "draft"},
        {"id": 4, "status": "archived"}
      ]}
      """

  @QUERY-SORT-M2O @vendor-sqlite-null-order
  Scenario: Sorting through a many-to-one keeps rows without a related item
    When admin sends GET /items/articles?fields=id,editor&sort=-editor.name,id
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"id": 6, "editor": 3},
        {"id": 1, "editor": 2},
        {"id": 4, "editor": 1},
        {"id": 2, "editor": null},
        {"id": 3, "editor": null},
        {"id": 5, "editor": null}
      ]}
      """

  @QUERY-SORT-O2M @vendor-sqlite-null-order @vendor-mysql-null-order
  Scenario: Sorting by a one-to-many field lists each parent once
    When admin sends GET /items/articles?fields=id&sort=-comments.text,id
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 3}, {"id": 4}, {"id": 5}, {"id": 6}]}
      """

  @QUERY-SORT-O2M @vendor-postgres-null-order
  Scenario: Sorting by a one-to-many field lists each parent once (PostgreSQL: NULL sorts high)
    When admin sends GET /items/articles?fields=id&sort=-comments.text,id
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 3}, {"id": 4}, {"id": 5}, {"id": 6}, {"id": 1}, {"id": 2}]}
      """

  @QUERY-SORT-ALIAS-FIELD @vendor-sqlite-null-order @vendor-mysql-null-order
  Scenario: Sorting by a one-to-many alias field sorts by the related key
    When admin sends GET /items/articles?fields=id&sort=-comments,id
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 3}, {"id": 4}, {"id": 5}, {"id": 6}]}
      """

  @QUERY-SORT-ALIAS-FIELD @vendor-postgres-null-order
  Scenario: Sorting by a one-to-many alias field sorts by the related key (PostgreSQL: NULL sorts high)
    When admin sends GET /items/articles?fields=id&sort=-comments,id
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 3}, {"id": 4}, {"id": 5}, {"id": 6}, {"id": 1}, {"id": 2}]}
      """

  @QUERY-SORT-FUNCTION @vendor-sqlite-null-order @vendor-mysql-null-order
  Scenario: Sorting by a function of a date
    When admin sends GET /items/articles?fields=id&sort=-year(published_on),id
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 5}, {"id": 1}, {"id": 2}, {"id": 6}, {"id": 4}, {"id": 3}]}
      """

  @QUERY-SORT-FUNCTION @vendor-postgres-null-order
  Scenario: Sorting by a function of a date (PostgreSQL: NULL sorts high)
    When admin sends GET /items/articles?fields=id&sort=-year(published_on),id
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 3}, {"id": 5}, {"id": 1}, {"id": 2}, {"id": 6}, {"id": 4}]}
      """

  @QUERY-SORT-FUNCTION
  Scenario: Sorting by a function the field type lacks is INVALID_QUERY
    When admin sends GET /items/articles?sort=year(title)
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Invalid function specified \"year\"."

  @QUERY-SORT-ALIAS
  Scenario: Sorting by an alias
    When admin sends GET /items/articles?fields=id,headline&alias[headline]=title&sort=-headline&limit=3
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"id": 6, "headline": "Zebra"},
        {"id": 3, "headline": "Third draft"},
        {"id": 2, "headline": "Second"}
      ]}
      """

  @QUERY-SORT-UNKNOWN-403
  Scenario: Sorting by an unknown field is FORBIDDEN
    When admin sends GET /items/articles?sort=nope
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"nope\" in collection \"articles\" or it does not exist. Queried in root."

  @QUERY-SORT-UNKNOWN-403
  Scenario: Sorting by an unknown related field is FORBIDDEN
    When admin sends GET /items/articles?sort=author.nope
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"nope\" in collection \"authors\" or it does not exist. Queried in \"author\"."

  @QUERY-SORT-NULLS @vendor-sqlite-null-order
  Scenario: NULLs sort first ascending and last descending
    When admin sends GET /items/articles?fields=id,rating&sort=rating,id
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"id": 3, "rating": null},
        {"id": 4, "rating": 1.5},
        {"id": 6, "rating": 2.25},
        {"id": 2, "rating": 3},
        {"id": 1, "rating": 4.5},
        {"id": 5, "rating": 5}
      ]}
      """

  @QUERY-SORT-NULLS @vendor-sqlite-null-order
  Scenario: NULLs sort last descending
    When admin sends GET /items/articles?fields=id,rating&sort=-rating,id
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"id": 5, "rating": 5},
        {"id": 1, "rating": 4.5},
        {"id": 2, "rating": 3},
        {"id": 6, "rating": 2.25},
        {"id": 4, "rating": 1.5},
        {"id": 3, "rating": null}
      ]}
      """

  @QUERY-SORT-M2A-SCOPE @vendor-sqlite-null-order @vendor-mysql-null-order
  Scenario: Sorting through a many-to-any item with a collection scope
    When admin sends GET /items/pages_sections?fields=id&sort=-item:headings.title,id
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 3}, {"id": 2}, {"id": 4}]}
      """

  @QUERY-SORT-M2A-SCOPE @vendor-postgres-null-order
  Scenario: Sorting through a many-to-any item with a collection scope (PostgreSQL: NULL sorts high)
    When admin sends GET /items/pages_sections?fields=id&sort=-item:headings.title,id
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2}, {"id": 4}, {"id": 1}, {"id": 3}]}
      """

  @QUERY-SORT-M2A-SCOPE
  Scenario: Sorting through a many-to-any item without a scope is INVALID_QUERY
    When admin sends GET /items/pages_sections?sort=item.id
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. You have to provide a collection scope when sorting or filtering on a many-to-any item."

  @QUERY-SORT-M2A-SCOPE
  Scenario: Without a scope the next part is looked up on the junction
    When admin sends GET /items/pages_sections?sort=item.title
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"title\" in collection \"pages_sections\" or it does not exist. Queried in root."

  @QUERY-SORT-AGGREGATE
  Scenario: Sorting groups by an aggregate
    When admin sends GET /items/articles?aggregate[count]=*&groupBy=status&sort=-count,status
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"status": "published", "count": "<numeric 3>"},
        {"status": "draft", "count": "<numeric 2>"},
        {"status": "archived", "count": "<numeric 1>"}
      ]}
      """

  @QUERY-SORT-AGGREGATE @vendor-sqlite-null-order @vendor-mysql-null-order
  Scenario: Sorting groups by a per-field aggregate
    When admin sends GET /items/articles?aggregate[sum]=views&groupBy=status&sort=-sum.views
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"status": "published", "sum": {"views": "<numeric 41>"}},
        {"status": "draft", "sum": {"views": "<numeric 3>"}},
        {"status": "archived", "sum": {"views": null}}
      ]}
      """

  @QUERY-SORT-AGGREGATE @vendor-postgres-null-order
  Scenario: Sorting groups by a per-field aggregate (PostgreSQL: NULL sorts high)
    When admin sends GET /items/articles?aggregate[sum]=views&groupBy=status&sort=-sum.views
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"status": "archived", "sum": {"views": null}},
        {"status": "published", "sum": {"views": "<numeric 41>"}},
        {"status": "draft", "sum": {"views": "<numeric 3>"}}
      ]}
      """
