"""Foundation: teams, users, login sessions, children, allocations and the audit trail.

Written as plain SQL so the CHECK constraints and the audit table's append-only triggers are visible
in one place. Statements run one by one (not executescript, which would commit mid-migration).
"""

STATEMENTS = [
    """
    CREATE TABLE teams (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('practitioner', 'manager', 'admin')),
        team_id INTEGER REFERENCES teams(id),
        password_hash TEXT NOT NULL,
        must_change_password INTEGER NOT NULL DEFAULT 0,
        language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy')),
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        CHECK (role = 'admin' OR team_id IS NOT NULL)
    )
    """,
    """
    CREATE TABLE login_sessions (
        id INTEGER PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        user_id INTEGER NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        ended_at TEXT,
        end_reason TEXT,
        ip TEXT,
        user_agent TEXT
    )
    """,
    "CREATE INDEX login_sessions_user ON login_sessions(user_id, ended_at)",
    """
    CREATE TABLE children (
        id TEXT PRIMARY KEY,
        known_as TEXT NOT NULL,
        date_of_birth TEXT NOT NULL,
        case_reference TEXT NOT NULL DEFAULT '',
        preferred_language TEXT NOT NULL DEFAULT 'en' CHECK (preferred_language IN ('en', 'cy')),
        team_id INTEGER NOT NULL REFERENCES teams(id),
        created_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX children_team ON children(team_id)",
    """
    CREATE TABLE allocations (
        child_id TEXT NOT NULL REFERENCES children(id),
        user_id INTEGER NOT NULL REFERENCES users(id),
        allocated_at TEXT NOT NULL,
        PRIMARY KEY (child_id, user_id)
    )
    """,
    "CREATE INDEX allocations_user ON allocations(user_id)",
    # The audit trail has no foreign key to children on purpose: it must outlive a child's record
    # deleted under the retention schedule.
    """
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user_id INTEGER REFERENCES users(id),
        login_session_id INTEGER,
        action TEXT NOT NULL CHECK (action IN ('view', 'change', 'export', 'account')),
        child_id TEXT,
        what TEXT NOT NULL,
        ip TEXT
    )
    """,
    "CREATE INDEX audit_child ON audit(child_id, at)",
    # Append-only: the store itself refuses to rewrite or delete history.
    """
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END
    """,
    """
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END
    """,
]


def migrate(db):
    for statement in STATEMENTS:
        db.execute(statement)
