Feature: GraphQL queries on user collections
  Each collection the caller may read has a list query with filter, sort,
  limit, offset, page and search, a `_by_id` query, an `_aggregated` query
  and a `_by_version` query; nested relations take the same arguments, and
  many-to-any items are selected with inline fragments on the union type
  (seed: "Many-to-Any (Union Types)").

  @GQL-REL-M2O @GQL-REL-O2M
  Scenario: Nested relations are selected like fields
    When admin queries /graphql:
      """
      { articles(filter: {id: {_eq: 1}}) { title author { name country { name } } tags { tags_id { name } } } }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"articles": [{"title": "Hello World", "author": {"name": "Ann", "country": {"name": "Germany"}}, "tags": [{"tags_id": {"name": "news"}}, {"tags_id": {"name": "tech"}}]}]}}
      """

  @GQL-M2A-ONE-MEMBER
  Scenario: A many-to-any item of a member no fragment selects is an empty object
    When admin queries /graphql:
      """
      { pages(filter: {id: {_eq: 1}}) { sections { item { ... on headings { title } } } } }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"pages": [{"sections": [
        {"item": {"title": "Welcome"}},
        {"item": {}},
        {"item": {"title": "Details"}}
      ]}]}}
      """
    When admin queries /graphql:
      """
      query { pages(filter: {id: {_eq: 1}}) { sections { item { ...P } } } }
      fragment P on paragraphs { body }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"pages": [{"sections": [{"item": {}}, {"item": {"body": "Lorem ipsum"}}, {"item": {}}]}]}}
      """

  @GQL-M2A-UNION
  Scenario: Many-to-any items are selected with inline fragments per collection
    When admin queries /graphql:
      """
      {
        pages(filter: {id: {_eq: 1}}) {
          sections {
            item {
              __typename
              ... on headings { title }
              ... on paragraphs { body }
            }
          }
        }
      }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"pages": [{"sections": [
        {"item": {"__typename": "headings", "title": "Welcome"}},
        {"item": {"__typename": "paragraphs", "body": "Lorem ipsum"}},
        {"item": {"__typename": "headings", "title": "Details"}}
      ]}]}}
      """
    When admin queries /graphql:
      """
      { __type(name: "pages_sections_item_union") { kind possibleTypes { name } } }
      """
    Then the response is exactly:
      """
      {"data": {"__type": {"kind": "UNION", "possibleTypes": [{"name": "headings"}, {"name": "paragraphs"}]}}}
      """

  @GQL-ALIAS-ARGS
  Scenario: Aliased nested fields carry their own arguments
    When admin queries /graphql:
      """
      { articles(filter: {id: {_eq: 1}}) { headline: title first: comments(limit: 1, sort: ["id"]) { id } last: comments(limit: 1, sort: ["-id"]) { id } } }
      """
    Then the response is exactly:
      """
      {"data": {"articles": [{"headline": "Hello World", "first": [{"id": "1"}], "last": [{"id": "5"}]}]}}
      """

  @GQL-ARGS-SEMANTICS
  Scenario: page is 1-based and uses limit; search looks through text fields
    When admin queries /graphql:
      """
      { paged: articles(limit: 1, page: 2, sort: ["id"]) { id } found: articles(search: "Second") { id } }
      """
    Then the response is exactly:
      """
      {"data": {"paged": [{"id": "2"}], "found": [{"id": "2"}]}}
      """

  @GQL-FILTER-REL
  Scenario: Relational filters use the related filter and _some on to-many fields
    When admin queries /graphql:
      """
      { articles(filter: {tags: {_some: {tags_id: {name: {_eq: "news"}}}}}) { id } }
      """
    Then the response is exactly:
      """
      {"data": {"articles": [{"id": "1"}]}}
      """

  @GQL-FILTER-M2A
  Scenario: Many-to-any junction filters name the member collection
    When admin queries /graphql:
      """
      { pages_sections(filter: {item__headings: {title: {_eq: "Welcome"}}}) { id } }
      """
    Then the response is exactly:
      """
      {"data": {"pages_sections": [{"id": "1"}]}}
      """

  @GQL-FUNC-FIELDS
  Scenario: Function fields read date parts and relation counts
    When admin queries /graphql:
      """
      { articles(filter: {id: {_eq: 1}}) { published_on_func { year month } tags_func { count } } }
      """
    Then the response is exactly:
      """
      {"data": {"articles": [{"published_on_func": {"year": 2024, "month": 1}, "tags_func": {"count": 2}}]}}
      """
    When admin queries /graphql:
      """
      { articles(filter: {published_on_func: {year: {_eq: 2024}}}, sort: ["id"]) { id } }
      """
    Then the response is exactly:
      """
      {"data": {"articles": [{"id": "1"}, {"id": "2"}, {"id": "6"}]}}
      """

  @GQL-FUNC-FIELDS
  Scenario: A function field selected alone, at the root and on a related object
    When admin queries /graphql:
      """
      { articles(filter: {id: {_eq: 1}}) { published_on_func { year } } }
      """
    Then the response is exactly:
      """
      {"data": {"articles": [{"published_on_func": {"year": 2024}}]}}
      """
    When admin queries /graphql:
      """
      { comments(filter: {article: {id: {_eq: 1}}}, limit: 1) { article { published_on_func { year } } } }
      """
    Then the response is exactly:
      """
      {"data": {"comments": [{"article": {"published_on_func": {"year": 2024}}}]}}
      """

  @GQL-FUNC-NESTED-FILTER
  Scenario: A function filter in a nested field's filter argument reads the function at any depth
    When admin queries /graphql:
      """
      { authors(filter: {id: {_eq: 1}}) { name articles(filter: {published_on_func: {year: {_eq: 2024}}}) { id } } }
      """
    Then the response is exactly:
      """
      {"data": {"authors": [{"name": "Ann", "articles": [{"id": "1"}]}]}}
      """
    When admin queries /graphql:
      """
      { countries(filter: {code: {_eq: "de"}}) { authors { name articles(filter: {published_on_func: {year: {_eq: 2024}}}) { id } } } }
      """
    Then the response is exactly:
      """
      {"data": {"countries": [{"authors": [{"name": "Ann", "articles": [{"id": "1"}]}]}]}}
      """

  @GQL-ROOT-AGG
  Scenario: Aggregates with groupBy repeat the group under "group"
    When admin queries /graphql:
      """
      { articles_aggregated(groupBy: ["status"]) { group countAll count { id } sum { views } } }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"articles_aggregated": [
        {"group": {"status": "archived"}, "countAll": 1, "count": {"id": 1}, "sum": {"views": null}},
        {"group": {"status": "draft"}, "countAll": 2, "count": {"id": 2}, "sum": {"views": 3}},
        {"group": {"status": "published"}, "countAll": 3, "count": {"id": 3}, "sum": {"views": 41}}
      ]}}
      """
    When admin queries /graphql:
      """
      { articles_aggregated { countAll max { views } countDistinct { status } } }
      """
    Then the response is exactly:
      """
      {"data": {"articles_aggregated": [{"countAll": 6, "max": {"views": 25}, "countDistinct": {"status": 3}}]}}
      """

  @GQL-ROOT-BY-VERSION @GQL-SINGLETON
  Scenario: The main version is the item itself; singletons have no list or by-id query
    When admin queries /graphql:
      """
      { articles_by_version(version: "main", id: 1) { id title } site_settings { site_name } site_settings_by_version(version: "main") { site_name } }
      """
    Then the response is exactly:
      """
      {"data": {"articles_by_version": {"id": "1", "title": "Hello World"}, "site_settings": {"site_name": "My Site"}, "site_settings_by_version": {"site_name": "My Site"}}}
      """
    When admin queries /graphql:
      """
      { site_settings_by_id(id: 1) { id } }
      """
    Then the response is an error GRAPHQL_VALIDATION

  @GQL-REL-CROSS-SCOPE
  Scenario: A relation from user data into system data is queried on /graphql
    When admin queries /graphql:
      """
      { things(sort: ["label"]) { label user_created { email role { name } } } }
      """
    Then the response is exactly:
      """
      {"data": {"things": [
        {"label": "alpha", "user_created": {"email": "admin@example.com", "role": {"name": "Administrator"}}},
        {"label": "beta", "user_created": {"email": "admin@example.com", "role": {"name": "Administrator"}}}
      ]}}
      """
    When admin queries /graphql:
      """
      { things(filter: {user_created: {email: {_eq: "nobody@example.com"}}}) { label } }
      """
    Then the response is exactly:
      """
      {"data": {"things": []}}
      """

  @GQL-AGG-GROUP-FUNC
  Scenario: An aggregate grouped by a function names the group by the function's output key
    When admin queries /graphql:
      """
      { articles_aggregated(groupBy: ["year(created_ts)"], filter: {created_ts_func: {year: {_eq: 2024}}}) { countAll group } }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"articles_aggregated": [{"countAll": 2, "group": {"created_ts_year": "<numeric 2024>"}}]}}
      """
    When admin queries /graphql:
      """
      { articles_aggregated(groupBy: ["year(created_ts)", "status"], filter: {created_ts_func: {year: {_eq: 2024}}}) { countAll count { id } group } }
      """
    Then the response is exactly:
      """
      {"data": {"articles_aggregated": [{"countAll": 2, "count": {"id": 2}, "group": {"created_ts_year": "<numeric 2024>", "status": "published"}}]}}
      """

  @GQL-LEAF-UNSERIALIZABLE @vendor-sqlite-loose-types
  Scenario: A stored value GraphQL's type cannot serialize is null with an error at its path; the rest of the row answers
    Given admin sends POST /items/articles
      """
      {"title": "Loose {{unique}}", "views": "many", "rating": 2}
      """
    And I remember "data.id" as "loose"
    When admin queries /graphql:
      """
      { articles(filter: {id: {_eq: {{loose}}}}) { title views rating } }
      """
    Then the status is 200
    And "data.articles" is [{"title": "Loose {{unique}}", "views": null, "rating": 2}]
    And "errors" has 1 item
    And "errors.0.message" is "Int cannot represent non-integer value: \"many\""
    And "errors.0.path" is ["articles", 0, "views"]
    When admin queries /graphql:
      """
      { articles_aggregated(filter: {id: {_eq: {{loose}}}}) { max { views } } }
      """
    Then "data.articles_aggregated" is [{"max": {"views": null}}]
    And "errors.0.message" is "Float cannot represent non numeric value: \"many\""
    And "errors.0.path" is ["articles_aggregated", 0, "max", "views"]
