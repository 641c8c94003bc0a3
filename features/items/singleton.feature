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

  @SINGLETON-PATCH-ARRAY @ITEMS-UPDATE-SINGLETON
  Scenario: An array body on a singleton PATCH writes no fields but creates the row
    When admin sends PATCH /items/site_settings?fields=site_name,tagline
      """
      [{"tagline": "ignored"}]
      """
    Then the response is exactly:
      """
      {"data": {"site_name": "My Site", "tagline": null}}
      """
    When admin sends PATCH /items/site_settings?fields=tagline
      """
      {"tagline": "Set"}
      """
    And admin sends PATCH /items/site_settings?fields=tagline
      """
      [{"tagline": "ignored"}]
      """
    Then the response is exactly:
      """
      {"data": {"tagline": "Set"}}
      """

  @SINGLETON-GET-BY-PK @SINGLETON-DELETE-BY-PK @SINGLETON-SEARCH
  Scenario: A singleton's row is read and deleted by key like any item
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
    When admin sends SEARCH /items/site_settings
      """
      {"query": {"fields": ["tagline"]}}
      """
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

  @SINGLETON-DELETE-NO-PK-500 @ERR-INTERNAL
  Scenario: A DELETE on a singleton without a key is a server error
    When admin sends DELETE /items/site_settings
    Then the response is exactly:
      """
      {"errors": [{"message": "Cannot read properties of undefined (reading 'limit')",
                   "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
      """
    When editor sends DELETE /items/site_settings
    Then the response is exactly:
      """
      {"errors": [{"message": "An unexpected error occurred.", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
      """
