"""Storing artefacts from tablets, without HTTP: exactly once, intact, refusals that leave nothing
behind, and what the team manager must review (quarantine, not allocated, conflicts, gaps)."""

import base64
import json
import os
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from sofs_direct.artefacts import sealing
from sofs_direct.artefacts import store as artefacts
from sofs_direct.artefacts.envelope import PART_MAX, IngestRefused, parse_envelope
from sofs_direct.artefacts.ingest import ingest
from sofs_direct.artefacts.oversight import flagged_for_team, sequence_gaps
from sofs_direct.platform import devices
from sofs_direct.platform.children import set_allocation
from tests.conftest import child_ids
from tests.sync_helpers import MEDIA_TYPES, NOTHING, photo, stored
from tests.tablet_client import canonical_json, make_upload, observation, sha256


class Store:
    """One worker with one registered tablet, and the server's key, inside an app context."""

    def __init__(self, app, db, parts_dir):
        self.app, self.db, self.parts_dir = app, db, Path(parts_dir)
        self.users = {row["username"]: row for row in db.query("SELECT * FROM users")}
        self.worker = self.users["demo.worker"]
        self.children = child_ids(db)
        self.device_id, _ = devices.register(db, self.worker["id"], "By the door")
        self.server_key = sealing.server_key()
        self.seq = 0

    def upload(
        self,
        text="She drew her house and said “this is where I'm safe”.",
        photos=(),
        child="Maisie",
        device_id=None,
        **options,
    ):
        self.seq += 1
        parts = [(name, MEDIA_TYPES[kind], data) for name, kind, data in photos]
        document = observation(self.children.get(child, child), text, [name for name, _, _ in photos])
        return make_upload(
            self.server_key,
            device_id or self.device_id,
            options.pop("device_seq", self.seq),
            document,
            parts,
            **options,
        )

    def ingest(self, upload, user=None, envelope=None):
        return ingest(
            self.db,
            user or self.worker,
            envelope or upload.envelope,
            upload.sealed_payload,
            upload.sealed_parts,
            self.parts_dir,
        )

    def refused(self, upload, user=None, envelope=None) -> IngestRefused:
        with pytest.raises(IngestRefused) as caught:
            self.ingest(upload, user, envelope)
        return caught.value

    def census(self):
        return stored(self.db, self.parts_dir)


@pytest.fixture
def store(app, db, tmp_path):
    with app.app_context():
        yield Store(app, db, app.config["PARTS_DIR"])


def _reseal(store, upload, envelope=None, payload=None, parts=None):
    """The same envelope with new sealed bytes: for tests that change what is inside the seal."""
    document_payload = payload if payload is not None else canonical_json(upload.document)
    fresh = make_upload(
        store.server_key,
        upload.envelope["device_id"],
        upload.envelope["device_seq"],
        upload.document,
        parts or [],
        artefact_id=upload.id,
        payload=document_payload,
        state=upload.envelope["state"],
        draft_version=upload.envelope["draft_version"],
    )
    if envelope:
        fresh.envelope.update(envelope)
    return fresh


def row_part(store, artefact_id):
    return next(store.db.query("SELECT * FROM artefact_parts WHERE artefact_id = ?", [artefact_id]))


# --- storing once -------------------------------------------------------------------------------


