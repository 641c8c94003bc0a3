Feature: Schema migrations: snapshot, diff and apply
  A schema snapshot lists the managed user schema; a diff compares a
  snapshot with the current schema as deep-diff operations, under the hash
  of the schema it was made from; applying it changes the schema, unless the
  schema changed since. The hash's value is Directus' own (object-hash); the
  scenarios pin its shape and when it changes, not the value.

  @SYS-SCHEMA-SNAPSHOT
  Scenario: An admin's schema snapshot names the version, the database and the schema
    When admin sends GET /schema/snapshot
    Then the status is 200
    And the response matches:
      """
      {"data": {"version": 1, "directus": "12.4.0", "vendor": "{{vendor}}",
                "collections": "<array>", "fields": "<array>", "systemFields": "<array>", "relations": "<array>"}}
      """
    And the keys of "data" are ["version", "directus", "vendor", "collections", "fields", "systemFields", "relations"]

  @SYS-SCHEMA-SNAPSHOT
  Scenario: A snapshot of some collections is partial (version 2), sorted and without ids
    When admin sends GET /schema/snapshot?includeCollections=countries
    Then the response matches:
      """
      {"data": {"version": 2, "directus": "12.4.0", "vendor": "{{vendor}}",
                "collections": [{"collection": "countries", "meta": {"collection": "countries", "singleton": false, "hidden": false},
                                 "schema": {"name": "countries"}}],
                "fields": [{"collection": "countries", "field": "code", "type": "string",
                            "meta": {"collection": "countries", "field": "code", "id": "<absent>"},
                            "schema": {"name": "code", "table": "countries", "max_length": 2,
                                       "is_primary_key": true, "is_nullable": false, "has_auto_increment": false}},
                           {"collection": "countries", "field": "name", "type": "string"},
                           {"collection": "countries", "field": "authors", "type": "alias", "meta": {"special": ["o2m"]}}],
                "systemFields": [],
                "relations": []}}
      """
    And the keys of "data.collections.0" are ["collection", "meta", "schema"]
    And the keys of "data.collections.0.meta" are ["accountability", "archive_app_filter", "archive_field", "archive_value", "autosave_revision_interval", "collapse", "collection", "color", "display_template", "group", "hidden", "icon", "item_duplication_fields", "note", "preview_url", "singleton", "sort", "sort_field", "status", "translations", "unarchive_value", "versioning"]
    And the keys of "data.fields.0" are ["collection", "field", "type", "meta", "schema"]
    And the keys of "data.fields.0.meta" are ["collection", "conditions", "display", "display_options", "field", "group", "hidden", "interface", "note", "options", "readonly", "required", "searchable", "sort", "special", "translations", "validation", "validation_message", "width"]
    And the keys of "data.fields.0.schema" are ["name", "table", "data_type", "default_value", "max_length", "numeric_precision", "numeric_scale", "is_nullable", "is_unique", "is_indexed", "is_primary_key", "is_generated", "generation_expression", "has_auto_increment", "foreign_key_table", "foreign_key_column"]
    And the keys of "data.fields.2" are ["collection", "field", "type", "meta"]

  @SYS-SCHEMA-SNAPSHOT @vendor-sqlite-column-types @vendor-mysql-column-types
  Scenario: A string column's type is named as the database does (SQLite, MySQL: varchar)
    When admin sends GET /fields/countries/code
    Then "data.schema.data_type" is "varchar"

  @SYS-SCHEMA-SNAPSHOT @vendor-postgres-column-types
  Scenario: A string column's type is named as the database does (PostgreSQL: character varying)
    When admin sends GET /schema/snapshot?includeCollections=countries
    Then "data.fields.0.schema.data_type" is "character varying"
    When admin sends GET /fields/countries/code
    Then "data.schema.data_type" is "character varying"

  @SYS-SCHEMA-SNAPSHOT
  Scenario: A relation in a snapshot has its meta without id and the foreign key's schema
    When admin sends GET /schema/snapshot?includeCollections=authors
    Then the response matches:
      """
      {"data": {"relations": [{"collection": "authors", "field": "country", "related_collection": "countries",
                               "meta": {"id": "<absent>", "many_collection": "authors", "many_field": "country",
                                        "one_collection": "countries", "one_field": "authors", "one_deselect_action": "nullify"},
                               "schema": {"table": "authors", "column": "country", "foreign_key_table": "countries",
                                          "foreign_key_column": "code", "on_delete": "SET NULL"}}]}}
      """
    And the keys of "data.relations.0" are ["collection", "field", "related_collection", "meta", "schema"]
    And the keys of "data.relations.0.meta" are ["junction_field", "many_collection", "many_field", "one_allowed_collections", "one_collection", "one_collection_field", "one_deselect_action", "one_field", "sort_field"]
    And the keys of "data.relations.0.schema" are ["table", "column", "foreign_key_table", "foreign_key_column", "constraint_name", "on_update", "on_delete"]

  @SYS-SCHEMA-SNAPSHOT
  Scenario: A partial snapshot takes includeCollections or excludeCollections, not both
    When admin sends GET /schema/snapshot?includeCollections=countries&excludeCollections=authors
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "Validation error: "includeCollections" and "excludeCollections" parameters cannot be used together"

  @SYS-SCHEMA-SNAPSHOT
  Scenario: A snapshot exported as JSON is a file of the snapshot itself
    When admin sends GET /schema/snapshot?includeCollections=countries&export=json
    Then the status is 200
    And the header "Content-Disposition" contains "attachment; filename="
    And the header "Content-Disposition" contains "Export "
    And "version" is 2
    And "collections.0.collection" is "countries"

  @SYS-SCHEMA-SNAPSHOT @PERM-ADMIN
  Scenario Outline: Only an admin takes a schema snapshot (<persona>)
    When <persona> sends GET /schema/snapshot
    Then the response is exactly:
      """
      {"errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"}}]}
      """

    Examples:
      | persona   |
      | editor    |
      | anonymous |

  @SYS-FIELD-UNMANAGED @SYS-SCHEMA-SNAPSHOT @SYS-FIELD-CREATE
  Scenario: A field created without meta is unmanaged and left out of the snapshot
    When admin sends POST /collections
      """
      {"collection": "conformance_unmanaged", "meta": {}, "schema": {},
       "fields": [{"field": "id", "type": "integer", "meta": {}, "schema": {"is_primary_key": true, "has_auto_increment": true}}]}
      """
    Then the status is 200
    When admin sends POST /fields/conformance_unmanaged
      """
      {"field": "raw", "type": "string", "schema": {}}
      """
    Then the response matches:
      """
      {"data": {"collection": "conformance_unmanaged", "field": "raw", "type": "string", "meta": null, "schema": {"name": "raw"}}}
      """
    When admin sends POST /fields/conformance_unmanaged
      """
      {"field": "managed", "type": "string", "meta": {}, "schema": {}}
      """
    Then the status is 200
    When admin sends GET /schema/snapshot?includeCollections=conformance_unmanaged
    Then the response matches:
      """
      {"data": {"fields": [{"field": "id"}, {"field": "managed"}]}}
      """

  @SYS-SCHEMA-DIFF
  Scenario: The diff of an unchanged snapshot is 204
    When admin sends GET /schema/snapshot
    And I remember "data" as "snapshot"
    And admin sends POST /schema/diff
      """
      {{snapshot}}
      """
    Then the status is 204
    And the body is empty

  @SYS-SCHEMA-DIFF @SYS-SCHEMA-HASH
  Scenario: A snapshot with one more collection diffs as new items under a 40-hex hash
    When admin sends POST /schema/diff
      """
      {"version": 2, "directus": "12.4.0", "vendor": "{{vendor}}",
       "collections": [{"collection": "conformance_migrated", "meta": {"collection": "conformance_migrated", "icon": "box"},
                        "schema": {"name": "conformance_migrated"}}],
       "fields": [{"collection": "conformance_migrated", "field": "id", "type": "integer",
                   "meta": {"collection": "conformance_migrated", "field": "id", "hidden": true},
                   "schema": {"is_primary_key": true, "has_auto_increment": true}}],
       "systemFields": [], "relations": []}
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"hash": "<string>", "diff": {
        "collections": [{"collection": "conformance_migrated", "diff": [
          {"kind": "N", "rhs": {"collection": "conformance_migrated", "meta": {"collection": "conformance_migrated", "icon": "box"},
                                "schema": {"name": "conformance_migrated"}}}]}],
        "fields": [{"collection": "conformance_migrated", "field": "id", "diff": [
          {"kind": "N", "rhs": {"collection": "conformance_migrated", "field": "id", "type": "integer",
                                "meta": {"collection": "conformance_migrated", "field": "id", "hidden": true},
                                "schema": {"is_primary_key": true, "has_auto_increment": true}}}]}],
        "systemFields": [], "relations": []}}}
      """
    And "data.hash" matches the pattern "[0-9a-f]{40}"

  @SYS-SCHEMA-DIFF
  Scenario: Changed values diff as edits with their paths
    When admin sends GET /schema/snapshot?includeCollections=countries
    And I remember "data" as "snapshot"
    And I change "collections.0.meta.icon" of "snapshot" to "flag"
    And I change "fields.1.schema.max_length" of "snapshot" to 100
    And admin sends POST /schema/diff
      """
      {{snapshot}}
      """
    Then the status is 200
    And "data.diff" is {"collections": [{"collection": "countries", "diff": [{"kind": "E", "path": ["meta", "icon"], "lhs": null, "rhs": "flag"}]}], "fields": [{"collection": "countries", "field": "name", "diff": [{"kind": "E", "path": ["schema", "max_length"], "lhs": 255, "rhs": 100}]}], "systemFields": [], "relations": []}

  @SYS-SCHEMA-DIFF
  Scenario: A new or removed meta key diffs as one edit of the whole meta
    When admin sends POST /schema/diff
      """
      {"version": 2, "directus": "12.4.0", "vendor": "{{vendor}}",
       "collections": [{"collection": "countries", "meta": {"collection": "countries", "icon": "flag"}, "schema": {"name": "countries"}}],
       "fields": [], "systemFields": [], "relations": []}
      """
    Then the status is 200
    And "data.diff.collections.0.diff" has 1 item
    And "data.diff.collections.0.diff.0.kind" is "E"
    And "data.diff.collections.0.diff.0.path" is ["meta"]
    And "data.diff.collections.0.diff.0.rhs" is {"collection": "countries", "icon": "flag"}
    And "data.diff.collections.0.diff.0.lhs.accountability" is "all"

  @SYS-SCHEMA-DIFF
  Scenario: In mirror mode a diff removes what the snapshot lacks; in merge mode it does not
    When admin sends GET /schema/snapshot?includeCollections=countries
    And I remember "data.collections" as "collections"
    And admin sends POST /schema/diff
      """
      {"version": 2, "directus": "12.4.0", "vendor": "{{vendor}}", "collections": {{collections}},
       "fields": [], "systemFields": [], "relations": []}
      """
    Then the status is 200
    And "data.diff.collections" is []
    And "data.diff.fields" has 3 items
    And "data.diff.fields.0.field" is "code"
    And "data.diff.fields.0.diff.0.kind" is "D"
    And "data.diff.fields.0.diff.0.path" is absent
    When admin sends POST /schema/diff?mode=merge
      """
      {"version": 2, "directus": "12.4.0", "vendor": "{{vendor}}", "collections": {{collections}},
       "fields": [], "systemFields": [], "relations": []}
      """
    Then the status is 204
    When admin sends POST /schema/diff?mode=replace
      """
      {"version": 2, "directus": "12.4.0", "vendor": "{{vendor}}", "collections": [], "fields": [], "systemFields": [], "relations": []}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "Validation error: Invalid option: expected one of "merge"|"mirror" at "mode""

  @SYS-SCHEMA-DIFF @SYS-SCHEMA-APPLY
  Scenario: A diff against an earlier snapshot removes a collection created since, unless merging
    When admin sends GET /schema/snapshot
    And I remember "data" as "before"
    And admin sends POST /collections
      """
      {"collection": "conformance_doomed", "meta": {}, "schema": {},
       "fields": [{"field": "id", "type": "integer", "meta": {}, "schema": {"is_primary_key": true, "has_auto_increment": true}},
                  {"field": "label", "type": "string", "meta": {}, "schema": {}}]}
      """
    Then the status is 200
    When admin sends POST /schema/diff?mode=merge
      """
      {{before}}
      """
    Then the status is 204
    When admin sends POST /schema/diff
      """
      {{before}}
      """
    Then the status is 200
    And "data.diff.collections" has 1 item
    And "data.diff.collections.0.collection" is "conformance_doomed"
    And "data.diff.collections.0.diff.0.kind" is "D"
    And "data.diff.collections.0.diff.0.lhs.schema" is {"name": "conformance_doomed"}
    And "data.diff.fields" is []
    And I remember "data" as "removal"
    When admin sends POST /schema/apply
      """
      {{removal}}
      """
    Then the status is 204
    When admin sends GET /collections/conformance_doomed
    Then the response is an error FORBIDDEN
    When admin sends POST /schema/diff
      """
      {{before}}
      """
    Then the status is 204

  @SYS-SCHEMA-DIFF @SYS-SCHEMA-SNAPSHOT @vendor-sqlite-system-indexes @vendor-postgres-system-indexes
  Scenario: Indexed system fields are the only system items of a snapshot, and diff as index changes
    When admin sends GET /schema/snapshot?includeCollections=directus_activity,directus_users
    Then the response is exactly:
      """
      {"data": {"version": 2, "directus": "12.4.0", "vendor": "{{vendor}}", "collections": [], "fields": [],
                "systemFields": [{"collection": "directus_activity", "field": "timestamp", "schema": {"is_indexed": true}}],
                "relations": []}}
      """
    When admin sends POST /schema/diff
      """
      {"version": 2, "directus": "12.4.0", "vendor": "{{vendor}}", "collections": [], "fields": [], "relations": [],
       "systemFields": [{"collection": "directus_activity", "field": "timestamp", "schema": {"is_indexed": false}},
                        {"collection": "directus_users", "field": "email", "schema": {"is_indexed": true}}]}
      """
    Then "data.diff" is {"collections": [], "fields": [], "relations": [], "systemFields": [{"collection": "directus_activity", "field": "timestamp", "diff": [{"kind": "E", "path": ["schema", "is_indexed"], "lhs": true, "rhs": false}]}, {"collection": "directus_users", "field": "email", "diff": [{"kind": "E", "path": ["schema", "is_indexed"], "lhs": false, "rhs": true}]}]}

  @SYS-SCHEMA-DIFF @SYS-SCHEMA-SNAPSHOT @vendor-mysql-system-indexes
  Scenario: Indexed system fields are the only system items of a snapshot, and diff as index changes (MariaDB: foreign keys indexed)
    When admin sends GET /schema/snapshot?includeCollections=directus_activity,directus_users
    Then the response is exactly:
      """
      {"data": {"version": 2, "directus": "12.4.0", "vendor": "{{vendor}}", "collections": [], "fields": [],
                "systemFields": [{"collection": "directus_activity", "field": "collection", "schema": {"is_indexed": true}},
                                 {"collection": "directus_activity", "field": "timestamp", "schema": {"is_indexed": true}},
                                 {"collection": "directus_users", "field": "role", "schema": {"is_indexed": true}}],
                "relations": []}}
      """
    When admin sends POST /schema/diff
      """
      {"version": 2, "directus": "12.4.0", "vendor": "{{vendor}}", "collections": [], "fields": [], "relations": [],
       "systemFields": [{"collection": "directus_activity", "field": "collection", "schema": {"is_indexed": true}},
                        {"collection": "directus_activity", "field": "timestamp", "schema": {"is_indexed": false}},
                        {"collection": "directus_users", "field": "role", "schema": {"is_indexed": true}},
                        {"collection": "directus_users", "field": "email", "schema": {"is_indexed": true}}]}
      """
    Then "data.diff" is {"collections": [], "fields": [], "relations": [], "systemFields": [{"collection": "directus_activity", "field": "timestamp", "diff": [{"kind": "E", "path": ["schema", "is_indexed"], "lhs": true, "rhs": false}]}, {"collection": "directus_users", "field": "email", "diff": [{"kind": "E", "path": ["schema", "is_indexed"], "lhs": false, "rhs": true}]}]}

  @SYS-SCHEMA-DIFF
  Scenario Outline: A snapshot of another version or database is refused unless forced (<case>)
    When admin sends POST /schema/diff
      """
      {"version": 2, "directus": "<directus>", <vendor> "collections": [], "fields": [], "systemFields": [], "relations": []}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "<reason>"
    When admin sends POST /schema/diff?force=true
      """
      {"version": 2, "directus": "<directus>", <vendor> "collections": [], "fields": [], "systemFields": [], "relations": []}
      """
    Then the status is 204

    Examples:
      | case           | directus | vendor                | reason                                                                                                                                                  |
      | older Directus | 11.0.0   | "vendor": "{{vendor}}",   | Provided snapshot's directus version 11.0.0 does not match the current instance's version 12.4.0. You can bypass this check by passing the "force" query parameter |
      | other database | 12.4.0   | "vendor": "{{other_vendor}}", | Provided snapshot's vendor {{other_vendor}} does not match the current instance's vendor {{vendor}}. You can bypass this check by passing the "force" query parameter |
      | no vendor      | 12.4.0   |                       | Provided snapshot does not contain the "vendor" property. You can bypass this check by passing the "force" query parameter                                       |

  @SYS-SCHEMA-DIFF
  Scenario Outline: A diff of a body that is no snapshot is INVALID_PAYLOAD (<case>)
    When admin sends POST /schema/diff
      """
      <body>
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "<reason>"

    Examples:
      | case          | body                                                | reason                              |
      | empty         | {}                                                  | No data was included in the body    |
      | no version    | {"collections": []}                                 | "version" is required               |
      | wrong version | {"version": 3, "directus": "12.4.0"}                | "version" must be one of [1, 2]     |

  @SYS-SCHEMA-APPLY @SYS-SCHEMA-DIFF @SYS-SCHEMA-HASH
  Scenario: Applying a diff creates the collection; the same diff again is refused by its items
    When admin sends POST /schema/diff
      """
      {"version": 2, "directus": "12.4.0", "vendor": "{{vendor}}",
       "collections": [{"collection": "conformance_migrated", "meta": {"collection": "conformance_migrated", "icon": "box"},
                        "schema": {"name": "conformance_migrated"}}],
       "fields": [{"collection": "conformance_migrated", "field": "id", "type": "integer",
                   "meta": {"collection": "conformance_migrated", "field": "id", "hidden": true},
                   "schema": {"is_primary_key": true, "has_auto_increment": true}},
                  {"collection": "conformance_migrated", "field": "label", "type": "string",
                   "meta": {"collection": "conformance_migrated", "field": "label", "note": "migrated"},
                   "schema": {"max_length": 40, "default_value": "none"}}],
       "systemFields": [], "relations": []}
      """
    Then the status is 200
    And I remember "data" as "migration"
    And I remember "data.hash" as "hash"
    When admin sends POST /schema/apply
      """
      {{migration}}
      """
    Then the status is 204
    And the body is empty
    When admin sends GET /collections/conformance_migrated
    Then the response matches:
      """
      {"data": {"collection": "conformance_migrated", "meta": {"icon": "box"}, "schema": {"name": "conformance_migrated"}}}
      """
    When admin sends GET /fields/conformance_migrated/label
    Then the response matches:
      """
      {"data": {"type": "string", "meta": {"note": "migrated"}, "schema": {"max_length": 40, "default_value": "none"}}}
      """
    When admin sends POST /items/conformance_migrated
      """
      {}
      """
    Then the response matches:
      """
      {"data": {"id": 1, "label": "none"}}
      """
    When admin sends POST /schema/apply
      """
      {{migration}}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "Provided diff is trying to create collection "conformance_migrated" but it already exists. Please generate a new diff and try again"
    When admin sends GET /schema/snapshot?includeCollections=conformance_migrated
    Then "data.fields" has 2 items
    And I remember "data" as "snapshot"
    When I change "fields.1.meta.note" of "snapshot" to "changed"
    And admin sends POST /schema/diff
      """
      {{snapshot}}
      """
    Then "data.diff.fields" is [{"collection": "conformance_migrated", "field": "label", "diff": [{"kind": "E", "path": ["meta", "note"], "lhs": "migrated", "rhs": "changed"}]}]
    And I remember "data" as "edit"
    When admin sends POST /schema/apply
      """
      {{edit}}
      """
    Then the status is 204
    When admin sends GET /fields/conformance_migrated/label
    Then "data.meta.note" is "changed"

  @SYS-SCHEMA-HASH @SYS-SCHEMA-DIFF
  Scenario: The hash stays while the schema does and changes with it
    When admin sends POST /schema/diff
      """
      {"version": 2, "directus": "12.4.0", "vendor": "{{vendor}}",
       "collections": [{"collection": "conformance_hashed", "meta": {"collection": "conformance_hashed"}, "schema": {"name": "conformance_hashed"}}],
       "fields": [], "systemFields": [], "relations": []}
      """
    Then "data.hash" matches the pattern "[0-9a-f]{40}"
    And I remember "data.hash" as "hash"
    When admin sends POST /schema/diff
      """
      {"version": 2, "directus": "12.4.0", "vendor": "{{vendor}}",
       "collections": [{"collection": "conformance_hashed", "meta": {"collection": "conformance_hashed"}, "schema": {"name": "conformance_hashed"}}],
       "fields": [], "systemFields": [], "relations": []}
      """
    Then "data.hash" is "{{hash}}"
    When admin sends POST /collections
      """
      {"collection": "conformance_other", "meta": {}, "schema": {}}
      """
    Then the status is 200
    When admin sends POST /schema/diff
      """
      {"version": 2, "directus": "12.4.0", "vendor": "{{vendor}}",
       "collections": [{"collection": "conformance_hashed", "meta": {"collection": "conformance_hashed"}, "schema": {"name": "conformance_hashed"}}],
       "fields": [], "systemFields": [], "relations": []}
      """
    Then "data.hash" matches the pattern "[0-9a-f]{40}"
    And "data.hash" is not "{{hash}}"

  @SYS-SCHEMA-APPLY
  Scenario: A diff made before the schema changed is refused with the hash message and changes nothing
    When admin sends POST /schema/apply
      """
      {"hash": "0000000000000000000000000000000000000000",
       "diff": {"collections": [{"collection": "conformance_stale", "diff": [
                  {"kind": "N", "rhs": {"collection": "conformance_stale", "meta": {"collection": "conformance_stale"}, "schema": {"name": "conformance_stale"}}}]}],
                "fields": [{"collection": "conformance_stale", "field": "id", "diff": [
                  {"kind": "N", "rhs": {"collection": "conformance_stale", "field": "id", "type": "integer", "meta": {},
                                        "schema": {"is_primary_key": true, "has_auto_increment": true}}}]}],
                "systemFields": [], "relations": []}}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid payload. Provided hash does not match the current instance's schema hash, indicating the schema has changed after this diff was generated. Please generate a new diff and try again or use the \"force\" query parameter to bypass this check.",
                   "extensions": {"reason": "Provided hash does not match the current instance's schema hash, indicating the schema has changed after this diff was generated. Please generate a new diff and try again or use the \"force\" query parameter to bypass this check",
                                  "code": "INVALID_PAYLOAD"}}]}
      """
    And the status is 400
    When admin sends GET /collections/conformance_stale
    Then the response is an error FORBIDDEN

  @SYS-SCHEMA-APPLY
  Scenario: A diff whose item no longer applies names it before the hash
    When admin sends POST /schema/apply
      """
      {"hash": "stale",
       "diff": {"collections": [{"collection": "conformance_gone", "diff": [{"kind": "D", "lhs": {"collection": "conformance_gone"}}]}],
                "fields": [], "systemFields": [], "relations": []}}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "Provided diff is trying to delete collection "conformance_gone" but it does not exist. Please generate a new diff and try again"
    When admin sends POST /schema/apply
      """
      {"hash": "stale",
       "diff": {"collections": [], "systemFields": [], "relations": [],
                "fields": [{"collection": "countries", "field": "name", "diff": [{"kind": "N", "rhs": {"collection": "countries", "field": "name", "type": "string"}}]}]}}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "Provided diff is trying to create field "countries.name" but it already exists. Please generate a new diff and try again"

  @SYS-SCHEMA-APPLY
  Scenario: An empty diff applies as 204 whatever its hash
    When admin sends POST /schema/apply
      """
      {"hash": "anything", "diff": {"collections": [], "fields": [], "systemFields": [], "relations": []}}
      """
    Then the status is 204

  @SYS-SCHEMA-APPLY
  Scenario Outline: A body that is no diff is INVALID_PAYLOAD (<case>)
    When admin sends POST /schema/apply
      """
      <body>
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "<reason>"

    Examples:
      | case         | body                                                                                                                     | reason                                                  |
      | empty        | {}                                                                                                                       | No data was included in the body                        |
      | no hash      | {"diff": {}}                                                                                                             | "hash" is required                                      |
      | no diff      | {"hash": "x"}                                                                                                            | "diff" is required                                      |
      | partial diff | {"hash": "x", "diff": {"collections": []}}                                                                               | "diff.fields" is required                               |
      | unknown kind | {"hash": "x", "diff": {"collections": [{"collection": "a", "diff": [{"kind": "Q"}]}], "fields": [], "systemFields": [], "relations": []}} | "diff.collections[0].diff[0].kind" must be one of [N, D, E, A] |

  @SYS-SCHEMA-APPLY @SYS-SCHEMA-DIFF @PERM-ADMIN
  Scenario Outline: Only an admin diffs and applies (<path>)
    When editor sends POST <path>
      """
      {"hash": "x"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"}}]}
      """

    Examples:
      | path          |
      | /schema/diff  |
      | /schema/apply |

  @SYS-SCHEMA-APPLY-META @SYS-SCHEMA-APPLY @SYS-SCHEMA-DIFF
  Scenario: Field and collection meta changes apply, and the next snapshot is the one applied
    When admin sends POST /collections
      """
      {"collection": "conformance_meta", "meta": {}, "schema": {},
       "fields": [{"field": "id", "type": "integer", "meta": {}, "schema": {"is_primary_key": true, "has_auto_increment": true}},
                  {"field": "title", "type": "string", "meta": {}, "schema": {}},
                  {"field": "divider", "type": "alias", "meta": {"special": ["alias", "no-data"], "interface": "presentation-divider"}}]}
      """
    Then the status is 200
    When admin sends GET /schema/snapshot?includeCollections=conformance_meta
    Then "data.fields.1.field" is "title"
    And "data.fields.2.field" is "divider"
    When I remember "data" as "snapshot"
    And I change "collections.0.meta.icon" of "snapshot" to "star"
    And I change "fields.1.meta.note" of "snapshot" to "A title, shown on cards"
    And I change "fields.1.meta.interface" of "snapshot" to "input-multiline"
    And I change "fields.1.meta.options" of "snapshot" to {"placeholder": "Type here", "trim": true}
    And I change "fields.1.meta.width" of "snapshot" to "half"
    And I change "fields.1.meta.sort" of "snapshot" to 3
    And I change "fields.2.meta.sort" of "snapshot" to 2
    And I change "fields.2.meta.hidden" of "snapshot" to true
    When admin sends POST /schema/diff?mode=merge
      """
      {{snapshot}}
      """
    Then the status is 200
    And "data.diff.fields.0.diff.0" is {"kind": "E", "path": ["meta", "interface"], "lhs": null, "rhs": "input-multiline"}
    And I remember "data" as "diff"
    When admin sends POST /schema/apply
      """
      {{diff}}
      """
    Then the status is 204
    When admin sends GET /schema/snapshot?includeCollections=conformance_meta
    Then "data" is {{snapshot}}
    When admin sends GET /fields/conformance_meta/title
    Then "data.meta.options" is {"placeholder": "Type here", "trim": true}
    When admin sends POST /schema/diff?mode=merge
      """
      {{snapshot}}
      """
    Then the status is 204

  @SYS-SCHEMA-YAML @SYS-SCHEMA-APPLY @SYS-SCHEMA-SNAPSHOT
  Scenario: A diff applies from a YAML file, and a YAML export reads back as the same schema
    When admin sends POST /collections
      """
      {"collection": "conformance_yaml", "meta": {}, "schema": {},
       "fields": [{"field": "id", "type": "integer", "meta": {}, "schema": {"is_primary_key": true, "has_auto_increment": true}},
                  {"field": "title", "type": "string", "meta": {}, "schema": {}}]}
      """
    Then the status is 200
    When admin sends GET /schema/snapshot?includeCollections=conformance_yaml
    And I remember "data" as "snapshot"
    And I change "fields.1.meta.note" of "snapshot" to "changed"
    And admin sends POST /schema/diff?mode=merge
      """
      {{snapshot}}
      """
    Then the status is 200
    And I remember "data.hash" as "hash"
    When admin sends POST /schema/apply as multipart:
      | part | content                                                                                                                                                                                  | filename  | type      |
      | file | text {hash: '{{hash}}', diff: {collections: [], fields: [{collection: conformance_yaml, field: title, diff: [{kind: E, path: [meta, note], lhs: null, rhs: From YAML}]}], systemFields: [], relations: []}} | diff.yaml | text/yaml |
    Then the status is 204
    And the body is empty
    When admin sends GET /fields/conformance_yaml/title
    Then "data.meta.note" is "From YAML"
    When admin sends GET /schema/snapshot?includeCollections=conformance_yaml&export=yaml
    Then the header "content-type" contains "text/yaml"
    And I remember the body as "yaml"
    When admin sends POST /schema/diff?mode=merge as multipart:
      | part | content     | filename      | type                     |
      | file | text {{yaml}} | snapshot.yaml | application/octet-stream |
    Then the status is 204
    When admin sends POST /schema/diff?mode=merge
      """
      {{snapshot}}
      """
    Then "data.diff.fields.0.diff" is [{"kind": "E", "path": ["meta", "note"], "lhs": "From YAML", "rhs": "changed"}]

  @SYS-SCHEMA-YAML @SYS-SCHEMA-APPLY
  Scenario Outline: A multipart apply without a usable file is INVALID_PAYLOAD (<case>)
    When admin sends POST /schema/apply as multipart:
      | part   | content   | filename   | type   |
      | <part> | <content> | <filename> | <type> |
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "<reason>"

    Examples:
      | case          | part | content               | filename  | type             | reason                              |
      | no file part  | note | hello                 |           |                  | No file was included in the request |
      | empty YAML    | file | empty                 | diff.yaml | text/yaml        | No file was included in the request |
      | YAML null     | file | text ~                | diff.yaml | text/yaml        | No file was included in the request |
      | invalid YAML  | file | text {hash: [1, 2     | diff.yaml | text/yaml        | Uploaded file is not valid YAML     |
      | empty JSON    | file | empty                 | diff.json | application/json | Uploaded file is not valid JSON     |
      | not an object | file | text just words       | diff.yaml | text/yaml        | "value" must be of type object      |

