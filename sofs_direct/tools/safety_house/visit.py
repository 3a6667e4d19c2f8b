"""The child's latest Safety House beyond its own record: carried on a visit, so a later visit starts
from it (docs/safety-house.md, "A later visit") — its content and its drawing, sealed on the tablet
with the rest of the child's record — and its people as the child's network page shows them.

Main decision: the latest is the newest finalised, unflagged version that no other stored version
supersedes (the head of the chain, whoever made it); its people keep their ids, so the record can
show how each moved between visits. The drawing travels decrypted and re-sealed by the tablet (the
tablet's copy is encrypted at rest, docs/sync.md); a Safety House draws one part, so this is small.
"""

import base64
import json

from ...artefacts.record_files import read_part
from ...platform.i18n import _
from . import NAME, ZONE_NAMES
from .house import version_day


def latest_version(db, child_id: str) -> dict | None:
    rows = [
        {**row, "parsed": json.loads(row["document"])}
        for row in db.query(
            "SELECT id, document, received_at FROM artefacts WHERE child_id = ? AND kind = ?"
            " AND state = 'finalised' AND flag IS NULL ORDER BY received_at, rowid",
            [child_id, NAME],
        )
    ]
    superseded = {row["parsed"]["supersedes"] for row in rows}
    heads = [row for row in rows if row["id"] not in superseded]
    return heads[-1] if heads else None


def for_visit(db, child_id: str) -> dict:
    """{"safety_house": the latest version as the tablet carries on from it, or None}."""
    latest = latest_version(db, child_id)
    if latest is None:
        return {"safety_house": None}
    parts = [
        {
            "name": part["name"],
            "media_type": part["media_type"],
            "data": base64.b64encode(read_part(db, latest, part["name"])).decode("ascii"),
        }
        for part in db.query("SELECT name, media_type FROM artefact_parts WHERE artefact_id = ?", [latest["id"]])
    ]
    return {"safety_house": {"id": latest["id"], "content": latest["parsed"]["content"], "parts": parts}}


def people_named(db, child_id: str) -> list[dict]:
    """The people in the child's latest Safety House and where the child put them, for the network
    page (the kinds' people_named): who keeps them safe, who helps, and who they do not want there."""
    latest = latest_version(db, child_id)
    if latest is None:
        return []
    day = version_day(latest["parsed"])
    named = []
    for person in latest["parsed"]["content"]["people"]:
        zone = str(ZONE_NAMES[person["zone"]])
        if person["only_with_safe_adult"]:
            zone = _("%(zone)s, only with a safe adult", zone=zone)
        named.append(
            {"name": person["name"], "where": _("%(zone)s, in the Safety House of %(day)s", zone=zone, day=day)}
        )
    return named
