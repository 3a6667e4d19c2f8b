"""The team manager's view: the team's workers, their caseloads, and the audit of the team's children.

Main decision: figures are computed by plain functions over the store (tested without HTTP); the
views only choose what to show. A manager sees their own team only; anything else is a 404.
What the manager must act on from the tablets — items that never arrived, uploads kept aside for
review, tablets holding unsent work that have not connected for days — is listed by who sent it, from which tablet, of which kind and when, never with the child's
words (artefacts/oversight.py decides what is listed).

The audit is read as sentences: "Viewed Maisie's Three Houses session of 23 November 2026", one a
page view (audit.py folds a page's pictures into it), in the reader's language. The row stores the
view and the record's id; the words come from the view (audit.described_as) and the record as it is
now (record_files.describe, assessments/rules.describe), so no child data is ever written into the trail.
"""

import json
from datetime import UTC, datetime
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm

from . import review
from .artefacts import record_files
from .artefacts.kinds import KINDS
from .artefacts.oversight import flagged_for_team, sequence_gaps, tablets_at_risk
from .artefacts.phrases import joined
from .assessments.rules import describe as describe_assessment
from .platform import audit
from .platform.auth import role_required
from .platform.children import age_on, allocated_workers
from .platform.db import get_db
from .platform.i18n import _, _l

FLAG_LABELS = {
    "quarantined": _l("From a revoked tablet"),
    "not_allocated": _l("Child not allocated to the author"),
    "conflict": _l("A second, different copy"),
    "needs_review": _l("Needs review"),
    "unknown_child": _l("For a child this service does not have"),
}

ACTION_NAMES = {"view": _l("Viewed"), "change": _l("Changed"), "export": _l("Exported"), "account": _l("Account")}
# Rows the service writes itself (not a page's view): their words, by what the row says.
WRITTEN_WORDS = {
    "artefact stored": _l("Sent work about %(child)s from a tablet"),
    "draft snapshot stored": _l("Saved a draft about %(child)s from a tablet"),
    "prepared for visits": _l("Carried %(child)s's details to a tablet for visits"),
    "search.search": _l("Saw %(child)s's words in search results"),
    "child record added": _l("Added %(child)s's record"),
    "played a recording": _l("Played a recording of %(child)s"),  # rows from before the views had words
    "draft discarded on the tablet": _l("Discarded an unfinished draft about %(child)s on a tablet"),
    "artefact conflict kept": _l("Sent a second, different copy of work about %(child)s from a tablet"),
    "released from review into the record": _l("Let work about %(child)s kept for review join the record"),
    "released from review: not allocated": _l(
        "Checked again work about %(child)s kept for review: its author no longer works with the child"
    ),
    "checked again: still kept for review": _l("Checked again work about %(child)s kept for review: still kept"),
    "feedback figures": _l("Saw %(child)s's feedback in the team's figures"),
    "feedback exported in the national shape": _l("Exported %(child)s's feedback in the national shape"),
    "feedback exported in the national shape from the command line": _l(
        "Exported %(child)s's feedback in the national shape from the command line"
    ),
}

bp = Blueprint("team", __name__, url_prefix="/team")


def team_members(db, team_id: int) -> list[dict]:
    """The team's active workers with how many children each has allocated."""
    return list(
        db.query(
            """
        SELECT users.id, users.display_name, users.username, users.role,
               COUNT(allocations.child_id) AS children
        FROM users LEFT JOIN allocations ON allocations.user_id = users.id
        WHERE users.team_id = ? AND users.active = 1
        GROUP BY users.id ORDER BY users.display_name
        """,
            [team_id],
        )
    )


def team_children(db, team_id: int) -> list[dict]:
    children = list(
        db.query("SELECT * FROM children WHERE team_id = ? ORDER BY known_as COLLATE NOCASE, id", [team_id])
    )
    for child in children:
        child["workers"] = allocated_workers(db, child["id"])
    return children


def gap_message(gap: dict) -> str:
    """ "Dana Worker's tablet “By the door”: item 5 has not arrived" — one run of missing numbers."""
    device = gap["device_name"] or _("unnamed")
    if gap["first_missing"] == gap["last_missing"]:
        return _(
            "%(person)s's tablet “%(device)s”: item %(number)s has not arrived",
            person=gap["person"],
            device=device,
            number=gap["first_missing"],
        )
    return _(
        "%(person)s's tablet “%(device)s”: items %(first)s to %(last)s have not arrived",
        person=gap["person"],
        device=device,
        first=gap["first_missing"],
        last=gap["last_missing"],
    )


def at_risk_tablets(db, team_id: int) -> list[dict]:
    """The team's tablets at risk (oversight.py), each with how many whole days ago its oldest unsent
    item was made and it was last seen: a manager counts days, not hours."""
    now = datetime.now(UTC)
    return [
        dict(
            tablet,
            oldest_days=(now - datetime.fromisoformat(tablet["oldest_unsent_at"])).days,
            unseen_days=(now - datetime.fromisoformat(tablet["last_seen_at"])).days,
        )
        for tablet in tablets_at_risk(db, team_id, now)
    ]


def kind_label(kind: str, state: str = "finalised") -> str:
    label = str(KINDS[kind].LABEL) if kind in KINDS else kind  # a kind no longer registered: its name
    return label if state == "finalised" else _("%(kind)s (draft)", kind=label)