def test_a_finalised_observation_is_stored_intact_with_its_photo(store):
    jpeg = photo("JPEG")
    upload = store.upload(photos=[("photo-1", "JPEG", jpeg)])
    receipt = store.ingest(upload).as_json()
    assert receipt["receipt"] == "sofs-direct/2" and receipt["status"] == "stored" and receipt["review"] is None
    assert receipt["payload_sha256"] == upload.envelope["payload_sha256"] == sha256(canonical_json(upload.document))
    # The receipt echoes every field of the envelope the tablet checks (docs/sync.md, "The receipt").
    for name in (
        "id",
        "kind",
        "child_id",
        "device_id",
        "device_seq",
        "state",
        "draft_version",
        "device_time",
        "payload_length",
        "sealed_sha256",
    ):
        assert receipt[name] == upload.envelope[name], name
    assert receipt["parts"] == [
        {
            "name": "photo-1",
            "media_type": "image/jpeg",
            "sha256": sha256(jpeg),
            "length": len(jpeg),
            "sealed_sha256": upload.envelope["parts"][0]["sealed_sha256"],
        }
    ]
    row = artefacts.get(store.db, upload.id)
    # The sealed bytes exactly as received, and the document the server reads.
    assert row["sealed_payload"] == upload.sealed_payload and json.loads(row["envelope"]) == upload.envelope
    assert row["document"].encode() == canonical_json(upload.document)
    assert row["author_id"] == store.worker["id"] and row["flag"] is None and row["state"] == "finalised"
    part_file = store.parts_dir / row_part(store, upload.id)["path"]
    assert part_file.read_bytes() == upload.sealed_parts["photo-1"] and jpeg not in part_file.read_bytes()
    assert oct(part_file.stat().st_mode & 0o777) == "0o600"
    assert artefacts.read_part(store.db, upload.id, "photo-1", store.parts_dir) == jpeg
    audit = list(store.db.query("SELECT * FROM audit WHERE action = 'change'"))
    assert [(a["child_id"], a["user_id"], a["what"]) for a in audit] == [
        (store.children["Maisie"], store.worker["id"], "artefact stored")
    ]


def test_the_same_artefact_again_is_already_stored_and_nothing_is_rewritten(store):
    upload = store.upload(photos=[("photo-1", "PNG", photo("PNG"))])
    store.ingest(upload)
    part_file = store.parts_dir / row_part(store, upload.id)["path"]
    before = (store.census(), part_file.stat().st_ino, part_file.stat().st_mtime_ns)
    again = store.ingest(upload)
    assert again.status == "already stored"
    assert (store.census(), part_file.stat().st_ino, part_file.stat().st_mtime_ns) == before
    # Sealed again by the tablet (fresh key and IVs) it is still the same artefact; the receipt echoes
    # what was sent this time, so the tablet can verify it.
    resealed = _reseal(store, upload, parts=[("photo-1", "image/png", photo("PNG"))])
    receipt = store.ingest(resealed)
    answer = receipt.as_json()
    assert answer["status"] == "already stored" and answer["sealed_sha256"] == resealed.envelope["sealed_sha256"]
    assert store.census()["artefacts"] == 1


def test_a_different_copy_under_the_same_id_is_kept_for_review_and_refused(store):
    first = store.upload("The first version")
    store.ingest(first)
    second = store.upload("A different version", artefact_id=first.id)
    refusal = store.refused(second)
    assert (refusal.status, refusal.error) == (409, "conflict") and "Both are kept" in refusal.message
    assert json.loads(artefacts.get(store.db, first.id)["document"])["content"]["text"] == "The first version"
    conflicts = list(store.db.query("SELECT * FROM artefact_conflicts"))
    assert len(conflicts) == 1 and conflicts[0]["artefact_id"] == first.id
    assert conflicts[0]["sealed_payload"] == second.sealed_payload
    assert json.loads(conflicts[0]["document"])["content"]["text"] == "A different version"
    # The tablet resending that second copy (its 409 was lost) keeps it once, and is refused again.
    assert store.refused(second).status == 409
    assert store.census()["artefact_conflicts"] == 1 and store.census()["artefacts"] == 1


def test_the_same_words_with_a_different_photo_are_a_conflict_not_a_duplicate(store):
    first = store.upload("Look at my drawing", photos=[("photo-1", "JPEG", photo("JPEG", colour="red"))])
    store.ingest(first)
    other_photo = make_upload(
        store.server_key,
        store.device_id,
        first.envelope["device_seq"],
        first.document,
        [("photo-1", "image/jpeg", photo("JPEG", colour="blue"))],
        artefact_id=first.id,
    )
    assert other_photo.envelope["payload_sha256"] == first.envelope["payload_sha256"]
    assert store.refused(other_photo).status == 409
    # Both photos are kept: the conflict's part file is on disk next to the first.
    assert len(store.census()["part files"]) == 2


def test_emoji_and_right_to_left_words_are_stored_exactly_as_written(store):
    words = "Dywedodd hi 🙂🏳️‍🌈 ‏مرحبا‎ and שלום — “exactly this”\n\tnext line"
    upload = store.upload(words)
    store.ingest(upload)
    assert json.loads(artefacts.get(store.db, upload.id)["document"])["content"]["text"] == words


