"""Files for a case-management system (Liquidlogic LCS, Mosaic, Eclipse): one artefact as a PDF or a
PNG, an assessment as a pack (a PDF, or JSON for systems that import data, docs/assessment-export.md),
each made for one audience; and such a JSON file read back as a new draft assessment.

Main decision: every file is made from documents already filtered for its audience
(audience.for_audience), so what the child did not want that audience to see is never read from the
store or drawn, and the file itself says that something was left out, by kind and number only. Each
file must fit what those systems accept (`EXPORT_MAX_BYTES`, `EXPORT_NAME_MAX`): a file that is too
big is made again with smaller pictures (print size, then 70%, then half; photos always as JPEG),
and if it is still too big it is split between pages into "part 1 of N" files — never cut, and never
by dropping anything silently: the page before the download says plainly what was done. Names say
what the file is, its day and its audience, never the child.

Documents are laid out once as pdf.py's items (text, rules, drawings by name) and written by its
writers, so the PDF and the PNG of one export break pages in the same places, and the child's words
are real text in DejaVu Sans (Welsh prints as written). A picture is only drawn when a writer asks
for it, at the size it asks for, and once per size.

The import is all or nothing, in one write transaction made of assessments.py's own functions (a
`write` inside a `write` is a savepoint of it, db.py), so an imported draft obeys the same rules as
one made on the page: a new draft, and the child's words in its mapping only where they match the
words stored for that session exactly — a file can carry the worker's analysis and entries, never
the child's voice.
"""

import base64
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

from flask import current_app
from PIL import Image, ImageOps

from . import artefacts, assessments, audio, audience as audiences, network, network_render, pdf, voice
from .dates import LOCAL_TIME, local_day, long_date
from .db import write
from .i18n import _, get_language
from .network_pages import attendee, centre_names, meeting_names
from .photos import clean_picture
from .records import author_name, done_at, kind_label, rendered, version_summary
from .tools import three_houses, words_pictures
from .tools.fields import written_by, yes_no

SCHEMA = "sofs-direct/assessment-pack/1"
SCALES = (1.0, 0.7, 0.5)  # pictures at print size (at most 800 px a side), then at most 560, then 400
JSON_PICTURE_PX = (600, 420, 300)  # the JSON's pictures, largest first
SHEET_PICTURE_PX = 600  # a house on the Three Houses sheet, as records.py draws it
PNG_WIDTH = 1240  # an A4 page's short side at 150 dpi; a landscape page is drawn 1754 px wide
PNG_PAGES = three_houses.PICTURE_PAGES  # pages stacked in one picture at most
JPEG_QUALITY = 80
IMPORT_MAX_BYTES = 1024 * 1024
IMPORT_ARTEFACTS_MAX = 200
IMPORT_ENTRIES_MAX = 500
IMPORT_SCORES_MAX = 100

PORTRAIT = pdf.PAPERS["A4"]
INNER = PORTRAIT[0] - 2 * pdf.MARGIN
LABEL_WIDTH = 140  # the label column of a details list
LINES_PER_BLOCK = 30  # a long text is laid out in pieces, so it carries on over pages instead of running off one
SECTION = pdf.Style("bold", 16, 22)
LABEL = pdf.Style("bold", 9, 12)
HOUSE_SIDE, PAGE_SIDE, ADDITION_SIDE, MAP_SIDE, PHOTO_SIDE = 160, 220, 150, 300, 160

KIND_SLUGS = {"three_houses": "three-houses", "words_pictures": "words-and-pictures", "network": "safety-network",
              "network_meeting": "network-meeting", "observation": "observation"}
TYPE_SLUGS = {"single": "single-assessment", "conference": "cp-conference-report", "child_in_need": "cin-review",
              "looked_after": "lac-review", "court": "court-statement"}
AUDIENCE_SLUGS = {audiences.RECORD: "full-record", "conference": "conference", "parents": "parents",
                  "network": "network"}


