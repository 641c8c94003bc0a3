#!/usr/bin/env python3
"""One long write beside short requests: how long a create of N rows (a unique
column) takes, and how long a one-row create and a one-row read started while
it runs wait, against each target given as NAME=URL (admin token
admin-static-token). Creates and drops its own collections.

    scripts/bench_bulk_write.py mock=http://127.0.0.1:8055 real=http://127.0.0.1:8056
Environment: SIZES (default "2500 10000 20000")."""
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request

TOKEN = {"Authorization": "Bearer admin-static-token", "Content-Type": "application/json"}


def call(base, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, headers=TOKEN, method=method)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=600) as resp:
            resp.read()
    except urllib.error.HTTPError as e:
        raise SystemExit(f"{method} {path}: {e.code} {e.read()[:200]!r}")
    return time.perf_counter() - started


def collection(base, name):
    call(base, "POST", "/collections", {
        "collection": name, "schema": {}, "meta": {},
        "fields": [
            {"field": "id", "type": "integer",
             "schema": {"is_primary_key": True, "has_auto_increment": True}},
            {"field": "code", "type": "string", "schema": {"is_unique": True}},
        ]})


def measure(base, n):
    got = {}
    rows = [{"code": f"c{n}-{i}"} for i in range(n)]
    long = threading.Thread(target=lambda: got.update(long=call(base, "POST", "/items/bench_bulk", rows)))
    long.start()
    time.sleep(0.1)
    short_write = call(base, "POST", "/items/bench_small", {"code": f"small-{n}"})
    short_read = call(base, "GET", "/items/bench_small?limit=1")
    long.join()
    return got["long"], short_write, short_read


def main():
    targets = [a.split("=", 1) for a in sys.argv[1:]]
    if not targets:
        raise SystemExit(__doc__)
    sizes = [int(s) for s in os.environ.get("SIZES", "2500 10000 20000").split()]
    print("| target | rows | long create | short create waited | short read waited |")
    print("|---|---:|---:|---:|---:|")
    for name, base in targets:
        for c in ("bench_bulk", "bench_small"):
            collection(base, c)
        try:
            for n in sizes:
                long, write, read = measure(base, n)
                print(f"| {name} | {n:,} | {long:.2f} s | {write:.2f} s | {read * 1000:.1f} ms |", flush=True)
        finally:
            for c in ("bench_bulk", "bench_small"):
                call(base, "DELETE", f"/collections/{c}")


if __name__ == "__main__":
    main()