# --- refusals leave nothing -----------------------------------------------------------------------


def _set(path: str, value):
    def change(envelope):
        target = envelope
        keys = path.split(".")
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        if value is _DELETE:
            del target[keys[-1]]
        else:
            target[keys[-1]] = value

    return change


_DELETE = object()

ENVELOPE_PROBLEMS = {
    "missing field": ("device_seq", _set("device_seq", _DELETE), 400, "bad_envelope"),
    "unknown field": ("colour", _set("colour", "blue"), 400, "bad_envelope"),
    "unknown sealed field": ("sealed.extra", _set("sealed.extra", 1), 400, "bad_envelope"),
    "unknown part field": ("parts[0].extra", _set("parts.0.extra", 1), 400, "bad_envelope"),
    "id not a uuid": ("id", _set("id", "1"), 400, "bad_envelope"),
    "id in capitals": ("id", lambda e: e.update(id=e["id"].upper()), 400, "bad_envelope"),
    "kind a list": ("kind", _set("kind", ["observation"]), 400, "bad_envelope"),
    "kind an object": ("kind", _set("kind", {"observation": 1}), 400, "bad_envelope"),
    "kind not a name": ("kind", _set("kind", "../poem"), 400, "bad_envelope"),
    "media type a list": ("parts[0].media_type", _set("parts.0.media_type", ["image/jpeg"]), 400, "bad_envelope"),
    "media type an object": ("parts[0].media_type", _set("parts.0.media_type", {"a": 1}), 400, "bad_envelope"),
    "algorithm a list": ("sealed.alg", _set("sealed.alg", ["x"]), 400, "bad_envelope"),
    "sequence zero": ("device_seq", _set("device_seq", 0), 400, "bad_envelope"),
    "sequence as text": ("device_seq", _set("device_seq", "3"), 400, "bad_envelope"),
    "sequence as true": ("device_seq", _set("device_seq", True), 400, "bad_envelope"),
    "sequence enormous": ("device_seq", _set("device_seq", 2**40), 400, "bad_envelope"),
    "state unknown": ("state", _set("state", "sent"), 400, "bad_envelope"),
    "finalised with a draft version": ("draft_version", _set("draft_version", 2), 400, "bad_envelope"),
    "draft without a version": ("draft_version", _set("state", "draft"), 400, "bad_envelope"),
    "device time without zone": ("device_time", _set("device_time", "2026-11-23T10:15:00"), 400, "bad_envelope"),
    "hash in capitals": (
        "payload_sha256",
        lambda e: e.update(payload_sha256=e["payload_sha256"].upper()),
        400,
        "bad_envelope",
    ),
    "hash too short": ("sealed_sha256", _set("sealed_sha256", "abc"), 400, "bad_envelope"),
    "length negative": ("payload_length", _set("payload_length", -1), 400, "bad_envelope"),
    "length over 8 MiB": ("payload_length", _set("payload_length", 8 * 1024 * 1024 + 1), 400, "bad_envelope"),
    "wrong algorithm": ("sealed.alg", _set("sealed.alg", "none"), 400, "bad_envelope"),
    "key id not hex": ("sealed.key_id", _set("sealed.key_id", "../../secret_key"), 400, "bad_envelope"),
    "iv not base64": ("sealed.iv", _set("sealed.iv", "%%%"), 400, "bad_envelope"),
    "iv too short": ("sealed.iv", _set("sealed.iv", base64.b64encode(b"x" * 8).decode()), 400, "bad_envelope"),
    "part path-like ../x": ("parts[0].name", _set("parts.0.name", "../x"), 400, "bad_envelope"),
    "part path-like a/b": ("parts[0].name", _set("parts.0.name", "a/b"), 400, "bad_envelope"),
    "part name in capitals": ("parts[0].name", _set("parts.0.name", "Photo"), 400, "bad_envelope"),
    "part name too long": ("parts[0].name", _set("parts.0.name", "p" * 41), 400, "bad_envelope"),
    "part not allow-listed": ("parts[0].media_type", _set("parts.0.media_type", "image/svg+xml"), 400, "bad_envelope"),
    "video not allow-listed": ("parts[0].media_type", _set("parts.0.media_type", "video/webm"), 400, "bad_envelope"),
    "negative part length": ("parts[0].length", _set("parts.0.length", -1), 400, "bad_envelope"),
    "oversize part": ("parts[0].length", _set("parts.0.length", PART_MAX + 1), 400, "bad_envelope"),
    "too many parts": ("parts", lambda e: e.update(parts=e["parts"] * 121), 400, "bad_envelope"),
    "two parts one name": ("parts[1].name", lambda e: e.update(parts=e["parts"] * 2), 400, "bad_envelope"),
    # Step 5: the bytes received against what the envelope says.
    "sealed hash wrong": (None, _set("sealed_sha256", "0" * 64), 422, "hash_mismatch"),
    "payload length lies": (None, lambda e: e.update(payload_length=e["payload_length"] + 1), 422, "hash_mismatch"),
    "part sealed hash wrong": (None, _set("parts.0.sealed_sha256", "1" * 64), 422, "hash_mismatch"),
    "part length lies": (
        None,
        lambda e: e["parts"][0].update(length=e["parts"][0]["length"] - 1),
        422,
        "hash_mismatch",
    ),
    "part sealed length lies": (
        None,
        lambda e: e["parts"][0].update(sealed_length=e["parts"][0]["sealed_length"] + 1),
        422,
        "hash_mismatch",
    ),
    # Step 6: what the seal holds against what the envelope says. The envelope is bound to the payload
    # (protocol 2), so any of its fields changed on the way breaks the payload's tag.
    "plaintext hash wrong": (None, _set("payload_sha256", "2" * 64), 422, "decrypt_failed"),
    "part plaintext hash wrong": (None, _set("parts.0.sha256", "3" * 64), 422, "decrypt_failed"),
    "sequence number changed": (None, lambda e: e.update(device_seq=e["device_seq"] ^ 4), 422, "decrypt_failed"),
    "device time changed": (None, _set("device_time", "2026-11-23T10:15:00.000Z"), 422, "decrypt_failed"),
    "kind changed": (None, _set("kind", "three_houses"), 422, "decrypt_failed"),
    "part type changed": (None, _set("parts.0.media_type", "image/png"), 422, "decrypt_failed"),
    "key this server does not have": (None, _set("sealed.key_id", "0123456789abcdef"), 422, "decrypt_failed"),
}


