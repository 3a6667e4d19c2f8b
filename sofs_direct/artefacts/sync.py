"""The tablet's JSON API under /api/: session, device registration, children to carry, drafts, uploads.

Main decision: the views are thin wrappers over devices.py and ingest.py, and every answer is JSON,
errors included ({"error", "message"}, docs/sync.md), so the tablet can always tell "refused" from
"not sent": a signed-out request is a JSON 401, never a redirect to the sign-in page.

The blueprint checks, before any view, in the contract's order: a live session (401), then CSRF (400)
from the `X-CSRFToken` header. It is exempt from the app-wide CSRF hook and calls the same check
itself, because that hook runs before anything else and reads the form: on an upload it would parse
the body under the app-wide 1 MiB limit (a 413) and before a signed-out tablet could learn it must
sign in. Uploads alone may be up to 64 MiB (a per-request limit, Flask 3.1).

Uploads and discard notices also take the tablet's device credential instead of a sign-in
(platform/tablet_session.py): such a request carries no cookie to forge, so it needs no CSRF token,
and it may only send work that names its own device. Every other view refuses that credential, and
reading children (prepare, drafts) needs the tablet app unlocked.

Every call may carry the tablet's report of its unsent items (`X-Sofs-Unsent`, `X-Sofs-Unsent-Age`:
numbers only), kept on the device row for the manager's list of tablets at risk, and only for the
signed-in person's own tablet or the device credential's own device.
"""

from functools import wraps
from pathlib import Path

from flask import Blueprint, current_app, g, jsonify, request
from flask_wtf.csrf import generate_csrf

from ..platform import audit, devices
from ..platform.children import age_on, child_visible_to, visible_children
from ..platform.db import get_db, write
from ..platform.errors import api_error
from ..platform.i18n import _, _l
from ..platform.security import csrf
from ..platform.tablet_session import accepts_device_credential, open_while_locked
from . import access, framing, sealing, service
from .envelope import UPLOAD_MAX, IngestRefused, parse_envelope, strict_json
from .ingest import Conflict, discard, ingest
from .kinds import KINDS
from .store import drafts_for_author

bp = Blueprint("sync", __name__, url_prefix="/api")

UPLOAD_ENDPOINT = "sync.upload_artefact"
DEVICE_HEADER = "X-Sofs-Device"
UNSENT_HEADER = "X-Sofs-Unsent"
UNSENT_AGE_HEADER = "X-Sofs-Unsent-Age"
RECEIPT_ENDPOINTS = {UPLOAD_ENDPOINT, "sync.discard_draft"}
TABLET_ROLES = ("practitioner", "manager")


@bp.before_request
def session_then_csrf():
    g.arrived_at = devices.report_time()  # what this call's report of unsent items describes (below)
    if request.endpoint == UPLOAD_ENDPOINT:
        request.max_content_length = UPLOAD_MAX
    if g.get("user") is None:
        return api_error(
            401, "signed_out", _("Your sign-in has ended. Sign in again to carry on; nothing on the tablet is lost.")
        )
    if g.get("upload_device") is not None:
        g.tablet_device = g.upload_device
        return None
    csrf.protect()  # raises CSRFError, which errors.py answers as JSON for /api/
    g.tablet_device = _tablet_device()
    return None


def _tablet_device() -> dict | None:
    """The signed-in person's own tablet this request says it comes from (the `X-Sofs-Device` header
    protocol 2 tablets send on every call), remembered as using this sign-in so that revoking the
    tablet ends it (devices.py). A header naming anything else is ignored: it grants nothing."""
    device_id = request.headers.get(DEVICE_HEADER, "")
    if len(device_id) != 36:
        return None
    db = get_db()
    device = devices.get(db, device_id)
    if device is None or device["user_id"] != g.user["id"]:
        return None
    if not devices.session_linked(db, device_id, g.login_session_id):
        with write(db):
            devices.link_session(db, device_id, g.login_session_id)
    return device


@bp.after_request
def record_unsent_report(response):
    """Keep the tablet's report of its unsent items. It describes the outbox as the call left the tablet,
    with the item the call sends: once the server has answered that item with a receipt (200, or a
    409 conflict it keeps), the item is on the server and no longer at risk, so it is not counted."""
    device = g.get("tablet_device")
    report = devices.unsent_report(request.headers.get(UNSENT_HEADER), request.headers.get(UNSENT_AGE_HEADER))
    if device is None or report is None:
        return response
    count, age_seconds = report
    as_of = g.get("arrived_at") or devices.report_time()
    if request.endpoint in RECEIPT_ENDPOINTS and response.status_code in (200, 409):
        count = max(count - 1, 0)
        # True from the moment the receipt is given: a call that left the tablet before it (a session
        # check counting that item as unsent) and finishes after it must not put the item back.
        as_of = devices.report_time()
    devices.record_unsent(get_db(), device, count, age_seconds, as_of)
    return response


