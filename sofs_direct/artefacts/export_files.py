"""Writing a laid-out document (export_layout.Paged) as PDF or PNG files within what a case-management
system accepts (`EXPORT_MAX_BYTES`, `EXPORT_NAME_MAX`): the files of one export (`Export`), their
neutral names, and what the page before the download must say about them.

Main decision: a file that is too big is made again with smaller pictures (print size, then 70%,
then half; photos always as JPEG), and if it is still too big it is split between pages into "part 1
of N" files — never cut, never by dropping anything silently. The PDF and the PNG are written from
the same laid-out pages, so they break pages in the same places.
"""

from dataclasses import dataclass, field

from flask import current_app

from ..paper import lettering, printing, sheets
from ..platform.i18n import _
from .export_layout import Paged

SCALES = (1.0, 0.7, 0.5)  # pictures at print size (at most 800 px a side), then at most 560, then 400
PNG_WIDTH = 1240  # an A4 page's short side at 150 dpi; a landscape page is drawn 1754 px wide
PNG_PAGES = 8  # pages stacked in one picture at most (a picture must stay small enough to open)


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
    return base[: max(room, 1)].rstrip("-") + tail


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
    return ExportTooLarge(
        _(
            "One page of this is larger than %(size)s even with the smallest pictures, so it "
            "cannot be made within the case-management system's limit. Export the artefacts "
            "one at a time, or ask your administrator about the limit.",
            size=size_text(limit),
        )
    )


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


# --- PDF and PNG files ----------------------------------------------------------------------------


def _part_label(paged: Paged, items: list[tuple], part: int, parts: int) -> list[tuple]:
    """A part's first page says which part it is, above the page number."""
    label = _("Part %(part)s of %(parts)s", part=part, parts=parts)
    return [
        (
            "text",
            paged.width - sheets.MARGIN - lettering.text_width(label, lettering.NOTE),
            lettering.baseline(sheets.MARGIN - lettering.NOTE.leading - 6, lettering.NOTE),
            label,
            lettering.NOTE,
        ),
        *items,
    ]


def _pdf_of(paged: Paged, start: int = 0, end: int | None = None, part: int = 0, parts: int = 1) -> bytes:
    pages = paged.pages[start:end]
    if parts > 1:
        pages = [_part_label(paged, pages[0], part, parts), *pages[1:]]
    return printing.items_pdf(paged.title, paged.width, paged.height, pages, paged.pictures)


def _files(base: str, extension: str, media_type: str, files: list[bytes], scale: float) -> Export:
    return Export(
        [
            ExportFile(file_name(base, extension, number, len(files)), media_type, data)
            for number, data in enumerate(files, start=1)
        ],
        reduced=scale < 1,
        split=len(files) > 1,
    )


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
        return printing.png_bytes(
            printing.stacked(
                printing.items_images(
                    paged.width, paged.height, paged.pages[start:end], round(width * scale), paged.pictures
                )
            )
        )

    for scale in SCALES:
        files = [picture(start, start + PNG_PAGES, scale) for start in range(0, len(paged.pages), PNG_PAGES)]
        if all(len(data) <= max_bytes() for data in files):
            break
    else:
        sizes = [len(picture(index, index + 1, scale)) for index in range(len(paged.pages))]
        files = _split(sizes, lambda start, end, part, parts, scale=scale: picture(start, end, scale), PNG_PAGES)
    return _files(base, "png", "image/png", files, scale)
