Feature: How values are written and read back
  Each field type has an output format, the same on every database:
  dates as YYYY-MM-DD, date-times without a zone, timestamps in UTC with
  milliseconds, booleans with cast-boolean as true/false, json parsed, csv as
  a list, hashed and concealed values masked. Writes normalize dates; what
  else the database keeps depends on the vendor (SQLite here).

  @OUT-DATE @OUT-BOOLEAN @OUT-JSON-CSV @OUT-CONCEAL @OUT-DECIMAL @vendor-sqlite-numbers
  Scenario: Each field type reads back in its format
    When admin sends GET /items/articles/1?fields=published_on,published_at,created_ts,at_time,is_featured,data,labels,secret,price,rating,ext_id
    Then the response is exactly:
      """
      {"data": {"published_on": "2024-01-15", "published_at": "2024-01-15T10:20:30",
                "created_ts": "2024-01-15T10:20:30.000Z", "at_time": "10:20:30", "is_featured": true,
                "data": {"a": 1, "tags": ["x", "y"]}, "labels": ["red", "blue"], "secret": null,
                "price": 9.99, "rating": 4.5, "ext_id": "5f0c6a5e-7b1d-4f6e-9a55-3f1c2d4b6a01"}}
      """

  @VAL-DATE-NORMALIZE @OUT-DATE
  Scenario: Dates are normalized on write
    When admin sends PATCH /items/articles/3?fields=published_on,published_at,created_ts
      """
      {"published_on": "2024-05-06T23:30:00-05:00", "published_at": "2024-05-06T10:20:30+02:00",
       "created_ts": "2024-05-06T10:20:30+02:00"}
      """
    Then the response is exactly:
      """
      {"data": {"published_on": "2024-05-07", "published_at": "2024-05-06T08:20:30",
                "created_ts": "2024-05-06T08:20:30.000Z"}}
      """
    When admin sends PATCH /items/articles/3?fields=published_on,published_at,created_ts
      """
      {"published_on": "2024", "published_at": "2024-05", "created_ts": "2024-05-06"}
      """
    Then the response is exactly:
      """
      {"data": {"published_on": "2024-01-01", "published_at": "2024-05-01T00:00:00",
                "created_ts": "2024-05-06T00:00:00.000Z"}}
      """

  @VAL-DATE-NORMALIZE @OUT-DATE @vendor-sqlite-time-text
  Scenario: A time is kept as written (SQLite)
    When admin sends PATCH /items/articles/3?fields=at_time
      """
      {"at_time": "10:20"}
      """
    Then the response is exactly:
      """
      {"data": {"at_time": "10:20"}}
      """

  @VAL-DATE-NORMALIZE @OUT-DATE @vendor-postgres-time-seconds @vendor-mysql-time-seconds
  Scenario: A time reads back with its seconds (PostgreSQL, MySQL)
    When admin sends PATCH /items/articles/3?fields=at_time
      """
      {"at_time": "10:20"}
      """
    Then the response is exactly:
      """
      {"data": {"at_time": "10:20:00"}}
      """
    When admin sends PATCH /items/articles/3?fields=at_time
      """
      {"at_time": "23:59:58"}
      """
    Then the response is exactly:
      """
      {"data": {"at_time": "23:59:58"}}
      """

  @VAL-DATE-FORMAT
  Scenario Outline: A date that does not parse is INVALID_PAYLOAD (<field>)
    When admin sends PATCH /items/articles/3
      """
      {"<field>": "06/05/2024"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid payload. Invalid <kind> format in field \"<field>\".",
                   "extensions": {"reason": "Invalid <kind> format in field \"<field>\"", "code": "INVALID_PAYLOAD"}}]}
      """

    Examples:
      | field        | kind     |
      | published_on | Date     |
      | published_at | DateTime |

  @VAL-DATE-FORMAT @ERR-INTERNAL
  Scenario: A timestamp that does not parse is a server error and writes nothing
    When admin sends PATCH /items/articles/3
      """
      {"title": "Not kept", "created_ts": "not a time"}
      """
    Then the response is exactly:
      """
      {"errors": [{"message": "Invalid time value", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}
      """
    When admin sends GET /items/articles/3?fields=title
    Then the response is exactly:
      """
      {"data": {"title": "Third draft"}}
      """

  @OUT-BOOLEAN
  Scenario: cast-boolean reads 1 and 0 as booleans and keeps other values
    When admin sends PATCH /items/articles/3?fields=is_featured
      """
      {"is_featured": 1}
      """
    Then the response is exactly:
      """
      {"data": {"is_featured": true}}
      """
    When admin sends PATCH /items/articles/3?fields=is_featured
      """
      {"is_featured": "0"}
      """
    Then the response is exactly:
      """
      {"data": {"is_featured": false}}
      """
    When admin sends PATCH /items/articles/3?fields=is_featured
      """
      {"is_featured": ""}
      """
    Then the response is exactly:
      """
      {"data": {"is_featured": null}}
      """

  @OUT-BOOLEAN @vendor-sqlite-numbers
  Scenario: A boolean without cast-boolean reads as the 1 or 0 SQLite stores
    When admin sends POST /items/reviews?fields=flag
      """
      {"flag": true}
      """
    Then the response is exactly:
      """
      {"data": {"flag": 1}}
      """
    When admin sends POST /items/reviews?fields=flag
      """
      {"flag": false}
      """
    Then the response is exactly:
      """
      {"data": {"flag": 0}}
      """

  @VAL-JSON-STRING @OUT-JSON-CSV
  Scenario: A json field takes objects, lists or JSON text and reads them parsed
    When admin sends PATCH /items/articles/3?fields=data
      """
      {"data": "{\"k\": [1, 2]}"}
      """
    Then the response is exactly:
      """
      {"data": {"data": {"k": [1, 2]}}}
      """
    When admin sends PATCH /items/articles/3?fields=data
      """
      {"data": [true, null]}
      """
    Then the response is exactly:
      """
      {"data": {"data": [true, null]}}
      """
    When admin sends PATCH /items/articles/3?fields=data
      """
      {"data": "not json"}
      """
    Then the response is exactly:
      """
      {"data": {"data": "not json"}}
      """

  @VAL-CSV @OUT-JSON-CSV
  Scenario: A csv field takes a list or comma-separated text and reads a list
    When admin sends PATCH /items/articles/3?fields=labels
      """
      {"labels": ["a", "b"]}
      """
    Then the response is exactly:
      """
      {"data": {"labels": ["a", "b"]}}
      """
    When admin sends PATCH /items/articles/3?fields=labels
      """
      {"labels": "x,y,z"}
      """
    Then the response is exactly:
      """
      {"data": {"labels": ["x", "y", "z"]}}
      """
    When admin sends PATCH /items/articles/3?fields=labels
      """
      {"labels": ""}
      """
    Then the response is exactly:
      """
      {"data": {"labels": []}}
      """

  @VAL-HASH @OUT-CONCEAL
  Scenario: A hashed field is masked when set and can only be tested for emptiness
    When admin sends PATCH /items/articles/3?fields=secret
      """
      {"secret": "hunter2"}
      """
    Then the response is exactly:
      """
      {"data": {"secret": "**********"}}
      """
    When admin sends GET /items/articles?fields=id&filter[secret][_nnull]=true
    Then the response is exactly:
      """
      {"data": [{"id": 3}]}
      """
    When admin sends GET /items/articles?fields=id&filter[secret][_eq]=hunter2
    Then the response is an error INVALID_QUERY
    And the error reason is ""hash" field type does not contain the "_eq" filter operator"
    When admin sends GET /items/articles?fields=id&search=hunter2
    Then "data" has 0 items

  @VAL-NUMERIC-STRING @vendor-sqlite-numbers
  Scenario: Numeric text in a number column is stored as a number
    When admin sends PATCH /items/articles/3?fields=views,rating,price
      """
      {"views": "12", "rating": "2.50", "price": "1e3"}
      """
    Then the response is exactly:
      """
      {"data": {"views": 12, "rating": 2.5, "price": 1000}}
      """

  @OUT-DECIMAL @vendor-sqlite-numbers
  Scenario: Big integers read back as JSON numbers
    When admin sends POST /items/reviews?fields=big
      """
      {"big": 9007199254740991}
      """
    Then the response is exactly:
      """
      {"data": {"big": 9007199254740991}}
      """

  @VENDOR-NULL-ORDER @vendor-sqlite-null-order
  Scenario: NULLs sort first ascending and last descending on SQLite
    When admin sends GET /items/articles?fields=id&sort=views&limit=2
    Then the response is exactly:
      """
      {"data": [{"id": 4}, {"id": 3}]}
      """
    When admin sends GET /items/articles?fields=id&sort=-views
    Then "data.5" is {"id": 4}

  @VENDOR-AGG-STRINGS @vendor-sqlite-numbers
  Scenario: Aggregates and counts are JSON numbers on SQLite
    When admin sends GET /items/articles?aggregate[count]=*&aggregate[sum]=views&aggregate[avg]=rating
    Then the response is exactly:
      """
      {"data": [{"count": 6, "sum": {"views": 44}, "avg": {"rating": 3.25}}]}
      """
    When admin sends GET /items/articles?fields=id,count(comments)&filter[id][_lte]=2
    Then the response is exactly:
      """
      {"data": [{"id": 1, "comments_count": 3}, {"id": 2, "comments_count": 1}]}
      """

  @VENDOR-LOCAL-TYPE @vendor-sqlite-local-types
  Scenario: A uuid column without the uuid special is typed string on SQLite
    When admin sends GET /fields/articles/ext_id
    Then "data.type" is "string"
    When admin sends GET /fields/things/id
    Then "data.type" is "uuid"
    When admin sends GET /items/articles?fields=id&filter[ext_id][_contains]=5F0C
    Then the response is exactly:
      """
      {"data": [{"id": 1}]}
      """

  @VENDOR-LOCAL-TYPE @SYS-FIELD-CREATE @vendor-sqlite-local-types
  Scenario: A field's type comes from its column and its specials, which Directus completes
    When admin sends POST /collections
      """
      {"collection": "conformance_types_{{unique}}", "schema": {}, "meta": {},
       "fields": [{"field": "id", "type": "integer", "meta": {}, "schema": {"is_primary_key": true, "has_auto_increment": true}}]}
      """
    Then the status is 200
    When admin sends POST /fields/conformance_types_{{unique}}
      """
      {"field": "plain_csv", "type": "csv", "meta": {}, "schema": {}}
      """
    Then "data.type" is "text"
    When admin sends POST /fields/conformance_types_{{unique}}
      """
      {"field": "cast_csv", "type": "csv", "meta": {"special": ["cast-csv"]}, "schema": {}}
      """
    Then "data.type" is "csv"
    When admin sends POST /fields/conformance_types_{{unique}}
      """
      {"field": "plain_hash", "type": "hash", "meta": {}, "schema": {}}
      """
    Then "data.type" is "string"
    When admin sends POST /fields/conformance_types_{{unique}}
      """
      {"field": "doc", "type": "json", "schema": {}}
      """
    Then the response matches:
      """
      {"data": {"type": "json", "meta": {"special": ["cast-json"]}}}
      """
    When admin sends POST /fields/conformance_types_{{unique}}
      """
      {"field": "secret_doc", "type": "json", "meta": {"special": ["conceal"]}, "schema": {}}
      """
    Then "data.meta.special" is ["conceal", "cast-json"]
    When admin sends POST /fields/conformance_types_{{unique}}
      """
      {"field": "stamp", "type": "timestamp", "meta": {}, "schema": {}}
      """
    Then the response matches:
      """
      {"data": {"type": "timestamp", "meta": {"special": ["cast-timestamp"]}}}
      """
    When admin sends POST /items/conformance_types_{{unique}}
      """
      {"plain_csv": "a,b", "cast_csv": ["a", "b"], "doc": {"k": [1]}}
      """
    Then the response matches:
      """
      {"data": {"plain_csv": "a,b", "cast_csv": ["a", "b"], "doc": {"k": [1]}}}
      """

  @OUT-DECIMAL @VENDOR-TYPE-LOOSE @vendor-sqlite-numbers
  Scenario: Integers beyond 2^53 come back as JavaScript holds them
    When admin sends POST /items/reviews?fields=big
      """
      {"big": 9007199254740993}
      """
    Then the response is exactly:
      """
      {"data": {"big": 9007199254740992}}
      """
    When admin sends POST /items/articles?fields=data
      """
      {"title": "Big numbers", "data": {"n": 12345678901234567890}}
      """
    Then the response is exactly:
      """
      {"data": {"data": {"n": 12345678901234567000}}}
      """
