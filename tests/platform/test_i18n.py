"""Translations: every string has Welsh, the switch works per screen, and JavaScript shares the catalogue."""

import re

from sofs_direct.platform.i18n import extract_messages, read_catalogue
from tests.conftest import CSRF_INPUT, login, post_form

PLACEHOLDER = re.compile(r"%\(\w+\)s")


def test_every_user_visible_string_has_a_welsh_translation():
    welsh = read_catalogue("cy")
    missing, broken = [], []
    for message in extract_messages():
        if not message.id:
            continue
        translated = welsh.get(message.id)
        # A plural (ngettext) is a tuple: English singular and plural, and one Welsh form per number.
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = (
            translated.string
            if translated is not None and isinstance(translated.string, tuple)
            else (translated.string if translated is not None else "",)
        )
        if translated is None or not all(forms) or translated.fuzzy:
            missing.append(message.id)
        elif any(set(PLACEHOLDER.findall(form)) != set(PLACEHOLDER.findall(english[-1])) for form in forms):
            broken.append(message.id)
    assert missing == [], f"run `make translations` and translate: {missing}"
    assert broken == [], f"placeholders differ in: {broken}"


def test_extraction_finds_strings_in_python_templates_and_forms():
    ids = {message.id for message in extract_messages()}
    assert "Sign in to SofS Direct" in ids  # template
    assert "Enter your username" in ids  # lazy form message
    assert "The username or password is not right" in ids  # view code
    assert "House of Worries" in ids  # the tablet's JavaScript (static/js/tools/)
    assert "Start" in ids  # inside a JavaScript template string: `${_("Start")}: …`
    assert "age %(age)s" in ids  # static/js/tablet/home.js


def test_browser_language_is_the_default_before_sign_in(client):
    page = client.get("/login", headers={"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert 'lang="cy"' in page and "Mewngofnodi" in page


def test_switch_applies_to_the_session_and_returns_to_the_same_screen(as_user):
    client = as_user("demo.worker")
    response = post_form(client, "/language", {"lang": "cy", "next": "/settings"}, page="/children")
    assert response.status_code == 303 and response.headers["Location"] == "/settings"
    assert "Gosodiadau" in client.get("/settings").get_data(as_text=True)


def test_switch_refuses_unknown_languages_and_offsite_redirects(as_user):
    client = as_user("demo.worker")
    assert post_form(client, "/language", {"lang": "fr", "next": "/children"}, page="/children").status_code == 400
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = post_form(client, "/language", {"lang": "en", "next": target}, page="/children")
        assert response.headers["Location"] == "/"


def test_saved_preference_applies_at_sign_in(app, db):
    db.execute("UPDATE users SET language = 'cy' WHERE username = 'demo.worker'")
    db.conn.commit()
    client = app.test_client()
    login(client, "demo.worker")
    assert "Fy mhlant" in client.get("/children").get_data(as_text=True)


def test_form_errors_are_translated(client):
    welsh_browser = {"Accept-Language": "cy"}
    token = CSRF_INPUT.search(client.get("/login", headers=welsh_browser).get_data(as_text=True)).group(1)
    page = client.post(
        "/login", data={"username": "", "password": "", "csrf_token": token}, headers=welsh_browser
    ).get_data(as_text=True)
    welsh = read_catalogue("cy")
    assert welsh.get("Enter your username").string in page


def test_dates_follow_the_language(as_user, db):
    client = as_user("demo.worker")
    tomos = next(db.query("SELECT id FROM children WHERE known_as = 'Tomos'"))["id"]
    assert "2 September 2014" in client.get(f"/children/{tomos}").get_data(as_text=True)
    post_form(client, "/language", {"lang": "cy", "next": "/"}, page="/children")
    assert "2 Medi 2014" in client.get(f"/children/{tomos}").get_data(as_text=True)


def test_javascript_catalogue_is_the_same_catalogue(client):
    welsh = client.get("/i18n/cy.json").get_json()
    asked = "Sign in again to prepare for visits."  # a script's message (static/js/tablet/home.js)
    assert welsh[asked] == read_catalogue("cy").get(asked).string
    # Only the scripts' messages: a page's alone ("Sign in" on the login form) is not sent to the tablet.
    assert "Sign in" not in welsh and welsh["January"]
    assert client.get("/i18n/en.json").get_json() == {}
    assert client.get("/i18n/fr.json").status_code == 404
