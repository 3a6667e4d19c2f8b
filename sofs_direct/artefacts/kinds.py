"""The Kind interface: everything the platform may ask of a kind of artefact (a tool), and the
registry the platform asks through.

Main decision: a kind is a module (its package, `sofs_direct/tools/<kind>/`) that defines every
member of `Kind`, explicitly — a kind with nothing to do for a hook says so with one of the
`nothing_*` defaults below, so reading a kind's `__init__.py` tells the whole contract, and the
platform never asks "does this kind have…?". `register` refuses a kind that lacks a member; the
audience filter (`for_audience`) above all: without it a kind's content would reach every audience
unfiltered. The platform only ever calls `kind_of(name).<member>` and never names a kind.

One way to fail on a kind this server does not know (a kind taken out of the registry while its
artefacts remain): `kind_of` answers with `UNKNOWN`, which withholds the whole document from every
audience, lists nothing, puts nothing on a timeline, exports no section and has no page (404).

A kind's templates live in its own folder (`tools/<kind>/templates/`) and are found by name
"<kind>/<file>" (`KindTemplates`, as Datasette finds a plugin's templates), so a kind registered
later (the tests' own kind) is found too.
"""

from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Protocol

from jinja2 import BaseLoader, FileSystemLoader, TemplateNotFound


class Kind(Protocol):
    """What a kind defines (module-level names in its package's __init__.py)."""

    NAME: str  # the document's `kind`, and the kind's template prefix
    LABEL: object  # a lazy string: "Three Houses"
    ABOUT: object  # a lazy string for the About page: what the tool is for, and whose approach it is
    SLUG: str  # in file names: "three-houses"
    RECORD_WORDS: object  # "Three Houses session of %(day)s", or None: "<LABEL> of <day>" (records.describe)
    DIRECT_WORK: bool  # the child's own work, counted as their voice (voice.py)
    NOTHING_DONE_SQL: str  # SQL true for a stored artefact in which nothing was done with the child, or ""
    RETENTION: dict  # the built-in retention rule, {"years": …, "from": …} (retention.py)
    RECORD_TEMPLATE: str  # the record page's template
    BLUEPRINTS: tuple  # the kind's own pages (Flask blueprints), registered by create_app; () for none
    # The child's one-minute feedback (feedback.py, docs/feedback.md): which of the dataset's questions
    # ("VOCH002A"…) fit this kind's sessions, offered at the hand-back; NO_FEEDBACK for none.
    FEEDBACK_QUESTIONS: tuple

    # Ingest (ingest.py): checks, before anything is stored, and what follows storing.
    def validate(self, content: dict, parts: dict[str, str], final: bool = True) -> None: ...
    def check_parts(self, content: dict, plain_parts: dict[str, bytes], final: bool = True) -> None: ...
    def review_reason(self, db, author, document: dict) -> str | None: ...
    def on_stored(self, db, row: dict, document: dict) -> None: ...
    def on_deleted(self, db, row: dict) -> None: ...

    # The child's voice (voice.py) and who may see what (audience.py).
    def voice_items(self, content: dict) -> list[dict]: ...
    def voice_place(self, place: str) -> tuple[str, str | None]: ...
    def for_audience(self, content: dict, audience: str | None) -> list[str]: ...

    # Pages (records.py, timeline.py, assessments).
    def done_at(self, content: dict) -> str | None: ...
    def photo_names(self, content: dict) -> list[str]: ...
    def list_entry(self, record: dict, row: dict, document: dict, rows: list[dict]) -> dict | None: ...
    def record_context(self, db, row: dict, document: dict, context: dict) -> dict: ...
    def timeline_entries(self, db, child_id: str, rows: list[dict]) -> list[dict]: ...
    def source_anchor(self, item: str, place: str | None) -> str: ...
    def thumbnail(self, artefact_id: str) -> tuple[str, dict] | None: ...

    # Exports (export_layout.py, exports/pipeline.py, exports/pack.py).
    def export_name(self, content: dict) -> str: ...
    def export_details(self, work) -> list[tuple[str, str]]: ...
    def export_section(self, db, user, blocks, pictures, work, audience: str) -> None: ...
    def export_paged(self, db, user, work, known_as: str, audience: str, scale: float): ...
    def recordings(self, work) -> list[tuple[dict, str]]: ...
    def clips_json(self, work, audience: str) -> list[dict]: ...
    def consent_json(self, work) -> dict | None: ...

    # Assessments (assessments/): the numbers this work offers to the assessment's scaling when it is
    # attached, each labelled whose it is ({"person", "role", "score", "note"}; none for most kinds).
    def scores_offered(self, content: dict) -> list[dict]: ...

    # The tablet's "prepare for visits" (sync.py): what the kind carries for each child, and the people
    # it knows around the child ({"id", "name", "relation", "sticker"}), which the platform gathers from
    # every kind into the carried child's `people`, for any tool to offer (the network's members).
    def for_visit(self, db, child_id: str) -> dict: ...
    def people_for_visit(self, db, child_id: str) -> list[dict]: ...

    # The same "prepare for visits", for the worker's team rather than a child: what the kind carries
    # for everyone in the team (the picture sort's card sets), merged from every kind into the
    # prepared answer's `team`, for any tool to read offline ({} for none).
    def for_team(self, db, user) -> dict: ...

    # The child's network page: the people this kind's work names around the child, each with where
    # ({"name", "where"}: "Inside the house, in the Safety House of 2 December 2026"), shown beside
    # the network so the worker can ask about them (a Safety House's people).
    def people_named(self, db, child_id: str) -> list[dict]: ...

    # The child's page: a section of its own the kind adds there from the child's stored artefacts of
    # this kind (`rows`: finalised, unflagged, newest first), as {"id", "heading", "template", …} — the
    # template ("<kind>/<file>") is included with the section as `section` — or None for none (the
    # letters to the child, each with the day it was shared with the child).
    def child_page_section(self, db, child_id: str, rows: list[dict]) -> dict | None: ...


