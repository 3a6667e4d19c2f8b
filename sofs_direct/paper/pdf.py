"""Printed sheets and booklets (the pages a child's or a family's work is printed on): one layout,
drawn as a PDF with fpdf2 or as a PNG with Pillow.

Main decision: a sheet (Three Houses, on an A4 landscape page) or a booklet (Words and Pictures, A4
or A5, one panel or two to a sheet) is laid out once, in points, as a list of things to draw on each
page, and the same pages are then drawn by either writer, so the PDF and the PNG break lines and
pages in the same places. Widths
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
from functools import cache, lru_cache

from fontTools.ttLib import TTFont
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from ..platform import PROJECT_ROOT
from ..platform.i18n import _, get_language

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
NOTICE = Style("regular", 9, 12)
NOTICE_PAD = 6


@dataclass(frozen=True)
class Line:
    text: str
    style: Style
    keep_with_previous: bool = False  # "child wrote" stays on the page of the words it is about
    # A booklet's flow holds its pictures as lines too, so one rule breaks it over pages: a picture
    # line draws the drawing `picture` (a name the writer's `pictures` turns into an image) as a
    # square as tall as the line's leading, centred.
    picture: str | None = None
    boxed: bool = False  # inside the panel's marked box (the children's additions)
    centred: bool = False


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
    notice: list[str] = field(default_factory=list)  # in a marked box under the title of every page


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

@cache
def _metrics(font: str) -> tuple[dict, dict, int]:
    """(character → glyph name, glyph name → advance width, units per em) for one of the fonts."""
    with TTFont(FONT_FILES[font], lazy=True) as ttf:
        return dict(ttf.getBestCmap()), {name: advance for name, (advance, _bearing) in ttf["hmtx"].metrics.items()}, \
            ttf["head"].unitsPerEm


@cache
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
    count = max(count, 1)  # a page always takes something, so a flow can never stop moving
    taken, rest = lines[:count], lines[count:]
    while taken and taken[-1].style is GAP:
        taken.pop()
    while rest and rest[0].style is GAP:
        rest = rest[1:]
    return taken + [continued], rest


def notice_box(lines: list[str], x: float, top: float, width: float) -> tuple[list[tuple], float]:
    """Lines in a marked box (what an export left out, and why): its items and its height; nothing
    at all for no lines."""
    if not lines:
        return [], 0
    wrapped = [part for line in lines for part in wrap(line, NOTICE, width - 2 * NOTICE_PAD)]
    height = len(wrapped) * NOTICE.leading + 2 * NOTICE_PAD
    return [("box", x, top, width, height, BOX_FILL, BOX_BORDER),
            *[("text", x + NOTICE_PAD, _baseline(top + NOTICE_PAD + number * NOTICE.leading, NOTICE), text, NOTICE)
              for number, text in enumerate(wrapped)]], height


def _sheet_notice(sheet: Sheet) -> tuple[list[tuple], float]:
    return notice_box(sheet.notice, MARGIN, MARGIN + TITLE.leading + SUBTITLE.leading + 6, PAGE_WIDTH - 2 * MARGIN)


def _columns_top(sheet: Sheet) -> float:
    """Where the columns start: under the title, and under the notice when there is one."""
    height = _sheet_notice(sheet)[1]
    return MARGIN + TITLE.leading + SUBTITLE.leading + 10 + (height + 6 if height else 0)


def layout(sheet: Sheet) -> list[Page]:
    """The sheet's pages: the first with the pictures, then as many as the words and details need."""
    width = column_width(len(sheet.columns))
    xs = [MARGIN + index * (width + COLUMN_GAP) for index in range(len(sheet.columns))]
    headings = [[Line(text, HEADING) for text in wrap(column.heading, HEADING, width - _indent(column))]
                for column in sheet.columns]
    subheadings = [[Line(text, SUBHEADING) for text in wrap(column.subheading, SUBHEADING, width - _indent(column))]
                   if column.subheading else [] for column in sheet.columns]
    heading_height = max(_height(a) + _height(b) for a, b in zip(headings, subheadings)) + 6
    top = _columns_top(sheet)
    bottom = PAGE_HEIGHT - MARGIN - DETAILS_HEIGHT - 8
    details = [Line(text, DETAIL) for label, value in sheet.details
               for text in wrap(f"{label}: {value}", DETAIL, PAGE_WIDTH - 2 * MARGIN)]
    remaining = [column.lines or [Line(column.empty_note, NOTE)] for column in sheet.columns]
    continued = Line(_("continued on the next page"), NOTE)
    carried_over = Line(_("(continued)"), NOTE)
    # A sheet with no pictures at all (a session the parent did not agree to) leaves no gap for them.
    pictured = any(column.picture is not None for column in sheet.columns)
    pages = []
    while not pages or any(remaining) or details:
        first = not pages
        room = bottom - top - heading_height - (PICTURE_SIZE + 10 if first and pictured else 0)
        placed = []
        for index, column in enumerate(sheet.columns):
            lines = remaining[index]
            if not first and lines:
                lines = [carried_over, *lines]
            taken, remaining[index] = _take(lines, room, continued) if lines else ([], [])
            placed.append(PlacedColumn(xs[index], width, column, headings[index], subheadings[index], taken,
                                       first and pictured))
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
    items += _sheet_notice(sheet)[0]
    top = _columns_top(sheet)
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
    items.append(("line", MARGIN, rule_y, PAGE_WIDTH - MARGIN, rule_y))
    y = rule_y + 4
    for line in page.details:
        items.append(("text", MARGIN, _baseline(y, line.style), line.text, line.style))
        y += line.style.leading
    return items


