"""A test-only kind: a note of what the child said on a visit, with the child's wish for who may see
their words. Registered only by the tests (test_kind_interface.py), it goes through ingest, the record
page, the timeline, search, the audience filter, an assessment and its pack, and retention, with no
edit to the platform: the proof that the Kind interface is everything the platform asks of a kind.

content = {"said": str (the child's words, up to 500 characters), "share": [audience, ...],
           "number": 0 … 10 (optional: the child's own number, offered to an assessment's scale)}
"""

from sofs_direct.artefacts import audience as audiences
from sofs_direct.artefacts.export_layout import made_on as export_details  # noqa: F401
from sofs_direct.artefacts.fields import check_text, exact_fields
from sofs_direct.artefacts.kinds import NO_BLUEPRINTS as BLUEPRINTS
from sofs_direct.artefacts.kinds import NO_FEEDBACK as FEEDBACK_QUESTIONS
from sofs_direct.artefacts.kinds import listed_as_it_is as list_entry  # noqa: F401
from sofs_direct.artefacts.kinds import no_anchor as source_anchor
from sofs_direct.artefacts.kinds import no_child_page_section as child_page_section
from sofs_direct.artefacts.kinds import no_clips as clips_json
from sofs_direct.artefacts.kinds import no_consent as consent_json
from sofs_direct.artefacts.kinds import no_paged_layout as export_paged
from sofs_direct.artefacts.kinds import no_people as people_for_visit
from sofs_direct.artefacts.kinds import no_people as people_named
from sofs_direct.artefacts.kinds import no_photos as photo_names
from sofs_direct.artefacts.kinds import no_recordings as recordings
from sofs_direct.artefacts.kinds import no_review_reason as review_reason
from sofs_direct.artefacts.kinds import no_thumbnail as thumbnail
from sofs_direct.artefacts.kinds import nothing_for_team as for_team  # noqa: F401
from sofs_direct.artefacts.kinds import nothing_for_visits as for_visit
from sofs_direct.artefacts.kinds import nothing_on_deleted as on_deleted
from sofs_direct.artefacts.kinds import nothing_on_stored as on_stored
from sofs_direct.artefacts.kinds import nothing_to_check as check_parts
from sofs_direct.artefacts.kinds import when_saved as done_at
from sofs_direct.artefacts.sharing import check_wish
from sofs_direct.paper import lettering
from sofs_direct.platform.i18n import _, _l
from sofs_direct.platform.invalid import DocumentInvalid

NAME = "note"
LABEL = _l("Observation")  # an existing translation, so the Welsh check stays quiet
ABOUT = _l("Observation")
SLUG = "note"
RECORD_WORDS = None
DIRECT_WORK = True
NOTHING_DONE_SQL = ""
RETENTION = {"years": 1, "from": "received"}
RECORD_TEMPLATE = "note/record.html"


def validate(content: dict, parts: dict[str, str], final: bool = True) -> None:
    exact_fields(content, ("said", "share", "number") if "number" in content else ("said", "share"), "the note")
    check_text(content["said"], "what the child said", 500)
    if "number" in content and content["number"] not in range(11):
        raise DocumentInvalid("The child's number must be a whole number from 0 to 10")
    check_wish(content["share"], "what the child said")
    if parts:
        raise DocumentInvalid("A note has no parts")


def voice_items(content: dict) -> list[dict]:
    return [{"item": "said", "place": "", "text": content["said"], "by": "child", "share": content["share"]}]


def scores_offered(content: dict) -> list[dict]:
    if "number" not in content:
        return []
    return [{"person": "Maisie", "role": "the child's own number", "score": content["number"], "note": content["said"]}]


def voice_place(place: str) -> tuple[str, None]:
    return "", None


def for_audience(content: dict, audience: str | None) -> list[str]:
    if audiences.allows(content["share"], audience):
        return []
    content["said"] = ""
    return [_("%(num)s of the child's words", num=1)]


def record_context(db, row: dict, document: dict, context: dict) -> dict:
    return {"said": document["content"]["said"]}


def timeline_entries(db, child_id: str, rows: list[dict]) -> list[dict]:
    return [
        {
            "id": row["id"],
            "when": row["parsed"]["created_at"],
            "author": row["author"],
            "summary": row["parsed"]["content"]["said"],
        }
        for row in rows
    ]


def export_name(content: dict) -> str:
    return SLUG


def export_section(db, user, blocks, pictures, work, audience: str) -> None:
    blocks.details(export_details(work))
    if work.content["said"]:
        blocks.text(work.content["said"], lettering.WORDS)