@pytest.mark.parametrize("problem", ENVELOPE_PROBLEMS, ids=list(ENVELOPE_PROBLEMS))
def test_a_bad_envelope_is_refused_naming_the_field_and_leaves_nothing(store, problem):
    field_name, change, status, error = ENVELOPE_PROBLEMS[problem]
    upload = store.upload(photos=[("photo-1", "JPEG", photo("JPEG"))])
    envelope = json.loads(json.dumps(upload.envelope))
    change(envelope)
    refusal = store.refused(upload, envelope=envelope)
    assert (refusal.status, refusal.error) == (status, error), refusal.message
    assert refusal.message and "{" not in refusal.message
    if field_name:
        assert refusal.field == field_name and field_name in refusal.message
    assert store.census() == NOTHING
    # …and the right upload, sent next, is stored.
    assert store.ingest(upload).status == "stored"


def test_unparseable_or_huge_envelopes_are_refused(store):
    for text, words in (
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ("1e400", "not valid JSON"),
        ('{"id": 1, "id": 2}', "appears twice"),
        ("[" * 100000 + "]" * 100000, "128 KiB"),
        ("[" * 5000 + "]" * 5000, "not valid JSON"),
        (json.dumps({"pad": "x" * 140000}), "128 KiB"),
    ):
        with pytest.raises(IngestRefused) as caught:
            parse_envelope(text)
        assert caught.value.status == 400 and words in caught.value.message, (text[:20], caught.value.message)


def _with_document(store, document=None, payload=None, parts=(), state="draft", kind="observation"):
    base = store.upload()
    return make_upload(
        store.server_key,
        store.device_id,
        base.envelope["device_seq"],
        document or base.document,
        parts,
        payload=payload,
        state=state,
        draft_version=1 if state == "draft" else None,
        kind=kind,
        child_id=base.envelope["child_id"],
    )


def _document_problem(store, document=None, payload=None, parts=()):
    """A draft with this document: refused, as the tablet can still change it."""
    return store.refused(_with_document(store, document, payload, parts))


