Feature: Content versions
  A version is a named draft of an item of a collection with versioning on.
  It keeps the main item's object-hash from when it was made and collects
  changes (save); compare shows them beside the main item, promote writes them
  to it while the main item is unchanged, and reads with ?version= show the
  item as the version would make it.

  Background:
    Given admin sends POST /collections
      """
      {"collection": "docs_{{unique}}", "meta": {"versioning": true}, "schema": {}, "fields": [
        {"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}, "meta": {}},
        {"field": "title", "type": "string", "schema": {}, "meta": {}},
        {"field": "body", "type": "text", "schema": {}, "meta": {}},
        {"field": "author", "type": "integer", "schema": {}, "meta": {"special": ["m2o"]}}]}
      """
    And admin sends POST /relations
      """
      {"collection": "docs_{{unique}}", "field": "author", "related_collection": "authors"}
      """
    And admin sends POST /items/docs_{{unique}}
      """
      [{"title": "Doc", "body": "v1", "author": 1}, {"title": "Other", "body": "o", "author": 2}]
      """

  @VERSIONS-CREATE
  Scenario: A version of an item keeps the object-hash of the main item
    When admin sends POST /versions
      """
      {"key": "draft", "name": "Draft", "collection": "docs_{{unique}}", "item": "1"}
      """
    Then the response is exactly:
      """
      {"data": {"id": "<uuid>", "key": "draft", "name": "Draft", "collection": "docs_{{unique}}", "item": "1",
                "hash": "a38fd4b573ff3d41222b264df3a98711b66ec4b1", "date_created": "<timestamp>", "date_updated": "<timestamp>",
                "user_created": "<uuid>", "user_updated": null, "delta": null}}
      """

  @VERSIONS-CREATE-RULES
  Scenario: A version needs a free key, an existing item and a collection with versioning on
    Given admin sends POST /versions
      """
      {"key": "draft", "collection": "docs_{{unique}}", "item": "1"}
      """
    When admin sends POST /versions
      """
      {"key": "draft", "collection": "docs_{{unique}}", "item": "1"}
      """
    Then the status is 422
    And the error reason is "Version \"draft\" already exists for item \"1\" in collection \"docs_{{unique}}\""
    When admin sends POST /versions
      """
      [{"key": "twice", "collection": "docs_{{unique}}", "item": "2"}, {"key": "twice", "collection": "docs_{{unique}}", "item": "2"}]
      """
    Then the status is 422
    And the error reason is "Cannot create multiple versions on \"2\" in collection \"docs_{{unique}}\" with the same key \"twice\""
    When admin sends POST /versions
      """
      {"key": "main", "collection": "docs_{{unique}}", "item": "1"}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "\"main\" is a reserved version key"
    When admin sends POST /versions
      """
      {"key": "other", "collection": "docs_{{unique}}"}
      """
    Then the error reason is "\"key\" must be \"draft\" for versions not linked to an item"
    When admin sends POST /versions
      """
      {"key": "k", "collection": "docs_{{unique}}", "item": 1}
      """
    Then the error reason is "\"item\" must be a string"
    When admin sends POST /versions
      """
      {"key": "k", "collection": "docs_{{unique}}", "item": "1", "extra": true}
      """
    Then the error reason is "\"extra\" is not allowed"
    When admin sends POST /versions
      """
      {"collection": "docs_{{unique}}", "item": "1"}
      """
    Then the error reason is "\"key\" is required"
    When admin sends POST /versions
      """
      {"key": "draft", "collection": "articles", "item": "1"}
      """
    Then the status is 422
    And the error reason is "Content Versioning is not enabled for collection \"articles\""
    When admin sends POST /versions
      """
      {"key": "k", "collection": "docs_{{unique}}", "item": "999"}
      """
    Then the response is an error FORBIDDEN

  @VERSIONS-UPDATE-RULES
  Scenario: A version's key, name and item change; its collection does not
    Given admin sends POST /versions
      """
      {"key": "draft", "collection": "docs_{{unique}}", "item": "1"}
      """
    And I remember "data.id" as "version"
    When admin sends PATCH /versions/{{version}}?fields=key,name
      """
      {"key": "review", "name": "Review"}
      """
    Then the response is exactly:
      """
      {"data": {"key": "review", "name": "Review"}}
      """
    When admin sends PATCH /versions/{{version}}
      """
      {"collection": "articles"}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "\"collection\" is not allowed"
    When admin sends PATCH /versions/{{version}}
      """
      {"key": "published"}
      """
    Then the error reason is "\"published\" is a reserved version key"

  @VERSIONS-SAVE
  Scenario: Saving merges changes into the version, stamped, and records a version_save
    Given admin sends POST /versions
      """
      {"key": "draft", "collection": "docs_{{unique}}", "item": "1"}
      """
    And I remember "data.id" as "version"
    When admin sends POST /versions/{{version}}/save
      """
      {"title": "Doc v2"}
      """
    Then the response is exactly:
      """
      {"data": {"id": 1, "title": "Doc v2", "body": "v1", "author": 1, "_user": "<uuid>", "_date": "<timestamp>"}}
      """
    When admin sends POST /versions/{{version}}/save
      """
      {"body": "v2 body", "author": 2}
      """
    Then the response is exactly:
      """
      {"data": {"id": 1, "title": "Doc v2", "body": "v2 body", "author": 2, "_user": "<uuid>", "_date": "<timestamp>"}}
      """
    When admin sends GET /versions/{{version}}?fields=key,collection,item,delta,user_updated
    Then the response is exactly:
      """
      {"data": {"key": "draft", "collection": "docs_{{unique}}", "item": "1", "user_updated": "<uuid>",
                "delta": {"id": "1", "title": "Doc v2", "body": "v2 body", "author": 2}}}
      """
    When admin sends GET /versions?filter[id][_eq]={{version}}&fields=delta
    Then the response is exactly:
      """
      {"data": [{"delta": {"title": "Doc v2", "_user": "<uuid>", "_date": "<timestamp>", "body": "v2 body", "author": 2}}]}
      """
    When admin sends GET /revisions?filter[version][_eq]={{version}}&sort=-id&fields=collection,item,data,delta,activity.action
    Then the response is exactly:
      """
      {"data": [{"collection": "docs_{{unique}}", "item": "1", "data": {"body": "v2 body", "author": 2},
                 "delta": {"body": "v2 body", "author": 2}, "activity": {"action": "version_save"}},
                {"collection": "docs_{{unique}}", "item": "1", "data": {"title": "Doc v2"},
                 "delta": {"title": "Doc v2"}, "activity": {"action": "version_save"}}]}
      """
    When admin sends GET /items/docs_{{unique}}/1
    Then the response is exactly:
      """
      {"data": {"id": 1, "title": "Doc", "body": "v1", "author": 1}}
      """

  @VERSIONS-COMPARE
  Scenario: Compare shows the changes beside the main item and tells when the main item changed
    Given admin sends POST /versions
      """
      {"key": "draft", "collection": "docs_{{unique}}", "item": "1"}
      """
    And I remember "data.id" as "version"
    And admin sends POST /versions/{{version}}/save
      """
      {"title": "Doc v2"}
      """
    When admin sends GET /versions/{{version}}/compare
    Then the response is exactly:
      """
      {"data": {"outdated": false, "mainHash": "a38fd4b573ff3d41222b264df3a98711b66ec4b1",
                "current": {"id": "1", "title": "Doc v2"}, "main": {"id": 1, "title": "Doc", "body": "v1", "author": 1}}}
      """
    When admin sends PATCH /items/docs_{{unique}}/1
      """
      {"body": "changed main"}
      """
    And admin sends GET /versions/{{version}}/compare
    Then the response is exactly:
      """
      {"data": {"outdated": true, "mainHash": "a9b36ce7921f4b41a7949baf07aaee2e128e0ae5",
                "current": {"id": "1", "title": "Doc v2"}, "main": {"id": 1, "title": "Doc", "body": "changed main", "author": 1}}}
      """

  @VERSIONS-PROMOTE
  Scenario: Promoting needs the main item's current hash, and writes the chosen fields
    Given admin sends POST /versions
      """
      {"key": "draft", "collection": "docs_{{unique}}", "item": "1"}
      """
    And I remember "data.id" as "version"
    And admin sends POST /versions/{{version}}/save
      """
      {"title": "Doc v2", "body": "v2 body"}
      """
    When admin sends POST /versions/{{version}}/promote
      """
      {}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "\"mainHash\" field is required"
    When admin sends POST /versions/{{version}}/promote
      """
      {"mainHash": "not-the-hash"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Main item has changed since this version was last updated.",
                   "extensions": {"mainHash": "a38fd4b573ff3d41222b264df3a98711b66ec4b1", "code": "VERSION_HASH_MISMATCH"}}]}
      """
    And the status is 422
    When admin sends POST /versions/{{version}}/promote
      """
      {"mainHash": "a38fd4b573ff3d41222b264df3a98711b66ec4b1", "fields": ["title"]}
      """
    Then the response is exactly:
      """
      {"data": "1"}
      """
    When admin sends GET /items/docs_{{unique}}/1
    Then the response is exactly:
      """
      {"data": {"id": 1, "title": "Doc v2", "body": "v1", "author": 1}}
      """

  @VERSIONS-READ
  Scenario: Reading with ?version= shows items as their version makes them, with the version's id
    Given admin sends POST /versions
      """
      {"key": "draft", "collection": "docs_{{unique}}", "item": "1"}
      """
    And I remember "data.id" as "version"
    And admin sends POST /versions/{{version}}/save
      """
      {"title": "Doc v2", "author": 2}
      """
    When admin sends GET /items/docs_{{unique}}/1?version=draft&fields=title,author.name
    Then the response is exactly:
      """
      {"data": {"title": "Doc v2", "author": {"name": "Bob"}, "$meta": {"version_id": "{{version}}"}}}
      """
    When admin sends GET /items/docs_{{unique}}?version=draft
    Then the response is exactly:
      """
      {"data": [{"id": 1, "title": "Doc v2", "body": "v1", "author": 2, "$meta": {"version_id": "{{version}}"}}]}
      """
    When admin sends GET /items/docs_{{unique}}/2?version=draft
    Then the response is an error FORBIDDEN
    When admin sends GET /items/docs_{{unique}}/1
    Then "data.title" is "Doc"

  @VERSIONS-READ @GQL-VERSION-ARGS
  Scenario: GraphQL reads a version through the version argument and <collection>_by_version
    Given admin sends POST /versions
      """
      {"key": "draft", "collection": "docs_{{unique}}", "item": "1"}
      """
    And I remember "data.id" as "version"
    And admin sends POST /versions/{{version}}/save
      """
      {"title": "Doc v2"}
      """
    When admin queries /graphql:
      """
      {
        main: docs_{{unique}}_by_id(id: 1) { title }
        draft: docs_{{unique}}_by_id(id: 1, version: "draft") { title author { name } }
        raw: docs_{{unique}}_by_version(id: 1, version: "draft") { title body }
      }
      """
    Then the response is exactly:
      """
      {"data": {"main": {"title": "Doc"}, "draft": {"title": "Doc v2", "author": {"name": "Ann"}}, "raw": {"title": "Doc v2", "body": "v1"}}}
      """