# --- the writers --------------------------------------------------------------------------------
# A page is a list of items, in drawing order, positions in points from the page's top left:
#   ("text", x, baseline, text, style)     ("image", x, y, side, PIL image)
#   ("drawing", x, y, side, name)           a drawing made at the writer's resolution by `pictures`
#   ("line", x1, y1, x2, y2)                a thin grey rule
#   ("box", x, y, width, height, fill or None (an outline only), border)

PRINT_DPI = 150  # drawings in a PDF: sharp when printed, small enough to send
# ... but at most this many pixels a side (a drawing across a whole A4 page is then 110 dpi, its
# edges still smoothed): the render's time grows with its area, and a twelve-page booklet must be
# made within two seconds on one core (tests/bench_booklet.py: 960 px took 1.7 s of CPU, 800 px 1.0 s).
PRINT_MAX_PX = 800


def _new_pdf(title: str, width: float, height: float) -> FPDF:
    # fpdf2 wants the short side first and the orientation apart (a named format warns since 2.8.5).
    document = FPDF(orientation="landscape" if width > height else "portrait", unit="pt",
                    format=(min(width, height), max(width, height)))
    document.set_auto_page_break(False)
    document.set_margins(0, 0)
    document.add_font(FAMILY, "", str(FONT_FILES["regular"]))
    document.add_font(FAMILY, "B", str(FONT_FILES["bold"]))
    # Metadata names the kind of document only: a PDF's properties travel with it, the child's name must not.
    document.set_title(title)
    document.set_creator("SofS Direct")
    document.set_lang(get_language())
    return document


def _draw_pdf(document: FPDF, items: list[tuple], pictures=None) -> None:
    document.add_page()
    for item in items:
        kind = item[0]
        if kind == "text":
            _kind, x, baseline, text, style = item
            if text:
                document.set_font(FAMILY, "B" if style.font == "bold" else "", style.size)
                document.set_text_color(*style.colour)
                document.text(x, baseline, text)
        elif kind in ("image", "drawing"):
            _kind, x, y, size, picture = item
            if kind == "drawing":
                picture = pictures(picture, max(1, min(PRINT_MAX_PX, round(size * PRINT_DPI / 72))))
            document.image(picture, x=x, y=y, w=size, h=size)
        elif kind == "line":
            _kind, x1, y1, x2, y2 = item
            document.set_draw_color(*RULE)
            document.set_line_width(0.75)
            document.line(x1, y1, x2, y2)
        else:
            _kind, x, y, width, height, fill, border = item
            if fill is not None:
                document.set_fill_color(*fill)
            document.set_draw_color(*border)
            document.set_line_width(1.5 if fill is not None else 0.75)
            document.rect(x, y, width, height, style="D" if fill is None else "DF")


