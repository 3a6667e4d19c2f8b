"""Storing artefacts and their part files exactly once, and reading them back.

Main decision: part files are named by their sealed SHA-256 under `parts_dir`, written to a temporary
file, fsynced, renamed into place and the folder fsynced (POSIX rename is atomic; the folder fsync
makes the rename itself durable), so a file that exists is complete, and a retry after a crash
rewrites nothing. The rows are written by the caller's transaction (ingest.py holds the write lock),
and nothing here decides whether an upload is stored: ingest.py asks, this module writes.

What is kept aside is kept sealed as received: a different copy under an id already stored
(`artefact_conflicts`), and an upload naming a child this server does not have (`unmatched_uploads`),
each once however often the same copy is sent. A part is read back decrypted and checked against its
stored plaintext hash, every time.
"""

import base64
import contextlib
import hashlib
import json
import os
import uuid
from pathlib import Path

from ..platform.children import child_visible_to
from ..platform.db import fsync_directory, utcnow, write_synced
from . import sealing
from .envelope import is_uuid
from .opening import Content, Opened

# --- step 7: storing ------------------------------------------------------------------------------


def part_path(sealed_sha256: str) -> str:
    """Where a part's sealed bytes live, relative to the parts folder: named by their own hash."""
    return f"{sealed_sha256[:2]}/{sealed_sha256}"


def write_part_file(parts_dir: Path, sealed_sha256: str, sealed: bytes) -> str:
    """Durably store one part's sealed bytes; a file already there (same hash, same size) is kept."""
    relative = part_path(sealed_sha256)
    target = Path(parts_dir) / relative
    if target.exists() and target.stat().st_size == len(sealed):
        return relative
    if not target.parent.exists():
        target.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
        fsync_directory(target.parent.parent)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        write_synced(temporary, sealed)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    fsync_directory(target.parent)
    return relative


def part_identity(parts) -> set:
    return {(part["name"], part["sha256"]) for part in parts}


def child_exists(db, child_id: str) -> bool:
    return next(db.query("SELECT 1 FROM children WHERE id = ?", [child_id]), None) is not None


def stored_copy(db, envelope: dict) -> tuple[dict | None, set]:
    """What is stored under this id (and draft version): its row and its parts' identity, or None."""
    if envelope["state"] == "finalised":
        row = next(
            db.query("SELECT id, payload_sha256, flag, review_reason FROM artefacts WHERE id = ?", [envelope["id"]]),
            None,
        )
        if row:
            return row, part_identity(
                db.query("SELECT name, sha256 FROM artefact_parts WHERE artefact_id = ?", [envelope["id"]])
            )
    else:
        row = next(
            db.query(
                "SELECT id, payload_sha256, flag, NULL AS review_reason FROM draft_snapshots"
                " WHERE artefact_id = ? AND draft_version = ?",
                [envelope["id"], envelope["draft_version"]],
            ),
            None,
        )
        if row:
            return row, part_identity(
                db.query("SELECT name, sha256 FROM draft_snapshot_parts WHERE snapshot_id = ?", [row["id"]])
            )
    row = next(
        db.query(
            "SELECT id, payload_sha256, flag, review_reason, envelope FROM unmatched_uploads"
            " WHERE artefact_id = ? AND draft_version IS ? ORDER BY id LIMIT 1",
            [envelope["id"], envelope["draft_version"]],
        ),
        None,
    )
    if row:
        return row, part_identity(json.loads(row["envelope"])["parts"])
    return None, set()


def _supersedes(document, envelope: dict) -> str | None:
    value = document.get("supersedes") if isinstance(document, dict) else None
    return value if is_uuid(value) and value != envelope["id"] else None


