"""The letter to the child, "What I heard you say": after a piece of direct work the worker writes
to the child, not only about them — the child's own words and drawings copied from the session, what
the worker will do next, who will see what (from the child's wishes) and who the child can talk to.
Why (docs/letter.md): care-experienced adults later find their own story missing from their files;
Western Australia's Viewpoint procedure offers the child a copy of their answers, and Brighton &
Hove's "Me and My World" writes reports to the child.

This module is the document's shape — the limits and choices from the contract — and the kind's
members; the rest is in its modules: checks.py (the schema check), audience.py (who may see what),
wording.py (the letter in its own language, and "Who will see this"), views.py (its pages),
export.py (its files, the child's copy among them).

Main decision: the letter is not direct work (DIRECT_WORK False, no voice items): the child's words
in it are copies of a session's, already counted there as the child's voice, so counting them again
would double the child's voice in search, mapping and the quality figures.

content = {"source", "language", "to", "symbols", "opening", "heard", "drawings", "others", "next",
"who_sees_note", "talk_to", "closing", "read_with_child"}, field by field in docs/letter.md.
"""

from ...artefacts import contracts
from ...platform.i18n import _l

LABEL = _l("Letter to the child")
ABOUT = _l(
    "After direct work the worker writes to the child, not only about them: the child's own words and drawings, what the worker will do next, who will see what and who the child can talk to, read with the child on the tablet and printed as the child's own copy. It follows Western Australia's Viewpoint, which offers the child a copy of their answers, and Brighton & Hove's Me and My World, which writes reports to the child."
)  # the About page (about.py): what it is for, and whose it is
RECORD_WORDS = _l("Letter to the child of %(day)s")
DIRECT_WORK = False  # the child's words in it are a session's, counted there (docs/letter.md)
CONTRACT = contracts.load("letter")
FEEDBACK_QUESTIONS = tuple(CONTRACT["feedback_questions"])  # none: a letter is not a session
LANGUAGES = tuple(CONTRACT["languages"])
WRITERS = tuple(CONTRACT["writers"])
SIZES = tuple(CONTRACT["sizes"])
DRAWING_PREFIX = CONTRACT["drawing_prefix"]  # a drawing is the part "drawing-<drawing id>"
TO_MAX = CONTRACT["to_max"]
TEXT_MAX = CONTRACT["text_max"]
HEARD_MAX = CONTRACT["heard_max"]
WORDS_MAX = CONTRACT["words_max"]
WHERE_MAX = CONTRACT["where_max"]
DRAWINGS_MAX = CONTRACT["drawings_max"]
CAPTION_MAX = CONTRACT["caption_max"]
OTHERS_MAX = CONTRACT["others_max"]
WHO_MAX = CONTRACT["who_max"]

CONTENT_FIELDS = (
    "source",
    "language",
    "to",
    "symbols",
    "opening",
    "heard",
    "drawings",
    "others",
    "next",
    "who_sees_note",
    "talk_to",
    "closing",
    "read_with_child",
)
SOURCE_FIELDS = ("id", "kind", "done_at")
HEARD_FIELDS = ("id", "words", "where", "by", "symbol", "share", "shown")
DRAWING_FIELDS = ("id", "part", "outline", "caption", "share", "shown")
OTHER_FIELDS = ("id", "who", "words")
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}  # each in its own language, as a language menu has them


# --- the Kind interface (sofs_direct/artefacts/kinds.py) ------------------------------------------------------
# Named last: the modules below read this module's names.
NAME = "letter"
SLUG = "letter"
NOTHING_DONE_SQL = ""
RETENTION = {"years": 7, "from": "eighteenth_birthday"}  # kept with the direct work it answers, as Three Houses
from ...artefacts.kinds import NO_BLUEPRINTS as BLUEPRINTS  # noqa: E402, F401  (its routes join the records')
from ...artefacts.kinds import no_anchor as source_anchor
from ...artefacts.kinds import no_clips as clips_json  # noqa: E402, F401
from ...artefacts.kinds import no_consent as consent_json
from ...artefacts.kinds import no_people as people_for_visit
from ...artefacts.kinds import no_people as people_named
from ...artefacts.kinds import no_photos as photo_names
from ...artefacts.kinds import no_recordings as recordings
from ...artefacts.kinds import no_review_reason as review_reason
from ...artefacts.kinds import no_scores as scores_offered
from ...artefacts.kinds import no_thumbnail as thumbnail
from ...artefacts.kinds import no_voice_items as voice_items  # copies of a session's words: counted there
from ...artefacts.kinds import no_voice_place as voice_place
from ...artefacts.kinds import nothing_for_team as for_team
from ...artefacts.kinds import nothing_for_visits as for_visit
from ...artefacts.kinds import nothing_on_deleted as on_deleted
from ...artefacts.kinds import nothing_on_stored as on_stored
from ...artefacts.kinds import when_saved as done_at  # the letter's day is the day it was written
from .audience import for_audience  # noqa: E402, F401
from .checks import check_parts, validate  # noqa: E402, F401
from .export import export_details, export_name, export_paged, export_section  # noqa: E402, F401
from .views import (  # noqa: E402, F401
    RECORD_TEMPLATE,
    child_page_section,
    list_entry,
    record_context,
    timeline_entries,
)
