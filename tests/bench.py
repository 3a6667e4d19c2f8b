"""Benchmarks (`make bench`): figures and ratios printed, never asserted.

Main decision: every figure is paired with a baseline measured in the same run on the same machine
(these machines are shared and noisy), and the ratio is what we compare over time.
Each benchmark is a function registered in BENCHMARKS; later issues add theirs.

Run one: `.venv/bin/python tests/bench.py caseload`.
"""

import http.client
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conftest import LiveServer, base_config  # noqa: E402
from sofs_direct import create_app  # noqa: E402
from sofs_direct.db import connect, migrate  # noqa: E402
from sofs_direct.demo import DEMO_PASSWORD, seed  # noqa: E402

BENCHMARKS = {}


def benchmark(function):
    BENCHMARKS[function.__name__] = function
    return function


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(name, samples_ms, baseline_ms, baseline_name):
    p50, p95 = percentile(samples_ms, 50), percentile(samples_ms, 95)
    b50 = percentile(baseline_ms, 50)
    print(f"  {name}: p50 {p50:.2f} ms, p95 {p95:.2f} ms  |  {baseline_name}: p50 {b50:.2f} ms  |  ratio p50 {p50 / b50:.1f}x")


def seeded_app(directory, **overrides):
    path = Path(directory) / "bench.db"
    app = create_app(base_config(str(path), PASSWORD_HASH_PROFILE="standard", **overrides))
    with app.app_context():
        db = connect(path)
        migrate(db)
        seed(db)
        db.close()
    return app


class Browserless:
    """A keep-alive HTTP client with a cookie jar: one tablet's requests, without a browser."""

    def __init__(self, url):
        host, port = url.removeprefix("http://").split(":")
        self.connection = http.client.HTTPConnection(host, int(port))
        self.cookie = ""

    def request(self, method, path, body=None):
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, text

    def sign_in(self, username):
        from urllib.parse import urlencode

        _, page = self.request("GET", "/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        status, _ = self.request("POST", "/login", urlencode(
            {"username": username, "password": DEMO_PASSWORD, "csrf_token": token}))
        assert status == 302, status


def timed(function, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


@benchmark
def caseload(repeat=300):
    """Caseload and child page through waitress (session check, access rule, audit write, render),
    against the same server answering a static file (the floor of one HTTP round trip)."""
    with tempfile.TemporaryDirectory() as directory:
        server = LiveServer(seeded_app(directory))
        try:
            tablet = Browserless(server.url)
            tablet.sign_in("demo.worker")
            _, page = tablet.request("GET", "/children")
            child = re.search(r"/children/([0-9a-f-]{36})", page).group(1)
            floor = timed(lambda: tablet.request("GET", "/static/css/app.css"), repeat)
            listing = timed(lambda: tablet.request("GET", "/children"), repeat)
            child_page = timed(lambda: tablet.request("GET", f"/children/{child}"), repeat)
        finally:
            tablet.connection.close()
            server.stop()
    report("GET /children (caseload)", listing, floor, "static file")
    report("GET /children/<id> (+ durable audit row)", child_page, floor, "static file")


@benchmark
def sign_in(repeat=20):
    """argon2id verification at the production parameters, against one SHA-256 of the same password."""
    import hashlib

    from argon2 import PasswordHasher

    hasher = PasswordHasher()
    stored = hasher.hash(DEMO_PASSWORD)
    argon = timed(lambda: hasher.verify(stored, DEMO_PASSWORD), repeat)
    sha = timed(lambda: hashlib.sha256(DEMO_PASSWORD.encode()).hexdigest(), repeat)
    print(f"  argon2id verify: p50 {percentile(argon, 50):.1f} ms (the deliberate cost of a guess); "
          f"sha256 p50 {percentile(sha, 50) * 1000:.1f} µs")


def main(names):
    chosen = names or list(BENCHMARKS)
    for name in chosen:
        print(f"{name}: {BENCHMARKS[name].__doc__.split(chr(10))[0]}")
        BENCHMARKS[name]()


if __name__ == "__main__":
    main(sys.argv[1:])
