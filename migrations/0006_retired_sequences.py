"""Sequence numbers whose uploads were deleted under the retention schedule.

A tablet numbers everything it sends (device_seq), and the team page reports the numbers below the
highest received that never arrived (artefacts.sequence_gaps). Deleting an artefact or a draft under
the retention schedule would make its number look like a gap — "an item has not arrived" — when it
arrived and was deliberately deleted. The numbers are kept here (no child data, only the tablet and
the number) so the gap report counts them as received.
"""

STATEMENTS = [
    """
    CREATE TABLE retired_sequences (
        device_id TEXT NOT NULL REFERENCES devices(id),
        device_seq INTEGER NOT NULL CHECK (device_seq >= 1),
        retired_at TEXT NOT NULL,
        PRIMARY KEY (device_id, device_seq)
    )
    """,
]


def migrate(db):
    for statement in STATEMENTS:
        db.execute(statement)
