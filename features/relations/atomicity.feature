Feature: Nested writes are one transaction
  One request is one transaction: when anything inside a nested write fails
  (validation, uniqueness, a missing related row, a permission), nothing of
  the request is kept, and the error names what failed.

  @NEST-TX-ATOMIC @ERR-RECORD-NOT-UNIQUE
  Scenario: A uniqueness failure deep inside a create keeps nothing of it
    When admin sends POST /items/articles
      """
      {"title": "Not kept", "author": {"name": "Not kept either"},
       "comments": [{"text": "not kept comment"}],
       "tags": [{"tags_id": {"name": "fresh tag"}}, {"tags_id": {"name": "news"}}]}
      """
    Then the response is an error RECORD_NOT_UNIQUE
    And the error message is "Value "news" for field "name" in collection "tags" has to be unique."
    And the response matches:
      """
      {"errors": [{"extensions": {"collection": "tags", "field": "name", "value": "news"}}]}
      """
    When admin sends GET /items/articles?filter[title][_eq]=Not%20kept
    Then "data" has 0 items
    When admin sends GET /items/authors?filter[name][_eq]=Not%20kept%20either
    Then "data" has 0 items
    When admin sends GET /items/comments?filter[text][_eq]=not%20kept%20comment
    Then "data" has 0 items
    When admin sends GET /items/tags?filter[name][_eq]=fresh%20tag
    Then "data" has 0 items
    When admin sends GET /items/articles_tags?aggregate[count]=*
    Then the response is exactly:
      """
      {"data": [{"count": "<numeric 4>"}]}
      """

  @NEST-TX-ATOMIC
  Scenario: A failure in a nested update keeps none of the update
    When admin sends PATCH /items/articles/1
      """
      {"title": "Not kept", "author": {"id": 1, "name": "Not kept"}, "comments": [1, 2, 5, {"text": "new"}],
       "notes": {"update": [{"id": 1, "text": "Not kept"}]}, "tags": [{"tags_id": 9999}]}
      """
    Then the response is an error INVALID_FOREIGN_KEY
    When admin sends GET /items/articles/1?fields=title,author.name,comments,notes.text,tags
    Then the response is exactly:
      """
      {"data": {"title": "Hello World", "author": {"name": "Ann"}, "comments": [5, 1, 2],
                "notes": [{"text": "n1"}, {"text": "n2"}], "tags": [1, 2]}}
      """

  @NEST-TX-CREATE-MANY @NEST-BATCH-NO-INDEX @VAL-REQUIRED
  Scenario: A create of several items keeps none when one fails, and does not say which
    When admin sends POST /items/articles
      """
      [{"title": "Batch one"}, {"status": "draft"}, {"title": "Batch three"}]
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Validation failed for field \"title\". Value is required.",
                   "extensions": {"field": "title", "path": [], "type": "required", "code": "FAILED_VALIDATION"}}]}
      """
    When admin sends GET /items/articles?filter[title][_starts_with]=Batch
    Then "data" has 0 items

  @ITEMS-UPDATE-BATCH-ATOMIC @NEST-BATCH-NO-INDEX
  Scenario: A batch update keeps nothing when one element fails
    When admin sends POST /items/strict?fields=id
      """
      [{"a": "a1", "b": "b1", "n": 1}, {"a": "a2", "b": "b2", "n": 2}]
      """
    And I remember "data.0.id" as "first"
    And I remember "data.1.id" as "second"
    And admin sends PATCH /items/strict
      """
      [{"id": {{first}}, "n": 3}, {"id": {{second}}, "n": 9}]
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Validation failed for field \"n\". Value has to be less than or equal to \"5\".",
                   "extensions": {"field": "n", "path": [], "type": "lte", "valid": 5, "code": "FAILED_VALIDATION"}}]}
      """
    When admin sends GET /items/strict?fields=n&sort=id
    Then the response is exactly:
      """
      {"data": [{"n": 1}, {"n": 2}]}
      """

  @NEST-VALIDATION-PATH
  Scenario: Errors three levels down carry the whole path of relational fields
    When admin sends POST /items/authors
      """
      {"name": "Not kept", "articles": [{"title": "Fine", "comments": [{"text": "ok"}]},
                                        {"title": "Has a bad tag", "tags": [{"tags_id": {"name": null}}]}]}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Validation failed for field \"name\" at \"articles.tags.tags_id\". Value can't be null.",
                   "extensions": {"field": "name", "path": ["articles", "tags", "tags_id"], "type": "nnull", "code": "FAILED_VALIDATION"}}]}
      """
    When admin sends GET /items/authors?filter[name][_eq]=Not%20kept
    Then "data" has 0 items

  @NEST-VALIDATION-PATH
  Scenario: A nested update is validated as an update of the related item
    When admin sends PATCH /items/articles/1
      """
      {"author": {"id": 1, "name": null, "born": "1990-01-01"}}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Validation failed for field \"name\" at \"author\". Value can't be null.",
                   "extensions": {"field": "name", "path": ["author"], "type": "nnull", "code": "FAILED_VALIDATION"}}]}
      """

  @NEST-ORDER @NEST-TX-ATOMIC
  Scenario: Related items are written before the item that points to them, children after it
    When admin sends POST /items/comments?fields=text,article.title,article.author.name,article.comments
      """
      {"text": "Top", "article": {"title": "Made for the comment", "author": {"name": "Made for the article"},
                                  "notes": [{"text": "Note of the new article"}]}}
      """
    Then the response matches:
      """
      {"data": {"text": "Top", "article": {"title": "Made for the comment", "author": {"name": "Made for the article"},
                                            "comments": ["<integer>"]}}}
      """
    When admin sends GET /items/notes?filter[text][_eq]=Note%20of%20the%20new%20article&fields=article.title
    Then the response is exactly:
      """
      {"data": [{"article": {"title": "Made for the comment"}}]}
      """

  @NEST-PERMISSIONS @PERM-CREATE-NO-READ
  Scenario: Nested creates are checked against the caller's permissions of each collection
    When creator sends POST /items/articles
      """
      {"title": "Creator's article", "author": {"name": "Creator's author"}, "comments": [{"text": "Creator's comment"}]}
      """
    Then the status is 204
    When admin sends GET /items/articles?filter[title][_eq]=Creator's%20article&fields=author.name,comments.text
    Then the response is exactly:
      """
      {"data": [{"author": {"name": "Creator's author"}, "comments": [{"text": "Creator's comment"}]}]}
      """

  @NEST-PERMISSIONS @NEST-TX-ATOMIC
  Scenario: A nested write into a collection the caller may not write is FORBIDDEN and keeps nothing
    When creator sends POST /items/articles
      """
      {"title": "Not kept", "author": {"name": "Not kept"}, "notes": [{"text": "Not kept"}]}
      """
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permission to access collection "notes" or it does not exist. Queried in root."
    When admin sends GET /items/authors?filter[name][_eq]=Not%20kept
    Then "data" has 0 items
    When admin sends GET /items/articles?filter[title][_eq]=Not%20kept
    Then "data" has 0 items

  @NEST-PERMISSIONS
  Scenario: A nested update needs update permission on the related collection
    When creator sends POST /items/articles
      """
      {"title": "Not kept", "author": {"id": 1, "name": "Renamed by creator"}}
      """
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permission to access collection "authors" or it does not exist. Queried in root."
    When admin sends GET /items/authors/1?fields=name
    Then the response is exactly:
      """
      {"data": {"name": "Ann"}}
      """

  @NEST-PERMISSIONS
  Scenario: Assigning an existing child is an update of the child, checked as one
    When creator sends POST /items/articles
      """
      {"title": "Not kept", "comments": [4]}
      """
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permission to access collection "comments" or it does not exist. Queried in root."
    When admin sends GET /items/comments/4?fields=article
    Then the response is exactly:
      """
      {"data": {"article": null}}
      """
