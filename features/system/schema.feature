Feature: Collections, fields and relations as a harness creates them
  The endpoints the harness provisions its fixture with, and the errors they
  answer for payloads Directus refuses.

  @SYS-COLL-CREATE @ERR-COLLECTION-INACTIVE @ITEMS-COLLECTION-INACTIVE
  Scenario: A collection created inactive is COLLECTION_INACTIVE for an admin, FORBIDDEN for others
    When admin sends POST /collections
      """
      {"collection": "conformance_inactive", "meta": {"status": "inactive"}, "schema": {}}
      """
    Then the response matches:
      """
      {"data": {"collection": "conformance_inactive", "meta": {"collection": "conformance_inactive"}, "schema": {"name": "conformance_inactive"}}}
      """
    When admin sends GET /items/conformance_inactive
    Then the response is exactly:
      """
      {"errors": [{"message": "Collection \"conformance_inactive\" is inactive.",
                   "extensions": {"collection": "conformance_inactive", "code": "COLLECTION_INACTIVE"}}]}
      """
    And the status is 403
    When anonymous sends GET /items/conformance_inactive
    Then the error message is "You don't have permission to access collection \"conformance_inactive\" or it does not exist. Queried in root."

  @SYS-COLL-CREATE
  Scenario Outline: A collection Directus refuses to create is INVALID_PAYLOAD (<case>)
    When admin sends POST /collections
      """
      {"collection": "<name>", "schema": {}}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "<reason>"

    Examples:
      | case           | name            | reason                                       |
      | system prefix  | directus_things | "collection" can't start with "directus_"    |
      | existing       | articles        | Collection "articles" already exists         |

  @SYS-COLL-CREATE @PERM-ADMIN
  Scenario: Only an admin creates collections
    When editor sends POST /collections
      """
      {"collection": "conformance_nope", "schema": {}}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"}}]}
      """

  @SYS-FIELD-CREATE
  Scenario: A field that exists already is INVALID_PAYLOAD
    When admin sends POST /fields/articles
      """
      {"field": "title", "type": "string", "meta": {}, "schema": {}}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "Field "title" already exists in collection "articles""

  @SYS-FIELD-CREATE @SYS-COLL-CREATE
  Scenario: A field is created in a new collection and read back
    When admin sends POST /collections
      """
      {"collection": "conformance_fields", "meta": {}, "schema": {},
       "fields": [{"field": "id", "type": "integer", "meta": {}, "schema": {"is_primary_key": true, "has_auto_increment": true}}]}
      """
    Then the status is 200
    When admin sends POST /fields/conformance_fields
      """
      {"field": "label", "type": "string", "meta": {}, "schema": {"default_value": "none"}}
      """
    Then the response matches:
      """
      {"data": {"collection": "conformance_fields", "field": "label", "type": "string", "schema": {"default_value": "none"}}}
      """
    When admin sends POST /items/conformance_fields
      """
      {}
      """
    Then the response matches:
      """
      {"data": {"id": 1, "label": "none"}}
      """

  @SYS-REL-CREATE
  Scenario: A relation on a field that does not exist is INVALID_PAYLOAD
    When admin sends POST /relations
      """
      {"collection": "articles", "field": "nope", "related_collection": "authors"}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "Field "nope" doesn't exist in collection "articles""

  @SYS-REL-M2O @SYS-REL-O2M @SYS-REL-CREATE
  Scenario: An M2O and its O2M alias are created as a harness does, and read both ways
    When admin sends POST /collections
      """
      {"collection": "conformance_parents", "meta": {}, "schema": {},
       "fields": [{"field": "id", "type": "integer", "meta": {}, "schema": {"is_primary_key": true, "has_auto_increment": true}},
                  {"field": "name", "type": "string", "meta": {}, "schema": {}}]}
      """
    And admin sends POST /collections
      """
      {"collection": "conformance_kids", "meta": {}, "schema": {},
       "fields": [{"field": "id", "type": "integer", "meta": {}, "schema": {"is_primary_key": true, "has_auto_increment": true}},
                  {"field": "parent", "type": "integer", "meta": {"special": ["m2o"]}, "schema": {}}]}
      """
    And admin sends POST /relations
      """
      {"collection": "conformance_kids", "field": "parent", "related_collection": "conformance_parents",
       "meta": {"one_field": "kids"}, "schema": {"on_delete": "SET NULL"}}
      """
    Then the response matches:
      """
      {"data": {"collection": "conformance_kids", "field": "parent", "related_collection": "conformance_parents",
                "meta": {"many_collection": "conformance_kids", "many_field": "parent",
                         "one_collection": "conformance_parents", "one_field": "kids"}}}
      """
    When admin sends POST /fields/conformance_parents
      """
      {"field": "kids", "type": "alias", "meta": {"special": ["o2m"]}}
      """
    Then the status is 200
    When admin sends POST /items/conformance_parents?fields=name,kids.id
      """
      {"name": "P", "kids": [{}, {}]}
      """
    Then the response is exactly:
      """
      {"data": {"name": "P", "kids": [{"id": 1}, {"id": 2}]}}
      """
    When admin sends GET /items/conformance_kids/2?fields=parent.name
    Then the response is exactly:
      """
      {"data": {"parent": {"name": "P"}}}
      """

  @SYS-REL-M2M
  Scenario: The fixture's many-to-many is two relations on a junction
    When admin sends GET /relations/articles_tags/articles_id
    Then the response matches:
      """
      {"data": {"collection": "articles_tags", "field": "articles_id", "related_collection": "articles",
                "meta": {"one_field": "tags", "junction_field": "tags_id"}}}
      """
    When admin sends GET /relations/articles_tags/tags_id
    Then the response matches:
      """
      {"data": {"collection": "articles_tags", "field": "tags_id", "related_collection": "tags",
                "meta": {"junction_field": "articles_id"}}}
      """

  @SYS-REL-M2A
  Scenario: The fixture's many-to-any has no related collection, only the allowed ones
    When admin sends GET /relations/pages_sections/item
    Then the response matches:
      """
      {"data": {"collection": "pages_sections", "field": "item", "related_collection": null, "schema": null,
                "meta": {"one_collection_field": "collection", "one_allowed_collections": ["headings", "paragraphs"],
                         "junction_field": "pages_id"}}}
      """

  @SYS-FIELD-SYSTEM-PROTECTED
  Scenario: A system field cannot be deleted
    When admin sends DELETE /fields/directus_users/first_name
    Then the response is an error FORBIDDEN
    When admin sends GET /fields/directus_users/first_name
    Then the status is 200

  @SYS-FIELD-SYSTEM-PROTECTED
  Scenario: A system field takes only a change of schema.is_indexed
    When admin sends PATCH /fields/directus_users/first_name
      """
      {"meta": {"note": "changed"}}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "Only "schema.is_indexed" may be modified for system fields"
    When admin sends PATCH /fields/directus_users/first_name
      """
      {"schema": {"is_indexed": false, "is_nullable": true}}
      """
    Then the response is an error INVALID_PAYLOAD
    When admin sends PATCH /fields/directus_users/first_name
      """
      {}
      """
    Then the response is an error INVALID_PAYLOAD
    When admin sends PATCH /fields/directus_users/first_name
      """
      {"field": "first_name", "schema": {"is_indexed": false}}
      """
    Then the status is 200

  @SYS-FIELD-UPDATE-MANY
  Scenario: Fields are sorted with one PATCH of a list, a virtual alias field among them
    When admin sends POST /collections
      """
      {"collection": "conformance_sorted", "meta": {}, "schema": {},
       "fields": [{"field": "id", "type": "integer", "meta": {}, "schema": {"is_primary_key": true, "has_auto_increment": true}},
                  {"field": "title", "type": "string", "meta": {}, "schema": {}}]}
      """
    Then the status is 200
    When admin sends POST /fields/conformance_sorted
      """
      {"field": "divider", "type": "alias", "meta": {"special": ["alias", "no-data"], "interface": "presentation-divider"}}
      """
    Then the status is 200
    When admin sends PATCH /fields/conformance_sorted
      """
      [{"field": "divider", "meta": {"sort": 1}}, {"field": "title", "meta": {"sort": 2}}, {"field": "id", "meta": {"sort": 3}}]
      """
    Then the response matches:
      """
      {"data": [{"collection": "conformance_sorted", "field": "divider", "type": "alias", "schema": null, "meta": {"sort": 1}},
                {"collection": "conformance_sorted", "field": "title", "type": "string", "schema": {"name": "title"}, "meta": {"sort": 2}},
                {"collection": "conformance_sorted", "field": "id", "type": "integer", "meta": {"sort": 3}}]}
      """
    When admin sends GET /fields/conformance_sorted/divider
    Then "data.meta.sort" is 1
    When admin sends PATCH /fields/conformance_sorted
      """
      []
      """
    Then the status is 204

  @SYS-FIELD-UPDATE-MANY
  Scenario: A PATCH of a collection's fields takes a list, of a collection that exists
    When admin sends PATCH /fields/articles
      """
      {"field": "title", "meta": {"sort": 1}}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "Submitted body has to be an array"
    When admin sends PATCH /fields/conformance_missing
      """
      []
      """
    Then the error message is "You don't have permission to access collection \"conformance_missing\" or it does not exist. Queried in root."
    When admin sends PATCH /fields/directus_users
      """
      [{"field": "first_name", "meta": {"note": "changed"}}]
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "Only "schema.is_indexed" may be modified for system fields"
    When editor sends PATCH /fields/articles
      """
      [{"field": "title", "meta": {"note": "changed"}}]
      """
    Then the response is an error FORBIDDEN
