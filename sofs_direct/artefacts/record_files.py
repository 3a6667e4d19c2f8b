"""What every record page and every kind's own record routes share: the records blueprint, finding
a child's artefact (or 404), reading its parts, the in-memory render cache and a download.

Main decision: every route names the child and the artefact (never a name or a word: URLs end up in
logs and browser history), so children.py's hook has already refused a child this worker may not
see, and `record_of` refuses an artefact that is not that child's, is held back for a manager's
review (flagged), does not exist, or is of a kind this server does not know — all with the same
404. Parts are stored encrypted; renders made from them are kept only in a small in-memory cache
(never written to disk). Nothing here names a kind: a kind adds its own routes to `bp` from its
folder (tools/<kind>/views.py), so its endpoints stay "records.<view>".
"""

import json
import threading
from collections import OrderedDict

from flask import Blueprint, Response, abort, current_app, g

from ..paper import ink
from ..platform.dates import long_date
from ..platform.i18n import _, _l
from ..platform.invalid import DocumentInvalid
from . import sealing, store
from .kinds import kind_of, known

bp = Blueprint("records", __name__)

ROLES = ("practitioner", "manager")
PART_FAILURES = (KeyError, OSError, sealing.SealBroken, ink.InkInvalid, DocumentInvalid)
# The audit page's words for requests a record's page makes by itself, and for its sheet (audit.py).
PICTURE_ON_ITS_OWN = _l("Opened a picture from %(record)s")
SHEET_EXPORTED = _l("Exported the sheet of %(record)s")


class RenderCache:
    """Least recently used renders (PNG, PDF, cleaned photo bytes) up to a byte budget, in memory only."""

    def __init__(self, budget: int = 48 * 1024 * 1024):
        self.budget = budget
        self.used = 0
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, make):
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        value = make()  # outside the lock: two first requests may both render, which is harmless
        with self.lock:
            if key not in self.entries and len(value) <= self.budget:
                self.entries[key] = value
                self.used += len(value)
                while self.used > self.budget:
                    _key, dropped = self.entries.popitem(last=False)
                    self.used -= len(dropped)
        return value


def _cache() -> RenderCache:
    return current_app.extensions.setdefault("sofs_renders", RenderCache())


def kind_label(kind: str) -> str:
    return str(kind_of(kind).LABEL) if known(kind) else kind


def done_at(kind: str, document: dict) -> str:
    """When the work was done, as its kind says (`done_at(content)`: the session's start, the
    meeting's day), else when it was saved: a timestamp or a day, for dates.long_date and local_day."""
    return kind_of(kind).done_at(document["content"]) or document["created_at"]


def describe(kind: str, document: dict) -> str:
    """The record in words, for the audit page: "Three Houses session of 23 November 2026" (the
    kind's RECORD_WORDS, or when it has None "<its label> of <the day>")."""
    day = long_date(done_at(kind, document))
    words = kind_of(kind).RECORD_WORDS if known(kind) else None
    if words is not None:
        return str(words) % {"day": day}
    return _("%(name)s of %(day)s", name=kind_label(kind), day=day)


def record_of(db, child_id: str, artefact_id, kind: str | None = None) -> tuple[dict, dict]:
    """(the artefact's row, its document), or 404 unless it is this child's, finalised, unflagged, of
    a kind this server knows (and of `kind`, when given)."""
    row = store.get(db, str(artefact_id))
    if (
        row is None
        or row["child_id"] != child_id
        or row["flag"] is not None
        or row["state"] != "finalised"
        or not known(row["kind"])
        or (kind is not None and row["kind"] != kind)
    ):
        abort(404)
    return row, json.loads(row["document"])


def author_name(db, row: dict, by: str = "author_id") -> str:
    """The name of the worker who made `row`: an artefact's author (`author_id`), or whoever is named
    in its column `by` (an assessment's `created_by`)."""
    return next(db.query("SELECT display_name FROM users WHERE id = ?", [row[by]]))["display_name"]


def parts_dir():
    return current_app.config["PARTS_DIR"]


def read_part(db, row: dict, name: str) -> bytes:
    return store.read_part(db, row["id"], name, parts_dir())


def read_parts(db, row: dict) -> dict[str, bytes]:
    """Every picture part of the artefact, decrypted (for a sheet). Recordings are left in the store:
    no sheet draws them, and a session's can be hundreds of megabytes."""
    names = [
        part["name"]
        for part in db.query(
            "SELECT name FROM artefact_parts WHERE artefact_id = ? AND media_type NOT LIKE 'audio/%'", [row["id"]]
        )
    ]
    return {name: read_part(db, row, name) for name in names}


def clip_sound(db, row: dict, clip: dict) -> bytes:
    """A recording's sound exactly as received (played on the page, or downloaded from an export)."""
    return rendered((row["id"], "clip", clip["id"]), lambda: read_part(db, row, clip["part"]))


def rendered(key: tuple, make) -> bytes:
    """A render from the cache, or made now; a part that cannot be read is a 404, never a 500."""
    try:
        return _cache().get(key, make)
    except PART_FAILURES:
        current_app.logger.exception("A stored part could not be read for %s", key[0])
        abort(404)


def export_download(data: bytes, mimetype: str, filename: str) -> Response:
    """A file for a practitioner to take away: audited as an export of the child's data, not a view."""
    g.audit_action = "export"
    response = Response(data, mimetype=mimetype)
    # A neutral name: the file will sit in a Downloads folder, so it names the tool and the day only.
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
