"""A picture sort in a file for its audience: "My picture sort" on its own (PDF or PNG: the board
with each place's symbol and words and each card under the place the child chose, then the changes
of mind and what the worker wrote down), and the same in an assessment pack; the platform writes
the JSON.

Main decision: the board is laid out a row at a time (the places' headings, then the first card of
each place, then the second…), each row one block of the page flow, so a long sort carries on over
pages and no card is ever cut off; on a path, each number that has cards is a row of its own under a
strip of the path. Symbols are drawn from the catalogue's SVG as vectors (artefacts/symbols.py), the
child's drawn cards as pictures, and every word is real text. Everything here works on the document
already filtered for the audience (audience.for_audience).
"""

from ...artefacts import audience as audiences
from ...artefacts import symbols
from ...artefacts.export_layout import INNER, PORTRAIT, Blocks, Paged, Pictures, by_line, paged, visit_facts
from ...paper import lettering, sheets
from ...paper.drawing import drawing_image
from ...platform.dates import long_date, time_of_day
from ...platform.i18n import _
from . import HOW_NAMES, PATH
from .sort import card_words, changes, placements
from .views import counts, sort_details

GAP = 8
PLACE_SYMBOL = 34  # a place's symbol at the head of its column
CARD_SYMBOL = 26  # a card's symbol or the child's drawing, beside its words
PLACE_STYLE = lettering.Style("bold", 11, 14)
CARD_STYLE = lettering.Style("regular", 9, 11.5)
STEP = 22  # a number's box on the path's strip


def export_name(content: dict) -> str:
    return "picture-sort"


def export_details(work) -> list[tuple[str, str]]:
    sorted_row = [(_("Sorted"), counts(work.content))] if work.content["cards"] else []  # none: withheld
    return [*sort_details(work.content, work.author), *sorted_row]


def _symbol(symbol_id, x: float, y: float, side: float) -> list[tuple]:
    """A symbol's picture, or nothing for none (or one the catalogue no longer has: the words stay)."""
    if symbol_id is None or symbols.symbol(symbol_id) is None:
        return []
    return [("symbol", x, y, side, symbols.picture_path(symbol_id))]


def _card(card: dict, x: float, width: float, pictures: Pictures, work, prefix: str) -> tuple[list[tuple], float]:
    """One card in its column: its symbol or drawing at the left, its words (as shown) beside it."""
    if card["drawing"]:
        name = card["drawing"]
        key = pictures.add(
            f"{prefix}{name}",
            lambda size_px: drawing_image(work.read(name), size_px),
            False,
            _("The child's own drawing"),
            "",
            work.number,
        )
        items = [("drawing", x, 0, CARD_SYMBOL, key), ("box", x, 0, CARD_SYMBOL, CARD_SYMBOL, None, lettering.RULE)]
    else:
        items = _symbol(card["symbol"], x, 0, CARD_SYMBOL)
    lines = lettering.wrap(card_words(card), CARD_STYLE, width - CARD_SYMBOL - 4) or [""]
    items += [
        ("text", x + CARD_SYMBOL + 4, lettering.baseline(number * CARD_STYLE.leading, CARD_STYLE), line, CARD_STYLE)
        for number, line in enumerate(lines)
    ]
    if card["by"] == "child":
        top = len(lines) * CARD_STYLE.leading
        items.append(
            (
                "text",
                x + CARD_SYMBOL + 4,
                lettering.baseline(top, lettering.BY),
                _("the child's own card"),
                lettering.BY,
            )
        )
        return items, max(CARD_SYMBOL, top + lettering.BY.leading)
    return items, max(CARD_SYMBOL, len(lines) * CARD_STYLE.leading)


def _row(cells: list[tuple[list[tuple], float]]) -> tuple[list[tuple], float]:
    return [item for items, _height in cells for item in items], max((height for _items, height in cells), default=0)


def _heading_cell(place: dict, x: float, width: float) -> tuple[list[tuple], float]:
    items = _symbol(place["symbol"], x + (width - PLACE_SYMBOL) / 2, 0, PLACE_SYMBOL)
    top = PLACE_SYMBOL + 4 if items else 0
    lines = lettering.wrap(place["words"], PLACE_STYLE, width)
    for number, line in enumerate(lines):
        left = x + (width - lettering.text_width(line, PLACE_STYLE)) / 2
        items.append(
            ("text", left, lettering.baseline(top + number * PLACE_STYLE.leading, PLACE_STYLE), line, PLACE_STYLE)
        )
    return items, top + len(lines) * PLACE_STYLE.leading


