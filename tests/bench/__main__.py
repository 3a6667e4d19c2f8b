"""Benchmarks (`make bench`): figures and ratios printed, never asserted.

Main decision: every figure is paired with a baseline measured in the same run on the same machine
(these machines are shared and noisy), and the ratio is what we compare over time.
Each benchmark is a function registered in BENCHMARKS; later issues add theirs.

Run one: `.venv/bin/python tests/bench caseload`.
"""

import http.client
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# `python tests/bench` puts tests/bench first on the path, where its modules (ink.py, network.py…) would
# shadow others of the same name: the project goes there instead, and they are imported as `tests.bench.…`.
sys.path[0] = str(Path(__file__).resolve().parents[2])  # the project: sofs_direct, and the tests as `tests.…`

from sofs_direct import create_app  # noqa: E402
from sofs_direct.platform.db import connect, migrate  # noqa: E402
from sofs_direct.platform.demo import DEMO_PASSWORD, seed  # noqa: E402
from tests.bench.common import percentile, report, seeded_app  # noqa: E402
from tests.bench.sync_load import _sync_photo, _sync_words, sync_burst  # noqa: E402
from tests.conftest import LiveServer, base_config  # noqa: E402

BENCHMARKS = {}


def benchmark(function):
    BENCHMARKS[function.__name__] = function
    return function


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
        status, _ = self.request(
            "POST", "/login", urlencode({"username": username, "password": DEMO_PASSWORD, "csrf_token": token})
        )
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
    print(
        f"  argon2id verify: p50 {percentile(argon, 50):.1f} ms (the deliberate cost of a guess); "
        f"sha256 p50 {percentile(sha, 50) * 1000:.1f} µs"
    )


def _sync_server(app, directory, server_workers):
    """The server under load: waitress in a thread of this process (server_workers=0), or the real
    server, `app.py serve` with that many gunicorn worker processes, on the same store."""
    if not server_workers:
        return LiveServer(app)
    from sofs_direct.artefacts import sealing
    from tests.servers import ServerProcess, server_instance

    limits = {"SOFS_LOGIN_LIMIT_USERNAME": "1000 per minute", "SOFS_LOGIN_LIMIT_ADDRESS": "1000 per minute"}
    instance = server_instance(directory, sealing.key_file(app.instance_path))
    return ServerProcess(app.config["DATABASE"], instance, workers=server_workers, env=limits)


