Feature: Dynamic variables in filters
  $NOW (with adjustments), $CURRENT_USER, $CURRENT_ROLE(S) and $CURRENT_POLICIES
  resolve for the caller; nested paths read the caller's records with the caller's permissions.

  @FILTER-VAR-NOW
  Scenario: $NOW is the current time
    When admin sends GET /items/articles?fields=id&filter[published_at][_lte]=$NOW
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 4}, {"id": 5}]}
      """

  @FILTER-VAR-NOW-ADJUST
  Scenario: $NOW takes an adjustment
    When admin sends GET /items/articles?fields=id&filter[published_on][_lt]=$NOW(-100%20years)
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """

  @FILTER-VAR-NOW-ADJUST
  Scenario: $NOW adjusts by days without a unit
    When admin sends GET /items/articles?fields=id&filter[published_on][_gt]=$NOW(-36500)
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 4}, {"id": 5}, {"id": 6}]}
      """

  @FILTER-VAR-NOW-ADJUST
  Scenario: $NOW adjusts forward
    When admin sends GET /items/articles?fields=id&filter[published_on][_gt]=$NOW(%2B1%20y)
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """

  @FILTER-VAR-NOW-INVALID
  Scenario: An unreadable adjustment means plain $NOW
    When admin sends GET /items/articles?fields=id&filter[published_at][_lte]=$NOW(bogus)
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 4}, {"id": 5}]}
      """

  @FILTER-VAR-CURRENT-USER
  Scenario: $CURRENT_USER is the caller
    When admin sends GET /users/me?fields=email
    And I remember "data.email" as "me"
    When admin sends GET /users?fields=email&filter[id][_eq]=$CURRENT_USER
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"email": "{{me}}"}]}
      """

  @FILTER-VAR-CURRENT-USER
  Scenario: $CURRENT_USER of a user
    When reader sends GET /items/articles?fields=id&filter[title][_neq]=$CURRENT_USER&limit=2
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}]}
      """

  @FILTER-VAR-CURRENT-ROLE
  Scenario: $CURRENT_ROLE is the caller's role
    When admin sends GET /roles?fields=name&filter[id][_eq]=$CURRENT_ROLE
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"name": "Administrator"}]}
      """

  @FILTER-VAR-CURRENT-ROLES
  Scenario: $CURRENT_ROLES lists the caller's roles
    When admin sends GET /roles?fields=name&filter[id][_in]=$CURRENT_ROLES
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"name": "Administrator"}]}
      """

  @FILTER-VAR-CURRENT-POLICIES
  Scenario: $CURRENT_POLICIES is known once a nested variable is read
    When admin sends GET /policies?fields=name&filter={"_or":[{"id":{"_in":"$CURRENT_POLICIES"}},{"name":{"_eq":"$CURRENT_USER.email"}}]}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"name": "Administrator"}]}
      """

  @FILTER-VAR-CURRENT-POLICIES
  Scenario: $CURRENT_POLICIES alone matches nothing
    When admin sends GET /policies?fields=name&filter[id][_in]=$CURRENT_POLICIES
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """

  @FILTER-VAR-NESTED
  Scenario: Nested variables read the caller's records
    When admin sends GET /roles?fields=name&filter[name][_eq]=$CURRENT_ROLE.name
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"name": "Administrator"}]}
      """

  @FILTER-VAR-NESTED
  Scenario: Nested variables follow relations
    When admin sends GET /users?fields=id&filter[role][name][_eq]=$CURRENT_USER.role.name&filter[id][_eq]=$CURRENT_USER
    Then the status is 200
    And "data" has 1 item

  @FILTER-VAR-NESTED
  Scenario: A nested variable the caller may not read is an invalid filter
    When reader sends GET /items/articles?filter[title][_eq]=$CURRENT_USER.first_name
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Invalid filter object."

  @FILTER-VAR-NESTED
  Scenario: An unknown nested field is an invalid filter
    When admin sends GET /items/articles?filter[title][_eq]=$CURRENT_USER.nope
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Invalid filter object."

  @FILTER-VAR-PREFIX-ONLY
  Scenario: Other dollar strings are literals
    When admin sends GET /items/articles?fields=id&filter[title][_eq]=$Zebra
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """

  @FILTER-VAR-PREFIX-ONLY
  Scenario: Any string starting with a variable name is that variable
    When admin sends GET /items/articles?fields=id&filter[title][_eq]=$NOWHERE&filter[published_at][_nnull]=true&limit=1
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """
