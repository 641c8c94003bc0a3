#!/usr/bin/env python3
"""Soak test of the mock: many concurrent clients for a bounded time, then a
consistency check of what they left behind.

Starts the release build of the mock with the conformance fixture, runs
CLIENTS threads (default 64) for DURATION seconds (default 600), each
mixing item reads (one item with its M2M and O2M fields, a filtered sorted
list), nested writes (an article created with two new tags through the
junction and a comment), updates, deletes of its own articles and GraphQL
queries. Afterwards it checks:

- articles = fixture + created - deleted; tags = fixture + 2 x created;
- no junction row (articles_tags) points at a missing article or tag, and
  the junction holds exactly the rows of the articles that remain;
- every comment's article exists (ON DELETE SET NULL empties the others);
- every request answered 2xx.

It prints requests, throughput, p50/p99 latency and the mock's peak
resident memory (VmHWM), and exits non-zero on any inconsistency.

    cargo build --release --bin directus-mock
    CLIENTS=64 DURATION=600 scripts/soak.py
"""

import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORT = int(os.environ.get("PORT", "18955"))
CLIENTS = int(os.environ.get("CLIENTS", "64"))
DURATION = float(os.environ.get("DURATION", "600"))
TOKEN = "admin-static-token"
HEADERS = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}


def request(conn, method, path, body=None):
    data = None if body is None else json.dumps(body)
    conn.request(method, path, body=data, headers=HEADERS)
    resp = conn.getresponse()
    text = resp.read()
    try:
        return resp.status, (json.loads(text) if text else None)
    except ValueError:
        return resp.status, text.decode(errors="replace")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.by_kind = {}
        self.failures = []
        self.created = 0
        self.deleted = 0
        self.deleted_ids = []

    def add(self, latencies, failures, created, deleted_ids):
        with self.lock:
            for kind, seconds in latencies:
                self.by_kind.setdefault(kind, []).append(seconds)
            self.latencies.extend(seconds for _, seconds in latencies)
            self.failures.extend(failures)
            self.created += created
            self.deleted += len(deleted_ids)
            self.deleted_ids.extend(deleted_ids)


def client(n, deadline, stats):
    rng = random.Random(n)
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    latencies, failures, mine, deleted_ids, created = [], [], [], [], 0

    def call(method, path, body=None):
        start = time.perf_counter()
        status, answer = request(conn, method, path, body)
        latencies.append((f"{method} {path.split('?')[0].rstrip('0123456789')}", time.perf_counter() - start))
        if not 200 <= status < 300:
            failures.append(f"{method} {path}: {status} {json.dumps(answer)[:300]}")
        return status, answer

    while time.time() < deadline:
        op = rng.random()
        if op < 0.30:
            call("GET", "/items/articles/1?fields=*,tags.tags_id.name,comments.text")
        elif op < 0.55:
            call(
                "GET",
                "/items/articles?filter[status][_eq]=draft&sort=-id&limit=10"
                "&fields=id,title,tags.tags_id.name,comments.id",
            )
        elif op < 0.70:
            query = "{ articles(limit: 5, sort: [\"-id\"]) { id title tags { tags_id { name } } comments { id } } }"
            call("POST", "/graphql", {"query": query})
        elif op < 0.85:
            tag = lambda: {"tags_id": {"name": f"soak-{uuid.uuid4()}"}}  # noqa: E731
            body = {"title": f"soak {n}", "tags": [tag(), tag()], "comments": [{"text": "soak"}]}
            status, answer = call("POST", "/items/articles", body)
            if status == 200:
                created += 1
                mine.append(answer["data"]["id"])
        elif op < 0.93 and mine:
            call("PATCH", f"/items/articles/{rng.choice(mine)}", {"title": f"soak {n} again"})
        elif mine:
            victim = mine.pop(rng.randrange(len(mine)))
            status, _ = call("DELETE", f"/items/articles/{victim}")
            if status == 204:
                deleted_ids.append(victim)
    conn.close()
    stats.add(latencies, failures, created, deleted_ids)


def all_rows(conn, collection, fields):
    status, answer = request(conn, "GET", f"/items/{collection}?limit=-1&fields={fields}")
    assert status == 200, answer
    return answer["data"]


def peak_memory_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main():
    binary = os.path.join(ROOT, "target/release/directus-mock")
    mock = subprocess.Popen(
        [binary, "--fixture", os.path.join(ROOT, "fixtures/conformance"), "--port", str(PORT)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
                if request(conn, "GET", "/server/ping")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        before = {
            "articles": len(all_rows(conn, "articles", "id")),
            "tags": len(all_rows(conn, "tags", "id")),
        }
        stats = Stats()
        deadline = time.time() + DURATION
        started = time.time()
        threads = [threading.Thread(target=client, args=(n, deadline, stats)) for n in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.time() - started
        problems = check(conn, before, stats)
        lat = sorted(stats.latencies)
        pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else 0  # noqa: E731
        print(f"clients {CLIENTS}, {elapsed:.0f} s, {len(lat)} requests, {len(lat) / elapsed:.0f} req/s")
        print(f"latency p50 {pct(0.50):.1f} ms, p99 {pct(0.99):.1f} ms, max {pct(1.0):.1f} ms")
        print(f"articles created {stats.created}, deleted {stats.deleted}; failed requests {len(stats.failures)}")
        for kind, values in sorted(stats.by_kind.items()):
            values.sort()
            print(f"  {kind}: {len(values)}, p50 {values[len(values) // 2] * 1000:.1f} ms, "
                  f"p99 {values[min(len(values) - 1, int(0.99 * len(values)))] * 1000:.1f} ms")
        print(f"mock peak resident memory (VmHWM) {peak_memory_kib(mock.pid) / 1024:.0f} MiB")
        for p in problems + stats.failures[:10]:
            print("PROBLEM:", p)
        return 1 if problems or stats.failures else 0
    finally:
        mock.terminate()
        mock.wait()


def check(conn, before, stats):
    problems = []
    articles = {r["id"] for r in all_rows(conn, "articles", "id")}
    tags = {r["id"] for r in all_rows(conn, "tags", "id")}
    expected = before["articles"] + stats.created - stats.deleted
    if len(articles) != expected:
        problems.append(f"articles: {len(articles)}, expected {expected}")
    if len(tags) != before["tags"] + 2 * stats.created:
        problems.append(f"tags: {len(tags)}, expected {before['tags'] + 2 * stats.created}")
    if any(d in articles for d in stats.deleted_ids):
        problems.append("a deleted article is still there")
    junction = all_rows(conn, "articles_tags", "id,articles_id,tags_id")
    orphans = [j for j in junction if j["articles_id"] not in articles or j["tags_id"] not in tags]
    if orphans:
        problems.append(f"{len(orphans)} orphan junction rows, e.g. {orphans[:3]}")
    linked = all_rows(conn, "articles", "id,tags")
    if sum(len(a["tags"] or []) for a in linked) != len(junction):
        problems.append("the articles' tags do not add up to the junction rows")
    comments = all_rows(conn, "comments", "id,article")
    dangling = [c for c in comments if c["article"] is not None and c["article"] not in articles]
    if dangling:
        problems.append(f"{len(dangling)} comments point at missing articles")
    return problems


if __name__ == "__main__":
    sys.exit(main())
