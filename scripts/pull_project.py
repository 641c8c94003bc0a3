#!/usr/bin/env python3
"""Creates a small Directus project through the public API, for the pull test
(scripts/pull-e2e.sh): collections with M2O, O2M, M2M and a singleton, a role
with a policy and permissions, public read permissions, users, content, a
folder and a file, a preset, a translation and a flow. Standard library only.

usage: pull_project.py URL TOKEN
"""
import json
import sys
import urllib.request
import uuid

URL, TOKEN = sys.argv[1].rstrip("/"), sys.argv[2]
PUBLIC_POLICY = "abf8a154-5b1c-4a46-ac9c-7300570f4f17"


def call(method, path, body=None, raw=None, content_type="application/json"):
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    req = urllib.request.Request(URL + path, data=data, method=method)
    req.add_header("Authorization", "Bearer " + TOKEN)
    if data is not None:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req) as resp:
            text = resp.read()
    except urllib.error.HTTPError as e:
        sys.exit(f"{method} {path} -> {e.code} {e.read().decode()[:400]}")
    return json.loads(text)["data"] if text else None


def field(name, ftype, **meta_schema):
    meta = meta_schema.pop("meta", {})
    schema = meta_schema.pop("schema", {})
    return {"field": name, "type": ftype, "meta": meta, "schema": schema}


def collections():
    call("POST", "/collections", {
        "collection": "authors", "meta": {"icon": "person", "note": "People who write"},
        "schema": {},
        "fields": [
            {"field": "id", "type": "uuid", "meta": {"special": ["uuid"], "hidden": True},
             "schema": {"is_primary_key": True, "length": 36}},
            field("name", "string", schema={"is_nullable": False}),
            field("email", "string", schema={"is_unique": True}),
        ],
    })
    call("POST", "/collections", {
        "collection": "tags", "meta": {}, "schema": {},
        "fields": [
            {"field": "id", "type": "integer", "meta": {"hidden": True},
             "schema": {"is_primary_key": True, "has_auto_increment": True}},
            field("label", "string"),
        ],
    })
    call("POST", "/collections", {
        "collection": "posts", "meta": {"sort_field": "sort", "archive_field": "status",
                                        "archive_value": "archived", "unarchive_value": "draft"},
        "schema": {},
        "fields": [
            {"field": "id", "type": "integer", "meta": {"hidden": True},
             "schema": {"is_primary_key": True, "has_auto_increment": True}},
            field("status", "string", schema={"default_value": "draft"},
                  meta={"interface": "select-dropdown", "options": {"choices": [
                      {"text": "Draft", "value": "draft"}, {"text": "Published", "value": "published"},
                      {"text": "Archived", "value": "archived"}]}}),
            field("sort", "integer", meta={"hidden": True}),
            field("title", "string", schema={"is_nullable": False}),
            field("body", "text"),
            field("featured", "boolean", schema={"default_value": False}, meta={"special": ["cast-boolean"]}),
            field("rating", "float"),
            field("price", "decimal", schema={"numeric_precision": 10, "numeric_scale": 2}),
            field("published_on", "date"),
            field("extra", "json", meta={"special": ["cast-json"]}),
            field("keywords", "csv", meta={"special": ["cast-csv"]}),
            field("date_created", "timestamp", meta={"special": ["date-created"], "readonly": True}),
            field("user_created", "uuid", meta={"special": ["user-created"], "readonly": True}),
            field("author", "uuid"),
            field("cover", "uuid", meta={"special": ["file"], "interface": "file-image"}),
        ],
    })
    call("POST", "/collections", {
        "collection": "comments", "meta": {}, "schema": {},
        "fields": [
            {"field": "id", "type": "integer", "meta": {"hidden": True},
             "schema": {"is_primary_key": True, "has_auto_increment": True}},
            field("text", "text"),
            field("post", "integer"),
        ],
    })
    call("POST", "/collections", {
        "collection": "posts_tags", "meta": {"hidden": True}, "schema": {},
        "fields": [
            {"field": "id", "type": "integer", "meta": {"hidden": True},
             "schema": {"is_primary_key": True, "has_auto_increment": True}},
            field("posts_id", "integer"), field("tags_id", "integer"),
        ],
    })
    call("POST", "/collections", {
        "collection": "site", "meta": {"singleton": True}, "schema": {},
        "fields": [
            {"field": "id", "type": "integer", "meta": {"hidden": True},
             "schema": {"is_primary_key": True, "has_auto_increment": True}},
            field("site_name", "string"),
            field("footer", "text"),
        ],
    })
    call("POST", "/fields/posts", {"field": "comments", "type": "alias",
                                  "meta": {"special": ["o2m"], "interface": "list-o2m"}})
    call("POST", "/fields/posts", {"field": "tags", "type": "alias",
                                  "meta": {"special": ["m2m"], "interface": "list-m2m"}})
    call("POST", "/relations", {"collection": "posts", "field": "author", "related_collection": "authors",
                                "schema": {"on_delete": "SET NULL"}})
    call("POST", "/relations", {"collection": "posts", "field": "user_created",
                                "related_collection": "directus_users"})
    call("POST", "/relations", {"collection": "posts", "field": "cover",
                                "related_collection": "directus_files", "schema": {"on_delete": "SET NULL"}})
    call("POST", "/relations", {"collection": "comments", "field": "post", "related_collection": "posts",
                                "meta": {"one_field": "comments"}, "schema": {"on_delete": "CASCADE"}})
    call("POST", "/relations", {"collection": "posts_tags", "field": "posts_id", "related_collection": "posts",
                                "meta": {"one_field": "tags", "junction_field": "tags_id"},
                                "schema": {"on_delete": "CASCADE"}})
    call("POST", "/relations", {"collection": "posts_tags", "field": "tags_id", "related_collection": "tags",
                                "meta": {"junction_field": "posts_id"}, "schema": {"on_delete": "CASCADE"}})


