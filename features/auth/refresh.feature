Feature: Refreshing and ending sessions
  /auth/refresh exchanges a refresh token (from the body, the refresh cookie,
  or the session cookie) for new tokens; /auth/logout ends the session.

  @AUTH-REFRESH-MODE @AUTH-REFRESH-RESPONSE @AUTH-REFRESH-ROTATES
  Scenario: A refresh token rotates: the new pair works, the used token is refused
    When anonymous sends POST /auth/login
      """
      {"email": "{{editor.email}}", "password": "{{editor.password}}"}
      """
    And I remember "data.refresh_token" as "first"
    And anonymous sends POST /auth/refresh
      """
      {"refresh_token": "{{first}}"}
      """
    Then the response is exactly:
      """
      {"data": {"expires": 900000, "refresh_token": "<string>", "access_token": "<jwt>"}}
      """
    When I remember "data.refresh_token" as "second"
    And I remember "data.access_token" as "token:refreshed"
    And refreshed sends GET /users/me?fields=id
    Then "data.id" is "{{editor.id}}"
    When anonymous sends POST /auth/refresh
      """
      {"refresh_token": "{{first}}"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid user credentials.", "extensions": {"code": "INVALID_CREDENTIALS"}}]}
      """
    When anonymous sends POST /auth/refresh
      """
      {"refresh_token": "{{second}}", "mode": "json"}
      """
    Then the status is 200

  @AUTH-REFRESH-MODE @AUTH-REFRESH-RESPONSE @AUTH-LOGIN-COOKIE
  Scenario: Without a token in the body, the refresh cookie is used and replaced
    When anonymous sends POST /auth/login
      """
      {"email": "{{editor.email}}", "password": "{{editor.password}}", "mode": "cookie"}
      """
    And I remember the cookie "directus_refresh_token" as "cookie"
    And anonymous sends POST /auth/refresh with header "Cookie: directus_refresh_token={{cookie}}"
    Then the response is exactly:
      """
      {"data": {"expires": 900000, "access_token": "<jwt>"}}
      """
    And the response sets the cookie "directus_refresh_token"
    When anonymous sends POST /auth/refresh with header "Cookie: directus_refresh_token={{cookie}}"
    Then the response is an error INVALID_CREDENTIALS

  @AUTH-REFRESH-MODE
  Scenario Outline: A refresh without a token where its mode looks is INVALID_PAYLOAD (<case>)
    When anonymous sends POST /auth/refresh
      """
      <body>
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid payload. The refresh token is required in either the payload or cookie.",
                   "extensions": {"reason": "The refresh token is required in either the payload or cookie", "code": "INVALID_PAYLOAD"}}]}
      """

    Examples:
      | case               | body                                      |
      | empty body         | {}                                        |
      | json mode          | {"mode": "json"}                          |
      | session mode       | {"mode": "session"}                       |
      | empty token        | {"refresh_token": ""}                     |
      | unknown mode       | {"refresh_token": "x", "mode": "other"}   |

  @AUTH-REFRESH-MODE
  Scenario: json mode does not read the refresh cookie
    When anonymous sends POST /auth/login
      """
      {"email": "{{editor.email}}", "password": "{{editor.password}}", "mode": "cookie"}
      """
    And I remember the cookie "directus_refresh_token" as "cookie"
    And anonymous sends POST /auth/refresh with header "Cookie: directus_refresh_token={{cookie}}"
      """
      {"mode": "json"}
      """
    Then the response is an error INVALID_PAYLOAD

  @AUTH-REFRESH-FAIL
  Scenario: An unknown refresh token is INVALID_CREDENTIALS
    When anonymous sends POST /auth/refresh
      """
      {"refresh_token": "no-such-token-{{unique}}"}
      """
    Then the response is an error INVALID_CREDENTIALS

  @AUTH-REFRESH-MODE @AUTH-REFRESH-RESPONSE @AUTH-REFRESH-SESSION-GRACE
  Scenario: A session refresh gives a new session cookie, and the old one works for a moment
    When anonymous sends POST /auth/login
      """
      {"email": "{{editor.email}}", "password": "{{editor.password}}", "mode": "session"}
      """
    And I remember the cookie "directus_session_token" as "old"
    And anonymous sends POST /auth/refresh with header "Cookie: directus_session_token={{old}}"
      """
      {"mode": "session"}
      """
    Then the response is exactly:
      """
      {"data": {"expires": 86400000}}
      """
    When I remember the cookie "directus_session_token" as "new"
    And anonymous sends GET /users/me?fields=id with header "Cookie: directus_session_token={{new}}"
    Then "data.id" is "{{editor.id}}"
    When anonymous sends GET /users/me?fields=id with header "Cookie: directus_session_token={{old}}"
    Then "data.id" is "{{editor.id}}"
    When anonymous sends POST /auth/refresh with header "Cookie: directus_session_token={{old}}"
      """
      {"mode": "session"}
      """
    Then the status is 200
    When I remember the cookie "directus_session_token" as "again"
    Then the JWT "again" has the claims:
      """
      {"id": "{{editor.id}}", "session": "<string>"}
      """

  @AUTH-LOGOUT @HTTP-204
  Scenario: Logging out ends the session: 204, and the refresh token is refused afterwards
    When anonymous sends POST /auth/login
      """
      {"email": "{{editor.email}}", "password": "{{editor.password}}"}
      """
    And I remember "data.refresh_token" as "refresh"
    And I remember "data.access_token" as "token:loggedout"
    And anonymous sends POST /auth/logout
      """
      {"refresh_token": "{{refresh}}"}
      """
    Then the status is 204
    And the body is empty
    When anonymous sends POST /auth/refresh
      """
      {"refresh_token": "{{refresh}}"}
      """
    Then the response is an error INVALID_CREDENTIALS

  @AUTH-LOGOUT-JWT-SURVIVES
  Scenario: A json access token keeps working after logout until it expires
    When anonymous sends POST /auth/login
      """
      {"email": "{{editor.email}}", "password": "{{editor.password}}"}
      """
    And I remember "data.refresh_token" as "refresh"
    And I remember "data.access_token" as "token:survivor"
    And anonymous sends POST /auth/logout
      """
      {"refresh_token": "{{refresh}}"}
      """
    And survivor sends GET /users/me?fields=id
    Then "data.id" is "{{editor.id}}"

  @AUTH-LOGOUT-JWT-SURVIVES @AUTH-LOGOUT @AUTH-CLEAR-BAD-COOKIE
  Scenario: A session token stops working at logout, and the cookie is cleared
    When anonymous sends POST /auth/login
      """
      {"email": "{{editor.email}}", "password": "{{editor.password}}", "mode": "session"}
      """
    And I remember the cookie "directus_session_token" as "session"
    And anonymous sends POST /auth/logout with header "Cookie: directus_session_token={{session}}"
      """
      {"mode": "session"}
      """
    Then the status is 204
    And the response clears the cookie "directus_session_token"
    When anonymous sends GET /users/me with header "Cookie: directus_session_token={{session}}"
    Then the response is an error INVALID_CREDENTIALS
    And the response clears the cookie "directus_session_token"

  @AUTH-LOGOUT
  Scenario: Logging out with an unknown token is still 204; without one it is INVALID_PAYLOAD
    When anonymous sends POST /auth/logout
      """
      {"refresh_token": "no-such-token-{{unique}}"}
      """
    Then the status is 204
    When anonymous sends POST /auth/logout
      """
      {}
      """
    Then the response is an error INVALID_PAYLOAD

  @AUTH-LOGOUT
  Scenario: Logging out with the refresh cookie clears it
    When anonymous sends POST /auth/logout with header "Cookie: directus_refresh_token=no-such-token-{{unique}}"
    Then the status is 204
    And the response clears the cookie "directus_refresh_token"

  @ERR-404-METHOD
  Scenario: GET on /auth/refresh is ROUTE_NOT_FOUND
    When anonymous sends GET /auth/refresh
    Then the response is an error ROUTE_NOT_FOUND
