"""The service's own settings, and each worker's photo for the child's explainer (issue 8).

Plain SQL, like 0001–0004. `service_settings` holds one JSON value per key (service.py knows the
keys and their defaults: a key without a row has its default, so a new store needs no rows and audio
recording starts switched off). `worker_photos` holds the one small JPEG a worker chose to show
children ("this is me"), already cleaned of its metadata and scaled down when it was saved.
"""

STATEMENTS = [
    """
    CREATE TABLE service_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id),
        updated_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE worker_photos (
        user_id INTEGER PRIMARY KEY REFERENCES users(id),
        photo BLOB NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
]


def migrate(db):
    for statement in STATEMENTS:
        db.execute(statement)
