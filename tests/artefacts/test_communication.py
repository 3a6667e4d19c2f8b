"""How the child's views were conveyed (sofs_direct/artefacts/communication.py): a session records the
ways the child communicated, the worker's note, symbol mode and the child's read-back answer; the
server refuses a record it cannot read as a draft and keeps a finished one for review; the record
page and every export say how the child's views were conveyed (the note not to parents or the
network); the JSON pack suggests the SSDA903 participation code, labelled as a suggestion only;
work from a tablet that does not record it says nothing about it."""

import json
from datetime import date

import pytest

from sofs_direct.artefacts import communication, contracts
from sofs_direct.artefacts.envelope import IngestRefused
from sofs_direct.artefacts.record_files import record_of
from sofs_direct.assessments import store
from sofs_direct.exports.pack import gather, pack_pdf
from sofs_direct.exports.pack_json import pack_json
from sofs_direct.exports.pipeline import artefact_export
from sofs_direct.platform.invalid import DocumentInvalid
from tests.conftest import signed_in
from tests.pages.test_records import Records
from tests.pdf_reader import pdf_text
from tests.sync_helpers import StoreTablet, refused_and_kept
from tests.tablet_client import three_houses, word

NOTE = "Used Makaton for 'home' and 'sad'; her TA Sam helped."
CONVEYED = {"ways": ["symbols", "pointing"], "note": NOTE, "symbols": True, "read_back": "agreed"}


def with_communication(document: dict, value=None) -> dict:
    return {**document, "communication": CONVEYED if value is None else value}


@pytest.fixture
def records(app, db):
    with app.app_context():
        return Records(app, db)


def test_the_contract_is_the_servers():
    """One file for both sides: the boxes' order on the tablet is the server's order of the ways."""
    assert contracts.communication() == {
        "ways": list(communication.WAYS),
        "note_max": communication.NOTE_MAX,
        "read_back": list(communication.READ_BACK),
    }


@pytest.mark.parametrize(
    "value, reason",
    [
        ("spoke", "must have exactly"),
        ({**CONVEYED, "extra": 1}, "must have exactly"),
        ({**CONVEYED, "ways": ["sang"]}, "must be a list of"),
        ({**CONVEYED, "ways": "spoke"}, "must be a list of"),
        ({**CONVEYED, "ways": ["spoke", "spoke"]}, "same way twice"),
        ({**CONVEYED, "note": "x" * (communication.NOTE_MAX + 1)}, "characters or fewer"),
        ({**CONVEYED, "note": "bell\u0007"}, "special characters"),
        ({**CONVEYED, "symbols": "yes"}, "true or false"),
        ({**CONVEYED, "read_back": "maybe"}, "read-back"),
    ],
)
@pytest.mark.usefixtures("app_context")
def test_a_record_it_cannot_read_is_refused_in_a_sentence(value, reason):
    with pytest.raises(DocumentInvalid) as refused:
        communication.check(value)
    assert reason in str(refused.value.reason)


@pytest.mark.usefixtures("app_context")
def test_the_ways_in_any_order_and_every_answer_are_taken():
    for ways in ([], ["pointing", "symbols"], list(communication.WAYS), list(reversed(communication.WAYS))):
        for read_back in (None, *communication.READ_BACK):
            communication.check({**CONVEYED, "ways": ways, "read_back": read_back})


def test_a_draft_it_cannot_read_is_refused_and_a_finished_one_kept_for_review(app, db, records):
    tablet = StoreTablet(db)
    document = with_communication(three_houses(records.children["Maisie"]), {**CONVEYED, "ways": ["sang"]})
    with app.app_context():
        refusal = refused_and_kept(tablet, document, app.config["PARTS_DIR"])
    assert "How the child communicated must be a list of" in refusal.message
    with pytest.raises(IngestRefused), app.app_context():  # an outer field the server does not know: refused
        tablet.ingest(
            tablet.upload({**document, "mood": "happy"}, state="draft", draft_version=1), app.config["PARTS_DIR"]
        )


def session_with(records, value=None, child="Maisie"):
    document = three_houses(
        records.children[child],
        houses={"good": {"words": [word("w1", "I like my bedroom", share=["parents"])]}},
    )
    return records.sync(document if value is False else with_communication(document, value))


def test_the_record_page_says_how_the_childs_views_were_conveyed(app, records):
    maisie = records.children["Maisie"]
    artefact_id = session_with(records)
    page = signed_in(app, "demo.worker").get(f"/children/{maisie}/records/{artefact_id}").get_data(as_text=True)
    assert "How the child&#39;s views were conveyed" in page
    assert "Used symbols, Pointing or eye-gaze" in page
    assert "Used Makaton for &#39;home&#39; and &#39;sad&#39;; her TA Sam helped." in page
    assert "yes, that&#39;s right" in page
    older = session_with(records, False)
    page = signed_in(app, "demo.worker").get(f"/children/{maisie}/records/{older}").get_data(as_text=True)
    assert "How the child&#39;s views were conveyed" not in page  # never "did not communicate"


def test_every_export_says_it_and_the_note_stays_with_professionals(app, db, records):
    maisie = records.children["Maisie"]
    artefact_id = session_with(records)
    worker = next(db.query("SELECT * FROM users WHERE username = 'demo.worker'"))
    with app.test_request_context():
        child = next(db.query("SELECT * FROM children WHERE id = ?", [maisie]))
        row, document = record_of(db, maisie, artefact_id)
        for audience, note_shown in (("record", True), ("conference", True), ("parents", False), ("network", False)):
            [made] = artefact_export(db, worker, child, row, document, audience, "pdf").files
            text = pdf_text(made.data)
            assert "Used symbols, Pointing or eye-gaze" in text, audience
            assert ("her TA Sam helped" in text) == note_shown, audience
        assessment_id = store.create(db, worker, maisie, "single", date(2027, 3, 27), "LCS-1")
        store.attach(db, worker, store.get(db, maisie, assessment_id), artefact_id)
        for audience in ("conference", "parents"):
            pack = gather(db, child, store.get(db, maisie, assessment_id), audience)
            [as_pdf] = pack_pdf(db, worker, pack).files
            assert "How the child's views were conveyed" in pdf_text(as_pdf.data)
            [as_json] = pack_json(db, worker, pack).files
            [artefact] = json.loads(as_json.data)["artefacts"]
            conveyed = artefact["communication"]
            assert conveyed["ways"] == ["symbols", "pointing"] and conveyed["read_back"] == "agreed"
            assert conveyed["note"] == (NOTE if audience == "conference" else "")
            assert conveyed["ssda903_participation"]["code"] == "PN3"
            assert "suggestion only" in conveyed["ssda903_participation"]["note"]


@pytest.mark.parametrize(
    "ways, born, code",
    [
        (["symbols"], date(2015, 1, 1), "PN3"),
        (["pointing", "behaviour"], date(2015, 1, 1), "PN3"),
        (["spoke", "symbols"], date(2015, 1, 1), "PN1"),
        (["signed"], date(2015, 1, 1), "PN1"),
        (["interpreter"], None, "PN1"),
        (["behaviour"], date(2015, 1, 1), "PN4"),
        ([], date(2015, 1, 1), None),
        (["spoke"], date(2023, 6, 1), "PN0"),  # under 4 on the day of the work
    ],
)
@pytest.mark.usefixtures("app_context")
def test_the_ssda903_suggestion_follows_the_ways(ways, born, code):
    suggestion = communication.ssda903_suggestion({**CONVEYED, "ways": ways}, born, date(2026, 11, 23))
    assert suggestion["code"] == code and suggestion["scheme"].startswith("SSDA903")
