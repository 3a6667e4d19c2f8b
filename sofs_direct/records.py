"""A child's direct-work records on the practitioner's pages: the list on the child's page, one
session's page, and its pictures, drawings and sheets.

Main decision: every route names the child and the artefact (never a name or a word: URLs end up in
logs and browser history), so children.py's hook has already refused a child this worker may not
see, and `record_of` refuses an artefact that is not that child's, is held back for a manager's
review (flagged), or does not exist — all with the same 404. The child's words reach the page only
through Jinja's autoescaping, never marked safe. Parts are stored encrypted; renders made from them
are kept only in a small in-memory cache (never written to disk) and are served with no-store.
"""

import json
import threading
from collections import OrderedDict
from datetime import datetime

from flask import Blueprint, Response, abort, current_app, g, render_template

from . import artefacts, ink, pdf, sealing
from .auth import role_required
from .children import long_date
from .db import get_db
from .i18n import get_language
from .photos import clean_photo
from .tools import KINDS, DocumentInvalid, three_houses
from .tools.sharing import describe_wish

bp = Blueprint("records", __name__)

ROLES = ("practitioner", "manager")
HOUSE_PX = 600
THUMBNAIL_PX = 480
PART_FAILURES = (KeyError, OSError, sealing.SealBroken, ink.InkInvalid, DocumentInvalid)


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
                    _, dropped = self.entries.popitem(last=False)
                    self.used -= len(dropped)
        return value


def _cache() -> RenderCache:
    return current_app.extensions.setdefault("sofs_renders", RenderCache())


# --- reading records ------------------------------------------------------------------------------

def for_child(db, child_id: str) -> list[dict]:
    """The child's finalised, unflagged artefacts, newest first, each with what the list shows."""
    rows = db.query(
        """
        SELECT artefacts.id, artefacts.kind, artefacts.document, artefacts.received_at, users.display_name AS author
        FROM artefacts JOIN users ON users.id = artefacts.author_id
        WHERE artefacts.child_id = ? AND artefacts.flag IS NULL AND artefacts.state = 'finalised'
        ORDER BY json_extract(artefacts.document, '$.created_at') DESC, artefacts.received_at DESC
        """, [child_id])
    records = []
    for row in rows:
        document = json.loads(row["document"])
        record = {"id": row["id"], "kind": row["kind"], "label": kind_label(row["kind"]), "author": row["author"],
                  "day": long_date(document["created_at"]), "wishes": []}
        if row["kind"] == "three_houses":
            content = document["content"]
            record["day"] = three_houses.session_day(content["session"]["started_at"])
            record["wishes"] = [(three_houses.house_name(house["key"]), describe_wish(house["share"]))
                                for house in content["houses"]]
        records.append(record)
    return records


def kind_label(kind: str) -> str:
    return str(KINDS[kind].LABEL) if kind in KINDS else kind


def record_of(db, child_id: str, artefact_id) -> tuple[dict, dict]:
    """(the artefact's row, its document), or 404 unless it is this child's, finalised and unflagged."""
    row = artefacts.get(db, str(artefact_id))
    if row is None or row["child_id"] != child_id or row["flag"] is not None or row["state"] != "finalised":
        abort(404)
    return row, json.loads(row["document"])


def author_name(db, row: dict) -> str:
    return next(db.query("SELECT display_name FROM users WHERE id = ?", [row["author_id"]]))["display_name"]


def _parts_dir():
    return current_app.config["PARTS_DIR"]


def read_parts(db, row: dict) -> dict[str, bytes]:
    """Every part of the artefact, decrypted (for a sheet)."""
    names = [part["name"] for part in db.query("SELECT name FROM artefact_parts WHERE artefact_id = ?", [row["id"]])]
    return {name: artefacts.read_part(db, row["id"], name, _parts_dir()) for name in names}


def _three_houses_record(child_id, artefact_id) -> tuple[dict, dict]:
    row, document = record_of(get_db(), child_id, artefact_id)
    if row["kind"] != "three_houses":
        abort(404)
    return row, document


def _house(document: dict, key: str) -> dict:
    if key not in three_houses.KEYS:
        abort(404)
    return three_houses.house_of(document["content"], key)


def _rendered(key: tuple, make) -> bytes:
    """A render from the cache, or made now; a part that cannot be read is a 404, never a 500."""
    try:
        return _cache().get(key, make)
    except PART_FAILURES:
        current_app.logger.exception("A stored part could not be read for %s", key[0])
        abort(404)


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    g.audit_action = "export"
    response = Response(data, mimetype=mimetype)
    # A neutral name: the file will sit in a Downloads folder, so it names the tool and the day only.
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _sheet_filename(document: dict, extension: str) -> str:
    started = datetime.fromisoformat(document["content"]["session"]["started_at"])
    return f"three-houses-{started.astimezone(three_houses.LOCAL_TIME).date().isoformat()}.{extension}"


