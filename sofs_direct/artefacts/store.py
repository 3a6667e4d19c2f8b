"""Artefacts arriving from tablets: checking, storing exactly once, and what managers must review.

Main decision: the server never refuses finished work it can open (docs/sync.md, "What the server
refuses"; the seams issue, #13). `ingest` separates two kinds of problem:
- *transport* problems, which a resend fixes — the envelope's shape, the device, a length or hash,
  a seal that does not open (a bit flipped in transit) — refuse the upload with `IngestRefused`
  (4xx) before anything is written, and the tablet keeps the item and sends it again later;
- *content* problems — a document or part the kind's checks refuse — refuse a draft (the tablet can
  still change it), but a *finalised* artefact that decrypts and matches its hashes is stored all the
  same, flagged `needs_review` with the readable reason, out of the record, for the team manager
  (as ODK Central keeps what a device sends and flags the problem instead of bouncing it). A sealed
  artefact cannot be changed on the tablet, so refusing it would strand a child's work for ever.

Everything that can refuse runs *before* the write lock, except what must be read under it: whether
the id is already used (by this author: "already stored" or a conflict; by someone else: refused,
an id a tablet sends never grants anything), so two copies of the same upload racing each other are
serialised: the first stores, the second finds it.

The same artefact is "the same" when its payload (the plaintext document) and its parts' plaintext
hashes are the same; sealed bytes may differ between attempts (a fresh IV), and are not compared.
A different copy under the same id is never applied: it is kept whole in `artefact_conflicts`.

An upload naming a child this server does not have is answered exactly as one naming a child the
author may not see, and kept aside sealed (`unmatched_uploads`): the answer never tells whether a
child id exists.

Part files are named by their sealed SHA-256 under `parts_dir`, written to a temporary file, fsynced,
renamed into place and the folder fsynced (POSIX rename is atomic; the folder fsync makes the rename
itself durable), so a file that exists is complete, and a retry after a crash rewrites nothing.
The audit row for a stored artefact is written in the same transaction as the artefact, so an
artefact is never stored unaudited.
"""

import base64
import binascii
import hashlib
import json
import os
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ..platform import audit, devices
from ..platform.children import child_visible_to
from ..platform.db import fsync_directory, utcnow, write, write_synced
from ..platform.i18n import _
from ..platform.invalid import DocumentInvalid
from . import sealing, voice
from .kinds import KINDS

# Protocol 1 tablets seal without binding the envelope and check receipts "sofs-direct/1"; protocol 2
# tablets bind it (sealing.BOUND_ALGORITHM) and check every envelope field the receipt echoes.
RECEIPT_VERSIONS = {sealing.ALGORITHM: "sofs-direct/1", sealing.BOUND_ALGORITHM: "sofs-direct/2"}
# The statuses a protocol 1 tablet knows: it would treat "needs review" as "not sent" and resend it,
# so it is told what the work is to it — kept aside for the manager, as a revoked tablet's is.
V1_STATUS = {"needs review": "quarantined"}
ENVELOPE_MAX = 128 * 1024  # room for PARTS_MAX part entries of about 300 bytes each
PAYLOAD_MAX = 8 * 1024 * 1024
PART_MAX = 32 * 1024 * 1024  # a session's recordings: 60 minutes at audio.py's most a minute, about 28 MiB
PARTS_MAX = 120  # a Words and Pictures storyboard: up to 50 pages, each with a drawing and a child's drawing
UPLOAD_MAX = 64 * 1024 * 1024
NUMBER_MAX = 2 ** 31 - 1  # device_seq and draft_version: a bound keeps gap reports small
WRAPPED_KEY_MAX = 1024
TIME_MAX = 40

ENVELOPE_FIELDS = {"id", "kind", "child_id", "device_id", "device_seq", "state", "draft_version", "device_time",
                   "payload_sha256", "payload_length", "sealed_sha256", "sealed", "parts"}
SEALED_FIELDS = {"alg", "key_id", "wrapped_key", "iv"}
PART_FIELDS = {"name", "media_type", "sha256", "length", "sealed_sha256", "sealed_length", "iv"}
DOCUMENT_FIELDS = {"schema", "kind", "child_id", "created_at", "supersedes", "content"}
PART_NAME = re.compile(r"[a-z0-9-]{1,40}")
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
KEY_ID = re.compile(r"[0-9a-f]{16}")
# A kind is a name like a part's; one this server does not know (yet, or any more) is still stored
# when finalised, flagged for review, rather than stranded on the tablet.
KIND_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
# The envelope's fields the payload's tag covers under sealing.BOUND_ALGORITHM (docs/sync.md, "The
# bound envelope"); a part is bound by its name, type, plaintext hash and length.
BOUND_FIELDS = ("id", "kind", "child_id", "device_id", "device_seq", "state", "draft_version", "device_time",
                "payload_sha256", "payload_length")
BOUND_PART_FIELDS = ("name", "media_type", "sha256", "length")

# Parts are allow-listed by media type and checked by their first bytes, so a part declared as a
# photo is one (OWASP File Upload Cheat Sheet: validate the file signature, not only the declared
# type). Recordings of the child's voice are looked inside fully by audio.check_audio, from the
# kind's check_parts; anything else is refused.
MAGIC = {
    "application/vnd.sofs-direct.ink": lambda head: head[:4] == b"SINK",  # docs/ink.md
    "image/jpeg": lambda head: head[:3] == b"\xff\xd8\xff",
    "image/png": lambda head: head[:8] == b"\x89PNG\r\n\x1a\n",
    "image/webp": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
    "audio/webm": lambda head: head[:4] == b"\x1a\x45\xdf\xa3",  # an EBML header (RFC 8794)
    "audio/mp4": lambda head: head[4:8] == b"ftyp",  # the file type box first (ISO/IEC 14496-12)
}


