"""Backing the service up and restoring it: `app.py backup FOLDER` and `app.py restore FOLDER`.

Main decision: a backup is the three things that together open a child's work, taken while the
service runs, and checked before it is called a backup:
- the store, copied with SQLite's online backup API (https://www.sqlite.org/backup.html), which gives
  a consistent copy of a live WAL database without stopping writers;
- the part files (drawings, photos, recordings) the copy names, each checked against its name (a
  part file is named by the SHA-256 of its sealed bytes, store.py). They are copied *after* the store:
  a part is written and fsynced before the row naming it commits, so every part the copy names is
  already on disk, and files written later are simply not needed by this copy;
- the instance's keys: the server's sealing keys (current and retired) — stored parts stay sealed on
  disk, so a backup without them opens no drawing — and the key that signs sign-in cookies.

So the backup folder is as sensitive as the server itself: it is made owner-only, and docs/scaling.md
says where to keep it. A manifest lists every file with its SHA-256; `restore` checks all of it (and
SQLite's integrity check) before it writes anything, so a damaged backup is refused whole instead of
half-restored. Restoring over a store that holds anyone refuses unless `--replace`, which keeps the
old store beside it. A restored server keeps its own current sealing key as a retired key when it
differs from the backup's, so tablets that sealed work to it while the backup was made still send.
"""

import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import click
from flask import current_app

from .artefacts import retention, sealing
from .artefacts.store import write_part_file
from .platform import audit
from .platform.db import connect, fsync_directory, migrate, utcnow, write, write_synced

MANIFEST = "manifest.json"
STORE_FILE = "sofs.db"
PARTS = "parts"
KEYS = "instance"
FORMAT = "sofs-direct-backup/1"


class BackupRefused(click.ClickException):
    """A backup or restore that cannot be done safely: nothing was written (or, for a backup, the
    unfinished folder is named so nobody takes it for a backup)."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _key_files(instance: Path) -> list[Path]:
    """The instance's keys, relative to it: the sealing key, every retired one, the cookie key."""
    found = [sealing.key_file(instance), instance / "secret_key"]
    found += sorted(sealing.retired_keys_dir(instance).glob("*.pem"))
    return [path.relative_to(instance) for path in found if path.is_file()]


