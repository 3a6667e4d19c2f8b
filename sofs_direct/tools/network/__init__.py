"""The family and safety network (`kind: "network"`): the schema check of one saved state, and the
hook that merges it into the current network when it is stored (docs/network.md).

Main decision: each saved state is checked on its own, whole, against docs/network.md — every
member's every field carries its own change stamp ({value, at, by}) because the server merges states
field by field (network.py); a field this server does not know is refused, as everywhere. A state is
the network as one tablet knew it, so names are unique *within* a state; the same person added on
two tablets is only found when merging, and is shown there as a possible duplicate, never refused.

The document's own `child_id` is checked by the platform (it must be a child the worker may see);
here `children` need only be 1 to 10 distinct child ids. Whether its author may add to the network it
names is the `review_reason` hook's question, answered from what is already stored (docs/network.md,
"Whose network it is").
"""

import re
import uuid
from datetime import date, datetime

from ...artefacts import contracts
from ...artefacts.fields import check_text, check_timestamp, exact_fields
from ...platform.dates import LOCAL_TIME

# Names compare by the one rule the tablet follows too (docs/folding-and-matching.md): "Siân" is "sian".
from ...platform.folding import same_name
from ...platform.i18n import _, _l
from ...platform.invalid import DocumentInvalid

LABEL = _l("Family and safety network")
ABOUT = _l(
    "The family and the people around them who will help keep the child safe, in circles, with what each will do. Safety networks are part of the Signs of Safety approach."
)  # the About page (about.py): what it is for, and whose approach it is
RECORD_WORDS = _l("safety network as saved on %(day)s")  # the record in words (records.describe)

CONTENT_FIELDS = ("network", "children", "members", "removed")
MEMBER_FIELDS = ("id", "fields")
STAMP_FIELDS = ("value", "at", "by")
REMOVAL_FIELDS = ("id", "at", "by")
# Each field's name in words, for messages and screens (pages.py too).
FIELD_NAMES = {
    "name": _l("name"),
    "relation": _l("relation"),
    "contact": _l("contact details"),
    "ring": _l("ring"),
    "angle": _l("place on the map"),
    "stamp": _l("picture"),
    "role": _l("role"),
    "parent": _l("parent"),
    "parental_responsibility": _l("parental responsibility"),
    "informed": _l("told the worries"),
    "willing": _l("willing"),
    "clear": _l("clear what to do"),
    "child_view": _l("the child's view"),
}
FIELDS = (
    "name",
    "relation",
    "contact",
    "ring",
    "angle",
    "stamp",
    "role",
    "parent",
    "parental_responsibility",
    "informed",
    "willing",
    "clear",
    "child_view",
)
CONTRACT = contracts.load("network")  # the limits and choices the tablet reads too
CHILD_VIEWS = tuple(CONTRACT["child_views"])
STAMP_GROUPS = tuple(CONTRACT["stamp_groups"])
MEMBER_ID = re.compile(r"m-[a-z0-9-]{1,38}")

MEMBERS_MAX = CONTRACT["members_max"]
CHILDREN_MAX = CONTRACT["children_max"]
REMOVED_MAX = CONTRACT["removed_max"]  # every removal is kept in each later state; generous, but bounded
NAME_MAX = CONTRACT["name_max"]
CONTACT_MAX = CONTRACT["contact_max"]
ROLE_MAX = CONTRACT["role_max"]
RINGS = range(1, 5)
ANGLES = range(360)
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)  # the last day a time may fall on (fields.LATEST_TIME): a next meeting in 9999 is a typo


def is_uuid(value) -> bool:
    """A UUID in its canonical lowercase form, as the tablet's crypto.randomUUID() writes it."""
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def is_member_id(value) -> bool:
    return isinstance(value, str) and MEMBER_ID.fullmatch(value) is not None


def today() -> date:
    """The day in the UK, where the work happens (dates.LOCAL_TIME)."""
    return datetime.now(LOCAL_TIME).date()


def check_date(value, what, future: bool = False) -> date:
    """A day as YYYY-MM-DD, from 1900, and not after today (with `future`, not after 2100)."""
    try:
        day = date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise DocumentInvalid(_("%(what)s must be a real date written as YYYY-MM-DD", what=what))
    if day < EARLIEST:
        raise DocumentInvalid(_("%(what)s cannot be before 1900", what=what))
    if not future and day > today():
        raise DocumentInvalid(_("%(what)s cannot be in the future", what=what))
    if day > LATEST:
        raise DocumentInvalid(_("%(what)s cannot be after 2100", what=what))
    return day


def _is_whole(value, allowed: range) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in allowed


def _is_flag(value, optional: bool) -> bool:
    return isinstance(value, bool) or (optional and value is None)


def stamp_ids() -> set:
    from ...paper import ink  # the artwork the tablet offers (static/ink/artwork.json)

    return {stamp["id"] for stamp in ink.load_artwork()["stamps"] if stamp["group"] in STAMP_GROUPS}


