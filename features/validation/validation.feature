Feature: Payload validation
  Before anything is written, Directus checks the payload: non-nullable
  columns without a default are required on create and never null, and each
  field's validation rule is checked against the submitted value. Every
  failure of one payload comes back at once as FAILED_VALIDATION (400), with
  the field, the relational path and the kind of check in extensions.

  @VAL-SHAPE @ERR-SHAPE @VAL-FIELD-RULES
  Scenario: A failed validation names the field, the path and the check
    When admin sends POST /items/strict
      """
      {"a": "x", "b": "y", "n": 7}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Validation failed for field \"n\". Value has to be less than or equal to \"5\".",
                   "extensions": {"field": "n", "path": [], "type": "lte", "valid": 5, "code": "FAILED_VALIDATION"}}]}
      """
    And the keys of "errors.0.extensions" are ["field", "path", "type", "valid", "code"]

  @VAL-REQUIRED @ERR-MULTI @VAL-ALL-ERRORS
  Scenario: Every required column missing from a create is reported
    When admin sends POST /items/strict
      """
      {}
      """
    Then the response is exactly:
      """
      {"errors": [
        {"message": "Validation failed for field \"a\". Value is required.",
         "extensions": {"field": "a", "path": [], "type": "required", "code": "FAILED_VALIDATION"}},
        {"message": "Validation failed for field \"b\". Value is required.",
         "extensions": {"field": "b", "path": [], "type": "required", "code": "FAILED_VALIDATION"}}
      ]}
      """

  @VAL-REQUIRED
  Scenario: An update does not need the required columns
    When admin sends POST /items/strict?fields=id
      """
      {"a": "x", "b": "y"}
      """
    And I remember "data.id" as "row"
    And admin sends PATCH /items/strict/{{row}}?fields=a,b,n
      """
      {"n": 2}
      """
    Then the response is exactly:
      """
      {"data": {"a": "x", "b": "y", "n": 2}}
      """

  @VAL-NNULL
  Scenario: null for a non-nullable column fails on create and on update
    When admin sends POST /items/strict
      """
      {"a": null, "b": "y"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Validation failed for field \"a\". Value can't be null.",
                   "extensions": {"field": "a", "path": [], "type": "nnull", "code": "FAILED_VALIDATION"}}]}
      """
    When admin sends PATCH /items/articles/1
      """
      {"title": null}
      """
    Then the response is an error FAILED_VALIDATION
    And the error message is "Validation failed for field "title". Value can't be null."

  @VAL-NNULL
  Scenario: null for an auto-increment key fails like any non-nullable column
    When admin sends POST /items/tags
      """
      {"id": null, "name": "null key"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Validation failed for field \"id\". Value can't be null.",
                   "extensions": {"field": "id", "path": [], "type": "nnull", "code": "FAILED_VALIDATION"}}]}
      """

  @VAL-GENERATED-EXEMPT
  Scenario: Columns the server generates are neither required nor checked for null
    When admin sends POST /items/reviews?fields=token
      """
      {"big": 1}
      """
    Then the response matches:
      """
      {"data": {"token": "<uuid>"}}
      """
    When admin sends POST /items/things?fields=id,label
      """
      {"id": null, "label": "generated key"}
      """
    Then the response matches:
      """
      {"data": {"id": "<uuid>", "label": "generated key"}}
      """

  @VAL-ALL-ERRORS @ERR-MULTI @VAL-FIELD-RULES
  Scenario: Nullability and field rules fail together in one response
    When admin sends POST /items/strict
      """
      {"a": null, "b": "x", "n": 7, "level": "mid"}
      """
    Then the response is exactly:
      """
      {"errors": [
        {"message": "Validation failed for field \"a\". Value can't be null.",
         "extensions": {"field": "a", "path": [], "type": "nnull", "code": "FAILED_VALIDATION"}},
        {"message": "Validation failed for field \"n\". Value has to be less than or equal to \"5\".",
         "extensions": {"field": "n", "path": [], "type": "lte", "valid": 5, "code": "FAILED_VALIDATION"}},
        {"message": "Validation failed for field \"level\". Value has to be one of \"low\", \"high\".",
         "extensions": {"field": "level", "path": [], "type": "in", "valid": ["low", "high"], "code": "FAILED_VALIDATION"}}
      ]}
      """

  @VAL-FIELD-RULES
  Scenario: A regular expression rule reports the rejected value
    When admin sends PATCH /items/articles/1
      """
      {"code": "abc"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Validation failed for field \"code\". Value doesn't have the correct format.",
                   "extensions": {"field": "code", "path": [], "type": "regex", "invalid": "abc", "code": "FAILED_VALIDATION"}}]}
      """

  @VAL-TYPES @VAL-FIELD-RULES @VAL-OR @ERR-MULTI
  Scenario: Each kind of rule reports its own type
    When admin sends POST /items/checks
      """
      {"eq_yes": "no", "neq_no": "no", "nin_xy": "x", "is_null": "v", "is_empty": "v", "not_empty": "",
       "has_at": "nope", "no_bang": "hey!", "starts_a": "bcd", "ends_z": "abc", "gt_0": 0, "lt_10": 10,
       "in_range": 9, "since_2020": "2019-05-05", "null_or_gte": 3}
      """
    Then the response is exactly:
      """
      {"errors": [
        {"message": "Validation failed for field \"eq_yes\". Value has to be \"yes\".",
         "extensions": {"field": "eq_yes", "path": [], "type": "eq", "valid": "yes", "code": "FAILED_VALIDATION"}},
        {"message": "Validation failed for field \"neq_no\". Value can't be \"no\".",
         "extensions": {"field": "neq_no", "path": [], "type": "neq", "invalid": "no", "code": "FAILED_VALIDATION"}},
        {"message": "Validation failed for field \"nin_xy\". Value can't be one of \"x\", \"y\".",
         "extensions": {"field": "nin_xy", "path": [], "type": "nin", "invalid": ["x", "y"], "code": "FAILED_VALIDATION"}},
        {"message": "Validation failed for field \"is_null\". Value has to be null.",
         "extensions": {"field": "is_null", "path": [], "type": "null", "code": "FAILED_VALIDATION"}},
        {"message": "Validation failed for field \"is_empty\". Value has to be empty.",
         "extensions": {"field": "is_empty", "path": [], "type": "empty", "code": "FAILED_VALIDATION"}},
        {"message": "Validation failed for field \"not_empty\". Value can't be empty.",
         "extensions": {"field": "not_empty", "path": [], "type": "nempty", "code": "FAILED_VALIDATION"}},
        {"message": "Validation failed for field \"has_at\". Value has to contain \"@\".",
         "extensions": {"field": "has_at", "path": [], "type": "contains", "substring": "@", "code": "FAILED_VALIDATION"}},
        {"message": "Validation failed for field \"no_bang\". Value can't contain \"!\".",
         "extensions": {"field": "no_bang", "path": [], "type": "ncontains", "substring": "!", "code": "FAILED_VALIDATION"}},
        {"message": "Validation failed for field \"starts_a\".",
         "extensions": {"field": "starts_a", "path": [], "type": "starts_with", "substring": "A", "code": "FAILED_VALIDATION"}},
        {"message": "Validation failed for field \"ends_z\".",
         "extensions": {"field": "ends_z", "path": [], "type": "ends_with", "substring": "Z", "code": "FAILED_VALIDATION"}},
        {"message": "Validation failed for field \"gt_0\". Value has to be greater than \"0\".",
         "extensions": {"field": "gt_0", "path": [], "type": "gt", "valid": 0, "code": "FAILED_VALIDATION"}},
        {"message": "Validation failed for field \"lt_10\". Value has to be less than \"10\".",
         "extensions": {"field": "lt_10", "path": [], "type": "lt", "valid": 10, "code": "FAILED_VALIDATION"}},
        {"message": "Validation failed for field \"in_range\". Value has to be less than or equal to \"5\".",
         "extensions": {"field": "in_range", "path": [], "type": "lte", "valid": 5, "code": "FAILED_VALIDATION"}},
        {"message": "Validation failed for field \"since_2020\". Value has to be greater than or equal to \"Wed Jan 01 2020 00:00:00 GMT+0000 (Coordinated Universal Time)\".",
         "extensions": {"field": "since_2020", "path": [], "type": "gte", "valid": "2020-01-01T00:00:00.000Z", "code": "FAILED_VALIDATION"}},
        {"message": "Validation failed for field \"null_or_gte\". Value has to be null.",
         "extensions": {"field": "null_or_gte", "path": [], "type": "null", "code": "FAILED_VALIDATION"}},
        {"message": "Validation failed for field \"null_or_gte\". Value has to be greater than or equal to \"10\".",
         "extensions": {"field": "null_or_gte", "path": [], "type": "gte", "valid": 10, "code": "FAILED_VALIDATION"}}
      ]}
      """

  @VAL-TYPES @VAL-FIELD-RULES
  Scenario: Values that satisfy every rule are written
    When admin sends POST /items/checks?fields=eq_yes,has_at,in_range,since_2020,null_or_gte
      """
      {"eq_yes": "yes", "neq_no": "yes", "nin_xy": "z", "is_null": null, "is_empty": "", "not_empty": "v",
       "has_at": "a@b", "no_bang": "calm", "starts_a": "Abc", "ends_z": "xyZ", "gt_0": 1, "lt_10": 9,
       "in_range": 5, "since_2020": "2020-01-01", "null_or_gte": 10}
      """
    Then the response is exactly:
      """
      {"data": {"eq_yes": "yes", "has_at": "a@b", "in_range": 5, "since_2020": "2020-01-01", "null_or_gte": 10}}
      """

  @VAL-TYPES
  Scenario: A number beyond the safe integer range is not a safe number
    When admin sends POST /items/strict
      """
      {"a": "x", "b": "y", "n": -99999999999999999999}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Validation failed for field \"n\". Value is not a safe number.",
                   "extensions": {"field": "n", "path": [], "type": "unsafe", "code": "FAILED_VALIDATION"}}]}
      """

  @VAL-FIELD-RULES
  Scenario: Every operator of a field rule is checked
    When admin sends POST /items/checks
      """
      {"one_to_five": 9}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Validation failed for field \"one_to_five\". Value has to be less than or equal to \"5\".",
                   "extensions": {"field": "one_to_five", "path": [], "type": "lte", "valid": 5, "code": "FAILED_VALIDATION"}}]}
      """
    When admin sends POST /items/checks
      """
      {"one_to_five": 0}
      """
    Then the response is an error FAILED_VALIDATION
    And the error message is "Validation failed for field "one_to_five". Value has to be greater than or equal to "1"."
    When admin sends POST /items/checks?fields=one_to_five
      """
      {"one_to_five": 3}
      """
    Then the response is exactly:
      """
      {"data": {"one_to_five": 3}}
      """

  @VAL-OR @VAL-NULL-VS-RULE
  Scenario: null passes a rule that allows it explicitly
    When admin sends POST /items/checks?fields=null_or_gte
      """
      {"null_or_gte": null}
      """
    Then the response is exactly:
      """
      {"data": {"null_or_gte": null}}
      """

  @VAL-NULL-VS-RULE
  Scenario: null or a value of the wrong type against a comparison rule is "required"
    When admin sends POST /items/strict
      """
      {"a": "x", "b": "y", "n": null}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Validation failed for field \"n\". Value is required.",
                   "extensions": {"field": "n", "path": [], "type": "required", "code": "FAILED_VALIDATION"}}]}
      """
    When admin sends POST /items/strict
      """
      {"a": "x", "b": "y", "n": "abc"}
      """
    Then the response is an error FAILED_VALIDATION
    And the error message is "Validation failed for field "n". Value is required."
    When admin sends PATCH /items/articles/1
      """
      {"code": null}
      """
    Then the response is an error FAILED_VALIDATION
    And the error message is "Validation failed for field "code". Value is required."

  @VAL-ONLY-SUBMITTED
  Scenario: Rules of fields that are not in the payload are not checked
    When admin sends POST /items/strict?fields=n,level
      """
      {"a": "x", "b": "y"}
      """
    Then the response is exactly:
      """
      {"data": {"n": null, "level": null}}
      """

  @VAL-BEFORE-DB @ERR-RECORD-NOT-UNIQUE
  Scenario: Validation runs before the database sees the row
    When admin sends POST /items/strict?fields=uniq
      """
      {"a": "x", "b": "y", "uniq": "taken"}
      """
    Then the status is 200
    When admin sends POST /items/strict
      """
      {"a": "x", "b": "y", "uniq": "taken", "n": 6}
      """
    Then the response is an error FAILED_VALIDATION
    When admin sends POST /items/strict
      """
      {"a": "x", "b": "y", "uniq": "taken", "n": 5}
      """
    Then the response is an error RECORD_NOT_UNIQUE