MEMBERS = tuple(Kind.__annotations__) + tuple(
    name for name, value in vars(Kind).items() if callable(value) and not name.startswith("_")
)


class KindIncomplete(Exception):
    """A kind that does not define every member of Kind cannot be registered."""


class Registry(dict):
    """The registered kinds, by name, in the tools' order. Filled the first time it is read (from
    tools/__init__.py's `register_all`), not when sofs_direct.tools is imported: a kind's modules
    import the platform's, and the platform's import the tools' shared helpers, so filling it at
    import would make every one of those an import circle."""

    def _filled(self):
        global _FILLING
        if not _FILLING:
            _FILLING = True
            # Loaded by name, as Datasette loads its default plugins: the registry (this layer) never
            # imports a tool, and the built-in kinds register through the same `register` a test's does.
            import_module(BUILT_IN_KINDS).register_all()
        return self

    def __getitem__(self, name):
        return dict.__getitem__(self._filled(), name)

    def get(self, name, default=None):
        return dict.get(self._filled(), name, default)

    def __contains__(self, name):
        return dict.__contains__(self._filled(), name)

    def __iter__(self):
        return dict.__iter__(self._filled())

    def __len__(self):
        return dict.__len__(self._filled())

    def keys(self):
        return dict.keys(self._filled())

    def values(self):
        return dict.values(self._filled())

    def items(self):
        return dict.items(self._filled())


_FILLING = False
BUILT_IN_KINDS = "sofs_direct.tools"  # the package whose register_all() registers the built-in kinds
KINDS: dict[str, ModuleType] = Registry()


def register(kind: ModuleType) -> ModuleType:
    """Add a kind to the registry, refusing one that lacks any member (for_audience above all)."""
    missing = [member for member in MEMBERS if not hasattr(kind, member)]
    if missing:
        raise KindIncomplete(f"The kind {getattr(kind, 'NAME', kind.__name__)!r} lacks {', '.join(missing)}")
    dict.__setitem__(KINDS, kind.NAME, kind)
    return kind


def unregister(name: str) -> None:
    dict.pop(KINDS, name, None)


def templates_of(kind: ModuleType) -> Path:
    return Path(kind.__file__).parent / "templates"


class KindTemplates(BaseLoader):
    """Templates named "<kind>/<file>" from that kind's own templates folder, looked up when asked,
    so a kind registered after the app was made is found as well."""

    def get_source(self, environment, template):
        name, _slash, rest = template.partition("/")
        if name not in KINDS or not rest:
            raise TemplateNotFound(template)
        return FileSystemLoader(str(templates_of(KINDS[name]))).get_source(environment, rest)


# --- defaults a kind may name for a hook it has nothing to do in --------------------------------


def nothing_to_check(content: dict, plain_parts: dict, final: bool = True) -> None:
    """No part to look inside (a kind with no parts, or parts the platform checks well enough)."""


def no_review_reason(db, author, document: dict) -> None:
    return None


