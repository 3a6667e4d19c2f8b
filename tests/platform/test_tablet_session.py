"""The tablet's sending apart from the worker's sign-in, and the sign-in locked with the tablet app
(issue 18; docs/security.md, "The tablet's sending and the worker's session")."""

import uuid
from datetime import UTC, datetime, timedelta

from sofs_direct.platform import devices
from tests.conftest import child_ids, login
from tests.tablet_client import make_upload, observation, receipt_matches, upload_body

LOCKED_PAGE = "tablet app is locked"


def _csrf(client):
    return client.get("/api/session").get_json()["csrf_token"]


def _register(client, name="Red case"):
    response = client.post("/api/devices", json={"name": name}, headers={"X-CSRFToken": _csrf(client)})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _as_device(token, **headers):
    return {"Authorization": f"Device {token}", "Accept": "application/json", **headers}


def _send(client, upload, token):
    body, content_type = upload_body(upload)
    return client.put(f"/api/artefacts/{upload.id}", data=body, content_type=content_type, headers=_as_device(token))


def _example_url(rule) -> str:
    """A URL the rule matches, with made-up values of the right type."""
    values = {}
    for name, converter in rule._converters.items():
        kind = type(converter).__name__
        values[name] = str(uuid.uuid4()) if "UUID" in kind else 1 if "Integer" in kind else "en"
    return rule.build(values, append_unknown=False)[1]


def test_the_device_credential_only_sends_its_own_work(app, as_user, db):
    worker = as_user("demo.worker")
    tablet = _register(worker)
    other_tablet = _register(worker, "Blue case")
    token = tablet["upload_token"]
    maisie = child_ids(db)["Maisie"]
    anonymous = app.test_client()  # no cookie at all: the credential alone

    # Every endpoint but sending refuses it, with a readable JSON answer — even with a live sign-in's
    # cookie beside it (the cookie is ignored), and the sign-in's own reading is not reached.
    sending = {"sync.upload_artefact", "sync.discard_draft", "static"}
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in sending:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for client in (anonymous, worker):
                response = client.open(_example_url(rule), method=method, headers=_as_device(token))
                answer = response.get_json(silent=True)
                assert response.status_code == 403, (method, rule.rule, response.status_code)
                assert answer["error"] == "device_credential" and answer["message"], rule.rule
                checked += 1
    assert checked > 100

    # It sends this tablet's work with no sign-in and no CSRF token, and the receipt verifies.
    upload = make_upload(tablet["server_key"], tablet["device_id"], 1, observation(maisie, "Sent while locked"))
    response = _send(anonymous, upload, token)
    assert response.status_code == 200, response.get_json()
    assert receipt_matches(200, response.content_type, response.get_json(), upload)
    assert response.get_json()["status"] == "stored"
    stored = next(db.query("SELECT author_id, device_id FROM artefacts WHERE id = ?", [upload.id]))
    assert stored["device_id"] == tablet["device_id"]
    assert "Set-Cookie" not in response.headers  # it is not a sign-in

    # Only its own: work naming another tablet of the same worker is refused, and nothing is stored.
    borrowed = make_upload(tablet["server_key"], other_tablet["device_id"], 1, observation(maisie, "Not mine"))
    response = _send(anonymous, borrowed, token)
    assert response.status_code == 403 and response.get_json()["error"] == "not_this_device"
    notice = {
        "id": str(uuid.uuid4()),
        "kind": "observation",
        "child_id": maisie,
        "device_id": other_tablet["device_id"],
        "device_seq": 2,
        "discarded_at": "2026-11-23T11:00:00.000Z",
    }
    response = anonymous.post(f"/api/artefacts/{notice['id']}/discarded", json=notice, headers=_as_device(token))
    assert response.status_code == 403 and response.get_json()["error"] == "not_this_device"
    assert db["artefacts"].count == 1 and db["discarded_drafts"].count == 0

    # The server's ownership checks still apply: an id another worker holds grants nothing.
    manager = app.test_client()
    login(manager, "demo.manager")
    managers_tablet = _register(manager)
    theirs = make_upload(tablet["server_key"], managers_tablet["device_id"], 1, observation(maisie, "Theirs"))
    assert _send(manager, theirs, managers_tablet["upload_token"]).status_code == 200
    same_id = make_upload(
        tablet["server_key"], tablet["device_id"], 2, observation(maisie, "Over theirs"), artefact_id=theirs.id
    )
    response = _send(anonymous, same_id, token)
    assert response.status_code == 403 and response.get_json()["error"] == "not_yours"

    # A made-up token, and the token of a revoked tablet, are refused; the worker's sign-in is not what
    # revoking ended for the other tablet's credential.
    response = _send(anonymous, upload, "x" * 43)
    assert response.status_code == 401 and response.get_json()["error"] == "bad_credential"
    admin = next(db.query("SELECT id FROM users WHERE username = 'demo.admin'"))
    devices.revoke(db, tablet["device_id"], admin["id"])
    response = _send(anonymous, upload, token)
    assert response.status_code == 401 and response.get_json()["error"] == "device_revoked"


