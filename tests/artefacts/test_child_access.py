"""How a child takes part follows the child (issue 16): the server's rules for the settings (the same
as the tablet's, from static/js/tools/access.json), PUT /api/children/access, and /api/prepare
carrying each child's settings to the tablet."""

import copy
import json

import pytest

from sofs_direct.artefacts import access
from sofs_direct.platform import devices
from tests.conftest import child_ids, login

GOOD = access.defaults()
# The rules answer in the worker's words, through the app's catalogue.
rules = pytest.mark.usefixtures("app_context")


def changed(**switch):
    settings = copy.deepcopy(GOOD)
    settings["switch"].update(switch)
    return settings


# --- the rules --------------------------------------------------------------------------------------


@rules
def test_the_defaults_are_valid_and_a_fresh_copy_each_time():
    assert access.problems(access.defaults()) == []
    assert access.defaults() is not access.defaults()


@rules
@pytest.mark.parametrize("mode", access.MODES)
def test_every_mode_is_taken(mode):
    assert access.problems(changed(mode=mode)) == []


@rules
@pytest.mark.parametrize("mode", ["", "three", "OFF", None, 2, ["off"]])
def test_any_other_mode_is_refused(mode):
    assert access.problems(changed(mode=mode)) == ["Choose whether the child uses switches"]


SPEED = "Choose a scanning speed from 0.5 to 5 seconds"


@rules
@pytest.mark.parametrize(
    ("interval_ms", "refused"),
    [(500, False), (499, True), (501, False), (5000, False), (4999, False), (5001, True), (2000, False)]
    + [(True, True), ("2000", True), (None, True), (0, True), (-2000, True)],
)
def test_the_scanning_speed_is_half_a_second_to_five(interval_ms, refused):
    assert access.problems(changed(interval_ms=interval_ms)) == ([SPEED] if refused else [])


@rules
def test_one_to_four_keys_a_switch_each_its_own():
    four, five = ["1", "2", "3", "4"], ["1", "2", "3", "4", "5"]
    assert access.problems(changed(select_keys=four)) == []
    assert access.problems(changed(select_keys=five)) == ["Give the select switch 1 to 4 keys"]
    assert access.problems(changed(step_keys=five)) == ["Give the step switch 1 to 4 keys"]
    assert access.problems(changed(select_keys=[])) == ["Give the select switch 1 to 4 keys"]
    assert access.problems(changed(step_keys=[" ", " "])) == ["Give the step switch 1 to 4 keys"]
    assert access.problems(changed(step_keys=["Enter"])) == [
        "A key cannot both step and select: give each switch its own key"
    ]
    assert access.problems(changed(select_keys="Enter")) == ["Give the select switch 1 to 4 keys"]


@rules
@pytest.mark.parametrize("key", ["F2", "1", " ", "ArrowRight", "ŵ", "x" * 20, "😀" * 10])
def test_a_key_s_name_is_taken(key):
    assert access.problems(changed(select_keys=[key], step_keys=["F9"])) == []


@rules
@pytest.mark.parametrize("key", ["Tab", "Escape", "Shift", "", "x" * 21, "😀" * 11, "\x00", "\n", "\ud800", 13, None])
def test_reserved_empty_long_or_control_keys_are_refused(key):
    assert access.problems(changed(select_keys=[key])) == ["Give the select switch 1 to 4 keys"]


@rules
def test_the_highlight_is_one_of_the_colours_and_sizes():
    for colour in access.COLOURS:
        for size in access.SIZES:
            assert access.problems(changed(highlight={"colour": colour, "size": size})) == []
    assert access.problems(changed(highlight={"colour": "yellow", "size": 10})) == ["Choose a highlight colour"]
    assert access.problems(changed(highlight={"colour": "#0b0c0c", "size": 10})) == ["Choose a highlight colour"]
    for size in (9, 11, 10.0, True, "10"):
        assert access.problems(changed(highlight={"colour": "black", "size": size})) == ["Choose a highlight size"]


BROKEN = "Choose again how the child takes part"


@rules
@pytest.mark.parametrize(
    "settings",
    [
        None,
        [],
        "symbols",
        {"symbols": True},
        {**GOOD, "symbols": "yes"},
        {**GOOD, "symbols": 1},
        {**GOOD, "extra": 1},
        {**GOOD, "switch": None},
        {**GOOD, "switch": {**GOOD["switch"], "speed": 3}},
        {**GOOD, "switch": {k: v for k, v in GOOD["switch"].items() if k != "step_keys"}},
        {**GOOD, "switch": {**GOOD["switch"], "highlight": "black"}},
        {**GOOD, "switch": {**GOOD["switch"], "highlight": {"colour": "black", "size": 10, "glow": 1}}},
    ],
)
def test_anything_but_the_settings_shape_is_refused(settings):
    assert access.problems(settings) == [BROKEN]


@rules
def test_every_problem_is_named_at_once():
    settings = changed(mode="x", interval_ms=1, select_keys=[], step_keys=["Tab"], highlight={"colour": 1, "size": 1})
    assert len(access.problems(settings)) == 6


# --- PUT /api/children/access -------------------------------------------------------------------------


def _token(client):
    return client.get("/api/session").get_json()["csrf_token"]


