"""The tablet's sending apart from the worker's session, and the worker's session locked with the
tablet app (issue 18; docs/security.md, "The tablet's sending and the worker's session").

Main decision: two credentials with two reaches. The tablet's outbox sends with a device credential
(`Authorization: Device <upload token>`) that only the views marked `accepts_device_credential` take
(uploads and discard notices); it is never a sign-in, so it reads nothing, and every other endpoint
refuses it. The worker's sign-in, once a tablet that can prove its app unlocked uses it, is *locked*
whenever the app is: the app says so when it locks, and proves it is unlocked at least once per
idle-lock time, so a sign-in whose last proof is older than that opens only what is marked
`open_while_locked` (the tablet's shell, the upload itself, the sign-in and sign-out). This is the
OWASP Session Management Cheat Sheet's idle timeout, enforced on the server and bound to what only an
unlocked app holds: a copied cookie jar, or a tablet locked while offline, opens nothing.

Which sign-ins a tablet uses is devices.py's `device_sessions`: the one it registered in, every one
whose API calls name it, and, through a cookie naming the tablet, every one made in its browser later
(a fresh sign-in is unlocked for an idle-lock time, like a proof, and then follows the app's lock).
"""

from datetime import UTC, datetime

from flask import Response, current_app, g, render_template, request

from . import devices, htmx
from .db import get_db, write
from .errors import api_error, is_api_request
from .i18n import _

DEVICE_SCHEME = "device"
TOKEN_MAX = 100
# Names this browser's tablet, so that a sign-in made here later follows the app's lock too. Not a
# secret: it grants nothing, and the server only links sign-ins to the signed-in person's own tablet.
TABLET_COOKIE = "sofs_tablet"
TABLET_COOKIE_DAYS = 400  # the longest a browser keeps a cookie (RFC 6265bis)
# Platform pages open while the app is locked: signing in and out, the app's files, the language.
OPEN_ENDPOINTS = {"static", "auth.login", "auth.logout", "i18n.catalogue_json", "i18n.switch_language"}
_open_blueprints: set[str] = set()


# --- what a view allows --------------------------------------------------------------------------


def accepts_device_credential(view):
    """The view takes the tablet's device credential: it only sends that device's work."""
    view.accepts_device_credential = True
    return view


def open_while_locked(view):
    """The view answers while the tablet app is locked: it reads nothing of a child."""
    view.open_while_locked = True
    return view


def open_blueprint_while_locked(blueprint) -> None:
    """Every view of `blueprint` answers while locked (the tablet's shell, which holds no one's data)."""
    _open_blueprints.add(blueprint.name)


def _marked(attribute: str) -> bool:
    return bool(getattr(current_app.view_functions.get(request.endpoint), attribute, False))


# --- the device credential -------------------------------------------------------------------------


def device_credential() -> str | None:
    """The upload token this request carries (`Authorization: Device <token>`), or None."""
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == DEVICE_SCHEME else None


def refuse_device_credential_elsewhere():
    """First of all the request hooks (before the app-wide CSRF check, which would answer a form's
    400 page): a view that does not take the device credential refuses it, readably, as JSON."""
    if device_credential() is not None and request.endpoint != "static" and not _marked("accepts_device_credential"):
        return api_error(
            403, "device_credential", _("This tablet's sending credential can only send the tablet's own work.")
        )
    return None


def load_device(db, token: str):
    """Authenticate a request that carries a device credential to a view that takes it, ignoring any
    cookie: the device's person becomes g.user with no sign-in (g.login_session_id stays None) and
    g.upload_device is set. Returns a JSON refusal, or None."""
    device = devices.by_upload_token(db, token) if 0 < len(token) <= TOKEN_MAX else None
    if device is None:
        return api_error(401, "bad_credential", _("This tablet's sending credential is not known. Sign in to send."))
    if device["revoked_at"]:
        return api_error(401, "device_revoked", _("This tablet has been revoked. Ask your administrator."))
    user = next(db.query("SELECT * FROM users WHERE id = ? AND active = 1", [device["user_id"]]), None)
    if user is None:
        return api_error(401, "signed_out", _("This tablet's account is disabled. Ask your administrator."))
    g.user = user
    g.upload_device = device
    return None


# --- the lock ----------------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


def prove_unlocked(db, login_session_id: int) -> None:
    """This sign-in was just proven unlocked (the app's proof, or registering it)."""
    with write(db):
        db.execute(
            "UPDATE login_sessions SET tablet_proven_at = ? WHERE id = ?", [_now().isoformat(), login_session_id]
        )


def lock(db, login_session_id: int) -> None:
    with write(db):
        db.execute("UPDATE login_sessions SET tablet_proven_at = NULL WHERE id = ?", [login_session_id])


def is_locked(db, login_session: dict) -> bool:
    """A sign-in a tablet with a session key uses, not proven unlocked within the idle lock time."""
    if not devices.has_locking_tablet(db, login_session["id"]) and not _link_this_browsers_tablet(db, login_session):
        return False
    proven = login_session["tablet_proven_at"]
    if proven is None:
        return True
    age = (_now() - datetime.fromisoformat(proven)).total_seconds()
    return age >= current_app.config["TABLET_IDLE_LOCK_SECONDS"]


def _link_this_browsers_tablet(db, login_session: dict) -> bool:
    """A sign-in made in a browser whose tablet cookie names the person's own live tablet is that
    tablet's from now on. Returns whether it was linked."""
    device_id = request.cookies.get(TABLET_COOKIE, "")
    device = devices.get(db, device_id) if len(device_id) == 36 else None
    if device is None or device["user_id"] != login_session["user_id"] or device["revoked_at"]:
        return False
    with write(db):
        devices.link_session(db, device_id, login_session["id"])
    return device["session_key_sha256"] is not None


def remember_tablet(response: Response, device_id: str) -> Response:
    config = current_app.config
    response.set_cookie(
        TABLET_COOKIE,
        device_id,
        max_age=TABLET_COOKIE_DAYS * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=config["SESSION_COOKIE_SECURE"],
    )
    return response


def require_unlocked_tablet():
    """Before every request: a locked sign-in gets the locked page (JSON 401 under /api/), and
    nothing else; what is open while locked goes on."""
    login_session = g.get("login_session")
    if login_session is None or request.endpoint is None:
        return None
    if request.endpoint in OPEN_ENDPOINTS or request.blueprint in _open_blueprints or _marked("open_while_locked"):
        return None
    if not is_locked(get_db(), login_session):
        return None
    message = _("This browser's tablet app is locked. Unlock it on the tablet, or sign in again.")
    if is_api_request():
        return api_error(401, "tablet_locked", message)
    if htmx.is_htmx():  # the whole page again, which is then the locked page
        response = Response(status=204)
        response.headers["HX-Refresh"] = "true"
        return response
    return render_template("auth/tablet_locked.html"), 401
