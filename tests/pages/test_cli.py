"""The command line: what `make run` calls, and the account tasks an administrator runs."""

import subprocess
import sys
from pathlib import Path

from sofs_direct import create_app
from sofs_direct.platform.db import connect, load_migrations
from tests.conftest import base_config, login

ROOT = Path(__file__).resolve().parents[2]


def _runner(database):
    app = create_app(base_config(database))
    return app, app.test_cli_runner()


def test_migrate_and_seed_an_empty_store_then_leave_it_alone(tmp_path):
    app, cli = _runner(str(tmp_path / "new.db"))
    assert f"Applied {len(load_migrations()._migrations)} migration" in cli.invoke(args=["migrate"]).output
    assert "Applied 0 migration" in cli.invoke(args=["migrate"]).output
    assert cli.invoke(args=["seed-demo", "--if-empty"]).output.strip() == "Demo data added."
    assert "not added" in cli.invoke(args=["seed-demo", "--if-empty"]).output
    db = connect(tmp_path / "new.db")
    assert sorted(r["username"] for r in db.query("SELECT username FROM users")) == [
        "demo.admin",
        "demo.manager",
        "demo.worker",
        "other.worker",
    ]
    assert db["children"].count == 4


def test_production_start_without_demo_data(tmp_path):
    app, cli = _runner(str(tmp_path / "prod.db"))
    app.config["DEMO"] = False
    cli.invoke(args=["migrate"])
    assert "SOFS_DEMO=0" in cli.invoke(args=["seed-demo", "--if-empty"]).output
    assert connect(tmp_path / "prod.db")["users"].count == 0


def test_create_user_and_reset_password(database):
    app, cli = _runner(database)
    result = cli.invoke(
        args=[
            "create-user",
            "nia.jones",
            "--name",
            "Nia Jones",
            "--role",
            "manager",
            "--team",
            "West Team",
            "--password",
            "first-password",
        ]
    )
    assert result.exit_code == 0, result.output
    client = app.test_client()
    assert login(client, "nia.jones", "first-password").headers["Location"] == "/settings/password"
    result = cli.invoke(args=["reset-password", "nia.jones", "--password", "second-password"])
    assert result.exit_code == 0 and "sessions have ended" in result.output
    assert client.get("/team").headers["Location"] == "/login"
    assert login(app.test_client(), "nia.jones", "second-password").status_code == 302


def test_cli_refuses_bad_input_with_a_message(database):
    app, cli = _runner(database)
    short = cli.invoke(
        args=["create-user", "x.y", "--name", "X", "--role", "practitioner", "--team", "T", "--password", "short"]
    )
    assert short.exit_code != 0 and "8 characters" in short.output
    taken = cli.invoke(
        args=[
            "create-user",
            "demo.worker",
            "--name",
            "X",
            "--role",
            "practitioner",
            "--team",
            "T",
            "--password",
            "long-enough",
        ]
    )
    assert taken.exit_code != 0 and "already taken" in taken.output
    missing = cli.invoke(args=["reset-password", "nobody", "--password", "long-enough"])
    assert missing.exit_code != 0 and "no user called nobody" in missing.output


def test_end_sessions_signs_a_user_out_everywhere(database):
    app, cli = _runner(database)
    client = app.test_client()
    login(client, "demo.worker")
    assert "Ended 1 session" in cli.invoke(args=["end-sessions", "demo.worker"]).output
    assert client.get("/children").headers["Location"] == "/login"


def test_app_py_runs_the_same_commands(tmp_path):
    env = {
        "SOFS_DATABASE": str(tmp_path / "cli.db"),
        "SOFS_INSTANCE": str(tmp_path / "instance"),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run([sys.executable, "app.py", "migrate"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f"Applied {len(load_migrations()._migrations)} migration" in result.stdout
    result = subprocess.run([sys.executable, "app.py", "--help"], cwd=ROOT, env=env, capture_output=True, text=True)
    for command in ("migrate", "seed-demo", "serve", "create-user", "reset-password", "end-sessions"):
        assert command in result.stdout
