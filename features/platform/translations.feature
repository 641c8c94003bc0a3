Feature: Custom translation strings
  /translations holds one value per key and language. Directus checks the
  pair before each create and each update that changes it.

  @TRANSLATIONS-CRUD
  Scenario: A translation string is created, read, updated and deleted
    When admin sends POST /translations
      """
      {"language": "en-US", "key": "greeting-{{unique}}", "value": "Hello"}
      """
    Then the response is exactly:
      """
      {"data": {"id": "<uuid>", "language": "en-US", "key": "greeting-{{unique}}", "value": "Hello"}}
      """
    When I remember "data.id" as "translation"
    And admin sends PATCH /translations/{{translation}}?fields=value
      """
      {"value": "Hi"}
      """
    Then the response is exactly:
      """
      {"data": {"value": "Hi"}}
      """
    When app sends GET /translations?filter[key][_eq]=greeting-{{unique}}&fields=language,value
    Then the response is exactly:
      """
      {"data": [{"language": "en-US", "value": "Hi"}]}
      """
    When admin sends DELETE /translations/{{translation}}
    Then the status is 204

  @TRANSLATIONS-CRUD
  Scenario: A translation string needs a value
    When admin sends POST /translations
      """
      {"language": "fr-FR", "key": "empty-{{unique}}"}
      """
    Then the response is an error FAILED_VALIDATION
    And the error message is "Validation failed for field \"value\". Value is required."

  @TRANSLATIONS-UNIQUE
  Scenario: A key has one value per language, on create and on update
    Given admin sends POST /translations
      """
      [{"language": "en-US", "key": "dup-{{unique}}", "value": "One"},
       {"language": "de-DE", "key": "dup-{{unique}}", "value": "Eins"}]
      """
    And admin sends GET /translations?filter[key][_eq]=dup-{{unique}}&filter[language][_eq]=de-DE&fields=id
    And I remember "data.0.id" as "german"
    When admin sends POST /translations
      """
      {"language": "en-US", "key": "dup-{{unique}}", "value": "Two"}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "Duplicate key and language combination"
    When admin sends PATCH /translations/{{german}}
      """
      {"language": "en-US"}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "Duplicate key and language combination"
    When admin sends GET /translations?filter[key][_eq]=dup-{{unique}}&fields=language,value&sort=language
    Then the response is exactly:
      """
      {"data": [{"language": "de-DE", "value": "Eins"}, {"language": "en-US", "value": "One"}]}
      """

  @TRANSLATIONS-MISSING-KEY
  Scenario: A create without a key or a language fails in the uniqueness check, before validation
    When admin sends POST /translations
      """
      {"language": "en-US", "value": "x"}
      """
    Then the response is an error INTERNAL_SERVER_ERROR
    And the error message is "Undefined binding(s) detected when compiling FIRST. Undefined column(s): [key] query: select `id` from `directus_translations` where `key` = ? and `language` = ? limit ?"
    When admin sends POST /translations
      """
      {"key": "x-{{unique}}", "value": "x"}
      """
    Then the error message is "Undefined binding(s) detected when compiling FIRST. Undefined column(s): [language] query: select `id` from `directus_translations` where `key` = ? and `language` = ? limit ?"
