Feature: Insights dashboards and panels
  A dashboard lists its panels (an O2M on directus_panels.dashboard); deleting
  a dashboard deletes its panels.

  @INSIGHTS-DASHBOARD
  Scenario: A dashboard is created with its panels in one request
    When admin sends POST /dashboards?fields=name,icon,note,color,user_created,date_created,panels.name,panels.type,panels.show_header,panels.options
      """
      {"name": "Sales {{unique}}", "panels": [
        {"name": "Orders", "type": "metric", "position_x": 1, "position_y": 1, "width": 12, "height": 6,
         "options": {"collection": "articles", "function": "count"}}]}
      """
    Then the response is exactly:
      """
      {"data": {"name": "Sales {{unique}}", "icon": "dashboard", "note": null, "color": null,
                "user_created": "<uuid>", "date_created": "<timestamp>",
                "panels": [{"name": "Orders", "type": "metric", "show_header": false,
                            "options": {"collection": "articles", "function": "count"}}]}}
      """

  @INSIGHTS-PANEL-REQUIRED
  Scenario: A panel needs its dashboard, type, position and size
    When admin sends POST /panels
      """
      {"name": "Loose"}
      """
    Then the response is an error FAILED_VALIDATION
    And "errors" has 6 items
    And "errors.0.message" is "Validation failed for field \"dashboard\". Value is required."
    And "errors.5.message" is "Validation failed for field \"height\". Value is required."

  @INSIGHTS-CASCADE
  Scenario: Deleting a dashboard deletes its panels
    Given admin sends POST /dashboards
      """
      {"name": "Doomed {{unique}}", "panels": [
        {"type": "label", "position_x": 1, "position_y": 1, "width": 4, "height": 4},
        {"type": "label", "position_x": 5, "position_y": 1, "width": 4, "height": 4}]}
      """
    And I remember "data.id" as "dashboard"
    When admin sends GET /panels?filter[dashboard][_eq]={{dashboard}}&aggregate[count]=*
    Then the response is exactly:
      """
      {"data": [{"count": "<numeric 2>"}]}
      """
    When admin sends DELETE /dashboards/{{dashboard}}
    Then the status is 204
    When admin sends GET /panels?filter[dashboard][_eq]={{dashboard}}&aggregate[count]=*
    Then the response is exactly:
      """
      {"data": [{"count": "<numeric 0>"}]}
      """
