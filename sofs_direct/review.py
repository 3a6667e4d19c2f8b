"""Finished work kept for the team manager's review: what it holds, shown safely, and checking it again.

Main decision: a finalised artefact that failed its kind's checks is stored (artefacts/ingest.py, "needs
review") but can never be trusted to the kind's own pages, which assume a valid document. So the
review page is kind-blind: it shows the stored document as plain rows of field and value (every value
escaped as text, nothing rendered, no drawing drawn on a request thread — a drawing over the render
budget is exactly what may be waiting here), and the parts by name, type and size. Whatever is stored
displays.

"Check again" re-opens the sealed upload and runs today's checks on it: once the reason is gone (the
server was mended, or a check loosened), the artefact joins the record as if it had just arrived —
derived tables, the voice index and the audit — in one transaction. Nothing in it is ever edited: a
correction is a new artefact from the tablet.
"""

import json
from pathlib import Path

from .artefacts import sealing, store, voice
from .artefacts.kinds import KINDS
from .artefacts.opening import Opened, check_content, open_sealed_upload
from .platform import audit, devices
from .platform.children import child_visible_to
from .platform.db import write

ROWS_MAX = 2000  # a page, not a dump: a document this long is read in its export after release
TEXT_MAX = 20000


def held_for(db, manager, artefact_id: str) -> dict | None:
    """The artefact if it waits for review and its child is in this manager's team; else None (a 404).

    The list of items kept aside also shows the author's team's manager an item for another team's
    child (who sent what, never the words); only the child's own team opens it."""
    row = store.get(db, artefact_id)
    if row is None or row["flag"] != "needs_review" or manager["role"] != "manager":
        return None
    if child_visible_to(db, manager, row["child_id"]) is None:
        return None
    return row


def document_rows(value, path: str = "") -> list[tuple[str, str]]:
    """The document as (where, what) rows: every text, number, yes/no and empty value with the path of
    field names and positions that leads to it ("content › houses › 2 › words › 1 › text")."""
    rows: list[tuple[str, str]] = []
    stack = [(path, value)]
    while stack and len(rows) < ROWS_MAX:
        where, item = stack.pop()
        if isinstance(item, dict):
            stack.extend(
                (f"{where} › {key}" if where else str(key), child) for key, child in reversed(list(item.items()))
            )
        elif isinstance(item, list):
            stack.extend((f"{where} › {number}", child) for number, child in reversed(list(enumerate(item, start=1))))
            if not item:
                rows.append((where, "[]"))
        else:
            text = item if isinstance(item, str) else json.dumps(item)
            rows.append((where, text if len(text) <= TEXT_MAX else text[:TEXT_MAX] + " …"))
    return rows


def parts_of(db, artefact_id: str) -> list[dict]:
    return list(
        db.query(
            "SELECT name, media_type, length FROM artefact_parts WHERE artefact_id = ? ORDER BY name", [artefact_id]
        )
    )


def reopen(db, row: dict, parts_dir: Path, keyring: sealing.Keyring | None = None) -> Opened:
    """A stored artefact as it arrived: its sealed payload and part files opened again and checked."""
    envelope = json.loads(row["envelope"])
    sealed_parts = {
        part["name"]: (Path(parts_dir) / part["path"]).read_bytes()
        for part in db.query("SELECT name, path FROM artefact_parts WHERE artefact_id = ?", [row["id"]])
    }
    payload, plain_parts = open_sealed_upload(envelope, row["sealed_payload"], sealed_parts, keyring)
    return Opened(
        envelope,
        row["envelope"],
        row["sealed_payload"],
        sealed_parts,
        payload,
        plain_parts,
        devices.get(db, row["device_id"]),
    )


def check_again(
    db, manager, row: dict, parts_dir: Path, login_session_id: int | None = None, ip: str | None = None
) -> str | None:
    """Run today's checks on a held artefact. Returns the reason it still waits, or None once it has
    joined the record (or been moved aside as not allocated, if its author may no longer see the child)."""
    content = check_content(reopen(db, row, parts_dir))
    author = next(db.query("SELECT * FROM users WHERE id = ?", [row["author_id"]]))
    with write(db):
        current = store.get(db, row["id"])
        if current is None or current["flag"] != "needs_review":
            return None  # someone else checked it meanwhile
        reason = content.problem
        flag = "needs_review" if reason else None
        if flag is None and child_visible_to(db, author, row["child_id"]) is None:
            flag = "not_allocated"
        if flag is None:
            reason = KINDS[row["kind"]].review_reason(db, author, content.document)
            flag = "needs_review" if reason else None
        db.execute(
            "UPDATE artefacts SET flag = ?, review_reason = ? WHERE id = ?",
            [flag, str(reason) if reason else None, row["id"]],
        )
        if flag is None:
            current = store.get(db, row["id"])
            KINDS[row["kind"]].on_stored(db, current, content.document)
            voice.index(db, row["id"], row["child_id"], row["kind"], content.document)
        what = {
            None: "released from review into the record",
            "not_allocated": "released from review: not allocated",
            "needs_review": "checked again: still kept for review",
        }[flag]
        audit.append(db, manager["id"], login_session_id, "change", row["child_id"], what, ip, row["id"])
    return str(reason) if flag == "needs_review" else None
