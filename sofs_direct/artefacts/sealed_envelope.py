"""The envelope's second form (docs/sync.md, "The sealed envelope"): what a tablet keeps in clear, and
opening the rest.

A tablet taken away must not say which child or what work it holds, so its outbox keeps in clear only
what sending needs: the artefact's id, the device, the sequence number and the sealed bytes' own hashes
(`{"envelope": 2, ...}`). The child, the kind, the state, the draft version, the device's time, the
plaintext hashes and the parts' names are sealed beside the payload (`metadata`), under the same
artefact key, bound to the clear fields.

Main decision: the server opens the metadata first and rebuilds from it the whole envelope of protocol
2, the very fields the payload's tag is bound to, so everything after it — the envelope's checks, the
store, the exactly-once rules, review's "check again" — reads one shape, and what is stored is that
whole envelope. Only the receipt differs: it echoes what the tablet still has in clear. Envelopes
without the `envelope` field (the first form) are read as before, so a tablet that has not updated
keeps working.
"""

import base64
import json

from ..platform.i18n import _
from . import sealing
from .envelope import (
    ENVELOPE_MAX,
    PARTS_MAX,
    PAYLOAD_ENCODING,
    SEALED_FIELDS,
    IngestRefused,
    bad,
    check_part_files,
    exact_fields,
    is_whole,
    strict_json,
)

FORM = 2
CLEAR_FIELDS = ("id", "device_id", "device_seq")  # also the metadata's additional data
ENVELOPE_FIELDS = {"envelope", *CLEAR_FIELDS, "sealed_sha256", "sealed", "metadata", "parts"}
CLEAR_PART_FIELDS = {"sealed_sha256", "sealed_length"}
METADATA_FIELDS = {"iv", "sealed"}
SECRET_FIELDS = {
    "kind",
    "child_id",
    "state",
    "draft_version",
    "device_time",
    "payload_sha256",
    "payload_length",
    "parts",
}
OPTIONAL_SECRET_FIELDS = {PAYLOAD_ENCODING}  # the compression mark: tablets from before it leave it out
SECRET_PART_FIELDS = {"name", "media_type", "sha256", "length", "iv"}
NOTICE_FIELDS = {"envelope", *CLEAR_FIELDS, "sealed", "metadata"}
NOTICE_SEALED_FIELDS = {"alg", "key_id", "wrapped_key"}
NOTICE_SECRET_FIELDS = {"kind", "child_id", "discarded_at"}


def is_sealed_form(envelope) -> bool:
    """An envelope (or a discard notice) of the second form names its form; the first form has no such field."""
    return isinstance(envelope, dict) and "envelope" in envelope


def _check_clear(envelope: dict, fields: set, sealed_fields: set, alg: str) -> None:
    """What must hold before the metadata can be opened; the values themselves are checked with the
    whole envelope once it is rebuilt (envelope.check_envelope)."""
    exact_fields(envelope, fields, "envelope")
    if not is_whole(envelope["envelope"], FORM, FORM):
        raise bad("envelope", _("This server reads envelopes of form %(n)s", n=FORM))
    exact_fields(envelope["sealed"], sealed_fields, "sealed")
    if envelope["sealed"]["alg"] != alg:
        raise bad("sealed.alg", _("sealed.alg must be %(alg)s", alg=alg))
    for name in ("key_id", "wrapped_key"):
        if not isinstance(envelope["sealed"][name], str):
            raise bad(f"sealed.{name}", _("%(field)s must be text", field=f"sealed.{name}"))
    exact_fields(envelope["metadata"], METADATA_FIELDS, "metadata")
    for name in METADATA_FIELDS:
        value = envelope["metadata"][name]
        if not isinstance(value, str) or not value or len(value) > ENVELOPE_MAX:
            raise bad(f"metadata.{name}", _("%(field)s must be base64 text", field=f"metadata.{name}"))


