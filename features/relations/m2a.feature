Feature: Writing many-to-any relations
  Seed, "Many-to-Any (Union Types)": each element names its "collection" and
  holds its "item"; updating works like the other relation kinds.
  pages.sections goes through pages_sections, which may link headings and
  paragraphs (deselect action: delete).

  @M2A-CREATE @NEST-ORDER
  Scenario: Items of several collections are created with their junction rows
    When admin sends POST /items/pages?fields=title,sections.collection,sections.item.*
      """
      {"title": "Landing", "sections": [
        {"collection": "headings", "item": {"title": "Big news"}},
        {"collection": "paragraphs", "item": {"body": "Read all about it"}}
      ]}
      """
    Then the response matches:
      """
      {"data": {"title": "Landing", "sections": [
        {"collection": "headings", "item": {"id": "<integer>", "title": "Big news", "level": 1}},
        {"collection": "paragraphs", "item": {"id": "<integer>", "body": "Read all about it", "background_color": null}}
      ]}}
      """

  @M2A-EXISTING-ITEM
  Scenario: A key links an existing item and an object with a key updates it
    When admin sends PATCH /items/pages/3?fields=sections.collection,sections.item.*
      """
      {"sections": [
        {"collection": "headings", "item": "2"},
        {"collection": "paragraphs", "item": {"id": 1, "background_color": "#ff0000"}}
      ]}
      """
    Then the response is exactly:
      """
      {"data": {"sections": [
        {"collection": "headings", "item": {"id": 2, "title": "Details", "level": 2}},
        {"collection": "paragraphs", "item": {"id": 1, "body": "Lorem ipsum", "background_color": "#ff0000"}}
      ]}}
      """

  @M2A-EXISTING-ITEM @NEST-M2O-PK-NOT-FOUND
  Scenario: An item object with a key that does not exist is created with that key
    When admin sends PATCH /items/pages/3?fields=sections.item
      """
      {"sections": [{"collection": "headings", "item": {"id": 555, "title": "Chosen key"}}]}
      """
    Then the response is exactly:
      """
      {"data": {"sections": [{"item": "555"}]}}
      """
    When admin sends GET /items/headings/555?fields=title
    Then the response is exactly:
      """
      {"data": {"title": "Chosen key"}}
      """

  @M2A-EXISTING-ITEM
  Scenario: A bare item key is stored as given, even if nothing has it
    When admin sends PATCH /items/pages/3?fields=sections.item,sections.collection
      """
      {"sections": [{"collection": "headings", "item": "999"}]}
      """
    Then the response is exactly:
      """
      {"data": {"sections": [{"item": "999", "collection": "headings"}]}}
      """
    When admin sends GET /items/pages/3?fields=sections.item.*
    Then the response is exactly:
      """
      {"data": {"sections": [{"item": null}]}}
      """

  @M2A-CREATE @NEST-M2M-REMOVE
  Scenario: Omitted junction rows are deleted, the items they pointed to stay
    When admin sends PATCH /items/pages/1?fields=sections
      """
      {"sections": [2]}
      """
    Then the response is exactly:
      """
      {"data": {"sections": [2]}}
      """
    When admin sends GET /items/pages_sections?filter[pages_id][_eq]=1&fields=id
    Then the response is exactly:
      """
      {"data": [{"id": 2}]}
      """
    When admin sends GET /items/headings?fields=id
    Then the response is exactly:
      """
      {"data": [{"id": 1}, {"id": 2}]}
      """

  @M2A-CREATE @NEST-O2M-DETAILED-CREATE
  Scenario: The detailed form works on a many-to-any and fills its sort field
    When admin sends PATCH /items/pages/2?fields=sections.sort,sections.collection,sections.item:headings.title,sections.item:paragraphs.body
      """
      {"sections": {"create": [{"collection": "headings", "item": {"title": "Appended"}}], "delete": []}}
      """
    Then the response is exactly:
      """
      {"data": {"sections": [
        {"sort": 1, "collection": "paragraphs", "item": {"body": "Dolor sit"}},
        {"sort": 2, "collection": "headings", "item": {"title": "Appended"}}
      ]}}
      """

  @M2A-MISSING-COLLECTION
  Scenario: An item object without its collection is INVALID_PAYLOAD
    When admin sends POST /items/pages
      """
      {"title": "Not kept", "sections": [{"item": {"title": "Orphan"}}]}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid payload. Can't update nested record \"pages_sections.item\" without field \"pages_sections.collection\" being set.",
                   "extensions": {"reason": "Can't update nested record \"pages_sections.item\" without field \"pages_sections.collection\" being set", "code": "INVALID_PAYLOAD"}}]}
      """
    When admin sends GET /items/pages?filter[title][_eq]=Not%20kept
    Then "data" has 0 items

  @M2A-DISALLOWED-COLLECTION
  Scenario: An item of a collection the relation does not allow is INVALID_PAYLOAD
    When admin sends POST /items/pages
      """
      {"title": "Not kept", "sections": [{"collection": "tags", "item": {"name": "not a section"}}]}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid payload. \"pages_sections.item\" can't be linked to collection \"tags\".",
                   "extensions": {"reason": "\"pages_sections.item\" can't be linked to collection \"tags\"", "code": "INVALID_PAYLOAD"}}]}
      """
    When admin sends GET /items/tags?filter[name][_eq]=not%20a%20section
    Then "data" has 0 items

  @M2A-CREATE @NEST-VALIDATION-PATH
  Scenario: Validation errors of many-to-any items name the item field in their path
    When admin sends POST /items/pages
      """
      {"title": "Not kept", "sections": [{"collection": "headings", "item": {"level": 2}}]}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Validation failed for field \"title\" at \"sections.item\". Value is required.",
                   "extensions": {"field": "title", "path": ["sections", "item"], "type": "required", "code": "FAILED_VALIDATION"}}]}
      """
