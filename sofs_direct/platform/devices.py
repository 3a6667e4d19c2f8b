"""Devices: one tablet's registration for one practitioner, and revoking it when a tablet is lost.

Main decision: the server hands out the device secret once, at registration, and keeps only its
SHA-256 — it never needs the secret back (the tablet mixes it into its local key, docs/sync.md), so a
copy of the store does not help anyone open a tablet. A revoked device is not refused: what it sends
is stored and quarantined for the manager (never lost, never in the record), and the tablet is told
`quarantined` so it stops resending.

Revoking a tablet also ends every sign-in it used (the seams issue: the same browser session went on
reading children to carry, drafts and record pages after revocation). The server cannot see a tablet
behind a cookie, so it remembers which sign-ins each tablet used: the one it registered in, every one
it uploaded in, and every one whose API calls named it (the tablet's `X-Sofs-Device` header).

Each device also holds two credentials of its own (issue 18; docs/security.md, "The tablet's sending
and the worker's session"), stored as SHA-256 only: an upload token, which may only send the device's
work, and a session key, which the tablet keeps under its local key and shows to prove its app is
unlocked. Issuing them again replaces both, so only the tablet that last received them holds them.

At each contact a tablet reports how many items wait in its outbox and how old the oldest is (issue
20; docs/sync.md, "What the tablet reports"), so a manager sees a tablet at risk: numbers only, never
what the items hold. A report that is not two bounded whole numbers is ignored, never an error: it is
a courtesy, and a tablet must never be refused its work over it.
"""

import base64
import hashlib
import re
import secrets
import uuid
from datetime import UTC, datetime, timedelta

from .db import utcnow, write

NAME_MAX = 60
SECRET_BYTES = 32
# A tablet's outbox holds far fewer than this; anything larger is not a count, and is ignored.
UNSENT_MAX = 100_000
UNSENT_AGE_MAX_SECONDS = 20 * 366 * 24 * 3600
_WHOLE_NUMBER = re.compile(r"[0-9]{1,10}")
# A report that changes nothing is written at most this often: every call a tablet makes reports, and
# "last seen" only needs to be right to the hour for a manager counting days.
UNCHANGED_REPORT_EVERY = timedelta(minutes=10)


def register(db, user_id: int, name: str = "", login_session_id: int | None = None) -> tuple[str, str]:
    """A new device for `user_id`; returns (device_id, device_secret). The secret is shown only here."""
    device_id = str(uuid.uuid4())
    secret = secrets.token_bytes(SECRET_BYTES)
    with write(db):
        db.execute(
            "INSERT INTO devices (id, user_id, name, secret_sha256, registered_at) VALUES (?, ?, ?, ?, ?)",
            [device_id, user_id, name, hashlib.sha256(secret).hexdigest(), utcnow()],
        )
        link_session(db, device_id, login_session_id)
    return device_id, base64.urlsafe_b64encode(secret).rstrip(b"=").decode("ascii")


def issue_credentials(db, device_id: str) -> tuple[str, str]:
    """New (upload_token, session_key) for a device, replacing any it had; shown only here. Call inside
    the caller's write transaction. 256 random bits each (OWASP: session identifiers of at least 64
    bits of entropy; these are long-lived, so more)."""
    upload_token = secrets.token_urlsafe(SECRET_BYTES)
    session_key = secrets.token_urlsafe(SECRET_BYTES)
    db.execute(
        "UPDATE devices SET upload_token_sha256 = ?, session_key_sha256 = ? WHERE id = ?",
        [_sha256(upload_token), _sha256(session_key), device_id],
    )
    return upload_token, session_key


def by_upload_token(db, upload_token: str) -> dict | None:
    """The device an upload token belongs to (revoked or not: the caller decides), or None."""
    return next(db.query("SELECT * FROM devices WHERE upload_token_sha256 = ?", [_sha256(upload_token)]), None)


def session_key_matches(device: dict, session_key: str) -> bool:
    expected = device["session_key_sha256"]
    return expected is not None and secrets.compare_digest(expected, _sha256(session_key))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def link_session(db, device_id: str, login_session_id: int | None) -> None:
    """Remember that this sign-in is used by this tablet. Call inside the caller's write transaction."""
    if login_session_id is not None:
        db.execute(
            "INSERT OR IGNORE INTO device_sessions (device_id, login_session_id) VALUES (?, ?)",
            [device_id, login_session_id],
        )


