Feature: Fixed ids and the rows a fresh Directus lists
  Directus' migrations create the public policy with a fixed id, so tools that
  move a project from one instance to another can attach public permissions to
  it. The minimal permissions that app access grants are not rows, but
  /permissions lists them to callers with app access.

  @SYS-PUBLIC-POLICY-ID
  Scenario: The public policy has Directus' fixed id and reaches the public through an access row
    When admin sends GET /policies/abf8a154-5b1c-4a46-ac9c-7300570f4f17?fields=id,name,icon,admin_access,app_access
    Then the response is exactly:
      """
      {"data": {"id": "abf8a154-5b1c-4a46-ac9c-7300570f4f17", "name": "$t:public_label", "icon": "public",
                "admin_access": false, "app_access": false}}
      """
    When admin sends GET /access?filter[policy][_eq]=abf8a154-5b1c-4a46-ac9c-7300570f4f17&fields=role,user,policy
    Then the response is exactly:
      """
      {"data": [{"role": null, "user": null, "policy": "abf8a154-5b1c-4a46-ac9c-7300570f4f17"}]}
      """

  @SYS-PUBLIC-POLICY-ID
  Scenario: A permission created for the public policy's fixed id lets anonymous callers read
    When anonymous sends GET /items/tags?fields=id&limit=1
    Then the response is an error FORBIDDEN
    When admin sends POST /permissions
      """
      {"policy": "abf8a154-5b1c-4a46-ac9c-7300570f4f17", "collection": "tags", "action": "read", "fields": ["*"]}
      """
    Then the status is 200
    When anonymous sends GET /items/tags?fields=id&limit=1&sort=id
    Then the response is exactly:
      """
      {"data": [{"id": 1}]}
      """

  @SYS-APP-MINIMAL-LIST
  Scenario: /permissions lists the minimal app permissions after the stored ones, filtered but not counted
    When admin sends GET /permissions?filter[collection][_eq]=directus_presets&meta=*
    Then the response is exactly:
      """
      {"data": [
        {"policy": null, "permissions": {"_or": [{"user": {"_eq": "$CURRENT_USER"}},
                                                 {"_and": [{"user": {"_null": true}}, {"role": {"_eq": "$CURRENT_ROLE"}}]},
                                                 {"_and": [{"user": {"_null": true}}, {"role": {"_null": true}}]}]},
         "validation": null, "presets": null, "fields": ["*"], "system": true, "collection": "directus_presets", "action": "read"},
        {"policy": null, "permissions": {}, "validation": {"user": {"_eq": "$CURRENT_USER"}}, "presets": null,
         "fields": ["*"], "system": true, "collection": "directus_presets", "action": "create"},
        {"policy": null, "permissions": {"user": {"_eq": "$CURRENT_USER"}}, "validation": {"user": {"_eq": "$CURRENT_USER"}},
         "presets": null, "fields": ["*"], "system": true, "collection": "directus_presets", "action": "update"},
        {"policy": null, "permissions": {"user": {"_eq": "$CURRENT_USER"}}, "validation": null, "presets": null,
         "fields": ["*"], "system": true, "collection": "directus_presets", "action": "delete"}],
       "meta": {"total_count": "<integer>", "filter_count": 0}}
      """

  @SYS-APP-MINIMAL-LIST
  Scenario: The minimal app permissions come after any limit, and a filter on stored columns leaves them out
    When admin sends GET /permissions?fields=id&limit=1&filter[collection][_eq]=directus_notifications
    Then the response is exactly:
      """
      {"data": [
        {"policy": null, "permissions": {"recipient": {"_eq": "$CURRENT_USER"}}, "validation": null, "presets": null,
         "fields": ["*"], "system": true, "collection": "directus_notifications", "action": "read"},
        {"policy": null, "permissions": {"recipient": {"_eq": "$CURRENT_USER"}}, "validation": null, "presets": null,
         "fields": ["status"], "system": true, "collection": "directus_notifications", "action": "update"}]}
      """
    When admin sends GET /permissions?filter[policy][_nnull]=true&filter[collection][_eq]=directus_notifications
    Then the response is exactly:
      """
      {"data": []}
      """
    # A condition through the policy (a relation) is a nested object rule: a
    # minimal permission's null policy is no object, so it fails it.
    When admin sends GET /permissions?filter[policy][name][_nnull]=true&filter[collection][_eq]=directus_notifications
    Then the response is exactly:
      """
      {"data": []}
      """

  @SYS-PLATFORM-COLLECTIONS
  Scenario: The platform's system collections are listed with their metadata
    When admin sends GET /collections/directus_presets
    Then the response matches:
      """
      {"data": {"collection": "directus_presets", "meta": {"singleton": false, "accountability": null, "system": true}}}
      """
    When admin sends GET /collections/directus_translations
    Then the response matches:
      """
      {"data": {"collection": "directus_translations", "meta": {"accountability": "all", "system": true}}}
      """
    When admin sends GET /collections?filter[collection][_in]=directus_dashboards,directus_panels
    Then the status is 200

  @SYS-PLATFORM-COLLECTIONS
  Scenario: The fields of a platform collection are those of Directus 12.4
    When admin sends GET /fields/directus_panels
    Then the response matches:
      """
      {"data": [
        {"field": "id", "type": "uuid", "schema": {"is_primary_key": true, "is_nullable": false}},
        {"field": "dashboard", "type": "string", "schema": {"is_nullable": false}},
        {"field": "name", "type": "string"},
        {"field": "icon", "type": "string"},
        {"field": "color", "type": "string"},
        {"field": "show_header", "type": "boolean", "schema": {"is_nullable": false, "default_value": false}},
        {"field": "note", "type": "text"},
        {"field": "type", "type": "string", "schema": {"is_nullable": false}},
        {"field": "position_x", "type": "integer"},
        {"field": "position_y", "type": "integer"},
        {"field": "width", "type": "integer"},
        {"field": "height", "type": "integer"},
        {"field": "options", "type": "json", "meta": {"special": ["cast-json"]}},
        {"field": "date_created", "type": "timestamp", "meta": {"special": ["date-created", "cast-timestamp"]}},
        {"field": "user_created", "type": "string", "meta": {"special": ["user-created"]}}]}
      """
    And "data" has 15 items

  @SYS-SYSTEM-SEARCH
  Scenario: SEARCH reads system collections with the query in the body
    When admin sends SEARCH /users
      """
      {"query": {"filter": {"email": {"_eq": "admin@example.com"}}, "fields": ["email"]}}
      """
    Then the response is exactly:
      """
      {"data": [{"email": "admin@example.com"}]}
      """
    When admin sends SEARCH /roles
      """
      {"query": {"fields": ["name"], "filter": {"name": {"_eq": "Administrator"}}}}
      """
    Then the response is exactly:
      """
      {"data": [{"name": "Administrator"}]}
      """

  @SYS-ROUTE-DELETE-BODY
  Scenario: Some system routes check a batch delete's body, others fail reading a query it does not have
    When admin sends DELETE /presets
      """
      {}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is "\"value\" must contain at least one of [query, keys]"
    When admin sends DELETE /dashboards
      """
      {}
      """
    Then the response is an error INTERNAL_SERVER_ERROR
    And the error message is "Cannot read properties of undefined (reading 'limit')"
    When admin sends DELETE /flows
      """
      {"keys": []}
      """
    Then the status is 204
