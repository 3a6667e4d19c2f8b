"""An assessment as a pack for one audience: everything an export of it shows, gathered and filtered
(`Pack`), laid out as one PDF — a cover, each attached artefact in order from a page of its own, then
the Signs of Safety mapping and scaling.

Main decision: the pack is gathered once from documents already filtered for its audience
(audience.for_audience, audience.mapping_for_audience), and the PDF and the JSON (pack_json.py) are
both made from it, so they show the same things; the cover's notice says what was left out, by kind
and number only. A mapping entry of the child's words says where it came from (the artefact's number
in the pack, and the house) and, in the full record, who the child said may see it.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from ..artefacts import audience as audiences
from ..artefacts import voice
from ..artefacts.export_files import Export, pdf_files
from ..artefacts.export_layout import (
    LABEL,
    PORTRAIT,
    SECTION,
    Blocks,
    Paged,
    Pictures,
    Work,
    by_line,
    paged,
    work_day,
    work_of,
)
from ..artefacts.fields import written_by
from ..artefacts.record_files import author_name
from ..assessments import signs_of_safety, store
from ..assessments.rules import COLUMNS, scaling_question_of, status_name, type_label
from ..paper import lettering
from ..platform.dates import LOCAL_TIME, long_date
from ..platform.i18n import _, get_language
from .pipeline import AUDIENCE_SLUGS, work_blocks

TYPE_SLUGS = {
    "single": "single-assessment",
    "conference": "cp-conference-report",
    "child_in_need": "cin-review",
    "looked_after": "lac-review",
    "court": "court-statement",
}


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
        shown = [
            self.child,
            self.assessment,
            self.audience,
            self.worker,
            self.mapping,
            self.scores,
            self.made_on,
            [(work.artefact_id, work.analysis) for work in self.works],
            get_language(),
        ]
        return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()


def gather(db, child: dict, assessment: dict, audience: str) -> Pack:
    works = [
        work_of(
            db,
            attached["artefact_id"],
            attached["kind"],
            attached["document"],
            attached["author"],
            audience,
            number,
            attached["analysis"],
        )
        for number, attached in enumerate(store.attached(db, assessment["id"]), start=1)
    ]
    mapping, mapping_withheld = audiences.mapping_for_audience(signs_of_safety.mapping(db, assessment["id"]), audience)
    withheld = [
        _("%(number)s. %(label)s: %(things)s", number=work.number, label=work.label, things="; ".join(work.withheld))
        for work in works
        if work.withheld
    ]
    return Pack(
        child,
        assessment,
        audience,
        author_name(db, assessment, "created_by"),
        works,
        mapping,
        signs_of_safety.scores(db, assessment["id"]),
        withheld + mapping_withheld,
        datetime.now(LOCAL_TIME).date().isoformat(),
    )


def cover_details(pack: Pack) -> list[tuple[str, str]]:
    assessment = pack.assessment
    return [
        (_("Child"), pack.child["known_as"]),
        (_("Date of birth"), long_date(pack.child["date_of_birth"])),
        (_("Case reference"), pack.child["case_reference"]),
        (_("Assessment"), type_label(assessment["type"])),
        (_("Assessment reference"), assessment["case_reference"] or _("None given")),
        (_("Due"), long_date(assessment["due_on"])),
        (_("Status"), status_name(assessment["status"])),
        (_("Worker"), pack.worker),
        (_("Prepared for"), audiences.audience_name(pack.audience)),
        (_("Made on"), long_date(pack.made_on)),
    ]


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
    said = _("The child's words (%(by)s), from %(source)s", source=source_of(pack, entry), by=written_by(entry["by"]))
    return by_line(said, entry["share"], pack.audience)


def pack_paged(db, user, pack: Pack, scale: float = 1.0) -> Paged:
    """The pack: a cover, each attached artefact in order (from a page of its own), then the mapping."""
    blocks, pictures = Blocks(), Pictures(scale)
    blocks.details(cover_details(pack))
    blocks.notice(audiences.notice(pack.audience, pack.withheld))
    blocks.heading(_("In this pack"))
    for work in pack.works:
        blocks.text(work_heading(work), lettering.DETAIL)
    blocks.text(_("The mapping and scaling"), lettering.DETAIL)
    for work in pack.works:
        blocks.page_break()
        blocks.heading(work_heading(work), SECTION, space=0)
        if work.withheld:
            blocks.text(_("Not included here: %(things)s", things="; ".join(work.withheld)), lettering.NOTE)
        work_blocks(db, user, work, pack.audience, blocks, pictures)
    blocks.page_break()
    blocks.heading(_("The mapping"), SECTION, space=0)
    for column, heading in COLUMNS.items():
        blocks.heading(str(heading))
        for entry in pack.mapping[column]:
            blocks.text(entry["text"], lettering.WORDS, mapping_by_line(pack, entry))
        if not pack.mapping[column]:
            blocks.text(_("Nothing written here yet."), lettering.NOTE)
    blocks.heading(_("Scaling"), SECTION, space=16)
    blocks.text(scaling_question_of(pack.assessment))
    for score in pack.scores:
        person = f"{score['person']} ({score['role']})" if score["role"] else score["person"]
        blocks.text(_("%(person)s: %(score)s", person=person, score=score["score"]), LABEL, score["note"])
    if not pack.scores:
        blocks.text(_("No numbers recorded yet."), lettering.NOTE)
    title = type_label(pack.assessment["type"])
    subtitle = _("Assessment pack · For: %(audience)s", audience=audiences.audience_name(pack.audience))
    return Paged(title, *PORTRAIT, paged(title, subtitle, blocks, *PORTRAIT), pictures)


def pack_base(pack: Pack) -> str:
    return f"{TYPE_SLUGS[pack.assessment['type']]}-{pack.made_on}-{AUDIENCE_SLUGS[pack.audience]}"


def pack_pdf(db, user, pack: Pack) -> Export:
    made = pdf_files(lambda scale: pack_paged(db, user, pack, scale), pack_base(pack))
    made.withheld = pack.withheld
    return made
