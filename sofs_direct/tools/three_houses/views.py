"""A Three Houses session on the practitioner's pages: how it is listed, its record page, its
timeline entry, and its own routes (each house's picture and drawing, the recordings, the parent's
signature, the sheet as PDF, PNG and thumbnail) on the records blueprint.

Main decision: the routes find the session through record_files.record_of with this kind's name,
so another kind's artefact at the same address is the same 404 as a missing one; a render is made
from the stored parts into the in-memory cache only.
"""

from functools import partial

from flask import Response, abort, g, request
from werkzeug.exceptions import RequestedRangeNotSatisfiable

from ...artefacts.fields import yes_no
from ...artefacts.phrases import joined, person, words_wishes
from ...artefacts.record_files import (
    PICTURE_ON_ITS_OWN,
    ROLES,
    SHEET_EXPORTED,
    author_name,
    bp,
    clip_sound,
    export_download,
    read_part,
    read_parts,
    record_of,
    rendered,
)
from ...artefacts.sharing import describe_wish
from ...paper import audio, ink, printing, sheets
from ...paper.drawing import drawing_image
from ...platform import audit
from ...platform.auth import role_required
from ...platform.dates import local_day, time_of_day
from ...platform.db import get_db
from ...platform.i18n import _, _l, get_language
from . import (
    ASSENT_NAMES,
    ASSENT_WAY_NAMES,
    DECISION_NAMES,
    EXPLAINER_VERSION_NAMES,
    KEYS,
    MAPPING_HEADINGS,
    NAME,
    SYMBOL_NAMES,
)
from .details import (
    agreement_words,
    answer_words,
    child_recording_answer,
    clip_place,
    parent_recording_answer,
    session_details,
)
from .renders import PICTURE_PAGES, house_image, picture_parts, sheet
from .session import child_order, house_name, house_of, outline_of, refusal_statement, refused_only, voice_items

RECORD_TEMPLATE = f"{NAME}/record.html"
HOUSE_PX = 600
THUMBNAIL_PX = 480
SIGNATURE_PX = 300
SHEET_HEIGHT = 170  # the sheet's thumbnail when shown 240 px wide (landscape A4)


def photo_names(content: dict) -> list[str]:
    return [name for house in content["houses"] for name in house["photos"]]


def list_entry(record: dict, row: dict, document: dict, rows: list[dict]) -> dict:
    content = document["content"]
    record["wishes"] = (
        []
        if refused_only(content)
        else [
            (house_name(house["key"], content["theme"]), describe_wish(house["share"])) for house in content["houses"]
        ]
    )
    return record


def record_context(db, row: dict, document: dict, context: dict) -> dict:
    content = document["content"]
    return {
        "houses": [house_of(content, key) for key in child_order(content)],
        "house_name": partial(house_name, theme=content["theme"]),
        "outline": outline_of(content),
        "refused_only": refused_only(content),
        "refusal": refusal_statement(content),
        "agreement": agreement_words(content["session"]),
        "details": session_details(content["session"], context["author"]),
        "symbol_names": SYMBOL_NAMES,
        "picture_pages": PICTURE_PAGES,
        "mapping_headings": MAPPING_HEADINGS,
        "photo_numbers": {name: number for number, name in enumerate(photo_names(content), start=1)},
        **_consent_context(content),
    }


def _consent_context(content: dict) -> dict:
    """What the session page shows of the consent and the recordings (sessions from before them have neither)."""
    return {
        "consent": content.get("consent"),
        "clips": content.get("clips", []),
        "clock": audio.clock,
        "time_of_day": time_of_day,
        "clip_place": clip_place,
        "decision_names": DECISION_NAMES,
        "assent_names": ASSENT_NAMES,
        "assent_way_names": ASSENT_WAY_NAMES,
        "parent_recording": answer_words(parent_recording_answer((content.get("consent") or {}).get("parent"))),
        "child_recording": answer_words(child_recording_answer(content.get("consent"))),
        "explainer_version_names": EXPLAINER_VERSION_NAMES,
    }


def timeline_entries(db, child_id: str, rows: list[dict]) -> list[dict]:
    return [_timeline_entry(row, row["parsed"]) for row in rows]


def _timeline_entry(row: dict, document: dict) -> dict:
    content = document["content"]
    session = content["session"]
    houses = [house_of(content, key) for key in child_order(content)]
    present = joined([person(someone) for someone in session["present"]])
    said = voice_items(content)  # the words in the houses and at the recordings' moments
    details = [(_("Also present"), present or _("Nobody else")), (_("Seen alone"), yes_no(session["seen_alone"]))]
    entry = {
        "id": row["id"],
        "when": session["started_at"],
        "author": row["author"],
        "summary": refusal_statement(content),
    }
    if refused_only(content):
        # The refusal is the entry: said plainly, with no empty houses and no picture of them.
        details.append((_("Parental agreement"), agreement_words(session)))
        return {**entry, "details": details}
    details.append(
        (
            _("Who the child said may see each house"),
            [
                _(
                    "%(house)s: %(wish)s",
                    house=house_name(house["key"], content["theme"]),
                    wish=describe_wish(house["share"]),
                )
                for house in houses
            ],
        )
    )
    if said:
        details.append((_("Who the child said may see their words"), words_wishes(said)))
    return {
        **entry,
        "details": details,
        "photos": len(photo_names(content)),
        "picture": ("records.sheet_thumbnail", {"artefact_id": row["id"]}, SHEET_HEIGHT),
    }


