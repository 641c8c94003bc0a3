Feature: aggregate and groupBy
  Aggregates come back as an array of objects: count(*) flat, per-field
  aggregates nested under the operation. Numbers are JSON numbers on SQLite.

  @QUERY-AGG-COUNT-STAR @QUERY-AGG-TYPES-VENDOR @vendor-sqlite-agg-numbers
  Scenario: count(*) is a flat number
    When admin sends GET /items/articles?aggregate[count]=*
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"count": 6}]}
      """

  @QUERY-AGG-SHAPE
  Scenario: Per-field counts nest under count and skip NULLs
    When admin sends GET /items/articles?aggregate[count]=views,rating
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"count": {"views": "<numeric 5>", "rating": "<numeric 5>"}}]}
      """

  @QUERY-AGG-FUNCTIONS @vendor-sqlite-agg-numbers
  Scenario: sum, avg, min and max
    When admin sends GET /items/articles?aggregate[sum]=views&aggregate[avg]=views&aggregate[min]=views&aggregate[max]=views
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"sum": {"views": 44}, "avg": {"views": 8.8}, "min": {"views": 0}, "max": {"views": 25}}]}
      """

  @QUERY-AGG-FUNCTIONS @vendor-sqlite-agg-numbers
  Scenario: The distinct variants count each value once
    When admin sends GET /items/articles?aggregate[countDistinct]=status&aggregate[sumDistinct]=author&aggregate[avgDistinct]=author
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"countDistinct": {"status": 3}, "sumDistinct": {"author": 6}, "avgDistinct": {"author": 2}}
      ]}
      """

  @QUERY-AGG-FUNCTIONS @vendor-sqlite-agg-numbers
  Scenario: Sums of decimals are exact as in SQLite
    When admin sends GET /items/articles?aggregate[sum]=price&aggregate[avg]=price
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"sum": {"price": 126.74}, "avg": {"price": 25.348}}]}
      """

  @QUERY-AGG-COUNTALL-REST
  Scenario: countAll is accepted and empty on REST
    When admin sends GET /items/articles?aggregate[countAll]=*
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{}]}
      """

  @QUERY-AGG-COUNTALL-REST
  Scenario: countAll without a field names the empty field
    When admin sends GET /items/articles?aggregate[countAll]=
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"\" in collection \"articles\" or it does not exist. Queried in root."

  @QUERY-AGG-UNKNOWN-OP
  Scenario: An unknown operation gives one empty object per row
    When admin sends GET /items/articles?aggregate[median]=views
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{}, {}, {}, {}, {}, {}]}
      """

  @QUERY-AGG-UNKNOWN-OP
  Scenario: The empty objects of an unknown operation are paginated like rows
    When admin sends GET /items/articles?aggregate[median]=views&limit=2&offset=1
    Then the response is exactly:
      """
      {"data": [{}, {}]}
      """
    When admin sends GET /items/articles?aggregate[median]=views&limit=4&page=2
    Then the response is exactly:
      """
      {"data": [{}, {}]}
      """
    When admin sends GET /items/articles?aggregate[median]=views&limit=0
    Then the response is exactly:
      """
      {"data": []}
      """

  @QUERY-AGG-UNKNOWN-OP
  Scenario: The empty objects of an unknown operation stop at the default limit of 100
    When admin sends GET /items/crowd_members?aggregate[median]=id&offset=3
    Then the status is 200
    And "data" has 100 items

  @QUERY-AGG-UNKNOWN-FIELD
  Scenario: An aggregate of an unknown field is FORBIDDEN
    When admin sends GET /items/articles?aggregate[sum]=nope
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"nope\" in collection \"articles\" or it does not exist. Queried in root."

  @QUERY-AGG-SUM-STRING @vendor-sqlite-agg-numbers
  Scenario: sum of text reads its leading number, as SQLite does
    When admin sends GET /items/articles?aggregate[sum]=title&aggregate[avg]=at_time
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"sum": {"title": 0}, "avg": {"at_time": 12}}]}
      """

  @QUERY-AGG-SUM-DATE @vendor-sqlite-agg-numbers
  Scenario: sum and avg of dates add SQLite's epoch milliseconds and read back as dates
    When admin sends GET /items/articles?aggregate[sum]=published_on,published_at,created_ts&aggregate[avg]=published_on,published_at,created_ts&aggregate[sumDistinct]=published_on
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"sum": {"published_on": "2238-02-08", "published_at": "2183-08-09T00:50:30",
                         "created_ts": "2183-08-09T00:50:30.000Z"},
                 "avg": {"published_on": "2023-08-15", "published_at": "2023-05-27T06:12:37",
                         "created_ts": "2023-05-27T06:12:37.500Z"},
                 "sumDistinct": {"published_on": "2238-02-08"}}]}
      """

  @QUERY-AGG-IGNORES-FIELDS
  Scenario: fields is ignored with an aggregate
    When admin sends GET /items/articles?aggregate[count]=*&fields=title,id
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"count": "<numeric 6>"}]}
      """

  @QUERY-GROUPBY
  Scenario: Groups sort by the first group field
    When admin sends GET /items/articles?aggregate[count]=*&groupBy=status
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"status": "archived", "count": "<numeric 1>"},
        {"status": "draft", "count": "<numeric 2>"},
        {"status": "published", "count": "<numeric 3>"}
      ]}
      """

  @QUERY-GROUPBY-MULTI-FN @QUERY-AGG-IGNORES-FIELDS
  Scenario: Grouping by a field and a date function
    When admin sends GET /items/articles?aggregate[count]=*&groupBy[]=status&groupBy[]=year(published_on)&fields=title
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"status": "archived", "published_on_year": "<numeric 2019>", "count": "<numeric 1>"},
        {"status": "draft", "published_on_year": null, "count": "<numeric 1>"},
        {"status": "draft", "published_on_year": "<numeric 2024>", "count": "<numeric 1>"},
        {"status": "published", "published_on_year": "<numeric 2024>", "count": "<numeric 2>"},
        {"status": "published", "published_on_year": "<numeric 2025>", "count": "<numeric 1>"}
      ]}
      """

  @QUERY-GROUPBY-NO-AGG
  Scenario: groupBy alone lists the distinct groups
    When admin sends GET /items/articles?groupBy=status
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"status": "archived"}, {"status": "draft"}, {"status": "published"}]}
      """

  @QUERY-GROUPBY-LIMIT
  Scenario: limit and offset apply to groups
    When admin sends GET /items/articles?aggregate[count]=*&groupBy=status&limit=1&offset=1
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"status": "draft", "count": "<numeric 2>"}]}
      """

  @QUERY-GROUPBY-M2O @vendor-sqlite-null-order @vendor-mysql-null-order
  Scenario: Grouping by a many-to-one gives the raw keys
    When admin sends GET /items/articles?aggregate[count]=*&groupBy=author
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"author": null, "count": "<numeric 1>"},
        {"author": 1, "count": "<numeric 2>"},
        {"author": 2, "count": "<numeric 2>"},
        {"author": 3, "count": "<numeric 1>"}
      ]}
      """

  @QUERY-GROUPBY-M2O @vendor-postgres-null-order
  Scenario: Grouping by a many-to-one gives the raw keys (PostgreSQL: NULL sorts high)
    When admin sends GET /items/articles?aggregate[count]=*&groupBy=author
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"author": 1, "count": "<numeric 2>"},
        {"author": 2, "count": "<numeric 2>"},
        {"author": 3, "count": "<numeric 1>"},
        {"author": null, "count": "<numeric 1>"}
      ]}
      """

  @QUERY-GROUPBY @vendor-sqlite-null-order
  Scenario: Groups of a csv field sort by the stored text
    When admin sends GET /items/articles?aggregate[count]=*&groupBy=labels
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"labels": null, "count": 2},
        {"labels": [], "count": 1},
        {"labels": ["green"], "count": 1},
        {"labels": ["red"], "count": 1},
        {"labels": ["red", "blue"], "count": 1}
      ]}
      """

  @QUERY-AGG-CONCEALED
  Scenario: The smallest or largest value of a concealed field is concealed
    When admin sends GET /users?aggregate[max]=password&aggregate[min]=token
    Then the response is exactly:
      """
      {"data": [{"max": {"password": "**********"}, "min": {"token": "**********"}}]}
      """

  @QUERY-AGG-COUNT-TYPED @vendor-sqlite-agg-numbers
  Scenario: A count of a date, boolean or concealed field is a number
    When admin sends GET /items/articles?aggregate[count]=published_on,published_at,created_ts,is_featured,secret&aggregate[countDistinct]=published_on,is_featured
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"count": {"published_on": 5, "published_at": 4, "created_ts": 4, "is_featured": 6, "secret": 0},
                 "countDistinct": {"published_on": 5, "is_featured": 2}}]}
      """

  @QUERY-AGG-COUNT-TYPED @vendor-sqlite-agg-numbers
  Scenario: A count of nothing is 0 whatever the field's type
    When admin sends GET /items/articles?aggregate[count]=published_on,is_featured,secret&filter[id][_gt]=100
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"count": {"published_on": 0, "is_featured": 0, "secret": 0}}]}
      """

  @QUERY-AGG-COUNT-TYPED @vendor-sqlite-agg-numbers
  Scenario: A GraphQL count of a date, boolean or concealed field is an Int
    When admin queries /graphql:
      """
      { articles_aggregated { count { published_on created_ts is_featured secret } } }
      """
    Then the response is exactly:
      """
      {"data": {"articles_aggregated": [{"count": {"published_on": 5, "created_ts": 4, "is_featured": 6, "secret": 0}}]}}
      """

  @QUERY-AGG-O2M-FILTER @vendor-sqlite-agg-numbers
  Scenario: An aggregate filtered through a one-to-many counts each matching row once
    When admin sends GET /items/authors?aggregate[count]=*,name&aggregate[sum]=id&filter[articles][id][_gt]=0
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"count": {"name": 3}, "sum": {"id": 6}}]}
      """

  @QUERY-AGG-O2M-FILTER @vendor-sqlite-agg-numbers
  Scenario: A grouped aggregate filtered through a one-to-many counts each matching row once
    When admin sends GET /items/authors?aggregate[sum]=id&groupBy[]=country&filter[articles][id][_gt]=0
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"country": null, "sum": {"id": 3}}, {"country": "de", "sum": {"id": 1}}, {"country": "fr", "sum": {"id": 2}}]}
      """

  @QUERY-AGG-DEFAULT-STORED
  Scenario: A column's default is grouped with the same value sent explicitly
    Given admin sends POST /items/articles
      """
      [{"title": "Defaulted {{unique}}"}, {"title": "Explicit {{unique}}", "is_featured": false}]
      """
    When admin sends GET /items/articles?aggregate[count]=id&groupBy[]=is_featured
    Then the status is 200
    And "data" has 2 items