def kept_for_review(store, upload) -> dict:
    """A finalised upload the checks refuse: stored all the same, flagged with its reason, answered
    "needs review", and nowhere in the record (not indexed, not on the child's page)."""
    receipt = store.ingest(upload)
    assert receipt.status == "needs review" and receipt.review, receipt
    row = artefacts.get(store.db, upload.id)
    assert row["flag"] == "needs_review" and row["review_reason"] == receipt.review
    assert row["sealed_payload"] == upload.sealed_payload
    assert store.db["voice_items"].count == 0
    flagged = flagged_for_team(store.db, store.worker["team_id"])
    assert [(item["reason"], item["artefact_id"], item["review_reason"]) for item in flagged] == [
        ("needs_review", upload.id, receipt.review)
    ]
    assert store.ingest(upload).status == "already stored"  # sent again: never refused
    return row


DOCUMENT_PROBLEMS = {
    "NUL in the text": (lambda d: d["content"].update(text="before\x00after"), "special characters"),
    "escape character in the text": (lambda d: d["content"].update(text="bell\x07"), "special characters"),
    "lone surrogate": (lambda d: d["content"].update(text="broken \ud800 text"), "broken character"),
    "blank text": (lambda d: d["content"].update(text="  \n "), "no text"),
    "text too long": (lambda d: d["content"].update(text="a" * 20001), "20000"),
    "text not text": (lambda d: d["content"].update(text=["a"]), "must be text"),
    "unknown content field": (lambda d: d["content"].update(mood="happy"), "mood"),
    "unknown document field": (lambda d: d.update(location="home"), "location"),
    "missing content": (lambda d: d.pop("content"), "missing"),
    "schema 2": (lambda d: d.update(schema=2), "schema"),
    "schema true": (lambda d: d.update(schema=True), "schema"),
    "kind differs from the envelope": (lambda d: d.update(kind="three_houses"), "kind"),
    "child differs from the envelope": (lambda d: d.update(child_id=str(uuid.uuid4())), "child"),
    "created_at not a time": (lambda d: d.update(created_at="yesterday"), "created_at"),
    "supersedes not a uuid": (lambda d: d.update(supersedes="the last one"), "supersedes"),
    "photo not sent": (lambda d: d["content"].update(photos=["photo-9"]), "photo-9"),
    "photo named twice": (lambda d: d["content"].update(photos=["p", "p"]), "twice"),
}


FINAL_ONLY = {"blank text"}  # a draft may be unfinished: an observation with no text yet


@pytest.mark.parametrize("problem", sorted(set(DOCUMENT_PROBLEMS) - FINAL_ONLY))
def test_an_invalid_draft_is_refused_with_its_reason_and_leaves_nothing(store, problem):
    change, reason = DOCUMENT_PROBLEMS[problem]
    document = store.upload().document
    change(document)
    refusal = _document_problem(store, document)
    assert (refusal.status, refusal.error) == (422, "invalid_document")
    assert reason in refusal.message, refusal.message
    assert store.census() == NOTHING


@pytest.mark.parametrize("problem", DOCUMENT_PROBLEMS, ids=list(DOCUMENT_PROBLEMS))
def test_an_invalid_finished_document_is_kept_for_review_with_its_reason(store, problem):
    """A sealed artefact cannot be changed on the tablet: refusing it would strand it for ever."""
    change, reason = DOCUMENT_PROBLEMS[problem]
    document = store.upload().document
    change(document)
    row = kept_for_review(store, _with_document(store, document, state="finalised"))
    assert reason in row["review_reason"]


def test_a_document_that_is_not_the_contracts_json_is_refused_as_a_draft_and_kept_when_finished(store):
    document = store.upload().document
    good = canonical_json(document)
    for payload in (
        b"\xff\xfe not utf-8",
        b"{",
        good.replace(b'"schema":1', b'"schema":1.0'),
        good.replace(b"{", b'{"schema":1,', 1),
        b"[]" * 3,
    ):
        refusal = _document_problem(store, document, payload=payload)
        assert refusal.status == 422 and refusal.error in ("bad_document", "invalid_document"), payload
    assert store.census() == NOTHING
    row = kept_for_review(store, _with_document(store, document, payload=b"\xff\xfe not utf-8", state="finalised"))
    assert row["document"] == "null" and "not valid JSON" in row["review_reason"]