def store_upload(
    db, user, opened: Opened, content: Content, flag: str | None, review: str | None, parts_dir: Path
) -> dict:
    """Insert the artefact (or draft snapshot) and its parts; returns the row's columns."""
    envelope = opened.envelope
    row = {
        "kind": envelope["kind"],
        "child_id": envelope["child_id"],
        "author_id": user["id"],
        "device_id": envelope["device_id"],
        "device_seq": envelope["device_seq"],
        "supersedes": _supersedes(content.document, envelope),
        "device_time": envelope["device_time"],
        "received_at": utcnow(),
        "payload_sha256": envelope["payload_sha256"],
        "payload_length": envelope["payload_length"],
        "sealed_sha256": envelope["sealed_sha256"],
        "envelope": opened.envelope_text,
        "sealed_payload": opened.sealed_payload,
        "document": content.document_text,
        "flag": flag,
    }
    if envelope["state"] == "finalised":
        columns = {"id": envelope["id"], **row, "state": "finalised", "review_reason": review}
        parts_table, owner_column, owner = "artefact_parts", "artefact_id", envelope["id"]
        table = "artefacts"
    else:
        columns = {"artefact_id": envelope["id"], "draft_version": envelope["draft_version"], **row}
        parts_table, owner_column, owner = "draft_snapshot_parts", "snapshot_id", None
        table = "draft_snapshots"
    names = ", ".join(columns)
    cursor = db.execute(
        f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' for _ in columns)})", list(columns.values())
    )
    if owner is None:
        owner = cursor.lastrowid
    for part in envelope["parts"]:
        path = write_part_file(parts_dir, part["sealed_sha256"], opened.sealed_parts[part["name"]])
        db.execute(
            f"INSERT INTO {parts_table} ({owner_column}, name, media_type, sha256, length, sealed_sha256,"
            " sealed_length, iv, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                owner,
                part["name"],
                part["media_type"],
                part["sha256"],
                part["length"],
                part["sealed_sha256"],
                part["sealed_length"],
                part["iv"],
                path,
            ],
        )
    return columns


def _kept_already(db, table: str, envelope: dict) -> bool:
    """Whether this very copy (payload and parts) is already kept aside in `table` (a conflict, or an
    upload for an unknown child): the same copy resent is kept once."""
    return any(
        part_identity(json.loads(earlier["envelope"])["parts"]) == part_identity(envelope["parts"])
        for earlier in db.query(
            f"SELECT envelope FROM {table} WHERE artefact_id = ? AND draft_version IS ? AND payload_sha256 = ?",
            [envelope["id"], envelope["draft_version"], envelope["payload_sha256"]],
        )
    )


def _write_parts(parts_dir: Path, opened: Opened) -> None:
    for part in opened.envelope["parts"]:
        write_part_file(parts_dir, part["sealed_sha256"], opened.sealed_parts[part["name"]])


def write_parts_ahead(parts_dir: Path, opened: Opened) -> None:
    """Write an upload's part files before its transaction takes the write lock, so their fsyncs (a
    file's and its folder's: milliseconds on a busy disk) are not spent while every other upload
    waits for the lock. Safe because a part file is named by its own hash and the rows are what name
    it: the writes under the lock (store_upload, _write_parts) find the file there and only check its
    size; should a retention sweep have removed it meanwhile as unnamed (it holds the lock while it
    deletes), or taken a temporary file from under this write, they write it again."""
    with contextlib.suppress(OSError):  # written (and any failure told) under the lock
        _write_parts(parts_dir, opened)


def store_unmatched(db, user, opened: Opened, flag: str | None, review: str | None, parts_dir: Path) -> bool:
    """Keep an upload for a child this server does not have, sealed as received with its part files
    (the envelope names them by sealed hash); the same copy sent again is kept once."""
    envelope = opened.envelope
    if _kept_already(db, "unmatched_uploads", envelope):
        return False
    _write_parts(parts_dir, opened)
    db.execute(
        "INSERT INTO unmatched_uploads (artefact_id, draft_version, kind, child_id, author_id, device_id, device_seq,"
        " received_at, payload_sha256, envelope, sealed_payload, flag, review_reason)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            envelope["id"],
            envelope["draft_version"],
            envelope["kind"],
            envelope["child_id"],
            user["id"],
            envelope["device_id"],
            envelope["device_seq"],
            utcnow(),
            envelope["payload_sha256"],
            opened.envelope_text,
            opened.sealed_payload,
            None if flag == "not_allocated" else flag,
            review,
        ],
    )
    return True


