"""Opening a sealed upload (docs/sync.md steps 5 and 6): its bytes, its seal, and its document.

Main decision: opening is split in two, as ingest.py's decision needs. `open_upload` runs the
*transport* checks, in order — the envelope, the device, each length and hash, the seal (under
protocol 2 the seal also covers the envelope) — and refuses with `IngestRefused` what a resend can
fix; it reads the store but writes nothing, and does not ask whether the child exists. Then
`check_content` puts the document and its parts to the kind's checks and never raises for what it
finds: the first problem comes back as a sentence, and the caller decides (a draft is refused, a
finalised artefact is kept for review). The manager's "check again" (review.py) opens a stored
upload again with `open_sealed_upload` and puts it to `check_content` once more.
"""

import base64
import hashlib
import json
from dataclasses import dataclass

from ..platform import devices
from ..platform.i18n import _
from ..platform.invalid import DocumentInvalid
from . import communication, compression, feedback, sealed_envelope, sealing
from .envelope import (
    BOUND_FIELDS,
    BOUND_PART_FIELDS,
    IDENTITY,
    MAGIC,
    PAYLOAD_MAX,
    IngestRefused,
    check_envelope,
    check_part_files,
    encoding_of,
    is_time,
    is_uuid,
    is_whole,
    strict_json,
)
from .kinds import KINDS

DOCUMENT_FIELDS = {"schema", "kind", "child_id", "created_at", "supersedes", "content"}
# Fields a document may leave out: how the child communicated (communication.py) and the child's
# feedback (feedback.py) are newer than the tablets already in use, and say nothing about a worker's
# own observation.
OPTIONAL_DOCUMENT_FIELDS = {"communication", "feedback"}


@dataclass
class Opened:
    """An upload whose transport checks passed (docs/sync.md steps 2–6a): it is what the tablet
    sealed, and the server can read it."""

    envelope: dict
    envelope_text: str
    sealed_payload: bytes
    sealed_parts: dict[str, bytes]
    payload: bytes
    plain_parts: dict[str, bytes]
    device: dict
    form: int = 1  # 2: the envelope's second form, most of it sealed (sealed_envelope.py)


@dataclass
class Content:
    """What the server made of an opened upload's document: the text and document it stores, and the
    first content problem found (None: the kind's checks passed)."""

    document_text: str
    document: object
    problem: str | None = None
    error: str = "invalid_document"


# --- steps 5 and 6: the bytes, the seal, the document -----------------------------------------------


def _mismatch(message) -> IngestRefused:
    return IngestRefused(422, "hash_mismatch", message)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_sealed_bytes(envelope: dict, sealed_payload: bytes, sealed_parts: dict[str, bytes], sealed_sha256) -> None:
    """Each sealed length and hash; `sealed_sha256` gives the SHA-256 of bytes as received (framing.py
    takes it while they arrive, so they are not hashed twice)."""
    sealed_sha256 = sealed_sha256 or _sha256
    check_part_files({part["name"] for part in envelope["parts"]}, set(sealed_parts))
    if encoding_of(envelope) != IDENTITY:
        # A compressed document's sealed length says nothing of its plaintext's (compression.py checks
        # that when it inflates); it is only within the document limit, like the transport's.
        if not sealing.GCM_TAG_BYTES < len(sealed_payload) <= PAYLOAD_MAX + sealing.GCM_TAG_BYTES:
            raise _mismatch(_("The sealed payload must be 1 to %(n)s bytes and its tag", n=PAYLOAD_MAX))
    elif len(sealed_payload) != envelope["payload_length"] + sealing.GCM_TAG_BYTES:
        raise _mismatch(
            _(
                "The sealed payload is %(got)s bytes; the envelope's payload_length means %(want)s",
                got=len(sealed_payload),
                want=envelope["payload_length"] + sealing.GCM_TAG_BYTES,
            )
        )
    if sealed_sha256(sealed_payload) != envelope["sealed_sha256"]:
        raise _mismatch(_("The sealed payload does not match its sealed_sha256"))
    for part in envelope["parts"]:
        sealed = sealed_parts[part["name"]]
        if len(sealed) != part["sealed_length"] or part["sealed_length"] != part["length"] + sealing.GCM_TAG_BYTES:
            raise _mismatch(_("The part %(name)s is not the length its envelope says", name=part["name"]))
        if sealed_sha256(sealed) != part["sealed_sha256"]:
            raise _mismatch(_("The part %(name)s does not match its sealed_sha256", name=part["name"]))