class IngestRefused(Exception):
    """An upload refused before anything was stored (or, for 409, with only the conflict kept)."""

    def __init__(self, status: int, error: str, message, field: str | None = None):
        super().__init__(str(message))
        self.status = status
        self.error = error
        self.message = str(message)
        self.field = field

    def as_json(self) -> dict:
        body = {"error": self.error, "message": self.message}
        if self.field:
            body["field"] = self.field
        return body


@dataclass
class Receipt:
    """The answer to an upload, once what it says is durable (docs/sync.md, "The receipt")."""
    envelope: dict
    status: str  # "stored", "already stored", "quarantined", "needs review" or "conflict"
    review: str | None = None  # why it waits for the manager ("needs review" only)
    server_time: str = field(default_factory=utcnow)

    @property
    def id(self) -> str:
        return self.envelope["id"]

    @property
    def protocol(self) -> int:
        return 2 if self.envelope["sealed"]["alg"] == sealing.BOUND_ALGORITHM else 1

    def as_json(self) -> dict:
        envelope = self.envelope
        if self.protocol == 1:
            return {"receipt": RECEIPT_VERSIONS[sealing.ALGORITHM], "id": envelope["id"], "state": envelope["state"],
                    "draft_version": envelope["draft_version"], "status": V1_STATUS.get(self.status, self.status),
                    "payload_sha256": envelope["payload_sha256"], "sealed_sha256": envelope["sealed_sha256"],
                    "parts": [{"name": part["name"], "sha256": part["sha256"], "sealed_sha256": part["sealed_sha256"]}
                              for part in envelope["parts"]],
                    "server_time": self.server_time}
        # Protocol 2 echoes every envelope field the tablet checks, so a bit flipped in any of them on
        # the way back is noticed as surely as one on the way there.
        echoed = {name: envelope[name] for name in BOUND_FIELDS}
        return {"receipt": RECEIPT_VERSIONS[sealing.BOUND_ALGORITHM], **echoed,
                "sealed_sha256": envelope["sealed_sha256"],
                "parts": [{**{name: part[name] for name in BOUND_PART_FIELDS}, "sealed_sha256": part["sealed_sha256"]}
                          for part in envelope["parts"]],
                "status": self.status, "review": self.review, "server_time": self.server_time}


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


@dataclass
class Content:
    """What the server made of an opened upload's document: the text and document it stores, and the
    first content problem found (None: the kind's checks passed)."""
    document_text: str
    document: object
    problem: str | None = None
    error: str = "invalid_document"


# --- step 2: the envelope -------------------------------------------------------------------------

def _bad(field_name: str, message) -> IngestRefused:
    return IngestRefused(400, "bad_envelope", message, field=field_name)


def strict_json(text: str):
    """JSON as the contract allows it: no duplicate keys, no floats, no NaN/Infinity."""

    def no_duplicates(pairs):
        result = {}
        for key, value in pairs:
            if key in result:
                raise ValueError(f"the key {key!r} appears twice")
            result[key] = value
        return result

    def refuse_number(value):
        raise ValueError(f"{value} is not a whole number")

    return json.loads(text, object_pairs_hook=no_duplicates, parse_float=refuse_number, parse_constant=refuse_number)


