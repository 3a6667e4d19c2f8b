"""The family and safety network: the merged current network of each `network` id (docs/network.md).

Plain SQL, like 0001 and 0002. These tables are derived: every saved state stays in `artefacts`
exactly as received, and network.apply_state rewrites a network's rows here from all its states in
the transaction that stores a new one, so they can always be rebuilt. Screens and the team figures
read them with SQL instead of opening every state.

`network_members` has one column per field of docs/network.md holding the merged value (booleans as
0/1, `child_view` as JSON), so the team figures are a SQL aggregate; `stamps` keeps each field's
{value, at, by} for the tablet, which needs them to merge its next edits.
"""

STATEMENTS = [
    """
    CREATE TABLE networks (
        id TEXT PRIMARY KEY,
        states INTEGER NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE network_children (
        network_id TEXT NOT NULL REFERENCES networks(id),
        child_id TEXT NOT NULL REFERENCES children(id),
        PRIMARY KEY (network_id, child_id)
    )
    """,
    "CREATE INDEX network_children_child ON network_children(child_id)",
    """
    CREATE TABLE network_members (
        network_id TEXT NOT NULL REFERENCES networks(id),
        member_id TEXT NOT NULL,
        name TEXT NOT NULL,
        relation TEXT,
        contact TEXT,
        ring INTEGER,
        angle INTEGER,
        stamp TEXT,
        role TEXT,
        parent INTEGER,
        parental_responsibility INTEGER,
        informed TEXT,
        willing INTEGER,
        clear INTEGER,
        child_view TEXT,
        removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
        removed_at TEXT,
        removed_by TEXT,
        stamps TEXT NOT NULL,
        PRIMARY KEY (network_id, member_id)
    )
    """,
    """
    CREATE TABLE network_conflicts (
        id INTEGER PRIMARY KEY,
        network_id TEXT NOT NULL REFERENCES networks(id),
        kind TEXT NOT NULL CHECK (kind IN ('removed_and_changed', 'possible_duplicate')),
        members TEXT NOT NULL,
        detail TEXT NOT NULL
    )
    """,
    "CREATE INDEX network_conflicts_network ON network_conflicts(network_id)",
    # A network's saved states are found by the network id inside the document; the expression
    # index makes that lookup (in network.apply_state) an index search, not a scan of every artefact.
    """
    CREATE INDEX artefacts_network ON artefacts(json_extract(document, '$.content.network'))
    WHERE kind = 'network'
    """,
]


def migrate(db):
    for statement in STATEMENTS:
        db.execute(statement)
