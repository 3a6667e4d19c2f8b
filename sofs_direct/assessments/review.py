"""The team manager's review of an assessment: a draft submitted, then authorised or returned with
comments, and the manager's list of the team's assessments waiting for review and reviewed lately.

Main decision: only a manager of the child's team reviews (anyone else gets a 404), and only an
assessment still submitted can be reviewed, checked inside the write transaction, so two reviews or a
review and an edit at the same moment cannot both win. A returned assessment is a draft again, with
the comments the worker must act on.
"""

from werkzeug.exceptions import NotFound

from ..platform.db import utcnow, write
from ..platform.i18n import _
from .rules import COMMENTS_MAX, OUTCOMES, AssessmentRefused, checked_text, refuse_unless_draft, status_name
from .store import COUNTS


def submit(db, user, assessment: dict) -> None:
    """Send a draft to the team manager for review; it is read-only until it is returned."""
    with write(db):
        refuse_unless_draft(db, assessment)
        now = utcnow()
        db.execute(
            "UPDATE assessments SET status = 'submitted', submitted_at = ?, submitted_by = ?, updated_at = ?"
            " WHERE id = ?",
            [now, user["id"], now, assessment["id"]],
        )


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
    checked_text(comments, _("Your comments"), COMMENTS_MAX, "comments")
    if outcome == "returned" and not comments.strip():
        raise AssessmentRefused(_("Write what needs to change before you return the assessment"), "comments")
    with write(db):
        status = next(db.query("SELECT status FROM assessments WHERE id = ?", [assessment["id"]]))["status"]
        if status != "submitted":
            raise AssessmentRefused(
                _(
                    "Only an assessment submitted for review can be reviewed; this one is %(status)s.",
                    status=status_name(status).lower(),
                )
            )
        now = utcnow()
        db.execute(
            "INSERT INTO assessment_reviews (assessment_id, reviewer_id, at, outcome, comments) VALUES (?, ?, ?, ?, ?)",
            [assessment["id"], manager["id"], now, outcome, comments],
        )
        if outcome == "authorised":
            db.execute(
                "UPDATE assessments SET status = 'authorised', authorised_at = ?, authorised_by = ?,"
                " updated_at = ? WHERE id = ?",
                [now, manager["id"], now, assessment["id"]],
            )
        else:
            db.execute("UPDATE assessments SET status = 'draft', updated_at = ? WHERE id = ?", [now, assessment["id"]])


def reviews(db, assessment_id: str) -> list[dict]:
    """The assessment's reviews, oldest first, with the reviewer's name (`reviewer`)."""
    return list(
        db.query(
            """
        SELECT assessment_reviews.*, users.display_name AS reviewer
        FROM assessment_reviews JOIN users ON users.id = assessment_reviews.reviewer_id
        WHERE assessment_id = ? ORDER BY at, assessment_reviews.id
        """,
            [assessment_id],
        )
    )


def returned_comments(db, assessment: dict) -> dict | None:
    """The review that sent this draft back, while it is still a draft (what the worker must act on)."""
    if assessment["status"] != "draft":
        return None
    latest = (reviews(db, assessment["id"]) or [None])[-1]
    return latest if latest is not None and latest["outcome"] == "returned" else None


_TEAM_ROWS = f"""
    SELECT assessments.*, children.known_as, users.display_name AS author,
           COALESCE(submitter.display_name, users.display_name) AS submitter, {COUNTS}
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
    waiting = list(
        db.query(_TEAM_ROWS + " AND assessments.status = 'submitted' ORDER BY assessments.submitted_at", [team_id])
    )
    reviewed = list(
        db.query(
            f"""
        SELECT team_assessments.*, assessment_reviews.outcome, assessment_reviews.at AS reviewed_at,
               reviewers.display_name AS reviewer
        FROM assessment_reviews
        JOIN ({_TEAM_ROWS}) AS team_assessments ON team_assessments.id = assessment_reviews.assessment_id
        JOIN users AS reviewers ON reviewers.id = assessment_reviews.reviewer_id
        ORDER BY assessment_reviews.at DESC, assessment_reviews.id DESC LIMIT ?
        """,
            [team_id, recent],
        )
    )
    return {"waiting": waiting, "recent": reviewed}
