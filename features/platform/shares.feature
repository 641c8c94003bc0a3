Feature: Shares
  A share lets anyone with its id (and password) read one item: /shares/auth
  trades them for tokens of a session that reads as the share. The share reads
  the item and the items related to it, as far as both the share's role and
  the share's creator may read them, and writes nothing.

  Background:
    Given admin sends GET /roles?filter[users][id][_eq]={{reader.id}}&fields=id
    And I remember "data.0.id" as "reader_role"

  @SHARES-CREATE
  Scenario: A share is created for an item with its defaults; its password is concealed
    When admin sends POST /shares
      """
      {"name": "Article {{unique}}", "collection": "articles", "item": "1", "role": "{{reader_role}}", "password": "secret", "max_uses": 5}
      """
    Then the response is exactly:
      """
      {"data": {"id": "<uuid>", "name": "Article {{unique}}", "collection": "articles", "item": "1", "role": "{{reader_role}}",
                "password": "**********", "user_created": "<uuid>", "date_created": "<timestamp>", "date_start": null,
                "date_end": null, "times_used": 0, "max_uses": 5}}
      """
    When I remember "data.id" as "share"
    And anonymous sends GET /shares/info/{{share}}
    Then the response is exactly:
      """
      {"data": {"id": "{{share}}", "collection": "articles", "item": "1", "password": "**********", "max_uses": 5,
                "times_used": 0, "date_start": null, "date_end": null}}
      """
    When anonymous sends GET /shares/info/not-a-uuid
    Then the response is an error ROUTE_NOT_FOUND
    When admin sends GET /shares?fields=name&filter[id][_eq]={{share}}&meta=*
    Then the response is exactly:
      """
      {"data": [{"name": "Article {{unique}}"}]}
      """

  @SHARES-CREATE
  Scenario: Sharing needs the share permission on the item
    When editor sends POST /shares
      """
      {"collection": "articles", "item": "1"}
      """
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permission to access collection \"articles\" or it does not exist. Queried in root."

  @SHARES-AUTH @AUTH-ME-SHARE
  Scenario: A share's token reads the shared item and its relations, and nothing else
    Given admin sends POST /shares
      """
      {"collection": "articles", "item": "1", "role": "{{reader_role}}"}
      """
    And I remember "data.id" as "share"
    When anonymous sends POST /shares/auth
      """
      {"share": "{{share}}"}
      """
    Then the response matches:
      """
      {"data": {"expires": 900000, "refresh_token": "<string>", "access_token": "<string>"}}
      """
    And I remember "data.access_token" as "share_token"
    And the JWT "share_token" has the claims:
      """
      {"role": null, "app_access": false, "admin_access": false, "share": "{{share}}", "iss": "directus"}
      """
    When I set "token:visitor" to "{{share_token}}"
    And visitor sends GET /items/articles/1?fields=id,title,author.name,comments.text&deep[comments][_sort]=id
    Then the response is exactly:
      """
      {"data": {"id": 1, "title": "Hello World", "author": {"name": "Ann"}, "comments": [{"text": "c1"}, {"text": "c2"}, {"text": "first!"}]}}
      """
    When visitor sends GET /items/articles/2
    Then the response is an error FORBIDDEN
    When visitor sends PATCH /items/articles/1
      """
      {"title": "changed"}
      """
    Then the response is an error FORBIDDEN
    When visitor sends GET /users/me
    Then the response is exactly:
      """
      {"data": {"share": "{{share}}"}}
      """
    When visitor sends GET /roles/me
    Then the response is an error FORBIDDEN

  @SHARES-AUTH
  Scenario: A share's session refreshes as the share
    Given admin sends POST /shares
      """
      {"collection": "articles", "item": "1", "role": "{{reader_role}}"}
      """
    And I remember "data.id" as "share"
    And anonymous sends POST /shares/auth
      """
      {"share": "{{share}}"}
      """
    And I remember "data.refresh_token" as "refresh"
    When anonymous sends POST /auth/refresh
      """
      {"refresh_token": "{{refresh}}", "mode": "json"}
      """
    Then the status is 200
    And I remember "data.access_token" as "share_token"
    And the JWT "share_token" has the claims:
      """
      {"role": null, "share": "{{share}}"}
      """

  @SHARES-AUTH-PASSWORD
  Scenario: A password-protected share needs its password
    Given admin sends POST /shares
      """
      {"collection": "articles", "item": "1", "role": "{{reader_role}}", "password": "secret"}
      """
    And I remember "data.id" as "share"
    When anonymous sends POST /shares/auth
      """
      {"share": "{{share}}", "password": "wrong"}
      """
    Then the response is an error INVALID_CREDENTIALS
    When anonymous sends POST /shares/auth
      """
      {"share": "{{share}}"}
      """
    Then the response is an error INTERNAL_SERVER_ERROR
    And the error message is "An unexpected error occurred."
    When anonymous sends POST /shares/auth
      """
      {"share": "{{share}}", "password": "secret", "mode": "session"}
      """
    Then the response is exactly:
      """
      {"data": {"expires": 86400000}}
      """
    And the response sets the cookie "directus_session_token"

  @SHARES-AUTH-LIMITS
  Scenario: A share counts its uses and stops after more than its maximum
    Given admin sends POST /shares
      """
      {"collection": "articles", "item": "1", "role": "{{reader_role}}", "max_uses": 1}
      """
    And I remember "data.id" as "share"
    When anonymous sends POST /shares/auth
      """
      {"share": "{{share}}"}
      """
    Then the status is 200
    When anonymous sends POST /shares/auth
      """
      {"share": "{{share}}"}
      """
    Then the status is 200
    When anonymous sends POST /shares/auth
      """
      {"share": "{{share}}"}
      """
    Then the response is an error INVALID_CREDENTIALS
    When admin sends GET /shares/{{share}}?fields=times_used
    Then the response is exactly:
      """
      {"data": {"times_used": 2}}
      """

  @SHARES-AUTH-LIMITS
  Scenario: A share outside its time window cannot be used or seen
    Given admin sends POST /shares
      """
      {"collection": "articles", "item": "1", "date_end": "2001-01-01T00:00:00"}
      """
    And I remember "data.id" as "share"
    When anonymous sends POST /shares/auth
      """
      {"share": "{{share}}"}
      """
    Then the response is an error INVALID_CREDENTIALS
    When anonymous sends GET /shares/info/{{share}}
    Then the response is an error FORBIDDEN

  @SHARES-AUTH-PAYLOAD
  Scenario: /shares/auth checks its payload
    When anonymous sends POST /shares/auth
      """
      {}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "\"share\" is required"
    When anonymous sends POST /shares/auth
      """
      {"share": 5}
      """
    Then the error reason is "\"share\" must be a string"
    When anonymous sends POST /shares/auth
      """
      {"share": "4b2e1c5e-7f2a-4b38-9a43-1a2b3c4d5e6f", "mode": "x"}
      """
    Then the error reason is "\"mode\" must be one of [cookie, json, session]"
    When anonymous sends POST /shares/auth
      """
      {"share": "4b2e1c5e-7f2a-4b38-9a43-1a2b3c4d5e6f"}
      """
    Then the response is an error INVALID_CREDENTIALS

  @SHARES-INVITE
  Scenario: Inviting by email needs a user who may read the share
    Given admin sends POST /shares
      """
      {"collection": "articles", "item": "1"}
      """
    And I remember "data.id" as "share"
    When admin sends POST /shares/invite
      """
      {"share": "{{share}}", "emails": ["friend@example.com"]}
      """
    Then the status is 204
    When anonymous sends POST /shares/invite
      """
      {"share": "{{share}}", "emails": ["friend@example.com"]}
      """
    Then the response is an error FORBIDDEN
    When admin sends POST /shares/invite
      """
      {"emails": ["friend@example.com"]}
      """
    Then the error reason is "\"share\" is required"

  @SHARES-RELATED
  Scenario: A share reads the items related to the shared one, through every kind of relation
    Given admin sends POST /shares
      """
      {"collection": "articles", "item": "1", "role": "{{reader_role}}"}
      """
    And I remember "data.id" as "article_share"
    And admin sends POST /shares
      """
      {"collection": "pages", "item": "1", "role": "{{reader_role}}"}
      """
    And I remember "data.id" as "page_share"
    And anonymous sends POST /shares/auth
      """
      {"share": "{{article_share}}"}
      """
    And I remember "data.access_token" as "token:article_visitor"
    And anonymous sends POST /shares/auth
      """
      {"share": "{{page_share}}"}
      """
    And I remember "data.access_token" as "token:page_visitor"
    When article_visitor sends GET /items/articles?fields=id&sort=id
    Then the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 4}]}
      """
    When article_visitor sends GET /items/comments?fields=id&sort=id
    Then the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 5}]}
      """
    When article_visitor sends GET /items/tags?fields=id&sort=id
    Then the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}]}
      """
    When article_visitor sends GET /items/pages?fields=id
    Then the response is an error FORBIDDEN
    When page_visitor sends GET /items/headings?fields=id&sort=id
    Then the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}]}
      """
    When page_visitor sends GET /items/paragraphs?fields=id&sort=id
    Then the response is exactly:
      """
      {"data": [{"id": 1}]}
      """

  @SHARES-RELATED
  Scenario: A share without a role reads as the public: without public permissions it reads no field
    Given admin sends POST /shares
      """
      {"collection": "articles", "item": "1"}
      """
    And I remember "data.id" as "share"
    And anonymous sends POST /shares/auth
      """
      {"share": "{{share}}"}
      """
    And I remember "data.access_token" as "token:visitor"
    When visitor sends GET /items/articles/1?fields=title
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permission to access field \"id\" in collection \"articles\" or it does not exist. Queried in root."
