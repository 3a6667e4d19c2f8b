"""A JSON file in the pack's schema (docs/assessment-export.md, pack_json.py) read back as a new draft
assessment of the child.

Main decision: the import is all or nothing, in one write transaction made of the assessment's own
functions (assessments/store.py and signs_of_safety.py; a `write` inside a `write` is a savepoint of
it, db.py), so an imported draft obeys the same rules as one made on the page: a new draft, and the
child's words in its mapping only where they match the words stored for that session exactly — a
file can carry the worker's analysis and entries, never the child's voice.
"""

from ..artefacts import voice
from ..artefacts.envelope import strict_json
from ..artefacts.export_files import size_text
from ..assessments import signs_of_safety, store
from ..assessments.rules import COLUMNS, SCALING_QUESTION, AssessmentRefused
from ..platform.db import write
from ..platform.i18n import _
from .pack_json import SCHEMA

IMPORT_MAX_BYTES = 1024 * 1024
IMPORT_ARTEFACTS_MAX = 200
IMPORT_ENTRIES_MAX = 500
IMPORT_SCORES_MAX = 100


class ImportRefused(Exception):
    """The file is not an assessment this service can import; `message` says why. Nothing was written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


TOP_FIELDS = {
    "schema",
    "made_at",
    "audience",
    "withheld",
    "notice",
    "pictures_left_out",
    "child",
    "assessment",
    "artefacts",
    "mapping",
    "scaling",
}
CHILD_FIELDS = {"known_as", "date_of_birth", "case_reference"}
ASSESSMENT_FIELDS = {"id", "type", "type_name", "due_on", "status", "case_reference", "worker"}
ARTEFACT_FIELDS = {
    "number",
    "artefact_id",
    "kind",
    "kind_name",
    "created_at",
    "author",
    "details",
    "words",
    "pictures",
    "clips",
    "consent",
    "withheld",
    "analysis",
    "communication",
    "feedback",
}
ENTRY_FIELDS = {"text", "by", "share", "source"}
SOURCE_FIELDS = {"artefact_id", "item", "artefact_number", "place"}
SCALING_FIELDS = {"question", "scores"}
SCORE_FIELDS = {"person", "role", "score", "note"}


def _object(value, allowed: set, required: set, where: str) -> dict:
    if not isinstance(value, dict):
        raise ImportRefused(_("%(where)s must be an object ({…}) in the file", where=where))
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise ImportRefused(
            _(
                "%(where)s has fields this service does not know: %(fields)s",
                where=where,
                fields=", ".join(name[:40] for name in unknown[:5]),
            )
        )
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
    """One of the assessment's own checks (assessments/rules.py), its refusal said with where it is in the file."""
    try:
        return check(*args)
    except AssessmentRefused as refused:
        raise ImportRefused(_("%(where)s: %(problem)s", where=where, problem=refused.message)) from None


