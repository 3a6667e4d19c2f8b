"""Signing in and out: passwords, server-side login sessions, throttling and role checks.

Main decision: the login session lives in the `login_sessions` table, not in the cookie. The signed
cookie only carries a random token whose SHA-256 is the row's key, so the server can end a session
at any time — idle timeout, absolute lifetime, sign-out, or an admin ending every session of a user
whose tablet was lost (OWASP Session Management Cheat Sheet: server-side timeouts and invalidation).

Passwords are hashed with argon2id (argon2-cffi's RFC 9106 defaults) and rehashed on the next
sign-in when the parameters change. Unknown usernames and wrong passwords get the same message and
take the same time (a dummy verification), so sign-in does not reveal who has an account.
Attempts are throttled per username and per client address with flask-limiter, counted in the store
(throttle.py) so that every worker process counts the same attempts.
"""

import contextlib
import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from functools import wraps

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Blueprint, abort, current_app, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from . import audit, htmx, tablet_session, throttle
from .db import get_db, utcnow, write
from .i18n import _, _l
from .validation import safe_local_path

bp = Blueprint("auth", __name__)

ROLES = ("practitioner", "manager", "admin")
PASSWORD_MIN_LENGTH = 8  # NCSC password guidance: length over complexity rules.
PASSWORD_MAX_LENGTH = 256
_HASHERS = {
    "standard": PasswordHasher(),
    # Only for the test suite: the same algorithm with a cost that keeps hundreds of sign-ins fast.
    "test": PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1),
}
_DUMMY_HASHES: dict[str, str] = {}


# --- passwords -------------------------------------------------------------------------------


def _hasher() -> PasswordHasher:
    return _HASHERS[current_app.config["PASSWORD_HASH_PROFILE"]]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def check_password(db, user, password: str) -> bool:
    """Verify, and upgrade the stored hash when the hashing parameters have changed."""
    hasher = _hasher()
    try:
        hasher.verify(user["password_hash"], password)
    except (VerificationError, InvalidHashError):
        return False
    if hasher.check_needs_rehash(user["password_hash"]):
        with write(db):
            db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [hasher.hash(password), user["id"]])
    return True


def burn_verification_time(password: str) -> None:
    """Spend what a real verification costs, for usernames that do not exist."""
    profile = current_app.config["PASSWORD_HASH_PROFILE"]
    if profile not in _DUMMY_HASHES:
        _DUMMY_HASHES[profile] = _hasher().hash(secrets.token_hex(16))
    with contextlib.suppress(VerificationError):
        _hasher().verify(_DUMMY_HASHES[profile], password)


def password_problem(password: str) -> str | None:
    if len(password) < PASSWORD_MIN_LENGTH:
        return _("Password must be %(n)s characters or more", n=PASSWORD_MIN_LENGTH)
    if len(password) > PASSWORD_MAX_LENGTH:
        return _("Password must be %(n)s characters or fewer", n=PASSWORD_MAX_LENGTH)
    return None


# --- login sessions --------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def start_login_session(db, user_id: int, ip: str | None, user_agent: str | None) -> tuple[str, int]:
    token = secrets.token_urlsafe(32)
    now = _now()
    expires = now + timedelta(seconds=current_app.config["SESSION_LIFETIME_SECONDS"])
    with write(db):
        cursor = db.execute(
            "INSERT INTO login_sessions (token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent,"
            " tablet_proven_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                _token_hash(token),
                user_id,
                now.isoformat(),
                now.isoformat(),
                expires.isoformat(),
                ip,
                (user_agent or "")[:300],
                now.isoformat(),  # signing in proves the worker is here, as unlocking the tablet app does
            ],
        )
    return token, cursor.lastrowid


def end_login_session(db, login_session_id: int, reason: str) -> None:
    with write(db):
        db.execute(
            "UPDATE login_sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL",
            [utcnow(), reason, login_session_id],
        )


def end_all_login_sessions(db, user_id: int, reason: str) -> int:
    with write(db):
        cursor = db.execute(
            "UPDATE login_sessions SET ended_at = ?, end_reason = ? WHERE user_id = ? AND ended_at IS NULL",
            [utcnow(), reason, user_id],
        )
    return cursor.rowcount


