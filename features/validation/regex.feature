Feature: _regex validation rules are JavaScript regular expressions
  Directus compiles a `_regex` rule with JavaScript's RegExp: what
  JavaScript accepts (backreferences, lookbehind) is checked as JavaScript
  checks it, and a pattern JavaScript refuses fails every write.

  Background:
    Given admin sends POST /collections
      """
      {"collection": "hard_regex", "schema": {}, "meta": {}, "fields": [
        {"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}},
        {"field": "pair", "type": "string", "meta": {"validation": {"pair": {"_regex": "^(a)\\1$"}}}},
        {"field": "after", "type": "string", "meta": {"validation": {"after": {"_regex": "(?<=x)y"}}}}
      ]}
      """

  @HARD-REGEX-JS
  Scenario: A backreference in a _regex rule is checked as JavaScript checks it
    When admin sends POST /items/hard_regex?fields=pair
      """
      {"pair": "aa"}
      """
    Then the status is 200
    When admin sends POST /items/hard_regex
      """
      {"pair": "ab"}
      """
    Then the response is an error FAILED_VALIDATION
    And "errors.0.extensions.type" is "regex"

  @HARD-REGEX-JS
  Scenario: A lookbehind in a _regex rule is checked as JavaScript checks it
    When admin sends POST /items/hard_regex?fields=after
      """
      {"after": "xy"}
      """
    Then the status is 200
    When admin sends POST /items/hard_regex
      """
      {"after": "zy"}
      """
    Then the response is an error FAILED_VALIDATION
    And "errors.0.extensions.type" is "regex"

  @HARD-REGEX-INVALID
  Scenario: A _regex rule JavaScript cannot compile fails every write to the collection
    Given admin sends PATCH /fields/hard_regex/after
      """
      {"meta": {"validation": {"after": {"_regex": "("}}}}
      """
    When admin sends POST /items/hard_regex
      """
      {"pair": "aa"}
      """
    Then the response is an error INTERNAL_SERVER_ERROR
    And "errors.0.message" starts with "Invalid regular expression: /(/: "
