"""The Words and Pictures booklet: laid out for a paper and one or two panels a sheet, as a PDF, and
each panel as a picture.

Main decision: the booklet is printed in the storyboard's own language (`language`), whatever the
worker's screen is set to: it is made for the children, and the doc says the language is the
booklet's. Its words are the family's exactly; the worker's version note and the agreed wording are
not printed in it.
"""

from PIL import Image

from ...artefacts.phrases import joined, person, written_in
from ...paper import booklets
from ...paper.drawing import drawing_image
from ...platform.i18n import _
from . import PURPOSE_NAMES
from .storyboard import added_by, has_additions, title_of, version_day

PAPERS = tuple(booklets.PAPERS)
PER_SHEET = (1, 2)


def booklet(document: dict, paper: str = "A4", per_sheet: int = 1, known_as: str = "") -> booklets.Booklet:
    """The booklet, laid out for `paper` and `per_sheet`: the cover (title, who made it for whom,
    the version and who agreed to it), then one panel a page, numbered, with the children's
    additions in a box marked as theirs. Call inside `written_in(content["language"])`."""
    content = document["content"]
    version = content["version"]
    makers = joined([entry["name"] for entry in version["took_part"] if entry["name"].strip()])
    made = (
        _("Made by %(makers)s for %(child)s", makers=makers, child=known_as)
        if makers and known_as
        else _("Made by %(makers)s", makers=makers)
        if makers
        else _("Made for %(child)s", child=known_as)
        if known_as
        else ""
    )
    agreed = joined([person(entry) for entry in version["agreed_by"]])
    details = [
        str(PURPOSE_NAMES[content["purpose"]]),
        made,
        _("Version %(number)s, %(day)s", number=version["number"], day=version_day(document)),
        _("Agreed by %(people)s", people=agreed) if agreed else _("Not agreed yet"),
    ]
    panels = [booklets.Panel(title=title_of(content), details=[detail for detail in details if detail])]
    total = len(content["pages"])
    for number, page in enumerate(content["pages"], start=1):
        panel = booklets.Panel(
            picture=page["drawing"], text=page["text"], footer=_("Page %(page)s of %(total)s", page=number, total=total)
        )
        if has_additions(page):
            panel.box_heading = added_by(page)
            panel.box_picture = page["children"]["drawing"]
            panel.box_text = page["children"]["text"]
        panels.append(panel)
    return booklets.Booklet(
        title=str(PURPOSE_NAMES[content["purpose"]]), panels=panels, paper=paper, per_sheet=per_sheet
    )


def _pictures(parts: dict[str, bytes]):
    def draw(name: str, size_px: int) -> Image.Image:
        return drawing_image(parts[name], size_px)

    return draw


def _checked(paper: str, per_sheet: int) -> None:
    if paper not in PAPERS or per_sheet not in PER_SHEET:
        raise ValueError(f"a booklet is A4 or A5, one or two panels a sheet, not {paper!r} × {per_sheet!r}")


def booklet_pdf(
    document: dict, parts: dict[str, bytes], paper: str = "A4", per_sheet: int = 1, known_as: str = ""
) -> bytes:
    """The booklet as a PDF: `parts` holds (at least) every drawing the storyboard names."""
    _checked(paper, per_sheet)
    with written_in(document["content"]["language"]):
        return booklets.booklet_pdf(booklet(document, paper, per_sheet, known_as), _pictures(parts))


def booklet_images(
    document: dict, parts: dict[str, bytes], paper: str = "A4", known_as: str = "", width_px: int = 1240, panels=None
) -> list[Image.Image]:
    """One picture a panel — the cover (panel 0), then each page — as printed one to a sheet of
    `paper`; `panels` picks some by number, and only their drawings are then needed in `parts`."""
    _checked(paper, 1)
    with written_in(document["content"]["language"]):
        return booklets.booklet_images(booklet(document, paper, 1, known_as), _pictures(parts), width_px, panels)
