"""The Signs of Safety mapping and scaling of an assessment: the child's words placed into its three
columns from the direct work attached, the worker's own entries beside them, and each person's
number on the scale.

Main decision: the child's words are never re-typed. Placing them copies the exact text from the
voice index (voice.py) into the mapping together with where it came from (artefact and item), so the
mapping reads the same in every export and always links back to the session it came from; who may
see them (the child's wish) is read from the voice index, never copied, so it cannot drift.
"""

import json

from werkzeug.exceptions import NotFound

from ..artefacts import voice
from ..artefacts.fields import PERSON_TEXT_MAX
from ..artefacts.kinds import kind_of
from ..artefacts.record_files import kind_label
from ..artefacts.sharing import NOT_ASKED
from ..platform.db import utcnow, write
from ..platform.i18n import _
from .rules import (
    COLUMNS,
    ENTRY_MAX,
    NOTE_MAX,
    QUESTION_MAX,
    AssessmentRefused,
    checked_text,
    next_position,
    refuse_unless_draft,
    touch,
)
from .store import is_attached


def _column(column_key) -> str:
    if column_key not in COLUMNS:
        raise AssessmentRefused(_("Choose a column of the mapping"), "column")
    return column_key


def _score(value) -> int:
    if isinstance(value, bool):
        value = None
    if isinstance(value, str):
        value = int(value.strip()) if value.strip().isdigit() and value.strip().isascii() else None
    if not isinstance(value, int) or not 0 <= value <= 10:
        raise AssessmentRefused(_("The number must be a whole number from 0 to 10"), "score")
    return value


# --- the mapping ----------------------------------------------------------------------------------


def place_words(db, user, assessment: dict, artefact_id, item: str, column_key: str) -> int:
    """Put one of the child's words from an attached artefact into a column, copied verbatim; returns
    the entry's id. Placing the same words in the same column again returns the entry already there."""
    _column(column_key)
    artefact_id = str(artefact_id)
    with write(db):
        refuse_unless_draft(db, assessment)
        if not is_attached(db, assessment["id"], artefact_id):
            raise NotFound()
        words = next(
            db.query("SELECT text FROM voice_items WHERE artefact_id = ? AND item = ?", [artefact_id, str(item)]), None
        )
        if words is None:
            raise NotFound()
        placed = next(
            db.query(
                "SELECT id FROM mapping_entries WHERE assessment_id = ? AND column_key = ?"
                " AND source_artefact_id = ? AND source_item = ?",
                [assessment["id"], column_key, artefact_id, item],
            ),
            None,
        )
        if placed is not None:
            return placed["id"]
        entry_id = _add(db, user, assessment, column_key, words["text"], artefact_id, item)
    return entry_id


def _add(db, user, assessment: dict, column_key: str, text: str, artefact_id=None, item=None) -> int:
    position = next_position(
        db, "FROM mapping_entries WHERE assessment_id = ? AND column_key = ?", [assessment["id"], column_key]
    )
    cursor = db.execute(
        "INSERT INTO mapping_entries (assessment_id, column_key, position, text, source_artefact_id,"
        " source_item, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [assessment["id"], column_key, position, text, artefact_id, item, user["id"], utcnow()],
    )
    touch(db, assessment)
    return cursor.lastrowid


def add_entry(db, user, assessment: dict, column_key: str, text) -> int:
    """The worker's own entry in a column; returns its id."""
    _column(column_key)
    checked_text(text, _("The entry"), ENTRY_MAX, "text", at_least=1)
    with write(db):
        refuse_unless_draft(db, assessment)
        return _add(db, user, assessment, column_key, text)


def remove_entry(db, user, assessment: dict, entry_id) -> None:
    with write(db):
        refuse_unless_draft(db, assessment)
        cursor = db.execute(
            "DELETE FROM mapping_entries WHERE id = ? AND assessment_id = ?", [_number(entry_id), assessment["id"]]
        )
        if cursor.rowcount == 0:
            raise NotFound()
        touch(db, assessment)


def _number(value) -> int:
    """A row id from a form: anything else finds nothing (a 404, like a row that is not there)."""
    text = str(value).strip()
    if not (text.isdigit() and text.isascii() and len(text) < 19):
        raise NotFound()
    return int(text)