def test_a_kind_this_server_does_not_know_is_kept_for_review_when_finished(store):
    document = {**store.upload().document, "kind": "poem"}
    refusal = store.refused(_with_document(store, document, kind="poem"))
    assert (refusal.status, refusal.error) == (422, "unknown_kind")
    row = kept_for_review(store, _with_document(store, document, state="finalised", kind="poem"))
    assert row["kind"] == "poem" and "poem" in row["review_reason"]


def test_parts_must_be_what_they_say_and_what_the_document_uses(store):
    base = store.upload()
    document = observation(store.children["Maisie"], "Photos", ["photo-1"])
    for number, (parts, error, words) in enumerate(
        (
            ([("photo-1", "image/jpeg", b"%PDF-1.7 not a photo at all")], "bad_part", "image/jpeg"),
            ([("photo-1", "image/png", photo("JPEG"))], "bad_part", "image/png"),
            ([("photo-1", "image/webp", b"RIFF\x00\x00\x00\x00WAVEfmt ")], "bad_part", "image/webp"),
            (
                [("photo-1", "image/jpeg", photo("JPEG")), ("photo-2", "image/jpeg", photo("JPEG"))],
                "invalid_document",
                "photo-2",
            ),
        )
    ):
        draft = make_upload(
            store.server_key,
            store.device_id,
            base.envelope["device_seq"],
            document,
            parts,
            state="draft",
            draft_version=1,
        )
        refusal = store.refused(draft)
        assert (refusal.status, refusal.error) == (422, error) and words in refusal.message, refusal.message
        finished = make_upload(store.server_key, store.device_id, 20 + number, document, parts)
        receipt = store.ingest(finished)
        assert receipt.status == "needs review" and words in receipt.review
    for kind in ("JPEG", "PNG", "WEBP"):  # each allowed type, checked by its first bytes
        upload = make_upload(
            store.server_key, store.device_id, 50, document, [("photo-1", MEDIA_TYPES[kind], photo(kind))]
        )
        assert store.ingest(upload).status == "stored"


def test_a_part_missing_or_extra_is_refused(store):
    upload = store.upload(photos=[("photo-1", "JPEG", photo("JPEG"))])
    missing = replace(upload, sealed_parts={})
    assert store.refused(missing).error == "missing_part"
    extra = replace(upload, sealed_parts={**upload.sealed_parts, "photo-2": b"x" * 40})
    assert store.refused(extra).error == "unexpected_part"
    assert store.census() == NOTHING


def test_a_flipped_bit_is_refused_and_nothing_is_stored_until_the_right_bytes_arrive(store):
    upload = store.upload(photos=[("photo-1", "JPEG", photo("JPEG"))])
    flipped_payload = bytearray(upload.sealed_payload)
    flipped_payload[10] ^= 0x04
    refusal = store.refused(replace(upload, sealed_payload=bytes(flipped_payload)))
    assert (refusal.status, refusal.error) == (422, "hash_mismatch")
    flipped_part = bytearray(upload.sealed_parts["photo-1"])
    flipped_part[-3] ^= 0x80
    refusal = store.refused(replace(upload, sealed_parts={"photo-1": bytes(flipped_part)}))
    assert (refusal.status, refusal.error) == (422, "hash_mismatch")
    # Even when the sealed hash is recomputed over the changed bytes, the AES-GCM tag catches it.
    envelope = {**upload.envelope, "sealed_sha256": sha256(bytes(flipped_payload))}
    refusal = store.refused(replace(upload, sealed_payload=bytes(flipped_payload)), envelope=envelope)
    assert (refusal.status, refusal.error) == (422, "decrypt_failed")
    parts = [{**upload.envelope["parts"][0], "sealed_sha256": sha256(bytes(flipped_part))}]
    refusal = store.refused(
        replace(upload, sealed_parts={"photo-1": bytes(flipped_part)}), envelope={**upload.envelope, "parts": parts}
    )
    assert (refusal.status, refusal.error) == (422, "decrypt_failed")
    assert store.census() == NOTHING
    assert store.ingest(upload).status == "stored"
    assert store.census()["artefacts"] == 1


# --- device, child, allocation -------------------------------------------------------------------


