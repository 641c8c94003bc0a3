Feature: A fixture that can be neither reset nor provisioned again stops the run

  Scenario: A scenario that takes the admin's token away
    When admin sends PATCH /users/me
      """
      {"token": "taken-away-{{unique}}"}
      """
    Then the status is 200

  Scenario: A scenario that would have failed for want of the fixture
    When admin sends GET /items/tags/1?fields=name
    Then the status is 200
