Feature: REST and GraphQL give the same answers
  Both transports call the same services, so the same read and the same
  write give the same data over /items and over /graphql.

  @GQL-ROOT-QUERY-LIST @GQL-REL-M2O @QUERY-FIELDS-M2O-OBJECT
  Scenario: The same filtered, sorted, nested read over both transports
    When admin sends GET /items/articles?fields=id,title,author.name&filter[status][_eq]=published&sort=-views&limit=2
    Then the response is exactly:
      """
      {"data": [{"id": 5, "title": "Hello Again", "author": {"name": "Cleo"}}, {"id": 1, "title": "Hello World", "author": {"name": "Ann"}}]}
      """
    When admin queries /graphql:
      """
      { articles(filter: {status: {_eq: "published"}}, sort: ["-views"], limit: 2) { id title author { name } } }
      """
    Then the response is exactly:
      """
      {"data": {"articles": [{"id": "5", "title": "Hello Again", "author": {"name": "Cleo"}}, {"id": "1", "title": "Hello World", "author": {"name": "Ann"}}]}}
      """

  @GQL-M2A-UNION @M2A-SCOPE-FIELDS
  Scenario: Many-to-any scoped fields over REST match union fragments over GraphQL
    When admin sends GET /items/pages/1?fields=sections.item:headings.title,sections.item:paragraphs.body
    Then the response is exactly:
      """
      {"data": {"sections": [{"item": {"title": "Welcome"}}, {"item": {"body": "Lorem ipsum"}}, {"item": {"title": "Details"}}]}}
      """
    When admin queries /graphql:
      """
      { pages_by_id(id: 1) { sections { item { ... on headings { title } ... on paragraphs { body } } } } }
      """
    Then the response is exactly:
      """
      {"data": {"pages_by_id": {"sections": [{"item": {"title": "Welcome"}}, {"item": {"body": "Lorem ipsum"}}, {"item": {"title": "Details"}}]}}}
      """

  @GQL-MUT-CREATE-ITEM @ITEMS-CREATE-ONE
  Scenario: A write over GraphQL is read back over REST, and the other way round
    When admin queries /graphql:
      """
      mutation { create_authors_item(data: {name: "Via GraphQL", country: {code: "nl", name: "Netherlands"}}) { id name country { name } } }
      """
    Then "data.create_authors_item.country" is {"name": "Netherlands"}
    And I remember "data.create_authors_item.id" as "gql_id"
    When admin sends GET /items/authors/{{gql_id}}?fields=name,country.name
    Then the response is exactly:
      """
      {"data": {"name": "Via GraphQL", "country": {"name": "Netherlands"}}}
      """
    When admin sends POST /items/authors?fields=id
      """
      {"name": "Via REST", "country": "fr"}
      """
    Then I remember "data.id" as "rest_id"
    When admin queries /graphql:
      """
      { authors_by_id(id: {{rest_id}}) { name country { name } } }
      """
    Then the response is exactly:
      """
      {"data": {"authors_by_id": {"name": "Via REST", "country": {"name": "France"}}}}
      """

  @GQL-MUT-UPDATE-ITEM @ITEMS-UPDATE-ONE
  Scenario: The same update gives the same item over both transports
    When admin sends PATCH /items/comments/1?fields=id,text,article.title
      """
      {"text": "patched"}
      """
    Then the response is exactly:
      """
      {"data": {"id": 1, "text": "patched", "article": {"title": "Hello World"}}}
      """
    When admin queries /graphql:
      """
      mutation { update_comments_item(id: 2, data: {text: "patched"}) { id text article { title } } }
      """
    Then "data.update_comments_item.text" is "patched"
    When admin queries /graphql:
      """
      { comments(filter: {text: {_eq: "patched"}}, sort: ["id"]) { id } }
      """
    Then the response is exactly:
      """
      {"data": {"comments": [{"id": "1"}, {"id": "2"}]}}
      """
