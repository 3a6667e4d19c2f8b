"""How a child takes part (issue 16): symbol mode, and switch access (no switches, one switch with
auto-scan, or two switches: step and select), the keys the child's switches send and the highlight
the child sees. Kept with the child, so every worker's tablet has them: a tablet sends a change
(PUT /api/children/access), "Prepare for visits" carries them, and the child's page shows and
changes them.

Main decision: the rules are one file the tablet reads too (static/js/tools/access.json), and the
server refuses anything the tablet's own check would refuse, with the same words (access.js,
`accessProblems`), so what one tablet saved is always what another can use. It refuses where the
tablet mends: a tablet makes a broken stored record whole (`normalAccess`), the server never stores
one. Only the latest settings are kept (how to hand the child the tablet, not evidence); who changed
them and when is in the audit trail.
"""

import json

from ..platform.db import utcnow, write
from ..platform.i18n import _
from ..platform.validation import has_control_characters
from . import contracts

CONTRACT = contracts.access()
MODES = tuple(CONTRACT["modes"])
INTERVAL_MS = CONTRACT["interval_ms"]
COLOURS = CONTRACT["colours"]
SIZES = tuple(CONTRACT["sizes"])
KEYS_MAX = CONTRACT["keys_max"]
KEY_LENGTH_MAX = CONTRACT["key_length_max"]
RESERVED_KEYS = frozenset(CONTRACT["reserved_keys"])
DEFAULTS = CONTRACT["defaults"]

FIELDS = ("symbols", "switch")
SWITCH_FIELDS = ("mode", "interval_ms", "select_keys", "step_keys", "highlight")
HIGHLIGHT_FIELDS = ("colour", "size")


def defaults() -> dict:
    """What a child without settings gets (a fresh copy: callers change it)."""
    return json.loads(json.dumps(DEFAULTS))


def _whole_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def switch_key_allowed(key) -> bool:
    """A key a child's switch may send: a key's name ("Enter", " ", "F2", "1"), never one that keeps
    its own meaning (Tab moves focus, Escape leaves the pause cover)."""
    if not isinstance(key, str):
        return False
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:  # half of a character (a lone surrogate): no key is named so
        return False
    # The length as the tablet counts it (JavaScript's, in UTF-16 units).
    return (
        0 < len(key.encode("utf-16-le")) // 2 <= KEY_LENGTH_MAX
        and key not in RESERVED_KEYS
        and not has_control_characters(key)
    )


def _keys_valid(keys) -> bool:
    return (
        isinstance(keys, list)
        and 0 < len(keys) <= KEYS_MAX
        and all(switch_key_allowed(key) for key in keys)
        and len(set(keys)) == len(keys)
    )


def problems(settings) -> list[str]:
    """What is wrong with `settings`, in the worker's words (empty when they can be stored)."""
    which = settings.get("switch") if isinstance(settings, dict) else None
    highlight = which.get("highlight") if isinstance(which, dict) else None
    if (
        not isinstance(settings, dict)
        or set(settings) != set(FIELDS)
        or not isinstance(settings["symbols"], bool)
        or not isinstance(which, dict)
        or set(which) != set(SWITCH_FIELDS)
        or not isinstance(highlight, dict)
        or set(highlight) != set(HIGHLIGHT_FIELDS)
    ):
        return [_("Choose again how the child takes part")]
    found = []
    if which["mode"] not in MODES:
        found.append(_("Choose whether the child uses switches"))
    interval = which["interval_ms"]
    if not _whole_number(interval) or not INTERVAL_MS["min"] <= interval <= INTERVAL_MS["max"]:
        found.append(_("Choose a scanning speed from 0.5 to 5 seconds"))
    select_valid, step_valid = _keys_valid(which["select_keys"]), _keys_valid(which["step_keys"])
    if not select_valid:
        found.append(_("Give the select switch 1 to %(count)s keys", count=KEYS_MAX))
    if not step_valid:
        found.append(_("Give the step switch 1 to %(count)s keys", count=KEYS_MAX))
    if select_valid and step_valid and set(which["select_keys"]) & set(which["step_keys"]):
        found.append(_("A key cannot both step and select: give each switch its own key"))
    if not isinstance(highlight["colour"], str) or highlight["colour"] not in COLOURS:
        found.append(_("Choose a highlight colour"))
    if not _whole_number(highlight["size"]) or highlight["size"] not in SIZES:
        found.append(_("Choose a highlight size"))
    return found


def stored(db, child_id: str) -> dict | None:
    """The child's latest settings, or None when nobody has set them."""
    row = next(db.query("SELECT settings FROM child_access WHERE child_id = ?", [child_id]), None)
    return json.loads(row["settings"]) if row else None


def stored_for(db, child_ids: list[str]) -> dict[str, dict]:
    """The settings of each of these children that has some, in one query."""
    rows = db.query(
        "SELECT child_id, settings FROM child_access WHERE child_id IN (SELECT value FROM json_each(?))",
        [json.dumps(child_ids)],
    )
    return {row["child_id"]: json.loads(row["settings"]) for row in rows}


def save(db, child_id: str, settings: dict, user_id: int) -> None:
    """Store the child's settings in place of any before (checked by the caller with `problems`).
    Inside the caller's `write` when it audits in the same transaction."""
    if problems(settings):
        raise ValueError("settings refused by access.problems were about to be stored")
    with write(db):
        db.execute(
            "INSERT INTO child_access (child_id, settings, updated_at, updated_by) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (child_id) DO UPDATE SET settings = excluded.settings,"
            " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            [child_id, json.dumps(settings, ensure_ascii=False, separators=(",", ":")), utcnow(), user_id],
        )
