"""Benchmark: a typical visit synced from the tablet over a slow mobile link (registered in bench.py).

A visit is captured offline in Debian's chromium, then sent with Chromium's own network emulation
(1.6 Mbps down, 750 kbps up, 150 ms latency). Reported: the time from the tablet's first request to
the last answer (the outbox then empty), the bytes on the wire (counted by the server), and the ratio
to the floor — bytes ÷ bandwidth + one round trip — which no protocol can beat on that link. Target:
≤ 1.5× the floor. The visit is sent twice in one run, first as a browser without CompressionStream
sends it (the documents as they are) and then compressed, so the bytes and time saved by compressing
documents before sealing are side by side. The delay before the browser tells the page it is online
is printed apart; it is Chromium's, and timing from it would also add Playwright's polling.

Until the Three Houses tool exists (issue 4) the visit is made of observation notes of the same
size: three notes of ~17 KB each (the words and ~200 strokes of one house each) and one photo (~300 KB once the tablet re-encodes it).
"""

import io
import json
import random
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project: sofs_direct

from tests.conftest import CHROMIUM, LiveServer  # noqa: E402

DOWN_BPS = 1_600_000
UP_BPS = 750_000
LATENCY_MS = 150
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def tablet_in_chromium(server, init_script: str | None = None):
    """Debian's chromium at iPad landscape, by touch, with the tablet app set up on `server`
    (test_tablet.open_tablet): (browser context, page), closed afterwards. `init_script` runs in
    every page before the app's own scripts."""
    from playwright.sync_api import sync_playwright

    from tests.tablet.test_tablet import open_tablet

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
            if init_script:
                context.add_init_script(init_script)
            page = context.new_page()
            open_tablet(page, server)
            yield context, page
        finally:
            browser.close()


def photo_file(directory: Path) -> Path:
    """A ~200 KB JPEG with camera-like noise (so it does not compress away)."""
    from PIL import Image

    rng = random.Random(7)
    image = Image.new("RGB", (1200, 900))
    image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(1200 * 900)])
    path = directory / "visit-photo.jpg"
    quality = 60
    for quality in range(60, 5, -5):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality)
        if buffer.tell() <= 260_000:
            break
    image.save(path, "JPEG", quality=quality)
    return path


def words(n_bytes: int, seed: int) -> str:
    rng = random.Random(seed)
    vocabulary = [
        "Mum",
        "house",
        "dog",
        "scared",
        "happy",
        "school",
        "dinner",
        "shouting",
        "garden",
        "Nan",
        "bedtime",
        "I",
        "like",
        "when",
        "worry",
        "dream",
        "safe",
        "sad",
        "football",
        "ŵ",
    ]
    text = []
    while sum(len(w) + 1 for w in text) < n_bytes:
        text.append(rng.choice(vocabulary))
    return " ".join(text)[:19000]


class WireCounter:
    """WSGI middleware counting what crosses the link for /api/: request and response bodies and
    headers (Chromium's own request sizes leave out bodies made from Blobs)."""

    def __init__(self, app):
        self.app = app
        self.up = self.down = self.requests = 0

    def __call__(self, environ, start_response):
        if not environ.get("PATH_INFO", "").startswith("/api/"):
            return self.app(environ, start_response)
        self.requests += 1
        headers = sum(len(k) + len(str(v)) + 4 for k, v in environ.items() if k.startswith("HTTP_"))
        self.up += int(environ.get("CONTENT_LENGTH") or 0) + headers + len(environ.get("PATH_INFO", "")) + 16

        def counting_start(status, response_headers, exc_info=None):
            self.down += len(status) + sum(len(k) + len(v) + 4 for k, v in response_headers) + 16
            return start_response(status, response_headers, exc_info)

        body = self.app(environ, counting_start)
        chunks = list(body)
        if hasattr(body, "close"):
            body.close()
        self.down += sum(len(chunk) for chunk in chunks)
        return chunks


# The test switch for the figure before compression: the tablet in a browser without
# CompressionStream, which seals the document as it is (docs/sync.md, "Compression").
WITHOUT_COMPRESSION = "delete globalThis.CompressionStream;"