def source_anchor(item: str, place: str | None) -> str:
    """Where on the session's page a word taken into the mapping was said."""
    return f"#word-{item}"


def thumbnail(artefact_id: str) -> tuple[str, dict]:
    return "records.sheet_thumbnail", {"artefact_id": artefact_id}


# --- routes -------------------------------------------------------------------------------------


def _session(artefact_id) -> tuple[dict, dict]:
    return record_of(get_db(), g.child["id"], artefact_id, NAME)


def _house_record(artefact_id, key: str) -> tuple[dict, dict, dict]:
    """(row, document, the house named `key`) of a Three Houses session of this child, or 404."""
    row, document = _session(artefact_id)
    if key not in KEYS:
        abort(404)
    return row, document, house_of(document["content"], key)


def _sheet_filename(document: dict, extension: str) -> str:
    return f"three-houses-{local_day(document['content']['session']['started_at']).isoformat()}.{extension}"


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/clips/<clip_id>")
@audit.part_of_page(on_its_own=_l("Played a recording in %(record)s"), note=_l("played a recording"))
@role_required(*ROLES)
def play_clip(child_id, artefact_id, clip_id):
    """A recording of the child's voice, as received, answering Range requests so the player can seek
    (RFC 9110 §14). Every request the player makes is audited, folded into the page's view, which the
    audit page then says "played a recording" (audit.part_of_page); never cached by the browser (the
    security headers' no-store, set here too because it matters)."""
    db = get_db()
    row, document = _session(artefact_id)
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
    row, document = _session(artefact_id)
    parent = (document["content"].get("consent") or {}).get("parent")
    if not parent or not parent["signature"]:
        abort(404)
    # The language is in the key of every drawing's picture: one too detailed to draw is a sentence.
    data = rendered(
        (row["id"], "signature", get_language()),
        lambda: printing.png_bytes(drawing_image(read_part(db, row, parent["signature"]), SIGNATURE_PX)),
    )
    return Response(data, mimetype="image/png")


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/houses/<key>.png")
@audit.part_of_page(on_its_own=PICTURE_ON_ITS_OWN)
@role_required(*ROLES)
def house_picture(child_id, artefact_id, key):
    db = get_db()
    row, document, house = _house_record(artefact_id, key)
    names = picture_parts(house)
    data = rendered(
        (row["id"], "house", key, HOUSE_PX, get_language()),
        lambda: printing.png_bytes(
            house_image(document, key, {name: read_part(db, row, name) for name in names}, HOUSE_PX)
        ),
    )
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
    data = rendered((row["id"], "ink", key), lambda: read_part(db, row, house["ink"]))
    return Response(data, mimetype=ink.MEDIA_TYPE)


def _sheet(row: dict, document: dict, picture_px: int = HOUSE_PX) -> sheets.Sheet:
    db = get_db()
    return sheet(document, read_parts(db, row), g.child["known_as"], author_name(db, row), picture_px)


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/sheet.pdf")
@audit.described_as(export=SHEET_EXPORTED)
@role_required(*ROLES)
def sheet_pdf(child_id, artefact_id):
    row, document = _session(artefact_id)
    data = rendered((row["id"], "sheet.pdf", get_language()), lambda: sheets.sheet_pdf(_sheet(row, document)))
    return export_download(data, "application/pdf", _sheet_filename(document, "pdf"))


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/sheet.png")
@audit.described_as(export=SHEET_EXPORTED)
@role_required(*ROLES)
def sheet_png(child_id, artefact_id):
    row, document = _session(artefact_id)
    data = rendered(
        (row["id"], "sheet.png", get_language()),
        lambda: printing.png_bytes(
            printing.stacked(sheets.sheet_images(_sheet(row, document), max_pages=PICTURE_PAGES))
        ),
    )
    return export_download(data, "image/png", _sheet_filename(document, "png"))


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/thumbnail.png")
@audit.part_of_page(on_its_own=PICTURE_ON_ITS_OWN)
@role_required(*ROLES)
def sheet_thumbnail(child_id, artefact_id):
    """The sheet's first page, small, for the child's list of records."""
    row, document = _session(artefact_id)

    def make() -> bytes:
        first = sheets.sheet_images(_sheet(row, document, THUMBNAIL_PX // 2), THUMBNAIL_PX * 2)[0]
        return printing.png_bytes(first.resize((THUMBNAIL_PX, round(first.height * THUMBNAIL_PX / first.width))))

    return Response(rendered((row["id"], "thumbnail", get_language()), make), mimetype="image/png")
