"""A child's record as a timeline: every finalised, unflagged artefact, newest first, each with a
picture, what it is, when, who made it, who was there, and what the child said about sharing it.

Main decision: one entry per thing that was saved, never merged: each version of a Words and
Pictures storyboard is its own entry (saying which later version replaced it), and each saved state
of the safety network is its own entry (how many people it then had), so the timeline shows what
was recorded when, as a court or a review would read it. The entries are built from what the
record pages already show and read (records.py, network.py, network_pages.py) and link to those
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

from . import audit, network
from .auth import role_required
from .dates import local_day, local_moment, long_date
from .db import get_db
from .i18n import _, _l, ngettext
from .network_pages import attendee, meeting_names, meetings_of
from .records import kind_label, photo_names, storyboards_of, version_summary
from .tools import KINDS, three_houses, words_pictures
from .tools.fields import yes_no
from .tools.sharing import describe_wish
from .validation import date_from_boxes

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
      AND artefacts.kind NOT IN ('network', 'network_meeting')
"""
# The networks to look in: the ones listing the child now, and any a state or meeting filed under
# the child names (a meeting can reach the server before any state of its network).
NETWORKS_SQL = """
    SELECT network_id FROM network_children WHERE child_id = :child
    UNION
    SELECT json_extract(document, '$.content.network') FROM artefacts
    WHERE child_id = :child AND kind IN ('network', 'network_meeting') AND flag IS NULL AND state = 'finalised'
"""


# --- entries ------------------------------------------------------------------------------------

def _entry(artefact_id: str, kind: str, when: str, author: str, **details) -> dict:
    on = local_day(when)
    return {"id": artefact_id, "kind": kind, "label": kind_label(kind), "at": local_moment(when), "on": on,
            "day": long_date(on), "author": author, "title": "", "summary": "", "version": None,
            "replaced_by": "", "details": [], "photos": 0, "picture": None,
            "link": ("records.record_page", {"artefact_id": artefact_id}), **details}


def words_wishes(words: list[dict]) -> str:
    """"2 words: Parents and conference; 1 word: Not asked yet" — the most common wish first."""
    counts: dict[str, int] = {}
    for spoken in words:
        wish = describe_wish(spoken["share"])
        counts[wish] = counts.get(wish, 0) + 1
    ordered = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return "; ".join(ngettext("%(num)s word: %(wish)s", "%(num)s words: %(wish)s", count, wish=wish)
                     for wish, count in ordered)


def _three_houses(row: dict, document: dict) -> dict:
    content = document["content"]
    session = content["session"]
    houses = [three_houses.house_of(content, key) for key in three_houses.child_order(content)]
    present = words_pictures.joined([words_pictures.person(person) for person in session["present"]])
    said = three_houses.voice_items(content)  # the words in the houses and at the recordings' moments
    details = [(_("Also present"), present or _("Nobody else")),
               (_("Seen alone"), yes_no(session["seen_alone"]))]
    if three_houses.refused_only(content):
        # The refusal is the entry: said plainly, with no empty houses and no picture of them.
        details.append((_("Parental agreement"), three_houses.agreement_words(session)))
        return _entry(row["id"], "three_houses", session["started_at"], row["author"], details=details,
                      summary=three_houses.refusal_statement(content))
    details.append((_("Who the child said may see each house"),
                    [_("%(house)s: %(wish)s", house=three_houses.house_name(house["key"], content["theme"]),
                       wish=describe_wish(house["share"])) for house in houses]))
    if said:
        details.append((_("Who the child said may see their words"), words_wishes(said)))
    return _entry(row["id"], "three_houses", session["started_at"], row["author"], details=details,
                  summary=three_houses.refusal_statement(content), photos=len(photo_names("three_houses", content)),
                  picture=("records.sheet_thumbnail", {"artefact_id": row["id"]}, SHEET_HEIGHT))


