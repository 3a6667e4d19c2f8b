"""Assessments: a child's assessment with the direct work attached to it, the worker's analysis
beside each piece, the Signs of Safety mapping with the child's own words placed into its columns,
scaling, and the team manager's review.

Main decision: the child's words are never re-typed. Placing them copies the exact text from the
voice index (voice.py) into the mapping together with where it came from (artefact and item), so the
mapping reads the same in every export and always links back to the session it came from; who may
see them (the child's wish) is read from the voice index, never copied, so it cannot drift.
Everything is plain functions over the store (views only translate forms and answers): a rule broken
is `AssessmentRefused` with a sentence to show; anything the user may not see — another child's
artefact or assessment, a draft, an artefact held back for review — is werkzeug's `NotFound`, the
same 404 as for something that does not exist. Only a draft can change, and that is checked inside
the write transaction (`BEGIN IMMEDIATE`), so a manager authorising and a worker editing at the same
moment cannot both win.
"""

import json
import uuid
from datetime import date

from flask import Blueprint, abort, flash, g, render_template, request, url_for
from werkzeug.exceptions import NotFound

from ..artefacts import voice
from ..artefacts.fields import PERSON_TEXT_MAX, check_text
from ..artefacts.sharing import NOT_ASKED, describe_wish
from ..platform import audit, htmx
from ..platform.auth import role_required
from ..platform.dates import long_date
from ..platform.db import get_db, utcnow, write
from ..platform.i18n import _, _l
from ..platform.invalid import DocumentInvalid
from ..platform.validation import date_from_boxes
from ..records import pages as records

bp = Blueprint("assessments", __name__)

TYPES = {
    "single": _l("Single assessment"),
    "conference": _l("Child protection conference report"),
    "child_in_need": _l("Child in need review"),
    "looked_after": _l("Looked-after child review"),
    "court": _l("Court statement"),
}
STATUSES = ("draft", "submitted", "authorised")
STATUS_NAMES = {"draft": _l("Draft"), "submitted": _l("Submitted for review"), "authorised": _l("Authorised")}
COLUMNS = {
    "worried": _l("What are we worried about?"),
    "working_well": _l("What's working well?"),
    "needs_to_happen": _l("What needs to happen?"),
}
OUTCOMES = ("returned", "authorised")
# The Signs of Safety scaling question, asked this way unless the worker words it for this family.
SCALING_QUESTION = _l("On a scale of 0 to 10, where 10 means everyone agrees the children are safe enough for "
                      "children's services to close the case, and 0 means things are so dangerous the children "
                      "cannot stay at home, where are things today?")

CASE_REFERENCE_MAX = 40  # as on the child's record (admin.ChildForm)
ANALYSIS_MAX = 20_000
ENTRY_MAX = 2_000
QUESTION_MAX = 1_000
NOTE_MAX = 1_000
COMMENTS_MAX = 10_000
# A due date is a real day, in a span an assessment can have: catches a mistyped year (20226).
YEARS = (2000, 2100)


class AssessmentRefused(Exception):
    """A rule was broken; `message` says what to change, `field` names the argument it is about."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def type_label(type_key: str) -> str:
    return str(TYPES.get(type_key, type_key))


def status_name(status: str) -> str:
    return str(STATUS_NAMES.get(status, status))


def describe(assessment: dict) -> str:
    """The assessment in words, for the audit page: "Single assessment due 27 March 2027"."""
    return _("%(type)s due %(day)s", type=type_label(assessment["type"]), day=long_date(assessment["due_on"]))


def scaling_question_of(assessment: dict) -> str:
    """The question as the worker worded it, else the usual wording in the reader's language."""
    return assessment["scaling_question"] or str(SCALING_QUESTION)


# --- checks ---------------------------------------------------------------------------------------

def _text(value, what, limit: int, field: str, one_line: bool = False, at_least: int = 0) -> str:
    """The shared text rule (tools/fields.check_text: length, control characters), as a refusal."""
    try:
        check_text(value, what, limit, one_line=one_line, at_least=at_least)
    except DocumentInvalid as refused:
        raise AssessmentRefused(str(refused), field) from None
    if at_least and not value.strip():
        raise AssessmentRefused(_("%(what)s is empty", what=what), field)
    return value


