"""How a child takes part, on the practitioner's pages (issue 16): the child's page says it in words,
and a GOV.UK form changes it, audited, for the children the worker may see only; the keys a tablet
learnt are shown and can be put back to the defaults."""

import copy

import pytest

from sofs_direct.artefacts import access
from tests.conftest import child_ids, csrf_token, post_form

FORM = {"symbols": "on", "mode": "auto", "speed": "1,5", "colour": "purple", "size": "16"}


@pytest.fixture
def maisie(db):
    return child_ids(db)["Maisie"]


def test_the_child_s_page_says_how_the_child_takes_part(as_user, db, maisie):
    client = as_user("demo.worker")
    page = client.get(f"/children/{maisie}").get_data(as_text=True)
    assert "How Maisie takes part" in page and "No switches" in page and "Change how Maisie takes part" in page
    settings = access.defaults()
    settings["symbols"] = True
    settings["switch"].update(mode="two", step_keys=[" ", "F2"], highlight={"colour": "blue", "size": 16})
    access.save(db, maisie, settings, None)
    page = client.get(f"/children/{maisie}").get_data(as_text=True)
    assert "On: a symbol beside the words, read aloud when tapped" in page
    assert "Two switches: one moves the highlight, the other selects" in page
    assert "Space, F2" in page and "Dark blue, Widest" in page


def test_the_form_changes_the_settings_audited_and_keeps_the_learnt_keys(as_user, db, maisie):
    settings = access.defaults()
    settings["switch"].update(select_keys=["1"], step_keys=["2"])
    access.save(db, maisie, settings, None)
    client = as_user("demo.manager")
    path = f"/children/{maisie}/access"
    form = client.get(path).get_data(as_text=True)
    assert 'name="mode" type="radio" value="off" checked' in form and 'value="2"' in form  # as stored
    assert "Keys the select switch sends" in form and ">1</dd>" in form and ">2</dd>" in form
    response = post_form(client, path, FORM)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/children/{maisie}#takes-part")
    assert access.stored(db, maisie) == {
        "symbols": True,
        "switch": {
            "mode": "auto",
            "interval_ms": 1500,
            "select_keys": ["1"],
            "step_keys": ["2"],
            "highlight": {"colour": "purple", "size": 16},
        },
    }
    [change] = db.query("SELECT * FROM audit WHERE child_id = ? AND action = 'change'", [maisie])
    assert change["what"] == "child_access.change_access"
    assert "Saved how Maisie takes part." in client.get(f"/children/{maisie}").get_data(as_text=True)
    # Putting the keys back to the defaults.
    assert post_form(client, path, {**FORM, "keys": "reset"}).status_code == 303
    assert access.stored(db, maisie)["switch"]["select_keys"] == ["Enter"]
    assert access.stored(db, maisie)["switch"]["step_keys"] == [" "]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"speed": "0.4"}, "Choose a scanning speed from 0.5 to 5 seconds"),
        ({"speed": "5.1"}, "Choose a scanning speed from 0.5 to 5 seconds"),
        ({"speed": "soon"}, "Choose a scanning speed from 0.5 to 5 seconds"),
        ({"speed": "nan"}, "Choose a scanning speed from 0.5 to 5 seconds"),
        ({"mode": "three"}, "Not a valid choice"),
        ({"colour": None}, "Choose a highlight colour"),
        ({"size": "11"}, "Not a valid choice"),
    ],
)
def test_a_wrong_answer_is_shown_gov_uk_style_and_nothing_is_stored(as_user, db, maisie, change, message):
    client = as_user("demo.worker")
    data = {key: value for key, value in {**FORM, **change}.items() if value is not None}
    response = post_form(client, f"/children/{maisie}/access", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "There is a problem" in page and message in page
    assert "<title>Error:" in page and "govuk-form-group--error" in page
    assert access.stored(db, maisie) is None


def test_the_speed_limits_are_taken_to_the_tenth_of_a_second(as_user, db, maisie):
    client = as_user("demo.worker")
    for typed, interval_ms in (("0.5", 500), ("5", 5000), ("2,25", 2200)):
        assert post_form(client, f"/children/{maisie}/access", {**FORM, "speed": typed}).status_code == 303
        assert access.stored(db, maisie)["switch"]["interval_ms"] == interval_ms


def test_csrf_is_required_and_another_team_s_child_is_a_404(as_user, db, maisie):
    client = as_user("demo.worker")
    assert client.post(f"/children/{maisie}/access", data=FORM).status_code == 400
    token = csrf_token(client, f"/children/{maisie}/access")
    leo = child_ids(db)["Leo"]
    assert client.get(f"/children/{leo}/access").status_code == 404
    assert client.post(f"/children/{leo}/access", data={**FORM, "csrf_token": token}).status_code == 404
    assert db["child_access"].count == 0


def test_keys_the_rules_no_longer_allow_are_said_not_a_500(as_user, db, maisie, monkeypatch):
    """Stored keys are valid when stored; if the rules later reserve one, the form says so."""
    settings = access.defaults()
    settings["switch"]["select_keys"] = ["F1"]
    access.save(db, maisie, copy.deepcopy(settings), None)
    monkeypatch.setattr(access, "RESERVED_KEYS", access.RESERVED_KEYS | {"F1"})
    client = as_user("demo.worker")
    response = post_form(client, f"/children/{maisie}/access", FORM)
    assert response.status_code == 400 and "Give the select switch 1 to 4 keys" in response.get_data(as_text=True)
    assert access.stored(db, maisie) == settings
