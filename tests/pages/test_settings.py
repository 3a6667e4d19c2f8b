"""Your own settings: language preference and password."""

from tests.conftest import login, post_form


def test_saving_a_language_preference(as_user, db):
    client = as_user("demo.worker")
    response = post_form(client, "/settings", {"language": "cy"})
    assert response.status_code == 303
    assert next(db.query("SELECT language FROM users WHERE username = 'demo.worker'"))["language"] == "cy"
    assert "Fy mhlant" in client.get("/children").get_data(as_text=True)


def test_changing_password_checks_the_current_one(app, as_user):
    client = as_user("demo.worker")
    page = post_form(
        client, "/settings/password", {"current": "wrong", "new": "new password 1", "confirm": "new password 1"}
    ).get_data(as_text=True)
    assert "Your current password is not right" in page
    page = post_form(
        client, "/settings/password", {"current": "sofs-demo", "new": "new password 1", "confirm": "different"}
    ).get_data(as_text=True)
    assert "The passwords do not match" in page
    response = post_form(
        client, "/settings/password", {"current": "sofs-demo", "new": "new password 1", "confirm": "new password 1"}
    )
    assert response.status_code == 303
    assert login(app.test_client(), "demo.worker", "new password 1").status_code == 302
