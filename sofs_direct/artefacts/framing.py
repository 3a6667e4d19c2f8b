"""Protocol v2 upload framing (docs/sync.md, "The upload's body"): an artefact's envelope, sealed payload
and sealed parts as one length-prefixed body, read without a multipart parser.

Main decision: every piece's length comes *before* its bytes, and is checked before a byte of it is
read — against the request's limit, the envelope's 128 KiB, and the lengths the envelope itself
declares for the sealed payload and each part (the envelope comes first for that reason). So a body
that would break a limit is refused when its header arrives, not after 64 MiB have been taken in, and
a piece's length can never disagree with its envelope. Each piece is streamed in chunks to one spooled
temporary file (in memory while small, on disk past `SPOOL_BYTES`, so a large upload arriving slowly
does not sit in a worker's memory) and hashed on the way: the SHA-256 the server checks against
`sealed_sha256` is that one, never computed again. Nothing is handed on until the whole body has
arrived and is exactly what its framing says: a body cut short, bytes after the last part, a part
sent twice or one the envelope does not list are refused (4xx, JSON) with nothing stored.

Multipart (protocol v1 framing) stays in sync.py for tablets that have not updated.
"""

import hashlib
import struct
import tempfile
from dataclasses import dataclass, field

from werkzeug.exceptions import ClientDisconnected

from ..platform.i18n import _, _l
from . import sealed_envelope, sealing
from .envelope import (
    ENVELOPE_MAX,
    IDENTITY,
    PART_MAX,
    PART_NAME,
    PARTS_MAX,
    PAYLOAD_MAX,
    UPLOAD_MAX,
    IngestRefused,
    bad,
    encoding_of,
    parse_envelope,
)

CONTENT_TYPE = "application/vnd.sofs-direct.artefact"
MAGIC = b"SOFSART"  # ASCII, then the version in one byte
VERSION = 2
HEADER = MAGIC + bytes([VERSION])
NAME_MAX = 40  # a part's name (envelope.PART_NAME), or its place in the second form ("0" … "119")
SEALED_PAYLOAD_MAX = PAYLOAD_MAX + sealing.GCM_TAG_BYTES
SEALED_PART_MAX = PART_MAX + sealing.GCM_TAG_BYTES
CHUNK = 256 * 1024
SPOOL_BYTES = 2 * 1024 * 1024
_U32 = struct.Struct(">I")
_U16 = struct.Struct(">H")
_U8 = struct.Struct(">B")


@dataclass
class Framed:
    """A body whose framing was whole and exact: the envelope as text and as parsed, the sealed bytes,
    and the SHA-256 of each as it arrived."""

    envelope_text: str
    envelope: dict
    sealed_payload: bytes
    sealed_parts: dict[str, bytes]  # by the name they were sent under (the envelope's, or its place)
    digests: dict[int, tuple[bytes, str]] = field(default_factory=dict)

    def sealed_sha256(self, sealed: bytes) -> str:
        """The SHA-256 of bytes read from this body, taken on the way in (any other bytes: computed)."""
        known = self.digests.get(id(sealed))
        if known is not None and known[0] is sealed:
            return known[1]
        return hashlib.sha256(sealed).hexdigest()


def _framing(message) -> IngestRefused:
    return IngestRefused(400, "bad_framing", message)


def _too_large(message) -> IngestRefused:
    return IngestRefused(413, "too_large", message)


def _length_mismatch(message) -> IngestRefused:
    return IngestRefused(400, "length_mismatch", message)


