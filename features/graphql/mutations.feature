Feature: GraphQL mutations
  create_, update_ and delete_ mutations per collection, with nested
  relational payloads as in REST (seed: "Creating / Updating / Deleting").

  @GQL-MUT-CREATE-ITEM
  Scenario: Creating one item returns it re-read
    When admin queries /graphql:
      """
      mutation { create_tags_item(data: {name: "gql"}) { name articles { id } } }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"create_tags_item": {"name": "gql", "articles": []}}}
      """

  @GQL-MUT-CREATE-ITEMS
  Scenario: Creating several items returns them shaped by the query arguments
    When admin queries /graphql:
      """
      mutation { create_tags_items(data: [{name: "g1"}, {name: "g2"}], sort: ["-name"]) { name } }
      """
    Then the response is exactly:
      """
      {"data": {"create_tags_items": [{"name": "g2"}, {"name": "g1"}]}}
      """
    When admin queries /graphql:
      """
      mutation { create_tags_items(data: [{name: "g3"}]) }
      """
    Then the response is an error GRAPHQL_VALIDATION

  @GQL-INPUT-TYPES
  Scenario: Relational fields take nested inputs, and a bare key is rejected
    When admin queries /graphql:
      """
      mutation { create_articles_item(data: {title: "Nested", author: {name: "Newbie"}, tags: [{tags_id: {name: "fresh"}}]}) { title author { name } tags { tags_id { name } } } }
      """
    Then the response is exactly:
      """
      {"data": {"create_articles_item": {"title": "Nested", "author": {"name": "Newbie"}, "tags": [{"tags_id": {"name": "fresh"}}]}}}
      """
    When admin queries /graphql:
      """
      mutation { create_articles_item(data: {title: "X", author: 999}) { id } }
      """
    Then the response is an error GRAPHQL_VALIDATION
    And "errors.0.extensions.errors.0.message" is "Expected value of type \"create_authors_input\", found 999."

  @GQL-NONNULL-RULES
  Scenario: A missing required input is a validation error
    When admin queries /graphql:
      """
      mutation { create_strict_item(data: {a: "x"}) { id } }
      """
    Then the response is an error GRAPHQL_VALIDATION
    And "errors.0.extensions.errors" has 1 item

  @GQL-MUT-UPDATE-ITEM @GQL-PERM-FORBIDDEN-EXEC
  Scenario: Updating one item returns it; a missing one is null plus FORBIDDEN, even for an admin
    When admin queries /graphql:
      """
      mutation { update_articles_item(id: 2, data: {title: "Renamed"}) { id title } }
      """
    Then the response is exactly:
      """
      {"data": {"update_articles_item": {"id": "2", "title": "Renamed"}}}
      """
    When admin queries /graphql:
      """
      mutation { update_articles_item(id: 999, data: {title: "Ghost"}) { id } }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"update_articles_item": null}, "errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"}, "locations": [{"line": 1, "column": 12}], "path": ["update_articles_item"]}]}
      """

  @GQL-MUT-UPDATE-ITEMS
  Scenario: One patch applied to several ids
    When admin queries /graphql:
      """
      mutation { update_comments_items(ids: [1, 2], data: {text: "same"}) { id text } }
      """
    Then the response is exactly:
      """
      {"data": {"update_comments_items": [{"id": "1", "text": "same"}, {"id": "2", "text": "same"}]}}
      """

  @GQL-MUT-UPDATE-BATCH
  Scenario: A batch update carries each item's key
    When admin queries /graphql:
      """
      mutation { update_comments_batch(data: [{id: 3, text: "three"}, {id: 4, text: "four"}], sort: ["id"]) { id text } }
      """
    Then the response is exactly:
      """
      {"data": {"update_comments_batch": [{"id": "3", "text": "three"}, {"id": "4", "text": "four"}]}}
      """

  @GQL-SINGLETON
  Scenario: A singleton is updated in place
    When admin queries /graphql:
      """
      mutation { update_site_settings(data: {tagline: "T2"}) { site_name tagline } }
      """
    Then the response is exactly:
      """
      {"data": {"update_site_settings": {"site_name": "My Site", "tagline": "T2"}}}
      """

  @GQL-MUT-DELETE-ITEM @GQL-MUT-DELETE-ITEMS
  Scenario: Deleting returns the keys as strings
    When admin queries /graphql:
      """
      mutation { one: delete_notes_item(id: 3) { id } many: delete_notes_items(ids: [1, 2]) { ids } }
      """
    Then the response is exactly:
      """
      {"data": {"one": {"id": "3"}, "many": {"ids": ["1", "2"]}}}
      """
    When admin sends GET /items/notes
    Then the response is exactly:
      """
      {"data": []}
      """

  @GQL-MUT-DELETE-ITEM @PERM-ITEM-NOT-FOUND
  Scenario: Deleting a missing item over GraphQL is FORBIDDEN
    When admin queries /graphql:
      """
      mutation { delete_notes_item(id: 999) { id } }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"delete_notes_item": null}, "errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"}, "locations": [{"line": 1, "column": 12}], "path": ["delete_notes_item"]}]}
      """

  @GQL-MUTATION-ERROR-FIRST-ONLY
  Scenario: A failing mutation reports its first error only
    When admin queries /graphql:
      """
      mutation { create_strict_item(data: {a: "x", b: "y", n: 9, level: "mid"}) { id } }
      """
    Then the status is 200
    And "data" is {"create_strict_item": null}
    And "errors" has 1 item
    And "errors.0.extensions.code" is "FAILED_VALIDATION"
    And "errors.0.path" is ["create_strict_item"]
    When admin sends POST /items/strict
      """
      {"a": "x", "b": "y", "n": 9, "level": "mid"}
      """
    Then the response is an error FAILED_VALIDATION
    And "errors" has 2 items

  @GQL-MUT-UNREADABLE-RETURN
  Scenario: A caller who may create but not read gets a Boolean back
    When creator queries /graphql:
      """
      mutation { create_articles_item(data: {title: "By creator"}) }
      """
    Then the response is exactly:
      """
      {"data": {"create_articles_item": true}}
      """