class ExportTooLarge(Exception):
    """Even with the smallest pictures, one page is larger than a case-management system accepts."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ImportRefused(Exception):
    """The file is not an assessment this service can import; `message` says why. Nothing was written."""

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

def _lines(lines: list[str], style: pdf.Style, x: float, top: float) -> list[tuple]:
    return [("text", x, pdf.baseline(top + number * style.leading, style), line, style)
            for number, line in enumerate(lines)]


class Blocks(list):
    """A document's blocks for network_render's page flow: (items drawn from y = 0, height), or
    PAGE_BREAK. A heading is kept with the block after it, so it never ends a page alone."""

    def __init__(self):
        super().__init__()
        self.pending: list[tuple] = []
        self.pending_height = 0.0

    def _add(self, items: list[tuple], height: float) -> None:
        self.append((self.pending + items, self.pending_height + height))
        self.pending, self.pending_height = [], 0.0

    def heading(self, text: str, style: pdf.Style = pdf.HEADING, space: float = 10) -> None:
        lines = pdf.wrap(text, style, INNER)
        self.pending += _lines(lines, style, pdf.MARGIN, self.pending_height + space)
        self.pending_height += space + len(lines) * style.leading

    def text(self, text: str, style: pdf.Style = pdf.WORDS, by: str = "", indent: float = 0) -> None:
        """Words exactly as written (wrapped, never cut), then who wrote them, kept with their end."""
        width = INNER - indent
        lines = pdf.wrap(text, style, width) or [""]
        pieces = [lines[start:start + LINES_PER_BLOCK] for start in range(0, len(lines), LINES_PER_BLOCK)]
        for number, piece in enumerate(pieces, start=1):
            top = self.pending_height
            items = _lines(piece, style, pdf.MARGIN + indent, top)
            height = len(piece) * style.leading
            if by and number == len(pieces):
                by_lines = pdf.wrap(by, pdf.BY, width)
                items += _lines(by_lines, pdf.BY, pdf.MARGIN + indent, top + height)
                height += len(by_lines) * pdf.BY.leading
            self._add(items, height + 4)

    def details(self, rows: list[tuple[str, str]]) -> None:
        """Label and value side by side; a long value (the child's words at a moment of a recording)
        is laid out in pieces, as `text` is, so it carries on over pages."""
        for label, value in rows:
            labels = pdf.wrap(label, LABEL, LABEL_WIDTH - 8)
            values = pdf.wrap(value, pdf.DETAIL, INNER - LABEL_WIDTH) or [""]
            for start in range(0, len(values), LINES_PER_BLOCK):
                top = self.pending_height
                piece = values[start:start + LINES_PER_BLOCK]
                shown = labels if start == 0 else []
                items = _lines(shown, LABEL, pdf.MARGIN, top) + _lines(piece, pdf.DETAIL, pdf.MARGIN + LABEL_WIDTH, top)
                self._add(items, max(len(shown), len(piece)) * pdf.DETAIL.leading + 2)

    def pictures(self, named: list[tuple[str, str]], side: float) -> None:
        """Pictures side by side (as many as fit a row), each framed, with its caption under it."""
        per_row = max(1, int((INNER + pdf.COLUMN_GAP) // (side + pdf.COLUMN_GAP)))
        for start in range(0, len(named), per_row):
            top = self.pending_height + 6
            items, captions = [], 0
            for column, (name, caption) in enumerate(named[start:start + per_row]):
                x = pdf.MARGIN + column * (side + pdf.COLUMN_GAP)
                lines = pdf.wrap(caption, pdf.NOTE, side)
                items += [("drawing", x, top, side, name), ("box", x, top, side, side, None, pdf.RULE)]
                items += _lines(lines, pdf.NOTE, x, top + side + 3)
                captions = max(captions, len(lines))
            self._add(items, 6 + side + 3 + captions * pdf.NOTE.leading + 6)

    def notice(self, lines: list[str]) -> None:
        """What was left out for this audience, in a marked box: the file says so itself."""
        if lines:
            items, height = pdf.notice_box(lines, pdf.MARGIN, self.pending_height + 8, INNER)
            self._add(items, 8 + height + 8)

    def page_break(self) -> None:
        self.append(network_render.PAGE_BREAK)


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
    return [("text", paged.width - pdf.MARGIN - pdf.text_width(label, pdf.NOTE),
             pdf.baseline(pdf.MARGIN - pdf.NOTE.leading - 6, pdf.NOTE), label, pdf.NOTE), *items]


def _pdf_of(paged: Paged, start: int = 0, end: int | None = None, part: int = 0, parts: int = 1) -> bytes:
    pages = paged.pages[start:end]
    if parts > 1:
        pages = [_part_label(paged, pages[0], part, parts), *pages[1:]]
    return pdf.items_pdf(paged.title, paged.width, paged.height, pages, paged.pictures)


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
        files = _split(sizes, lambda start, end, part, parts: _pdf_of(paged, start, end, part, parts))
    return _files(base, "pdf", "application/pdf", files, scale)


def png_files(paged: Paged, base: str) -> Export:
    """A document as PNG files within the limits: its pages drawn one under another, at most
    PNG_PAGES to a picture (a picture must stay small enough to open); drawn smaller and smaller,
    then split between pages."""
    width = round(PNG_WIDTH * paged.width / min(paged.width, paged.height))

    def picture(start: int, end: int, scale: float) -> bytes:
        # Drawn a few pages at a time: every page of a long booklet held at once would take hundreds of MB.
        return pdf.png_bytes(pdf.stacked(pdf.items_images(paged.width, paged.height, paged.pages[start:end],
                                                          round(width * scale), paged.pictures)))

    for scale in SCALES:
        files = [picture(start, start + PNG_PAGES, scale) for start in range(0, len(paged.pages), PNG_PAGES)]
        if all(len(data) <= max_bytes() for data in files):
            break
    else:
        sizes = [len(picture(index, index + 1, scale)) for index in range(len(paged.pages))]
        files = _split(sizes, lambda start, end, part, parts: picture(start, end, scale), PNG_PAGES)
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


def _three_houses_details(work: Work) -> list[tuple[str, str]]:
    """The session's facts; first, when a parent or carer did not agree, what that meant (also in the JSON)."""
    session = work.content["session"]
    statement = three_houses.refusal_statement(work.content, bool(work.withheld))
    return [*([(_("What happened"), statement)] if statement else []),
            (_("When"), long_date(session["started_at"])),
            *three_houses.session_details(session, work.author)]


def _house_title(house: dict, theme: str) -> str:
    usual = three_houses.house_name(house["key"], theme)
    return _("%(name)s (%(house)s)", name=house["name"], house=usual) if house["name"] else usual


def _three_houses(blocks: Blocks, pictures: Pictures, work: Work, audience: str) -> None:
    content = work.content
    blocks.details(_three_houses_details(work))
    if not three_houses.refused_only(content, bool(work.withheld)):  # a refusal alone: no empty houses
        _houses(blocks, pictures, work, audience)
    # The recordings this audience may hear (the others were taken out with their moments), and the
    # consent they were made with, as the session's sheet says them.
    if content.get("clips"):
        blocks.heading(_("Recordings of the child's voice"))
        blocks.details(three_houses.clip_details(content, with_wishes=audiences.wish_audience(audience) is None))
    consent = three_houses.consent_details(content)
    if consent:
        blocks.heading(_("Consent"))
        blocks.details(consent)


def _houses(blocks: Blocks, pictures: Pictures, work: Work, audience: str) -> None:
    """Each house of a session: the pictures side by side, then each house's words."""
    content = work.content
    drawn = []
    for key in three_houses.child_order(content):
        house = three_houses.house_of(content, key)
        names = three_houses.picture_parts(house)
        if names:
            def make(size_px, key=key, names=names):
                return three_houses.house_image(work.document, key, {name: work.read(name) for name in names},
                                                size_px)
            title = _house_title(house, content["theme"])
            drawn.append((pictures.add(f"{work.number}/{key}", make, photo=not house["ink"],
                                       caption=title, place=key, work=work.number), title))
    blocks.pictures(drawn, HOUSE_SIDE)
    for key in three_houses.child_order(content):
        house = three_houses.house_of(content, key)
        blocks.heading(_house_title(house, content["theme"]), pdf.HEADING)
        note = audiences.wish_note(house["share"], audience)
        if note:
            blocks.text(_("The drawing and the house's name: %(note)s", note=note), pdf.BY)
        for word in house["words"]:
            blocks.text(word["text"], pdf.WORDS, by_line(written_by(word["by"]), word["share"], audience))
        if not house["words"]:
            blocks.text(_("No words written down") if audiences.wish_audience(audience) is None
                        else _("No words included here"), pdf.NOTE)


def _words_pictures_details(work: Work) -> list[tuple[str, str]]:
    content = work.content
    version = version_summary({"id": work.artefact_id, "parsed": work.document})  # as the record page says it
    return [(_("Purpose"), str(words_pictures.PURPOSE_NAMES[content["purpose"]])),
            (_("Title"), words_pictures.title_of(content)),
            (_("Version"), _("Version %(number)s, %(day)s", number=version["number"], day=version["day"])),
            (_("Made by"), version["took_part"] or _("Not recorded")),
            (_("Agreed by"), version["agreed_by"] or _("Not agreed yet")),
            (_("Read to the children"), yes_no(version["read_to_children"])),
            (_("Language"), str(words_pictures.LANGUAGE_NAMES[content["language"]]))]


def _drawing_maker(work: Work, name: str):
    return lambda size_px: words_pictures.drawing_image(work.read(name), size_px)


def _words_pictures(blocks: Blocks, pictures: Pictures, work: Work, audience: str) -> None:
    blocks.details(_words_pictures_details(work))
    for number, page in enumerate(work.content["pages"], start=1):
        hint = words_pictures.HINT_NAMES.get(page["hint"])
        heading = _("Page %(number)s", number=number)
        blocks.heading(f"{heading}: {hint}" if hint else heading)
        if page["drawing"]:
            caption = _("The drawing on page %(number)s", number=number)
            blocks.pictures([(pictures.add(f"{work.number}/{page['id']}", _drawing_maker(work, page["drawing"]),
                                           False, caption, page["id"], work.number), caption)], PAGE_SIDE)
        if page["text"]:
            blocks.text(page["text"])
        if words_pictures.has_additions(page):
            children = page["children"]
            blocks.heading(words_pictures.added_by(page), pdf.SUBHEADING, space=6)
            if children["drawing"]:
                caption = _("The children's drawing on page %(number)s", number=number)
                blocks.pictures([(pictures.add(f"{work.number}/{page['id']}/children",
                                               _drawing_maker(work, children["drawing"]), False, caption,
                                               page["id"], work.number), caption)], ADDITION_SIDE)
            if children["text"]:
                said = by_line(written_by("child"), words_pictures.CHILDREN_SHARE, audience)
                blocks.text(children["text"], pdf.WORDS, said)


def network_people(content: dict) -> list[dict]:
    """The people of one saved state of a network, as network_render draws them (not removed, by ring)."""
    merged = network.merge([content])
    people = [{name: stamp["value"] for name, stamp in fields.items()} for fields in network.present(merged).values()]
    return sorted(people, key=lambda person: (network_render.ring_of(person), person["name"].casefold()))


def _network(blocks: Blocks, pictures: Pictures, work: Work, audience: str, centre: list[str]) -> None:
    people = network_people(work.content)
    blocks.details([(_("Saved on"), long_date(work.document["created_at"])), (_("Worker"), work.author)])
    caption = _("Circles of safety and support")
    blocks.pictures([(pictures.add(f"{work.number}/map",
                                   lambda size_px: network_render.circles_image(people, centre, size_px),
                                   False, caption, "map", work.number), caption)], MAP_SIDE)
    headings = network_render.column_headings()
    with_view = audiences.wish_audience(audience) is None  # the child's view is in the full record only
    for person in people:
        cells = network_render.member_cells(person)
        blocks.heading(" · ".join(cell for cell in cells[:2] if cell), pdf.SUBHEADING, space=6)
        shown = zip(headings[2:] if with_view else headings[2:-1], cells[2:] if with_view else cells[2:-1])
        blocks.text(" · ".join(f"{heading}: {cell}" for heading, cell in shown if cell), pdf.DETAIL)
    if not people:
        blocks.text(_("Nobody is in the network yet."), pdf.NOTE)


def _observation(blocks: Blocks, pictures: Pictures, work: Work, audience: str) -> None:
    blocks.details([(_("Written on"), long_date(work.document["created_at"])), (_("Worker"), work.author)])
    blocks.text(work.content["text"])
    photos = []
    for number, name in enumerate(work.content["photos"], start=1):
        caption = _("Photo %(number)s", number=number)
        photos.append((pictures.add(f"{work.number}/{name}", lambda size_px, name=name: square_photo(
            work.read(name), size_px), True, caption, name, work.number), caption))
    blocks.pictures(photos, PHOTO_SIDE)


def _meeting(blocks: Blocks, pictures: Pictures, work: Work, audience: str, names: dict[str, str]) -> None:
    content = work.content
    blocks.details([(_("Meeting on"), network_render.long_day(content["date"])), (_("Recorded by"), work.author),
                    (_("Next meeting"), network_render.long_day(content["next_meeting"])
                     if content["next_meeting"] else _("Not arranged yet"))])
    blocks.heading(_("Who came"))
    for person in content["attended"]:
        name = attendee(person, names)
        blocks.text(network_render.person_with(name, person["role"]))
    blocks.heading(_("What we agreed"))
    for number, rule in enumerate(content["agreed"], start=1):
        who = network_render.responsible_names(rule["responsible"], names)
        blocks.text(f"{number}. {rule['rule']}", pdf.WORDS, _("Who: %(people)s", people=who) if who else "")
    if content["notes"]:
        blocks.heading(_("Notes"))
        blocks.text(content["notes"])


def _details_of(work: Work) -> list[tuple[str, str]]:
    """The facts printed at the top of a piece of work (and listed in the JSON)."""
    if work.kind == "three_houses":
        return _three_houses_details(work)
    if work.kind == "words_pictures":
        return _words_pictures_details(work)
    return [(_("Made on"), long_date(work.document["created_at"])), (_("Worker"), work.author)]


def _context(db, user, work: Work) -> dict:
    """What a kind needs besides its document: the children at a network's centre, a meeting's names."""
    if work.kind == "network":
        return {"centre": centre_names(db, user, {"children": work.content["children"]})}
    if work.kind == "network_meeting":
        found = network.current(db, work.content["network"])
        return {"names": meeting_names(found) if found else {}}
    return {}


SECTIONS = {"three_houses": _three_houses, "words_pictures": _words_pictures, "network": _network,
            "observation": _observation, "network_meeting": _meeting}


def work_blocks(db, user, work: Work, audience: str, blocks: Blocks, pictures: Pictures) -> None:
    """One piece of work's blocks: what the kind shows, then the worker's analysis (in an assessment)."""
    SECTIONS[work.kind](blocks, pictures, work, audience, **_context(db, user, work))
    if work.analysis is not None:
        blocks.heading(_("The worker's analysis"), SECTION, space=16)
        blocks.text(work.analysis or _("No analysis written yet."), pdf.WORDS if work.analysis else pdf.NOTE)


def artefact_base(work: Work, audience: str) -> str:
    """A neutral name: the tool, the day (and a storyboard's version), the audience."""
    version = f"-v{work.content['version']['number']}" if work.kind == "words_pictures" else ""
    return f"{KIND_SLUGS[work.kind]}{version}-{work_day(work)}-{AUDIENCE_SLUGS[audience]}"


def _sheet(work: Work, known_as: str, audience: str, picture_px: int) -> pdf.Sheet:
    """The "My Three Houses" sheet of the filtered session, photos as JPEG, saying what was left out."""
    content = work.content
    names = {name for house in content["houses"] for name in three_houses.picture_parts(house)}
    sheet = three_houses.sheet(work.document, {name: work.read(name) for name in names}, known_as, work.author,
                               picture_px, with_wishes=audiences.wish_audience(audience) is None,
                               withheld=bool(work.withheld))
    for column, key in zip(sheet.columns, three_houses.child_order(content)):
        house = three_houses.house_of(content, key)
        if not house["ink"] and house["photos"]:
            column.picture = as_jpeg(column.picture)
    sheet.notice += audiences.notice(audience, work.withheld)
    if audiences.wish_audience(audience) is not None and not three_houses.refused_only(content, bool(work.withheld)):
        for column in sheet.columns:  # true whether a house had no words or none this audience may see
            column.empty_note = _("No words included here")
    return sheet


def _booklet(work: Work, known_as: str, audience: str, scale: float) -> Paged:
    language = work.content["language"]
    with words_pictures.written_in(language):
        booklet = words_pictures.booklet(work.document, "A4", 1, known_as)
        booklet.panels[0].details += audiences.notice(audience, work.withheld)
        pages = pdf.booklet_pages(booklet)
    pictures = Pictures(scale)
    for name in words_pictures.drawing_names(work.content):
        pictures.add(name, _drawing_maker(work, name), False)
    return Paged(booklet.title, *pdf.booklet_page_size("A4", 1), pages, pictures)


def _work_sheet(db, user, work: Work, known_as: str, audience: str, scale: float) -> Paged:
    """A text sheet (A4 portrait) of any kind: the kind's section under its name and the child's."""
    blocks, pictures = Blocks(), Pictures(scale)
    blocks.notice(audiences.notice(audience, work.withheld))
    work_blocks(db, user, work, audience, blocks, pictures)
    subtitle = f"{known_as} · {_('For: %(audience)s', audience=audiences.audience_name(audience))}"
    return Paged(work.label, *PORTRAIT, network_render.paged(work.label, subtitle, blocks, *PORTRAIT), pictures)


def artefact_paged(db, user, work: Work, known_as: str, audience: str, scale: float = 1.0) -> Paged:
    """One artefact laid out for its audience: the Three Houses sheet, the Words and Pictures
    booklet, or a text sheet for the other kinds."""
    if work.kind == "three_houses":
        sheet = _sheet(work, known_as, audience, round(SHEET_PICTURE_PX * scale))
        return Paged(sheet.title, pdf.PAGE_WIDTH, pdf.PAGE_HEIGHT, pdf.sheet_pages(sheet))
    if work.kind == "words_pictures":
        return _booklet(work, known_as, audience, scale)
    return _work_sheet(db, user, work, known_as, audience, scale)


def artefact_export(db, user, child: dict, row: dict, document: dict, audience: str, file_format: str) -> Export:
    """One artefact as PDF or PNG files for `audience`, within the limits."""
    work = work_of(db, row["id"], row["kind"], document, author_name(db, row), audience)
    base = artefact_base(work, audience)
    if file_format == "pdf":
        made = pdf_files(lambda scale: artefact_paged(db, user, work, child["known_as"], audience, scale), base)
    else:
        made = png_files(artefact_paged(db, user, work, child["known_as"], audience), base)
    made.withheld = work.withheld
    return made


RECORDING_EXTENSIONS = {"audio/webm": "webm", "audio/mp4": "m4a"}


@dataclass
class Recording:
    """A recording of the child's voice an audience may hear, as its own download."""
    number: int  # as the audience's PDF numbers it
    clip: dict
    name: str
    size: int
    about: str


def recordings(db, row: dict, document: dict, audience: str) -> list[Recording]:
    """The recordings of a Three Houses session `audience` may hear, each with a neutral file name:
    the session's export name and the recording's number ("…-parents-recording-1.webm"). The
    document is filtered first (audience.for_audience), so a recording this audience may not hear is
    not here at all; sizes come from the store's index, so no sound is read to list them."""
    if row["kind"] != "three_houses":
        return []
    work = work_of(db, row["id"], row["kind"], document, "", audience)
    sizes = {part["name"]: part["length"] for part in
             db.query("SELECT name, length FROM artefact_parts WHERE artefact_id = ?", [row["id"]])}
    base = artefact_base(work, audience)
    return [Recording(number, clip, file_name(base, RECORDING_EXTENSIONS[clip["media_type"]],
                                              suffix=f"-recording-{number}"),
                      sizes.get(clip["part"], 0), three_houses.clip_about(clip, theme=work.content["theme"]))
            for number, clip in enumerate(work.content.get("clips") or [], start=1)]


# --- an assessment pack ---------------------------------------------------------------------------

@dataclass
class Pack:
    """An assessment gathered for one audience: everything an export of it shows, filtered."""
    child: dict
    assessment: dict
    audience: str
    worker: str
    works: list[Work]
    mapping: dict[str, list[dict]]
    scores: list[dict]
    withheld: list[str]
    made_on: str

    def fingerprint(self) -> str:
        """Changes whenever anything the files show changes (for the render cache)."""
        shown = [self.child, self.assessment, self.audience, self.worker, self.mapping, self.scores, self.made_on,
                 [(work.artefact_id, work.analysis) for work in self.works], get_language()]
        return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()


def gather(db, child: dict, assessment: dict, audience: str) -> Pack:
    works = [work_of(db, attached["artefact_id"], attached["kind"], attached["document"], attached["author"],
                     audience, number, attached["analysis"])
             for number, attached in enumerate(assessments.attached(db, assessment["id"]), start=1)]
    mapping, mapping_withheld = audiences.mapping_for_audience(assessments.mapping(db, assessment["id"]), audience)
    withheld = [_("%(number)s. %(label)s: %(things)s", number=work.number, label=work.label,
                  things="; ".join(work.withheld)) for work in works if work.withheld]
    return Pack(child, assessment, audience, author_name(db, assessment, "created_by"), works, mapping,
                assessments.scores(db, assessment["id"]), withheld + mapping_withheld,
                datetime.now(LOCAL_TIME).date().isoformat())


def cover_details(pack: Pack) -> list[tuple[str, str]]:
    assessment = pack.assessment
    return [(_("Child"), pack.child["known_as"]), (_("Date of birth"), long_date(pack.child["date_of_birth"])),
            (_("Case reference"), pack.child["case_reference"]),
            (_("Assessment"), assessments.type_label(assessment["type"])),
            (_("Assessment reference"), assessment["case_reference"] or _("None given")),
            (_("Due"), long_date(assessment["due_on"])), (_("Status"), assessments.status_name(assessment["status"])),
            (_("Worker"), pack.worker), (_("Prepared for"), audiences.audience_name(pack.audience)),
            (_("Made on"), long_date(pack.made_on))]


def work_heading(work: Work) -> str:
    return _("%(number)s. %(label)s, %(day)s", number=work.number, label=work.label, day=long_date(work_day(work)))


def source_of(pack: Pack, entry: dict) -> str:
    """Where a mapping entry of the child's words came from: the artefact's number here, and the house."""
    work = next((work for work in pack.works if work.artefact_id == entry["source_artefact_id"]), None)
    place = voice.place_of(entry["kind"], entry["place"]).name
    where = f"{work.number}. {work.label}" if work else entry["label"] or ""
    return f"{where}, {place}" if place else where


def mapping_by_line(pack: Pack, entry: dict) -> str:
    if entry["source_artefact_id"] is None:
        return _("The worker's entry")
    said = _("The child's words (%(by)s), from %(source)s", source=source_of(pack, entry),
             by=written_by(entry["by"]))
    return by_line(said, entry["share"], pack.audience)


def pack_paged(db, user, pack: Pack, scale: float = 1.0) -> Paged:
    """The pack: a cover, each attached artefact in order (from a page of its own), then the mapping."""
    blocks, pictures = Blocks(), Pictures(scale)
    blocks.details(cover_details(pack))
    blocks.notice(audiences.notice(pack.audience, pack.withheld))
    blocks.heading(_("In this pack"))
    for work in pack.works:
        blocks.text(work_heading(work), pdf.DETAIL)
    blocks.text(_("The mapping and scaling"), pdf.DETAIL)
    for work in pack.works:
        blocks.page_break()
        blocks.heading(work_heading(work), SECTION, space=0)
        if work.withheld:
            blocks.text(_("Not included here: %(things)s", things="; ".join(work.withheld)), pdf.NOTE)
        work_blocks(db, user, work, pack.audience, blocks, pictures)
    blocks.page_break()
    blocks.heading(_("The mapping"), SECTION, space=0)
    for column, heading in assessments.COLUMNS.items():
        blocks.heading(str(heading))
        for entry in pack.mapping[column]:
            blocks.text(entry["text"], pdf.WORDS, mapping_by_line(pack, entry))
        if not pack.mapping[column]:
            blocks.text(_("Nothing written here yet."), pdf.NOTE)
    blocks.heading(_("Scaling"), SECTION, space=16)
    blocks.text(assessments.scaling_question_of(pack.assessment))
    for score in pack.scores:
        person = f"{score['person']} ({score['role']})" if score["role"] else score["person"]
        blocks.text(_("%(person)s: %(score)s", person=person, score=score["score"]), LABEL, score["note"])
    if not pack.scores:
        blocks.text(_("No numbers recorded yet."), pdf.NOTE)
    title = assessments.type_label(pack.assessment["type"])
    subtitle = _("Assessment pack · For: %(audience)s", audience=audiences.audience_name(pack.audience))
    return Paged(title, *PORTRAIT, network_render.paged(title, subtitle, blocks, *PORTRAIT), pictures)


def pack_base(pack: Pack) -> str:
    return f"{TYPE_SLUGS[pack.assessment['type']]}-{pack.made_on}-{AUDIENCE_SLUGS[pack.audience]}"


def pack_pdf(db, user, pack: Pack) -> Export:
    made = pdf_files(lambda scale: pack_paged(db, user, pack, scale), pack_base(pack))
    made.withheld = pack.withheld
    return made


# --- the pack as JSON (docs/assessment-export.md) -------------------------------------------------

def _picture_json(pictures: Pictures, name: str, size_px: int | None) -> dict:
    picture = pictures.named[name]
    entry = {"place": picture.place, "caption": picture.caption}
    if size_px is None:
        return entry
    image = pictures.image(name, size_px)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG" if picture.photo else "PNG", **({"quality": JPEG_QUALITY} if picture.photo else {}))
    return {**entry, "media_type": "image/jpeg" if picture.photo else "image/png", "width": image.width,
            "height": image.height, "data": base64.b64encode(buffer.getvalue()).decode("ascii")}


def _words_json(work: Work, audience: str) -> list[dict]:
    """The child's words in the (filtered) artefact, as the voice index reads them; each checked
    against its wish once more, so words a kind adds to its index later cannot slip through."""
    return [{"item": words["item"], "place": words["place"], "text": words["text"], "by": words["by"],
             "share": words["share"]} for words in voice.items_of(work.kind, work.content)
            if audiences.allows(words["share"], audience)]


def _clips_json(work: Work, audience: str) -> list[dict]:
    """The recordings of the child's voice this audience may hear, with the words at each marked
    moment; never the sound (each is a download of its own on the artefact's export page)."""
    clips = [clip for clip in work.content.get("clips") or [] if audiences.allows(clip["share"], audience)]
    return [{"number": number, "clip_id": clip["id"], "place": three_houses.clip_place_key(clip),
             "place_name": three_houses.clip_place(clip, work.content["theme"]), "started_at": clip["started_at"],
             "duration_ms": clip["duration_ms"], "length": audio.clock(clip["duration_ms"]),
             "media_type": clip["media_type"], "share": clip["share"],
             "moments": [{"at_ms": moment["at_ms"], "time": audio.clock(moment["at_ms"]), "text": moment["text"]}
                         for moment in clip["moments"]]}
            for number, clip in enumerate(clips, start=1)]


def _consent_json(work: Work) -> dict | None:
    """The consent recorded on the tablet (null before issue 8): the signature is said, not given."""
    consent = work.content.get("consent")
    if not consent:
        return None
    parent = consent["parent"] and {**{name: value for name, value in consent["parent"].items() if name != "signature"},
                                    "signed": consent["parent"]["signature"] is not None,
                                    "audio": three_houses.parent_recording_answer(consent["parent"])}
    # The answers about recording as the record page says them: null when not asked (older tablets
    # wrote false for that).
    child = consent["child"] and {**consent["child"], "audio": three_houses.child_recording_answer(consent)}
    return {"parent": parent, "child": child, "explainer": consent["explainer"]}


def _mapping_json(pack: Pack) -> dict:
    numbers = {work.artefact_id: work.number for work in pack.works}
    columns = {}
    for column, entries in pack.mapping.items():
        columns[column] = [{"text": entry["text"], "by": entry["by"], "share": entry["share"],
                            "source": None if entry["source_artefact_id"] is None else {
                                "artefact_id": entry["source_artefact_id"], "item": entry["source_item"],
                                "artefact_number": numbers.get(entry["source_artefact_id"]), "place": entry["place"]}}
                           for entry in entries]
    return columns


def pack_pictures(db, user, pack: Pack) -> Pictures:
    """The pictures each attached artefact shows, by name (laid out as in the PDF, which names them)."""
    pictures = Pictures()
    for work in pack.works:
        work_blocks(db, user, work, pack.audience, Blocks(), pictures)
    return pictures


def pack_document(pack: Pack, pictures: Pictures, picture_px: int | None) -> dict:
    """The pack as the JSON schema says, with pictures at most `picture_px` a side (None: left out)."""
    assessment = pack.assessment
    return {
        "schema": SCHEMA,
        "made_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "audience": pack.audience,
        "withheld": pack.withheld,
        "notice": audiences.notice(pack.audience, pack.withheld),
        "pictures_left_out": picture_px is None,
        "child": {"known_as": pack.child["known_as"], "date_of_birth": pack.child["date_of_birth"],
                  "case_reference": pack.child["case_reference"]},
        "assessment": {"id": assessment["id"], "type": assessment["type"],
                       "type_name": assessments.type_label(assessment["type"]), "due_on": assessment["due_on"],
                       "status": assessment["status"], "case_reference": assessment["case_reference"],
                       "worker": pack.worker},
        "artefacts": [{"number": work.number, "artefact_id": work.artefact_id, "kind": work.kind,
                       "kind_name": work.label, "created_at": work.document["created_at"], "author": work.author,
                       "details": [{"label": label, "value": value} for label, value in _details_of(work)],
                       "words": _words_json(work, pack.audience),
                       "pictures": [_picture_json(pictures, name, picture_px)
                                    for name, picture in pictures.named.items() if picture.work == work.number],
                       "clips": _clips_json(work, pack.audience), "consent": _consent_json(work),
                       "withheld": work.withheld, "analysis": work.analysis}
                      for work in pack.works],
        "mapping": _mapping_json(pack),
        "scaling": {"question": assessments.scaling_question_of(assessment),
                    "scores": [{"person": score["person"], "role": score["role"], "score": score["score"],
                                "note": score["note"]} for score in pack.scores]},
    }


def pack_json(db, user, pack: Pack) -> Export:
    """The pack as one JSON file within the limits: pictures smaller in steps, and left out (the PDF
    has them) only when even the smallest do not fit."""
    limit = max_bytes()
    pictures = pack_pictures(db, user, pack)
    for picture_px in (*JSON_PICTURE_PX, None):
        data = json.dumps(pack_document(pack, pictures, picture_px), ensure_ascii=False, indent=1).encode("utf-8")
        if len(data) <= limit:
            return Export([ExportFile(file_name(pack_base(pack), "json"), "application/json", data)],
                          withheld=pack.withheld, reduced=picture_px != JSON_PICTURE_PX[0],
                          pictures_left_out=picture_px is None)
    raise ExportTooLarge(_("The words and analysis of this assessment alone are larger than %(size)s, so it "
                           "cannot be exported as one JSON file. Export it as PDF.", size=size_text(limit)))


# --- keeping an export between the page and its download ------------------------------------------

def _remember(key: tuple, made: Export) -> bytes:
    for index, exported in enumerate(made.files):
        rendered((*key, index), lambda data=exported.data: data)
    listing = {"files": [{"name": exported.name, "media_type": exported.media_type, "size": len(exported.data)}
                         for exported in made.files],
               "withheld": made.withheld, "reduced": made.reduced, "split": made.split,
               "pictures_left_out": made.pictures_left_out}
    return json.dumps(listing).encode()


def listing(key: tuple, make) -> dict:
    """What the export for `key` holds (names, types, sizes, and what was done to fit), made by
    `make()` when it is not in the render cache (memory only, records.py), each file kept there."""
    return json.loads(rendered((*key, "listing"), lambda: _remember(key, make())))


def file_data(key: tuple, make, index: int) -> bytes:
    def again() -> bytes:
        made = make()
        _remember(key, made)
        return made.files[index].data

    return rendered((*key, index), again)


# --- importing a pack as a new draft --------------------------------------------------------------

TOP_FIELDS = {"schema", "made_at", "audience", "withheld", "notice", "pictures_left_out", "child", "assessment",
              "artefacts", "mapping", "scaling"}
CHILD_FIELDS = {"known_as", "date_of_birth", "case_reference"}
ASSESSMENT_FIELDS = {"id", "type", "type_name", "due_on", "status", "case_reference", "worker"}
ARTEFACT_FIELDS = {"number", "artefact_id", "kind", "kind_name", "created_at", "author", "details", "words",
                   "pictures", "clips", "consent", "withheld", "analysis"}
ENTRY_FIELDS = {"text", "by", "share", "source"}
SOURCE_FIELDS = {"artefact_id", "item", "artefact_number", "place"}
SCALING_FIELDS = {"question", "scores"}
SCORE_FIELDS = {"person", "role", "score", "note"}


def _object(value, allowed: set, required: set, where: str) -> dict:
    if not isinstance(value, dict):
        raise ImportRefused(_("%(where)s must be an object ({…}) in the file", where=where))
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise ImportRefused(_("%(where)s has fields this service does not know: %(fields)s", where=where,
                              fields=", ".join(name[:40] for name in unknown[:5])))
    missing = sorted(required - set(value))
    if missing:
        raise ImportRefused(_("%(where)s is missing: %(fields)s", where=where, fields=", ".join(missing)))
    return value


def _list(value, most: int, where: str) -> list:
    if not isinstance(value, list):
        raise ImportRefused(_("%(where)s must be a list ([…]) in the file", where=where))
    if len(value) > most:
        raise ImportRefused(_("%(where)s has more than %(n)s entries", where=where, n=most))
    return value


def _checked(where: str, check, *args):
    """One of the assessment's own checks (assessments.py), its refusal said with where it is in the file."""
    try:
        return check(*args)
    except assessments.AssessmentRefused as refused:
        raise ImportRefused(_("%(where)s: %(problem)s", where=where, problem=refused.message)) from None


def read_pack(data: bytes) -> dict:
    """The file as JSON in the schema, or ImportRefused saying what is wrong with it."""
    if len(data) > IMPORT_MAX_BYTES:
        raise ImportRefused(_("The file is larger than %(size)s. Import a file of %(size)s or less (a pack "
                              "without its pictures is much smaller).", size=size_text(IMPORT_MAX_BYTES)))
    try:
        document = artefacts.strict_json(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ImportRefused(_("The file is not JSON that this service can read. Choose a file exported as "
                              "JSON from SofS Direct, or one made to docs/assessment-export.md.")) from None
    _object(document, TOP_FIELDS, {"schema", "assessment"}, _("The file"))
    if document["schema"] != SCHEMA:
        raise ImportRefused(_("The file is not an assessment pack of the kind this service reads (its schema "
                              "must be %(schema)s).", schema=SCHEMA))
    return document


def import_json(db, user, child: dict, data: bytes) -> str:
    """A new draft assessment of `child` from a JSON file in the pack's schema; returns its id. All or
    nothing: ImportRefused for anything wrong with the file, NotFound (404) for an artefact that is
    not this child's; either way nothing is written. The draft is made by assessments.py's own
    functions, each checking what it always checks, inside this one write transaction (db.write
    nests), so an imported draft obeys exactly the rules of one made on the page."""
    document = read_pack(data)
    if "child" in document:
        stated = _object(document["child"], CHILD_FIELDS, set(), _("The child"))
        if stated.get("case_reference", child["case_reference"]) != child["case_reference"]:
            raise ImportRefused(_("The file is for a different case reference from this child's. Nothing was "
                                  "imported."))
    stated = _object(document["assessment"], ASSESSMENT_FIELDS, {"type", "due_on"}, _("The assessment"))
    type_key = stated["type"] if isinstance(stated["type"], str) else None  # a list or object is no type
    works = _list(document.get("artefacts", []), IMPORT_ARTEFACTS_MAX, _("The artefacts"))
    mapping = _object(document.get("mapping", {}), set(assessments.COLUMNS), set(), _("The mapping"))
    scaling = _object(document.get("scaling", {}), SCALING_FIELDS, set(), _("The scaling"))
    with write(db):
        assessment_id = _checked(_("The assessment"), assessments.create, db, user, child["id"], type_key,
                                 stated["due_on"], stated.get("case_reference", ""))
        assessment = assessments.get(db, child["id"], assessment_id)
        words = _import_artefacts(db, user, assessment, works)
        _import_mapping(db, user, assessment, mapping, words)
        _import_scaling(db, user, assessment, scaling)
    return assessment_id


def _import_artefacts(db, user, assessment: dict, works: list) -> dict[str, dict[str, str]]:
    """Attach each artefact with its analysis; returns the child's words stored for each (item → text)."""
    words = {}
    for position, stated in enumerate(works, start=1):
        where = _("Artefact %(number)s in the file", number=position)
        stated = _object(stated, ARTEFACT_FIELDS, {"artefact_id"}, where)
        artefact_id = stated["artefact_id"]
        if not isinstance(artefact_id, str) or artefact_id in words:
            raise ImportRefused(_("%(where)s: the artefact id must be given once, as text", where=where))
        assessments.attach(db, user, assessment, artefact_id)  # another child's, or held back: NotFound (404)
        analysis = "" if stated.get("analysis") is None else stated["analysis"]
        _checked(where, assessments.set_analysis, db, user, assessment, artefact_id, analysis)
        words[artefact_id] = {item["item"]: item["text"] for item in voice.items_for_artefact(db, artefact_id)}
    return words


def _import_mapping(db, user, assessment: dict, mapping: dict, words: dict[str, dict[str, str]]) -> None:
    for column, entries in mapping.items():
        heading = str(assessments.COLUMNS[column])
        for number, stated in enumerate(_list(entries, IMPORT_ENTRIES_MAX, heading), start=1):
            where = _("Entry %(number)s of “%(column)s”", number=number, column=heading)
            stated = _object(stated, ENTRY_FIELDS, {"text"}, where)
            source = stated.get("source")
            if source is None:
                _checked(where, assessments.add_entry, db, user, assessment, column, stated["text"])
                continue
            source = _object(source, SOURCE_FIELDS, {"artefact_id", "item"}, where)
            artefact_id, item = str(source["artefact_id"]), str(source["item"])
            # The child's voice is only ever copied from the session it was captured in (place_words
            # copies it from the voice index), never taken from a file: the file's words must match.
            if words.get(artefact_id, {}).get(item) != stated["text"]:
                raise ImportRefused(_("%(where)s is given as the child's words, but they are not exactly the words "
                                      "stored for an artefact attached in the file. The child's words can only "
                                      "come from their session.", where=where))
            assessments.place_words(db, user, assessment, artefact_id, item, column)


def _import_scaling(db, user, assessment: dict, scaling: dict) -> None:
    question = scaling.get("question", "")
    if question == str(assessments.SCALING_QUESTION):
        question = ""  # the usual wording, exported in the reader's language: kept as "the usual"
    _checked(_("The scaling question"), assessments.set_scaling_question, db, user, assessment, question)
    for number, stated in enumerate(_list(scaling.get("scores", []), IMPORT_SCORES_MAX, _("The scores")), start=1):
        where = _("Score %(number)s in the file", number=number)
        stated = _object(stated, SCORE_FIELDS, {"person", "score"}, where)
        _checked(where, assessments.add_score, db, user, assessment, stated["person"], stated.get("role", ""),
                 stated["score"], stated.get("note", ""))
