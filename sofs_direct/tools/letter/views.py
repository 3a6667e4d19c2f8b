"""A letter to the child on the practitioner's pages: how it is listed, its record page (the letter
as the child reads it, then its facts), its timeline entry, its section on the child's page
("Letters to the child", each with the day it was shared with the child), and its own routes (a
drawing in it, and the child's printed copy).

Main decision: a letter counts as shared with the child on the earliest of the day it was read with
the child on the tablet (`read_with_child`) and the first time the child's copy was printed — read
from the audit trail, which records every download already, so no second record of it can drift from
what happened. The session the letter came from is linked only when this worker may open it (stored,
finalised and unflagged for this child); otherwise the page says it has not been received yet, so an
id copied into a letter never opens a record by itself.
"""

from datetime import datetime

from flask import Response, abort, g, request, url_for

from ...artefacts import store
from ...artefacts.kinds import known
from ...artefacts.phrases import words_wishes
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
from ...paper import printing
from ...paper.drawing import drawing_image
from ...platform import audit
from ...platform.auth import role_required
from ...platform.dates import local_day, long_date
from ...platform.db import get_db
from ...platform.errors import render_error
from ...platform.i18n import _, _l, ngettext
from . import LANGUAGE_NAMES, NAME, SIZES
from .export import childs_copy_pdf
from .wording import letter_words, shown_drawings, shown_heard

RECORD_TEMPLATE = f"{NAME}/record.html"
SECTION_TEMPLATE = f"{NAME}/child_section.html"
DRAWING_PX = 480  # a drawing on the record page
COPY_ENDPOINT = "records.letter_pdf"  # the child's copy, as the audit trail names its downloads


def letter_day(document: dict) -> str:
    return long_date(document["created_at"])


def counts(content: dict) -> str:
    """ "3 of the child's words, 1 drawing" — what the letter gives back to the child."""
    words = ngettext("%(num)s of the child's words", "%(num)s of the child's words", len(shown_heard(content)))
    drawings = ngettext("%(num)s drawing", "%(num)s drawings", len(shown_drawings(content)))
    return _("%(words)s, %(drawings)s", words=words, drawings=drawings)


def source_of(db, child_id: str, content: dict) -> dict:
    """The session the letter came from: its label and day, and its record page's address when this
    child has it stored and shown (finalised, unflagged, of a kind this server knows), else None."""
    source = content["source"]
    row = store.get(db, source["id"])
    shown = (
        row is not None
        and row["child_id"] == child_id
        and row["flag"] is None
        and row["state"] == "finalised"
        and known(row["kind"])
    )
    return {
        "label": kind_label(source["kind"]),
        "day": long_date(source["done_at"]) if source["done_at"] else "",
        "url": url_for("records.record_page", child_id=child_id, artefact_id=source["id"]) if shown else None,
    }


def first_prints(db, child_id: str) -> dict[str, str]:
    """When the child's copy of each of this child's letters was first printed, by letter id: one
    query for a page that lists every letter."""
    return {
        row["record_id"]: row["at"]
        for row in db.query(
            "SELECT record_id, MIN(at) AS at FROM audit WHERE child_id = ? AND action = 'export' AND what = ?"
            " GROUP BY record_id",
            [child_id, COPY_ENDPOINT],
        )
    }


def shared_with_child(content: dict, printed: str | None) -> tuple[str, datetime] | None:
    """How and when the letter first reached the child: ("read", when) or ("printed", when), or None.
    `printed`: when its child's copy was first printed (first_prints), if ever."""
    ways = []
    if content["read_with_child"]:
        ways.append(("read", datetime.fromisoformat(content["read_with_child"])))
    if printed:
        ways.append(("printed", datetime.fromisoformat(printed)))
    # The audit trail keeps whole seconds: read and printed in the same second count as read first
    # (the worker prints what was read), not as printed on a fraction of a second's truncation.
    return min(ways, key=lambda way: (way[1].replace(microsecond=0), way[0] != "read")) if ways else None


def _shared(db, child_id: str, row_id: str, content: dict, prints: dict | None = None) -> str:
    """The words for when a letter was shared with the child (`prints`: first_prints, when known)."""
    printed = (prints if prints is not None else first_prints(db, child_id)).get(row_id)
    return shared_words(shared_with_child(content, printed))


def shared_words(shared: tuple[str, datetime] | None) -> str:
    if shared is None:
        return _("Not shared with the child yet")
    how, when = shared
    if how == "read":
        return _("Read with the child on %(day)s", day=long_date(when))
    return _("Printed for the child on %(day)s", day=long_date(when))