def test_unknown_or_someone_elses_device_is_refused(store):
    refusal = store.refused(store.upload(device_id=str(uuid.uuid4())))
    assert (refusal.status, refusal.error) == (400, "unknown_device")
    other_device, _ = devices.register(store.db, store.users["other.worker"]["id"], "Owen's tablet")
    refusal = store.refused(store.upload(device_id=other_device))
    assert (refusal.status, refusal.error) == (400, "unknown_device")
    assert store.census() == NOTHING


def test_an_unknown_child_is_answered_as_a_child_not_allocated_and_kept_aside(store):
    """The answer must not tell whether a child id exists (the seams issue: 404 for an unknown child,
    200 for a real one, was an oracle); and work for a child deleted meanwhile is never lost."""
    answers = []
    for child in ("Leo", str(uuid.uuid4())):  # another team's child; no child at all
        upload = store.upload("Written for the wrong child", child=child)
        answer = store.ingest(upload).as_json()
        answers.append(
            {
                key: value
                for key, value in answer.items()
                if key
                not in ("id", "child_id", "device_seq", "device_time", "payload_sha256", "sealed_sha256", "server_time")
            }
        )
        assert store.ingest(upload).status == "already stored"
        # As a draft too, and with a content problem: the same answers either way.
        draft = store.upload("", child=child, state="draft", draft_version=1)
        assert store.ingest(draft).status == "stored"
        assert store.refused(store.upload("bell\x07", child=child, state="draft", draft_version=2)).status == 422
    assert answers[0] == answers[1] and answers[0]["status"] == "stored"
    [kept] = store.db.query("SELECT * FROM unmatched_uploads WHERE draft_version IS NULL")
    assert kept["author_id"] == store.worker["id"] and kept["flag"] is None
    flagged = flagged_for_team(store.db, store.worker["team_id"])
    assert {(item["reason"], item["state"]) for item in flagged} >= {
        ("unknown_child", "finalised"),
        ("unknown_child", "draft"),
    }
    # Its number arrived: the manager is not told it is missing.
    missing = {
        number
        for gap in sequence_gaps(store.db, store.worker["team_id"])
        for number in range(gap["first_missing"], gap["last_missing"] + 1)
    }
    assert not missing & {row["device_seq"] for row in store.db.query("SELECT device_seq FROM unmatched_uploads")}


def test_a_child_no_longer_allocated_is_stored_flagged_for_the_manager(store):
    set_allocation(store.db, store.children["Maisie"], [store.users["demo.manager"]["id"]])
    upload = store.upload("Written before the reallocation reached the tablet")
    assert store.ingest(upload).status == "stored"  # the tablet may forget it: it is safe
    assert artefacts.get(store.db, upload.id)["flag"] == "not_allocated"
    # Another team's child: kept too, for both teams' managers, never lost.
    leo = store.upload("Wrong child picked", child="Leo")
    store.ingest(leo)
    assert artefacts.get(store.db, leo.id)["flag"] == "not_allocated"
    demo_team, other_team = store.worker["team_id"], store.users["other.worker"]["team_id"]
    assert {row["artefact_id"] for row in flagged_for_team(store.db, demo_team)} == {upload.id, leo.id}
    assert {row["artefact_id"] for row in flagged_for_team(store.db, other_team)} == {leo.id}


def test_a_revoked_tablet_is_quarantined_not_refused(store):
    devices.revoke(store.db, store.device_id, store.users["demo.admin"]["id"])
    upload = store.upload("Sent from a tablet reported lost")
    assert store.ingest(upload).status == "quarantined"
    assert artefacts.get(store.db, upload.id)["flag"] == "quarantined"
    assert store.ingest(upload).status == "already stored"
    flagged = flagged_for_team(store.db, store.worker["team_id"])
    assert [(f["reason"], f["author"], f["device_name"], f["kind"]) for f in flagged] == [
        ("quarantined", "Dana Worker", "By the door", "observation")
    ]
    assert "Sent from a tablet" not in json.dumps(flagged)  # no child words on the review list


# --- drafts and gaps ------------------------------------------------------------------------------


