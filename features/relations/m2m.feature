Feature: Writing many-to-many relations
  A many-to-many is a one-to-many to its junction collection (seed: "(/
  Many-to-Many)"): the alias holds junction rows, so writes are junction
  rows too, each pointing at its related item through the junction field.
  articles.tags goes through articles_tags (deselect action: delete).

  @NEST-M2M-SHAPE
  Scenario: New junction rows link existing items and create new ones
    When admin sends POST /items/articles?fields=title,tags.tags_id.name
      """
      {"title": "Tagged", "tags": [{"tags_id": 1}, {"tags_id": {"name": "brand-new"}}]}
      """
    Then the response is exactly:
      """
      {"data": {"title": "Tagged", "tags": [{"tags_id": {"name": "news"}}, {"tags_id": {"name": "brand-new"}}]}}
      """
    When admin sends GET /items/tags?filter[name][_eq]=brand-new&fields=name,articles.articles_id.title
    Then the response is exactly:
      """
      {"data": [{"name": "brand-new", "articles": [{"articles_id": {"title": "Tagged"}}]}]}
      """

  @NEST-M2M-SHAPE
  Scenario: A wildcard on the alias shows the junction rows
    When admin sends GET /items/articles/1?fields=tags.*
    Then the response is exactly:
      """
      {"data": {"tags": [{"id": 1, "articles_id": 1, "tags_id": 1}, {"id": 2, "articles_id": 1, "tags_id": 2}]}}
      """

  @NEST-M2M-UPDATE-RELATED
  Scenario: An existing junction row can update its related item
    When admin sends PATCH /items/articles/2?fields=tags.id,tags.tags_id.name
      """
      {"tags": [{"id": 3, "tags_id": {"id": 2, "name": "technology"}}]}
      """
    Then the response is exactly:
      """
      {"data": {"tags": [{"id": 3, "tags_id": {"name": "technology"}}]}}
      """
    When admin sends GET /items/tags/2?fields=name
    Then the response is exactly:
      """
      {"data": {"name": "technology"}}
      """

  @NEST-M2M-REMOVE
  Scenario: Omitted junction rows are deleted, the related items stay
    When admin sends PATCH /items/articles/1?fields=tags.tags_id
      """
      {"tags": [2]}
      """
    Then the response is exactly:
      """
      {"data": {"tags": [{"tags_id": 2}]}}
      """
    When admin sends GET /items/articles_tags/1
    Then the response is an error FORBIDDEN
    When admin sends GET /items/tags/1?fields=name
    Then the response is exactly:
      """
      {"data": {"name": "news"}}
      """

  @NEST-M2M-DETAILED
  Scenario: The detailed form creates and removes junction rows
    When admin sends PATCH /items/articles/1?fields=tags.tags_id
      """
      {"tags": {"create": [{"tags_id": 3}], "delete": [1]}}
      """
    Then the response is exactly:
      """
      {"data": {"tags": [{"tags_id": 2}, {"tags_id": 3}]}}
      """
    When admin sends GET /items/articles_tags/1
    Then the response is an error FORBIDDEN

  @NEST-M2M-PLAIN-IDS-PITFALL
  Scenario: Bare numbers are junction keys, not related keys, and are taken from their article
    When admin sends PATCH /items/articles/2?fields=tags.id,tags.tags_id
      """
      {"tags": [1]}
      """
    Then the response is exactly:
      """
      {"data": {"tags": [{"id": 1, "tags_id": 1}]}}
      """
    When admin sends GET /items/articles/1?fields=tags
    Then the response is exactly:
      """
      {"data": {"tags": [2]}}
      """
    When admin sends GET /items/articles_tags/3
    Then the response is an error FORBIDDEN

  @NEST-M2M-SHAPE @NEST-O2M-BASIC-SEMANTICS
  Scenario: The reverse side of a many-to-many is written the same way
    When admin sends PATCH /items/tags/3?fields=articles.articles_id
      """
      {"articles": [4, {"articles_id": 2}]}
      """
    Then the response is exactly:
      """
      {"data": {"articles": [{"articles_id": 5}, {"articles_id": 2}]}}
      """
