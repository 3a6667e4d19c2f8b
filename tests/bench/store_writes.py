"""`make bench store_writes`: the store's write path with two worker processes, as the server runs it.

Two processes of 8 threads each commit transactions shaped like an upload's (a 30 KB row, and a 150 KB
part file written and fsynced inside the transaction, as store.py does), each then answered as a
receipt. Printed, in one run: transactions a second and latency p50/p99 with everything on (the
writers' queue, platform/writers.py, and group commit, platform/durability.py), with SQLite's busy
handler instead of the queue, and with a durable COMMIT (synchronous=FULL) instead of group commit.
The processes are started with spawn and this module is their target, so it is imported again there.
"""

import contextlib
import multiprocessing
import os
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

THREADS, TRANSACTIONS = 8, 15
SETUPS = {
    "queue + group commit": (True, True),
    "busy handler + group commit": (False, True),
    "queue + durable COMMIT": (True, False),
}


class _NoQueue:
    @contextlib.contextmanager
    def turn(self, timeout):
        yield


def _writer_process(path, queue, group, results, go):
    import sofs_direct.platform.db as store
    from sofs_direct.platform.durability import receipt_write

    if not queue:
        store.queue_for = lambda database: _NoQueue()
    part = os.urandom(150_000)
    latencies = []

    def thread(number):
        db = store.connect(path)
        go.wait()
        for n in range(TRANSACTIONS):
            began = time.perf_counter()
            with receipt_write(db) if group else store.write(db):
                db.execute("INSERT INTO uploads (body) VALUES (?)", [b"x" * 30_000])
                with open(f"{path}.{os.getpid()}.{number}.{n}", "wb") as handle:
                    handle.write(part)
                    handle.flush()
                    os.fsync(handle.fileno())
            latencies.append((time.perf_counter() - began) * 1000)
        db.close()

    threads = [threading.Thread(target=thread, args=(number,)) for number in range(THREADS)]
    for each in threads:
        each.start()
    for each in threads:
        each.join()
    results.put(latencies)


def _run(queue, group):
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as directory:
        path = str(Path(directory) / "store.db")
        setup = sqlite3.connect(path)
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE uploads (id INTEGER PRIMARY KEY, body BLOB)")
        setup.close()
        results, go = context.Queue(), context.Event()
        processes = [context.Process(target=_writer_process, args=(path, queue, group, results, go)) for _ in range(2)]
        for process in processes:
            process.start()
        time.sleep(2)  # both started and connected
        began = time.perf_counter()
        go.set()
        latencies = sorted(results.get(timeout=300) + results.get(timeout=300))
        elapsed = time.perf_counter() - began
        for process in processes:
            process.join(30)
    return len(latencies) / elapsed, latencies


def main():
    from tests.bench.common import percentile

    for name, (queue, group) in SETUPS.items():
        rate, latencies = _run(queue, group)
        print(
            f"  {name}: {rate:.0f} transactions/s, p50 {percentile(latencies, 50):.0f} ms, "
            f"p99 {percentile(latencies, 99):.0f} ms  (2 processes x {THREADS} threads)"
        )
