"""A child's direct-work records on the practitioner's pages: the list on the child's page, one
session's page, and its pictures, drawings and sheets; for Words and Pictures, each version's page,
its booklet, and two versions of one storyboard compared.

Main decision: every route names the child and the artefact (never a name or a word: URLs end up in
logs and browser history), so children.py's hook has already refused a child this worker may not
see, and `record_of` refuses an artefact that is not that child's, is held back for a manager's
review (flagged), or does not exist — all with the same 404. The child's words reach the page only
through Jinja's autoescaping, never marked safe. Parts are stored encrypted; renders made from them
are kept only in a small in-memory cache (never written to disk) and are served with no-store.

The versions of a Words and Pictures storyboard are separate artefacts joined by `supersedes`: a
storyboard is every version reachable from another along those links, among the versions this page
may show (finalised, unflagged, this child's). A link to a version that is not shown (held back
for review) just ends the chain there; a version is never shown in another child's storyboard.
"""

import json
import threading
import uuid
from collections import OrderedDict
from functools import partial

from flask import Blueprint, Response, abort, current_app, g, render_template, request
from werkzeug.exceptions import RequestedRangeNotSatisfiable

from . import artefacts, audio, audit, ink, pdf, sealing, words
from .auth import role_required
from .dates import local_day, long_date, time_of_day
from .db import get_db
from .i18n import _, _l, get_language
from .photos import clean_photo
from .tools import KINDS, DocumentInvalid, three_houses, words_pictures
from .tools.sharing import describe_wish

bp = Blueprint("records", __name__)

ROLES = ("practitioner", "manager")
HOUSE_PX = 600
THUMBNAIL_PX = 480
SIGNATURE_PX = 300
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


# --- reading records ------------------------------------------------------------------------------

def for_child(db, child_id: str) -> list[dict]:
    """The child's finalised, unflagged artefacts, newest first, each with what the list shows."""
    rows = list(db.query(
        """
        SELECT artefacts.id, artefacts.kind, artefacts.document, artefacts.received_at, users.display_name AS author
        FROM artefacts JOIN users ON users.id = artefacts.author_id
        WHERE artefacts.child_id = ? AND artefacts.flag IS NULL AND artefacts.state = 'finalised'
        ORDER BY json_extract(artefacts.document, '$.created_at') DESC, artefacts.received_at DESC
        """, [child_id]))
    records, listed = [], set()
    storyboards = storyboards_of(rows)
    for row in rows:
        document = json.loads(row["document"])
        record = {"id": row["id"], "kind": row["kind"], "label": kind_label(row["kind"]), "author": row["author"],
                  "day": long_date(done_at(row["kind"], document)), "wishes": []}
        if row["kind"] == "three_houses":
            content = document["content"]
            record["wishes"] = [] if three_houses.refused_only(content) else [
                (three_houses.house_name(house["key"], content["theme"]), describe_wish(house["share"]))
                for house in content["houses"]]
        elif row["kind"] == "words_pictures":
            # One entry a storyboard, where its newest version falls, listing every version in order.
            versions = storyboards[row["id"]]
            if versions[0]["id"] in listed:
                continue
            listed.add(versions[0]["id"])
            latest = versions[-1]
            record.update(id=latest["id"], author=latest["author"], day=words_pictures.version_day(latest["parsed"]),
                          title=words_pictures.title_of(latest["parsed"]["content"]),
                          versions=[version_summary(version) for version in versions])
        records.append(record)
    return records


# --- Words and Pictures: the versions of one storyboard -------------------------------------------

def _version_order(row: dict) -> tuple:
    document = row["parsed"]
    return document["content"]["version"]["number"], document["created_at"], row["id"]


