"""The session's facts in words, as (label, value) pairs for the sheet, the session's page and every
export: where and with whom, the parental agreement, the consent recorded on the tablet, and each
recording of the child's voice with its marked moments.

Main decision: an answer someone was never asked is said as "Not asked", never read as a no (tablets
before issue 13 wrote false for a child never asked), and a drawn signature is said as "signed",
never drawn: the picture stays on the session's page (docs/assessment-export.md).
"""

from ...artefacts.fields import yes_no
from ...artefacts.sharing import describe_wish
from ...paper import audio
from ...platform.dates import time_of_day
from ...platform.i18n import _
from . import ASSENT_NAMES, ASSENT_WAY_NAMES, DECISION_NAMES
from .session import clip_place_key, house_name, voice_place


def agreement_words(session: dict) -> str:
    """The parental agreement in words: "Refused by Rob Jones (Dad)"."""
    agreement = {
        "agreed": _("Agreed"),
        "refused": _("Refused"),
        "not-needed": _("Not needed"),
        "not-asked": _("Not asked"),
    }[session["parental_agreement"]]
    if session["agreement_by"] and session["parental_agreement"] in ("agreed", "refused"):
        agreement = _("%(agreement)s by %(who)s", agreement=agreement, who=session["agreement_by"])
    return agreement


def session_details(session: dict, worker: str) -> list[tuple[str, str]]:
    """The session's facts as (label, value), for sheets and pages."""
    agreement = agreement_words(session)
    present = [
        _("%(name)s (%(role)s)", name=person["name"], role=person["role"]) if person["role"] else person["name"]
        for person in session["present"]
    ]
    return [
        (_("Place"), session["place"] or _("Not recorded")),
        (_("Worker"), worker),
        (_("Also present"), ", ".join(present) or _("Nobody else")),
        (_("Seen alone"), yes_no(session["seen_alone"])),
        (_("Parental agreement"), agreement),
    ]


def parent_recording_answer(parent: dict | None) -> bool | None:
    """The parent's answer to recording the child's voice: True, False, or None when they were not
    asked — no decision, a refusal of the session (the question is not put then), or not answered."""
    if not parent or parent["decision"] != "agreed":
        return None
    return parent["audio"]


def child_recording_answer(consent: dict | None) -> bool | None:
    """The child's answer to "Can I record your voice?": True, False, or None when not asked. The child
    is asked only once a parent has agreed to recording; tablets before issue 13 wrote false for a
    child never asked, so a false without that agreement is not an answer."""
    child = (consent or {}).get("child")
    if not child or child["assent"] != "given" or child["audio"] is None:
        return None
    if child["audio"] is False and parent_recording_answer(consent.get("parent")) is not True:
        return None
    return child["audio"]


def answer_words(answer: bool | None) -> str:
    """A yes or no someone may not have been asked."""
    return {True: _("Yes"), False: _("No")}.get(answer, _("Not asked"))


def consent_details(content: dict) -> list[tuple[str, str]]:
    """The consent recorded on the tablet as (label, value), for the sheet and every export (none
    before issue 8). The drawn signature is said as "signed", never drawn: the picture stays on the
    session's page (docs/assessment-export.md)."""
    consent = content.get("consent")
    if not consent:
        return []
    details = []
    parent = consent["parent"]
    if parent:
        signed = _("signed") if parent["signature"] else _("typed their name: %(name)s", name=parent["typed_name"])
        recording = {True: _("agreed to recording"), False: _("did not agree to recording")}.get(
            parent_recording_answer(parent), _("not asked about recording")
        )
        details.append(
            (
                _("Parent or carer"),
                _(
                    "%(decision)s by %(name)s (%(relationship)s) at %(time)s; %(signed)s; %(recording)s",
                    decision=str(DECISION_NAMES[parent["decision"]]),
                    name=parent["name"],
                    relationship=parent["relationship"],
                    time=time_of_day(parent["at"]),
                    signed=signed,
                    recording=recording,
                ),
            )
        )
    child = consent["child"]
    if child:
        recording = {True: _("said yes to recording"), False: _("did not say yes to recording")}.get(
            child_recording_answer(consent), _("not asked about recording")
        )
        details.append(
            (
                _("The child"),
                _(
                    "%(answer)s (%(how)s); %(recording)s",
                    answer=str(ASSENT_NAMES[child["assent"]]),
                    how=str(ASSENT_WAY_NAMES[child["how"]]),
                    recording=recording,
                ),
            )
        )
    return details


def clip_place(clip: dict, theme: str = "houses") -> str:
    """Where a recording belongs, in words: its house (by the name the child saw), or the whole session."""
    return house_name(clip["house"], theme) if clip["house"] else voice_place(clip_place_key(clip))[0]


def clip_about(clip: dict, with_wishes: bool = False, theme: str = "houses") -> str:
    """A recording in one line: where it belongs, when it started, how long it lasts (and, with
    `with_wishes`, who the child said may hear it)."""
    about = _(
        "%(place)s, started at %(time)s, %(length)s long",
        place=clip_place(clip, theme),
        time=time_of_day(clip["started_at"]),
        length=audio.clock(clip["duration_ms"]),
    )
    if with_wishes:
        about = _("%(about)s; shared with: %(who)s", about=about, who=describe_wish(clip["share"]))
    return about


def moment_line(moment: dict) -> str:
    """A marked moment as "0:42 — the words": its time in the recording, then the child's words
    exactly as the worker typed them."""
    return f"{audio.clock(moment['at_ms'])} — {moment['text']}"


def clip_details(content: dict, with_wishes: bool = False) -> list[tuple[str, str]]:
    """Each recording as (label, value): what clip_about says, then each marked moment (moment_line)."""
    details = []
    for number, clip in enumerate(content.get("clips", []), start=1):
        label = _("Recording %(number)s", number=number)
        details.append((label, clip_about(clip, with_wishes, content["theme"])))
        details += [(label, moment_line(moment)) for moment in clip["moments"]]
    return details
