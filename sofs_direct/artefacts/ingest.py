"""Artefacts arriving from tablets: checking, storing exactly once, and the receipt.

Main decision: the server never refuses finished work it can open (docs/sync.md, "What the server
refuses"; the seams issue, #13). `ingest` separates two kinds of problem:
- *transport* problems, which a resend fixes — the envelope's shape, the device, a length or hash,
  a seal that does not open (a bit flipped in transit) — refuse the upload with `IngestRefused`
  (4xx) before anything is written, and the tablet keeps the item and sends it again later;
- *content* problems — a document or part the kind's checks refuse — refuse a draft (the tablet can
  still change it), but a *finalised* artefact that decrypts and matches its hashes is stored all the
  same, flagged `needs_review` with the readable reason, out of the record, for the team manager
  (as ODK Central keeps what a device sends and flags the problem instead of bouncing it). A sealed
  artefact cannot be changed on the tablet, so refusing it would strand a child's work for ever.

Everything that can refuse runs *before* the write lock (envelope.py, opening.py), except what must be
read under it: whether the id is already used (by this author: "already stored" or a conflict; by
someone else: refused, an id a tablet sends never grants anything), so two copies of the same upload
racing each other are serialised: the first stores, the second finds it.

The same artefact is "the same" when its payload (the plaintext document) and its parts' plaintext
hashes are the same; sealed bytes may differ between attempts (a fresh IV), and are not compared.
A different copy under the same id is never applied: it is kept whole in `artefact_conflicts`.

An upload naming a child this server does not have is answered exactly as one naming a child the
author may not see, and kept aside sealed (`unmatched_uploads`): the answer never tells whether a
child id exists.

The audit row for a stored artefact is written in the same transaction as the artefact (the rows and
part files are written by store.py), so an artefact is never stored unaudited.
"""

from dataclasses import dataclass, field
from pathlib import Path

from ..platform import audit, devices
from ..platform.children import child_visible_to
from ..platform.db import utcnow
from ..platform.durability import receipt_write
from ..platform.i18n import _
from . import sealed_envelope, sealing, voice
from .envelope import (
    BOUND_FIELDS,
    BOUND_PART_FIELDS,
    KIND_NAME,
    NUMBER_MAX,
    IngestRefused,
    bad,
    exact_fields,
    is_time,
    is_uuid,
    is_whole,
)
from .kinds import KINDS
from .opening import Content, check_content, open_upload
from .store import (
    child_exists,
    keep_conflict,
    part_identity,
    store_unmatched,
    store_upload,
    stored_copy,
    write_parts_ahead,
)

# Protocol 1 tablets seal without binding the envelope and check receipts "sofs-direct/1"; protocol 2
# tablets bind it (sealing.BOUND_ALGORITHM) and check every envelope field the receipt echoes.
RECEIPT_VERSIONS = {sealing.ALGORITHM: "sofs-direct/1", sealing.BOUND_ALGORITHM: "sofs-direct/2"}
# Tablets that seal the envelope too (sealed_envelope.py) keep in clear only the id, the device, the
# sequence number and the sealed hashes, and check a receipt "sofs-direct/3" against those.
SEALED_FORM_RECEIPT = "sofs-direct/3"
# The statuses a protocol 1 tablet knows: it would treat "needs review" as "not sent" and resend it,
# so it is told what the work is to it — kept aside for the manager, as a revoked tablet's is.
V1_STATUS = {"needs review": "quarantined"}


