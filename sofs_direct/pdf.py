"""Printed sheets (the page a child's work is printed or attached on): one layout, drawn as a PDF
with fpdf2 or as a PNG with Pillow.

Main decision: a sheet is laid out once, in points on an A4 landscape page, and the same pages are
then drawn by either writer, so the PDF and the PNG break lines and pages in the same places. Widths
are measured from the font's own advance widths (fontTools, which fpdf2 already depends on), not by
either writer, which is what makes that possible. The typeface is DejaVu Sans (vendored from npm,
static/vendor/dejavu/), embedded in every PDF: it covers Welsh (ŵ ŷ â ê î ô û ï ë), so a child's
words are printed as they were written, and in the PDF they are real text a screen reader or a
search can read, not a picture of text.

Nothing the child said is ever cut off: words that do not fit are wrapped, and what does not fit on
a page says "continued on the next page" and carries on there. A character the font cannot draw (an
emoji) is printed as its Unicode name in brackets, "[slightly smiling face]", rather than as a blank
box or nothing; the stored words are never changed, only how they are printed.
"""

import io
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from fontTools.ttLib import TTFont
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from . import PROJECT_ROOT
from .i18n import _, get_language

FONT_DIR = PROJECT_ROOT / "static" / "vendor" / "dejavu"
FONT_FILES = {"regular": FONT_DIR / "DejaVuSans.ttf", "bold": FONT_DIR / "DejaVuSans-Bold.ttf"}
FAMILY = "DejaVu"

# The page, in points (1/72 inch): A4 landscape.
PAGE_WIDTH, PAGE_HEIGHT = 841.89, 595.28
MARGIN = 36
COLUMN_GAP = 18
PICTURE_SIZE = 176
ICON_SIZE = 22
DETAILS_HEIGHT = 78  # the session details band at the foot of each page (six lines)
INK = (11, 12, 12)
GREY = (80, 90, 95)
RULE = (177, 180, 182)
TAB = "    "  # a tab in the child's words is printed as four spaces (the font has no tab glyph)


@dataclass(frozen=True)
class Style:
    font: str  # "regular" or "bold"
    size: float  # points
    leading: float  # the line's height, points
    colour: tuple = INK


TITLE = Style("bold", 22, 28)
SUBTITLE = Style("regular", 11, 16, GREY)
HEADING = Style("bold", 13, 16)
SUBHEADING = Style("regular", 9, 12, GREY)
WORDS = Style("regular", 10, 13)
BY = Style("regular", 8, 11, GREY)
GAP = Style("regular", 10, 5)
NOTE = Style("regular", 8, 11, GREY)
DETAIL = Style("regular", 9, 12)


@dataclass(frozen=True)
class Line:
    text: str
    style: Style
    keep_with_previous: bool = False  # "child wrote" stays on the page of the words it is about


@dataclass
class Column:
    """One of the sheet's columns (a house): its heading, an optional icon and picture, and its lines."""
    heading: str
    subheading: str = ""
    icon: Image.Image | None = None
    picture: Image.Image | None = None
    lines: list[Line] = field(default_factory=list)
    empty_note: str = ""  # printed when there are no lines at all


@dataclass
class Sheet:
    title: str
    subtitle: str
    columns: list[Column]
    details: list[tuple[str, str]]  # (label, value), at the foot of the first page (and the next, if long)


@dataclass
class PlacedColumn:
    x: float
    width: float
    column: Column
    heading_lines: list[Line]
    subheading_lines: list[Line]
    lines: list[Line]
    picture: bool


@dataclass
class Page:
    number: int
    columns: list[PlacedColumn]
    details: list[Line]


# --- text ---------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _metrics(font: str) -> tuple[dict, dict, int]:
    """(character → glyph name, glyph name → advance width, units per em) for one of the fonts."""
    with TTFont(FONT_FILES[font], lazy=True) as ttf:
        return dict(ttf.getBestCmap()), {name: advance for name, (advance, _bearing) in ttf["hmtx"].metrics.items()}, \
            ttf["head"].unitsPerEm


