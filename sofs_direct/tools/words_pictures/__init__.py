"""Words and Pictures: a storyboard of drawings and short texts that parents write with the worker,
for their children, to explain what happened and why the worker is involved, or to set out the
family's safety plan (Turnell and Essex's Words and Pictures, used in Signs of Safety). This module
is the document's shape (docs/words-and-pictures.md) — the limits and choices from the contract, the
fields of each part, the names of a purpose, an outline page and a language — and the kind's
members; the rest is in its modules: checks.py (the schema check), storyboard.py (describing a
version), versions.py (comparing two versions), renders.py (the booklet as a PDF and each panel as a
picture), views.py (its pages), export.py (its files) and audience.py (who may see what).

Main decision: every saved version is its own finalised artefact, and a later version names the one
it came from in `supersedes` (the platform's correction chain), so no version is ever overwritten;
the checks look at one version's content, and records.py follows the chain.

content = {"purpose", "title", "language", "pages": [{"id", "hint", "text", "drawing", "children"}],
"agreed_words", "version"}, field by field in docs/words-and-pictures.md.
"""

from ...artefacts import contracts
from ...platform.i18n import _l

LABEL = _l("Words and Pictures")
ABOUT = _l(
    "The family's own explanation for the children, in words and pictures, of what happened and what will keep them safe. The Words and Pictures approach was developed by Susie Essex with Andrew Turnell."
)  # the About page (about.py): what it is for, and whose approach it is
DIRECT_WORK = True  # read with the children, who add their own words and drawings (voice.py)
# A storyboard is written to be read to the children and shared with the family and the network:
# what a child adds to it while it is read with them is shared the same way (docs/words-and-pictures.md).
CHILDREN_SHARE = ["conference", "network", "parents"]
CONTRACT = contracts.load("words_pictures")  # the limits and choices the tablet reads too
# The child's feedback (docs/feedback.md): the story explains what happened and why people worry, so it
# asks VOCH002A and VOCH003A too.
FEEDBACK_QUESTIONS = tuple(CONTRACT["feedback_questions"])
PURPOSES = tuple(CONTRACT["purposes"])
PURPOSE_NAMES = {
    "explanation": _l("Words and Pictures explanation"),
    "safety-plan": _l("Words and Pictures safety plan"),
}
LANGUAGES = tuple(CONTRACT["languages"])
HINTS = tuple(CONTRACT["hints"])
# The outline pages' names, as the tablet shows them (static/js/tools/words-pictures.js).
HINT_NAMES = {
    "family": _l("Our family"),
    "worries": _l("Who got worried"),
    "what-happened": _l("What happened"),
    "since": _l("Since then"),
    "next": _l("What happens next"),
    "who-to-tell": _l("Who the children can talk to"),
    "safety-plan": _l("The safety plan"),
}
LANGUAGE_NAMES = {"en": _l("English"), "cy": _l("Welsh")}

CONTENT_FIELDS = ("purpose", "title", "language", "pages", "agreed_words", "version")
PAGE_FIELDS = ("id", "hint", "text", "drawing", "children")
CHILDREN_FIELDS = ("name", "text", "drawing")
AGREED_FIELDS = ("term", "wording")
VERSION_FIELDS = ("number", "took_part", "agreed_by", "note", "read_to_children")

TITLE_MAX = CONTRACT["title_max"]
PAGES_MAX = CONTRACT["pages_max"]
TEXT_MAX = CONTRACT["text_max"]
CHILD_NAME_MAX = CONTRACT["child_name_max"]
AGREED_MAX = CONTRACT["agreed_max"]
AGREED_TEXT_MAX = CONTRACT["agreed_text_max"]
PEOPLE_MAX = CONTRACT["people_max"]
NOTE_MAX = CONTRACT["note_max"]
VERSION_MAX = CONTRACT["version_max"]  # a bound on the version number: no storyboard is saved this often


# --- the Kind interface (sofs_direct/artefacts/kinds.py) ------------------------------------------------------
# Named last: the modules below read this module's names.
NAME = "words_pictures"
SLUG = "words-and-pictures"
RECORD_WORDS = None  # "Words and Pictures of <day>"
NOTHING_DONE_SQL = ""
RETENTION = {"years": 7, "from": "eighteenth_birthday"}
from ...artefacts.kinds import NO_BLUEPRINTS as BLUEPRINTS  # noqa: E402, F401
from ...artefacts.kinds import no_child_page_section as child_page_section
from ...artefacts.kinds import no_clips as clips_json
from ...artefacts.kinds import no_consent as consent_json  # noqa: E402, F401
from ...artefacts.kinds import no_people as people_for_visit
from ...artefacts.kinds import no_people as people_named
from ...artefacts.kinds import no_photos as photo_names  # noqa: E402, F401
from ...artefacts.kinds import no_recordings as recordings
from ...artefacts.kinds import no_review_reason as review_reason  # noqa: E402, F401
from ...artefacts.kinds import no_scores as scores_offered
from ...artefacts.kinds import no_thumbnail as thumbnail
from ...artefacts.kinds import no_voice_place as voice_place
from ...artefacts.kinds import nothing_for_team as for_team  # noqa: E402, F401
from ...artefacts.kinds import nothing_for_visits as for_visit  # noqa: E402, F401
from ...artefacts.kinds import nothing_on_deleted as on_deleted  # noqa: E402, F401
from ...artefacts.kinds import nothing_on_stored as on_stored
from ...artefacts.kinds import when_saved as done_at
from .audience import for_audience  # noqa: E402, F401
from .checks import check_parts, validate  # noqa: E402, F401
from .export import export_details, export_name, export_paged, export_section  # noqa: E402, F401
from .storyboard import voice_items  # noqa: E402, F401
from .views import RECORD_TEMPLATE, list_entry, record_context, source_anchor, timeline_entries  # noqa: E402, F401
