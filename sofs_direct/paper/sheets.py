"""The printed sheet (Three Houses, on an A4 landscape page): its columns side by side, each a house
with its heading, icon, picture and the child's words, and the session's details at the foot.

Main decision: the sheet is laid out once, in points, as pages of items (`layout`, then each page's
items), and the same pages are drawn by either writer (printing.py), so the PDF and the PNG break
lines and pages in the same places. The first page has the pictures; the words and the details carry
on over as many pages as they need, each page saying "Page 2 of 3".
"""

from dataclasses import dataclass, field

from PIL import Image

from ..platform.i18n import _
from .lettering import (
    DETAIL,
    HEADING,
    NOTE,
    SUBHEADING,
    SUBTITLE,
    TITLE,
    Line,
    baseline,
    lines_height,
    notice_box,
    take_lines,
    text_width,
    wrap,
)
from .printing import draw_image, draw_pdf, new_pdf

# The page, in points (1/72 inch): A4 landscape.
PAGE_WIDTH, PAGE_HEIGHT = 841.89, 595.28
MARGIN = 36
COLUMN_GAP = 18
PICTURE_SIZE = 176
ICON_SIZE = 22
DETAILS_HEIGHT = 78  # the session details band at the foot of each page (six lines)


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


# --- laying out pages ---------------------------------------------------------------------------


def column_width(count: int) -> float:
    """How wide each of `count` side-by-side columns is, in points (to wrap their lines)."""
    return (PAGE_WIDTH - 2 * MARGIN - (count - 1) * COLUMN_GAP) / count


def _indent(column: Column) -> float:
    """Headings sit beside the column's icon, when it has one."""
    return ICON_SIZE + 6 if column.icon is not None else 0


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
    headings = [
        [Line(text, HEADING) for text in wrap(column.heading, HEADING, width - _indent(column))]
        for column in sheet.columns
    ]
    subheadings = [
        [Line(text, SUBHEADING) for text in wrap(column.subheading, SUBHEADING, width - _indent(column))]
        if column.subheading
        else []
        for column in sheet.columns
    ]
    heading_height = max(lines_height(a) + lines_height(b) for a, b in zip(headings, subheadings)) + 6
    top = _columns_top(sheet)
    bottom = PAGE_HEIGHT - MARGIN - DETAILS_HEIGHT - 8
    details = [
        Line(text, DETAIL)
        for label, value in sheet.details
        for text in wrap(f"{label}: {value}", DETAIL, PAGE_WIDTH - 2 * MARGIN)
    ]
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
            taken, remaining[index] = take_lines(lines, room, continued) if lines else ([], [])
            placed.append(
                PlacedColumn(xs[index], width, column, headings[index], subheadings[index], taken, first and pictured)
            )
        if not first and details:
            details = [carried_over, *details]
        page_details, details = take_lines(details, DETAILS_HEIGHT, continued)
        pages.append(Page(len(pages) + 1, placed, page_details))
    return pages


def _items(sheet: Sheet, page: Page, total: int) -> list[tuple]:
    items = [
        ("text", MARGIN, baseline(MARGIN, TITLE), sheet.title, TITLE),
        ("text", MARGIN, baseline(MARGIN + TITLE.leading, SUBTITLE), sheet.subtitle, SUBTITLE),
    ]
    if total > 1:
        label = _("Page %(page)s of %(total)s", page=page.number, total=total)
        items.append(("text", PAGE_WIDTH - MARGIN - text_width(label, NOTE), baseline(MARGIN, NOTE), label, NOTE))
    items += _sheet_notice(sheet)[0]
    top = _columns_top(sheet)
    heading_height = max(lines_height(c.heading_lines) + lines_height(c.subheading_lines) for c in page.columns) + 6
    for placed in page.columns:
        y = top
        if placed.column.icon is not None:
            items.append(("image", placed.x, y, ICON_SIZE, placed.column.icon))
        for line in placed.heading_lines + placed.subheading_lines:
            items.append(("text", placed.x + _indent(placed.column), baseline(y, line.style), line.text, line.style))
            y += line.style.leading
        y = top + heading_height
        if placed.picture and placed.column.picture is not None:
            size = min(PICTURE_SIZE, placed.width)
            items.append(("image", placed.x + (placed.width - size) / 2, y, size, placed.column.picture))
        if placed.picture:
            y += PICTURE_SIZE + 10
        for line in placed.lines:
            items.append(("text", placed.x, baseline(y, line.style), line.text, line.style))
            y += line.style.leading
    rule_y = PAGE_HEIGHT - MARGIN - DETAILS_HEIGHT - 4
    items.append(("line", MARGIN, rule_y, PAGE_WIDTH - MARGIN, rule_y))
    y = rule_y + 4
    for line in page.details:
        items.append(("text", MARGIN, baseline(y, line.style), line.text, line.style))
        y += line.style.leading
    return items


def sheet_pdf(sheet: Sheet) -> bytes:
    """The sheet as an A4 landscape PDF, its words as real text in the embedded font."""
    document = new_pdf(sheet.title, PAGE_WIDTH, PAGE_HEIGHT)
    pages = layout(sheet)
    for page in pages:
        draw_pdf(document, _items(sheet, page, len(pages)))
    return bytes(document.output())


def sheet_images(sheet: Sheet, width_px: int = 1754, max_pages: int | None = None) -> list[Image.Image]:
    """The sheet's pages as RGB pictures `width_px` wide (1754 px is A4 at 150 dpi); the first
    `max_pages` only, when given (each page still says "Page 8 of 40", so none goes missing unseen)."""
    pages = layout(sheet)
    return [
        draw_image(_items(sheet, page, len(pages)), PAGE_WIDTH, PAGE_HEIGHT, width_px) for page in pages[:max_pages]
    ]


def sheet_pages(sheet: Sheet) -> list[list[tuple]]:
    """The sheet's pages as items: `printing.items_pdf` of all of them is the sheet's PDF."""
    pages = layout(sheet)
    return [_items(sheet, page, len(pages)) for page in pages]
