Feature: Every error code of the seed's table, provoked for real
  The seed's error table is a contract: each code comes with its status and
  the Directus error envelope. One scenario per code provokes it through a
  real request (ROUTE_NOT_FOUND, INVALID_QUERY and INVALID_PAYLOAD have more
  in errors/routing.feature and errors/payload.feature).

  @ERR-FAILED-VALIDATION-DEF @USERS-CRUD @ERR-ENV-SHAPE
  Scenario: FAILED_VALIDATION is 400 with the failing field
    When admin sends POST /users
      """
      {"email": "not-an-email"}
      """
    Then the response is an error FAILED_VALIDATION
    And the response is exactly:
      """
      {"errors": [{"message": "Validation failed for field \"email\". Value has to be a valid email address.",
                   "extensions": {"field": "email", "path": [], "type": "email", "code": "FAILED_VALIDATION"}}]}
      """

  @ERR-ENV-MULTI @ERR-FAILED-VALIDATION-DEF
  Scenario: Several failing fields give several errors in one response
    When admin sends POST /items/strict
      """
      {}
      """
    Then the response is an error FAILED_VALIDATION
    And "errors" has 2 items
    And the response matches:
      """
      {"errors": [{"extensions": {"field": "a", "type": "required", "path": []}},
                  {"extensions": {"field": "b", "type": "required", "path": []}}]}
      """

  @PERM-FORBIDDEN-COLLECTION @AUTH-ANON
  Scenario: FORBIDDEN is 403 with the reason in the message and in extensions
    When anonymous sends GET /items/articles
    Then the response is exactly:
      """
      {"errors": [{"message": "You don't have permission to access collection \"articles\" or it does not exist. Queried in root.",
                   "extensions": {"reason": "You don't have permission to access collection \"articles\" or it does not exist. Queried in root.", "code": "FORBIDDEN"}}]}
      """
    And the status is 403

  @ERR-INVALID-TOKEN-SCOPE @AUTH-CLASSIFY
  Scenario: INVALID_TOKEN is 403 for a Directus JWT with a bad signature
    Given "forged" is a JWT signed with "not-the-server-secret-not-the-server-secret" that expires in 600 seconds:
      """
      {"id": "{{editor.id}}", "role": null, "app_access": false, "admin_access": false, "iss": "directus"}
      """
    When anonymous sends GET /items/articles with header "Authorization: Bearer {{forged}}"
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid token.", "extensions": {"code": "INVALID_TOKEN"}}]}
      """
    And the status is 403

  @AUTH-CLASSIFY @ERR-INVALID-TOKEN-SCOPE @needs-jwt-secret
  Scenario: INVALID_TOKEN is 403 for a validly signed Directus JWT without the access claims
    Given "partial" is a JWT signed with the target's secret that expires in 600 seconds:
      """
      {"id": "{{editor.id}}", "iss": "directus"}
      """
    When anonymous sends GET /items/articles with header "Authorization: Bearer {{partial}}"
    Then the response is an error INVALID_TOKEN

  @AUTH-CLASSIFY @needs-jwt-secret
  Scenario: TOKEN_EXPIRED is 401 for a Directus JWT past its expiry
    Given "expired" is a JWT signed with the target's secret that expires in -60 seconds:
      """
      {"id": "{{editor.id}}", "role": null, "app_access": false, "admin_access": false, "iss": "directus"}
      """
    When anonymous sends GET /items/articles with header "Authorization: Bearer {{expired}}"
    Then the response is exactly:
      """
      {"errors": [{"message": "Token expired.", "extensions": {"code": "TOKEN_EXPIRED"}}]}
      """
    And the status is 401

  @AUTH-TTL @AUTH-CLASSIFY @needs-short-token-ttl
  Scenario: TOKEN_EXPIRED is 401 for an access token used after its lifetime
    When anonymous sends POST /auth/login
      """
      {"email": "{{editor.email}}", "password": "{{editor.password}}"}
      """
    Then the status is 200
    And "data.expires" is 2000
    When I remember "data.access_token" as "token:session"
    And session sends GET /users/me?fields=id
    Then the status is 200
    When I wait 3 seconds
    And session sends GET /users/me?fields=id
    Then the response is an error TOKEN_EXPIRED

  @AUTH-LOGIN-FAIL
  Scenario: INVALID_CREDENTIALS is 401 for a wrong password
    When anonymous sends POST /auth/login
      """
      {"email": "{{editor.email}}", "password": "wrong-password"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid user credentials.", "extensions": {"code": "INVALID_CREDENTIALS"}}]}
      """
    And the status is 401

  @ERR-INVALID-IP @PERM-IP
  Scenario: INVALID_IP is 401 for a user whose policy does not allow the client's address
    When admin sends POST /policies
      """
      {"name": "Conformance ip {{unique}}", "ip_access": ["10.0.0.1"], "admin_access": false, "app_access": false,
       "permissions": [{"collection": "articles", "action": "read", "fields": ["*"], "permissions": {}, "validation": {}}]}
      """
    Then the status is 200
    When I remember "data.id" as "policy"
    And admin sends POST /users
      """
      {"email": "ip-{{unique}}@example.com", "password": "pw-{{unique}}", "token": "ip-{{unique}}",
       "policies": [{"policy": "{{policy}}"}]}
      """
    Then the status is 200
    Given I set "token:restricted" to "ip-{{unique}}"
    When restricted sends GET /items/articles?fields=id
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid IP address.", "extensions": {"code": "INVALID_IP"}}]}
      """
    And the status is 401

  @AUTH-LOGIN-OTP @AUTH-TFA-SECRET-WRITE
  Scenario: INVALID_OTP is 401 when a user with two-factor authentication logs in without a code
    When admin sends POST /users
      """
      {"email": "otp-{{unique}}@example.com", "password": "pw-{{unique}}", "tfa_secret": "JBSWY3DPEHPK3PXP"}
      """
    Then the status is 200
    When anonymous sends POST /auth/login
      """
      {"email": "otp-{{unique}}@example.com", "password": "pw-{{unique}}"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid user OTP.", "extensions": {"code": "INVALID_OTP"}}]}
      """
    And the status is 401

  @AUTH-LOGIN-VALIDATION
  Scenario: INVALID_PAYLOAD is 400 with the reason for a login without a password
    When anonymous sends POST /auth/login
      """
      {"email": "admin@example.com"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid payload. \"password\" is required.",
                   "extensions": {"reason": "\"password\" is required", "code": "INVALID_PAYLOAD"}}]}
      """
    And the status is 400

  @QUERY-LIMIT-INVALID
  Scenario: INVALID_QUERY is 400 on a system endpoint too
    When admin sends GET /users?limit=abc
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"limit\" must be a number."

  @SYS-SCHEMA-DIFF
  Scenario: UNSUPPORTED_MEDIA_TYPE is 415 for a schema diff that is not JSON
    When admin sends POST /schema/diff with content type "text/plain"
      """
      collections: []
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Unsupported media type \"text/plain\" in Content-Type header.",
                   "extensions": {"mediaType": "text/plain", "where": "Content-Type header", "code": "UNSUPPORTED_MEDIA_TYPE"}}]}
      """
    And the status is 415

  @SYS-SCHEMA-DIFF
  Scenario: A schema diff with no content type at all is UNSUPPORTED_MEDIA_TYPE "unknown"
    When admin sends POST /schema/diff
    Then the response is an error UNSUPPORTED_MEDIA_TYPE
    And "errors.0.extensions.mediaType" is "unknown"

  @SYS-SCHEMA-DIFF @PERM-ADMIN
  Scenario: A schema diff by a non-admin is FORBIDDEN before the media type is looked at
    When editor sends POST /schema/diff with content type "text/plain"
      """
      x
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"}}]}
      """

  @ENV-RATE-LIMIT @MW-ORDER @SRV-PING @needs-rate-limiter
  Scenario: REQUESTS_EXCEEDED is 429 with Retry-After once the rate limit is hit
    Given I wait 2.1 seconds
    When anonymous sends GET /server/ping
    Then the status is 200
    When anonymous sends GET /server/ping
    Then the status is 200
    When anonymous sends GET /server/ping
    Then the status is 200
    When anonymous sends GET /server/ping
    Then the response is an error REQUESTS_EXCEEDED
    And the header "Retry-After" is "2"
    And the response matches:
      """
      {"errors": [{"message": "Too many requests, retry after 2s.", "extensions": {"limit": 3, "reset": "<timestamp>"}}]}
      """

  @ENV-RATE-LIMIT @MW-ORDER @needs-rate-limiter
  Scenario: The rate limiter counts every route and answers before authentication
    Given I wait 2.1 seconds
    When anonymous sends GET /nope
    Then the response is an error ROUTE_NOT_FOUND
    When anonymous sends GET /server/info
    Then the status is 200
    When anonymous sends GET /items/articles with header "Authorization: Bearer garbage"
    Then the response is an error INVALID_CREDENTIALS
    When anonymous sends GET /items/articles with header "Authorization: Bearer garbage"
    Then the response is an error REQUESTS_EXCEEDED
    And the header "Retry-After" is "2"

  @ERR-404-ROUTE
  Scenario: ROUTE_NOT_FOUND is 404 for a route Directus removed
    When admin sends POST /utils/hash/generate
      """
      {"string": "x"}
      """
    Then the response is an error ROUTE_NOT_FOUND
    And the error message is "Route /utils/hash/generate doesn't exist."

  Scenario: SERVICE_UNAVAILABLE is 503 when an external file cannot be fetched
    When admin sends POST /files/import
      """
      {"url": "http://127.0.0.1:1/picture.png"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Service \"external-file\" is unavailable. Couldn't fetch file from URL \"http://127.0.0.1:1/picture.png\".",
                   "extensions": {"service": "external-file", "reason": "Couldn't fetch file from URL \"http://127.0.0.1:1/picture.png\"", "code": "SERVICE_UNAVAILABLE"}}]}
      """
    And the status is 503

  Scenario: A file import by a user who may not create files is FORBIDDEN
    When editor sends POST /files/import
      """
      {"url": "http://127.0.0.1:1/picture.png"}
      """
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to perform \"create\" for collection \"directus_files\" or it does not exist."

  @USERS-CRUD
  Scenario: UNPROCESSABLE_ENTITY is 422 when the last admin would be deleted
    When admin sends GET /users/me?fields=id
    And I remember "data.id" as "me"
    And admin sends DELETE /users/{{me}}
    Then the response is exactly:
      """
      {"errors": [{"message": "Can't process content. Cannot remove the last admin user from the system.",
                   "extensions": {"reason": "Cannot remove the last admin user from the system", "code": "UNPROCESSABLE_ENTITY"}}]}
      """
    And the status is 422

  @USERS-CRUD
  Scenario: Suspending the last admin is UNPROCESSABLE_ENTITY too
    When admin sends GET /users/me?fields=id
    And I remember "data.id" as "me"
    And admin sends PATCH /users/{{me}}
      """
      {"status": "suspended"}
      """
    Then the response is an error UNPROCESSABLE_ENTITY
    When admin sends GET /users/me?fields=status
    Then "data.status" is "active"

  @ERR-ENV-UNKNOWN
  Scenario: An unexpected error is 500; only admins see its message
    When admin sends DELETE /items/site_settings
    Then the response is exactly:
      """
      {"errors": [{"message": "Cannot read properties of undefined (reading 'limit')", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
      """
    And the status is 500
    When anonymous sends DELETE /items/site_settings
    Then the response is exactly:
      """
      {"errors": [{"message": "An unexpected error occurred.", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
      """

  @ERR-INVALID-FOREIGN-KEY @vendor-sqlite-foreign-key-message
  Scenario: A foreign key to a missing item is INVALID_FOREIGN_KEY
    When admin sends POST /items/articles
      """
      {"title": "Orphan", "author": 999999}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid foreign key.", "extensions": {"collection": null, "field": null, "value": null, "code": "INVALID_FOREIGN_KEY"}}]}
      """
    And the status is 400

  @ITEMS-META
  Scenario: meta=* gives both counts before the data
    When admin sends GET /items/tags?meta=*&fields=id&limit=1
    Then the response is exactly:
      """
      {"meta": {"total_count": 3, "filter_count": 3}, "data": [{"id": 1}]}
      """
    And the keys of "." are ["meta", "data"]
