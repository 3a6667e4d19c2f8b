"""A small reader of htmx's request headers and writer of its response headers.

Main decision: no htmx Flask extension. htmx-flask and flask-htmx are unmaintained and reject swap
values that htmx 2 accepts; what we need is a handful of headers, documented at
https://htmx.org/reference/#request_headers and #response_headers, so they are read here directly.
"""

from flask import Response, request
from flask import redirect as flask_redirect


def is_htmx() -> bool:
    """The request was made by htmx (HX-Request: true)."""
    return request.headers.get("HX-Request") == "true"


def is_history_restore() -> bool:
    """htmx is restoring history after a cache miss and wants the whole page."""
    return request.headers.get("HX-History-Restore-Request") == "true"


def target() -> str | None:
    """The id of the element htmx will swap into, if any."""
    return request.headers.get("HX-Target")


def trigger() -> str | None:
    """The id of the element that triggered the request, if any."""
    return request.headers.get("HX-Trigger")


def wants_fragment() -> bool:
    """Answer with just the fragment: an htmx request that is not a history restore."""
    return is_htmx() and not is_history_restore()


def redirect(location: str, code: int = 303) -> Response:
    """A redirect that also works for htmx requests, which would otherwise swap the target page in
    place: htmx follows HX-Redirect with a full page load."""
    if is_htmx():
        response = Response(status=204)
        response.headers["HX-Redirect"] = location
        return response
    return flask_redirect(location, code=code)
