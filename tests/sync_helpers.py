"""Shared by the sync tests: real photos made with Pillow, and a census of everything an upload can write."""

import io
import threading
from pathlib import Path

from PIL import Image


def photo(kind: str = "JPEG", size=(48, 32), colour="teal") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, kind)
    return buffer.getvalue()


MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def stored(db, parts_dir) -> dict:
    """Every row and file an upload can leave behind, to prove a refusal left nothing."""
    files = (
        sorted(str(path.relative_to(parts_dir)) for path in Path(parts_dir).rglob("*") if path.is_file())
        if Path(parts_dir).exists()
        else []
    )
    return {
        "artefacts": db["artefacts"].count,
        "artefact_parts": db["artefact_parts"].count,
        "draft_snapshots": db["draft_snapshots"].count,
        "draft_snapshot_parts": db["draft_snapshot_parts"].count,
        "artefact_conflicts": db["artefact_conflicts"].count,
        "changes audited": next(db.query("SELECT COUNT(*) AS n FROM audit WHERE action = 'change'"))["n"],
        "part files": files,
    }


NOTHING = {
    "artefacts": 0,
    "artefact_parts": 0,
    "draft_snapshots": 0,
    "draft_snapshot_parts": 0,
    "artefact_conflicts": 0,
    "changes audited": 0,
    "part files": [],
}


def scribble(offset: int = 0) -> bytes:
    """A small real drawing in the ink format (docs/ink.md): one stroke and a fill of a region."""
    from sofs_direct.paper import ink

    return ink.encode(
        [
            {
                "op": "stroke",
                "tool": "pen",
                "colour": 1,
                "size": 2,
                "pressure": False,
                "t": 0,
                "points": [(400 + 40 * n + offset, 600 + 25 * n, 0, 16 * n) for n in range(40)],
            },
            {"op": "fill", "region": 1, "colour": 3, "t": 900},
        ]
    )


class StoreTablet:
    """A registered tablet that hands its uploads straight to the server's ingest (no HTTP): for tests
    and benchmarks that need real, stored artefacts of a worker's children."""

    def __init__(self, db, username: str = "demo.worker", name: str = "Blue tablet"):
        from sofs_direct.platform import devices

        self.db = db
        self.user = next(db.query("SELECT * FROM users WHERE username = ?", [username]))
        self.device_id, _ = devices.register(db, self.user["id"], name)
        self.seq = 0

    def upload(self, document, parts=(), **options):
        from sofs_direct.artefacts import sealing
        from tests.tablet_client import make_upload

        self.seq += 1
        return make_upload(sealing.server_key(), self.device_id, self.seq, document, parts, **options)

    def ingest(self, upload, parts_dir):
        from sofs_direct.artefacts.ingest import ingest

        envelope, sealed_parts = upload.wire()
        return ingest(self.db, self.user, envelope, upload.sealed_payload, sealed_parts, parts_dir)

    def store(self, document, parts_dir, parts=()) -> str:
        """Store a finalised artefact; returns its id (the test fails if it was not stored)."""
        upload = self.upload(document, parts)
        receipt = self.ingest(upload, parts_dir)
        assert receipt.status == "stored", receipt
        return upload.envelope["id"]

    def store_unchecked(self, document, parts_dir, parts=()) -> str:
        """Store a finalised artefact as a server from before a kind's newer check stored it: the
        rows and files the ingest writes (store.store_upload, and what the ingest does after), with the
        transport checks but without the kind's checks. For artefacts already stored that a check
        added later would refuse: they must still open and display. Returns its id."""
        from sofs_direct.artefacts import voice
        from sofs_direct.artefacts.kinds import KINDS
        from sofs_direct.artefacts.opening import Content, open_upload
        from sofs_direct.artefacts.store import store_upload
        from sofs_direct.platform.db import write
        from tests.tablet_client import canonical_json

        upload = self.upload(document, parts)
        envelope = upload.envelope
        sent, sent_parts = upload.wire()
        opened = open_upload(self.db, self.user, sent, upload.sealed_payload, sent_parts)
        content = Content(canonical_json(document).decode("utf-8"), document)
        with write(self.db):
            row = store_upload(self.db, self.user, opened, content, None, None, Path(parts_dir))
            on_stored = getattr(KINDS[envelope["kind"]], "on_stored", None)
            if on_stored is not None:
                on_stored(self.db, row, document)
            voice.index(self.db, row["id"], row["child_id"], row["kind"], document)
        return envelope["id"]


def refused_and_kept(tablet, document, parts_dir, parts=()):
    """What a kind's checks refuse, both ways (docs/sync.md, "What the server refuses"): as a draft,
    which the tablet can still change, it is refused (422) and nothing is stored; finished, it is
    stored all the same for the manager's review, with the same reason, and stays out of the record.
    Returns the draft's refusal."""
    import pytest

    from sofs_direct.artefacts import voice
    from sofs_direct.artefacts.envelope import IngestRefused

    before = stored(tablet.db, parts_dir)
    with pytest.raises(IngestRefused) as refusal:
        tablet.ingest(tablet.upload(document, parts, state="draft", draft_version=1), parts_dir)
    assert stored(tablet.db, parts_dir) == before  # nothing half-stored
    receipt = tablet.ingest(tablet.upload(document, parts), parts_dir)
    assert receipt.status == "needs review" and receipt.review == refusal.value.message, receipt
    row = next(tablet.db.query("SELECT flag, review_reason FROM artefacts WHERE id = ?", [receipt.id]))
    assert row == {"flag": "needs_review", "review_reason": refusal.value.message}
    assert voice.items_for_artefact(tablet.db, receipt.id) == []
    return refusal.value


def send_together(senders, upload) -> list:
    """The same upload from every sender at the same moment, each on its own thread and connection:
    their answers, in the senders' order (the exactly-once tests: one row, a receipt for each)."""
    start = threading.Barrier(len(senders))
    answers = [None] * len(senders)

    def send(index):
        start.wait()
        answers[index] = senders[index].upload(upload)

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(senders))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers
