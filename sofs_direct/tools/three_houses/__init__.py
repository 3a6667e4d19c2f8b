"""Three Houses: a child draws and talks about a House of Good Things, a House of Worries and a
House of Dreams (Weld and Greening's tool, used in Signs of Safety direct work). This module is the
document's shape — the limits and choices from the contract, the fields of each part, the names a
house, a symbol and an answer are given — and the kind's members; the rest is in its modules:
checks.py (the schema check), session.py (what a session says: its houses, a refusal, the child's
voice), details.py (the session's facts in words), renders.py (one house's picture and the "My Three
Houses" sheet), views.py (its pages), export.py (its files) and audience.py (who may see what).

content = {"theme", "order", "houses": [three houses, in the fixed order KEYS], "session"} and, from
issue 8, "consent" and "clips" (docs/three-houses.md, field by field). The worker's observations and
reflection are separate fields from the child's words.
"""

from ...artefacts import contracts
from ...platform.i18n import _l

LABEL = _l("Three Houses")
ABOUT = _l(
    "The child's worries, the good things in their life and their dreams, drawn and said in three houses. The Three Houses tool was created by Nicki Weld and Maggie Greening."
)  # the About page (about.py): what it is for, and whose approach it is
RECORD_WORDS = _l("Three Houses session of %(day)s")  # the record in words (records.describe)
DIRECT_WORK = True  # the child's own drawings and words (voice.py)
CONTRACT = contracts.load("three_houses")  # the limits and choices the tablet reads too
# The child's one-minute feedback (docs/feedback.md): its explainer ("What happens today") says why the
# worker is visiting, so it asks VOCH002A too.
FEEDBACK_QUESTIONS = tuple(CONTRACT["feedback_questions"])
KEYS = tuple(CONTRACT["keys"])
THEMES = tuple(CONTRACT["themes"])
USUAL_NAMES = {"good": _l("House of Good Things"), "worries": _l("House of Worries"), "dreams": _l("House of Dreams")}
# The fairy and the wizard ask the same three questions about three bubbles: the same data, another
# look (docs/three-houses.md), so the record calls each house what the child saw on the screen.
BUBBLE_NAMES = {"good": _l("Good things bubble"), "worries": _l("Worries bubble"), "dreams": _l("Dreams bubble")}
SYMBOL_NAMES = {
    "sun": _l("Sun"),
    "cloud": _l("Cloud"),
    "heart": _l("Heart"),
    "star": _l("Star"),
    "rainbow": _l("Rainbow"),
    "moon": _l("Moon"),
    "flower": _l("Flower"),
    "tree": _l("Tree"),
}
# What each house's reflection feeds in the Signs of Safety mapping.
MAPPING_HEADINGS = {
    "good": _l("What is working well"),
    "worries": _l("What we are worried about"),
    "dreams": _l("What needs to happen"),
}
# The mapping column (assessments.COLUMNS) each house's words go to unless the worker chooses another.
MAPPING_COLUMNS = {"good": "working_well", "worries": "worried", "dreams": "needs_to_happen"}
# Where the words at a moment of a recording of the whole session belong (a voice item's place
# besides the houses' keys): no house, so no column until the worker chooses one.
WHOLE_SESSION = "session"
AGREEMENTS = tuple(CONTRACT["agreements"])
PHOTO_TYPES = tuple(CONTRACT["photo_types"])
WRITERS = tuple(CONTRACT["writers"])

