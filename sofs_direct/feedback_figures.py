"""The child's feedback in figures, for each worker and the team (docs/feedback.md), and the team's
export of it in the national shape (exports/ssd.py, docs/standards.md).

Main decision: a figure counts children, not sessions: for each question, each child's newest answer
(from finalised, unflagged work, dated by when the tablet made it), so a child seen every week does
not outweigh one seen once; each figure names the children behind it, each linked to the session the
answer came from. The children are the manager's team's (quality.CHILDREN_SQL, as the voice figures
choose them); a child allocated to two workers counts under each and once for the team. Both pages
name children, so each view is written to the audit trail for every child it shows or exports.
"""

import json
from datetime import date

from flask import Blueprint, abort, g, render_template, request

from .artefacts import feedback
from .artefacts.record_files import export_download
from .exports import ssd
from .platform import audit
from .platform.auth import role_required
from .platform.db import get_db, write
from .quality import CHILDREN_SQL

bp = Blueprint("feedback", __name__)

ANSWERS_SQL = """
SELECT id, child_id, json_extract(document, '$.feedback') AS feedback
FROM artefacts
WHERE flag IS NULL AND state = 'finalised' AND json_type(document, '$.feedback') = 'object'
  AND child_id IN (SELECT value FROM json_each(:children))
ORDER BY julianday(json_extract(document, '$.created_at')) DESC, received_at DESC, id
"""
COLUMNS = (*feedback.ANSWERS, feedback.SKIPPED)


def newest_answers(db, child_ids) -> dict[str, dict[str, tuple[str, str]]]:
    """For each child, for each question ever asked: (answer or SKIPPED, the session's id), newest."""
    found: dict[str, dict] = {}
    for row in db.query(ANSWERS_SQL, {"children": json.dumps(sorted(child_ids))}):
        answers = found.setdefault(row["child_id"], {})
        for code, answer in json.loads(row["feedback"]).items():
            answers.setdefault(code, (answer or feedback.SKIPPED, row["id"]))
    return found


def _summary(children: list[dict], answers: dict) -> dict:
    """{total, questions: [{code, words, answers: {answer: {count, children [{id, known_as, session}]}}}]}."""
    questions = []
    for code in feedback.QUESTIONS:
        counts = {answer: {"count": 0, "children": []} for answer in COLUMNS}
        for child in children:
            given = answers.get(child["id"], {}).get(code)
            if given:
                counts[given[0]]["count"] += 1
                counts[given[0]]["children"].append({**child, "session": given[1]})
        questions.append({"code": code, "words": feedback.QUESTION_WORDS[code], "answers": counts})
    return {"total": len(children), "questions": questions}


def feedback_figures(db, team_id: int) -> dict:
    """The team's figures and each worker's: {team: summary, workers: [{user_id, display_name, **summary}]}."""
    rows = list(db.query(CHILDREN_SQL.format(who="children.team_id = :team"), {"team": team_id}))
    children = {row["child_id"]: {"id": row["child_id"], "known_as": row["known_as"]} for row in rows}
    answers = newest_answers(db, children)
    workers: dict = {}
    for row in rows:
        if row["user_id"] is not None:
            workers.setdefault(
                row["user_id"], {"user_id": row["user_id"], "display_name": row["display_name"], "children": []}
            )["children"].append(children[row["child_id"]])
    return {
        "team": _summary(list(children.values()), answers),
        "workers": [
            {
                "user_id": worker["user_id"],
                "display_name": worker["display_name"],
                **_summary(worker["children"], answers),
            }
            for worker in workers.values()
        ],
    }


def _audit_each(db, child_ids, action: str, what: str) -> None:
    """One row for each child the manager saw or exported (the page names no single child, so the
    central audit, which follows a child in the address, does not see it)."""
    with write(db):
        for child_id in sorted(set(child_ids)):
            audit.append(db, g.user["id"], g.login_session_id, action, child_id, what, request.remote_addr)


@bp.get("/team/feedback")
@role_required("manager")
def team_feedback():
    db = get_db()
    figures = feedback_figures(db, g.user["team_id"])
    shown = {
        child["id"]
        for question in figures["team"]["questions"]
        for answer in question["answers"].values()
        for child in answer["children"]
    }
    _audit_each(db, shown, "view", "feedback figures")
    return render_template(
        "team/feedback.html",
        figures=figures,
        columns=COLUMNS,
        answer_names={**feedback.ANSWER_NAMES, feedback.SKIPPED: feedback.SKIPPED_NAME},
        formats=sorted(ssd.FORMATS),
    )


@bp.get("/team/feedback/ssd-voice-of-child.<fmt>")
@role_required("manager")
def team_export(fmt):
    """The team's rows of ssd_voice_of_child (docs/standards.md), from `since` (default: all)."""
    if fmt not in ssd.FORMATS:
        abort(404)
    since = request.args.get("since", "2000-01-01")
    try:
        date.fromisoformat(since)
    except ValueError:
        abort(400)
    db = get_db()
    found = ssd.rows(db, since, g.user["team_id"])
    _audit_each(db, ssd.children_of(db, found), "export", "feedback exported in the national shape")
    render, media_type = ssd.FORMATS[fmt]
    return export_download(render(found).encode("utf-8"), media_type, f"ssd_voice_of_child.{fmt}")