@lru_cache(maxsize=64)
def _pillow_font(font: str, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_FILES[font]), size_px)


def _draw_image(items: list[tuple], width: float, height: float, width_px: int, pictures=None) -> Image.Image:
    """One page as an RGB picture `width_px` wide."""
    scale = width_px / width
    image = Image.new("RGB", (width_px, round(height * scale)), "white")
    draw = ImageDraw.Draw(image)
    for item in items:
        kind = item[0]
        if kind == "text":
            _kind, x, baseline, text, style = item
            if text:
                draw.text((x * scale, baseline * scale), text, fill=style.colour, anchor="ls",
                          font=_pillow_font(style.font, max(1, round(style.size * scale))))
        elif kind in ("image", "drawing"):
            _kind, x, y, size, picture = item
            side = max(1, round(size * scale))
            if kind == "drawing":
                picture = pictures(picture, side)
            fitted = picture.convert("RGBA")
            if fitted.size != (side, side):
                fitted = fitted.resize((side, side), Image.Resampling.LANCZOS)
            image.paste(fitted, (round(x * scale), round(y * scale)), fitted)
        elif kind == "line":
            _kind, x1, y1, x2, y2 = item
            draw.line([(x1 * scale, y1 * scale), (x2 * scale, y2 * scale)], fill=RULE, width=max(1, round(scale)))
        else:
            _kind, x, y, box_width, box_height, fill, border = item
            draw.rectangle([x * scale, y * scale, (x + box_width) * scale, (y + box_height) * scale], fill=fill,
                           outline=border, width=max(1, round((1.5 if fill is not None else 0.75) * scale)))
    return image


def sheet_pdf(sheet: Sheet) -> bytes:
    """The sheet as an A4 landscape PDF, its words as real text in the embedded font."""
    document = _new_pdf(sheet.title, PAGE_WIDTH, PAGE_HEIGHT)
    pages = layout(sheet)
    for page in pages:
        _draw_pdf(document, _items(sheet, page, len(pages)))
    return bytes(document.output())


def sheet_images(sheet: Sheet, width_px: int = 1754, max_pages: int | None = None) -> list[Image.Image]:
    """The sheet's pages as RGB pictures `width_px` wide (1754 px is A4 at 150 dpi); the first
    `max_pages` only, when given (each page still says "Page 8 of 40", so none goes missing unseen)."""
    pages = layout(sheet)
    return [_draw_image(_items(sheet, page, len(pages)), PAGE_WIDTH, PAGE_HEIGHT, width_px)
            for page in pages[:max_pages]]


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


# --- booklets ---------------------------------------------------------------------------------
# A booklet is a run of panels (a cover, then one panel a page of a storyboard), each a drawing
# above its words, printed one panel to a portrait page or two side by side on a landscape one.
# Each panel is fitted to its page: the pictures shrink first, then the words, down to a floor;
# what does not fit even then (a page of 600 one-letter lines) carries on onto the next page.

PAPERS = {"A4": (595.28, 841.89), "A5": (419.53, 595.28)}  # portrait, in points (ISO 216)
BOOKLET_MARGINS = {"A4": 36, "A5": 28}
PANEL_GAP = 36  # between two panels on one sheet: room to cut or fold there
REFERENCE_WIDTH = 523  # a panel on A4 portrait, where a page's words are 20 pt
SHRINK = (1, 0.85, 0.72, 0.6, 0.5)  # sizes tried in turn, largest first, until a panel fits its page
SMALLEST_TEXT = 7  # points: never smaller, however narrow the panel
PICTURE_SMALLEST = 0.45  # of the panel's width: a page's drawing smaller than this is not worth seeing
BOX_PICTURE_LARGEST, BOX_PICTURE_SMALLEST = 0.6, 0.25
PICTURE_SHARE = 0.62  # of the room left, when a page has its own drawing and the children's
BOX_PAD = 10
BOX_FILL = (255, 247, 214)  # a pale yellow band: the children's part of the page
BOX_BORDER = (29, 112, 184)
BOOKLET_NOTE = Style("regular", 10, 14, GREY)


