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

  @SINGLETON-GET-BY-PK @SINGLETON-DELETE-BY-PK
  Scenario: A singleton's row can be read and deleted by its key
    When admin sends PATCH /items/site_settings?fields=id
      """
      {"tagline": "Keyed"}
      """
    And I remember "data.id" as "row"
    And admin sends GET /items/site_settings/{{row}}?fields=tagline
    Then the response is exactly:
      """
      {"data": {"tagline": "Keyed"}}
      """
    When admin sends DELETE /items/site_settings/{{row}}
    Then the status is 204
    When admin sends GET /items/site_settings
    Then the response is exactly:
      """
      {"data": {"id": null, "site_name": "My Site"}}
      """

  @SINGLETON-DELETE-NO-PK-500
  Scenario: DELETE on a singleton without a key is an internal error
    When admin sends DELETE /items/site_settings
    Then the response is an error INTERNAL_SERVER_ERROR

  @SINGLETON-SEARCH @ITEMS-SEARCH-QUERY
  Scenario: SEARCH on a singleton reads its object with the query from the body
    When admin sends PATCH /items/site_settings
      """
      {"tagline": "Searched"}
      """
    And admin sends SEARCH /items/site_settings
      """
      {"query": {"fields": ["tagline"]}}
      """
    Then the response is exactly:
      """
      {"data": {"tagline": "Searched"}}
      """

  @SINGLETON-PATCH-ARRAY
  Scenario: An array body on a singleton PATCH changes nothing
    When admin sends PATCH /items/site_settings?fields=site_name
      """
      [{"site_name": "Ignored"}]
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"site_name": "My Site"}}
      """