def parse_envelope(text: str) -> dict:
    """The envelope field as received: JSON, an object, at most 64 KiB."""
    if len(text.encode("utf-8", "surrogatepass")) > ENVELOPE_MAX:
        raise _bad("envelope", _("The envelope must be %(n)s KiB or smaller", n=ENVELOPE_MAX // 1024))
    try:
        envelope = strict_json(text)
    except (ValueError, RecursionError) as error:
        raise _bad("envelope", _("The envelope is not valid JSON: %(problem)s", problem=str(error)[:200])) from None
    if not isinstance(envelope, dict):
        raise _bad("envelope", _("The envelope must be a JSON object"))
    return envelope


def _is_uuid(value) -> bool:
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        return str(uuid.UUID(value)) == value  # the canonical lowercase form only
    except ValueError:
        return False


def _is_whole(value, low: int, high: int) -> bool:
    # bool is an int in Python; true/false are not numbers in the contract.
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _is_time(value) -> bool:
    # The kinds' own rule (one form, from 1900 to 2100): a created_at no page can convert to UK time
    # would make the child's timeline and record fail for good (the seams issue, #13).
    from .fields import is_timestamp

    return is_timestamp(value)


def _base64(value, field_name: str, length: int | None = None, max_length: int | None = None) -> bytes:
    if not isinstance(value, str) or not value:
        raise _bad(field_name, _("%(field)s must be base64 text", field=field_name))
    try:
        decoded = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise _bad(field_name, _("%(field)s must be base64 text", field=field_name)) from None
    if length is not None and len(decoded) != length:
        raise _bad(field_name, _("%(field)s must be %(n)s bytes", field=field_name, n=length))
    if max_length is not None and not 0 < len(decoded) <= max_length:
        raise _bad(field_name, _("%(field)s must be at most %(n)s bytes", field=field_name, n=max_length))
    return decoded


def _exact_fields(value, expected: set, field_name: str) -> None:
    if not isinstance(value, dict):
        raise _bad(field_name, _("%(field)s must be a JSON object", field=field_name))
    unknown = sorted(set(value) - expected)
    if unknown:
        name = f"{field_name}.{unknown[0]}" if field_name != "envelope" else unknown[0]
        raise _bad(name[:80], _("%(field)s is not a field this server knows", field=name[:80]))
    missing = sorted(expected - set(value))
    if missing:
        name = f"{field_name}.{missing[0]}" if field_name != "envelope" else missing[0]
        raise _bad(name, _("%(field)s is missing", field=name))


def check_envelope(envelope: dict, artefact_id: str | None = None) -> None:
    """Every field's type, size and format (step 2); 400 `bad_envelope` naming the field."""
    _exact_fields(envelope, ENVELOPE_FIELDS, "envelope")
    for name in ("id", "child_id", "device_id"):
        if not _is_uuid(envelope[name]):
            raise _bad(name, _("%(field)s must be a UUID in lowercase", field=name))
    if artefact_id is not None and envelope["id"] != artefact_id:
        raise _bad("id", _("id must equal the artefact id in the address"))
    # Every value is checked for its type before it is looked up anywhere: a list or an object is
    # not hashable, and used as a key it would be a 500 instead of a readable refusal.
    if not isinstance(envelope["kind"], str) or not KIND_NAME.fullmatch(envelope["kind"]):
        raise _bad("kind", _("%(field)s must be the name of a kind of artefact", field="kind"))
    if not _is_whole(envelope["device_seq"], 1, NUMBER_MAX):
        raise _bad("device_seq", _("%(field)s must be a whole number from 1", field="device_seq"))
    if envelope["state"] not in ("finalised", "draft"):
        raise _bad("state", _("state must be finalised or draft"))
    if envelope["state"] == "finalised" and envelope["draft_version"] is not None:
        raise _bad("draft_version", _("A finalised artefact has draft_version null"))
    if envelope["state"] == "draft" and not _is_whole(envelope["draft_version"], 1, NUMBER_MAX):
        raise _bad("draft_version", _("%(field)s must be a whole number from 1", field="draft_version"))
    if not _is_time(envelope["device_time"]):
        raise _bad("device_time", _("%(field)s must be a date and time with its time zone", field="device_time"))
    for name in ("payload_sha256", "sealed_sha256"):
        if not isinstance(envelope[name], str) or not SHA256_HEX.fullmatch(envelope[name]):
            raise _bad(name, _("%(field)s must be a SHA-256 in lowercase hex", field=name))
    if not _is_whole(envelope["payload_length"], 1, PAYLOAD_MAX):
        raise _bad("payload_length", _("%(field)s must be from 1 to %(n)s", field="payload_length", n=PAYLOAD_MAX))
    sealed = envelope["sealed"]
    _exact_fields(sealed, SEALED_FIELDS, "sealed")
    if not isinstance(sealed["alg"], str) or sealed["alg"] not in sealing.ALGORITHMS:
        raise _bad("sealed.alg", _("sealed.alg must be %(alg)s", alg=sealing.BOUND_ALGORITHM))
    if not isinstance(sealed["key_id"], str) or not KEY_ID.fullmatch(sealed["key_id"]):
        raise _bad("sealed.key_id", _("%(field)s must be 16 lowercase hex digits", field="sealed.key_id"))
    _base64(sealed["wrapped_key"], "sealed.wrapped_key", max_length=WRAPPED_KEY_MAX)
    _base64(sealed["iv"], "sealed.iv", length=sealing.GCM_IV_BYTES)
    parts = envelope["parts"]
    if not isinstance(parts, list) or len(parts) > PARTS_MAX:
        raise _bad("parts", _("parts must be a list of at most %(n)s parts", n=PARTS_MAX))
    names = set()
    for index, part in enumerate(parts):
        where = f"parts[{index}]"
        _exact_fields(part, PART_FIELDS, where)
        if not isinstance(part["name"], str) or not PART_NAME.fullmatch(part["name"]):
            raise _bad(f"{where}.name", _("%(field)s must be 1 to 40 characters of a-z, 0-9 and hyphens",
                                          field=f"{where}.name"))
        if part["name"] in names:
            raise _bad(f"{where}.name", _("%(field)s: two parts are called %(name)s", field=f"{where}.name",
                                          name=part["name"]))
        names.add(part["name"])
        if not isinstance(part["media_type"], str):
            raise _bad(f"{where}.media_type", _("%(field)s must be text", field=f"{where}.media_type"))
        if part["media_type"] not in MAGIC:
            raise _bad(f"{where}.media_type", _("%(field)s: this server does not accept parts of type %(type)s",
                                                field=f"{where}.media_type", type=part["media_type"][:60]))
        for name in ("sha256", "sealed_sha256"):
            if not isinstance(part[name], str) or not SHA256_HEX.fullmatch(part[name]):
                raise _bad(f"{where}.{name}", _("%(field)s must be a SHA-256 in lowercase hex", field=f"{where}.{name}"))
        # An empty part is a content problem, not an envelope's: a finished session whose recording
        # came out empty is kept for review (its check says why), not stranded on the tablet.
        if not _is_whole(part["length"], 0, PART_MAX):
            raise _bad(f"{where}.length", _("%(field)s must be from 0 to %(n)s", field=f"{where}.length", n=PART_MAX))
        if not _is_whole(part["sealed_length"], sealing.GCM_TAG_BYTES, PART_MAX + sealing.GCM_TAG_BYTES):
            raise _bad(f"{where}.sealed_length", _("%(field)s must be from 1 to %(n)s", field=f"{where}.sealed_length",
                                                    n=PART_MAX + sealing.GCM_TAG_BYTES))
        _base64(part["iv"], f"{where}.iv", length=sealing.GCM_IV_BYTES)


# --- steps 5 and 6: the bytes, the seal, the document -----------------------------------------------

def _mismatch(message) -> IngestRefused:
    return IngestRefused(422, "hash_mismatch", message)


def _check_sealed_bytes(envelope: dict, sealed_payload: bytes, sealed_parts: dict[str, bytes]) -> None:
    declared = {part["name"] for part in envelope["parts"]}
    missing = sorted(declared - set(sealed_parts))
    if missing:
        raise IngestRefused(400, "missing_part", _("The part %(name)s is in the envelope but was not sent",
                                                   name=missing[0]), field="parts")
    unexpected = sorted(set(sealed_parts) - declared)
    if unexpected:
        raise IngestRefused(400, "unexpected_part", _("A part was sent that the envelope does not list: %(name)s",
                                                      name=unexpected[0][:40]), field="parts")
    if len(sealed_payload) != envelope["payload_length"] + sealing.GCM_TAG_BYTES:
        raise _mismatch(_("The sealed payload is %(got)s bytes; the envelope's payload_length means %(want)s",
                          got=len(sealed_payload), want=envelope["payload_length"] + sealing.GCM_TAG_BYTES))
    if hashlib.sha256(sealed_payload).hexdigest() != envelope["sealed_sha256"]:
        raise _mismatch(_("The sealed payload does not match its sealed_sha256"))
    for part in envelope["parts"]:
        sealed = sealed_parts[part["name"]]
        if len(sealed) != part["sealed_length"] or part["sealed_length"] != part["length"] + sealing.GCM_TAG_BYTES:
            raise _mismatch(_("The part %(name)s is not the length its envelope says", name=part["name"]))
        if hashlib.sha256(sealed).hexdigest() != part["sealed_sha256"]:
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
    unknown = sorted(set(document) - DOCUMENT_FIELDS)
    if unknown:
        raise _invalid(_("The document has fields this server does not know: %(fields)s",
                         fields=", ".join(name[:40] for name in unknown[:5])))
    missing = sorted(DOCUMENT_FIELDS - set(document))
    if missing:
        raise _invalid(_("The document is missing: %(fields)s", fields=", ".join(missing)))
    if _broken_text(document):
        raise _invalid(_("The document contains a broken character (a lone surrogate)"))
    if not _is_whole(document["schema"], 1, 1):
        raise _invalid(_("The document's schema must be 1"))
    if document["kind"] != envelope["kind"]:
        raise _invalid(_("The document's kind is not the envelope's kind"))
    if document["child_id"] != envelope["child_id"]:
        raise _invalid(_("The document's child is not the envelope's child"))
    if not _is_time(document["created_at"]):
        raise _invalid(_("The document's created_at must be a date and time with its time zone"))
    supersedes = document["supersedes"]
    if supersedes is not None and (not _is_uuid(supersedes) or supersedes == envelope["id"]):
        raise _invalid(_("The document's supersedes must be null or the id of another artefact"))
    try:
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


def open_sealed_upload(envelope: dict, sealed_payload: bytes, sealed_parts: dict[str, bytes],
          keyring: sealing.Keyring | None) -> tuple[bytes, dict[str, bytes]]:
    """Step 6's decryption: the plaintext payload and parts, each checked against its hash. Under
    protocol 2 the payload's tag also covers the envelope (the parts are covered through it: their
    plaintext hashes are in the bound metadata)."""
    sealed = envelope["sealed"]
    bound = bound_metadata(envelope) if sealed["alg"] == sealing.BOUND_ALGORITHM else None
    try:
        aes_key = sealing.unwrap(sealed["key_id"], base64.b64decode(sealed["wrapped_key"]), keyring)
        payload = sealing.open_sealed(aes_key, base64.b64decode(sealed["iv"]), sealed_payload, bound)
        plain_parts = {part["name"]: sealing.open_sealed(aes_key, base64.b64decode(part["iv"]),
                                                         sealed_parts[part["name"]])
                       for part in envelope["parts"]}
    except sealing.SealBroken as error:
        raise IngestRefused(422, "decrypt_failed",
                            _("The artefact could not be opened: %(why)s", why=str(error))) from None
    if len(payload) != envelope["payload_length"] or hashlib.sha256(payload).hexdigest() != envelope["payload_sha256"]:
        raise _mismatch(_("The payload does not match its payload_sha256 and payload_length"))
    for part in envelope["parts"]:
        plain = plain_parts[part["name"]]
        if len(plain) != part["length"] or hashlib.sha256(plain).hexdigest() != part["sha256"]:
            raise _mismatch(_("The part %(name)s does not match its sha256 and length", name=part["name"]))
    return payload, plain_parts


def open_upload(db, user, envelope: dict, sealed_payload: bytes, sealed_parts: dict[str, bytes], *,
                envelope_text: str | None = None, artefact_id: str | None = None,
                keyring: sealing.Keyring | None = None) -> Opened:
    """The transport checks, steps 2–6a of docs/sync.md, in order: what a resend can fix. Reads the
    store but writes nothing; refuses with IngestRefused. Whether the child exists is not asked here
    (see the module's docstring)."""
    check_envelope(envelope, artefact_id)
    device = devices.get(db, envelope["device_id"])
    if device is None or device["user_id"] != user["id"]:
        raise IngestRefused(400, "unknown_device", _("This tablet is not registered to you. Register it again."),
                            field="device_id")
    _check_sealed_bytes(envelope, sealed_payload, sealed_parts)
    payload, plain_parts = open_sealed_upload(envelope, sealed_payload, sealed_parts, keyring)
    if envelope_text is None:
        envelope_text = json.dumps(envelope, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return Opened(envelope, envelope_text, sealed_payload, sealed_parts, payload, plain_parts, device)


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
        return Content("null", None, _("The document is not valid JSON: %(problem)s", problem=str(error)[:200]),
                       "bad_document")
    kind = KINDS.get(envelope["kind"])
    if kind is None:
        return Content(document_text, document, _("This server does not know the kind %(kind)s",
                                                  kind=envelope["kind"]), "unknown_kind")
    final = envelope["state"] == "finalised"
    try:
        check_document(document, envelope, {part["name"]: part["media_type"] for part in envelope["parts"]})
    except IngestRefused as refusal:
        return Content(document_text, document, refusal.message, refusal.error)
    for part in envelope["parts"]:
        if not MAGIC[part["media_type"]](opened.plain_parts[part["name"]][:16]):
            return Content(document_text, document, _("The part %(name)s does not look like %(type)s",
                                                      name=part["name"], type=part["media_type"]), "bad_part")
    if True:  # the kind looks inside its parts (a drawing decodes, a photo opens), or says there is nothing to do
        try:
            kind.check_parts(document["content"], opened.plain_parts, final=final)
        except DocumentInvalid as error:
            return Content(document_text, document, error.reason, "bad_part")
    return Content(document_text, document)


# --- step 7: storing ------------------------------------------------------------------------------

def part_path(sealed_sha256: str) -> str:
    """Where a part's sealed bytes live, relative to the parts folder: named by their own hash."""
    return f"{sealed_sha256[:2]}/{sealed_sha256}"


def write_part_file(parts_dir: Path, sealed_sha256: str, sealed: bytes) -> str:
    """Durably store one part's sealed bytes; a file already there (same hash, same size) is kept."""
    relative = part_path(sealed_sha256)
    target = Path(parts_dir) / relative
    if target.exists() and target.stat().st_size == len(sealed):
        return relative
    if not target.parent.exists():
        target.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
        fsync_directory(target.parent.parent)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        write_synced(temporary, sealed)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    fsync_directory(target.parent)
    return relative


def _part_identity(parts) -> set:
    return {(part["name"], part["sha256"]) for part in parts}


class Conflict(IngestRefused):
    """A different copy under an id already stored: kept for review, answered 409 with a receipt
    (docs/sync.md, "Conflicts are receipts") — the server holds both copies, so the tablet may let go."""

    def __init__(self, receipt: Receipt):
        super().__init__(409, "conflict", _("A different version of this artefact is already stored. Both are kept; "
                                            "your manager will review them."))
        self.receipt = receipt


# Who first used an artefact's id, wherever the server keeps what arrived under it. The id is theirs:
# an id a tablet sends never grants anything, so another author's upload under it is refused and the
# owner's draft, artefact or conflict copy is untouched (the seams issue: a finalised artefact sent
# under someone else's draft id made the draft disappear).
OWNERS_SQL = """
    SELECT author_id FROM artefacts WHERE id = :id
    UNION SELECT author_id FROM draft_snapshots WHERE artefact_id = :id
    UNION SELECT user_id FROM artefact_conflicts WHERE artefact_id = :id
    UNION SELECT author_id FROM unmatched_uploads WHERE artefact_id = :id
    UNION SELECT author_id FROM discarded_drafts WHERE artefact_id = :id
"""


def claim_id(db, user, artefact_id: str) -> None:
    """Refuse (403) an id another author already used; call under the write lock."""
    if any(row["author_id"] != user["id"] for row in db.query(OWNERS_SQL, {"id": artefact_id})):
        raise IngestRefused(403, "not_yours", _("This id is already used by someone else's work. Nothing was stored."),
                            field="id")


def _audit(db, user, login_session_id, child_id: str | None, what: str, ip: str | None,
           record_id: str | None = None) -> None:
    audit.append(db, user["id"], login_session_id, "change", child_id, what, ip, record_id)


def _child_exists(db, child_id: str) -> bool:
    return next(db.query("SELECT 1 FROM children WHERE id = ?", [child_id]), None) is not None


def _existing(db, envelope: dict) -> tuple[dict | None, set]:
    """What is stored under this id (and draft version): its row and its parts' identity, or None."""
    if envelope["state"] == "finalised":
        row = next(db.query("SELECT id, payload_sha256, flag, review_reason FROM artefacts WHERE id = ?",
                            [envelope["id"]]), None)
        if row:
            return row, _part_identity(db.query("SELECT name, sha256 FROM artefact_parts WHERE artefact_id = ?",
                                                [envelope["id"]]))
    else:
        row = next(db.query("SELECT id, payload_sha256, flag, NULL AS review_reason FROM draft_snapshots"
                            " WHERE artefact_id = ? AND draft_version = ?",
                            [envelope["id"], envelope["draft_version"]]), None)
        if row:
            return row, _part_identity(db.query("SELECT name, sha256 FROM draft_snapshot_parts WHERE snapshot_id = ?",
                                                [row["id"]]))
    row = next(db.query("SELECT id, payload_sha256, flag, review_reason, envelope FROM unmatched_uploads"
                        " WHERE artefact_id = ? AND draft_version IS ? ORDER BY id LIMIT 1",
                        [envelope["id"], envelope["draft_version"]]), None)
    if row:
        return row, _part_identity(json.loads(row["envelope"])["parts"])
    return None, set()


def _supersedes(document, envelope: dict) -> str | None:
    value = document.get("supersedes") if isinstance(document, dict) else None
    return value if _is_uuid(value) and value != envelope["id"] else None


def _store(db, user, opened: Opened, content: Content, flag: str | None, review: str | None,
           parts_dir: Path) -> dict:
    """Insert the artefact (or draft snapshot) and its parts; returns the row's columns."""
    envelope = opened.envelope
    row = {
        "kind": envelope["kind"], "child_id": envelope["child_id"], "author_id": user["id"],
        "device_id": envelope["device_id"], "device_seq": envelope["device_seq"],
        "supersedes": _supersedes(content.document, envelope), "device_time": envelope["device_time"],
        "received_at": utcnow(), "payload_sha256": envelope["payload_sha256"],
        "payload_length": envelope["payload_length"], "sealed_sha256": envelope["sealed_sha256"],
        "envelope": opened.envelope_text, "sealed_payload": opened.sealed_payload,
        "document": content.document_text, "flag": flag,
    }
    if envelope["state"] == "finalised":
        columns = {"id": envelope["id"], **row, "state": "finalised", "review_reason": review}
        parts_table, owner_column, owner = "artefact_parts", "artefact_id", envelope["id"]
        table = "artefacts"
    else:
        columns = {"artefact_id": envelope["id"], "draft_version": envelope["draft_version"], **row}
        parts_table, owner_column, owner = "draft_snapshot_parts", "snapshot_id", None
        table = "draft_snapshots"
    names = ", ".join(columns)
    cursor = db.execute(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' for _ in columns)})",
                        list(columns.values()))
    if owner is None:
        owner = cursor.lastrowid
    for part in envelope["parts"]:
        path = write_part_file(parts_dir, part["sealed_sha256"], opened.sealed_parts[part["name"]])
        db.execute(
            f"INSERT INTO {parts_table} ({owner_column}, name, media_type, sha256, length, sealed_sha256,"
            " sealed_length, iv, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [owner, part["name"], part["media_type"], part["sha256"], part["length"], part["sealed_sha256"],
             part["sealed_length"], part["iv"], path])
    return columns


def _kept_already(db, table: str, envelope: dict) -> bool:
    """Whether this very copy (payload and parts) is already kept aside in `table` (a conflict, or an
    upload for an unknown child): the same copy resent is kept once."""
    return any(_part_identity(json.loads(earlier["envelope"])["parts"]) == _part_identity(envelope["parts"])
               for earlier in db.query(f"SELECT envelope FROM {table} WHERE artefact_id = ? AND draft_version IS ?"
                                       " AND payload_sha256 = ?",
                                       [envelope["id"], envelope["draft_version"], envelope["payload_sha256"]]))


def _write_parts(parts_dir: Path, opened: Opened) -> None:
    for part in opened.envelope["parts"]:
        write_part_file(parts_dir, part["sealed_sha256"], opened.sealed_parts[part["name"]])


def _store_unmatched(db, user, opened: Opened, flag: str | None, review: str | None, parts_dir: Path) -> bool:
    """Keep an upload for a child this server does not have, sealed as received with its part files
    (the envelope names them by sealed hash); the same copy sent again is kept once."""
    envelope = opened.envelope
    if _kept_already(db, "unmatched_uploads", envelope):
        return False
    _write_parts(parts_dir, opened)
    db.execute(
        "INSERT INTO unmatched_uploads (artefact_id, draft_version, kind, child_id, author_id, device_id, device_seq,"
        " received_at, payload_sha256, envelope, sealed_payload, flag, review_reason)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [envelope["id"], envelope["draft_version"], envelope["kind"], envelope["child_id"], user["id"],
         envelope["device_id"], envelope["device_seq"], utcnow(), envelope["payload_sha256"], opened.envelope_text,
         opened.sealed_payload, None if flag == "not_allocated" else flag, review])
    return True


def _keep_conflict(db, user, opened: Opened, content: Content, parts_dir: Path) -> bool:
    """Keep a different second copy for review; the same second copy sent again is kept once."""
    envelope = opened.envelope
    if not _child_exists(db, envelope["child_id"]):  # a copy naming a child this server does not have
        return _store_unmatched(db, user, opened, "needs_review", None, parts_dir)
    if _kept_already(db, "artefact_conflicts", envelope):
        return False
    _write_parts(parts_dir, opened)
    db.execute(
        "INSERT INTO artefact_conflicts (artefact_id, draft_version, kind, child_id, received_at, user_id, device_id,"
        " envelope, payload_sha256, sealed_payload, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [envelope["id"], envelope["draft_version"], envelope["kind"], envelope["child_id"], utcnow(), user["id"],
         envelope["device_id"], opened.envelope_text, envelope["payload_sha256"], opened.sealed_payload,
         content.document_text])
    return True


