"""Documents compressed on the tablet before sealing (docs/sync.md, "Compression"): the mark, and
opening a compressed document within the server's limit.

A document is mostly words and numbers (a child's words, a drawing's layout): deflate takes a
typical one to a fifth of its size, which on a slow mobile link is most of a visit's sending time.
The tablet compresses with the platform's `CompressionStream("deflate-raw")` and says so inside the
sealed metadata (`payload_encoding`); a tablet from before, or a browser without it, sends the
document as it is (`identity`, or no mark at all).

Main decision: the document's identity stays the *plaintext* — `payload_sha256` and `payload_length`
are of the canonical JSON before compression, and are what the payload's tag binds — so the same
document compressed twice (or once compressed, once not) is the same artefact for the exactly-once and
conflict rules, whatever the compressor's bytes. And the declared length is the hard limit: a stream
is inflated into at most `payload_length` + 1 bytes (itself at most envelope.PAYLOAD_MAX), so a
decompression bomb stops there without allocating more. A stream that does not inflate to exactly its
declared length is refused (422 `bad_compression`), never stored: see `inflate`.
"""

import zlib

from ..platform.i18n import _
from .envelope import DEFLATE_RAW, IngestRefused, encoding_of

RAW_DEFLATE_WINDOW = -15  # zlib's wbits for a raw deflate stream with the largest (32 KiB) window
INFLATE_PIECE = 64 * 1024


def _unopenable(message) -> IngestRefused:
    # Refused, not kept for review: the tablet inflates its own stream before sealing it and sends the
    # document uncompressed if that fails, so a stream under a good tag that does not open was not made
    # by the tablet's code. What it holds can be read by nobody — there is nothing for a manager to
    # review — and a bomb must cost the server nothing (docs/sync.md, "Compression").
    return IngestRefused(422, "bad_compression", message)


def inflate(stream: bytes, length: int) -> bytes:
    """The document a raw deflate stream holds, which must be exactly `length` bytes and nothing after.

    Inflated a piece at a time into one buffer of `length` + 1 bytes, however far
    the stream would expand: the extra byte only proves it is too long. (One call with a `max_length`
    would bound the output too, but CPython gathers it in blocks and then copies them, twice the limit.)
    Refuses (422 `bad_compression`) a stream that is corrupt, ends early, runs past its length or has
    bytes after its end."""
    inflater = zlib.decompressobj(RAW_DEFLATE_WINDOW)
    document = bytearray(length + 1)  # made once: a growing buffer over-allocates as it goes
    filled, rest = 0, stream
    try:
        while not inflater.eof and filled <= length:
            piece = inflater.decompress(rest, min(INFLATE_PIECE, length + 1 - filled))
            rest = inflater.unconsumed_tail
            if not piece and not rest:
                break  # all the input read, and the stream has not ended: cut short
            document[filled : filled + len(piece)] = piece
            filled += len(piece)
    except zlib.error as error:
        raise _unopenable(_("The compressed document is damaged: %(why)s", why=str(error)[:120])) from None
    if filled > length:
        raise _unopenable(_("The compressed document is longer than its payload_length (%(n)s bytes)", n=length))
    if not inflater.eof:
        raise _unopenable(_("The compressed document is cut short: its stream does not end"))
    if inflater.unused_data:
        raise _unopenable(_("The compressed document has bytes after the end of its stream"))
    if filled != length:
        raise _unopenable(
            _("The compressed document is %(got)s bytes; its payload_length says %(n)s", got=filled, n=length)
        )
    return bytes(memoryview(document)[:length])


def document_bytes(envelope: dict, payload: bytes) -> bytes:
    """The plaintext document of a decrypted payload, as its envelope's mark says it was sent (no mark,
    or `identity`: the payload itself). The envelope has passed check_envelope: `payload_length` is a
    whole number no greater than PAYLOAD_MAX."""
    if encoding_of(envelope) == DEFLATE_RAW:
        return inflate(payload, envelope["payload_length"])
    return payload
