"""The sign-in throttle's counts, kept in the store: a `limits` storage backend for Flask-Limiter.

Main decision: the counts live in the SQLite store (`throttle_counts`, migration 0013), not in each
process's memory. The server runs a worker process per core (cli.py `serve`); counts in memory were
per process, so a second process doubled the attempts an attacker was allowed. The store is the one
thing every process already shares, and a failed sign-in is rare enough that a durable write for
each costs nothing that matters. Flask-Limiter's fixed-window strategy needs only a counter that
expires: `incr`, `get`, `get_expiry` (limits' Storage interface); the window starts at the first
counted attempt and is not extended by later ones, as limits' own memory storage does.

Keys are stored as their SHA-256: a mistyped password is often typed into the username box, and
neither it nor a client address needs to be kept in clear to be counted.
"""

import hashlib
import sqlite3
import time

from limits.storage import Storage

from .db import connect, write

SCHEME = "sofs-store"


def _name(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class StoreCounts(Storage):
    """Counts in `throttle_counts` of the store at `database` (a connection of its own per call:
    Flask-Limiter calls it before and after the request, outside the request's own transaction)."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, database: str = "", **options):
        super().__init__(uri, wrap_exceptions, **options)
        if not database:
            raise ValueError("the throttle's store needs storage_options={'database': path}")
        self.database = database

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _read(self, key: str):
        db = connect(self.database)
        try:
            return next(
                db.query(
                    "SELECT count, expires_at FROM throttle_counts WHERE key_sha256 = ? AND expires_at > ?",
                    [_name(key), time.time()],
                ),
                None,
            )
        finally:
            db.close()

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        db = connect(self.database)
        try:
            with write(db):  # one transaction: two processes counting at once both count
                db.execute("DELETE FROM throttle_counts WHERE expires_at <= ?", [now])
                return db.execute(
                    "INSERT INTO throttle_counts (key_sha256, count, expires_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (key_sha256) DO UPDATE SET count = count + excluded.count RETURNING count",
                    [_name(key), amount, now + expiry],
                ).fetchall()[0][0]  # read to the end: a statement still running would stop the COMMIT
        finally:
            db.close()

    def get(self, key: str) -> int:
        row = self._read(key)
        return row["count"] if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._read(key)
        return row["expires_at"] if row else time.time()

    def check(self) -> bool:
        try:
            self._read("")
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        db = connect(self.database)
        try:
            with write(db):
                return db.execute("DELETE FROM throttle_counts").rowcount
        finally:
            db.close()

    def clear(self, key: str) -> None:
        db = connect(self.database)
        try:
            with write(db):
                db.execute("DELETE FROM throttle_counts WHERE key_sha256 = ?", [_name(key)])
        finally:
            db.close()
