"""A network meeting (`kind: "network_meeting"`): who came, the safety plan rules agreed and who is
responsible for each, and when the network meets next (docs/network.md). The schema check, and the
review hook: a meeting may name only a network that is new or whose children its author may see.

Main decision: a meeting names the network it belongs to and refers to its people by member id, but
is checked on its own — a meeting may be recorded on a tablet before that tablet's latest network
state reaches the server, so a member id is checked for its form, not looked up. Someone who is not
in the network (a professional, a guest) is recorded by name with `member` null.
"""

from ....artefacts import contracts
from ....artefacts.fields import PERSON_TEXT_MAX, check_text, exact_fields
from ....platform.i18n import _, _l
from ....platform.invalid import DocumentInvalid
from .. import NAME_MAX, check_date, check_network_and_children, is_member_id

LABEL = _l("Network meeting")
ABOUT = _l(
    "A meeting of the safety network: who came, the rules agreed and who will see to each."
)  # the About page (about.py): what it is for, and whose approach it is
RECORD_WORDS = _l("network meeting of %(day)s")  # the record in words (records.describe)

CONTENT_FIELDS = ("network", "children", "date", "attended", "agreed", "next_meeting", "notes")
ATTENDED_FIELDS = ("member", "name", "role")
AGREED_FIELDS = ("rule", "responsible")
CONTRACT = contracts.load("network_meeting")  # the limits and choices the tablet reads too
ATTENDED_MAX = CONTRACT["attended_max"]
AGREED_MAX = CONTRACT["agreed_max"]
RESPONSIBLE_MAX = CONTRACT["responsible_max"]
RULE_MAX = CONTRACT["rule_max"]
NOTES_MAX = CONTRACT["notes_max"]


def done_at(content: dict) -> str:
    """When the work was done: the day of the meeting (records.done_at)."""
    return content["date"]


def _check_attended(attended: list, final: bool) -> None:
    if not isinstance(attended, list):
        raise DocumentInvalid(_("Who attended must be a list"))
    if len(attended) > ATTENDED_MAX:
        raise DocumentInvalid(_("At most %(n)s people can be recorded as attending", n=ATTENDED_MAX))
    if final and not attended:  # as the tablet has always said before saving (static/js/tools/network-meeting.js)
        raise DocumentInvalid(_("Record who came to the meeting before saving it"))
    for number, person in enumerate(attended, start=1):
        what = _("Person %(number)s attending", number=number)
        exact_fields(person, ATTENDED_FIELDS, what)
        if not (person["member"] is None or is_member_id(person["member"])):
            raise DocumentInvalid(_("%(what)s must be someone in the network, or nobody for a guest", what=what))
        check_text(person["name"], _("The name of person %(number)s attending", number=number), NAME_MAX, one_line=True)
        check_text(
            person["role"], _("The role of person %(number)s attending", number=number), PERSON_TEXT_MAX, one_line=True
        )
        if final and not person["name"].strip():
            raise DocumentInvalid(_("Give the name of person %(number)s attending, or remove them", number=number))


def _check_agreed(agreed: list, final: bool) -> None:
    if not isinstance(agreed, list):
        raise DocumentInvalid(_("What was agreed must be a list of rules"))
    if len(agreed) > AGREED_MAX:
        raise DocumentInvalid(_("A meeting can record at most %(n)s rules", n=AGREED_MAX))
    for number, rule in enumerate(agreed, start=1):
        what = _("Rule %(number)s of the safety plan", number=number)
        exact_fields(rule, AGREED_FIELDS, what)
        check_text(rule["rule"], what, RULE_MAX)
        if final and not rule["rule"].strip():
            raise DocumentInvalid(_("Write rule %(number)s of the safety plan, or remove it", number=number))
        responsible = rule["responsible"]
        if not isinstance(responsible, list) or len(responsible) > RESPONSIBLE_MAX:
            raise DocumentInvalid(
                _(
                    "Who is responsible for rule %(number)s must be a list of at most %(n)s people",
                    number=number,
                    n=RESPONSIBLE_MAX,
                )
            )
        for person in responsible:
            check_text(
                person, _("Someone responsible for rule %(number)s", number=number), NAME_MAX, one_line=True, at_least=1
            )
        if final and not responsible:
            raise DocumentInvalid(_("Say who is responsible for rule %(number)s of the safety plan", number=number))


