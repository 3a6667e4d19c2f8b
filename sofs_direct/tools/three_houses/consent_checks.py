"""The check of a Three Houses session's consent record and of the recordings of the child's voice
(issue 8; docs/three-houses.md `consent` and `clips`), called by checks.py's validate and check_parts.

Main decision: a recording is kept only when the consent record shows both a parent's agreement to
recording and the child's own yes (`recording_allowed`; neither is ever assumed), and the session
record and the consent screen, describing one decision, must say the same.
"""

from ...artefacts.fields import blank_page_drawing, check_text, check_timestamp, exact_fields, is_identifier, is_whole
from ...artefacts.sharing import check_wish
from ...paper import audio, audio_sound, ink
from ...platform.i18n import _
from ...platform.invalid import DocumentInvalid
from . import (
    ASSENT_WAYS,
    ASSENTS,
    CHILD_FIELDS,
    CLIP_FIELDS,
    CLIP_ID_MAX,
    CLIPS_MAX,
    CONSENT_FIELDS,
    DECISIONS,
    EXPLAINER_FIELDS,
    EXPLAINER_LANGUAGES,
    EXPLAINER_VERSIONS,
    KEYS,
    MOMENT_FIELDS,
    MOMENTS_MAX,
    PARENT_FIELDS,
    PARENT_NAME_MAX,
    RELATIONSHIP_MAX,
    SIGNATURE_PART,
    WORD_MAX,
)


def _check_parent(parent, session: dict, parts: dict[str, str], named: set) -> None:
    what = _("The parent's agreement")
    exact_fields(parent, PARENT_FIELDS, what)
    if parent["decision"] not in DECISIONS:
        raise DocumentInvalid(_("The parent's decision must be agreed or refused"))
    check_text(parent["name"], _("The name of the parent or carer who decided"), PARENT_NAME_MAX, one_line=True)
    check_text(parent["relationship"], _("Their relationship to the child"), RELATIONSHIP_MAX, one_line=True)
    check_text(parent["typed_name"], _("The parent's typed name"), PARENT_NAME_MAX, one_line=True)
    if not parent["name"].strip() or not parent["relationship"].strip():
        raise DocumentInvalid(
            _("Record the name of the parent or carer who decided, and their relationship to the child")
        )
    if parent["signature"] is not None:
        if parent["signature"] != SIGNATURE_PART:
            raise DocumentInvalid(_("The parent's signature must be named %(name)s", name=SIGNATURE_PART))
        if parts.get(SIGNATURE_PART) != ink.MEDIA_TYPE:
            raise DocumentInvalid(_("The parent's signature was not sent with the session as a drawing"))
        named.add(SIGNATURE_PART)
    elif not parent["typed_name"].strip():
        raise DocumentInvalid(_("The parent's agreement needs a signature or their typed name"))
    # null: not asked (the service does not record, or they did not agree to the session); tablets
    # before issue 13 wrote false for that too.
    if not (parent["audio"] is None or isinstance(parent["audio"], bool)) or (
        parent["audio"] and parent["decision"] != "agreed"
    ):
        raise DocumentInvalid(
            _(
                "Whether the parent agreed to recording must be yes, no or not asked, and yes only "
                "when they agreed to the session"
            )
        )
    check_timestamp(parent["at"], _("When the parent decided"))
    # The session record and the consent screen describe one decision, so they must say the same.
    if session["parental_agreement"] != parent["decision"]:
        raise DocumentInvalid(_("The session's parental agreement must be the parent's decision on the consent screen"))
    if session["agreement_by"] != f"{parent['name']} ({parent['relationship']})":
        raise DocumentInvalid(
            _("Who agreed in the session record must be the parent's name and relationship from the consent screen")
        )


def check_consent(consent, session: dict, parts: dict[str, str], named: set) -> None:
    """The parent's agreement, the child's assent and the explainer shown (docs/three-houses.md `consent`)."""
    exact_fields(consent, CONSENT_FIELDS, _("The consent record"))
    if consent["parent"] is not None:
        _check_parent(consent["parent"], session, parts, named)
    child = consent["child"]
    if child is not None:
        exact_fields(child, CHILD_FIELDS, _("The child's assent"))
        if child["assent"] not in ASSENTS:
            raise DocumentInvalid(_("The child's assent must be given or declined"))
        if child["how"] not in ASSENT_WAYS:
            raise DocumentInvalid(_("How the child answered must be spoken, nodded or tapped"))
        if not (child["audio"] is None or isinstance(child["audio"], bool)) or (
            child["audio"] and child["assent"] != "given"
        ):
            raise DocumentInvalid(
                _(
                    "Whether the child said yes to recording must be yes, no or not asked, and yes "
                    "only when they gave their assent"
                )
            )
        check_timestamp(child["at"], _("When the child answered"))
    explainer = consent["explainer"]
    if explainer is not None:
        exact_fields(explainer, EXPLAINER_FIELDS, _("The explainer record"))
        check_timestamp(explainer["shown_at"], _("When the explainer was shown"))
        if explainer["version"] not in EXPLAINER_VERSIONS:
            raise DocumentInvalid(_("The explainer shown must be the standard or the young child's version"))
        if explainer["language"] not in EXPLAINER_LANGUAGES:
            raise DocumentInvalid(_("The explainer's language must be English (en) or Welsh (cy)"))


def recording_allowed(consent) -> bool:
    """Whether this session's consent allows the child's voice to be recorded: the parent agreed to
    recording and the child said yes to it (both recorded; neither is ever assumed)."""
    parent, child = (consent or {}).get("parent"), (consent or {}).get("child")
    return bool(
        parent
        and parent["decision"] == "agreed"
        and parent["audio"] is True
        and child
        and child["assent"] == "given"
        and child["audio"] is True
    )


def _check_moments(moments, clip: dict) -> None:
    """The moments the worker marked in a recording, each with the child's words typed beside it."""
    if not isinstance(moments, list):
        raise DocumentInvalid(_("The marked moments of the recording %(clip)s must be a list", clip=clip["id"]))
    if len(moments) > MOMENTS_MAX:
        raise DocumentInvalid(
            _(
                "The recording %(clip)s has %(count)s marked moments; a recording has at most %(n)s",
                clip=clip["id"],
                count=len(moments),
                n=MOMENTS_MAX,
            )
        )
    seen = set()
    for moment in moments:
        exact_fields(moment, MOMENT_FIELDS, _("A marked moment in the recording %(clip)s", clip=clip["id"]))
        if not is_identifier(moment["id"]) or moment["id"] in seen:
            raise DocumentInvalid(
                _(
                    "Each marked moment in the recording %(clip)s needs its own id of 1 to 40 "
                    "lowercase letters, digits or hyphens",
                    clip=clip["id"],
                )
            )
        seen.add(moment["id"])
        if not is_whole(moment["at_ms"], 0, clip["duration_ms"]):
            raise DocumentInvalid(
                _("The moment %(id)s must be a time within the recording %(clip)s", id=moment["id"], clip=clip["id"])
            )
        check_text(
            moment["text"],
            _("The child's words at the moment %(id)s of the recording %(clip)s", id=moment["id"], clip=clip["id"]),
            WORD_MAX,
            at_least=1,
        )
        check_timestamp(moment["at"], _("When the moment %(id)s was marked", id=moment["id"]))


def check_clips(clips, consent: dict, parts: dict[str, str], named: set, final: bool) -> None:
    """The recordings of the child's voice (docs/three-houses.md `clips`). A draft may name a clip
    whose part it does not send (the tablet keeps the sound until finalising); a finalised session
    sends every clip's part."""
    if not isinstance(clips, list):
        raise DocumentInvalid(_("The recordings must be a list"))
    if len(clips) > CLIPS_MAX:
        raise DocumentInvalid(
            _("The session has %(count)s recordings; a session has at most %(n)s", count=len(clips), n=CLIPS_MAX)
        )
    if clips and not recording_allowed(consent):
        raise DocumentInvalid(
            _(
                "The session has recordings of the child's voice, but the consent record does not "
                "show both a parent's agreement to recording and the child's own yes"
            )
        )
    seen = set()
    for number, clip in enumerate(clips, start=1):
        exact_fields(clip, CLIP_FIELDS, _("Recording %(number)s", number=number))
        if not is_identifier(clip["id"]) or len(clip["id"]) > CLIP_ID_MAX:
            raise DocumentInvalid(
                _(
                    "Recording %(number)s has an id that is not 1 to %(n)s lowercase letters, digits or hyphens",
                    number=number,
                    n=CLIP_ID_MAX,
                )
            )
        if clip["id"] in seen:
            raise DocumentInvalid(_("Two recordings have the same id, %(id)s", id=clip["id"]))
        seen.add(clip["id"])
        clip_id = clip["id"]
        if clip["part"] != f"audio-{clip_id}":
            raise DocumentInvalid(_("The sound of the recording %(id)s must be the part audio-%(id)s", id=clip_id))
        if clip["media_type"] not in audio.MEDIA_TYPES:
            raise DocumentInvalid(_("The recording %(id)s must be audio/webm or audio/mp4", id=clip_id))
        if clip["part"] in parts:
            if parts[clip["part"]] != clip["media_type"]:
                raise DocumentInvalid(
                    _(
                        "The part %(name)s was not sent as %(type)s, as the recording %(id)s says",
                        name=clip["part"],
                        type=clip["media_type"],
                        id=clip_id,
                    )
                )
            named.add(clip["part"])
        elif final:
            raise DocumentInvalid(_("The sound of the recording %(id)s was not sent with the session", id=clip_id))
        if clip["house"] is not None and clip["house"] not in KEYS:
            raise DocumentInvalid(_("The recording %(id)s must belong to a house or to the whole session", id=clip_id))
        check_timestamp(clip["started_at"], _("When the recording %(id)s started", id=clip_id))
        if not is_whole(clip["duration_ms"], 1, audio.LONGEST_MS):
            raise DocumentInvalid(
                _(
                    "The recording %(id)s must last from a moment to 60 minutes (it says %(ms)s ms)",
                    id=clip_id,
                    ms=str(clip["duration_ms"])[:20],
                )
            )
        check_wish(clip["share"], _("the recording %(id)s", id=clip_id))
        _check_moments(clip["moments"], clip)
    # One session's sound must fit one upload (docs/sync.md: a part ≤ 32 MiB, a request ≤ 64 MiB):
    # 60 minutes at the most audio.py accepts a minute is about 28 MiB, whatever the number of clips.
    if sum(clip["duration_ms"] for clip in clips) > audio.LONGEST_MS:
        raise DocumentInvalid(_("The recordings of one session can last 60 minutes in all"))


def check_consent_parts(content: dict, plain_parts: dict[str, bytes], artwork: dict) -> None:
    """The parent's drawn signature decodes as a drawing on a blank page with a mark on it; each
    recording sent is one whole sound file lasting what the tablet measured (audio.check_audio)."""
    parent = (content.get("consent") or {}).get("parent")
    if parent and parent["signature"]:
        ops = blank_page_drawing(plain_parts[parent["signature"]], _("The parent's signature"), artwork)
        if not ink.fold(ops) and not parent["typed_name"].strip():
            raise DocumentInvalid(_("The parent's signature is empty: they must sign or type their name"))
    for clip in content.get("clips", []):
        if clip["part"] in plain_parts:
            try:
                audio.check_audio(plain_parts[clip["part"]], clip["media_type"], clip["duration_ms"])
            except audio_sound.AudioInvalid as error:
                raise DocumentInvalid(
                    _("The recording %(id)s cannot be kept. %(why)s", id=clip["id"], why=error.reason)
                ) from None
