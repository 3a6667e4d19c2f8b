"""Sort the pictures: the child sorts picture cards (symbols, or a card of their own, drawn or
chosen) onto a board of 2 to 5 columns ("good / not sure / not good", "Happy / OK / Sad / Scared")
or along a 0-10 path, and can change their mind; the worker scribes what the child said or did.
This module is the document's shape (docs/picture-sort.md) — the limits and choices from the
contract, the fields of each part, what a column's leaning means — and the kind's members; the rest
is in its modules: checks.py (the schema check), sort.py (describing a sort: where each card ended,
the changes, the child's voice), views.py (its pages), export.py (its files), audience.py (who may
see what), sets.py and pages.py (the team's card sets, carried to the tablet and kept on a page).

Main decision: a card's final place is stored on the card and every move is kept in order, and the
check holds them together (a card's place is where its last move put it), so the record shows what
the child decided and, for the worker, every change of mind, and neither can drift from the other.
A card's words are stored exactly as they were shown (with the symbol's id and the words' language),
so a later change to the symbol catalogue never changes what the child was shown.

content = {"session", "language", "board", "set", "cards", "moves", "notes", "share"}, field by
field in docs/picture-sort.md.
"""

from ...artefacts import contracts
from ...platform.i18n import _l

LABEL = _l("Sort the pictures")
ABOUT = _l(
    "The child sorts picture cards onto a board (good, not sure, not good; or a path from 0 to 10) and can change their mind; cards come from a topic set, from the symbols, or are drawn by the child. It gives children who do not read or speak a way to say how things are for them. The symbols are OpenMoji's and our own."
)  # the About page (about.py): what it is for, and whose it is
RECORD_WORDS = _l("Picture sort of %(day)s")
DIRECT_WORK = True  # where the child put each card is the child's own view (voice.py)
CONTRACT = contracts.load("picture_sort")
FEEDBACK_QUESTIONS = tuple(CONTRACT["feedback_questions"])  # the child's feedback (docs/feedback.md)
SHAPES = tuple(CONTRACT["shapes"])
LEANINGS = tuple(CONTRACT["leanings"])
MAKERS = tuple(CONTRACT["makers"])
HOWS = tuple(CONTRACT["hows"])
NOTED = tuple(CONTRACT["noted"])
LANGUAGES = tuple(CONTRACT["languages"])
COLUMNS = tuple(CONTRACT["columns"])  # the inclusive range of a board's columns
PATH = tuple(CONTRACT["path"])  # the inclusive range of a place on the path
CARDS_MAX = CONTRACT["cards_max"]
MOVES_MAX = CONTRACT["moves_max"]
NOTES_MAX = CONTRACT["notes_max"]
PRESENT_MAX = CONTRACT["present_max"]
CARD_WORDS_MAX = CONTRACT["card_words_max"]
COLUMN_WORDS_MAX = CONTRACT["column_words_max"]
SET_NAME_MAX = CONTRACT["set_name_max"]
NOTE_MAX = CONTRACT["note_max"]
TEAM_SETS_MAX = CONTRACT["team_sets_max"]
STARTER_SETS = tuple(CONTRACT["starter_sets"])

# What a column's leaning feeds in the Signs of Safety mapping, unless the worker chooses another
# column: the child's own sorting, so a card put with the good things is the child saying it works well.
MAPPING_COLUMNS = {"good": "working_well", "not_good": "worried", "not_sure": None, "none": None}
LEANING_NAMES = {
    "good": _l("Put with the good things"),
    "not_good": _l("Put with the things that are not good"),
    "not_sure": _l("Put with the things the child is not sure about"),
    "none": _l("Sorted in the pictures"),
}
SHAPE_NAMES = {"columns": _l("Columns"), "path": _l("A path from 0 to 10")}
HOW_NAMES = {"drag": _l("by dragging"), "buttons": _l("with the buttons")}
NOTES_PLACE = "notes"  # a voice item's place for what the worker scribed the child saying

CONTENT_FIELDS = ("session", "language", "board", "set", "cards", "moves", "notes", "share")
SESSION_FIELDS = ("started_at", "present")
BOARD_FIELDS = ("shape", "preset", "columns")
COLUMN_FIELDS = ("id", "words", "symbol", "leaning")
SET_FIELDS = ("id", "name", "save_for_team")
CARD_FIELDS = ("id", "words", "symbol", "language", "drawing", "by", "column", "number", "at")
MOVE_FIELDS = ("card", "column", "number", "how", "at")
NOTE_FIELDS = ("id", "text", "noted", "at")
DRAWING_PREFIX = "card-"  # a child's drawn card is the part "card-<card id>"


# --- the Kind interface (sofs_direct/artefacts/kinds.py) ------------------------------------------------------
# Named last: the modules below read this module's names.
NAME = "picture_sort"
SLUG = "picture-sort"
NOTHING_DONE_SQL = ""
RETENTION = {"years": 7, "from": "eighteenth_birthday"}  # direct work, as Three Houses
from ...artefacts.kinds import no_child_page_section as child_page_section
from ...artefacts.kinds import no_clips as clips_json  # noqa: E402, F401
from ...artefacts.kinds import no_consent as consent_json
from ...artefacts.kinds import no_people as people_for_visit
from ...artefacts.kinds import no_people as people_named
from ...artefacts.kinds import no_photos as photo_names  # noqa: E402, F401
from ...artefacts.kinds import no_recordings as recordings
from ...artefacts.kinds import no_review_reason as review_reason  # noqa: E402, F401
from ...artefacts.kinds import no_scores as scores_offered
from ...artefacts.kinds import no_thumbnail as thumbnail
from ...artefacts.kinds import nothing_for_visits as for_visit
from ...artefacts.kinds import nothing_on_deleted as on_deleted  # noqa: E402, F401
from .audience import for_audience  # noqa: E402, F401
from .checks import check_parts, validate  # noqa: E402, F401
from .export import export_details, export_name, export_paged, export_section  # noqa: E402, F401
from .pages import BLUEPRINTS  # noqa: E402, F401
from .sets import for_team, on_stored  # noqa: E402, F401
from .sort import done_at, source_anchor, voice_items, voice_place  # noqa: E402, F401
from .views import RECORD_TEMPLATE, list_entry, record_context, timeline_entries  # noqa: E402, F401
