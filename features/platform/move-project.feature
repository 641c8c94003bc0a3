Feature: Moving a project onto the target through the public API
  A team moves a small shop onto the target the way migration tools do: the
  schema (collections, a folder, fields, an m2o with its o2m, a relation to
  directus_files, a singleton), a file, content with nested writes, a policy
  with permissions, a role holding it, permissions for the public policy at
  its fixed id, a flow with an operation, a dashboard with panels, presets,
  translations and the project's settings; then reads every part back as it
  was sent. The harness' reset removes all of it after the scenario.

  @MOVE-PROJECT
  Scenario: A shop's schema, content, access, automation and insights arrive intact
    # The schema: a folder, two collections in it and a singleton.
    Given I set "open" to "{"
    And admin sends POST /collections
      """
      {"collection": "mv_shop", "meta": {"icon": "storefront", "note": "The shop"}, "schema": null}
      """
    And admin sends POST /collections
      """
      {"collection": "mv_categories", "meta": {"icon": "category", "group": "mv_shop", "sort": 1}, "schema": {},
       "fields": [
         {"field": "id", "type": "integer", "meta": {"hidden": true, "readonly": true},
          "schema": {"is_primary_key": true, "has_auto_increment": true}},
         {"field": "name", "type": "string", "meta": {"interface": "input", "required": true}, "schema": {"is_nullable": false}}]}
      """
    And admin sends POST /collections
      """
      {"collection": "mv_products", "meta": {"icon": "bakery_dining", "group": "mv_shop", "sort": 2,
                                              "display_template": "{{open}}{name}}"}, "schema": {},
       "fields": [
         {"field": "id", "type": "integer", "meta": {"hidden": true, "readonly": true},
          "schema": {"is_primary_key": true, "has_auto_increment": true}},
         {"field": "name", "type": "string", "meta": {"interface": "input"}},
         {"field": "price_cents", "type": "integer", "meta": {"interface": "input"}, "schema": {"default_value": 0}},
         {"field": "tags", "type": "json", "meta": {"interface": "tags", "special": ["cast-json"]}},
         {"field": "category", "type": "integer", "meta": {"interface": "select-dropdown-m2o", "special": ["m2o"]}},
         {"field": "image", "type": "uuid", "meta": {"interface": "file-image", "special": ["file"]}}]}
      """
    And admin sends POST /collections
      """
      {"collection": "mv_globals", "meta": {"icon": "public", "singleton": true}, "schema": {},
       "fields": [
         {"field": "id", "type": "integer", "meta": {"hidden": true}, "schema": {"is_primary_key": true, "has_auto_increment": true}},
         {"field": "site_title", "type": "string", "meta": {"interface": "input"}}]}
      """
    And admin sends POST /fields/mv_categories
      """
      {"field": "products", "type": "alias", "meta": {"interface": "list-o2m", "special": ["o2m"]}}
      """
    And admin sends POST /relations
      """
      {"collection": "mv_products", "field": "category", "related_collection": "mv_categories",
       "meta": {"one_field": "products"}, "schema": {"on_delete": "SET NULL"}}
      """
    And admin sends POST /relations
      """
      {"collection": "mv_products", "field": "image", "related_collection": "directus_files",
       "schema": {"on_delete": "SET NULL"}}
      """
    # A file and the content, nested the way an export nests it.
    And admin sends POST /files as multipart:
      | part  | content   | filename     | type      |
      | title | Baguette  |              |           |
      | file  | png 4x4   | baguette.png | image/png |
    And I remember "data.id" as "file"
    And admin sends POST /items/mv_categories
      """
      [{"name": "Bread", "products": [
         {"name": "Baguette", "price_cents": 250, "tags": ["fresh", "daily"], "image": "{{file}}"},
         {"name": "Rye loaf", "price_cents": 420, "tags": []}]},
       {"name": "Cakes", "products": [{"name": "Cheesecake", "price_cents": 1800, "tags": ["sweet"]}]}]
      """
    And admin sends PATCH /items/mv_globals
      """
      {"site_title": "Bakery {{unique}}"}
      """
    # Access: a policy with permissions, a role holding it, and the public policy's permissions
    # (whole collections: an unlicensed Directus refuses field lists and rules).
    And admin sends POST /policies
      """
      {"name": "Shop editing {{unique}}", "icon": "storefront", "description": "Edit the shop",
       "app_access": true, "admin_access": false, "enforce_tfa": false}
      """
    And I remember "data.id" as "policy"
    And admin sends POST /permissions
      """
      [{"policy": "{{policy}}", "collection": "mv_products", "action": "read", "fields": ["*"]},
       {"policy": "{{policy}}", "collection": "mv_products", "action": "update", "fields": ["*"]},
       {"policy": "abf8a154-5b1c-4a46-ac9c-7300570f4f17", "collection": "mv_products", "action": "read", "fields": ["*"]},
       {"policy": "abf8a154-5b1c-4a46-ac9c-7300570f4f17", "collection": "mv_categories", "action": "read", "fields": ["*"]},
       {"policy": "abf8a154-5b1c-4a46-ac9c-7300570f4f17", "collection": "mv_globals", "action": "read", "fields": ["*"]}]
      """
    And admin sends POST /roles
      """
      {"name": "Shop editor {{unique}}", "icon": "badge", "description": "Runs the shop"}
      """
    And I remember "data.id" as "role"
    And admin sends POST /access
      """
      {"role": "{{role}}", "policy": "{{policy}}"}
      """
    # Automation and insights.
    And admin sends POST /flows
      """
      {"name": "Reprice {{unique}}", "icon": "bolt", "color": "#FFA439", "trigger": "webhook", "status": "active",
       "accountability": "all", "options": {"method": "POST"},
       "operations": [{"key": "quote", "type": "transform", "position_x": 19, "position_y": 1,
                       "options": {"json": {"total": "{{open}}{$trigger.body.n}}"}}}]}
      """
    And I remember "data.id" as "flow"
    And I remember "data.operations.0" as "op"
    And admin sends PATCH /flows/{{flow}}
      """
      {"operation": "{{op}}"}
      """
    And admin sends POST /dashboards
      """
      {"name": "Shop {{unique}}", "icon": "insights", "note": "Sales", "color": "#2ECDA7", "panels": [
        {"name": "Products", "type": "metric", "position_x": 1, "position_y": 1, "width": 12, "height": 6,
         "show_header": true, "options": {"collection": "mv_products", "function": "count", "field": "id"}},
        {"name": "Welcome", "type": "label", "position_x": 13, "position_y": 1, "width": 8, "height": 6,
         "show_header": false, "options": {"text": "Hello"}}]}
      """
    And I remember "data.id" as "dashboard"
    And admin sends POST /presets
      """
      [{"bookmark": "Cheap {{unique}}", "collection": "mv_products", "role": "{{role}}", "layout": "tabular",
        "layout_query": {"tabular": {"sort": ["price_cents"], "fields": ["name", "price_cents"]}},
        "filter": {"price_cents": {"_lt": 500}}, "icon": "savings", "color": "#3399FF"},
       {"collection": "mv_categories", "layout": "cards", "layout_options": {"cards": {"size": 4}}}]
      """
    And admin sends POST /translations
      """
      [{"key": "mv.buy.{{unique}}", "language": "en-US", "value": "Buy now"},
       {"key": "mv.buy.{{unique}}", "language": "de-DE", "value": "Jetzt kaufen"}]
      """
    And admin sends PATCH /settings
      """
      {"project_descriptor": "Bakery {{unique}}", "public_note": "Fresh every day",
       "theme_light_overrides": {"primary": "#C2410C"}}
      """
    # Read back: the schema.
    When admin sends GET /collections/mv_products
    Then the response matches:
      """
      {"data": {"collection": "mv_products", "meta": {"icon": "bakery_dining", "group": "mv_shop", "sort": 2,
                "display_template": "{{open}}{name}}", "singleton": false}}}
      """
    When admin sends GET /collections/mv_shop
    Then the response matches:
      """
      {"data": {"collection": "mv_shop", "meta": {"icon": "storefront", "note": "The shop"}, "schema": null}}
      """
    When admin sends GET /collections/mv_globals
    Then "data.meta.singleton" is true
    When admin sends GET /fields/mv_products/image
    Then the response matches:
      """
      {"data": {"type": "uuid", "meta": {"interface": "file-image", "special": ["file"]}}}
      """
    When admin sends GET /fields/mv_products/price_cents
    Then the response matches:
      """
      {"data": {"type": "integer", "schema": {"default_value": 0}}}
      """
    When admin sends GET /relations/mv_products/category
    Then the response matches:
      """
      {"data": {"collection": "mv_products", "field": "category", "related_collection": "mv_categories",
                "meta": {"one_field": "products"}, "schema": {"on_delete": "SET NULL"}}}
      """
    When admin sends GET /relations/mv_products/image
    Then the response matches:
      """
      {"data": {"related_collection": "directus_files", "schema": {"on_delete": "SET NULL"}}}
      """
    # The content, across the relations.
    When admin sends GET /items/mv_categories?fields=name,products.name,products.price_cents,products.tags,products.image.title&sort=name&deep[products][_sort]=name
    Then the response is exactly:
      """
      {"data": [
        {"name": "Bread", "products": [
          {"name": "Baguette", "price_cents": 250, "tags": ["fresh", "daily"], "image": {"title": "Baguette"}},
          {"name": "Rye loaf", "price_cents": 420, "tags": [], "image": null}]},
        {"name": "Cakes", "products": [{"name": "Cheesecake", "price_cents": 1800, "tags": ["sweet"], "image": null}]}]}
      """
    When admin sends GET /items/mv_globals?fields=site_title
    Then the response is exactly:
      """
      {"data": {"site_title": "Bakery {{unique}}"}}
      """
    # Access: the public policy's permissions work for an anonymous website.
    When anonymous sends GET /items/mv_products?fields=name,price_cents,category.name&sort=price_cents
    Then the response is exactly:
      """
      {"data": [{"name": "Baguette", "price_cents": 250, "category": {"name": "Bread"}},
                {"name": "Rye loaf", "price_cents": 420, "category": {"name": "Bread"}},
                {"name": "Cheesecake", "price_cents": 1800, "category": {"name": "Cakes"}}]}
      """
    When anonymous sends GET /items/mv_globals?fields=site_title
    Then the response is exactly:
      """
      {"data": {"site_title": "Bakery {{unique}}"}}
      """
    When admin sends GET /permissions?filter[policy][_eq]=abf8a154-5b1c-4a46-ac9c-7300570f4f17&filter[collection][_starts_with]=mv_&fields=collection,action,fields,permissions,validation,presets&sort=collection
    Then the response is exactly:
      """
      {"data": [
        {"collection": "mv_categories", "action": "read", "fields": ["*"], "permissions": null, "validation": null, "presets": null},
        {"collection": "mv_globals", "action": "read", "fields": ["*"], "permissions": null, "validation": null, "presets": null},
        {"collection": "mv_products", "action": "read", "fields": ["*"], "permissions": null, "validation": null, "presets": null}]}
      """
    When admin sends GET /roles/{{role}}?fields=name,icon,description,policies.policy.name,policies.policy.app_access
    Then the response is exactly:
      """
      {"data": {"name": "Shop editor {{unique}}", "icon": "badge", "description": "Runs the shop",
                "policies": [{"policy": {"name": "Shop editing {{unique}}", "app_access": true}}]}}
      """
    When admin sends GET /policies/{{policy}}?fields=permissions.collection,permissions.action,permissions.fields&deep[permissions][_sort]=action
    Then the response is exactly:
      """
      {"data": {"permissions": [{"collection": "mv_products", "action": "read", "fields": ["*"]},
                                {"collection": "mv_products", "action": "update", "fields": ["*"]}]}}
      """
    # Automation and insights.
    When admin sends GET /flows/{{flow}}?fields=name,icon,color,trigger,status,accountability,options,operation.key,operation.type,operation.options,operation.resolve,operation.reject
    Then the response is exactly:
      """
      {"data": {"name": "Reprice {{unique}}", "icon": "bolt", "color": "#FFA439", "trigger": "webhook", "status": "active",
                "accountability": "all", "options": {"method": "POST"},
                "operation": {"key": "quote", "type": "transform", "options": {"json": {"total": "{{open}}{$trigger.body.n}}"}},
                              "resolve": null, "reject": null}}}
      """
    When anonymous sends POST /flows/trigger/{{flow}}
      """
      {"n": 3}
      """
    Then the response is exactly:
      """
      {"total": 3}
      """
    When admin sends GET /dashboards/{{dashboard}}?fields=name,icon,note,color,panels.name,panels.type,panels.position_x,panels.position_y,panels.width,panels.height,panels.show_header,panels.options&deep[panels][_sort]=position_x
    Then the response is exactly:
      """
      {"data": {"name": "Shop {{unique}}", "icon": "insights", "note": "Sales", "color": "#2ECDA7", "panels": [
        {"name": "Products", "type": "metric", "position_x": 1, "position_y": 1, "width": 12, "height": 6,
         "show_header": true, "options": {"collection": "mv_products", "function": "count", "field": "id"}},
        {"name": "Welcome", "type": "label", "position_x": 13, "position_y": 1, "width": 8, "height": 6,
         "show_header": false, "options": {"text": "Hello"}}]}}
      """
    When admin sends GET /presets?filter[collection][_starts_with]=mv_&fields=bookmark,collection,user,role,layout,layout_query,layout_options,filter,icon,color&sort=collection
    Then the response is exactly:
      """
      {"data": [
        {"bookmark": null, "collection": "mv_categories", "user": null, "role": null, "layout": "cards",
         "layout_query": null, "layout_options": {"cards": {"size": 4}}, "filter": null, "icon": "bookmark", "color": null},
        {"bookmark": "Cheap {{unique}}", "collection": "mv_products", "user": null, "role": "{{role}}", "layout": "tabular",
         "layout_query": {"tabular": {"sort": ["price_cents"], "fields": ["name", "price_cents"]}}, "layout_options": null,
         "filter": {"price_cents": {"_lt": 500}}, "icon": "savings", "color": "#3399FF"}]}
      """
    When admin sends GET /translations?filter[key][_eq]=mv.buy.{{unique}}&fields=key,language,value&sort=language
    Then the response is exactly:
      """
      {"data": [{"key": "mv.buy.{{unique}}", "language": "de-DE", "value": "Jetzt kaufen"},
                {"key": "mv.buy.{{unique}}", "language": "en-US", "value": "Buy now"}]}
      """
    When anonymous sends GET /server/info
    Then the response matches:
      """
      {"data": {"project": {"project_descriptor": "Bakery {{unique}}", "public_note": "Fresh every day",
                            "theme_light_overrides": {"primary": "#C2410C"}}}}
      """

  @MOVE-PROJECT
  Scenario: A shop's schema travels as a partial snapshot and is applied back as it was
    Given I set "open" to "{"
    And admin sends POST /collections
      """
      {"collection": "mv_shop", "meta": {"icon": "storefront", "note": "The shop"}, "schema": null}
      """
    And admin sends POST /collections
      """
      {"collection": "mv_categories", "meta": {"icon": "category", "group": "mv_shop", "sort": 1}, "schema": {},
       "fields": [
         {"field": "id", "type": "integer", "meta": {"hidden": true, "readonly": true},
          "schema": {"is_primary_key": true, "has_auto_increment": true}},
         {"field": "name", "type": "string", "meta": {"interface": "input", "required": true}, "schema": {"is_nullable": false}}]}
      """
    And admin sends POST /collections
      """
      {"collection": "mv_products", "meta": {"icon": "bakery_dining", "group": "mv_shop", "sort": 2,
                                              "display_template": "{{open}}{name}}"}, "schema": {},
       "fields": [
         {"field": "id", "type": "integer", "meta": {"hidden": true, "readonly": true},
          "schema": {"is_primary_key": true, "has_auto_increment": true}},
         {"field": "name", "type": "string", "meta": {"interface": "input", "note": "Shown on the menu"},
          "schema": {"max_length": 80}},
         {"field": "price_cents", "type": "integer", "meta": {"interface": "input"}, "schema": {"default_value": 0}},
         {"field": "category", "type": "integer", "meta": {"interface": "select-dropdown-m2o", "special": ["m2o"]}},
         {"field": "image", "type": "uuid", "meta": {"interface": "file-image", "special": ["file"]}}]}
      """
    And admin sends POST /fields/mv_categories
      """
      {"field": "products", "type": "alias", "meta": {"interface": "list-o2m", "special": ["o2m"]}}
      """
    And admin sends POST /relations
      """
      {"collection": "mv_products", "field": "category", "related_collection": "mv_categories",
       "meta": {"one_field": "products"}, "schema": {"on_delete": "SET NULL"}}
      """
    And admin sends POST /relations
      """
      {"collection": "mv_products", "field": "image", "related_collection": "directus_files",
       "schema": {"on_delete": "SET NULL"}}
      """
    And admin sends GET /schema/snapshot?includeCollections=mv_shop,mv_categories,mv_products
    And I remember "data" as "shop"
    And admin sends DELETE /collections/mv_products
    And admin sends DELETE /collections/mv_categories
    And admin sends DELETE /collections/mv_shop
    When admin sends POST /schema/diff
      """
      {{shop}}
      """
    Then the status is 200
    And I remember "data" as "migration"
    When admin sends POST /schema/apply
      """
      {{migration}}
      """
    Then the status is 204
    When admin sends GET /schema/snapshot?includeCollections=mv_shop,mv_categories,mv_products
    Then the response is exactly:
      """
      {"data": {{shop}}}
      """
    When admin sends POST /items/mv_categories?fields=name,products.name,products.price_cents
      """
      {"name": "Bread", "products": [{"name": "Baguette"}]}
      """
    Then the response is exactly:
      """
      {"data": {"name": "Bread", "products": [{"name": "Baguette", "price_cents": 0}]}}
      """
