Feature: Writing many-to-one relations
  Seed, "Many-to-One": an object under the relational key creates the
  related item and stores its key; an object with a primary key updates that
  item instead; null clears the link. Directus 12.4 fills in what the seed
  leaves open: a bare key just links, an unknown key inside an object creates
  the item with that key, and an empty object is a create.

  @NEST-M2O-CREATE
  Scenario: An object without a key creates the related item and links it
    When admin sends POST /items/articles?fields=title,author.name,author.articles
      """
      {"title": "With a new author", "author": {"name": "Dora"}}
      """
    Then the status is 200
    And the response matches:
      """
      {"data": {"title": "With a new author", "author": {"name": "Dora", "articles": ["<integer>"]}}}
      """
    When admin sends GET /items/authors?filter[name][_eq]=Dora&fields=name,articles.title
    Then the response is exactly:
      """
      {"data": [{"name": "Dora", "articles": [{"title": "With a new author"}]}]}
      """

  @NEST-M2O-UPDATE
  Scenario: An object with an existing key updates that item and links it
    When admin sends PATCH /items/articles/3?fields=author.id,author.name
      """
      {"author": {"id": 2, "name": "Robert"}}
      """
    Then the response is exactly:
      """
      {"data": {"author": {"id": 2, "name": "Robert"}}}
      """
    When admin sends GET /items/authors/2?fields=name,articles
    Then the response is exactly:
      """
      {"data": {"name": "Robert", "articles": [2, 3, 6]}}
      """

  @NEST-M2O-PK-ONLY
  Scenario: An object with only an existing key links without changing the item
    When admin sends PATCH /items/articles/3?fields=author.id,author.name
      """
      {"author": {"id": 1}}
      """
    Then the response is exactly:
      """
      {"data": {"author": {"id": 1, "name": "Ann"}}}
      """

  @NEST-M2O-RAW-FK
  Scenario: A bare key sets the foreign key
    When admin sends PATCH /items/articles/3?fields=author
      """
      {"author": 2}
      """
    Then the response is exactly:
      """
      {"data": {"author": 2}}
      """

  @NEST-M2O-NULLIFY
  Scenario: null clears the link and leaves the related item alone
    When admin sends PATCH /items/articles/2?fields=author
      """
      {"author": null}
      """
    Then the response is exactly:
      """
      {"data": {"author": null}}
      """
    When admin sends GET /items/authors/2?fields=name,articles
    Then the response is exactly:
      """
      {"data": {"name": "Bob", "articles": [6]}}
      """

  @NEST-M2O-PK-NOT-FOUND
  Scenario: An object whose key does not exist creates the item with that key
    When admin sends PATCH /items/articles/3?fields=author.id,author.name
      """
      {"author": {"id": 777, "name": "Given key"}}
      """
    Then the response is exactly:
      """
      {"data": {"author": {"id": 777, "name": "Given key"}}}
      """
    When admin sends GET /items/authors/777?fields=name
    Then the response is exactly:
      """
      {"data": {"name": "Given key"}}
      """

  @NEST-M2O-PK-NOT-FOUND @NEST-VALIDATION-PATH
  Scenario: An object with an unknown key and nothing else is a create, validated as one
    When admin sends PATCH /items/articles/3
      """
      {"author": {"id": 778}}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Validation failed for field \"name\" at \"author\". Value is required.",
                   "extensions": {"field": "name", "path": ["author"], "type": "required", "code": "FAILED_VALIDATION"}}]}
      """

  @NEST-M2O-EMPTY-OBJECT @NEST-VALIDATION-PATH
  Scenario: An empty object is a create of an empty related item
    When admin sends PATCH /items/articles/3
      """
      {"author": {}}
      """
    Then the response is an error FAILED_VALIDATION
    And the error message is "Validation failed for field "name" at "author". Value is required."
    When admin sends POST /items/pages?fields=sections.collection,sections.item.*
      """
      {"title": "Empty paragraph", "sections": [{"collection": "paragraphs", "item": {}}]}
      """
    Then the response matches:
      """
      {"data": {"sections": [{"collection": "paragraphs", "item": {"id": "<integer>", "body": null, "background_color": null}}]}}
      """

  @NEST-M2O-EMPTY-OBJECT
  Scenario: A list under a many-to-one is treated like an object, so it creates
    When admin sends PATCH /items/articles/3
      """
      {"author": [1]}
      """
    Then the response is an error FAILED_VALIDATION
    And the error message is "Validation failed for field "name" at "author". Value is required."

  @NEST-M2O-RAW-FK @ERR-INVALID-FOREIGN-KEY @VENDOR-FK-DETAIL @vendor-sqlite-fk-detail
  Scenario: A key that does not exist is INVALID_FOREIGN_KEY, without details on SQLite
    When admin sends PATCH /items/articles/3
      """
      {"author": 9999}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid foreign key.",
                   "extensions": {"collection": null, "field": null, "value": null, "code": "INVALID_FOREIGN_KEY"}}]}
      """
    When admin sends POST /items/articles
      """
      {"title": "Dangling", "author": 9999}
      """
    Then the response is an error INVALID_FOREIGN_KEY
    When admin sends GET /items/articles?filter[title][_eq]=Dangling
    Then "data" has 0 items

  @NEST-M2O-CREATE @NEST-M2O-UPDATE
  Scenario: Many-to-one writes follow string and uuid primary keys
    When admin sends POST /items/authors?fields=name,country.code,country.name
      """
      {"name": "Elena", "country": {"code": "es", "name": "Spain"}}
      """
    Then the response is exactly:
      """
      {"data": {"name": "Elena", "country": {"code": "es", "name": "Spain"}}}
      """
    When admin sends PATCH /items/authors/3?fields=country.code,country.name
      """
      {"country": {"code": "nl", "name": "The Netherlands"}}
      """
    Then the response is exactly:
      """
      {"data": {"country": {"code": "nl", "name": "The Netherlands"}}}
      """
    When admin sends POST /items/reviews?fields=thing.id,thing.label
      """
      {"thing": {"label": "gamma"}}
      """
    Then the response matches:
      """
      {"data": {"thing": {"id": "<uuid>", "label": "gamma"}}}
      """

  @NEST-M2O-CREATE @NEST-ORDER
  Scenario: One many-to-one object on a batch update is created once and shared
    When admin sends PATCH /items/articles?fields=id,author.name
      """
      {"keys": [3, 6], "data": {"author": {"name": "Shared"}}}
      """
    Then the response is exactly:
      """
      {"data": [{"id": 3, "author": {"name": "Shared"}}, {"id": 6, "author": {"name": "Shared"}}]}
      """
    When admin sends GET /items/authors?filter[name][_eq]=Shared&fields=articles
    Then the response is exactly:
      """
      {"data": [{"articles": [3, 6]}]}
      """
