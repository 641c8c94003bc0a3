Feature: The system collections of Directus' own machinery
  Besides the content's system collections, 12.4 lists the schema's metadata
  tables, its migrations, the OAuth server's and the deployments' tables in
  /collections, /fields and /relations, and exposes the OAuth and deployment
  ones in the system GraphQL schema. GraphQL's permissions_me answers what
  GET /permissions/me answers.

  @SYS-COLLECTIONS-MACHINERY
  Scenario: The machinery's system collections are listed with their fields and relations
    When admin sends GET /collections/directus_oauth_clients
    Then the response matches:
      """
      {"data": {"collection": "directus_oauth_clients", "meta": {"hidden": false, "singleton": false},
                "schema": {"name": "directus_oauth_clients"}}}
      """
    When admin sends GET /fields/directus_migrations
    Then the response matches:
      """
      {"data": [{"field": "version", "type": "string", "schema": {"is_primary_key": true, "is_nullable": false}},
                {"field": "name", "type": "string", "schema": {"is_nullable": false}},
                {"field": "timestamp", "schema": {"is_nullable": true}}]}
      """
    When admin sends GET /relations/directus_oauth_tokens/client
    Then the response matches:
      """
      {"data": {"collection": "directus_oauth_tokens", "field": "client", "related_collection": "directus_oauth_clients",
                "schema": {"foreign_key_column": "client_id", "on_delete": "CASCADE"}}}
      """
    When admin sends GET /relations/directus_deployment_runs/project
    Then the response matches:
      """
      {"data": {"related_collection": "directus_deployment_projects", "schema": {"on_delete": "CASCADE"}}}
      """
    When admin sends GET /collections/directus_fields
    Then the status is 200
    When admin sends GET /collections/directus_deployment_runs
    Then the status is 200

  @SYS-COLLECTIONS-MACHINERY
  Scenario: The OAuth and deployment tables are in the system GraphQL schema, the schema's own tables are not
    When admin queries /graphql/system:
      """
      { deployments(limit: 1) { id provider } deployments_aggregated { count { id } } }
      """
    Then the response is exactly:
      """
      {"data": {"deployments": [], "deployments_aggregated": [{"count": {"id": "<numeric 0>"}}]}}
      """
    When admin queries /graphql/system:
      """
      { oauth_clients(limit: 1) { client_id } }
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"},
                   "locations": [{"line": 1, "column": 3}], "path": ["oauth_clients"]}]}
      """
    When admin queries /graphql/system:
      """
      { migrations { version } }
      """
    Then the response is an error GRAPHQL_VALIDATION

  @GQL-SYS-PERMISSIONS-ME
  Scenario: permissions_me answers what GET /permissions/me answers
    When reader sends GET /permissions/me
    Then the status is 200
    When anonymous queries /graphql/system:
      """
      { permissions_me }
      """
    Then the response is an error GRAPHQL_VALIDATION
    When admin queries /graphql/system:
      """
      { permissions_me }
      """
    Then the response matches:
      """
      {"data": {"permissions_me": {"articles": {"create": {"access": "full", "fields": ["*"]},
                                                "read": {"access": "full", "fields": ["*"]}}}}}
      """
