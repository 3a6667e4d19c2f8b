"""Artefacts from tablets: devices, finalised artefacts and their parts, draft snapshots, conflicts.

Plain SQL, run statement by statement, like 0001. The sealed envelope and payload are kept exactly as
received (docs/sync.md: the server never re-serialises them) next to the decrypted document the
server uses itself. Part bytes live in files under instance/parts/, named by their sealed SHA-256;
the rows here say which artefact each belongs to.

Indexes follow the questions later screens ask: a child's timeline (artefacts by child and time), a
worker's unfinished drafts (snapshots by author), what never arrived from a tablet (sequence numbers
by device), and what a manager must review (flagged artefacts and conflicts).
"""

STATEMENTS = [
    """
    CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        name TEXT NOT NULL DEFAULT '',
        secret_sha256 TEXT NOT NULL,
        registered_at TEXT NOT NULL,
        last_seen_at TEXT,
        revoked_at TEXT,
        revoked_by INTEGER REFERENCES users(id),
        CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
    )
    """,
    "CREATE INDEX devices_user ON devices(user_id, registered_at)",
    # state is always 'finalised' here (drafts are snapshots); the column makes rows self-describing.
    # supersedes has no foreign key: the correction may arrive before the artefact it corrects.
    """
    CREATE TABLE artefacts (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        child_id TEXT NOT NULL REFERENCES children(id),
        author_id INTEGER NOT NULL REFERENCES users(id),
        device_id TEXT NOT NULL REFERENCES devices(id),
        device_seq INTEGER NOT NULL CHECK (device_seq >= 1),
        state TEXT NOT NULL DEFAULT 'finalised' CHECK (state = 'finalised'),
        supersedes TEXT,
        device_time TEXT NOT NULL,
        received_at TEXT NOT NULL,
        payload_sha256 TEXT NOT NULL,
        payload_length INTEGER NOT NULL,
        sealed_sha256 TEXT NOT NULL,
        envelope TEXT NOT NULL,
        sealed_payload BLOB NOT NULL,
        document TEXT NOT NULL,
        flag TEXT CHECK (flag IS NULL OR flag IN ('quarantined', 'not_allocated'))
    )
    """,
    "CREATE INDEX artefacts_child_timeline ON artefacts(child_id, received_at)",
    "CREATE INDEX artefacts_author ON artefacts(author_id, received_at)",
    "CREATE INDEX artefacts_device_seq ON artefacts(device_id, device_seq)",
    "CREATE INDEX artefacts_supersedes ON artefacts(supersedes) WHERE supersedes IS NOT NULL",
    "CREATE INDEX artefacts_flagged ON artefacts(flag, received_at) WHERE flag IS NOT NULL",
    """
    CREATE TABLE artefact_parts (
        artefact_id TEXT NOT NULL REFERENCES artefacts(id),
        name TEXT NOT NULL,
        media_type TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        length INTEGER NOT NULL,
        sealed_sha256 TEXT NOT NULL,
        sealed_length INTEGER NOT NULL,
        iv TEXT NOT NULL,
        path TEXT NOT NULL,
        PRIMARY KEY (artefact_id, name)
    )
    """,
    # Every autosave that reached the server, newest version per artefact first. No foreign key to
    # artefacts: a draft usually arrives before (and sometimes without) its finalised artefact.
    """
    CREATE TABLE draft_snapshots (
        id INTEGER PRIMARY KEY,
        artefact_id TEXT NOT NULL,
        draft_version INTEGER NOT NULL CHECK (draft_version >= 1),
        kind TEXT NOT NULL,
        child_id TEXT NOT NULL REFERENCES children(id),
        author_id INTEGER NOT NULL REFERENCES users(id),
        device_id TEXT NOT NULL REFERENCES devices(id),
        device_seq INTEGER NOT NULL CHECK (device_seq >= 1),
        supersedes TEXT,
        device_time TEXT NOT NULL,
        received_at TEXT NOT NULL,
        payload_sha256 TEXT NOT NULL,
        payload_length INTEGER NOT NULL,
        sealed_sha256 TEXT NOT NULL,
        envelope TEXT NOT NULL,
        sealed_payload BLOB NOT NULL,
        document TEXT NOT NULL,
        flag TEXT CHECK (flag IS NULL OR flag IN ('quarantined', 'not_allocated')),
        UNIQUE (artefact_id, draft_version)
    )
    """,
    "CREATE INDEX draft_snapshots_author ON draft_snapshots(author_id, artefact_id, draft_version)",
    "CREATE INDEX draft_snapshots_device_seq ON draft_snapshots(device_id, device_seq)",
    "CREATE INDEX draft_snapshots_flagged ON draft_snapshots(flag, received_at) WHERE flag IS NOT NULL",
    """
    CREATE TABLE draft_snapshot_parts (
        snapshot_id INTEGER NOT NULL REFERENCES draft_snapshots(id),
        name TEXT NOT NULL,
        media_type TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        length INTEGER NOT NULL,
        sealed_sha256 TEXT NOT NULL,
        sealed_length INTEGER NOT NULL,
        iv TEXT NOT NULL,
        path TEXT NOT NULL,
        PRIMARY KEY (snapshot_id, name)
    )
    """,
    # A second, different copy of an artefact already stored: kept whole for review, never applied.
    # Its parts' files are kept too; the envelope names them by sealed SHA-256.
    """
    CREATE TABLE artefact_conflicts (
        id INTEGER PRIMARY KEY,
        artefact_id TEXT NOT NULL,
        draft_version INTEGER,
        kind TEXT NOT NULL,
        child_id TEXT NOT NULL REFERENCES children(id),
        received_at TEXT NOT NULL,
        user_id INTEGER NOT NULL REFERENCES users(id),
        device_id TEXT NOT NULL REFERENCES devices(id),
        envelope TEXT NOT NULL,
        payload_sha256 TEXT NOT NULL,
        sealed_payload BLOB NOT NULL,
        document TEXT NOT NULL
    )
    """,
    "CREATE INDEX artefact_conflicts_artefact ON artefact_conflicts(artefact_id, draft_version)",
    "CREATE INDEX artefact_conflicts_received ON artefact_conflicts(received_at)",
]


def migrate(db):
    for statement in STATEMENTS:
        db.execute(statement)