def _copy_private(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_synced(target, source.read_bytes())


def _earlier_parts(previous: Path | None) -> dict[str, str]:
    """The part files an earlier, finished backup lists, with their hashes (checked when it was made:
    its manifest is written last, only once every file matched); none if it is not one."""
    try:
        listed = json.loads((previous / MANIFEST).read_text())["files"] if previous else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {name: digest for name, digest in listed.items() if name.startswith(f"{PARTS}/")}


def _link_earlier(previous: Path, earlier: dict[str, str], relative: str, source: Path, target: Path) -> bool:
    """Take a part file from an earlier backup as a hard link when that backup lists it whole (a part
    never changes: its name is its hash), so daily backups cost only the day's new parts on disk and
    are each whole on their own. Not read again: the earlier backup checked it, and `restore --check`
    reads every byte. False when it must be copied."""
    name = f"{PARTS}/{relative}"
    if earlier.get(name) != Path(relative).name:
        return False
    try:
        if (previous / name).stat().st_size != source.stat().st_size:
            return False
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.link(previous / name, target)
    except OSError:  # gone, another file system, or links not allowed: copy instead
        return False
    return True


def make_backup(
    database: Path, parts_dir: Path, instance: Path, folder: Path, operator: str | None, previous: Path | None = None
) -> dict:
    """Back the service up into `folder` (new or empty), linking unchanged parts from `previous` (an
    earlier backup) where it can; returns the manifest."""
    if folder.exists() and any(folder.iterdir()):
        raise BackupRefused(f"{folder} is not empty: back up into a new folder")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    live = connect(database)
    try:
        what = f"the service backed up (store, part files and keys){f'; run by {operator}' if operator else ''}"
        with write(live):  # in the copy too: the trail says when every backup was made, and by whom
            audit.append(live, None, None, "export", None, what)
        copy = sqlite3.connect(str(folder / STORE_FILE))
        try:
            live.conn.backup(copy)
        finally:
            copy.close()
    finally:
        live.close()
    os.chmod(folder / STORE_FILE, 0o600)
    copied = connect(folder / STORE_FILE)
    try:
        copied.conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        named = sorted(retention.named_paths(copied))
        children = copied["children"].count
        artefacts = copied["artefacts"].count
    finally:
        copied.close()
    files = {STORE_FILE: _sha256(folder / STORE_FILE)}
    missing, earlier = [], _earlier_parts(previous)
    for relative in named:
        source = parts_dir / relative
        if not source.is_file():
            missing.append(relative)
            continue
        target = folder / PARTS / relative
        if not _link_earlier(previous, earlier, relative, source, target):
            _copy_private(source, target)
            if _sha256(target) != Path(relative).name:
                raise BackupRefused(f"The part file {relative} does not match its name: the server's copy is damaged")
        files[f"{PARTS}/{relative}"] = Path(relative).name
    for relative in _key_files(instance):
        _copy_private(instance / relative, folder / KEYS / relative)
        files[f"{KEYS}/{relative.as_posix()}"] = _sha256(folder / KEYS / relative)
    if missing:
        # A retention run deleted them after the store was copied: the copy is not whole. Say so and
        # leave the folder marked, never a backup that would restore work without its drawings.
        (folder / MANIFEST).with_suffix(".incomplete").write_text("\n".join(missing) + "\n")
        raise BackupRefused(f"{len(missing)} part file(s) went missing while copying: run the backup again")
    manifest = {
        "format": FORMAT,
        "made_at": utcnow(),
        "children": children,
        "artefacts": artefacts,
        "part_files": len(named),
        "files": files,
    }
    write_synced(folder / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode())
    for directory in sorted({path.parent for path in folder.rglob("*")} | {folder}, reverse=True):
        fsync_directory(directory)
    return manifest


def check_backup(folder: Path) -> dict:
    """The manifest, once every file it lists matches its hash and the store passes SQLite's check."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupRefused(f"{folder} has no readable {MANIFEST}: it is not a finished backup ({error})") from None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("files"), dict)
    ):
        raise BackupRefused(f"{folder / MANIFEST} is not a SofS Direct backup manifest")
    for relative, digest in sorted(manifest["files"].items()):
        path = folder / relative
        if Path(relative).is_absolute() or ".." in Path(relative).parts:
            raise BackupRefused(f"The manifest names {relative}, outside the backup")
        if not path.is_file() or _sha256(path) != digest:
            raise BackupRefused(f"{relative} is missing or damaged: nothing was restored")
    copy = sqlite3.connect(f"file:{folder / STORE_FILE}?mode=ro", uri=True)
    try:
        verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
    if verdict != "ok":
        raise BackupRefused(f"The store in the backup fails SQLite's integrity check: {verdict}")
    return manifest


def _holds_anyone(database: Path) -> bool:
    if not database.exists():
        return False
    db = connect(database)
    try:
        return "users" in db.table_names() and db["users"].count > 0
    finally:
        db.close()


def restore_backup(folder: Path, database: Path, parts_dir: Path, instance: Path, replace: bool) -> dict:
    """Put a checked backup in place of the service's store, part files and keys; returns its manifest."""
    manifest = check_backup(folder)
    if _holds_anyone(database) and not replace:
        raise BackupRefused(f"{database} already holds a service: stop the server and add --replace to restore over it")
    current = sealing.key_file(instance)
    if current.exists() and current.read_bytes() != (folder / KEYS / sealing.KEY_FILE).read_bytes():
        sealing.retire_current(instance)  # its own key may have sealed work still on tablets: kept
    for relative in manifest["files"]:
        if relative.startswith(f"{KEYS}/"):
            target = instance / relative.removeprefix(f"{KEYS}/")
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            staged = target.with_name(f".{target.name}.restoring")
            staged.unlink(missing_ok=True)
            write_synced(staged, (folder / relative).read_bytes())
            os.replace(staged, target)
            fsync_directory(target.parent)
        elif relative.startswith(f"{PARTS}/"):
            name = Path(relative).name
            write_part_file(parts_dir, name, (folder / relative).read_bytes())
    database.parent.mkdir(parents=True, exist_ok=True)
    if database.exists():
        kept = database.with_name(f"{database.name}.before-restore-{utcnow().replace(':', '')}")
        shutil.copy2(database, kept)
        click.echo(f"The store it replaces is kept as {kept}")
    staged = database.with_name(f".{database.name}.restoring")
    staged.unlink(missing_ok=True)
    write_synced(staged, (folder / STORE_FILE).read_bytes())
    for suffix in ("-wal", "-shm"):  # the old store's log must never be replayed over the restored one
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.replace(staged, database)
    fsync_directory(database.parent)
    restored = connect(database)
    try:
        migrate(restored)  # a backup from an older release is brought up to this one's schema
        with write(restored):
            audit.append(
                restored, None, None, "change", None, f"the service restored from a backup made {manifest['made_at']}"
            )
    finally:
        restored.close()
    return manifest


def init_app(app):
    @app.cli.command("backup")
    @click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
    @click.option("--operator", help="Your name, for the audit trail.")
    @click.option(
        "--previous",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="An earlier backup on the same disk: part files it holds are linked, not copied again.",
    )
    def backup_command(folder, operator, previous):
        """Back up the store, its part files and the keys into FOLDER (new or empty), while serving."""
        config = current_app.config
        manifest = make_backup(
            Path(config["DATABASE"]),
            Path(config["PARTS_DIR"]),
            Path(current_app.instance_path),
            folder,
            operator,
            previous,
        )
        click.echo(
            f"Backed up {manifest['children']} children, {manifest['artefacts']} artefacts and "
            f"{manifest['part_files']} part files into {folder} (checked). Keep it as safe as the server."
        )

    @app.cli.command("restore")
    @click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
    @click.option("--replace", is_flag=True, help="Restore over a store that already holds a service.")
    @click.option("--check", "check_only", is_flag=True, help="Only check the backup; change nothing.")
    def restore_command(folder, replace, check_only):
        """Check a backup made by `backup` whole, then put it in place (the server must be stopped)."""
        config = current_app.config
        if check_only:
            manifest = check_backup(folder)
            click.echo(f"{folder}: a whole backup made {manifest['made_at']}, every file checked.")
            return
        manifest = restore_backup(
            folder, Path(config["DATABASE"]), Path(config["PARTS_DIR"]), Path(current_app.instance_path), replace
        )
        click.echo(
            f"Restored {manifest['children']} children and {manifest['artefacts']} artefacts "
            f"from the backup made {manifest['made_at']}."
        )