@benchmark
def sync_ingest(tablets=50, per_tablet=8, processes=2, interval=0.0, server_workers=None):
    """50 tablets uploading artefacts at once, against raw durable SQLite inserts of the same bytes.

    The server does everything (waitress, the body's framing, session, CSRF, RSA unwrap, AES-GCM, hashes,
    checks, part file and row written durably); the baseline is one thread inserting rows of the same
    sizes (WAL, synchronous=FULL, BEGIN IMMEDIATE per row, no HTTP, no crypto). The same fleet sends in
    v1 framing (multipart, as tablets that have not updated do) and in v2 framing, to the same server
    in the same run."""
    import logging
    import sqlite3

    from sofs_direct.artefacts import sealing
    from sofs_direct.platform import accounts
    from sofs_direct.platform.children import set_allocation
    from tests.tablet_client import make_upload, observation

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth" is the point here
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bench.db"
        app = create_app(base_config(str(path)))
        with app.app_context():
            db = connect(path)
            migrate(db)
            seed(db)
            team = next(db.query("SELECT id FROM teams WHERE name = 'Demo Team'"))["id"]
            workers = [
                accounts.add_user(db, f"bench.worker{n}", f"Bench Worker {n}", "practitioner", team, DEMO_PASSWORD)
                for n in range(tablets)
            ]
            child = next(db.query("SELECT id FROM children WHERE known_as = 'Maisie'"))["id"]
            set_allocation(db, child, workers)
            server_key = sealing.server_key()
            db.close()
        if server_workers is None:  # as `make run` serves: a worker process per core
            server_workers = len(os.sched_getaffinity(0))
        server = _sync_server(app, directory, server_workers)
        # Half of each framing's uploads in each of two bursts, in the order v1, v2, v2, v1: the shared
        # machine's load drifts, and this way a drift falls on both framings alike.
        bursts = {1: (0.0, [], [], None), 2: (0.0, [], [], None)}
        try:
            for framing in (1, 2, 2, 1):
                elapsed, latencies, failures, sizes = sync_burst(
                    server.url, tablets, per_tablet // 2, processes, server_key, child, interval, framing
                )
                so_far = bursts[framing]
                bursts[framing] = (so_far[0] + elapsed, so_far[1] + latencies, so_far[2] + failures, sizes)
        finally:
            server.stop()
        total = tablets * per_tablet

        # The baseline: as many rows of the same sizes, durably, one writer, no HTTP, no crypto.
        uploads = [
            make_upload(
                server_key,
                "bench",
                n,
                observation(child, _sync_words(), ["photo-1"]),
                [("photo-1", "image/jpeg", _sync_photo())],
            )
            for n in range(1, 4)
        ]
        raw = sqlite3.connect(str(Path(directory) / "raw.db"), isolation_level=None)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=FULL")
        raw.execute("CREATE TABLE artefacts (id INTEGER PRIMARY KEY, payload BLOB NOT NULL, part BLOB NOT NULL)")
        raw_began = time.perf_counter()
        for n in range(total):
            upload = uploads[n % len(uploads)]
            raw.execute("BEGIN IMMEDIATE")
            raw.execute(
                "INSERT INTO artefacts (payload, part) VALUES (?, ?)",
                [upload.sealed_payload, upload.sealed_parts["photo-1"]],
            )
            raw.execute("COMMIT")
        raw_elapsed = time.perf_counter() - raw_began
        raw.close()
    raw_rate = total / raw_elapsed
    document_bytes, photo_bytes = bursts[2][3]
    if interval:
        print(
            f"  {total} artefacts from {tablets} tablets in each framing, each tablet sending about every "
            f"{interval:.1f} s (offered {tablets / interval:.0f}/s)"
        )
    else:
        print(
            f"  {total} artefacts ({document_bytes / 1024:.0f} KB document + {photo_bytes / 1024:.0f} KB JPEG each) "
            f"from {tablets} tablets at once ({processes} client processes), in each framing; server: "
            f"{f'app.py serve, {server_workers} worker processes' if server_workers else 'waitress in one process'}"
        )
    for framing, name in ((2, "v2 framing"), (1, "v1 multipart")):
        elapsed, latencies, failures, _sizes = bursts[framing]
        rate, p50, p99 = total / elapsed, percentile(latencies, 50), percentile(latencies, 99)
        print(
            f"  {name:12s}: {rate:6.1f} artefacts/s ({rate / raw_rate:4.0%} of raw), latency p50 {p50:4.0f} ms, "
            f"p99 {p99:4.0f} ms; {len(failures)} without a verified receipt"
        )
    print(f"  raw durable SQLite insert: {raw_rate:.1f} rows/s")
    elapsed, latencies, failures, _sizes = bursts[2]
    rate, p99 = total / elapsed, percentile(latencies, 99)
    targets = [f"p99 <= 250 ms ({'met' if p99 <= 250 else 'NOT met'})"]
    if not interval:
        targets.insert(0, f">= 50% of the raw rate ({'met' if rate >= raw_rate / 2 else 'NOT met'})")
    print(f"  targets, v2: {', '.join(targets)}, 0 without a receipt ({'met' if not failures else 'NOT met'})")


@benchmark
def sync_cpu():
    """The server's CPU per upload, phase by phase, v1 (multipart) against v2 framing.

    Signed in and with the device credential, the four alternating in one process (tests/bench/sync_cpu.py)."""
    from tests.bench.sync_cpu import sync_cpu as run

    run()


@benchmark
def sync_ingest_workers():
    """The 50-tablet burst against waitress in one process (as sync_ingest), then the real server
    (`app.py serve`, gunicorn) with 1 and 2 worker processes, in one run."""
    for workers in (0, 1, 2):
        sync_ingest(server_workers=workers)


