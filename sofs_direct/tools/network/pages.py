"""The family and safety network on the practitioner's pages: a child's network (its people, the
circles map, what could not be merged, its meetings and how it grew), a meeting's record, the
exports, and the team figures (the safety and resilience challenge).

Main decision: these pages only read what merge.py keeps (the merged network in its tables, each
saved state, the figures); nothing here merges or counts again, except how many people were
informed and willing after each saved state, which is the history's merge counted another way.
Every route names the child (children.py's hook has already refused a child this worker may not
see, with a 404), and the network shown is that child's: a meeting is shown only when it is filed
under this child, or under a sibling and it is for the network this child is in. Siblings are named
only when this worker may see them. Downloads are audited as exports under names that say what
they are and the day, never the child.
"""

import json

from flask import Blueprint, Response, abort, current_app, g, render_template

from ...artefacts.kinds import KINDS
from ...artefacts.record_files import export_download, rendered
from ...paper import printing
from ...platform import audit
from ...platform.auth import role_required
from ...platform.children import child_visible_to
from ...platform.dates import long_date
from ...platform.db import get_db
from ...platform.i18n import _, _l, get_language
from . import FIELD_NAMES, figures
from . import merge as network
from . import render as network_render

bp = Blueprint("network", __name__)

ROLES = ("practitioner", "manager")
MAP_PX = 1200


# --- reading ----------------------------------------------------------------------------------------


def network_of(db, child_id: str) -> dict:
    """The child's merged network (network.current's shape), or 404 when none is recorded."""
    found = network.for_child(db, child_id)
    if found is None:
        abort(404)
    return found


def people_of(found: dict) -> list[dict]:
    """The people in the network now (not removed), by ring then name."""
    return [person for person in found["people"] if not person["removed"]]


def centre_names(db, user, found: dict) -> list[str]:
    """The children at the centre of the map, by the names this user may see; others are counted."""
    names, others = [], 0
    for child_id in found["children"]:
        child = child_visible_to(db, user, child_id)
        if child is None:
            others += 1
        else:
            names.append(child["known_as"])
    names.sort(key=str.casefold)
    if others:
        names.append(_("and %(n)s other child", n=others) if others == 1 else _("and %(n)s other children", n=others))
    return names


def siblings(db, user, found: dict, child_id: str) -> tuple[list[dict], int]:
    """The other children who share the network: those this user may see, and how many others."""
    shown, others = [], 0
    for sibling_id in found["children"]:
        if sibling_id == child_id:
            continue
        sibling = child_visible_to(db, user, sibling_id)
        if sibling is None:
            others += 1
        else:
            shown.append(sibling)
    return sorted(shown, key=lambda child: child["known_as"].casefold()), others


def conflict_message(conflict: dict, names: dict[str, str]) -> str:
    """What the worker must decide, in words: a removal that crossed a change, or a possible duplicate."""
    if conflict["kind"] == "removed_and_changed":
        changed = conflict.get("changed") or {}
        someone, details = _("Someone"), _("details")  # each on its own, so extraction finds them
        return _(
            "%(name)s was removed on one tablet and changed on another (%(field)s, on %(day)s). "
            "They are still shown here: check with the family, then keep or remove them on the tablet.",
            name=names.get(conflict["members"][0], someone),
            field=str(FIELD_NAMES.get(changed.get("field"), details)),
            day=long_date(changed["at"]) if changed.get("at") else _("a later day"),
        )
    return _(
        "%(name)s is in the network %(n)s times, added on different tablets. If this is the same "
        "person, remove the extra one on the tablet.",
        name=conflict.get("name") or names.get(conflict["members"][0], ""),
        n=len(conflict["members"]),
    )


MEETINGS_SQL = """
    SELECT artefacts.id, artefacts.child_id, artefacts.document, users.display_name AS author
    FROM artefacts JOIN users ON users.id = artefacts.author_id
    WHERE artefacts.kind = 'network_meeting' AND artefacts.flag IS NULL AND artefacts.state = 'finalised'
      AND json_extract(artefacts.document, '$.content.network') = ?
    ORDER BY json_extract(artefacts.document, '$.content.date') DESC, artefacts.received_at DESC
"""


def meetings_of(db, found: dict, child_id: str) -> list[dict]:
    """The network's meetings this child's page shows, newest first, each with its content parsed.

    Filed under this child, or under another child of this network that lists this child: a meeting
    cannot reach a child's page by naming a child its author was not working with."""
    meetings = []
    for row in db.query(MEETINGS_SQL, [found["network"]]):
        document = json.loads(row["document"])
        content = document["content"]
        if row["child_id"] == child_id or (row["child_id"] in found["children"] and child_id in content["children"]):
            meetings.append({"id": row["id"], "author": row["author"], "document": document, "content": content})
    return meetings


def meeting_of(db, found: dict, child_id: str, artefact_id: str) -> dict:
    meeting = next((meeting for meeting in meetings_of(db, found, child_id) if meeting["id"] == artefact_id), None)
    if meeting is None:
        abort(404)
    return meeting


def meeting_names(found: dict) -> dict[str, str]:
    """Each member's name by id (removed people too: a meeting names whoever was there then)."""
    return {person["member_id"]: person["name"] for person in found["people"]}


def attendee(person: dict, names: dict[str, str]) -> str:
    return names.get(person.get("member") or "", person.get("name") or "") or person.get("name") or ""


def day_of(value: str) -> str:
    return value[:10]