def _broken_text(document) -> bool:
    """Any string (or key) with a lone UTF-16 surrogate, which JSON escapes allow but UTF-8 cannot store."""
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def _invalid(message) -> IngestRefused:
    return IngestRefused(422, "invalid_document", message)


def check_document(document, envelope: dict, parts: dict[str, str]) -> None:
    """The outer fields every kind shares, then the kind's own check of `content`."""
    if not isinstance(document, dict):
        raise _invalid(_("The document must be a JSON object"))
    unknown = sorted(set(document) - DOCUMENT_FIELDS - OPTIONAL_DOCUMENT_FIELDS)
    if unknown:
        raise _invalid(
            _(
                "The document has fields this server does not know: %(fields)s",
                fields=", ".join(name[:40] for name in unknown[:5]),
            )
        )
    missing = sorted(DOCUMENT_FIELDS - set(document))
    if missing:
        raise _invalid(_("The document is missing: %(fields)s", fields=", ".join(missing)))
    if _broken_text(document):
        raise _invalid(_("The document contains a broken character (a lone surrogate)"))
    if not is_whole(document["schema"], 1, 1):
        raise _invalid(_("The document's schema must be 1"))
    if document["kind"] != envelope["kind"]:
        raise _invalid(_("The document's kind is not the envelope's kind"))
    if document["child_id"] != envelope["child_id"]:
        raise _invalid(_("The document's child is not the envelope's child"))
    if not is_time(document["created_at"]):
        raise _invalid(_("The document's created_at must be a date and time with its time zone"))
    supersedes = document["supersedes"]
    if supersedes is not None and (not is_uuid(supersedes) or supersedes == envelope["id"]):
        raise _invalid(_("The document's supersedes must be null or the id of another artefact"))
    try:
        if "communication" in document:
            communication.check(document["communication"])
        if "feedback" in document:
            feedback.check(document["feedback"], KINDS[envelope["kind"]].FEEDBACK_QUESTIONS)
        KINDS[envelope["kind"]].validate(document["content"], parts, final=envelope["state"] == "finalised")
    except DocumentInvalid as error:
        raise _invalid(error.reason) from None


def bound_metadata(envelope: dict) -> bytes:
    """The additional data a protocol 2 payload is sealed with: the envelope's own fields as canonical
    JSON (docs/sync.md, "The bound envelope"). Every value here has passed check_envelope, so it is
    ASCII text, a whole number or null, and json.dumps with sorted keys writes the very bytes the
    tablet's canonicalJSON writes."""
    bound = {name: envelope[name] for name in BOUND_FIELDS}
    bound["parts"] = [{name: part[name] for name in BOUND_PART_FIELDS} for part in envelope["parts"]]
    return json.dumps(bound, separators=(",", ":"), sort_keys=True, ensure_ascii=True).encode("ascii")


def open_sealed_upload(
    envelope: dict,
    sealed_payload: bytes,
    sealed_parts: dict[str, bytes],
    keyring: sealing.Keyring | None,
    aes_key: bytes | None = None,
) -> tuple[bytes, dict[str, bytes]]:
    """Step 6's decryption: the plaintext payload (inflated, if the tablet compressed it) and parts,
    each checked against its hash. Under protocol 2 the payload's tag also covers the envelope (the
    parts are covered through it: their plaintext hashes are in the bound metadata)."""
    sealed = envelope["sealed"]
    bound = bound_metadata(envelope) if sealed["alg"] == sealing.BOUND_ALGORITHM else None
    try:
        if aes_key is None:  # the second form's was unwrapped to open its metadata
            aes_key = sealing.unwrap(sealed["key_id"], base64.b64decode(sealed["wrapped_key"]), keyring)
        payload = sealing.open_sealed(aes_key, base64.b64decode(sealed["iv"]), sealed_payload, bound)
        plain_parts = {
            part["name"]: sealing.open_sealed(aes_key, base64.b64decode(part["iv"]), sealed_parts[part["name"]])
            for part in envelope["parts"]
        }
    except sealing.SealBroken as error:
        raise IngestRefused(
            422, "decrypt_failed", _("The artefact could not be opened: %(why)s", why=str(error))
        ) from None
    payload = compression.document_bytes(envelope, payload)  # the plaintext the hashes are of
    if len(payload) != envelope["payload_length"] or hashlib.sha256(payload).hexdigest() != envelope["payload_sha256"]:
        raise _mismatch(_("The payload does not match its payload_sha256 and payload_length"))
    for part in envelope["parts"]:
        plain = plain_parts[part["name"]]
        if len(plain) != part["length"] or hashlib.sha256(plain).hexdigest() != part["sha256"]:
            raise _mismatch(_("The part %(name)s does not match its sha256 and length", name=part["name"]))
    return payload, plain_parts


