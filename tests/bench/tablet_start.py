"""Benchmark: the tablet app's start (registered in tests/bench/__main__.py as `tablet_start`).

The issue's targets: the app shell's first install transfers at most 300 KB gzipped, not counting the
optional packs (docs/tablet-shell.md); and an offline cold start, from opening the app's URL to an
interactive unlock screen, takes at most 1 s with Chromium's CPU throttled 4x (CDP
Emulation.setCPUThrottlingRate), measured against an empty page served by the same service worker in
the same run. Printed:
1. the shell as the service worker precaches it (its PRECACHE list and /sw.js itself): files, bytes
   raw and as sent gzipped; each pack's files and bytes; and what the server really sent while a
   tablet was set up in Chromium (the precache's requests, and how many came gzipped);
2. the cold start, offline and throttled, a fresh tab each time with the service worker stopped first:
   the time from navigation start until the unlock screen is shown with its passcode field ready and
   the main thread free again, against the baseline of the same run, the web app manifest (a
   precached, near-empty document) opened the same way from the same service worker. The median of
   REPEAT runs of each, alternating.

Run alone: `.venv/bin/python -m tests.bench tablet_start`.
"""

import json
import logging
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project: sofs_direct

from tests.bench.tablet import tablet_in_chromium  # noqa: E402
from tests.conftest import LiveServer  # noqa: E402

THROTTLE = 4
REPEAT = 7
TARGET_SHELL = 300 * 1024
TARGET_START_MS = 1000
GZIP = {"Accept-Encoding": "gzip, deflate, br"}

# Runs before the page's own scripts (an init script is not subject to the page's CSP): notes when the
# unlock screen shows with its passcode field enabled, and when the main thread is next free after it,
# in ms since the epoch (the same clock as the bench's own), so a page that reloads itself on the way
# is timed from the first navigation.
WATCH_UNLOCK = """(() => {
  const seen = () => {
    const screen = document.getElementById('screen-unlock');
    const pin = document.getElementById('pin');
    return screen && !screen.hidden && pin && !pin.disabled;
  };
  const observer = new MutationObserver(() => {
    if (window.__unlockShown || !seen()) return;
    window.__unlockShown = performance.timeOrigin + performance.now();
    setTimeout(() => { window.__unlockReady = performance.timeOrigin + performance.now(); }, 0);
    observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden'] });
})();"""


def _listed(worker: str, name: str):
    """A constant of the rendered service worker (its PRECACHE or PACKS), or None in a version without it."""
    marker = f"const {name} = "
    if marker not in worker:
        return None
    return json.loads(worker.split(marker, 1)[1].split(";", 1)[0])


def shell_sizes(app) -> dict:
    """The shell and the packs as the service worker lists them, each file asked as a browser asks."""
    client = app.test_client()
    worker = client.get("/sw.js").get_data(as_text=True)
    shell = [*_listed(worker, "PRECACHE"), "/sw.js"]
    packs = _listed(worker, "PACKS") or {}

    def size(url, headers=None):
        with client.get(url, headers=headers) as response:
            return len(response.get_data())

    def sizes(urls):
        return len(urls), sum(size(url) for url in urls), sum(size(url, GZIP) for url in urls)

    grouped = {}
    if packs:
        from sofs_direct import tablet_files

        for name, files in tablet_files.packs().items():
            grouped[name] = [url for url in map(tablet_files.static_url, files) if url in packs]
    return {"shell": sizes(shell), "shell_urls": shell, "packs": {name: sizes(urls) for name, urls in grouped.items()}}