def check_value(field: str, value, who, stamps: set) -> None:
    """One field's value against its rule in docs/network.md; `who` names the member."""
    if field == "name":
        check_text(value, _("The name of %(who)s", who=who), NAME_MAX, one_line=True)
        if not value.strip():
            raise DocumentInvalid(_("Every person in the network needs a name"))
    elif field == "relation":
        check_text(value, _("How %(who)s is related to the child", who=who), NAME_MAX, one_line=True)
    elif field == "contact":
        check_text(value, _("The contact details of %(who)s", who=who), CONTACT_MAX)
    elif field == "role":
        check_text(value, _("The part %(who)s plays in the safety plan", who=who), ROLE_MAX)
    elif field == "ring":
        if not _is_whole(value, RINGS):
            raise DocumentInvalid(_("%(who)s must be on ring 1 (closest) to 4 (outermost)", who=who))
    elif field == "angle":
        if not _is_whole(value, ANGLES):
            raise DocumentInvalid(
                _("Where %(who)s sits on the ring must be a whole number of degrees from 0 to 359", who=who)
            )
    elif field == "stamp":
        # The type first: a list or an object cannot be looked up in a set (it would be a 500).
        if value is not None and (not isinstance(value, str) or value not in stamps):
            raise DocumentInvalid(
                _("%(who)s has a picture this server does not know: %(stamp)s", who=who, stamp=str(value)[:40])
            )
    elif field in ("parent", "parental_responsibility"):
        if not _is_flag(value, optional=False):
            raise DocumentInvalid(
                _("Whether %(who)s is a parent or has parental responsibility must be yes or no", who=who)
            )
    elif field == "informed":
        if value is not None:
            check_date(value, _("The day %(who)s was told the danger statement", who=who))
    elif field in ("willing", "clear"):
        if not _is_flag(value, optional=True):
            raise DocumentInvalid(
                _("Whether %(who)s is willing and clear what to do must be yes, no or not known", who=who)
            )
    elif field == "child_view":  # noqa: SIM102 (joined, a wrong value would fall through to the fields below)
        if (
            not isinstance(value, list)
            or not all(isinstance(view, str) and view in CHILD_VIEWS for view in value)
            or len(set(value)) != len(value)
        ):
            raise DocumentInvalid(_("The child's view of %(who)s must be some of: helps, trusts, worries", who=who))


def _check_change(change: dict, what) -> None:
    """When (`at`) and on which tablet (`by`) a field was changed or a person removed."""
    check_timestamp(change["at"], _("When %(what)s was changed", what=what))
    if not is_uuid(change["by"]):
        raise DocumentInvalid(_("%(what)s must say which tablet changed it", what=what))


def _check_stamp(stamp, what) -> None:
    exact_fields(stamp, STAMP_FIELDS, what)
    _check_change(stamp, what)


def _check_member(member, number: int, stamps: set, names: dict, final: bool) -> None:
    where = _("Person %(number)s in the network", number=number)
    exact_fields(member, MEMBER_FIELDS, where)
    if not is_member_id(member["id"]):
        raise DocumentInvalid(
            _("%(who)s has an id that is not m- and 1 to 38 lowercase letters, digits or hyphens", who=where)
        )
    fields = member["fields"]
    if not isinstance(fields, dict):
        raise DocumentInvalid(_("The details of %(who)s must be an object", who=where))
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise DocumentInvalid(
            _(
                "%(who)s has fields this server does not know: %(fields)s",
                who=where,
                fields=", ".join(str(name)[:40] for name in unknown[:5]),
            )
        )
    if "name" not in fields:
        raise DocumentInvalid(_("Every person in the network needs a name"))
    _check_stamp(fields["name"], _("The name of %(who)s", who=where))
    check_value("name", fields["name"]["value"], where, stamps)
    who = fields["name"]["value"].strip()
    for field in FIELDS[1:]:
        if field in fields:
            _check_stamp(fields[field], _("The %(field)s of %(who)s", field=str(FIELD_NAMES[field]), who=who))
            check_value(field, fields[field]["value"], who, stamps)
    folded = same_name(who)
    if folded in names:
        raise DocumentInvalid(
            _(
                "Two people in the network are called %(name)s. Give them different names "
                "(for example add a surname) or remove one.",
                name=who,
            )
        )
    names[folded] = who
    if final and not ("relation" in fields and fields["relation"]["value"].strip()):
        raise DocumentInvalid(_("Say how %(name)s is related to the child", name=who))