def validate(content: dict, parts: dict[str, str], final: bool = True) -> None:
    """Refuse, with DocumentInvalid, any content that is not a network meeting."""
    exact_fields(content, CONTENT_FIELDS, _("The network meeting"))
    if parts:
        raise DocumentInvalid(_("A network meeting is saved without any attached files"))
    check_network_and_children(content)
    # A meeting not dated yet is still a draft the tablet saves (its first autosave has no date).
    held = None if content["date"] == "" and not final else check_date(content["date"], _("The day of the meeting"))
    _check_attended(content["attended"], final)
    _check_agreed(content["agreed"], final)
    if content["next_meeting"] is not None:
        following = check_date(content["next_meeting"], _("The next meeting"), future=True)
        if held is not None and following <= held:
            raise DocumentInvalid(_("The next meeting must be after this one"))
    check_text(content["notes"], _("The notes of the meeting"), NOTES_MAX)


def review_reason(db, author, document: dict) -> str | None:
    """A meeting naming a network that belongs to children its author may not see is kept for the
    manager (the same rule as a saved state, network.review_reason): it could otherwise show that
    network's people by their ids on the author's own child's timeline."""
    from .. import merge as network

    return network.review_reason(db, author, document["content"]["network"])


# --- the Kind interface (sofs_direct/artefacts/kinds.py) ------------------------------------------------------
NAME = "network_meeting"
SLUG = "network-meeting"
DIRECT_WORK = False
NOTHING_DONE_SQL = ""
RETENTION = {"years": 7, "from": "eighteenth_birthday"}
from ....artefacts.export_layout import made_on as export_details  # noqa: E402, F401
from ....artefacts.kinds import NO_BLUEPRINTS as BLUEPRINTS  # noqa: E402, F401

# A meeting of the adults around the child, not a session with the child: no feedback.
from ....artefacts.kinds import NO_FEEDBACK as FEEDBACK_QUESTIONS  # noqa: E402, F401
from ....artefacts.kinds import listed_as_it_is as list_entry  # noqa: E402, F401
from ....artefacts.kinds import no_anchor as source_anchor
from ....artefacts.kinds import no_child_page_section as child_page_section
from ....artefacts.kinds import no_clips as clips_json
from ....artefacts.kinds import no_consent as consent_json  # noqa: E402, F401
from ....artefacts.kinds import no_context as record_context
from ....artefacts.kinds import no_paged_layout as export_paged  # noqa: E402, F401
from ....artefacts.kinds import no_people as people_for_visit
from ....artefacts.kinds import no_people as people_named
from ....artefacts.kinds import no_photos as photo_names
from ....artefacts.kinds import no_recordings as recordings
from ....artefacts.kinds import no_scores as scores_offered
from ....artefacts.kinds import no_thumbnail as thumbnail
from ....artefacts.kinds import no_voice_items as voice_items  # noqa: E402, F401
from ....artefacts.kinds import no_voice_place as voice_place
from ....artefacts.kinds import nothing_for_team as for_team  # noqa: E402, F401
from ....artefacts.kinds import nothing_for_visits as for_visit  # noqa: E402, F401
from ....artefacts.kinds import nothing_on_deleted as on_deleted
from ....artefacts.kinds import nothing_on_stored as on_stored  # noqa: E402, F401
from ....artefacts.kinds import nothing_to_check as check_parts
from .views import RECORD_TEMPLATE, export_name, export_section, for_audience, timeline_entries  # noqa: E402, F401