@dataclass
class Panel:
    """One panel of a booklet, in the order it is drawn: a title and its details (a cover), a
    drawing, the words, and a marked box (someone's additions: a heading, a drawing, words)."""
    title: str = ""
    details: list[str] = field(default_factory=list)
    picture: str | None = None  # a name the writer's `pictures(name, size_px)` draws
    text: str = ""
    box_heading: str = ""  # no heading: no box
    box_picture: str | None = None
    box_text: str = ""
    footer: str = ""  # the page number


@dataclass
class Booklet:
    title: str  # the PDF's title property: the kind of document, never a name
    panels: list[Panel]
    paper: str = "A4"
    per_sheet: int = 1


@dataclass
class Frame:
    """One panel's place on one page: its lines there (all of them, or its share when it carries on)."""
    panel: int
    lines: list[Line]
    footer: str


def booklet_page_size(paper: str, per_sheet: int) -> tuple[float, float]:
    width, height = PAPERS[paper]
    return (height, width) if per_sheet == 2 else (width, height)


def panel_size(paper: str, per_sheet: int) -> tuple[float, float]:
    """A panel's width and the height its lines may fill (the page number sits under them)."""
    margin = BOOKLET_MARGINS[paper]
    page_width, page_height = booklet_page_size(paper, per_sheet)
    return ((page_width - 2 * margin - (per_sheet - 1) * PANEL_GAP) / per_sheet,
            page_height - 2 * margin - BOOKLET_NOTE.leading)


@lru_cache(maxsize=64)
def _booklet_styles(scale: float) -> dict[str, Style]:
    def sized(font, points, leading, colour=INK):
        size = max(SMALLEST_TEXT, points * scale)
        return Style(font, size, size * leading, colour)

    return {"title": sized("bold", 30, 1.25), "detail": sized("regular", 13, 1.4),
            "text": sized("regular", 20, 1.4), "heading": sized("bold", 14, 1.4, BOX_BORDER),
            "box": sized("regular", 17, 1.4)}


def _space(height: float, boxed: bool = False, keep: bool = False) -> Line:
    return Line("", Style("regular", 0, height), keep_with_previous=keep, boxed=boxed)


def _panel_lines(panel: Panel, width: float, styles: dict, side: float, box_side: float) -> list[Line]:
    """The panel's lines at these styles, with its drawings `side` and `box_side` points square."""
    lines = [Line(text, styles["title"], centred=True) for text in wrap(panel.title, styles["title"], width)
             ] if panel.title else []
    for detail in panel.details:
        lines.append(_space(styles["detail"].leading / 2))
        lines += [Line(text, styles["detail"], centred=True) for text in wrap(detail, styles["detail"], width)]
    if panel.picture:
        lines.append(Line("", Style("regular", 0, side), picture=panel.picture))
    if panel.text:
        lines.append(_space(styles["text"].leading / 2))
        lines += [Line(text, styles["text"]) for text in wrap(panel.text, styles["text"], width)]
    if panel.box_heading:
        inner = width - 2 * BOX_PAD
        lines += [_space(styles["text"].leading / 2), _space(BOX_PAD, boxed=True)]
        lines += [Line(text, styles["heading"], boxed=True)
                  for text in wrap(panel.box_heading, styles["heading"], inner)]
        if panel.box_picture:  # kept with the heading that says whose it is
            lines += [_space(6, boxed=True, keep=True),
                      Line("", Style("regular", 0, box_side), keep_with_previous=True, picture=panel.box_picture,
                           boxed=True)]
        if panel.box_text:
            lines.append(_space(6, boxed=True, keep=True))
            box_lines = wrap(panel.box_text, styles["box"], inner)
            lines += [Line(text, styles["box"], keep_with_previous=index == 0, boxed=True)
                      for index, text in enumerate(box_lines)]
        lines.append(_space(BOX_PAD, boxed=True))
    return lines


