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

  @ITEMS-CREATE-PK-DUPLICATE @ERR-RECORD-NOT-UNIQUE @vendor-mysql-unique-detail
  Scenario: An existing key is RECORD_NOT_UNIQUE (MySQL: no collection or value)
    When admin sends POST /items/tags
      """
      {"id": 1, "name": "duplicate"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Value has to be unique.",
                   "extensions": {"collection": null, "field": "id", "value": null, "code": "RECORD_NOT_UNIQUE"}}]}
      """

  @ITEMS-CREATE-PK-DUPLICATE @ERR-RECORD-NOT-UNIQUE @vendor-sqlite-unique-detail @vendor-postgres-unique-detail
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

  @ITEMS-UPDATE-MANY-KEY-ORDER
  Scenario: Several keys are written in their sorted order, whatever order they are sent in
    When admin sends PATCH /items/articles?fields=id,tags.tags_id
      """
      {"keys": [6, 2], "data": {"tags": [{"tags_id": 3}]}}
      """
    Then the status is 200
    When admin sends GET /items/articles_tags?filter[tags_id][_eq]=3&filter[articles_id][_in]=2,6&fields=articles_id&sort=id
    Then the response is exactly:
      """
      {"data": [{"articles_id": 2}, {"articles_id": 6}]}
      """
    When admin queries /graphql:
      """
      mutation { update_articles_items(ids: [5, 1, 3], data: {notes: [{text: "k"}]}) { id } }
      """
    Then the status is 200
    When admin sends GET /items/notes?filter[text][_eq]=k&fields=article&sort=id
    Then the response is exactly:
      """
      {"data": [{"article": 1}, {"article": 3}, {"article": 5}]}
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

  @ITEMS-CREATE-ARRAY-OF-NON-OBJECTS
  Scenario: Elements of a create that are not objects are items without fields
    When admin sends POST /items/reviews?fields=big,flag
      """
      [["x"], "y"]
      """
    Then the response is exactly:
      """
      {"data": [{"big": null, "flag": null}, {"big": null, "flag": null}]}
      """
    When admin sends POST /items/tags
      """
      ["abc"]
      """
    Then the response is an error FAILED_VALIDATION
    And the error message is "Validation failed for field "name". Value is required."

  @ITEMS-CREATE-MANY-LIMIT
  Scenario: A create of more than 100 items returns all of them
    Given "bulk" is a JSON array of 150 copies of {"text": "bulk create"}
    When admin sends POST /items/comments?fields=text
      """
      {{bulk}}
      """
    Then the status is 200
    And "data" has 150 items

  @ITEMS-CREATE-UUID-INVALID
  Scenario: A malformed uuid key on create is FORBIDDEN
    When admin sends POST /items/things
      """
      {"id": "not-a-uuid", "label": "bad key"}
      """
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access this."

  @ITEMS-UPDATE-ONE-ARRAY-BODY
  Scenario: An array body on an update of one item changes nothing
    When admin sends PATCH /items/tags/1?fields=id,name
      """
      [{"name": "ignored"}]
      """
    Then the response is exactly:
      """
      {"data": {"id": 1, "name": "news"}}
      """

  @ITEMS-UPDATE-ONE-UNKNOWN-FIELD
  Scenario: Unknown fields are dropped for admins and FORBIDDEN for users
    When admin sends PATCH /items/tags/3?fields=id,name
      """
      {"name": "living", "bogus": 1}
      """
    Then the response is exactly:
      """
      {"data": {"id": 3, "name": "living"}}
      """
    When editor sends PATCH /items/tags/3
      """
      {"name": "life", "bogus": 1}
      """
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permission to access field "bogus" in collection "tags" or it does not exist. Queried in root."

  @ITEMS-UPDATE-ONE-PK-IN-BODY-IGNORED @VAL-NNULL
  Scenario: A primary key in an update body is validated though never written
    When admin sends PATCH /items/tags/3
      """
      {"id": null, "name": "renamed"}
      """
    Then the response is an error FAILED_VALIDATION
    And the error message is "Validation failed for field "id". Value can't be null."
    When admin sends PATCH /items/tags?fields=id,name
      """
      [{"id": 3, "name": "renamed"}]
      """
    Then the response is exactly:
      """
      {"data": [{"id": 3, "name": "renamed"}]}
      """

  @ITEMS-UPDATE-REREAD-FILTER-204 @ITEMS-204-ON-NO-PAYLOAD
  Scenario: An update whose re-read the URL filter excludes answers 204 and is kept
    When admin sends PATCH /items/articles/1?filter[status][_eq]=draft
      """
      {"views": 11}
      """
    Then the status is 204
    And the body is empty
    When admin sends GET /items/articles/1?fields=views
    Then the response is exactly:
      """
      {"data": {"views": 11}}
      """

  @ITEMS-UPDATE-REREAD-FILTER-204
  Scenario: A URL filter on the primary key does not hide the item re-read after an update
    When admin sends PATCH /items/articles/2?fields=id&filter[id][_eq]=1
      """
      {"views": 7}
      """
    Then the response is exactly:
      """
      {"data": {"id": 2}}
      """

  @ITEMS-UPDATE-DATE-UPDATED @VAL-GENERATED-EXEMPT
  Scenario: Creation and update stamps are set by the server, over client values
    When editor sends POST /items/reviews?fields=id,user_created,date_created,user_updated,date_updated
      """
      {"user_created": "00000000-0000-4000-8000-000000000000", "date_created": "2000-01-01T00:00:00Z"}
      """
    Then the response matches:
      """
      {"data": {"id": "<integer>", "user_created": "{{editor.id}}", "date_created": "<timestamp>",
                "user_updated": null, "date_updated": null}}
      """
    And I remember "data.id" as "review"
    When editor sends PATCH /items/reviews/{{review}}?fields=user_updated,date_updated
      """
      {"user_updated": "00000000-0000-4000-8000-000000000000", "big": 2}
      """
    Then the response matches:
      """
      {"data": {"user_updated": "{{editor.id}}", "date_updated": "<timestamp>"}}
      """

  @ITEMS-UPDATE-MANY-KEY-TYPES @ITEMS-BATCH-VALIDATION
  Scenario: Batch update keys must be strings or numbers, and no other keys are allowed
    When admin sends PATCH /items/articles
      """
      {"keys": [{"id": 1}], "data": {"views": 1}}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is ""keys[0]" must be one of [string, number]"
    When admin sends PATCH /items/articles
      """
      {"keys": [1], "data": {"views": 1}, "bogus": true}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is ""bogus" is not allowed"

  @ITEMS-UPDATE-MANY-NONEXISTENT @PERM-ITEM-NOT-FOUND
  Scenario: An admin updating several items, one of them missing, gets FORBIDDEN
    When admin sends PATCH /items/articles
      """
      {"keys": [2, 99999], "data": {"views": 1}}
      """
    Then the response is an error FORBIDDEN
    When admin sends GET /items/articles/2?fields=views
    Then the response is exactly:
      """
      {"data": {"views": 6}}
      """

  @ITEMS-UPDATE-MANY-NONEXISTENT @PERM-ITEM-MUTATE-NOT-FOUND
  Scenario: A user updating several items, one of them missing, gets FORBIDDEN and changes nothing
    When editor sends PATCH /items/articles
      """
      {"keys": [2, 99999], "data": {"views": 1}}
      """
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permissions to perform "update" for the field(s) "views" in collection "articles" or it does not exist."
    When admin sends GET /items/articles/2?fields=views
    Then the response is exactly:
      """
      {"data": {"views": 6}}
      """

  @ITEMS-UPDATE-BATCH-NONEXISTENT @PERM-ITEM-NOT-FOUND
  Scenario: An admin's batch update with an element that does not exist gets FORBIDDEN
    When admin sends PATCH /items/articles
      """
      [{"id": 99999, "views": 1}, {"id": 2, "views": 1}]
      """
    Then the response is an error FORBIDDEN
    When admin sends GET /items/articles/2?fields=views
    Then the response is exactly:
      """
      {"data": {"views": 6}}
      """

  @ITEMS-UPDATE-MANY-EMPTY-KEYS
  Scenario: An empty list of keys updates nothing for admins and is FORBIDDEN for users
    When admin sends PATCH /items/tags
      """
      {"keys": [], "data": {"name": "nothing"}}
      """
    Then the response is exactly:
      """
      {"data": []}
      """
    When editor sends PATCH /items/tags
      """
      {"keys": [], "data": {"name": "nothing"}}
      """
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permissions to perform "update" for the field(s) "name" in collection "tags" or it does not exist."

  @ITEMS-UPDATE-BY-QUERY-LIMIT-100
  Scenario: An update by query changes the first 100 matches unless the query lifts the limit
    Given "bulk" is a JSON array of 120 copies of {"text": "bulk update"}
    When admin sends POST /items/comments?fields=id
      """
      {{bulk}}
      """
    And admin sends PATCH /items/comments?fields=id
      """
      {"query": {"filter": {"text": {"_eq": "bulk update"}}}, "data": {"text": "bulk updated"}}
      """
    Then "data" has 100 items
    When admin sends GET /items/comments?aggregate[count]=*&filter[text][_eq]=bulk%20updated
    Then the response is exactly:
      """
      {"data": [{"count": "<numeric 100>"}]}
      """
    When admin sends PATCH /items/comments?fields=id&limit=-1
      """
      {"query": {"filter": {"text": {"_starts_with": "bulk"}}, "limit": -1}, "data": {"text": "all"}}
      """
    Then "data" has 120 items

  @ITEMS-UPDATE-BY-QUERY-NOT-VALIDATED @QUERY-ERROR-FORMAT
  Scenario: The query of an update is parsed but not validated like a URL query
    When admin sends PATCH /items/articles?fields=id
      """
      {"query": {"filter": {"id": {"_in": [2, 3]}}, "limit": "abc"}, "data": {"views": 1}}
      """
    Then the response is exactly:
      """
      {"data": [{"id": 2}, {"id": 3}]}
      """
    When admin sends PATCH /items/articles
      """
      {"query": {"filter": "not json"}, "data": {"views": 1}}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid query. Invalid JSON for filter object.",
                   "extensions": {"reason": "Invalid JSON for filter object", "code": "INVALID_QUERY"}}]}
      """

  @ITEMS-UPDATE-MANY-RESPONSE-204 @ITEMS-204-ON-NO-PAYLOAD
  Scenario: A batch update answers 204 to a caller who may not read, and [] when the URL filter excludes
    When updater sends PATCH /items/articles?fields=id
      """
      {"keys": [2], "data": {"views": 8}}
      """
    Then the status is 204
    And the body is empty
    When admin sends PATCH /items/articles?fields=id&filter[status][_eq]=draft
      """
      {"keys": [2], "data": {"views": 9}}
      """
    Then the response is exactly:
      """
      {"data": []}
      """
    When admin sends GET /items/articles/2?fields=views
    Then the response is exactly:
      """
      {"data": {"views": 9}}
      """

  @ITEMS-DELETE-BY-QUERY-LIMIT-100
  Scenario: A delete by query removes the first 100 matches unless the query lifts the limit
    Given "bulk" is a JSON array of 120 copies of {"text": "bulk delete"}
    When admin sends POST /items/notes?fields=id
      """
      {{bulk}}
      """
    And admin sends DELETE /items/notes
      """
      {"query": {"filter": {"text": {"_eq": "bulk delete"}}}}
      """
    Then the status is 204
    When admin sends GET /items/notes?aggregate[count]=*&filter[text][_eq]=bulk%20delete
    Then the response is exactly:
      """
      {"data": [{"count": "<numeric 20>"}]}
      """
    When admin sends DELETE /items/notes
      """
      {"query": {"filter": {"text": {"_eq": "bulk delete"}}, "limit": -1}}
      """
    And admin sends GET /items/notes?aggregate[count]=*&filter[text][_eq]=bulk%20delete
    Then the response is exactly:
      """
      {"data": [{"count": "<numeric 0>"}]}
      """

  # Needs a target started with MAX_BATCH_MUTATION=200 (directus-mock takes the
  # same variable); run with --capability max-batch-mutation-200.
  @ITEMS-BATCH-MUTATION-LIMIT @needs-max-batch-mutation-200
  Scenario: A request writing more items than MAX_BATCH_MUTATION, nested ones included, is INVALID_PAYLOAD
    Given "over" is a JSON array of 201 copies of {"text": "over the limit"}
    And "at" is a JSON array of 199 copies of {"text": "at the limit"}
    When admin sends POST /items/comments
      """
      {{over}}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid payload. Exceeded max batch mutation limit of 200.",
                   "extensions": {"reason": "Exceeded max batch mutation limit of 200", "code": "INVALID_PAYLOAD"}}]}
      """
    When admin sends POST /items/articles
      """
      {"title": "Over the limit", "author": {"name": "One more"}, "comments": {{at}}}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "Exceeded max batch mutation limit of 200"
    When admin sends POST /items/articles?fields=title
      """
      {"title": "At the limit", "comments": {{at}}}
      """
    Then the response is exactly:
      """
      {"data": {"title": "At the limit"}}
      """
    When admin sends GET /items/comments?aggregate[count]=*&filter[text][_eq]=over%20the%20limit
    Then the response is exactly:
      """
      {"data": [{"count": "<numeric 0>"}]}
      """

  @ITEMS-BATCH-MUTATION-SYSTEM @needs-max-batch-mutation-200
  Scenario: MAX_BATCH_MUTATION counts the writes to system collections too, over REST and GraphQL
    Given "presets" is a JSON array of 201 copies of {"collection": "over_the_limit", "layout": "tabular"}
    And "roles" is a JSON array of 201 copies of {"name": "Over the limit"}
    And "panels" is a JSON array of 200 copies of {"type": "label", "position_x": 1, "position_y": 1, "width": 2, "height": 2}
    When admin sends POST /presets
      """
      {{presets}}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid payload. Exceeded max batch mutation limit of 200.",
                   "extensions": {"reason": "Exceeded max batch mutation limit of 200", "code": "INVALID_PAYLOAD"}}]}
      """
    When admin sends POST /roles
      """
      {{roles}}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "Exceeded max batch mutation limit of 200"
    When admin sends POST /dashboards
      """
      {"name": "Over the limit", "panels": {{panels}}}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "Exceeded max batch mutation limit of 200"
    When admin queries /graphql/system with variables {"data": {{presets}}}:
      """
      mutation ($data: [create_directus_presets_input!]) { create_presets_items(data: $data) { id } }
      """
    Then "errors.0.extensions.code" is "INVALID_PAYLOAD"
    And "errors.0.extensions.reason" is "Exceeded max batch mutation limit of 200"
    When admin sends GET /presets?filter[collection][_eq]=over_the_limit&aggregate[count]=*
    Then the response is exactly:
      """
      {"data": [{"count": "<numeric 0>"}]}
      """
    When admin sends GET /dashboards?filter[name][_eq]=Over%20the%20limit&aggregate[count]=*
    Then the response is exactly:
      """
      {"data": [{"count": "<numeric 0>"}]}
      """
