Feature: What a persona may see, and nothing it may not
  FORBIDDEN answers "no permission" and "does not exist" identically; fields
  and items outside a persona's permissions never show. Field lists and item
  rules need a licence on a real Directus (@needs-license); app access's
  built-in rules on users show the same behaviour everywhere.

  @PERM-FORBIDDEN-COLLECTION
  Scenario: An unknown collection and a forbidden one answer the same
    When creator sends GET /items/articles
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access collection \"articles\" or it does not exist. Queried in root."
    When creator sends GET /items/nothing_here
    Then the error message is "You don't have permission to access collection \"nothing_here\" or it does not exist. Queried in root."

  @PERM-FORBIDDEN-COLLECTION @PERM-ITEM-NOT-FOUND
  Scenario: Reading a missing item and an item of a forbidden collection by key are both FORBIDDEN
    When reader sends GET /items/articles/999999
    Then the response is exactly:
      """
      {"errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"}}]}
      """

  @PERM-NESTED-FIELDS-SILENT
  Scenario: A nested field in a collection the caller cannot read is left out, with its relation
    When app sends GET /items/articles/1?fields=id,tags.tags_id.name
    Then the response is exactly:
      """
      {"data": {"id": 1}}
      """

  @PERM-NESTED-FIELDS-SILENT @PERM-FORBIDDEN-FIELD
  Scenario: The same path in a filter is FORBIDDEN, queried in the relation
    When app sends GET /items/articles?fields=id&filter[tags][tags_id][name][_eq]=news
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access collection \"articles_tags\" or it does not exist. Queried in \"tags\"."

  @PERM-ITEM-MUTATE-NOT-FOUND
  Scenario: Without any permission for an action, a write is FORBIDDEN for the collection
    When reader sends PATCH /items/articles/1
      """
      {"title": "Changed"}
      """
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access collection \"articles\" or it does not exist. Queried in root."
    When reader sends DELETE /items/articles/1
    Then the error message is "You don't have permission to access collection \"articles\" or it does not exist. Queried in root."

  @PERM-FORBIDDEN-FIELD @needs-license
  Scenario: A field outside the persona's field list is FORBIDDEN
    When author sends GET /items/articles?fields=id,views
    Then the response is exactly:
      """
      {"errors": [{"message": "You don't have permission to access field \"views\" in collection \"articles\" or it does not exist. Queried in root.",
                   "extensions": {"reason": "You don't have permission to access field \"views\" in collection \"articles\" or it does not exist. Queried in root.", "code": "FORBIDDEN"}}]}
      """
    When author sends GET /items/articles?fields=id&sort=views
    Then the response is an error FORBIDDEN
    When author sends GET /items/articles?fields=id&filter[views][_gt]=1
    Then the response is an error FORBIDDEN
    When author sends GET /items/articles?fields=id,nope
    Then the error message is "You don't have permission to access field \"nope\" in collection \"articles\" or it does not exist. Queried in root."

  @PERM-FORBIDDEN-FIELD @needs-license
  Scenario: A forbidden field behind a relation is FORBIDDEN, queried in the relation
    When author sends GET /items/articles?fields=id,author.born
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"born\" in collection \"authors\" or it does not exist. Queried in \"author\"."

  @PERM-FIELDS-STAR @needs-license
  Scenario: fields=* gives exactly the allowed fields
    When author sends GET /items/articles/1
    Then the response is exactly:
      """
      {"data": {"id": 1, "title": "Hello World", "status": "published", "author": 1}}
      """
    When author sends GET /items/articles/1?fields=*,author.*
    Then the response is exactly:
      """
      {"data": {"id": 1, "title": "Hello World", "status": "published", "author": {"id": 1, "name": "Ann"}}}
      """

  @PERM-ITEM-FILTER-LIST @PERM-ITEM-NOT-FOUND @needs-license
  Scenario: Items outside the item rule are missing from lists, counts and aggregates, and FORBIDDEN by key
    When author sends GET /items/articles?fields=id&meta=filter_count,total_count
    Then the response is exactly:
      """
      {"meta": {"filter_count": 3, "total_count": 3}, "data": [{"id": 1}, {"id": 2}, {"id": 5}]}
      """
    When author sends GET /items/articles?aggregate[count]=*
    Then the response is exactly:
      """
      {"data": [{"count": "<numeric 3>"}]}
      """
    When author sends GET /items/articles/3
    Then the response is exactly:
      """
      {"errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"}}]}
      """

  @PERM-ITEM-FILTER-LIST @PERM-ITEM-MUTATE-NOT-FOUND @needs-license
  Scenario: Updating an item outside the item rule is FORBIDDEN like a missing one
    When author sends PATCH /items/articles/3
      """
      {"title": "Mine now"}
      """
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permissions to perform \"update\" for the field(s) \"title\" in collection \"articles\" or it does not exist."
    When author sends PATCH /items/articles/999999
      """
      {"title": "Mine now"}
      """
    Then the error message is "You don't have permissions to perform \"update\" for the field(s) \"title\" in collection \"articles\" or it does not exist."

  @PERM-PAYLOAD-FIELDS @needs-license
  Scenario: Writing a field outside the permission's field list is FORBIDDEN
    When author sends PATCH /items/articles/1
      """
      {"views": 100}
      """
    Then the response is an error FORBIDDEN
    When admin sends GET /items/articles/1?fields=views
    Then "data.views" is 10

  @PERM-MODEL-PERMISSION @needs-license
  Scenario: A permission's validation rule is FAILED_VALIDATION for a payload that breaks it
    When author sends PATCH /items/articles/1?fields=title
      """
      {"title": ""}
      """
    Then the response is an error FAILED_VALIDATION
    And the response matches:
      """
      {"errors": [{"extensions": {"field": "title", "type": "nempty", "path": []}}]}
      """
    When author sends PATCH /items/articles/1?fields=title
      """
      {"title": "Renamed"}
      """
    Then the response is exactly:
      """
      {"data": {"title": "Renamed"}}
      """

  @PERM-MODEL-PERMISSION @PERM-CREATE-NO-READ @needs-license
  Scenario: Presets fill created items; an item the creator may not read comes back as 204
    When author sends POST /items/articles
      """
      {"title": "Draft: notes"}
      """
    Then the status is 204
    When admin sends GET /items/articles?filter[title][_eq]=Draft:%20notes&fields=title,status
    Then the response is exactly:
      """
      {"data": [{"title": "Draft: notes", "status": "draft"}]}
      """
    When author sends POST /items/articles
      """
      {"title": "Published right away"}
      """
    Then the response is an error FAILED_VALIDATION
    And the response matches:
      """
      {"errors": [{"message": "Validation failed for field \"title\". Value has to contain \"Draft\".", "extensions": {"field": "title", "type": "contains", "substring": "Draft"}}]}
      """