def _picture_sides(panel: Panel, width: float, room: float) -> tuple[float, float] | None:
    """The drawings' sides when they fit in `room` at no less than their smallest, else None."""
    largest, box_largest = width, (width - 2 * BOX_PAD) * BOX_PICTURE_LARGEST
    box_wanted = bool(panel.box_heading and panel.box_picture)
    if panel.picture and box_wanted:
        side = min(largest, room * PICTURE_SHARE)
        box_side = min(box_largest, room - side)
        side = min(largest, room - box_side)
    else:
        side = min(largest, room) if panel.picture else 0
        box_side = min(box_largest, room) if box_wanted else 0
    if room < 0 or (panel.picture and side < width * PICTURE_SMALLEST) or \
            (box_wanted and box_side < width * BOX_PICTURE_SMALLEST):
        return None
    return side, box_side


def _fit(panel: Panel, width: float, height: float) -> list[Line]:
    """The panel's lines at the largest sizes that fit on one page; when even the smallest do not,
    at the smallest with the drawings at their smallest, to carry on over pages."""
    for factor in SHRINK:
        styles = _booklet_styles(round(factor * width / REFERENCE_WIDTH, 4))
        room = height - _height(_panel_lines(panel, width, styles, 0, 0))
        sides = _picture_sides(panel, width, room)
        if sides is not None:
            return _panel_lines(panel, width, styles, *sides)
    most = height - 2 * BOOKLET_NOTE.leading  # a page that carries on has both notes
    return _panel_lines(panel, width, styles, min(width * PICTURE_SMALLEST, most),
                        min(width * BOX_PICTURE_SMALLEST, most))


def booklet_layout(booklet: Booklet) -> list[list[Frame]]:
    """The booklet's pages, each with its frames (`per_sheet` of them, fewer on the last page)."""
    width, height = panel_size(booklet.paper, booklet.per_sheet)
    continued = Line(_("continued on the next page"), BOOKLET_NOTE)
    carried_over = Line(_("(continued)"), BOOKLET_NOTE)
    frames = []
    for number, panel in enumerate(booklet.panels):
        rest = _fit(panel, width, height)
        taken, rest = _take(rest, height, continued)
        frames.append(Frame(number, taken, panel.footer))
        while rest:
            taken, rest = _take([carried_over, *rest], height, continued)
            frames.append(Frame(number, taken, panel.footer))
    return [frames[start:start + booklet.per_sheet] for start in range(0, len(frames), booklet.per_sheet)]


def _frame_items(frame: Frame, x: float, y: float, width: float, height: float) -> list[tuple]:
    items, boxes, pictures = [], [], []
    top = y
    for line in frame.lines:
        if line.boxed and boxes and boxes[-1][1] == top:
            boxes[-1][1] = top + line.style.leading  # the box grows down over its lines
        elif line.boxed:
            boxes.append([top, top + line.style.leading])
        left, room = (x + BOX_PAD, width - 2 * BOX_PAD) if line.boxed else (x, width)
        side = line.style.leading
        if line.picture:
            pictures.append((left + (room - side) / 2, top, side, line.picture))
        elif line.text:
            indent = (room - text_width(line.text, line.style)) / 2 if line.centred else 0
            items.append(("text", left + indent, _baseline(top, line.style), line.text, line.style))
        top += line.style.leading
    drawn = [("box", x, start, width, end - start, BOX_FILL, BOX_BORDER) for start, end in boxes]
    for left, picture_top, side, name in pictures:
        # A thin frame round each drawing: a child's picture on white paper has no edge of its own.
        drawn += [("drawing", left, picture_top, side, name), ("box", left, picture_top, side, side, None, RULE)]
    if frame.footer:
        drawn.append(("text", x + (width - text_width(frame.footer, BOOKLET_NOTE)) / 2,
                      _baseline(y + height, BOOKLET_NOTE), frame.footer, BOOKLET_NOTE))
    return drawn + items