def due_date(day, month, year) -> date:
    """The GOV.UK date input's three boxes as a date, or a refusal saying what is wrong."""
    try:
        due = date_from_boxes(day, month, year)
    except ValueError:
        raise AssessmentRefused(_("The due date must be a real date, for example 27 3 2027"), "due_on") from None
    if due is None:
        raise AssessmentRefused(_("Enter the date the assessment is due"), "due_on")
    return date.fromisoformat(_due_on(due))


def _due_on(value) -> str:
    if isinstance(value, date):
        value = value.isoformat()
    try:
        day = date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise AssessmentRefused(_("The due date must be a real date, for example 27 3 2027"), "due_on")
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise AssessmentRefused(_("The due date must be between %(first)s and %(last)s", first=YEARS[0],
                                  last=YEARS[1]), "due_on")
    return day.isoformat()


def _details(type_key, due_on, case_reference) -> dict:
    if type_key not in TYPES:
        raise AssessmentRefused(_("Choose the type of assessment"), "type")
    return {"type": type_key, "due_on": _due_on(due_on),
            "case_reference": _text(case_reference, _("The case reference"), CASE_REFERENCE_MAX, "case_reference",
                                    one_line=True)}


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


def _draft(db, assessment: dict) -> None:
    """Inside the write transaction: refuse unless the assessment is (still) a draft."""
    status = next(db.query("SELECT status FROM assessments WHERE id = ?", [assessment["id"]]))["status"]
    if status != "draft":
        raise AssessmentRefused(_("This assessment is %(status)s, so it cannot be changed. A manager can return "
                                  "it to you with comments if it needs more work.", status=status_name(status).lower()))


def _touch(db, assessment: dict) -> None:
    db.execute("UPDATE assessments SET updated_at = ? WHERE id = ?", [utcnow(), assessment["id"]])


def _next_position(db, sql: str, params: list) -> int:
    return next(db.query(f"SELECT COALESCE(MAX(position), 0) + 1 AS n {sql}", params))["n"]


# --- assessments ----------------------------------------------------------------------------------

def create(db, user, child_id: str, type, due_on, case_reference) -> str:
    """A new draft assessment of the child; returns its id."""
    details = _details(type, due_on, case_reference)
    assessment_id = str(uuid.uuid4())
    now = utcnow()
    with write(db):
        db.execute("INSERT INTO assessments (id, child_id, type, due_on, case_reference, created_by, created_at,"
                   " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [assessment_id, child_id, details["type"], details["due_on"], details["case_reference"],
                    user["id"], now, now])
    return assessment_id


def get(db, child_id: str, assessment_id) -> dict | None:
    """The assessment, only if it is this child's."""
    return next(db.query("SELECT * FROM assessments WHERE id = ? AND child_id = ?",
                         [str(assessment_id), child_id]), None)


_COUNTS = """
    (SELECT COUNT(*) FROM assessment_artefacts WHERE assessment_id = assessments.id) AS artefacts,
    (SELECT COUNT(*) FROM mapping_entries WHERE assessment_id = assessments.id
       AND source_item IS NOT NULL) AS child_words
"""


def for_child(db, child_id: str) -> list[dict]:
    """The child's assessments, newest first, each with how many artefacts are attached
    (`artefacts`) and how many of the child's words are in its mapping (`child_words`)."""
    return list(db.query(f"""
        SELECT assessments.*, users.display_name AS author, {_COUNTS}
        FROM assessments JOIN users ON users.id = assessments.created_by
        WHERE assessments.child_id = ? ORDER BY assessments.created_at DESC, assessments.id
        """, [child_id]))


def for_children(db, child_ids: list[str], statuses=STATUSES) -> list[dict]:
    """The children's assessments in `statuses`, soonest due first, each with the counts for_child
    gives (`artefacts`, `child_words`): one query for all the children (the team's voice page)."""
    return list(db.query(f"""
        SELECT assessments.*, {_COUNTS}
        FROM assessments
        WHERE assessments.child_id IN (SELECT value FROM json_each(:children))
          AND assessments.status IN (SELECT value FROM json_each(:statuses))
        ORDER BY assessments.due_on, assessments.created_at, assessments.id
        """, {"children": json.dumps(list(child_ids)), "statuses": json.dumps(list(statuses))}))


