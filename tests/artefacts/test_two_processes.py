"""The fault tests against the real server with two worker processes (gunicorn, as `make run` serves):
a worker killed while it reads an upload, and the same upload sent 20 times at once over both
workers. What must hold: the retry is stored exactly once, and 20 copies give one row and 20
verified receipts — the store, not any process, decides what is already stored."""

import os
import shutil
import signal
import socket
import time

import pytest

from sofs_direct import create_app
from sofs_direct.artefacts import sealing
from sofs_direct.platform.db import connect
from tests.conftest import base_config, child_ids
from tests.servers import ServerProcess, server_instance
from tests.sync_helpers import photo, send_together
from tests.tablet_client import HttpTablet, framed, make_upload, observation, receipt_matches


@pytest.fixture(scope="module")
def store(seeded_template, tmp_path_factory):
    """One store for the module's server (a real SQLite file): each test sends its own artefacts."""
    path = tmp_path_factory.mktemp("two-workers") / "sofs.db"
    shutil.copy(seeded_template, path)
    return path


@pytest.fixture(scope="module")
def two_workers(store):
    """The real server, two worker processes, started once for the module (seconds on a busy machine)."""
    app = create_app(base_config(str(store)))
    server = ServerProcess(store, server_instance(store.parent, sealing.key_file(app.instance_path)), workers=2)
    yield server
    server.kill()  # the group at once: a graceful stop waits on each worker's poll (seconds)


@pytest.fixture(scope="module")
def signed_in(two_workers):
    tablet = HttpTablet(two_workers.url).sign_in("demo.worker")  # the production argon2 cost, once
    yield tablet
    tablet.close()


@pytest.fixture
def tablet(signed_in):
    yield signed_in
    signed_in.close()  # its keep-alive connection belongs to this test


@pytest.fixture
def db(store):
    db = connect(store)
    yield db
    db.close()


def _stored(db, upload) -> tuple[int, int]:
    """(rows, part rows) stored under the upload's id."""
    return (
        next(db.query("SELECT COUNT(*) AS n FROM artefacts WHERE id = ?", [upload.id]))["n"],
        next(db.query("SELECT COUNT(*) AS n FROM artefact_parts WHERE artefact_id = ?", [upload.id]))["n"],
    )


def _upload(tablet, db, seq, words):
    device = tablet.device or tablet.register()
    return make_upload(
        device["server_key"],
        device["device_id"],
        seq,
        observation(child_ids(db)["Ava"], words, ["photo-1"]),
        [("photo-1", "image/png", photo("PNG"))],
    )


def test_a_worker_killed_mid_upload_leaves_nothing_and_the_retry_is_stored_once(two_workers, tablet, db):
    upload = _upload(tablet, db, 1, "Half sent to a worker that died")
    body, content_type = framed(upload)  # v2 framing, as the tablet sends
    head = (
        f"PUT /api/artefacts/{upload.id} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {tablet.cookie}\r\n"
        f"X-CSRFToken: {tablet.csrf_token}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
        f"Accept: application/json\r\n\r\n"
    ).encode()
    raw = socket.create_connection(("127.0.0.1", two_workers.port), timeout=10)
    raw.sendall(head + body[: len(body) // 2])
    deadline = time.monotonic() + 10
    while (reader := two_workers.worker_serving(raw)) is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert reader is not None
    (other,) = set(two_workers.worker_pids()) - {reader}
    time.sleep(0.2)  # the worker is inside the upload, reading its body
    os.kill(reader, signal.SIGKILL)
    assert raw.recv(100) == b""  # the connection ends with the process: no answer, so no receipt
    raw.close()
    assert _stored(db, upload) == (0, 0)
    alive = two_workers.wait_for_workers()
    assert other in alive and reader not in alive  # only that process died; the master replaced it
    tablet.close()
    ok, answer = tablet.send(upload)  # the same sign-in: it lives in the store, not in the dead process
    assert ok and answer["status"] == "stored"
    assert _stored(db, upload) == (1, 1)
    assert next(db.query("PRAGMA integrity_check"))["integrity_check"] == "ok"


def test_the_same_upload_20_times_at_once_over_both_workers_is_one_row_and_20_receipts(two_workers, tablet, db):
    upload = _upload(tablet, db, 2, "Sent twenty times to two processes")
    senders = [tablet] + [HttpTablet(two_workers.url) for _ in range(19)]
    try:
        # Each on its own connection, spread over both workers (a new connection goes to whichever
        # worker accepts it first: open again until both hold some).
        deadline = time.monotonic() + 20
        while True:
            for sender in senders:
                sender.close()
                sender.cookie = tablet.cookie  # one sign-in shared: the production argon2 cost once
                sender.refresh_session()
            holders = {two_workers.worker_serving(sender.connection.sock) for sender in senders}
            if len(holders - {None}) == 2 or time.monotonic() > deadline:
                break
        assert len(holders - {None}) == 2, holders
        answers = send_together(senders, upload)
    finally:
        for sender in senders[1:]:
            sender.close()
    assert all(receipt_matches(status, content_type, answer, upload) for status, content_type, answer in answers)
    assert sorted(answer["status"] for _, _, answer in answers) == ["already stored"] * 19 + ["stored"]
    assert _stored(db, upload) == (1, 1)
    assert next(db.query("SELECT COUNT(*) AS n FROM audit WHERE record_id = ?", [upload.id]))["n"] == 1


def test_a_body_too_large_is_refused_readably_not_cut_off(two_workers, tablet):
    """The server answers before reading a body it will refuse; the sender must still get the answer
    (gunicorn resets a connection closed with its body unread: platform/errors.py, ReadToTheEnd)."""
    status, kind, page = tablet.request(
        "POST", "/login", b"username=" + b"x" * 10_000_000, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 413 and kind.startswith("text/html") and b"That was too large to send" in page
    # A signed-out tablet's upload, refused before its 9 MB are read: the JSON answer arrives.
    stranger = HttpTablet(two_workers.url)
    status, kind, answer = stranger.request(
        "PUT",
        f"/api/artefacts/{'0' * 8}-0000-4000-8000-{'0' * 12}",
        b"\0" * 9_000_000,
        {"Content-Type": "application/vnd.sofs-direct.artefact"},
    )
    stranger.close()
    assert status == 401 and b"signed_out" in answer