@dataclass
class Receipt:
    """The answer to an upload, once what it says is durable (docs/sync.md, "The receipt")."""

    envelope: dict
    status: str  # "stored", "already stored", "quarantined", "needs review" or "conflict"
    review: str | None = None  # why it waits for the manager ("needs review" only)
    server_time: str = field(default_factory=utcnow)
    form: int = 1  # the envelope's form as it arrived (2: sealed_envelope.py)

    @property
    def id(self) -> str:
        return self.envelope["id"]

    @property
    def protocol(self) -> int:
        if self.form == sealed_envelope.FORM:
            return 3
        return 2 if self.envelope["sealed"]["alg"] == sealing.BOUND_ALGORITHM else 1

    def as_json(self) -> dict:
        envelope = self.envelope
        if self.protocol == 1:
            return {
                "receipt": RECEIPT_VERSIONS[sealing.ALGORITHM],
                "id": envelope["id"],
                "state": envelope["state"],
                "draft_version": envelope["draft_version"],
                "status": V1_STATUS.get(self.status, self.status),
                "payload_sha256": envelope["payload_sha256"],
                "sealed_sha256": envelope["sealed_sha256"],
                "parts": [
                    {"name": part["name"], "sha256": part["sha256"], "sealed_sha256": part["sealed_sha256"]}
                    for part in envelope["parts"]
                ],
                "server_time": self.server_time,
            }
        if self.protocol == 3:
            # What the tablet still has in clear. The sealed hashes are of the bytes this server opened
            # and checked, and the payload's tag covers the sealed metadata's fields: they prove it all.
            return {
                "receipt": SEALED_FORM_RECEIPT,
                **{name: envelope[name] for name in sealed_envelope.CLEAR_FIELDS},
                "sealed_sha256": envelope["sealed_sha256"],
                "parts": [{"sealed_sha256": part["sealed_sha256"]} for part in envelope["parts"]],
                "status": self.status,
                "review": self.review,
                "server_time": self.server_time,
            }
        # Protocol 2 echoes every envelope field the tablet checks, so a bit flipped in any of them on
        # the way back is noticed as surely as one on the way there.
        echoed = {name: envelope[name] for name in BOUND_FIELDS}
        return {
            "receipt": RECEIPT_VERSIONS[sealing.BOUND_ALGORITHM],
            **echoed,
            "sealed_sha256": envelope["sealed_sha256"],
            "parts": [
                {**{name: part[name] for name in BOUND_PART_FIELDS}, "sealed_sha256": part["sealed_sha256"]}
                for part in envelope["parts"]
            ],
            "status": self.status,
            "review": self.review,
            "server_time": self.server_time,
        }


class Conflict(IngestRefused):
    """A different copy under an id already stored: kept for review, answered 409 with a receipt
    (docs/sync.md, "Conflicts are receipts") — the server holds both copies, so the tablet may let go."""

    def __init__(self, receipt: Receipt):
        super().__init__(
            409,
            "conflict",
            _("A different version of this artefact is already stored. Both are kept; your manager will review them."),
        )
        self.receipt = receipt


# Who first used an artefact's id, wherever the server keeps what arrived under it. The id is theirs:
# an id a tablet sends never grants anything, so another author's upload under it is refused and the
# owner's draft, artefact or conflict copy is untouched (the seams issue: a finalised artefact sent
# under someone else's draft id made the draft disappear).
OWNERS_SQL = """
    SELECT author_id FROM artefacts WHERE id = :id
    UNION SELECT author_id FROM draft_snapshots WHERE artefact_id = :id
    UNION SELECT user_id FROM artefact_conflicts WHERE artefact_id = :id
    UNION SELECT author_id FROM unmatched_uploads WHERE artefact_id = :id
    UNION SELECT author_id FROM discarded_drafts WHERE artefact_id = :id
"""


def claim_id(db, user, artefact_id: str) -> None:
    """Refuse (403) an id another author already used; call under the write lock."""
    if any(row["author_id"] != user["id"] for row in db.query(OWNERS_SQL, {"id": artefact_id})):
        raise IngestRefused(
            403, "not_yours", _("This id is already used by someone else's work. Nothing was stored."), field="id"
        )


def _audit(
    db, user, login_session_id, child_id: str | None, what: str, ip: str | None, record_id: str | None = None
) -> None:
    audit.append(db, user["id"], login_session_id, "change", child_id, what, ip, record_id)


STATUS_OF_FLAG = {
    None: "stored",
    "not_allocated": "stored",
    "quarantined": "quarantined",
    "needs_review": "needs review",
}


