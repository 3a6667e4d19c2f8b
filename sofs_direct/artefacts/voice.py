"""The child's voice across the record: the child's own words in every finalised artefact, kept in
`voice_items` (migration 0004) so the timeline, search, the assessment mapping and the manager's
"is the child's voice in this work?" questions read them with SQL instead of opening every document.

Main decision: each kind says what in its content is the child's voice, with an optional
`voice_items(content)` hook returning items {item, place, text, by, share, at}; this module only
indexes what the hooks return. The same kind says where an item's `place` is, with an optional
`voice_place(place)` hook returning (its name, the mapping column its words go to by default), and
every page, export and search names a place through `place_of` only: a place one page knows and
another does not (a recording of the whole session) once made an assessment unopenable.

The text is copied exactly as stored (never trimmed or folded: the full-text index folds case and
accents for matching, the row keeps the words as the child said them).
The table is derived and rebuilt from the stored documents at will (`rebuild`), and it is written in
the transaction that stores the artefact, so an artefact is never stored without its words indexed.

Which kinds count as direct work with the child (for "when was the child's voice last captured")
is a kind's `DIRECT_WORK = True`; a worker's own observation note is not the child's voice, and nor is
an artefact in which nothing was done with the child (a kind's `NOTHING_DONE_SQL`).
"""

import json
from typing import NamedTuple

from .kinds import KINDS, kind_of
from .sharing import NOT_ASKED


class Place(NamedTuple):
    """Where in an artefact the child's words were said."""

    name: str  # "House of Worries", "The whole session"; "" for a kind whose places have no names
    column: str | None  # the mapping column (assessments.COLUMNS) the words go to by default, or None


def items_of(kind: str, content: dict) -> list[dict]:
    """What the kind says is the child's voice in this content (empty for a kind without the hook)."""
    return kind_of(kind).voice_items(content)


def place_of(kind: str, place: str) -> Place:
    """Where the kind says `place` is; a kind without the hook (or a place it does not know) names
    nothing and suggests no column, so a page never breaks on a place it was not written for."""
    return Place(*kind_of(kind).voice_place(place))


def direct_work_kinds() -> list[str]:
    return sorted(kind for kind, module in KINDS.items() if module.DIRECT_WORK)


def nothing_done_sql() -> str:
    """SQL over an artefacts row (`kind`, `document`): true for a stored artefact in which nothing was
    done with the child (a Three Houses session the parent refused), from each kind's optional
    `NOTHING_DONE_SQL`. The kinds' names come from the registry, never from a request."""
    tests = [
        f"(kind = '{kind}' AND ({module.NOTHING_DONE_SQL}))"
        for kind, module in sorted(KINDS.items())
        if module.NOTHING_DONE_SQL
    ]
    return " OR ".join(tests) or "0"


def index(db, artefact_id: str, child_id: str, kind: str, document: dict) -> int:
    """Index one stored artefact's words (inside the caller's transaction); returns how many."""
    count = 0
    for entry in items_of(kind, document["content"]):
        db.execute(
            "INSERT INTO voice_items (artefact_id, child_id, item, place, text, by, share, said_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                artefact_id,
                child_id,
                entry["item"],
                entry["place"],
                entry["text"],
                entry["by"],
                json.dumps(entry.get("share", NOT_ASKED)),
                entry.get("at") or document["created_at"],
            ],
        )
        count += 1
    return count


def forget(db, artefact_id: str) -> None:
    """Drop an artefact's words from the index (when the artefact itself is deleted)."""
    db.execute("DELETE FROM voice_items WHERE artefact_id = ?", [artefact_id])


def rebuild(db) -> int:
    """Index every finalised, unflagged artefact again from its stored document."""
    db.execute("DELETE FROM voice_items")
    count = 0
    rows = db.execute("SELECT id, child_id, kind, document FROM artefacts WHERE flag IS NULL AND state = 'finalised'")
    for artefact_id, child_id, kind, document in rows.fetchall():
        count += index(db, artefact_id, child_id, kind, json.loads(document))
    return count


def items_for_artefact(db, artefact_id: str) -> list[dict]:
    """The artefact's indexed words in the order its content holds them, wishes parsed, each with
    the artefact's `kind` (to name its place, `place_of`)."""
    return [
        dict(row, share=json.loads(row["share"]))
        for row in db.query(
            "SELECT voice_items.*, artefacts.kind FROM voice_items JOIN artefacts ON artefacts.id = voice_items.artefact_id"
            " WHERE voice_items.artefact_id = ? ORDER BY voice_items.id",
            [artefact_id],
        )
    ]