def _grid(blocks: Blocks, places: list[dict], pictures, work, prefix: str) -> None:
    """Places side by side: a row of headings over a rule, then a row for each n-th card."""
    width = (INNER - GAP * (len(places) - 1)) / len(places)
    xs = [sheets.MARGIN + index * (width + GAP) for index in range(len(places))]
    heads, height = _row([_heading_cell(place, x, width) for place, x in zip(places, xs, strict=True)])
    heads.append(("line", sheets.MARGIN, height + 4, sheets.MARGIN + INNER, height + 4))
    blocks.block(heads, height + 10)
    for index in range(max(len(place["cards"]) for place in places)):
        cells = [
            _card(place["cards"][index], x, width, pictures, work, prefix)
            for place, x in zip(places, xs, strict=True)
            if index < len(place["cards"])
        ]
        items, height = _row(cells)
        blocks.block(items, height + 6)


def _path(blocks: Blocks, content: dict, places: list[dict], pictures, work, prefix: str) -> None:
    """The path as a strip of numbers (those with cards filled), its ends' words under it, then each
    number with cards as a row of its own."""
    low, high = PATH
    board = content["board"]
    with_cards = {int(place["words"]) for place in places}
    items = []
    for number in range(low, high + 1):
        x = sheets.MARGIN + (number - low) * (STEP + 4)
        fill = (191, 223, 191) if number in with_cards else None
        items.append(("box", x, 0, STEP, STEP, fill, lettering.INK))
        label = str(number)
        items.append(
            (
                "text",
                x + (STEP - lettering.text_width(label, PLACE_STYLE)) / 2,
                lettering.baseline(4, PLACE_STYLE),
                label,
                PLACE_STYLE,
            )
        )
    end_x = sheets.MARGIN + (high - low) * (STEP + 4) + STEP
    for column, x, anchor in ((board["columns"][0], sheets.MARGIN, "left"), (board["columns"][1], end_x, "right")):
        text = f"{low}: {column['words']}" if anchor == "left" else f"{high}: {column['words']}"
        left = x if anchor == "left" else x - lettering.text_width(text, lettering.DETAIL)
        items.append(("text", left, lettering.baseline(STEP + 4, lettering.DETAIL), text, lettering.DETAIL))
    blocks.block(items, STEP + 4 + lettering.DETAIL.leading + 8)
    for place in places:
        blocks.heading(place["words"], PLACE_STYLE, space=6)
        for card in place["cards"]:
            cell, height = _card(card, sheets.MARGIN, INNER / 2, pictures, work, prefix)
            blocks.block(cell, height + 4)


def _board(blocks: Blocks, pictures: Pictures, work, audience: str, prefix: str) -> None:
    """The board, the cards not sorted, the changes of mind and the worker's notes."""
    content = work.content
    if not content["cards"]:  # withheld for this audience, or a sort that kept no card
        blocks.text(_("No cards are shown here."), lettering.BY)
        return
    *places, tray = placements(content)
    if content["board"]["shape"] == "columns":
        _grid(blocks, places, pictures, work, prefix)
    else:
        _path(blocks, content, places, pictures, work, prefix)
    by = by_line(_("Sorted by the child"), content["share"], audience)
    blocks.text(by, lettering.BY)
    if tray["cards"]:
        blocks.heading(_("Not sorted"), lettering.HEADING)
        blocks.text(", ".join(card_words(card) for card in tray["cards"]))
    found = changes(content)
    if found:
        blocks.heading(_("Changes of mind"))
        for change in found:
            blocks.text(
                _(
                    "%(time)s: “%(card)s” from %(before)s to %(after)s, %(how)s",
                    time=time_of_day(change["at"]),
                    card=change["card"],
                    before=change["before"],
                    after=change["after"],
                    how=HOW_NAMES[change["how"]],
                )
            )
    for noted, heading in (("said", _("What the child said")), ("did", _("What the child did"))):
        notes = [note for note in content["notes"] if note["noted"] == noted]
        if notes:
            blocks.heading(heading)
            for note in notes:
                blocks.text(note["text"], by=_("Worker scribed"))


def export_section(db, user, blocks, pictures, work, audience: str) -> None:
    blocks.details(export_details(work))
    _board(blocks, pictures, work, audience, f"{work.number}/")


def export_paged(db, user, work, known_as: str, audience: str, scale: float) -> Paged:
    """ "My picture sort": the board and its cards, then the visit's facts."""
    blocks, pictures = Blocks(), Pictures(scale)
    blocks.notice(audiences.notice(audience, work.withheld))
    _board(blocks, pictures, work, audience, "")
    blocks.heading(_("About this visit"))
    blocks.details(export_details(work) + visit_facts(work))
    title = _("My picture sort")
    subtitle = " · ".join(part for part in (known_as, long_date(work.content["session"]["started_at"])) if part)
    width, height = PORTRAIT
    return Paged(title, width, height, paged(title, subtitle, blocks, width, height), pictures)
