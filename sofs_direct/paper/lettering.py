"""The words on a printed page (the sheets and booklets a child's or a family's work is printed on):
the typeface, the styles, measuring and wrapping a line, and breaking a flow of lines over pages.

Main decision: widths are measured from the font's own advance widths (fontTools, which fpdf2
already depends on), not by either writer (printing.py draws a page as a PDF with fpdf2 or as a PNG
with Pillow), which is what lets the PDF and the PNG break lines and pages in the same places. The
typeface is DejaVu Sans (vendored from npm, static/vendor/dejavu/), embedded in every PDF: it covers
Welsh (ŵ ŷ â ê î ô û ï ë), so a child's words are printed as they were written, and in the PDF they
are real text a screen reader or a search can read, not a picture of text.

Nothing the child said is ever cut off: words that do not fit are wrapped, and what does not fit on
a page says "continued on the next page" and carries on there. A character the font cannot draw (an
emoji) is printed as its Unicode name in brackets, "[slightly smiling face]", rather than as a blank
box or nothing; the stored words are never changed, only how they are printed.
"""

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from fontTools.ttLib import TTFont
from PIL import ImageFont

from ..platform import PROJECT_ROOT

FONT_DIR = PROJECT_ROOT / "static" / "vendor" / "dejavu"
FONT_FILES = {"regular": FONT_DIR / "DejaVuSans.ttf", "bold": FONT_DIR / "DejaVuSans-Bold.ttf"}
FAMILY = "DejaVu"

# The colours of a printed page; the marked box (a booklet's additions, an export's notice) too.
INK = (11, 12, 12)
GREY = (80, 90, 95)
RULE = (177, 180, 182)
TAB = "    "  # a tab in the child's words is printed as four spaces (the font has no tab glyph)
BOX_FILL = (255, 247, 214)  # a pale yellow band: the children's part of the page
BOX_BORDER = (29, 112, 184)


@dataclass(frozen=True)
class Style:
    font: str  # "regular" or "bold"
    size: float  # points
    leading: float  # the line's height, points
    colour: tuple = INK


# The sheet's styles, which the kinds' exports and the network's pages print with too.
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


# --- text ---------------------------------------------------------------------------------------


@cache
def _metrics(font: str) -> tuple[dict, dict, int]:
    """(character → glyph name, glyph name → advance width, units per em) for one of the fonts."""
    with TTFont(FONT_FILES[font], lazy=True) as ttf:
        return (
            dict(ttf.getBestCmap()),
            {name: advance for name, (advance, _bearing) in ttf["hmtx"].metrics.items()},
            ttf["head"].unitsPerEm,
        )


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


# --- breaking lines over pages ------------------------------------------------------------------


def lines_height(lines: list[Line]) -> float:
    return sum(line.style.leading for line in lines)


def take_lines(lines: list[Line], room: float, continued: Line) -> tuple[list[Line], list[Line]]:
    """The lines that fit in `room`, and the rest; when some do not fit, the last line says so."""
    if lines_height(lines) <= room:
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
    return [
        ("box", x, top, width, height, BOX_FILL, BOX_BORDER),
        *[
            ("text", x + NOTICE_PAD, baseline(top + NOTICE_PAD + number * NOTICE.leading, NOTICE), text, NOTICE)
            for number, text in enumerate(wrapped)
        ],
    ], height


def baseline(top: float, style: Style) -> float:
    """Where a line of `style` whose box starts at `top` has its baseline (as every page here does):
    centred by DejaVu's ascent and descent (0.93, 0.24 em)."""
    return top + (style.leading - 1.164 * style.size) / 2 + 0.928 * style.size


@lru_cache(maxsize=64)
def pillow_font(font: str, size_px: int) -> ImageFont.FreeTypeFont:
    """The embedded typeface at a pixel size, for pictures drawn with Pillow."""
    return ImageFont.truetype(str(FONT_FILES[font]), size_px)
