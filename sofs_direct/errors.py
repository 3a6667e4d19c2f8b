"""Error pages: every 4xx a person can meet says, in their language, what happened and what to do.

Main decision: one template for all errors, with a message per status, and htmx requests get the
same message as a small fragment so an inline action fails visibly rather than silently.
"""

from flask import render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from . import htmx
from .i18n import _l

MESSAGES = {
    400: (_l("Something was wrong with that request"),
          _l("Go back, check what you entered and try again.")),
    401: (_l("Sign in to carry on"), _l("Your sign-in has ended.")),
    404: (_l("Page not found"),
          _l("If you typed the web address, check it is correct. You can only see children allocated to you or your team.")),
    405: (_l("That action is not available here"), _l("Go back and try again.")),
    413: (_l("That was too large to send"),
          _l("What you sent is larger than this service accepts. Send less, or split it into parts.")),
    429: (_l("Too many attempts"),
          _l("You have tried too many times. Wait 15 minutes, then try again. If you have forgotten your password, ask your administrator to reset it.")),
}
CSRF_MESSAGE = (_l("This form has expired"),
                _l("The page was open too long or was opened in another session. Go back, reload the page and try again. Nothing was saved."))


def render_error(status: int, title, body):
    template = "errors/fragment.html" if htmx.is_htmx() else "errors/error.html"
    return render_template(template, status=status, title=title, body=body), status


def handle_http_error(error: HTTPException):
    if error.code is None or error.code < 400 or error.code >= 500:
        return error
    title, body = MESSAGES.get(error.code, MESSAGES[400])
    return render_error(error.code, title, body)


def handle_csrf_error(_error):
    return render_error(400, *CSRF_MESSAGE)


def init_app(app):
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
