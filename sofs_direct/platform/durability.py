"""Group commit for receipts: uploads committed within a few milliseconds of each other share one fsync.

Main decision: a transaction whose answer is a receipt (`receipt_write`) commits under WAL with
`synchronous=NORMAL`, which writes its frames to the `-wal` file but does not fsync at COMMIT
(https://www.sqlite.org/pragma.html#pragma_synchronous: "WAL mode is always consistent with
synchronous=NORMAL, but WAL mode does lose durability. A transaction committed in WAL mode with
synchronous=NORMAL might roll back following a power loss"). Durability is then given back by a
barrier, *before* the receipt is sent: one fsync of the `-wal` file, begun after the commit
finished, covers every frame written to that file before it, whichever thread or process wrote them
(fsync flushes the file, not one descriptor's writes). So the receipt still means "on disk", and the
fsync no longer happens inside COMMIT while the write lock is held: the next upload commits while
this one's flush runs, and every upload that commits meanwhile shares the next flush.

Within a process the barrier is a leader/follower queue: the first thread to arrive flushes; a
thread arriving while a flush runs waits for the next one (its commit may have finished after the
running flush began) and shares it. Across processes nothing is needed: each process's fsync covers
the whole file. Why a commit cannot escape the flush (https://www.sqlite.org/wal.html):
- a checkpoint (automatic or not) moves committed frames into the database file; under NORMAL the
  WAL is synced before a checkpoint and the database after it, and the WAL header is synced before
  the WAL is reused from its start, so a commit overwritten by a WAL reset is already durable in the
  database file;
- the WAL file is deleted only when the last connection closes, after a checkpoint; the connection
  that committed is still open while it waits here, so the `-wal` file the barrier opens (by name,
  afresh for each flush, never a descriptor kept from before) is the one the commit was written to.
  Should it be missing all the same, the database file is synced instead.
Every other write keeps `synchronous=FULL` (db.connect): durable at COMMIT, as before.

The barriers are per process, one per database file (a test run has many stores): that is
coordination, not state to share — each process's flushes are complete on their own.
"""

import os
import threading
from contextlib import contextmanager

from .db import database_file, write


def fsync_path(path: str) -> None:
    """fsync a file by name (a descriptor opened for reading is enough on Linux and macOS)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def flush_wal(database: str) -> None:
    """Make every committed WAL frame of `database` durable."""
    try:
        fsync_path(database + "-wal")
    except FileNotFoundError:  # checkpointed into the database and removed (see above): sync that
        fsync_path(database)


class DurabilityBarrier:
    """`wait()` returns only after a flush that began after the call (so after the caller's commit)
    has finished; concurrent callers share flushes (leader/follower)."""

    def __init__(self, database: str, flush=None):
        self.database = database
        self._flush = flush or flush_wal
        self._changed = threading.Condition()
        self._arrived = 0  # callers so far, each numbered
        self._durable = 0  # every caller up to this number is covered by a finished flush
        self._flushing = False

    def wait(self) -> None:
        with self._changed:
            self._arrived += 1
            mine = self._arrived
            while self._durable < mine:
                if self._flushing:  # began before we arrived, or will cover us: wait and see
                    self._changed.wait()
                    continue
                self._flushing = True
                covers = self._arrived  # every caller so far committed before this flush begins
                self._changed.release()
                try:
                    self._flush(self.database)
                except BaseException:
                    self._changed.acquire()
                    self._flushing = False
                    self._changed.notify_all()  # a follower becomes the next leader and tries again
                    raise
                self._changed.acquire()
                self._flushing = False
                self._durable = max(self._durable, covers)
                self._changed.notify_all()


_barriers: dict[str, DurabilityBarrier] = {}
_barriers_lock = threading.Lock()


def barrier_for(database: str) -> DurabilityBarrier:
    database = os.path.realpath(database)
    with _barriers_lock:
        if database not in _barriers:
            _barriers[database] = DurabilityBarrier(database)
        return _barriers[database]


@contextmanager
def receipt_write(db):
    """`write(db)`, made durable by the shared barrier before the block's result is answered.

    Only a transaction of its own: nested in another `write`, it is part of that one and the outer
    transaction's COMMIT (synchronous=FULL) is what makes it durable. On an exception nothing was
    committed and nothing is waited for."""
    if getattr(db, "sofs_writing", False):
        with write(db):
            yield db
        return
    # The safety level cannot change inside a transaction: set before BEGIN, restored after COMMIT.
    db.conn.execute("PRAGMA synchronous=NORMAL")
    try:
        with write(db):
            yield db
    finally:
        db.conn.execute("PRAGMA synchronous=FULL")
    barrier_for(database_file(db)).wait()