STATUS_OF_FLAG = {None: "stored", "not_allocated": "stored", "quarantined": "quarantined",
                  "needs_review": "needs review"}


def _hold(db, user, envelope: dict, content: Content, child_known: bool) -> tuple[str | None, str | None]:
    """(flag, review reason) for a new upload: kept out of the record, and why, or (None, None).

    The order matters: a revoked tablet's work is quarantined whatever it holds; then what the
    checks found; then whether the author may see the child — answered the same for a child this
    server does not have, so the answer tells nobody which ids exist; and last the kind's own
    question about the store (a network state naming a network that belongs to other children)."""
    if devices.get(db, envelope["device_id"])["revoked_at"]:  # read again under the lock
        return "quarantined", None  # a lost tablet's uploads: kept for the manager, out of the record
    if content.problem:
        return "needs_review", content.problem
    if not child_known or child_visible_to(db, user, envelope["child_id"]) is None:
        return "not_allocated", None  # reallocated while the tablet was offline: never lost, never shown
    reason = KINDS[envelope["kind"]].review_reason(db, user, content.document)
    if reason is None:
        return None, None
    if envelope["state"] == "draft":  # the tablet can still change a draft: refuse it, store nothing
        raise IngestRefused(403, "not_allowed", reason)
    return "needs_review", str(reason)


