Feature: Logging in
  POST /auth/login checks email and password and answers with tokens in one
  of three modes: in the body (json), the refresh token in a cookie (cookie),
  or the whole session in a cookie (session).

  @AUTH-LOGIN-JSON @AUTH-JWT-CLAIMS @AUTH-TTL @ENV-TOKENS
  Scenario: A json login answers with an access token, its lifetime and a refresh token
    When anonymous sends POST /auth/login
      """
      {"email": "{{editor.email}}", "password": "{{editor.password}}"}
      """
    Then the response is exactly:
      """
      {"data": {"expires": 900000, "refresh_token": "<string>", "access_token": "<jwt>"}}
      """
    And the keys of "data" are ["expires", "refresh_token", "access_token"]
    When I remember "data.access_token" as "access"
    Then the JWT "access" has the claims:
      """
      {"id": "{{editor.id}}", "role": "<uuid>", "app_access": false, "admin_access": false,
       "iat": "<integer>", "exp": "<integer>", "iss": "directus", "session": "<absent>"}
      """

  @AUTH-LOGIN-JSON
  Scenario: The access token of a login works as a Bearer token
    When anonymous sends POST /auth/login
      """
      {"email": "{{editor.email}}", "password": "{{editor.password}}", "mode": "json"}
      """
    And I remember "data.access_token" as "token:loggedin"
    And loggedin sends GET /users/me?fields=id
    Then the response is exactly:
      """
      {"data": {"id": "{{editor.id}}"}}
      """

  @AUTH-LOGIN-FAIL
  Scenario: The email of a login is matched without regard to case
    When admin sends POST /users
      """
      {"email": "case-{{unique}}@example.com", "password": "pw-{{unique}}"}
      """
    And anonymous sends POST /auth/login
      """
      {"email": "CASE-{{unique}}@Example.COM", "password": "pw-{{unique}}"}
      """
    Then the status is 200

  @AUTH-LOGIN-COOKIE
  Scenario: A cookie login sets the refresh token as an http-only cookie
    When anonymous sends POST /auth/login
      """
      {"email": "{{editor.email}}", "password": "{{editor.password}}", "mode": "cookie"}
      """
    Then the response is exactly:
      """
      {"data": {"expires": 900000, "access_token": "<jwt>"}}
      """
    And the response sets the cookie "directus_refresh_token"
    And the cookie "directus_refresh_token" has "Max-Age=604800; Path=/;"
    And the cookie "directus_refresh_token" has "HttpOnly; SameSite=Lax"
    And the response sets no cookie "directus_session_token"

  @AUTH-LOGIN-SESSION @AUTH-JWT-CLAIMS @AUTH-EXTRACT-ORDER
  Scenario: A session login puts a session token in a cookie and nothing but its lifetime in the body
    When anonymous sends POST /auth/login
      """
      {"email": "{{editor.email}}", "password": "{{editor.password}}", "mode": "session"}
      """
    Then the response is exactly:
      """
      {"data": {"expires": 86400000}}
      """
    And the cookie "directus_session_token" has "Max-Age=86400; Path=/;"
    And the cookie "directus_session_token" has "HttpOnly; SameSite=Lax"
    When I remember the cookie "directus_session_token" as "session"
    Then the JWT "session" has the claims:
      """
      {"id": "{{editor.id}}", "session": "<string>", "iss": "directus", "admin_access": false}
      """
    When anonymous sends GET /users/me?fields=id with header "Cookie: directus_session_token={{session}}"
    Then the response is exactly:
      """
      {"data": {"id": "{{editor.id}}"}}
      """

  @AUTH-LOGIN-VALIDATION
  Scenario Outline: A login payload Directus' schema refuses is INVALID_PAYLOAD (<case>)
    When anonymous sends POST /auth/login
      """
      <body>
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "<reason>"

    Examples:
      | case            | body                                                              | reason                                       |
      | no email        | {}                                                                | "email" is required                         |
      | bad email       | {"email": "nobody", "password": "x"}                              | "email" must be a valid email               |
      | email number    | {"email": 5, "password": "x"}                                     | "email" must be a string                    |
      | empty password  | {"email": "nobody@example.com", "password": ""}                   | "password" is not allowed to be empty       |
      | password number | {"email": "nobody@example.com", "password": 1}                    | "password" must be a string                 |
      | unknown mode    | {"email": "nobody@example.com", "password": "x", "mode": "jwt"}    | "mode" must be one of [cookie, json, session] |
      | otp number      | {"email": "nobody@example.com", "password": "x", "otp": 123456}   | "otp" must be a string                      |
      | array body      | [1]                                                               | "value" must be of type object              |

  @AUTH-LOGIN-VALIDATION @AUTH-LOGIN-FAIL
  Scenario: Extra keys in a login payload are allowed; an unknown email is INVALID_CREDENTIALS
    When anonymous sends POST /auth/login
      """
      {"email": "nobody-{{unique}}@example.com", "password": "x", "remember": true}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid user credentials.", "extensions": {"code": "INVALID_CREDENTIALS"}}]}
      """

  @AUTH-LOGIN-VALIDATION @HTTP-BODY-NONJSON
  Scenario: A login body that is not JSON is read as empty
    When anonymous sends POST /auth/login with content type "text/plain"
      """
      {"email": "{{editor.email}}", "password": "{{editor.password}}"}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is ""email" is required"

  @AUTH-LOGIN-FAIL
  Scenario Outline: A user who is not active cannot log in, whatever the password (<status>)
    When admin sends POST /users
      """
      {"email": "{{unique}}@example.com", "password": "pw-{{unique}}", "status": "<status>"}
      """
    Then the status is 200
    When anonymous sends POST /auth/login
      """
      {"email": "{{unique}}@example.com", "password": "pw-{{unique}}"}
      """
    Then the response is an error INVALID_CREDENTIALS

    Examples:
      | status    |
      | draft     |
      | invited   |
      | suspended |
      | archived  |

  @AUTH-LOGIN-BAD-BEARER @MW-ORDER
  Scenario: A bad Bearer token fails a login before the credentials are looked at
    When anonymous sends POST /auth/login with header "Authorization: Bearer garbage"
      """
      {"email": "{{editor.email}}", "password": "{{editor.password}}"}
      """
    Then the response is an error INVALID_CREDENTIALS

  @AUTH-LOGIN-BAD-BEARER @needs-jwt-secret
  Scenario: An expired token sent along with a login is TOKEN_EXPIRED
    Given "expired" is a JWT signed with the target's secret that expires in -60 seconds:
      """
      {"id": "{{editor.id}}", "role": null, "app_access": false, "admin_access": false, "iss": "directus"}
      """
    When anonymous sends POST /auth/login with header "Authorization: Bearer {{expired}}"
      """
      {"email": "{{editor.email}}", "password": "{{editor.password}}"}
      """
    Then the response is an error TOKEN_EXPIRED

  @AUTH-LOGIN-SIDE-EFFECTS
  Scenario: A login records the user's last access
    When admin sends POST /users
      """
      {"email": "seen-{{unique}}@example.com", "password": "pw-{{unique}}"}
      """
    And I remember "data.id" as "user"
    Then "data.last_access" is null
    When anonymous sends POST /auth/login
      """
      {"email": "seen-{{unique}}@example.com", "password": "pw-{{unique}}"}
      """
    Then the status is 200
    When admin sends GET /users/{{user}}?fields=last_access
    Then the response is exactly:
      """
      {"data": {"last_access": "<timestamp>"}}
      """

  @AUTH-LOGIN-LOCKOUT @ERR-USER-SUSPENDED @AUTH-REFRESH-FAIL
  Scenario: Too many failed logins suspend the user, and refreshing a kept session is USER_SUSPENDED
    When admin sends PATCH /settings
      """
      {"auth_login_attempts": 2}
      """
    Then the status is 200
    When admin sends POST /users
      """
      {"email": "lock-{{unique}}@example.com", "password": "pw-{{unique}}"}
      """
    And I remember "data.id" as "user"
    And anonymous sends POST /auth/login
      """
      {"email": "lock-{{unique}}@example.com", "password": "pw-{{unique}}"}
      """
    And I remember "data.refresh_token" as "kept"
    And anonymous sends POST /auth/login
      """
      {"email": "lock-{{unique}}@example.com", "password": "wrong"}
      """
    And anonymous sends POST /auth/login
      """
      {"email": "lock-{{unique}}@example.com", "password": "wrong"}
      """
    And admin sends GET /users/{{user}}?fields=status
    Then "data.status" is "active"
    When anonymous sends POST /auth/login
      """
      {"email": "lock-{{unique}}@example.com", "password": "wrong"}
      """
    Then the response is an error INVALID_CREDENTIALS
    When admin sends GET /users/{{user}}?fields=status
    Then "data.status" is "suspended"
    When anonymous sends POST /auth/login
      """
      {"email": "lock-{{unique}}@example.com", "password": "pw-{{unique}}"}
      """
    Then the response is an error INVALID_CREDENTIALS
    When anonymous sends POST /auth/refresh
      """
      {"refresh_token": "{{kept}}"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "User suspended.", "extensions": {"code": "USER_SUSPENDED"}}]}
      """
    And the status is 401
    When anonymous sends POST /auth/refresh
      """
      {"refresh_token": "{{kept}}"}
      """
    Then the response is an error INVALID_CREDENTIALS

  @AUTH-LOGIN-STALL @needs-login-stall
  Scenario: Failed and successful logins both take at least the stall time
    When anonymous sends POST /auth/login
      """
      {"email": "{{editor.email}}", "password": "wrong-password"}
      """
    Then the response is an error INVALID_CREDENTIALS
    And the response took at least 500 ms
    When anonymous sends POST /auth/login
      """
      {"email": "nobody-{{unique}}@example.com", "password": "x"}
      """
    Then the response took at least 500 ms
    When anonymous sends POST /auth/login
      """
      {"email": "{{editor.email}}", "password": "{{editor.password}}"}
      """
    Then the status is 200
    And the response took at least 500 ms

  @AUTH-PROVIDERS
  Scenario: Without single sign-on, /auth lists no providers
    When anonymous sends GET /auth
    Then the response is exactly:
      """
      {"data": [], "disableDefault": false}
      """