def check_network_and_children(content: dict) -> None:
    """The `network` id and the `children` list, shared with network meetings."""
    if not is_uuid(content["network"]):
        raise DocumentInvalid(_("The network id must be a UUID in lowercase"))
    children = content["children"]
    if not isinstance(children, list) or not 1 <= len(children) <= CHILDREN_MAX:
        raise DocumentInvalid(_("A network is for 1 to %(n)s children", n=CHILDREN_MAX))
    if not all(is_uuid(child) for child in children) or len(set(children)) != len(children):
        raise DocumentInvalid(_("The children of a network must each be named once, by their id"))


def validate(content: dict, parts: dict[str, str], final: bool = True) -> None:
    """Refuse, with DocumentInvalid, any content that is not a saved state of a network."""
    exact_fields(content, CONTENT_FIELDS, _("The network"))
    if parts:
        raise DocumentInvalid(_("A network is saved without any attached files"))
    check_network_and_children(content)
    members = content["members"]
    if not isinstance(members, list):
        raise DocumentInvalid(_("The people in the network must be a list"))
    if len(members) > MEMBERS_MAX:
        raise DocumentInvalid(
            _("A network can have at most %(n)s people (this one has %(count)s)", n=MEMBERS_MAX, count=len(members))
        )
    stamps, names, ids = stamp_ids(), {}, set()
    for number, member in enumerate(members, start=1):
        _check_member(member, number, stamps, names, final)
        if member["id"] in ids:
            raise DocumentInvalid(_("Two people in the network have the same id, %(id)s", id=member["id"]))
        ids.add(member["id"])
    removed = content["removed"]
    if not isinstance(removed, list) or len(removed) > REMOVED_MAX:
        raise DocumentInvalid(_("The people removed from the network must be a list of at most %(n)s", n=REMOVED_MAX))
    gone = set()
    for removal in removed:
        exact_fields(removal, REMOVAL_FIELDS, _("A removal from the network"))
        if not is_member_id(removal["id"]) or removal["id"] in gone:
            raise DocumentInvalid(_("Each removal from the network must name one person's id, once"))
        gone.add(removal["id"])
        _check_change(removal, _("The removal of %(id)s", id=removal["id"]))
    if final and not members:  # as the tablet has always said before saving (static/js/tools/network/model.js)
        raise DocumentInvalid(_("Add at least one person to the network before saving it"))


def review_reason(db, author, document: dict) -> str | None:
    """Why this state must be kept for the manager instead of joining its network (a readable
    sentence), or None: a state naming a network that belongs to children its author may not see
    (network.review_reason). Called by the platform before storing (artefacts.ingest): a finalised
    state with a reason is stored flagged for review, never merged; a draft with one is refused."""
    from . import merge as network

    return network.review_reason(db, author, document["content"]["network"])


def on_stored(db, row: dict, document: dict) -> None:
    """A finalised, unflagged state was stored: merge it into the current network (same transaction)."""
    from . import merge as network  # merge.py reads the stored states through the platform's tables

    network.apply_state(db, row, document)


# --- the Kind interface (sofs_direct/artefacts/kinds.py) ------------------------------------------------------
NAME = "network"
SLUG = "safety-network"
DIRECT_WORK = False
# The worker's record of the network, not a session with the child: no feedback.
from ...artefacts.kinds import NO_FEEDBACK as FEEDBACK_QUESTIONS  # noqa: E402, F401

NOTHING_DONE_SQL = ""
RETENTION = {"years": 7, "from": "eighteenth_birthday"}
from ...artefacts.export_layout import made_on as export_details  # noqa: E402, F401
from ...artefacts.kinds import listed_as_it_is as list_entry  # noqa: E402, F401
from ...artefacts.kinds import no_anchor as source_anchor
from ...artefacts.kinds import no_clips as clips_json
from ...artefacts.kinds import no_consent as consent_json  # noqa: E402, F401
from ...artefacts.kinds import no_context as record_context
from ...artefacts.kinds import no_paged_layout as export_paged  # noqa: E402, F401
from ...artefacts.kinds import no_photos as photo_names
from ...artefacts.kinds import no_recordings as recordings
from ...artefacts.kinds import no_thumbnail as thumbnail
from ...artefacts.kinds import no_voice_items as voice_items  # noqa: E402, F401
from ...artefacts.kinds import no_voice_place as voice_place
from ...artefacts.kinds import nothing_for_team as for_team  # noqa: E402, F401
from ...artefacts.kinds import nothing_to_check as check_parts  # noqa: E402, F401
from ...artefacts.kinds import when_saved as done_at
from . import pages  # noqa: E402  (the child's network page, its meetings, map exports, the team figures)
from .views import (  # noqa: E402, F401
    RECORD_TEMPLATE,
    export_name,
    export_section,
    for_audience,
    for_visit,
    on_deleted,
    people_for_visit,
    timeline_entries,
)

BLUEPRINTS = (pages.bp,)
from ...artefacts.kinds import no_child_page_section as child_page_section
from ...artefacts.kinds import no_people as people_named
from ...artefacts.kinds import no_scores as scores_offered
