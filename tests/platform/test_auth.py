"""Signing in and out, server-side sessions, throttling, password hashing and role checks."""

from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher

from sofs_direct.platform import auth
from sofs_direct.platform.demo import DEMO_PASSWORD
from tests.conftest import CSRF_INPUT, login, post_form


def test_sign_in_takes_a_practitioner_to_their_caseload(client):
    response = login(client, "demo.worker")
    assert response.status_code == 302
    assert response.headers["Location"] == "/children"
    assert "Maisie" in client.get("/children").get_data(as_text=True)


def test_admin_lands_on_administration(client):
    assert login(client, "demo.admin").headers["Location"] == "/admin"


def test_unknown_user_and_wrong_password_get_the_same_message(client):
    unknown = login(client, "nobody.here", "whatever-123")
    wrong = login(client, "demo.worker", "not-the-password")
    assert unknown.status_code == wrong.status_code == 401
    message = "The username or password is not right"
    assert message in unknown.get_data(as_text=True)
    assert message in wrong.get_data(as_text=True)
    assert client.get("/children").headers["Location"] == "/login"  # still signed out


def test_username_is_not_case_sensitive(client):
    assert login(client, "Demo.Worker").status_code == 302


def test_empty_fields_are_named_in_the_error_summary(client):
    response = post_form(client, "/login", {"username": "", "password": ""})
    text = response.get_data(as_text=True)
    assert "There is a problem" in text
    assert "Enter your username" in text and "Enter your password" in text


def test_pages_need_sign_in_and_come_back_after_it(client, db):
    child = next(db.query("SELECT id FROM children WHERE known_as = 'Maisie'"))["id"]
    response = client.get(f"/children/{child}")
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert login(client, "demo.worker").headers["Location"] == f"/children/{child}"


def sign_in_from(client, next_path, username="demo.worker"):
    """Open the sign-in page with `next` (as the tablet's "Sign in" links do), then sign in on it."""
    page = client.get("/login", query_string={"next": next_path})
    token = CSRF_INPUT.search(page.get_data(as_text=True)).group(1)
    return client.post("/login", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token})


def test_signing_in_from_the_tablet_comes_back_to_the_tablet(client):
    assert sign_in_from(client, "/tablet/cy").headers["Location"] == "/tablet/cy"
    # Already signed in (a second tap on the link): straight back too.
    assert client.get("/login?next=/tablet/en").headers["Location"] == "/tablet/en"


def test_next_is_a_path_on_this_site_only(app):
    for elsewhere in ("https://evil.example/", "//evil.example/tablet", "/\\evil.example", "tablet", "/tablet\x00"):
        client = app.test_client()
        assert sign_in_from(client, elsewhere).headers["Location"] == "/children", elsewhere


def test_sign_out_ends_the_server_session(client, db):
    login(client, "demo.worker")
    response = post_form(client, "/logout", {}, page="/children")
    assert response.status_code == 303
    row = next(db.query("SELECT * FROM login_sessions ORDER BY id DESC LIMIT 1"))
    assert row["ended_at"] and row["end_reason"] == "signed out"
    assert client.get("/children").headers["Location"] == "/login"


def test_a_stolen_cookie_is_useless_after_sign_out(app, db):
    thief, owner = app.test_client(), app.test_client()
    login(owner, "demo.worker")
    thief.set_cookie("sofs_session", owner.get_cookie("sofs_session").value)
    assert thief.get("/children").status_code == 200
    post_form(owner, "/logout", {}, page="/children")
    assert thief.get("/children").headers["Location"] == "/login"


def _age_session(db, seconds_idle=0, seconds_to_expiry=None):
    now = datetime.now(UTC)
    db.execute("UPDATE login_sessions SET last_seen_at = ?", [(now - timedelta(seconds=seconds_idle)).isoformat()])
    if seconds_to_expiry is not None:
        db.execute(
            "UPDATE login_sessions SET expires_at = ?", [(now + timedelta(seconds=seconds_to_expiry)).isoformat()]
        )
    db.conn.commit()


def test_idle_session_times_out_with_a_message(client, db):
    login(client, "demo.worker")
    _age_session(db, seconds_idle=31 * 60)
    response = client.get("/children", follow_redirects=True)
    assert "You were signed out because you were inactive" in response.get_data(as_text=True)
    assert next(db.query("SELECT end_reason FROM login_sessions"))["end_reason"] == "idle"


def test_activity_keeps_the_session_alive(client, db):
    login(client, "demo.worker")
    _age_session(db, seconds_idle=29 * 60)
    assert client.get("/children").status_code == 200
    _age_session(db, seconds_idle=20 * 60)  # would be 49 minutes if the last request had not counted
    assert client.get("/children").status_code == 200


