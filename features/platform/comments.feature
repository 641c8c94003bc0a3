Feature: Comments on items
  /comments holds comments on an item of a collection. Only users comment,
  on items they may read; the author of a comment cannot change. App access
  lets a user read, edit (the text only) and delete their own comments.

  @COMMENTS-CREATE
  Scenario: A comment on an item records its author and dates; the item is stored as text
    When admin sends POST /comments
      """
      {"collection": "articles", "item": 1, "comment": "Looks good {{unique}}"}
      """
    Then the response is exactly:
      """
      {"data": {"id": "<uuid>", "collection": "articles", "item": "1", "comment": "Looks good {{unique}}",
                "date_created": "<timestamp>", "date_updated": "<timestamp>", "user_created": "<uuid>", "user_updated": null}}
      """
    When I remember "data.id" as "comment"
    And admin sends GET /comments?filter[collection][_eq]=articles&filter[item][_eq]=1&filter[id][_eq]={{comment}}&fields=comment,user_created.email
    Then the response is exactly:
      """
      {"data": [{"comment": "Looks good {{unique}}", "user_created": {"email": "admin@example.com"}}]}
      """

  @COMMENTS-REQUIRED
  Scenario: The text, the collection and the item are required, in that order
    When admin sends POST /comments
      """
      {"collection": "articles", "item": "1", "comment": ""}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "\"comment\" is required"
    When admin sends POST /comments
      """
      {"item": "1", "comment": "x"}
      """
    Then the error reason is "\"collection\" is required"
    When admin sends POST /comments
      """
      {"collection": "articles", "comment": "x"}
      """
    Then the error reason is "\"item\" is required"
    When admin sends POST /comments
      """
      {"collection": "no_such_collection", "item": "1", "comment": "x"}
      """
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permission to access collection \"no_such_collection\" or it does not exist. Queried in root."

  @COMMENTS-ITEM-ACCESS
  Scenario: A user comments only on items they may read
    When app sends POST /comments?fields=comment,user_created
      """
      {"collection": "articles", "item": "1", "comment": "app {{unique}}"}
      """
    Then the response is exactly:
      """
      {"data": {"comment": "app {{unique}}", "user_created": "{{app.id}}"}}
      """
    When app sends POST /comments
      """
      {"collection": "articles", "item": "999999", "comment": "x"}
      """
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permission to perform \"read\" for collection \"articles\" or it does not exist."
    When app sends POST /comments
      """
      {"collection": "tags", "item": "1", "comment": "x"}
      """
    Then the error reason is "You don't have permission to access collection \"tags\" or it does not exist. Queried in root."
    When reader sends POST /comments
      """
      {"collection": "articles", "item": "1", "comment": "x"}
      """
    Then the error reason is "You don't have permission to access collection \"directus_comments\" or it does not exist. Queried in root."

  @COMMENTS-APP-SCOPE @COMMENTS-AUTHOR-FIXED
  Scenario: A user with app access edits the text of their own comments only; nobody changes the author
    Given admin sends POST /comments
      """
      {"collection": "articles", "item": "2", "comment": "admin {{unique}}"}
      """
    And I remember "data.id" as "theirs"
    And app sends POST /comments
      """
      {"collection": "articles", "item": "1", "comment": "app {{unique}}"}
      """
    And I remember "data.id" as "mine"
    When app sends GET /comments?filter[comment][_contains]={{unique}}&fields=comment
    Then the response is exactly:
      """
      {"data": [{"comment": "app {{unique}}"}]}
      """
    When app sends PATCH /comments/{{mine}}?fields=comment,user_updated
      """
      {"comment": "edited {{unique}}"}
      """
    Then the response is exactly:
      """
      {"data": {"comment": "edited {{unique}}", "user_updated": "{{app.id}}"}}
      """
    When app sends PATCH /comments/{{mine}}
      """
      {"item": "2"}
      """
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permission to access field \"item\" in collection \"directus_comments\" or it does not exist. Queried in root."
    When app sends PATCH /comments/{{theirs}}
      """
      {"comment": "hijacked"}
      """
    Then the error reason is "You don't have permissions to perform \"update\" for the field(s) \"comment\" in collection \"directus_comments\" or it does not exist."
    When admin sends PATCH /comments/{{mine}}
      """
      {"user_created": null}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "You can't change the \"user_created\" value manually"
    When app sends DELETE /comments/{{theirs}}
    Then the response is an error FORBIDDEN
    When app sends DELETE /comments/{{mine}}
    Then the status is 204
