Feature: Writing one-to-many relations
  Seed, "One-to-Many": the basic form is an array that becomes the complete
  set of children (keys assign existing items, objects without a key create,
  objects with a key update, omitted children are removed); the detailed
  form lists "create", "update" and "delete" and leaves other children
  alone. Removal follows the relation's one_deselect_action: comments nullify
  their foreign key, notes are deleted, strict_children cannot be nullified.

  @NEST-O2M-BASIC-SEMANTICS @NEST-O2M-BASIC-ASSIGN
  Scenario: The basic form assigns, creates and updates children, as in the seed's example
    When admin sends PATCH /items/articles/2?fields=comments.id,comments.text,comments.article
      """
      {"comments": [4, {"text": "A new nested comment"}, {"id": 1, "text": "Assigned and updated"}]}
      """
    Then the status is 200
    And the response matches:
      """
      {"data": {"comments": [
        {"id": 1, "text": "Assigned and updated", "article": 2},
        {"id": 4, "text": "orphan", "article": 2},
        {"id": "<integer>", "text": "A new nested comment", "article": 2}
      ]}}
      """
    When admin sends GET /items/comments/3?fields=article
    Then the response is exactly:
      """
      {"data": {"article": null}}
      """
    When admin sends GET /items/articles/1?fields=comments
    Then the response is exactly:
      """
      {"data": {"comments": [5, 2]}}
      """

  @NEST-O2M-BASIC-OMIT-NULLIFY
  Scenario: Omitted children are unlinked when the relation nullifies
    When admin sends PATCH /items/articles/1?fields=comments
      """
      {"comments": [1]}
      """
    Then the response is exactly:
      """
      {"data": {"comments": [1]}}
      """
    When admin sends GET /items/comments?filter[id][_in]=2,5&fields=id,article
    Then the response is exactly:
      """
      {"data": [{"id": 5, "article": null}, {"id": 2, "article": null}]}
      """

  @NEST-O2M-BASIC-OMIT-DELETE
  Scenario: Omitted children are deleted when the relation deletes
    When admin sends PATCH /items/articles/1?fields=notes
      """
      {"notes": [1]}
      """
    Then the response is exactly:
      """
      {"data": {"notes": [1]}}
      """
    When admin sends GET /items/notes/2
    Then the response is an error FORBIDDEN
    When admin sends GET /items/notes?fields=id
    Then the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 3}]}
      """

  @NEST-O2M-BASIC-NULL
  Scenario: null and an empty array remove every child
    When admin sends PATCH /items/articles/1?fields=comments,notes
      """
      {"comments": null, "notes": []}
      """
    Then the response is exactly:
      """
      {"data": {"comments": [], "notes": []}}
      """
    When admin sends GET /items/comments?filter[id][_in]=1,2,5&fields=id,article
    Then the response is exactly:
      """
      {"data": [{"id": 5, "article": null}, {"id": 1, "article": null}, {"id": 2, "article": null}]}
      """
    When admin sends GET /items/notes?fields=id
    Then the response is exactly:
      """
      {"data": [{"id": 3}]}
      """

  @NEST-O2M-BASIC-UNKNOWN-PK @NEST-TX-ATOMIC
  Scenario: A bare key that does not exist is FORBIDDEN and nothing is written
    When admin sends PATCH /items/articles/1
      """
      {"title": "Not kept", "comments": [{"text": "not kept either"}, 99999]}
      """
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access this."
    When admin sends GET /items/articles/1?fields=title,comments
    Then the response is exactly:
      """
      {"data": {"title": "Hello World", "comments": [5, 1, 2]}}
      """
    When admin sends GET /items/comments?filter[text][_eq]=not%20kept%20either
    Then "data" has 0 items

  @NEST-O2M-BASIC-SEMANTICS
  Scenario: An object with a key that does not exist creates the child with that key
    When admin sends PATCH /items/articles/3?fields=comments.id,comments.text
      """
      {"comments": [{"id": 900, "text": "Upserted"}]}
      """
    Then the response is exactly:
      """
      {"data": {"comments": [{"id": 900, "text": "Upserted"}]}}
      """

  @NEST-O2M-BASIC-SEMANTICS @NEST-ORDER @ITEMS-CREATE-ALIAS-FIELDS
  Scenario: Children given on create are linked to the new parent
    When admin sends POST /items/articles?fields=title,comments.text,notes.text
      """
      {"title": "Parent first", "comments": [4, {"text": "born with the parent"}], "notes": [{"text": "a note"}]}
      """
    Then the response is exactly:
      """
      {"data": {"title": "Parent first", "comments": [{"text": "orphan"}, {"text": "born with the parent"}],
                "notes": [{"text": "a note"}]}}
      """

  @NEST-O2M-BASIC-NO-SORT
  Scenario: The basic form does not fill the sort field
    When admin sends PATCH /items/articles/3?fields=comments.text,comments.sort
      """
      {"comments": [{"text": "unsorted"}]}
      """
    Then the response is exactly:
      """
      {"data": {"comments": [{"text": "unsorted", "sort": null}]}}
      """

  @NEST-O2M-BASIC-SEMANTICS @NEST-O2M-BASIC-ASSIGN
  Scenario: The basic form works with string primary keys
    When admin sends PATCH /items/countries/nl?fields=authors.name,authors.country
      """
      {"authors": [3, {"name": "Femke"}]}
      """
    Then the response is exactly:
      """
      {"data": {"authors": [{"name": "Cleo", "country": "nl"}, {"name": "Femke", "country": "nl"}]}}
      """

  @NEST-O2M-NOTNULL-FK @NEST-VALIDATION-PATH @VAL-NNULL
  Scenario: Unlinking children whose foreign key cannot be null fails validation
    When admin sends PATCH /items/articles/1
      """
      {"title": "Not kept", "strict_children": []}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Validation failed for field \"article\" at \"strict_children\". Value can't be null.",
                   "extensions": {"field": "article", "path": ["strict_children"], "type": "nnull", "code": "FAILED_VALIDATION"}}]}
      """
    When admin sends GET /items/articles/1?fields=title,strict_children
    Then the response is exactly:
      """
      {"data": {"title": "Hello World", "strict_children": [1]}}
      """

  @NEST-O2M-NOTNULL-FK
  Scenario: Keeping the children of a non-nullable relation and adding one works
    When admin sends PATCH /items/articles/1?fields=strict_children.name
      """
      {"strict_children": [1, {"name": "s3"}]}
      """
    Then the response is exactly:
      """
      {"data": {"strict_children": [{"name": "s1"}, {"name": "s3"}]}}
      """

  @NEST-O2M-SCALAR-ERR
  Scenario Outline: A scalar under a one-to-many is INVALID_PAYLOAD (<value>)
    When admin sends PATCH /items/articles/1
      """
      {"comments": <value>}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid payload. Invalid one-to-many update structure: \"value\" must be of type object.",
                   "extensions": {"reason": "Invalid one-to-many update structure: \"value\" must be of type object", "code": "INVALID_PAYLOAD"}}]}
      """

    Examples:
      | value |
      | 5     |
      | "abc" |
      | true  |

  @NEST-O2M-BASIC-SEMANTICS @ERR-INTERNAL
  Scenario Outline: A basic-form element that is neither a key nor an object is a server error (<value>)
    When admin sends PATCH /items/articles/1
      """
      {"comments": [<value>]}
      """
    Then the response is an error INTERNAL_SERVER_ERROR
    When admin sends GET /items/articles/1?fields=comments
    Then the response is exactly:
      """
      {"data": {"comments": [5, 1, 2]}}
      """

    Examples:
      | value |
      | null  |
      | true  |

  @NEST-O2M-DETAILED-SHAPE @NEST-O2M-DETAILED-CREATE @NEST-O2M-DETAILED-UPDATE @NEST-O2M-DETAILED-DELETE @NEST-O2M-UNTOUCHED
  Scenario: The detailed form creates, updates and removes, as in the seed's example
    When admin sends PATCH /items/articles/1?fields=comments.id,comments.text,comments.sort
      """
      {"comments": {"create": [{"text": "A new nested item"}], "update": [{"id": 2, "text": "Edited"}], "delete": [5]}}
      """
    Then the status is 200
    And the response matches:
      """
      {"data": {"comments": [
        {"id": 1, "text": "c1", "sort": 1},
        {"id": 2, "text": "Edited", "sort": 2},
        {"id": "<integer>", "text": "A new nested item", "sort": 3}
      ]}}
      """
    When admin sends GET /items/comments/5?fields=text,article
    Then the response is exactly:
      """
      {"data": {"text": "first!", "article": null}}
      """

  @NEST-O2M-DETAILED-SHAPE
  Scenario: Any one of create, update and delete is enough
    When admin sends PATCH /items/articles/1?fields=comments
      """
      {"comments": {"delete": [1, 2]}}
      """
    Then the response is exactly:
      """
      {"data": {"comments": [5]}}
      """

  @NEST-O2M-DETAILED-CREATE
  Scenario: Detailed creates number the sort field after the highest sibling
    When admin sends PATCH /items/articles/1?fields=comments.text,comments.sort
      """
      {"comments": {"create": [{"text": "s-a"}, {"text": "s-b", "sort": 10}, {"text": "s-c"}]}}
      """
    Then the response is exactly:
      """
      {"data": {"comments": [
        {"text": "first!", "sort": 0}, {"text": "c1", "sort": 1}, {"text": "c2", "sort": 2},
        {"text": "s-a", "sort": 3}, {"text": "s-c", "sort": 5}, {"text": "s-b", "sort": 10}
      ]}}
      """
    When admin sends PATCH /items/articles/3?fields=comments.text,comments.sort
      """
      {"comments": {"create": [{"text": "first of its kind"}]}}
      """
    Then the response is exactly:
      """
      {"data": {"comments": [{"text": "first of its kind", "sort": 1}]}}
      """

  @NEST-O2M-DETAILED-UPDATE
  Scenario: A detailed update moves a child of another parent here
    When admin sends PATCH /items/articles/1?fields=comments
      """
      {"comments": {"update": [{"id": 3, "text": "moved"}]}}
      """
    Then the response is exactly:
      """
      {"data": {"comments": [5, 1, 3, 2]}}
      """
    When admin sends GET /items/articles/2?fields=comments
    Then the response is exactly:
      """
      {"data": {"comments": []}}
      """

  @NEST-O2M-DETAILED-DELETE
  Scenario: A detailed delete ignores children of other parents
    When admin sends PATCH /items/articles/1?fields=comments
      """
      {"comments": {"delete": [3, 99999]}}
      """
    Then the response is exactly:
      """
      {"data": {"comments": [5, 1, 2]}}
      """
    When admin sends GET /items/comments/3?fields=article
    Then the response is exactly:
      """
      {"data": {"article": 2}}
      """

  @NEST-O2M-DETAILED-DELETE @NEST-O2M-BASIC-OMIT-DELETE
  Scenario: A detailed delete deletes when the relation deletes
    When admin sends PATCH /items/articles/1?fields=notes
      """
      {"notes": {"delete": [2]}}
      """
    Then the response is exactly:
      """
      {"data": {"notes": [1]}}
      """
    When admin sends GET /items/notes/2
    Then the response is an error FORBIDDEN

  @NEST-O2M-DETAILED-DELETE @NEST-O2M-NOTNULL-FK
  Scenario: A detailed delete on a non-nullable foreign key fails validation
    When admin sends PATCH /items/articles/1
      """
      {"strict_children": {"delete": [1]}}
      """
    Then the response is an error FAILED_VALIDATION
    And the error message is "Validation failed for field "article" at "strict_children". Value can't be null."

  @NEST-O2M-DETAILED-UNKNOWN-KEY
  Scenario: Other keys in the detailed form are INVALID_PAYLOAD
    When admin sends PATCH /items/articles/1
      """
      {"comments": {"create": [], "foo": []}}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid payload. Invalid one-to-many update structure: \"foo\" is not allowed.",
                   "extensions": {"reason": "Invalid one-to-many update structure: \"foo\" is not allowed", "code": "INVALID_PAYLOAD"}}]}
      """

  @NEST-O2M-DETAILED-SHAPE
  Scenario Outline: A malformed detailed form is INVALID_PAYLOAD naming the bad part (<body>)
    When admin sends PATCH /items/articles/1
      """
      {"comments": <body>}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "Invalid one-to-many update structure: "<part>" <reason>"

    Examples:
      | body                          | part      | reason                                   |
      | {"create": {}}                | create    | must be an array                         |
      | {"create": [1]}               | create[0] | must be of type object                   |
      | {"update": "x"}               | update    | must be an array                         |
      | {"update": [{"id": 1}, null]} | update[1] | must be of type object                   |
      | {"delete": 1}                 | delete    | must be an array                         |
      | {"delete": [{"id": 1}]}       | delete[0] | does not match any of the allowed types  |

  @NEST-O2M-DETAILED-UPDATE @ERR-INTERNAL
  Scenario: A detailed update without the child's key is a server error and writes nothing
    When admin sends PATCH /items/articles/1
      """
      {"title": "Not kept", "comments": {"update": [{"text": "no key"}]}}
      """
    Then the response is an error INTERNAL_SERVER_ERROR
    When admin sends GET /items/articles/1?fields=title
    Then the response is exactly:
      """
      {"data": {"title": "Hello World"}}
      """
