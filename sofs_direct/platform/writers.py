"""The queue for the store's one write lock, shared by the threads of a process and by the processes.

Main decision: a writer waits for its turn here, not in SQLite's busy handler. SQLite lets one
transaction write at a time, and a connection that finds the lock taken polls for it with sleeps that
grow to 100 ms (sqliteDefaultBusyCallback). With a worker process per core and threads in each, a
burst of uploads then spent its tail latency asleep, and worse, unfairly: a process handing the lock
from one of its threads to the next does so in microseconds, while the other process's writer
sleeps, so one process could keep the lock for long stretches. So, before `BEGIN IMMEDIATE`:
- the threads of one process queue on a `threading.Lock`, which wakes the next the moment it is free;
- the one thread per process holding it then takes an exclusive `flock` on `<store>-writers` beside
  the store: the kernel wakes a process blocked on it as soon as it is released, during the release
  itself, so the other process's writer is running before this process's next thread asks again.
SQLite's own lock and busy timeout stay the backstop for writers outside the app (the sqlite3 shell,
a backup). Waiting is bounded: the thread lock waits at most the busy timeout and is then skipped,
and whoever holds the file lock holds it only for one transaction, itself bounded by the busy
timeout at its `BEGIN IMMEDIATE`. `flock` locks are separate from the POSIX locks SQLite takes on
the store's own files (and live on a file of their own), so the two never interfere.

The thread lock makes the file lock one holder a process at a time.
"""

import fcntl
import os
import threading
from contextlib import contextmanager

_queues: dict[str, "WriterQueue"] = {}
_queues_lock = threading.Lock()


class WriterQueue:
    def __init__(self, database: str):
        self.lock_path = database + "-writers"
        self._threads = threading.Lock()

    @contextmanager
    def turn(self, timeout: float):
        if not self._threads.acquire(timeout=timeout):
            yield  # a writer waiting on itself (two connections in one thread): SQLite's timeout says so
            return
        try:
            # Opened for each turn (tens of microseconds): no descriptor is kept per store (a test run
            # makes thousands) or carried into a forked worker.
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                os.close(fd)  # closing the only descriptor releases the flock
        finally:
            self._threads.release()


def queue_for(database: str) -> WriterQueue:
    with _queues_lock:
        if database not in _queues:
            _queues[database] = WriterQueue(database)
        return _queues[database]
