"""A child's record as a timeline: every finalised, unflagged artefact, newest first, each with a
picture, what it is, when, who made it, who was there, and what the child said about sharing it.

Main decision: one entry per thing that was saved, never merged: each version of a Words and
Pictures storyboard is its own entry (saying which later version replaced it), and each saved state
of the safety network is its own entry (how many people it then had), so the timeline shows what
was recorded when, as a court or a review would read it. The entries are built from what the
record pages already show and read (records.py, the network kind's merge.py and pages.py) and link to those
pages; pictures are the existing renders, fetched by the browser. A network's states and meetings
are shown by the network page's rule (those filed under this child, or under a sibling in a network
that lists this child), so the timeline never shows more than the child's pages do.

Filters (type, from, to) are query parameters: a kind's name and a date are not child data, and a
filtered timeline can be bookmarked. A filter that cannot be read is a 400 with a GOV.UK error
summary and no entries (an error page is not audited as a view, so it must show nothing of the child).
"""

import json
from datetime import date

from flask import Blueprint, g, render_template, request

from ..artefacts.kinds import KINDS
from ..artefacts.phrases import words_wishes  # noqa: F401  (re-exported: the timeline's words)
from ..artefacts.record_files import kind_label
from ..platform import audit
from ..platform.auth import role_required
from ..platform.dates import local_day, local_moment, long_date
from ..platform.db import get_db
from ..platform.i18n import _, _l
from ..platform.validation import date_from_boxes

bp = Blueprint("timeline", __name__)

PHOTOS = "photos"  # the type filter for entries with photos, beside the kinds
# A picture is (endpoint, its values besides child_id, its height when shown 240 px wide or None
# when unknown); the drawings and the map are square, the sheet is landscape A4.
SQUARE = 240
SHEET_HEIGHT = 170

ARTEFACTS_SQL = """
    SELECT artefacts.id, artefacts.kind, artefacts.document, users.display_name AS author
    FROM artefacts JOIN users ON users.id = artefacts.author_id
    WHERE artefacts.child_id = ? AND artefacts.flag IS NULL AND artefacts.state = 'finalised'
"""


# --- entries ------------------------------------------------------------------------------------


def _entry(artefact_id: str, kind: str, when: str, author: str, **details) -> dict:
    on = local_day(when)
    return {
        "id": artefact_id,
        "kind": kind,
        "label": kind_label(kind),
        "at": local_moment(when),
        "on": on,
        "day": long_date(on),
        "author": author,
        "title": "",
        "summary": "",
        "version": None,
        "replaced_by": "",
        "details": [],
        "photos": 0,
        "picture": None,
        "link": ("records.record_page", {"artefact_id": artefact_id}),
        **details,
    }


def stored_rows(db, child_id: str) -> list[dict]:
    """The child's finalised, unflagged artefacts, newest first, each with its document read (`parsed`)."""
    rows = [{**row, "parsed": json.loads(row["document"])} for row in db.query(ARTEFACTS_SQL, [child_id])]
    return sorted(rows, key=lambda row: (row["parsed"]["created_at"], row["id"]), reverse=True)


def entries(
    db, child_id: str, kind: str | None = None, since: date | None = None, until: date | None = None
) -> list[dict]:
    """The child's timeline, newest first, optionally only one kind (or PHOTOS: entries with
    photos) and only between two days (UK dates, both included)."""
    rows = stored_rows(db, child_id)
    found = []
    # Every kind is asked, with its own rows (the network's find theirs through the merged network).
    for name, tool in KINDS.items():
        for made in tool.timeline_entries(db, child_id, [row for row in rows if row["kind"] == name]):
            found.append(_entry(made.pop("id"), name, made.pop("when"), made.pop("author"), **made))
    found.sort(key=lambda entry: (entry["at"], entry["id"]), reverse=True)
    return chosen(found, kind, since, until)


def chosen(
    found: list[dict], kind: str | None = None, since: date | None = None, until: date | None = None
) -> list[dict]:
    return [
        entry
        for entry in found
        if (kind is None or (entry["photos"] > 0 if kind == PHOTOS else entry["kind"] == kind))
        and (since is None or entry["on"] >= since)
        and (until is None or entry["on"] <= until)
    ]


# --- filters ------------------------------------------------------------------------------------


def type_choices(found: list[dict], selected: str | None = None) -> list[tuple[str, str]]:
    """The kinds present in the timeline (and the one chosen), in the tools' order, then "With photos"."""
    present = {entry["kind"] for entry in found} | ({selected} if selected in KINDS else set())
    return [(kind, kind_label(kind)) for kind in KINDS if kind in present] + [(PHOTOS, _("With photos"))]


DAY_FIELDS = ("from", "to")  # each a GOV.UK date input: from-day, from-month, from-year, and the same for to


def _day(args, field: str, errors: list) -> date | None:
    try:
        return date_from_boxes(*(args.get(f"{field}-{box}", "") for box in ("day", "month", "year")))
    except ValueError:
        message = (
            _("Enter the first day as a real date, for example 1 11 2026")
            if field == "from"
            else _("Enter the last day as a real date, for example 30 11 2026")
        )
        errors.append((f"{field}-day", message))
        return None


def filters(args) -> tuple[dict, list[tuple[str, str]]]:
    """The filters asked for in the query string: {kind, since, until} and the problems, each
    (field id, sentence), in the order the form shows the fields."""
    errors: list[tuple[str, str]] = []
    kind = args.get("kind", "") or None
    if kind is not None and kind not in KINDS and kind != PHOTOS:
        errors.append(("kind", _("Choose a type from the list")))
        kind = None
    since, until = (_day(args, field, errors) for field in DAY_FIELDS)
    if since and until and since > until:
        errors.append(("to-day", _("The last day must be the same as or after the first day")))
    return {"kind": kind, "since": since, "until": until}, errors


# --- views --------------------------------------------------------------------------------------


@bp.get("/children/<uuid:child_id>/timeline")
@audit.described_as(view=_l("Viewed %(child)s's timeline"))
@role_required("practitioner", "manager")
def timeline(child_id):
    db = get_db()
    asked, errors = filters(request.args)
    everything = entries(db, g.child["id"])
    context = {
        "child": g.child,
        "errors": errors,
        "asked": asked,
        "values": request.args,
        "choices": type_choices(everything, asked["kind"]),
        "total": len(everything),
        "entries": [] if errors else chosen(everything, **asked),
    }
    return render_template("timeline/timeline.html", **context), 400 if errors else 200


@bp.app_template_global()
def child_timeline() -> list[dict]:
    """The timeline of the child this page is about (children.py's hook has checked who may see it)."""
    return entries(get_db(), g.child["id"])


@bp.app_template_global()
def child_page_sections() -> list[dict]:
    """The sections kinds add to the child's page (each kind's `child_page_section`, asked with its
    own rows, in the tools' order): {"id", "heading", "template", …}, the template included with it."""
    db, child_id = get_db(), g.child["id"]
    rows = stored_rows(db, child_id)
    found = (
        tool.child_page_section(db, child_id, [row for row in rows if row["kind"] == name])
        for name, tool in KINDS.items()
    )
    return [section for section in found if section is not None]