def open_metadata(envelope: dict, secret_fields: set, keyring, optional: set = frozenset()) -> tuple[bytes, dict]:
    """(the artefact key, the sealed metadata): 422 `decrypt_failed` for what does not open (a bit
    flipped in a clear field included), 400 `bad_envelope` for metadata that is not the agreed shape."""
    sealed, metadata = envelope["sealed"], envelope["metadata"]
    clear = {name: envelope[name] for name in CLEAR_FIELDS}
    try:
        aes_key = sealing.unwrap(sealed["key_id"], _decoded(sealed["wrapped_key"], "sealed.wrapped_key"), keyring)
        plain = sealing.open_sealed(
            aes_key,
            _decoded(metadata["iv"], "metadata.iv"),
            _decoded(metadata["sealed"], "metadata.sealed"),
            json.dumps(clear, separators=(",", ":"), sort_keys=True, ensure_ascii=True).encode("ascii"),
        )
    except sealing.SealBroken as error:
        raise IngestRefused(
            422, "decrypt_failed", _("The artefact could not be opened: %(why)s", why=str(error))
        ) from None
    try:
        secret = strict_json(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise bad("metadata", _("The envelope is not valid JSON: %(problem)s", problem=str(error)[:200])) from None
    exact_fields(secret, secret_fields, "metadata", optional)
    return aes_key, secret


def _decoded(value: str, field_name: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except ValueError:
        raise bad(field_name, _("%(field)s must be base64 text", field=field_name)) from None


def open_envelope(envelope: dict, sealed_parts: dict[str, bytes], keyring) -> tuple[dict, dict[str, bytes], bytes]:
    """(the whole envelope of protocol 2, the sealed parts by name, the artefact key) of a second-form
    upload. Refuses with IngestRefused what a resend can fix, like the first form's checks."""
    _check_clear(envelope, ENVELOPE_FIELDS, SEALED_FIELDS, sealing.BOUND_ALGORITHM)
    clear_parts = envelope["parts"]
    if not isinstance(clear_parts, list) or len(clear_parts) > PARTS_MAX:
        raise bad("parts", _("parts must be a list of at most %(n)s parts", n=PARTS_MAX))
    for index, part in enumerate(clear_parts):
        exact_fields(part, CLEAR_PART_FIELDS, f"parts[{index}]")
    # The second form's part files are named by their place in the envelope: part:0, part:1, …
    check_part_files({str(index) for index in range(len(clear_parts))}, set(sealed_parts))
    # The compression mark is sealed with the rest (docs/sync.md, "Compression").
    aes_key, secret = open_metadata(envelope, SECRET_FIELDS, keyring, OPTIONAL_SECRET_FIELDS)
    secret_parts = secret["parts"]
    if not isinstance(secret_parts, list) or len(secret_parts) != len(clear_parts):
        raise bad("metadata.parts", _("The sealed parts are not the envelope's parts"))
    for index, part in enumerate(secret_parts):
        exact_fields(part, SECRET_PART_FIELDS, f"metadata.parts[{index}]")
    whole = {name: envelope[name] for name in (*CLEAR_FIELDS, "sealed_sha256", "sealed")}
    whole.update({name: secret[name] for name in SECRET_FIELDS - {"parts"}})
    if PAYLOAD_ENCODING in secret:
        whole[PAYLOAD_ENCODING] = secret[PAYLOAD_ENCODING]
    whole["parts"] = [{**hidden, **shown} for hidden, shown in zip(secret_parts, clear_parts, strict=True)]
    named = {}
    for index, part in enumerate(secret_parts):
        # A name that is not text is refused by check_envelope, with the field named.
        named[part["name"] if isinstance(part["name"], str) else f"{index}"] = sealed_parts[str(index)]
    return whole, named, aes_key


def open_notice(notice: dict, keyring) -> dict:
    """The discard notice of protocol 2 (id, kind, child, device, sequence number, when) from a
    second-form notice, whose kind, child and time are sealed."""
    _check_clear(notice, NOTICE_FIELDS, NOTICE_SEALED_FIELDS, sealing.ALGORITHM)
    _aes_key, secret = open_metadata(notice, NOTICE_SECRET_FIELDS, keyring)
    return {**{name: notice[name] for name in CLEAR_FIELDS}, **secret}