class _Body:
    """The request's stream read forward only, counting what it took, refusing a body cut short."""

    def __init__(self, stream, spool):
        self.stream = stream
        self.spool = spool
        self.taken = 0

    def _read(self, size: int) -> bytes:
        try:
            chunk = self.stream.read(size)
        except ClientDisconnected:
            chunk = b""
        if not chunk:
            raise _framing(_("The upload was cut off before its end. Send it again."))
        self.taken += len(chunk)
        return chunk

    def exact(self, size: int) -> bytes:
        """`size` bytes (small ones: headers, names, the envelope) kept in memory."""
        chunks, wanted = [], size
        while wanted:
            chunk = self._read(min(wanted, CHUNK))
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)

    def number(self, shape: struct.Struct) -> int:
        return shape.unpack(self.exact(shape.size))[0]

    def length(self, limit: int, too_long) -> int:
        """A piece's declared length, refused (413) over `limit` or past the request's limit."""
        size = self.number(_U32)
        if size > limit:
            raise _too_large(too_long)
        if self.taken + size > UPLOAD_MAX:
            raise _too_large(_("The upload must be %(n)s MiB or smaller", n=UPLOAD_MAX // (1024 * 1024)))
        return size

    def piece(self, size: int) -> tuple[int, str]:
        """`size` bytes to the spool, hashed on the way: (where they start, their SHA-256)."""
        start, digest, wanted = self.spool.tell(), hashlib.sha256(), size
        while wanted:
            chunk = self._read(min(wanted, CHUNK))
            digest.update(chunk)
            self.spool.write(chunk)
            wanted -= len(chunk)
        return start, digest.hexdigest()

    def at_end(self) -> bool:
        try:
            return not self.stream.read(1)
        except ClientDisconnected:
            return True


def _declared(envelope: dict) -> tuple[int | None, dict[str, int]]:
    """(the sealed payload's length, each part's sealed length by the name it is sent under), as the
    envelope declares them. The second form keeps the payload's length sealed, so only its limit
    holds here (opening checks the exact length once the metadata is open), as for a compressed payload. A declaration that is
    not a whole number is refused now: the bytes it should measure are not read first."""
    second = sealed_envelope.is_sealed_form(envelope)
    payload = None
    if not second:
        length = envelope.get("payload_length")
        if not isinstance(length, int) or isinstance(length, bool) or not 1 <= length <= PAYLOAD_MAX:
            raise bad("payload_length", _("%(field)s must be from 1 to %(n)s", field="payload_length", n=PAYLOAD_MAX))
        # A compressed payload's sealed length is not known from the document's (compression.py):
        # only its limit holds here, and opening inflates it to exactly the declared length.
        payload = length + sealing.GCM_TAG_BYTES if encoding_of(envelope) == IDENTITY else None
    parts = envelope.get("parts")
    if not isinstance(parts, list) or len(parts) > PARTS_MAX:
        raise bad("parts", _("parts must be a list of at most %(n)s parts", n=PARTS_MAX))
    lengths = {}
    for index, part in enumerate(parts):
        where = f"parts[{index}]"
        length = part.get("sealed_length") if isinstance(part, dict) else None
        name = str(index) if second else (part.get("name") if isinstance(part, dict) else None)
        if not isinstance(length, int) or isinstance(length, bool) or not 0 <= length <= SEALED_PART_MAX:
            field = f"{where}.sealed_length"
            raise bad(field, _("%(field)s must be from 1 to %(n)s", field=field, n=SEALED_PART_MAX))
        # The envelope's own words for a name it would refuse (envelope.check_envelope), said now:
        # each part is looked up by its name as it arrives.
        if not isinstance(name, str) or not (second or PART_NAME.fullmatch(name)):
            field = f"{where}.name"
            raise bad(field, _("%(field)s must be 1 to 40 characters of a-z, 0-9 and hyphens", field=field))
        if name in lengths:
            raise bad(f"{where}.name", _("%(field)s: two parts are called %(name)s", field=f"{where}.name", name=name))
        lengths[name] = length
    return payload, lengths


def read_framed(stream) -> Framed:
    """The body of a v2 upload, checked as it arrives (docs/sync.md, "The upload's body"). Raises
    IngestRefused for a body that is not exactly what its framing and envelope say."""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        body = _Body(stream, spool)
        if body.exact(len(HEADER)) != HEADER:
            raise _framing(
                _("The upload does not start as version %(version)s of this server's upload body", version=VERSION)
            )
        envelope_length = body.number(_U32)
        if not 1 <= envelope_length <= ENVELOPE_MAX:
            raise bad("envelope", _("The envelope must be %(n)s KiB or smaller", n=ENVELOPE_MAX // 1024))
        try:
            envelope_text = body.exact(envelope_length).decode("utf-8")
        except UnicodeDecodeError:
            raise bad("envelope", _("The envelope must be UTF-8 text")) from None
        envelope = parse_envelope(envelope_text)
        payload_length, part_lengths = _declared(envelope)

        size = body.length(
            SEALED_PAYLOAD_MAX, _l("The sealed payload must be %(n)s bytes or smaller", n=SEALED_PAYLOAD_MAX)
        )
        if payload_length is not None and size != payload_length:
            raise _length_mismatch(_("The sealed payload's length is not the one its envelope declares"))
        pieces = {None: (*body.piece(size), size)}

        count = body.number(_U16)
        if count != len(part_lengths):
            raise IngestRefused(
                400,
                "missing_part" if count < len(part_lengths) else "unexpected_part",
                _(
                    "The upload holds %(sent)s parts; its envelope lists %(listed)s",
                    sent=count,
                    listed=len(part_lengths),
                ),
                field="parts",
            )
        for _index in range(count):
            name_length = body.number(_U8)
            if not 1 <= name_length <= NAME_MAX:
                raise _framing(_("A part's name must be 1 to %(n)s characters", n=NAME_MAX))
            name = body.exact(name_length).decode("latin-1")
            if name in pieces:
                raise IngestRefused(
                    400, "duplicate_part", _("The part %(name)s was sent twice", name=name), field="parts"
                )
            if name not in part_lengths:
                raise IngestRefused(
                    400,
                    "unexpected_part",
                    _("A part was sent that the envelope does not list: %(name)s", name=name),
                    field="parts",
                )
            size = body.length(SEALED_PART_MAX, _l("The part %(name)s is larger than a part may be", name=name))
            if size != part_lengths[name]:
                raise _length_mismatch(_("The part %(name)s is not the length its envelope says", name=name))
            pieces[name] = (*body.piece(size), size)
        if not body.at_end():
            raise _framing(_("The upload goes on after its last part"))

        framed = Framed(envelope_text, envelope, b"", {})
        for name, (start, digest, size) in pieces.items():
            spool.seek(start)
            sealed = spool.read(size)
            framed.digests[id(sealed)] = (sealed, digest)
            if name is None:
                framed.sealed_payload = sealed
            else:
                framed.sealed_parts[name] = sealed
    return framed