def ingest(db, user, envelope: dict, sealed_payload: bytes, sealed_parts: dict[str, bytes], parts_dir: Path, *,
           envelope_text: str | None = None, artefact_id: str | None = None, login_session_id: int | None = None,
           ip: str | None = None, keyring: sealing.Keyring | None = None) -> Receipt:
    """Steps 2–8 of docs/sync.md: check everything, then store once; the receipt only after COMMIT.

    Raises IngestRefused for what is refused, and Conflict (409, with its receipt) for a different
    second copy, after that copy has been kept."""
    opened = open_upload(db, user, envelope, sealed_payload, sealed_parts, envelope_text=envelope_text,
                         artefact_id=artefact_id, keyring=keyring)
    content = check_content(opened)
    parts_dir = Path(parts_dir)
    final = envelope["state"] == "finalised"
    conflict = False
    with write(db):
        claim_id(db, user, envelope["id"])
        existing, existing_parts = _existing(db, envelope)
        devices.touch(db, envelope["device_id"])
        devices.link_session(db, envelope["device_id"], login_session_id)  # revoking it ends this sign-in
        child_known = _child_exists(db, envelope["child_id"])
        if existing is not None:
            # Looked up before the content is judged: an upload the server already holds is never
            # refused when it comes again (its first answer may have been lost on the way).
            if existing["payload_sha256"] == envelope["payload_sha256"] and existing_parts == _part_identity(
                    envelope["parts"]):
                review = existing["review_reason"] if existing["flag"] == "needs_review" else None
                return Receipt(envelope, "already stored", review)
            conflict = True
            if _keep_conflict(db, user, opened, content, parts_dir):
                _audit(db, user, login_session_id, envelope["child_id"] if child_known else None,
                       "artefact conflict kept", ip)
        else:
            if content.problem and not final:  # a draft can still be changed on the tablet: refuse it
                raise IngestRefused(422, content.error, content.problem)
            flag, review = _hold(db, user, envelope, content, child_known)
            what = "artefact stored" if final else "draft snapshot stored"
            if child_known:
                row = _store(db, user, opened, content, flag, review, parts_dir)
                if final and flag is None:
                    # Derived tables, in this same transaction.
                    KINDS[envelope["kind"]].on_stored(db, row, content.document)
                    voice.index(db, row["id"], row["child_id"], row["kind"], content.document)
                _audit(db, user, login_session_id, envelope["child_id"], what + (f" ({flag})" if flag else ""), ip,
                       envelope["id"] if final else None)  # the audit page names the work it stored
            else:
                _store_unmatched(db, user, opened, flag, review, parts_dir)
                _audit(db, user, login_session_id, None, what + " for a child this server does not have", ip)
            status = STATUS_OF_FLAG[flag]
    if conflict:
        raise Conflict(Receipt(envelope, "conflict"))
    return Receipt(envelope, status, review)


