"""Laying out a file for a case-management system, kind-blind: the blocks of text, details and
pictures a kind's export section adds (`Blocks`, `Pictures`), the pages they make (`Paged`), written
as PDF or PNG files within the size limits by export_files.py; and one artefact as it goes into a
file (`Work`: its document already filtered for the audience).

Main decision: documents are laid out once as paper/printing.py's items and written by its writers, so the PDF
and the PNG of one export break pages in the same places; a picture is only drawn when a writer asks
for it, at the size it asks for, and once per size (smaller and smaller when a file is too big,
export_files.py). This module names no kind: each kind's sections are in its own folder
(tools/<kind>/export.py).
"""

import io
from dataclasses import dataclass

from flask import current_app
from PIL import Image, ImageOps

from ..paper import booklets, lettering, printing, sheets
from ..paper.photos import clean_picture
from ..platform.dates import local_day
from ..platform.i18n import _
from . import audience as audiences
from . import communication, feedback, store
from .kinds import kind_of
from .record_files import done_at, kind_label, rendered

JPEG_QUALITY = 80

PORTRAIT = booklets.PAPERS["A4"]
INNER = PORTRAIT[0] - 2 * sheets.MARGIN
LABEL_WIDTH = 140  # the label column of a details list
LINES_PER_BLOCK = 30  # a long text is laid out in pieces, so it carries on over pages instead of running off one
SECTION = lettering.Style("bold", 16, 22)
LABEL = lettering.Style("bold", 9, 12)
HOUSE_SIDE, PAGE_SIDE, ADDITION_SIDE, MAP_SIDE, PHOTO_SIDE = 160, 220, 150, 300, 160


# --- pictures -------------------------------------------------------------------------------------


def as_jpeg(image: Image.Image) -> Image.Image:
    """The picture as a JPEG (fpdf2 keeps a JPEG a JPEG in the PDF): photos are many times smaller so."""
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY)
    buffer.seek(0)
    return Image.open(buffer, formats=["JPEG"])


