"""The assessment's vocabulary and its rules: the types, the statuses, the Signs of Safety columns and
the usual scaling question (each in the reader's language), the limits on what is typed, and the
checks every change of an assessment makes (store.py, signs_of_safety.py, review.py, and the import
of a JSON pack in exports/pack_import.py).

Main decision: everything about assessments is plain functions over the store (views only translate
forms and answers): a rule broken is `AssessmentRefused` with a sentence to show; anything the user
may not see — another child's artefact or assessment, a draft, an artefact held back for review — is
werkzeug's `NotFound`, the same 404 as for something that does not exist. Only a draft can change,
and that is checked inside the write transaction (`BEGIN IMMEDIATE`, `refuse_unless_draft`), so a
manager authorising and a worker editing at the same moment cannot both win.
"""

from datetime import date

from ..artefacts.fields import check_text
from ..platform.dates import long_date
from ..platform.db import utcnow
from ..platform.i18n import _, _l
from ..platform.invalid import DocumentInvalid
from ..platform.validation import date_from_boxes

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
SCALING_QUESTION = _l(
    "On a scale of 0 to 10, where 10 means everyone agrees the children are safe enough for "
    "children's services to close the case, and 0 means things are so dangerous the children "
    "cannot stay at home, where are things today?"
)

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


def checked_text(value, what, limit: int, field: str, one_line: bool = False, at_least: int = 0) -> str:
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
        raise AssessmentRefused(
            _("The due date must be between %(first)s and %(last)s", first=YEARS[0], last=YEARS[1]), "due_on"
        )
    return day.isoformat()


def checked_details(type_key, due_on, case_reference) -> dict:
    if type_key not in TYPES:
        raise AssessmentRefused(_("Choose the type of assessment"), "type")
    return {
        "type": type_key,
        "due_on": _due_on(due_on),
        "case_reference": checked_text(
            case_reference, _("The case reference"), CASE_REFERENCE_MAX, "case_reference", one_line=True
        ),
    }


def refuse_unless_draft(db, assessment: dict) -> None:
    """Inside the write transaction: refuse unless the assessment is (still) a draft."""
    status = next(db.query("SELECT status FROM assessments WHERE id = ?", [assessment["id"]]))["status"]
    if status != "draft":
        raise AssessmentRefused(
            _(
                "This assessment is %(status)s, so it cannot be changed. A manager can return "
                "it to you with comments if it needs more work.",
                status=status_name(status).lower(),
            )
        )


def touch(db, assessment: dict) -> None:
    db.execute("UPDATE assessments SET updated_at = ? WHERE id = ?", [utcnow(), assessment["id"]])


def next_position(db, sql: str, params: list) -> int:
    return next(db.query(f"SELECT COALESCE(MAX(position), 0) + 1 AS n {sql}", params))["n"]
