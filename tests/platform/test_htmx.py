"""The htmx helper reads htmx's request headers and answers redirects the way htmx follows them."""

from flask import Flask

from sofs_direct.platform import htmx

app = Flask(__name__)


def test_reads_request_headers():
    with app.test_request_context(
        headers={"HX-Request": "true", "HX-Target": "caseload-results", "HX-Trigger": "query"}
    ):
        assert htmx.is_htmx() and htmx.wants_fragment()
        assert htmx.target() == "caseload-results" and htmx.trigger() == "query"
    with app.test_request_context(headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}):
        assert htmx.is_history_restore() and not htmx.wants_fragment()
    with app.test_request_context():
        assert not htmx.is_htmx() and htmx.target() is None


def test_redirects_for_htmx_and_for_plain_requests():
    with app.test_request_context(headers={"HX-Request": "true"}):
        response = htmx.redirect("/login")
        assert response.status_code == 204 and response.headers["HX-Redirect"] == "/login"
    with app.test_request_context():
        response = htmx.redirect("/login")
        assert response.status_code == 303 and response.headers["Location"] == "/login"
