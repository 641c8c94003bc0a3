Feature: /graphql/system
  System collections without their directus_ prefix, the server, schema and
  auth root fields, and the mutations every caller has.

  @GQL-SYS-QUERY-FIELDS
  Scenario: An admin reads the server, the schema and itself
    When admin queries /graphql/system:
      """
      {
        server_ping
        collections_by_name(name: "articles") { collection meta { singleton } }
        fields_by_name(collection: "articles", field: "title") { type schema { is_nullable } }
        relations_by_name(collection: "articles", field: "author") { related_collection meta { one_field } }
        users_me { email }
        roles_me { name }
        policies_me_globals { admin_access app_access }
      }
      """
    Then the response is exactly:
      """
      {"data": {
        "server_ping": "pong",
        "collections_by_name": {"collection": "articles", "meta": {"singleton": false}},
        "fields_by_name": {"type": "string", "schema": {"is_nullable": false}},
        "relations_by_name": {"related_collection": "authors", "meta": {"one_field": "articles"}},
        "users_me": {"email": "admin@example.com"},
        "roles_me": [{"name": "Administrator"}],
        "policies_me_globals": {"admin_access": true, "app_access": true}
      }}
      """

  @GQL-SYS-SERVER-INFO-TYPE
  Scenario: server_info has more for a logged-in user than for anonymous callers
    When admin queries /graphql/system:
      """
      { server_info { project { project_name } } __type(name: "server_info") { fields { name } } }
      """
    Then the response is exactly:
      """
      {"data": {"server_info": {"project": {"project_name": "Directus"}}, "__type": {"fields": [{"name": "project"}, {"name": "license"}, {"name": "rateLimit"}, {"name": "rateLimitGlobal"}, {"name": "websocket"}, {"name": "queryLimit"}]}}}
      """
    When anonymous queries /graphql/system:
      """
      { __type(name: "server_info") { fields { name } } }
      """
    Then the response is exactly:
      """
      {"data": {"__type": {"fields": [{"name": "project"}, {"name": "license"}]}}}
      """

  @GQL-PERM-ANON-SYSTEM @GQL-SYS-GLOBAL-MUTATIONS @GQL-EMPTY-SCHEMA
  Scenario: Anonymous callers get the server fields and the global mutations only
    When anonymous queries /graphql/system:
      """
      { __schema { queryType { fields { name } } mutationType { fields { name } } } }
      """
    Then the response is exactly:
      """
      {"data": {"__schema": {
        "queryType": {"fields": [{"name": "server_specs_oas"}, {"name": "server_specs_graphql"}, {"name": "server_ping"}, {"name": "server_info"}, {"name": "server_health"}, {"name": "_empty"}]},
        "mutationType": {"fields": [{"name": "auth_login"}, {"name": "auth_refresh"}, {"name": "auth_logout"}, {"name": "auth_password_request"}, {"name": "auth_password_reset"}, {"name": "users_me_tfa_generate"}, {"name": "users_me_tfa_enable"}, {"name": "users_me_tfa_disable"}, {"name": "utils_random_string"}, {"name": "utils_sort"}, {"name": "utils_revert"}, {"name": "utils_cache_clear"}, {"name": "users_invite_accept"}, {"name": "users_register"}, {"name": "users_register_verify"}]}
      }}}
      """
    When anonymous queries /graphql/system:
      """
      { server_health }
      """
    Then the response is exactly:
      """
      {"data": {"server_health": null}, "errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"}, "locations": [{"line": 1, "column": 3}], "path": ["server_health"]}]}
      """
    When anonymous queries /graphql:
      """
      { __schema { queryType { fields { name } } mutationType { name } } }
      """
    Then the response is exactly:
      """
      {"data": {"__schema": {"queryType": {"fields": [{"name": "_empty"}]}, "mutationType": null}}}
      """

  @GQL-SYS-AUTH-MUTATION-SEMANTICS
  Scenario: auth_login works like REST login, with json mode by default
    When anonymous queries /graphql/system:
      """
      mutation { auth_login(email: "admin@example.com", password: "admin-password") { access_token refresh_token expires } }
      """
    Then the response matches:
      """
      {"data": {"auth_login": {"access_token": "<jwt>", "refresh_token": "<string>", "expires": "900000"}}}
      """
    And I remember "data.auth_login.access_token" as "access"
    When anonymous sends GET /users/me?fields=email with header "Authorization: Bearer {{access}}"
    Then the response is exactly:
      """
      {"data": {"email": "admin@example.com"}}
      """
    When anonymous queries /graphql/system:
      """
      mutation { auth_login(email: "admin@example.com", password: "wrong-password") { access_token } }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"auth_login": null}, "errors": [{"message": "Invalid user credentials.", "extensions": {"code": "INVALID_CREDENTIALS"}, "locations": [{"line": 1, "column": 12}], "path": ["auth_login"]}]}
      """

  @GQL-SYS-AUTH-MUTATION-SEMANTICS
  Scenario: auth_refresh swaps a refresh token and auth_logout ends the session
    When anonymous queries /graphql/system:
      """
      mutation { auth_login(email: "admin@example.com", password: "admin-password") { refresh_token } }
      """
    Then I remember "data.auth_login.refresh_token" as "refresh"
    When anonymous queries /graphql/system:
      """
      mutation { auth_refresh(refresh_token: "{{refresh}}") { access_token refresh_token } }
      """
    Then the response matches:
      """
      {"data": {"auth_refresh": {"access_token": "<jwt>", "refresh_token": "<string>"}}}
      """
    And I remember "data.auth_refresh.refresh_token" as "next"
    When anonymous queries /graphql/system:
      """
      mutation { auth_refresh(refresh_token: "{{refresh}}") { access_token } }
      """
    Then "errors.0.extensions.code" is "INVALID_CREDENTIALS"
    When anonymous queries /graphql/system:
      """
      mutation { auth_logout(refresh_token: "{{next}}") }
      """
    Then the response is exactly:
      """
      {"data": {"auth_logout": true}}
      """
    When anonymous queries /graphql/system:
      """
      mutation { auth_refresh(refresh_token: "{{next}}") { access_token } }
      """
    Then "errors.0.extensions.code" is "INVALID_CREDENTIALS"

  @GQL-SYS-AUTH-SESSION
  Scenario: In session mode auth_refresh and auth_logout take the session cookie, and refresh sets a new one
    When anonymous queries /graphql/system:
      """
      mutation { auth_login(email: "{{editor.email}}", password: "{{editor.password}}", mode: session) { access_token refresh_token expires } }
      """
    Then the response is exactly:
      """
      {"data": {"auth_login": {"access_token": null, "refresh_token": null, "expires": "86400000"}}}
      """
    When I remember the cookie "directus_session_token" as "old"
    And anonymous sends POST /graphql/system with header "Cookie: directus_session_token={{old}}"
      """
      {"query": "mutation { auth_refresh(mode: session) { access_token refresh_token expires } }"}
      """
    Then the response is exactly:
      """
      {"data": {"auth_refresh": {"access_token": null, "refresh_token": null, "expires": "86400000"}}}
      """
    And the cookie "directus_session_token" has "Max-Age=86400; Path=/;"
    When I remember the cookie "directus_session_token" as "new"
    Then the JWT "new" has the claims:
      """
      {"id": "{{editor.id}}", "session": "<string>"}
      """
    When anonymous sends GET /users/me?fields=id with header "Cookie: directus_session_token={{new}}"
    Then "data.id" is "{{editor.id}}"
    When anonymous sends POST /graphql/system with header "Cookie: directus_session_token={{new}}"
      """
      {"query": "mutation { auth_logout(mode: session) }"}
      """
    Then the response is exactly:
      """
      {"data": {"auth_logout": true}}
      """
    And the response clears the cookie "directus_session_token"
    When anonymous sends GET /users/me?fields=id with header "Cookie: directus_session_token={{new}}"
    Then the response is an error INVALID_CREDENTIALS

  @GQL-SYS-AUTH-SESSION @GQL-SYS-AUTH-MUTATION-SEMANTICS
  Scenario: auth_refresh looks for the token only where its mode says
    When anonymous queries /graphql/system:
      """
      mutation { auth_login(email: "{{editor.email}}", password: "{{editor.password}}", mode: session) { expires } }
      """
    And I remember the cookie "directus_session_token" as "session"
    And anonymous queries /graphql/system:
      """
      mutation { auth_login(email: "{{editor.email}}", password: "{{editor.password}}") { refresh_token } }
      """
    And I remember "data.auth_login.refresh_token" as "refresh"
    When anonymous sends POST /graphql/system with header "Cookie: directus_session_token={{session}}"
      """
      {"query": "mutation { auth_refresh { expires } }"}
      """
    Then the response is exactly:
      """
      {"data": {"auth_refresh": null}, "errors": [{"message": "Invalid payload. The refresh token is required in either the payload or cookie.", "extensions": {"code": "INVALID_PAYLOAD", "reason": "The refresh token is required in either the payload or cookie"}, "locations": [{"line": 1, "column": 12}], "path": ["auth_refresh"]}]}
      """
    When anonymous queries /graphql/system:
      """
      mutation { auth_refresh(mode: session, refresh_token: "{{refresh}}") { expires } }
      """
    Then "errors.0.extensions.code" is "INVALID_PAYLOAD"
    When anonymous queries /graphql/system:
      """
      mutation { auth_refresh(mode: cookie, refresh_token: "{{refresh}}") { expires } }
      """
    Then "errors.0.extensions.code" is "INVALID_PAYLOAD"
    When anonymous sends POST /graphql/system with header "Cookie: directus_refresh_token={{refresh}}"
      """
      {"query": "mutation { auth_refresh(mode: json) { expires } }"}
      """
    Then "errors.0.extensions.code" is "INVALID_PAYLOAD"
    When anonymous queries /graphql/system:
      """
      mutation { auth_refresh(refresh_token: "{{refresh}}") { expires } }
      """
    Then "data.auth_refresh.expires" matches the pattern "[0-9]+"

  @GQL-SYS-GLOBAL-MUTATIONS
  Scenario: utils_random_string makes a string of the asked length, between 1 and 500
    When anonymous queries /graphql/system:
      """
      mutation { utils_random_string(length: 501) }
      """
    Then the response is exactly:
      """
      {"data": {"utils_random_string": null}, "errors": [{"message": "Invalid payload. \"length\" must be between 1 and 500.", "extensions": {"code": "INVALID_PAYLOAD", "reason": "\"length\" must be between 1 and 500"}, "locations": [{"line": 1, "column": 12}], "path": ["utils_random_string"]}]}
      """
    When anonymous queries /graphql/system:
      """
      mutation { utils_cache_clear }
      """
    Then "errors.0.extensions.code" is "FORBIDDEN"

  @GQL-SYS-GLOBAL-MUTATIONS @UTIL-OTHER
  Scenario: utils_sort moves an item like POST /utils/sort, and fails like it
    When admin queries /graphql/system:
      """
      mutation { utils_sort(collection: "comments", item: "1", to: "2") }
      """
    Then the response is exactly:
      """
      {"data": {"utils_sort": true}}
      """
    When admin sends GET /items/comments?fields=id,sort&sort=id&filter[article][_eq]=1
    Then the response is exactly:
      """
      {"data": [{"id": 1, "sort": 4}, {"id": 2, "sort": 3}, {"id": 5, "sort": 1}]}
      """
    When admin queries /graphql/system:
      """
      mutation { utils_sort(collection: "articles", item: "1", to: "2") }
      """
    Then the response is exactly:
      """
      {"data": {"utils_sort": null}, "errors": [{"message": "Invalid payload. Collection \"articles\" doesn't have a sort field.",
        "extensions": {"code": "INVALID_PAYLOAD", "reason": "Collection \"articles\" doesn't have a sort field"},
        "locations": [{"line": 1, "column": 12}], "path": ["utils_sort"]}]}
      """

  @GQL-SYS-QUERY-FIELDS @SRV-SPECS-OAS
  Scenario: server_specs_oas is the OpenAPI document of /server/specs/oas
    When admin queries /graphql/system:
      """
      { server_specs_oas }
      """
    Then the response matches:
      """
      {"data": {"server_specs_oas": {"openapi": "3.0.1",
        "paths": {"/items/articles": {"get": {"operationId": "readItemsArticles"}}},
        "components": {"schemas": {"ItemsArticles": {"x-collection": "articles", "properties": {"title": {"type": "string"}}}}}}}}
      """

  @GQL-SYS-ADMIN-MUTATIONS
  Scenario: Only admins have the schema mutations
    When admin queries /graphql/system:
      """
      mutation { delete_collections_item(collection: "no_such_collection") { collection } }
      """
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"delete_collections_item": null}, "errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"}, "locations": [{"line": 1, "column": 12}], "path": ["delete_collections_item"]}]}
      """
    When reader queries /graphql/system:
      """
      mutation { delete_collections_item(collection: "no_such_collection") { collection } }
      """
    Then the response is an error GRAPHQL_VALIDATION

  @GQL-SYS-CONDITIONAL-MUTATIONS
  Scenario: update_users_me is there for users who may update users
    When admin queries /graphql/system:
      """
      mutation { update_users_me(data: {title: "Chief"}) { title } }
      """
    Then the response is exactly:
      """
      {"data": {"update_users_me": {"title": "Chief"}}}
      """
    When admin queries /graphql/system:
      """
      mutation { update_users_me(data: {title: null}) { title } }
      """
    Then the response is exactly:
      """
      {"data": {"update_users_me": {"title": null}}}
      """
    When reader queries /graphql/system:
      """
      mutation { update_users_me(data: {title: "Chief"}) { title } }
      """
    Then the response is an error GRAPHQL_VALIDATION

  @GQL-SYSTEM-DENY @GQL-READONLY-SYSTEM
  Scenario: Sessions have no generic fields and revisions no mutations
    When admin queries /graphql/system:
      """
      { sessions { token } }
      """
    Then the response is an error GRAPHQL_VALIDATION
    When admin queries /graphql/system:
      """
      mutation { delete_revisions_item(id: 1) { id } }
      """
    Then the response is an error GRAPHQL_VALIDATION
    When admin queries /graphql/system:
      """
      { collections { collection } }
      """
    Then the status is 200
    And the response matches:
      """
      {"errors": "<absent>"}
      """

  @GQL-SYS-SDL-ENDPOINT @SRV-SPECS-GRAPHQL
  Scenario: The SDL of each scope is downloadable
    When admin sends GET /server/specs/graphql
    Then the status is 200
    And the header "content-type" is "application/octet-stream; charset=utf-8"
    And the header "content-disposition" contains "attachment; filename="
    When admin sends GET /server/specs/graphql/system
    Then the status is 200
    When admin sends GET /server/specs/graphql/nope
    Then the response is an error ROUTE_NOT_FOUND