def _words_pictures(version: dict, storyboard: list[dict]) -> dict:
    document = version["parsed"]
    content = document["content"]
    summary = version_summary(version)
    later = sorted(other["parsed"]["content"]["version"]["number"] for other in storyboard
                   if other["parsed"]["supersedes"] == version["id"])
    drawn = next((page for page in content["pages"] if page["drawing"]), None)
    details = [(_("Took part"), summary["took_part"] or _("Not recorded")),
               (_("Agreed by"), summary["agreed_by"] or _("Not agreed yet")),
               (_("Read to the children"), _("Yes") if summary["read_to_children"] else _("Not yet"))]
    if any(words_pictures.has_additions(page) for page in content["pages"]):
        # Written to be shared with the family: no wish is asked for (words_pictures.CHILDREN_SHARE).
        details.append((_("The children's additions are shared with"), describe_wish(words_pictures.CHILDREN_SHARE)))
    replaced_by = ngettext("Replaced by version %(numbers)s", "Replaced by versions %(numbers)s", len(later),
                           numbers=words_pictures.joined([str(number) for number in later])) if later else ""
    return _entry(version["id"], "words_pictures", document["created_at"], version["author"],
                  title=words_pictures.title_of(content), version=summary["number"], replaced_by=replaced_by,
                  details=details,
                  picture=("records.page_picture", {"artefact_id": version["id"], "page_id": drawn["id"]},
                           SQUARE) if drawn else None)


def _observation(row: dict, document: dict) -> dict:
    photos = len(photo_names(row["kind"], document["content"]))
    return _entry(row["id"], row["kind"], document["created_at"], row["author"], photos=photos,
                  picture=("records.photo", {"artefact_id": row["id"], "number": 1}, None) if photos else None)


def _network_entries(db, child_id: str) -> list[dict]:
    """Each saved state and each meeting of the child's networks, by the network page's rule."""
    current = network.for_child(db, child_id)
    current_id = current["network"] if current else None
    found = []
    for network_id in [row["network_id"] for row in db.query(NETWORKS_SQL, {"child": child_id})]:
        merged = network.current(db, network_id) or {"network": network_id, "children": [], "people": []}
        states = [state for state in network.history(db, network_id)
                  if state["child_id"] == child_id or child_id in merged["children"]]
        for state in states:
            # The map is of the network as it is now, so only the latest state shows it.
            picture = ("network.map_picture", {}, SQUARE) \
                if network_id == current_id and state is states[-1] else None
            found.append(_entry(state["artefact_id"], "network", state["created_at"], state["author"],
                                summary=ngettext("Saved network: %(num)s person", "Saved network: %(num)s people",
                                                 state["people"]),
                                picture=picture, link=("network.network_page", {})))
        names = meeting_names(merged)
        for meeting in meetings_of(db, merged, child_id):
            attended = words_pictures.joined([attendee(person, names) for person in meeting["content"]["attended"]])
            # The meeting's page is found through the child's network: one in another network has no page here.
            link = ("network.meeting_page", {"artefact_id": meeting["id"]}) if network_id == current_id else None
            found.append(_entry(meeting["id"], "network_meeting", meeting["content"]["date"], meeting["author"],
                                details=[(_("Attended"), attended or _("Not recorded"))], link=link))
    return found


def entries(db, child_id: str, kind: str | None = None, since: date | None = None,
            until: date | None = None) -> list[dict]:
    """The child's timeline, newest first, optionally only one kind (or PHOTOS: entries with
    photos) and only between two days (UK dates, both included)."""
    rows = list(db.query(ARTEFACTS_SQL, [child_id]))
    storyboards = storyboards_of(rows)
    found = _network_entries(db, child_id)
    for row in rows:
        if row["kind"] == "words_pictures":
            versions = storyboards[row["id"]]
            found.append(_words_pictures(next(version for version in versions if version["id"] == row["id"]),
                                         versions))
        elif row["kind"] == "three_houses":
            found.append(_three_houses(row, json.loads(row["document"])))
        else:
            found.append(_observation(row, json.loads(row["document"])))
    found.sort(key=lambda entry: (entry["at"], entry["id"]), reverse=True)
    return chosen(found, kind, since, until)


def chosen(found: list[dict], kind: str | None = None, since: date | None = None,
           until: date | None = None) -> list[dict]:
    return [entry for entry in found
            if (kind is None or (entry["photos"] > 0 if kind == PHOTOS else entry["kind"] == kind))
            and (since is None or entry["on"] >= since) and (until is None or entry["on"] <= until)]


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
        message = _("Enter the first day as a real date, for example 1 11 2026") if field == "from" \
            else _("Enter the last day as a real date, for example 30 11 2026")
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
    context = {"child": g.child, "errors": errors, "asked": asked, "values": request.args,
               "choices": type_choices(everything, asked["kind"]), "total": len(everything),
               "entries": [] if errors else chosen(everything, **asked)}
    return render_template("timeline/timeline.html", **context), 400 if errors else 200


@bp.app_template_global()
def child_timeline() -> list[dict]:
    """The timeline of the child this page is about (children.py's hook has checked who may see it)."""
    return entries(get_db(), g.child["id"])