@lru_cache(maxsize=None)
def _advances(font: str) -> dict[str, float]:
    """Each character's advance width in ems, filled in as characters are met."""
    return {}


def _em_width(character: str, font: str) -> float:
    table = _advances(font)
    if character not in table:
        cmap, advances, units = _metrics(font)
        table[character] = advances.get(cmap.get(ord(character), ".notdef"), 0) / units
    return table[character]


def text_width(text: str, style: Style) -> float:
    return sum(_em_width(character, style.font) for character in text) * style.size


def printable(text: str) -> str:
    """The text as the font can print it: characters it lacks are named, never silently lost."""
    cmap = _metrics("regular")[0]
    out = []
    for character in text.replace("\r\n", "\n").replace("\r", "\n"):
        if character == "\t":
            out.append(TAB)
        elif character == "\n" or ord(character) in cmap:
            out.append(character)
        elif unicodedata.category(character) == "Cf":
            continue  # joiners, variation selectors, direction marks: invisible whatever the font
        else:
            out.append("[" + unicodedata.name(character, f"U+{ord(character):04X}").lower() + "]")
    return "".join(out)


def wrap(text: str, style: Style, width: float) -> list[str]:
    """`text` broken into lines no wider than `width`: at spaces where possible, inside a word when a
    word is wider than the line. The child's own line breaks are kept, and every character but the
    spaces a line is broken at. One pass over the text (a 5,000-character word is common enough)."""
    lines = []
    for paragraph in printable(text).split("\n"):
        widths = [_em_width(character, style.font) * style.size for character in paragraph]
        start = 0
        while True:
            used, end, space = 0.0, start, None
            while end < len(paragraph) and used + widths[end] <= width:
                if paragraph[end] == " " and end > start and paragraph[end - 1] != " ":
                    space = end  # the last place this line could break, just after a word
                used += widths[end]
                end += 1
            if end == len(paragraph):
                lines.append(paragraph[start:])
                break
            if paragraph[end] == " " and end > start and paragraph[end - 1] != " ":
                space = end
            if space is None:  # one word wider than the line: break inside it (at least one character)
                end = max(end, start + 1)
                lines.append(paragraph[start:end])
                start = end
                continue
            lines.append(paragraph[start:space])
            start = space
            while start < len(paragraph) and paragraph[start] == " ":
                start += 1
            if start == len(paragraph):
                break
    return lines


# --- laying out pages ---------------------------------------------------------------------------

def column_width(count: int) -> float:
    """How wide each of `count` side-by-side columns is, in points (to wrap their lines)."""
    return (PAGE_WIDTH - 2 * MARGIN - (count - 1) * COLUMN_GAP) / count


def _height(lines: list[Line]) -> float:
    return sum(line.style.leading for line in lines)


def _indent(column: Column) -> float:
    """Headings sit beside the column's icon, when it has one."""
    return ICON_SIZE + 6 if column.icon is not None else 0


def _take(lines: list[Line], room: float, continued: Line) -> tuple[list[Line], list[Line]]:
    """The lines that fit in `room`, and the rest; when some do not fit, the last line says so."""
    if _height(lines) <= room:
        return lines, []
    count, used = 0, continued.style.leading
    while count < len(lines) and used + lines[count].style.leading <= room:
        used += lines[count].style.leading
        count += 1
    while count > 1 and lines[count].keep_with_previous:
        count -= 1
    taken, rest = lines[:count], lines[count:]
    while taken and taken[-1].style is GAP:
        taken.pop()
    while rest and rest[0].style is GAP:
        rest = rest[1:]
    return taken + [continued], rest