def square_photo(data: bytes, size_px: int) -> Image.Image:
    """A photo, cleaned of its metadata (photos.clean_picture), in the middle of a white square."""
    photo = ImageOps.contain(clean_picture(data, max_side=size_px), (size_px, size_px), Image.Resampling.LANCZOS)
    square = Image.new("RGB", (size_px, size_px), "white")
    square.paste(photo, ((size_px - photo.width) // 2, (size_px - photo.height) // 2))
    return square


@dataclass
class Picture:
    make: object  # make(size_px) -> a square PIL image
    photo: bool
    caption: str
    place: str
    work: int  # the artefact's number in the pack (0 outside a pack)


class Pictures:
    """The drawings and photos a document draws, by name: each made only when a writer asks for it,
    at the size it asks for times `scale`; photos as JPEG. A writer's `pictures(name, size_px)`.
    Nothing made is kept: a 50-page storyboard's drawings held at once would take hundreds of MB."""

    def __init__(self, scale: float = 1.0):
        self.scale = scale
        self.named: dict[str, Picture] = {}

    def add(self, name: str, make, photo: bool, caption: str = "", place: str = "", work: int = 0) -> str:
        self.named[name] = Picture(make, photo, caption, place, work)
        return name

    def image(self, name: str, size_px: int) -> Image.Image:
        picture = self.named[name]
        made = picture.make(size_px)
        return as_jpeg(made) if picture.photo else made

    def __call__(self, name: str, size_px: int) -> Image.Image:
        return self.image(name, max(1, round(size_px * self.scale)))


# --- laying out a document ------------------------------------------------------------------------

# --- the page flow: blocks (items drawn from y = 0, and their height) onto numbered pages -------
# (a kind with its own layout, the network's map and meeting record, flows its blocks here too)

PAGE_BREAK = None  # a block that starts a new page


def _flow(blocks: list, top: float, bottom: float, first_top: float) -> list[list[tuple]]:
    """Blocks (items drawn from y = 0, and their height) laid top to bottom onto as many pages as
    they need; the first page starts at `first_top`, every other at `top`. A block is never split."""
    pages, items, y, page_top = [], [], first_top, first_top
    for block in blocks:
        if block is PAGE_BREAK or (y > page_top and y + block[1] > bottom):
            pages.append(items)
            items, y, page_top = [], top, top
        if block is not PAGE_BREAK:
            items += [_moved(item, y) for item in block[0]]
            y += block[1]
    return pages + [items]


def _moved(item: tuple, dy: float) -> tuple:
    kind = item[0]
    if kind == "text":
        return ("text", item[1], item[2] + dy, *item[3:])
    if kind in ("image", "drawing", "symbol"):
        return (kind, item[1], item[2] + dy, *item[3:])
    if kind == "line":
        return ("line", item[1], item[2] + dy, item[3], item[4] + dy)
    return ("box", item[1], item[2] + dy, *item[3:])


def heading_block(text: str, style: lettering.Style, width: float) -> tuple[list[tuple], float]:
    lines = lettering.wrap(text, style, width)
    return (
        [
            ("text", sheets.MARGIN, lettering.baseline(number * style.leading, style), line, style)
            for number, line in enumerate(lines)
        ],
        len(lines) * style.leading,
    )


def paged(
    title: str,
    subtitle: str,
    blocks: list,
    width: float,
    height: float,
    repeat: tuple[list[tuple], float] | None = None,
) -> list[list[tuple]]:
    """Blocks under a title on as many pages as they need, each page numbered when there are several;
    `repeat` (a table's header row) starts every page after the first."""
    head, head_height = heading_block(title, lettering.TITLE, width - 2 * sheets.MARGIN)
    sub, sub_height = heading_block(subtitle, lettering.SUBTITLE, width - 2 * sheets.MARGIN)
    first_top = sheets.MARGIN + head_height + sub_height + 10
    bottom = height - sheets.MARGIN - lettering.NOTE.leading
    pages = _flow(blocks, sheets.MARGIN + (repeat[1] if repeat else 0), bottom, first_top)
    finished = []
    for number, items in enumerate(pages, start=1):
        page = []
        if number == 1:
            page += [_moved(item, sheets.MARGIN) for item in head]
            page += [_moved(item, sheets.MARGIN + head_height) for item in sub]
        elif repeat is not None:
            # The header row sits at the top; _flow started the page's blocks under it.
            page += [_moved(item, sheets.MARGIN) for item in repeat[0]]
        page += items
        if len(pages) > 1:
            label = _("Page %(page)s of %(total)s", page=number, total=len(pages))
            page.append(
                (
                    "text",
                    width - sheets.MARGIN - lettering.text_width(label, lettering.NOTE),
                    lettering.baseline(height - sheets.MARGIN - lettering.NOTE.leading, lettering.NOTE),
                    label,
                    lettering.NOTE,
                )
            )
        finished.append(page)
    return finished


def _lines(lines: list[str], style: lettering.Style, x: float, top: float) -> list[tuple]:
    return [
        ("text", x, lettering.baseline(top + number * style.leading, style), line, style)
        for number, line in enumerate(lines)
    ]


class Blocks(list):
    """A document's blocks for the page flow (`paged`): (items drawn from y = 0, height), or
    PAGE_BREAK. A heading is kept with the block after it, so it never ends a page alone. `width` is
    the room between the margins: an A4 page's unless a kind prints on another paper (a letter's A5)."""

    def __init__(self, width: float = INNER):
        super().__init__()
        self.width = width
        self.pending: list[tuple] = []
        self.pending_height = 0.0

    def _add(self, items: list[tuple], height: float) -> None:
        self.append((self.pending + items, self.pending_height + height))
        self.pending, self.pending_height = [], 0.0

    def block(self, items: list[tuple], height: float) -> None:
        """A kind's own block (items from y = 0, its height), kept with any heading before it."""
        self._add(items, height)

    def heading(self, text: str, style: lettering.Style = lettering.HEADING, space: float = 10) -> None:
        lines = lettering.wrap(text, style, self.width)
        self.pending += _lines(lines, style, sheets.MARGIN, self.pending_height + space)
        self.pending_height += space + len(lines) * style.leading

    def text(self, text: str, style: lettering.Style = lettering.WORDS, by: str = "", indent: float = 0) -> None:
        """Words exactly as written (wrapped, never cut), then who wrote them, kept with their end."""
        width = self.width - indent
        lines = lettering.wrap(text, style, width) or [""]
        pieces = [lines[start : start + LINES_PER_BLOCK] for start in range(0, len(lines), LINES_PER_BLOCK)]
        for number, piece in enumerate(pieces, start=1):
            top = self.pending_height
            items = _lines(piece, style, sheets.MARGIN + indent, top)
            height = len(piece) * style.leading
            if by and number == len(pieces):
                by_lines = lettering.wrap(by, lettering.BY, width)
                items += _lines(by_lines, lettering.BY, sheets.MARGIN + indent, top + height)
                height += len(by_lines) * lettering.BY.leading
            self._add(items, height + 4)

    def details(self, rows: list[tuple[str, str]]) -> None:
        """Label and value side by side; a long value (the child's words at a moment of a recording)
        is laid out in pieces, as `text` is, so it carries on over pages."""
        for label, value in rows:
            labels = lettering.wrap(label, LABEL, LABEL_WIDTH - 8)
            values = lettering.wrap(value, lettering.DETAIL, self.width - LABEL_WIDTH) or [""]
            for start in range(0, len(values), LINES_PER_BLOCK):
                top = self.pending_height
                piece = values[start : start + LINES_PER_BLOCK]
                shown = labels if start == 0 else []
                items = _lines(shown, LABEL, sheets.MARGIN, top) + _lines(
                    piece, lettering.DETAIL, sheets.MARGIN + LABEL_WIDTH, top
                )
                self._add(items, max(len(shown), len(piece)) * lettering.DETAIL.leading + 2)

    def pictures(self, named: list[tuple[str, str]], side: float) -> None:
        """Pictures side by side (as many as fit a row), each framed, with its caption under it."""
        per_row = max(1, int((self.width + sheets.COLUMN_GAP) // (side + sheets.COLUMN_GAP)))
        for start in range(0, len(named), per_row):
            top = self.pending_height + 6
            items, captions = [], 0
            for column, (name, caption) in enumerate(named[start : start + per_row]):
                x = sheets.MARGIN + column * (side + sheets.COLUMN_GAP)
                lines = lettering.wrap(caption, lettering.NOTE, side)
                items += [("drawing", x, top, side, name), ("box", x, top, side, side, None, lettering.RULE)]
                items += _lines(lines, lettering.NOTE, x, top + side + 3)
                captions = max(captions, len(lines))
            self._add(items, 6 + side + 3 + captions * lettering.NOTE.leading + 6)

    def notice(self, lines: list[str]) -> None:
        """What was left out for this audience, in a marked box: the file says so itself."""
        if lines:
            items, height = lettering.notice_box(lines, sheets.MARGIN, self.pending_height + 8, self.width)
            self._add(items, 8 + height + 8)

    def page_break(self) -> None:
        self.append(PAGE_BREAK)


@dataclass
class Paged:
    """A document laid out: its pages as items, and what draws its named pictures."""

    title: str
    width: float
    height: float
    pages: list[list[tuple]]
    pictures: Pictures | None = None


# --- one artefact, as its audience may see it -----------------------------------------------------


@dataclass
class Work:
    """One artefact as it goes into an export: its document already filtered for the audience."""

    number: int  # its number in a pack (0 for an export of it alone)
    artefact_id: str
    kind: str
    label: str
    document: dict
    author: str
    analysis: str | None  # the worker's analysis beside it in an assessment (None outside one)
    withheld: list[str]
    read: object  # read(part name) -> bytes: called only for what is drawn

    @property
    def content(self) -> dict:
        return self.document["content"]


def work_of(
    db,
    artefact_id: str,
    kind: str,
    document: dict,
    author: str,
    audience: str,
    number: int = 0,
    analysis: str | None = None,
) -> Work:
    filtered, withheld = audiences.for_audience(kind, document, audience)
    parts_dir = current_app.config["PARTS_DIR"]
    # Through the render cache (memory only, bounded): an export lays its document out again at each
    # picture size, and a part is decrypted once for all of them, not once per drawing per size.
    return Work(
        number,
        artefact_id,
        kind,
        kind_label(kind),
        filtered,
        author,
        analysis,
        withheld,
        lambda name: rendered((artefact_id, "part", name), lambda: store.read_part(db, artefact_id, name, parts_dir)),
    )


def work_day(work: Work) -> str:
    """The day (ISO, in the UK) the work was done, for headings and file names (records.done_at)."""
    return local_day(done_at(work.kind, work.document)).isoformat()


def by_line(said: str, wish, audience: str) -> str:
    """The line under the child's words: `said` (who wrote them down, or where they came from) and,
    in the full record, who the child said may see them."""
    note = audiences.wish_note(wish, audience)
    return f"{said} · {note}" if note else said


def visit_facts(work: Work) -> list[tuple[str, str]]:
    """What a kind's own layout prints after its facts about the visit: how the child's views were
    conveyed and the child's feedback, from the document as filtered for the audience (work_of), so
    the parents' and the network's files have neither the worker's note nor the child's answers."""
    return communication.facts(work.document) + feedback.summary(work.document)


def made_on(work: Work) -> list[tuple[str, str]]:
    """The facts at the top of a piece of work whose kind says no more: the day it was made, by whom."""
    from ..platform.dates import long_date

    return [(_("Made on"), long_date(work.document["created_at"])), (_("Worker"), work.author)]


def standalone_paged(
    kind: str, document: dict, parts: dict[str, bytes], known_as: str, author: str, audience: str = audiences.RECORD
):
    """A kind's own paged file (its export_paged) of a document and its parts, outside the export
    pipeline (the tests and the benchmarks): filtered for `audience` as an export is."""
    module = kind_of(kind)
    filtered, withheld = audiences.for_audience(kind, document, audience)
    work = Work(0, "", kind, str(module.LABEL), filtered, author, None, withheld, parts.__getitem__)
    return module.export_paged(None, None, work, known_as, audience, 1.0)


def standalone_pdf(
    kind: str, document: dict, parts: dict[str, bytes], known_as: str, author: str, audience: str = audiences.RECORD
) -> bytes:
    """standalone_paged as a PDF."""
    made = standalone_paged(kind, document, parts, known_as, author, audience)
    return printing.items_pdf(made.title, made.width, made.height, made.pages, made.pictures)