def letter_details(db, child_id: str, row_id: str, document: dict, author: str, source: dict) -> list[tuple[str, str]]:
    content = document["content"]
    read = content["read_with_child"]
    return [
        (_("Written on"), letter_day(document)),
        (_("Worker"), author),
        (_("Written in"), LANGUAGE_NAMES[content["language"]]),
        (_("Symbols"), _("Yes, for a child who uses symbols") if content["symbols"] else _("No")),
        (_("Read with the child on the tablet"), long_date(read) if read else _("Not yet")),
        (_("Shared with the child"), _shared(db, child_id, row_id, content)),
        (
            _("Came from"),
            _("%(label)s of %(day)s", label=source["label"], day=source["day"]) if source["day"] else source["label"],
        ),
    ]


def list_entry(record: dict, row: dict, document: dict, rows: list[dict]) -> dict:
    content = document["content"]
    record["day"] = letter_day(document)
    record["title"] = counts(content)
    heard = shown_heard(content)
    record["wishes"] = [(_("The child's words"), words_wishes(heard))] if heard else []
    record["wishes"] += [
        (item["caption"] or _("A drawing"), describe_wish(item["share"])) for item in shown_drawings(content)
    ]
    return record


def record_context(db, row: dict, document: dict, context: dict) -> dict:
    content = document["content"]
    source = source_of(db, row["child_id"], content)
    return {
        "letter": letter_words(content),
        "day": letter_day(document),
        "summary": counts(content),
        "details": letter_details(db, row["child_id"], row["id"], document, context["author"], source),
        "source": source,
        "sizes": SIZES,
        "left_out": sum(not item["shown"] for item in content["heard"] + content["drawings"]),
    }


def timeline_entries(db, child_id: str, rows: list[dict]) -> list[dict]:
    prints = first_prints(db, child_id) if rows else {}
    return [_timeline_entry(db, child_id, row, prints) for row in rows]


def _timeline_entry(db, child_id: str, row: dict, prints: dict) -> dict:
    document = row["parsed"]
    content = document["content"]
    return {
        "id": row["id"],
        "when": document["created_at"],
        "author": row["author"],
        "title": counts(content),
        "details": [
            (_("Written in"), LANGUAGE_NAMES[content["language"]]),
            (_("Shared with the child"), _shared(db, child_id, row["id"], content, prints)),
        ],
    }


def child_page_section(db, child_id: str, rows: list[dict]) -> dict | None:
    """ "Letters to the child" on the child's page: each letter, newest first, with the day it was
    written and the day it was shared with the child; nothing when none was written."""
    if not rows:
        return None
    letters, prints = [], first_prints(db, child_id)
    for row in rows:
        document = row["parsed"]
        letters.append(
            {
                "url": url_for("records.record_page", child_id=child_id, artefact_id=row["id"]),
                "day": letter_day(document),
                "summary": counts(document["content"]),
                "shared": _shared(db, child_id, row["id"], document["content"], prints),
            }
        )
    return {"id": "letters", "heading": _("Letters to the child"), "template": SECTION_TEMPLATE, "letters": letters}


# --- routes --------------------------------------------------------------------------------------


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/letter/drawings/<drawing_id>.png")
@audit.part_of_page(on_its_own=PICTURE_ON_ITS_OWN)
@role_required(*ROLES)
def letter_drawing(child_id, artefact_id, drawing_id):
    """A drawing the letter gives back to the child, on the outline it was drawn on."""
    db = get_db()
    row, document = record_of(db, g.child["id"], artefact_id, NAME)
    item = next((item for item in shown_drawings(document["content"]) if item["id"] == drawing_id), None)
    if item is None:
        abort(404)
    data = rendered(
        (row["id"], "letter-drawing", drawing_id, DRAWING_PX),
        lambda: printing.png_bytes(drawing_image(read_part(db, row, item["part"]), DRAWING_PX, item["outline"])),
    )
    return Response(data, mimetype="image/png")


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/letter.pdf")
@audit.described_as(export=_l("Printed the child's copy of %(record)s"))
@role_required(*ROLES)
def letter_pdf(child_id, artefact_id):
    """The child's own copy: everything the letter holds, on A4 or A5 (`size`), in its language."""
    size = request.args.get("size", "")
    if size not in SIZES:
        return render_error(400, _("Choose a paper size"), _("The child's copy is printed on A4 or A5."))
    db = get_db()
    row, document = record_of(db, g.child["id"], artefact_id, NAME)
    data = rendered(
        (row["id"], "letter.pdf", size),
        lambda: childs_copy_pdf(document, read_parts(db, row), size),
    )
    day = local_day(document["created_at"]).isoformat()
    return export_download(data, "application/pdf", f"letter-{day}-{size}.pdf")
