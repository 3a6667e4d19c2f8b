"""Benchmark: the server's resident memory through a hard day (registered in __main__.py as `memory`).

The server runs as production runs it, in its own process (`server_command`, the one place to change
when `serve` changes), on a real SQLite file with the demo data. Its resident memory is read from
/proc (VmRSS; anonymous and file-backed from smaps_rollup) right after start, which is the baseline,
then after each stage:
1. a hostile-input run (tests/bench/hostile.py: every form given hostile values and 10 MB of text,
   uploads at and over every limit, deep and huge JSON, giant drawings, bad and largest photos);
2. the 50-tablet burst of `make bench sync_ingest` (its client processes, tests/bench/sync_load.py);
3. rendering 100 large drawings: 100 Three Houses sessions, each with a drawing at the drawing
   budget's limit (tests/bench/ink_budget.py's worst drawings) or a 30,000-point one
   (tests/bench/render.py), each drawn as its house picture and its sheet PDF;
4. a quiet pause, when the server has had time to give back what it will give back.
Target: every worker ≤ 300 MB after stage 3, and back there after the pause. With a pre-fork server
(several worker processes) the largest worker is the figure, and every worker is printed.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.sync_load import sync_burst

PROJECT = Path(__file__).resolve().parents[2]
TARGET_MB = 300
PAUSE_SECONDS = 20
LOGIN_LIMIT = "100000 per minute"  # the burst signs 50 workers in from one address


def server_command(port: int) -> list[str]:
    """How production starts the server (`make run`): the one line to change when `serve` changes."""
    return [sys.executable, "app.py", "serve", "--host", "127.0.0.1", "--port", str(port)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        for child in map(int, children):
            found += [child, *_descendants(child)]
    return found


def _kb(path: Path, *fields: str) -> dict[str, int]:
    values = {}
    for line in path.read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in fields:
            values[name] = int(rest.split()[0])
    return values


def worker_memory(pid: int) -> dict[int, dict[str, float]]:
    """MB resident for each process serving requests: the server itself when it has no children (waitress),
    else each worker it forked (a pre-fork master only watches its workers)."""
    workers = _descendants(pid) or [pid]
    figures = {}
    for worker in workers:
        status = _kb(Path(f"/proc/{worker}/status"), "VmRSS", "Threads")
        rollup = _kb(Path(f"/proc/{worker}/smaps_rollup"), "Anonymous", "Private_Clean", "Shared_Clean")
        figures[worker] = {
            "rss": status["VmRSS"] / 1024,
            "anon": rollup["Anonymous"] / 1024,
            "file": (rollup["Private_Clean"] + rollup["Shared_Clean"]) / 1024,
            "threads": status["Threads"],
        }
    return figures


class Server:
    """The server in its own process on a store of its own, as `make run` starts it."""

    def __init__(self, directory: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "SOFS_INSTANCE": str(directory / "instance"),
            "SOFS_DATABASE": str(directory / "sofs.db"),
            "SOFS_SECRET_KEY": "memory-benchmark",
            "SOFS_LOGIN_LIMIT_USERNAME": LOGIN_LIMIT,
            "SOFS_LOGIN_LIMIT_ADDRESS": LOGIN_LIMIT,
            "PORT": str(self.port),
        }
        for command in (["migrate"], ["seed-demo", "--if-empty"]):
            subprocess.run(
                [sys.executable, "app.py", *command], cwd=PROJECT, env=self.env, check=True, capture_output=True
            )
        self.log = open(directory / "server.log", "wb")  # noqa: SIM115 — open while the server runs
        self.process = subprocess.Popen(
            server_command(self.port), cwd=PROJECT, env=self.env, stdout=self.log, stderr=self.log
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"the server did not start: see {directory / 'server.log'}") from None
                time.sleep(0.2)
        time.sleep(2)  # a pre-fork server's workers start after the master listens

    def app(self):
        """The same app in this process, on the same store and instance (for setup: users, keys)."""
        from sofs_direct import create_app

        saved = dict(os.environ)
        os.environ.update(self.env)
        try:
            return create_app()
        finally:
            os.environ.clear()
            os.environ.update(saved)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def _setup(server: Server, tablets: int):
    """Bench workers allocated to Maisie (as sync_ingest adds them), the server's key and Maisie's id."""
    from sofs_direct.artefacts import sealing
    from sofs_direct.platform import accounts
    from sofs_direct.platform.children import set_allocation
    from sofs_direct.platform.db import connect

    app = server.app()
    with app.app_context():
        db = connect(app.config["DATABASE"])
        team = next(db.query("SELECT id FROM teams WHERE name = 'Demo Team'"))["id"]
        workers = [
            accounts.add_user(db, f"bench.worker{n}", f"Bench Worker {n}", "practitioner", team, "sofs-demo")
            for n in range(tablets)
        ]
        demo = [row["id"] for row in db.query("SELECT id FROM users WHERE username = 'demo.worker'")]
        child = next(db.query("SELECT id FROM children WHERE known_as = 'Maisie'"))["id"]
        set_allocation(db, child, workers + demo)
        key = sealing.server_key()
        db.close()
    return key, child


def large_drawings() -> list[bytes]:
    """Encoded drawings at the drawing budget's limit (each kind ink_budget grows), and 30,000-point ones."""
    from sofs_direct.paper import ink
    from tests.bench.ink_budget import worst_drawings
    from tests.bench.render import synthetic_drawing

    return [ink.encode(ops) for _name, ops, _outline in worst_drawings()] + [
        ink.encode(synthetic_drawing(30_000, seed=seed)) for seed in range(3)
    ]


