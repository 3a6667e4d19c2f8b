"""The CPU one upload costs the server, phase by phase (`make bench sync_cpu`): v1 framing (multipart)
against v2 framing, each with the worker's sign-in and with the tablet's device credential.

Main decision: the uploads go through the app's WSGI callable in this process, with environs built
beforehand, so what is measured is the server's own work (no HTTP client, no socket), and the four
ways of sending alternate in batches of ten, so the shared machine's load falls on each alike. Phases
are timed by wrapping the few functions that begin each phase with a process-time clock (a few calls
an upload): a profiler's hook on every call would inflate the Python-heavy phases (the multipart
parser most) several times over.
"""

import functools
import re
import tempfile
import time
from pathlib import Path

BATCH = 10
WAYS = ("v1:session", "v2:session", "v1:device", "v2:device")
PHASES = (
    ("hooks: sign-in or credential, limiter, CSRF", lambda t, form: t["hooks"] - t["connect"] - form),
    ("store connection (connect, PRAGMAs)", lambda t, form: t["connect"]),
    ("read body (multipart parse / v2 frame)", lambda t, form: t["read body"] + form),
    ("RSA unwrap (one private-key operation)", lambda t, form: t["unwrap"]),
    ("open: envelope checks, hashes, AES-GCM", lambda t, form: t["open"] - t["unwrap"]),
    ("content: JSON, the kind's checks, photo decode", lambda t, form: t["content"]),
    ("store: part file, rows, audit, COMMIT", lambda t, form: t["ingest"] - t["open"] - t["content"]),
)


class PhaseClock:
    """Process time spent in each wrapped function, per way of sending."""

    def __init__(self):
        self.spent: dict[tuple[str, str], float] = {}
        self.way = None

    def wrap(self, owner, attribute: str, phase: str) -> None:
        function = getattr(owner, attribute)

        @functools.wraps(function)
        def timed(*args, **kwargs):
            began = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                key = (self.way, phase)
                self.spent[key] = self.spent.get(key, 0.0) + time.process_time() - began

        setattr(owner, attribute, timed)

    def per_upload(self, way: str, uploads: int) -> dict[str, float]:
        phases = ("hooks", "connect", "read body", "multipart", "unwrap", "open", "content", "ingest")
        return {phase: self.spent.get((way, phase), 0.0) * 1000 / uploads for phase in phases}


def sync_cpu(rounds=30):
    from werkzeug import formparser
    from werkzeug.test import EnvironBuilder

    from sofs_direct.artefacts import ingest, sealing, sync
    from sofs_direct.platform import db as store
    from tests.bench.common import seeded_app
    from tests.bench.sync_load import _sync_photo, _sync_words
    from tests.tablet_client import make_upload, observation, upload_body

    with tempfile.TemporaryDirectory() as directory:
        app = seeded_app(directory, PASSWORD_HASH_PROFILE="test")
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        client.post("/login", data={"username": "demo.worker", "password": "sofs-demo", "csrf_token": token})
        csrf = client.get("/api/session").get_json()["csrf_token"]
        device = client.post("/api/devices", json={"name": "Bench"}, headers={"X-CSRFToken": csrf}).get_json()
        cookie = "; ".join(f"{c.key}={c.value}" for c in client._cookies.values())
        db = store.connect(Path(directory) / "bench.db")
        child = next(db.query("SELECT id FROM children WHERE known_as = 'Maisie'"))["id"]
        db.close()
        words, jpeg = _sync_words(), _sync_photo()
        numbers = iter(range(1, 10**6))

        def environ(way):
            framing, credential = way.split(":")
            upload = make_upload(
                device["server_key"],
                device["device_id"],
                next(numbers),
                observation(child, words, ["photo-1"]),
                [("photo-1", "image/jpeg", jpeg)],
            )
            body, content_type = upload_body(upload, 2 if framing == "v2" else 1)
            headers = {"Content-Type": content_type, "Accept": "application/json"}
            if credential == "device":
                headers["Authorization"] = f"Device {device['upload_token']}"
            else:
                headers.update({"Cookie": cookie, "X-CSRFToken": csrf, "X-Sofs-Device": device["device_id"]})
            path = f"/api/artefacts/{upload.id}"
            return EnvironBuilder(path=path, method="PUT", data=body, headers=headers).get_environ()

        statuses = []

        def send(env):
            answer = app.wsgi_app(env, lambda status, headers, exc_info=None: statuses.append(status))
            b"".join(answer)
            answer.close()

        for way in WAYS:  # warm every path up before anything is timed
            for _ in range(5):
                send(environ(way))
        clock = PhaseClock()
        clock.wrap(app, "preprocess_request", "hooks")
        clock.wrap(store, "connect", "connect")
        clock.wrap(sync, "_read_upload", "read body")
        clock.wrap(formparser.FormDataParser, "_parse_multipart", "multipart")
        clock.wrap(sealing, "unwrap", "unwrap")
        clock.wrap(ingest, "open_upload", "open")
        clock.wrap(ingest, "check_content", "content")
        clock.wrap(sync, "ingest", "ingest")
        total = dict.fromkeys(WAYS, 0.0)
        for _ in range(rounds):
            for way in WAYS:
                batch = [environ(way) for _ in range(BATCH)]
                clock.way = way
                began = time.process_time()
                for env in batch:
                    send(env)
                total[way] += time.process_time() - began
        assert all(status.startswith("200") for status in statuses), sorted(set(statuses))
    uploads = rounds * BATCH
    print(
        f"  {uploads} uploads each way ({len(words.encode()) // 1024} KB document + {len(jpeg) // 1024} KB JPEG), "
        "ms of CPU per upload in this process, the ways alternating:"
    )
    print(f"  {'':48s}" + "".join(f"{way:>12s}" for way in WAYS))
    times = {way: clock.per_upload(way, uploads) for way in WAYS}
    for name, phase in PHASES:
        cells = []
        for way in WAYS:
            # The sign-in's CSRF check reads a multipart form first; with the credential the view does.
            form = times[way]["multipart"] if way.endswith("session") else 0.0
            cells.append(phase(times[way], form))
        print(f"  {name:48s}" + "".join(f"{ms:12.2f}" for ms in cells))
    rest = []
    for way in WAYS:
        form = times[way]["multipart"] if way.endswith("session") else 0.0
        rest.append(total[way] * 1000 / uploads - sum(phase(times[way], form) for _, phase in PHASES))
    print(f"  {'Flask, receipt, teardown (the rest)':48s}" + "".join(f"{ms:12.2f}" for ms in rest))
    print(f"  {'whole request':48s}" + "".join(f"{total[way] * 1000 / uploads:12.2f}" for way in WAYS))
