Feature: Singletons
  A singleton collection holds one item, read and upserted at /items/<collection>.

  @SINGLETON-READ-EMPTY
  Scenario: A singleton without a row reads as its defaults with a null key
    When admin sends GET /items/site_settings
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"id": null, "site_name": "My Site"}}
      """

  @SINGLETON-READ-EMPTY-FIELDS
  Scenario: fields filters the synthesized object of an empty singleton
    When admin sends GET /items/site_settings?fields=tagline
    Then the response is exactly:
      """
      {"data": {}}
      """

  @SINGLETON-PATCH-UPSERT @SINGLETON-READ
  Scenario: PATCH creates the singleton's row, then updates it
    When admin sends PATCH /items/site_settings
      """
      {"tagline": "Hello"}
      """
    Then the status is 200
    And the response matches:
      """
      {"data": {"id": "<integer>", "site_name": "My Site", "tagline": "Hello"}}
      """
    When admin sends PATCH /items/site_settings?fields=site_name,tagline
      """
      {"site_name": "Renamed"}
      """
    Then the response is exactly:
      """
      {"data": {"site_name": "Renamed", "tagline": "Hello"}}
      """
    When admin sends GET /items/site_settings?fields=site_name
    Then the response is exactly:
      """
      {"data": {"site_name": "Renamed"}}
      """

  @SINGLETON-META
  Scenario: meta works on a singleton read
    When admin sends GET /items/site_settings?meta=*
    Then the response matches:
      """
      {"meta": {"total_count": 0, "filter_count": 0}, "data": {"id": null}}
      """
