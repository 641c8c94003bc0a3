Feature: Columns as MariaDB describes them
  On MySQL and MariaDB, Directus reads a field's `schema` from the database's
  information schema: the column type as MariaDB names it (knex makes an
  auto-increment key an `int unsigned`), integer precisions, text lengths, and
  the key flags (a primary key is not `is_unique`; InnoDB indexes a foreign
  key's column). A table's description names the database. Creating a
  relation makes an `int` foreign key `int unsigned` when the key it points at
  is one, and InnoDB refuses a foreign key between columns of other types.

  @VENDOR-MYSQL-COLUMNS @vendor-mysql-column-types
  Scenario: MariaDB names the fixture's columns: unsigned keys, integer precisions, text lengths
    When admin sends GET /fields/articles/id
    Then the response matches:
      """
      {"data": {"type": "integer", "schema": {"data_type": "int unsigned", "numeric_precision": 10, "numeric_scale": 0,
                "max_length": null, "is_primary_key": true, "has_auto_increment": true, "is_unique": false, "is_indexed": false}}}
      """
    When admin sends GET /fields/articles/views
    Then the response matches:
      """
      {"data": {"type": "integer", "schema": {"data_type": "int", "numeric_precision": 10, "numeric_scale": 0}}}
      """
    When admin sends GET /fields/reviews/big
    Then the response matches:
      """
      {"data": {"type": "bigInteger", "schema": {"data_type": "bigint", "numeric_precision": 19, "numeric_scale": 0}}}
      """
    When admin sends GET /fields/reviews/flag
    Then the response matches:
      """
      {"data": {"type": "boolean", "schema": {"data_type": "boolean", "numeric_precision": 3, "numeric_scale": 0}}}
      """
    When admin sends GET /fields/articles/rating
    Then the response matches:
      """
      {"data": {"type": "float", "schema": {"data_type": "float", "numeric_precision": 10, "numeric_scale": 5}}}
      """
    When admin sends GET /fields/articles/body
    Then the response matches:
      """
      {"data": {"type": "text", "schema": {"data_type": "text", "max_length": 65535}}}
      """
    When admin sends GET /fields/articles/labels
    Then the response matches:
      """
      {"data": {"type": "csv", "schema": {"data_type": "text", "max_length": 65535}}}
      """
    When admin sends GET /fields/articles/data
    Then the response matches:
      """
      {"data": {"type": "json", "schema": {"data_type": "longtext", "max_length": 4294967295}}}
      """
    When admin sends GET /fields/articles/created_ts
    Then the response matches:
      """
      {"data": {"type": "timestamp", "schema": {"data_type": "timestamp", "numeric_precision": null}}}
      """

  @VENDOR-MYSQL-COLUMNS @vendor-mysql-column-types
  Scenario: On MariaDB a primary key is not unique, a unique column is, and a foreign key's column is indexed
    When admin sends GET /fields/countries/code
    Then the response matches:
      """
      {"data": {"schema": {"data_type": "varchar", "max_length": 2, "is_primary_key": true, "is_unique": false, "is_indexed": false}}}
      """
    When admin sends GET /fields/things/id
    Then the response matches:
      """
      {"data": {"type": "uuid", "schema": {"data_type": "char", "max_length": 36, "is_primary_key": true, "is_unique": false}}}
      """
    When admin sends GET /fields/tags/name
    Then the response matches:
      """
      {"data": {"schema": {"is_unique": true, "is_indexed": false}}}
      """
    When admin sends GET /fields/articles/author
    Then the response matches:
      """
      {"data": {"type": "integer", "schema": {"data_type": "int unsigned", "numeric_precision": 10, "numeric_scale": 0,
                "is_unique": false, "is_indexed": true, "foreign_key_table": "authors", "foreign_key_column": "id"}}}
      """
    When admin sends GET /fields/reviews/thing
    Then the response matches:
      """
      {"data": {"schema": {"data_type": "char", "is_indexed": true, "foreign_key_table": "things"}}}
      """
    When admin sends GET /fields/articles/views
    Then "data.schema.is_indexed" is false

  @VENDOR-MYSQL-COLUMNS @vendor-mysql-column-types
  Scenario: On MariaDB a collection's table names its database, collation and engine
    When admin sends GET /collections/articles
    Then the response matches:
      """
      {"data": {"collection": "articles", "schema": {"name": "articles", "schema": "<string>", "comment": "",
                                                     "collation": "utf8mb4_unicode_ci", "engine": "InnoDB"}}}
      """
    And "data.schema.schema" matches the pattern "[A-Za-z0-9_$]+"

  @VENDOR-MYSQL-COLUMNS @SYS-SCHEMA-SNAPSHOT @vendor-mysql-column-types
  Scenario: A snapshot on MariaDB has the same column forms, and names the foreign keys
    When admin sends GET /schema/snapshot?includeCollections=countries,authors
    Then the response matches:
      """
      {"data": {"vendor": "mysql",
                "fields": [{"collection": "authors", "field": "id",
                            "schema": {"data_type": "int unsigned", "numeric_precision": 10, "numeric_scale": 0, "is_unique": false}},
                           {"field": "name"}, {"field": "born"},
                           {"field": "country", "schema": {"data_type": "varchar", "is_indexed": true, "foreign_key_table": "countries"}},
                           {"field": "articles"},
                           {"collection": "countries", "field": "code", "schema": {"is_primary_key": true, "is_unique": false}},
                           {"field": "name"}, {"field": "authors"}],
                "relations": [{"collection": "authors", "field": "country",
                               "schema": {"constraint_name": "authors_country_foreign", "on_update": "RESTRICT", "on_delete": "SET NULL"}}]}}
      """

  @VENDOR-MYSQL-COLUMNS @SYS-REL-CREATE @vendor-mysql-column-types
  Scenario: On MariaDB an int foreign key to an unsigned key becomes unsigned, other types are refused, and an unset rule is RESTRICT
    When admin sends POST /collections
      """
      {"collection": "conformance_big_keys", "meta": {}, "schema": {},
       "fields": [{"field": "id", "type": "bigInteger", "meta": {}, "schema": {"is_primary_key": true, "has_auto_increment": true}}]}
      """
    Then the status is 200
    When admin sends GET /fields/conformance_big_keys/id
    Then the response matches:
      """
      {"data": {"type": "integer", "schema": {"data_type": "bigint unsigned", "numeric_precision": 20, "numeric_scale": 0}}}
      """
    When admin sends POST /collections
      """
      {"collection": "conformance_key_users", "meta": {}, "schema": {},
       "fields": [{"field": "id", "type": "integer", "meta": {}, "schema": {"is_primary_key": true, "has_auto_increment": true}},
                  {"field": "article", "type": "integer", "meta": {"special": ["m2o"]}, "schema": {}},
                  {"field": "big", "type": "bigInteger", "meta": {"special": ["m2o"]}, "schema": {}}]}
      """
    Then the status is 200
    When admin sends GET /fields/conformance_key_users/article
    Then "data.schema.data_type" is "int"
    When admin sends POST /relations
      """
      {"collection": "conformance_key_users", "field": "article", "related_collection": "articles", "schema": {"on_delete": "SET NULL"}}
      """
    Then the status is 200
    When admin sends GET /fields/conformance_key_users/article
    Then the response matches:
      """
      {"data": {"schema": {"data_type": "int unsigned", "is_indexed": true, "foreign_key_table": "articles"}}}
      """
    When admin sends POST /relations
      """
      {"collection": "conformance_key_users", "field": "big", "related_collection": "conformance_big_keys", "schema": {"on_delete": "SET NULL"}}
      """
    Then the response is an error INTERNAL_SERVER_ERROR
    And "errors.0.message" matches the pattern "alter table `conformance_key_users` add constraint `conformance_key_users_big_foreign` foreign key \(`big`\) references `conformance_big_keys` \(`id`\) on delete SET NULL - Can't create table `[^`]+`\.`conformance_key_users` \(errno: 150 "Foreign key constraint is incorrectly formed"\)"
    When admin sends GET /relations/conformance_key_users/big
    Then the response is an error FORBIDDEN
    When admin sends POST /fields/conformance_key_users
      """
      {"field": "editor", "type": "integer", "meta": {"special": ["m2o"]}, "schema": {}}
      """
    And admin sends POST /relations
      """
      {"collection": "conformance_key_users", "field": "editor", "related_collection": "authors", "schema": {}}
      """
    Then the response matches:
      """
      {"data": {"schema": {"constraint_name": "conformance_key_users_editor_foreign", "on_update": "RESTRICT", "on_delete": "RESTRICT"}}}
      """
