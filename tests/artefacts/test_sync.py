"""The tablet's API over HTTP: JSON always (401 not a redirect, CSRF from a header), what each
endpoint gives, uploads through a real server — in parallel, through a crash and a lost answer —
and what the team manager sees."""

import io
import json
import socket
import time
import uuid

import pytest
from PIL import Image

from sofs_direct.artefacts import sealing
from sofs_direct.platform import devices
from sofs_direct.platform.db import connect
from tests.conftest import child_ids, login
from tests.servers import ServerProcess, server_instance
from tests.sync_helpers import NOTHING, photo, send_together, stored
from tests.tablet_client import (
    FRAMED,
    HttpTablet,
    make_upload,
    multipart,
    observation,
    receipt_matches,
    upload_body,
    upload_fields,
)


@pytest.fixture
def tablets():
    """HttpTablets opened by a test, closed after it (an open socket would be a ResourceWarning)."""
    opened = []

    def open_tablet(url, username="demo.worker"):
        tablet = HttpTablet(url).sign_in(username)
        opened.append(tablet)
        return tablet

    yield open_tablet
    for tablet in opened:
        tablet.close()


def _token(client):
    return client.get("/api/session").get_json()["csrf_token"]


def _put(client, upload, token=None, fields=None, body=None):
    """One upload through the Flask client: as the tablet sends it (v2 framing), or `fields` as multipart
    (v1), or a `body` made by the test in v2 framing."""
    if fields is not None:
        body, content_type = multipart(fields)
    else:
        body, content_type = (body, FRAMED) if body is not None else upload_body(upload)
    return client.put(
        f"/api/artefacts/{upload.id}",
        data=body,
        content_type=content_type,
        headers={"X-CSRFToken": token if token is not None else _token(client)},
    )


def _registered(client):
    return client.post("/api/devices", json={"name": "Test tablet"}, headers={"X-CSRFToken": _token(client)}).get_json()


def _api_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


# --- the API's manners ----------------------------------------------------------------------------


def test_every_api_route_answers_401_json_when_signed_out(app, client):
    routes = list(_api_routes(app))
    assert len(routes) >= 6
    for rule, method in routes:
        url = rule.rule.replace("<uuid:artefact_id>", str(uuid.uuid4()))
        response = client.open(url, method=method)
        assert response.status_code == 401, f"{method} {url}"
        assert response.get_json()["error"] == "signed_out" and "Location" not in response.headers
    # Signed out because the sign-in ended (not just absent): still JSON, still 401.
    login(client, "demo.worker")
    token = _token(client)
    client.post("/logout", data={"csrf_token": token})
    assert client.get("/api/session").status_code == 401


def test_state_changes_need_the_csrf_header(as_user):
    client = as_user("demo.worker")
    response = client.post("/api/devices", json={"name": "x"})
    assert response.status_code == 400 and response.get_json()["error"] == "csrf"
    response = client.post("/api/devices", json={"name": "x"}, headers={"X-CSRFToken": "forged"})
    assert response.status_code == 400 and response.get_json()["error"] == "csrf"
    device = _registered(client)
    upload = make_upload(device["server_key"], device["device_id"], 1, observation(str(uuid.uuid4()), "words"))
    assert _put(client, upload, token="").get_json()["error"] == "csrf"


def test_other_errors_under_api_are_json_too(as_user):
    client = as_user("demo.worker")
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"
    response = client.delete("/api/devices", headers={"X-CSRFToken": _token(client)})
    assert response.status_code == 405 and response.get_json()["error"] == "method_not_allowed"
    assert "POST" in response.headers["Allow"]
    response = client.put("/api/artefacts/not-a-uuid", headers={"X-CSRFToken": _token(client)})
    assert response.status_code == 404 and response.is_json
    # The rest of the site keeps its HTML pages.
    assert "Page not found" in client.get("/no/such/page").get_data(as_text=True)


