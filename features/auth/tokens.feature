Feature: Sending a token
  A token comes from ?access_token=, an Authorization Bearer header, or the
  session cookie. A Directus-issued JWT is verified (TOKEN_EXPIRED,
  INVALID_TOKEN); any other string is a user's static token
  (INVALID_CREDENTIALS when no active user has it).

  @AUTH-EXTRACT-ORDER @AUTH-STATIC-TOKEN
  Scenario: A static token works as a query parameter
    When anonymous sends GET /users/me?fields=id&access_token={{editor.token}}
    Then the response is exactly:
      """
      {"data": {"id": "{{editor.id}}"}}
      """

  @AUTH-EXTRACT-ORDER
  Scenario: The Bearer scheme is case-insensitive
    When anonymous sends GET /users/me?fields=id with header "Authorization: bearer {{editor.token}}"
    Then "data.id" is "{{editor.id}}"

  @AUTH-EXTRACT-ORDER @AUTH-ANON
  Scenario Outline: An Authorization header that is not a Bearer scheme, one space and a token is ignored (<case>)
    When anonymous sends GET /server/info with header "Authorization: <header>"
    Then the status is 200
    And "data.version" is absent
    When anonymous sends GET /users/me with header "Authorization: <header>"
    Then the response is an error INVALID_CREDENTIALS

    Examples:
      | case         | header                     |
      | other scheme | Token {{editor.token}}     |
      | two spaces   | Bearer  {{editor.token}}   |
      | no token     | Bearer                     |

  @AUTH-EXTRACT-ORDER @AUTH-STATIC-TOKEN
  Scenario: A static token works in the session cookie
    When anonymous sends GET /users/me?fields=id with header "Cookie: directus_session_token={{editor.token}}"
    Then "data.id" is "{{editor.id}}"

  @AUTH-EXTRACT-ORDER @AUTH-TWO-METHODS
  Scenario: The session cookie is ignored next to a header token
    When editor sends GET /users/me?fields=id with header "Cookie: directus_session_token=garbage"
    Then "data.id" is "{{editor.id}}"

  @AUTH-TWO-METHODS @ERR-ENV-SHAPE
  Scenario: A query token and a Bearer header together are INVALID_PAYLOAD
    When editor sends GET /users/me?access_token={{editor.token}}
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid payload. The request uses more than one method for including an access token.",
                   "extensions": {"reason": "The request uses more than one method for including an access token", "code": "INVALID_PAYLOAD"}}]}
      """

  @AUTH-TWO-METHODS
  Scenario: An empty query token does not count as a second method
    When editor sends GET /users/me?fields=id&access_token=
    Then "data.id" is "{{editor.id}}"

  @AUTH-CLASSIFY @ERR-INVALID-TOKEN-SCOPE
  Scenario: A string that is not a Directus JWT is a static token, and no user has this one
    When anonymous sends GET /items/articles with header "Authorization: Bearer garbage"
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid user credentials.", "extensions": {"code": "INVALID_CREDENTIALS"}}]}
      """
    And the status is 401

  @AUTH-CLASSIFY @ERR-INVALID-TOKEN-SCOPE
  Scenario: A JWT from another issuer is INVALID_CREDENTIALS, not INVALID_TOKEN
    Given "foreign" is a JWT signed with "some-other-secret-some-other-secret" that expires in 600 seconds:
      """
      {"id": "{{editor.id}}", "role": null, "app_access": false, "admin_access": false, "iss": "someone-else"}
      """
    When anonymous sends GET /items/articles with header "Authorization: Bearer {{foreign}}"
    Then the response is an error INVALID_CREDENTIALS

  @AUTH-CLASSIFY @ERR-INVALID-TOKEN-SCOPE
  Scenario: A Directus JWT whose signature does not verify is INVALID_TOKEN even when expired
    Given "forged" is a JWT signed with "not-the-server-secret-not-the-server-secret" that expires in -60 seconds:
      """
      {"id": "{{editor.id}}", "role": null, "app_access": false, "admin_access": false, "iss": "directus"}
      """
    When anonymous sends GET /items/articles with header "Authorization: Bearer {{forged}}"
    Then the response is an error INVALID_TOKEN

  @AUTH-CLASSIFY @ENV-SECRET @needs-jwt-secret
  Scenario: A valid Directus JWT authenticates its user with the role it names
    Given "minted" is a JWT signed with the target's secret that expires in 600 seconds:
      """
      {"id": "{{editor.id}}", "role": null, "app_access": false, "admin_access": false, "iss": "directus"}
      """
    When anonymous sends GET /users/me?fields=id with header "Authorization: Bearer {{minted}}"
    Then "data.id" is "{{editor.id}}"
    When anonymous sends GET /items/articles?fields=id with header "Authorization: Bearer {{minted}}"
    Then the response is an error FORBIDDEN

  @AUTH-CLASSIFY @needs-jwt-secret
  Scenario: A Directus JWT naming a session that does not exist is INVALID_CREDENTIALS
    Given "stale" is a JWT signed with the target's secret that expires in 600 seconds:
      """
      {"id": "{{editor.id}}", "role": null, "app_access": false, "admin_access": false, "iss": "directus",
       "session": "no-such-session-{{unique}}"}
      """
    When anonymous sends GET /users/me with header "Authorization: Bearer {{stale}}"
    Then the response is an error INVALID_CREDENTIALS

  @AUTH-CLEAR-BAD-COOKIE
  Scenario: A bad token in the session cookie is refused and the cookie cleared
    When anonymous sends GET /users/me with header "Cookie: directus_session_token=garbage"
    Then the response is an error INVALID_CREDENTIALS
    And the response clears the cookie "directus_session_token"

  @AUTH-CLEAR-BAD-COOKIE
  Scenario: A bad Bearer token leaves the cookies alone
    When anonymous sends GET /users/me with header "Authorization: Bearer garbage"
    Then the response is an error INVALID_CREDENTIALS
    And the response sets no cookie "directus_session_token"

  @MW-ORDER @SRV-PING
  Scenario: /server/ping answers before authentication, so a bad token does not matter
    When anonymous sends GET /server/ping with header "Authorization: Bearer garbage"
    Then the status is 200
    And the body is "pong"
    When anonymous sends GET /server/info with header "Authorization: Bearer garbage"
    Then the response is an error INVALID_CREDENTIALS

  @AUTH-STATIC-TOKEN @USERS-CRUD
  Scenario: A static token and a password are read back concealed
    When admin sends GET /users/{{editor.id}}?fields=token,password
    Then the response is exactly:
      """
      {"data": {"token": "**********", "password": "**********"}}
      """

  @AUTH-STATIC-TOKEN @vendor-sqlite-unique-detail @vendor-postgres-unique-detail
  Scenario: A static token is unique
    When admin sends POST /users
      """
      {"email": "dup-{{unique}}@example.com", "token": "{{editor.token}}"}
      """
    Then the response is an error RECORD_NOT_UNIQUE
    And "errors.0.extensions.field" is "token"

  @AUTH-STATIC-TOKEN @vendor-mysql-unique-detail
  Scenario: A static token is unique (MySQL: the field read from the index name)
    When admin sends POST /users
      """
      {"email": "dup-{{unique}}@example.com", "token": "{{editor.token}}"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Value for field \"users_token\" in collection \"directus\" has to be unique.",
                   "extensions": {"collection": "directus", "field": "users_token", "primaryKey": false, "code": "RECORD_NOT_UNIQUE"}}]}
      """

  @AUTH-STATIC-TOKEN
  Scenario: Filtering on a static token is INVALID_QUERY
    When admin sends GET /users?filter[token][_eq]={{editor.token}}
    Then the response is an error INVALID_QUERY
    And the error reason is "Field with "conceal" special does not allow the "_eq" filter operator"

  @AUTH-STATIC-TOKEN @AUTH-CLASSIFY
  Scenario: A static token stops working when its user is not active
    When admin sends POST /users
      """
      {"email": "static-{{unique}}@example.com", "token": "static-{{unique}}", "status": "draft"}
      """
    Then the status is 200
    Given I set "token:drafted" to "static-{{unique}}"
    When drafted sends GET /users/me
    Then the response is an error INVALID_CREDENTIALS

  @AUTH-STATIC-TOKEN
  Scenario: A static token set with PATCH works at once
    When admin sends POST /users
      """
      {"email": "later-{{unique}}@example.com"}
      """
    And I remember "data.id" as "user"
    And admin sends PATCH /users/{{user}}
      """
      {"token": "later-{{unique}}"}
      """
    Given I set "token:later" to "later-{{unique}}"
    When later sends GET /users/me?fields=id
    Then "data.id" is "{{user}}"
