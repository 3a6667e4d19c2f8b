"""Tablets: registering one (the secret is given once and never kept), listing a person's tablets,
and an administrator revoking a lost one."""

import base64
import hashlib
import json

from sofs_direct.platform import devices
from tests.conftest import login, post_form


def _user(db, username):
    return next(db.query("SELECT * FROM users WHERE username = ?", [username]))


def _api_token(client):
    return client.get("/api/session").get_json()["csrf_token"]


def test_the_secret_is_given_once_and_only_its_hash_is_kept(db):
    worker = _user(db, "demo.worker")
    device_id, secret = devices.register(db, worker["id"], "Tablet by the door")
    raw = base64.urlsafe_b64decode(secret + "=" * (-len(secret) % 4))
    assert len(raw) == 32
    row = devices.get(db, device_id)
    assert row["secret_sha256"] == hashlib.sha256(raw).hexdigest()
    dump = "\n".join(db.conn.iterdump())
    assert secret not in dump and raw.hex() not in dump
    second_id, second_secret = devices.register(db, worker["id"], "")
    assert second_id != device_id and second_secret != secret


def test_a_persons_tablets_are_listed_newest_first_and_revoking_is_recorded(db):
    worker, admin = _user(db, "demo.worker"), _user(db, "demo.admin")
    first, _ = devices.register(db, worker["id"], "First")
    db.execute("UPDATE devices SET registered_at = '2026-01-01T00:00:00+00:00' WHERE id = ?", [first])
    db.conn.commit()
    second, _ = devices.register(db, worker["id"], "Second")
    devices.register(db, _user(db, "other.worker")["id"], "Not Dana's")
    assert [d["name"] for d in devices.for_user(db, worker["id"])] == ["Second", "First"]
    assert devices.revoke(db, first, admin["id"]) is True
    assert devices.revoke(db, first, admin["id"]) is False  # already revoked: the first time stands
    listed = {d["id"]: d for d in devices.for_user(db, worker["id"])}
    assert listed[first]["revoked_at"] and listed[first]["revoked_by_name"] == "Alex Admin"
    assert listed[second]["revoked_at"] is None


def test_registering_over_the_api_returns_the_secret_and_the_server_key(as_user, db):
    client = as_user("demo.worker")
    response = client.post(
        "/api/devices", json={"name": "  Tablet by the door "}, headers={"X-CSRFToken": _api_token(client)}
    )
    assert response.status_code == 201
    answer = response.get_json()
    assert set(answer) == {
        "device_id",
        "device_secret",
        "server_key",
        "carry_days",
        "idle_lock_seconds",
        "capture_reserve_bytes",
        "unlock",
        "upload_token",
        "session_key",
    }
    assert answer["carry_days"] == 7 and answer["idle_lock_seconds"] == 300
    # The test profile's Argon2id cost (conftest), and no requirement for the tablet's own authenticator.
    assert answer["unlock"] == {
        "kdf": {"algorithm": "argon2id", "memory_kib": 64, "iterations": 1, "parallelism": 1},
        "require_prf": False,
    }
    assert set(answer["server_key"]) == {"key_id", "spki"}
    row = devices.get(db, answer["device_id"])
    assert row["user_id"] == _user(db, "demo.worker")["id"] and row["name"] == "Tablet by the door"
    # The tablet's two credentials: 256 random bits each, kept on the server as SHA-256 only.
    for name in ("upload_token", "session_key"):
        assert len(base64.urlsafe_b64decode(answer[name] + "=")) == 32
        assert row[f"{name}_sha256"] == hashlib.sha256(answer[name].encode()).hexdigest()
        assert answer[name] not in json.dumps(dict(row))
    audit = next(db.query("SELECT * FROM audit WHERE action = 'account' ORDER BY id DESC LIMIT 1"))
    assert answer["device_id"] in audit["what"] and answer["device_secret"] not in json.dumps(dict(audit))
    # With no body at all the name is optional.
    assert client.post("/api/devices", headers={"X-CSRFToken": _api_token(client)}).status_code == 201


def test_a_bad_registration_is_refused_with_a_reason(as_user, db):
    client = as_user("demo.worker")
    before = db["devices"].count
    for body in ({"name": "x" * 61}, {"name": "tab\x00let"}, {"name": 7}, {"name": "ok", "owner": "someone"}, [1]):
        response = client.post("/api/devices", json=body, headers={"X-CSRFToken": _api_token(client)})
        assert response.status_code == 400 and response.get_json()["error"] == "bad_request", body
        assert response.get_json()["message"]
    response = client.post(
        "/api/devices", data=b"{not json", content_type="application/json", headers={"X-CSRFToken": _api_token(client)}
    )
    assert response.status_code == 400 and "JSON" in response.get_json()["message"]
    assert db["devices"].count == before


def test_an_admin_sees_a_persons_tablets_and_revokes_one(app, as_user, db):
    worker = _user(db, "demo.worker")
    kept, _ = devices.register(db, worker["id"], "Kitchen tablet")
    lost, _ = devices.register(db, worker["id"], "Lost on the bus")
    admin = as_user("demo.admin")
    page = admin.get(f"/admin/users/{worker['id']}").get_data(as_text=True)
    assert "Kitchen tablet" in page and "Lost on the bus" in page and page.count(">Revoke<") == 2
    response = post_form(
        admin, f"/admin/users/{worker['id']}/devices/{lost}/revoke", {}, page=f"/admin/users/{worker['id']}"
    )
    assert response.status_code == 303
    assert devices.get(db, lost)["revoked_at"] and devices.get(db, kept)["revoked_at"] is None
    page = admin.get(f"/admin/users/{worker['id']}").get_data(as_text=True)
    assert "Tablet revoked" in page and page.count(">Revoke<") == 1 and "Revoked" in page
    entry = next(db.query("SELECT * FROM audit WHERE action = 'account' ORDER BY id DESC LIMIT 1"))
    assert entry["what"] == f"revoked device {lost} of user {worker['id']}"
    assert entry["user_id"] == _user(db, "demo.admin")["id"]


def test_revoking_needs_the_form_token_the_right_person_and_an_admin(app, as_user, db):
    worker, other = _user(db, "demo.worker"), _user(db, "other.worker")
    device_id, _ = devices.register(db, worker["id"], "Tablet")
    admin = as_user("demo.admin")
    assert admin.post(f"/admin/users/{worker['id']}/devices/{device_id}/revoke").status_code == 400  # no CSRF
    # A device under another person's address does not exist there.
    response = post_form(
        admin, f"/admin/users/{other['id']}/devices/{device_id}/revoke", {}, page=f"/admin/users/{other['id']}"
    )
    assert response.status_code == 404
    practitioner = app.test_client()
    login(practitioner, "demo.worker")
    response = post_form(practitioner, f"/admin/users/{worker['id']}/devices/{device_id}/revoke", {}, page="/settings")
    assert response.status_code == 404
    assert devices.get(db, device_id)["revoked_at"] is None