def open_upload(
    db,
    user,
    envelope: dict,
    sealed_payload: bytes,
    sealed_parts: dict[str, bytes],
    *,
    envelope_text: str | None = None,
    artefact_id: str | None = None,
    keyring: sealing.Keyring | None = None,
    sealed_sha256=None,
) -> Opened:
    """The transport checks, steps 2–6a of docs/sync.md, in order: what a resend can fix. Reads the
    store but writes nothing; refuses with IngestRefused. Whether the child exists is not asked here
    (see the module's docstring). An envelope of the second form is opened first into the whole
    envelope, which is what is checked and stored."""
    form, aes_key = 1, None
    if sealed_envelope.is_sealed_form(envelope):
        envelope, sealed_parts, aes_key = sealed_envelope.open_envelope(envelope, sealed_parts, keyring)
        form, envelope_text = sealed_envelope.FORM, None
    check_envelope(envelope, artefact_id)
    device = devices.get(db, envelope["device_id"])
    if device is None or device["user_id"] != user["id"]:
        raise IngestRefused(
            400, "unknown_device", _("This tablet is not registered to you. Register it again."), field="device_id"
        )
    _check_sealed_bytes(envelope, sealed_payload, sealed_parts, sealed_sha256)
    payload, plain_parts = open_sealed_upload(envelope, sealed_payload, sealed_parts, keyring, aes_key)
    if envelope_text is None:
        envelope_text = json.dumps(envelope, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return Opened(envelope, envelope_text, sealed_payload, sealed_parts, payload, plain_parts, device, form)


def check_content(opened: Opened) -> Content:
    """Step 6b: the document and its parts against the kind's checks. Never raises for what it finds:
    the first problem is returned as a sentence, and the caller decides (a draft is refused, a
    finalised artefact is kept for review)."""
    envelope = opened.envelope
    try:
        document_text = opened.payload.decode("utf-8")
        document = strict_json(document_text)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        # Stored as JSON null: the sealed payload keeps the bytes exactly, and SQL that reads the
        # document (json_extract) must never meet text that is not JSON.
        return Content(
            "null", None, _("The document is not valid JSON: %(problem)s", problem=str(error)[:200]), "bad_document"
        )
    kind = KINDS.get(envelope["kind"])
    if kind is None:
        return Content(
            document_text,
            document,
            _("This server does not know the kind %(kind)s", kind=envelope["kind"]),
            "unknown_kind",
        )
    final = envelope["state"] == "finalised"
    try:
        check_document(document, envelope, {part["name"]: part["media_type"] for part in envelope["parts"]})
    except IngestRefused as refusal:
        return Content(document_text, document, refusal.message, refusal.error)
    for part in envelope["parts"]:
        if not MAGIC[part["media_type"]](opened.plain_parts[part["name"]][:16]):
            return Content(
                document_text,
                document,
                _("The part %(name)s does not look like %(type)s", name=part["name"], type=part["media_type"]),
                "bad_part",
            )
    if True:  # the kind looks inside its parts (a drawing decodes, a photo opens), or says there is nothing to do
        try:
            kind.check_parts(document["content"], opened.plain_parts, final=final)
        except DocumentInvalid as error:
            return Content(document_text, document, error.reason, "bad_part")
    return Content(document_text, document)