def test_session_gives_the_user_and_a_token(as_user, db):
    answer = as_user("demo.worker").get("/api/session")
    assert answer.headers["Cache-Control"] == "no-store"
    body = answer.get_json()
    assert body["user"] == {
        "id": next(db.query("SELECT id FROM users WHERE username = 'demo.worker'"))["id"],
        "display_name": "Dana Worker",
        "language": "en",
    }
    assert body["csrf_token"]
    assert body["tablet"] == {
        "carry_days": 7,
        "idle_lock_seconds": 300,
        "capture_reserve_bytes": 50 * 1024 * 1024,
        # the test profile's passcode cost (TABLET_KDF_PROFILE "test"; production: docs/security.md)
        "unlock": {
            "kdf": {"algorithm": "argon2id", "memory_kib": 64, "iterations": 1, "parallelism": 1},
            "require_prf": False,
        },
    }


def test_a_change_of_tablet_policy_reaches_tablets_at_their_next_contact(app, as_user):
    client = as_user("demo.worker")
    app.config["TABLET_CAPTURE_RESERVE_MB"] = 40
    app.config["TABLET_IDLE_LOCK_SECONDS"] = 120
    policy = client.get("/api/session").get_json()["tablet"]
    assert policy["capture_reserve_bytes"] == 40 * 1024 * 1024 and policy["idle_lock_seconds"] == 120


def test_prepare_gives_only_my_children_their_few_fields_and_network_and_audits_an_export(as_user, db):
    response = as_user("demo.worker").get("/api/prepare")
    body = response.get_json()
    assert body["carry_days"] == 7
    assert sorted(child["known_as"] for child in body["children"]) == ["Ava", "Maisie", "Tomos"]
    assert all(
        set(child) == {"id", "known_as", "age", "language", "access", "network", "people", "safety_house"}
        for child in body["children"]
    )
    assert all(child["access"] is None for child in body["children"])  # nobody has set how they take part
    assert all(child["people"] == [] for child in body["children"])  # nobody known around them yet
    assert all(
        child["network"] is None and child["safety_house"] is None for child in body["children"]
    )  # none in the demo data
    tomos = next(child for child in body["children"] if child["known_as"] == "Tomos")
    assert tomos["language"] == "cy" and isinstance(tomos["age"], int)
    exports = list(db.query("SELECT child_id, what FROM audit WHERE action = 'export'"))
    assert sorted(e["child_id"] for e in exports) == sorted(child["id"] for child in body["children"])
    assert {e["what"] for e in exports} == {"prepared for visits"}


def test_admins_have_no_tablet_endpoints(as_user):
    client = as_user("demo.admin")
    assert client.get("/api/prepare").status_code == 404
    assert client.get("/api/drafts").status_code == 404
    assert client.post("/api/devices", json={}, headers={"X-CSRFToken": _token(client)}).status_code == 404
    assert client.get("/api/session").status_code == 200


def test_drafts_are_only_ever_listed_to_their_author(app, as_user, db):
    worker = as_user("demo.worker")
    device = _registered(worker)
    maisie = child_ids(db)["Maisie"]
    artefact_id = str(uuid.uuid4())
    for version in (1, 2):
        draft = make_upload(
            device["server_key"],
            device["device_id"],
            1,
            observation(maisie, f"Draft {version}"),
            artefact_id=artefact_id,
            state="draft",
            draft_version=version,
        )
        assert _put(worker, draft).get_json()["status"] == "stored"
    drafts = worker.get("/api/drafts").get_json()["drafts"]
    assert [(d["id"], d["draft_version"], d["document"]["content"]["text"]) for d in drafts] == [
        (artefact_id, 2, "Draft 2")
    ]
    manager = app.test_client()
    login(manager, "demo.manager")  # sees Maisie's record, but not Dana's unfinished work
    assert manager.get("/api/drafts").get_json() == {"drafts": []}


# --- uploads --------------------------------------------------------------------------------------


