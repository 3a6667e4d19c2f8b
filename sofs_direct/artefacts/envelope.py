"""The envelope of an upload from a tablet (docs/sync.md step 2): its JSON, its fields, their limits.

Main decision: the envelope is the *transport's* shape, and anything wrong with it is refused with
`IngestRefused` (400 `bad_envelope`, naming the field) before anything is read or written: a resend
fixes it, and the tablet keeps the item and sends it again later (ingest.py says which problems are
transport problems and which are content problems). Every value's type is checked before it is used
or looked up anywhere, and JSON is read as the contract allows it — no duplicate keys, no floats, no
NaN — so a strange envelope is a readable refusal, never a 500.
"""

import base64
import binascii
import json
import re
import uuid

from ..platform.i18n import _
from . import sealing

ENVELOPE_MAX = 128 * 1024  # room for PARTS_MAX part entries of about 300 bytes each
PAYLOAD_MAX = 8 * 1024 * 1024
PART_MAX = 32 * 1024 * 1024  # a session's recordings: 60 minutes at audio.py's most a minute, about 28 MiB
PARTS_MAX = 120  # a Words and Pictures storyboard: up to 50 pages, each with a drawing and a child's drawing
UPLOAD_MAX = 64 * 1024 * 1024
NUMBER_MAX = 2**31 - 1  # device_seq and draft_version: a bound keeps gap reports small
WRAPPED_KEY_MAX = 1024
TIME_MAX = 40

ENVELOPE_FIELDS = {
    "id",
    "kind",
    "child_id",
    "device_id",
    "device_seq",
    "state",
    "draft_version",
    "device_time",
    "payload_sha256",
    "payload_length",
    "sealed_sha256",
    "sealed",
    "parts",
}
# The mark a tablet that compresses its document adds (compression.py; docs/sync.md, "Compression"):
# left out by tablets from before it, whose documents are sent as they are.
PAYLOAD_ENCODING = "payload_encoding"
IDENTITY = "identity"
DEFLATE_RAW = "deflate-raw"  # RFC 1951 with no header: what CompressionStream("deflate-raw") writes
ENCODINGS = (IDENTITY, DEFLATE_RAW)
SEALED_FIELDS = {"alg", "key_id", "wrapped_key", "iv"}
PART_FIELDS = {"name", "media_type", "sha256", "length", "sealed_sha256", "sealed_length", "iv"}
PART_NAME = re.compile(r"[a-z0-9-]{1,40}")
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
KEY_ID = re.compile(r"[0-9a-f]{16}")
# A kind is a name like a part's; one this server does not know (yet, or any more) is still stored
# when finalised, flagged for review, rather than stranded on the tablet.
KIND_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
# The envelope's fields the payload's tag covers under sealing.BOUND_ALGORITHM (docs/sync.md, "The
# bound envelope"); a part is bound by its name, type, plaintext hash and length.
BOUND_FIELDS = (
    "id",
    "kind",
    "child_id",
    "device_id",
    "device_seq",
    "state",
    "draft_version",
    "device_time",
    "payload_sha256",
    "payload_length",
)
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

    def __init__(self, status: int, error: str, message, field: str | None = None, state: str | None = None):
        super().__init__(str(message))
        self.status = status
        self.error = error
        self.message = str(message)
        self.field = field
        # "draft": what was refused is a draft's content, which the tablet sets aside (its next save goes
        # instead); said because a second-form envelope keeps the state sealed from the tablet's sender.
        self.state = state

    def as_json(self) -> dict:
        body = {"error": self.error, "message": self.message}
        if self.field:
            body["field"] = self.field
        if self.state:
            body["state"] = self.state
        return body


def bad(field_name: str, message) -> IngestRefused:
    """The refusal of an envelope (or a discard notice) naming the field that is wrong."""
    return IngestRefused(400, "bad_envelope", message, field=field_name)


