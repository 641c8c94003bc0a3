Feature: The platform's collections over GraphQL
  /graphql/system has the list, `_by_id` and `_aggregated` fields and the
  mutations of the platform's collections, with their rules.

  @GQL-SYS-PLATFORM
  Scenario: Dashboards and their panels are created and read over GraphQL
    When admin queries /graphql/system:
      """
      mutation {
        create_dashboards_item(data: {name: "GQL {{unique}}", panels: [{type: "label", show_header: false, position_x: 1, position_y: 1, width: 2, height: 2}]}) {
          name icon panels { type width }
        }
      }
      """
    Then the response is exactly:
      """
      {"data": {"create_dashboards_item": {"name": "GQL {{unique}}", "icon": "dashboard", "panels": [{"type": "label", "width": 2}]}}}
      """
    When admin queries /graphql/system:
      """
      { dashboards(filter: {name: {_eq: "GQL {{unique}}"}}) { name } panels_aggregated(filter: {dashboard: {name: {_eq: "GQL {{unique}}"}}}) { count { id } } }
      """
    Then the response is exactly:
      """
      {"data": {"dashboards": [{"name": "GQL {{unique}}"}], "panels_aggregated": [{"count": {"id": 1}}]}}
      """

  @GQL-SYS-PLATFORM
  Scenario: The translations rule holds over GraphQL too
    Given admin sends POST /translations
      """
      {"language": "en-US", "key": "gql-{{unique}}", "value": "One"}
      """
    When admin queries /graphql/system:
      """
      mutation { create_translations_item(data: {language: "en-US", key: "gql-{{unique}}", value: "Two"}) { id } }
      """
    Then the response is exactly:
      """
      {"data": {"create_translations_item": null},
       "errors": [{"message": "Invalid payload. Duplicate key and language combination.",
                   "extensions": {"reason": "Duplicate key and language combination", "code": "INVALID_PAYLOAD"},
                   "locations": [{"line": 1, "column": 12}], "path": ["create_translations_item"]}]}
      """

  @GQL-SYS-PLATFORM
  Scenario: With app access a user reads their presets and notifications over GraphQL
    Given admin sends POST /notifications
      """
      {"recipient": "{{app.id}}", "subject": "GQL {{unique}}"}
      """
    When app queries /graphql/system:
      """
      { notifications(filter: {subject: {_eq: "GQL {{unique}}"}}) { subject status } }
      """
    Then the response is exactly:
      """
      {"data": {"notifications": [{"subject": "GQL {{unique}}", "status": "inbox"}]}}
      """