def update_details(db, user, assessment: dict, type, due_on, case_reference) -> None:
    details = _details(type, due_on, case_reference)
    with write(db):
        _draft(db, assessment)
        db.execute("UPDATE assessments SET type = ?, due_on = ?, case_reference = ?, updated_at = ? WHERE id = ?",
                   [details["type"], details["due_on"], details["case_reference"], utcnow(), assessment["id"]])


# --- the direct work attached ---------------------------------------------------------------------

def _attachable(db, child_id: str, artefact_id) -> dict:
    """The artefact if it is this child's, finalised and not held back for review; else 404."""
    row = next(db.query("SELECT id FROM artefacts WHERE id = ? AND child_id = ? AND flag IS NULL"
                        " AND state = 'finalised'", [str(artefact_id), child_id]), None)
    if row is None:
        raise NotFound()
    return row


def _is_attached(db, assessment_id: str, artefact_id) -> bool:
    return next(db.query("SELECT 1 AS yes FROM assessment_artefacts WHERE assessment_id = ? AND artefact_id = ?",
                         [assessment_id, str(artefact_id)]), None) is not None


def attach(db, user, assessment: dict, artefact_id) -> None:
    """Attach one of the child's artefacts (one artefact can support several assessments); twice is harmless."""
    artefact_id = str(artefact_id)
    with write(db):
        _attachable(db, assessment["child_id"], artefact_id)
        _draft(db, assessment)
        if _is_attached(db, assessment["id"], artefact_id):
            return
        position = _next_position(db, "FROM assessment_artefacts WHERE assessment_id = ?", [assessment["id"]])
        db.execute("INSERT INTO assessment_artefacts (assessment_id, artefact_id, position, attached_by, attached_at)"
                   " VALUES (?, ?, ?, ?, ?)", [assessment["id"], artefact_id, position, user["id"], utcnow()])
        _touch(db, assessment)


def detach(db, user, assessment: dict, artefact_id) -> None:
    """Take an artefact off the assessment, with the child's words placed from it (the words stay in
    the artefact; the mapping must not quote work that is no longer attached)."""
    artefact_id = str(artefact_id)
    with write(db):
        _draft(db, assessment)
        db.execute("DELETE FROM mapping_entries WHERE assessment_id = ? AND source_artefact_id = ?",
                   [assessment["id"], artefact_id])
        db.execute("DELETE FROM assessment_artefacts WHERE assessment_id = ? AND artefact_id = ?",
                   [assessment["id"], artefact_id])
        _touch(db, assessment)


def attached(db, assessment_id: str) -> list[dict]:
    """The attached artefacts in the order they were attached, documents parsed, each with the day
    the work was done in words (records.done_at)."""
    rows = db.query("""
        SELECT assessment_artefacts.artefact_id, assessment_artefacts.analysis, assessment_artefacts.position,
               artefacts.kind, artefacts.document, users.display_name AS author
        FROM assessment_artefacts
        JOIN artefacts ON artefacts.id = assessment_artefacts.artefact_id
        JOIN users ON users.id = artefacts.author_id
        WHERE assessment_artefacts.assessment_id = ? ORDER BY assessment_artefacts.position
        """, [assessment_id])
    found = []
    for row in rows:
        document = json.loads(row["document"])
        found.append({"artefact_id": row["artefact_id"], "kind": row["kind"], "label": records.kind_label(row["kind"]),
                      "document": document, "created_at": document["created_at"], "author": row["author"],
                      "day": long_date(records.done_at(row["kind"], document)),
                      "analysis": row["analysis"], "position": row["position"]})
    return found


def set_analysis(db, user, assessment: dict, artefact_id, text) -> None:
    """The worker's analysis beside one attached artefact, kept exactly as typed."""
    _text(text, _("Your analysis"), ANALYSIS_MAX, "analysis")
    with write(db):
        _draft(db, assessment)
        if not _is_attached(db, assessment["id"], artefact_id):
            raise NotFound()
        db.execute("UPDATE assessment_artefacts SET analysis = ? WHERE assessment_id = ? AND artefact_id = ?",
                   [text, assessment["id"], str(artefact_id)])
        _touch(db, assessment)


# --- the mapping ----------------------------------------------------------------------------------

