"""The assessment pack as JSON, for a case-management system that imports data: the schema is
docs/assessment-export.md, and pack_import.py reads the same schema back.

Main decision: the JSON holds what the pack's PDF shows for the same audience (pack.py gathers both),
the child's words each checked against their wish once more; it must fit in one file within the
limit, so its pictures are made smaller in steps, and left out (the PDF has them) only when even the
smallest do not fit — the file says so (`pictures_left_out`).
"""

import base64
import io
import json
from datetime import UTC, date, datetime

from ..artefacts import audience as audiences
from ..artefacts import communication, feedback, voice
from ..artefacts.export_files import Export, ExportFile, ExportTooLarge, file_name, max_bytes, size_text
from ..artefacts.export_layout import JPEG_QUALITY, Blocks, Pictures, Work
from ..artefacts.kinds import kind_of
from ..assessments.rules import scaling_question_of, type_label
from ..platform.i18n import _
from .pack import Pack, pack_base
from .pipeline import details_of, work_blocks

SCHEMA = "sofs-direct/assessment-pack/1"
JSON_PICTURE_PX = (600, 420, 300)  # the JSON's pictures, largest first


def _born(child: dict) -> date | None:
    """The child's date of birth, for the SSDA903 suggestion's "under 4" (None when not recorded)."""
    try:
        return date.fromisoformat(str(child["date_of_birth"])[:10])
    except (KeyError, TypeError, ValueError):
        return None


def _picture_json(pictures: Pictures, name: str, size_px: int | None) -> dict:
    picture = pictures.named[name]
    entry = {"place": picture.place, "caption": picture.caption}
    if size_px is None:
        return entry
    image = pictures.image(name, size_px)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG" if picture.photo else "PNG", **({"quality": JPEG_QUALITY} if picture.photo else {}))
    return {
        **entry,
        "media_type": "image/jpeg" if picture.photo else "image/png",
        "width": image.width,
        "height": image.height,
        "data": base64.b64encode(buffer.getvalue()).decode("ascii"),
    }


def _words_json(work: Work, audience: str) -> list[dict]:
    """The child's words in the (filtered) artefact, as the voice index reads them; each checked
    against its wish once more, so words a kind adds to its index later cannot slip through."""
    return [
        {
            "item": words["item"],
            "place": words["place"],
            "text": words["text"],
            "by": words["by"],
            "share": words["share"],
        }
        for words in voice.items_of(work.kind, work.content)
        if audiences.allows(words["share"], audience)
    ]


def _mapping_json(pack: Pack) -> dict:
    numbers = {work.artefact_id: work.number for work in pack.works}
    columns = {}
    for column, entries in pack.mapping.items():
        columns[column] = [
            {
                "text": entry["text"],
                "by": entry["by"],
                "share": entry["share"],
                "source": None
                if entry["source_artefact_id"] is None
                else {
                    "artefact_id": entry["source_artefact_id"],
                    "item": entry["source_item"],
                    "artefact_number": numbers.get(entry["source_artefact_id"]),
                    "place": entry["place"],
                },
            }
            for entry in entries
        ]
    return columns


def pack_pictures(db, user, pack: Pack) -> Pictures:
    """The pictures each attached artefact shows, by name (laid out as in the PDF, which names them)."""
    pictures = Pictures()
    for work in pack.works:
        work_blocks(db, user, work, pack.audience, Blocks(), pictures)
    return pictures


def pack_document(pack: Pack, pictures: Pictures, picture_px: int | None) -> dict:
    """The pack as the JSON schema says, with pictures at most `picture_px` a side (None: left out)."""
    assessment = pack.assessment
    return {
        "schema": SCHEMA,
        "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "audience": pack.audience,
        "withheld": pack.withheld,
        "notice": audiences.notice(pack.audience, pack.withheld),
        "pictures_left_out": picture_px is None,
        "child": {
            "known_as": pack.child["known_as"],
            "date_of_birth": pack.child["date_of_birth"],
            "case_reference": pack.child["case_reference"],
        },
        "assessment": {
            "id": assessment["id"],
            "type": assessment["type"],
            "type_name": type_label(assessment["type"]),
            "due_on": assessment["due_on"],
            "status": assessment["status"],
            "case_reference": assessment["case_reference"],
            "worker": pack.worker,
        },
        "artefacts": [
            {
                "number": work.number,
                "artefact_id": work.artefact_id,
                "kind": work.kind,
                "kind_name": work.label,
                "created_at": work.document["created_at"],
                "author": work.author,
                "details": [{"label": label, "value": value} for label, value in details_of(work)],
                "communication": communication.as_json(work.document, _born(pack.child)),
                "feedback": feedback.as_json(work.document),  # None for parents and the network
                "words": _words_json(work, pack.audience),
                "pictures": [
                    _picture_json(pictures, name, picture_px)
                    for name, picture in pictures.named.items()
                    if picture.work == work.number
                ],
                "clips": kind_of(work.kind).clips_json(work, pack.audience),
                "consent": kind_of(work.kind).consent_json(work),
                "withheld": work.withheld,
                "analysis": work.analysis,
            }
            for work in pack.works
        ],
        "mapping": _mapping_json(pack),
        "scaling": {
            "question": scaling_question_of(assessment),
            "scores": [
                {"person": score["person"], "role": score["role"], "score": score["score"], "note": score["note"]}
                for score in pack.scores
            ],
        },
    }


def pack_json(db, user, pack: Pack) -> Export:
    """The pack as one JSON file within the limits: pictures smaller in steps, and left out (the PDF
    has them) only when even the smallest do not fit."""
    limit = max_bytes()
    pictures = pack_pictures(db, user, pack)
    for picture_px in (*JSON_PICTURE_PX, None):
        data = json.dumps(pack_document(pack, pictures, picture_px), ensure_ascii=False, indent=1).encode("utf-8")
        if len(data) <= limit:
            return Export(
                [ExportFile(file_name(pack_base(pack), "json"), "application/json", data)],
                withheld=pack.withheld,
                reduced=picture_px != JSON_PICTURE_PX[0],
                pictures_left_out=picture_px is None,
            )
    raise ExportTooLarge(
        _(
            "The words and analysis of this assessment alone are larger than %(size)s, so it "
            "cannot be exported as one JSON file. Export it as PDF.",
            size=size_text(limit),
        )
    )
