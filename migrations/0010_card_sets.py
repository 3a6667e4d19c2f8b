"""The team's card sets for "Sort the pictures": made on the card sets page or on a tablet ("save for
my team"), shared by everyone in the team and carried to their tablets on "Prepare for visits".

`cards` is JSON, a list of {"words", "symbol", "language"} (docs/picture-sort.md, "Card sets").
`from_artefact`: the sort a tablet marked "save for my team", so the same sort arriving twice
(a retry) saves the set once; NULL for a set made on the page. The set holds no child's data (a
child's own cards are never saved into one), so it outlives the sort under retention.
"""

STATEMENTS = [
    """
    CREATE TABLE card_sets (
        id TEXT PRIMARY KEY,
        team_id INTEGER NOT NULL REFERENCES teams(id),
        name TEXT NOT NULL,
        cards TEXT NOT NULL,
        made_by INTEGER REFERENCES users(id),
        made_at TEXT NOT NULL,
        changed_at TEXT NOT NULL,
        from_artefact TEXT UNIQUE
    )
    """,
    "CREATE INDEX card_sets_team ON card_sets(team_id, name)",
]


def migrate(db):
    for statement in STATEMENTS:
        db.execute(statement)
