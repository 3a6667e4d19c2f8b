"""A network meeting on the child's timeline and in files.

Main decision: a meeting is found through the child's network (the network kind's pages.meetings_of), so one in
another network has no page here; the worker's record of a meeting is kept for every audience.
"""

from ....paper import lettering
from ....platform.i18n import _

RECORD_TEMPLATE = "records/plain.html"


def timeline_entries(db, child_id: str, rows: list[dict]) -> list[dict]:
    from ....artefacts.phrases import joined
    from .. import merge as network
    from ..pages import attendee, meeting_names, meetings_of
    from ..views import networks_of  # the networks are the network kind's: asked, not copied

    current = network.for_child(db, child_id)
    current_id = current["network"] if current else None
    found = []
    for network_id in networks_of(db, child_id):
        merged = network.current(db, network_id) or {"network": network_id, "children": [], "people": []}
        names = meeting_names(merged)
        for meeting in meetings_of(db, merged, child_id):
            attended = joined([attendee(person, names) for person in meeting["content"]["attended"]])
            # The meeting's page is found through the child's network: one in another network has no page here.
            link = ("network.meeting_page", {"artefact_id": meeting["id"]}) if network_id == current_id else None
            found.append(
                {
                    "id": meeting["id"],
                    "when": meeting["content"]["date"],
                    "author": meeting["author"],
                    "details": [(_("Attended"), attended or _("Not recorded"))],
                    "link": link,
                }
            )
    return found


def for_audience(content: dict, audience: str | None) -> list[str]:
    """The worker's record of the meeting is the worker's, and is kept for every audience."""
    return []


def export_name(content: dict) -> str:
    return "network-meeting"


def export_section(db, user, blocks, pictures, work, audience: str) -> None:
    from .. import merge as network
    from .. import render as network_render
    from ..pages import attendee, meeting_names

    found = network.current(db, work.content["network"])
    names = meeting_names(found) if found else {}
    content = work.content
    blocks.details(
        [
            (_("Meeting on"), network_render.long_day(content["date"])),
            (_("Recorded by"), work.author),
            (
                _("Next meeting"),
                network_render.long_day(content["next_meeting"]) if content["next_meeting"] else _("Not arranged yet"),
            ),
        ]
    )
    blocks.heading(_("Who came"))
    for person in content["attended"]:
        name = attendee(person, names)
        blocks.text(network_render.person_with(name, person["role"]))
    blocks.heading(_("What we agreed"))
    for number, rule in enumerate(content["agreed"], start=1):
        who = network_render.responsible_names(rule["responsible"], names)
        blocks.text(f"{number}. {rule['rule']}", lettering.WORDS, _("Who: %(people)s", people=who) if who else "")
    if content["notes"]:
        blocks.heading(_("Notes"))
        blocks.text(content["notes"])
