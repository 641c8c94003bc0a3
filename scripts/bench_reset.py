#!/usr/bin/env python3
"""How long the control API's reset takes over a 10,000-row fixture.

usage: bench_reset.py [ROUNDS]          (MOCK_BIN: the directus-mock binary;
                                         default target/release, else target/debug)

1. A first mock (no fixture) gets the benchmark schema and rows through the API
   (bench_data.py: 50 authors, 1,000 articles, 10,000 rows in bench_big) and
   writes its state with --export-on-exit when it stops.
2. A second mock starts from that directory with --fixture and --control.
3. Each round writes (a new bench_big row, a changed one) and times
   POST /__mock/reset on a kept-alive connection; a ping on the same
   connection times the HTTP round trip alone. After the rounds, the table
   must hold its 10,000 start-up rows and none of the written ones.
Prints the median, p95 and worst times in milliseconds.
"""
import http.client, json, os, pathlib, signal, socket, statistics, subprocess, sys, tempfile, time

ROOT = pathlib.Path(__file__).resolve().parent.parent
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 300


def binary():
    if os.environ.get("MOCK_BIN"):
        return os.environ["MOCK_BIN"]
    for profile in ("release", "debug"):
        path = ROOT / "target" / profile / "directus-mock"
        if path.exists():
            return str(path)
    sys.exit("no directus-mock binary: cargo build --release -p mock-server")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args):
    port = free_port()
    proc = subprocess.Popen([binary(), "--port", str(port), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/server/ping")
            if c.getresponse().status == 200:
                return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit("the mock did not start")


def call(conn, method, path, body=None):
    headers = {"Authorization": "Bearer admin-static-token", "Content-Type": "application/json"}
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    is_json = (resp.getheader("Content-Type") or "").startswith("application/json")
    return resp.status, (json.loads(data) if data and is_json else data)


def count(conn):
    status, body = call(conn, "GET", "/items/bench_big?aggregate[count]=*")
    assert status == 200, body
    return int(body["data"][0]["count"])


def timed(conn, method, path, body=None, expect=204):
    t0 = time.perf_counter()
    status, _ = call(conn, method, path, body)
    elapsed = (time.perf_counter() - t0) * 1000
    assert status == expect, (method, path, status)
    return elapsed


def summary(name, times):
    times = sorted(times)
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"| {name} | {statistics.median(times):.3f} | {p95:.3f} | {times[-1]:.3f} |")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        fixture = pathlib.Path(tmp) / "fixture"
        proc, port = start(["--export-on-exit", str(fixture)])
        subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_data.py"), "1000", "10000", str(port)],
                       check=True)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=120)
        assert fixture.is_dir(), "the first mock exported nothing"
        proc, port = start(["--fixture", str(fixture), "--control"])
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            assert count(conn) == 10000
            after_writes, idle, ping = [], [], []
            for i in range(ROUNDS):
                status, _ = call(conn, "POST", "/items/bench_big", {"title": f"new {i}", "status": "draft"})
                assert status == 200
                status, _ = call(conn, "PATCH", "/items/bench_big/1", {"title": f"changed {i}"})
                assert status == 200
                after_writes.append(timed(conn, "POST", "/__mock/reset"))
                idle.append(timed(conn, "POST", "/__mock/reset"))
                ping.append(timed(conn, "GET", "/server/ping", expect=200))
            assert count(conn) == 10000
            status, body = call(conn, "GET", "/items/bench_big/1?fields=title")
            assert status == 200 and not body["data"]["title"].startswith("changed"), body
            status, body = call(conn, "GET", "/items/bench_big?filter[title][_starts_with]=new&limit=1")
            assert status == 200 and body["data"] == [], body
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    print(f"binary: {binary()}; {ROUNDS} rounds; round trip over loopback HTTP, kept alive")
    print("| request | median (ms) | p95 (ms) | worst (ms) |")
    print("|---|---:|---:|---:|")
    summary("POST /__mock/reset after two writes (10,000-row fixture)", after_writes)
    summary("POST /__mock/reset with nothing to undo", idle)
    summary("GET /server/ping (the HTTP round trip alone)", ping)


if __name__ == "__main__":
    main()
