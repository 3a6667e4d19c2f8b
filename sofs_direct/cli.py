"""Command-line tasks: seed the demo, manage users, end sessions, apply the retention schedule, export
the children's feedback in the national shape, update translations, serve.

Main decision: commands are registered on `app.cli`, so the same commands work as
`python app.py COMMAND` and `flask --app app COMMAND`; each opens its own connection and calls the
same plain functions as the web screens.
"""

import os
from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import FlaskGroup
from gunicorn.app.base import BaseApplication

from .artefacts import retention
from .exports import ssd
from .platform import accounts, demo
from .platform.auth import ROLES, end_all_login_sessions, password_problem
from .platform.db import connect


def _db():
    return connect(current_app.config["DATABASE"])


def _password_option(password: str) -> str:
    problem = password_problem(password)
    if problem:
        raise click.BadParameter(problem)
    return password


def init_app(app):
    @app.cli.command("seed-demo")
    @click.option("--if-empty", is_flag=True, help="Only when the store has no users (what make run does).")
    def seed_demo(if_empty):
        """Add the demo teams, logins and fictional children to an empty store."""
        if if_empty and not current_app.config["DEMO"]:
            click.echo("SOFS_DEMO=0: no demo data.")
            return
        db = _db()
        try:
            seeded = demo.seed(db)
        finally:
            db.close()
        click.echo("Demo data added." if seeded else "The store already has users: demo data not added.")

    @app.cli.command("create-user")
    @click.argument("username")
    @click.option("--name", "display_name", required=True, help="Full name.")
    @click.option("--role", type=click.Choice(ROLES), required=True)
    @click.option("--team", "team_name", help="Team name (created if new); not for admins.")
    @click.option("--language", type=click.Choice(["en", "cy"]), default="en")
    @click.password_option(help="Temporary password; the user chooses their own at first sign-in.")
    def create_user(username, display_name, role, team_name, language, password):
        """Create an account."""
        _password_option(password)
        if role != "admin" and not team_name:
            raise click.UsageError("--team is required for practitioners and managers")
        db = _db()
        try:
            if accounts.find_username(db, username):
                raise click.UsageError(f"the username {username} is already taken")
            team_id = None
            if team_name:
                team = accounts.team_named(db, team_name)
                team_id = team["id"] if team else accounts.add_team(db, team_name)
            accounts.add_user(db, username, display_name, role, team_id, password, language, must_change_password=True)
        finally:
            db.close()
        click.echo(f"Created {role} {username}.")

    @app.cli.command("reset-password")
    @click.argument("username")
    @click.password_option(help="Temporary password; the user chooses their own at next sign-in.")
    def reset_password(username, password):
        """Set a temporary password and end all of the user's sessions."""
        _password_option(password)
        db = _db()
        try:
            person = accounts.find_username(db, username)
            if person is None:
                raise click.UsageError(f"no user called {username}")
            accounts.reset_password(db, person["id"], password)
        finally:
            db.close()
        click.echo(f"Password reset for {username}; their sessions have ended.")

    @app.cli.command("end-sessions")
    @click.argument("username")
    def end_sessions(username):
        """Sign a user out everywhere (for example, a lost tablet)."""
        db = _db()
        try:
            person = accounts.find_username(db, username)
            if person is None:
                raise click.UsageError(f"no user called {username}")
            ended = end_all_login_sessions(db, person["id"], "revoked")
        finally:
            db.close()
        click.echo(f"Ended {ended} session(s) of {username}.")

    @app.cli.command("retention")
    @click.option("--delete", is_flag=True, help="Delete what is listed (needs --confirm).")
    @click.option("--confirm", is_flag=True, help="Confirm the deletion: it cannot be undone.")
    @click.option("--operator", help="Your name, recorded in the audit trail with each deletion.")
    def retention_command(delete, confirm, operator):
        """List the artefacts past their retention date (docs/retention.md); delete them only with
        --delete --confirm."""
        if delete != confirm:
            raise click.UsageError(
                "deleting cannot be undone: give both --delete and --confirm (run without them first to see the list)"
            )
        if operator is not None and not retention.operator_ok(operator):
            raise click.BadParameter(f"1 to {retention.OPERATOR_MAX} characters, one line", param_hint="--operator")
        try:
            schedule = retention.load_schedule(current_app.config["RETENTION_FILE"])
        except retention.ScheduleInvalid as error:
            click.echo(f"Error: {error}", err=True)
            raise SystemExit(2) from None
        db = _db()
        try:
            entries = retention.due(db, schedule, datetime.now(UTC).date())
            click.echo(retention.listing(entries, schedule))
            if delete:
                done = retention.delete_due(db, entries, current_app.config["PARTS_DIR"], operator)
                click.echo(
                    f"Deleted {done['deleted']} item(s) and {done['files']} part file(s);"
                    " each deletion is in the audit trail."
                )
        finally:
            db.close()

    @app.cli.command("export-ssd")
    @click.option(
        "--since", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="From this day (YYYY-MM-DD)."
    )
    @click.option("--format", "fmt", type=click.Choice(sorted(ssd.FORMATS)), default="csv")
    @click.option("--output", type=click.File("w", encoding="utf-8"), default="-", help="A file (default: stdout).")
    @click.option("--operator", help="Your name, recorded in the audit trail with the export.")
    def export_ssd(since, fmt, output, operator):
        """The children's feedback as rows of the Standard Safeguarding Dataset's ssd_voice_of_child,
        for every team, for work done on or after --since (docs/standards.md). Each child in the file
        is written to the audit trail as exported, before the file is written."""
        if operator is not None and not retention.operator_ok(operator):
            raise click.BadParameter(f"1 to {retention.OPERATOR_MAX} characters, one line", param_hint="--operator")
        db = _db()
        try:
            found = ssd.rows(db, since.date().isoformat())
            ssd.audit_command(db, found, since.date().isoformat(), fmt, operator)
        finally:
            db.close()
        output.write(ssd.FORMATS[fmt][0](found))

    @app.cli.command("update-translations")
    def update_translations():
        """Extract every translatable string and merge it into the Welsh catalogue."""
        from .platform.i18n import update_catalogue

        total, untranslated = update_catalogue("cy")
        click.echo(f"cy: {total} strings, {untranslated} without a Welsh translation.")

    @app.cli.command("serve")
    @click.option("--host", default=lambda: os.environ.get("HOST", "127.0.0.1"))
    @click.option("--port", default=lambda: int(os.environ.get("PORT", "5000")), type=int)
    @click.option(
        "--workers",
        default=lambda: int(os.environ.get("SOFS_WORKERS", "0")) or cpu_cores(),
        type=click.IntRange(1),
        help="Worker processes (default: SOFS_WORKERS, else one per CPU core).",
    )
    @click.option(
        "--threads",
        default=lambda: int(os.environ.get("SOFS_THREADS", "8")),
        type=click.IntRange(1),
        help="Threads in each worker process (default: SOFS_THREADS, else 8).",
    )
    def serve(host, port, workers, threads):
        """Serve the app with gunicorn (the production server): a worker process per core."""
        click.echo(f"SofS Direct on http://{host}:{port}")
        Server(f"{host}:{port}", workers, threads).run()


