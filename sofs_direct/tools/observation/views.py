"""An observation on the practitioner's pages and in files: the platform's plain record page (the
text as typed, the photos), its timeline entry, and its section in an export.

Main decision: the text is evidence and is shown and exported exactly as typed.
"""

from ...artefacts.export_layout import PHOTO_SIDE, square_photo
from ...platform.dates import long_date
from ...platform.i18n import _

RECORD_TEMPLATE = "records/plain.html"


def photo_names(content: dict) -> list[str]:
    return list(content.get("photos", []))


def timeline_entries(db, child_id: str, rows: list[dict]) -> list[dict]:
    found = []
    for row in rows:
        photos = len(photo_names(row["parsed"]["content"]))
        found.append(
            {
                "id": row["id"],
                "when": row["parsed"]["created_at"],
                "author": row["author"],
                "photos": photos,
                "picture": ("records.photo", {"artefact_id": row["id"], "number": 1}, None) if photos else None,
            }
        )
    return found


def export_name(content: dict) -> str:
    return "observation"


def export_section(db, user, blocks, pictures, work, audience: str) -> None:
    blocks.details([(_("Written on"), long_date(work.document["created_at"])), (_("Worker"), work.author)])
    blocks.text(work.content["text"])
    photos = []
    for number, name in enumerate(work.content["photos"], start=1):
        caption = _("Photo %(number)s", number=number)
        photos.append(
            (
                pictures.add(
                    f"{work.number}/{name}",
                    lambda size_px, name=name: square_photo(work.read(name), size_px),
                    True,
                    caption,
                    name,
                    work.number,
                ),
                caption,
            )
        )
    blocks.pictures(photos, PHOTO_SIDE)


def for_audience(content: dict, audience: str | None) -> list[str]:
    """The worker's own note is the worker's, and is kept for every audience."""
    return []
