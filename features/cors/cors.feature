Feature: CORS, so that a web app on another origin can call the API
  Directus answers CORS only when CORS_ENABLED is true; CORS_ORIGIN lists the
  origins it echoes back. Preflights answer 204 with the allowed methods,
  headers and max age; actual responses, errors included, carry the origin,
  the credentials flag and the exposed headers.

  @CORS-DISABLED-DEFAULT
  Scenario: By default a preflight gets Express' plain OPTIONS answer and no CORS headers
    When anonymous sends OPTIONS /items/articles with headers:
      | Origin                        | http://localhost:5173 |
      | Access-Control-Request-Method | PATCH                 |
    Then the status is 200
    And the body is "POST,SEARCH,GET,HEAD,PATCH,DELETE"
    And there is no header "Access-Control-Allow-Origin"
    And there is no header "Access-Control-Allow-Credentials"

  @CORS-DISABLED-DEFAULT
  Scenario: By default an actual response has no CORS headers
    When anonymous sends GET /server/ping with header "Origin: http://localhost:5173"
    Then the status is 200
    And there is no header "Access-Control-Allow-Origin"

  @needs-cors @CORS-PREFLIGHT
  Scenario: A preflight from a listed origin answers 204 with Directus' defaults
    When anonymous sends OPTIONS /items/articles with headers:
      | Origin                         | http://localhost:5173       |
      | Access-Control-Request-Method  | PATCH                       |
      | Access-Control-Request-Headers | content-type,authorization  |
    Then the status is 204
    And the body is empty
    And the header "Access-Control-Allow-Origin" is "http://localhost:5173"
    And the header "Access-Control-Allow-Credentials" is "true"
    And the header "Access-Control-Allow-Methods" is "GET,POST,PATCH,DELETE"
    And the header "Access-Control-Allow-Headers" is "Content-Type,Authorization"
    And the header "Access-Control-Max-Age" is "18000"
    And the header "Access-Control-Expose-Headers" is "Content-Range"
    And the header "Vary" contains "Origin"

  @needs-cors @CORS-ORIGIN
  Scenario: A preflight from an origin not listed gets no Access-Control-Allow-Origin
    When anonymous sends OPTIONS /items/articles with headers:
      | Origin                        | http://evil.example |
      | Access-Control-Request-Method | PATCH               |
    Then the status is 204
    And there is no header "Access-Control-Allow-Origin"
    And the header "Vary" contains "Origin"

  @needs-cors @CORS-ACTUAL @CORS-ORIGIN
  Scenario Outline: An actual response echoes a listed origin (<origin>)
    When anonymous sends GET /server/ping with header "Origin: <origin>"
    Then the status is 200
    And the header "Access-Control-Allow-Origin" is "<origin>"
    And the header "Access-Control-Allow-Credentials" is "true"
    And the header "Access-Control-Expose-Headers" is "Content-Range"
    And the header "Vary" contains "Origin"

    Examples:
      | origin                |
      | http://localhost:5173 |
      | http://127.0.0.1:5174 |

  @needs-cors @CORS-ORIGIN
  Scenario: An actual response to an origin not listed, or to no origin, names no origin
    When anonymous sends GET /server/ping with header "Origin: http://evil.example"
    Then there is no header "Access-Control-Allow-Origin"
    And the header "Access-Control-Allow-Credentials" is "true"
    When anonymous sends GET /server/ping
    Then there is no header "Access-Control-Allow-Origin"

  @needs-cors @CORS-ACTUAL
  Scenario: Errors carry the CORS headers too, so the web app can read them
    When anonymous sends GET /items/nope with header "Origin: http://localhost:5173"
    Then the response is an error FORBIDDEN
    And the header "Access-Control-Allow-Origin" is "http://localhost:5173"

  @needs-cors @CORS-CREDENTIALS
  Scenario: A session login from a listed origin sets the cookie with credentials allowed
    When anonymous sends POST /auth/login with headers:
      | Origin       | http://localhost:5173 |
      | Content-Type | application/json      |
    Then the status is 400
    And the header "Access-Control-Allow-Origin" is "http://localhost:5173"
    And the header "Access-Control-Allow-Credentials" is "true"

  @needs-cors-custom @CORS-ORIGIN @CORS-CONFIG
  Scenario: A regex: origin, and the configured methods, headers and max age on a preflight
    When anonymous sends OPTIONS /items/articles with headers:
      | Origin                        | http://localhost:5173 |
      | Access-Control-Request-Method | PATCH                 |
    Then the status is 204
    And the header "Access-Control-Allow-Origin" is "http://localhost:5173"
    And the header "Access-Control-Allow-Methods" is "GET,POST"
    And the header "Access-Control-Allow-Headers" is "X-Custom,Content-Type"
    And the header "Access-Control-Max-Age" is "60"
    And the header "Access-Control-Expose-Headers" is "X-Total,Content-Range"
    And there is no header "Access-Control-Allow-Credentials"

  @needs-cors-custom @CORS-ORIGIN @CORS-CONFIG
  Scenario: Origins that do not match the regex get no Access-Control-Allow-Origin
    When anonymous sends OPTIONS /items/articles with headers:
      | Origin                        | http://localhost:6000 |
      | Access-Control-Request-Method | GET                   |
    Then the status is 204
    And there is no header "Access-Control-Allow-Origin"
    When anonymous sends GET /server/ping with header "Origin: http://127.0.0.1:5173"
    Then there is no header "Access-Control-Allow-Origin"

  @needs-cors-custom @CORS-ACTUAL @CORS-CONFIG
  Scenario: An actual response from a matching origin, without credentials
    When anonymous sends GET /server/ping with header "Origin: http://localhost:5199"
    Then the status is 200
    And the header "Access-Control-Allow-Origin" is "http://localhost:5199"
    And the header "Access-Control-Expose-Headers" is "X-Total,Content-Range"
    And there is no header "Access-Control-Allow-Credentials"

  @needs-cors-any @CORS-ORIGIN-ANY
  Scenario: CORS_ORIGIN=true reflects any origin, in preflights and actual responses
    When anonymous sends OPTIONS /items/articles with headers:
      | Origin                         | http://evil.example        |
      | Access-Control-Request-Method  | PATCH                      |
      | Access-Control-Request-Headers | content-type,authorization |
    Then the status is 204
    And the header "Access-Control-Allow-Origin" is "http://evil.example"
    And the header "Access-Control-Allow-Credentials" is "true"
    And the header "Access-Control-Allow-Methods" is "GET,POST,PATCH,DELETE"
    And the header "Vary" contains "Origin"
    When anonymous sends GET /server/ping with header "Origin: http://anything.test:9999"
    Then the status is 200
    And the header "Access-Control-Allow-Origin" is "http://anything.test:9999"
    And the header "Access-Control-Expose-Headers" is "Content-Range"
    And the header "Vary" contains "Origin"

  @needs-cors-any @CORS-ORIGIN-ANY
  Scenario: CORS_ORIGIN=true names no origin when the request sends none
    When anonymous sends GET /server/ping
    Then the status is 200
    And there is no header "Access-Control-Allow-Origin"
    And the header "Access-Control-Allow-Credentials" is "true"
    And the header "Vary" contains "Origin"

  @needs-cors-star @CORS-ORIGIN-STAR
  Scenario: CORS_ORIGIN=* answers the wildcard to every caller, without Vary: Origin
    When anonymous sends OPTIONS /items/articles with headers:
      | Origin                        | http://evil.example |
      | Access-Control-Request-Method | PATCH               |
    Then the status is 204
    And the header "Access-Control-Allow-Origin" is "*"
    And the header "Access-Control-Allow-Credentials" is "true"
    And the header "Access-Control-Max-Age" is "18000"
    And there is no header "Vary"
    When anonymous sends GET /server/ping with header "Origin: http://localhost:5173"
    Then the header "Access-Control-Allow-Origin" is "*"
    And the header "Access-Control-Expose-Headers" is "Content-Range"
    When anonymous sends GET /server/ping
    Then the header "Access-Control-Allow-Origin" is "*"