def test_locking_the_tablet_app_locks_the_sign_in_and_unlocking_opens_it(app, as_user, db):
    worker = as_user("demo.worker")
    tablet = _register(worker)  # registering proves the worker is here: open
    assert worker.get("/children").status_code == 200
    assert worker.get("/api/prepare").status_code == 200
    device_header = {"X-Sofs-Device": tablet["device_id"], "X-CSRFToken": _csrf(worker)}

    # The app locks: every practitioner page and every read of children is locked, nothing else.
    assert worker.post("/api/session/lock", headers=device_header).status_code == 200
    page = worker.get("/children")
    text = page.get_data(as_text=True)
    assert page.status_code == 401 and LOCKED_PAGE in text
    assert 'href="/tablet"' in text and 'action="/logout"' in text and "Maisie" not in text
    for path in ("/api/prepare", "/api/drafts"):
        answer = worker.get(path)
        assert answer.status_code == 401 and answer.get_json()["error"] == "tablet_locked", path
    maisie = child_ids(db)["Maisie"]
    assert worker.get(f"/children/{maisie}").status_code == 401
    assert worker.get("/children", headers={"HX-Request": "true"}).headers["HX-Refresh"] == "true"
    response = worker.post("/api/devices", json={"name": "A thief's"}, headers=device_header)
    assert response.status_code == 401 and response.get_json()["error"] == "tablet_locked"  # no new key either
    for open_path in ("/api/session", "/api/server-key", "/tablet/en", "/sw.js"):
        assert worker.get(open_path).status_code == 200, open_path
    # Sending with the sign-in (a tablet that has no credential yet) goes on while locked.
    upload = make_upload(tablet["server_key"], tablet["device_id"], 1, observation(maisie, "Locked, still sent"))
    body, content_type = upload_body(upload)
    sent = worker.put(f"/api/artefacts/{upload.id}", data=body, content_type=content_type, headers=device_header)
    assert sent.status_code == 200

    # Only the key the unlocked app holds opens it again.
    wrong = worker.post("/api/session/unlocked", json={"session_key": "guess"}, headers=device_header)
    assert wrong.status_code == 403 and worker.get("/children").status_code == 401
    right = worker.post("/api/session/unlocked", json={"session_key": tablet["session_key"]}, headers=device_header)
    assert right.status_code == 200 and worker.get("/children").status_code == 200

    # A proof older than the idle lock time is no proof: a copied cookie jar opens nothing.
    stale = (datetime.now(UTC) - timedelta(seconds=app.config["TABLET_IDLE_LOCK_SECONDS"] + 1)).isoformat()
    db.execute("UPDATE login_sessions SET tablet_proven_at = ?", [stale])
    db.conn.commit()
    copy = app.test_client()
    copy.set_cookie("sofs_session", worker.get_cookie("sofs_session").value)
    assert copy.get("/children").status_code == 401 and worker.get("/children").status_code == 401

    # A fresh sign-in in this browser opens the pages too, and then follows the tablet's lock: the
    # browser's tablet cookie links it to the tablet.
    worker.post("/logout", data={"csrf_token": _csrf(worker)})
    assert login(worker, "demo.worker").status_code == 302
    assert worker.get("/children").status_code == 200
    db.execute("UPDATE login_sessions SET tablet_proven_at = ?", [stale])
    db.conn.commit()
    assert worker.get("/children").status_code == 401

    # A browser with no tablet (an office PC) is not affected.
    office = app.test_client()
    login(office, "demo.worker")
    db.execute("UPDATE login_sessions SET tablet_proven_at = NULL")
    db.conn.commit()
    assert office.get("/children").status_code == 200


def test_a_tablet_registered_before_credentials_gets_them_while_unlocked(as_user, db):
    worker = as_user("demo.worker")
    user = next(db.query("SELECT id FROM users WHERE username = 'demo.worker'"))
    device_id, _secret = devices.register(db, user["id"], "Old tablet")  # as registered before issue 18
    headers = {"X-Sofs-Device": device_id, "X-CSRFToken": _csrf(worker)}
    # Until it has them, its sign-ins work as before: it cannot prove anything yet.
    assert worker.post("/api/session/lock", headers=headers).status_code == 200
    assert worker.get("/children").status_code == 200
    answer = worker.post("/api/devices/credentials", headers=headers)
    assert answer.status_code == 200, answer.get_json()
    credentials = answer.get_json()
    assert set(credentials) == {"device_id", "upload_token", "session_key"}
    # From now on its lock applies; and a locked sign-in cannot ask for new credentials.
    assert worker.post("/api/session/lock", headers=headers).status_code == 200
    assert worker.get("/children").status_code == 401
    again = worker.post("/api/devices/credentials", headers=headers)
    assert again.status_code == 401 and again.get_json()["error"] == "tablet_locked"
    unlocked = worker.post("/api/session/unlocked", json={"session_key": credentials["session_key"]}, headers=headers)
    assert unlocked.status_code == 200 and worker.get("/children").status_code == 200
    # Asking with no tablet named, or another person's, is refused.
    assert worker.post("/api/devices/credentials", headers={"X-CSRFToken": headers["X-CSRFToken"]}).status_code == 400