def place_words(db, user, assessment: dict, artefact_id, item: str, column_key: str) -> int:
    """Put one of the child's words from an attached artefact into a column, copied verbatim; returns
    the entry's id. Placing the same words in the same column again returns the entry already there."""
    _column(column_key)
    artefact_id = str(artefact_id)
    with write(db):
        _draft(db, assessment)
        if not _is_attached(db, assessment["id"], artefact_id):
            raise NotFound()
        words = next(db.query("SELECT text FROM voice_items WHERE artefact_id = ? AND item = ?",
                              [artefact_id, str(item)]), None)
        if words is None:
            raise NotFound()
        placed = next(db.query("SELECT id FROM mapping_entries WHERE assessment_id = ? AND column_key = ?"
                               " AND source_artefact_id = ? AND source_item = ?",
                               [assessment["id"], column_key, artefact_id, item]), None)
        if placed is not None:
            return placed["id"]
        entry_id = _add(db, user, assessment, column_key, words["text"], artefact_id, item)
    return entry_id


def _add(db, user, assessment: dict, column_key: str, text: str, artefact_id=None, item=None) -> int:
    position = _next_position(db, "FROM mapping_entries WHERE assessment_id = ? AND column_key = ?",
                              [assessment["id"], column_key])
    cursor = db.execute("INSERT INTO mapping_entries (assessment_id, column_key, position, text, source_artefact_id,"
                        " source_item, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [assessment["id"], column_key, position, text, artefact_id, item, user["id"], utcnow()])
    _touch(db, assessment)
    return cursor.lastrowid


def add_entry(db, user, assessment: dict, column_key: str, text) -> int:
    """The worker's own entry in a column; returns its id."""
    _column(column_key)
    _text(text, _("The entry"), ENTRY_MAX, "text", at_least=1)
    with write(db):
        _draft(db, assessment)
        return _add(db, user, assessment, column_key, text)


def remove_entry(db, user, assessment: dict, entry_id) -> None:
    with write(db):
        _draft(db, assessment)
        cursor = db.execute("DELETE FROM mapping_entries WHERE id = ? AND assessment_id = ?",
                            [_number(entry_id), assessment["id"]])
        if cursor.rowcount == 0:
            raise NotFound()
        _touch(db, assessment)


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
    rows = db.query("""
        SELECT mapping_entries.*, voice_items.by, voice_items.share, voice_items.place, artefacts.kind
        FROM mapping_entries
        LEFT JOIN voice_items ON voice_items.artefact_id = mapping_entries.source_artefact_id
                             AND voice_items.item = mapping_entries.source_item
        LEFT JOIN artefacts ON artefacts.id = mapping_entries.source_artefact_id
        WHERE mapping_entries.assessment_id = ? ORDER BY mapping_entries.column_key, mapping_entries.position
        """, [assessment_id])
    for row in rows:
        sourced = row["source_item"] is not None
        entry = {"id": row["id"], "column_key": row["column_key"], "text": row["text"],
                 "source_artefact_id": row["source_artefact_id"], "source_item": row["source_item"],
                 "place": row["place"], "kind": row["kind"],
                 "place_name": voice.place_of(row["kind"], row["place"]).name if sourced else "",
                 "label": records.kind_label(row["kind"]) if sourced else None,
                 "by": None, "share": None, "position": row["position"], "added_at": row["added_at"]}
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
    placed = {row["source_item"] for row in db.query(
        "SELECT source_item FROM mapping_entries WHERE assessment_id = ? AND source_artefact_id = ?",
        [assessment_id, artefact_id])}
    unplaced = []
    for words in voice.items_for_artefact(db, artefact_id):
        if words["item"] not in placed:
            where = voice.place_of(words["kind"], words["place"])
            unplaced.append(dict(words, place_name=where.name, column=where.column))
    return unplaced


# --- scaling --------------------------------------------------------------------------------------

def set_scaling_question(db, user, assessment: dict, text) -> None:
    """The scaling question as worded for this family; empty goes back to the usual wording."""
    _text(text, _("The scaling question"), QUESTION_MAX, "question")
    with write(db):
        _draft(db, assessment)
        db.execute("UPDATE assessments SET scaling_question = ?, updated_at = ? WHERE id = ?",
                   [text, utcnow(), assessment["id"]])


def add_score(db, user, assessment: dict, person, role, score, note) -> int:
    """One person's number on the scale (0–10) with their role and an optional note; returns its id."""
    _text(person, _("The person's name"), PERSON_TEXT_MAX, "person", one_line=True, at_least=1)
    _text(role, _("Their role"), PERSON_TEXT_MAX, "role", one_line=True)
    number = _score(score)
    _text(note, _("The note"), NOTE_MAX, "note")
    with write(db):
        _draft(db, assessment)
        cursor = db.execute("INSERT INTO scaling_scores (assessment_id, person, role, score, note, added_by, added_at)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?)",
                            [assessment["id"], person, role, number, note, user["id"], utcnow()])
        _touch(db, assessment)
    return cursor.lastrowid


def remove_score(db, user, assessment: dict, score_id) -> None:
    with write(db):
        _draft(db, assessment)
        cursor = db.execute("DELETE FROM scaling_scores WHERE id = ? AND assessment_id = ?",
                            [_number(score_id), assessment["id"]])
        if cursor.rowcount == 0:
            raise NotFound()
        _touch(db, assessment)


def scores(db, assessment_id: str) -> list[dict]:
    """Each person's number, in the order they were added."""
    return list(db.query("SELECT * FROM scaling_scores WHERE assessment_id = ? ORDER BY id", [assessment_id]))


# --- review ---------------------------------------------------------------------------------------

def submit(db, user, assessment: dict) -> None:
    """Send a draft to the team manager for review; it is read-only until it is returned."""
    with write(db):
        _draft(db, assessment)
        now = utcnow()
        db.execute("UPDATE assessments SET status = 'submitted', submitted_at = ?, submitted_by = ?, updated_at = ?"
                   " WHERE id = ?", [now, user["id"], now, assessment["id"]])


def may_review(db, user, assessment: dict) -> bool:
    """A manager of the child's team reviews; nobody else (not even another team's manager)."""
    if user is None or user["role"] != "manager":
        return False
    child = next(db.query("SELECT team_id FROM children WHERE id = ?", [assessment["child_id"]]), None)
    return child is not None and child["team_id"] == user["team_id"]


def review(db, manager, assessment: dict, outcome: str, comments) -> None:
    """Authorise a submitted assessment, or return it to draft with comments (required to return)."""
    if not may_review(db, manager, assessment):
        raise NotFound()
    if outcome not in OUTCOMES:
        raise AssessmentRefused(_("Choose whether to authorise the assessment or return it"), "outcome")
    _text(comments, _("Your comments"), COMMENTS_MAX, "comments")
    if outcome == "returned" and not comments.strip():
        raise AssessmentRefused(_("Write what needs to change before you return the assessment"), "comments")
    with write(db):
        status = next(db.query("SELECT status FROM assessments WHERE id = ?", [assessment["id"]]))["status"]
        if status != "submitted":
            raise AssessmentRefused(_("Only an assessment submitted for review can be reviewed; this one is "
                                      "%(status)s.", status=status_name(status).lower()))
        now = utcnow()
        db.execute("INSERT INTO assessment_reviews (assessment_id, reviewer_id, at, outcome, comments)"
                   " VALUES (?, ?, ?, ?, ?)", [assessment["id"], manager["id"], now, outcome, comments])
        if outcome == "authorised":
            db.execute("UPDATE assessments SET status = 'authorised', authorised_at = ?, authorised_by = ?,"
                       " updated_at = ? WHERE id = ?", [now, manager["id"], now, assessment["id"]])
        else:
            db.execute("UPDATE assessments SET status = 'draft', updated_at = ? WHERE id = ?", [now, assessment["id"]])


def reviews(db, assessment_id: str) -> list[dict]:
    """The assessment's reviews, oldest first, with the reviewer's name (`reviewer`)."""
    return list(db.query("""
        SELECT assessment_reviews.*, users.display_name AS reviewer
        FROM assessment_reviews JOIN users ON users.id = assessment_reviews.reviewer_id
        WHERE assessment_id = ? ORDER BY at, assessment_reviews.id
        """, [assessment_id]))


def returned_comments(db, assessment: dict) -> dict | None:
    """The review that sent this draft back, while it is still a draft (what the worker must act on)."""
    if assessment["status"] != "draft":
        return None
    latest = (reviews(db, assessment["id"]) or [None])[-1]
    return latest if latest is not None and latest["outcome"] == "returned" else None


_TEAM_ROWS = f"""
    SELECT assessments.*, children.known_as, users.display_name AS author,
           COALESCE(submitter.display_name, users.display_name) AS submitter, {_COUNTS}
    FROM assessments
    JOIN children ON children.id = assessments.child_id
    JOIN users ON users.id = assessments.created_by
    LEFT JOIN users AS submitter ON submitter.id = assessments.submitted_by
    WHERE children.team_id = ?
"""


def for_team_review(db, team_id: int, recent: int = 20) -> dict[str, list[dict]]:
    """The manager's list: `waiting` (submitted, oldest first) and `recent` (the latest reviews, with
    `outcome`, `reviewed_at` and `reviewer`), each row with the child's known-as name, the author, how
    many artefacts are attached and how many of the child's words are in the mapping."""
    waiting = list(db.query(_TEAM_ROWS + " AND assessments.status = 'submitted' ORDER BY assessments.submitted_at",
                            [team_id]))
    reviewed = list(db.query(f"""
        SELECT team_assessments.*, assessment_reviews.outcome, assessment_reviews.at AS reviewed_at,
               reviewers.display_name AS reviewer
        FROM assessment_reviews
        JOIN ({_TEAM_ROWS}) AS team_assessments ON team_assessments.id = assessment_reviews.assessment_id
        JOIN users AS reviewers ON reviewers.id = assessment_reviews.reviewer_id
        ORDER BY assessment_reviews.at DESC, assessment_reviews.id DESC LIMIT ?
        """, [team_id, recent]))
    return {"waiting": waiting, "recent": reviewed}


# --- views ----------------------------------------------------------------------------------------
# Thin: each POST reads its form, calls one function above, then redirects back with a banner
# (POST/redirect/GET, so every form works without JavaScript); a refusal shows the page again with
# a GOV.UK error summary and what was typed, 400 (409 when the assessment is no longer a draft).

ROLES = ("practitioner", "manager")
# Which element of the page each refusal's `field` points the error summary at.
DETAILS_FIELDS = {"type": "type", "due_on": "due-day", "case_reference": "case-reference"}
SCORE_FIELDS = {"person": "score-person", "role": "score-role", "score": "score-score", "note": "score-note"}


def _typed_details(form) -> dict:
    """The details form as typed, by element id (the date input's three boxes, as GOV.UK names them)."""
    return {"type": form.get("type", ""), "due-day": form.get("due-day", ""), "due-month": form.get("due-month", ""),
            "due-year": form.get("due-year", ""), "case-reference": form.get("case_reference", "")}


def _assessment_or_404(assessment_id) -> dict:
    found = get(get_db(), g.child["id"], assessment_id)
    if found is None:
        abort(404)
    return found


def _back(assessment: dict, anchor: str = ""):
    return htmx.redirect(url_for("assessments.assessment_page", child_id=assessment["child_id"],
                                 assessment_id=assessment["id"]) + anchor)


def _refused(refused: AssessmentRefused, fields: dict[str, str], typed: dict) -> tuple[dict, int]:
    """The error summary's entry (element id → message) and the status: 409 for a state conflict."""
    if refused.field is None:  # the assessment is no longer a draft (or not submitted, for a review)
        return {"errors": {"assessment-status": refused.message}, "typed": typed}, 409
    element = fields.get(refused.field) or next(iter(fields.values()), "assessment-status")
    return {"errors": {element: refused.message}, "typed": typed}, 400


def _page_context(db, assessment: dict) -> dict:
    attached_work = attached(db, assessment["id"])
    attached_ids = {artefact["artefact_id"] for artefact in attached_work}
    for artefact in attached_work:
        artefact["unplaced"] = unplaced_words(db, assessment["id"], artefact["artefact_id"])
    return {
        "child": g.child, "assessment": assessment, "attached": attached_work,
        "sources": {artefact["artefact_id"]: artefact for artefact in attached_work},
        "attachable": [record for record in records.for_child(db, assessment["child_id"])
                       if record["id"] not in attached_ids],
        "mapping": mapping(db, assessment["id"]), "scores": scores(db, assessment["id"]),
        "question": scaling_question_of(assessment), "reviews": reviews(db, assessment["id"]),
        "returned": returned_comments(db, assessment), "may_review": may_review(db, g.user, assessment),
        "editable": assessment["status"] == "draft", "types": TYPES, "columns": COLUMNS,
        "type_label": type_label, "status_name": status_name, "describe_wish": describe_wish,
        "limits": {"analysis": ANALYSIS_MAX, "entry": ENTRY_MAX, "question": QUESTION_MAX, "note": NOTE_MAX,
                   "comments": COMMENTS_MAX},
        "errors": {}, "typed": {},
    }


def _show(assessment: dict, status: int = 200, **overrides):
    db = get_db()
    context = _page_context(db, assessment) | overrides
    return render_template("assessments/assessment.html", **context), status


def _change(assessment_id, change, done: str, fields: dict[str, str], typed: dict, anchor: str = ""):
    """Run one change of a draft: a banner and back to the page, or the page with the refusal."""
    db = get_db()
    assessment = _assessment_or_404(assessment_id)
    try:
        change(db, assessment)
    except AssessmentRefused as refused:
        context, status = _refused(refused, fields, typed)
        return _show(assessment, status, **context)
    flash(done, "success")
    return _back(assessment, anchor)


@bp.route("/children/<uuid:child_id>/assessments", methods=["GET", "POST"])
@audit.described_as(view=_l("Viewed %(child)s's assessments"), change=_l("Started an assessment for %(child)s"))
@role_required(*ROLES)
def child_assessments(child_id):
    db = get_db()
    form = request.form
    typed, errors, status = {}, {}, 200
    if request.method == "POST":
        typed = _typed_details(form)
        try:
            due_on = due_date(typed["due-day"], typed["due-month"], typed["due-year"])
            assessment_id = create(db, g.user, g.child["id"], typed["type"], due_on, typed["case-reference"])
        except AssessmentRefused as refused:
            errors, status = {DETAILS_FIELDS.get(refused.field, "type"): refused.message}, 400
        else:
            flash(_("Assessment started. Attach the direct work and place the child's words in the mapping."),
                  "success")
            return htmx.redirect(url_for("assessments.assessment_page", child_id=g.child["id"],
                                         assessment_id=assessment_id))
    return render_template("assessments/list.html", child=g.child, assessments=for_child(db, g.child["id"]),
                           types=TYPES, type_label=type_label, status_name=status_name, errors=errors,
                           typed=typed), status


@bp.get("/children/<uuid:child_id>/assessments/<uuid:assessment_id>")
@audit.described_as(view=_l("Viewed %(record)s"))
@role_required(*ROLES)
def assessment_page(child_id, assessment_id):
    return _show(_assessment_or_404(assessment_id))


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/details")
@audit.described_as(change=_l("Changed the details of %(record)s"))
@role_required(*ROLES)
def details(child_id, assessment_id):
    typed = _typed_details(request.form)

    def change(db, assessment):
        due_on = due_date(typed["due-day"], typed["due-month"], typed["due-year"])
        update_details(db, g.user, assessment, typed["type"], due_on, typed["case-reference"])

    return _change(assessment_id, change, _("Details saved"), DETAILS_FIELDS, typed, "#details")


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/attach")
@audit.described_as(change=_l("Attached direct work to %(record)s"))
@role_required(*ROLES)
def attach_work(child_id, assessment_id):
    artefact_id = request.form.get("artefact_id", "")
    return _change(assessment_id, lambda db, assessment: attach(db, g.user, assessment, artefact_id),
                   _("Direct work attached"), {}, {}, "#attached")


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/detach")
@audit.described_as(change=_l("Took direct work off %(record)s"))
@role_required(*ROLES)
def detach_work(child_id, assessment_id):
    artefact_id = request.form.get("artefact_id", "")
    return _change(assessment_id, lambda db, assessment: detach(db, g.user, assessment, artefact_id),
                   _("Direct work taken off this assessment, with the child's words placed from it"), {}, {},
                   "#attached")


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/analysis")
@audit.described_as(change=_l("Wrote the analysis in %(record)s"))
@role_required(*ROLES)
def analysis(child_id, assessment_id):
    artefact_id, text = request.form.get("artefact_id", ""), request.form.get("analysis", "")
    element = f"analysis-{artefact_id}"
    return _change(assessment_id, lambda db, assessment: set_analysis(db, g.user, assessment, artefact_id, text),
                   _("Your analysis is saved"), {"analysis": element}, {element: text}, f"#work-{artefact_id}")


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/words")
@audit.described_as(change=_l("Put the child's words in the mapping of %(record)s"))
@role_required(*ROLES)
def place(child_id, assessment_id):
    form = request.form
    artefact_id, item, column = form.get("artefact_id", ""), form.get("item", ""), form.get("column", "")
    return _change(assessment_id, lambda db, assessment: place_words(db, g.user, assessment, artefact_id, item, column),
                   _("The child's words are in the mapping"), {"column": f"column-{artefact_id}-{item}"}, {},
                   "#place-words")


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/entries")
@audit.described_as(change=_l("Added an entry to the mapping of %(record)s"))
@role_required(*ROLES)
def add_mapping_entry(child_id, assessment_id):
    column, text = request.form.get("column", ""), request.form.get("text", "")
    element = f"entry-{column}" if column in COLUMNS else f"entry-{next(iter(COLUMNS))}"
    return _change(assessment_id, lambda db, assessment: add_entry(db, g.user, assessment, column, text),
                   _("Added to the mapping"), {"text": element, "column": element}, {element: text}, "#mapping")


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/entries/remove")
@audit.described_as(change=_l("Took an entry out of the mapping of %(record)s"))
@role_required(*ROLES)
def remove_mapping_entry(child_id, assessment_id):
    entry_id = request.form.get("entry_id", "")
    return _change(assessment_id, lambda db, assessment: remove_entry(db, g.user, assessment, entry_id),
                   _("Taken out of the mapping"), {}, {}, "#mapping")


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/scaling")
@audit.described_as(change=_l("Changed the scaling question of %(record)s"))
@role_required(*ROLES)
def scaling(child_id, assessment_id):
    text = request.form.get("question", "")
    return _change(assessment_id, lambda db, assessment: set_scaling_question(db, g.user, assessment, text),
                   _("Scaling question saved"), {"question": "scaling-question"}, {"scaling-question": text},
                   "#scaling")


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/scores")
@audit.described_as(change=_l("Added a number on the scale of %(record)s"))
@role_required(*ROLES)
def add_scaling_score(child_id, assessment_id):
    form = request.form
    typed = {element: form.get(name, "") for name, element in SCORE_FIELDS.items()}
    return _change(assessment_id, lambda db, assessment: add_score(
        db, g.user, assessment, typed["score-person"], typed["score-role"], typed["score-score"], typed["score-note"]),
        _("Number added"), SCORE_FIELDS, typed, "#scaling")


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/scores/remove")
@audit.described_as(change=_l("Took a number off the scale of %(record)s"))
@role_required(*ROLES)
def remove_scaling_score(child_id, assessment_id):
    score_id = request.form.get("score_id", "")
    return _change(assessment_id, lambda db, assessment: remove_score(db, g.user, assessment, score_id),
                   _("Number taken out"), {}, {}, "#scaling")


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/submit")
@audit.described_as(change=_l("Submitted %(record)s for review"))
@role_required(*ROLES)
def submit_for_review(child_id, assessment_id):
    return _change(assessment_id, lambda db, assessment: submit(db, g.user, assessment),
                   _("Submitted for review. Your team manager will authorise it or return it with comments."), {}, {})


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/review")
@audit.described_as(change=_l("Reviewed %(record)s"))
@role_required("manager")
def review_assessment(child_id, assessment_id):
    outcome, comments = request.form.get("outcome", ""), request.form.get("comments", "")
    done = _("Assessment authorised") if outcome == "authorised" else _("Assessment returned with your comments")
    return _change(assessment_id, lambda db, assessment: review(db, g.user, assessment, outcome, comments), done,
                   {"comments": "review-comments", "outcome": "review-comments"}, {"review-comments": comments})


@bp.get("/team/reviews")
@role_required("manager")
def team_reviews():
    """The team's assessments waiting for review, and those reviewed lately: is the child's voice in each?"""
    found = for_team_review(get_db(), g.user["team_id"])
    return render_template("assessments/team_reviews.html", waiting=found["waiting"], recent=found["recent"],
                           type_label=type_label)
