"""A Three Houses session's renders: one house's picture, and the "My Three Houses" sheet (its
pages, the pages as one picture, and the PDF).

Main decision: the sheet prints only the child's words and the session's facts — never the worker's
interpretation (the observations and reflection are fields of their own, kept off it). A refusal
with nothing done with the child is said in words instead of drawing empty houses.
"""

from pathlib import Path

from PIL import Image, ImageOps

from ...artefacts.fields import written_by
from ...artefacts.sharing import describe_wish
from ...paper import ink, ink_decode, lettering, printing, raster, sheets
from ...paper.photos import clean_picture
from ...platform.dates import long_date
from ...platform.i18n import _
from . import KEYS, LABEL
from .details import clip_details, consent_details, session_details
from .session import child_order, house_name, house_of, outline_of, refusal_statement, refused_only

PICTURE_PAGES = 8  # the most pages a PNG sheet holds (1754 × 1240 px each)
SYMBOLS_DIR = Path(ink.ARTWORK_PATH).parent / "symbols"


def picture_parts(house: dict) -> list[str]:
    """The parts house_image draws a house from: its drawing, else its first photo (else none)."""
    return [house["ink"]] if house["ink"] else house["photos"][:1]


def house_image(document: dict, key: str, parts: dict[str, bytes], size_px: int) -> Image.Image:
    """A square RGB picture of one house: the drawing; else the first photo of a drawing on paper;
    else the empty outline the child was offered."""
    content = document["content"]
    house = house_of(content, key)
    outline = outline_of(content)
    if house["ink"] is not None:
        # A drawing over the budget, stored before there was one, is drawn as render_drawing's placeholder.
        ops = ink_decode.decode(parts[house["ink"]], ink.load_artwork(), outline, within_budget=False)
        return raster.render_drawing(ops, outline, size_px)
    if house["photos"]:
        photo = ImageOps.contain(
            clean_picture(parts[house["photos"][0]], max_side=size_px), (size_px, size_px), Image.Resampling.LANCZOS
        )
        square = Image.new("RGB", (size_px, size_px), "white")
        square.paste(photo, ((size_px - photo.width) // 2, (size_px - photo.height) // 2))
        return square
    return raster.render_drawing([], outline, size_px)


def _symbol_icon(symbol: str | None) -> Image.Image | None:
    path = SYMBOLS_DIR / f"{symbol}.png"
    if symbol is None or not path.is_file():
        return None
    with Image.open(path) as icon:
        return icon.convert("RGBA")


def wish_lines(wish, width: float) -> list[lettering.Line]:
    """Who the child said may see something, under it (the full record prints every wish)."""
    return [
        lettering.Line(text, lettering.BY, keep_with_previous=True)
        for text in lettering.wrap(_("Shared with: %(who)s", who=describe_wish(wish)), lettering.BY, width)
    ]


def word_lines(house: dict, width: float, with_wishes: bool = False) -> list[lettering.Line]:
    """A house's words for a sheet: each word exactly as written, then who wrote it down (and, with
    `with_wishes`, who the child said may see it)."""
    lines = []
    for word in house["words"]:
        if lines:
            lines.append(lettering.Line("", lettering.GAP))
        lines += [
            lettering.Line(text, lettering.WORDS) for text in lettering.wrap(word["text"], lettering.WORDS, width)
        ]
        lines.append(lettering.Line(written_by(word["by"]), lettering.BY, keep_with_previous=True))
        if with_wishes:
            lines += wish_lines(word["share"], width)
    return lines


def sheet(
    document: dict,
    parts: dict[str, bytes],
    known_as: str,
    worker: str,
    picture_px: int = 600,
    with_wishes: bool = False,
    withheld: bool = False,
) -> sheets.Sheet:
    """The "My Three Houses" sheet: the houses side by side in the child's order, each with its name,
    symbol, picture and the child's words, then the session's facts. No observations or reflection.
    With `with_wishes` (the full record for the case file), each house and word says who the child
    said may see it. `withheld`: something was taken out of the document for an audience."""
    content = document["content"]
    session = content["session"]
    details = session_details(session, worker) + consent_details(content) + clip_details(content, with_wishes)
    subtitle = f"{known_as} · {long_date(session['started_at'])}"
    if refused_only(content, withheld):  # nothing to draw: the refusal is the record, never empty houses
        return sheets.Sheet(
            title=str(LABEL),
            subtitle=subtitle,
            details=details,
            columns=[sheets.Column(heading=refusal_statement(content))],
        )
    theme = content["theme"]
    width = sheets.column_width(len(KEYS))
    columns = []
    for key in child_order(content):
        house = house_of(content, key)
        lines = word_lines(house, width, with_wishes)
        if with_wishes:  # the house's own wish covers its drawing and its name
            lines = [
                lettering.Line(_("The drawing and the house's name:"), lettering.BY),
                *wish_lines(house["share"], width),
                lettering.Line("", lettering.GAP),
                *(lines or [lettering.Line(_("No words written down"), lettering.NOTE)]),
            ]
        columns.append(
            sheets.Column(
                heading=house["name"] or house_name(key, theme),
                subheading=house_name(key, theme) if house["name"] else "",
                icon=_symbol_icon(house["symbol"]),
                picture=house_image(document, key, parts, picture_px),
                lines=lines,
                empty_note=_("No words written down"),
            )
        )
    # A refusal, yet the session went ahead: said in the marked box under the title of every page.
    statement = refusal_statement(content, withheld)
    return sheets.Sheet(
        title=_("My Three Houses") if theme == "houses" else _("My Three Bubbles"),
        subtitle=subtitle,
        columns=columns,
        details=details,
        notice=[statement] if statement else [],
    )


def sheet_image(
    document: dict, parts: dict[str, bytes], known_as: str, worker: str, width_px: int = 1754
) -> Image.Image:
    """The sheet as one picture: its pages one under another (words that did not fit on the first
    page continue on the next, never cut off). A picture holds at most PICTURE_PAGES pages, so
    a session of thousands of words cannot make a picture too big to hold in memory; the PDF has
    every page, and each page of the picture says which of how many it is."""
    return printing.stacked(sheets.sheet_images(sheet(document, parts, known_as, worker), width_px, PICTURE_PAGES))


def sheet_pdf(document: dict, parts: dict[str, bytes], known_as: str, worker: str) -> bytes:
    """The session's sheet as a PDF (`sheet` says what is on it; paper/sheets.py lays out and writes any sheet)."""
    return sheets.sheet_pdf(sheet(document, parts, known_as, worker))
