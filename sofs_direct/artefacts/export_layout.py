"""Laying out a file for a case-management system, kind-blind: the blocks of text, details and
pictures a kind's export section adds (`Blocks`, `Pictures`), the pages they make (`Paged`), and
writing those as PDF or PNG files within the size limits; and one artefact as it goes into a file
(`Work`: its document already filtered for the audience).

Main decision: documents are laid out once as printing.py's items and written by its writers, so the PDF
and the PNG of one export break pages in the same places; a picture is only drawn when a writer asks
for it, at the size it asks for, and once per size. A file that is too big is made again with
smaller pictures (print size, then 70%, then half; photos always as JPEG), and if it is still too big
it is split between pages into "part 1 of N" files — never cut, never by dropping anything silently.
This module names no kind: each kind's sections are in its own folder (tools/<kind>/export.py).
"""

import io
from dataclasses import dataclass, field

from flask import current_app
from PIL import Image, ImageOps

from ..paper import booklets, lettering, printing, sheets
from ..paper.photos import clean_picture
from ..platform.dates import local_day
from ..platform.i18n import _
from . import audience as audiences
from . import store as artefacts
from .record_files import done_at, kind_label, rendered

SCALES = (1.0, 0.7, 0.5)  # pictures at print size (at most 800 px a side), then at most 560, then 400
PNG_WIDTH = 1240  # an A4 page's short side at 150 dpi; a landscape page is drawn 1754 px wide
PNG_PAGES = 8  # pages stacked in one picture at most (a picture must stay small enough to open)
JPEG_QUALITY = 80

PORTRAIT = booklets.PAPERS["A4"]
INNER = PORTRAIT[0] - 2 * sheets.MARGIN
LABEL_WIDTH = 140  # the label column of a details list
LINES_PER_BLOCK = 30  # a long text is laid out in pieces, so it carries on over pages instead of running off one
SECTION = lettering.Style("bold", 16, 22)
LABEL = lettering.Style("bold", 9, 12)
HOUSE_SIDE, PAGE_SIDE, ADDITION_SIDE, MAP_SIDE, PHOTO_SIDE = 160, 220, 150, 300, 160


class ExportTooLarge(Exception):
    """Even with the smallest pictures, one page is larger than a case-management system accepts."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message



@dataclass
class ExportFile:
    name: str
    media_type: str
    data: bytes


@dataclass
class Export:
    """The files of one export, and what the page before the download must say about them."""
    files: list[ExportFile]
    withheld: list[str] = field(default_factory=list)
    reduced: bool = False  # the pictures were made smaller to fit
    split: bool = False  # one document in several files
    pictures_left_out: bool = False  # JSON: even small pictures did not fit; the PDF has them


# --- limits ---------------------------------------------------------------------------------------

def max_bytes() -> int:
    return current_app.config["EXPORT_MAX_BYTES"]


def file_name(base: str, extension: str, part: int = 0, parts: int = 1, suffix: str = "") -> str:
    """`base` (already neutral: a tool or assessment type, a day, an audience) with `suffix` (which
    file of several this is, "-recording-2"), the part and the extension, shortened from the end of
    `base` to fit EXPORT_NAME_MAX characters."""
    tail = suffix + (f"-part-{part}-of-{parts}" if parts > 1 else "") + f".{extension}"
    room = current_app.config["EXPORT_NAME_MAX"] - len(tail)
    return base[:max(room, 1)].rstrip("-") + tail


def _groups(sizes: list[int], budget: int, per_file: int | None) -> list[tuple[int, int]]:
    """Consecutive pages gathered into files whose pages' sizes add up to at most `budget` (and at
    most `per_file` pages); a page alone always makes a file."""
    groups, start, used = [], 0, 0
    for index, size in enumerate(sizes):
        if index > start and (used + size > budget or index - start == per_file):
            groups.append((start, index))
            start, used = index, 0
        used += size
    return groups + [(start, len(sizes))]


def _too_large(limit: int) -> ExportTooLarge:
    return ExportTooLarge(_("One page of this is larger than %(size)s even with the smallest pictures, so it "
                            "cannot be made within the case-management system's limit. Export the artefacts "
                            "one at a time, or ask your administrator about the limit.", size=size_text(limit)))


def _split(sizes: list[int], encode, per_file: int | None = None) -> list[bytes]:
    """The pages in as few files as fit the limit, each made by `encode(start, end, part, parts)`.
    Grouping goes by each page's size alone, which overestimates a group (the font is in every
    one-page file); should a file still come out too big, the pages are grouped again more tightly."""
    limit = max_bytes()
    if max(sizes) > limit:
        raise _too_large(limit)
    budget = limit
    while True:
        groups = _groups(sizes, budget, per_file)
        files = [encode(start, end, number, len(groups)) for number, (start, end) in enumerate(groups, start=1)]
        if all(len(data) <= limit for data in files):
            return files
        if all(end - start == 1 for start, end in groups):
            raise _too_large(limit)
        budget = budget * 4 // 5


def size_text(size: int) -> str:
    """A file's size as the page shows it: "640 KB", "1.4 MB"."""
    if size < 1024 * 1024:
        return _("%(size)s KB", size=max(1, round(size / 1024)))
    return _("%(size)s MB", size=f"{size / (1024 * 1024):.1f}")


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
    if kind in ("image", "drawing"):
        return (kind, item[1], item[2] + dy, *item[3:])
    if kind == "line":
        return ("line", item[1], item[2] + dy, item[3], item[4] + dy)
    return ("box", item[1], item[2] + dy, *item[3:])