def storyboards_of(rows) -> dict[str, list[dict]]:
    """Each Words and Pictures row's storyboard, by the row's id: the rows joined to it by
    `supersedes` (either way, through any number of links), in version order, each with its
    document parsed as `parsed`. Rows of other kinds are left out."""
    shown = {row["id"]: {**row, "parsed": json.loads(row["document"])} for row in rows
             if row["kind"] == "words_pictures"}
    group = {artefact_id: artefact_id for artefact_id in shown}

    def root(artefact_id):
        while group[artefact_id] != artefact_id:
            group[artefact_id] = group[group[artefact_id]]
            artefact_id = group[artefact_id]
        return artefact_id

    for artefact_id, row in shown.items():
        earlier = row["parsed"]["supersedes"]
        if earlier in shown:
            group[root(artefact_id)] = root(earlier)
    members: dict[str, list[dict]] = {}
    for artefact_id, row in shown.items():
        members.setdefault(root(artefact_id), []).append(row)
    for versions in members.values():
        versions.sort(key=_version_order)
    return {artefact_id: members[root(artefact_id)] for artefact_id in shown}


def version_summary(row: dict) -> dict:
    """What the child's page and a version's page say about one version."""
    document = row["parsed"]
    version = document["content"]["version"]
    return {"id": row["id"], "number": version["number"], "day": words_pictures.version_day(document),
            "took_part": words_pictures.joined([words_pictures.person(entry) for entry in version["took_part"]]),
            "agreed_by": words_pictures.joined([words_pictures.person(entry) for entry in version["agreed_by"]]),
            "read_to_children": version["read_to_children"]}


def storyboard_of(db, child_id: str, artefact_id: str) -> list[dict]:
    """The versions of the storyboard this Words and Pictures version belongs to, in order."""
    rows = db.query(
        """
        SELECT artefacts.id, artefacts.kind, artefacts.document, users.display_name AS author
        FROM artefacts JOIN users ON users.id = artefacts.author_id
        WHERE artefacts.child_id = ? AND artefacts.kind = 'words_pictures' AND artefacts.flag IS NULL
          AND artefacts.state = 'finalised'
        """, [child_id])
    return storyboards_of(list(rows)).get(artefact_id, [])


def kind_label(kind: str) -> str:
    return str(KINDS[kind].LABEL) if kind in KINDS else kind


def done_at(kind: str, document: dict) -> str:
    """When the work was done, as its kind says (a hook `done_at(content)`: the session's start, the
    meeting's day), else when it was saved: a timestamp or a day, for dates.long_date and local_day."""
    hook = getattr(KINDS.get(kind), "done_at", None)
    return hook(document["content"]) if hook is not None else document["created_at"]


def describe(kind: str, document: dict) -> str:
    """The record in words, for the audit page: "Three Houses session of 23 November 2026" (the
    kind's RECORD_WORDS, else "<its label> of <the day>")."""
    day = long_date(done_at(kind, document))
    words = getattr(KINDS.get(kind), "RECORD_WORDS", None)
    return str(words) % {"day": day} if words is not None else _("%(name)s of %(day)s", name=kind_label(kind), day=day)


def record_of(db, child_id: str, artefact_id) -> tuple[dict, dict]:
    """(the artefact's row, its document), or 404 unless it is this child's, finalised and unflagged."""
    row = artefacts.get(db, str(artefact_id))
    if row is None or row["child_id"] != child_id or row["flag"] is not None or row["state"] != "finalised":
        abort(404)
    return row, json.loads(row["document"])


def author_name(db, row: dict, by: str = "author_id") -> str:
    """The name of the worker who made `row`: an artefact's author (`author_id`), or whoever is named
    in its column `by` (an assessment's `created_by`)."""
    return next(db.query("SELECT display_name FROM users WHERE id = ?", [row[by]]))["display_name"]


def _parts_dir():
    return current_app.config["PARTS_DIR"]


def read_parts(db, row: dict) -> dict[str, bytes]:
    """Every picture part of the artefact, decrypted (for a sheet). Recordings are left in the store:
    no sheet draws them, and a session's can be hundreds of megabytes."""
    names = [part["name"] for part in db.query("SELECT name FROM artefact_parts WHERE artefact_id = ?"
                                               " AND media_type NOT LIKE 'audio/%'", [row["id"]])]
    return {name: artefacts.read_part(db, row["id"], name, _parts_dir()) for name in names}


