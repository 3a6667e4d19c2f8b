"""A Safety House version in a file for its audience: "My Safety House" on its own (one page, as
PDF or PNG, carrying on over more only when its words need them), and its section in an assessment
pack; the platform writes the JSON.

Main decision: everything here works on the document already filtered for the audience
(audience.for_audience), so a person, rule, number or drawing the child did not want this audience
to have is not in it to draw; the file then says what was left out, by kind and number.
"""

from ...artefacts import audience as audiences
from ...artefacts.export_layout import PORTRAIT, Blocks, Paged, Pictures, paged, standalone_paged, visit_facts
from ...paper import lettering, printing
from ...platform.dates import long_date
from ...platform.i18n import _
from . import NAME
from .house import childs_number, session_details
from .renders import drawing_image, house_block, house_picture, words_blocks


def export_name(content: dict) -> str:
    return f"safety-house-v{content['version']}"


def export_details(work) -> list[tuple[str, str]]:
    content = work.content
    own = childs_number(content)
    return [
        (_("Version"), _("Version %(number)s", number=content["version"])),
        *session_details(content["session"], work.author),
        (_("The child's own number on the safety path"), str(own) if own is not None else _("Not given")),
    ]


def _house(blocks: Blocks, pictures: Pictures, work, audience: str, prefix: str) -> None:
    """The house, then its words: the same in the kind's own file and in a pack."""
    content = work.content
    picture = pictures.add(f"{prefix}house", house_picture, False, _("My Safety House"), "", work.number)
    drawing = None
    if content["ink"]:
        name = content["ink"]
        drawing = pictures.add(
            f"{prefix}drawing",
            lambda size_px: drawing_image(work.read(name), size_px),
            False,
            _("The child's drawing"),
            "",
            work.number,
        )
    items, height, left_out = house_block(content, picture, drawing)
    blocks.append((items, height))
    note = audiences.wish_note(content["share"], audience) if content["ink"] else ""
    if note:
        blocks.text(_("The child's drawing: %(note)s", note=note), lettering.BY)
    words_blocks(blocks, content, audience, everyone=bool(left_out) or audiences.wish_audience(audience) is None)


def export_section(db, user, blocks, pictures, work, audience: str) -> None:
    blocks.details(export_details(work))
    _house(blocks, pictures, work, audience, f"{work.number}/")


def export_paged(db, user, work, known_as: str, audience: str, scale: float) -> Paged:
    """ "My Safety House": the house on one A4 page, its words under it, then the visit's facts."""
    content = work.content
    blocks, pictures = Blocks(), Pictures(scale)
    blocks.notice(audiences.notice(audience, work.withheld))
    _house(blocks, pictures, work, audience, "")
    blocks.heading(_("About this visit"))
    # the version is in the subtitle
    blocks.details(session_details(content["session"], work.author) + visit_facts(work))
    title = _("My Safety House")
    subtitle = " · ".join(
        part
        for part in (
            known_as,
            long_date(content["session"]["started_at"]),
            _("Version %(number)s", number=content["version"]),
        )
        if part
    )
    width, height = PORTRAIT
    return Paged(title, width, height, paged(title, subtitle, blocks, width, height), pictures)


def house_paged(document: dict, parts: dict[str, bytes], known_as: str, author: str, audience: str = "record") -> Paged:
    """The kind's own file of a document and its parts, outside the export pipeline (the tests and
    the benchmark; export_layout.standalone_paged)."""
    return standalone_paged(NAME, document, parts, known_as, author, audience)


def house_pdf(document: dict, parts: dict[str, bytes], known_as: str, author: str, audience: str = "record") -> bytes:
    made = house_paged(document, parts, known_as, author, audience)
    return printing.items_pdf(made.title, made.width, made.height, made.pages, made.pictures)


def house_png(document: dict, parts: dict[str, bytes], known_as: str, author: str, width_px: int = 1240) -> bytes:
    """The first page of "My Safety House" as a picture (A4 at 150 dpi)."""
    made = house_paged(document, parts, known_as, author)
    [page] = printing.items_images(made.width, made.height, made.pages[:1], width_px, made.pictures)
    return printing.png_bytes(page)
