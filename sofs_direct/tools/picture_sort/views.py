"""A picture sort on the practitioner's pages: how it is listed, its record page (the board as the
child left it, each card with its symbol or drawing, the changes of mind for the worker, the
worker's notes), its timeline entry, and its one route of its own (a card the child drew).

Main decision: the page shows each card's words as stored (the words the child was shown), and its
symbol from the catalogue by id only as a picture beside them; an id the catalogue no longer has
shows the words alone. Pictures are plain <img> with their words as text beside them, so the page
reads the same to a screen reader.
"""

from flask import Response, abort, g, url_for

from ...artefacts import symbols
from ...artefacts.phrases import joined, person
from ...artefacts.record_files import PICTURE_ON_ITS_OWN, ROLES, bp, read_part, record_of, rendered
from ...artefacts.sharing import describe_wish
from ...paper import printing
from ...paper.drawing import drawing_image
from ...platform import audit
from ...platform.auth import role_required
from ...platform.dates import long_date, time_of_day
from ...platform.db import get_db
from ...platform.i18n import _, get_language, ngettext
from . import HOW_NAMES, LEANING_NAMES, NAME, NOTES_PLACE, SHAPE_NAMES
from .sort import card_words, changes, is_placed, placements, sort_day, voice_items

RECORD_TEMPLATE = f"{NAME}/record.html"
CARD_PX = 240  # a drawn card on the record page


def symbol_url(symbol_id: str | None) -> str | None:
    """The address of a symbol's picture, or None for no symbol or one the catalogue does not have."""
    found = symbols.symbol(symbol_id) if symbol_id else None
    return url_for("static", filename=found["file"]) if found else None


def sort_details(content: dict, author: str) -> list[tuple[str, str]]:
    """The visit's facts, as the record page, the timeline and the files say them."""
    session = content["session"]
    board = content["board"]
    return [
        (_("When"), long_date(session["started_at"])),
        (_("Also present"), joined([person(someone) for someone in session["present"]]) or _("Nobody else")),
        (_("Worker"), author),
        (_("The board"), f"{SHAPE_NAMES[board['shape']]}: {joined([column['words'] for column in board['columns']])}"),
        (_("Cards"), content["set"]["name"] or _("Chosen on the tablet")),
        (_("Who may see it"), describe_wish(content["share"])),
    ]


def counts(content: dict) -> str:
    sorted_cards = sum(is_placed(card) for card in content["cards"])
    changed = len(changes(content))
    return ngettext(
        "%(sorted)s of %(cards)s cards sorted, %(num)s change of mind",
        "%(sorted)s of %(cards)s cards sorted, %(num)s changes of mind",
        changed,
        sorted=sorted_cards,
        cards=len(content["cards"]),
    )


def list_entry(record: dict, row: dict, document: dict, rows: list[dict]) -> dict:
    record["title"] = counts(document["content"])
    record["wishes"] = [(_("The picture sort"), describe_wish(document["content"]["share"]))]
    return record


def record_context(db, row: dict, document: dict, context: dict) -> dict:
    content = document["content"]
    return {
        "places": placements(content),
        "changes": [
            {**change, "how": HOW_NAMES[change["how"]], "time": time_of_day(change["at"])}
            for change in changes(content)
        ],
        "details": sort_details(content, context["author"]),
        "day": sort_day(document),
        "summary": counts(content),
        "card_words": card_words,
        "symbol_url": symbol_url,
        "leaning_names": LEANING_NAMES,
        "sorted_words": [item for item in voice_items(content) if item["place"] != NOTES_PLACE],
        "said": [note for note in content["notes"] if note["noted"] == "said"],
        "did": [note for note in content["notes"] if note["noted"] == "did"],
    }


def timeline_entries(db, child_id: str, rows: list[dict]) -> list[dict]:
    return [_timeline_entry(row) for row in rows]


def _timeline_entry(row: dict) -> dict:
    content = row["parsed"]["content"]
    details = [
        (
            place["words"],
            joined([card_words(card) for card in place["cards"]]) or _("Nothing"),
        )
        for place in placements(content)
        if place["cards"] or place["id"] != "tray"
    ]
    changed = len(changes(content))
    details.append(
        (_("Changes of mind"), ngettext("%(num)s change", "%(num)s changes", changed) if changed else _("None"))
    )
    return {
        "id": row["id"],
        "when": content["session"]["started_at"],
        "author": row["author"],
        "title": counts(content),
        "details": details,
    }


# --- routes --------------------------------------------------------------------------------------


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/picture-sort/cards/<card_id>.png")
@audit.part_of_page(on_its_own=PICTURE_ON_ITS_OWN)
@role_required(*ROLES)
def picture_sort_card(child_id, artefact_id, card_id):
    """A card the child drew, as a picture."""
    db = get_db()
    row, document = record_of(db, g.child["id"], artefact_id, NAME)
    card = next((card for card in document["content"]["cards"] if card["id"] == card_id), None)
    if card is None or card["drawing"] is None:
        abort(404)
    data = rendered(
        (row["id"], "picture-sort", card_id, CARD_PX, get_language()),
        lambda: printing.png_bytes(drawing_image(read_part(db, row, card["drawing"]), CARD_PX)),
    )
    return Response(data, mimetype="image/png")
