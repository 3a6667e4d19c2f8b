"""The team manager's view: the team's workers, their caseloads, and the audit of the team's children.

Main decision: figures are computed by plain functions over the store (tested without HTTP); the
views only choose what to show. A manager sees their own team only; anything else is a 404.
What the manager must act on from the tablets — items that never arrived, uploads kept aside for
review — is listed by who sent it, from which tablet, of which kind and when, never with the child's
words (artefacts.py decides what is listed).
"""

import json
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm

from . import artefacts, audit, review
from .auth import role_required
from .children import age_on, allocated_workers
from .db import get_db
from .i18n import _, _l
from .tools import KINDS

FLAG_LABELS = {
    "quarantined": _l("From a revoked tablet"),
    "not_allocated": _l("Child not allocated to the author"),
    "conflict": _l("A second, different copy"),
    "needs_review": _l("Needs review"),
    "unknown_child": _l("For a child this service does not have"),
}

bp = Blueprint("team", __name__, url_prefix="/team")


def team_members(db, team_id: int) -> list[dict]:
    """The team's active workers with how many children each has allocated."""
    return list(db.query(
        """
        SELECT users.id, users.display_name, users.username, users.role,
               COUNT(allocations.child_id) AS children
        FROM users LEFT JOIN allocations ON allocations.user_id = users.id
        WHERE users.team_id = ? AND users.active = 1
        GROUP BY users.id ORDER BY users.display_name
        """, [team_id]))


def team_children(db, team_id: int) -> list[dict]:
    children = list(db.query("SELECT * FROM children WHERE team_id = ? ORDER BY known_as COLLATE NOCASE, id",
                             [team_id]))
    for child in children:
        child["workers"] = allocated_workers(db, child["id"])
    return children


def gap_message(gap: dict) -> str:
    """"Dana Worker's tablet “By the door”: item 5 has not arrived" — one run of missing numbers."""
    device = gap["device_name"] or _("unnamed")
    if gap["first_missing"] == gap["last_missing"]:
        return _("%(person)s's tablet “%(device)s”: item %(number)s has not arrived",
                 person=gap["person"], device=device, number=gap["first_missing"])
    return _("%(person)s's tablet “%(device)s”: items %(first)s to %(last)s have not arrived",
             person=gap["person"], device=device, first=gap["first_missing"], last=gap["last_missing"])


def kind_label(kind: str, state: str = "finalised") -> str:
    label = str(KINDS[kind].LABEL) if kind in KINDS else kind
    return label if state == "finalised" else _("%(kind)s (draft)", kind=label)


def team_name(db, team_id: int) -> str:
    return db["teams"].get(team_id)["name"]


@bp.get("")
@role_required("manager")
def index():
    db = get_db()
    team_id = g.user["team_id"]
    return render_template("team/index.html", team_name=team_name(db, team_id),
                           members=team_members(db, team_id), children=team_children(db, team_id),
                           age_on=age_on, gaps=artefacts.sequence_gaps(db, team_id), gap_message=gap_message,
                           flagged=artefacts.flagged_for_team(db, team_id), flag_labels=FLAG_LABELS,
                           kind_label=kind_label, team_id=team_id)


@bp.get("/audit")
@role_required("manager")
def audit_log():
    db = get_db()
    return render_template("team/audit.html", entries=audit.entries_for_team(db, g.user["team_id"]), child=None)


@bp.get("/children/<uuid:child_id>/audit")
@role_required("manager")
def child_audit(child_id):
    db = get_db()
    return render_template("team/audit.html", child=g.child,
                           entries=audit.entries_for_team(db, g.user["team_id"], child_id=g.child["id"]))


class CheckAgainForm(FlaskForm):
    """The button's CSRF token: checking again can change the child's record."""


@bp.get("/review/<uuid:artefact_id>")
@role_required("manager")
def held(artefact_id):
    """Finished work kept for review: why, who sent it, and what it holds as plain rows (review.py)."""
    db = get_db()
    row = review.held_for(db, g.user, str(artefact_id))
    if row is None:
        abort(404)
    g.child = next(db.query("SELECT * FROM children WHERE id = ?", [row["child_id"]]))
    g.audit_what = "viewed work kept for review"
    document = json.loads(row["document"])
    author = next(db.query("SELECT display_name FROM users WHERE id = ?", [row["author_id"]]))["display_name"]
    device = next(db.query("SELECT name FROM devices WHERE id = ?", [row["device_id"]]))["name"]
    return render_template("team/held.html", row=row, child=g.child, author=author, device=device,
                           kind_label=kind_label, rows=review.document_rows(document) if document is not None else [],
                           rows_max=review.ROWS_MAX, parts=review.parts_of(db, row["id"]), form=CheckAgainForm())


@bp.post("/review/<uuid:artefact_id>")
@role_required("manager")
def check_again(artefact_id):
    db = get_db()
    row = review.held_for(db, g.user, str(artefact_id))
    if row is None:
        abort(404)
    if not CheckAgainForm().validate_on_submit():
        abort(400)
    reason = review.check_again(db, g.user, row, Path(current_app.config["PARTS_DIR"]), g.login_session_id,
                                request.remote_addr)
    if reason:
        flash(_("It still cannot join the record: %(reason)s", reason=reason), "notice")
        return redirect(url_for("team.held", artefact_id=row["id"]), code=303)
    flash(_("Checked again: it has joined the record."), "success")
    return redirect(url_for("team.index") + "#from-tablets", code=303)
