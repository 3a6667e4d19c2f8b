"""What each tablet last said it has not yet sent (issue 20), so a manager sees tablets at risk: work
that sits on a tablet no one has connected for days is lost with the tablet.

- `devices.unsent_count`: how many items the tablet's outbox held at its last report (finished work,
  draft autosaves and notices of discarded drafts alike: each is something only the tablet has).
- `devices.oldest_unsent_at`: when the oldest of them was queued, in server time (the tablet reports
  the item's age, so its own clock does not matter); NULL when nothing is unsent.
- `devices.reported_at`: when the report arrived. Numbers only: never what the items hold.
"""

STATEMENTS = [
    "ALTER TABLE devices ADD COLUMN unsent_count INTEGER",
    "ALTER TABLE devices ADD COLUMN oldest_unsent_at TEXT",
    "ALTER TABLE devices ADD COLUMN reported_at TEXT",
]


def migrate(db):
    for statement in STATEMENTS:
        db.execute(statement)