# --- views ----------------------------------------------------------------------------------------

@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>")
@role_required(*ROLES)
def record_page(child_id, artefact_id):
    db = get_db()
    row, document = record_of(db, g.child["id"], artefact_id)
    context = {"child": g.child, "record": row, "document": document, "content": document["content"],
               "author": author_name(db, row), "label": kind_label(row["kind"]), "describe_wish": describe_wish}
    if row["kind"] == "three_houses":
        content = document["content"]
        context.update(houses=[three_houses.house_of(content, key) for key in three_houses.child_order(content)],
                       house_name=three_houses.house_name, outline=three_houses.outline_of(content),
                       details=three_houses.session_details(content["session"], context["author"]),
                       symbol_names=three_houses.SYMBOL_NAMES, picture_pages=three_houses.PICTURE_PAGES, mapping_headings=three_houses.MAPPING_HEADINGS,
                       photo_numbers={name: number for number, name in
                                      enumerate(photo_names(row["kind"], content), start=1)})
        return render_template("records/three_houses.html", **context)
    return render_template("records/observation.html", **context)


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/houses/<key>.png")
@role_required(*ROLES)
def house_picture(child_id, artefact_id, key):
    db = get_db()
    row, document = _three_houses_record(g.child["id"], artefact_id)
    house = _house(document, key)
    names = [house["ink"]] if house["ink"] else house["photos"][:1]
    data = _rendered((row["id"], "house", key, HOUSE_PX), lambda: pdf.png_bytes(three_houses.house_image(
        document, key, {name: artefacts.read_part(db, row["id"], name, _parts_dir()) for name in names}, HOUSE_PX)))
    return Response(data, mimetype="image/png")


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/houses/<key>/drawing")
@role_required(*ROLES)
def house_drawing(child_id, artefact_id, key):
    """The drawing's ink bytes, for the page's replay (decoded in the browser by static/js/ink/codec.js)."""
    db = get_db()
    row, document = _three_houses_record(g.child["id"], artefact_id)
    house = _house(document, key)
    if not house["ink"]:
        abort(404)
    data = _rendered((row["id"], "ink", key), lambda: artefacts.read_part(db, row["id"], house["ink"], _parts_dir()))
    return Response(data, mimetype=ink.MEDIA_TYPE)


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/photos/<int:number>.jpg")
@role_required(*ROLES)
def photo(child_id, artefact_id, number):
    """A photo of the artefact (numbered from 1 in the order the content names them), cleaned of
    its metadata."""
    db = get_db()
    row, document = record_of(db, g.child["id"], artefact_id)
    names = photo_names(row["kind"], document["content"])
    if not 1 <= number <= len(names):
        abort(404)
    name = names[number - 1]
    data = _rendered((row["id"], "photo", name),
                     lambda: clean_photo(artefacts.read_part(db, row["id"], name, _parts_dir())))
    return Response(data, mimetype="image/jpeg")


def photo_names(kind: str, content: dict) -> list[str]:
    if kind == "three_houses":
        return [name for house in content["houses"] for name in house["photos"]]
    return list(content.get("photos", []))


@bp.app_template_filter("session_day")
def session_day(started_at: str) -> str:
    return three_houses.session_day(started_at)


def _sheet(row: dict, document: dict, picture_px: int = HOUSE_PX) -> pdf.Sheet:
    db = get_db()
    return three_houses.sheet(document, read_parts(db, row), g.child["known_as"], author_name(db, row), picture_px)


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/sheet.pdf")
@role_required(*ROLES)
def sheet_pdf(child_id, artefact_id):
    row, document = _three_houses_record(g.child["id"], artefact_id)
    data = _rendered((row["id"], "sheet.pdf", get_language()), lambda: pdf.sheet_pdf(_sheet(row, document)))
    return _download(data, "application/pdf", _sheet_filename(document, "pdf"))


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/sheet.png")
@role_required(*ROLES)
def sheet_png(child_id, artefact_id):
    row, document = _three_houses_record(g.child["id"], artefact_id)
    data = _rendered((row["id"], "sheet.png", get_language()), lambda: pdf.png_bytes(
        pdf.stacked(pdf.sheet_images(_sheet(row, document), max_pages=three_houses.PICTURE_PAGES))))
    return _download(data, "image/png", _sheet_filename(document, "png"))


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/thumbnail.png")
@role_required(*ROLES)
def sheet_thumbnail(child_id, artefact_id):
    """The sheet's first page, small, for the child's list of records."""
    row, document = _three_houses_record(g.child["id"], artefact_id)

    def make() -> bytes:
        first = pdf.sheet_images(_sheet(row, document, THUMBNAIL_PX // 2), THUMBNAIL_PX * 2)[0]
        return pdf.png_bytes(first.resize((THUMBNAIL_PX, round(first.height * THUMBNAIL_PX / first.width))))

    return Response(_rendered((row["id"], "thumbnail", get_language()), make), mimetype="image/png")