def access():
    policy = call("POST", "/policies", {"name": "Writers", "icon": "edit", "app_access": True,
                                        "admin_access": False, "description": "Write posts"})
    role = call("POST", "/roles", {"name": "Writer", "icon": "edit", "description": "Writes posts"})
    call("POST", "/access", {"role": role["id"], "policy": policy["id"]})
    for coll in ("posts", "comments", "tags", "posts_tags", "authors"):
        for action in ("create", "read", "update"):
            call("POST", "/permissions", {"policy": policy["id"], "collection": coll, "action": action,
                                          "fields": ["*"], "permissions": {}, "validation": {}})
    # An unlicensed Directus takes no field lists or item rules (custom permission rules).
    for coll in ("posts", "authors", "tags", "posts_tags"):
        call("POST", "/permissions", {"policy": PUBLIC_POLICY, "collection": coll, "action": "read",
                                      "fields": ["*"]})
    call("POST", "/permissions", {"policy": PUBLIC_POLICY, "collection": "site", "action": "read",
                                  "fields": ["*"]})
    writer = call("POST", "/users", {"email": "writer@example.com", "password": "writer-password",
                                     "first_name": "Wanda", "last_name": "Writer", "role": role["id"]})
    call("POST", "/users", {"email": "reader@example.com", "first_name": "Rex", "status": "draft"})
    return writer


def content():
    ann = call("POST", "/items/authors", {"name": "Ann", "email": "ann@example.com"})
    bob = call("POST", "/items/authors", {"name": "Bob", "email": "bob@example.com"})
    call("POST", "/items/tags", [{"label": "news"}, {"label": "tech"}, {"label": "life"}])
    folder = call("POST", "/folders", {"name": "Covers"})
    boundary = uuid.uuid4().hex
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"folder\"\r\n\r\n{folder['id']}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nA pixel\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"pixel.png\"\r\n"
            f"Content-Type: image/png\r\n\r\n").encode() + png + f"\r\n--{boundary}--\r\n".encode()
    cover = call("POST", "/files", raw=body, content_type=f"multipart/form-data; boundary={boundary}")
    posts = []
    for i in range(1, 31):
        posts.append({
            "title": f"Post {i}", "body": f"Body of post {i}.",
            "status": "published" if i % 3 else "draft", "featured": i % 5 == 0,
            "rating": i / 4, "price": f"{i}.50", "published_on": f"2024-02-{(i % 28) + 1:02d}",
            "extra": {"n": i, "tags": ["a", "b"]}, "keywords": ["k1", f"k{i}"],
            "author": ann["id"] if i % 2 else bob["id"], "sort": 31 - i,
            "cover": cover["id"] if i == 1 else None,
            "comments": [{"text": f"Comment on {i}"}] if i % 4 == 0 else [],
            "tags": [{"tags_id": 1 + i % 3}],
        })
    call("POST", "/items/posts", posts)
    call("PATCH", "/items/site", {"site_name": "Pulled Site", "footer": "(c) us"})
    call("PATCH", "/settings", {"project_name": "Pull Source", "project_color": "#112233"})


def extras():
    call("POST", "/presets", {"bookmark": "Published posts", "collection": "posts", "layout": "tabular",
                              "filter": {"status": {"_eq": "published"}}, "user": None, "role": None})
    call("POST", "/translations", {"language": "de-DE", "key": "greeting", "value": "Hallo"})
    flow = call("POST", "/flows", {"name": "Ping", "icon": "bolt", "status": "active", "trigger": "webhook",
                                   "accountability": "all", "options": {"method": "GET"}})
    op = call("POST", "/operations", {"name": "Log", "key": "log", "type": "log", "position_x": 19,
                                      "position_y": 1, "options": {"message": "pinged"}, "flow": flow["id"]})
    call("PATCH", f"/flows/{flow['id']}", {"operation": op["id"]})


collections()
access()
content()
extras()
print("project created")
