"""The tablet's own place on the server, on the /api/ blueprint (sync.py): registering a tablet, its
credentials, and the tablet app's lock over the worker's sign-in (issue 18; docs/sync.md,
"Transport and authentication"; docs/security.md, "The tablet's sending and the worker's session").

Main decision: a tablet receives its upload token and session key only from a sign-in that is
unlocked — registering (the worker has just chosen the PIN), or asking again while unlocked (a tablet
registered before it had them) — so a locked sign-in, a copied cookie jar's, can never get a key that
would unlock it. The server keeps their SHA-256 only (devices.py).
"""

from flask import current_app, g, jsonify, request

from ..platform import audit, devices, tablet_session
from ..platform.db import get_db, write
from ..platform.errors import api_error
from ..platform.i18n import _
from ..platform.tablet_session import open_while_locked
from ..platform.validation import has_control_characters
from . import sealing
from .envelope import strict_json
from .sync import bp, tablet_only, tablet_policy


@bp.post("/devices")
@tablet_only
def register_device():
    body = request.get_data(as_text=False)
    name = ""
    if body.strip():
        try:
            request_json = strict_json(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return api_error(
                400, "bad_request", _('Send the tablet\'s name as JSON, for example {"name": "Tablet by the door"}')
            )
        if not isinstance(request_json, dict) or set(request_json) - {"name"}:
            return api_error(400, "bad_request", _("Only the tablet's name can be sent when registering it"))
        name = request_json.get("name", "")
        if not isinstance(name, str) or len(name) > devices.NAME_MAX or has_control_characters(name):
            return api_error(
                400,
                "bad_request",
                _("The tablet's name must be text of %(n)s characters or fewer", n=devices.NAME_MAX),
                field="name",
            )
        name = name.strip()
    db = get_db()
    device_id, secret = devices.register(db, g.user["id"], name, g.login_session_id)
    audit.record(db, g.user["id"], g.login_session_id, "account", None, f"device {device_id} registered")
    body = {"device_id": device_id, "device_secret": secret, "server_key": sealing.server_key(), **tablet_policy()}
    return _with_credentials(db, device_id, body, 201)


def _with_credentials(db, device_id: str, body: dict, status: int = 200):
    """The device's upload token and session key added to `body` (issued anew), this sign-in proven
    unlocked (the worker has just chosen or entered the PIN), and the browser told it is this tablet's."""
    with write(db):
        upload_token, session_key = devices.issue_credentials(db, device_id)
    tablet_session.prove_unlocked(db, g.login_session_id)
    response = jsonify({**body, "upload_token": upload_token, "session_key": session_key})
    response.status_code = status
    return tablet_session.remember_tablet(response, device_id)


def _this_tablet():
    """The live tablet the request names (X-Sofs-Device), or a refusal."""
    device = g.get("tablet_device")
    if device is None:
        return None, api_error(400, "unknown_device", _("This tablet is not registered to you. Register it again."))
    if device["revoked_at"]:
        return None, api_error(403, "device_revoked", _("This tablet has been revoked. Ask your administrator."))
    return device, None


@bp.post("/devices/credentials")
@tablet_only
def device_credentials():
    """A tablet registered before it had credentials gets them at its next contact while unlocked (the
    lock refuses this otherwise); asking again replaces them (docs/sync.md)."""
    device, refusal = _this_tablet()
    if refusal:
        return refusal
    db = get_db()
    audit.record(db, g.user["id"], g.login_session_id, "account", None, f"device {device['id']} credentials issued")
    return _with_credentials(db, device["id"], {"device_id": device["id"]})


@bp.post("/session/unlocked")
@open_while_locked
@tablet_only
def session_unlocked():
    """The tablet app proves it is unlocked with the session key only an unlocked app can read; the
    sign-in is then open for the service's idle lock time."""
    device, refusal = _this_tablet()
    if refusal:
        return refusal
    try:
        body = strict_json(request.get_data(as_text=False).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        body = None
    key = body.get("session_key") if isinstance(body, dict) and set(body) == {"session_key"} else None
    if not isinstance(key, str) or not devices.session_key_matches(device, key):
        return api_error(403, "not_unlocked", _("This tablet could not prove it is unlocked. Sign in again."))
    db = get_db()
    tablet_session.prove_unlocked(db, g.login_session_id)
    response = jsonify({"unlocked": True, "idle_lock_seconds": current_app.config["TABLET_IDLE_LOCK_SECONDS"]})
    return tablet_session.remember_tablet(response, device["id"])


@bp.post("/session/lock")
@open_while_locked
def session_lock():
    """The tablet app locked: so is this sign-in, until the app proves it is unlocked or the worker
    signs in again."""
    tablet_session.lock(get_db(), g.login_session_id)
    return jsonify({"locked": True})