def mapping(db, assessment_id: str) -> dict[str, list[dict]]:
    """The mapping's entries by column, in order. An entry from the child's words has its source
    (artefact, item, the house or page it came from as `place`, its kind and label), who wrote it down
    (`by`) and the child's wish (`share`); a worker's own entry has those as None."""
    columns = {key: [] for key in COLUMNS}
    rows = db.query(
        """
        SELECT mapping_entries.*, voice_items.by, voice_items.share, voice_items.place, artefacts.kind
        FROM mapping_entries
        LEFT JOIN voice_items ON voice_items.artefact_id = mapping_entries.source_artefact_id
                             AND voice_items.item = mapping_entries.source_item
        LEFT JOIN artefacts ON artefacts.id = mapping_entries.source_artefact_id
        WHERE mapping_entries.assessment_id = ? ORDER BY mapping_entries.column_key, mapping_entries.position
        """,
        [assessment_id],
    )
    for row in rows:
        sourced = row["source_item"] is not None
        entry = {
            "id": row["id"],
            "column_key": row["column_key"],
            "text": row["text"],
            "source_artefact_id": row["source_artefact_id"],
            "source_item": row["source_item"],
            "place": row["place"],
            "kind": row["kind"],
            "place_name": voice.place_of(row["kind"], row["place"]).name if sourced else "",
            "label": kind_label(row["kind"]) if sourced else None,
            "by": None,
            "share": None,
            "position": row["position"],
            "added_at": row["added_at"],
        }
        if sourced:
            # Should the index ever lack the item (it is rebuilt from the documents), claim the least:
            # written down by the worker, and shown to nobody outside the record until the child is asked.
            entry["by"] = row["by"] or "worker"
            entry["share"] = json.loads(row["share"]) if row["share"] is not None else NOT_ASKED
        columns[row["column_key"]].append(entry)
    return columns


def unplaced_words(db, assessment_id: str, artefact_id: str) -> list[dict]:
    """The artefact's words (voice.items_for_artefact) not yet in any column of this mapping, each
    with where it was said (`place_name`) and the column it goes to by default (`column`, None when
    the worker must choose), both as the artefact's kind says (voice.place_of)."""
    placed = {
        row["source_item"]
        for row in db.query(
            "SELECT source_item FROM mapping_entries WHERE assessment_id = ? AND source_artefact_id = ?",
            [assessment_id, artefact_id],
        )
    }
    unplaced = []
    for words in voice.items_for_artefact(db, artefact_id):
        if words["item"] not in placed:
            where = voice.place_of(words["kind"], words["place"])
            unplaced.append(dict(words, place_name=where.name, column=where.column))
    return unplaced


# --- scaling --------------------------------------------------------------------------------------


def set_scaling_question(db, user, assessment: dict, text) -> None:
    """The scaling question as worded for this family; empty goes back to the usual wording."""
    checked_text(text, _("The scaling question"), QUESTION_MAX, "question")
    with write(db):
        refuse_unless_draft(db, assessment)
        db.execute(
            "UPDATE assessments SET scaling_question = ?, updated_at = ? WHERE id = ?",
            [text, utcnow(), assessment["id"]],
        )


def add_score(db, user, assessment: dict, person, role, score, note) -> int:
    """One person's number on the scale (0–10) with their role and an optional note; returns its id."""
    checked_text(person, _("The person's name"), PERSON_TEXT_MAX, "person", one_line=True, at_least=1)
    checked_text(role, _("Their role"), PERSON_TEXT_MAX, "role", one_line=True)
    number = _score(score)
    checked_text(note, _("The note"), NOTE_MAX, "note")
    with write(db):
        refuse_unless_draft(db, assessment)
        cursor = db.execute(
            "INSERT INTO scaling_scores (assessment_id, person, role, score, note, added_by, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [assessment["id"], person, role, number, note, user["id"], utcnow()],
        )
        touch(db, assessment)
    return cursor.lastrowid


def remove_score(db, user, assessment: dict, score_id) -> None:
    with write(db):
        refuse_unless_draft(db, assessment)
        cursor = db.execute(
            "DELETE FROM scaling_scores WHERE id = ? AND assessment_id = ?", [_number(score_id), assessment["id"]]
        )
        if cursor.rowcount == 0:
            raise NotFound()
        touch(db, assessment)


def scores(db, assessment_id: str) -> list[dict]:
    """Each person's number, in the order they were added."""
    return list(db.query("SELECT * FROM scaling_scores WHERE assessment_id = ? ORDER BY id", [assessment_id]))


def offered_scores(attached: list[dict], on_scale: list[dict]) -> list[dict]:
    """The numbers the attached work offers to the scale (each kind's `scores_offered`, labelled whose
    they are: a Safety House offers the child's own place on the path), less those already `on_scale`."""
    added = {(score["person"], score["role"], score["score"], score["note"]) for score in on_scale}
    offered = []
    for work in attached:
        for number in kind_of(work["kind"]).scores_offered(work["document"]["content"]):
            if (number["person"], number["role"], number["score"], number["note"]) not in added:
                offered.append({**number, "label": work["label"], "day": work["day"]})
    return offered