def check_part_files(declared: set, sent: set) -> None:
    """The part files sent are exactly the envelope's parts (400 `missing_part` / `unexpected_part`)."""
    missing = sorted(declared - sent)
    if missing:
        raise IngestRefused(
            400,
            "missing_part",
            _("The part %(name)s is in the envelope but was not sent", name=missing[0]),
            field="parts",
        )
    unexpected = sorted(sent - declared)
    if unexpected:
        raise IngestRefused(
            400,
            "unexpected_part",
            _("A part was sent that the envelope does not list: %(name)s", name=unexpected[0][:40]),
            field="parts",
        )


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
        raise bad("envelope", _("The envelope must be %(n)s KiB or smaller", n=ENVELOPE_MAX // 1024))
    try:
        envelope = strict_json(text)
    except (ValueError, RecursionError) as error:
        raise bad("envelope", _("The envelope is not valid JSON: %(problem)s", problem=str(error)[:200])) from None
    if not isinstance(envelope, dict):
        raise bad("envelope", _("The envelope must be a JSON object"))
    return envelope


def is_uuid(value) -> bool:
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        return str(uuid.UUID(value)) == value  # the canonical lowercase form only
    except ValueError:
        return False


def is_whole(value, low: int, high: int) -> bool:
    # bool is an int in Python; true/false are not numbers in the contract.
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def is_time(value) -> bool:
    # The kinds' own rule (one form, from 1900 to 2100): a created_at no page can convert to UK time
    # would make the child's timeline and record fail for good (the seams issue, #13).
    from .fields import is_timestamp

    return is_timestamp(value)


def _base64(value, field_name: str, length: int | None = None, max_length: int | None = None) -> bytes:
    if not isinstance(value, str) or not value:
        raise bad(field_name, _("%(field)s must be base64 text", field=field_name))
    try:
        decoded = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise bad(field_name, _("%(field)s must be base64 text", field=field_name)) from None
    if length is not None and len(decoded) != length:
        raise bad(field_name, _("%(field)s must be %(n)s bytes", field=field_name, n=length))
    if max_length is not None and not 0 < len(decoded) <= max_length:
        raise bad(field_name, _("%(field)s must be at most %(n)s bytes", field=field_name, n=max_length))
    return decoded


def exact_fields(value, expected: set, field_name: str, optional: set = frozenset()) -> None:
    """`value` is an object with exactly the `expected` fields, and perhaps some of the `optional` ones."""
    if not isinstance(value, dict):
        raise bad(field_name, _("%(field)s must be a JSON object", field=field_name))
    unknown = sorted(set(value) - expected - optional)
    if unknown:
        name = f"{field_name}.{unknown[0]}" if field_name != "envelope" else unknown[0]
        raise bad(name[:80], _("%(field)s is not a field this server knows", field=name[:80]))
    missing = sorted(expected - set(value))
    if missing:
        name = f"{field_name}.{missing[0]}" if field_name != "envelope" else missing[0]
        raise bad(name, _("%(field)s is missing", field=name))


def encoding_of(envelope: dict) -> str:
    """How the payload was sent: the mark, or `identity` for an envelope without one."""
    return envelope.get(PAYLOAD_ENCODING, IDENTITY)


def check_encoding(envelope: dict) -> None:
    # An encoding this server does not know is refused like any envelope it cannot read, and the tablet
    # keeps the item: a newer tablet's is taken once the server knows it.
    if PAYLOAD_ENCODING in envelope and envelope[PAYLOAD_ENCODING] not in ENCODINGS:
        raise bad(
            PAYLOAD_ENCODING,
            _("%(field)s must be one of: %(values)s", field=PAYLOAD_ENCODING, values=", ".join(ENCODINGS)),
        )


def check_envelope(envelope: dict, artefact_id: str | None = None) -> None:
    """Every field's type, size and format (step 2); 400 `bad_envelope` naming the field."""
    exact_fields(envelope, ENVELOPE_FIELDS, "envelope", {PAYLOAD_ENCODING})
    check_encoding(envelope)
    for name in ("id", "child_id", "device_id"):
        if not is_uuid(envelope[name]):
            raise bad(name, _("%(field)s must be a UUID in lowercase", field=name))
    if artefact_id is not None and envelope["id"] != artefact_id:
        raise bad("id", _("id must equal the artefact id in the address"))
    # Every value is checked for its type before it is looked up anywhere: a list or an object is
    # not hashable, and used as a key it would be a 500 instead of a readable refusal.
    if not isinstance(envelope["kind"], str) or not KIND_NAME.fullmatch(envelope["kind"]):
        raise bad("kind", _("%(field)s must be the name of a kind of artefact", field="kind"))
    if not is_whole(envelope["device_seq"], 1, NUMBER_MAX):
        raise bad("device_seq", _("%(field)s must be a whole number from 1", field="device_seq"))
    if envelope["state"] not in ("finalised", "draft"):
        raise bad("state", _("state must be finalised or draft"))
    if envelope["state"] == "finalised" and envelope["draft_version"] is not None:
        raise bad("draft_version", _("A finalised artefact has draft_version null"))
    if envelope["state"] == "draft" and not is_whole(envelope["draft_version"], 1, NUMBER_MAX):
        raise bad("draft_version", _("%(field)s must be a whole number from 1", field="draft_version"))
    if not is_time(envelope["device_time"]):
        raise bad("device_time", _("%(field)s must be a date and time with its time zone", field="device_time"))
    for name in ("payload_sha256", "sealed_sha256"):
        if not isinstance(envelope[name], str) or not SHA256_HEX.fullmatch(envelope[name]):
            raise bad(name, _("%(field)s must be a SHA-256 in lowercase hex", field=name))
    if not is_whole(envelope["payload_length"], 1, PAYLOAD_MAX):
        raise bad("payload_length", _("%(field)s must be from 1 to %(n)s", field="payload_length", n=PAYLOAD_MAX))
    sealed = envelope["sealed"]
    exact_fields(sealed, SEALED_FIELDS, "sealed")
    if not isinstance(sealed["alg"], str) or sealed["alg"] not in sealing.ALGORITHMS:
        raise bad("sealed.alg", _("sealed.alg must be %(alg)s", alg=sealing.BOUND_ALGORITHM))
    if not isinstance(sealed["key_id"], str) or not KEY_ID.fullmatch(sealed["key_id"]):
        raise bad("sealed.key_id", _("%(field)s must be 16 lowercase hex digits", field="sealed.key_id"))
    _base64(sealed["wrapped_key"], "sealed.wrapped_key", max_length=WRAPPED_KEY_MAX)
    _base64(sealed["iv"], "sealed.iv", length=sealing.GCM_IV_BYTES)
    parts = envelope["parts"]
    if not isinstance(parts, list) or len(parts) > PARTS_MAX:
        raise bad("parts", _("parts must be a list of at most %(n)s parts", n=PARTS_MAX))
    names = set()
    for index, part in enumerate(parts):
        where = f"parts[{index}]"
        exact_fields(part, PART_FIELDS, where)
        if not isinstance(part["name"], str) or not PART_NAME.fullmatch(part["name"]):
            raise bad(
                f"{where}.name",
                _("%(field)s must be 1 to 40 characters of a-z, 0-9 and hyphens", field=f"{where}.name"),
            )
        if part["name"] in names:
            raise bad(
                f"{where}.name", _("%(field)s: two parts are called %(name)s", field=f"{where}.name", name=part["name"])
            )
        names.add(part["name"])
        if not isinstance(part["media_type"], str):
            raise bad(f"{where}.media_type", _("%(field)s must be text", field=f"{where}.media_type"))
        if part["media_type"] not in MAGIC:
            raise bad(
                f"{where}.media_type",
                _(
                    "%(field)s: this server does not accept parts of type %(type)s",
                    field=f"{where}.media_type",
                    type=part["media_type"][:60],
                ),
            )
        for name in ("sha256", "sealed_sha256"):
            if not isinstance(part[name], str) or not SHA256_HEX.fullmatch(part[name]):
                raise bad(f"{where}.{name}", _("%(field)s must be a SHA-256 in lowercase hex", field=f"{where}.{name}"))
        # An empty part is a content problem, not an envelope's: a finished session whose recording
        # came out empty is kept for review (its check says why), not stranded on the tablet.
        if not is_whole(part["length"], 0, PART_MAX):
            raise bad(f"{where}.length", _("%(field)s must be from 0 to %(n)s", field=f"{where}.length", n=PART_MAX))
        if not is_whole(part["sealed_length"], sealing.GCM_TAG_BYTES, PART_MAX + sealing.GCM_TAG_BYTES):
            raise bad(
                f"{where}.sealed_length",
                _(
                    "%(field)s must be from 1 to %(n)s",
                    field=f"{where}.sealed_length",
                    n=PART_MAX + sealing.GCM_TAG_BYTES,
                ),
            )
        _base64(part["iv"], f"{where}.iv", length=sealing.GCM_IV_BYTES)
