"""Documents compressed before sealing (docs/sync.md, "Compression"), through the real API: a
compressed document is stored exactly, is the same artefact however it was compressed (or not), and
a stream that does not open within the document limit is refused with nothing written and nothing
allocated past the limit."""

import json
import tracemalloc
import zlib

import pytest

from sofs_direct.artefacts import compression
from sofs_direct.artefacts.envelope import PAYLOAD_MAX, IngestRefused
from sofs_direct.review import reopen
from tests.artefacts.test_seams import _upload
from tests.conftest import child_ids
from tests.tablet_client import canonical_json, deflate_raw, observation, receipt_matches

# A child's words as a worker types them, Welsh letters and an emoji among them: what compression
# must give back byte for byte.
WORDS = " ".join(["Mae Mam yn gweiddi weithiau ŵ ŷ", "I like it when Nan comes 🐶", "dinner", "bedtime"] * 200)


def _status(tablet, upload) -> tuple[int, dict]:
    status, _, answer = tablet.upload(upload)
    return status, answer


def test_a_compressed_document_is_stored_exactly_and_stays_the_same_artefact_however_it_is_sent(tablets, db, app):
    tablet = tablets()
    maisie = child_ids(db)["Maisie"]
    document = observation(maisie, WORDS)
    plain = canonical_json(document)
    sent = _upload(tablet, document, 1, encoding="deflate-raw")
    assert len(sent.sealed_payload) < len(plain) // 4  # what the link carries
    status, answer = _status(tablet, sent)
    assert (status, answer["status"]) == (200, "stored") and receipt_matches(status, "application/json", answer, sent)
    row = next(db.query("SELECT * FROM artefacts WHERE id = ?", [sent.id]))
    # The document exactly as the tablet wrote it; the hashes and length are of that plaintext.
    assert row["document"].encode("utf-8") == plain and json.loads(row["document"]) == document
    assert (row["payload_length"], row["payload_sha256"]) == (len(plain), sent.envelope["payload_sha256"])
    assert json.loads(row["envelope"])["payload_encoding"] == "deflate-raw"
    assert row["sealed_payload"] == sent.sealed_payload  # the sealed bytes kept as received
    # Review's "check it again" opens the stored upload the same way.
    with app.app_context():
        assert reopen(db, row, app.config["PARTS_DIR"]).payload == plain
    # The same document again — compressed again under a new key, compressed by another compressor,
    # marked as sent uncompressed, or from a tablet that knows no mark — is "already stored".
    for options in (
        {"encoding": "deflate-raw"},
        {"encoding": "deflate-raw", "sent_payload": _fast(plain)},
        {"encoding": "identity"},
        {},
        {"form": 1, "encoding": "deflate-raw"},
    ):
        again = _upload(tablet, document, 1, artefact_id=sent.id, **options)
        status, answer = _status(tablet, again)
        assert (status, answer["status"]) == (200, "already stored"), options
        assert receipt_matches(status, "application/json", answer, again), options
    # A different document under the same id is a conflict, compressed or not.
    other = _upload(tablet, observation(maisie, WORDS + " more"), 1, artefact_id=sent.id, encoding="deflate-raw")
    status, answer = _status(tablet, other)
    assert (status, answer["status"]) == (409, "conflict")
    assert db["artefacts"].count == 1 and db["artefact_conflicts"].count == 1
    # Drafts compress too, and a draft's snapshot reads back for carrying on elsewhere.
    begun = observation(maisie, WORDS)
    draft = _upload(tablet, begun, 2, state="draft", draft_version=1, encoding="deflate-raw")
    assert tablet.send(draft)[0]
    drafts = tablet.json("GET", "/api/drafts")[1]["drafts"]
    assert [entry["document"] for entry in drafts] == [begun]


def _fast(plain: bytes) -> bytes:
    """Another compressor's bytes for the same document (level 1, another window)."""
    compressor = zlib.compressobj(1, zlib.DEFLATED, -9)
    return compressor.compress(plain) + compressor.flush()


def _bomb(expands_to: int) -> bytes:
    """A raw deflate stream of `expands_to` zero bytes, made a mebibyte at a time."""
    compressor, zeros = zlib.compressobj(9, zlib.DEFLATED, -15), bytes(1 << 20)
    return b"".join(compressor.compress(zeros) for _ in range(expands_to >> 20)) + compressor.flush()


def test_a_decompression_bomb_stops_at_the_document_limit(app_context):
    bomb = _bomb(16 * PAYLOAD_MAX)  # 128 MiB of zeros in about 130 KB
    tracemalloc.start()
    try:
        with pytest.raises(IngestRefused) as refused:
            compression.inflate(bomb, PAYLOAD_MAX)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (refused.value.status, refused.value.error) == (422, "bad_compression")
    # The limit (and the byte that proves the stream too long), the stream's unread rest, and under a
    # mebibyte of working memory (the pieces, the refusal): nothing near the 128 MiB it would make.
    assert peak < PAYLOAD_MAX + len(bomb) + (1 << 20), peak
    plain = canonical_json(observation("5" * 36, WORDS))
    assert compression.inflate(deflate_raw(plain), len(plain)) == plain


@pytest.mark.parametrize("declared", ["small", "limit"])
def test_a_stream_that_does_not_open_within_its_length_is_refused_and_nothing_is_written(tablets, db, declared):
    tablet = tablets()
    maisie = child_ids(db)["Maisie"]
    document = observation(maisie, WORDS)
    plain = canonical_json(document)
    stream = deflate_raw(plain)
    if declared == "small":
        cases = {
            "a bomb": _bomb(64 << 20),
            "cut short": stream[: len(stream) // 2],
            "damaged": b"\xff" * 64 + stream[64:],
            "bytes after its end": stream + b"\x00trailing",
            "a document shorter than its length": deflate_raw(plain[:-1]),
        }
        for said, sent_payload in cases.items():
            upload = _upload(tablet, document, 1, encoding="deflate-raw", sent_payload=sent_payload)
            status, answer = _status(tablet, upload)
            assert (status, answer["error"]) == (422, "bad_compression"), said
            assert answer["message"] and "state" not in answer, said
        # The right length but not the document hashed: the hashes are of the plaintext.
        upload = _upload(tablet, document, 1, encoding="deflate-raw", sent_payload=deflate_raw(plain[:-1] + b" "))
        assert _status(tablet, upload)[1]["error"] == "hash_mismatch"
        # A mark this server does not know, or not a mark at all: the envelope is refused and named.
        for mark in ("gzip", ["deflate-raw"], None):
            upload = _upload(tablet, document, 1, encoding="deflate-raw")
            upload.envelope["payload_encoding"] = mark
            status, answer = _status(tablet, upload)
            assert (status, answer["error"], answer["field"]) == (400, "bad_envelope", "payload_encoding"), mark
    else:
        # Declared at the document limit, the bomb still stops there, and a draft is refused alike.
        upload = _upload(
            tablet,
            document,
            1,
            state="draft",
            draft_version=1,
            payload=bytes(PAYLOAD_MAX),  # what the envelope declares and binds: the limit's length
            encoding="deflate-raw",
            sent_payload=_bomb(64 << 20),
        )
        status, answer = _status(tablet, upload)
        assert (status, answer["error"]) == (422, "bad_compression")
    assert db["artefacts"].count == 0 and db["draft_snapshots"].count == 0
    # Nothing was written, so the tablet's own upload still goes through when it comes.
    assert tablet.send(_upload(tablet, document, 1, encoding="deflate-raw"))[0]
