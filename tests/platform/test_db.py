"""The store: migrations, pragmas, and writers that wait for each other instead of failing."""

import sqlite3
import threading

import pytest

from sofs_direct.platform.db import connect, load_migrations, migrate, write


def test_every_migration_applies_to_an_empty_store_and_leaves_it_consistent(tmp_path):
    db = connect(tmp_path / "empty.db")
    applied = migrate(db)
    assert applied == [m.name for m in load_migrations()._migrations]
    assert list(db.query("PRAGMA foreign_key_check")) == []
    assert next(db.query("PRAGMA integrity_check"))["integrity_check"] == "ok"
    assert {"teams", "users", "login_sessions", "children", "allocations", "audit"} <= set(db.table_names())
    # Running again applies nothing: make run calls it on every start.
    assert migrate(db) == []


def test_migrations_are_numbered_uniquely_in_order():
    names = [m.name for m in load_migrations()._migrations]
    numbers = [name.split("_", 1)[0] for name in names]
    assert numbers == sorted(numbers)
    assert len(set(numbers)) == len(numbers)


def test_connections_use_wal_foreign_keys_and_full_sync(tmp_path):
    db = connect(tmp_path / "s.db")
    assert next(db.query("PRAGMA journal_mode"))["journal_mode"] == "wal"
    assert next(db.query("PRAGMA foreign_keys"))["foreign_keys"] == 1
    assert next(db.query("PRAGMA synchronous"))["synchronous"] == 2  # FULL


def test_foreign_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError), write(db):
        db.execute("INSERT INTO allocations (child_id, user_id, allocated_at) VALUES ('no-such-child', 1, 'x')")


def test_a_failed_write_leaves_nothing_half_written(db):
    before = db["teams"].count
    with pytest.raises(sqlite3.IntegrityError), write(db):
        db["teams"].insert({"name": "New team", "created_at": "2026-01-01"})
        db["teams"].insert({"name": "New team", "created_at": "2026-01-01"})  # UNIQUE fails
    assert db["teams"].count == before


def test_concurrent_writers_queue_instead_of_failing(database):
    """Eight threads each hold the write lock briefly; every write lands, none sees 'locked'."""
    errors, barrier = [], threading.Barrier(8)

    def writer(n):
        store = connect(database)
        try:
            barrier.wait()
            for i in range(10):
                with write(store):
                    count = next(store.query("SELECT COUNT(*) AS n FROM teams"))["n"]
                    store.execute("INSERT INTO teams (name, created_at) VALUES (?, 'now')", [f"t{n}-{i}-{count}"])
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            store.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    store = connect(database)
    assert store["teams"].count == 2 + 80


def test_a_write_inside_a_write_is_one_all_or_nothing_change(db):
    before = db["teams"].count
    with pytest.raises(sqlite3.IntegrityError), write(db):
        with write(db):
            db["teams"].insert({"name": "Inner team", "created_at": "2026-01-01"})
        db["teams"].insert({"name": "Inner team", "created_at": "2026-01-01"})  # UNIQUE fails
    assert db["teams"].count == before  # the inner write, already finished, was undone with the outer one
    with write(db):
        with pytest.raises(sqlite3.IntegrityError), write(db):
            db["teams"].insert({"name": "Kept team", "created_at": "2026-01-01"})
            db["teams"].insert({"name": "Kept team", "created_at": "2026-01-01"})
        db["teams"].insert({"name": "Outer team", "created_at": "2026-01-01"})
    names = {row["name"] for row in db["teams"].rows}
    assert "Outer team" in names and "Kept team" not in names  # a failed inner write undoes only itself
