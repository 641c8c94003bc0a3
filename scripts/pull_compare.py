#!/usr/bin/env python3
"""Compares a Directus project with the mock that serves its pulled copy
(scripts/pull-e2e.sh): the same reads, as the administrator, as the public and
as a user of a role, must give the same answers. Standard library only.

usage: pull_compare.py SOURCE_URL MOCK_URL
  the project is scripts/pull_project.py's; the source's admin token is
  admin-static-token (the mock gives it to the user who ran the pull); the
  writer logs in with writer-password on the source and with the mock's
  default user password (`password`) on the copy.
Exits 1 with every difference listed, 0 when all reads agree.
"""
import json
import sys
import urllib.error
import urllib.request

SOURCE, MOCK = sys.argv[1].rstrip("/"), sys.argv[2].rstrip("/")
ADMIN = "admin-static-token"


def get(base, path, token=None, raw=False):
    req = urllib.request.Request(base + path)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            body = resp.read()
            status, ctype = resp.status, resp.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        body, status, ctype = e.read(), e.code, e.headers.get("Content-Type", "")
    if raw:
        return status, ctype.split(";")[0], body
    return status, json.loads(body) if body else None


def login(base, email, password):
    req = urllib.request.Request(base + "/auth/login", method="POST",
                                 data=json.dumps({"email": email, "password": password}).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.load(resp)["data"]["access_token"]


def first_difference(a, b, at="$"):
    if type(a) is not type(b):
        return f"{at}: {json.dumps(a)[:200]} vs {json.dumps(b)[:200]}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{at}.{k}: only on the {'mock' if k not in a else 'source'}"
            d = first_difference(a[k], b[k], f"{at}.{k}")
            if d:
                return d
        return None
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return f"{at}: {len(a)} entries vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{at}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{at}: {json.dumps(a)[:200]} vs {json.dumps(b)[:200]}"


def without_meta_ids(body):
    """Fields and relations carry database ids (`meta.id`) that a copy renumbers, and
    list in creation order: compare them by name. The system collections' own
    relations are the server's, not the project's: only the project's are compared."""
    rows = body.get("data") if isinstance(body, dict) else None
    if isinstance(rows, list):
        rows[:] = [r for r in rows if not str(r.get("collection", "")).startswith("directus_")]
        for row in rows:
            if isinstance(row.get("meta"), dict):
                row["meta"].pop("id", None)
        rows.sort(key=lambda r: json.dumps([r.get("collection"), r.get("field")]))
    return body


def without_ddl(body):
    """On SQLite, Directus shows a table's `CREATE TABLE` text as `schema.sql`;
    the mock has no SQL to show."""
    schema = body.get("data", {}).get("schema") if isinstance(body, dict) else None
    if isinstance(schema, dict):
        schema.pop("sql", None)
    return body


USER_COLLECTIONS = ["authors", "comments", "posts", "posts_tags", "site", "tags"]

ADMIN_READS = [
    *[f"/items/{c}?limit=-1&sort=id" for c in USER_COLLECTIONS if c != "site"],
    "/items/site",
    "/items/posts?limit=-1&sort=id&fields=*,author.name,comments.text,tags.tags_id.label,cover.title",
    "/items/posts?filter[status][_eq]=published&filter[rating][_gt]=3&sort=-rating&limit=5",
    "/items/posts?filter[tags][tags_id][label][_eq]=tech&fields=id,title&sort=id",
    "/items/posts?aggregate[count]=*&groupBy[]=status&sort=status",
    "/items/posts?search=post%201&fields=id&sort=id",
    "/items/authors?fields=name,posts_count:count(id)&sort=name",
    "/items/posts/1?fields=*.*.*",
    "/items/posts?fields=id,extra,keywords,price,featured,rating,published_on,date_created&sort=id&limit=5",
    "/items/posts?aggregate[sum]=rating&aggregate[avg]=rating&aggregate[countDistinct]=author",
    "/items/posts?groupBy[]=year(published_on)&groupBy[]=month(published_on)&aggregate[count]=id",
    "/items/posts?filter[published_on][_between][]=2024-02-03&filter[published_on][_between][]=2024-02-09"
    "&fields=id,published_on&sort=published_on,id",
    "/items/posts?deep[comments][_filter][text][_contains]=8&fields=id,comments.text&filter[comments][_some]"
    "[text][_nnull]=true&sort=id",
    "/items/posts?meta=*&limit=2&sort=-id&fields=id",
    "/items/authors?fields=name,posts.title&deep[posts][_sort]=-title&deep[posts][_limit]=2&sort=name",
    *[f"/collections/{c}" for c in USER_COLLECTIONS],
    *[f"/fields/{c}" for c in USER_COLLECTIONS],
    "/relations",
    "/schema/snapshot",
    "/roles?fields=name,icon,description&sort=name",
    "/policies?fields=name,icon,description,admin_access,app_access,enforce_tfa&sort=name",
    "/permissions?fields=collection,action,fields,permissions,validation,presets&sort=collection,action"
    "&filter[policy][name][_eq]=Writers",
    "/users?fields=email,first_name,last_name,status,role.name&sort=email",
    "/folders?fields=name,parent",
    "/files?fields=id,title,type,filesize,width,height,filename_download,folder.name,storage",
    "/presets?fields=bookmark,collection,layout,filter,user,role&filter[bookmark][_nnull]=true",
    "/translations?fields=language,key,value",
    "/flows?fields=name,icon,status,trigger,accountability,options,operation.key",
    "/operations?fields=name,key,type,position_x,position_y,options",
    "/settings",
]

PUBLIC_READS = [
    "/items/posts?limit=-1&sort=id&fields=id,title,author.name,tags.tags_id.label",
    "/items/site",
    "/items/comments",
    "/items/authors?sort=name",
]

WRITER_READS = [
    "/items/posts?limit=3&sort=id",
    "/items/comments?sort=id",
    "/users/me?fields=email,first_name,last_name,role.name",
    "/items/site",
]

LISTED_WITH_META_IDS = ("/fields", "/relations")


def compare(label, paths, source_token, mock_token):
    problems = []
    for path in paths:
        want = get(SOURCE, path, source_token)
        got = get(MOCK, path, mock_token)
        if path.startswith(LISTED_WITH_META_IDS):
            want = (want[0], without_meta_ids(want[1]))
            got = (got[0], without_meta_ids(got[1]))
        if path.startswith("/collections/"):
            want = (want[0], without_ddl(want[1]))
        diff = first_difference(want, got)
        if diff:
            problems.append(f"{label} GET {path}: {diff}")
    print(f"{label}: {len(paths) - len(problems)} of {len(paths)} reads agree")
    return problems


GRAPHQL = [
    ("/graphql", "{ posts(sort: [\"id\"], limit: 3) { id title author { name } tags { tags_id { label } } }"
                 " site { site_name } }"),
    ("/graphql", "{ posts_aggregated(groupBy: [\"status\"]) { group count { id } } }"),
    ("/graphql/system", "{ roles { name } folders { name } translations { key value } }"),
]


def compare_graphql():
    problems = []
    for path, query in GRAPHQL:
        results = []
        for base in (SOURCE, MOCK):
            req = urllib.request.Request(base + path, method="POST",
                                         data=json.dumps({"query": query}).encode(),
                                         headers={"Content-Type": "application/json",
                                                  "Authorization": "Bearer " + ADMIN})
            with urllib.request.urlopen(req, timeout=60) as resp:
                results.append(json.load(resp))
        diff = first_difference(*results)
        if diff:
            problems.append(f"admin POST {path} {query[:60]}: {diff}")
    print(f"graphql: {len(GRAPHQL) - len(problems)} of {len(GRAPHQL)} queries agree")
    return problems


def compare_asset():
    _, files = get(SOURCE, "/files?fields=id&limit=1", ADMIN)
    file_id = files["data"][0]["id"]
    want = get(SOURCE, f"/assets/{file_id}", ADMIN, raw=True)
    got = get(MOCK, f"/assets/{file_id}", ADMIN, raw=True)
    print(f"asset: {want[0]} {want[1]} {len(want[2])} bytes vs {got[0]} {got[1]} {len(got[2])} bytes")
    return [] if want == got else [f"GET /assets/{file_id}: the bytes or their type differ"]


def main():
    problems = compare("admin", ADMIN_READS, ADMIN, ADMIN)
    problems += compare("public", PUBLIC_READS, None, None)
    problems += compare("writer", WRITER_READS, login(SOURCE, "writer@example.com", "writer-password"),
                        login(MOCK, "writer@example.com", "password"))
    problems += compare_graphql()
    problems += compare_asset()
    for p in problems:
        print("DIFFERS " + p)
    if problems:
        sys.exit(1)
    print("the pulled copy answers every read as its source does")


main()