def _visit_over_the_slow_link(compress: bool) -> dict:
    """One visit captured offline and sent over the emulated link; what crossed it, and how long."""
    from playwright.sync_api import expect

    from tests.bench.common import seeded_app
    from tests.tablet.test_tablet import capture, prepare_all, start_observation

    with tempfile.TemporaryDirectory() as directory:
        directory = Path(directory)
        app = seeded_app(directory, PASSWORD_HASH_PROFILE="test")
        counter = WireCounter(app.wsgi_app)
        app.wsgi_app = counter
        server = LiveServer(app)
        photo = photo_file(directory)
        try:
            with tablet_in_chromium(server, None if compress else WITHOUT_COMPRESSION) as (context, page):
                prepare_all(page)
                context.set_offline(True)
                for child, seed in (("Maisie", 1), ("Tomos", 2), ("Ava", 3)):
                    capture(page, child, words(17_000, seed))
                start_observation(page, "Maisie")
                page.get_by_label("What did you see and hear?").fill("Photo of the drawing Maisie made on paper.")
                page.get_by_label("Add a photo").set_input_files(str(photo))
                expect(page.locator(".app-photo-list li")).to_have_count(1)
                page.get_by_role("button", name="Finish and send").tap()
                expect(page.locator("#notice")).to_contain_text("Finished.")

                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send(
                    "Network.emulateNetworkConditions",
                    {
                        "offline": False,
                        "latency": LATENCY_MS,
                        "downloadThroughput": DOWN_BPS / 8,
                        "uploadThroughput": UP_BPS / 8,
                    },
                )
                page.get_by_role("button", name="Sending").tap()
                counter.up = counter.down = counter.requests = 0
                # The clock runs from the tablet's first request to the last answer: what the link
                # costs. How long the browser takes to tell the page it is online is reported apart.
                timeline = {}
                page.on(
                    "request",
                    lambda request: (
                        timeline.setdefault("first", time.perf_counter()) if "/api/" in request.url else None
                    ),
                )
                page.on(
                    "requestfinished",
                    lambda request: (
                        timeline.__setitem__("last", time.perf_counter()) if "/api/" in request.url else None
                    ),
                )
                online_at = time.perf_counter()
                context.set_offline(False)  # the tablet starts sending by itself when back online
                expect(page.locator("#sync-badge")).to_contain_text("Everything has been sent", timeout=120_000)
                stored = _stored(app)
                encodings = [json.loads(row["envelope"]).get("payload_encoding") for row in stored]
                visit = {
                    "elapsed": timeline["last"] - timeline["first"],
                    "noticed": timeline["first"] - online_at,
                    "up": counter.up,
                    "down": counter.down,
                    "requests": counter.requests,
                    "encodings": encodings,
                    # The documents alone: their JSON, and what was sealed in its place (less the tags).
                    "documents": sum(row["payload_length"] for row in stored),
                    "documents_sent": sum(len(row["sealed_payload"]) - 16 for row in stored),
                }
        finally:
            server.stop()
    return visit


def _stored(app) -> list:
    from sofs_direct.platform.db import connect

    store = connect(app.config["DATABASE"])
    try:
        return list(store.query("SELECT envelope, payload_length, sealed_payload FROM artefacts"))
    finally:
        store.close()


def slow_link_visit():
    """A typical visit synced over an emulated slow mobile link, against the link's floor: sent once as
    a browser without CompressionStream sends it (the baseline), then compressed, in the same run."""
    for compress in (False, True):
        visit = _visit_over_the_slow_link(compress)
        up, down, elapsed = visit["up"], visit["down"], visit["elapsed"]
        floor = up * 8 / UP_BPS + down * 8 / DOWN_BPS + LATENCY_MS / 1000  # CDP latency is the round trip
        marks = ", ".join(sorted({str(mark) for mark in visit["encodings"]}))
        print(f"  documents {'compressed' if compress else 'sent as they are (no CompressionStream)'} [{marks}]")
        print(f"    the 4 documents: {visit['documents']:,} bytes of JSON, {visit['documents_sent']:,} bytes sealed")
        print(
            f"    4 artefacts (+ the session check), {up / 1024:.0f} KiB up ({up:,} bytes)"
            f" + {down / 1024:.0f} KiB down in {visit['requests']} requests"
        )
        print(
            f"    sync time {elapsed:.2f} s from the first request to the last answer  |  floor {floor:.2f} s"
            f" (bytes ÷ bandwidth + one round trip)  |  ratio {elapsed / floor:.2f}x (target ≤ 1.5x)"
        )
        print(
            f"    (the tablet's first request came {visit['noticed']:.2f} s after the link came back: the"
            f" browser's own online notice, not the protocol)"
        )


if __name__ == "__main__":
    slow_link_visit()