def layout(sheet: Sheet) -> list[Page]:
    """The sheet's pages: the first with the pictures, then as many as the words and details need."""
    width = column_width(len(sheet.columns))
    xs = [MARGIN + index * (width + COLUMN_GAP) for index in range(len(sheet.columns))]
    headings = [[Line(text, HEADING) for text in wrap(column.heading, HEADING, width - _indent(column))]
                for column in sheet.columns]
    subheadings = [[Line(text, SUBHEADING) for text in wrap(column.subheading, SUBHEADING, width - _indent(column))]
                   if column.subheading else [] for column in sheet.columns]
    heading_height = max(_height(a) + _height(b) for a, b in zip(headings, subheadings)) + 6
    top = MARGIN + TITLE.leading + SUBTITLE.leading + 10
    bottom = PAGE_HEIGHT - MARGIN - DETAILS_HEIGHT - 8
    details = [Line(text, DETAIL) for label, value in sheet.details
               for text in wrap(f"{label}: {value}", DETAIL, PAGE_WIDTH - 2 * MARGIN)]
    remaining = [column.lines or [Line(column.empty_note, NOTE)] for column in sheet.columns]
    continued = Line(_("continued on the next page"), NOTE)
    carried_over = Line(_("(continued)"), NOTE)
    pages = []
    while not pages or any(remaining) or details:
        first = not pages
        room = bottom - top - heading_height - (PICTURE_SIZE + 10 if first else 0)
        placed = []
        for index, column in enumerate(sheet.columns):
            lines = remaining[index]
            if not first and lines:
                lines = [carried_over, *lines]
            taken, remaining[index] = _take(lines, room, continued) if lines else ([], [])
            placed.append(PlacedColumn(xs[index], width, column, headings[index], subheadings[index], taken, first))
        if not first and details:
            details = [carried_over, *details]
        page_details, details = _take(details, DETAILS_HEIGHT, continued)
        pages.append(Page(len(pages) + 1, placed, page_details))
    return pages


def _baseline(top: float, style: Style) -> float:
    """Where a line's baseline sits in its box: centred by DejaVu's ascent and descent (0.93, 0.24 em)."""
    return top + (style.leading - 1.164 * style.size) / 2 + 0.928 * style.size


def _items(sheet: Sheet, page: Page, total: int) -> list[tuple]:
    items = [("text", MARGIN, _baseline(MARGIN, TITLE), sheet.title, TITLE),
             ("text", MARGIN, _baseline(MARGIN + TITLE.leading, SUBTITLE), sheet.subtitle, SUBTITLE)]
    if total > 1:
        label = _("Page %(page)s of %(total)s", page=page.number, total=total)
        items.append(("text", PAGE_WIDTH - MARGIN - text_width(label, NOTE), _baseline(MARGIN, NOTE), label, NOTE))
    top = MARGIN + TITLE.leading + SUBTITLE.leading + 10
    heading_height = max(_height(c.heading_lines) + _height(c.subheading_lines) for c in page.columns) + 6
    for placed in page.columns:
        y = top
        if placed.column.icon is not None:
            items.append(("image", placed.x, y, ICON_SIZE, placed.column.icon))
        for line in placed.heading_lines + placed.subheading_lines:
            items.append(("text", placed.x + _indent(placed.column), _baseline(y, line.style), line.text, line.style))
            y += line.style.leading
        y = top + heading_height
        if placed.picture and placed.column.picture is not None:
            size = min(PICTURE_SIZE, placed.width)
            items.append(("image", placed.x + (placed.width - size) / 2, y, size, placed.column.picture))
        if placed.picture:
            y += PICTURE_SIZE + 10
        for line in placed.lines:
            items.append(("text", placed.x, _baseline(y, line.style), line.text, line.style))
            y += line.style.leading
    rule_y = PAGE_HEIGHT - MARGIN - DETAILS_HEIGHT - 4
    items.append(("rule", MARGIN, rule_y, PAGE_WIDTH - MARGIN))
    y = rule_y + 4
    for line in page.details:
        items.append(("text", MARGIN, _baseline(y, line.style), line.text, line.style))
        y += line.style.leading
    return items


