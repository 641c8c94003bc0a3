Feature: Requests that would exhaust a server
  Documents nested thousands of levels deep, or fragments that multiply
  their own work, are answered (or refused with an error) at once, and the
  server goes on answering.

  @HARD-GQL-NESTING
  Scenario: A GraphQL list literal nested 2000 levels deep is a validation error
    Given "open" is "[" repeated 2000 times
    And "close" is "]" repeated 2000 times
    When anonymous queries /graphql/system:
      """
      { server_ping(x: {{open}}1{{close}}) }
      """
    Then the response is an error GRAPHQL_VALIDATION
    When anonymous sends GET /server/ping
    Then the body is "pong"

  @HARD-GQL-NESTING
  Scenario: Unclosed GraphQL brackets nested 4990 levels deep are a validation error
    Given "open" is "[" repeated 4990 times
    When anonymous queries /graphql:
      """
      { server_ping(x: {{open}}
      """
    Then the response is an error GRAPHQL_VALIDATION
    When anonymous sends GET /server/ping
    Then the body is "pong"

  @HARD-GQL-FRAGMENTS
  Scenario: Fragments that spread the next one twice are collected once per selection set
    When anonymous queries /graphql/system:
      """
      query { ...F0 }
      fragment F0 on Query { server_ping ...F1 ...F1 }
      fragment F1 on Query { server_ping ...F2 ...F2 }
      fragment F2 on Query { server_ping ...F3 ...F3 }
      fragment F3 on Query { server_ping ...F4 ...F4 }
      fragment F4 on Query { server_ping ...F5 ...F5 }
      fragment F5 on Query { server_ping ...F6 ...F6 }
      fragment F6 on Query { server_ping ...F7 ...F7 }
      fragment F7 on Query { server_ping ...F8 ...F8 }
      fragment F8 on Query { server_ping ...F9 ...F9 }
      fragment F9 on Query { server_ping ...F10 ...F10 }
      fragment F10 on Query { server_ping ...F11 ...F11 }
      fragment F11 on Query { server_ping ...F12 ...F12 }
      fragment F12 on Query { server_ping ...F13 ...F13 }
      fragment F13 on Query { server_ping ...F14 ...F14 }
      fragment F14 on Query { server_ping ...F15 ...F15 }
      fragment F15 on Query { server_ping ...F16 ...F16 }
      fragment F16 on Query { server_ping ...F17 ...F17 }
      fragment F17 on Query { server_ping ...F18 ...F18 }
      fragment F18 on Query { server_ping ...F19 ...F19 }
      fragment F19 on Query { server_ping ...F20 ...F20 }
      fragment F20 on Query { server_ping ...F21 ...F21 }
      fragment F21 on Query { server_ping ...F22 ...F22 }
      fragment F22 on Query { server_ping }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"server_ping": "pong"}}
      """