def clip_sound(db, row: dict, clip: dict) -> bytes:
    """A recording's sound exactly as received (played on the page, or downloaded from an export)."""
    return rendered((row["id"], "clip", clip["id"]),
                    lambda: artefacts.read_part(db, row["id"], clip["part"], _parts_dir()))


def _record_of_kind(kind: str, child_id, artefact_id) -> tuple[dict, dict]:
    row, document = record_of(get_db(), child_id, artefact_id)
    if row["kind"] != kind:
        abort(404)
    return row, document


def _three_houses_record(child_id, artefact_id) -> tuple[dict, dict]:
    return _record_of_kind("three_houses", child_id, artefact_id)


def _words_pictures_record(child_id, artefact_id) -> tuple[dict, dict]:
    return _record_of_kind("words_pictures", child_id, artefact_id)


def _house_record(artefact_id, key: str) -> tuple[dict, dict, dict]:
    """(row, document, the house named `key`) of a Three Houses session of this child, or 404."""
    row, document = _three_houses_record(g.child["id"], artefact_id)
    if key not in three_houses.KEYS:
        abort(404)
    return row, document, three_houses.house_of(document["content"], key)


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


def _sheet_filename(document: dict, extension: str) -> str:
    return f"three-houses-{local_day(document['content']['session']['started_at']).isoformat()}.{extension}"


# --- views ----------------------------------------------------------------------------------------

@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>")
@audit.described_as(view=_l("Viewed %(record)s"))
@role_required(*ROLES)
def record_page(child_id, artefact_id):
    db = get_db()
    row, document = record_of(db, g.child["id"], artefact_id)
    context = {"child": g.child, "record": row, "document": document, "content": document["content"],
               "author": author_name(db, row), "label": kind_label(row["kind"]), "describe_wish": describe_wish}
    if row["kind"] == "three_houses":
        content = document["content"]
        context.update(houses=[three_houses.house_of(content, key) for key in three_houses.child_order(content)],
                       house_name=partial(three_houses.house_name, theme=content["theme"]),
                       outline=three_houses.outline_of(content), refused_only=three_houses.refused_only(content),
                       refusal=three_houses.refusal_statement(content),
                       agreement=three_houses.agreement_words(content["session"]),
                       details=three_houses.session_details(content["session"], context["author"]),
                       symbol_names=three_houses.SYMBOL_NAMES, picture_pages=three_houses.PICTURE_PAGES, mapping_headings=three_houses.MAPPING_HEADINGS,
                       photo_numbers={name: number for number, name in
                                      enumerate(photo_names(row["kind"], content), start=1)})
        context.update(_consent_context(content))
        return render_template("records/three_houses.html", **context)
    if row["kind"] == "words_pictures":
        context.update(_words_pictures_context(db, row, document))
        return render_template("records/words_pictures.html", **context)
    return render_template("records/observation.html", **context)


