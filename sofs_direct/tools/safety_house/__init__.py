"""The Safety House: the plan the child makes of who they want in their house keeping them safe, who
visits or helps from the garden and the path, who they do not want there (beyond the red line), the
rules the grown-ups must keep (on the roof), and how close they feel to being safe now (the safety
path, 0 to 10). The approach is Sonja Parker's Safety House, used in Signs of Safety practice; her
booklet and artwork are not used here: the house, its zones and its pictures are our own drawing.
This module is the document's shape (docs/safety-house.md) — the limits and choices from the
contract, the fields of each part, the names of a zone and of whose a number is — and the kind's
members; the rest is in its modules: checks.py (the schema check), house.py (describing a version:
its zones, the child's voice, whose a number is), views.py (its pages), renders.py (the "My Safety
House" page and the drawing), export.py (its files) and audience.py (who may see what).

Main decision: every saved version is its own finalised artefact, and a later version names the one
it came from in `supersedes` (the platform's correction chain), as Words and Pictures versions do:
no version is overwritten, and the record page follows the chain to show how the child's own number
and the people changed over time. Numbers on the path are kept each with whose it is, never averaged.

content = {"version", "session", "ink", "people", "rules", "path", "faces", "share"}, field by field
in docs/safety-house.md.
"""

from ...artefacts import contracts
from ...platform.i18n import _l

LABEL = _l("Safety House")
ABOUT = _l(
    "The child's own safety plan: who they want in their house, what the grown-ups must do, who they do not want there, and how close they feel to being safe. The Safety House approach is Sonja Parker's; its booklet and pictures are hers, and the pictures here are our own."
)  # the About page (about.py): what it is for, and whose approach it is
RECORD_WORDS = _l("Safety House of %(day)s")  # the record in words (records.describe)
DIRECT_WORK = True  # the child's own plan, drawing and words (voice.py)
CONTRACT = contracts.load("safety_house")  # the limits and choices the tablet reads too
FEEDBACK_QUESTIONS = tuple(CONTRACT["feedback_questions"])  # the child's feedback (docs/feedback.md)
ZONES = tuple(CONTRACT["zones"])
WRITERS = tuple(CONTRACT["writers"])
WHOSE = tuple(CONTRACT["whose"])
STICKER_GROUPS = tuple(CONTRACT["sticker_groups"])  # a person's sticker: a face or a figure
PATH = tuple(CONTRACT["path"])  # the inclusive range of a number on the safety path
ZONE_NAMES = {
    "inside": _l("Inside the house"),
    "garden": _l("In the garden and on the path"),
    "outside": _l("Outside the red line"),
}
# A zone in a table of versions (the record page: where each person was, version by version).
ZONE_SHORT = {"inside": _l("Inside"), "garden": _l("Garden"), "outside": _l("Outside")}
# What each zone means, as the record page says it under the zone's name.
ZONE_HINTS = {
    "inside": _l("Lives with the child or keeps them safe in the house"),
    "garden": _l("Visits or helps from outside"),
    "outside": _l("The child does not want them in the house"),
}
WHOSE_NAMES = {
    "child": _l("The child"),
    "worker": _l("The worker"),
    "parent": _l("A parent"),
    "network": _l("Someone in the safety network"),
}
# Each number offered to an assessment's scale says whose it is (assessments: scores_offered).
NUMBER_ROLES = {
    "child": _l("the child's own number on the safety path"),
    "worker": _l("the worker's number on the safety path"),
    "parent": _l("a parent's number on the safety path"),
    "network": _l("a safety network member's number on the safety path"),
}
# Rules go to "what needs to happen" in the Signs of Safety mapping; the path's words to no column
# until the worker chooses one.
PLACES = {"rules": "needs_to_happen", "path": None}
INK_PART = "ink-house"
OUTLINE = "house"  # the child draws over the house outline of static/ink/artwork.json

CONTENT_FIELDS = ("version", "session", "ink", "people", "rules", "path", "faces", "share")
SESSION_FIELDS = ("started_at", "place", "present", "seen_alone")
PERSON_FIELDS = ("id", "name", "zone", "only_with_safe_adult", "sticker", "network", "by", "share", "at")
RULE_FIELDS = ("id", "text", "by", "sticker", "share", "at")
NUMBER_FIELDS = ("who", "name", "number", "why", "closer", "share", "at")

PEOPLE_MAX = CONTRACT["people_max"]
RULES_MAX = CONTRACT["rules_max"]
NUMBERS_MAX = CONTRACT["numbers_max"]
PRESENT_MAX = CONTRACT["present_max"]
NAME_MAX = CONTRACT["name_max"]  # a person in the house
PERSON_TEXT_MAX = CONTRACT["person_text_max"]  # whose number it is; who was present (fields.PERSON_TEXT_MAX)
PLACE_MAX = CONTRACT["place_max"]
RULE_MAX = CONTRACT["rule_max"]
WHY_MAX = CONTRACT["why_max"]  # why a number is there, and what would make it one step closer
VERSION_MAX = CONTRACT["version_max"]  # a bound on the version number: no house is saved this often


# --- the Kind interface (sofs_direct/artefacts/kinds.py) ------------------------------------------------------
# Named last: the modules below read this module's names.
NAME = "safety_house"
SLUG = "safety-house"
NOTHING_DONE_SQL = ""
RETENTION = {"years": 7, "from": "eighteenth_birthday"}
from ...artefacts.kinds import NO_BLUEPRINTS as BLUEPRINTS  # noqa: E402, F401
from ...artefacts.kinds import no_child_page_section as child_page_section
from ...artefacts.kinds import no_clips as clips_json
from ...artefacts.kinds import no_consent as consent_json  # noqa: E402, F401
from ...artefacts.kinds import no_people as people_for_visit
from ...artefacts.kinds import no_photos as photo_names  # noqa: E402, F401
from ...artefacts.kinds import no_recordings as recordings
from ...artefacts.kinds import no_review_reason as review_reason  # noqa: E402, F401
from ...artefacts.kinds import no_thumbnail as thumbnail
from ...artefacts.kinds import nothing_for_team as for_team  # noqa: E402, F401
from ...artefacts.kinds import nothing_on_deleted as on_deleted  # noqa: E402, F401
from ...artefacts.kinds import nothing_on_stored as on_stored
from .audience import for_audience  # noqa: E402, F401
from .checks import check_parts, validate  # noqa: E402, F401
from .export import export_details, export_name, export_paged, export_section  # noqa: E402, F401
from .house import done_at, scores_offered, source_anchor, voice_items, voice_place  # noqa: E402, F401
from .views import RECORD_TEMPLATE, list_entry, record_context, timeline_entries  # noqa: E402, F401
from .visit import for_visit, people_named  # noqa: E402, F401
