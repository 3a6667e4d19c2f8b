"""A Words and Pictures version in a file for its audience: the booklet on its own, and its section
(facts, each page, the children's additions) in an assessment pack.

Main decision: the children's additions follow CHILDREN_SHARE, already applied (for_audience), so an
audience that may not have them finds none here to draw; the booklet is written in its own language.
"""

from ...artefacts import audience as audiences
from ...artefacts.export_layout import ADDITION_SIDE, PAGE_SIDE, Paged, Pictures, by_line
from ...artefacts.fields import written_by, yes_no
from ...artefacts.phrases import written_in
from ...paper import booklets, lettering
from ...paper.drawing import drawing_image
from ...platform.i18n import _
from . import CHILDREN_SHARE, HINT_NAMES, LANGUAGE_NAMES, PURPOSE_NAMES
from .renders import booklet
from .storyboard import added_by, drawing_names, has_additions, title_of
from .views import version_summary


def export_name(content: dict) -> str:
    return f"words-and-pictures-v{content['version']['number']}"


def export_details(work) -> list[tuple[str, str]]:
    content = work.content
    version = version_summary({"id": work.artefact_id, "parsed": work.document})  # as the record page says it
    return [
        (_("Purpose"), str(PURPOSE_NAMES[content["purpose"]])),
        (_("Title"), title_of(content)),
        (_("Version"), _("Version %(number)s, %(day)s", number=version["number"], day=version["day"])),
        (_("Made by"), version["took_part"] or _("Not recorded")),
        (_("Agreed by"), version["agreed_by"] or _("Not agreed yet")),
        (_("Read to the children"), yes_no(version["read_to_children"])),
        (_("Language"), str(LANGUAGE_NAMES[content["language"]])),
    ]


def _drawing_maker(work, name: str):
    return lambda size_px: drawing_image(work.read(name), size_px)


def export_section(db, user, blocks, pictures, work, audience: str) -> None:
    blocks.details(export_details(work))
    for number, page in enumerate(work.content["pages"], start=1):
        hint = HINT_NAMES.get(page["hint"])
        heading = _("Page %(number)s", number=number)
        blocks.heading(f"{heading}: {hint}" if hint else heading)
        if page["drawing"]:
            caption = _("The drawing on page %(number)s", number=number)
            blocks.pictures(
                [
                    (
                        pictures.add(
                            f"{work.number}/{page['id']}",
                            _drawing_maker(work, page["drawing"]),
                            False,
                            caption,
                            page["id"],
                            work.number,
                        ),
                        caption,
                    )
                ],
                PAGE_SIDE,
            )
        if page["text"]:
            blocks.text(page["text"])
        if has_additions(page):
            children = page["children"]
            blocks.heading(added_by(page), lettering.SUBHEADING, space=6)
            if children["drawing"]:
                caption = _("The children's drawing on page %(number)s", number=number)
                blocks.pictures(
                    [
                        (
                            pictures.add(
                                f"{work.number}/{page['id']}/children",
                                _drawing_maker(work, children["drawing"]),
                                False,
                                caption,
                                page["id"],
                                work.number,
                            ),
                            caption,
                        )
                    ],
                    ADDITION_SIDE,
                )
            if children["text"]:
                said = by_line(written_by("child"), CHILDREN_SHARE, audience)
                blocks.text(children["text"], lettering.WORDS, said)


def export_paged(db, user, work, known_as: str, audience: str, scale: float) -> Paged:
    """A version on its own is its booklet, one A4 page a panel."""
    with written_in(work.content["language"]):
        made = booklet(work.document, "A4", 1, known_as)
        made.panels[0].details += audiences.notice(audience, work.withheld)
        pages = booklets.booklet_pages(made)
    pictures = Pictures(scale)
    for name in drawing_names(work.content):
        pictures.add(name, _drawing_maker(work, name), False)
    return Paged(made.title, *booklets.booklet_page_size("A4", 1), pages, pictures)