def _consent_context(content: dict) -> dict:
    """What the session page shows of the consent and the recordings (sessions from before them have neither)."""
    return {"consent": content.get("consent"), "clips": content.get("clips", []), "clock": audio.clock,
            "time_of_day": time_of_day, "clip_place": three_houses.clip_place,
            "decision_names": three_houses.DECISION_NAMES,
            "assent_names": three_houses.ASSENT_NAMES, "assent_way_names": three_houses.ASSENT_WAY_NAMES,
            "parent_recording": three_houses.answer_words(three_houses.parent_recording_answer(
                (content.get("consent") or {}).get("parent"))),
            "child_recording": three_houses.answer_words(three_houses.child_recording_answer(content.get("consent"))),
            "explainer_version_names": three_houses.EXPLAINER_VERSION_NAMES}


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/clips/<clip_id>")
@audit.part_of_page(on_its_own=_l("Played a recording in %(record)s"), note=_l("played a recording"))
@role_required(*ROLES)
def play_clip(child_id, artefact_id, clip_id):
    """A recording of the child's voice, as received, answering Range requests so the player can seek
    (RFC 9110 §14). Every request the player makes is audited, folded into the page's view, which the
    audit page then says "played a recording" (audit.part_of_page); never cached by the browser (the
    security headers' no-store, set here too because it matters)."""
    db = get_db()
    row, document = _three_houses_record(g.child["id"], artefact_id)
    clip = next((entry for entry in document["content"].get("clips", []) if entry["id"] == clip_id), None)
    if clip is None:
        abort(404)
    data = clip_sound(db, row, clip)
    response = Response(data, mimetype=clip["media_type"])
    response.headers["Cache-Control"] = "no-store"
    try:
        return response.make_conditional(request, accept_ranges=True, complete_length=len(data))
    except RequestedRangeNotSatisfiable:
        # Answered here rather than by the error page, which would drop the length the player needs.
        return Response(status=416, headers={"Content-Range": f"bytes */{len(data)}", "Cache-Control": "no-store"})


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/signature.png")
@audit.part_of_page(on_its_own=PICTURE_ON_ITS_OWN)
@role_required(*ROLES)
def signature_picture(child_id, artefact_id):
    """The parent's drawn signature on the consent screen, as a picture."""
    db = get_db()
    row, document = _three_houses_record(g.child["id"], artefact_id)
    parent = (document["content"].get("consent") or {}).get("parent")
    if not parent or not parent["signature"]:
        abort(404)
    # The language is in the key of every drawing's picture: one too detailed to draw is a sentence.
    data = rendered((row["id"], "signature", get_language()), lambda: pdf.png_bytes(words_pictures.drawing_image(
        artefacts.read_part(db, row["id"], parent["signature"], _parts_dir()), SIGNATURE_PX)))
    return Response(data, mimetype="image/png")


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/houses/<key>.png")
@audit.part_of_page(on_its_own=PICTURE_ON_ITS_OWN)
@role_required(*ROLES)
def house_picture(child_id, artefact_id, key):
    db = get_db()
    row, document, house = _house_record(artefact_id, key)
    names = three_houses.picture_parts(house)
    data = rendered((row["id"], "house", key, HOUSE_PX, get_language()), lambda: pdf.png_bytes(three_houses.house_image(
        document, key, {name: artefacts.read_part(db, row["id"], name, _parts_dir()) for name in names}, HOUSE_PX)))
    return Response(data, mimetype="image/png")


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/houses/<key>/drawing")
@audit.part_of_page(on_its_own=PICTURE_ON_ITS_OWN)
@role_required(*ROLES)
def house_drawing(child_id, artefact_id, key):
    """The drawing's ink bytes, for the page's replay (decoded in the browser by static/js/ink/codec.js)."""
    db = get_db()
    row, _document, house = _house_record(artefact_id, key)
    if not house["ink"]:
        abort(404)
    data = rendered((row["id"], "ink", key), lambda: artefacts.read_part(db, row["id"], house["ink"], _parts_dir()))
    return Response(data, mimetype=ink.MEDIA_TYPE)


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/photos/<int:number>.jpg")
@audit.part_of_page(on_its_own=PICTURE_ON_ITS_OWN)
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
    data = rendered((row["id"], "photo", name),
                     lambda: clean_photo(artefacts.read_part(db, row["id"], name, _parts_dir())))
    return Response(data, mimetype="image/jpeg")


def photo_names(kind: str, content: dict) -> list[str]:
    if kind == "three_houses":
        return [name for house in content["houses"] for name in house["photos"]]
    return list(content.get("photos", []))


