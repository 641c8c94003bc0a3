Feature: Utilities: manual sorting and clearing the cache
  POST /utils/sort/:collection moves an item to the place of another in the
  collection's sort field (what the Data Studio's drag handle does), after
  repairing the column: rows without a value are numbered after the maximum,
  and shared values renumber the whole column 1..n. POST /utils/cache/clear
  is for admins. The fixture's comments sort by "sort", seeded as
  id 1→1, 2→2, 3→1, 4→(none), 5→0. The other utilities of UTIL-OTHER
  (import and export, which go through files, and revert) are not here:
  the mock does not serve them.

  @UTIL-OTHER
  Scenario: Sorting repairs the column, then moves the item down to the target's place
    When admin sends POST /utils/sort/comments
      """
      {"item": 1, "to": 2}
      """
    Then the status is 200
    And the body is empty
    When admin sends GET /items/comments?fields=id,sort&sort=id
    Then the response is exactly:
      """
      {"data": [{"id": 1, "sort": 4}, {"id": 2, "sort": 3}, {"id": 3, "sort": 2},
                {"id": 4, "sort": 5}, {"id": 5, "sort": 1}]}
      """

  @UTIL-OTHER
  Scenario: Moving an item up shifts the rows in between down; keys may be strings
    When editor sends POST /utils/sort/comments
      """
      {"item": "2", "to": 5}
      """
    Then the status is 200
    When admin sends GET /items/comments?fields=id,sort&sort=sort
    Then the response is exactly:
      """
      {"data": [{"id": 2, "sort": 1}, {"id": 5, "sort": 2}, {"id": 1, "sort": 3},
                {"id": 3, "sort": 4}, {"id": 4, "sort": 5}]}
      """

  @UTIL-OTHER
  Scenario Outline: A collection without a sort field cannot be sorted: <collection>
    When admin sends POST /utils/sort/<collection>
      """
      {"item": 1, "to": 2}
      """
    Then the response is an error INVALID_PAYLOAD with status 400
    And the error message is "Invalid payload. Collection \"<collection>\" doesn't have a sort field."

    Examples:
      | collection     |
      | articles       |
      | directus_users |

  @UTIL-OTHER
  Scenario: An unknown collection is the FORBIDDEN of a collection, before the body is read
    When admin sends POST /utils/sort/no_such_collection
      """
      {"item": 1}
      """
    Then the response is an error FORBIDDEN with status 403
    And the error message is "You don't have permission to access collection \"no_such_collection\" or it does not exist. Queried in root."

  @UTIL-OTHER
  Scenario Outline: The body must be exactly {item, to}, each a string or a number: <case>
    When admin sends POST /utils/sort/comments
      """
      <body>
      """
    Then the response is an error INVALID_PAYLOAD with status 400
    And the error reason is "<reason>"

    Examples:
      | case       | body                               | reason |
      | no "to"    | {"item": 1}                        | Validation error: Invalid input: expected string, received undefined at "to" or Invalid input: expected number, received undefined at "to" |
      | wrong type | {"item": true, "to": null}         | Validation error: Invalid input: expected string, received boolean at "item" or Invalid input: expected number, received boolean at "item"; Invalid input: expected string, received null at "to" or Invalid input: expected number, received null at "to" |
      | extra key  | {"item": 1, "to": 2, "order": 3}   | Validation error: Unrecognized key: "order" |
      | an array   | [1, 2]                             | Validation error: Invalid input: expected object, received array |

  @UTIL-OTHER
  Scenario Outline: Sorting needs update permission on the collection: <persona>
    When <persona> sends POST /utils/sort/comments
      """
      {"item": 1, "to": 2}
      """
    Then the response is an error FORBIDDEN with status 403
    And the error message is "You don't have permission to perform \"update\" for collection \"comments\" or it does not exist."

    Examples:
      | persona   |
      | reader    |
      | anonymous |

  @UTIL-OTHER
  Scenario: Sorting onto an item that does not exist is FORBIDDEN, and changes nothing
    When admin sends POST /utils/sort/comments
      """
      {"item": 1, "to": 999}
      """
    Then the response is an error FORBIDDEN with status 403

  @UTIL-OTHER @ERR-404-ROUTE
  Scenario: The utilities answer POST only
    When admin sends GET /utils/sort/comments
    Then the response is an error ROUTE_NOT_FOUND with status 404
    When admin sends GET /utils/cache/clear
    Then the response is an error ROUTE_NOT_FOUND with status 404

  @UTIL-OTHER
  Scenario: Admins may clear the cache, with or without the system cache
    When admin sends POST /utils/cache/clear
    Then the status is 200
    And the body is empty
    When admin sends POST /utils/cache/clear?system
    Then the status is 200
    When admin sends GET /items/comments/1?fields=id
    Then the response is exactly:
      """
      {"data": {"id": 1}}
      """

  @UTIL-OTHER
  Scenario Outline: Clearing the cache is for admins: <persona>
    When <persona> sends POST /utils/cache/clear
    Then the response is exactly:
      """
      {"errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"}}]}
      """

    Examples:
      | persona   |
      | editor    |
      | anonymous |
