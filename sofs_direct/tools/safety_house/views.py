"""A Safety House on the practitioner's pages: its versions joined into one house, how it is listed
(once, where its newest version falls), each version's record page and timeline entry, and its one
route of its own (the child's drawing on the house, as a picture).

Main decision: the versions are separate artefacts joined by `supersedes`, as Words and Pictures
versions are: a house is every version reachable from another along those links, among the versions
the page may show (finalised, unflagged, this child's); a link to a version held back for review
ends the chain there. The child's own numbers over the versions are drawn as a small inline SVG
chart with its numbers in a table beside it (no inline style or script: the page's strict CSP).
"""

from flask import Response, abort, g

from ...artefacts.fields import yes_no
from ...artefacts.phrases import joined
from ...artefacts.record_files import PICTURE_ON_ITS_OWN, ROLES, bp, read_part, record_of, rendered
from ...artefacts.sharing import describe_wish
from ...artefacts.versions import chains_of
from ...paper import printing
from ...platform import audit
from ...platform.auth import role_required
from ...platform.db import get_db
from ...platform.i18n import _, get_language, ngettext
from . import NAME, PATH, ZONE_HINTS, ZONE_NAMES, ZONE_SHORT, ZONES
from .house import by_zone, childs_number, number_item, session_details, version_day, whose
from .renders import drawing_image

RECORD_TEMPLATE = f"{NAME}/record.html"
DRAWING_PX = 600  # the drawing on the record page
SQUARE = 240  # on the timeline
CHART = {"width": 360, "height": 180, "left": 32, "right": 16, "top": 12, "bottom": 28}


# --- the versions of one house -------------------------------------------------------------------


def _version_order(row: dict) -> tuple:
    document = row["parsed"]
    return document["content"]["version"], document["created_at"], row["id"]


def houses_of(rows) -> dict[str, list[dict]]:
    """Each row's chain of versions of this kind, by the row's id, in version order (versions.chains_of)."""
    return chains_of(rows, NAME, _version_order)


def house_of(db, child_id: str, artefact_id: str) -> list[dict]:
    """The versions of the house this version belongs to, in order."""
    rows = db.query(
        """
        SELECT artefacts.id, artefacts.kind, artefacts.document, users.display_name AS author
        FROM artefacts JOIN users ON users.id = artefacts.author_id
        WHERE artefacts.child_id = ? AND artefacts.kind = ? AND artefacts.flag IS NULL
          AND artefacts.state = 'finalised'
        """,
        [child_id, NAME],
    )
    return houses_of(list(rows)).get(artefact_id, [])


def version_summary(row: dict) -> dict:
    """What the child's page, the record page and the chart say about one version."""
    content = row["parsed"]["content"]
    zones = by_zone(content["people"])
    return {
        "id": row["id"],
        "number": content["version"],
        "day": version_day(row["parsed"]),
        "own": childs_number(content),
        "people": {zone: len(zones[zone]) for zone in ZONES},
        "rules": len(content["rules"]),
    }