def _render(url: str, server_key: dict, child: str, count: int, drawings: list[bytes]) -> int:
    """`count` sessions, each with a large drawing, sent and then drawn as house picture and sheet PDF."""
    from tests.tablet_client import HttpTablet, make_upload, three_houses

    tablet = HttpTablet(url, timeout=600).sign_in("bench.worker0")
    device = tablet.register("Memory benchmark tablet")["device_id"]
    sessions = []
    for n in range(count):
        document = three_houses(child, houses={"worries": {"ink": "ink-worries"}})
        upload = make_upload(
            server_key,
            device,
            n + 1,
            document,
            [("ink-worries", "application/vnd.sofs-direct.ink", drawings[n % len(drawings)])],
        )
        sent, answer = tablet.send(upload)
        if not sent:
            raise RuntimeError(f"a large drawing was not stored: {answer}")
        sessions.append(upload.id)
    refused = 0
    for session in sessions:
        for path in ("houses/worries.png", "sheet.pdf"):
            status, _, _ = tablet.request("GET", f"/children/{child}/records/{session}/{path}")
            refused += status != 200
    tablet.close()
    return refused


def _line(stage: str, figures: dict, baseline: float) -> float:
    largest = max(figure["rss"] for figure in figures.values())
    detail = "; ".join(
        f"pid {pid} {f['rss']:.0f} MB (anon {f['anon']:.0f}, files {f['file']:.0f}, {f['threads']} threads)"
        for pid, f in figures.items()
    )
    print(
        f"  {stage:<34} largest worker {largest:6.0f} MB  |  at start {baseline:4.0f} MB  |  "
        f"+{largest - baseline:4.0f} MB  |  target <= {TARGET_MB} MB: {'met' if largest <= TARGET_MB else 'NOT met'}"
    )
    print(f"  {'':<34} {detail}")
    return largest


def memory(tablets=50, renders=100, pause=PAUSE_SECONDS):
    import logging

    from tests.bench import hostile

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    drawings = large_drawings()
    with tempfile.TemporaryDirectory() as folder:
        server = Server(Path(folder))
        try:
            baseline = max(f["rss"] for f in worker_memory(server.process.pid).values())
            _line("at start", worker_memory(server.process.pid), baseline)
            began = time.perf_counter()
            forms = hostile.every_form(server.url)
            # After the forms: an admin's hostile forms can lock out any worker who exists by then.
            server_key, child = _setup(server, tablets)
            uploads = hostile.bad_uploads(server.url, server_key, child, drawings_over_the_limits(drawings))
            print(
                f"  ({forms} hostile form posts and {uploads} hostile uploads, none answered 500, "
                f"in {time.perf_counter() - began:.0f} s)"
            )
            _line("after the hostile-input run", worker_memory(server.process.pid), baseline)
            failures = len(sync_burst(server.url, tablets, 8, 2, server_key, child)[2])
            print(f"  ({tablets} tablets x 8 artefacts; {failures} without a verified receipt)")
            _line("after the 50-tablet burst", worker_memory(server.process.pid), baseline)
            began = time.perf_counter()
            refused = _render(server.url, server_key, child, renders, drawings)
            print(
                f"  ({renders} large drawings as picture and sheet PDF in {time.perf_counter() - began:.0f} s; {refused} not 200)"
            )
            _line(f"after rendering {renders} drawings", worker_memory(server.process.pid), baseline)
            time.sleep(pause)
            _line(f"after a quiet {pause} s", worker_memory(server.process.pid), baseline)
        finally:
            server.stop()


def drawings_over_the_limits(drawings: list[bytes]) -> list[bytes]:
    """The hostile run's drawings: each large one repeated until it is over the budget, and the most
    points the format allows in one stroke after another (refused, but decoded and estimated first)."""
    from sofs_direct.paper import ink

    most = [
        {
            "op": "stroke",
            "tool": "pen",
            "colour": 1,
            "size": 2,
            "pressure": False,
            "t": start,
            "points": [(n % 4000, (n * 7) % 4000, 0, n) for n in range(start, start + 1000)],
        }
        for start in range(0, ink.MAX_POINTS, 1000)
    ][: ink.MAX_OPS]
    return [ink.encode(most), *drawings[:4]]


if __name__ == "__main__":
    sys.path.insert(0, str(PROJECT))
    memory()