def test_a_full_upload_over_http_gives_a_receipt_the_tablet_can_verify(live_server, tablets, db):
    tablet = tablets(live_server.url)
    device = tablet.register()
    maisie = child_ids(db)["Maisie"]
    # A real photo of about 3 MB (noise does not compress): above the app-wide 1 MiB limit, since
    # uploads have their own, and whole, since the server opens every photo it stores.
    big_photo = io.BytesIO()
    Image.effect_noise((1600, 1200), 120).convert("RGB").save(big_photo, "JPEG", quality=100)
    assert big_photo.tell() > 2 * 1024 * 1024
    upload = make_upload(
        device["server_key"],
        device["device_id"],
        1,
        observation(maisie, "Hello", ["photo-1"]),
        [("photo-1", "image/jpeg", big_photo.getvalue())],
    )
    assert tablet.send(upload)[0]
    again_ok, answer = tablet.send(upload)
    assert again_ok and answer["status"] == "already stored"
    assert db["artefacts"].count == 1
    # A receipt for something else is not a receipt for this.
    other = make_upload(device["server_key"], device["device_id"], 2, observation(maisie, "Other"))
    assert not receipt_matches(200, "application/json", answer, other)
    assert not receipt_matches(200, "text/html", answer, upload)


def test_bad_requests_get_a_json_reason_and_store_nothing(app, as_user, db, tmp_path):
    client = as_user("demo.worker")
    device = _registered(client)
    upload = make_upload(
        device["server_key"],
        device["device_id"],
        1,
        observation(child_ids(db)["Maisie"], "Words", ["photo-1"]),
        [("photo-1", "image/jpeg", photo("JPEG"))],
    )
    body, content_type = multipart(upload_fields(upload))
    cases = {
        "id not the address": (
            lambda: client.put(
                f"/api/artefacts/{uuid.uuid4()}",
                data=body,
                content_type=content_type,
                headers={"X-CSRFToken": _token(client)},
            ),
            400,
            "bad_envelope",
        ),
        "malformed envelope": (
            lambda: _put(client, upload, fields=[("envelope", "{oops", None)] + upload_fields(upload)[1:]),
            400,
            "bad_envelope",
        ),
        "huge envelope": (
            lambda: _put(
                client,
                upload,
                fields=[("envelope", json.dumps({**upload.envelope, "pad": "x" * 70000}), None)]
                + upload_fields(upload)[1:],
            ),
            400,
            "bad_envelope",
        ),
        "no envelope": (lambda: _put(client, upload, fields=upload_fields(upload)[1:]), 400, "bad_request"),
        "two payloads": (
            lambda: _put(
                client, upload, fields=upload_fields(upload) + [("payload", upload.sealed_payload, "payload")]
            ),
            400,
            "bad_request",
        ),
        "payload as text": (
            lambda: _put(
                client,
                upload,
                fields=[upload_fields(upload)[0], ("payload", "not a file", None)] + upload_fields(upload)[2:],
            ),
            400,
            "bad_request",
        ),
        "unknown field": (
            lambda: _put(client, upload, fields=upload_fields(upload) + [("note", "hi", None)]),
            400,
            "bad_request",
        ),
        "part not in the envelope": (
            lambda: _put(client, upload, fields=upload_fields(upload) + [("part:../x", b"x", "x")]),
            400,
            "unexpected_part",
        ),
        "not multipart": (
            lambda: client.put(
                f"/api/artefacts/{upload.id}", json=upload.envelope, headers={"X-CSRFToken": _token(client)}
            ),
            400,
            "bad_request",
        ),
        "over 64 MiB": (
            lambda: _put(
                client, upload, fields=upload_fields(upload) + [("part:huge", b"\0" * (65 * 1024 * 1024), "huge")]
            ),
            413,
            "too_large",
        ),
    }
    for name, (send, status, error) in cases.items():
        response = send()
        assert response.status_code == status and response.is_json, (name, response.status_code, response.data[:200])
        assert response.get_json()["error"] == error and response.get_json()["message"], name
        assert stored(db, app.config["PARTS_DIR"]) == NOTHING, name
    assert _put(client, upload).get_json()["status"] == "stored"


