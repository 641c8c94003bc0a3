Feature: Creating, updating and deleting items
  Writes answer with the written items re-read with the request's query, or
  204 when there is nothing the caller may read back.

  @ITEMS-CREATE-ONE @ITEMS-CREATE-DEFAULTS
  Scenario: Creating one item returns it, defaults filled in
    When admin sends POST /items/articles
      """
      {"title": "Fresh"}
      """
    Then the status is 200
    And the response matches:
      """
      {"data": {"id": "<integer>", "title": "Fresh", "status": "draft", "is_featured": false, "body": null,
                "comments": [], "tags": []}}
      """

  @ITEMS-CREATE-ONE-FIELDS
  Scenario: The fields parameter shapes the created item in the response
    When admin sends POST /items/tags?fields=name
      """
      {"name": "shaped"}
      """
    Then the response is exactly:
      """
      {"data": {"name": "shaped"}}
      """

  @ITEMS-CREATE-MANY @ITEMS-CREATE-MANY-ORDER
  Scenario: Creating several items takes an array and returns an array
    When admin sends POST /items/tags?fields=name
      """
      [{"name": "first"}, {"name": "second"}]
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"name": "first"}, {"name": "second"}]}
      """

  @ITEMS-CREATE-MANY-EMPTY
  Scenario: Creating an empty array returns an empty array
    When admin sends POST /items/tags
      """
      []
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """

  @ITEMS-CREATE-REREAD-USES-URL-QUERY
  Scenario: The re-read after a create uses the URL query
    When admin sends POST /items/tags?fields=name&sort=-name&limit=1
      """
      [{"name": "a-tag"}, {"name": "z-tag"}]
      """
    Then the response is exactly:
      """
      {"data": [{"name": "z-tag"}]}
      """

  @ITEMS-CREATE-UNKNOWN-FIELDS-DROPPED
  Scenario: Keys that are not fields are ignored on create
    When admin sends POST /items/tags?fields=name
      """
      {"name": "kept", "bogus": 1}
      """
    Then the response is exactly:
      """
      {"data": {"name": "kept"}}
      """

  @ITEMS-CREATE-PK-EXPLICIT
  Scenario: A client-supplied integer key is used, and the sequence continues above it
    When admin sends POST /items/tags?fields=id
      """
      {"id": 500, "name": "explicit"}
      """
    Then the response is exactly:
      """
      {"data": {"id": 500}}
      """
    When admin sends POST /items/tags?fields=id
      """
      {"name": "after-explicit"}
      """
    Then the response is exactly:
      """
      {"data": {"id": 501}}
      """

  @ITEMS-CREATE-PK-DUPLICATE @ERR-RECORD-NOT-UNIQUE
  Scenario: An existing key is RECORD_NOT_UNIQUE
    When admin sends POST /items/tags
      """
      {"id": 1, "name": "duplicate"}
      """
    Then the response is an error RECORD_NOT_UNIQUE
    And the error message is "Value "1" for field "id" in collection "tags" has to be unique."
    And the response matches:
      """
      {"errors": [{"extensions": {"collection": "tags", "field": "id", "value": 1}}]}
      """

  @ITEMS-CREATE-UUID-GENERATED
  Scenario: A uuid primary key is generated when not given
    When admin sends POST /items/things
      """
      {"label": "gamma"}
      """
    Then the response matches:
      """
      {"data": {"id": "<uuid>", "label": "gamma"}}
      """

  @ITEMS-CREATE-STRING-PK-REQUIRED @VAL-REQUIRED
  Scenario: A string primary key without a value fails validation
    When admin sends POST /items/countries
      """
      {"name": "Nowhere"}
      """
    Then the response is an error FAILED_VALIDATION
    And the response matches:
      """
      {"errors": [{"extensions": {"field": "code", "type": "required"}}]}
      """

  @ITEMS-UPDATE-ONE
  Scenario: Updating one item returns it re-read
    When admin sends PATCH /items/articles/2?fields=id,title,views
      """
      {"views": 7}
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"id": 2, "title": "Second", "views": 7}}
      """
    When admin sends GET /items/articles/2?fields=views
    Then the response is exactly:
      """
      {"data": {"views": 7}}
      """

  @ITEMS-UPDATE-ONE-PK-IN-BODY-IGNORED
  Scenario: A primary key in the update body does not move the item
    When admin sends PATCH /items/tags/3?fields=id,name
      """
      {"id": 300, "name": "renamed"}
      """
    Then the response is exactly:
      """
      {"data": {"id": 3, "name": "renamed"}}
      """

  @ITEMS-UPDATE-ONE-EMPTY-BODY
  Scenario: An empty update body changes nothing and returns the item
    When admin sends PATCH /items/tags/1?fields=name
      """
      {}
      """
    Then the response is exactly:
      """
      {"data": {"name": "news"}}
      """

  @ITEMS-UPDATE-MANY-KEYS
  Scenario: Updating several items by keys
    When admin sends PATCH /items/articles?fields=id,rating
      """
      {"keys": [2, 3], "data": {"rating": 3.5}}
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 2, "rating": 3.5}, {"id": 3, "rating": 3.5}]}
      """

  @ITEMS-UPDATE-BATCH
  Scenario: Updating a batch of items, each with its own data
    When admin sends PATCH /items/articles?fields=id,views
      """
      [{"id": 2, "views": 20}, {"id": 3, "views": 30}]
      """
    Then the response is exactly:
      """
      {"data": [{"id": 2, "views": 20}, {"id": 3, "views": 30}]}
      """

  @ITEMS-UPDATE-BY-QUERY
  Scenario: Updating the items a query selects
    When admin sends PATCH /items/articles?fields=id,views
      """
      {"query": {"filter": {"status": {"_eq": "draft"}}}, "data": {"views": 99}}
      """
    Then the response is exactly:
      """
      {"data": [{"id": 3, "views": 99}, {"id": 6, "views": 99}]}
      """

  @ITEMS-UPDATE-MANY-MISSING-DATA
  Scenario: A batch update without data is INVALID_PAYLOAD
    When admin sends PATCH /items/articles
      """
      {"keys": [1]}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error message is "Invalid payload. "data" is required."

  @ITEMS-UPDATE-MANY-XOR @ITEMS-BATCH-VALIDATION
  Scenario: A batch update needs keys or a query, not both and not neither
    When admin sends PATCH /items/articles
      """
      {"keys": [1], "query": {}, "data": {}}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is ""value" contains a conflict between exclusive peers [query, keys]"
    When admin sends PATCH /items/articles
      """
      {"data": {}}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is ""value" must contain at least one of [query, keys]"

  @ITEMS-UPDATE-BATCH-MISSING-PK
  Scenario: A batch element without its key is INVALID_PAYLOAD
    When admin sends PATCH /items/articles
      """
      [{"views": 1}]
      """
    Then the response is an error INVALID_PAYLOAD
    And the error message is "Invalid payload. Item in update misses primary key."

  @ITEMS-DELETE-MANY-ARRAY
  Scenario: Deleting several items by an array of keys
    When admin sends POST /items/tags?fields=id
      """
      [{"name": "d1"}, {"name": "d2"}]
      """
    And I remember "data.0.id" as "a"
    And I remember "data.1.id" as "b"
    And admin sends DELETE /items/tags
      """
      [{{a}}, {{b}}]
      """
    Then the status is 204
    When admin sends GET /items/tags?filter[name][_in]=d1,d2
    Then "data" has 0 items

  @ITEMS-DELETE-MANY-KEYS
  Scenario: Deleting several items by a keys object
    When admin sends POST /items/tags?fields=id
      """
      {"name": "d3"}
      """
    And I remember "data.id" as "a"
    And admin sends DELETE /items/tags
      """
      {"keys": [{{a}}]}
      """
    Then the status is 204
    When admin sends GET /items/tags?filter[name][_eq]=d3
    Then "data" has 0 items

  @ITEMS-DELETE-BY-QUERY
  Scenario: Deleting the items a query selects
    When admin sends POST /items/tags
      """
      [{"name": "q-del-1"}, {"name": "q-del-2"}]
      """
    And admin sends DELETE /items/tags
      """
      {"query": {"filter": {"name": {"_starts_with": "q-del"}}}}
      """
    Then the status is 204
    When admin sends GET /items/tags?filter[name][_starts_with]=q-del
    Then "data" has 0 items

  @ITEMS-DELETE-NO-BODY
  Scenario: A bulk delete without keys or query is INVALID_PAYLOAD
    When admin sends DELETE /items/tags
    Then the response is an error INVALID_PAYLOAD
    And the error reason is ""value" must contain at least one of [query, keys]"
