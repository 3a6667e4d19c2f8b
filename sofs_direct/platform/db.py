"""The store: one SQLite file opened through sqlite-utils, one connection per request.

Main decision: every connection is set up the same way (WAL, `foreign_keys=ON`, `synchronous=FULL`,
a busy timeout) and every write goes through `write()`, which opens the transaction with
`BEGIN IMMEDIATE`. Taking the write lock up front means two requests that both want to write queue
on the busy timeout instead of one of them failing half-way with "database is locked" when it tries
to upgrade a read lock (https://www.sqlite.org/lang_transaction.html, "BEGIN IMMEDIATE").

Migrations are the files in `migrations/`, applied in name order by sqlite-utils' `Migrations`;
they are append-only: a released migration is never edited, a change is a new file.
"""

import importlib.util
import itertools
import os
import sqlite3
import threading
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app, g
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from . import PROJECT_ROOT
from .writers import queue_for

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
BUSY_TIMEOUT_SECONDS = 30


def utcnow() -> str:
    """Server time as an ISO 8601 string in UTC, the one format stored for every timestamp."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def connect(path: str | Path) -> Database:
    """Open the store with the pragmas every connection must have."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    # Foreign keys are off by default in SQLite and are per connection.
    conn.execute("PRAGMA foreign_keys=ON")
    # FULL: a commit is on disk before we answer; the child's words must survive a power cut.
    conn.execute("PRAGMA synchronous=FULL")
    database = Database(conn, execute_plugins=False)
    database.sofs_file = os.path.realpath(path)
    return database


def fsync_directory(directory) -> None:
    """Make a rename or new file in `directory` durable: the file's own fsync does not cover its name."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_synced(path, content: bytes) -> None:
    """Create `path` (owner-only; never over an existing file) holding `content`, on disk before
    returning. Callers write to a temporary name and rename it into place, so a crash never leaves
    a half-written file under the real name."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())


def write_file_once(path: Path, content: bytes) -> bool:
    """Create `path` holding `content` (owner-only, durably) unless it exists; returns whether this
    call made it. Written under a temporary name and linked into place, so a process that starts at
    the same moment (the server's workers, a command run beside it) reads either no file or the
    whole one, never a half-written key, and only one of two racing writers wins."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        write_synced(temporary, content)
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        fsync_directory(path.parent)
        return True
    finally:
        temporary.unlink(missing_ok=True)


# One connection kept per thread, for the store that thread last served. Opening one costs 0.55 ms
# (the file, WAL and the pragmas) on every request, and closing the last one open on a store makes
# SQLite checkpoint and delete its WAL, only for the next request to make it again
# (https://www.sqlite.org/wal.html, "the WAL file is deleted when the last connection closes").
# Kept for the same store only: a thread that serves another (the tests make many) closes the old one.
_kept = threading.local()


def get_db() -> Database:
    if "db" not in g:
        path = current_app.config["DATABASE"]
        kept = getattr(_kept, "store", None)
        if kept is None or kept[0] != path:
            if kept is not None:
                kept[1].close()
            kept = _kept.store = (path, connect(path))
        g.db = kept[1]
    return g.db


def close_db(_exc=None):
    """The request is over: its connection is kept for the thread's next one, with no transaction
    left open (write() always ends its own; this is for one a failure left behind)."""
    db = g.pop("db", None)
    if db is not None and db.conn.in_transaction:
        db.conn.rollback()
        db.sofs_writing = False


@contextmanager
def write(db: Database):
    """A write transaction that holds the write lock from its first statement.

    sqlite-utils' own helpers nest inside it as savepoints, so a table.insert() in here commits
    only with the whole block; an exception rolls everything back and nothing is half-written.
    A `write` inside another one is a savepoint of the outer transaction: the plain functions that
    each change one thing (attach an artefact, add a mapping entry) can be composed into one
    all-or-nothing change (an assessment imported whole) without copies made for the purpose.
    """
    if getattr(db, "sofs_writing", False):
        name = f"nested_{next(_savepoints)}"
        db.conn.execute(f"SAVEPOINT {name}")
        try:
            yield db
        except BaseException:
            db.conn.execute(f"ROLLBACK TO {name}")
            db.conn.execute(f"RELEASE {name}")
            raise
        else:
            db.conn.execute(f"RELEASE {name}")
        return
    # Our turn first (writers.py): woken the moment the lock is free, not polling SQLite's busy handler.
    with queue_for(database_file(db)).turn(BUSY_TIMEOUT_SECONDS):
        db.conn.execute("BEGIN IMMEDIATE")
        db.sofs_writing = True  # only our own transaction nests; any other open transaction still fails loudly
        try:
            yield db
        except BaseException:
            db.conn.rollback()
            raise
        else:
            db.conn.execute("COMMIT")
        finally:
            db.sofs_writing = False


_savepoints = itertools.count()


def database_file(db: Database) -> str:
    """The store's file, as every connection to it names it (connect() notes it once)."""
    path = getattr(db, "sofs_file", None)
    if path is None:
        path = next(row[2] for row in db.conn.execute("PRAGMA database_list") if row[1] == "main")
        db.sofs_file = path
    return path


def load_migrations(directory: Path = MIGRATIONS_DIR) -> Migrations:
    """Every `NNNN_name.py` in migrations/, each with a `migrate(db)` function, in name order."""
    migrations = Migrations("sofs_direct")
    for path in sorted(directory.glob("[0-9][0-9][0-9][0-9]_*.py")):
        spec = importlib.util.spec_from_file_location(f"sofs_migration_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        migrations(name=path.stem)(module.migrate)
    return migrations


def migrate(db: Database) -> list[str]:
    """Apply pending migrations; returns the names applied."""
    migrations = load_migrations()
    pending = [m.name for m in migrations.pending(db)]
    migrations.apply(db)
    return pending


def is_empty(db: Database) -> bool:
    return db["users"].count == 0


def init_app(app):
    app.teardown_appcontext(close_db)

    @app.cli.command("migrate")
    def migrate_command():
        """Apply the store's migrations (safe to run again)."""
        db = connect(app.config["DATABASE"])
        try:
            applied = migrate(db)
        finally:
            db.close()
        click.echo(f"Applied {len(applied)} migration(s)" + (": " + ", ".join(applied) if applied else "."))
