"""The observation: a worker's own note from a visit, typed text plus optional photos.

Main decision: the text is stored exactly as typed (it is evidence), so it is accepted or refused,
never tidied: newlines and tabs are allowed, other control characters are refused (the shared rule
in validation.py). Photos are parts of the same artefact, named in `photos`; every uploaded part must
be one of them, and each must be a photo type that opens whole (photos.check_photo), so nothing is
stored that no screen will show.

content = {"text": str (up to 20000 characters; not blank once finalised), "photos": [part name, ...] (up to 6)}
"""

from ...artefacts import contracts
from ...paper.photos import check_photo, photo_type
from ...platform.i18n import _, _l
from ...platform.invalid import DocumentInvalid
from ...platform.validation import has_control_characters

LABEL = _l("Observation")
ABOUT = _l(
    "Your own notes from a visit, with photos: what you saw and heard, in your words."
)  # the About page (about.py): what it is for, and whose approach it is
RECORD_WORDS = _l("observation of %(day)s")  # "Maisie's observation of 20 November 2026" (records.describe)
CONTRACT = contracts.load("observation")  # the limits and choices the tablet reads too
TEXT_MAX = CONTRACT["text_max"]
PHOTOS_MAX = CONTRACT[
    "photos_max"
]  # as many as the tablet takes (static/js/tools/observation.js): the record and exports show each
PHOTO_TYPES = tuple(CONTRACT["photo_types"])
FIELDS = {"text", "photos"}


def validate(content: dict, parts: dict[str, str], final: bool = True) -> None:
    if not isinstance(content, dict):
        raise DocumentInvalid(_("The observation's content must be an object"))
    unknown = sorted(set(content) - FIELDS)
    if unknown:
        raise DocumentInvalid(
            _("The observation has fields this server does not know: %(fields)s", fields=", ".join(unknown))
        )
    missing = sorted(FIELDS - set(content))
    if missing:
        raise DocumentInvalid(_("The observation is missing: %(fields)s", fields=", ".join(missing)))
    text = content["text"]
    if not isinstance(text, str):
        raise DocumentInvalid(_("The observation's text must be text"))
    if final and not text.strip():
        raise DocumentInvalid(_("The observation has no text. Write something before finishing it."))
    if len(text) > TEXT_MAX:
        raise DocumentInvalid(_("The observation's text must be %(n)s characters or fewer", n=TEXT_MAX))
    if has_control_characters(text, multiline=True):
        raise DocumentInvalid(_("Remove special characters that cannot be typed, such as control codes"))
    photos = content["photos"]
    if not isinstance(photos, list) or not all(isinstance(name, str) for name in photos):
        raise DocumentInvalid(_("The observation's photos must be a list of part names"))
    if len(photos) > PHOTOS_MAX:
        raise DocumentInvalid(
            _("An observation can have at most %(n)s photos (this one has %(count)s)", n=PHOTOS_MAX, count=len(photos))
        )
    if len(set(photos)) != len(photos):
        raise DocumentInvalid(_("The observation names the same photo twice"))
    for name in photos:
        if name not in parts:
            raise DocumentInvalid(_("The photo %(name)s was not sent with the observation", name=name[:40]))
        if parts[name] not in PHOTO_TYPES:
            raise DocumentInvalid(_("The part %(name)s is not a photo", name=name))
    unused = sorted(set(parts) - set(photos))
    if unused:
        raise DocumentInvalid(
            _("Parts were sent that the observation does not use: %(names)s", names=", ".join(unused))
        )


def check_parts(content: dict, plain_parts: dict[str, bytes], final: bool = True) -> None:
    """Each photo opens whole, within the pixel limit (the platform has matched its bytes to its type)."""
    for name in content["photos"]:
        check_photo(plain_parts[name], photo_type(plain_parts[name]))


# --- the Kind interface (sofs_direct/artefacts/kinds.py) ------------------------------------------------------
NAME = "observation"
SLUG = "observation"
DIRECT_WORK = False  # the worker's own note, not the child's voice (voice.py)
# The worker's own note: nothing was asked of the child, so no feedback.
from ...artefacts.kinds import NO_FEEDBACK as FEEDBACK_QUESTIONS  # noqa: E402, F401

NOTHING_DONE_SQL = ""
RETENTION = {"years": 7, "from": "eighteenth_birthday"}
from ...artefacts.export_layout import made_on as export_details  # noqa: E402, F401
from ...artefacts.kinds import NO_BLUEPRINTS as BLUEPRINTS  # noqa: E402, F401
from ...artefacts.kinds import listed_as_it_is as list_entry  # noqa: E402, F401
from ...artefacts.kinds import no_anchor as source_anchor
from ...artefacts.kinds import no_child_page_section as child_page_section
from ...artefacts.kinds import no_clips as clips_json
from ...artefacts.kinds import no_consent as consent_json  # noqa: E402, F401
from ...artefacts.kinds import no_context as record_context
from ...artefacts.kinds import no_paged_layout as export_paged  # noqa: E402, F401
from ...artefacts.kinds import no_people as people_for_visit
from ...artefacts.kinds import no_people as people_named
from ...artefacts.kinds import no_recordings as recordings
from ...artefacts.kinds import no_review_reason as review_reason  # noqa: E402, F401
from ...artefacts.kinds import no_scores as scores_offered
from ...artefacts.kinds import no_thumbnail as thumbnail
from ...artefacts.kinds import no_voice_items as voice_items
from ...artefacts.kinds import no_voice_place as voice_place  # noqa: E402, F401
from ...artefacts.kinds import nothing_for_team as for_team  # noqa: E402, F401
from ...artefacts.kinds import nothing_for_visits as for_visit
from ...artefacts.kinds import nothing_on_deleted as on_deleted  # noqa: E402, F401
from ...artefacts.kinds import nothing_on_stored as on_stored
from ...artefacts.kinds import when_saved as done_at
from .views import RECORD_TEMPLATE, export_name, export_section, for_audience, photo_names, timeline_entries  # noqa: E402, F401
