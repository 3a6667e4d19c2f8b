"""SofS Direct: the Flask application factory.

Main decision: one `create_app(test_config=None)` factory in the style of the Flask tutorial
(flaskr). Configuration comes from defaults here, then environment variables (`SOFS_*`), then the
test's mapping; everything that touches the store, sessions or translations is wired in here once,
so a view never has to remember a security step.
"""

import os
import secrets
from pathlib import Path

from flask import Flask

from .platform import PROJECT_ROOT


def _secret_key(instance_path: Path) -> str:
    """The key that signs session cookies: from SOFS_SECRET_KEY, else a random key kept in instance/.

    Generated once and stored with owner-only permissions so restarts do not sign everyone out. Every
    worker process reads the same file (a cookie signed by one is accepted by all); made whole or not
    at all (db.write_file_once), so workers starting together on a new instance agree on one key.
    """
    from_env = os.environ.get("SOFS_SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        from .platform.db import write_file_once

        write_file_once(key_file, secrets.token_hex(32).encode())
    return key_file.read_text().strip()


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() not in {"0", "false", "no", "off", ""}


def create_app(test_config=None):
    app = Flask(
        __name__,
        instance_path=os.environ.get("SOFS_INSTANCE", str(PROJECT_ROOT / "instance")),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        DATABASE=os.environ.get("SOFS_DATABASE", str(instance / "sofs.db")),
        DEMO=_env_flag("SOFS_DEMO", True),
        # Sessions (server-side rows; the cookie only names one).
        IDLE_TIMEOUT_SECONDS=int(os.environ.get("SOFS_IDLE_TIMEOUT_MINUTES", "30")) * 60,
        SESSION_LIFETIME_SECONDS=int(os.environ.get("SOFS_SESSION_HOURS", "12")) * 3600,
        # Login throttling, per username and per client address (flask-limiter syntax).
        LOGIN_LIMIT_PER_USERNAME=os.environ.get("SOFS_LOGIN_LIMIT_USERNAME", "5 per 15 minutes"),
        LOGIN_LIMIT_PER_ADDRESS=os.environ.get("SOFS_LOGIN_LIMIT_ADDRESS", "50 per 15 minutes"),
        # Counted in the store, which every worker process shares (platform/throttle.py).
        RATELIMIT_STORAGE_URI=os.environ.get("SOFS_RATELIMIT_STORAGE", "sofs-store://"),
        # argon2id cost; "test" is only for the test suite's speed.
        PASSWORD_HASH_PROFILE="standard",
        # Requests: forms are small; larger bodies get a readable 413.
        MAX_CONTENT_LENGTH=1024 * 1024,
        MAX_FORM_MEMORY_SIZE=512 * 1024,
        # Cookies: HttpOnly and SameSite=Lax always; Secure when served over HTTPS.
        SESSION_COOKIE_NAME="sofs_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=_env_flag("SOFS_HTTPS", False),
        BEHIND_PROXY=_env_flag("SOFS_BEHIND_PROXY", False),
        # The CSRF token lives as long as the login session, not one hour: a worker who leaves a
        # form open during a long visit must not lose what they typed.
        WTF_CSRF_TIME_LIMIT=None,
        SUPPORTED_LANGUAGES=("en", "cy"),
        # The tablet: how long carried children stay, and how soon an untouched tablet locks itself.
        CARRY_DAYS=int(os.environ.get("SOFS_CARRY_DAYS", "7")),
        TABLET_IDLE_LOCK_SECONDS=int(os.environ.get("SOFS_TABLET_IDLE_LOCK_MINUTES", "5")) * 60,
        # The cost of the tablet's passcode (Argon2id, artefacts/service.py KDF_PROFILES); "test" is only
        # for the test suite's speed.
        TABLET_KDF_PROFILE=os.environ.get("SOFS_TABLET_KDF_PROFILE", "production"),
        # Free room a tablet must have before it starts a capture (photos, later audio).
        TABLET_CAPTURE_RESERVE_MB=int(os.environ.get("SOFS_TABLET_CAPTURE_RESERVE_MB", "50")),
        # Changing it makes every tablet install the app again (after its outbox is empty).
        TABLET_BUILD=os.environ.get("SOFS_TABLET_BUILD", ""),
        # The safety and resilience challenge: informed, willing people a network needs (docs/network.md).
        NETWORK_SIZE=int(os.environ.get("SOFS_NETWORK_SIZE", "3")),
        # A child with no direct work (their own words or drawings) for this many days is flagged to the manager.
        VOICE_DAYS=int(os.environ.get("SOFS_VOICE_DAYS", "90")),
        # What case-management systems (Liquidlogic LCS, Mosaic, Eclipse) accept as one attachment.
        EXPORT_MAX_BYTES=int(os.environ.get("SOFS_EXPORT_MAX_KB", "2048")) * 1024,
        EXPORT_NAME_MAX=int(os.environ.get("SOFS_EXPORT_NAME_MAX", "80")),
        # The retention schedule, a JSON file (docs/retention.md); unset means the built-in schedule.
        RETENTION_FILE=os.environ.get("SOFS_RETENTION_FILE", ""),
    )
    if test_config is not None:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)

    if app.config["BEHIND_PROXY"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    from . import about, admin, backup, cli, feedback_figures, quality, settings, tablet, team
    from .artefacts import device_api, record_files, sealing, sync  # noqa: F401  (device_api: routes on sync's blueprint)
    from .assessments import pages as assessments
    from .exports import pages as exports
    from .platform import audit, auth, children, compression, dates, db, errors, i18n, memory, security
    from .platform.validation import StoredIntegerConverter
    from .records import access, search, timeline
    from .records import pages as records  # noqa: F401  (imported for its routes on the records blueprint)

    # Before any blueprint adds its routes: each rule takes its converters when it is added.
    app.url_map.converters["int"] = StoredIntegerConverter

    # A kind's templates are in its own folder, found by name "<kind>/<file>" (kinds.KindTemplates).
    from jinja2 import ChoiceLoader

    from .artefacts.kinds import KINDS, KindTemplates, kind_of

    app.jinja_loader = ChoiceLoader([app.jinja_loader, KindTemplates()])
    app.add_template_global(kind_of)  # a page asks a kind (an anchor, a thumbnail), never names one
    KINDS.keys()  # fills the registry now: each kind's own record routes join the records blueprint

    db.init_app(app)
    i18n.init_app(app)
    dates.init_app(app)
    security.init_app(app)
    compression.init_app(app)  # static files answered gzipped, with content-hash ETags
    auth.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    backup.init_app(app)
    children.init_app(app)
    audit.init_app(app)
    sealing.init_app(app)
    sync.init_app(app)
    memory.init_app(app)  # the C allocator gives back what big requests used (issue 19)

    app.register_blueprint(auth.bp)
    app.register_blueprint(about.bp)
    app.register_blueprint(children.bp)
    app.register_blueprint(team.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(settings.bp)
    app.register_blueprint(i18n.bp)
    app.register_blueprint(sync.bp)
    app.register_blueprint(tablet.bp)
    app.register_blueprint(record_files.bp)  # the records blueprint: the platform's record pages and each kind's
    for kind in KINDS.values():  # each kind's own pages (kinds.Kind.BLUEPRINTS), in the tools' order
        for blueprint in kind.BLUEPRINTS:
            app.register_blueprint(blueprint)
    app.register_blueprint(timeline.bp)
    app.register_blueprint(access.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(assessments.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(quality.bp)
    app.register_blueprint(feedback_figures.bp)
    return app
