"""Shared by the sync tests: real photos made with Pillow, and a census of everything an upload can write."""

import io
from pathlib import Path

from PIL import Image


def photo(kind: str = "JPEG", size=(48, 32), colour="teal") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, kind)
    return buffer.getvalue()


MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def stored(db, parts_dir) -> dict:
    """Every row and file an upload can leave behind, to prove a refusal left nothing."""
    files = sorted(str(path.relative_to(parts_dir)) for path in Path(parts_dir).rglob("*") if path.is_file()) \
        if Path(parts_dir).exists() else []
    return {
        "artefacts": db["artefacts"].count,
        "artefact_parts": db["artefact_parts"].count,
        "draft_snapshots": db["draft_snapshots"].count,
        "draft_snapshot_parts": db["draft_snapshot_parts"].count,
        "artefact_conflicts": db["artefact_conflicts"].count,
        "changes audited": next(db.query("SELECT COUNT(*) AS n FROM audit WHERE action = 'change'"))["n"],
        "part files": files,
    }


NOTHING = {"artefacts": 0, "artefact_parts": 0, "draft_snapshots": 0, "draft_snapshot_parts": 0,
           "artefact_conflicts": 0, "changes audited": 0, "part files": []}
