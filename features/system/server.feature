Feature: Server endpoints
  /server/ping, /server/info, /server/health, /server/setup, the root
  redirect, OPTIONS, and /utils/random/string.

  @SRV-PING @HTTP-HEADERS
  Scenario: /server/ping answers pong as text without authentication
    When anonymous sends GET /server/ping
    Then the status is 200
    And the body is "pong"
    And the header "Content-Type" contains "text/html"
    And the header "X-Powered-By" is "Directus"

  @SRV-INFO @AUTH-ANON @ENV-OTHER-DEFAULTS
  Scenario: Anonymous /server/info has the project and the licence, nothing more
    When anonymous sends GET /server/info
    Then the response matches:
      """
      {"data": {"project": {"project_name": "<string>", "project_color": "<string>", "default_language": "<string>",
                            "public_registration": false, "public_registration_verify_email": true},
                "license": {"source": null},
                "version": "<absent>", "rateLimit": "<absent>", "queryLimit": "<absent>"}}
      """

  @SRV-INFO @ENV-LIMITS @ENV-RATE-LIMIT
  Scenario: A user's /server/info adds the version, the limits and the rate limiter
    When editor sends GET /server/info
    Then the response matches:
      """
      {"data": {"version": "12.4.0", "queryLimit": {"default": 100, "max": -1}, "rateLimit": false,
                "rateLimitGlobal": false, "websocket": false}}
      """

  @SRV-INFO-ADMIN
  Scenario: An admin's /server/info has every key of 12.4, the project's theming as set
    Given admin sends PATCH /settings
      """
      {"project_descriptor": "Moved {{unique}}", "default_appearance": "dark",
       "default_theme_light": "Directus Default", "default_theme_dark": "Directus Default",
       "theme_light_overrides": {"primary": "#123456"}, "theme_dark_overrides": {"primary": "#654321"},
       "custom_css": "body { color: red; }"}
      """
    When admin sends GET /server/info
    Then the response is exactly:
      """
      {"data": {
        "project": {"project_name": "<string>", "project_descriptor": "Moved {{unique}}", "project_logo": null,
                    "project_color": "<string>", "default_appearance": "dark",
                    "default_theme_light": "Directus Default", "default_theme_dark": "Directus Default",
                    "theme_light_overrides": {"primary": "#123456"}, "theme_dark_overrides": {"primary": "#654321"},
                    "default_language": "<string>", "public_foreground": null, "public_background": null,
                    "public_favicon": null, "public_note": null, "custom_css": "body { color: red; }",
                    "public_registration": false, "public_registration_verify_email": true},
        "project_owner_enabled": true, "mcp_enabled": true, "ai_enabled": true, "mcp_oauth_enabled": false,
        "mcp_oauth_dcr_enabled": false, "mcp_oauth_cimd_enabled": false,
        "autoSave": {"revisionInterval": 300}, "ai_providers": [], "files": {"mimeTypeAllowList": ["*/*"]},
        "rateLimit": false, "rateLimitGlobal": false, "extensions": {"limit": null},
        "queryLimit": {"default": 100, "max": -1}, "websocket": false, "version": "12.4.0",
        "license": {"source": null, "entitlements": {"production_enabled": true, "ai_translations_enabled": false,
                                                     "display_powered_by": "DIRECTUS"}}}}
      """
    When anonymous sends GET /server/info
    Then the response matches:
      """
      {"data": {"project": {"project_descriptor": "Moved {{unique}}", "default_appearance": "dark",
                            "theme_dark_overrides": {"primary": "#654321"}, "custom_css": "body { color: red; }"}}}
      """

  @SRV-INFO-ENV @needs-websockets
  Scenario: With realtime on, /server/info describes its transports and features
    When admin sends GET /server/info
    Then the response matches:
      """
      {"data": {"websocket": {"rest": {"authentication": "handshake", "path": "/websocket"},
                              "graphql": {"authentication": "handshake", "path": "/graphql"},
                              "heartbeat": 30, "collaborativeEditing": true,
                              "logs": {"allowedLogLevels": {"info": 30, "warn": 40, "error": 50, "fatal": 60}}},
                "rateLimit": false, "files": {"mimeTypeAllowList": ["*/*"]}}}
      """
    And the keys of "data.websocket" are ["rest", "graphql", "heartbeat", "collaborativeEditing", "logs"]

  @SRV-INFO-ENV @needs-websockets-strict
  Scenario: /server/info names the strict authentication of realtime
    When admin sends GET /server/info
    Then the response matches:
      """
      {"data": {"websocket": {"rest": {"authentication": "strict", "path": "/websocket"}}}}
      """

  @SRV-INFO-ENV @needs-websockets-tight
  Scenario: /server/info reports the heartbeat period and the rate limiter
    When admin sends GET /server/info
    Then the response matches:
      """
      {"data": {"websocket": {"heartbeat": 1}, "rateLimit": {"points": 100000, "duration": 1}, "rateLimitGlobal": false}}
      """

  @SRV-INFO-ENV @needs-files-limits
  Scenario: /server/info lists FILES_MIME_TYPE_ALLOW_LIST
    When admin sends GET /server/info
    Then the response matches:
      """
      {"data": {"files": {"mimeTypeAllowList": ["image/*", "text/plain"]}, "websocket": false}}
      """

  @SRV-HEALTH @ENV-HEALTH
  Scenario: /server/health needs a user; a non-admin sees only the status
    When anonymous sends GET /server/health
    Then the response is exactly:
      """
      {"errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"}}]}
      """
    When editor sends GET /server/health
    Then the response is exactly:
      """
      {"status": "ok"}
      """
    And the header "Content-Type" contains "application/health+json"
    When admin sends GET /server/health
    Then the response matches:
      """
      {"status": "ok", "releaseId": "<string>", "serviceId": "<string>", "checks": "<object>"}
      """

  @SRV-SETUP
  Scenario: /server/setup is FORBIDDEN once a user exists
    When anonymous sends POST /server/setup
      """
      {"admin": {"email": "setup-{{unique}}@example.com", "password": "pw"}}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"}}]}
      """

  @HTTP-ROOT
  Scenario: The root redirects to the Data Studio
    When anonymous sends GET /
    Then the status is 302
    And the header "Location" is "./admin"

  @HTTP-OPTIONS
  Scenario: OPTIONS answers the methods as text (CORS off)
    When anonymous sends OPTIONS /items/articles
    Then the status is 200
    And the body is "POST,SEARCH,GET,HEAD,PATCH,DELETE"

  @UTIL-RANDOM
  Scenario: /utils/random/string gives a random string of the asked length, 32 by default
    When anonymous sends GET /utils/random/string?length=10
    Then the response matches:
      """
      {"data": "<string>"}
      """
    When I remember "data" as "first"
    And anonymous sends GET /utils/random/string
    Then "data" is "<string>"

  @UTIL-RANDOM
  Scenario Outline: A random string length outside 1 to 500 is INVALID_QUERY (<length>)
    When anonymous sends GET /utils/random/string?length=<length>
    Then the response is an error INVALID_QUERY

    Examples:
      | length |
      | 0      |
      | 501    |
      | abc    |

  @UTIL-HASH-REMOVED @ERR-404-ROUTE
  Scenario: The hash utilities were removed in Directus 12.1
    When admin sends POST /utils/hash/verify
      """
      {"string": "x", "hash": "y"}
      """
    Then the response is an error ROUTE_NOT_FOUND

  @AUTH-PASSWORD-REQUEST
  Scenario: A password reset request needs an email, and answers 204 whether or not it is known
    When anonymous sends POST /auth/password/request
      """
      {}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error reason is ""email" field is required"
    When anonymous sends POST /auth/password/request
      """
      {"email": "nobody-{{unique}}@example.com"}
      """
    Then the status is 204