# --- a draft discarded on the tablet ---------------------------------------------------------------

NOTICE_FIELDS = {"id", "kind", "child_id", "device_id", "device_seq", "discarded_at"}


def discard(db, user, notice, artefact_id: str, login_session_id: int | None = None, ip: str | None = None) -> dict:
    """Record that the author discarded a draft on the tablet (docs/sync.md, "A discarded draft").

    The sequence number it took has then arrived, so the manager is not told it is missing, and its
    snapshots already here are kept (they may hold a child's words) but no longer offered to carry
    on elsewhere. Idempotent; a draft that was finalised meanwhile stays as it is."""
    if not isinstance(notice, dict):
        raise _bad("notice", _("The notice must be a JSON object"))
    _exact_fields(notice, NOTICE_FIELDS, "notice")
    for name in ("id", "child_id", "device_id"):
        if not _is_uuid(notice[name]):
            raise _bad(name, _("%(field)s must be a UUID in lowercase", field=name))
    if notice["id"] != artefact_id:
        raise _bad("id", _("id must equal the artefact id in the address"))
    if not isinstance(notice["kind"], str) or not KIND_NAME.fullmatch(notice["kind"]):
        raise _bad("kind", _("%(field)s must be the name of a kind of artefact", field="kind"))
    if not _is_whole(notice["device_seq"], 1, NUMBER_MAX):
        raise _bad("device_seq", _("%(field)s must be a whole number from 1", field="device_seq"))
    if not _is_time(notice["discarded_at"]):
        raise _bad("discarded_at", _("%(field)s must be a date and time with its time zone", field="discarded_at"))
    device = devices.get(db, notice["device_id"])
    if device is None or device["user_id"] != user["id"]:
        raise IngestRefused(400, "unknown_device", _("This tablet is not registered to you. Register it again."),
                            field="device_id")
    with write(db):
        claim_id(db, user, notice["id"])
        devices.touch(db, notice["device_id"])
        if next(db.query("SELECT 1 FROM artefacts WHERE id = ?", [notice["id"]]), None):
            status = "already finalised"
        elif next(db.query("SELECT 1 FROM discarded_drafts WHERE artefact_id = ?", [notice["id"]]), None):
            status = "already discarded"
        else:
            db.execute("INSERT INTO discarded_drafts (artefact_id, kind, child_id, author_id, device_id, device_seq,"
                       " discarded_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       [notice["id"], notice["kind"], notice["child_id"], user["id"], notice["device_id"],
                        notice["device_seq"], notice["discarded_at"], utcnow()])
            known = _child_exists(db, notice["child_id"])
            _audit(db, user, login_session_id, notice["child_id"] if known else None, "draft discarded on the tablet",
                   ip)
            status = "discarded"
    return {"receipt": RECEIPT_VERSIONS[sealing.BOUND_ALGORITHM], "id": notice["id"], "state": "discarded",
            "device_id": notice["device_id"], "device_seq": notice["device_seq"], "status": status,
            "server_time": utcnow()}


