Feature: Presets and bookmarks
  /presets holds the Data Studio's layouts and bookmarks of a collection, for
  one user, one role, or everyone (neither). Writes to presets are not
  recorded in the activity log. App access lets a user read their own, their
  role's and the global presets, and write their own.

  @PRESETS-CRUD
  Scenario: A preset is created with Directus' defaults, updated and deleted, without activity
    When admin sends POST /presets
      """
      {"bookmark": "Drafts {{unique}}", "collection": "articles", "layout_query": {"tabular": {"sort": ["-id"]}},
       "filter": {"status": {"_eq": "draft"}}}
      """
    Then the response is exactly:
      """
      {"data": {"id": "<integer>", "bookmark": "Drafts {{unique}}", "user": null, "role": null, "collection": "articles",
                "search": null, "layout": "tabular", "layout_query": {"tabular": {"sort": ["-id"]}}, "layout_options": null,
                "refresh_interval": null, "filter": {"status": {"_eq": "draft"}}, "icon": "bookmark", "color": null}}
      """
    When I remember "data.id" as "preset"
    And admin sends PATCH /presets/{{preset}}?fields=bookmark,layout
      """
      {"layout": "cards", "bookmark": "Cards {{unique}}"}
      """
    Then the response is exactly:
      """
      {"data": {"bookmark": "Cards {{unique}}", "layout": "cards"}}
      """
    When admin sends GET /activity?filter[collection][_eq]=directus_presets&filter[item][_eq]={{preset}}
    Then the response is exactly:
      """
      {"data": []}
      """
    When admin sends DELETE /presets/{{preset}}
    Then the status is 204
    When admin sends GET /presets/{{preset}}
    Then the response is an error FORBIDDEN

  @PRESETS-APP-SCOPE
  Scenario: With app access a user reads their own, their role's and the global presets only
    Given app sends GET /users/me?fields=role
    And I remember "data.role" as "role"
    And admin sends POST /presets
      """
      [{"collection": "articles", "bookmark": "mine {{unique}}", "user": "{{app.id}}"},
       {"collection": "articles", "bookmark": "role {{unique}}", "role": "{{role}}"},
       {"collection": "articles", "bookmark": "global {{unique}}"},
       {"collection": "articles", "bookmark": "other {{unique}}", "user": "{{reader.id}}"}]
      """
    When app sends GET /presets?fields=bookmark&filter[bookmark][_contains]={{unique}}&sort=id
    Then the response is exactly:
      """
      {"data": [{"bookmark": "mine {{unique}}"}, {"bookmark": "role {{unique}}"}, {"bookmark": "global {{unique}}"}]}
      """
    When reader sends GET /presets
    Then the response is an error FORBIDDEN

  @PRESETS-APP-SCOPE
  Scenario: With app access a user creates presets for themselves or for everyone, not for another user
    When app sends POST /presets?fields=user,bookmark
      """
      {"collection": "articles", "bookmark": "own {{unique}}", "user": "{{app.id}}"}
      """
    Then the response is exactly:
      """
      {"data": {"user": "{{app.id}}", "bookmark": "own {{unique}}"}}
      """
    When app sends POST /presets?fields=user,bookmark
      """
      {"collection": "articles", "bookmark": "everyone {{unique}}"}
      """
    Then the response is exactly:
      """
      {"data": {"user": null, "bookmark": "everyone {{unique}}"}}
      """
    When app sends POST /presets
      """
      {"collection": "articles", "bookmark": "for the reader", "user": "{{reader.id}}"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Validation failed for field \"user\". Value has to be \"{{app.id}}\".",
                   "extensions": {"field": "user", "path": [], "type": "eq", "valid": "{{app.id}}", "code": "FAILED_VALIDATION"}}]}
      """

  @PRESETS-APP-SCOPE
  Scenario: With app access a user updates and deletes their own presets only
    Given admin sends POST /presets
      """
      {"collection": "articles", "bookmark": "global {{unique}}"}
      """
    And I remember "data.id" as "global"
    And app sends POST /presets
      """
      {"collection": "articles", "bookmark": "own {{unique}}", "user": "{{app.id}}"}
      """
    And I remember "data.id" as "own"
    When app sends PATCH /presets/{{own}}?fields=layout
      """
      {"layout": "cards"}
      """
    Then the response is exactly:
      """
      {"data": {"layout": "cards"}}
      """
    When app sends PATCH /presets/{{global}}
      """
      {"layout": "cards"}
      """
    Then the response is an error FORBIDDEN
    When app sends DELETE /presets/{{global}}
    Then the response is an error FORBIDDEN
    When app sends DELETE /presets/{{own}}
    Then the status is 204
