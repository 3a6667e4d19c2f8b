"""Protocol v2 upload framing (docs/sync.md, "The upload's body"): what a tablet that has updated sends
and one that has not, both stored through the real server; and every body the framing refuses,
refused readably before anything is stored — a length over its limit before a byte of it is read."""

import json
import struct

from sofs_direct.artefacts.envelope import ENVELOPE_MAX, PART_MAX, PAYLOAD_MAX
from tests.conftest import child_ids
from tests.sync_helpers import NOTHING, photo, stored
from tests.tablet_client import FRAMED, FRAMED_HEADER, HttpTablet, framed_pieces, make_upload, observation

U32 = struct.Struct(">I")


def test_a_tablet_that_has_not_updated_and_one_that_has_are_both_stored(live_server, db):
    """An old tablet (protocol 1 seal, whole envelope in clear, multipart) and a new one (sealed
    envelope, v2 framing) send through the real server; each gets the receipt it checks."""
    maisie = child_ids(db)["Maisie"]
    old, new = HttpTablet(live_server.url, framing=1), HttpTablet(live_server.url)
    try:
        for tablet, protocol, words in ((old, 1, "Sent as multipart"), (new, 2, "Sent framed")):
            device = tablet.sign_in("demo.worker").register()
            upload = make_upload(
                device["server_key"],
                device["device_id"],
                1,
                observation(maisie, words, ["photo-1"]),
                [("photo-1", "image/png", photo("PNG"))],
                protocol=protocol,
            )
            ok, answer = tablet.send(upload)
            assert ok and answer["status"] == "stored", answer
            assert answer["receipt"] == ("sofs-direct/1" if protocol == 1 else "sofs-direct/3")
            again_ok, again = tablet.send(upload)  # a lost answer: sent again, stored once
            assert again_ok and again["status"] == "already stored"
    finally:
        old.close()
        new.close()
    texts = [json.loads(row["document"])["content"]["text"] for row in db.query("SELECT document FROM artefacts")]
    assert sorted(texts) == ["Sent as multipart", "Sent framed"]
    assert db["artefact_parts"].count == 2


def _put(client, upload_id, body, content_type=FRAMED):
    token = client.get("/api/session").get_json()["csrf_token"]
    return client.put(
        f"/api/artefacts/{upload_id}", data=body, content_type=content_type, headers={"X-CSRFToken": token}
    )


def _pieces(upload, parts=None, envelope=None):
    """The v2 body's pieces for `upload` (its parts by the names they are sent under)."""
    wire, wire_parts = upload.wire()
    text = envelope if envelope is not None else json.dumps(wire)
    return framed_pieces(text, upload.sealed_payload, wire_parts if parts is None else parts)


def test_every_body_the_framing_refuses_is_refused_readably_and_stores_nothing(app, as_user, db):
    client = as_user("demo.worker")
    token = client.get("/api/session").get_json()["csrf_token"]
    device = client.post("/api/devices", json={"name": "Test tablet"}, headers={"X-CSRFToken": token}).get_json()
    maisie = child_ids(db)["Maisie"]
    two_photos = [("photo-1", "image/jpeg", photo("JPEG")), ("photo-2", "image/png", photo("PNG"))]
    document = observation(maisie, "Two photos", ["photo-1", "photo-2"])
    upload = make_upload(device["server_key"], device["device_id"], 1, document, two_photos)
    clear = make_upload(device["server_key"], device["device_id"], 2, document, two_photos, form=1)
    good = b"".join(_pieces(upload))
    first, second = upload.wire()[1]["0"], upload.wire()[1]["1"]
    header_and_envelope = b"".join(_pieces(upload)[:3])

    def declared(length):  # a piece's length with none of its bytes after it
        return header_and_envelope + U32.pack(length)

    cases = {
        "cut off in the middle": (good[: len(good) // 2], 400, "bad_framing"),
        "cut off in the header": (good[:5], 400, "bad_framing"),
        "cut off before the last part": (good[: -len(second) - 4], 400, "bad_framing"),
        "bytes after the last part": (good + b"\0", 400, "bad_framing"),
        "another version": (b"SOFSART\x03" + good[8:], 400, "bad_framing"),
        "not the framing at all": (b'{"envelope": {}}', 400, "bad_framing"),
        # Refused when the length arrives: were the bytes read first, these would be "cut off".
        "an envelope over its limit": (FRAMED_HEADER + U32.pack(ENVELOPE_MAX + 1), 400, "bad_envelope"),
        "a payload over its limit": (declared(PAYLOAD_MAX + 17), 413, "too_large"),
        "a part over its limit": (
            b"".join(_pieces(upload)[:6]) + b"\x01" + b"0" + U32.pack(PART_MAX + 17),
            413,
            "too_large",
        ),
        "a part sent twice": (
            b"".join(_pieces(upload, {"0": first, "1": second})[:-4] + _pieces(upload, {"0": first})[-4:]),
            400,
            "duplicate_part",
        ),
        "a part the envelope does not list": (
            b"".join(_pieces(upload, {"0": first, "7": second})),
            400,
            "unexpected_part",
        ),
        "a part left out": (b"".join(_pieces(upload, {"0": first})), 400, "missing_part"),
        "a part of another length than declared": (
            b"".join(_pieces(upload, {"0": first, "1": second + b"\0"})),
            400,
            "length_mismatch",
        ),
        "a payload of another length than declared": (
            b"".join(framed_pieces(json.dumps(clear.envelope), clear.sealed_payload + b"\0", clear.sealed_parts)),
            400,
            "length_mismatch",
        ),
        "a declared length that is not a number": (
            b"".join(
                framed_pieces(
                    json.dumps({**clear.envelope, "payload_length": "12"}), clear.sealed_payload, clear.sealed_parts
                )
            ),
            400,
            "bad_envelope",
        ),
        "an envelope naming two parts alike": (
            b"".join(
                framed_pieces(
                    json.dumps({**clear.envelope, "parts": [clear.envelope["parts"][0]] * 2}),
                    clear.sealed_payload,
                    clear.sealed_parts,
                )
            ),
            400,
            "bad_envelope",
        ),
        "an envelope that is not UTF-8": (FRAMED_HEADER + U32.pack(2) + b"\xff\xfe", 400, "bad_envelope"),
        # The hash taken while the bytes arrived is the one checked: a flipped bit is still found.
        "a flipped bit in a part": (
            b"".join(_pieces(upload, {"0": first, "1": bytes([second[0] ^ 1]) + second[1:]})),
            422,
            "hash_mismatch",
        ),
    }
    for name, (body, status, error) in cases.items():
        response = _put(client, upload.id, body)
        assert response.status_code == status and response.is_json, (name, response.status_code, response.data[:300])
        answer = response.get_json()
        assert answer["error"] == error and answer["message"], (name, answer)
        assert stored(db, app.config["PARTS_DIR"]) == NOTHING, name
    wrong_type = _put(client, upload.id, good, "application/octet-stream")
    assert wrong_type.status_code == 400 and wrong_type.get_json()["error"] == "bad_request"
    assert FRAMED in wrong_type.get_json()["message"]
    assert _put(client, upload.id, good).get_json()["status"] == "stored"
    clear_body = framed_pieces(json.dumps(clear.envelope), clear.sealed_payload, clear.sealed_parts)
    assert _put(client, clear.id, b"".join(clear_body)).get_json()["status"] == "stored"  # the first form too
    assert db["artefact_parts"].count == 4
