"""Fixtures: a real SQLite file per test, a real waitress server on 127.0.0.1, Debian's chromium.

Every test gets its own copy of a store that was migrated and seeded with the demo data once per run,
so tests cannot leak into each other and still start fast. CSRF protection stays on in every test:
clients fetch a token from a real form, as a browser does.
"""

import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from jinja2 import BytecodeCache
from waitress import wasyncore
from waitress.server import create_server

from sofs_direct import create_app
from sofs_direct.platform.db import connect, migrate
from sofs_direct.platform.demo import DEMO_PASSWORD, seed

CHROMIUM = "/usr/bin/chromium"
TABLET_VIEWPORTS = {
    "ipad-landscape": {"width": 1024, "height": 768},
    "ipad-portrait": {"width": 820, "height": 1180},
    "android-tablet": {"width": 800, "height": 1280},
}


def pytest_configure(config):
    # Warnings are errors in this suite (the brief), however pytest is invoked.
    config.addinivalue_line("filterwarnings", "error")


def base_config(database: str, **overrides) -> dict:
    return {
        "DATABASE": database,
        # Each test's sealed parts beside its own store, never in the project's instance folder.
        "PARTS_DIR": str(Path(database).parent / "parts"),
        "SECRET_KEY": "test-secret-key",
        "PASSWORD_HASH_PROFILE": "test",
        "TABLET_KDF_PROFILE": "test",
        "LOGIN_LIMIT_PER_USERNAME": "1000 per minute",
        "LOGIN_LIMIT_PER_ADDRESS": "1000 per minute",
        **overrides,
    }


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory):
    """A store migrated and seeded once; tests copy it."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    app = create_app(base_config(str(path)))
    with app.app_context():
        db = connect(path)
        migrate(db)
        seed(db)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
    return path


@pytest.fixture
def database(seeded_template, tmp_path):
    path = tmp_path / "sofs.db"
    shutil.copy(seeded_template, path)
    return str(path)


class CompiledTemplates(BytecodeCache):
    """Templates compiled once a test process, not once a test: every test makes its own app, and each
    app's Jinja environment would compile every template it renders again (Jinja keys each entry by
    the template's name and checks its source, so a changed template is compiled afresh)."""

    def __init__(self):
        self.compiled = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


def _url_builders_compiled_once():
    """URL builders compiled once a test process, not once an app, for the same reason as the templates:
    every test makes its own app, and werkzeug generates and compiles two small Python functions for
    every one of its ~110 routes (Rule._compile_builder: 25 of the 26 ms create_app takes, measured).
    A builder is made from the rule's parsed parts alone and reads the rule's converters through the
    rule it is bound to, so one made for the same parts serves every app (werkzeug is pinned:
    requirements.txt). Tests only: the server makes its app once."""
    from werkzeug.routing.rules import Rule

    compile_builder = Rule._compile_builder
    builders = {}

    def compiled_once(rule, append_unknown=True):
        defaults = tuple(
            sorted(
                (name, rule._converters[name].to_url(value))
                for name, value in (rule.defaults or {}).items()
                if name in rule._converters
            )
        )
        key = (tuple(rule._trace), defaults, append_unknown)
        if key not in builders:
            builders[key] = compile_builder(rule, append_unknown)
        return builders[key]

    Rule._compile_builder = compiled_once


_url_builders_compiled_once()


@pytest.fixture
def make_app(database):
    def factory(**overrides):
        app = create_app(base_config(database, **overrides))
        app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
        return app

    return factory


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def app_context(app):
    """For plain functions whose refusals are sentences in the reader's language: they need the
    app's catalogue (use with pytest.mark.usefixtures)."""
    with app.app_context():
        yield app


@pytest.fixture
def db(app):
    store = connect(app.config["DATABASE"])
    yield store
    store.close()


@pytest.fixture
def client(app):
    return app.test_client()


CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client, path="/login") -> str:
    """The CSRF token from a real form on `path`, as a browser would have it."""
    page = client.get(path)
    match = CSRF_INPUT.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path} ({page.status_code})"
    return match.group(1)


def login(client, username, password=DEMO_PASSWORD):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


def signed_in(app, username):
    """A test client of its own, signed in as `username` (for tests that need two people at once)."""
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def post_form(client, path, data, page=None):
    """POST like a browser: with the CSRF token of the page the form is on."""
    token = csrf_token(client, page or path)
    return client.post(path, data={**data, "csrf_token": token})


@pytest.fixture
def as_user(client):
    def sign_in(username):
        response = login(client, username)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return sign_in


def child_ids(db, known_as=None) -> dict:
    return {row["known_as"]: row["id"] for row in db.query("SELECT id, known_as FROM children")}


# --- a real server and a real browser ----------------------------------------------------------


class LiveServer:
    """waitress, the production server, on a free port of 127.0.0.1.

    Its event loop runs in short turns so stop() can end it between turns: closing the socket under
    a running loop would make it fail on a closed file descriptor."""

    def __init__(self, app, port=0):
        self.app = app
        self.server = create_server(app, host="127.0.0.1", port=port, threads=4)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self._stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self._stopping.is_set():
            wasyncore.loop(timeout=0.05, map=self.server._map, count=1)

    def stop(self):
        self._stopping.set()
        self.thread.join(timeout=5)
        self.server.task_dispatcher.shutdown()
        # The listening socket and every connection still open (browsers keep connections alive).
        for channel in list(self.server._map.values()):
            channel.close()


@pytest.fixture
def start_server(make_app):
    servers = []

    def factory(**overrides):
        server = LiveServer(make_app(**overrides))
        servers.append(server)
        return server

    yield factory
    for server in servers:
        server.stop()


@pytest.fixture
def live_server(start_server):
    return start_server()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        pytest.fail("Debian's chromium is not installed: run `make browser` (make test does it).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
        # The flags this machine needs: no sandbox as root, and no background calls to Google's
        # services, which the closed network refuses. The fake microphone (a beeping tone) with no
        # permission prompt lets the tablet record a child's voice in tests (issue 8).
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": TABLET_VIEWPORTS["ipad-portrait"], "has_touch": True, "locale": "en-GB"}


@pytest.fixture(scope="session")
def base_url():
    """Replaces pytest-base-url's fixture, which pytest 9 deprecates (a warning, so an error here);
    every test starts its own server and uses its URL."""
    return None