@benchmark
def store_writes():
    """The store's write path from 2 processes x 8 threads: the writers' queue and group commit, each against its absence."""
    from tests.bench.store_writes import main as run

    run()


@benchmark
def sync_ingest_paced():
    """The same 50 tablets, but each sending about once a second instead of all back to back."""
    sync_ingest(interval=1.0)


@benchmark
def slow_link_visit():
    """A typical visit synced from the tablet (real chromium) over an emulated slow mobile link."""
    from tests.bench.tablet import slow_link_visit as run

    run()


@benchmark
def unlock():
    """Unlocking the tablet with its passcode at 4x CPU throttling, and one guess's cost: Argon2id
    (production) against PBKDF2-SHA-256 600k, in the same run."""
    from tests.bench.unlock import unlock as run

    run()


@benchmark
def tablet_start():
    """The tablet's start: shell and pack bytes, and the offline cold start to unlock at 4x CPU throttling."""
    from tests.bench.tablet_start import tablet_start as run

    run()


@benchmark
def ink_canvas():
    """Drawing on the tablet: main-thread time per pointer event and per frame, bytes per point."""
    from tests.bench.ink import ink_canvas as run

    run()


@benchmark
def ink_render():
    """The server's render of a 30,000-point drawing to PNG and to the sheet, against plain Pillow lines."""
    from tests.bench.render import render as run

    run()


@benchmark
def ink_budget():
    """The drawing budget: the worst drawings it accepts and typical ones at 1600 px on one core, and its fit."""
    from tests.bench.ink_budget import main as run

    run()


@benchmark
def booklet():
    """A 12-page Words and Pictures booklet with drawings: seconds to make the A4 PDF, and its size."""
    from tests.bench.booklet import booklet as run

    run()


@benchmark
def safety_house():
    """ "My Safety House" with 30 people, 20 rules and a 20,000-point drawing: seconds to make the PDF on one core."""
    from tests.bench.safety_house import safety_house as run

    run()


@benchmark
def picture_sort():
    """ "My picture sort" with 40 cards with symbols on five columns: seconds to make the PDF on one core."""
    from tests.bench.picture_sort import picture_sort as run

    run()


@benchmark
def assessment_pack():
    """An assessment pack of 10 artefacts with drawings for the conference: seconds to make the PDF, and its size."""
    from tests.bench.pack import assessment_pack as run

    run()


@benchmark
def network_figures():
    """The safety and resilience figures for a service of 2,000 allocated children, against one SQL scan."""
    from tests.bench.network import main as run

    run()


@benchmark
def network_map():
    """Dragging people on a circles map of 60 in Chromium: main-thread time per frame."""
    from tests.bench.network_map import network_map as run

    run()


@benchmark
def search():
    """Searching 100,000 stored children's words for a caseload and a team, against a LIKE scan."""
    from tests.bench.search import main as run

    run()


@benchmark
def audio():
    """The child's recorded voice: bytes per minute of speech, and a 10-minute clip over the slow link."""
    from tests.bench.audio import main as run

    run()


@benchmark
def symbols():
    """The symbol vocabulary the tablet keeps for visits: files and KB gzipped, against the 600 KB budget."""
    from tests.bench.symbols import main as run

    run()


@benchmark
def memory():
    """The server's resident memory after hostile input, the 50-tablet burst and 100 large drawings, against its start."""
    from tests.bench.memory import memory as run

    run()


@benchmark
def contract_soak():
    """Soak: the contract tests and the drawing format's property tests with many more examples than the suite."""
    started = time.perf_counter()
    # Its own process: pytest inside this one would meet the conftest already imported here.
    failed = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("soak_contract.py")), "-q", "-n", "2"], check=False
    ).returncode
    print(f"  {'no failures' if failed == 0 else 'FAILURES (see above)'} in {time.perf_counter() - started:.0f} s")


def main(names):
    chosen = names or list(BENCHMARKS)
    for name in chosen:
        print(f"{name}: {BENCHMARKS[name].__doc__.split(chr(10))[0]}")
        BENCHMARKS[name]()


if __name__ == "__main__":
    main(sys.argv[1:])
