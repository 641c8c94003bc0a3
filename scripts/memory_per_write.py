#!/usr/bin/env python3
"""Memory per write of the mock: starts the release build with the
conformance fixture and DIRECTUS_MOCK_MAX_ACTIVITY=$MAX_ACTIVITY, sends
WRITES updates of one item (each records an activity row and a revision)
and prints the resident size (VmRSS) every STEP writes, the growth per
write over the second half, and the resident size after one
`GET /revisions?limit=-1` (REPEAT times, default 3).

    cargo build --release --bin directus-mock
    MAX_ACTIVITY=0 WRITES=20000 scripts/memory_per_write.py      # no bound
    MAX_ACTIVITY=1000 WRITES=20000 scripts/memory_per_write.py
"""

import http.client
import json
import os
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORT = int(os.environ.get("PORT", "18956"))
WRITES = int(os.environ.get("WRITES", "20000"))
STEP = int(os.environ.get("STEP", "5000"))
HEADERS = {"Authorization": "Bearer admin-static-token", "Content-Type": "application/json"}


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


def main():
    env = dict(os.environ, DIRECTUS_MOCK_MAX_ACTIVITY=os.environ.get("MAX_ACTIVITY", "0"))
    mock = subprocess.Popen(
        [os.path.join(ROOT, "target/release/directus-mock"), "--fixture",
         os.path.join(ROOT, "fixtures/conformance"), "--port", str(PORT)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", PORT)
                conn.request("GET", "/server/ping")
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.1)
        samples = [(0, rss_kib(mock.pid))]
        for n in range(1, WRITES + 1):
            body = json.dumps({"title": f"write {n}", "body": "x" * 200})
            conn.request("PATCH", "/items/articles/1", body=body, headers=HEADERS)
            resp = conn.getresponse()
            resp.read()
            assert resp.status == 200, resp.status
            if n % STEP == 0:
                samples.append((n, rss_kib(mock.pid)))
        for n, kib in samples:
            print(f"after {n:>6} writes: VmRSS {kib / 1024:.1f} MiB")
        half = samples[len(samples) // 2]
        last = samples[-1]
        print(f"growth per write over writes {half[0]}..{last[0]}: "
              f"{(last[1] - half[1]) * 1024 / max(1, last[0] - half[0]):.0f} bytes")
        for _ in range(int(os.environ.get("REPEAT", "3"))):
            conn.request("GET", "/revisions?limit=-1", headers=HEADERS)
            resp = conn.getresponse()
            size = len(resp.read())
            time.sleep(0.5)
            print(f"GET /revisions?limit=-1 ({size / 1e6:.1f} MB): VmRSS after {rss_kib(mock.pid) / 1024:.1f} MiB")
        # A little later, after more (small) requests: what the allocator kept.
        for _ in range(200):
            conn.request("GET", "/items/articles/1", headers=HEADERS)
            conn.getresponse().read()
        time.sleep(2)
        print(f"two seconds and 200 small reads later: VmRSS {rss_kib(mock.pid) / 1024:.1f} MiB")
    finally:
        mock.terminate()
        mock.wait()


if __name__ == "__main__":
    main()