# --- the writers --------------------------------------------------------------------------------

def sheet_pdf(sheet: Sheet) -> bytes:
    """The sheet as an A4 landscape PDF, its words as real text in the embedded font."""
    document = FPDF(orientation="landscape", unit="pt", format="A4")
    document.set_auto_page_break(False)
    document.set_margins(MARGIN, MARGIN)
    document.add_font(FAMILY, "", str(FONT_FILES["regular"]))
    document.add_font(FAMILY, "B", str(FONT_FILES["bold"]))
    # Metadata names the kind of sheet only: a PDF's properties travel with it, the child's name must not.
    document.set_title(sheet.title)
    document.set_creator("SofS Direct")
    document.set_lang(get_language())
    pages = layout(sheet)
    for page in pages:
        document.add_page()
        for item in _items(sheet, page, len(pages)):
            if item[0] == "text":
                _kind, x, baseline, text, style = item
                if text:
                    document.set_font(FAMILY, "B" if style.font == "bold" else "", style.size)
                    document.set_text_color(*style.colour)
                    document.text(x, baseline, text)
            elif item[0] == "image":
                _kind, x, y, size, image = item
                document.image(image, x=x, y=y, w=size, h=size)
            else:
                _kind, x1, y, x2 = item
                document.set_draw_color(*RULE)
                document.set_line_width(0.75)
                document.line(x1, y, x2, y)
    return bytes(document.output())


@lru_cache(maxsize=64)
def _pillow_font(font: str, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_FILES[font]), size_px)


def sheet_images(sheet: Sheet, width_px: int = 1754, max_pages: int | None = None) -> list[Image.Image]:
    """The sheet's pages as RGB pictures `width_px` wide (1754 px is A4 at 150 dpi); the first
    `max_pages` only, when given (each page still says "Page 8 of 40", so none goes missing unseen)."""
    scale = width_px / PAGE_WIDTH
    pages = layout(sheet)
    images = []
    for page in pages[:max_pages]:
        image = Image.new("RGB", (width_px, round(PAGE_HEIGHT * scale)), "white")
        draw = ImageDraw.Draw(image)
        for item in _items(sheet, page, len(pages)):
            if item[0] == "text":
                _kind, x, baseline, text, style = item
                if text:
                    draw.text((x * scale, baseline * scale), text, fill=style.colour, anchor="ls",
                              font=_pillow_font(style.font, max(1, round(style.size * scale))))
            elif item[0] == "image":
                _kind, x, y, size, picture = item
                side = max(1, round(size * scale))
                fitted = picture.convert("RGBA").resize((side, side), Image.Resampling.LANCZOS)
                image.paste(fitted, (round(x * scale), round(y * scale)), fitted)
            else:
                _kind, x1, y, x2 = item
                draw.line([(x1 * scale, y * scale), (x2 * scale, y * scale)], fill=RULE, width=max(1, round(scale)))
        images.append(image)
    return images


def stacked(images: list[Image.Image], gap_px: int = 24) -> Image.Image:
    """Pages one under the other in one picture (a PNG has no pages), divided by a grey band."""
    width = max(image.width for image in images)
    height = sum(image.height for image in images) + gap_px * (len(images) - 1)
    whole = Image.new("RGB", (width, height), RULE)
    y = 0
    for image in images:
        whole.paste(image, (0, y))
        y += image.height + gap_px
    return whole


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=False)
    return buffer.getvalue()


def three_houses_sheet_pdf(document: dict, parts: dict[str, bytes], known_as: str, worker: str) -> bytes:
    """A Three Houses session's sheet as a PDF (tools/three_houses.py says what is on it)."""
    from .tools import three_houses  # the kinds import this module for their own sheets

    return sheet_pdf(three_houses.sheet(document, parts, known_as, worker))
