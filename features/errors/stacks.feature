@needs-error-stacks
Feature: Development mode adds stack traces to errors
  The target runs with NODE_ENV=development (capability error-stacks). The
  trace itself is the server's own (Node frames on Directus), so scenarios
  only pin where it goes: a string in `extensions`, just before `code`.

  @ERR-ENV-STACK
  Scenario: A REST error carries extensions.stack
    When anonymous sends GET /nope
    Then the status is 404
    And the response is exactly:
      """
      {"errors": [{"message": "Route /nope doesn't exist.",
                   "extensions": {"path": "/nope", "stack": "<string>", "code": "ROUTE_NOT_FOUND"}}]}
      """
    And the keys of "errors.0.extensions" are ["path", "stack", "code"]

  @ERR-ENV-STACK
  Scenario: Every error has it: query validation, login, permissions
    When admin sends GET /users?limit=abc
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid query. \"limit\" must be a number.",
                   "extensions": {"reason": "\"limit\" must be a number", "stack": "<string>", "code": "INVALID_QUERY"}}]}
      """
    When anonymous sends POST /auth/login
      """
      {"email": "nobody@example.com", "password": "wrong"}
      """
    Then the response is an error INVALID_CREDENTIALS with status 401
    And "errors.0.extensions.stack" is "<string>"
    When anonymous sends GET /users
    Then the response is an error FORBIDDEN with status 403
    And "errors.0.extensions.stack" is "<string>"

  @ERR-ENV-STACK
  Scenario: The stack starts with the error's class and message
    When anonymous sends GET /nope
    Then "errors.0.extensions.stack" starts with "DirectusError: Route /nope doesn't exist."