def chart(versions: list[dict]) -> dict | None:
    """The child's own number at each version that has one, as points of a small SVG line chart
    (x: the versions in order, y: the path from its lowest to its highest); None with none."""
    marked = [version for version in versions if version["own"] is not None]
    if not marked:
        return None
    low, high = PATH
    inner_w = CHART["width"] - CHART["left"] - CHART["right"]
    inner_h = CHART["height"] - CHART["top"] - CHART["bottom"]
    step = inner_w / max(1, len(versions) - 1)
    points = []
    for index, version in enumerate(versions):
        if version["own"] is None:
            continue
        x = CHART["left"] + (index * step if len(versions) > 1 else inner_w / 2)
        y = CHART["top"] + inner_h * (high - version["own"]) / (high - low)
        points.append({"x": round(x, 1), "y": round(y, 1), "own": version["own"], "number": version["number"]})
    ticks = [
        {"value": value, "y": round(CHART["top"] + inner_h * (high - value) / (high - low), 1)}
        for value in (low, (low + high) // 2, high)
    ]
    return {
        **CHART,
        "points": points,
        "line": " ".join(f"{point['x']},{point['y']}" for point in points),
        "ticks": ticks,
        "axis_y": CHART["height"] - CHART["bottom"],
        "axis_x": CHART["width"] - CHART["right"],
        "description": joined(
            [_("version %(number)s: %(own)s", number=point["number"], own=point["own"]) for point in points]
        ),
    }


# --- the list, the page, the timeline ------------------------------------------------------------


def list_entry(record: dict, row: dict, document: dict, rows: list[dict]) -> dict | None:
    """One entry a house, where its newest version falls, listing every version in order."""
    versions = houses_of(rows)[row["id"]]
    ids = {version["id"] for version in versions}
    if next(other for other in rows if other["id"] in ids)["id"] != row["id"]:
        return None  # listed already, at the first of its versions in the list's order
    latest = versions[-1]
    record.update(
        id=latest["id"],
        author=latest["author"],
        day=version_day(latest["parsed"]),
        title=_("Version %(number)s", number=latest["parsed"]["content"]["version"]),
        versions=[version_summary(version) for version in versions],
        wishes=[(_("The drawing on the house"), describe_wish(latest["parsed"]["content"]["share"]))],
    )
    return record


def people_moves(house: list[dict]) -> list[dict]:
    """How the people changed over time: everyone who was ever in this house (followed by their id,
    named as the latest version names them), with their zone in each version, None when not in it."""
    names: dict[str, str] = {}
    zones: dict[str, dict[str, str]] = {}
    for version in house:
        for person in version["parsed"]["content"]["people"]:
            names[person["id"]] = person["name"]
            zones.setdefault(person["id"], {})[version["id"]] = person["zone"]
    return [
        {"name": name, "zones": [zones[person_id].get(version["id"]) for version in house]}
        for person_id, name in names.items()
    ]


def record_context(db, row: dict, document: dict, context: dict) -> dict:
    content = document["content"]
    zones = by_zone(content["people"])
    house = house_of(db, g.child["id"], row["id"])
    versions = [version_summary(version) for version in house]
    return {
        "zones": [(zone, ZONE_NAMES[zone], ZONE_HINTS[zone], zones[zone]) for zone in ZONES],
        "numbers": [
            {"anchor": number_item(index, "why").rsplit("-", 1)[0], "whose": whose(number), **number}
            for index, number in enumerate(content["path"], start=1)
        ],
        "details": session_details(content["session"], context["author"]),
        "versions": versions,
        "this_version": version_summary({"id": row["id"], "parsed": document}),
        "chart": chart(versions),
        "path_range": PATH,
        "moves": people_moves(house) if len(house) > 1 else [],
        "zone_short": ZONE_SHORT,
    }


def timeline_entries(db, child_id: str, rows: list[dict]) -> list[dict]:
    houses = houses_of(rows)
    return [_timeline_entry(row, houses[row["id"]]) for row in rows]


def _timeline_entry(row: dict, house: list[dict]) -> dict:
    document = row["parsed"]
    content = document["content"]
    zones = by_zone(content["people"])
    own = childs_number(content)
    later = sorted(
        other["parsed"]["content"]["version"] for other in house if other["parsed"]["supersedes"] == row["id"]
    )
    details = [
        (_("The child's own number on the safety path"), str(own) if own is not None else _("Not given")),
        *[
            (str(ZONE_NAMES[zone]), joined([someone["name"] for someone in zones[zone]]) or _("Nobody"))
            for zone in ZONES
        ],
        (_("Rules on the roof"), str(len(content["rules"]))),
        (_("Seen alone"), yes_no(content["session"]["seen_alone"])),
    ]
    return {
        "id": row["id"],
        "when": content["session"]["started_at"],
        "author": row["author"],
        "version": content["version"],
        "replaced_by": ngettext(
            "Replaced by version %(numbers)s",
            "Replaced by versions %(numbers)s",
            len(later),
            numbers=joined([str(number) for number in later]),
        )
        if later
        else "",
        "details": details,
        "picture": ("records.safety_house_drawing", {"artefact_id": row["id"]}, SQUARE) if content["ink"] else None,
    }


# --- routes --------------------------------------------------------------------------------------


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/safety-house/drawing.png")
@audit.part_of_page(on_its_own=PICTURE_ON_ITS_OWN)
@role_required(*ROLES)
def safety_house_drawing(child_id, artefact_id):
    """The child's drawing over the house, as a picture."""
    db = get_db()
    row, document = record_of(db, g.child["id"], artefact_id, NAME)
    name = document["content"]["ink"]
    if name is None:
        abort(404)
    data = rendered(
        (row["id"], "safety-house", DRAWING_PX, get_language()),
        lambda: printing.png_bytes(drawing_image(read_part(db, row, name), DRAWING_PX)),
    )
    return Response(data, mimetype="image/png")
