Feature: Which collections the items routes serve
  A collection is served by /items when it is part of the schema and active.
  Tables whose name has a space are not part of Directus' schema, and a
  many-to-any relation leaves out items of collections that are inactive.

  @ITEMS-COLLECTION-NO-PK-IGNORED
  Scenario: A collection whose name has a space has no items
    When admin sends POST /collections
      """
      {"collection": "spaced {{unique}}", "meta": {}, "schema": {}}
      """
    Then the status is 200
    When admin sends GET /items/spaced%20{{unique}}
    Then the response is an error FORBIDDEN
    And the error reason is "You don't have permission to access collection "spaced {{unique}}" or it does not exist. Queried in root."

  @ITEMS-INACTIVE-M2A-TARGET @ITEMS-COLLECTION-INACTIVE
  Scenario: A many-to-any item in an inactive collection reads as null, and scoping to it is COLLECTION_INACTIVE
    # A shelf whose sections point to headings and to a collection that goes inactive.
    When admin sends POST /collections
      """
      {"collection": "dormant_{{unique}}", "meta": {}, "schema": {},
       "fields": [{"field": "id", "type": "integer", "meta": {}, "schema": {"is_primary_key": true, "has_auto_increment": true}},
                  {"field": "label", "type": "string", "meta": {}, "schema": {}}]}
      """
    And admin sends POST /items/dormant_{{unique}}
      """
      {"id": 1, "label": "asleep"}
      """
    And admin sends POST /collections
      """
      {"collection": "shelf_{{unique}}", "meta": {}, "schema": {},
       "fields": [{"field": "id", "type": "integer", "meta": {}, "schema": {"is_primary_key": true, "has_auto_increment": true}},
                  {"field": "items", "type": "alias", "meta": {"special": ["m2a"]}}]}
      """
    And admin sends POST /collections
      """
      {"collection": "shelf_items_{{unique}}", "meta": {}, "schema": {},
       "fields": [{"field": "id", "type": "integer", "meta": {}, "schema": {"is_primary_key": true, "has_auto_increment": true}},
                  {"field": "shelf_id", "type": "integer", "meta": {}, "schema": {}},
                  {"field": "item", "type": "string", "meta": {}, "schema": {}},
                  {"field": "collection", "type": "string", "meta": {}, "schema": {}}]}
      """
    And admin sends POST /relations
      """
      {"collection": "shelf_items_{{unique}}", "field": "item", "related_collection": null,
       "meta": {"one_allowed_collections": ["headings", "dormant_{{unique}}"], "one_collection_field": "collection", "junction_field": "shelf_id"},
       "schema": null}
      """
    And admin sends POST /relations
      """
      {"collection": "shelf_items_{{unique}}", "field": "shelf_id", "related_collection": "shelf_{{unique}}",
       "meta": {"one_field": "items", "junction_field": "item"}, "schema": {"on_delete": "CASCADE"}}
      """
    And admin sends POST /items/shelf_{{unique}}
      """
      {"id": 1, "items": [{"collection": "headings", "item": "1"}, {"collection": "dormant_{{unique}}", "item": "1"}]}
      """
    Then the status is 200
    When admin sends GET /items/shelf_{{unique}}/1?fields=items.collection,items.item.id
    Then the response is exactly:
      """
      {"data": {"items": [{"collection": "headings", "item": {"id": 1}},
                          {"collection": "dormant_{{unique}}", "item": {"id": 1}}]}}
      """
    When admin sends PATCH /collections/dormant_{{unique}}
      """
      {"meta": {"status": "inactive"}}
      """
    And admin sends GET /items/shelf_{{unique}}/1?fields=items.collection,items.item.*
    Then the response matches:
      """
      {"data": {"items": [{"collection": "headings", "item": {"id": 1, "title": "Welcome"}},
                          {"collection": "dormant_{{unique}}", "item": null}]}}
      """
    When admin sends GET /items/shelf_{{unique}}/1?fields=items.item:dormant_{{unique}}.id
    Then the response is an error COLLECTION_INACTIVE
    And the error message is "Collection "dormant_{{unique}}" is inactive."