# --- reading back --------------------------------------------------------------------------------

def get(db, artefact_id: str) -> dict | None:
    return next(db.query("SELECT * FROM artefacts WHERE id = ?", [artefact_id]), None)


def _open_part(envelope_text: str, part: dict, parts_dir: Path, keyring: sealing.Keyring | None = None) -> bytes:
    """A stored part, decrypted and checked against its stored plaintext hash."""
    sealed_envelope = json.loads(envelope_text)["sealed"]
    aes_key = sealing.unwrap(sealed_envelope["key_id"], base64.b64decode(sealed_envelope["wrapped_key"]), keyring)
    plain = sealing.open_sealed(aes_key, base64.b64decode(part["iv"]), (Path(parts_dir) / part["path"]).read_bytes())
    if hashlib.sha256(plain).hexdigest() != part["sha256"]:
        raise sealing.SealBroken(f"part {part['name']!r} does not match its stored hash")
    return plain


def read_part(db, artefact_id: str, name: str, parts_dir: Path, keyring: sealing.Keyring | None = None) -> bytes:
    """A finalised artefact's part, decrypted and checked against its stored plaintext hash."""
    artefact = get(db, artefact_id)
    part = next(db.query("SELECT * FROM artefact_parts WHERE artefact_id = ? AND name = ?", [artefact_id, name]), None)
    if artefact is None or part is None:
        raise KeyError(f"no part {name!r} of artefact {artefact_id}")
    return _open_part(artefact["envelope"], part, parts_dir, keyring)


