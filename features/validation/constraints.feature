Feature: Database constraint errors
  What validation does not catch, the database does: a duplicate in a unique
  column is RECORD_NOT_UNIQUE, a foreign key to nothing INVALID_FOREIGN_KEY,
  a null the validator let through NOT_NULL_VIOLATION (all 400, with the
  collection and field in extensions). A delete the database refuses is not
  translated: it is a server error (500).

  @ERR-RECORD-NOT-UNIQUE @ERR-REASON-KEYS @vendor-sqlite-unique-detail @vendor-postgres-unique-detail
  Scenario: A duplicate in a unique column is RECORD_NOT_UNIQUE, on create and on update
    When admin sends POST /items/strict?fields=id
      """
      {"a": "x", "b": "y", "uniq": "one"}
      """
    Then the status is 200
    When admin sends POST /items/strict
      """
      {"a": "x", "b": "y", "uniq": "one"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Value \"one\" for field \"uniq\" in collection \"strict\" has to be unique.",
                   "extensions": {"collection": "strict", "field": "uniq", "value": "one", "code": "RECORD_NOT_UNIQUE"}}]}
      """
    When admin sends PATCH /items/tags/2
      """
      {"name": "news"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Value \"news\" for field \"name\" in collection \"tags\" has to be unique.",
                   "extensions": {"collection": "tags", "field": "name", "value": "news", "code": "RECORD_NOT_UNIQUE"}}]}
      """

  @ERR-RECORD-NOT-UNIQUE @ERR-REASON-KEYS @vendor-mysql-unique-detail
  Scenario: A duplicate in a unique column is RECORD_NOT_UNIQUE, on create and on update (MySQL: with primaryKey false)
    When admin sends POST /items/strict?fields=id
      """
      {"a": "x", "b": "y", "uniq": "one"}
      """
    Then the status is 200
    When admin sends POST /items/strict
      """
      {"a": "x", "b": "y", "uniq": "one"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Value \"one\" for field \"uniq\" in collection \"strict\" has to be unique.",
                   "extensions": {"collection": "strict", "field": "uniq", "value": "one", "primaryKey": false, "code": "RECORD_NOT_UNIQUE"}}]}
      """
    When admin sends PATCH /items/tags/2
      """
      {"name": "news"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Value \"news\" for field \"name\" in collection \"tags\" has to be unique.",
                   "extensions": {"collection": "tags", "field": "name", "value": "news", "primaryKey": false, "code": "RECORD_NOT_UNIQUE"}}]}
      """

  @ERR-INVALID-FOREIGN-KEY @VENDOR-FK-DETAIL @vendor-sqlite-fk-detail
  Scenario: A junction row pointing to nothing is INVALID_FOREIGN_KEY
    When admin sends PATCH /items/articles/1
      """
      {"tags": {"create": [{"tags_id": 9999}]}}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid foreign key.",
                   "extensions": {"collection": null, "field": null, "value": null, "code": "INVALID_FOREIGN_KEY"}}]}
      """

  @ERR-NOT-NULL-VIOLATION @VAL-GENERATED-EXEMPT @ERR-REASON-KEYS
  Scenario: A null the validator lets through is NOT_NULL_VIOLATION from the database
    When admin sends POST /items/reviews?fields=id
      """
      {"big": 1}
      """
    And I remember "data.id" as "review"
    And admin sends PATCH /items/reviews/{{review}}
      """
      {"token": null}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Value for field \"token\" in collection \"reviews\" can't be null.",
                   "extensions": {"collection": "reviews", "field": "token", "code": "NOT_NULL_VIOLATION"}}]}
      """

  @ITEMS-DELETE-FK-BLOCKED-500 @ERR-UNTRANSLATED-DB @ERR-INTERNAL @vendor-sqlite-db-messages
  Scenario: A delete refused by a foreign key is a server error with the raw message for admins (SQLite)
    When admin sends POST /items/reviews
      """
      {"article": 3}
      """
    And admin sends DELETE /items/articles/3
    Then the response is exactly:
      """
      {"errors": [{"message": "delete from `articles` where `id` in ('3') - SQLITE_CONSTRAINT: FOREIGN KEY constraint failed",
                   "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
      """
    When editor sends DELETE /items/articles/3
    Then the response is exactly:
      """
      {"errors": [{"message": "An unexpected error occurred.", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
      """
    When admin sends GET /items/articles/3?fields=id
    Then the response is exactly:
      """
      {"data": {"id": 3}}
      """

  @ITEMS-DELETE-FK-BLOCKED-500 @ERR-UNTRANSLATED-DB @ERR-INTERNAL @vendor-postgres-db-messages
  Scenario: A delete refused by a foreign key is a server error with the raw message for admins (PostgreSQL)
    When admin sends POST /items/reviews
      """
      {"article": 3}
      """
    And admin sends DELETE /items/articles/3
    Then the response is exactly:
      """
      {"errors": [{"message": "delete from \"articles\" where \"id\" in ($1) - update or delete on table \"articles\" violates foreign key constraint \"reviews_article_foreign\" on table \"reviews\"",
                   "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
      """
    When editor sends DELETE /items/articles/3
    Then the response is exactly:
      """
      {"errors": [{"message": "An unexpected error occurred.", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
      """
    When admin sends GET /items/articles/3?fields=id
    Then the response is exactly:
      """
      {"data": {"id": 3}}
      """

  @ITEMS-DELETE-FK-BLOCKED-500 @ERR-UNTRANSLATED-DB @ERR-INTERNAL @vendor-mysql-db-messages
  Scenario: A delete refused by a foreign key is a server error with the raw message for admins (MySQL)
    When admin sends POST /items/reviews
      """
      {"article": 3}
      """
    And admin sends DELETE /items/articles/3
    Then the response is an error INTERNAL_SERVER_ERROR
    And "errors.0.message" matches the pattern "delete from `articles` where `id` in \('3'\) - Cannot delete or update a parent row: a foreign key constraint fails \(`[^`]+`\.`reviews`, CONSTRAINT `reviews_article_foreign` FOREIGN KEY \(`article`\) REFERENCES `articles` \(`id`\) ON DELETE NO ACTION\)"
    When editor sends DELETE /items/articles/3
    Then the response is exactly:
      """
      {"errors": [{"message": "An unexpected error occurred.", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
      """
    When admin sends GET /items/articles/3?fields=id
    Then the response is exactly:
      """
      {"data": {"id": 3}}
      """

  @ITEMS-DELETE-NO-APP-CASCADE @ITEMS-DELETE-ONE
  Scenario: Deleting a parent leaves its children to the database's ON DELETE rules
    When admin sends DELETE /items/articles/1
    Then the status is 204
    When admin sends GET /items/comments?filter[id][_in]=1,2,5&fields=id,article
    Then the response is exactly:
      """
      {"data": [{"id": 5, "article": null}, {"id": 1, "article": null}, {"id": 2, "article": null}]}
      """
    When admin sends GET /items/notes?fields=id,article
    Then the response is exactly:
      """
      {"data": [{"id": 1, "article": null}, {"id": 2, "article": null}, {"id": 3, "article": 2}]}
      """
    When admin sends GET /items/strict_children?fields=id
    Then the response is exactly:
      """
      {"data": [{"id": 2}]}
      """
    When admin sends GET /items/articles_tags?fields=id
    Then the response is exactly:
      """
      {"data": [{"id": 3}, {"id": 4}]}
      """

  @VENDOR-TOO-LONG @ERR-VALUE-TOO-LONG @ERR-VALUE-TOO-LONG-SQLITE @VENDOR-TYPE-LOOSE @VAL-NO-TYPE-CHECK @vendor-sqlite-loose-types
  Scenario: SQLite keeps values that do not fit the column's type
    When admin sends PATCH /items/articles/2?fields=short,views,title,is_featured
      """
      {"short": "longer than five", "views": "many", "title": 5, "is_featured": "yes"}
      """
    Then the response is exactly:
      """
      {"data": {"short": "longer than five", "views": "many", "title": "5", "is_featured": "yes"}}
      """

  @VENDOR-TOO-LONG @ERR-VALUE-TOO-LONG @ERR-VALUE-OUT-OF-RANGE @vendor-mysql-strict-types
  Scenario: MariaDB refuses a string longer than its column and an integer out of range, and rounds a fraction
    When admin sends PATCH /items/articles/2
      """
      {"short": "longer than five"}
      """
    Then the response is an error VALUE_TOO_LONG
    And the error message is "Value "longer than five" for field "short" in collection "articles" is too long."
    And "errors.0.extensions" is {"collection": "articles", "field": "short", "value": "longer than five", "code": "VALUE_TOO_LONG"}
    When admin sends PATCH /items/articles/2
      """
      {"views": 99999999999}
      """
    Then the response is an error VALUE_OUT_OF_RANGE
    And the error message is "Numeric value "99999999999" for field "views" in collection "articles" is out of range."
    And "errors.0.extensions" is {"collection": "articles", "field": "views", "value": 99999999999, "code": "VALUE_OUT_OF_RANGE"}
    When admin sends PATCH /items/articles/2?fields=short,views
      """
      {"short": "fünf!", "views": 2.5}
      """
    Then the response is exactly:
      """
      {"data": {"short": "fünf!", "views": 3}}
      """

  @ERR-CODES-ITEMS-RELEVANT @ERR-SHAPE
  Scenario: The error codes a write to /items can raise come with their statuses
    When admin sends PATCH /items/articles/abc
      """
      {"title": "x"}
      """
    Then the response is an error FORBIDDEN
    When admin sends PATCH /items/articles?limit=abc
      """
      {"keys": [1], "data": {}}
      """
    Then the response is an error INVALID_QUERY
    When admin sends PATCH /items/articles
      """
      {"data": {}}
      """
    Then the response is an error INVALID_PAYLOAD
    When admin sends POST /items/articles
      """
      {}
      """
    Then the response is an error FAILED_VALIDATION
    When admin sends POST /items/tags
      """
      {"name": "news"}
      """
    Then the response is an error RECORD_NOT_UNIQUE
    When admin sends PATCH /items/articles/1
      """
      {"editor": 9999}
      """
    Then the response is an error INVALID_FOREIGN_KEY
    When admin sends PUT /items/articles/1
      """
      {"title": "x"}
      """
    Then the response is an error ROUTE_NOT_FOUND
    When anonymous sends PATCH /items/articles/1 with header "Authorization: Bearer not-a-token"
      """
      {"title": "x"}
      """
    Then the response is an error INVALID_CREDENTIALS
    When admin sends DELETE /items/site_settings
    Then the response is an error INTERNAL_SERVER_ERROR
