"""An assessment of a child and the direct work attached to it: starting one, its details, the lists
of a child's (or several children's) assessments, and the artefacts attached with the worker's
analysis beside each.

Main decision: only the child's own finalised work can be attached, and never an artefact held back
for review (anything else is a 404, as if it did not exist); one artefact can support several
assessments. Taking work off an assessment takes the child's words placed from it out of the
mapping too, since the mapping must not quote work that is no longer attached.
"""

import json
import uuid

from werkzeug.exceptions import NotFound

from ..artefacts.record_files import done_at, kind_label
from ..platform.dates import long_date
from ..platform.db import utcnow, write
from ..platform.i18n import _
from .rules import (
    ANALYSIS_MAX,
    STATUSES,
    checked_details,
    checked_text,
    next_position,
    refuse_unless_draft,
    touch,
)


def create(db, user, child_id: str, type, due_on, case_reference) -> str:
    """A new draft assessment of the child; returns its id."""
    details = checked_details(type, due_on, case_reference)
    assessment_id = str(uuid.uuid4())
    now = utcnow()
    with write(db):
        db.execute(
            "INSERT INTO assessments (id, child_id, type, due_on, case_reference, created_by, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                assessment_id,
                child_id,
                details["type"],
                details["due_on"],
                details["case_reference"],
                user["id"],
                now,
                now,
            ],
        )
    return assessment_id


def get(db, child_id: str, assessment_id) -> dict | None:
    """The assessment, only if it is this child's."""
    return next(
        db.query("SELECT * FROM assessments WHERE id = ? AND child_id = ?", [str(assessment_id), child_id]), None
    )


COUNTS = """
    (SELECT COUNT(*) FROM assessment_artefacts WHERE assessment_id = assessments.id) AS artefacts,
    (SELECT COUNT(*) FROM mapping_entries WHERE assessment_id = assessments.id
       AND source_item IS NOT NULL) AS child_words
"""


def for_child(db, child_id: str) -> list[dict]:
    """The child's assessments, newest first, each with how many artefacts are attached
    (`artefacts`) and how many of the child's words are in its mapping (`child_words`)."""
    return list(
        db.query(
            f"""
        SELECT assessments.*, users.display_name AS author, {COUNTS}
        FROM assessments JOIN users ON users.id = assessments.created_by
        WHERE assessments.child_id = ? ORDER BY assessments.created_at DESC, assessments.id
        """,
            [child_id],
        )
    )


def for_children(db, child_ids: list[str], statuses=STATUSES) -> list[dict]:
    """The children's assessments in `statuses`, soonest due first, each with the counts for_child
    gives (`artefacts`, `child_words`): one query for all the children (the team's voice page)."""
    return list(
        db.query(
            f"""
        SELECT assessments.*, {COUNTS}
        FROM assessments
        WHERE assessments.child_id IN (SELECT value FROM json_each(:children))
          AND assessments.status IN (SELECT value FROM json_each(:statuses))
        ORDER BY assessments.due_on, assessments.created_at, assessments.id
        """,
            {"children": json.dumps(list(child_ids)), "statuses": json.dumps(list(statuses))},
        )
    )


def update_details(db, user, assessment: dict, type, due_on, case_reference) -> None:
    details = checked_details(type, due_on, case_reference)
    with write(db):
        refuse_unless_draft(db, assessment)
        db.execute(
            "UPDATE assessments SET type = ?, due_on = ?, case_reference = ?, updated_at = ? WHERE id = ?",
            [details["type"], details["due_on"], details["case_reference"], utcnow(), assessment["id"]],
        )


# --- the direct work attached ---------------------------------------------------------------------


def _attachable(db, child_id: str, artefact_id) -> dict:
    """The artefact if it is this child's, finalised and not held back for review; else 404."""
    row = next(
        db.query(
            "SELECT id FROM artefacts WHERE id = ? AND child_id = ? AND flag IS NULL AND state = 'finalised'",
            [str(artefact_id), child_id],
        ),
        None,
    )
    if row is None:
        raise NotFound()
    return row


def is_attached(db, assessment_id: str, artefact_id) -> bool:
    return (
        next(
            db.query(
                "SELECT 1 AS yes FROM assessment_artefacts WHERE assessment_id = ? AND artefact_id = ?",
                [assessment_id, str(artefact_id)],
            ),
            None,
        )
        is not None
    )


def attach(db, user, assessment: dict, artefact_id) -> None:
    """Attach one of the child's artefacts (one artefact can support several assessments); twice is harmless."""
    artefact_id = str(artefact_id)
    with write(db):
        _attachable(db, assessment["child_id"], artefact_id)
        refuse_unless_draft(db, assessment)
        if is_attached(db, assessment["id"], artefact_id):
            return
        position = next_position(db, "FROM assessment_artefacts WHERE assessment_id = ?", [assessment["id"]])
        db.execute(
            "INSERT INTO assessment_artefacts (assessment_id, artefact_id, position, attached_by, attached_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [assessment["id"], artefact_id, position, user["id"], utcnow()],
        )
        touch(db, assessment)


def detach(db, user, assessment: dict, artefact_id) -> None:
    """Take an artefact off the assessment, with the child's words placed from it (the words stay in
    the artefact; the mapping must not quote work that is no longer attached)."""
    artefact_id = str(artefact_id)
    with write(db):
        refuse_unless_draft(db, assessment)
        db.execute(
            "DELETE FROM mapping_entries WHERE assessment_id = ? AND source_artefact_id = ?",
            [assessment["id"], artefact_id],
        )
        db.execute(
            "DELETE FROM assessment_artefacts WHERE assessment_id = ? AND artefact_id = ?",
            [assessment["id"], artefact_id],
        )
        touch(db, assessment)


def attached(db, assessment_id: str) -> list[dict]:
    """The attached artefacts in the order they were attached, documents parsed, each with the day
    the work was done in words (done_at)."""
    rows = db.query(
        """
        SELECT assessment_artefacts.artefact_id, assessment_artefacts.analysis, assessment_artefacts.position,
               artefacts.kind, artefacts.document, users.display_name AS author
        FROM assessment_artefacts
        JOIN artefacts ON artefacts.id = assessment_artefacts.artefact_id
        JOIN users ON users.id = artefacts.author_id
        WHERE assessment_artefacts.assessment_id = ? ORDER BY assessment_artefacts.position
        """,
        [assessment_id],
    )
    found = []
    for row in rows:
        document = json.loads(row["document"])
        found.append(
            {
                "artefact_id": row["artefact_id"],
                "kind": row["kind"],
                "label": kind_label(row["kind"]),
                "document": document,
                "created_at": document["created_at"],
                "author": row["author"],
                "day": long_date(done_at(row["kind"], document)),
                "analysis": row["analysis"],
                "position": row["position"],
            }
        )
    return found


def set_analysis(db, user, assessment: dict, artefact_id, text) -> None:
    """The worker's analysis beside one attached artefact, kept exactly as typed."""
    checked_text(text, _("Your analysis"), ANALYSIS_MAX, "analysis")
    with write(db):
        refuse_unless_draft(db, assessment)
        if not is_attached(db, assessment["id"], artefact_id):
            raise NotFound()
        db.execute(
            "UPDATE assessment_artefacts SET analysis = ? WHERE assessment_id = ? AND artefact_id = ?",
            [text, assessment["id"], str(artefact_id)],
        )
        touch(db, assessment)