def cpu_cores() -> int:
    """The cores this process may run on (a container's share, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS has no affinity
        return os.cpu_count() or 1


class Server(BaseApplication):
    """gunicorn, configured here rather than by a file: a pre-fork server with a process per core.

    Why these settings (README, "How the server runs"):
    - one Python process per core, because one interpreter runs Python on one core at a time (the GIL)
      and an upload costs milliseconds of Python (parsing, RSA, hashing);
    - gthread workers: each process answers with a pool of threads, so a tablet sending slowly over a
      mobile link holds one thread, not a whole process, and the process's main loop keeps telling
      the master it is alive whatever a request is doing;
    - the app is made in each worker by the same `create_app()` from the same environment, never
      shared across the fork: nothing opened before the fork (a store connection, a thread) is
      carried into a worker. The master made the app once before forking (app.py), so the instance
      folder's keys (the cookie-signing key, the sealing key) exist already and every worker reads the
      same ones;
    - no body limit here: gunicorn has none, and Flask's per-request limits (MAX_CONTENT_LENGTH, and
      the upload's own in sync.py) answer a readable 413 as they do under the test server;
    - X-Forwarded-* headers are trusted by the app alone, when SOFS_BEHIND_PROXY says so (ProxyFix),
      never by gunicorn on its own for requests from this machine;
    - no control socket: several servers on one machine (the tests) would share its one path.
    """

    def __init__(self, bind: str, workers: int, threads: int):
        self.settings = {
            "bind": [bind],
            "workers": workers,
            "worker_class": "gthread",
            "threads": threads,
            # A worker whose main loop is silent this long is restarted; long renders run in threads.
            "timeout": 120,
            "forwarded_allow_ips": "",
            "control_socket_disable": True,
            "loglevel": "warning",  # the one line above is what `make run` says, as before
        }
        super().__init__(prog="app.py serve")

    def load_config(self):
        for name, value in self.settings.items():
            self.cfg.set(name, value)

    def load(self):
        from . import create_app  # the factory, called in each worker after the fork

        return create_app()


def main(create_app):
    """`python app.py COMMAND`: the app's CLI with the factory behind it."""
    FlaskGroup(create_app=create_app, add_default_commands=False)(prog_name="app.py")
