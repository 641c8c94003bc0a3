Feature: Text under MariaDB's collation
  On MariaDB Directus' tables use the database's `utf8mb4_unicode_ci`: text
  compares without case or accents (`Alice` = `alice`, `Émile` = `emile`,
  `straße` = `strasse`), and trailing spaces do not count in `=` (PAD SPACE).
  `LIKE` (`_contains`, `_starts_with`, `_ends_with`, search) compares one
  character with one: `é` matches `e`, `ss` does not match `ß`, and a
  trailing space counts. Sorts put values equal under the collation side by
  side, in key order both ways; groups and distinct counts merge them; a
  unique column or a text primary key refuses a value equal to a taken one.

  Background:
    Given admin sends POST /collections
      """
      {"collection": "conformance_words_{{unique}}", "schema": {}, "meta": {},
       "fields": [{"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}},
                  {"field": "name", "type": "string", "schema": {}},
                  {"field": "code", "type": "string", "schema": {"is_unique": true}}]}
      """
    And admin sends POST /items/conformance_words_{{unique}}
      """
      [{"name": "Alice", "code": "Alice"}, {"name": "alice"}, {"name": "Ärger"}, {"name": "bob"},
       {"name": "Émile"}, {"name": "emile"}, {"name": "Zed"}, {"name": "straße"}, {"name": "strasse"},
       {"name": "a "}, {"name": "a"}, {"name": "  "}]
      """

  @VENDOR-MYSQL-COLLATION-FILTER @vendor-mysql-collation
  Scenario: MariaDB's filters ignore case and accents, and trailing spaces in equality
    When admin sends GET /items/conformance_words_{{unique}}?fields=id&filter[name][_eq]=ALICE
    Then the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}]}
      """
    When admin sends GET /items/conformance_words_{{unique}}?fields=id&filter[name][_in]=EMILE,strasse,a
    Then the response is exactly:
      """
      {"data": [{"id": 5}, {"id": 6}, {"id": 8}, {"id": 9}, {"id": 10}, {"id": 11}]}
      """
    When admin sends GET /items/conformance_words_{{unique}}?fields=id&filter[name][_neq]=arger&filter[name][_nin]=alice,émile
    Then the response is exactly:
      """
      {"data": [{"id": 4}, {"id": 7}, {"id": 8}, {"id": 9}, {"id": 10}, {"id": 11}, {"id": 12}]}
      """
    When admin sends GET /items/conformance_words_{{unique}}?fields=id&filter[name][_empty]=true
    Then the response is exactly:
      """
      {"data": [{"id": 12}]}
      """
    When admin sends GET /items/conformance_words_{{unique}}?fields=id&filter[name][_contains]=MIL
    Then the response is exactly:
      """
      {"data": [{"id": 5}, {"id": 6}]}
      """
    When admin sends GET /items/conformance_words_{{unique}}?fields=id&filter[name][_starts_with]=A&filter[name][_ncontains]=e
    Then the response is exactly:
      """
      {"data": [{"id": 10}, {"id": 11}]}
      """
    When admin sends GET /items/conformance_words_{{unique}}?fields=id&filter[name][_contains]=ss
    Then the response is exactly:
      """
      {"data": [{"id": 9}]}
      """
    When admin sends GET /items/conformance_words_{{unique}}?fields=id&filter[name][_iends_with]=SSE
    Then the response is exactly:
      """
      {"data": [{"id": 9}]}
      """
    When admin sends GET /items/conformance_words_{{unique}}?fields=id&filter[name][_ends_with]=a
    Then the response is exactly:
      """
      {"data": [{"id": 11}]}
      """
    When admin sends GET /items/conformance_words_{{unique}}?fields=id&search=ÉMI
    Then the response is exactly:
      """
      {"data": [{"id": 5}, {"id": 6}]}
      """

  @VENDOR-MYSQL-COLLATION-SORT @vendor-mysql-collation
  Scenario: MariaDB sorts text without case or accents, equal values in key order both ways
    When admin sends GET /items/conformance_words_{{unique}}?fields=name&sort=name&filter[name][_nempty]=true
    Then the response is exactly:
      """
      {"data": [{"name": "a "}, {"name": "a"}, {"name": "Alice"}, {"name": "alice"}, {"name": "Ärger"}, {"name": "bob"},
                {"name": "Émile"}, {"name": "emile"}, {"name": "straße"}, {"name": "strasse"}, {"name": "Zed"}]}
      """
    When admin sends GET /items/conformance_words_{{unique}}?fields=name&sort=-name&limit=4
    Then the response is exactly:
      """
      {"data": [{"name": "Zed"}, {"name": "straße"}, {"name": "strasse"}, {"name": "Émile"}]}
      """

  @VENDOR-MYSQL-COLLATION-GROUP @vendor-mysql-collation
  Scenario: MariaDB groups and counts text equal under its collation as one value, shown as its first row has it
    When admin sends GET /items/conformance_words_{{unique}}?groupBy[]=name&aggregate[count]=*&filter[name][_nempty]=true
    Then the response is exactly:
      """
      {"data": [{"name": "a ", "count": 2}, {"name": "Alice", "count": 2}, {"name": "Ärger", "count": 1}, {"name": "bob", "count": 1},
                {"name": "Émile", "count": 2}, {"name": "straße", "count": 2}, {"name": "Zed", "count": 1}]}
      """
    When admin sends GET /items/conformance_words_{{unique}}?aggregate[countDistinct]=name
    Then the response matches:
      """
      {"data": [{"countDistinct": {"name": "<numeric 8>"}}]}
      """

  @VENDOR-MYSQL-COLLATION-UNIQUE @vendor-mysql-collation
  Scenario: On MariaDB a unique column and a text primary key refuse a value equal to a taken one under the collation
    When admin sends PATCH /items/conformance_words_{{unique}}/2
      """
      {"code": "ÁLICE "}
      """
    Then the response is an error RECORD_NOT_UNIQUE
    When admin sends PATCH /items/conformance_words_{{unique}}/2?fields=code
      """
      {"code": "Alicia"}
      """
    Then the response is exactly:
      """
      {"data": {"code": "Alicia"}}
      """
    Given admin sends POST /collections
      """
      {"collection": "conformance_tags_{{unique}}", "schema": {}, "meta": {},
       "fields": [{"field": "tag", "type": "string", "schema": {"is_primary_key": true, "length": 255, "has_auto_increment": false}},
                  {"field": "label", "type": "string"}]}
      """
    And admin sends POST /items/conformance_tags_{{unique}}
      """
      {"tag": "Émile", "label": "one"}
      """
    When admin sends POST /items/conformance_tags_{{unique}}
      """
      {"tag": "EMILE", "label": "two"}
      """
    Then the response is an error RECORD_NOT_UNIQUE
    And the error message is "Value has to be unique."
    When admin sends GET /items/conformance_tags_{{unique}}?filter[tag][_eq]=emile
    Then the response is exactly:
      """
      {"data": [{"tag": "Émile", "label": "one"}]}
      """
