"""Files for a case-management system (Liquidlogic LCS, Mosaic, Eclipse): one artefact as a PDF or a
PNG made for one audience, its recordings of the child's voice as downloads of their own, and the
pieces every export is made of (a piece of work's blocks, a neutral file name), which the assessment
pack (pack.py, pack_json.py) uses too; and keeping an export between the page and its download.

Main decision: every file is made from documents already filtered for its audience
(audience.for_audience), so what the child did not want that audience to see is never read from the
store or drawn, and the file itself says that something was left out, by kind and number only. Each
file must fit what those systems accept (`EXPORT_MAX_BYTES`, `EXPORT_NAME_MAX`): a file that is too
big is made again with smaller pictures (print size, then 70%, then half; photos always as JPEG),
and if it is still too big it is split between pages into "part 1 of N" files — never cut, and never
by dropping anything silently: the page before the download says plainly what was done. Names say
what the file is, its day and its audience, never the child.

Documents are laid out once as paper/printing.py's items (text, rules, drawings by name) and written by its
writers, so the PDF and the PNG of one export break pages in the same places, and the child's words
are real text in DejaVu Sans (Welsh prints as written). A picture is only drawn when a writer asks
for it, at the size it asks for, and once per size.
"""

import json
from dataclasses import dataclass

from ..artefacts import audience as audiences
from ..artefacts import communication, feedback
from ..artefacts.export_files import Export, file_name, pdf_files, png_files
from ..artefacts.export_layout import PORTRAIT, SECTION, Blocks, Paged, Pictures, Work, paged, work_day, work_of
from ..artefacts.kinds import kind_of
from ..artefacts.record_files import author_name, rendered
from ..paper import lettering
from ..platform.i18n import _

AUDIENCE_SLUGS = {
    audiences.RECORD: "full-record",
    "conference": "conference",
    "parents": "parents",
    "network": "network",
}


def details_of(work: Work) -> list[tuple[str, str]]:
    """The facts printed with a piece of work (and listed in the JSON): the kind's, then how the
    child's views were conveyed."""
    return kind_of(work.kind).export_details(work) + communication.facts(work.document)


def work_blocks(db, user, work: Work, audience: str, blocks: Blocks, pictures: Pictures) -> None:
    """One piece of work's blocks: what the kind shows, how the child's views were conveyed, then the
    worker's analysis (in an assessment)."""
    kind_of(work.kind).export_section(db, user, blocks, pictures, work, audience)
    conveyed = communication.facts(work.document)
    if conveyed:
        blocks.heading(_("How the child's views were conveyed"), SECTION, space=16)
        blocks.details(conveyed)
    # Not in the parents' or the network's copies: audience.for_audience took the answers out.
    answers = feedback.facts(work.document)
    if answers:
        blocks.heading(_("The child's feedback"), SECTION, space=16)
        blocks.details(answers)
    if work.analysis is not None:
        blocks.heading(_("The worker's analysis"), SECTION, space=16)
        blocks.text(
            work.analysis or _("No analysis written yet."), lettering.WORDS if work.analysis else lettering.NOTE
        )


def artefact_base(work: Work, audience: str) -> str:
    """A neutral name: the tool, the day (and a storyboard's version), the audience."""
    return f"{kind_of(work.kind).export_name(work.content)}-{work_day(work)}-{AUDIENCE_SLUGS[audience]}"


def _work_sheet(db, user, work: Work, known_as: str, audience: str, scale: float) -> Paged:
    """A text sheet (A4 portrait) of any kind: the kind's section under its name and the child's."""
    blocks, pictures = Blocks(), Pictures(scale)
    blocks.notice(audiences.notice(audience, work.withheld))
    work_blocks(db, user, work, audience, blocks, pictures)
    subtitle = f"{known_as} · {_('For: %(audience)s', audience=audiences.audience_name(audience))}"
    return Paged(work.label, *PORTRAIT, paged(work.label, subtitle, blocks, *PORTRAIT), pictures)


def artefact_paged(db, user, work: Work, known_as: str, audience: str, scale: float = 1.0) -> Paged:
    """One artefact laid out for its audience: the Three Houses sheet, the Words and Pictures
    booklet, or a text sheet for the other kinds."""
    paged = kind_of(work.kind).export_paged(db, user, work, known_as, audience, scale)
    if paged is not None:
        return paged
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
    work = work_of(db, row["id"], row["kind"], document, "", audience)
    sizes = {
        part["name"]: part["length"]
        for part in db.query("SELECT name, length FROM artefact_parts WHERE artefact_id = ?", [row["id"]])
    }
    base = artefact_base(work, audience)
    return [
        Recording(
            number,
            clip,
            file_name(base, RECORDING_EXTENSIONS[clip["media_type"]], suffix=f"-recording-{number}"),
            sizes.get(clip["part"], 0),
            about,
        )
        for number, (clip, about) in enumerate(kind_of(work.kind).recordings(work), start=1)
    ]


# --- keeping an export between the page and its download ------------------------------------------


def _remember(key: tuple, made: Export) -> bytes:
    for index, exported in enumerate(made.files):
        rendered((*key, index), lambda data=exported.data: data)
    listing = {
        "files": [
            {"name": exported.name, "media_type": exported.media_type, "size": len(exported.data)}
            for exported in made.files
        ],
        "withheld": made.withheld,
        "reduced": made.reduced,
        "split": made.split,
        "pictures_left_out": made.pictures_left_out,
    }
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
