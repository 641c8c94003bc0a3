Feature: Functions in filters
  Date parts and counts can be filtered like integers.

  @FILTER-FN-DATE
  Scenario: year() in a filter
    When admin sends GET /items/articles?fields=id&filter[year(published_on)][_eq]=2024
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}, {"id": 6}]}
      """

  @FILTER-FN-DATE @vendor-sqlite-weekday @vendor-postgres-weekday
  Scenario: month() and weekday() in a filter
    When admin sends GET /items/articles?fields=id&filter[month(published_on)][_in]=1,6&filter[weekday(published_on)][_eq]=6
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 4}]}
      """

  @FILTER-FN-DATE @vendor-mysql-weekday
  Scenario: month() and weekday() in a filter (MySQL: DAYOFWEEK numbers Sunday 1)
    When admin sends GET /items/articles?fields=id&filter[month(published_on)][_in]=1,6&filter[weekday(published_on)][_eq]=7
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 4}]}
      """

  @FILTER-FN-DATE @vendor-sqlite-week
  Scenario: week() counts weeks from the first Monday, as SQLite does
    When admin sends GET /items/articles?fields=id&filter[week(published_on)][_eq]=21
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 4}]}
      """

  @FILTER-FN-DATE @vendor-mysql-week
  Scenario: week() counts weeks from the first Sunday, as MySQL's WEEK() does
    When admin sends GET /items/articles?fields=id&filter[week(published_on)][_eq]=2
    Then the response is exactly:
      """
      {"data": [{"id": 1}]}
      """
    When admin sends GET /items/articles?fields=id,week(published_on),weekday(published_on)&sort=id
    Then the response is exactly:
      """
      {"data": [{"id": 1, "published_on_week": 2, "published_on_weekday": 2},
                {"id": 2, "published_on_week": 8, "published_on_weekday": 7},
                {"id": 3, "published_on_week": null, "published_on_weekday": null},
                {"id": 4, "published_on_week": 21, "published_on_weekday": 7},
                {"id": 5, "published_on_week": 51, "published_on_weekday": 4},
                {"id": 6, "published_on_week": 26, "published_on_weekday": 5}]}
      """

  @FILTER-FN-DATE
  Scenario: hour(), minute() and second() of a date-time
    When admin sends GET /items/articles?fields=id&filter[hour(published_at)][_eq]=10&filter[minute(created_ts)][_eq]=20&filter[second(published_at)][_eq]=30
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}]}
      """

  @FILTER-FN-TYPE-CHECK
  Scenario: A function the field type lacks is INVALID_QUERY
    When admin sends GET /items/articles?fields=id&filter[year(title)][_eq]=1
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Invalid filter key \"year(title)\" on \"articles\"."

  @FILTER-FN-TYPE-CHECK
  Scenario: A function of an unknown field is FORBIDDEN
    When admin sends GET /items/articles?fields=id&filter[year(nope)][_eq]=1
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"nope\" in collection \"articles\" or it does not exist. Queried in root."

  @FILTER-FN-TYPE-CHECK @FILTER-COERCE-NUMERIC
  Scenario: Function values must be numbers
    When admin sends GET /items/articles?fields=id&filter[year(published_on)][_eq]=abc
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Invalid numeric value."

  @FILTER-FN-COUNT-O2M
  Scenario: count() of a one-to-many
    When admin sends GET /items/articles?fields=id&filter[count(comments)][_gt]=0
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}]}
      """

  @FILTER-FN-COUNT-O2M
  Scenario: count() of zero matches parents without children
    When admin sends GET /items/articles?fields=id&filter[count(tags)][_eq]=0
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 3}, {"id": 4}, {"id": 6}]}
      """

  @FILTER-FN-COUNT-JSON
  Scenario: count() of a JSON field is its array length, NULL for NULL
    When admin sends GET /items/articles?fields=id&filter={"_or":[{"count(data)":{"_eq":3}},{"count(data)":{"_null":true}}]}
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 3}, {"id": 4}, {"id": 6}]}
      """

  @FILTER-FN-NESTED
  Scenario: Functions on related fields in a filter
    When admin sends GET /items/articles?fields=id&filter[author][year(born)][_eq]=1980
    Then the status is 200
    And the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 4}]}
      """

  @FILTER-FN-JSON-NOT-ALLOWED
  Scenario: json() is not a filter key
    When admin sends GET /items/articles?fields=id&filter[json(data,%20a)][_eq]=1
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field \"data, a\" in collection \"articles\" or it does not exist. Queried in root."

  @FILTER-FN-HOUR-TIME-SQLITE @vendor-sqlite-time-functions
  Scenario: hour() of a time field is 0 on SQLite
    When admin sends GET /items/articles?fields=id&filter[hour(at_time)][_eq]=10
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """
