"""A Words and Pictures storyboard on the practitioner's pages: its versions joined into one
storyboard, how it is listed (once, where its newest version falls), each version's page and
timeline entry, and its own routes (page drawings, the booklet, two versions compared).

Main decision: the versions of a storyboard are separate artefacts joined by `supersedes`: a
storyboard is every version reachable from another along those links, among the versions this page
may show (finalised, unflagged, this child's). A link to a version that is not shown (held back
for review) just ends the chain there; a version is never shown in another child's storyboard.
"""

import uuid
from types import SimpleNamespace

from flask import Response, abort, current_app, g, render_template, request

from ...artefacts.phrases import joined, person
from ...artefacts.record_files import (
    PICTURE_ON_ITS_OWN,
    ROLES,
    bp,
    export_download,
    kind_label,
    read_part,
    read_parts,
    record_of,
    rendered,
)
from ...artefacts.sharing import describe_wish
from ...artefacts.versions import chains_of
from ...paper import printing
from ...paper.drawing import drawing_image
from ...platform import audit, words
from ...platform.auth import role_required
from ...platform.dates import local_day
from ...platform.db import get_db
from ...platform.i18n import _, _l, get_language, ngettext
from . import CHILDREN_SHARE, HINT_NAMES, LANGUAGE_NAMES, NAME, PURPOSE_NAMES
from .renders import PAPERS, PER_SHEET, booklet_images
from .renders import booklet_pdf as make_booklet_pdf
from .storyboard import added_by, drawing_names, has_additions, page_of, title_of, version_day
from .versions import compare as compared
from .versions import word_diff

RECORD_TEMPLATE = f"{NAME}/record.html"
COMPARE_TEMPLATE = f"{NAME}/compare.html"
SQUARE = 240  # a page's drawing on the timeline, shown 240 px wide
PAGE_PX = 600  # a page's drawing on the record page
# The kind's names the templates read (`wp.…`): the purposes' and languages' names, and who added to a page.
TEMPLATE_NAMES = SimpleNamespace(PURPOSE_NAMES=PURPOSE_NAMES, LANGUAGE_NAMES=LANGUAGE_NAMES, added_by=added_by)


# --- the versions of one storyboard -------------------------------------------------------------


def _version_order(row: dict) -> tuple:
    document = row["parsed"]
    return document["content"]["version"]["number"], document["created_at"], row["id"]


def storyboards_of(rows) -> dict[str, list[dict]]:
    """Each row's chain of versions of this kind, by the row's id, in version order (versions.chains_of)."""
    return chains_of(rows, NAME, _version_order)


def version_summary(row: dict) -> dict:
    """What the child's page and a version's page say about one version."""
    document = row["parsed"]
    version = document["content"]["version"]
    return {
        "id": row["id"],
        "number": version["number"],
        "day": version_day(document),
        "took_part": joined([person(entry) for entry in version["took_part"]]),
        "agreed_by": joined([person(entry) for entry in version["agreed_by"]]),
        "read_to_children": version["read_to_children"],
    }


def storyboard_of(db, child_id: str, artefact_id: str) -> list[dict]:
    """The versions of the storyboard this Words and Pictures version belongs to, in order."""
    rows = db.query(
        """
        SELECT artefacts.id, artefacts.kind, artefacts.document, users.display_name AS author
        FROM artefacts JOIN users ON users.id = artefacts.author_id
        WHERE artefacts.child_id = ? AND artefacts.kind = ? AND artefacts.flag IS NULL
          AND artefacts.state = 'finalised'
        """,
        [child_id, NAME],
    )
    return storyboards_of(list(rows)).get(artefact_id, [])


# --- the list, the page, the timeline -----------------------------------------------------------


def list_entry(record: dict, row: dict, document: dict, rows: list[dict]) -> dict | None:
    """One entry a storyboard, where its newest version falls, listing every version in order."""
    versions = storyboards_of(rows)[row["id"]]
    latest = versions[-1]
    newer = [other for other in rows if other["id"] in {version["id"] for version in versions}]
    if newer[0]["id"] != row["id"]:
        return None  # listed already, at the first of its versions in the list's order
    record.update(
        id=latest["id"],
        author=latest["author"],
        day=version_day(latest["parsed"]),
        title=title_of(latest["parsed"]["content"]),
        versions=[version_summary(version) for version in versions],
    )
    return record


def _jargon_segments(text: str, language: str) -> list[tuple[str, dict | None]]:
    """The text cut at the professional words the plain-language check finds (words.py)."""
    try:
        return words.segments(text, language)
    except (OSError, words.JargonListInvalid):
        # A broken list must not hide the family's words: they are shown unmarked, and the page says so.
        current_app.logger.exception("The jargon list could not be read")
        g.jargon_unavailable = True
        return [(text, None)]


def record_context(db, row: dict, document: dict, context: dict) -> dict:
    content = document["content"]
    pages, flagged = [], {}
    for number, page in enumerate(content["pages"], start=1):
        segments = _jargon_segments(page["text"], content["language"])
        for _piece, hit in segments:
            if hit is not None:
                flagged.setdefault(hit["word"].casefold(), hit)
        pages.append(
            {
                "number": number,
                "page": page,
                "segments": segments,
                "hint": HINT_NAMES.get(page["hint"]),
                "additions": has_additions(page),
                "added_by": added_by(page) if has_additions(page) else "",
            }
        )
    versions = storyboard_of(db, g.child["id"], row["id"])
    return {
        "wp": TEMPLATE_NAMES,
        "title": title_of(content),
        "pages": pages,
        "flagged": list(flagged.values()),
        "jargon_unavailable": g.get("jargon_unavailable", False),
        "versions": [version_summary(version) for version in versions],
        "this_version": version_summary({"id": row["id"], "parsed": document}),
        "papers": [(paper.lower(), paper, per_sheet) for paper in PAPERS for per_sheet in PER_SHEET],
    }


def timeline_entries(db, child_id: str, rows: list[dict]) -> list[dict]:
    storyboards = storyboards_of(rows)
    return [
        _timeline_entry(
            next(version for version in storyboards[row["id"]] if version["id"] == row["id"]), storyboards[row["id"]]
        )
        for row in rows
    ]


def _timeline_entry(version: dict, storyboard: list[dict]) -> dict:
    document = version["parsed"]
    content = document["content"]
    summary = version_summary(version)
    later = sorted(
        other["parsed"]["content"]["version"]["number"]
        for other in storyboard
        if other["parsed"]["supersedes"] == version["id"]
    )
    drawn = next((page for page in content["pages"] if page["drawing"]), None)
    details = [
        (_("Took part"), summary["took_part"] or _("Not recorded")),
        (_("Agreed by"), summary["agreed_by"] or _("Not agreed yet")),
        (_("Read to the children"), _("Yes") if summary["read_to_children"] else _("Not yet")),
    ]
    if any(has_additions(page) for page in content["pages"]):
        # Written to be shared with the family: no wish is asked for (CHILDREN_SHARE).
        details.append((_("The children's additions are shared with"), describe_wish(CHILDREN_SHARE)))
    replaced_by = (
        ngettext(
            "Replaced by version %(numbers)s",
            "Replaced by versions %(numbers)s",
            len(later),
            numbers=joined([str(number) for number in later]),
        )
        if later
        else ""
    )
    return {
        "id": version["id"],
        "when": document["created_at"],
        "author": version["author"],
        "title": title_of(content),
        "version": summary["number"],
        "replaced_by": replaced_by,
        "details": details,
        "picture": ("records.page_picture", {"artefact_id": version["id"], "page_id": drawn["id"]}, SQUARE)
        if drawn
        else None,
    }


def source_anchor(item: str, place: str | None) -> str:
    """Where on the version's page a word taken into the mapping was said: its page."""
    return f"#page-{place}" if place else ""


# --- routes -------------------------------------------------------------------------------------


def _version(artefact_id) -> tuple[dict, dict]:
    return record_of(get_db(), g.child["id"], artefact_id, NAME)


def _version_filename(document: dict, tail: str) -> str:
    """A neutral name for a download: the tool, the day and the version, never the child."""
    created = local_day(document["created_at"])
    return f"words-and-pictures-{created.isoformat()}-v{document['content']['version']['number']}-{tail}"


def _page_or_404(document: dict, page_id: str) -> dict:
    page = page_of(document["content"], page_id)
    if page is None:
        abort(404)
    return page


def _drawing_png(row: dict, name: str | None) -> Response:
    """One of a storyboard's drawings as a picture (a page's, or the children's on it)."""
    if name is None:
        abort(404)
    data = rendered(
        (row["id"], "wp-drawing", name, PAGE_PX, get_language()),
        lambda: printing.png_bytes(drawing_image(read_part(get_db(), row, name), PAGE_PX)),
    )
    return Response(data, mimetype="image/png")


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/pages/<page_id>.png")
@audit.part_of_page(on_its_own=PICTURE_ON_ITS_OWN)
@role_required(*ROLES)
def page_picture(child_id, artefact_id, page_id):
    row, document = _version(artefact_id)
    return _drawing_png(row, _page_or_404(document, page_id)["drawing"])


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/pages/<page_id>/children.png")
@audit.part_of_page(on_its_own=PICTURE_ON_ITS_OWN)
@role_required(*ROLES)
def page_children_picture(child_id, artefact_id, page_id):
    row, document = _version(artefact_id)
    return _drawing_png(row, (_page_or_404(document, page_id)["children"] or {}).get("drawing"))


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/booklet/<paper>/<int:per_sheet>.pdf")
@audit.described_as(export=_l("Exported the booklet of %(record)s"))
@role_required(*ROLES)
def booklet_pdf(child_id, artefact_id, paper, per_sheet):
    """The booklet: `paper` a4 or a5, one or two panels to a sheet."""
    paper = paper.upper()
    if paper not in PAPERS or per_sheet not in PER_SHEET:
        abort(404)
    db = get_db()
    row, document = _version(artefact_id)
    known_as = g.child["known_as"]
    data = rendered(
        (row["id"], "booklet.pdf", paper, per_sheet, known_as),
        lambda: make_booklet_pdf(document, read_parts(db, row), paper, per_sheet, known_as),
    )
    tail = f"{paper.lower()}.pdf" if per_sheet == 1 else f"{paper.lower()}-two-per-sheet.pdf"
    return export_download(data, "application/pdf", _version_filename(document, tail))


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/booklet/<int:number>.png")
@audit.described_as(export=_l("Exported a page of the booklet of %(record)s"))
@role_required(*ROLES)
def booklet_page_png(child_id, artefact_id, number):
    """One panel of the booklet as a picture: 0 the cover, then each page by its number."""
    db = get_db()
    row, document = _version(artefact_id)
    content = document["content"]
    if not 0 <= number <= len(content["pages"]):
        abort(404)
    names = [] if number == 0 else drawing_names({"pages": [content["pages"][number - 1]]})
    known_as = g.child["known_as"]
    data = rendered(
        (row["id"], "booklet.png", number, known_as),
        lambda: printing.png_bytes(
            booklet_images(
                document, {name: read_part(db, row, name) for name in names}, known_as=known_as, panels={number}
            )[0]
        ),
    )
    return export_download(
        data, "image/png", _version_filename(document, f"page-{number}.png" if number else "cover.png")
    )


def _part_hashes(db, artefact_id: str) -> dict[str, str]:
    return {
        part["name"]: part["sha256"]
        for part in db.query("SELECT name, sha256 FROM artefact_parts WHERE artefact_id = ?", [artefact_id])
    }


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/compare")
@audit.described_as(view=_l("Compared two versions of %(record)s"))
@role_required(*ROLES)
def compare(child_id, artefact_id):
    """Two versions of one storyboard side by side, the older on the left: `with` names the other
    version (an artefact id, the only thing the address carries)."""
    db = get_db()
    row, document = _version(artefact_id)
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
    rows = compared(
        older["parsed"]["content"],
        newer["parsed"]["content"],
        _part_hashes(db, older["id"]),
        _part_hashes(db, newer["id"]),
    )
    old_content, new_content = older["parsed"]["content"], newer["parsed"]["content"]
    return render_template(
        COMPARE_TEMPLATE,
        child=g.child,
        record=row,
        label=kind_label(row["kind"]),
        wp=TEMPLATE_NAMES,
        rows=rows,
        older=version_summary(older),
        newer=version_summary(newer),
        older_content=old_content,
        newer_content=new_content,
        title=title_of(new_content),
        title_diff=word_diff(title_of(old_content), title_of(new_content)),
    )