def heading_block(text: str, style: lettering.Style, width: float) -> tuple[list[tuple], float]:
    lines = lettering.wrap(text, style, width)
    return ([("text", sheets.MARGIN, lettering.baseline(number * style.leading, style), line, style)
             for number, line in enumerate(lines)], len(lines) * style.leading)


def paged(title: str, subtitle: str, blocks: list, width: float, height: float,
           repeat: tuple[list[tuple], float] | None = None) -> list[list[tuple]]:
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
            page.append(("text", width - sheets.MARGIN - lettering.text_width(label, lettering.NOTE),
                         lettering.baseline(height - sheets.MARGIN - lettering.NOTE.leading, lettering.NOTE), label, lettering.NOTE))
        finished.append(page)
    return finished


def _lines(lines: list[str], style: lettering.Style, x: float, top: float) -> list[tuple]:
    return [("text", x, lettering.baseline(top + number * style.leading, style), line, style)
            for number, line in enumerate(lines)]


class Blocks(list):
    """A document's blocks for the page flow (`paged`): (items drawn from y = 0, height), or
    PAGE_BREAK. A heading is kept with the block after it, so it never ends a page alone."""

    def __init__(self):
        super().__init__()
        self.pending: list[tuple] = []
        self.pending_height = 0.0

    def _add(self, items: list[tuple], height: float) -> None:
        self.append((self.pending + items, self.pending_height + height))
        self.pending, self.pending_height = [], 0.0

    def heading(self, text: str, style: lettering.Style = lettering.HEADING, space: float = 10) -> None:
        lines = lettering.wrap(text, style, INNER)
        self.pending += _lines(lines, style, sheets.MARGIN, self.pending_height + space)
        self.pending_height += space + len(lines) * style.leading

    def text(self, text: str, style: lettering.Style = lettering.WORDS, by: str = "", indent: float = 0) -> None:
        """Words exactly as written (wrapped, never cut), then who wrote them, kept with their end."""
        width = INNER - indent
        lines = lettering.wrap(text, style, width) or [""]
        pieces = [lines[start:start + LINES_PER_BLOCK] for start in range(0, len(lines), LINES_PER_BLOCK)]
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
            values = lettering.wrap(value, lettering.DETAIL, INNER - LABEL_WIDTH) or [""]
            for start in range(0, len(values), LINES_PER_BLOCK):
                top = self.pending_height
                piece = values[start:start + LINES_PER_BLOCK]
                shown = labels if start == 0 else []
                items = _lines(shown, LABEL, sheets.MARGIN, top) + _lines(piece, lettering.DETAIL, sheets.MARGIN + LABEL_WIDTH, top)
                self._add(items, max(len(shown), len(piece)) * lettering.DETAIL.leading + 2)

    def pictures(self, named: list[tuple[str, str]], side: float) -> None:
        """Pictures side by side (as many as fit a row), each framed, with its caption under it."""
        per_row = max(1, int((INNER + sheets.COLUMN_GAP) // (side + sheets.COLUMN_GAP)))
        for start in range(0, len(named), per_row):
            top = self.pending_height + 6
            items, captions = [], 0
            for column, (name, caption) in enumerate(named[start:start + per_row]):
                x = sheets.MARGIN + column * (side + sheets.COLUMN_GAP)
                lines = lettering.wrap(caption, lettering.NOTE, side)
                items += [("drawing", x, top, side, name), ("box", x, top, side, side, None, lettering.RULE)]
                items += _lines(lines, lettering.NOTE, x, top + side + 3)
                captions = max(captions, len(lines))
            self._add(items, 6 + side + 3 + captions * lettering.NOTE.leading + 6)

    def notice(self, lines: list[str]) -> None:
        """What was left out for this audience, in a marked box: the file says so itself."""
        if lines:
            items, height = lettering.notice_box(lines, sheets.MARGIN, self.pending_height + 8, INNER)
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


def _part_label(paged: Paged, items: list[tuple], part: int, parts: int) -> list[tuple]:
    """A part's first page says which part it is, above the page number."""
    label = _("Part %(part)s of %(parts)s", part=part, parts=parts)
    return [("text", paged.width - sheets.MARGIN - lettering.text_width(label, lettering.NOTE),
             lettering.baseline(sheets.MARGIN - lettering.NOTE.leading - 6, lettering.NOTE), label, lettering.NOTE), *items]


def _pdf_of(paged: Paged, start: int = 0, end: int | None = None, part: int = 0, parts: int = 1) -> bytes:
    pages = paged.pages[start:end]
    if parts > 1:
        pages = [_part_label(paged, pages[0], part, parts), *pages[1:]]
    return printing.items_pdf(paged.title, paged.width, paged.height, pages, paged.pictures)


def _files(base: str, extension: str, media_type: str, files: list[bytes], scale: float) -> Export:
    return Export([ExportFile(file_name(base, extension, number, len(files)), media_type, data)
                   for number, data in enumerate(files, start=1)], reduced=scale < 1, split=len(files) > 1)


def pdf_files(build, base: str) -> Export:
    """A document as PDF files within the limits: `build(scale)` lays it out with its pictures at
    `scale`; one file with smaller and smaller pictures, then parts split between pages."""
    for scale in SCALES:
        paged = build(scale)
        files = [_pdf_of(paged)]
        if len(files[0]) <= max_bytes():
            break
    else:
        sizes = [len(_pdf_of(paged, index, index + 1)) for index in range(len(paged.pages))]
        files = _split(sizes, lambda start, end, part, parts, paged=paged: _pdf_of(paged, start, end, part, parts))
    return _files(base, "pdf", "application/pdf", files, scale)


def png_files(paged: Paged, base: str) -> Export:
    """A document as PNG files within the limits: its pages drawn one under another, at most
    PNG_PAGES to a picture (a picture must stay small enough to open); drawn smaller and smaller,
    then split between pages."""
    width = round(PNG_WIDTH * paged.width / min(paged.width, paged.height))

    def picture(start: int, end: int, scale: float) -> bytes:
        # Drawn a few pages at a time: every page of a long booklet held at once would take hundreds of MB.
        return printing.png_bytes(printing.stacked(printing.items_images(paged.width, paged.height, paged.pages[start:end],
                                                          round(width * scale), paged.pictures)))

    for scale in SCALES:
        files = [picture(start, start + PNG_PAGES, scale) for start in range(0, len(paged.pages), PNG_PAGES)]
        if all(len(data) <= max_bytes() for data in files):
            break
    else:
        sizes = [len(picture(index, index + 1, scale)) for index in range(len(paged.pages))]
        files = _split(sizes, lambda start, end, part, parts, scale=scale: picture(start, end, scale), PNG_PAGES)
    return _files(base, "png", "image/png", files, scale)


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


def work_of(db, artefact_id: str, kind: str, document: dict, author: str, audience: str,
            number: int = 0, analysis: str | None = None) -> Work:
    filtered, withheld = audiences.for_audience(kind, document, audience)
    parts_dir = current_app.config["PARTS_DIR"]
    # Through the render cache (memory only, bounded): an export lays its document out again at each
    # picture size, and a part is decrypted once for all of them, not once per drawing per size.
    return Work(number, artefact_id, kind, kind_label(kind), filtered, author, analysis, withheld,
                lambda name: rendered((artefact_id, "part", name),
                                      lambda: artefacts.read_part(db, artefact_id, name, parts_dir)))


def work_day(work: Work) -> str:
    """The day (ISO, in the UK) the work was done, for headings and file names (records.done_at)."""
    return local_day(done_at(work.kind, work.document)).isoformat()


def by_line(said: str, wish, audience: str) -> str:
    """The line under the child's words: `said` (who wrote them down, or where they came from) and,
    in the full record, who the child said may see them."""
    note = audiences.wish_note(wish, audience)
    return f"{said} · {note}" if note else said



def made_on(work: Work) -> list[tuple[str, str]]:
    """The facts at the top of a piece of work whose kind says no more: the day it was made, by whom."""
    from ..platform.dates import long_date
    return [(_("Made on"), long_date(work.document["created_at"])), (_("Worker"), work.author)]
