"""Caseloads and the access rule: a worker sees only their children; anything else is a 404."""

import uuid
from datetime import date

import pytest

from sofs_direct.platform.children import age_on, search_children, visible_children
from tests.conftest import child_ids, csrf_token, login, post_form


def _user(db, username):
    return next(db.query("SELECT * FROM users WHERE username = ?", [username]))


def test_practitioner_caseload_is_exactly_their_three_children(as_user):
    page = as_user("demo.worker").get("/children").get_data(as_text=True)
    for name in ("Maisie", "Tomos", "Ava"):
        assert name in page
    assert "Leo" not in page
    assert "Children shown: 3" in page


def test_visible_children_by_role(db):
    names = lambda username: sorted(c["known_as"] for c in visible_children(db, _user(db, username)))
    assert names("demo.worker") == ["Ava", "Maisie", "Tomos"]
    assert names("demo.manager") == ["Ava", "Maisie", "Tomos"]  # the team's children
    assert names("other.worker") == ["Leo"]
    assert names("demo.admin") == []  # admins manage access, not content


def test_search_matches_name_or_reference_ignoring_case():
    children = [{"known_as": "Maisie", "case_reference": "LCS-1"}, {"known_as": "Élodie", "case_reference": "LCS-2"}]
    assert [c["known_as"] for c in search_children(children, "mai")] == ["Maisie"]
    assert [c["known_as"] for c in search_children(children, "élo")] == ["Élodie"]
    assert [c["known_as"] for c in search_children(children, "lcs-2")] == ["Élodie"]
    assert len(search_children(children, "  ")) == 2


def test_caseload_search_is_posted_not_put_in_the_url(as_user):
    client = as_user("demo.worker")
    response = post_form(client, "/children", {"query": "tom"})
    page = response.get_data(as_text=True)
    assert "Tomos" in page and "Maisie" not in page
    # htmx asks for just the results fragment.
    token = csrf_token(client, "/children")
    fragment = client.post("/children", data={"query": "zzz", "csrf_token": token}, headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert text.lstrip().startswith('<div id="caseload-results"') and "No children match your search." in text


def test_child_page_shows_details(as_user, db):
    client = as_user("demo.worker")
    page = client.get(f"/children/{child_ids(db)['Tomos']}").get_data(as_text=True)
    assert "Tomos" in page and "LCS-104871" in page and "2 September 2014" in page and "Dana Worker" in page


def test_age_counts_whole_years():
    assert age_on("2018-03-14", date(2026, 3, 13)) == 7
    assert age_on("2018-03-14", date(2026, 3, 14)) == 8


def _child_routes(app):
    """Every route whose URL names a child, with each method it answers."""
    for rule in app.url_map.iter_rules():
        if "child_id" in rule.arguments:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def _build(app, rule, child_id):
    values = dict.fromkeys(rule.arguments, 1)
    values["child_id"] = child_id
    return app.url_map.bind("localhost").build(rule.endpoint, values)


@pytest.mark.parametrize("username", ["demo.worker", "demo.manager", "demo.admin"])
def test_every_route_that_names_a_child_is_404_for_a_child_you_may_not_see(app, db, username):
    """Enumerates the app's routes, so a route added later is covered automatically."""
    routes = list(_child_routes(app))
    assert len(routes) >= 3
    client = app.test_client()
    assert login(client, username).status_code == 302
    token = csrf_token(client, "/settings")
    others = [child_ids(db)["Leo"], str(uuid.uuid4())]  # another team's child, and no child at all
    for rule, method in routes:
        # An admin manages every child's allocation record, but nothing else about any child.
        admin_record = username == "demo.admin" and rule.endpoint.startswith("admin.")
        for child_id in (
            others[1:] if admin_record else list(child_ids(db).values()) if username == "demo.admin" else others
        ):
            url = _build(app, rule, child_id)
            response = client.open(url, method=method, data={"csrf_token": token})
            assert response.status_code == 404, f"{method} {rule.rule} as {username}: {response.status_code}"


def test_malformed_child_ids_are_404(as_user):
    client = as_user("demo.worker")
    for bad in ("not-a-uuid", "1", "../admin", "%00"):
        assert client.get(f"/children/{bad}").status_code == 404


def test_own_children_open_for_the_worker_and_their_manager(app, db):
    for username in ("demo.worker", "demo.manager"):
        client = app.test_client()
        login(client, username)
        for child_id in (child_ids(db)[name] for name in ("Maisie", "Tomos", "Ava")):
            assert client.get(f"/children/{child_id}").status_code == 200


def test_reallocated_child_disappears_from_the_old_worker(app, db):
    from sofs_direct.platform.children import set_allocation

    maisie = child_ids(db)["Maisie"]
    worker = app.test_client()
    login(worker, "demo.worker")
    assert worker.get(f"/children/{maisie}").status_code == 200
    set_allocation(db, maisie, [_user(db, "demo.manager")["id"]])
    assert worker.get(f"/children/{maisie}").status_code == 404
