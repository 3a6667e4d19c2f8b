"""Headers on every response, no caching of pages, CSRF on every state change, readable 413s."""

from pathlib import Path

from werkzeug.routing import UUIDConverter

from tests.conftest import child_ids

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_every_page_sends_the_security_headers(as_user):
    client = as_user("demo.worker")
    headers = client.get("/children").headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_pages_with_child_data_are_never_cached(as_user, db):
    client = as_user("demo.worker")
    for path in ("/children", f"/children/{child_ids(db)['Maisie']}"):
        assert client.get(path).headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client):
    with client.get("/static/css/app.css") as response:
        assert response.status_code == 200 and response.headers.get("Cache-Control") != "no-store"


def test_every_state_changing_route_refuses_a_request_without_csrf_token(app, as_user):
    """Enumerates the app's routes: any POST route added later is covered."""
    client = as_user("demo.admin")
    for rule in app.url_map.iter_rules():
        for method in rule.methods & {"POST", "PUT", "PATCH", "DELETE"}:
            values = dict.fromkeys(rule.arguments, 1)
            for name, converter in rule._converters.items():
                if isinstance(converter, UUIDConverter):  # a child, an artefact, a device…
                    values[name] = "00000000-0000-4000-8000-000000000000"
            if "lang" in values:
                values["lang"] = "cy"
            url = app.url_map.bind("localhost").build(rule.endpoint, values)
            response = client.open(url, method=method, data={"query": "x", "lang": "cy"})
            assert response.status_code == 400, f"{method} {rule.rule}: {response.status_code}"


def test_templates_have_no_inline_script_or_style():
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        assert "<script>" not in text and "<style" not in text and " style=" not in text, template
        assert " on" + "click=" not in text, template


def test_oversized_requests_get_a_readable_413(client):
    response = client.post("/login", data={"username": "x" * (2 * 1024 * 1024), "password": "y"})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_unknown_pages_are_a_readable_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "Page not found" in response.get_data(as_text=True)


def test_htmx_errors_come_back_as_a_fragment(as_user):
    client = as_user("demo.worker")
    response = client.get("/children/00000000-0000-4000-8000-000000000000", headers={"HX-Request": "true"})
    text = response.get_data(as_text=True)
    assert response.status_code == 404 and "<html" not in text and "Page not found" in text


def test_htmx_requests_after_sign_out_redirect_the_whole_page(client):
    response = client.get("/children", headers={"HX-Request": "true"})
    assert response.status_code == 204 and response.headers["HX-Redirect"] == "/login"