def test_the_same_artefact_sent_20_times_at_once_is_stored_once(live_server, tablets, db):
    first = tablets(live_server.url)
    device = first.register()
    upload = make_upload(
        device["server_key"],
        device["device_id"],
        1,
        observation(child_ids(db)["Ava"], "Sent twenty times", ["photo-1"]),
        [("photo-1", "image/png", photo("PNG"))],
    )
    senders = [first] + [tablets(live_server.url) for _ in range(19)]  # each its own session
    for sender in senders:
        sender.refresh_session()
    answers = send_together(senders, upload)
    assert all(receipt_matches(status, content_type, answer, upload) for status, content_type, answer in answers)
    assert sorted(answer["status"] for _, _, answer in answers) == ["already stored"] * 19 + ["stored"]
    assert db["artefacts"].count == 1 and db["artefact_parts"].count == 1
    assert next(db.query("SELECT COUNT(*) AS n FROM audit WHERE action = 'change'"))["n"] == 1


def test_a_different_copy_is_a_409_and_both_are_kept(live_server, tablets, db):
    tablet = tablets(live_server.url)
    device = tablet.register()
    maisie = child_ids(db)["Maisie"]
    first = make_upload(device["server_key"], device["device_id"], 1, observation(maisie, "One"))
    second = make_upload(device["server_key"], device["device_id"], 1, observation(maisie, "Two"), artefact_id=first.id)
    assert tablet.send(first)[0]
    status, _, answer = tablet.upload(second)
    assert status == 409 and answer["error"] == "conflict"
    assert db["artefacts"].count == 1 and db["artefact_conflicts"].count == 1


def test_the_team_manager_sees_gaps_and_what_was_kept_aside_but_no_words(app, as_user, db):
    worker = app.test_client()
    login(worker, "demo.worker")
    device = _registered(worker)
    children = child_ids(db)
    for seq, child in ((1, "Maisie"), (4, "Leo")):  # Leo is another team's child: kept, flagged
        upload = make_upload(
            device["server_key"], device["device_id"], seq, observation(children[child], f"Secret words {seq}")
        )
        assert _put(worker, upload, token=_token(worker)).status_code == 200
    revoked_id, _ = devices.register(
        db, next(db.query("SELECT id FROM users WHERE username = 'demo.worker'"))["id"], "Lost tablet"
    )
    devices.revoke(db, revoked_id, next(db.query("SELECT id FROM users WHERE username = 'demo.admin'"))["id"])
    quarantined = make_upload(device["server_key"], revoked_id, 1, observation(children["Ava"], "Secret words lost"))
    assert _put(worker, quarantined, token=_token(worker)).get_json()["status"] == "quarantined"
    page = as_user("demo.manager").get("/team").get_data(as_text=True)
    assert "Dana Worker&#39;s tablet “Test tablet”: items 2 to 3 have not arrived" in page
    assert "Last heard from:" in page
    assert "Child not allocated to the author" in page and "From a revoked tablet" in page
    assert "Lost tablet" in page and "Observation" in page
    assert "Secret words" not in page
    review = page.split("From the tablets")[1].split(">Workers<")[0]
    assert not any(name in review for name in ("Leo", "Maisie", "Ava"))  # nor which child


# --- crashes and lost answers ---------------------------------------------------------------------


def _raw_request(port, tablet, upload) -> tuple[socket.socket, bytes, bytes]:
    body, content_type = upload_body(upload)
    head = (
        f"PUT /api/artefacts/{upload.id} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {tablet.cookie}\r\n"
        f"X-CSRFToken: {tablet.csrf_token}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
        f"Accept: application/json\r\n\r\n"
    ).encode()
    return socket.create_connection(("127.0.0.1", port), timeout=10), head, body


