"""Group commit (platform/durability.py): receipts share flushes, and none is answered before a flush
that began after its commit; and the instance's key files, which every worker process reads."""

import itertools
import threading
import time
from pathlib import Path

from sofs_direct.platform.db import connect, write_file_once
from sofs_direct.platform.durability import DurabilityBarrier, flush_wal, receipt_write


def test_many_committers_share_flushes_and_each_returns_after_a_flush_begun_after_its_commit(database):
    clock = itertools.count()  # one order for every event, whichever thread
    clock_lock = threading.Lock()
    flushes = []  # (began, ended)

    def tick():
        with clock_lock:
            return next(clock)

    def counted_flush(path):
        began = tick()
        time.sleep(0.005)  # a disk's fsync: committers arrive while it runs
        flush_wal(path)
        flushes.append((began, tick()))

    barrier = DurabilityBarrier(database, flush=counted_flush)
    committed, answered = {}, {}
    start = threading.Barrier(24)

    def upload(n):
        db = connect(database)
        start.wait()
        for round_ in range(5):
            db.conn.execute("PRAGMA synchronous=NORMAL")
            db.conn.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO throttle_counts VALUES (?, 1, 0)", [f"{n}-{round_}"])
            db.conn.execute("COMMIT")
            committed[n, round_] = tick()
            barrier.wait()
            answered[n, round_] = tick()
        db.close()

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(answered) == 120
    assert 1 <= len(flushes) < 120 / 2  # shared: far fewer flushes than commits
    for commit in committed:  # and never answered on a flush that began before the commit
        assert any(committed[commit] < began and ended < answered[commit] for began, ended in flushes), commit
    db = connect(database)
    assert db["throttle_counts"].count == 120
    db.close()


def test_a_receipt_write_commits_then_flushes_and_other_writes_stay_full(database, monkeypatch):
    flushed = []
    monkeypatch.setattr("sofs_direct.platform.durability.flush_wal", lambda path: flushed.append(path))
    monkeypatch.setattr("sofs_direct.platform.durability._barriers", {})
    db = connect(database)
    with receipt_write(db):
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL inside: no fsync at COMMIT
        db.execute("INSERT INTO throttle_counts VALUES ('a', 1, 0)")
    assert flushed == [str(Path(database).resolve())]
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL again for every other write
    try:
        with receipt_write(db):
            db.execute("INSERT INTO throttle_counts VALUES ('b', 1, 0)")
            raise LookupError
    except LookupError:
        pass
    assert len(flushed) == 1  # nothing committed, nothing waited for
    assert db["throttle_counts"].count == 1
    db.close()


def test_a_key_file_is_made_whole_once_and_every_later_process_reads_that_one(tmp_path):
    key = tmp_path / "instance" / "secret_key"
    assert write_file_once(key, b"first") and not write_file_once(key, b"second")
    assert key.read_bytes() == b"first" and key.stat().st_mode & 0o777 == 0o600
    assert [path.name for path in key.parent.iterdir()] == ["secret_key"]  # no temporary file left