def put_access(client, body, token=None, headers=None, raw=None):
    return client.put(
        "/api/children/access",
        data=raw if raw is not None else json.dumps(body),
        content_type="application/json",
        headers={"X-CSRFToken": token if token is not None else _token(client), **(headers or {})},
    )


def changes(db, child_id):
    return [
        row["what"] for row in db.query("SELECT what FROM audit WHERE child_id = ? AND action = 'change'", [child_id])
    ]


def test_a_tablet_saves_an_allocated_child_s_settings_audited_as_a_change(client, db):
    login(client, "demo.worker")
    maisie = child_ids(db)["Maisie"]
    settings = changed(mode="two", step_keys=[" ", "F2"], highlight={"colour": "blue", "size": 16})
    response = put_access(client, {"child_id": maisie, "settings": settings})
    assert response.status_code == 200 and response.get_json()["settings"] == settings
    assert access.stored(db, maisie) == settings
    [row] = db.query("SELECT * FROM child_access")
    assert row["updated_by"] == next(db.query("SELECT id FROM users WHERE username = 'demo.worker'"))["id"]
    assert changes(db, maisie) == ["sync.put_child_access"]
    # The latest settings replace the earlier ones; each change is its own audit row.
    again = put_access(client, {"child_id": maisie, "settings": GOOD})
    assert again.status_code == 200 and access.stored(db, maisie) == GOOD and db["child_access"].count == 1
    assert len(changes(db, maisie)) == 2


def test_another_team_s_child_and_an_unknown_child_are_the_same_404(client, db):
    login(client, "demo.worker")
    leo = child_ids(db)["Leo"]  # the other team's
    answers = [
        put_access(client, {"child_id": child_id, "settings": GOOD})
        for child_id in (leo, "0b5e3c9e-7d1a-4f55-9a57-3b8f2e1c0d4a", "not an id", 7)
    ]
    assert {response.status_code for response in answers} == {404}
    assert len({response.get_data() for response in answers}) == 1
    assert db["child_access"].count == 0 and changes(db, leo) == []


def test_the_team_manager_may_set_the_team_s_children_and_an_admin_has_no_such_endpoint(app, db):
    maisie = child_ids(db)["Maisie"]
    manager = app.test_client()
    login(manager, "demo.manager")
    assert put_access(manager, {"child_id": maisie, "settings": GOOD}).status_code == 200
    admin = app.test_client()
    login(admin, "demo.admin")
    assert put_access(admin, {"child_id": maisie, "settings": changed(mode="two")}).status_code == 404
    assert access.stored(db, maisie) == GOOD


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "not json",
        "[]",
        '{"child_id": "x"}',
        '{"settings": {}}',
        '{"child_id": "MAISIE", "settings": {}, "more": 1}',
        '{"child_id": "MAISIE", "child_id": "MAISIE", "settings": {}}',
        b"\xff\xfe",
    ],
)
def test_a_body_that_is_not_the_child_and_the_settings_is_a_400_with_nothing_written(client, db, raw):
    login(client, "demo.worker")
    raw = raw.replace("MAISIE", child_ids(db)["Maisie"]) if isinstance(raw, str) else raw
    response = put_access(client, None, raw=raw)
    assert response.status_code == 400 and response.get_json()["error"] == "bad_request"
    assert db["child_access"].count == 0


def test_settings_the_rules_refuse_are_a_400_saying_why_with_nothing_written(client, db):
    login(client, "demo.worker")
    maisie = child_ids(db)["Maisie"]
    response = put_access(client, {"child_id": maisie, "settings": changed(interval_ms=400, step_keys=["Tab"])})
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["error"] == "bad_settings" and answer["field"] == "settings"
    assert answer["message"] == f"{SPEED} Give the step switch 1 to 4 keys"
    assert db["child_access"].count == 0 and changes(db, maisie) == []


def test_csrf_is_required(client, db):
    login(client, "demo.worker")
    response = put_access(client, {"child_id": child_ids(db)["Maisie"], "settings": GOOD}, token="wrong")
    assert response.status_code == 400 and db["child_access"].count == 0


def test_a_revoked_tablet_is_refused(client, db):
    worker = next(db.query("SELECT id FROM users WHERE username = 'demo.worker'"))["id"]
    admin = next(db.query("SELECT id FROM users WHERE username = 'demo.admin'"))["id"]
    device_id, _ = devices.register(db, worker, "Lost tablet")
    devices.revoke(db, device_id, admin)
    login(client, "demo.worker")
    body = {"child_id": child_ids(db)["Maisie"], "settings": GOOD}
    response = put_access(client, body, headers={"X-Sofs-Device": device_id})
    assert response.status_code == 403 and response.get_json()["error"] == "device_revoked"
    assert db["child_access"].count == 0


# --- /api/prepare carries them --------------------------------------------------------------------------


def test_prepare_carries_each_child_s_settings_or_null(client, db):
    login(client, "demo.worker")
    maisie = child_ids(db)["Maisie"]
    settings = changed(mode="auto", interval_ms=1500)
    assert put_access(client, {"child_id": maisie, "settings": settings}).status_code == 200
    children = client.get("/api/prepare").get_json()["children"]
    carried = {child["known_as"]: child["access"] for child in children}
    assert carried.pop("Maisie") == settings
    assert carried and set(carried.values()) == {None}
