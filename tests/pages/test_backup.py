"""Backing the service up while it serves, and restoring it on a new server (sofs_direct/backup.py):
the child's drawing opens after the restore, a damaged backup is refused whole, nothing is overwritten
by accident, and the trail says when it happened."""

import json
import uuid
from pathlib import Path

import pytest

from sofs_direct import create_app
from sofs_direct.artefacts import sealing
from sofs_direct.artefacts.store import read_part
from sofs_direct.platform.db import connect
from tests.conftest import base_config, login
from tests.sync_helpers import StoreTablet, scribble
from tests.tablet_client import three_houses, word

INK = "application/vnd.sofs-direct.ink"


@pytest.fixture
def served(app, db):
    """A service with Maisie's Three Houses and its drawing, and an upload kept aside for a child the
    server does not have (its drawing must travel too)."""
    maisie = next(db.query("SELECT id FROM children WHERE known_as = 'Maisie'"))["id"]
    house = {"words": [word("w1", "My dog Biscuit")], "ink": "ink-good"}
    with app.app_context():
        tablet = StoreTablet(db)
        kept = tablet.store(
            three_houses(maisie, houses={"good": house}), app.config["PARTS_DIR"], [("ink-good", INK, scribble())]
        )
        aside = tablet.upload(three_houses(str(uuid.uuid4()), houses={"good": house}), [("ink-good", INK, scribble(5))])
        assert tablet.ingest(aside, app.config["PARTS_DIR"]).status == "stored"
    return kept


def _new_server(tmp_path, monkeypatch, name="new"):
    """Another server: its own store, part folder and instance folder (so its own sealing key)."""
    monkeypatch.setenv("SOFS_INSTANCE", str(tmp_path / name / "instance"))
    app = create_app(base_config(str(tmp_path / name / "sofs.db")))
    monkeypatch.delenv("SOFS_INSTANCE")
    return app


def test_a_backup_restored_on_a_new_server_opens_the_childs_drawing(app, db, served, tmp_path, monkeypatch):
    folder = tmp_path / "backup-1"
    made = app.test_cli_runner().invoke(args=["backup", str(folder), "--operator", "Sam Admin"])
    assert made.exit_code == 0, made.output
    assert "1 artefacts and 2 part files" in made.output
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["part_files"] == 2 and "instance/server_key.pem" in manifest["files"]
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    trail = [row["what"] for row in db.query("SELECT what FROM audit WHERE action = 'export' AND child_id IS NULL")]
    assert any("backed up" in what and "Sam Admin" in what for what in trail)

    new = _new_server(tmp_path, monkeypatch)
    own_key = sealing.key_file(new.instance_path).read_bytes()
    cli = new.test_cli_runner()
    assert cli.invoke(args=["restore", str(folder), "--check"]).exit_code == 0
    restored = cli.invoke(args=["restore", str(folder)])
    assert restored.exit_code == 0, restored.output
    with new.app_context():
        store = connect(new.config["DATABASE"])
        assert read_part(store, served, "ink-good", new.config["PARTS_DIR"]) == scribble()
        assert store["unmatched_uploads"].count == 1
        assert any("restored from a backup" in row["what"] for row in store.query("SELECT what FROM audit"))
        store.close()
    # The new server's own key is kept: tablets may hold work sealed to it.
    retired = list(sealing.retired_keys_dir(new.instance_path).glob("*.pem"))
    assert [path.read_bytes() for path in retired] == [own_key]
    # The worker signs in on the restored server and reads the child's words.
    client = new.test_client()
    login(client, "demo.worker")
    page = client.get(f"/children/{next(iter(child_of(new, served)))}/records/{served}")
    assert page.status_code == 200 and "My dog Biscuit" in page.text


def child_of(app, artefact_id):
    store = connect(app.config["DATABASE"])
    try:
        return {row["child_id"] for row in store.query("SELECT child_id FROM artefacts WHERE id = ?", [artefact_id])}
    finally:
        store.close()


def test_a_damaged_backup_is_refused_whole_and_nothing_is_overwritten(app, served, tmp_path, monkeypatch):
    folder = tmp_path / "backup-2"
    cli = app.test_cli_runner()
    assert cli.invoke(args=["backup", str(folder)]).exit_code == 0
    again = cli.invoke(args=["backup", str(folder)])
    assert again.exit_code != 0 and "not empty" in again.output
    # The next day's backup links the parts it already has: the same files, no second copy on disk.
    later = tmp_path / "backup-3"
    assert cli.invoke(args=["backup", str(later), "--previous", str(folder)]).exit_code == 0
    linked = [path for path in (later / "parts").rglob("*") if path.is_file()]
    assert len(linked) == 2 and all(path.stat().st_nlink == 2 for path in linked)
    assert new_restore_check(later) == 0

    # Restoring over a store that holds a service needs --replace (and keeps the old store).
    over = cli.invoke(args=["restore", str(folder)])
    assert over.exit_code != 0 and "--replace" in over.output

    part = next(path for path in (folder / "parts").rglob("*") if path.is_file())
    damaged = bytearray(part.read_bytes())
    damaged[-1] ^= 1
    part.write_bytes(bytes(damaged))
    new = _new_server(tmp_path, monkeypatch, "other")
    before = sorted(Path(new.instance_path).rglob("*"))
    refused = new.test_cli_runner().invoke(args=["restore", str(folder)])
    assert refused.exit_code != 0 and "damaged" in refused.output and "nothing was restored" in refused.output
    assert not Path(new.config["DATABASE"]).exists() and sorted(Path(new.instance_path).rglob("*")) == before


def new_restore_check(folder) -> int:
    return (
        create_app(base_config(str(folder.parent / "check.db")))
        .test_cli_runner()
        .invoke(args=["restore", str(folder), "--check"])
        .exit_code
    )
