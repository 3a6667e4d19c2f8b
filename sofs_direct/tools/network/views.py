"""A family and safety network's saved states on the child's timeline and in files; its audience
filter; what the tablet carries for a visit; and its merged tables rebuilt when a state is deleted.

Main decision: a network is shown as merged (merge.py), so a state's entry links to the
network's page rather than a page of its own, and only the latest state shows the map.
"""

from ...artefacts import audience as audiences
from ...artefacts.export_layout import MAP_SIDE
from ...paper import lettering
from ...platform.dates import long_date
from ...platform.i18n import _, ngettext

RECORD_TEMPLATE = "records/plain.html"
SQUARE = 240  # the map on the timeline, shown 240 px wide
# The networks to look in: the ones listing the child now, and any a state or meeting filed under
# the child names (a meeting can reach the server before any state of its network). Only states and
# meetings have `content.network` (every kind refuses keys it does not know), so no kind is named.
NETWORKS_SQL = """
    SELECT network_id FROM network_children WHERE child_id = :child
    UNION
    SELECT json_extract(document, '$.content.network') FROM artefacts
    WHERE child_id = :child AND json_extract(document, '$.content.network') IS NOT NULL
      AND flag IS NULL AND state = 'finalised'
"""


def networks_of(db, child_id: str) -> list[str]:
    return [row["network_id"] for row in db.query(NETWORKS_SQL, {"child": child_id})]


def timeline_entries(db, child_id: str, rows: list[dict]) -> list[dict]:
    """Each saved state of the child's networks, by the network page's rule (not the rows given:
    a state filed under a sibling shows too)."""
    from . import merge as network

    current = network.for_child(db, child_id)
    current_id = current["network"] if current else None
    found = []
    for network_id in networks_of(db, child_id):
        merged = network.current(db, network_id) or {"network": network_id, "children": [], "people": []}
        states = [
            state
            for state in network.history(db, network_id)
            if state["child_id"] == child_id or child_id in merged["children"]
        ]
        for state in states:
            # The map is of the network as it is now, so only the latest state shows it.
            picture = ("network.map_picture", {}, SQUARE) if network_id == current_id and state is states[-1] else None
            found.append(
                {
                    "id": state["artefact_id"],
                    "when": state["created_at"],
                    "author": state["author"],
                    "summary": ngettext(
                        "Saved network: %(num)s person", "Saved network: %(num)s people", state["people"]
                    ),
                    "picture": picture,
                    "link": ("network.network_page", {}),
                }
            )
    return found


def for_audience(content: dict, audience: str | None) -> list[str]:
    """The child's view of each person is removed for every audience but the record (no wish is
    recorded for it)."""
    if audiences.wish_audience(audience) is None:
        return []
    said = 0
    for member in content["members"]:
        view = member["fields"].pop("child_view", None)
        said += bool(view and view["value"])
    if not said:
        return []
    return [
        ngettext(
            "the child's view of %(num)s person in the network",
            "the child's view of %(num)s people in the network",
            said,
        )
    ]


def export_name(content: dict) -> str:
    return "safety-network"


def network_people(content: dict) -> list[dict]:
    """The people of one saved state of a network, as render.py draws them (not removed, by ring)."""
    from . import merge as network
    from . import render as network_render

    merged = network.merge([content])
    people = [{name: stamp["value"] for name, stamp in fields.items()} for fields in network.present(merged).values()]
    return sorted(people, key=lambda person: (network_render.ring_of(person), person["name"].casefold()))


def export_section(db, user, blocks, pictures, work, audience: str) -> None:
    from . import render as network_render
    from .pages import centre_names

    centre = centre_names(db, user, {"children": work.content["children"]})
    people = network_people(work.content)
    blocks.details([(_("Saved on"), long_date(work.document["created_at"])), (_("Worker"), work.author)])
    caption = _("Circles of safety and support")
    blocks.pictures(
        [
            (
                pictures.add(
                    f"{work.number}/map",
                    lambda size_px: network_render.circles_image(people, centre, size_px),
                    False,
                    caption,
                    "map",
                    work.number,
                ),
                caption,
            )
        ],
        MAP_SIDE,
    )
    headings = network_render.column_headings()
    with_view = audiences.wish_audience(audience) is None  # the child's view is in the full record only
    for person in people:
        cells = network_render.member_cells(person)
        blocks.heading(" · ".join(cell for cell in cells[:2] if cell), lettering.SUBHEADING, space=6)
        shown = zip(headings[2:] if with_view else headings[2:-1], cells[2:] if with_view else cells[2:-1])
        blocks.text(" · ".join(f"{heading}: {cell}" for heading, cell in shown if cell), lettering.DETAIL)
    if not people:
        blocks.text(_("Nobody is in the network yet."), lettering.NOTE)


def for_visit(db, child_id: str) -> dict:
    """The child's merged network (or null), for the tablet to carry on a visit."""
    from . import merge as network

    return {"network": network.for_tablet(network.for_child(db, child_id))}


def people_for_visit(db, child_id: str) -> list[dict]:
    """The people of the child's merged network who are not removed, for any tool to offer on a visit
    (a Safety House's people): each member's id, name, relation and sticker as last merged."""
    from . import merge as network

    merged = network.for_child(db, child_id)
    if merged is None:
        return []

    return [
        {
            "id": member_id,
            "name": network.field_value(fields, "name") or "",
            "relation": network.field_value(fields, "relation") or "",
            "sticker": network.field_value(fields, "stamp"),
        }
        for member_id, fields in merged["members"].items()
        if member_id not in merged["removed"]
    ]


def on_deleted(db, row: dict) -> None:
    """The network's merged tables from the states that remain, or none when none remains."""
    from . import merge as network

    network_id = row["network_id"]
    if not network_id:
        return
    remaining = network.states(db, network_id)
    if remaining:
        latest = max(state["received_at"] for state in remaining)
        network.apply_state(db, {"received_at": latest}, remaining[-1]["document"])
        return
    for table in ("network_children", "network_members", "network_conflicts"):
        db.execute(f"DELETE FROM {table} WHERE network_id = ?", [network_id])
    db.execute("DELETE FROM networks WHERE id = ?", [network_id])
