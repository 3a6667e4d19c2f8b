"""The Kind interface is complete: a kind registered only here (tests/kinds/note) goes through ingest,
its record page, the timeline, search, the audience filter, an assessment and its pack (PDF and
JSON) and retention with no edit to the platform; a kind without its audience filter cannot be
registered; and a kind nobody registers is one answer everywhere: withheld, and no page."""

import json
import re
import types
from datetime import date, timedelta

import pytest

from sofs_direct.artefacts import audience, kinds, retention
from sofs_direct.artefacts.kinds import KINDS, KindIncomplete, register, unregister
from sofs_direct.assessments import signs_of_safety, store
from sofs_direct.exports.pack import gather, pack_pdf
from sofs_direct.exports.pack_json import pack_json
from sofs_direct.exports.pipeline import artefact_export
from sofs_direct.records import search, timeline
from tests.conftest import child_ids, signed_in
from tests.kinds import note
from tests.pdf_reader import pdf_text
from tests.sync_helpers import StoreTablet
from tests.tablet_client import now_iso

SAID = "I like feeding the lambs at Nain's"


@pytest.fixture
def note_kind():
    KINDS.keys()  # the app's kinds first: the registry fills itself when first read
    register(note)
    yield note
    unregister(note.NAME)


def a_note(child_id: str, share) -> dict:
    return {
        "schema": 1,
        "kind": "note",
        "child_id": child_id,
        "created_at": now_iso(),
        "supersedes": None,
        "content": {"said": SAID, "share": share},
    }


def stored(app, db, document: dict) -> str:
    with app.app_context():
        return StoreTablet(db).store(document, app.config["PARTS_DIR"])


def user(db, username):
    return next(db.query("SELECT * FROM users WHERE username = ?", [username]))


def test_a_kind_without_its_audience_filter_cannot_be_registered():
    incomplete = types.ModuleType("incomplete")
    for member in kinds.MEMBERS:
        setattr(incomplete, member, getattr(note, member))
    del incomplete.for_audience
    with pytest.raises(KindIncomplete, match="for_audience"):
        register(incomplete)
    assert note.NAME not in KINDS


def test_a_kind_registered_only_in_the_tests_goes_everywhere_with_no_platform_edit(app, db, note_kind):
    maisie = child_ids(db)["Maisie"]
    worker = user(db, "demo.worker")
    artefact_id = stored(app, db, a_note(maisie, ["conference"]))
    client = signed_in(app, "demo.worker")

    page = client.get(f"/children/{maisie}/records/{artefact_id}")
    assert page.status_code == 200 and SAID.replace("'", "&#39;") in page.get_data(as_text=True)
    with app.test_request_context():
        assert [entry["id"] for entry in timeline.entries(db, maisie, kind="note")] == [artefact_id]
        assert [hit["text"] for hit in search.search(db, worker, "lambs")] == [SAID]
        document = json.loads(next(db.query("SELECT document FROM artefacts WHERE id = ?", [artefact_id]))["document"])
        kept, withheld = audience.for_audience("note", document, "parents")
        assert kept["content"]["said"] == "" and withheld
        assert audience.for_audience("note", document, "conference")[0]["content"]["said"] == SAID

        assessment_id = store.create(db, worker, maisie, "single", date(2027, 3, 27), "LCS-1")
        assessment = store.get(db, maisie, assessment_id)
        store.attach(db, worker, assessment, artefact_id)
        child = next(db.query("SELECT * FROM children WHERE id = ?", [maisie]))
        for who, shown in (("conference", True), ("parents", False)):
            pack = gather(db, child, store.get(db, maisie, assessment_id), who)
            [as_pdf] = pack_pdf(db, worker, pack).files
            assert (SAID in pdf_text(as_pdf.data)) == shown
            [as_json] = pack_json(db, worker, pack).files
            [artefact] = json.loads(as_json.data)["artefacts"]
            assert artefact["kind"] == "note" and bool(artefact["words"]) == shown

    schedule = retention.default_schedule()
    assert schedule.rule_for("note").years == 1
    due = [
        entry
        for entry in retention.due(db, schedule, date.today() + timedelta(days=400))
        if entry.get("artefact_id") == artefact_id
    ]
    with app.app_context():
        assert due and retention.delete_due(db, due, app.config["PARTS_DIR"])["deleted"] == 1
    assert client.get(f"/children/{maisie}/records/{artefact_id}").status_code == 404


def test_attached_work_offers_its_numbers_to_the_scale_once(app, db, note_kind):
    """A kind's scores_offered reach the assessment's scaling: offered with whose number it is, added
    as it was said by one press, and then no longer offered."""
    maisie = child_ids(db)["Maisie"]
    worker = user(db, "demo.worker")
    artefact_id = stored(
        app, db, {**a_note(maisie, ["conference"]), "content": {"said": SAID, "share": [], "number": 7}}
    )
    with app.test_request_context():
        assessment_id = store.create(db, worker, maisie, "single", date(2027, 3, 27), "LCS-1")
        store.attach(db, worker, store.get(db, maisie, assessment_id), artefact_id)
    client = signed_in(app, "demo.worker")
    url = f"/children/{maisie}/assessments/{assessment_id}"
    page = client.get(url).get_data(as_text=True)
    assert "Numbers from the attached work" in page
    assert "Maisie (the child&#39;s own number): 7" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    added = client.post(
        url + "/scores",
        data={"csrf_token": token, "person": "Maisie", "role": "the child's own number", "score": "7", "note": SAID},
    )
    assert added.status_code in (200, 302, 303)
    [score] = signs_of_safety.scores(db, assessment_id)
    assert (score["person"], score["role"], score["score"], score["note"]) == (
        "Maisie",
        "the child's own number",
        7,
        SAID,
    )
    assert "Numbers from the attached work" not in client.get(url).get_data(as_text=True)


def test_a_kind_nobody_registered_is_withheld_everywhere_and_has_no_page(app, db, note_kind):
    maisie = child_ids(db)["Maisie"]
    worker = user(db, "demo.worker")
    artefact_id = stored(app, db, a_note(maisie, ["conference", "parents", "network"]))
    unregister(note.NAME)  # its artefacts stay; the server no longer knows the kind

    assert signed_in(app, "demo.worker").get(f"/children/{maisie}/records/{artefact_id}").status_code == 404
    row = next(db.query("SELECT * FROM artefacts WHERE id = ?", [artefact_id]))
    document = json.loads(row["document"])
    with app.test_request_context():
        for who in ("record", "conference", "parents", "network"):
            kept, withheld = audience.for_audience("note", document, who)
            assert kept["content"] == {} and withheld
        assert artefact_id not in [entry["id"] for entry in timeline.entries(db, maisie)]
        child = next(db.query("SELECT * FROM children WHERE id = ?", [maisie]))
        [exported] = artefact_export(db, worker, child, row, document, "parents", "pdf").files
        assert SAID not in pdf_text(exported.data)
