Feature: Malformed payloads and query parameters
  A body that is not valid JSON is INVALID_PAYLOAD (400); query parameters
  that cannot be used are INVALID_QUERY (400), with the reason in the message
  and in extensions.reason.

  @ITEMS-CREATE-BODY-MALFORMED @HTTP-BODY-MALFORMED @ERR-REASON-KEYS
  Scenario: Malformed JSON is INVALID_PAYLOAD
    When admin sends POST /items/tags with content type "application/json"
      """
      {"name": 
      """
    Then the response is an error INVALID_PAYLOAD
    And the response matches:
      """
      {"errors": [{"message": "<string>", "extensions": {"reason": "<string>", "code": "INVALID_PAYLOAD"}}]}
      """

  @ITEMS-CREATE-BODY-MALFORMED
  Scenario: A JSON primitive as the body is INVALID_PAYLOAD
    When admin sends POST /items/tags with content type "application/json"
      """
      "hello"
      """
    Then the response is an error INVALID_PAYLOAD

  @HTTP-BODY-MALFORMED
  Scenario Outline: The body is parsed before routing, tokens and the query: <method> <path> with malformed JSON is INVALID_PAYLOAD
    When anonymous sends <method> <path> with content type "application/json"
      """
      {"name": 
      """
    Then the response is an error INVALID_PAYLOAD

    Examples:
      | method | path                                         |
      | PUT    | /items/tags                                  |
      | GET    | /no-such-route                               |
      | DELETE | /server/ping                                 |
      | PATCH  | /items/tags?access_token=not-a-token         |
      | POST   | /items/tags?filter=not-json                  |

  @HTTP-BODY-MALFORMED
  Scenario Outline: The reason is the JSON parser's own words: <case>
    When admin sends POST /items/tags with content type "application/json"
      """
      <body>
      """
    Then the error message is "Invalid payload. <reason>."

    Examples:
      | case                         | body             | reason                                                                                |
      | a property name is missing   | {bad             | Expected property name or '}' in JSON at position 1 (line 1 column 2)                 |
      | a trailing comma             | {"a":1,}         | Expected double-quoted property name in JSON at position 7 (line 1 column 8)          |
      | a missing colon              | {"a" 1}          | Expected ':' after property name in JSON at position 5 (line 1 column 6)              |
      | an unclosed array            | [1 2]            | Expected ',' or ']' after array element in JSON at position 3 (line 1 column 4)       |
      | text after the value         | {"a":1} x        | Unexpected non-whitespace character after JSON at position 8 (line 1 column 9)        |
      | a lone minus sign            | {"a":-}          | No number after minus sign in JSON at position 6 (line 1 column 7)                    |
      | a leading zero               | {"a":01}         | Unexpected number in JSON at position 6 (line 1 column 7)                             |
      | an unterminated string       | {"a":"abc        | Unterminated string in JSON at position 9 (line 1 column 10)                          |
      | a misspelt literal           | {"a":tru}        | Unexpected token '}', "{"a":tru}" is not valid JSON                                   |
      | a number as the whole body   | 1                | Unexpected token '1', "1" is not valid JSON                                           |
      | an unfinished document       | {"a":            | Unexpected end of JSON input                                                          |

  @ITEMS-CREATE-BODY-NON-JSON @HTTP-BODY-NONJSON
  Scenario: A body that is not JSON is read as empty, not rejected
    When admin sends POST /items/tags?fields=name with content type "text/plain"
      """
      name=plain
      """
    Then the response is an error FAILED_VALIDATION
    And the response matches:
      """
      {"errors": [{"extensions": {"field": "name", "type": "required"}}]}
      """

  @ITEMS-CREATE-PAYLOAD-LIMIT @HTTP-BODY-TOO-LARGE
  Scenario: A body over 1 MB is INVALID_PAYLOAD, not 413
    Given "big" is a string of 1100000 characters
    When admin sends POST /items/tags with content type "application/json"
      """
      {"name": "{{big}}"}
      """
    Then the response is an error INVALID_PAYLOAD
    And the error message is "Invalid payload. request entity too large."

  @QUERY-LIMIT-INVALID @QUERY-ERROR-FORMAT @ERR-REASON-KEYS
  Scenario: A limit that is not a number is INVALID_QUERY
    When admin sends GET /items/articles?limit=abc
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid query. \"limit\" must be a number.",
                   "extensions": {"reason": "\"limit\" must be a number", "code": "INVALID_QUERY"}}]}
      """

  @QUERY-LIMIT-INVALID
  Scenario: A negative or fractional limit is INVALID_QUERY
    When admin sends GET /items/articles?limit=-2
    Then the response is an error INVALID_QUERY
    And the error reason is ""limit" must be greater than or equal to -1"
    When admin sends GET /items/articles?limit=1.5
    Then the error reason is ""limit" must be an integer"

  @FILTER-INVALID-JSON
  Scenario: A filter that is not JSON is INVALID_QUERY
    When admin sends GET /items/articles?filter=notjson
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. Invalid JSON for filter object."

  @QUERY-META-INVALID
  Scenario: An unknown meta value is INVALID_QUERY
    When admin sends GET /items/articles?meta=bogus
    Then the response is an error INVALID_QUERY
    And the error reason is ""meta[0]" must be one of [total_count, filter_count]"

  @QUERY-FIELDS-UNKNOWN-403
  Scenario: An unknown field is FORBIDDEN, not INVALID_QUERY, for admins too
    When admin sends GET /items/articles?fields=nope
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access field "nope" in collection "articles" or it does not exist. Queried in root."