def described_records(db, record_ids) -> dict[str, str]:
    """Each artefact and assessment named by an audit row, in words as it is now (a record deleted
    under the retention schedule is missing)."""
    ids = json.dumps(sorted(set(record_ids)))
    # Work kept for review failed its kind's checks: its document is never handed to the kind's own
    # words, which assume a valid one (review.py); it is named by its kind.
    described = {
        row["id"]: record_files.describe(row["kind"], json.loads(row["document"]))
        if row["flag"] != "needs_review"
        else _("%(kind)s kept for review", kind=kind_label(row["kind"]))
        for row in db.query(
            "SELECT id, kind, document, flag FROM artefacts WHERE id IN (SELECT value FROM json_each(?))", [ids]
        )
    }
    described |= {
        row["id"]: describe_assessment(row)
        for row in db.query("SELECT * FROM assessments WHERE id IN (SELECT value FROM json_each(?))", [ids])
    }
    return described


def audit_sentence(entry: dict, described: dict[str, str]) -> str:
    """One audit entry as a sentence: what the person did, to which of the child's records, and
    anything worth saying that the page did by itself ("… and played a recording")."""
    what, _open, flag = entry["what"].partition(" (")  # "artefact stored (quarantined)"
    words = audit.words_of(entry["what"], entry["action"]) or WRITTEN_WORDS.get(what)
    if words is None:  # a row no view names any more, or the retention command's own account of itself
        return _("%(action)s: %(what)s", action=ACTION_NAMES[entry["action"]], what=entry["what"])
    child = entry["known_as"]
    if not entry["record_id"]:
        record = _("%(child)s's record", child=child)
    elif entry["record_id"] in described:
        record = _("%(child)s's %(record)s", child=child, record=described[entry["record_id"]])
    else:
        record = _("%(child)s's record, since deleted", child=child)
    sentence = str(words) % {"child": child, "record": record}
    notes = [str(note) for note in (audit.note_of(folded) for folded in entry["notes"]) if note]
    if notes:
        sentence = _("%(done)s and %(more)s", done=sentence, more=joined(notes))
    if flag:
        reason = flag.rstrip(")")
        sentence = _("%(done)s (%(flag)s)", done=sentence, flag=FLAG_LABELS.get(reason, reason))
    return sentence


def audit_entries(db, team_id: int, child_id: str | None = None) -> list[dict]:
    """The audit entries the manager reads, each with its `sentence`."""
    entries = audit.entries_for_team(db, team_id, child_id=child_id)
    described = described_records(db, [entry["record_id"] for entry in entries if entry["record_id"]])
    return [dict(entry, sentence=audit_sentence(entry, described)) for entry in entries]


def team_name(db, team_id: int) -> str:
    return db["teams"].get(team_id)["name"]


@bp.get("")
@role_required("manager")
def index():
    db = get_db()
    team_id = g.user["team_id"]
    return render_template(
        "team/index.html",
        team_name=team_name(db, team_id),
        members=team_members(db, team_id),
        children=team_children(db, team_id),
        age_on=age_on,
        gaps=sequence_gaps(db, team_id),
        at_risk=at_risk_tablets(db, team_id),
        gap_message=gap_message,
        flagged=flagged_for_team(db, team_id),
        flag_labels=FLAG_LABELS,
        kind_label=kind_label,
        team_id=team_id,
    )


@bp.get("/audit")
@role_required("manager")
def audit_log():
    db = get_db()
    return render_template("team/audit.html", entries=audit_entries(db, g.user["team_id"]), child=None)


@bp.get("/children/<uuid:child_id>/audit")
@audit.described_as(view=_l("Viewed who has seen or changed %(child)s's record"))
@role_required("manager")
def child_audit(child_id):
    db = get_db()
    return render_template(
        "team/audit.html", child=g.child, entries=audit_entries(db, g.user["team_id"], child_id=g.child["id"])
    )


class CheckAgainForm(FlaskForm):
    """The button's CSRF token: checking again can change the child's record."""


def _held_or_404(db, artefact_id) -> dict:
    row = review.held_for(db, g.user, str(artefact_id))
    if row is None:
        abort(404)
    return row


@bp.get("/review/<uuid:artefact_id>")
@audit.described_as(view=_l("Viewed work about %(child)s kept for review"))
@role_required("manager")
def held(artefact_id):
    """Finished work kept for review: why, who sent it, and what it holds as plain rows (review.py)."""
    db = get_db()
    row = _held_or_404(db, artefact_id)
    g.child = next(db.query("SELECT * FROM children WHERE id = ?", [row["child_id"]]))
    document = json.loads(row["document"])
    author = next(db.query("SELECT display_name FROM users WHERE id = ?", [row["author_id"]]))["display_name"]
    device = next(db.query("SELECT name FROM devices WHERE id = ?", [row["device_id"]]))["name"]
    return render_template(
        "team/held.html",
        row=row,
        child=g.child,
        author=author,
        device=device,
        kind_label=kind_label,
        rows=review.document_rows(document) if document is not None else [],
        rows_max=review.ROWS_MAX,
        parts=review.parts_of(db, row["id"]),
        form=CheckAgainForm(),
    )


@bp.post("/review/<uuid:artefact_id>")
@audit.described_as(change=_l("Checked again work about %(child)s kept for review"))
@role_required("manager")
def check_again(artefact_id):
    db = get_db()
    row = _held_or_404(db, artefact_id)
    if not CheckAgainForm().validate_on_submit():
        abort(400)
    reason = review.check_again(
        db, g.user, row, Path(current_app.config["PARTS_DIR"]), g.login_session_id, request.remote_addr
    )
    if reason:
        flash(_("It still cannot join the record: %(reason)s", reason=reason), "notice")
        return redirect(url_for("team.held", artefact_id=row["id"]), code=303)
    flash(_("Checked again: it has joined the record."), "success")
    return redirect(url_for("team.index") + "#from-tablets", code=303)