def test_drafts_are_listed_only_to_their_author_newest_first_until_finalised(store):
    artefact_id = str(uuid.uuid4())
    for version, text in ((1, ""), (2, "Half a sen"), (3, "Half a sentence")):
        draft = store.upload(text, artefact_id=artefact_id, state="draft", draft_version=version, device_seq=1)
        assert store.ingest(draft).status == "stored"  # a draft may be empty: it is not finished
    drafts = artefacts.drafts_for_author(store.db, store.worker, store.parts_dir)
    assert [(d["id"], d["draft_version"], d["document"]["content"]["text"]) for d in drafts] == [
        (artefact_id, 3, "Half a sentence")
    ]
    for other in ("demo.manager", "other.worker", "demo.admin"):
        assert artefacts.drafts_for_author(store.db, store.users[other], store.parts_dir) == []
    # Reallocated: the author no longer sees the child's draft either.
    set_allocation(store.db, store.children["Maisie"], [store.users["demo.manager"]["id"]])
    assert artefacts.drafts_for_author(store.db, store.worker, store.parts_dir) == []
    set_allocation(store.db, store.children["Maisie"], [store.worker["id"]])
    final = store.upload("Half a sentence, finished.", artefact_id=artefact_id, device_seq=1)
    store.ingest(final)
    assert artefacts.drafts_for_author(store.db, store.worker, store.parts_dir) == []
    # An empty finalised observation is kept, but for the manager's review only.
    assert store.ingest(store.upload("   ")).status == "needs review"


def test_a_drafts_photos_come_back_with_it_for_another_tablet(store):
    import base64

    jpeg = photo("JPEG")
    draft = store.upload("The drawing she made", photos=[("photo-1", "JPEG", jpeg)], state="draft", draft_version=1)
    store.ingest(draft)
    [listed] = artefacts.drafts_for_author(store.db, store.worker, store.parts_dir)
    assert listed["parts"] == [{"name": "photo-1", "media_type": "image/jpeg", "data": base64.b64encode(jpeg).decode()}]


def test_the_same_draft_version_with_different_words_is_a_conflict(store):
    artefact_id = str(uuid.uuid4())
    store.ingest(store.upload("Tablet A's words", artefact_id=artefact_id, state="draft", draft_version=4))
    refusal = store.refused(store.upload("Tablet B's words", artefact_id=artefact_id, state="draft", draft_version=4))
    assert refusal.status == 409
    assert [row["reason"] for row in flagged_for_team(store.db, store.worker["team_id"])] == ["conflict"]


def test_sequence_gaps_name_the_tablet_and_what_has_not_arrived(store):
    for seq in (1, 2, 5, 9):
        store.ingest(store.upload(device_seq=seq))
    store.ingest(store.upload("draft", state="draft", draft_version=1, device_seq=7))  # drafts count as arrived
    gaps = sequence_gaps(store.db, store.worker["team_id"])
    assert [(g["person"], g["device_name"], g["first_missing"], g["last_missing"]) for g in gaps] == [
        ("Dana Worker", "By the door", 3, 4),
        ("Dana Worker", "By the door", 6, 6),
        ("Dana Worker", "By the door", 8, 8),
    ]
    assert gaps[0]["last_seen_at"]
    assert sequence_gaps(store.db, store.users["other.worker"]["team_id"]) == []
    store.ingest(store.upload(device_seq=3))
    store.ingest(store.upload(device_seq=4))
    assert [g["first_missing"] for g in sequence_gaps(store.db, store.worker["team_id"])] == [6, 8]


def test_a_crash_after_writing_a_part_file_leaves_a_retry_that_completes(store, monkeypatch):
    """A part file written just before the process died (no row) is adopted, not duplicated."""
    upload = store.upload(photos=[("photo-1", "JPEG", photo("JPEG"))])
    part = upload.envelope["parts"][0]

    def die(*_args, **_kwargs):
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr("sofs_direct.artefacts.ingest._audit", die)
    with pytest.raises(KeyboardInterrupt):
        store.ingest(upload)
    assert store.census()["artefacts"] == 0  # rolled back: no row…
    assert store.census()["part files"] == [artefacts.part_path(part["sealed_sha256"])]  # …a complete file
    monkeypatch.undo()
    assert store.ingest(upload).status == "stored"
    census = store.census()
    assert census["artefacts"] == 1 and len(census["part files"]) == 1
    assert not [name for name in os.listdir(store.parts_dir / part["sealed_sha256"][:2]) if name.endswith(".tmp")]