def active_login_sessions(db, user_id: int) -> list[dict]:
    return list(
        db.query(
            "SELECT * FROM login_sessions WHERE user_id = ? AND ended_at IS NULL ORDER BY last_seen_at DESC", [user_id]
        )
    )


def resume_login_session(db, token: str) -> tuple[dict | None, str | None]:
    """The live session for a token, or (None, why it ended). Ends it here if it just timed out."""
    row = next(db.query("SELECT * FROM login_sessions WHERE token_hash = ?", [_token_hash(token)]), None)
    if row is None:
        return None, "unknown"
    if row["ended_at"]:
        return None, row["end_reason"]
    now = _now()
    idle_limit = datetime.fromisoformat(row["last_seen_at"]) + timedelta(
        seconds=current_app.config["IDLE_TIMEOUT_SECONDS"]
    )
    reason = None
    if now >= datetime.fromisoformat(row["expires_at"]):
        reason = "expired"
    elif now >= idle_limit:
        reason = "idle"
    if reason:
        end_login_session(db, row["id"], reason)
        return None, reason
    # Record activity, but not on every request: at most every quarter of the idle timeout.
    if (now - datetime.fromisoformat(row["last_seen_at"])).total_seconds() * 4 >= current_app.config[
        "IDLE_TIMEOUT_SECONDS"
    ] or current_app.config["IDLE_TIMEOUT_SECONDS"] < 60:
        with write(db):
            db.execute("UPDATE login_sessions SET last_seen_at = ? WHERE id = ?", [now.isoformat(), row["id"]])
    return row, None


# --- the current user --------------------------------------------------------------------------


def find_user(db, username: str) -> dict | None:
    return next(db.query("SELECT * FROM users WHERE username = ? COLLATE NOCASE", [username.strip()]), None)


def load_user():
    g.user = None
    g.login_session_id = None
    g.login_session = None
    # The app's own static files (scripts, styles, pictures) are the same for everyone and need no
    # sign-in. Not looking the session up for them saves a store connection per file (a tablet's
    # service worker fetches ~180 at install), and a fetch of the app's files, which the service
    # worker makes by itself, never counts as the worker being active (the idle sign-out).
    if request.endpoint == "static":
        return None
    # The tablet's outbox sends with its device credential, not a sign-in: any cookie is ignored.
    device_token = tablet_session.device_credential()
    if device_token is not None:
        return tablet_session.load_device(get_db(), device_token)
    token = session.get("sid")
    if not token:
        return None
    db = get_db()
    row, ended_because = resume_login_session(db, token)
    if row is None:
        session.pop("sid", None)
        g.signed_out_because = ended_because
        return None
    user = next(db.query("SELECT * FROM users WHERE id = ? AND active = 1", [row["user_id"]]), None)
    if user is None:
        end_login_session(db, row["id"], "account disabled")
        session.pop("sid", None)
        return None
    g.user = user
    g.login_session_id = row["id"]
    g.login_session = row
    return None


SIGN_OUT_MESSAGES = {
    "idle": _l("You were signed out because you were inactive. Sign in again to carry on."),
    "expired": _l("Your sign-in has expired. Sign in again to carry on."),
    "revoked": _l("You were signed out by an administrator. Sign in again to carry on."),
}


def login_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if g.user is None:
            reason = g.get("signed_out_because")
            if reason in SIGN_OUT_MESSAGES:
                flash(str(SIGN_OUT_MESSAGES[reason]), "notice")
            if request.method == "GET" and not htmx.is_htmx():
                session["next"] = request.full_path.rstrip("?") if request.query_string else request.path
            return htmx.redirect(url_for("auth.login"))
        return view(*args, **kwargs)

    return wrapped