def not_from_a_revoked_tablet(view):
    """What a revoked tablet may no longer receive: children to carry and drafts. (Its uploads are still
    taken, and kept aside for the manager: what it holds is never lost.)"""

    @wraps(view)
    def wrapped(*args, **kwargs):
        device = g.get("tablet_device")
        if device is not None and device["revoked_at"]:
            return api_error(403, "device_revoked", _("This tablet has been revoked. Ask your administrator."))
        return view(*args, **kwargs)

    return wrapped


def tablet_only(view):
    """Admins manage access and hold no children, so the tablet's endpoints do not exist for them."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if g.user["role"] not in TABLET_ROLES:
            return api_error(404, "not_found", _("This is only for practitioners and team managers"))
        return view(*args, **kwargs)

    return wrapped


def tablet_policy() -> dict:
    """The service's rules for its tablets, sent with registration and every session check, so a change
    reaches each tablet at its next contact: how long carried children stay, how soon an untouched
    tablet locks itself, how much free room it must keep before starting a capture, and how it unlocks
    (the passcode's cost and whether only its own hardware may unlock it: docs/security.md)."""
    config = current_app.config
    return {
        "carry_days": config["CARRY_DAYS"],
        "idle_lock_seconds": config["TABLET_IDLE_LOCK_SECONDS"],
        "capture_reserve_bytes": int(config["TABLET_CAPTURE_RESERVE_MB"] * 1024 * 1024),
        "unlock": service.unlock_policy(get_db(), config["TABLET_KDF_PROFILE"]),
    }


def parts_dir() -> Path:
    return Path(current_app.config["PARTS_DIR"])


@bp.get("/session")
@open_while_locked
def session_info():
    user = g.user
    return jsonify(
        {
            "user": {"id": user["id"], "display_name": user["display_name"], "language": user["language"]},
            "csrf_token": generate_csrf(),
            "tablet": tablet_policy(),
        }
    )


@bp.get("/server-key")
@open_while_locked
def server_key():
    return jsonify(sealing.server_key())


def kinds_for_visit(db, child_id: str) -> dict:
    """What each kind carries for a child on a visit (the network kind: the child's merged network, or
    null), and `people`: everyone any kind knows around the child, for any tool to offer by name."""
    carried, people = {}, []
    for kind in KINDS.values():
        carried.update(kind.for_visit(db, child_id))
        people.extend(kind.people_for_visit(db, child_id))
    return {**carried, "people": people}


def kinds_for_team(db, user) -> dict:
    """What each kind carries for the worker's team on every tablet of the team (the picture sort's
    card sets), merged: a kind names its own keys."""
    carried: dict = {}
    for kind in KINDS.values():
        carried.update(kind.for_team(db, user))
    return carried


@bp.get("/prepare")
@tablet_only
@not_from_a_revoked_tablet
def prepare():
    """The children to carry on a visit: four fields each and the child's merged network (or null),
    each child audited as an export; and what the session's opening needs offline: the service's
    settings (audio on or off, the explainer's words) and the worker's own name and photo."""
    db = get_db()
    children = visible_children(db, g.user)
    for child in children:
        audit.record(db, g.user["id"], g.login_session_id, "export", child["id"], "prepared for visits")
    settings = access.stored_for(db, [child["id"] for child in children])
    return jsonify(
        {
            "children": [
                {
                    "id": child["id"],
                    "known_as": child["known_as"],
                    "age": age_on(child["date_of_birth"]),
                    "language": child["preferred_language"],
                    "access": settings.get(child["id"]),
                    **kinds_for_visit(db, child["id"]),
                }
                for child in children
            ],
            "carry_days": current_app.config["CARRY_DAYS"],
            "service": service.for_tablet(db),
            "worker": service.worker_for_tablet(db, g.user),
            "team": kinds_for_team(db, g.user),
        }
    )


@bp.put("/children/access")
@audit.described_as(change=_l("Changed how %(child)s takes part"))
@tablet_only
@not_from_a_revoked_tablet
def put_child_access():
    """How a child takes part, as saved on a tablet (docs/sync.md): the child's id in the body, never
    in the address. A child the worker may not see is answered exactly like one that does not exist."""
    try:
        body = strict_json(request.get_data(as_text=False).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        body = None
    if not isinstance(body, dict) or set(body) != {"child_id", "settings"}:
        return api_error(400, "bad_request", _("Send the child's id and the settings as JSON"))
    child_id = body["child_id"]
    db = get_db()
    if not isinstance(child_id, str) or child_visible_to(db, g.user, child_id) is None:
        return api_error(404, "not_found", _("There is no such child among yours"))
    refused = access.problems(body["settings"])
    if refused:
        return api_error(400, "bad_settings", " ".join(refused), field="settings")
    with write(db):
        access.save(db, child_id, body["settings"], g.user["id"])
        audit.append(db, g.user["id"], g.login_session_id, "change", child_id, request.endpoint, request.remote_addr)
    return jsonify({"child_id": child_id, "settings": body["settings"]})


@bp.get("/drafts")
@tablet_only
@not_from_a_revoked_tablet
def drafts():
    return jsonify({"drafts": drafts_for_author(get_db(), g.user, parts_dir())})


def _one(values, name: str):
    if len(values) != 1:
        raise IngestRefused(400, "bad_request", _("Send exactly one %(field)s field", field=name[:50]), field=name[:50])
    return values[0]


def _read_upload() -> framing.Framed:
    """The upload's body, by its content type: protocol v2 framing (framing.py), or v1's multipart, which
    tablets that have not updated still send (docs/sync.md, "The upload's body")."""
    if request.mimetype == framing.CONTENT_TYPE:
        return framing.read_framed(request.stream)
    if request.mimetype != "multipart/form-data":
        raise IngestRefused(
            400,
            "bad_request",
            _("Send the artefact as %(type)s (or multipart/form-data)", type=framing.CONTENT_TYPE),
        )
    return _read_multipart()


def _read_multipart() -> framing.Framed:
    """The multipart fields: envelope (text or file), payload (file), part:<name> (files); nothing else."""
    form, files = request.form, request.files
    for key in form:
        if key not in ("envelope", "csrf_token"):
            detail = (
                _("The payload and parts must be sent as files")
                if key == "payload" or key.startswith("part:")
                else _("%(field)s is not a field this server knows", field=key[:50])
            )
            raise IngestRefused(400, "bad_request", detail, field=key[:50])
    for key in files:
        if key not in ("envelope", "payload") and not key.startswith("part:"):
            raise IngestRefused(
                400, "bad_request", _("%(field)s is not a field this server knows", field=key[:50]), field=key[:50]
            )
    envelope_text = _one(form.getlist("envelope") + files.getlist("envelope"), "envelope")
    if not isinstance(envelope_text, str):
        try:
            envelope_text = envelope_text.read().decode("utf-8")  # parse_envelope refuses over 64 KiB
        except UnicodeDecodeError:
            raise IngestRefused(400, "bad_envelope", _("The envelope must be UTF-8 text"), field="envelope") from None
    payload = _one(files.getlist("payload"), "payload").read()
    sealed_parts = {}
    for key in files:
        if key.startswith("part:"):
            sealed_parts[key.removeprefix("part:")] = _one(files.getlist(key), key).read()
    return framing.Framed(envelope_text, parse_envelope(envelope_text), payload, sealed_parts)


def refused(refusal: IngestRefused):
    body = refusal.as_json()
    return api_error(refusal.status, body.pop("error"), body.pop("message"), **body)


def _from_this_device(device_id) -> None:
    """Work sent with a device credential names that device: it cannot send for another tablet."""
    device = g.get("upload_device")
    if device is not None and device_id != device["id"]:
        raise IngestRefused(403, "not_this_device", _("This tablet can only send its own work."), field="device_id")


@bp.put("/artefacts/<uuid:artefact_id>")
@accepts_device_credential
@open_while_locked
@tablet_only
def upload_artefact(artefact_id):
    try:
        upload = _read_upload()
        _from_this_device(upload.envelope.get("device_id"))
        receipt = ingest(
            get_db(),
            g.user,
            upload.envelope,
            upload.sealed_payload,
            upload.sealed_parts,
            parts_dir(),
            envelope_text=upload.envelope_text,
            artefact_id=str(artefact_id),
            login_session_id=g.login_session_id,
            ip=request.remote_addr,
            sealed_sha256=upload.sealed_sha256,
        )
    except Conflict as conflict:
        # A conflict is a receipt too (protocol 2): the server holds both copies, so the tablet may let
        # go of its own. Protocol 1 tablets read only the error and keep their copy, as they always did.
        body = conflict.receipt.as_json() if conflict.receipt.protocol > 1 else {}
        return jsonify({**body, "error": conflict.error, "message": conflict.message}), 409
    except IngestRefused as refusal:
        return refused(refusal)
    return jsonify(receipt.as_json())


@bp.post("/artefacts/<uuid:artefact_id>/discarded")
@accepts_device_credential
@open_while_locked
@tablet_only
def discard_draft(artefact_id):
    """A draft the worker discarded on the tablet (docs/sync.md, "A discarded draft")."""
    try:
        notice = strict_json(request.get_data(as_text=False).decode("utf-8"))
        if isinstance(notice, dict):
            _from_this_device(notice.get("device_id"))
        receipt = discard(get_db(), g.user, notice, str(artefact_id), g.login_session_id, request.remote_addr)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return api_error(400, "bad_request", _("Send the notice as JSON"))
    except IngestRefused as refusal:
        return refused(refusal)
    return jsonify(receipt)


def init_app(app):
    app.config.setdefault("PARTS_DIR", str(Path(app.instance_path) / "parts"))
    csrf.exempt(bp)
