Feature: FORBIDDEN for items that do not exist
  To prevent leaking which items exist, every action on a non-existing item
  answers FORBIDDEN (seed: "Error Codes"). Unknown collections answer the
  same as collections the caller may not access.

  @ITEMS-READ-ONE-404 @PERM-ITEM-NOT-FOUND
  Scenario: Reading a missing item as admin is FORBIDDEN, never 404
    When admin sends GET /items/articles/99999
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access this."
    And the error has no reason

  @ITEMS-READ-ONE-404 @PERM-ITEM-NOT-FOUND
  Scenario: Reading a missing item as a user with read access is FORBIDDEN
    When editor sends GET /items/articles/99999
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access this."

  @ITEMS-READ-ONE-BAD-KEY-INT
  Scenario Outline: A key that is not an integer on an integer key is FORBIDDEN (<key>)
    When admin sends GET /items/articles/<key>
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access this."

    Examples:
      | key |
      | abc |
      | 1.5 |

  @ITEMS-READ-ONE-BAD-KEY-UUID
  Scenario: A malformed or absent UUID key is FORBIDDEN
    When admin sends GET /items/things/not-a-uuid
    Then the response is an error FORBIDDEN
    When admin sends GET /items/things/00000000-0000-4000-8000-000000000000
    Then the response is an error FORBIDDEN

  @ITEMS-READ-ONE-STRING-PK
  Scenario: An unknown string key is FORBIDDEN
    When admin sends GET /items/countries/xx
    Then the response is an error FORBIDDEN

  @ITEMS-UPDATE-ONE-NONEXISTENT-ADMIN
  Scenario: An admin updating a missing item gets FORBIDDEN
    When admin sends PATCH /items/articles/99999
      """
      {"title": "ghost"}
      """
    Then the response is an error FORBIDDEN

  @ITEMS-DELETE-ONE-NONEXISTENT-ADMIN
  Scenario: An admin deleting a missing item gets FORBIDDEN
    When admin sends DELETE /items/articles/99999
    Then the response is an error FORBIDDEN

  @ITEMS-UPDATE-ONE-NONEXISTENT-USER @PERM-ITEM-MUTATE-NOT-FOUND
  Scenario: A user updating a missing item gets FORBIDDEN naming the fields
    When editor sends PATCH /items/articles/99999
      """
      {"title": "ghost"}
      """
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permissions to perform "update" for the field(s) "title" in collection "articles" or it does not exist."

  @ITEMS-DELETE-ONE-NONEXISTENT-USER @PERM-ITEM-MUTATE-NOT-FOUND
  Scenario: A user deleting a missing item gets FORBIDDEN
    When editor sends DELETE /items/articles/99999
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to perform "delete" for collection "articles" or it does not exist."

  @ITEMS-DELETE-MANY-USER-ATOMIC
  Scenario: A user's bulk delete with one missing key deletes nothing
    When editor sends DELETE /items/tags
      """
      [3, 99999]
      """
    Then the response is an error FORBIDDEN
    When admin sends GET /items/tags/3?fields=id
    Then the status is 200

  @ITEMS-UPDATE-ONE-BAD-KEY @ITEMS-DELETE-ONE-BAD-KEY
  Scenario: Writes with a malformed key are FORBIDDEN, for admins too
    When admin sends PATCH /items/articles/abc
      """
      {"title": "x"}
      """
    Then the response is an error FORBIDDEN
    When admin sends DELETE /items/articles/abc
    Then the response is an error FORBIDDEN

  @ITEMS-COLLECTION-UNKNOWN-403 @PERM-FORBIDDEN-COLLECTION
  Scenario: An unknown collection is FORBIDDEN with a reason, for every method
    When admin sends GET /items/nope
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access collection "nope" or it does not exist. Queried in root."
    And the error reason is "You don't have permission to access collection "nope" or it does not exist. Queried in root."
    When admin sends POST /items/nope
      """
      {}
      """
    Then the response is an error FORBIDDEN

  @ITEMS-COLLECTION-CASE-SENSITIVE
  Scenario: Collection names are matched exactly
    When admin sends GET /items/Articles
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permission to access collection "Articles" or it does not exist. Queried in root."

  @ITEMS-SYSTEM-COLLECTION-403 @PERM-SYSTEM-VIA-ITEMS
  Scenario: System collections are FORBIDDEN through /items, for admins too
    When admin sends GET /items/directus_users
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access this."
    And the error has no reason
    When admin sends GET /items/directus_foo
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permission to access collection "directus_foo" or it does not exist. Queried in root."

  @ITEMS-PUBLIC-NO-ACCESS
  Scenario: An anonymous read of a collection without public access is FORBIDDEN, not 401
    When anonymous sends GET /items/articles
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permission to access collection "articles" or it does not exist. Queried in root."

  @PERM-FORBIDDEN-COLLECTION
  Scenario: A user without access to a collection gets the same answer as for an unknown one
    When creator sends GET /items/articles
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permission to access collection "articles" or it does not exist. Queried in root."

  @ITEMS-CREATE-NO-READ-204 @PERM-CREATE-NO-READ
  Scenario: A user who may create but not read gets 204 and the item exists
    When creator sends POST /items/articles
      """
      {"title": "Written blind"}
      """
    Then the status is 204
    And the body is empty
    When admin sends GET /items/articles?filter[title][_eq]=Written%20blind&fields=title
    Then the response is exactly:
      """
      {"data": [{"title": "Written blind"}]}
      """
