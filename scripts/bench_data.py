#!/usr/bin/env python3
"""Creates the benchmark schema and rows on a Directus-compatible server through its API.

usage: bench_data.py ROWS BIG_ROWS PORT [PORT ...]   (admin token: admin-static-token)
The same seeded random data goes to every port.
"""
import json, sys, random, urllib.request
rows, big, ports = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
def req(port, method, path, body=None):
    r = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
        headers={"Authorization": "Bearer admin-static-token", "Content-Type": "application/json"},
        data=json.dumps(body).encode() if body is not None else None)
    with urllib.request.urlopen(r, timeout=300) as resp:
        resp.read()
def field(name, type_, **schema):
    return {"field": name, "type": type_, "meta": {}, "schema": schema}
random.seed(7)
authors = [{"id": i, "name": f"author {i}"} for i in range(1, 51)]
def articles(n):
    return [{"id": i, "title": f"title {i}", "status": random.choice(["draft", "published", "archived"]),
             "views": random.randint(0, 10000), "author": random.randint(1, 50)} for i in range(1, n + 1)]
data = {"bench_articles": articles(rows), "bench_big": articles(big)}
for port in ports:
    req(port, "POST", "/collections", {"collection": "bench_authors", "meta": {}, "schema": {},
        "fields": [field("id", "integer", is_primary_key=True, has_auto_increment=True), field("name", "string")]})
    for coll in ("bench_articles", "bench_big"):
        req(port, "POST", "/collections", {"collection": coll, "meta": {}, "schema": {}, "fields": [
            field("id", "integer", is_primary_key=True, has_auto_increment=True), field("title", "string"),
            field("status", "string"), field("views", "integer"),
            {"field": "author", "type": "integer", "meta": {"special": ["m2o"]}, "schema": {}}]})
        req(port, "POST", "/relations", {"collection": coll, "field": "author", "related_collection": "bench_authors",
            "schema": {"on_delete": "SET NULL"}})
    req(port, "POST", "/items/bench_authors", authors)
    for coll, items in data.items():
        for i in range(0, len(items), 1000):
            req(port, "POST", f"/items/{coll}?fields=id", items[i:i + 1000])
