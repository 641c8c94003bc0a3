Feature: Reading nested relational data
  The fields parameter reaches into related collections (seed: "Nested
  Relational Data"): many-to-one as an object, one-to-many as a list,
  many-to-many through its junction rows, many-to-any as "collection" plus
  "item", to any depth. Without nesting, "*" returns keys: the raw foreign
  key of a many-to-one, the child keys of a one-to-many, the junction keys of
  a many-to-many or many-to-any.

  @QUERY-FIELDS-WILDCARD @NEST-M2M-SHAPE
  Scenario: A wildcard read returns foreign keys and lists of related keys
    When admin sends GET /items/articles/2?fields=*
    Then the response matches:
      """
      {"data": {"id": 2, "author": 2, "editor": null, "comments": [3], "notes": [3],
                "strict_children": [2], "tags": [3]}}
      """

  @QUERY-FIELDS-WILDCARD @M2A-JUNCTION-SHAPE
  Scenario: A wildcard read of a many-to-any returns junction keys
    When admin sends GET /items/pages/1
    Then the response is exactly:
      """
      {"data": {"id": 1, "title": "Home", "sections": [1, 2, 3]}}
      """

  @M2A-JUNCTION-SHAPE
  Scenario: Many-to-any junction rows name the target collection and hold its key as text
    When admin sends GET /items/pages/2?fields=sections.*
    Then the response is exactly:
      """
      {"data": {"sections": [{"id": 4, "pages_id": 2, "item": "2", "collection": "paragraphs", "sort": 1}]}}
      """

  @QUERY-FIELDS-M2O-OBJECT @QUERY-FIELDS-O2M-OBJECTS @NEST-M2M-SHAPE
  Scenario: Nested fields of each relation kind in one read
    When admin sends GET /items/articles/1?fields=title,author.name,comments.text,tags.tags_id.name
    Then the response is exactly:
      """
      {"data": {"title": "Hello World", "author": {"name": "Ann"},
                "comments": [{"text": "first!"}, {"text": "c1"}, {"text": "c2"}],
                "tags": [{"tags_id": {"name": "news"}}, {"tags_id": {"name": "tech"}}]}}
      """

  @QUERY-FIELDS-M2O-OBJECT @QUERY-FIELDS-O2M-OBJECTS
  Scenario: A missing many-to-one is null and an empty one-to-many is an empty list
    When admin sends GET /items/articles/3?fields=author.name,comments.text,tags.tags_id.name
    Then the response is exactly:
      """
      {"data": {"author": null, "comments": [], "tags": []}}
      """

  @QUERY-FIELDS-NESTED-WILDCARD
  Scenario: Relations nest to any depth, through junctions and back again
    When admin sends GET /items/articles/1?fields=author.country.name,tags.tags_id.articles.articles_id.title,comments.article.author.name
    Then the response is exactly:
      """
      {"data": {
        "author": {"country": {"name": "Germany"}},
        "tags": [
          {"tags_id": {"articles": [{"articles_id": {"title": "Hello World"}}]}},
          {"tags_id": {"articles": [{"articles_id": {"title": "Hello World"}}, {"articles_id": {"title": "Second"}}]}}
        ],
        "comments": [
          {"article": {"author": {"name": "Ann"}}},
          {"article": {"author": {"name": "Ann"}}},
          {"article": {"author": {"name": "Ann"}}}
        ]
      }}
      """

  @QUERY-FIELDS-WILDCARD-DOUBLE @QUERY-FIELDS-NESTED-WILDCARD
  Scenario: A string primary key reads through its one-to-many with *.*
    When admin sends GET /items/countries/de?fields=*.*
    Then the response is exactly:
      """
      {"data": {"authors": [{"id": 1, "name": "Ann", "born": "1980-04-12", "country": "de", "articles": [1, 4]}],
                "code": "de", "name": "Germany"}}
      """

  @QUERY-FIELDS-O2M-ORDER
  Scenario: Nested one-to-many rows follow the relation's sort field
    When admin sends GET /items/articles/1?fields=comments.id,comments.sort
    Then the response is exactly:
      """
      {"data": {"comments": [{"id": 5, "sort": 0}, {"id": 1, "sort": 1}, {"id": 2, "sort": 2}]}}
      """

  @M2A-READ-ITEM-STAR
  Scenario: An unscoped item.* expands every item from its own collection
    When admin sends GET /items/pages/1?fields=sections.collection,sections.item.*
    Then the response is exactly:
      """
      {"data": {"sections": [
        {"collection": "headings", "item": {"id": 1, "title": "Welcome", "level": 1}},
        {"collection": "paragraphs", "item": {"id": 1, "body": "Lorem ipsum", "background_color": "#ffffff"}},
        {"collection": "headings", "item": {"id": 2, "title": "Details", "level": 2}}
      ]}}
      """

  @M2A-SCOPE-FIELDS
  Scenario: Scoped many-to-any fields pick fields per collection, as in the seed's example
    When admin sends GET /items/pages?fields[]=id&fields[]=sections.item:headings.id&fields[]=sections.item:headings.title&fields[]=sections.item:paragraphs.body&fields[]=sections.item:paragraphs.background_color
    Then the response is exactly:
      """
      {"data": [
        {"id": 1, "sections": [
          {"item": {"id": 1, "title": "Welcome"}},
          {"item": {"body": "Lorem ipsum", "background_color": "#ffffff"}},
          {"item": {"id": 2, "title": "Details"}}
        ]},
        {"id": 2, "sections": [{"item": {"body": "Dolor sit", "background_color": "#000000"}}]},
        {"id": 3, "sections": []}
      ]}
      """

  @M2A-SCOPE-FIELDS
  Scenario: A scope with a wildcard expands only that collection's items
    When admin sends GET /items/pages/1?fields=sections.item:headings.*,sections.item:paragraphs.body
    Then the response is exactly:
      """
      {"data": {"sections": [
        {"item": {"id": 1, "title": "Welcome", "level": 1}},
        {"item": {"body": "Lorem ipsum"}},
        {"item": {"id": 2, "title": "Details", "level": 2}}
      ]}}
      """

  @M2A-SCOPE-PARTIAL
  Scenario: Items of collections left out of the scopes come back as typed keys
    When admin sends GET /items/pages/1?fields=sections.collection,sections.item:headings.title
    Then the response is exactly:
      """
      {"data": {"sections": [
        {"collection": "headings", "item": {"title": "Welcome"}},
        {"collection": "paragraphs", "item": 1},
        {"collection": "headings", "item": {"title": "Details"}}
      ]}}
      """

  @M2A-SCOPE-PARTIAL @M2A-JUNCTION-SHAPE
  Scenario: A plain item field returns the stored text key
    When admin sends GET /items/pages/1?fields=sections.item
    Then the response is exactly:
      """
      {"data": {"sections": [{"item": "1"}, {"item": "1"}, {"item": "2"}]}}
      """

  @M2A-FILTER-SORT-DEEP @FILTER-REL-M2A-SCOPE
  Scenario: Filtering through a many-to-any item needs the collection scope
    When admin sends GET /items/pages?fields=id&filter[sections][item:headings][title][_eq]=Details
    Then the response is exactly:
      """
      {"data": [{"id": 1}]}
      """
    When admin sends GET /items/pages?fields=id&filter[sections][item][title][_eq]=Details
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permission to access field "title" in collection "pages_sections" or it does not exist. Queried in "sections"."
    When admin sends GET /items/pages_sections?fields=id&filter[item][id][_eq]=1
    Then the response is an error INVALID_QUERY
    And the error reason is "You have to provide a collection scope when sorting or filtering on a many-to-any item"

  @M2A-FILTER-SORT-DEEP @QUERY-SORT-M2A-SCOPE @vendor-sqlite-null-order @vendor-mysql-null-order
  Scenario: Sorting through a many-to-any item needs the collection scope
    When admin sends GET /items/pages_sections?fields=id&sort=item:headings.title,id
    Then the response is exactly:
      """
      {"data": [{"id": 2}, {"id": 4}, {"id": 3}, {"id": 1}]}
      """
    When admin sends GET /items/pages_sections?fields=id&sort=item.id
    Then the response is an error INVALID_QUERY
    And the error reason is "You have to provide a collection scope when sorting or filtering on a many-to-any item"
    When admin sends GET /items/pages?fields=id&sort=sections.item.title
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permission to access field "title" in collection "pages_sections" or it does not exist. Queried in "sections"."

  @M2A-FILTER-SORT-DEEP @QUERY-SORT-M2A-SCOPE @vendor-postgres-null-order
  Scenario: Sorting through a many-to-any item needs the collection scope (PostgreSQL: NULL sorts high)
    When admin sends GET /items/pages_sections?fields=id&sort=item:headings.title,id
    Then the response is exactly:
      """
      {"data": [{"id": 3}, {"id": 1}, {"id": 2}, {"id": 4}]}
      """
    When admin sends GET /items/pages_sections?fields=id&sort=item.id
    Then the response is an error INVALID_QUERY
    And the error reason is "You have to provide a collection scope when sorting or filtering on a many-to-any item"
    When admin sends GET /items/pages?fields=id&sort=sections.item.title
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permission to access field "title" in collection "pages_sections" or it does not exist. Queried in "sections"."

  @M2A-FILTER-SORT-DEEP @QUERY-DEEP-M2A-SCOPE
  Scenario: deep with a collection scope filters that collection's items only
    When admin sends GET /items/pages/1?fields=sections.item:headings.title,sections.item:paragraphs.body&deep[sections][item:headings][_filter][title][_eq]=Details
    Then the response is exactly:
      """
      {"data": {"sections": [{"item": null}, {"item": {"body": "Lorem ipsum"}}, {"item": {"title": "Details"}}]}}
      """
    When admin sends GET /items/pages/1?fields=sections.id&deep[sections][_filter][item:headings][title][_eq]=Details
    Then the response is exactly:
      """
      {"data": {"sections": [{"id": 3}]}}
      """

  @QUERY-FIELDS-O2M-LIMIT-100 @QUERY-DEEP-LIMIT-ALL
  Scenario: Nested lists stop at 100 rows per parent unless deep lifts the limit
    Given "bulk" is a JSON array of 105 copies of {"text": "bulk"}
    When admin sends PATCH /items/articles/3?fields=id
      """
      {"comments": {"create": {{bulk}}}}
      """
    Then the status is 200
    When admin sends GET /items/articles/3?fields=comments.id
    Then "data.comments" has 100 items
    When admin sends GET /items/articles/3?fields=comments
    Then "data.comments" has 100 items
    When admin sends GET /items/articles/3?fields=comments.id&deep[comments][_limit]=-1
    Then "data.comments" has 105 items

  @M2A-SCOPE-AFTER-PLAIN
  Scenario: A scoped path after an unscoped one on the same many-to-any root changes nothing
    When admin sends GET /items/pages_sections?fields=id,item.*,item:headings.title&sort=id&limit=2
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1, "item": {"id": 1, "title": "Welcome", "level": 1}},
                {"id": 2, "item": {"id": 1, "body": "Lorem ipsum", "background_color": "#ffffff"}}]}
      """
    When admin sends GET /items/pages/2?fields=id,sections.item.id,sections.item:headings.title
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"id": 2, "sections": [{"item": {"id": 2}}]}}
      """
