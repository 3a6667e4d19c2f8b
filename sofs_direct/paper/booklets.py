"""Printed booklets (Words and Pictures, A4 or A5, one panel or two to a sheet): a run of panels,
a cover then one panel a page of a storyboard, each a drawing above its words.

Main decision: each panel is fitted to its page: the pictures shrink first, then the words, down to
a floor; what does not fit even then (a page of 600 one-letter lines) carries on onto the next page.
Like a sheet, a booklet is laid out once as pages of items and drawn by either writer (printing.py),
its drawings only when a writer asks for them, at the size it draws them.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from PIL import Image

from ..platform.i18n import _
from .lettering import (
    BOX_BORDER,
    BOX_FILL,
    GREY,
    INK,
    RULE,
    Line,
    Style,
    baseline,
    lines_height,
    take_lines,
    text_width,
    wrap,
)
from .printing import draw_image, draw_pdf, new_pdf, stacked

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
    return (
        (page_width - 2 * margin - (per_sheet - 1) * PANEL_GAP) / per_sheet,
        page_height - 2 * margin - BOOKLET_NOTE.leading,
    )


@lru_cache(maxsize=64)
def _booklet_styles(scale: float) -> dict[str, Style]:
    def sized(font, points, leading, colour=INK):
        size = max(SMALLEST_TEXT, points * scale)
        return Style(font, size, size * leading, colour)

    return {
        "title": sized("bold", 30, 1.25),
        "detail": sized("regular", 13, 1.4),
        "text": sized("regular", 20, 1.4),
        "heading": sized("bold", 14, 1.4, BOX_BORDER),
        "box": sized("regular", 17, 1.4),
    }


def _space(height: float, boxed: bool = False, keep: bool = False) -> Line:
    return Line("", Style("regular", 0, height), keep_with_previous=keep, boxed=boxed)


def _panel_lines(panel: Panel, width: float, styles: dict, side: float, box_side: float) -> list[Line]:
    """The panel's lines at these styles, with its drawings `side` and `box_side` points square."""
    lines = (
        [Line(text, styles["title"], centred=True) for text in wrap(panel.title, styles["title"], width)]
        if panel.title
        else []
    )
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
        lines += [
            Line(text, styles["heading"], boxed=True) for text in wrap(panel.box_heading, styles["heading"], inner)
        ]
        if panel.box_picture:  # kept with the heading that says whose it is
            lines += [
                _space(6, boxed=True, keep=True),
                Line("", Style("regular", 0, box_side), keep_with_previous=True, picture=panel.box_picture, boxed=True),
            ]
        if panel.box_text:
            lines.append(_space(6, boxed=True, keep=True))
            box_lines = wrap(panel.box_text, styles["box"], inner)
            lines += [
                Line(text, styles["box"], keep_with_previous=index == 0, boxed=True)
                for index, text in enumerate(box_lines)
            ]
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
    if (
        room < 0
        or (panel.picture and side < width * PICTURE_SMALLEST)
        or (box_wanted and box_side < width * BOX_PICTURE_SMALLEST)
    ):
        return None
    return side, box_side


def _fit(panel: Panel, width: float, height: float) -> list[Line]:
    """The panel's lines at the largest sizes that fit on one page; when even the smallest do not,
    at the smallest with the drawings at their smallest, to carry on over pages."""
    for factor in SHRINK:
        styles = _booklet_styles(round(factor * width / REFERENCE_WIDTH, 4))
        room = height - lines_height(_panel_lines(panel, width, styles, 0, 0))
        sides = _picture_sides(panel, width, room)
        if sides is not None:
            return _panel_lines(panel, width, styles, *sides)
    most = height - 2 * BOOKLET_NOTE.leading  # a page that carries on has both notes
    return _panel_lines(
        panel, width, styles, min(width * PICTURE_SMALLEST, most), min(width * BOX_PICTURE_SMALLEST, most)
    )


def booklet_layout(booklet: Booklet) -> list[list[Frame]]:
    """The booklet's pages, each with its frames (`per_sheet` of them, fewer on the last page)."""
    width, height = panel_size(booklet.paper, booklet.per_sheet)
    continued = Line(_("continued on the next page"), BOOKLET_NOTE)
    carried_over = Line(_("(continued)"), BOOKLET_NOTE)
    frames = []
    for number, panel in enumerate(booklet.panels):
        rest = _fit(panel, width, height)
        taken, rest = take_lines(rest, height, continued)
        frames.append(Frame(number, taken, panel.footer))
        while rest:
            taken, rest = take_lines([carried_over, *rest], height, continued)
            frames.append(Frame(number, taken, panel.footer))
    return [frames[start : start + booklet.per_sheet] for start in range(0, len(frames), booklet.per_sheet)]


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
            items.append(("text", left + indent, baseline(top, line.style), line.text, line.style))
        top += line.style.leading
    drawn = [("box", x, start, width, end - start, BOX_FILL, BOX_BORDER) for start, end in boxes]
    for left, picture_top, side, name in pictures:
        # A thin frame round each drawing: a child's picture on white paper has no edge of its own.
        drawn += [("drawing", left, picture_top, side, name), ("box", left, picture_top, side, side, None, RULE)]
    if frame.footer:
        drawn.append(
            (
                "text",
                x + (width - text_width(frame.footer, BOOKLET_NOTE)) / 2,
                baseline(y + height, BOOKLET_NOTE),
                frame.footer,
                BOOKLET_NOTE,
            )
        )
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
    document = new_pdf(booklet.title, width, height)
    for frames in booklet_layout(booklet):
        draw_pdf(document, _booklet_items(booklet, frames), pictures)
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
                draw_image(_booklet_items(single, frames), width, height, width_px, pictures)
            )
    return [stacked(images) if len(images) > 1 else images[0] for _, images in sorted(pages.items())]


def booklet_pages(booklet: Booklet) -> list[list[tuple]]:
    """The booklet's pages as items (its drawings as "drawing" items, for a writer's `pictures`)."""
    return [_booklet_items(booklet, frames) for frames in booklet_layout(booklet)]
