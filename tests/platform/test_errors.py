"""What a person sees when something goes wrong: a fault in the server gets the service's own page in
their language (JSON under /api/), never Flask's bare default and never the fault itself; and an
address the store cannot hold (an id past 2⁶³) is a 404 on every route that takes a number."""

import pytest
from flask import g
from markupsafe import escape
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter, UUIDConverter

from sofs_direct.platform.i18n import read_catalogue
from tests.conftest import child_ids, csrf_token, login

# What a fault could carry: it must reach the log only, never the page.
SECRET = "Maisie said: I hide under the bed when Dad shouts"
TITLE = "Sorry, there is a problem with the service"


@pytest.fixture
def faulty_app(make_app):
    """The real app with three views that really raise, added for this test only."""
    app = make_app()

    def fault():
        raise RuntimeError(SECRET)

    def fault_on_every_page():
        g.break_every_page = True
        raise RuntimeError(SECRET)

    @app.context_processor
    def breaks_when_asked():
        if g.get("break_every_page"):  # a fault in what every page needs: the error page cannot render
            raise LookupError(SECRET)
        return {}

    app.add_url_rule("/fault", "fault", fault)
    app.add_url_rule("/api/fault", "api_fault", fault)
    app.add_url_rule("/fault-everywhere", "fault_everywhere", fault_on_every_page)
    return app


def test_a_fault_gets_the_service_s_own_page_saying_nothing_of_it(faulty_app):
    client = faulty_app.test_client()
    login(client, "demo.worker")
    response = client.get("/fault")
    page = response.get_data(as_text=True)
    assert response.status_code == 500 and response.mimetype == "text/html"
    assert f'<h1 class="govuk-heading-l">{TITLE}</h1>' in page and "govuk-service-navigation" in page
    assert "Try again later." in page and "Go to the start" in page
    assert "I hide" not in page and "RuntimeError" not in page and "Traceback" not in page


def test_the_fault_page_is_in_the_person_s_language(faulty_app):
    client = faulty_app.test_client()
    page = client.get("/fault", headers={"Accept-Language": "cy"}).get_data(as_text=True)
    welsh = read_catalogue("cy")
    assert 'lang="cy"' in page and welsh.get("Go to the start").string in page
    assert str(escape(welsh.get(TITLE).string)) in page


def test_a_fault_under_api_is_json_the_tablet_retries(faulty_app):
    response = faulty_app.test_client().get("/api/fault")
    assert response.status_code == 500 and response.is_json
    assert response.get_json()["error"] == "server_error" and TITLE in response.get_json()["message"]
    assert "I hide" not in response.get_data(as_text=True)


def test_an_htmx_request_gets_the_fault_as_a_fragment(faulty_app):
    client = faulty_app.test_client()
    login(client, "demo.worker")
    response = client.get("/fault", headers={"HX-Request": "true"})
    text = response.get_data(as_text=True)
    assert response.status_code == 500 and "<html" not in text and TITLE in text


def test_a_fault_in_what_every_page_needs_still_gets_a_plain_page_with_the_same_words(faulty_app):
    response = faulty_app.test_client().get("/fault-everywhere")
    page = response.get_data(as_text=True)
    assert response.status_code == 500 and response.mimetype == "text/html"
    assert f"<h1>{TITLE}</h1>" in page and 'lang="en"' in page and "I hide" not in page


# --- numbers in addresses -------------------------------------------------------------------------

TOO_LARGE = (2**63, 2**64, 10**40)


def _number_routes(app):
    """Every route with a number in its address (`<int:…>`), enumerated so a route added later is covered."""
    for rule in app.url_map.iter_rules():
        numbers = [name for name, converter in rule._converters.items() if isinstance(converter, IntegerConverter)]
        if numbers:
            yield rule, numbers


def _address(adapter, rule, numbers, number, child_id):
    values = dict.fromkeys(rule.arguments, "x")
    for name, converter in rule._converters.items():
        if isinstance(converter, UUIDConverter):
            values[name] = child_id if name == "child_id" else "00000000-0000-4000-8000-000000000000"
    # Building writes any number (only matching checks the bounds), as a person can type it.
    return adapter.build(rule.endpoint, {**values, **dict.fromkeys(numbers, number)})


def test_every_number_route_is_404_for_a_number_the_store_cannot_hold(app, db):
    routes = list(_number_routes(app))
    assert {rule.endpoint for rule, _numbers in routes} >= {
        "admin.user",
        "admin.toggle_active",
        "admin.end_sessions",
        "admin.revoke_device",
        "exports.pack_download",
        "records.photo",
    }
    maisie = child_ids(db)["Maisie"]
    clients = {}
    for username in ("demo.admin", "demo.worker"):
        client = app.test_client()
        assert login(client, username).status_code == 302
        clients[username] = (client, csrf_token(client, "/settings"))
    adapter = app.url_map.bind("localhost")
    for rule, numbers in routes:
        client, token = clients["demo.admin" if rule.endpoint.startswith("admin.") else "demo.worker"]
        for number in TOO_LARGE:
            path = _address(adapter, rule, numbers, number, maisie)
            with pytest.raises(NotFound):
                adapter.match(path, method=sorted(rule.methods)[0])
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = client.open(path, method=method, data={"csrf_token": token})
                assert response.status_code == 404, f"{method} {path}: {response.status_code}"


def test_the_largest_number_the_store_holds_is_an_ordinary_404(as_user):
    client = as_user("demo.admin")
    assert client.get(f"/admin/users/{2**63 - 1}").status_code == 404
    assert client.get("/admin/users/1").status_code == 200
