"""A tablet's report of what it has not yet sent, and the manager's list of tablets at risk (issue 20;
docs/sync.md, "What the tablet reports")."""

import re
from datetime import UTC, datetime, timedelta

from sofs_direct.artefacts.oversight import tablets_at_risk
from sofs_direct.platform import devices
from tests.conftest import child_ids, post_form, signed_in
from tests.tablet_client import make_upload, observation, upload_body


def _register(client, name):
    csrf = client.get("/api/session").get_json()["csrf_token"]
    response = client.post("/api/devices", json={"name": name}, headers={"X-CSRFToken": csrf})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _report(count, age=None) -> dict:
    return {"X-Sofs-Unsent": count, **({"X-Sofs-Unsent-Age": age} if age is not None else {})}


def _row(db, device_id) -> dict:
    return devices.get(db, device_id)


def _ago(iso: str) -> timedelta:
    return datetime.now(UTC) - datetime.fromisoformat(iso)


def test_a_tablet_s_report_is_kept_for_its_own_device_only_and_bad_values_are_ignored(app, db):
    worker, owen = signed_in(app, "demo.worker"), signed_in(app, "other.worker")
    tablet, owens_tablet = _register(worker, "Red case"), _register(owen, "Owen's case")
    mine = {"X-Sofs-Device": tablet["device_id"], "Accept": "application/json"}

    # The session check reports: three items, the oldest two hours old.
    assert worker.get("/api/session", headers={**mine, **_report("3", "7200")}).status_code == 200
    row = _row(db, tablet["device_id"])
    assert row["unsent_count"] == 3 and row["reported_at"]
    assert timedelta(minutes=119) < _ago(row["oldest_unsent_at"]) < timedelta(minutes=121)
    assert _ago(row["last_seen_at"]) < timedelta(minutes=1)

    # Naming another person's tablet grants nothing: its row is untouched.
    other = {"X-Sofs-Device": owens_tablet["device_id"], **_report("9", "60")}
    assert worker.get("/api/session", headers=other).status_code == 200
    assert _row(db, owens_tablet["device_id"])["unsent_count"] is None
    assert _row(db, tablet["device_id"])["unsent_count"] == 3

    # Nonsense is ignored, never an error, and never overwrites the last good report.
    nonsense = [("-1", "5"), ("1.5", "5"), ("abc", "5"), ("1e3", "5"), ("99999999999", "5"), ("", "5")]
    nonsense += [("200000", "5"), ("2", None), ("2", "-5"), ("2", "soon"), ("2", "9" * 12), (" 2", "5")]
    for count, age in nonsense:
        response = worker.get("/api/session", headers={**mine, **_report(count, age)})
        assert response.status_code == 200, (count, age)
        assert _row(db, tablet["device_id"])["unsent_count"] == 3, (count, age)

    # An upload with the device credential reports too: the item it sends, once answered with a receipt,
    # is on the server and no longer counted. A refused upload leaves its report as sent.
    maisie = child_ids(db)["Maisie"]
    anonymous = app.test_client()
    upload = make_upload(tablet["server_key"], tablet["device_id"], 1, observation(maisie, "Sent while locked"))
    body, content_type = upload_body(upload)
    credential = {"Authorization": f"Device {tablet['upload_token']}", "Accept": "application/json"}
    borrowed = make_upload(tablet["server_key"], owens_tablet["device_id"], 1, observation(maisie, "Not mine"))
    refused_body, _ = upload_body(borrowed)
    response = anonymous.put(
        f"/api/artefacts/{borrowed.id}",
        data=refused_body,
        content_type=content_type,
        headers={**credential, **_report("2", "600")},
    )
    assert response.status_code == 403
    assert _row(db, tablet["device_id"])["unsent_count"] == 2
    assert _row(db, owens_tablet["device_id"])["unsent_count"] is None
    response = anonymous.put(
        f"/api/artefacts/{upload.id}",
        data=body,
        content_type=content_type,
        headers={**credential, **_report("1", "600")},
    )
    assert response.status_code == 200, response.get_json()
    row = _row(db, tablet["device_id"])
    assert row["unsent_count"] == 0 and row["oldest_unsent_at"] is None