def read_pack(data: bytes) -> dict:
    """The file as JSON in the schema, or ImportRefused saying what is wrong with it."""
    if len(data) > IMPORT_MAX_BYTES:
        raise ImportRefused(
            _(
                "The file is larger than %(size)s. Import a file of %(size)s or less (a pack "
                "without its pictures is much smaller).",
                size=size_text(IMPORT_MAX_BYTES),
            )
        )
    try:
        document = strict_json(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ImportRefused(
            _(
                "The file is not JSON that this service can read. Choose a file exported as "
                "JSON from SofS Direct, or one made to docs/assessment-export.md."
            )
        ) from None
    _object(document, TOP_FIELDS, {"schema", "assessment"}, _("The file"))
    if document["schema"] != SCHEMA:
        raise ImportRefused(
            _(
                "The file is not an assessment pack of the kind this service reads (its schema must be %(schema)s).",
                schema=SCHEMA,
            )
        )
    return document


def import_json(db, user, child: dict, data: bytes) -> str:
    """A new draft assessment of `child` from a JSON file in the pack's schema; returns its id. All or
    nothing: ImportRefused for anything wrong with the file, NotFound (404) for an artefact that is
    not this child's; either way nothing is written. The draft is made by the assessment's own
    functions (assessments/store.py, signs_of_safety.py), each checking what it always checks, inside
    this one write transaction (db.write nests), so an imported draft obeys exactly the rules of one
    made on the page."""
    document = read_pack(data)
    if "child" in document:
        stated = _object(document["child"], CHILD_FIELDS, set(), _("The child"))
        if stated.get("case_reference", child["case_reference"]) != child["case_reference"]:
            raise ImportRefused(
                _("The file is for a different case reference from this child's. Nothing was imported.")
            )
    stated = _object(document["assessment"], ASSESSMENT_FIELDS, {"type", "due_on"}, _("The assessment"))
    type_key = stated["type"] if isinstance(stated["type"], str) else None  # a list or object is no type
    works = _list(document.get("artefacts", []), IMPORT_ARTEFACTS_MAX, _("The artefacts"))
    mapping = _object(document.get("mapping", {}), set(COLUMNS), set(), _("The mapping"))
    scaling = _object(document.get("scaling", {}), SCALING_FIELDS, set(), _("The scaling"))
    with write(db):
        assessment_id = _checked(
            _("The assessment"),
            store.create,
            db,
            user,
            child["id"],
            type_key,
            stated["due_on"],
            stated.get("case_reference", ""),
        )
        assessment = store.get(db, child["id"], assessment_id)
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
        store.attach(db, user, assessment, artefact_id)  # another child's, or held back: NotFound (404)
        analysis = "" if stated.get("analysis") is None else stated["analysis"]
        _checked(where, store.set_analysis, db, user, assessment, artefact_id, analysis)
        words[artefact_id] = {item["item"]: item["text"] for item in voice.items_for_artefact(db, artefact_id)}
    return words


def _import_mapping(db, user, assessment: dict, mapping: dict, words: dict[str, dict[str, str]]) -> None:
    for column, entries in mapping.items():
        heading = str(COLUMNS[column])
        for number, stated in enumerate(_list(entries, IMPORT_ENTRIES_MAX, heading), start=1):
            where = _("Entry %(number)s of “%(column)s”", number=number, column=heading)
            stated = _object(stated, ENTRY_FIELDS, {"text"}, where)
            source = stated.get("source")
            if source is None:
                _checked(where, signs_of_safety.add_entry, db, user, assessment, column, stated["text"])
                continue
            source = _object(source, SOURCE_FIELDS, {"artefact_id", "item"}, where)
            artefact_id, item = str(source["artefact_id"]), str(source["item"])
            # The child's voice is only ever copied from the session it was captured in (place_words
            # copies it from the voice index), never taken from a file: the file's words must match.
            if words.get(artefact_id, {}).get(item) != stated["text"]:
                raise ImportRefused(
                    _(
                        "%(where)s is given as the child's words, but they are not exactly the words "
                        "stored for an artefact attached in the file. The child's words can only "
                        "come from their session.",
                        where=where,
                    )
                )
            signs_of_safety.place_words(db, user, assessment, artefact_id, item, column)


def _import_scaling(db, user, assessment: dict, scaling: dict) -> None:
    question = scaling.get("question", "")
    if question == str(SCALING_QUESTION):
        question = ""  # the usual wording, exported in the reader's language: kept as "the usual"
    _checked(_("The scaling question"), signs_of_safety.set_scaling_question, db, user, assessment, question)
    for number, stated in enumerate(_list(scaling.get("scores", []), IMPORT_SCORES_MAX, _("The scores")), start=1):
        where = _("Score %(number)s in the file", number=number)
        stated = _object(stated, SCORE_FIELDS, {"person", "score"}, where)
        _checked(
            where,
            signs_of_safety.add_score,
            db,
            user,
            assessment,
            stated["person"],
            stated.get("role", ""),
            stated["score"],
            stated.get("note", ""),
        )
