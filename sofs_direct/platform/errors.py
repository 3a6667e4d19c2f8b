"""Error pages: every error a person can meet says, in their language, what happened and what to do.

Main decision: one template for all errors, with a message per status, and htmx requests get the
same message as a small fragment so an inline action fails visibly rather than silently. Under /api/
the same messages are JSON, `{"error": "<code>", "message": "<sentence>"}` (docs/sync.md): the
tablet must be able to tell a refusal from a captive portal's HTML page, which it treats as "not sent".

A fault in the server (a 500) gets the service's own page too, never Flask's bare default, and says
nothing of the fault: the exception goes to the log only (Flask logs it before calling the handler),
because a traceback can carry a child's words or the store's layout (OWASP ASVS 4.0 V7.4.1, a generic
message on an unexpected error). Should the page itself fail to render (the fault may be in what
every page needs), a plain page with the same words is sent instead.
"""

from flask import current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from werkzeug.exceptions import HTTPException, InternalServerError

from . import htmx
from .i18n import _l, get_language

MESSAGES = {
    400: (_l("Something was wrong with that request"), _l("Go back, check what you entered and try again.")),
    401: (_l("Sign in to carry on"), _l("Your sign-in has ended.")),
    404: (
        _l("Page not found"),
        _l(
            "If you typed the web address, check it is correct. You can only see children allocated to you or your team."
        ),
    ),
    405: (_l("That action is not available here"), _l("Go back and try again.")),
    413: (
        _l("That was too large to send"),
        _l("What you sent is larger than this service accepts. Send less, or split it into parts."),
    ),
    429: (
        _l("Too many attempts"),
        _l(
            "You have tried too many times. Wait 15 minutes, then try again. If you have forgotten your password, ask your administrator to reset it."
        ),
    ),
}
# The GOV.UK Design System's "There is a problem with the service" page.
SERVER_ERROR_MESSAGE = (
    _l("Sorry, there is a problem with the service"),
    _l("Try again later. If you were saving something, check whether it was saved before you enter it again."),
)
CSRF_MESSAGE = (
    _l("This form has expired"),
    _l(
        "The page was open too long or was opened in another session. Go back, reload the page and try again. Nothing was saved."
    ),
)


API_PREFIX = "/api/"
API_ERROR_CODES = {
    400: "bad_request",
    401: "signed_out",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
    500: "server_error",
}


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(status: int, error: str, message, **extra):
    """A JSON error for the tablet: a stable code to act on and a sentence to show."""
    response = jsonify({"error": error, "message": str(message), **extra})
    response.status_code = status
    return response


def render_error(status: int, title, body):
    template = "errors/fragment.html" if htmx.is_htmx() else "errors/error.html"
    return render_template(template, status=status, title=title, body=body), status


def handle_http_error(error: HTTPException):
    if error.code is None or error.code < 400 or error.code >= 500:
        return error
    title, body = MESSAGES.get(error.code, MESSAGES[400])
    if is_api_request():
        response = api_error(error.code, API_ERROR_CODES.get(error.code, "bad_request"), f"{title}. {body}")
        if error.code == 405 and getattr(error, "valid_methods", None):
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response
    return render_error(error.code, title, body)


def handle_server_error(_error: InternalServerError):
    """A fault in the server: the service's own page (JSON under /api/, which the tablet reads as "not
    sent" and retries), in the person's language, with nothing of the fault in it."""
    title, body = SERVER_ERROR_MESSAGE
    if is_api_request():
        return api_error(500, API_ERROR_CODES[500], f"{title}. {body}")
    try:
        return render_error(500, title, body)
    except Exception:  # noqa: BLE001 — the fault may be in what every page needs (the store, the user)
        current_app.logger.exception("The error page could not be shown")
        page = (
            f'<!DOCTYPE html><html lang="{get_language()}"><title>{escape(title)}</title>'
            f"<h1>{escape(title)}</h1><p>{escape(body)}</p></html>"
        )
        return page, 500, {"Content-Type": "text/html; charset=utf-8"}


def handle_csrf_error(_error):
    if is_api_request():
        return api_error(
            400,
            "csrf",
            _l(
                "The security token is missing or out of date. Fetch a new one from /api/session and try again. Nothing was saved."
            ),
        )
    return render_error(400, *CSRF_MESSAGE)


# The most of an unread body read to the end so its sender can read the answer: the largest request
# the app takes (an upload, 64 MiB) and a little more. A body declared larger is not read at all.
DRAIN_MAX = 65 * 1024 * 1024


class ReadToTheEnd:
    """WSGI middleware: once the app has answered, read what is left of the request's body.

    Why: the app often answers before reading the body — a 413 from the declared length, a 401 for a
    signed-out tablet's upload, a CSRF refusal. waitress read every body before calling the app, but
    gunicorn (how the service runs) hands the app the socket: a response sent while the client is still
    sending, then the connection closed with the body unread, resets it, and the client (a browser, a
    tablet's upload) sees a broken connection instead of the readable refusal (measured: a 10 MB form
    post got `Broken pipe`, not its 413). So the rest is read, up to DRAIN_MAX; it is discarded."""

    def __init__(self, wsgi_app, most: int = DRAIN_MAX):
        self.wsgi_app, self.most = wsgi_app, most

    def __call__(self, environ, start_response):
        answer = self.wsgi_app(environ, start_response)
        try:
            declared = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if 0 < declared <= self.most:
            body, left = environ["wsgi.input"], self.most
            while left > 0 and (chunk := body.read(min(left, 1 << 16))):
                left -= len(chunk)
        return answer


def init_app(app):
    app.wsgi_app = ReadToTheEnd(app.wsgi_app)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_server_error)