def nothing_on_stored(db, row: dict, document: dict) -> None:
    """No table derived from this kind's artefacts."""


def nothing_on_deleted(db, row: dict) -> None:
    """No table derived from this kind's artefacts."""


def no_voice_items(content: dict) -> list[dict]:
    return []


def no_voice_place(place: str) -> tuple[str, None]:
    return "", None


def when_saved(content: dict) -> None:
    """The work was done when it was saved (the platform then uses the document's created_at)."""
    return None


def no_photos(content: dict) -> list[str]:
    return []


def listed_as_it_is(record: dict, row: dict, document: dict, rows: list[dict]) -> dict:
    return record


def no_context(db, row: dict, document: dict, context: dict) -> dict:
    return {}


def no_anchor(item: str, place: str | None) -> str:
    return ""


def no_thumbnail(artefact_id: str) -> None:
    return None


def no_paged_layout(db, user, work, known_as: str, audience: str, scale: float) -> None:
    """The platform's text sheet (the kind's export_section under its name) is the file."""
    return None


def no_recordings(work) -> list:
    return []


def no_clips(work, audience: str) -> list:
    return []


def no_consent(work) -> None:
    return None


def nothing_for_visits(db, child_id: str) -> dict:
    return {}


def nothing_for_team(db, user) -> dict:
    return {}


def no_people(db, child_id: str) -> list:
    return []


def no_scores(content: dict) -> list:
    return []


def no_child_page_section(db, child_id: str, rows: list[dict]) -> None:
    """Nothing of its own on the child's page (its work is in the child's timeline, as every kind's)."""
    return None


NO_BLUEPRINTS: tuple = ()  # no pages of its own (its record routes, if any, join the records blueprint)
NO_FEEDBACK: tuple = ()  # the child is not asked for feedback after this kind's work (not direct work)


# --- the kind nobody registered -----------------------------------------------------------------


class _Unknown:
    """A kind this server does not know: withheld from everyone, shown nowhere."""

    NAME = ""
    SLUG = "record"
    DIRECT_WORK = False
    NOTHING_DONE_SQL = ""
    RECORD_TEMPLATE = ""
    BLUEPRINTS = NO_BLUEPRINTS
    FEEDBACK_QUESTIONS = NO_FEEDBACK

    LABEL = ""  # never shown: a page names an unknown kind by its name (records.kind_label)
    ABOUT = ""
    RECORD_WORDS = None
    RETENTION = {"years": 7, "from": "eighteenth_birthday"}

    def __init__(self):
        from ..platform.i18n import _l

        self.UNSHOWN = _l("a record this service cannot show")

    def validate(self, content, parts, final=True):
        from ..platform.invalid import DocumentInvalid

        raise DocumentInvalid("This kind of record is not one this service knows")

    def for_audience(self, content: dict, audience) -> list[str]:
        content.clear()  # whatever it held, no audience is given it
        return [str(self.UNSHOWN)]

    def list_entry(self, record, row, document, rows):
        return None

    def timeline_entries(self, db, child_id, rows):
        return []

    def export_details(self, work):
        return []

    def export_section(self, db, user, blocks, pictures, work, audience):
        return None

    def export_name(self, content):
        return self.SLUG

    check_parts = staticmethod(nothing_to_check)
    review_reason = staticmethod(no_review_reason)
    on_stored = staticmethod(nothing_on_stored)
    on_deleted = staticmethod(nothing_on_deleted)
    voice_items = staticmethod(no_voice_items)
    voice_place = staticmethod(no_voice_place)
    done_at = staticmethod(when_saved)
    photo_names = staticmethod(no_photos)
    record_context = staticmethod(no_context)
    source_anchor = staticmethod(no_anchor)
    thumbnail = staticmethod(no_thumbnail)
    export_paged = staticmethod(no_paged_layout)
    recordings = staticmethod(no_recordings)
    clips_json = staticmethod(no_clips)
    consent_json = staticmethod(no_consent)
    for_visit = staticmethod(nothing_for_visits)
    people_for_visit = staticmethod(no_people)
    for_team = staticmethod(nothing_for_team)
    people_named = staticmethod(no_people)
    scores_offered = staticmethod(no_scores)
    child_page_section = staticmethod(no_child_page_section)


UNKNOWN = _Unknown()


def kind_of(name: str):
    """The registered kind called `name`, or UNKNOWN: the one answer to a kind this server does not know."""
    return KINDS.get(name, UNKNOWN)


def known(name: str) -> bool:
    return name in KINDS
