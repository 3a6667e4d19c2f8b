"""The envelope's second form through the real API (docs/sync.md, "The sealed envelope"): a tablet
that seals everything but the id, the device and the sequence number is stored exactly as one that
sends the whole envelope in clear, which the server still takes from tablets not yet updated."""

import json
import uuid

from tests.artefacts.test_seams import _notice, _upload
from tests.conftest import child_ids
from tests.sync_helpers import photo
from tests.tablet_client import observation, receipt_matches, sealed_notice, upload_fields


def test_the_old_and_the_new_envelope_are_stored_alike_and_only_the_new_keeps_nothing_in_clear(tablets, db):
    tablet = tablets()
    maisie = child_ids(db)["Maisie"]
    jpeg = photo("JPEG")
    old = _upload(tablet, observation(maisie, "Sent by a tablet not yet updated"), 1, form=1)
    new = _upload(tablet, observation(maisie, "Sent sealed", ["photo-1"]), 2, parts=[("photo-1", "image/jpeg", jpeg)])
    for upload, receipt_format in ((old, "sofs-direct/2"), (new, "sofs-direct/3")):
        status, content_type, answer = tablet.upload(upload)
        assert status == 200 and answer["receipt"] == receipt_format and answer["status"] == "stored", answer
        assert receipt_matches(status, content_type, answer, upload)
        # Stored the same way: the whole envelope the server opened, the sealed bytes as received.
        row = next(db.query("SELECT * FROM artefacts WHERE id = ?", [upload.id]))
        assert json.loads(row["envelope"]) == upload.envelope and row["sealed_payload"] == upload.sealed_payload
        assert (row["child_id"], row["kind"], row["device_seq"]) == (
            maisie,
            "observation",
            upload.envelope["device_seq"],
        )
    # What the new form sends (and what the tablet keeps) names no child, kind, time, plaintext hash or
    # part: only the id, the device, the sequence number and the sealed bytes' own hashes.
    wire, wire_parts = new.wire()
    assert set(wire) == {"envelope", "id", "device_id", "device_seq", "sealed_sha256", "sealed", "metadata", "parts"}
    text = json.dumps(wire)
    for hidden in (maisie, "observation", "finalised", "photo-1", "image/jpeg", new.envelope["payload_sha256"]):
        assert hidden not in text, hidden
    assert new.envelope["device_time"][:16] not in text and new.envelope["parts"][0]["sha256"] not in text
    assert list(wire_parts) == ["0"] and wire["parts"] == [
        {"sealed_sha256": new.envelope["parts"][0]["sealed_sha256"], "sealed_length": len(jpeg) + 16}
    ]
    # The new receipt echoes only what the tablet still has in clear.
    status, _, again = tablet.upload(new)
    assert again["status"] == "already stored" and "child_id" not in again and "kind" not in again
    assert db["artefacts"].count == 2


def test_the_new_envelope_is_bound_and_its_refusals_are_readable(tablets, db):
    tablet = tablets()
    maisie = child_ids(db)["Maisie"]
    upload = _upload(tablet, observation(maisie, "Bound"), 1)
    # A bit flipped in a clear field on the way fails the metadata's tag: sent again, it is stored.
    wire, parts = upload.wire()
    status, answer = _send(tablet, upload, {**wire, "device_seq": 2})
    assert (status, answer["error"]) == (422, "decrypt_failed") and "could not be opened" in answer["message"]
    for change, field in (
        ({"envelope": 3}, "envelope"),
        ({"metadata": {"iv": wire["metadata"]["iv"]}}, "metadata.sealed"),
        ({"kind": "observation"}, "kind"),
        ({"sealed": {**wire["sealed"], "alg": "RSA-OAEP-256+A256GCM"}}, "sealed.alg"),
    ):
        status, answer = _send(tablet, upload, {**wire, **change})
        assert (status, answer["error"], answer["field"]) == (400, "bad_envelope", field), change
        assert answer["message"]
    # A field inside the seal is checked like the first form's, and named: the tablet sealed it wrong.
    upload.envelope["state"] = "sent"
    status, answer = _send(tablet, upload, upload.wire()[0])
    assert (status, answer["field"]) == (400, "state")
    assert db["artefacts"].count == 0
    upload.envelope["state"] = "finalised"
    ok, _ = tablet.send(upload)
    assert ok and db["artefacts"].count == 1
    # A draft whose content the kind refuses is refused saying it is a draft's (the tablet's sender no
    # longer knows which of its items are drafts): the tablet sets that autosave aside.
    draft = _upload(tablet, observation(maisie, "A photo not sent", ["photo-9"]), 2, state="draft", draft_version=1)
    status, _, answer = tablet.upload(draft)
    assert (status, answer.get("state")) == (422, "draft"), answer


def test_a_sealed_discard_notice_is_recorded_like_a_clear_one(tablets, db):
    tablet = tablets()
    maisie = child_ids(db)["Maisie"]
    key = tablet.device["server_key"]
    for seq in (1, 2):
        artefact_id = str(uuid.uuid4())
        notice = (
            sealed_notice(key, _notice(tablet, artefact_id, maisie, seq))
            if seq == 1
            else _notice(tablet, artefact_id, maisie, seq)
        )
        status, receipt = tablet.json("POST", f"/api/artefacts/{artefact_id}/discarded", notice)
        assert status == 200 and (receipt["status"], receipt["device_seq"]) == ("discarded", seq), receipt
    rows = list(db.query("SELECT kind, child_id, device_seq FROM discarded_drafts ORDER BY device_seq"))
    assert rows == [{"kind": "observation", "child_id": maisie, "device_seq": seq} for seq in (1, 2)]
    sealed = sealed_notice(key, _notice(tablet, str(uuid.uuid4()), maisie, 3))
    status, answer = tablet.json("POST", f"/api/artefacts/{sealed['id']}/discarded", {**sealed, "device_seq": 4})
    assert (status, answer["error"]) == (422, "decrypt_failed")


def _send(tablet, upload, wire):
    """Send `upload` with `wire` as its envelope (changed on the way)."""
    status, _, answer = tablet.upload(upload, upload_fields(upload, json.dumps(wire)))
    return status, answer
