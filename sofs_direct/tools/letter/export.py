"""A letter to the child in a file: the child's own copy (A4 or A5, big print, one heading a part,
the child's drawings, every word real text), the same letter in an export for an audience, and its
section in a pack.

Main decision: one writer (`write_letter`) lays the letter out for every file — the child's copy,
an audience's copy and a pack's section — on the page flow every kind's files use
(export_layout.Blocks and paged, paper/printing.py), with the sizes of the paper it goes on. The
letter's words are in the letter's language (wording.letter_words), the facts around it in the
reader's. An audience's copy is the letter already filtered (audience.py), so its "Who will see this"
lists only what it holds.
"""

import copy

from ...artefacts import audience as audiences
from ...artefacts.export_layout import INNER, PORTRAIT, Blocks, Paged, Pictures, paged
from ...artefacts.phrases import written_in
from ...paper import booklets, lettering, printing, sheets
from ...paper.drawing import drawing_image
from ...platform.dates import long_date
from ...platform.i18n import _
from . import LANGUAGE_NAMES
from .audience import for_audience
from .wording import letter_words

# Big print for a child: A4's sizes, and A5's a little smaller so a line still holds a few words.
STYLES = {
    "a4": {
        "words": lettering.Style("regular", 16, 23),
        "heading": lettering.Style("bold", 20, 27),
        "by": lettering.Style("regular", 12, 17, lettering.GREY),
        "drawing": 240,
    },
    "a5": {
        "words": lettering.Style("regular", 13, 19),
        "heading": lettering.Style("bold", 16, 22),
        "by": lettering.Style("regular", 10, 14, lettering.GREY),
        "drawing": 170,
    },
}
# In a pack the letter is printed as the other kinds' sections are.
SECTION_STYLES = {"words": lettering.WORDS, "heading": lettering.HEADING, "by": lettering.BY, "drawing": 150}


def export_name(content: dict) -> str:
    return "letter"


def export_details(work) -> list[tuple[str, str]]:
    content = work.content
    return [
        (_("Written on"), long_date(work.document["created_at"])),
        (_("Worker"), work.author),
        (_("Written in"), LANGUAGE_NAMES[content["language"]]),
        (
            _("Read with the child on the tablet"),
            long_date(content["read_with_child"]) if content["read_with_child"] else _("Not yet"),
        ),
    ]


def write_letter(blocks: Blocks, letter: dict, pictures: Pictures, read, styles: dict, prefix: str = "") -> None:
    """The letter (wording.letter_words) onto `blocks`, a heading a part, each part only when it
    holds something; `read(part)` gives a drawing's bytes, drawn only when a writer asks for it."""
    words, heading, by = styles["words"], styles["heading"], styles["by"]
    for text in (letter["greeting"], letter["opening"]):
        if text.strip():
            blocks.text(text, words)
    if letter["heard"]:
        blocks.heading(letter["heard_heading"], heading, space=14)
        for item in letter["heard"]:
            said = letter["wrote_it"] if item["by"] == "child" else letter["scribed"]
            blocks.text(f"“{item['words']}”", words, by=f"{item['where']} · {said}" if item["where"] else said)
    if letter["drawings"]:
        blocks.heading(letter["drawings_heading"], heading, space=14)
        named = []
        for item in letter["drawings"]:
            name = f"{prefix}{item['part']}"
            pictures.add(
                name,
                lambda size_px, item=item: drawing_image(read(item["part"]), size_px, item["outline"]),
                False,
                item["caption"],
            )
            named.append((name, item["caption"]))
        blocks.pictures(named, styles["drawing"])
    if letter["others"]:
        blocks.heading(letter["others_heading"], heading, space=14)
        for item in letter["others"]:
            blocks.text(f"“{item['words']}”", words, by=item["who"])
    for title, text in ((letter["next_heading"], letter["next"]),):
        if text.strip():
            blocks.heading(title, heading, space=14)
            blocks.text(text, words)
    if letter["who"] or letter["who_sees_note"].strip():
        blocks.heading(letter["who_heading"], heading, space=14)
        for group in letter["who"]:
            for thing in group["things"]:
                blocks.text(f"“{thing}”", by, indent=12)
            blocks.text(group["says"], words)
            for person in group["people"]:
                blocks.text(f"• {person}", words, indent=12)
        if letter["who_sees_note"].strip():
            blocks.text(letter["who_sees_note"], words)
    if letter["talk_to"].strip():
        blocks.heading(letter["talk_heading"], heading, space=14)
        blocks.text(letter["talk_to"], words)
    if letter["closing"].strip():
        blocks.text("", words)
        blocks.text(letter["closing"], words)


def _title(document: dict) -> tuple[str, str]:
    """The file's title and subtitle in the letter's language: "A letter for Sam", the day."""
    content = document["content"]
    with written_in(content["language"]):
        name = content["to"].strip()
        title = _("A letter for %(name)s", name=name) if name else _("A letter for you")
        return title, long_date(document["created_at"])


def childs_copy_pdf(document: dict, parts: dict[str, bytes], size: str) -> bytes:
    """The child's own copy: everything the letter holds (what the worker kept in it), on A4 or A5."""
    width, height = booklets.PAPERS[size.upper()]
    blocks, pictures = Blocks(width - 2 * sheets.MARGIN), Pictures()
    content = copy.deepcopy(document["content"])
    for_audience(content, audiences.RECORD)  # the full record's filter: what the worker kept in the letter
    letter = letter_words(content)
    write_letter(blocks, letter, pictures, parts.__getitem__, STYLES[size])
    title, subtitle = _title(document)
    with written_in(document["content"]["language"]):  # "Page 1 of 2" in the letter's language too
        pages = paged(title, subtitle, blocks, width, height)
    return printing.items_pdf(title, width, height, pages, pictures)


def export_section(db, user, blocks, pictures, work, audience: str) -> None:
    blocks.details(export_details(work))
    write_letter(blocks, letter_words(work.content), pictures, work.read, SECTION_STYLES, f"{work.number}/")


def export_paged(db, user, work, known_as: str, audience: str, scale: float) -> Paged:
    """The letter on its own for an audience: what the audience may have of it, in big print on A4,
    then the facts."""
    blocks, pictures = Blocks(INNER), Pictures(scale)
    blocks.notice(audiences.notice(audience, work.withheld))
    write_letter(blocks, letter_words(work.content), pictures, work.read, STYLES["a4"])
    blocks.heading(_("About this letter"))
    blocks.details(export_details(work))
    title, subtitle = _title(work.document)
    width, height = PORTRAIT
    return Paged(title, width, height, paged(title, subtitle, blocks, width, height), pictures)
