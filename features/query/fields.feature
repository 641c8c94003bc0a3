Feature: fields
  fields selects keys, expands relations with dotted paths and wildcards, and
  computes functions; relational lists are capped at 100 per parent.

  @QUERY-FIELDS-DEFAULT
  Scenario: An empty fields parameter means every field
    When admin sends GET /items/tags?fields=
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"id": 1, "name": "news", "articles": [1]},
        {"id": 2, "name": "tech", "articles": [2, 3]},
        {"id": 3, "name": "life", "articles": [4]}
      ]}
      """

  @QUERY-FIELDS-LIST
  Scenario: fields lists keys in the order given
    When admin sends GET /items/authors?fields=name,id
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"name": "Ann", "id": 1}, {"name": "Bob", "id": 2}, {"name": "Cleo", "id": 3}]}
      """

  @QUERY-FIELDS-WILDCARD
  Scenario: A wildcard returns many-to-one keys and one-to-many key lists
    When admin sends GET /items/articles/1?fields=*
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"id": 1, "status": "published", "title": "Hello World", "body": "The first article.", "views": 10, "price": "<numeric 9.99>", "rating": 4.5, "published_on": "2024-01-15", "published_at": "2024-01-15T10:20:30", "created_ts": "2024-01-15T10:20:30.000Z", "at_time": "10:20:30", "is_featured": true, "data": {"a": 1, "tags": ["x", "y"]}, "labels": ["red", "blue"], "ext_id": "5f0c6a5e-7b1d-4f6e-9a55-3f1c2d4b6a01", "short": "abc", "secret": null, "code": "ABC", "author": 1, "editor": 2, "comments": [5, 1, 2], "notes": [1, 2], "strict_children": [1], "tags": [1, 2]}}
      """

  @QUERY-FIELDS-WILDCARD
  Scenario: A wildcard on a many-to-any parent lists junction keys
    When admin sends GET /items/pages/1?fields=*
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"id": 1, "title": "Home", "sections": [1, 2, 3]}}
      """

  @QUERY-FIELDS-WILDCARD-DOUBLE
  Scenario: Two wildcards expand every relation one level, relations first
    When admin sends GET /items/authors/2?fields=*.*
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"country": {"code": "fr", "name": "France", "authors": [2]}, "articles": [{"id": 2, "status": "published", "title": "Second", "body": "hello again", "views": 6, "price": "<numeric 15.5>", "rating": 3, "published_on": "2024-03-02", "published_at": "2024-03-02T08:00:00", "created_ts": "2024-03-02T08:00:00.000Z", "at_time": "08:00:00", "is_featured": false, "data": {"a": 2}, "labels": ["green"], "ext_id": null, "short": null, "secret": null, "code": "DEF", "author": 2, "editor": null, "comments": [3], "notes": [3], "strict_children": [2], "tags": [3]}, {"id": 6, "status": "draft", "title": "Zebra", "body": "zzz", "views": 3, "price": "<numeric 0>", "rating": 2.25, "published_on": "2024-07-04", "published_at": null, "created_ts": null, "at_time": null, "is_featured": false, "data": null, "labels": null, "ext_id": null, "short": null, "secret": null, "code": null, "author": 2, "editor": 3, "comments": [], "notes": [], "strict_children": [], "tags": []}], "id": 2, "name": "Bob", "born": "1975-11-30"}}
      """

  @QUERY-FIELDS-NESTED-WILDCARD
  Scenario: Wildcards nest under relational paths
    When admin sends GET /items/articles/2?fields=author.*,tags.tags_id.*,comments.*
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"author": {"id": 2, "name": "Bob", "born": "1975-11-30", "country": "fr", "articles": [2, 6]}, "tags": [{"tags_id": {"id": 2, "name": "tech", "articles": [2, 3]}}], "comments": [{"id": 3, "text": "c3", "article": 2, "sort": 1}]}}
      """

  @QUERY-FIELDS-NESTED-WILDCARD
  Scenario: A wildcard prefix applies the rest to every relation
    When admin sends GET /items/comments/3?fields=*.title
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"article": {"title": "Second"}, "id": 3, "text": "c3", "sort": 1}}
      """

  @QUERY-FIELDS-NESTED-WILDCARD
  Scenario: A wildcard prefix needs the field in every related collection
    When admin sends GET /items/articles?fields=*.title
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"title\" in collection \"authors\" or it does not exist. Queried in \"author\"."

  @QUERY-FIELDS-M2O-OBJECT
  Scenario: A many-to-one path gives an object, or null without a related item
    When admin sends GET /items/articles?fields=id,editor.name&filter[id][_in]=1,2
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1, "editor": {"name": "Bob"}}, {"id": 2, "editor": null}]}
      """

  @QUERY-FIELDS-O2M-OBJECTS
  Scenario: A one-to-many path gives a list of objects, empty without children
    When admin sends GET /items/articles?fields=id,comments.text&filter[id][_in]=1,3
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"id": 1, "comments": [{"text": "first!"}, {"text": "c1"}, {"text": "c2"}]},
        {"id": 3, "comments": []}
      ]}
      """

  @QUERY-FIELDS-MERGE
  Scenario: A plain field and a nested path on it: the nested form wins
    When admin sends GET /items/articles/1?fields=author,author.name
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"author": {"name": "Ann"}}}
      """

  @QUERY-FIELDS-MERGE
  Scenario: Nested paths on one relation merge
    When admin sends GET /items/articles/1?fields=author.name,author.*
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"author": {"name": "Ann", "id": 1, "born": "1980-04-12", "country": "de", "articles": [1, 4]}}}
      """

  @QUERY-FIELDS-NONREL-DOT
  Scenario: A dotted path on a plain field collapses the item to its key
    When admin sends GET /items/articles?fields=title.foo&limit=2
    Then the status is 200
    And the response is exactly:
      """
      {"data": [1, 2]}
      """

  @QUERY-FIELDS-NONREL-DOT
  Scenario: A dotted path on an unknown field selects nothing
    When admin sends GET /items/articles?fields=id,nope.name&limit=2
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}]}
      """

  @QUERY-FIELDS-UNKNOWN-403
  Scenario: An unknown nested field is FORBIDDEN with its path
    When admin sends GET /items/articles?fields=comments.nope
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"nope\" in collection \"comments\" or it does not exist. Queried in \"comments\"."

  @QUERY-FIELDS-UNKNOWN-403
  Scenario: Several unknown fields are named together
    When admin sends GET /items/articles?fields=nope,nada
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access fields \"nope\", \"nada\" in collection \"articles\" or they do not exist. Queried in root."

  @QUERY-FIELDS-NEGATION-UNSUPPORTED
  Scenario: A minus in fields is part of the field name
    When admin sends GET /items/articles?fields=-title
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"-title\" in collection \"articles\" or it does not exist. Queried in root."

  @QUERY-FIELDS-FUNCTION @vendor-sqlite-week
  Scenario: Date functions name their key after the field
    When admin sends GET /items/articles/4?fields=year(published_on),month(published_on),week(published_on),day(published_on),weekday(published_on),hour(published_at)
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"published_on_year": 2019, "published_on_month": 6, "published_on_week": 21, "published_on_day": 1, "published_on_weekday": 6, "published_at_hour": 12}}
      """

  @QUERY-FIELDS-FUNCTION @FILTER-FN-HOUR-TIME-SQLITE @vendor-sqlite-time-functions
  Scenario: Time parts of a time field are 0 on SQLite
    When admin sends GET /items/articles/1?fields=hour(at_time),minute(at_time),second(published_at)
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"at_time_hour": 0, "at_time_minute": 0, "published_at_second": 30}}
      """

  @QUERY-FIELDS-FUNCTION @FILTER-FN-COUNT-JSON @vendor-sqlite-json-length @vendor-postgres-json-length
  Scenario: count() of a one-to-many, a many-to-many and a JSON array
    When admin sends GET /items/articles?fields=id,count(comments),count(tags),count(data)&filter[id][_in]=1,3,4
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"id": 1, "comments_count": "<numeric 3>", "tags_count": "<numeric 2>", "data_count": 0},
        {"id": 3, "comments_count": "<numeric 0>", "tags_count": "<numeric 0>", "data_count": null},
        {"id": 4, "comments_count": "<numeric 0>", "tags_count": "<numeric 0>", "data_count": 3}
      ]}
      """

  @QUERY-FIELDS-FUNCTION @FILTER-FN-COUNT-JSON @vendor-mysql-json-length
  Scenario: count() of a one-to-many, a many-to-many and a JSON array (MySQL: JSON_LENGTH counts an object's members)
    When admin sends GET /items/articles?fields=id,count(comments),count(tags),count(data)&filter[id][_in]=1,3,4
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"id": 1, "comments_count": "<numeric 3>", "tags_count": "<numeric 2>", "data_count": 2},
        {"id": 3, "comments_count": "<numeric 0>", "tags_count": "<numeric 0>", "data_count": null},
        {"id": 4, "comments_count": "<numeric 0>", "tags_count": "<numeric 0>", "data_count": 3}
      ]}
      """

  @QUERY-FIELDS-FUNCTION-TYPE
  Scenario: A date function on a string is INVALID_QUERY
    When admin sends GET /items/articles?fields=year(title)
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Invalid function specified \"year\"."

  @QUERY-FIELDS-FUNCTION-TYPE
  Scenario: count() of a csv field is INVALID_QUERY
    When admin sends GET /items/articles?fields=count(labels)
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Invalid function specified \"count\"."

  @QUERY-FIELDS-FUNCTION-TYPE
  Scenario: An unknown function is INVALID_QUERY
    When admin sends GET /items/articles?fields=median(views)
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Invalid function specified \"median\"."

  @QUERY-FIELDS-FUNCTION-NESTED-REL
  Scenario: Functions on related fields
    When admin sends GET /items/articles/1?fields=author.year(born),author.count(articles)
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"author": {"born_year": "<numeric 1980>", "articles_count": "<numeric 2>"}}}
      """

  @QUERY-FIELDS-JSON-FN
  Scenario: json() extracts paths from a JSON field
    When admin sends GET /items/articles?fields=id,json(data,%20a),json(data,%20tags[1]),json(data,%20nested.b)&filter[id][_in]=1,5
    Then the status is 200
    And the response is exactly:
      """
      {"data": [
        {"id": 1, "data_a_json": "<numeric 1>", "data_tags_1_json": "y", "data_nested_b_json": null},
        {"id": 5, "data_a_json": "<numeric 3>", "data_tags_1_json": null, "data_nested_b_json": "deep"}
      ]}
      """

  @QUERY-FIELDS-JSON-FN
  Scenario: json() without a path is INVALID_QUERY
    When admin sends GET /items/articles?fields=json(data)
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Invalid json() syntax: requires json(field, path) format."

  @QUERY-FIELDS-JSON-FN
  Scenario: json() with a wildcard path is INVALID_QUERY
    When admin sends GET /items/articles?fields=json(data,%20a[*])
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Invalid JSON path: unsupported path expression."

  @QUERY-FIELDS-PARENS
  Scenario: An unclosed parenthesis is INVALID_QUERY
    When admin sends GET /items/articles?fields=year(published_on
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Missing closing parenthesis in \"fields\"."

  @QUERY-FIELDS-PARENS
  Scenario: A nested function is INVALID_QUERY
    When admin sends GET /items/articles?fields=year(month(published_on))
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Nested functions are not supported in \"fields\"."

  @QUERY-FIELDS-MAX-DEPTH
  Scenario: Eleven levels of fields are too deep
    When admin sends GET /items/articles?fields=a.b.c.d.e.f.g.h.i.j.k
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Max relational depth exceeded."

  @QUERY-FIELDS-MAX-DEPTH
  Scenario: Ten levels of fields are allowed
    When admin sends GET /items/articles?fields=author.articles.author.articles.author.articles.author.articles.author.id&filter[id][_eq]=3
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"author": null}]}
      """

  @QUERY-FIELDS-O2M-LIMIT-100
  Scenario: A nested list stops at 100 items per parent
    When admin sends GET /items/crowds/1?fields=members.n
    Then "data.members" has 100 items
    And "data.members.99.n" is 100

  @QUERY-FIELDS-O2M-LIMIT-100
  Scenario: The key list of a wildcard stops at 100 items too
    When admin sends GET /items/crowds/1?fields=*
    Then "data.members" has 100 items

  @QUERY-FIELDS-O2M-ORDER
  Scenario: Nested items follow the relation's sort field
    When admin sends GET /items/articles/1?fields=comments.id,comments.sort
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"comments": [{"id": 5, "sort": 0}, {"id": 1, "sort": 1}, {"id": 2, "sort": 2}]}}
      """

  @QUERY-FIELDS-O2M-ORDER
  Scenario: Nested items without a sort field follow the key
    When admin sends GET /items/tags/2?fields=articles.id
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"articles": [{"id": 2}, {"id": 3}]}}
      """

  @QUERY-FIELDS-NO-PERMISSION-SILENT
  Scenario: A relation into an unreadable collection is left out
    When creator sends GET /items/comments?fields=id,article.title&limit=2
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 4}, {"id": 5}]}
      """

  @QUERY-FIELDS-NO-PERMISSION-SILENT
  Scenario: Two wildcards leave out an unreadable relation
    When creator sends GET /items/comments/3?fields=*.*
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"id": 3, "text": "c3", "sort": 1}}
      """

  @QUERY-FIELDS-NO-PERMISSION-SILENT @FILTER-REL-NO-PERMISSION
  Scenario: Filtering through an unreadable relation is FORBIDDEN
    When creator sends GET /items/comments?filter[article][title][_eq]=x
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access collection \"articles\" or it does not exist. Queried in \"article\"."

  @QUERY-FIELDS-NO-PERMISSION-SILENT @FILTER-REL-NO-PERMISSION
  Scenario: Sorting through an unreadable relation is FORBIDDEN
    When creator sends GET /items/comments?sort=article.title
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access collection \"articles\" or it does not exist. Queried in \"article\"."
