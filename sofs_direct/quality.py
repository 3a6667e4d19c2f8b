"""Is the child's voice in the work? The supervision questions a team manager asks, as figures: for
each worker and each of their children, when the child's voice was last captured in direct work,
which children have had none for too long (or ever), and, for each assessment in progress, how
many of the child's own words are in its Signs of Safety mapping.

Main decision: the figures are plain functions over the store, each a single SQL query for every
child at once (never a query per child), tested without HTTP; the views only choose whose children
to show. "The child's voice last captured" is the newest finalised, unflagged artefact of a
direct-work kind (voice.direct_work_kinds(): the child's own drawings and words; not one in which
nothing was done with the child, voice.nothing_done_sql()), dated by when
the tablet made it (the document's `created_at`, read in UTC), not when it reached the server: a
session synced a week late still happened on its day. A child is flagged when that is more than
VOICE_DAYS days ago — so a session exactly 90 days ago is still in time, 91 is flagged — or never.

The page names children (as the team page does) and dates, never the child's words.
"""

import json
from datetime import UTC, date, datetime

from flask import Blueprint, current_app, g, render_template

from .artefacts.voice import direct_work_kinds, nothing_done_sql
from .assessments.rules import status_name, type_label
from .assessments.store import for_children
from .platform.auth import role_required
from .platform.db import get_db
from .team import kind_label

bp = Blueprint("quality", __name__)

IN_PROGRESS = ("draft", "submitted")  # authorised work is finished; review is about what is still open

LAST_VOICE_SQL = """
WITH direct AS (
    SELECT id, child_id, kind, received_at, json_extract(document, '$.created_at') AS created_at
    FROM artefacts
    WHERE flag IS NULL AND state = 'finalised'
      AND kind IN (SELECT value FROM json_each(:kinds))
      AND child_id IN (SELECT value FROM json_each(:children))
      AND NOT ({nothing_done})
), ranked AS (
    SELECT id, child_id, kind, date(created_at) AS captured_on,
           ROW_NUMBER() OVER (PARTITION BY child_id ORDER BY julianday(created_at) DESC, received_at DESC, id) AS newest
    FROM direct
)
SELECT id AS artefact_id, child_id, kind, captured_on FROM ranked WHERE newest = 1
"""

# Whose children: a manager's team (every child of the team, by allocated worker, and those not
# allocated to anyone), or one worker's allocated children.
CHILDREN_SQL = """
SELECT children.id AS child_id, children.known_as, users.id AS user_id, users.display_name
FROM children
LEFT JOIN allocations ON allocations.child_id = children.id
LEFT JOIN users ON users.id = allocations.user_id
WHERE {who}
ORDER BY users.id IS NULL, users.display_name, users.id, children.known_as COLLATE NOCASE, children.id
"""


def last_voice(db, child_ids: list[str], today: date) -> dict[str, dict]:
    """For each child with any direct work: the newest {artefact_id, kind, captured_on (ISO date),
    days_ago}. Children with none are absent. One query for all the children."""
    found = {}
    sql = LAST_VOICE_SQL.format(nothing_done=nothing_done_sql())
    for row in db.query(sql, {"kinds": json.dumps(direct_work_kinds()), "children": json.dumps(list(child_ids))}):
        # A tablet clock ahead of the server must not make a session "in the future".
        days_ago = max(0, (today - date.fromisoformat(row["captured_on"])).days)
        found[row["child_id"]] = {**row, "days_ago": days_ago}
    return found


def assessments_in_progress(db, child_ids: list[str]) -> dict[str, list[dict]]:
    """For each child, the assessments not yet authorised, soonest due first (as
    assessments/store.for_children gives them): `child_words` counts the mapping's entries taken from the
    child's words (the supervision question "is the child's voice in this mapping?"), and
    `no_voice` is True when there are none."""
    found: dict[str, list[dict]] = {}
    for row in for_children(db, child_ids, IN_PROGRESS):
        found.setdefault(row["child_id"], []).append({**row, "no_voice": row["child_words"] == 0})
    return found


def voice_flag(voice: dict | None, days: int) -> str | None:
    """ "never": no direct work ever; "overdue": none in the last `days` days; None: in time."""
    if voice is None:
        return "never"
    return "overdue" if voice["days_ago"] > days else None


def _order(child: dict) -> tuple:
    """Flagged first; then the longest without the child's voice first (never is longest)."""
    voice = child["voice"]
    return (
        child["flag"] is None,
        -(voice["days_ago"] if voice else float("inf")),
        child["known_as"].casefold(),
        child["id"],
    )


def _summary(children: list[dict]) -> dict:
    return {
        "total": len(children),
        "flagged": sum(1 for child in children if child["flag"]),
        "never": sum(1 for child in children if child["flag"] == "never"),
        "assessments_without_voice": sum(
            1 for child in children for found in child["assessments"] if found["no_voice"]
        ),
    }


def voice_report(db, today: date, days: int, *, team_id: int | None = None, user_id: int | None = None) -> dict:
    """The figures for a manager's team (`team_id`) or one worker's caseload (`user_id`):
    {days, team: summary, workers: [{user_id, display_name, children, **summary}]}, where each child is
    {id, known_as, voice (as last_voice, or None), flag, assessments (as assessments_in_progress)} and
    a summary is {total, flagged, never, assessments_without_voice}. A child allocated to two workers
    appears under each and counts once for the team. Workers' children are sorted flagged first,
    then oldest voice first. For a team, children allocated to nobody come last (user_id None)."""
    if (team_id is None) == (user_id is None):
        raise ValueError("give a team or a worker")
    who, params = (
        ("children.team_id = :team", {"team": team_id})
        if team_id is not None
        else ("allocations.user_id = :user", {"user": user_id})
    )
    rows = list(db.query(CHILDREN_SQL.format(who=who), params))
    child_ids = sorted({row["child_id"] for row in rows})
    voices = last_voice(db, child_ids, today)
    in_progress = assessments_in_progress(db, child_ids)
    children: dict[str, dict] = {}
    workers: dict = {}
    for row in rows:
        child = children.get(row["child_id"])
        if child is None:
            voice = voices.get(row["child_id"])
            child = children[row["child_id"]] = {
                "id": row["child_id"],
                "known_as": row["known_as"],
                "voice": voice,
                "flag": voice_flag(voice, days),
                "assessments": in_progress.get(row["child_id"], []),
            }
        workers.setdefault(
            row["user_id"], {"user_id": row["user_id"], "display_name": row["display_name"], "children": []}
        )["children"].append(child)
    for worker in workers.values():
        worker["children"].sort(key=_order)
        worker.update(_summary(worker["children"]))
    return {"days": days, "team": _summary(list(children.values())), "workers": list(workers.values())}


# --- views ----------------------------------------------------------------------------------------


def _days() -> int:
    return int(current_app.config.get("VOICE_DAYS", 90))


def _today() -> date:
    """Today in UTC, the calendar the capture dates are read in."""
    return datetime.now(UTC).date()


def _page(report: dict, team: bool):
    return render_template(
        "quality/voice.html",
        report=report,
        team=team,
        kind_label=kind_label,
        type_label=type_label,
        status_name=status_name,
    )


@bp.get("/team/voice")
@role_required("manager")
def team_voice():
    return _page(voice_report(get_db(), _today(), _days(), team_id=g.user["team_id"]), team=True)


@bp.get("/children/voice")
@role_required("practitioner", "manager")
def my_voice():
    """The same page for a worker's own children (a manager's too: those allocated to them)."""
    return _page(voice_report(get_db(), _today(), _days(), user_id=g.user["id"]), team=False)