def role_required(*roles):
    """Signed in with one of `roles`; any other role gets a 404 — the page does not exist for them."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if g.user["role"] not in roles:
                abort(404)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def home_for(user) -> str:
    if user["role"] == "admin":
        return url_for("admin.index")
    return url_for("children.caseload")


# --- views -----------------------------------------------------------------------------------


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(_l("Enter your username")), Length(max=100)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password")), Length(max=PASSWORD_MAX_LENGTH)]
    )


@bp.get("/")
def start():
    if g.user is None:
        return redirect(url_for("auth.login"))
    return redirect(home_for(g.user))


@bp.route("/login", methods=["GET", "POST"])
def login():
    # Where to go once signed in, when a page sends people here (the tablet: back to the tablet).
    # Same-site paths only (validation.safe_local_path), kept in the session like login_required's.
    wanted = safe_local_path(request.args.get("next"), default="")
    if g.user is not None:
        return redirect(wanted or home_for(g.user))
    if wanted and request.method == "GET":
        session["next"] = wanted
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        db = get_db()
        user = find_user(db, form.username.data)
        if user is None or not user["active"]:
            burn_verification_time(form.password.data)
            failed = True
        elif not check_password(db, user, form.password.data):
            failed = True
        else:
            next_path = safe_local_path(session.get("next"), default="")
            language = session.get("lang")
            # A fresh cookie at sign-in (OWASP: renew the session ID after any privilege change).
            session.clear()
            if language:
                session["lang"] = language
            token, login_session_id = start_login_session(
                db, user["id"], request.remote_addr, request.user_agent.string
            )
            session["sid"] = token
            audit.record(db, user["id"], login_session_id, "account", None, "signed in")
            if user["must_change_password"]:
                return redirect(url_for("settings.password"))
            return redirect(next_path or home_for(user))
    status = 200
    if failed:
        form.password.errors.append(_("The username or password is not right"))
        status = 401
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    db = get_db()
    end_login_session(db, g.login_session_id, "signed out")
    audit.record(db, g.user["id"], g.login_session_id, "account", None, "signed out")
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    flash(_("You have signed out."), "notice")
    return redirect(url_for("auth.login"), code=303)


def _username_key() -> str:
    return "username:" + (request.form.get("username") or "").strip().casefold()[:100]


def _not_a_login_attempt() -> bool:
    return request.endpoint != "auth.login" or request.method != "POST"


def _failed_attempt(response) -> bool:
    return response.status_code != 302


PASSWORD_CHANGE_EXEMPT = {"settings.password", "auth.logout", "static", "i18n.catalogue_json", "i18n.switch_language"}


def require_password_change():
    """After an admin reset, the user chooses their own password before anything else."""
    user = g.get("user")
    if g.get("upload_device") is not None:
        return None  # the tablet's own sending, not the person's sign-in
    if user is not None and user["must_change_password"] and request.endpoint not in PASSWORD_CHANGE_EXEMPT:
        if request.path.startswith("/api/"):
            # The tablet treats a redirect as "not sent" and a 401 as "sign in again", which leads
            # the practitioner to the password screen (docs/sync.md: /api/ never redirects).
            response = jsonify(error="signed_out", message=_("Choose your own password, then sign in to carry on."))
            response.status_code = 401
            return response
        return htmx.redirect(url_for("settings.password"))
    return None


def init_app(app):
    app.before_request_funcs.setdefault(None, []).insert(0, tablet_session.refuse_device_credential_elsewhere)
    app.before_request(load_user)
    app.before_request(require_password_change)
    app.before_request(tablet_session.require_unlocked_tablet)
    limiter = Limiter(
        key_func=get_remote_address,
        app=app,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        # The store's counts (throttle.py) need to know the store; any other storage takes no options.
        storage_options={"database": app.config["DATABASE"]}
        if app.config["RATELIMIT_STORAGE_URI"].startswith(throttle.SCHEME + ":")
        else {},
        default_limits=[],
        headers_enabled=False,
    )
    app.extensions["sofs_limiter"] = limiter
    # Two limits on the sign-in form; only failed attempts count against them.
    limiter.limit(
        lambda: current_app.config["LOGIN_LIMIT_PER_USERNAME"],
        key_func=_username_key,
        exempt_when=_not_a_login_attempt,
        deduct_when=_failed_attempt,
        scope="login-username",
    )(bp)
    limiter.limit(
        lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
        key_func=get_remote_address,
        exempt_when=_not_a_login_attempt,
        deduct_when=_failed_attempt,
        scope="login-address",
    )(bp)

    @app.context_processor
    def user_context():
        return {"current_user": g.get("user")}