CONTENT_FIELDS = ("theme", "order", "houses", "session")
# Issue 8's two fields: both present (tablets since then) or both absent (sessions from before).
CONSENT_CLIPS_FIELDS = ("consent", "clips")
CONSENT_FIELDS = ("parent", "child", "explainer")
PARENT_FIELDS = ("decision", "name", "relationship", "signature", "typed_name", "audio", "at")
CHILD_FIELDS = ("assent", "how", "audio", "at")
EXPLAINER_FIELDS = ("shown_at", "version", "language")
CLIP_FIELDS = ("id", "part", "media_type", "house", "started_at", "duration_ms", "share", "moments")
MOMENT_FIELDS = ("id", "at_ms", "text", "at")
DECISIONS = tuple(CONTRACT["decisions"])
ASSENTS = tuple(CONTRACT["assents"])
ASSENT_WAYS = tuple(CONTRACT["assent_ways"])
EXPLAINER_VERSIONS = tuple(CONTRACT["explainer_versions"])
EXPLAINER_LANGUAGES = tuple(CONTRACT["explainer_languages"])
SIGNATURE_PART = CONTRACT["signature_part"]
DECISION_NAMES = {"agreed": _l("Agreed"), "refused": _l("Refused")}
ASSENT_NAMES = {"given": _l("Yes, happy to take part"), "declined": _l("No, did not want to take part")}
ASSENT_WAY_NAMES = {"spoken": _l("said so"), "nodded": _l("nodded"), "tapped": _l("tapped on the tablet")}
EXPLAINER_VERSION_NAMES = {
    "standard": _l("the standard story"),
    "young": _l("the pictures-only story for a young child"),
}
HOUSE_FIELDS = ("key", "name", "symbol", "question", "ink", "photos", "words", "observations", "reflection", "share")
WORD_FIELDS = ("id", "text", "by", "share", "at")
SESSION_FIELDS = ("started_at", "place", "present", "seen_alone", "parental_agreement", "agreement_by", "how_it_went")

NAME_MAX = CONTRACT["name_max"]
QUESTION_MAX = CONTRACT["question_max"]
PHOTOS_MAX = CONTRACT["photos_max"]
WORDS_MAX = CONTRACT["words_max"]
WORD_MAX = CONTRACT["word_max"]
LONG_TEXT_MAX = CONTRACT["long_text_max"]
PLACE_MAX = CONTRACT["place_max"]
PRESENT_MAX = CONTRACT["present_max"]
PARENT_NAME_MAX = CONTRACT["parent_name_max"]
RELATIONSHIP_MAX = CONTRACT["relationship_max"]
# "<name> (<relationship>)" as the consent screen writes it: room for the longest of each.
AGREEMENT_BY_MAX = CONTRACT["agreement_by_max"]
CLIPS_MAX = CONTRACT["clips_max"]
# A clip's part is audio-<id>, and a part name has at most 40 characters (docs/sync.md).
CLIP_ID_MAX = CONTRACT["clip_id_max"]
MOMENTS_MAX = CONTRACT["moments_max"]


# --- the Kind interface (sofs_direct/artefacts/kinds.py) ------------------------------------------------------
# Named last: the modules below read this module's names.
NAME = "three_houses"
SLUG = "three-houses"
RETENTION = {"years": 7, "from": "eighteenth_birthday"}
from ...artefacts.kinds import NO_BLUEPRINTS as BLUEPRINTS  # noqa: E402, F401
from ...artefacts.kinds import no_child_page_section as child_page_section
from ...artefacts.kinds import no_people as people_for_visit
from ...artefacts.kinds import no_people as people_named
from ...artefacts.kinds import no_review_reason as review_reason  # noqa: E402, F401
from ...artefacts.kinds import no_scores as scores_offered
from ...artefacts.kinds import nothing_for_team as for_team  # noqa: E402, F401
from ...artefacts.kinds import nothing_for_visits as for_visit  # noqa: E402, F401
from ...artefacts.kinds import nothing_on_deleted as on_deleted  # noqa: E402, F401
from ...artefacts.kinds import nothing_on_stored as on_stored
from .audience import for_audience  # noqa: E402, F401
from .checks import check_parts, validate  # noqa: E402, F401
from .export import clips_json, consent_json, export_details, export_name, export_paged, export_section, recordings  # noqa: E402, F401
from .session import NOTHING_DONE_SQL, done_at, voice_items, voice_place  # noqa: E402, F401
from .views import RECORD_TEMPLATE, list_entry, photo_names, record_context, source_anchor, thumbnail, timeline_entries  # noqa: E402, F401
