Feature: Response envelopes and headers
  Successful responses with a payload are {"data": ...} with a JSON content
  type; responses without a payload are 204 with an empty body; errors are
  {"errors": [{"message", "extensions": {"code", ...}}]}.

  @ERR-SHAPE @ERR-ENV-SHAPE
  Scenario: Every error is a list of objects with a message and an extensions code
    When admin sends GET /items/articles/99999
    Then the status is 403
    And the response is exactly:
      """
      {"errors": [{"message": "You don't have permission to access this.", "extensions": {"code": "FORBIDDEN"}}]}
      """

  @HTTP-HEADERS
  Scenario: Responses say they are powered by Directus and are not cached
    When admin sends GET /items/countries/de
    Then the header "x-powered-by" is "Directus"
    And the header "cache-control" is "no-cache"
    And the header "vary" is "Origin, Cache-Control"
    And the header "content-type" is "application/json; charset=utf-8"

  @ITEMS-204-ON-NO-PAYLOAD @HTTP-204 @ITEMS-DELETE-ONE
  Scenario: A delete answers 204 without a body or a content type
    When admin sends POST /items/tags
      """
      {"name": "to-delete"}
      """
    And I remember "data.id" as "tag"
    And admin sends DELETE /items/tags/{{tag}}
    Then the status is 204
    And the body is empty
    And there is no header "content-type"
