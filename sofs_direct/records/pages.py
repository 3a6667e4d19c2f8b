"""A child's direct-work records on the practitioner's pages: the list on the child's page, one
record's page, and its photos. Everything else a kind shows of its records (a session's houses and
sheet, a storyboard's booklet and versions) is the kind's own, in its folder (tools/<kind>/views.py),
on the same blueprint.

Main decision: the list and the page are the platform's, the words on them the kind's: each row
asks its kind how it is listed (`list_entry`: a storyboard lists its versions once) and what its page
shows (`RECORD_TEMPLATE` with `record_context`). A record of a kind this server does not know is a
404 here, as it is everywhere (record_files.record_of), and is left out of the list. The child's
words reach the page only through Jinja's autoescaping, never marked safe.
"""

import json

from flask import Response, abort, g, render_template

from ..artefacts import communication, feedback
from ..artefacts.kinds import kind_of
from ..artefacts.record_files import (
    PICTURE_ON_ITS_OWN,
    ROLES,
    author_name,
    bp,
    done_at,
    kind_label,
    read_part,
    record_of,
    rendered,
)
from ..artefacts.sharing import describe_wish
from ..paper.photos import clean_photo
from ..platform import audit
from ..platform.auth import role_required
from ..platform.dates import long_date
from ..platform.db import get_db
from ..platform.i18n import _l


def for_child(db, child_id: str) -> list[dict]:
    """The child's finalised, unflagged artefacts, newest first, each with what the list shows."""
    rows = list(
        db.query(
            """
        SELECT artefacts.id, artefacts.kind, artefacts.document, artefacts.received_at, users.display_name AS author
        FROM artefacts JOIN users ON users.id = artefacts.author_id
        WHERE artefacts.child_id = ? AND artefacts.flag IS NULL AND artefacts.state = 'finalised'
        ORDER BY json_extract(artefacts.document, '$.created_at') DESC, artefacts.received_at DESC
        """,
            [child_id],
        )
    )
    records = []
    for row in rows:
        document = json.loads(row["document"])
        record = {
            "id": row["id"],
            "kind": row["kind"],
            "label": kind_label(row["kind"]),
            "author": row["author"],
            "day": long_date(done_at(row["kind"], document)),
            "wishes": [],
        }
        listed = kind_of(row["kind"]).list_entry(record, row, document, rows)
        if listed is not None:
            records.append(listed)
    return records


def photo_names(kind: str, content: dict) -> list[str]:
    return kind_of(kind).photo_names(content)


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>")
@audit.described_as(view=_l("Viewed %(record)s"))
@role_required(*ROLES)
def record_page(child_id, artefact_id):
    db = get_db()
    row, document = record_of(db, g.child["id"], artefact_id)
    kind = kind_of(row["kind"])
    context = {
        "child": g.child,
        "record": row,
        "document": document,
        "content": document["content"],
        "author": author_name(db, row),
        "label": kind_label(row["kind"]),
        "describe_wish": describe_wish,
        "conveyed": communication.facts(document),
        "feedback": feedback.facts(document),
    }
    context.update(kind.record_context(db, row, document, context))
    return render_template(kind.RECORD_TEMPLATE, **context)


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/photos/<int:number>.jpg")
@audit.part_of_page(on_its_own=PICTURE_ON_ITS_OWN)
@role_required(*ROLES)
def photo(child_id, artefact_id, number):
    """A photo of the artefact (numbered from 1 in the order the content names them), cleaned of
    its metadata."""
    db = get_db()
    row, document = record_of(db, g.child["id"], artefact_id)
    names = photo_names(row["kind"], document["content"])
    if not 1 <= number <= len(names):
        abort(404)
    name = names[number - 1]
    data = rendered((row["id"], "photo", name), lambda: clean_photo(read_part(db, row, name)))
    return Response(data, mimetype="image/jpeg")
