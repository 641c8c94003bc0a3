Feature: export, backlink and version
  Parameters that change the response form or the source of the data.

  @QUERY-EXPORT
  Scenario: export=json answers the bare data as a file
    When admin sends GET /items/countries?fields=code&limit=2&export=json
    Then the status is 200
    And the header "content-disposition" contains "attachment; filename="
    And the header "content-disposition" contains "countries "
    And the response is exactly:
      """
      [{"code": "de"}, {"code": "fr"}]
      """

  @QUERY-EXPORT
  Scenario: export=csv flattens nested objects into dotted columns, in order of first appearance
    When admin sends GET /items/articles?fields=id,title,author.name,labels&filter[id][_in]=1,3&sort=id&export=csv
    Then the status is 200
    And the header "Content-Type" is "text/csv; charset=utf-8"
    And the header "content-disposition" contains "attachment; filename="
    And the header "content-disposition" contains "articles "
    And the header "content-disposition" contains ".csv"
    And the body is:
      """
      "id","title","author.name","labels","author"
      1,"Hello World","Ann","[""red"",""blue""]",
      3,"Third draft",,,
      """

  @QUERY-EXPORT
  Scenario: export=xml nests elements under a data root, arrays as repeated elements
    When admin sends GET /items/articles/1?fields=id,title,labels,author.name&export=xml
    Then the status is 200
    And the header "Content-Type" is "text/xml; charset=utf-8"
    And the body is:
      """
      <?xml version='1.0'?>
      <data>
          <id>1</id>
          <title>Hello World</title>
          <labels>red</labels>
          <labels>blue</labels>
          <author>
              <name>Ann</name>
          </author>
      </data>
      """

  @QUERY-EXPORT
  Scenario: export=yaml quotes only what YAML would read as something else
    When admin sends GET /items/authors?fields=id,name,born&sort=id&limit=2&export=yaml
    Then the status is 200
    And the header "Content-Type" is "text/yaml; charset=utf-8"
    And the body is:
      """
      - id: 1
        name: Ann
        born: '1980-04-12'
      - id: 2
        name: Bob
        born: '1975-11-30'
      ⏎
      """

  @QUERY-EXPORT
  Scenario: An export of nothing is an empty file
    When admin sends GET /items/articles?filter[id][_eq]=-1&export=csv
    Then the status is 200
    And the body is ""
    When admin sends GET /items/articles?filter[id][_eq]=-1&export=xml
    Then the body is:
      """
      <?xml version='1.0'?>
      <data/>
      """

  @QUERY-EXPORT-INVALID
  Scenario: An unknown export format is INVALID_QUERY
    When admin sends GET /items/countries?export=pdf
    Then the response is an error INVALID_QUERY
    And the error message is "Invalid query. \"export\" must be one of [csv, csv_utf8, json, xml, yaml]."

  @QUERY-BACKLINK-DEFAULT
  Scenario: Wildcards expand relations back to the parent by default
    When admin sends GET /items/comments/3?fields=*.*.*&backlink=true
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"article": {"author": {"id": 2, "name": "Bob", "born": "1975-11-30", "country": "fr", "articles": [2, 6]}, "editor": null, "comments": [{"id": 3, "text": "c3", "article": 2, "sort": 1}], "notes": [{"id": 3, "text": "n3", "article": 2}], "strict_children": [{"id": 2, "name": "s2", "article": 2}], "tags": [{"id": 3, "articles_id": 2, "tags_id": 2}], "id": 2, "status": "published", "title": "Second", "body": "hello again", "views": 6, "price": "<numeric 15.5>", "rating": 3, "published_on": "2024-03-02", "published_at": "2024-03-02T08:00:00", "created_ts": "2024-03-02T08:00:00.000Z", "at_time": "08:00:00", "is_featured": false, "data": {"a": 2}, "labels": ["green"], "ext_id": null, "short": null, "secret": null, "code": "DEF"}, "id": 3, "text": "c3", "sort": 1}}
      """

  @QUERY-BACKLINK-FALSE
  Scenario: backlink=false keeps the way back as keys
    When admin sends GET /items/comments/3?fields=*.*.*&backlink=false
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"article": {"author": {"id": 2, "name": "Bob", "born": "1975-11-30", "country": "fr", "articles": [2, 6]}, "editor": null, "notes": [{"id": 3, "text": "n3", "article": 2}], "strict_children": [{"id": 2, "name": "s2", "article": 2}], "tags": [{"id": 3, "articles_id": 2, "tags_id": 2}], "id": 2, "status": "published", "title": "Second", "body": "hello again", "views": 6, "price": "<numeric 15.5>", "rating": 3, "published_on": "2024-03-02", "published_at": "2024-03-02T08:00:00", "created_ts": "2024-03-02T08:00:00.000Z", "at_time": "08:00:00", "is_featured": false, "data": {"a": 2}, "labels": ["green"], "ext_id": null, "short": null, "secret": null, "code": "DEF", "comments": [3]}, "id": 3, "text": "c3", "sort": 1}}
      """

  @QUERY-BACKLINK-FALSE
  Scenario: backlink=false leaves explicit paths alone
    When admin sends GET /items/articles/2?fields=author.articles.id&backlink=false
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"author": {"articles": [{"id": 2}, {"id": 6}]}}}
      """

  @QUERY-BACKLINK-INVALID
  Scenario: Any other backlink value means true
    When admin sends GET /items/comments/3?fields=*.*.*&backlink=maybe
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"article": {"author": {"id": 2, "name": "Bob", "born": "1975-11-30", "country": "fr", "articles": [2, 6]}, "editor": null, "comments": [{"id": 3, "text": "c3", "article": 2, "sort": 1}], "notes": [{"id": 3, "text": "n3", "article": 2}], "strict_children": [{"id": 2, "name": "s2", "article": 2}], "tags": [{"id": 3, "articles_id": 2, "tags_id": 2}], "id": 2, "status": "published", "title": "Second", "body": "hello again", "views": 6, "price": "<numeric 15.5>", "rating": 3, "published_on": "2024-03-02", "published_at": "2024-03-02T08:00:00", "created_ts": "2024-03-02T08:00:00.000Z", "at_time": "08:00:00", "is_featured": false, "data": {"a": 2}, "labels": ["green"], "ext_id": null, "short": null, "secret": null, "code": "DEF"}, "id": 3, "text": "c3", "sort": 1}}
      """

  @QUERY-VERSION
  Scenario: An unknown version reads as empty lists
    When admin sends GET /items/articles?fields=id&version=draft-x
    Then the status is 200
    And the response is exactly:
      """
      {"data": []}
      """

  @QUERY-VERSION
  Scenario: An unknown version of one item is FORBIDDEN
    When admin sends GET /items/articles/1?fields=id&version=draft-x
    Then the response is an error FORBIDDEN
    And the error message is "You don't have permission to access this."

  @QUERY-VERSION
  Scenario: The main version reads the item itself
    When admin sends GET /items/articles/1?fields=id&version=main
    Then the status is 200
    And the response is exactly:
      """
      {"data": {"id": 1}}
      """