def drafts_for_author(db, user, parts_dir: Path, keyring: sealing.Keyring | None = None) -> list[dict]:
    """The newest draft snapshot of each of this author's own artefacts not yet finalised, with its
    parts (photos) decrypted, so a draft resumed on another tablet loses nothing.

    Only the author's own, only unflagged, and only for children they may still see: a draft is
    never shown to anyone else, nor to its author after the child was reallocated."""
    rows = db.query(
        """
        SELECT draft_snapshots.* FROM draft_snapshots
        WHERE author_id = :author AND flag IS NULL
          AND draft_version = (SELECT MAX(newer.draft_version) FROM draft_snapshots AS newer
                               WHERE newer.artefact_id = draft_snapshots.artefact_id AND newer.author_id = :author
                                 AND newer.flag IS NULL)
          AND NOT EXISTS (SELECT 1 FROM artefacts WHERE artefacts.id = draft_snapshots.artefact_id)
          AND NOT EXISTS (SELECT 1 FROM discarded_drafts
                          WHERE discarded_drafts.artefact_id = draft_snapshots.artefact_id)
        ORDER BY received_at DESC, id DESC
        """, {"author": user["id"]})
    visible: dict[str, bool] = {}
    drafts = []
    for row in rows:
        if row["child_id"] not in visible:
            visible[row["child_id"]] = child_visible_to(db, user, row["child_id"]) is not None
        if visible[row["child_id"]]:
            parts = [{"name": part["name"], "media_type": part["media_type"],
                      "data": base64.b64encode(_open_part(row["envelope"], part, parts_dir, keyring)).decode()}
                     for part in db.query("SELECT * FROM draft_snapshot_parts WHERE snapshot_id = ? ORDER BY name",
                                          [row["id"]])]
            drafts.append({"id": row["artefact_id"], "kind": row["kind"], "child_id": row["child_id"],
                           "draft_version": row["draft_version"], "document": json.loads(row["document"]),
                           "parts": parts, "received_at": row["received_at"]})
    return drafts


def sequence_gaps(db, team_id: int) -> list[dict]:
    """For the team's workers' devices: each run of sequence numbers below the highest received that
    never arrived (as finalised artefact or draft snapshot), with the device's last contact."""
    return list(db.query(
        """
        WITH team_devices AS (
            SELECT devices.id, devices.name, devices.last_seen_at, devices.revoked_at, users.display_name
            FROM devices JOIN users ON users.id = devices.user_id WHERE users.team_id = :team
        ), received AS (
            SELECT device_id, device_seq FROM artefacts WHERE device_id IN (SELECT id FROM team_devices)
            UNION
            SELECT device_id, device_seq FROM draft_snapshots WHERE device_id IN (SELECT id FROM team_devices)
            UNION  -- arrived, then deleted under the retention schedule (migration 0006): not a gap
            SELECT device_id, device_seq FROM retired_sequences WHERE device_id IN (SELECT id FROM team_devices)
            UNION  -- a draft discarded on the tablet, and uploads for a child the server does not have (0008)
            SELECT device_id, device_seq FROM discarded_drafts WHERE device_id IN (SELECT id FROM team_devices)
            UNION
            SELECT device_id, device_seq FROM unmatched_uploads WHERE device_id IN (SELECT id FROM team_devices)
        ), runs AS (
            SELECT device_id, device_seq,
                   LAG(device_seq, 1, 0) OVER (PARTITION BY device_id ORDER BY device_seq) AS previous
            FROM received
        )
        SELECT team_devices.id AS device_id, team_devices.name AS device_name, team_devices.display_name AS person,
               team_devices.last_seen_at, team_devices.revoked_at,
               runs.previous + 1 AS first_missing, runs.device_seq - 1 AS last_missing
        FROM runs JOIN team_devices ON team_devices.id = runs.device_id
        WHERE runs.device_seq - runs.previous > 1
        ORDER BY team_devices.display_name, team_devices.id, first_missing
        LIMIT 500
        """, {"team": team_id}))


def flagged_for_team(db, team_id: int, limit: int = 200) -> list[dict]:
    """What a manager must review: quarantined, not-allocated and needs-review uploads, uploads for a
    child this server does not have (to the author's team), and conflicting copies.

    Shown to the manager of the child's team and of the author's team. Never the child's words or name:
    the author, the device, the kind, when it arrived and, for needs review, why (the checks' sentence
    names fields and houses, never quotes the child)."""
    return list(db.query(
        """
        SELECT * FROM (
            SELECT artefacts.flag AS reason, artefacts.id AS artefact_id, 'finalised' AS state, NULL AS draft_version,
                   artefacts.kind, artefacts.received_at, authors.display_name AS author, devices.name AS device_name,
                   artefacts.device_id, artefacts.review_reason, children.team_id AS child_team
            FROM artefacts JOIN users AS authors ON authors.id = artefacts.author_id
            JOIN devices ON devices.id = artefacts.device_id JOIN children ON children.id = artefacts.child_id
            WHERE artefacts.flag IS NOT NULL AND (children.team_id = :team OR authors.team_id = :team)
            UNION ALL
            SELECT snapshots.flag, snapshots.artefact_id, 'draft', snapshots.draft_version, snapshots.kind,
                   snapshots.received_at, authors.display_name, devices.name, snapshots.device_id, NULL,
                   children.team_id
            FROM draft_snapshots AS snapshots JOIN users AS authors ON authors.id = snapshots.author_id
            JOIN devices ON devices.id = snapshots.device_id JOIN children ON children.id = snapshots.child_id
            WHERE snapshots.flag IS NOT NULL AND (children.team_id = :team OR authors.team_id = :team)
            UNION ALL
            SELECT 'conflict', conflicts.artefact_id, CASE WHEN conflicts.draft_version IS NULL THEN 'finalised'
                   ELSE 'draft' END, conflicts.draft_version, conflicts.kind, conflicts.received_at,
                   authors.display_name, devices.name, conflicts.device_id, NULL, children.team_id
            FROM artefact_conflicts AS conflicts JOIN users AS authors ON authors.id = conflicts.user_id
            JOIN devices ON devices.id = conflicts.device_id JOIN children ON children.id = conflicts.child_id
            WHERE children.team_id = :team OR authors.team_id = :team
            UNION ALL
            SELECT 'unknown_child', unmatched.artefact_id, CASE WHEN unmatched.draft_version IS NULL THEN 'finalised'
                   ELSE 'draft' END, unmatched.draft_version, unmatched.kind, unmatched.received_at,
                   authors.display_name, devices.name, unmatched.device_id, unmatched.review_reason, NULL
            FROM unmatched_uploads AS unmatched JOIN users AS authors ON authors.id = unmatched.author_id
            JOIN devices ON devices.id = unmatched.device_id
            WHERE authors.team_id = :team
        ) ORDER BY received_at DESC, artefact_id LIMIT :limit
        """, {"team": team_id, "limit": limit}))