def keep_conflict(db, user, opened: Opened, content: Content, parts_dir: Path) -> bool:
    """Keep a different second copy for review; the same second copy sent again is kept once."""
    envelope = opened.envelope
    if not child_exists(db, envelope["child_id"]):  # a copy naming a child this server does not have
        return store_unmatched(db, user, opened, "needs_review", None, parts_dir)
    if _kept_already(db, "artefact_conflicts", envelope):
        return False
    _write_parts(parts_dir, opened)
    db.execute(
        "INSERT INTO artefact_conflicts (artefact_id, draft_version, kind, child_id, received_at, user_id, device_id,"
        " envelope, payload_sha256, sealed_payload, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            envelope["id"],
            envelope["draft_version"],
            envelope["kind"],
            envelope["child_id"],
            utcnow(),
            user["id"],
            envelope["device_id"],
            opened.envelope_text,
            envelope["payload_sha256"],
            opened.sealed_payload,
            content.document_text,
        ],
    )
    return True


# --- reading back --------------------------------------------------------------------------------


def get(db, artefact_id: str) -> dict | None:
    return next(db.query("SELECT * FROM artefacts WHERE id = ?", [artefact_id]), None)


def _open_part(envelope_text: str, part: dict, parts_dir: Path, keyring: sealing.Keyring | None = None) -> bytes:
    """A stored part, decrypted and checked against its stored plaintext hash."""
    sealed_envelope = json.loads(envelope_text)["sealed"]
    aes_key = sealing.unwrap(sealed_envelope["key_id"], base64.b64decode(sealed_envelope["wrapped_key"]), keyring)
    plain = sealing.open_sealed(aes_key, base64.b64decode(part["iv"]), (Path(parts_dir) / part["path"]).read_bytes())
    if hashlib.sha256(plain).hexdigest() != part["sha256"]:
        raise sealing.SealBroken(f"part {part['name']!r} does not match its stored hash")
    return plain


def read_part(db, artefact_id: str, name: str, parts_dir: Path, keyring: sealing.Keyring | None = None) -> bytes:
    """A finalised artefact's part, decrypted and checked against its stored plaintext hash."""
    artefact = get(db, artefact_id)
    part = next(db.query("SELECT * FROM artefact_parts WHERE artefact_id = ? AND name = ?", [artefact_id, name]), None)
    if artefact is None or part is None:
        raise KeyError(f"no part {name!r} of artefact {artefact_id}")
    return _open_part(artefact["envelope"], part, parts_dir, keyring)


def drafts_for_author(db, user, parts_dir: Path, keyring: sealing.Keyring | None = None) -> list[dict]:
    """The newest draft snapshot of each of this author's own artefacts not yet finalised, with its
    parts (photos) decrypted, so a draft resumed on another tablet loses nothing.

    Only the author's own, only unflagged, and only for children they may still see: a draft is
    never shown to anyone else, nor to its author after the child was reallocated."""
    rows = db.query(
        """
        SELECT draft_snapshots.* FROM draft_snapshots
        WHERE author_id = :author AND flag IS NULL
          AND draft_version = (SELECT MAX(newer.draft_version) FROM draft_snapshots AS newer
                               WHERE newer.artefact_id = draft_snapshots.artefact_id AND newer.author_id = :author
                                 AND newer.flag IS NULL)
          AND NOT EXISTS (SELECT 1 FROM artefacts WHERE artefacts.id = draft_snapshots.artefact_id)
          AND NOT EXISTS (SELECT 1 FROM discarded_drafts
                          WHERE discarded_drafts.artefact_id = draft_snapshots.artefact_id)
        ORDER BY received_at DESC, id DESC
        """,
        {"author": user["id"]},
    )
    visible: dict[str, bool] = {}
    drafts = []
    for row in rows:
        if row["child_id"] not in visible:
            visible[row["child_id"]] = child_visible_to(db, user, row["child_id"]) is not None
        if visible[row["child_id"]]:
            parts = [
                {
                    "name": part["name"],
                    "media_type": part["media_type"],
                    "data": base64.b64encode(_open_part(row["envelope"], part, parts_dir, keyring)).decode(),
                }
                for part in db.query(
                    "SELECT * FROM draft_snapshot_parts WHERE snapshot_id = ? ORDER BY name", [row["id"]]
                )
            ]
            drafts.append(
                {
                    "id": row["artefact_id"],
                    "kind": row["kind"],
                    "child_id": row["child_id"],
                    "draft_version": row["draft_version"],
                    "document": json.loads(row["document"]),
                    "parts": parts,
                    "received_at": row["received_at"],
                }
            )
    return drafts