def _hold(db, user, envelope: dict, content: Content, child_known: bool) -> tuple[str | None, str | None]:
    """(flag, review reason) for a new upload: kept out of the record, and why, or (None, None).

    The order matters: a revoked tablet's work is quarantined whatever it holds; then what the
    checks found; then whether the author may see the child — answered the same for a child this
    server does not have, so the answer tells nobody which ids exist; and last the kind's own
    question about the store (a network state naming a network that belongs to other children)."""
    if devices.get(db, envelope["device_id"])["revoked_at"]:  # read again under the lock
        return "quarantined", None  # a lost tablet's uploads: kept for the manager, out of the record
    if content.problem:
        return "needs_review", content.problem
    if not child_known or child_visible_to(db, user, envelope["child_id"]) is None:
        return "not_allocated", None  # reallocated while the tablet was offline: never lost, never shown
    reason = KINDS[envelope["kind"]].review_reason(db, user, content.document)
    if reason is None:
        return None, None
    if envelope["state"] == "draft":  # the tablet can still change a draft: refuse it, store nothing
        raise IngestRefused(403, "not_allowed", reason, state="draft")
    return "needs_review", str(reason)


def ingest(
    db,
    user,
    envelope: dict,
    sealed_payload: bytes,
    sealed_parts: dict[str, bytes],
    parts_dir: Path,
    *,
    envelope_text: str | None = None,
    artefact_id: str | None = None,
    login_session_id: int | None = None,
    ip: str | None = None,
    keyring: sealing.Keyring | None = None,
    sealed_sha256=None,
) -> Receipt:
    """Steps 2–8 of docs/sync.md: check everything, then store once; the receipt only after COMMIT.

    Raises IngestRefused for what is refused, and Conflict (409, with its receipt) for a different
    second copy, after that copy has been kept. `sealed_sha256` (framing.Framed's) gives the hashes
    taken while the sealed bytes arrived, so they are not computed twice."""
    opened = open_upload(
        db,
        user,
        envelope,
        sealed_payload,
        sealed_parts,
        envelope_text=envelope_text,
        artefact_id=artefact_id,
        keyring=keyring,
        sealed_sha256=sealed_sha256,
    )
    content = check_content(opened)
    envelope = opened.envelope  # the whole envelope, the second form's sealed fields opened
    parts_dir = Path(parts_dir)
    final = envelope["state"] == "finalised"
    conflict = False
    if final or not content.problem:  # a draft refused for its content stores nothing
        claim_id(db, user, envelope["id"])  # asked again under the lock: here, so no file is written for it
        write_parts_ahead(parts_dir, opened)
    # The receipt is answered only once what it says is durable: committed, then flushed together
    # with the uploads committed alongside it (durability.py, group commit).
    with receipt_write(db):
        claim_id(db, user, envelope["id"])
        existing, existing_parts = stored_copy(db, envelope)
        devices.touch(db, envelope["device_id"])
        devices.link_session(db, envelope["device_id"], login_session_id)  # revoking it ends this sign-in
        child_known = child_exists(db, envelope["child_id"])
        if existing is not None:
            # Looked up before the content is judged: an upload the server already holds is never
            # refused when it comes again (its first answer may have been lost on the way).
            if existing["payload_sha256"] == envelope["payload_sha256"] and existing_parts == part_identity(
                envelope["parts"]
            ):
                review = existing["review_reason"] if existing["flag"] == "needs_review" else None
                return Receipt(envelope, "already stored", review, form=opened.form)
            conflict = True
            if keep_conflict(db, user, opened, content, parts_dir):
                _audit(
                    db,
                    user,
                    login_session_id,
                    envelope["child_id"] if child_known else None,
                    "artefact conflict kept",
                    ip,
                )
        else:
            if content.problem and not final:  # a draft can still be changed on the tablet: refuse it
                raise IngestRefused(422, content.error, content.problem, state="draft")
            flag, review = _hold(db, user, envelope, content, child_known)
            what = "artefact stored" if final else "draft snapshot stored"
            if child_known:
                row = store_upload(db, user, opened, content, flag, review, parts_dir)
                if final and flag is None:
                    # Derived tables, in this same transaction.
                    KINDS[envelope["kind"]].on_stored(db, row, content.document)
                    voice.index(db, row["id"], row["child_id"], row["kind"], content.document)
                _audit(
                    db,
                    user,
                    login_session_id,
                    envelope["child_id"],
                    what + (f" ({flag})" if flag else ""),
                    ip,
                    envelope["id"] if final else None,
                )  # the audit page names the work it stored
            else:
                store_unmatched(db, user, opened, flag, review, parts_dir)
                _audit(db, user, login_session_id, None, what + " for a child this server does not have", ip)
            status = STATUS_OF_FLAG[flag]
    if conflict:
        raise Conflict(Receipt(envelope, "conflict", form=opened.form))
    return Receipt(envelope, status, review, form=opened.form)


