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

Documents are laid out once as printing.py's items (text, rules, drawings by name) and written by its
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
from dataclasses import dataclass
from datetime import UTC, datetime

from ..artefacts import audience as audiences
from ..artefacts import store as artefacts
from ..artefacts import voice
from ..artefacts.export_layout import (  # noqa: F401
    ADDITION_SIDE,
    HOUSE_SIDE,
    INNER,
    JPEG_QUALITY,
    LABEL,
    LABEL_WIDTH,
    LINES_PER_BLOCK,
    MAP_SIDE,
    PAGE_SIDE,
    PHOTO_SIDE,
    PNG_PAGES,
    PNG_WIDTH,
    PORTRAIT,
    SCALES,
    SECTION,
    Blocks,
    Export,
    ExportFile,
    ExportTooLarge,
    Paged,
    Picture,
    Pictures,
    Work,
    as_jpeg,
    by_line,
    file_name,
    max_bytes,
    paged,
    pdf_files,
    png_files,
    size_text,
    square_photo,
    work_day,
    work_of,
)
from ..artefacts.fields import written_by
from ..artefacts.kinds import kind_of
from ..assessments import pages as assessments
from ..paper import lettering
from ..platform.dates import LOCAL_TIME, long_date
from ..platform.db import write
from ..platform.i18n import _, get_language
from ..records.pages import author_name, rendered

SCHEMA = "sofs-direct/assessment-pack/1"
JSON_PICTURE_PX = (600, 420, 300)  # the JSON's pictures, largest first
IMPORT_MAX_BYTES = 1024 * 1024
IMPORT_ARTEFACTS_MAX = 200
IMPORT_ENTRIES_MAX = 500
IMPORT_SCORES_MAX = 100
TYPE_SLUGS = {"single": "single-assessment", "conference": "cp-conference-report", "child_in_need": "cin-review",
              "looked_after": "lac-review", "court": "court-statement"}
AUDIENCE_SLUGS = {audiences.RECORD: "full-record", "conference": "conference", "parents": "parents",
                  "network": "network"}


class ImportRefused(Exception):
    """The file is not an assessment this service can import; `message` says why. Nothing was written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message



def _details_of(work: Work) -> list[tuple[str, str]]:
    """The facts printed at the top of a piece of work (and listed in the JSON)."""
    return kind_of(work.kind).export_details(work)


def work_blocks(db, user, work: Work, audience: str, blocks: Blocks, pictures: Pictures) -> None:
    """One piece of work's blocks: what the kind shows, then the worker's analysis (in an assessment)."""
    kind_of(work.kind).export_section(db, user, blocks, pictures, work, audience)
    if work.analysis is not None:
        blocks.heading(_("The worker's analysis"), SECTION, space=16)
        blocks.text(work.analysis or _("No analysis written yet."), lettering.WORDS if work.analysis else lettering.NOTE)


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
    sizes = {part["name"]: part["length"] for part in
             db.query("SELECT name, length FROM artefact_parts WHERE artefact_id = ?", [row["id"]])}
    base = artefact_base(work, audience)
    return [Recording(number, clip, file_name(base, RECORDING_EXTENSIONS[clip["media_type"]],
                                              suffix=f"-recording-{number}"),
                      sizes.get(clip["part"], 0), about)
            for number, (clip, about) in enumerate(kind_of(work.kind).recordings(work), start=1)]


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
    for column, heading in assessments.COLUMNS.items():
        blocks.heading(str(heading))
        for entry in pack.mapping[column]:
            blocks.text(entry["text"], lettering.WORDS, mapping_by_line(pack, entry))
        if not pack.mapping[column]:
            blocks.text(_("Nothing written here yet."), lettering.NOTE)
    blocks.heading(_("Scaling"), SECTION, space=16)
    blocks.text(assessments.scaling_question_of(pack.assessment))
    for score in pack.scores:
        person = f"{score['person']} ({score['role']})" if score["role"] else score["person"]
        blocks.text(_("%(person)s: %(score)s", person=person, score=score["score"]), LABEL, score["note"])
    if not pack.scores:
        blocks.text(_("No numbers recorded yet."), lettering.NOTE)
    title = assessments.type_label(pack.assessment["type"])
    subtitle = _("Assessment pack · For: %(audience)s", audience=audiences.audience_name(pack.audience))
    return Paged(title, *PORTRAIT, paged(title, subtitle, blocks, *PORTRAIT), pictures)


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
        "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
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
                       "clips": kind_of(work.kind).clips_json(work, pack.audience),
                       "consent": kind_of(work.kind).consent_json(work),
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
