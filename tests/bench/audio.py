"""Benchmark: the child's recorded voice — bytes per minute of stored speech, and a 10-minute clip
synced over the slow mobile link of the sync benchmark (registered in bench.py as `audio`).

Bytes per minute: Chromium's MediaRecorder records a speech-like voice (tests/make_audio_fixtures.py
`--measure`: pitch-varying syllables through vowel formants, fed as the fake microphone) for 60 s at
24 and 32 kbps, in WebM and MP4, as the tablet records; the baseline is the same minute as plain
16 kHz, 16-bit mono PCM (1.92 MB), the least a speech recording takes without a codec. Target:
≤ 250 KB a minute.

The 10-minute clip is the real recorded minute (tests/fixtures/audio/minute.webm) played ten times
over: its clusters are written again with their timecodes moved on by a minute each time, so the file
is what MediaRecorder would have written in ten minutes (audio.check_audio accepts it as 10:00). It is
sealed and sent as one finalised Three Houses session exactly as the tablet sends it (the same
PUT, in protocol v2 framing), by the browser, under the same Chromium network emulation as `slow_link_visit`
(750 kbps up, 1.6 Mbps down, 150 ms). The floor is bytes ÷ bandwidth + one round trip. Target ≤ 1.5×.
What is left out is the tablet's own work before sending (reading its encrypted store, sealing),
which no link changes.
"""

import base64
import copy
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project: sofs_direct

from tests.bench.tablet import DOWN_BPS, LATENCY_MS, LAUNCH_ARGS, UP_BPS, WireCounter  # noqa: E402
from tests.conftest import CHROMIUM, DEMO_PASSWORD, LiveServer  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
CLUSTER, TIMECODE = 0x1F43B675, 0xE7
PCM_BYTES_A_MINUTE = 16_000 * 2 * 60


def repeated_webm(data: bytes, times: int, minute_ms: int) -> bytes:
    """The recording played `times` times: the header as recorded, then every cluster again for
    each repeat with its timecode (in ms, MediaRecorder's TimecodeScale) moved on by `minute_ms`."""
    from sofs_direct.paper.audio_webm import _element

    _id, segment_body, _end, _unknown = _element(data, _element(data, 0, len(data))[2], len(data))
    clusters, position = [], segment_body
    while position < len(data):
        element_id, body, end, unknown = _element(data, position, len(data))
        if element_id == CLUSTER:
            if unknown:  # runs until the next cluster (MediaRecorder writes clusters of unknown size)
                end = data.find(CLUSTER.to_bytes(4, "big"), body)
                end = len(data) if end < 0 else end
            clusters.append((position, body, end))
        position = end
    head = data[: clusters[0][0]]
    out = [head]
    for repeat in range(times):
        for start, body, end in clusters:
            out.append(data[start:body])
            inside = body
            while inside < end:
                element_id, child_body, child_end, _unknown = _element(data, inside, end)
                if element_id == TIMECODE:
                    value = int.from_bytes(data[child_body:child_end], "big") + repeat * minute_ms
                    out.append(b"\xe7\x88" + value.to_bytes(8, "big"))  # an 8-byte timecode, size 8
                else:
                    out.append(data[inside:child_end])
                inside = child_end
    return b"".join(out)


def bytes_a_minute() -> None:
    from tests.make_audio_fixtures import speech_recordings

    for name, size, duration_ms in speech_recordings():
        per_minute = size * 60000 / duration_ms
        print(
            f"  {name}: {per_minute / 1000:.0f} kB a minute (target ≤ 250)  |  16 kHz PCM:"
            f" {PCM_BYTES_A_MINUTE / 1000:.0f} kB  |  ratio {per_minute / PCM_BYTES_A_MINUTE:.3f}x"
        )


SEND = """
async ({url, body, contentType, token}) => {
  const bytes = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
  const started = performance.now();
  const response = await fetch(url, {method: "PUT", body: new Blob([bytes]), credentials: "same-origin",
    headers: {"Content-Type": contentType, "X-CSRFToken": token, "Accept": "application/json"}});
  const answer = await response.json();
  return {status: response.status, seconds: (performance.now() - started) / 1000, answer};
}
"""


def ten_minute_clip_over_a_slow_link() -> None:
    from playwright.sync_api import sync_playwright

    from sofs_direct.paper import audio
    from tests.bench.common import seeded_app
    from tests.tablet_client import make_upload, upload_body
    from tests.tools.test_consent import clip, consented

    minute = (FIXTURES / "minute.webm").read_bytes()
    sound = repeated_webm(minute, 10, 60_000)
    info = audio.check_audio(sound, "audio/webm", 600_000)
    print(
        f"  the 10-minute clip: {len(sound) / 1e6:.2f} MB, {audio.clock(info.duration_ms)} as the server reads it"
        f" ({len(sound) * 6 / 1000 / info.duration_ms * 10_000:.0f} kB a minute)"
    )
    with tempfile.TemporaryDirectory() as directory:
        app = seeded_app(directory, PASSWORD_HASH_PROFILE="test")
        counter = WireCounter(app.wsgi_app)
        app.wsgi_app = counter
        server = LiveServer(app)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
                page = browser.new_context().new_page()
                page.goto(server.url + "/login")
                page.get_by_label("Username").fill("demo.worker")
                page.get_by_label("Password").fill(DEMO_PASSWORD)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_url(lambda url: not url.endswith("/login"))
                token = page.evaluate("async () => (await (await fetch('/api/session')).json()).csrf_token")
                device = page.evaluate(
                    """async (token) => (await fetch('/api/devices', {method: 'POST',
                    headers: {'Content-Type': 'application/json', 'X-CSRFToken': token}, body: '{"name": "Bench"}'})).json()""",
                    token,
                )
                child_id = page.evaluate("async () => (await (await fetch('/api/prepare')).json()).children[0].id")
                entry = dict(clip("c1"), duration_ms=info.duration_ms, moments=[])
                document = copy.deepcopy(consented(child_id, clips=[entry]))
                upload = make_upload(
                    device["server_key"], device["device_id"], 1, document, [("audio-c1", "audio/webm", sound)]
                )
                body, content_type = upload_body(upload)
                cdp = page.context.new_cdp_session(page)
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
                counter.up = counter.down = counter.requests = 0
                wall = time.perf_counter()
                sent = page.evaluate(
                    SEND,
                    {
                        "url": f"/api/artefacts/{upload.id}",
                        "body": base64.b64encode(body).decode(),
                        "contentType": content_type,
                        "token": token,
                    },
                )
                wall = time.perf_counter() - wall
                up, down = counter.up, counter.down
                browser.close()
        finally:
            server.stop()
    assert sent["status"] == 200 and sent["answer"]["status"] == "stored", sent
    floor = up * 8 / UP_BPS + down * 8 / DOWN_BPS + LATENCY_MS / 1000
    print(f"  {up / 1e6:.2f} MB up + {down / 1000:.1f} kB down in one request")
    print(
        f"  sync time {sent['seconds']:.1f} s (the page's fetch; {wall:.1f} s with Playwright's hand-over)"
        f"  |  floor {floor:.1f} s (bytes ÷ bandwidth + one round trip)  |  ratio {sent['seconds'] / floor:.2f}x"
        f" (target ≤ 1.5x)"
    )


def main() -> None:
    bytes_a_minute()
    ten_minute_clip_over_a_slow_link()


if __name__ == "__main__":
    main()