def test_a_server_killed_mid_upload_stores_the_retry_exactly_once(app, database, tmp_path):
    instance = server_instance(tmp_path, sealing.key_file(app.instance_path))
    db = connect(database)
    tomos = child_ids(db)["Tomos"]
    # As `make run` serves (gunicorn); one worker here, two in test_two_processes.py.
    server = ServerProcess(database, instance, workers=1)
    tablet = None
    try:
        tablet = HttpTablet(server.url).sign_in("demo.worker")  # the production argon2 cost
        device = tablet.register()
        upload = make_upload(
            device["server_key"],
            device["device_id"],
            1,
            observation(tomos, "Half sent", ["photo-1"]),
            [("photo-1", "image/jpeg", photo("JPEG", size=(800, 600)))],
        )
        raw, head, body = _raw_request(server.port, tablet, upload)
        raw.sendall(head + body[: len(body) // 2])
        time.sleep(0.3)
        server.kill()  # the master and every worker at once
        raw.close()
        tablet.close()
        server = ServerProcess(database, instance, workers=1, port=server.port)
        ok, answer = tablet.send(upload)  # the same cookie: the sign-in lives in the store
        assert ok and answer["status"] == "stored"
    finally:
        if tablet:
            tablet.close()
        server.kill()
    assert db["artefacts"].count == 1 and db["artefact_parts"].count == 1
    assert next(db.query("PRAGMA integrity_check"))["integrity_check"] == "ok"
    db.close()


def test_an_answer_lost_after_the_commit_is_already_stored_on_retry(live_server, tablets, db):
    tablet = tablets(live_server.url)
    device = tablet.register()
    upload = make_upload(
        device["server_key"], device["device_id"], 1, observation(child_ids(db)["Maisie"], "The answer never came")
    )
    port = int(live_server.url.rsplit(":", 1)[1])
    raw, head, body = _raw_request(port, tablet, upload)
    raw.sendall(head + body)
    deadline = time.monotonic() + 10
    while db["artefacts"].count == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    raw.close()  # the connection drops before the tablet reads its receipt
    assert db["artefacts"].count == 1
    ok, answer = tablet.send(upload)
    assert ok and answer["status"] == "already stored"
    assert db["artefacts"].count == 1


def test_the_review_lists_and_the_tablet_list_meet_wcag_2_2_aa(page, live_server, db):
    """The manager's and the admin's new screens, with something to show, through axe-core in chromium."""
    from tests.tablet.test_browser import axe_violations, sign_in

    worker_id = next(db.query("SELECT id FROM users WHERE username = 'demo.worker'"))["id"]
    admin_id = next(db.query("SELECT id FROM users WHERE username = 'demo.admin'"))["id"]
    device_id, _ = devices.register(db, worker_id, "Tablet by the door")
    with live_server.app.app_context():
        server_key = sealing.server_key()
    client = live_server.app.test_client()
    login(client, "demo.worker")
    for seq, child in ((1, "Maisie"), (3, "Leo")):
        upload = make_upload(server_key, device_id, seq, observation(child_ids(db)[child], "Words"))
        assert _put(client, upload).status_code == 200
    devices.revoke(db, device_id, admin_id)
    devices.register(db, worker_id, "Spare tablet")
    sign_in(page, live_server, "demo.manager")
    page.goto(live_server.url + "/team")
    assert page.locator("#sequence-gaps li").count() == 1 and page.locator("#flagged-artefacts tbody tr").count() == 1
    assert axe_violations(page) == []
    page.context.clear_cookies()
    sign_in(page, live_server, "demo.admin")
    page.goto(f"{live_server.url}/admin/users/{worker_id}")
    assert page.locator("#devices tbody tr").count() == 2
    assert axe_violations(page) == []


def test_a_user_who_must_change_password_gets_json_401_not_a_redirect(app, db):
    from tests.conftest import login

    db.execute("UPDATE users SET must_change_password = 1 WHERE username = 'demo.worker'")
    db.conn.commit()
    client = app.test_client()
    login(client, "demo.worker")
    response = client.get("/api/session")
    assert response.status_code == 401 and response.get_json()["error"] == "signed_out"
