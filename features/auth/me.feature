Feature: The current user
  /users/me reads and updates the caller's own user; it needs a user.

  @AUTH-ME-ANON
  Scenario: /users/me without a user is INVALID_CREDENTIALS
    When anonymous sends GET /users/me
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid user credentials.", "extensions": {"code": "INVALID_CREDENTIALS"}}]}
      """
    And the status is 401

  @AUTH-ME-NO-READ
  Scenario: A user who may not read users still gets their own id
    When creator sends GET /users/me
    Then the response is exactly:
      """
      {"data": {"id": "{{creator.id}}"}}
      """

  @AUTH-ME-PATCH
  Scenario: Updating /users/me needs update permission on users
    When editor sends PATCH /users/me
      """
      {"first_name": "Changed"}
      """
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access collection \"directus_users\" or it does not exist. Queried in root."

  @PERM-APP-ACCESS @AUTH-ME-NO-READ
  Scenario: App access lets a user read their own profile fields
    When app sends GET /users/me?fields=id,email,status,first_name
    Then the response is exactly:
      """
      {"data": {"id": "{{app.id}}", "email": "{{app.email}}", "status": "active", "first_name": "Conformance"}}
      """

  @PERM-APP-ACCESS @PERM-FORBIDDEN-FIELD @AUTH-ME-NO-READ
  Scenario: A field outside the app-access field list is left out of /users/me and FORBIDDEN on /users
    When app sends GET /users/me?fields=id,token
    Then the response is exactly:
      """
      {"data": {"id": "{{app.id}}"}}
      """
    When app sends GET /users?fields=id,token
    Then the response is exactly:
      """
      {"errors": [{"message": "You don't have permission to access field \"token\" in collection \"directus_users\" or it does not exist. Queried in root.",
                   "extensions": {"reason": "You don't have permission to access field \"token\" in collection \"directus_users\" or it does not exist. Queried in root.", "code": "FORBIDDEN"}}]}
      """

  @PERM-APP-ACCESS @PERM-ITEM-FILTER-LIST @PERM-ITEM-NOT-FOUND
  Scenario: App access reads only the user's own row: others are missing from lists and FORBIDDEN by key
    When app sends GET /users?fields=id
    Then the response is exactly:
      """
      {"data": [{"id": "{{app.id}}"}]}
      """
    When app sends GET /users/{{editor.id}}
    Then the response is exactly:
      """
      {"errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"}}]}
      """
    When app sends GET /users/{{app.id}}?fields=id
    Then "data.id" is "{{app.id}}"

  @PERM-APP-ACCESS @PERM-FIELDS-STAR
  Scenario: App access reads a fixed list of its own fields with fields=*
    When app sends GET /users/me
    Then the response matches:
      """
      {"data": {"id": "{{app.id}}", "email": "{{app.email}}", "password": "**********", "role": "<uuid>",
                "status": "active", "tfa_secret": null, "token": "<absent>", "last_access": "<absent>",
                "policies": "<absent>", "auth_data": "<absent>"}}
      """

  @PERM-APP-ACCESS @PERM-PERMISSIONS-ME
  Scenario: App access may not update its own user
    When app sends PATCH /users/me
      """
      {"first_name": "Changed"}
      """
    Then the response is an error FORBIDDEN