def _sheet(row: dict, document: dict, picture_px: int = HOUSE_PX) -> pdf.Sheet:
    db = get_db()
    return three_houses.sheet(document, read_parts(db, row), g.child["known_as"], author_name(db, row), picture_px)


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/sheet.pdf")
@audit.described_as(export=SHEET_EXPORTED)
@role_required(*ROLES)
def sheet_pdf(child_id, artefact_id):
    row, document = _three_houses_record(g.child["id"], artefact_id)
    data = rendered((row["id"], "sheet.pdf", get_language()), lambda: pdf.sheet_pdf(_sheet(row, document)))
    return export_download(data, "application/pdf", _sheet_filename(document, "pdf"))


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/sheet.png")
@audit.described_as(export=SHEET_EXPORTED)
@role_required(*ROLES)
def sheet_png(child_id, artefact_id):
    row, document = _three_houses_record(g.child["id"], artefact_id)
    data = rendered((row["id"], "sheet.png", get_language()), lambda: pdf.png_bytes(
        pdf.stacked(pdf.sheet_images(_sheet(row, document), max_pages=three_houses.PICTURE_PAGES))))
    return export_download(data, "image/png", _sheet_filename(document, "png"))


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/thumbnail.png")
@audit.part_of_page(on_its_own=PICTURE_ON_ITS_OWN)
@role_required(*ROLES)
def sheet_thumbnail(child_id, artefact_id):
    """The sheet's first page, small, for the child's list of records."""
    row, document = _three_houses_record(g.child["id"], artefact_id)

    def make() -> bytes:
        first = pdf.sheet_images(_sheet(row, document, THUMBNAIL_PX // 2), THUMBNAIL_PX * 2)[0]
        return pdf.png_bytes(first.resize((THUMBNAIL_PX, round(first.height * THUMBNAIL_PX / first.width))))

    return Response(rendered((row["id"], "thumbnail", get_language()), make), mimetype="image/png")


# --- Words and Pictures ---------------------------------------------------------------------------

def _jargon_segments(text: str, language: str) -> list[tuple[str, dict | None]]:
    """The text cut at the professional words the plain-language check finds (words.py)."""
    try:
        return words.segments(text, language)
    except (OSError, words.JargonListInvalid):
        # A broken list must not hide the family's words: they are shown unmarked, and the page says so.
        current_app.logger.exception("The jargon list could not be read")
        g.jargon_unavailable = True
        return [(text, None)]


def _words_pictures_context(db, row: dict, document: dict) -> dict:
    content = document["content"]
    pages, flagged = [], {}
    for number, page in enumerate(content["pages"], start=1):
        segments = _jargon_segments(page["text"], content["language"])
        for _piece, hit in segments:
            if hit is not None:
                flagged.setdefault(hit["word"].casefold(), hit)
        pages.append({"number": number, "page": page, "segments": segments,
                      "hint": words_pictures.HINT_NAMES.get(page["hint"]),
                      "additions": words_pictures.has_additions(page),
                      "added_by": words_pictures.added_by(page) if words_pictures.has_additions(page) else ""})
    versions = storyboard_of(db, g.child["id"], row["id"])
    return {"wp": words_pictures, "title": words_pictures.title_of(content), "pages": pages,
            "flagged": list(flagged.values()), "jargon_unavailable": g.get("jargon_unavailable", False),
            "versions": [version_summary(version) for version in versions],
            "this_version": version_summary({"id": row["id"], "parsed": document}),
            "papers": [(paper.lower(), paper, per_sheet) for paper in words_pictures.PAPERS
                       for per_sheet in words_pictures.PER_SHEET]}


def _version_filename(document: dict, tail: str) -> str:
    """A neutral name for a download: the tool, the day and the version, never the child."""
    created = local_day(document["created_at"])
    return f"words-and-pictures-{created.isoformat()}-v{document['content']['version']['number']}-{tail}"


def _page_or_404(document: dict, page_id: str) -> dict:
    page = words_pictures.page_of(document["content"], page_id)
    if page is None:
        abort(404)
    return page


def _drawing_png(row: dict, name: str | None) -> Response:
    """One of a storyboard's drawings as a picture (a page's, or the children's on it)."""
    if name is None:
        abort(404)
    data = rendered((row["id"], "wp-drawing", name, words_pictures.PAGE_PX, get_language()), lambda: pdf.png_bytes(
        words_pictures.drawing_image(artefacts.read_part(get_db(), row["id"], name, _parts_dir()),
                                     words_pictures.PAGE_PX)))
    return Response(data, mimetype="image/png")


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/pages/<page_id>.png")
@audit.part_of_page(on_its_own=PICTURE_ON_ITS_OWN)
@role_required(*ROLES)
def page_picture(child_id, artefact_id, page_id):
    row, document = _words_pictures_record(g.child["id"], artefact_id)
    return _drawing_png(row, _page_or_404(document, page_id)["drawing"])


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/pages/<page_id>/children.png")
@audit.part_of_page(on_its_own=PICTURE_ON_ITS_OWN)
@role_required(*ROLES)
def page_children_picture(child_id, artefact_id, page_id):
    row, document = _words_pictures_record(g.child["id"], artefact_id)
    return _drawing_png(row, (_page_or_404(document, page_id)["children"] or {}).get("drawing"))


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/booklet/<paper>/<int:per_sheet>.pdf")
@audit.described_as(export=_l("Exported the booklet of %(record)s"))
@role_required(*ROLES)
def booklet_pdf(child_id, artefact_id, paper, per_sheet):
    """The booklet: `paper` a4 or a5, one or two panels to a sheet."""
    paper = paper.upper()
    if paper not in words_pictures.PAPERS or per_sheet not in words_pictures.PER_SHEET:
        abort(404)
    db = get_db()
    row, document = _words_pictures_record(g.child["id"], artefact_id)
    known_as = g.child["known_as"]
    data = rendered((row["id"], "booklet.pdf", paper, per_sheet, known_as), lambda: words_pictures.booklet_pdf(
        document, read_parts(db, row), paper, per_sheet, known_as))
    tail = f"{paper.lower()}.pdf" if per_sheet == 1 else f"{paper.lower()}-two-per-sheet.pdf"
    return export_download(data, "application/pdf", _version_filename(document, tail))


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/booklet/<int:number>.png")
@audit.described_as(export=_l("Exported a page of the booklet of %(record)s"))
@role_required(*ROLES)
def booklet_page_png(child_id, artefact_id, number):
    """One panel of the booklet as a picture: 0 the cover, then each page by its number."""
    db = get_db()
    row, document = _words_pictures_record(g.child["id"], artefact_id)
    content = document["content"]
    if not 0 <= number <= len(content["pages"]):
        abort(404)
    names = [] if number == 0 else words_pictures.drawing_names({"pages": [content["pages"][number - 1]]})
    known_as = g.child["known_as"]
    data = rendered((row["id"], "booklet.png", number, known_as), lambda: pdf.png_bytes(words_pictures.booklet_images(
        document, {name: artefacts.read_part(db, row["id"], name, _parts_dir()) for name in names},
        known_as=known_as, panels={number})[0]))
    return export_download(data, "image/png", _version_filename(document, f"page-{number}.png" if number else "cover.png"))


def _part_hashes(db, artefact_id: str) -> dict[str, str]:
    return {part["name"]: part["sha256"] for part in
            db.query("SELECT name, sha256 FROM artefact_parts WHERE artefact_id = ?", [artefact_id])}


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/compare")
@audit.described_as(view=_l("Compared two versions of %(record)s"))
@role_required(*ROLES)
def compare(child_id, artefact_id):
    """Two versions of one storyboard side by side, the older on the left: `with` names the other
    version (an artefact id, the only thing the address carries)."""
    db = get_db()
    row, document = _words_pictures_record(g.child["id"], artefact_id)
    try:
        other_id = str(uuid.UUID(request.args.get("with", "")))
    except ValueError:
        abort(404)
    versions = storyboard_of(db, g.child["id"], row["id"])
    other = next((version for version in versions if version["id"] == other_id), None)
    if other is None or other_id == row["id"]:
        abort(404)  # not a version of this storyboard (or another child's, or held back, or itself)
    this = next(version for version in versions if version["id"] == row["id"])
    older, newer = sorted([this, other], key=_version_order)
    rows = words_pictures.compare(older["parsed"]["content"], newer["parsed"]["content"],
                                  _part_hashes(db, older["id"]), _part_hashes(db, newer["id"]))
    old_content, new_content = older["parsed"]["content"], newer["parsed"]["content"]
    return render_template("records/words_pictures_compare.html", child=g.child, record=row,
                           label=kind_label(row["kind"]), wp=words_pictures, rows=rows,
                           older=version_summary(older), newer=version_summary(newer),
                           older_content=old_content, newer_content=new_content,
                           title=words_pictures.title_of(new_content),
                           title_diff=words_pictures.word_diff(words_pictures.title_of(old_content),
                                                               words_pictures.title_of(new_content)))