def test_absolute_lifetime_ends_even_an_active_session(client, db):
    login(client, "demo.worker")
    _age_session(db, seconds_idle=0, seconds_to_expiry=-1)
    response = client.get("/children", follow_redirects=True)
    assert "Your sign-in has expired" in response.get_data(as_text=True)


def test_admin_can_end_every_session_of_a_user(app, db):
    tablet, laptop, admin = app.test_client(), app.test_client(), app.test_client()
    login(tablet, "demo.worker")
    login(laptop, "demo.worker")
    login(admin, "demo.admin")
    worker_id = next(db.query("SELECT id FROM users WHERE username = 'demo.worker'"))["id"]
    response = post_form(admin, f"/admin/users/{worker_id}/end-sessions", {}, page=f"/admin/users/{worker_id}")
    assert response.status_code == 303
    for device in (tablet, laptop):
        page = device.get("/children", follow_redirects=True).get_data(as_text=True)
        assert "You were signed out by an administrator" in page


def test_sign_in_is_throttled_per_username(make_app):
    app = make_app(LOGIN_LIMIT_PER_USERNAME="3 per 15 minutes")
    client = app.test_client()
    for _ in range(3):
        assert login(client, "demo.worker", "wrong-password").status_code == 401
    blocked = login(client, "demo.worker", DEMO_PASSWORD)
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)
    # Another username from the same address is not affected.
    assert login(app.test_client(), "demo.manager").status_code == 302


def test_sign_in_is_throttled_per_address(make_app):
    app = make_app(LOGIN_LIMIT_PER_ADDRESS="4 per 15 minutes")
    client = app.test_client()
    for n in range(4):
        assert login(client, f"someone{n}", "wrong-password").status_code == 401
    assert login(client, "demo.worker").status_code == 429


def test_two_processes_on_one_store_share_the_sign_in_allowance(make_app, db):
    """The server runs a worker process per core, each its own app: the failed attempts one counts
    are counted by the other, so a second process gives an attacker no more guesses."""
    first, second = (make_app(LOGIN_LIMIT_PER_USERNAME="4 per 15 minutes") for _ in range(2))
    for app in (first, second, first, second):
        assert login(app.test_client(), "demo.worker", "wrong-password").status_code == 401
    assert login(second.test_client(), "demo.worker").status_code == 429
    assert login(first.test_client(), "demo.worker").status_code == 429
    # Counted by a hash of the key: no attempted username is kept in clear.
    keys = [row["key_sha256"] for row in db.query("SELECT key_sha256 FROM throttle_counts")]
    assert keys and not any("demo" in key for key in keys)


def test_successful_sign_ins_do_not_use_up_the_allowance(make_app):
    app = make_app(LOGIN_LIMIT_PER_USERNAME="2 per 15 minutes")
    for _ in range(4):
        client = app.test_client()
        assert login(client, "demo.worker").status_code == 302


def test_passwords_are_argon2id_and_rehashed_when_parameters_change(make_app, db):
    stored = next(db.query("SELECT password_hash FROM users WHERE username = 'demo.worker'"))["password_hash"]
    assert stored.startswith("$argon2id$") and "m=8192" in stored  # the suite's cheap profile
    app = make_app(PASSWORD_HASH_PROFILE="standard")
    assert login(app.test_client(), "demo.worker").status_code == 302
    rehashed = next(db.query("SELECT password_hash FROM users WHERE username = 'demo.worker'"))["password_hash"]
    assert rehashed != stored
    assert not PasswordHasher().check_needs_rehash(rehashed)


def test_sign_in_without_csrf_token_is_rejected(client):
    client.get("/login")
    response = client.post("/login", data={"username": "demo.worker", "password": DEMO_PASSWORD})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)


def test_session_cookie_is_httponly_and_samesite_lax(client):
    login(client, "demo.worker")
    cookie = client.get_cookie("sofs_session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_session_cookie_is_secure_over_https(make_app):
    app = make_app(SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    page = client.get("/login", base_url="https://localhost").get_data(as_text=True)
    token = CSRF_INPUT.search(page).group(1)
    # Over HTTPS, Flask-WTF also checks the Referer is this site, as a browser sends it.
    response = client.post(
        "/login",
        data={"username": "demo.worker", "password": DEMO_PASSWORD, "csrf_token": token},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/login"},
    )
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


def test_roles_see_only_their_screens(as_user):
    worker = as_user("demo.worker")
    assert worker.get("/team").status_code == 404
    assert worker.get("/admin").status_code == 404


def test_deactivated_user_cannot_sign_in(app, db):
    db.execute("UPDATE users SET active = 0 WHERE username = 'demo.worker'")
    db.conn.commit()
    assert login(app.test_client(), "demo.worker").status_code == 401


def test_password_problem_rules(app):
    with app.test_request_context():
        assert auth.password_problem("short") is not None
        assert auth.password_problem("long enough") is None
        assert auth.password_problem("x" * 300) is not None
