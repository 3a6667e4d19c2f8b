"""The seams between tablet and server (issue 13): work kept for review, discarded drafts, uploads for
an unknown child, and which sign-ins a tablet used.

- `needs_review`: a finalised artefact that decrypts and matches its hashes is stored even when its
  kind's checks fail (docs/sync.md, "Needs review"); the flag keeps it out of the record and
  `review_reason` says why, for the manager. The flag's CHECK constraint gains the value through
  SQLite's documented procedure for schema changes that leave the stored rows as they are
  (https://www.sqlite.org/lang_altertable.html#otheralter: edit the table's SQL with
  `writable_schema`, bump `schema_version`): allowing one more value changes no row on disk, where
  rebuilding the table would mean turning off the foreign keys four other tables hold on it.
- `discarded_drafts`: a draft the worker discarded on the tablet. Its sequence number arrived (as a
  notice), so the manager is not told "item 5 has not arrived" for ever, and its snapshots are no
  longer offered to carry on elsewhere. No child data: ids, the tablet and when.
- `unmatched_uploads`: an upload naming a child this server does not have (deleted under the
  retention schedule while the tablet was offline, say). It is answered exactly like an upload for
  a child the author may not see, so the answer never tells whether a child id exists, and it is
  kept sealed, as received, for the author's manager: never lost, never in anyone's record.
- `device_sessions`: the sign-ins each tablet used (at registration, and whenever it calls the API),
  so that revoking a tablet ends them.
"""

STATEMENTS = [
    "ALTER TABLE artefacts ADD COLUMN review_reason TEXT",
    """
    CREATE TABLE discarded_drafts (
        artefact_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        child_id TEXT NOT NULL,
        author_id INTEGER NOT NULL REFERENCES users(id),
        device_id TEXT NOT NULL REFERENCES devices(id),
        device_seq INTEGER NOT NULL CHECK (device_seq >= 1),
        discarded_at TEXT NOT NULL,
        received_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX discarded_drafts_device_seq ON discarded_drafts(device_id, device_seq)",
    """
    CREATE TABLE unmatched_uploads (
        id INTEGER PRIMARY KEY,
        artefact_id TEXT NOT NULL,
        draft_version INTEGER,
        kind TEXT NOT NULL,
        child_id TEXT NOT NULL,
        author_id INTEGER NOT NULL REFERENCES users(id),
        device_id TEXT NOT NULL REFERENCES devices(id),
        device_seq INTEGER NOT NULL CHECK (device_seq >= 1),
        received_at TEXT NOT NULL,
        payload_sha256 TEXT NOT NULL,
        envelope TEXT NOT NULL,
        sealed_payload BLOB NOT NULL,
        flag TEXT CHECK (flag IS NULL OR flag IN ('quarantined', 'needs_review')),
        review_reason TEXT
    )
    """,
    "CREATE INDEX unmatched_uploads_artefact ON unmatched_uploads(artefact_id, draft_version)",
    "CREATE INDEX unmatched_uploads_device_seq ON unmatched_uploads(device_id, device_seq)",
    """
    CREATE TABLE device_sessions (
        device_id TEXT NOT NULL REFERENCES devices(id),
        login_session_id INTEGER NOT NULL REFERENCES login_sessions(id),
        PRIMARY KEY (device_id, login_session_id)
    )
    """,
]

OLD_FLAGS = "flag IN ('quarantined', 'not_allocated')"
NEW_FLAGS = "flag IN ('quarantined', 'not_allocated', 'needs_review')"


def allow_needs_review(db) -> None:
    """Loosen the artefacts table's CHECK on `flag` in place (see the module's docstring)."""
    sql = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'artefacts'").fetchone()[0]
    if OLD_FLAGS not in sql:
        raise RuntimeError("the artefacts table is not the one migration 0002 made")
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    db.execute("PRAGMA writable_schema = ON")
    try:
        db.execute(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'artefacts'",
            [sql.replace(OLD_FLAGS, NEW_FLAGS)],
        )
        db.execute(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        db.execute("PRAGMA writable_schema = OFF")
    if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        raise RuntimeError("the store is not consistent after allowing needs_review")


def migrate(db):
    allow_needs_review(db)
    for statement in STATEMENTS:
        db.execute(statement)
