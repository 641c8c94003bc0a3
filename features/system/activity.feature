Feature: The activity log and revisions
  Every item a request creates, updates or deletes (nested ones included, system
  collections too) gets a row in /activity; creates and updates also get a
  revision in /revisions. Both are read-only. The log is shared by every
  scenario on a target, so each scenario finds its own rows by collection and
  item, newest first.

  @ACTIVITY @REVISIONS
  Scenario: Creating an item records a create activity and a revision holding the submitted payload
    When admin sends POST /items/tags
      """
      {"name": "logged-{{unique}}"}
      """
    And I remember "data.id" as "tag"
    And admin sends GET /activity?filter[collection][_eq]=tags&filter[item][_eq]={{tag}}&sort=-id&limit=1
    Then the response is exactly:
      """
      {"data": [{"id": "<integer>", "action": "create", "user": "<uuid>", "timestamp": "<timestamp>", "ip": "<string>",
                 "user_agent": null, "collection": "tags", "item": "{{tag}}", "origin": null, "revisions": ["<integer>"]}]}
      """
    And the keys of "data.0" are ["id", "action", "user", "timestamp", "ip", "user_agent", "collection", "item", "origin", "revisions"]
    When I remember "data.0.id" as "activity"
    And admin sends GET /revisions?filter[activity][_eq]={{activity}}
    Then the response is exactly:
      """
      {"data": [{"id": "<integer>", "activity": {{activity}}, "collection": "tags", "item": "{{tag}}",
                 "data": {"name": "logged-{{unique}}"}, "delta": {"name": "logged-{{unique}}"}, "parent": null, "version": null}]}
      """

  @ACTIVITY @REVISIONS
  Scenario: A nested create records the related items first; their revisions have the parent's revision as parent
    When admin sends POST /items/articles?fields=id,author,comments
      """
      {"title": "Nested-{{unique}}", "status": "published", "author": {"name": "Nested author"}, "comments": [{"text": "nested comment"}]}
      """
    And I remember "data.id" as "article"
    And I remember "data.author" as "author"
    And I remember "data.comments.0" as "comment"
    And admin sends GET /activity?filter[collection][_eq]=articles&filter[item][_eq]={{article}}&sort=-id&limit=1&fields=id,action,revisions.id,revisions.data,revisions.delta,revisions.parent
    Then the response is exactly:
      """
      {"data": [{"id": "<integer>", "action": "create", "revisions": [{"id": "<integer>",
                 "data": {"title": "Nested-{{unique}}", "status": "published"},
                 "delta": {"title": "Nested-{{unique}}", "status": "published"}, "parent": null}]}]}
      """
    When I remember "data.0.id" as "activity"
    And I remember "data.0.revisions.0.id" as "revision"
    And admin sends GET /activity?filter[id][_lt]={{activity}}&sort=-id&limit=2&fields=action,collection,item
    Then the response is exactly:
      """
      {"data": [{"action": "create", "collection": "comments", "item": "{{comment}}"},
                {"action": "create", "collection": "authors", "item": "{{author}}"}]}
      """
    When admin sends GET /revisions?filter[parent][_eq]={{revision}}&sort=id&fields=collection,item,data,delta
    Then the response is exactly:
      """
      {"data": [{"collection": "authors", "item": "{{author}}", "data": {"name": "Nested author"}, "delta": {"name": "Nested author"}},
                {"collection": "comments", "item": "{{comment}}", "data": {"text": "nested comment"}, "delta": {"text": "nested comment"}}]}
      """

  @ACTIVITY @REVISIONS
  Scenario: An update's revision holds the row after the change as data and the written columns as delta
    When admin sends POST /items/articles?fields=id
      """
      {"title": "Before-{{unique}}", "views": 1}
      """
    And I remember "data.id" as "article"
    And admin sends PATCH /items/articles/{{article}}?fields=author
      """
      {"views": 2, "author": {"name": "Updating author"}}
      """
    And I remember "data.author" as "author"
    And admin sends GET /activity?filter[collection][_eq]=articles&filter[item][_eq]={{article}}&sort=-id&limit=1&fields=action,revisions.id,revisions.data,revisions.delta,revisions.parent
    Then the response matches:
      """
      {"data": [{"action": "update", "revisions": [{"id": "<integer>",
                 "data": {"id": {{article}}, "title": "Before-{{unique}}", "status": "draft", "views": 2, "author": "<absent>", "comments": "<absent>"},
                 "delta": {"views": 2, "author": {{author}}}, "parent": null}]}]}
      """
    And "data.0.revisions.0.delta" is {"views": 2, "author": {{author}}}
    When I remember "data.0.revisions.0.id" as "revision"
    And admin sends GET /revisions?filter[parent][_eq]={{revision}}&fields=collection,item,data
    Then the response is exactly:
      """
      {"data": [{"collection": "authors", "item": "{{author}}", "data": {"name": "Updating author"}}]}
      """

  @ACTIVITY @REVISIONS
  Scenario: An update that writes no column and a delete are recorded without revisions
    When admin sends POST /items/tags
      """
      {"name": "short-lived-{{unique}}"}
      """
    And I remember "data.id" as "tag"
    And admin sends PATCH /items/tags/{{tag}}
      """
      {}
      """
    And admin sends DELETE /items/tags/{{tag}}
    Then the status is 204
    When admin sends GET /activity?filter[collection][_eq]=tags&filter[item][_eq]={{tag}}&sort=-id&limit=3&fields=action,revisions
    Then the response is exactly:
      """
      {"data": [{"action": "delete", "revisions": []}, {"action": "update", "revisions": []},
                {"action": "create", "revisions": ["<integer>"]}]}
      """

  @ACTIVITY @REVISIONS
  Scenario: A batch update records one activity and one revision per item
    When admin sends POST /items/authors?fields=id
      """
      [{"name": "batch-a-{{unique}}"}, {"name": "batch-b-{{unique}}"}]
      """
    And I remember "data.0.id" as "a"
    And I remember "data.1.id" as "b"
    And admin sends GET /activity?sort=-id&limit=1&fields=id
    And I remember "data.0.id" as "before"
    And admin sends PATCH /items/authors
      """
      {"keys": [{{a}}, {{b}}], "data": {"name": "batch-{{unique}}"}}
      """
    Then the status is 200
    When admin sends GET /activity?filter[id][_gt]={{before}}&meta=filter_count&limit=1&fields=action
    Then "meta.filter_count" is 2
    When admin sends GET /activity?filter[id][_gt]={{before}}&filter[item][_eq]={{b}}&fields=action,collection,revisions.data,revisions.delta
    Then the response is exactly:
      """
      {"data": [{"action": "update", "collection": "authors",
                 "revisions": [{"data": {"id": {{b}}, "name": "batch-{{unique}}", "born": null}, "delta": {"name": "batch-{{unique}}"}}]}]}
      """

  @ACTIVITY @REVISIONS
  Scenario: Writes to system collections are recorded like items
    When admin sends POST /roles
      """
      {"name": "Logged role {{unique}}"}
      """
    And I remember "data.id" as "role"
    And admin sends GET /activity?filter[collection][_eq]=directus_roles&filter[item][_eq]={{role}}&fields=action,user,revisions.data
    Then the response is exactly:
      """
      {"data": [{"action": "create", "user": "<uuid>", "revisions": [{"data": {"name": "Logged role {{unique}}"}}]}]}
      """

  @ACTIVITY
  Scenario: A login is recorded as the user's, with the client's origin, and the user reads it
    When anonymous sends POST /auth/login with header "Origin: http://conformance.test"
      """
      {"email": "{{app.email}}", "password": "{{app.password}}"}
      """
    Then the status is 200
    When app sends GET /activity?filter[action][_eq]=login&sort=-id&limit=1
    Then the response is exactly:
      """
      {"data": [{"id": "<integer>", "action": "login", "user": "{{app.id}}", "timestamp": "<timestamp>", "ip": "<string>",
                 "user_agent": null, "collection": "directus_users", "item": "{{app.id}}", "origin": "http://conformance.test"}]}
      """
    When admin sends GET /activity?filter[action][_eq]=login&filter[user][_eq]={{app.id}}&sort=-id&limit=1&fields=collection,revisions
    Then the response is exactly:
      """
      {"data": [{"collection": "directus_users", "revisions": []}]}
      """

  @ACTIVITY @REVISIONS @PERM-APP-ACCESS
  Scenario: App users read only their own activity and no revisions; API-only users read neither
    When admin sends GET /activity?filter[user][_neq]={{app.id}}&sort=-id&limit=1&fields=id
    Then "data" has 1 item
    When I remember "data.0.id" as "other"
    And app sends GET /activity?filter[user][_neq]={{app.id}}&fields=id
    Then the response is exactly:
      """
      {"data": []}
      """
    When app sends GET /activity/{{other}}
    Then the response is exactly:
      """
      {"errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"}}]}
      """
    When app sends GET /revisions
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access collection \"directus_revisions\" or it does not exist. Queried in root."
    When reader sends GET /activity
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access collection \"directus_activity\" or it does not exist. Queried in root."
    When reader sends GET /revisions/1
    Then the response is an error FORBIDDEN

  @ACTIVITY @REVISIONS
  Scenario: The log is read-only: writing to it is an unknown route, a missing row is FORBIDDEN
    When admin sends POST /activity
      """
      {"action": "create", "collection": "tags", "item": "1"}
      """
    Then the response is an error ROUTE_NOT_FOUND
    And the error message is "Route /activity doesn't exist."
    When admin sends PATCH /activity/1
      """
      {"action": "delete"}
      """
    Then the response is an error ROUTE_NOT_FOUND
    When admin sends DELETE /activity/1
    Then the response is an error ROUTE_NOT_FOUND
    When admin sends POST /revisions
      """
      {}
      """
    Then the response is an error ROUTE_NOT_FOUND
    When admin sends DELETE /revisions/1
    Then the response is an error ROUTE_NOT_FOUND
    When admin sends GET /activity/999999999
    Then the response is exactly:
      """
      {"errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"}}]}
      """
    When admin sends GET /revisions/abc
    Then the response is an error FORBIDDEN

  @ACTIVITY @REVISIONS
  Scenario: SEARCH and the query parameters read the log like any collection
    When admin sends SEARCH /activity
      """
      {"query": {"filter": {"action": {"_eq": "create"}}, "fields": ["action"], "limit": 1}}
      """
    Then the response is exactly:
      """
      {"data": [{"action": "create"}]}
      """
    When admin sends SEARCH /revisions
      """
      {"query": {"fields": ["id", "activity.action"], "sort": ["-id"], "limit": 1}}
      """
    Then the response matches:
      """
      {"data": [{"id": "<integer>", "activity": {"action": "<string>"}}]}
      """
    When admin sends GET /activity?meta=total_count&limit=1&fields=id
    Then "meta.total_count" is "<integer>"
    And "data" has 1 item

  @ACTIVITY @REVISIONS
  Scenario: GraphQL mutations are recorded, and /graphql/system reads the log
    When admin queries /graphql:
      """
      mutation { create_tags_item(data: {name: "gql-{{unique}}"}) { id } }
      """
    And I remember "data.create_tags_item.id" as "tag"
    And admin queries /graphql/system:
      """
      { activity(filter: {collection: {_eq: "tags"}, item: {_eq: "{{tag}}"}}, sort: ["-id"], limit: 1) { action collection item revisions { data delta } } }
      """
    Then the response is exactly:
      """
      {"data": {"activity": [{"action": "create", "collection": "tags", "item": "{{tag}}",
                              "revisions": [{"data": {"name": "gql-{{unique}}"}, "delta": {"name": "gql-{{unique}}"}}]}]}}
      """
