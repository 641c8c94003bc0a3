Feature: The server, for the report tests

  @SRV-PING
  Scenario: The report shows a passing ping
    When anonymous sends GET /server/ping
    Then the status is 200

  @SRV-PING @needs-smtp
  Scenario: The report shows a scenario not run for a capability
    When anonymous sends GET /server/ping
    Then the status is 200
