"""How each child takes part (issue 16): symbol mode and switch access, kept with the child so that
every worker's tablet has them (PUT /api/children/access, "Prepare for visits", the child's page).

`settings` is JSON in the shape of static/js/tools/access.json's "defaults", checked by
sofs_direct/artefacts/access.py before it is stored. Only the latest settings are kept: they are how
to hand a child the tablet, not evidence; each change is in the audit trail (a "change" of the child).
"""

STATEMENTS = [
    """
    CREATE TABLE child_access (
        child_id TEXT PRIMARY KEY REFERENCES children(id),
        settings TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id)
    )
    """,
]


def migrate(db):
    for statement in STATEMENTS:
        db.execute(statement)
