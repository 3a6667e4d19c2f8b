"""The sync benchmark's client processes (`make bench sync_ingest`): the tablets that send, and what they
send. A module of its own because the clients are started with multiprocessing's "spawn", which
finds a process's function by importing its module again: a function of the benchmark's `__main__`
cannot be found that way (`make bench` runs it as `python -m tests.bench`).
"""

import random
import time


def _sync_photo(target_bytes=150 * 1024) -> bytes:
    """A JPEG of about `target_bytes` (noise compresses about as badly as a photo of a drawing)."""
    import io
    import os

    from PIL import Image

    side = 480
    while True:
        image = Image.frombytes("RGB", (side, side * 3 // 4), os.urandom(side * (side * 3 // 4) * 3))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80)
        if len(buffer.getvalue()) >= target_bytes * 0.95 or side > 2000:
            return buffer.getvalue()
        side += 16


def _sync_words(target_bytes=30 * 1024) -> str:
    """About 30 KB of UTF-8 within the observation's 20 000 characters: Welsh, English and emoji."""
    import random

    vocabulary = [
        "Mae'r",
        "tŷ'n",
        "ddiogel,",
        "ŵyn",
        "bach.",
        "“Dad",
        "shouts”",
        "—",
        "ŵŷâêîôû",
        "🙂🏠🌈",
        "“ti’n”",
        "dŵr",
    ]
    generator = random.Random(7)
    words = []
    while len(" ".join(words).encode()) < target_bytes - 200:
        words.append(generator.choice(vocabulary))
    return " ".join(words)[:20000]


def _sync_tablets(url, first, count, per_tablet, server_key, child, ready, go, results, interval=0.0, framing=2):
    """One client process: `count` tablets, each its own sign-in and device, sending `per_tablet`
    finalised artefacts one after another once `go` is set, in protocol v2 framing (or v1's multipart,
    `framing=1`). Clients run in their own processes so their work does not queue on the server's
    interpreter lock."""
    import json as json_module
    import threading

    from tests.tablet_client import HttpTablet, make_upload, observation, receipt_matches, upload_body

    words, jpeg = _sync_words(), _sync_photo()
    tablets, queues = [], []
    for n in range(first, first + count):
        tablet = HttpTablet(url).sign_in(f"bench.worker{n}")
        device = tablet.register(f"Bench tablet {n}")
        tablets.append(tablet)
        # Sealed in advance: the tablets' own work is not what is measured.
        uploads = [
            make_upload(
                server_key,
                device["device_id"],
                seq,
                observation(child, words, ["photo-1"]),
                [("photo-1", "image/jpeg", jpeg)],
            )
            for seq in range(1, per_tablet + 1)
        ]
        queues.append([(upload, upload_body(upload, framing)) for upload in uploads])
    latencies, failures = [], []

    pace = random.Random(first)

    def run(tablet, queue):
        for upload, (body, content_type) in queue:
            if interval:
                time.sleep(pace.uniform(0, 2 * interval))  # tablets coming online at their own moments
            began = time.perf_counter()
            status, kind, data = tablet.request(
                "PUT",
                f"/api/artefacts/{upload.id}",
                body,
                {"Content-Type": content_type, "X-CSRFToken": tablet.csrf_token},
            )
            latencies.append((time.perf_counter() - began) * 1000)
            answer = json_module.loads(data) if kind.startswith("application/json") else None
            if not receipt_matches(status, kind, answer, upload):
                failures.append(status)

    threads = [threading.Thread(target=run, args=pair) for pair in zip(tablets, queues)]
    ready.put((queues[0][0][0].envelope["payload_length"], len(jpeg)))
    go.wait()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for tablet in tablets:
        tablet.close()
    results.put((latencies, failures))


def sync_burst(url, tablets, per_tablet, processes, server_key, child, interval=0.0, framing=2):
    """One fleet of client processes sending to the server: (seconds, latencies in ms, failures,
    (document bytes, photo bytes))."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    ready, results, go = context.Queue(), context.Queue(), context.Event()
    share = tablets // processes
    clients = [
        context.Process(
            target=_sync_tablets,
            args=(
                url,
                n * share,
                share if n < processes - 1 else tablets - n * share,
                per_tablet,
                server_key,
                child,
                ready,
                go,
                results,
                interval,
                framing,
            ),
        )
        for n in range(processes)
    ]
    for client in clients:
        client.start()
    sizes = [ready.get(timeout=300) for _ in clients][0]
    began = time.perf_counter()
    go.set()
    answers = [results.get(timeout=600) for _ in clients]
    elapsed = time.perf_counter() - began
    for client in clients:
        client.join(30)
    latencies = [ms for got, _ in answers for ms in got]
    failures = [status for _, failed in answers for status in failed]
    return elapsed, latencies, failures, sizes