def session_linked(db, device_id: str, login_session_id: int) -> bool:
    return (
        next(
            db.query(
                "SELECT 1 FROM device_sessions WHERE device_id = ? AND login_session_id = ?",
                [device_id, login_session_id],
            ),
            None,
        )
        is not None
    )


def has_locking_tablet(db, login_session_id: int) -> bool:
    """Whether a live tablet that can prove its app unlocked uses this sign-in (its lock then applies)."""
    return (
        next(
            db.query(
                "SELECT 1 FROM device_sessions JOIN devices ON devices.id = device_sessions.device_id"
                " WHERE device_sessions.login_session_id = ? AND devices.revoked_at IS NULL"
                " AND devices.session_key_sha256 IS NOT NULL",
                [login_session_id],
            ),
            None,
        )
        is not None
    )


def get(db, device_id: str) -> dict | None:
    return next(db.query("SELECT * FROM devices WHERE id = ?", [device_id]), None)


def for_user(db, user_id: int) -> list[dict]:
    """A person's devices, newest first, with the name of whoever revoked each."""
    return list(
        db.query(
            """
        SELECT devices.*, revoker.display_name AS revoked_by_name
        FROM devices LEFT JOIN users AS revoker ON revoker.id = devices.revoked_by
        WHERE devices.user_id = ? ORDER BY devices.registered_at DESC, devices.id
        """,
            [user_id],
        )
    )


def revoke(db, device_id: str, revoked_by: int) -> bool:
    """Revoke a device (admin) and end every sign-in it used; returns False if it was already revoked
    or does not exist."""
    now = utcnow()
    with write(db):
        cursor = db.execute(
            "UPDATE devices SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL",
            [now, revoked_by, device_id],
        )
        db.execute(
            "UPDATE login_sessions SET ended_at = ?, end_reason = 'revoked' WHERE ended_at IS NULL AND id IN"
            " (SELECT login_session_id FROM device_sessions WHERE device_id = ?)",
            [now, device_id],
        )
    return cursor.rowcount == 1


def touch(db, device_id: str) -> None:
    """Record that the device was heard from. Call inside the caller's write transaction."""
    db.execute("UPDATE devices SET last_seen_at = ? WHERE id = ?", [utcnow(), device_id])


def unsent_report(count: str | None, age_seconds: str | None) -> tuple[int, int] | None:
    """(unsent items, age in seconds of the oldest) from a tablet's two reported numbers, or None when
    they are not bounded whole numbers (no age is needed when nothing is unsent)."""
    if count is None or not _WHOLE_NUMBER.fullmatch(count) or int(count) > UNSENT_MAX:
        return None
    if int(count) == 0:
        return 0, 0
    if age_seconds is None or not _WHOLE_NUMBER.fullmatch(age_seconds) or int(age_seconds) > UNSENT_AGE_MAX_SECONDS:
        return None
    return int(count), int(age_seconds)


def report_time() -> str:
    """Now, to the microsecond: reports are ordered by it (record_unsent), and two calls of one
    tablet often fall within the same second."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def record_unsent(db, device: dict, count: int, age_seconds: int, as_of: str | None = None) -> None:
    """Keep what the device just reported, as of `as_of` (when the call reached the server, or when a
    receipt took an item off the tablet's hands), and that it was seen. A report older than the one
    kept is dropped: calls finish out of order, and the last to finish is not always the newest word.
    The oldest item's time is the server's now less the reported age, so a tablet whose clock is
    wrong still reports rightly."""
    as_of = as_of or report_time()
    now = datetime.now(UTC).replace(microsecond=0)
    oldest = (now - timedelta(seconds=age_seconds)).isoformat() if count else None
    if device.get("reported_at") and device["unsent_count"] == count:
        same_oldest = oldest is None or (
            device["oldest_unsent_at"] is not None
            and abs(datetime.fromisoformat(device["oldest_unsent_at"]) - datetime.fromisoformat(oldest))
            < timedelta(minutes=1)
        )
        if same_oldest and now - datetime.fromisoformat(device["reported_at"]) < UNCHANGED_REPORT_EVERY:
            return
    with write(db):
        db.execute(
            "UPDATE devices SET unsent_count = ?, oldest_unsent_at = ?, reported_at = ?, last_seen_at = ?"
            " WHERE id = ? AND (reported_at IS NULL OR reported_at <= ?)",
            [count, oldest, as_of, now.isoformat(), device["id"], as_of],
        )
