"""The server's sealing key: made once and kept private, opens what a tablet (and Web Crypto) seals,
refuses anything changed in transit, and keeps old keys through rotation."""

import base64
import hashlib
import stat

import pytest
from cryptography.hazmat.primitives import serialization

from sofs_direct import create_app
from sofs_direct.artefacts import sealing
from sofs_direct.platform import devices
from sofs_direct.platform.db import connect
from tests.conftest import base_config, child_ids, login
from tests.tablet_client import HttpTablet, canonical_json, make_upload, observation, seal, upload_body


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _flip(data: bytes, index: int = 0) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


def _open(app, fields, sealed_payload):
    with app.app_context():
        key = sealing.unwrap(fields["sealed"]["key_id"], base64.b64decode(fields["sealed"]["wrapped_key"]))
        return sealing.open_sealed(key, base64.b64decode(fields["sealed"]["iv"]), sealed_payload)


@pytest.fixture
def instance(tmp_path, monkeypatch):
    folder = tmp_path / "instance"
    monkeypatch.setenv("SOFS_INSTANCE", str(folder))
    return folder


def test_first_start_makes_an_owner_only_key_that_later_starts_keep(instance, database):
    app = create_app(base_config(database))
    key_file = instance / "server_key.pem"
    assert key_file.exists() and _mode(key_file) == 0o600
    with app.app_context():
        published = sealing.server_key()
    der = base64.b64decode(published["spki"])
    public_key = serialization.load_der_public_key(der)
    assert public_key.key_size == 3072
    assert published["key_id"] == hashlib.sha256(der).hexdigest()[:16]
    with create_app(base_config(database)).app_context():
        assert sealing.server_key() == published  # a restart does not change the key tablets hold


def test_what_a_tablet_seals_only_the_server_opens(app):
    with app.app_context():
        server_key = sealing.server_key()
    payload = canonical_json({"words": "I like the park 🌳"})
    fields, sealed_payload, _ = seal(server_key, payload)
    assert payload not in sealed_payload
    assert _open(app, fields, sealed_payload) == payload
    with pytest.raises(sealing.SealBroken, match="changed in transit"):
        _open(app, fields, _flip(sealed_payload, 5))
    with pytest.raises(sealing.SealBroken, match="changed in transit"):
        _open(app, fields, _flip(sealed_payload, len(sealed_payload) - 1))  # in the tag
    wrapped = base64.b64decode(fields["sealed"]["wrapped_key"])
    broken = {**fields, "sealed": {**fields["sealed"], "wrapped_key": base64.b64encode(_flip(wrapped, 7)).decode()}}
    with pytest.raises(sealing.SealBroken, match="does not open"):
        _open(app, broken, sealed_payload)
    unknown = {**fields, "sealed": {**fields["sealed"], "key_id": "0123456789abcdef"}}
    with pytest.raises(sealing.SealBroken, match="does not have"):
        _open(app, unknown, sealed_payload)


def test_what_web_crypto_seals_the_server_opens(page, live_server):
    """The tablet seals with the browser's Web Crypto: RSA-OAEP {hash: SHA-256} and AES-GCM."""
    with live_server.app.app_context():
        server_key = sealing.server_key()
    page.goto(live_server.url + "/login")
    sealed = page.evaluate(
        """async ({spki, text}) => {
        const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const b64 = (array) => btoa(String.fromCharCode(...new Uint8Array(array)));
        const publicKey = await crypto.subtle.importKey("spki", bytes(spki), {name: "RSA-OAEP", hash: "SHA-256"},
                                                        false, ["wrapKey"]);
        const key = await crypto.subtle.generateKey({name: "AES-GCM", length: 256}, true, ["encrypt"]);
        const iv = crypto.getRandomValues(new Uint8Array(12));
        const ciphertext = await crypto.subtle.encrypt({name: "AES-GCM", iv}, key, new TextEncoder().encode(text));
        const wrapped = await crypto.subtle.wrapKey("raw", key, publicKey, {name: "RSA-OAEP"});
        return {wrapped: b64(wrapped), iv: b64(iv), ciphertext: b64(ciphertext)};
    }""",
        {"spki": server_key["spki"], "text": "Mae hi'n hapus 🙂"},
    )
    fields = {"sealed": {"key_id": server_key["key_id"], "wrapped_key": sealed["wrapped"], "iv": sealed["iv"]}}
    assert _open(live_server.app, fields, base64.b64decode(sealed["ciphertext"])) == "Mae hi'n hapus 🙂".encode()


def test_rotation_keeps_every_old_key_so_older_uploads_still_open(instance, database, tmp_path):
    app = create_app(base_config(database))
    client = app.test_client()
    login(client, "demo.worker")
    with app.app_context():
        first = sealing.server_key()
    result = app.test_cli_runner().invoke(args=["rotate-server-key"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        second = sealing.server_key()  # the running server notices without a restart
    assert second["key_id"] != first["key_id"] and second["key_id"] in result.output
    archived = instance / "server_keys" / f"{first['key_id']}.pem"
    assert archived.exists() and _mode(archived) == 0o600 and _mode(instance / "server_key.pem") == 0o600
    assert app.test_cli_runner().invoke(args=["rotate-server-key"]).exit_code == 0
    assert (instance / "server_keys" / f"{second['key_id']}.pem").exists()

    # An artefact sealed to the first key, still waiting on a tablet, uploads after both rotations.
    db = connect(database)
    worker = next(db.query("SELECT * FROM users WHERE username = 'demo.worker'"))
    device_id, _ = devices.register(db, worker["id"], "Old tablet")
    upload = make_upload(first, device_id, 1, observation(child_ids(db)["Maisie"], "Sealed before the rotation"))
    body, content_type = upload_body(upload)
    token = client.get("/api/session").get_json()["csrf_token"]
    answer = client.put(
        f"/api/artefacts/{upload.id}", data=body, content_type=content_type, headers={"X-CSRFToken": token}
    )
    assert answer.status_code == 200 and answer.get_json()["status"] == "stored"
    assert client.get("/api/server-key").get_json()["key_id"] not in (first["key_id"], second["key_id"])
    db.close()


def test_a_running_server_hands_out_the_current_key(live_server):
    tablet = HttpTablet(live_server.url).sign_in("demo.worker")
    try:
        registered = tablet.register()
        status, published = tablet.json("GET", "/api/server-key")
    finally:
        tablet.close()
    assert status == 200 and published == registered["server_key"]