class Sent:
    """WSGI middleware: what the server sent, path by path (bytes and Content-Encoding), and whether
    the service worker's install asked it (its precache fetches bypass the HTTP cache: Pragma: no-cache)."""

    def __init__(self, wsgi):
        self.wsgi, self.lock, self.log = wsgi, threading.Lock(), []

    def __call__(self, environ, start_response):
        headers = {}

        def starting(status, response_headers, exc_info=None):
            headers.update((key.lower(), value) for key, value in response_headers)
            return start_response(status, response_headers, exc_info)

        body = self.wsgi(environ, starting)
        try:
            chunks = list(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        with self.lock:
            self.log.append(
                (
                    environ["PATH_INFO"],
                    sum(map(len, chunks)),
                    headers.get("content-encoding", ""),
                    environ.get("HTTP_PRAGMA") == "no-cache",
                )
            )
        return chunks


def _cold_open(context, url, measure):
    """A fresh tab, throttled, the service worker stopped: the ms from asking for `url` to the moment
    `measure` returns (ms since the epoch)."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    try:
        cdp.send("ServiceWorker.enable")
        cdp.send("ServiceWorker.stopAllWorkers")
    except Exception:  # noqa: BLE001 - an older Chromium without it: the worker may still be running
        pass
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
    started = time.time() * 1000
    page.goto(url, wait_until="load")
    elapsed = measure(page) - started
    page.close()
    return elapsed


def _unlock_ready(page):
    deadline = time.monotonic() + 30
    while not (ready := page.evaluate("window.__unlockReady")):
        assert time.monotonic() < deadline, "the unlock screen never showed"
        time.sleep(0.02)
    return ready


def _document_loaded(page):
    return page.evaluate("performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventEnd")


def cold_start():

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # its queue depth, at every burst of fetches
    from tests.bench.common import seeded_app
    from tests.tablet.test_tablet import prepare_all

    with tempfile.TemporaryDirectory() as directory:
        app = seeded_app(Path(directory), PASSWORD_HASH_PROFILE="test", TABLET_KDF_PROFILE="test")
        sizes = shell_sizes(app)
        sent = Sent(app.wsgi_app)
        app.wsgi_app = sent
        server = LiveServer(app)
        try:
            with tablet_in_chromium(server) as (context, page):
                installed = list(sent.log)
                prepare_all(page)
                page.close()
                context.add_init_script(WATCH_UNLOCK)
                context.set_offline(True)
                shell, empty = [], []
                for _ in range(REPEAT):
                    shell.append(_cold_open(context, server.url + "/tablet/en", _unlock_ready))
                    empty.append(_cold_open(context, server.url + "/manifest.webmanifest", _document_loaded))
        finally:
            server.stop()
    return sizes, installed, shell, empty


def _kb(size):
    return f"{size / 1024:.0f} KB"


def tablet_start():
    sizes, installed, shell, empty = cold_start()
    files, raw, sent = sizes["shell"]
    print(
        f"  the shell (precached on first install, with /sw.js): {files} files, {_kb(raw)} raw, "
        f"{_kb(sent)} as sent gzipped (target <= {_kb(TARGET_SHELL)}: {'met' if sent <= TARGET_SHELL else 'NOT met'})"
    )
    packs = sizes["packs"]
    if packs:
        print(
            f"  the packs (kept when first needed or on 'Prepare for visits'): {sum(p[0] for p in packs.values())} files, "
            f"{_kb(sum(p[1] for p in packs.values()))} raw, {_kb(sum(p[2] for p in packs.values()))} as sent gzipped"
        )
        for name, (count, pack_raw, pack_sent) in sorted(packs.items(), key=lambda item: -item[1][2]):
            print(f"    {name}: {count} files, {_kb(pack_raw)} raw, {_kb(pack_sent)} gzipped")
    precached = set(sizes["shell_urls"])
    install = [
        (path, size, encoding) for path, size, encoding, by_worker in installed if by_worker and path in precached
    ]
    plain = [path for path, _size, encoding in install if encoding != "gzip"]
    print(
        f"  sent by the server while a tablet was set up in Chromium: {_kb(sum(entry[1] for entry in installed))} in "
        f"{len(installed)} responses (the page's own, the API's and the install's); the service worker's "
        f"install: {_kb(sum(size for _path, size, _encoding in install))} in {len(install)} responses, "
        f"{len(install) - len(plain)} gzipped, {len(plain)} not ({sum(p.endswith('.png') for p in plain)} PNG)"
    )
    ratio = statistics.median(shell) / statistics.median(empty)
    print(f"  offline cold start at {THROTTLE}x CPU throttling, median of {REPEAT}:")
    print(
        f"    open /tablet/en to an interactive unlock screen: {statistics.median(shell):.0f} ms "
        f"(min {min(shell):.0f}, max {max(shell):.0f}); target <= {TARGET_START_MS} ms: "
        f"{'met' if statistics.median(shell) <= TARGET_START_MS else 'NOT met'}"
    )
    print(
        f"    baseline, the manifest (a near-empty precached document) from the same service worker: "
        f"{statistics.median(empty):.0f} ms (min {min(empty):.0f}, max {max(empty):.0f})  |  ratio {ratio:.1f}x"
    )
