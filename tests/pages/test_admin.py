"""Administration: people, teams, password resets, signing out everywhere, and allocation."""

from tests.conftest import child_ids, login, post_form


def _user(db, username):
    return next(db.query("SELECT * FROM users WHERE username = ? COLLATE NOCASE", [username]), None)


def test_admin_creates_a_practitioner_who_must_choose_a_password(app, as_user, db):
    admin = as_user("demo.admin")
    team = next(db.query("SELECT id FROM teams WHERE name = 'Demo Team'"))["id"]
    response = post_form(
        admin,
        "/admin/users/new",
        {
            "username": "new.worker",
            "display_name": "Nia Newydd",
            "role": "practitioner",
            "team_id": team,
            "language": "cy",
            "password": "temporary-123",
        },
    )
    assert response.status_code == 303
    created = _user(db, "new.worker")
    assert created["role"] == "practitioner" and created["must_change_password"] == 1 and created["language"] == "cy"
    newcomer = app.test_client()
    assert login(newcomer, "new.worker", "temporary-123").headers["Location"] == "/settings/password"
    assert newcomer.get("/children").headers["Location"] == "/settings/password"  # nothing else first
    response = post_form(
        newcomer, "/settings/password", {"current": "temporary-123", "new": "my own secret", "confirm": "my own secret"}
    )
    assert response.status_code == 303
    assert newcomer.get("/children").status_code == 200


def test_new_user_form_explains_each_mistake(as_user, db):
    admin = as_user("demo.admin")
    page = post_form(
        admin,
        "/admin/users/new",
        {
            "username": "demo.worker",
            "display_name": "",
            "role": "practitioner",
            "team_id": 0,
            "language": "en",
            "password": "short",
        },
    ).get_data(as_text=True)
    for message in (
        "Enter the person&#39;s full name",
        "Choose the team this person works in",
        "Password must be 8 characters or more",
    ):
        assert message in page
    page = post_form(
        admin,
        "/admin/users/new",
        {
            "username": "DEMO.WORKER",
            "display_name": "X",
            "role": "practitioner",
            "team_id": next(db.query("SELECT id FROM teams"))["id"],
            "language": "en",
            "password": "long-enough-1",
        },
    ).get_data(as_text=True)
    assert "That username is already taken" in page


def test_reset_password_ends_sessions_and_forces_a_change(app, as_user, db):
    worker = app.test_client()
    login(worker, "demo.worker")
    admin = as_user("demo.admin")
    person = _user(db, "demo.worker")
    response = post_form(admin, f"/admin/users/{person['id']}", {"password": "reset-pass-1"})
    assert response.status_code == 303
    assert worker.get("/children").headers["Location"] == "/login"
    fresh = app.test_client()
    assert login(fresh, "demo.worker", "reset-pass-1").headers["Location"] == "/settings/password"


def test_deactivating_signs_the_person_out(app, as_user, db):
    worker = app.test_client()
    login(worker, "demo.worker")
    admin = as_user("demo.admin")
    person = _user(db, "demo.worker")
    post_form(admin, f"/admin/users/{person['id']}/active", {}, page=f"/admin/users/{person['id']}")
    assert _user(db, "demo.worker")["active"] == 0
    assert worker.get("/children").headers["Location"] == "/login"
    post_form(admin, f"/admin/users/{person['id']}/active", {}, page=f"/admin/users/{person['id']}")
    assert _user(db, "demo.worker")["active"] == 1


def test_admin_cannot_deactivate_themself(as_user, db):
    admin = as_user("demo.admin")
    me = _user(db, "demo.admin")
    post_form(admin, f"/admin/users/{me['id']}/active", {}, page=f"/admin/users/{me['id']}")
    assert _user(db, "demo.admin")["active"] == 1


def test_admin_adds_a_child_and_allocates_them(app, as_user, db):
    admin = as_user("demo.admin")
    team = next(db.query("SELECT id FROM teams WHERE name = 'Demo Team'"))["id"]
    response = post_form(
        admin,
        "/admin/children/new",
        {
            "known_as": "Cerys",
            "date_of_birth": "2019-05-01",
            "case_reference": "LCS-9",
            "preferred_language": "cy",
            "team_id": team,
        },
        page="/admin/children/new",
    )
    assert response.status_code == 303 and "/allocation" in response.headers["Location"]
    cerys = child_ids(db)["Cerys"]
    worker = _user(db, "demo.worker")
    post_form(admin, f"/admin/children/{cerys}/allocation", {"workers": [worker["id"]]})
    practitioner = app.test_client()
    login(practitioner, "demo.worker")
    assert "Cerys" in practitioner.get("/children").get_data(as_text=True)


def test_child_form_refuses_impossible_dates(as_user, db):
    admin = as_user("demo.admin")
    team = next(db.query("SELECT id FROM teams"))["id"]
    for bad, message in (
        ("2999-01-01", "must be today or in the past"),
        ("1950-01-01", "within the last 25 years"),
        ("2020-02-30", "Enter a real date of birth"),
        ("", "Enter a real date of birth"),
    ):
        page = post_form(
            admin,
            "/admin/children/new",
            {"known_as": "X", "date_of_birth": bad, "team_id": team, "preferred_language": "en"},
        ).get_data(as_text=True)
        assert message in page, bad
    assert "X" not in child_ids(db)


def test_allocation_offers_only_workers_of_the_childs_team(as_user, db):
    admin = as_user("demo.admin")
    leo = child_ids(db)["Leo"]
    page = admin.get(f"/admin/children/{leo}/allocation").get_data(as_text=True)
    assert "Owen Other" in page and "Dana Worker" not in page
    dana = _user(db, "demo.worker")["id"]
    response = post_form(admin, f"/admin/children/{leo}/allocation", {"workers": [dana]})
    assert response.status_code == 400  # not a valid choice: nothing saved
    assert [r["user_id"] for r in db.query("SELECT user_id FROM allocations WHERE child_id = ?", [leo])] == [
        _user(db, "other.worker")["id"]
    ]


def test_admin_sees_no_child_content(as_user, db):
    admin = as_user("demo.admin")
    page = admin.get("/admin").get_data(as_text=True)
    assert "Maisie" in page and "2018-03-14" not in page  # name to allocate, not date of birth
    assert admin.get(f"/children/{child_ids(db)['Maisie']}").status_code == 404
    assert admin.get("/children").status_code == 404


def test_teams_are_unique(as_user, db):
    admin = as_user("demo.admin")
    assert post_form(admin, "/admin/teams", {"name": "North Team"}, page="/admin").status_code == 303
    page = post_form(admin, "/admin/teams", {"name": "north team"}, page="/admin")
    assert page.status_code == 400 and "A team with that name already exists" in page.get_data(as_text=True)
