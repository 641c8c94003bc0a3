Feature: Notifications
  /notifications holds messages to users (the Data Studio's inbox). Creating
  one for a user who wants email notifications also sends a mail; without a
  mail server the notification is still created. App access lets a user read
  their own notifications and change their status.

  @NOTIFICATIONS-CREATE
  Scenario: A notification is created in the recipient's inbox
    When admin sends POST /notifications
      """
      {"recipient": "{{app.id}}", "subject": "Hello {{unique}}", "message": "Welcome", "collection": "articles", "item": "1"}
      """
    Then the response is exactly:
      """
      {"data": {"id": "<integer>", "timestamp": "<timestamp>", "status": "inbox", "recipient": "{{app.id}}", "sender": null,
                "subject": "Hello {{unique}}", "message": "Welcome", "collection": "articles", "item": "1"}}
      """

  @NOTIFICATIONS-CREATE
  Scenario: A notification needs a recipient and a subject
    When admin sends POST /notifications
      """
      {"subject": "nobody"}
      """
    Then the response is an error FAILED_VALIDATION
    And the error message is "Validation failed for field \"recipient\". Value is required."
    When admin sends POST /notifications
      """
      {"recipient": "{{app.id}}"}
      """
    Then the error message is "Validation failed for field \"subject\". Value is required."

  @NOTIFICATIONS-APP-SCOPE
  Scenario: With app access a user reads their own notifications and may only change their status
    Given admin sends POST /notifications
      """
      [{"recipient": "{{app.id}}", "subject": "For app {{unique}}"},
       {"recipient": "{{reader.id}}", "subject": "For reader {{unique}}"}]
      """
    And I remember "data.0.id" as "mine"
    When app sends GET /notifications?filter[subject][_contains]={{unique}}&fields=subject,status
    Then the response is exactly:
      """
      {"data": [{"subject": "For app {{unique}}", "status": "inbox"}]}
      """
    When app sends PATCH /notifications/{{mine}}?fields=status
      """
      {"status": "archived"}
      """
    Then the response is exactly:
      """
      {"data": {"status": "archived"}}
      """
    When app sends PATCH /notifications/{{mine}}
      """
      {"subject": "changed"}
      """
    Then the response is an error FORBIDDEN
    When app sends DELETE /notifications/{{mine}}
    Then the response is an error FORBIDDEN
    When app sends POST /notifications
      """
      {"recipient": "{{app.id}}", "subject": "self"}
      """
    Then the response is an error FORBIDDEN