def _booklet_items(booklet: Booklet, frames: list[Frame]) -> list[tuple]:
    margin = BOOKLET_MARGINS[booklet.paper]
    page_width, page_height = booklet_page_size(booklet.paper, booklet.per_sheet)
    width, height = panel_size(booklet.paper, booklet.per_sheet)
    items = []
    if booklet.per_sheet == 2:  # where to cut or fold the sheet
        items.append(("line", page_width / 2, margin, page_width / 2, page_height - margin))
    for slot, frame in enumerate(frames):
        items += _frame_items(frame, margin + slot * (width + PANEL_GAP), margin, width, height)
    return items


def booklet_pdf(booklet: Booklet, pictures) -> bytes:
    """The booklet as a PDF, its words real text in the embedded font; `pictures(name, size_px)`
    gives each drawing as a square image (drawn once, at PRINT_DPI for its printed size)."""
    width, height = booklet_page_size(booklet.paper, booklet.per_sheet)
    document = _new_pdf(booklet.title, width, height)
    for frames in booklet_layout(booklet):
        _draw_pdf(document, _booklet_items(booklet, frames), pictures)
    return bytes(document.output())


def booklet_images(booklet: Booklet, pictures, width_px: int = 1240, panels=None) -> list[Image.Image]:
    """Each panel as its own portrait picture `width_px` wide (1240 px is A4 at 150 dpi), as it is
    printed one to a page; a panel that carries on is its pages one under another. `panels` picks
    some panels by number (the others' drawings are then never drawn)."""
    single = Booklet(booklet.title, booklet.panels, booklet.paper, 1)
    width, height = booklet_page_size(booklet.paper, 1)
    pages: dict[int, list[Image.Image]] = {}
    for frames in booklet_layout(single):
        if panels is None or frames[0].panel in panels:
            pages.setdefault(frames[0].panel, []).append(
                _draw_image(_booklet_items(single, frames), width, height, width_px, pictures))
    return [stacked(images) if len(images) > 1 else images[0] for _, images in sorted(pages.items())]


# --- for documents with their own layout (the network kind's render.py: the map, a meeting) --

def baseline(top: float, style: Style) -> float:
    """Where a line of `style` whose box starts at `top` has its baseline (as every page here does)."""
    return _baseline(top, style)


def pillow_font(font: str, size_px: int) -> ImageFont.FreeTypeFont:
    """The embedded typeface at a pixel size, for pictures drawn with Pillow."""
    return _pillow_font(font, size_px)


def items_pdf(title: str, width: float, height: float, pages: list[list[tuple]], pictures=None) -> bytes:
    """Pages already laid out as items (see "the writers" above), `width` × `height` points each, as
    a PDF in the embedded font; `pictures(name, size_px)` draws their "drawing" items, if any."""
    document = _new_pdf(title, width, height)
    for items in pages:
        _draw_pdf(document, items, pictures)
    return bytes(document.output())


# --- pages as items, for a document written in parts (export_files.py keeps each file within a size)

def sheet_pages(sheet: Sheet) -> list[list[tuple]]:
    """The sheet's pages as items: `items_pdf` of all of them is the sheet's PDF."""
    pages = layout(sheet)
    return [_items(sheet, page, len(pages)) for page in pages]


def booklet_pages(booklet: Booklet) -> list[list[tuple]]:
    """The booklet's pages as items (its drawings as "drawing" items, for a writer's `pictures`)."""
    return [_booklet_items(booklet, frames) for frames in booklet_layout(booklet)]


def items_images(width: float, height: float, pages: list[list[tuple]], width_px: int,
                 pictures=None) -> list[Image.Image]:
    """Pages already laid out as items, each as an RGB picture `width_px` wide."""
    return [_draw_image(items, width, height, width_px, pictures) for items in pages]
