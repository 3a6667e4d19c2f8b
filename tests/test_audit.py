"""The audit trail: every view and change of a child's data is recorded; nothing can rewrite it."""

import sqlite3

import pytest

from conftest import child_ids, login, post_form


def _entries(db, child_id=None):
    if child_id:
        return list(db.query("SELECT * FROM audit WHERE child_id = ? ORDER BY id", [child_id]))
    return list(db.query("SELECT * FROM audit ORDER BY id"))


def test_viewing_a_child_is_recorded_with_who_and_which_session(as_user, db):
    client = as_user("demo.worker")
    maisie = child_ids(db)["Maisie"]
    client.get(f"/children/{maisie}")
    entry = _entries(db, maisie)[-1]
    worker = next(db.query("SELECT id FROM users WHERE username = 'demo.worker'"))["id"]
    session = next(db.query("SELECT id FROM login_sessions WHERE user_id = ? ORDER BY id DESC", [worker]))["id"]
    assert (entry["action"], entry["user_id"], entry["login_session_id"]) == ("view", worker, session)
    assert entry["what"] == "children.child_page" and entry["at"]


def test_a_refused_view_is_not_recorded_as_a_view(as_user, db):
    client = as_user("demo.worker")
    leo = child_ids(db)["Leo"]
    assert client.get(f"/children/{leo}").status_code == 404
    assert _entries(db, leo) == []


def test_changing_an_allocation_is_recorded_as_a_change(as_user, db):
    admin = as_user("demo.admin")
    ava = child_ids(db)["Ava"]
    manager = next(db.query("SELECT id FROM users WHERE username = 'demo.manager'"))["id"]
    response = post_form(admin, f"/admin/children/{ava}/allocation", {"workers": [manager]})
    assert response.status_code == 303
    assert [e["action"] for e in _entries(db, ava)][-1] == "change"


def test_sign_in_and_out_are_recorded(as_user, db):
    client = as_user("demo.worker")
    post_form(client, "/logout", {}, page="/children")
    assert [e["what"] for e in _entries(db) if e["action"] == "account"][-2:] == ["signed in", "signed out"]


def test_the_audit_trail_cannot_be_changed_or_deleted(db, as_user):
    as_user("demo.worker").get(f"/children/{child_ids(db)['Maisie']}")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit SET user_id = NULL")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit")


def test_manager_reads_the_audit_of_the_team_only(app, db):
    worker, other, manager = app.test_client(), app.test_client(), app.test_client()
    login(worker, "demo.worker")
    login(other, "other.worker")
    login(manager, "demo.manager")
    worker.get(f"/children/{child_ids(db)['Tomos']}")
    other.get(f"/children/{child_ids(db)['Leo']}")
    page = manager.get("/team/audit").get_data(as_text=True)
    assert "Tomos" in page and "Dana Worker" in page
    assert "Leo" not in page and "Owen Other" not in page
    child_page = manager.get(f"/team/children/{child_ids(db)['Tomos']}/audit").get_data(as_text=True)
    assert "Who has seen or changed this record" in child_page and "Dana Worker" in child_page


def test_practitioners_cannot_read_the_audit(as_user, db):
    client = as_user("demo.worker")
    assert client.get("/team/audit").status_code == 404
    assert client.get(f"/team/children/{child_ids(db)['Tomos']}/audit").status_code == 404


def test_audit_holds_no_child_names_or_words(as_user, db):
    client = as_user("demo.worker")
    for name in ("Maisie", "Tomos", "Ava"):
        client.get(f"/children/{child_ids(db)[name]}")
    post_form(client, "/children", {"query": "Maisie"})
    dump = "\n".join(str(row) for row in _entries(db))
    for name in ("Maisie", "Tomos", "Ava"):
        assert name not in dump