def _seen(db, device_id, unsent, oldest_days, seen_days):
    now = datetime.now(UTC)
    db.execute(
        "UPDATE devices SET unsent_count = ?, oldest_unsent_at = ?, reported_at = ?, last_seen_at = ? WHERE id = ?",
        [
            unsent,
            (now - timedelta(days=oldest_days)).isoformat() if unsent else None,
            (now - timedelta(days=seen_days)).isoformat(),
            (now - timedelta(days=seen_days, minutes=5)).isoformat(),
            device_id,
        ],
    )


def test_the_team_page_lists_its_own_tablets_with_unsent_work_unseen_for_over_two_days(app, db):
    user = {row["username"]: row for row in db.query("SELECT id, username, team_id FROM users")}
    dana, owen = user["demo.worker"], user["other.worker"]
    red, _secret = devices.register(db, dana["id"], "Red case")
    blue, _secret = devices.register(db, dana["id"], "Blue case")
    green, _secret = devices.register(db, dana["id"], "Green case")
    owens, _secret = devices.register(db, owen["id"], "Owen's case")
    manager = signed_in(app, "demo.manager")
    page = manager.get("/team").get_data(as_text=True)
    assert 'id="tablets-at-risk"' not in page  # nothing at risk: nothing said

    _seen(db, red, 4, oldest_days=5, seen_days=3)  # at risk
    _seen(db, blue, 2, oldest_days=1, seen_days=1)  # seen yesterday
    _seen(db, green, 0, oldest_days=0, seen_days=10)  # nothing unsent
    _seen(db, owens, 5, oldest_days=4, seen_days=3)  # another team's
    page = manager.get("/team").get_data(as_text=True)
    table = re.search(r'<table class="govuk-table" id="tablets-at-risk">.*?</table>', page, re.S).group(0)
    cells = [re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)]
    assert cells[:4] == ["Dana Worker", "Red case", "4", "5 days ago"]
    assert cells[4].endswith("(3 days ago)") and len(cells) == 5
    assert "ask each worker to open the tablet app while online" in page.lower()
    for elsewhere in ("Blue case", "Green case", "Owen"):
        assert elsewhere not in table
    assert [row["device_id"] for row in tablets_at_risk(db, owen["team_id"])] == [owens]

    # In Welsh, the same list in Welsh words.
    post_form(manager, "/language", {"lang": "cy", "next": "/team"}, page="/team")
    page = manager.get("/team").get_data(as_text=True)
    assert "dal gwaith heb ei anfon" in page and "5 diwrnod yn ôl" in page


def test_a_call_that_left_before_a_receipt_and_finished_after_it_does_not_bring_the_item_back(app, db):
    """Calls finish out of order: a session check that counted an item as unsent, answered after the
    item's receipt, must not leave the manager told the tablet holds work it has already sent."""
    worker = signed_in(app, "demo.worker")
    tablet = _register(worker, "Blue case")
    device = _row(db, tablet["device_id"])
    checked = devices.report_time()  # the session check arrives, counting the item being sent…
    receipt = devices.report_time()  # …the upload's receipt is given: nothing is left
    devices.record_unsent(db, device, 0, 0, receipt)
    devices.record_unsent(db, _row(db, tablet["device_id"]), 1, 30, checked)  # …the check finishes last
    assert _row(db, tablet["device_id"])["unsent_count"] == 0
    later = devices.report_time()
    devices.record_unsent(db, _row(db, tablet["device_id"]), 2, 30, later)  # new work, reported later: kept
    assert _row(db, tablet["device_id"])["unsent_count"] == 2