def named_elsewhere(db, child_id: str) -> list[dict]:
    """The people the child's other work names around them (each kind's people_named: a Safety
    House's people and where the child put them), for the worker to ask about for the network."""
    return [person for kind in KINDS.values() for person in kind.people_named(db, child_id)]


# --- a child's network ----------------------------------------------------------------------------


@bp.get("/children/<uuid:child_id>/network")
@audit.described_as(view=_l("Viewed %(child)s's safety network"))
@role_required(*ROLES)
def network_page(child_id):
    db = get_db()
    found = network.for_child(db, g.child["id"])
    named = named_elsewhere(db, g.child["id"])
    if found is None:
        return render_template("network/none.html", child=g.child, named=named)
    names = meeting_names(found)
    shown_siblings, other_siblings = siblings(db, g.user, found, g.child["id"])
    states = network.history(db, found["network"])
    return render_template(
        "network/network.html",
        child=g.child,
        network=found,
        people=people_of(found),
        removed=[person for person in found["people"] if person["removed"]],
        conflicts=[conflict_message(conflict, names) for conflict in found["conflicts"]],
        siblings=shown_siblings,
        other_siblings=other_siblings,
        history=list(reversed(states)),
        growth=states,
        meetings=meetings_of(db, found, g.child["id"]),
        attendee=attendee,
        names=names,
        nr=network_render,
        named=named,
    )


def _map_key(found: dict, *extra) -> tuple:
    # A new saved state changes `states`, so a cached render is never of an older network.
    return (found["network"], found["states"], found["updated_at"], get_language(), *extra)


def _map_bytes(found: dict) -> bytes:
    centre = centre_names(get_db(), g.user, found)
    return rendered(
        _map_key(found, "map.png", tuple(centre)),
        lambda: printing.png_bytes(network_render.circles_image(people_of(found), centre, MAP_PX)),
    )


@bp.get("/children/<uuid:child_id>/network/map.png")
@audit.described_as(export=_l("Exported the map of %(child)s's safety network"))
@role_required(*ROLES)
def map_png(child_id):
    found = network_of(get_db(), g.child["id"])
    data = _map_bytes(found)
    return export_download(data, "image/png", f"safety-network-{day_of(found['updated_at'])}.png")


@bp.get("/children/<uuid:child_id>/network/picture.png")
@audit.part_of_page(on_its_own=_l("Opened the map of %(child)s's safety network"))
@role_required(*ROLES)
def map_picture(child_id):
    """The same map, shown on the page (not a download, so not an export)."""
    found = network_of(get_db(), g.child["id"])
    data = _map_bytes(found)
    return Response(data, mimetype="image/png")


@bp.get("/children/<uuid:child_id>/network.pdf")
@audit.described_as(export=_l("Exported %(child)s's safety network"))
@role_required(*ROLES)
def network_pdf(child_id):
    db = get_db()
    found = network_of(db, g.child["id"])
    centre = centre_names(db, g.user, found)
    subtitle = " · ".join([", ".join(centre), long_date(found["updated_at"])])
    data = rendered(
        _map_key(found, "network.pdf", tuple(centre)),
        lambda: network_render.network_pdf(people_of(found), centre, subtitle),
    )
    return export_download(data, "application/pdf", f"safety-network-{day_of(found['updated_at'])}.pdf")


@bp.get("/children/<uuid:child_id>/network/meetings/<uuid:artefact_id>")
@audit.described_as(view=_l("Viewed %(record)s"))
@role_required(*ROLES)
def meeting_page(child_id, artefact_id):
    db = get_db()
    found = network_of(db, g.child["id"])
    meeting = meeting_of(db, found, g.child["id"], str(artefact_id))
    return render_template(
        "network/meeting.html",
        child=g.child,
        meeting=meeting,
        content=meeting["content"],
        names=meeting_names(found),
        attendee=attendee,
        nr=network_render,
    )


@bp.get("/children/<uuid:child_id>/network/meetings/<uuid:artefact_id>.pdf")
@audit.described_as(export=_l("Exported %(record)s"))
@role_required(*ROLES)
def meeting_pdf(child_id, artefact_id):
    db = get_db()
    found = network_of(db, g.child["id"])
    meeting = meeting_of(db, found, g.child["id"], str(artefact_id))
    subtitle = ", ".join(centre_names(db, g.user, found))
    data = rendered(
        (meeting["id"], "meeting.pdf", get_language(), subtitle),
        lambda: network_render.meeting_pdf(meeting["content"], meeting_names(found), subtitle),
    )
    return export_download(data, "application/pdf", f"network-meeting-{meeting['content']['date']}.pdf")


# --- the figures ------------------------------------------------------------------------------------


def share_text(figure: dict, total: int) -> str:
    """ "2 of 3 children (67%)" — the count first: a share of very few children says little alone."""
    if not total:
        return _("No children allocated")
    return _(
        "%(count)s of %(total)s (%(percent)s%%)",
        count=figure["count"],
        total=total,
        percent=round(100 * figure["share"]),
    )


def _network_size() -> int:
    return int(current_app.config.get("NETWORK_SIZE", 3))


@bp.get("/team/network")
@role_required("manager")
def team_figures():
    db = get_db()
    found = figures.figures(db, g.user["team_id"], _network_size())
    return render_template("network/figures.html", figures=found, team=True, share_text=share_text)


@bp.get("/children/network")
@role_required(*ROLES)
def my_figures():
    db = get_db()
    found = figures.figures(db, [g.user["id"]], _network_size())
    return render_template("network/figures.html", figures=found, team=False, share_text=share_text)