# --- a draft discarded on the tablet ---------------------------------------------------------------

NOTICE_FIELDS = {"id", "kind", "child_id", "device_id", "device_seq", "discarded_at"}


def discard(
    db,
    user,
    notice,
    artefact_id: str,
    login_session_id: int | None = None,
    ip: str | None = None,
    keyring: sealing.Keyring | None = None,
) -> dict:
    """Record that the author discarded a draft on the tablet (docs/sync.md, "A discarded draft").

    The sequence number it took has then arrived, so the manager is not told it is missing, and its
    snapshots already here are kept (they may hold a child's words) but no longer offered to carry
    on elsewhere. Idempotent; a draft that was finalised meanwhile stays as it is."""
    if not isinstance(notice, dict):
        raise bad("notice", _("The notice must be a JSON object"))
    if sealed_envelope.is_sealed_form(notice):  # its kind, child and time sealed: opened, then as before
        notice = sealed_envelope.open_notice(notice, keyring)
    exact_fields(notice, NOTICE_FIELDS, "notice")
    for name in ("id", "child_id", "device_id"):
        if not is_uuid(notice[name]):
            raise bad(name, _("%(field)s must be a UUID in lowercase", field=name))
    if notice["id"] != artefact_id:
        raise bad("id", _("id must equal the artefact id in the address"))
    if not isinstance(notice["kind"], str) or not KIND_NAME.fullmatch(notice["kind"]):
        raise bad("kind", _("%(field)s must be the name of a kind of artefact", field="kind"))
    if not is_whole(notice["device_seq"], 1, NUMBER_MAX):
        raise bad("device_seq", _("%(field)s must be a whole number from 1", field="device_seq"))
    if not is_time(notice["discarded_at"]):
        raise bad("discarded_at", _("%(field)s must be a date and time with its time zone", field="discarded_at"))
    device = devices.get(db, notice["device_id"])
    if device is None or device["user_id"] != user["id"]:
        raise IngestRefused(
            400, "unknown_device", _("This tablet is not registered to you. Register it again."), field="device_id"
        )
    with receipt_write(db):  # its answer is a receipt too: durable first
        claim_id(db, user, notice["id"])
        devices.touch(db, notice["device_id"])
        if next(db.query("SELECT 1 FROM artefacts WHERE id = ?", [notice["id"]]), None):
            status = "already finalised"
        elif next(db.query("SELECT 1 FROM discarded_drafts WHERE artefact_id = ?", [notice["id"]]), None):
            status = "already discarded"
        else:
            db.execute(
                "INSERT INTO discarded_drafts (artefact_id, kind, child_id, author_id, device_id, device_seq,"
                " discarded_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    notice["id"],
                    notice["kind"],
                    notice["child_id"],
                    user["id"],
                    notice["device_id"],
                    notice["device_seq"],
                    notice["discarded_at"],
                    utcnow(),
                ],
            )
            known = child_exists(db, notice["child_id"])
            _audit(
                db, user, login_session_id, notice["child_id"] if known else None, "draft discarded on the tablet", ip
            )
            status = "discarded"
    return {
        "receipt": RECEIPT_VERSIONS[sealing.BOUND_ALGORITHM],
        "id": notice["id"],
        "state": "discarded",
        "device_id": notice["device_id"],
        "device_seq": notice["device_seq"],
        "status": status,
        "server_time": utcnow(),
    }
