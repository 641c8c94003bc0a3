#!/usr/bin/env python3
"""Creates (or grows) the scale benchmark's schema and rows on Directus-compatible servers, through the API.

usage: bench_scale_data.py FROM TO PORT [PORT ...]   (admin token: admin-static-token)
FROM 0 creates the schema. Rows FROM+1..TO are added to scale_articles, with one
comment each (O2M scale_articles.comments) and two tags each through the junction
scale_articles_tags (M2M scale_articles.tags, 50 tags). Same seeded data on every port;
rows go in batches of 1,000 per request (plain creates, the junction rows too).
"""
import json, sys, random, urllib.request
start, end, ports = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
def req(port, method, path, body=None):
    r = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
        headers={"Authorization": "Bearer admin-static-token", "Content-Type": "application/json"},
        data=json.dumps(body).encode() if body is not None else None)
    with urllib.request.urlopen(r, timeout=600) as resp:
        resp.read()
def field(name, type_, **schema):
    return {"field": name, "type": type_, "meta": {}, "schema": schema}
def pk():
    return field("id", "integer", is_primary_key=True, has_auto_increment=True)
def alias(name, special):
    return {"field": name, "type": "alias", "meta": {"special": [special]}}
def schema(port):
    req(port, "POST", "/collections", {"collection": "scale_tags", "meta": {}, "schema": {},
        "fields": [pk(), field("name", "string")]})
    req(port, "POST", "/collections", {"collection": "scale_articles", "meta": {}, "schema": {}, "fields": [
        pk(), field("title", "string"), field("status", "string"), field("views", "integer")]})
    req(port, "POST", "/collections", {"collection": "scale_comments", "meta": {}, "schema": {}, "fields": [
        pk(), field("body", "string"), field("article", "integer")]})
    req(port, "POST", "/collections", {"collection": "scale_articles_tags", "meta": {"hidden": True}, "schema": {},
        "fields": [pk(), field("scale_articles_id", "integer"), field("scale_tags_id", "integer")]})
    req(port, "POST", "/fields/scale_articles", alias("comments", "o2m"))
    req(port, "POST", "/fields/scale_articles", alias("tags", "m2m"))
    req(port, "POST", "/relations", {"collection": "scale_comments", "field": "article",
        "related_collection": "scale_articles", "meta": {"one_field": "comments"}, "schema": {"on_delete": "SET NULL"}})
    req(port, "POST", "/relations", {"collection": "scale_articles_tags", "field": "scale_articles_id",
        "related_collection": "scale_articles",
        "meta": {"one_field": "tags", "junction_field": "scale_tags_id"}, "schema": {"on_delete": "SET NULL"}})
    req(port, "POST", "/relations", {"collection": "scale_articles_tags", "field": "scale_tags_id",
        "related_collection": "scale_tags",
        "meta": {"junction_field": "scale_articles_id"}, "schema": {"on_delete": "SET NULL"}})
    req(port, "POST", "/items/scale_tags", [{"id": i, "name": f"tag {i}"} for i in range(1, 51)])
random.seed(11 + start)
articles = [{"id": i, "title": f"title {i}", "status": random.choice(["draft", "published", "archived"]),
             "views": random.randint(0, 1_000_000)} for i in range(start + 1, end + 1)]
comments = [{"id": i, "body": f"comment on {i}", "article": i} for i in range(start + 1, end + 1)]
links = []
for i in range(start + 1, end + 1):
    a = random.randint(1, 50)
    b = a % 50 + 1
    links += [{"id": 2 * i - 1, "scale_articles_id": i, "scale_tags_id": a},
              {"id": 2 * i, "scale_articles_id": i, "scale_tags_id": b}]
for port in ports:
    if start == 0:
        schema(port)
    for coll, items in (("scale_articles", articles), ("scale_comments", comments), ("scale_articles_tags", links)):
        for i in range(0, len(items), 1000):
            req(port, "POST", f"/items/{coll}?fields=id", items[i:i + 1000])
