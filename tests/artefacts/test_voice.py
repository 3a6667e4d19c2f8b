"""The child's words indexed (sofs_direct/artefacts/voice.py): stored through the real ingest, each word is
kept exactly as said with who wrote it down and the child's wish; nothing held back or unfinished is
indexed; the index can be rebuilt from the stored documents; and the full-text index matches Welsh
words typed without their accents."""

import json

import pytest

from sofs_direct.artefacts import voice
from sofs_direct.platform.db import write
from tests.conftest import child_ids
from tests.sync_helpers import StoreTablet
from tests.tablet_client import observation, three_houses, word, words_pictures

WORRY = "Mae Dad yn gweiddi.\n<b>Loud</b> & scary"


@pytest.fixture
def tablet(app, db):
    with app.app_context():
        yield StoreTablet(db, "demo.worker")


def store(app, tablet, document, parts=()):
    with app.app_context():
        return tablet.store(document, app.config["PARTS_DIR"], parts)


def session(child_id):
    return three_houses(
        child_id,
        houses={
            "good": {
                "words": [
                    word("w1", "Dŵr y môr", share=["conference", "parents"]),
                    word("w2", "Ŵyn bach ar y fferm", by="worker", share=[]),
                ]
            },
            "worries": {"words": [word("w3", WORRY, at="2026-11-23T10:20:00.000Z")]},
        },
    )


def rows(db):
    return [
        dict(row)
        for row in db.query(
            "SELECT artefact_id, child_id, item, place, text, by, share, said_at FROM voice_items ORDER BY id"
        )
    ]


def fts(db, expression):
    return [
        row["text"]
        for row in db.query(
            "SELECT voice_items.text FROM voice_search JOIN voice_items ON voice_items.id = voice_search.rowid"
            " WHERE voice_search MATCH ? ORDER BY voice_items.id",
            [expression],
        )
    ]


def test_a_stored_session_indexes_each_word_exactly_as_written_with_its_wish(app, db, tablet):
    maisie = child_ids(db)["Maisie"]
    artefact = store(app, tablet, session(maisie))
    assert rows(db) == [
        {
            "artefact_id": artefact,
            "child_id": maisie,
            "item": "w1",
            "place": "good",
            "text": "Dŵr y môr",
            "by": "child",
            "share": '["conference", "parents"]',
            "said_at": "2026-11-23T10:02:03.000Z",
        },
        {
            "artefact_id": artefact,
            "child_id": maisie,
            "item": "w2",
            "place": "good",
            "text": "Ŵyn bach ar y fferm",
            "by": "worker",
            "share": "[]",
            "said_at": "2026-11-23T10:02:03.000Z",
        },
        {
            "artefact_id": artefact,
            "child_id": maisie,
            "item": "w3",
            "place": "worries",
            "text": WORRY,
            "by": "child",
            "share": '"ask"',
            "said_at": "2026-11-23T10:20:00.000Z",
        },
    ]
    assert [item["share"] for item in voice.items_for_artefact(db, artefact)] == [["conference", "parents"], [], "ask"]


def test_a_storyboard_indexes_only_what_the_children_added(app, db, tablet):
    maisie = child_ids(db)["Maisie"]
    document = words_pictures(
        maisie,
        pages=[
            {"text": "Social workers were worried."},
            {"text": "What we think", "children": {"name": "Maisie", "text": "Rwy'n caru Nain", "drawing": None}},
        ],
    )
    artefact = store(app, tablet, document)
    assert [(row["item"], row["place"], row["text"], row["by"]) for row in rows(db)] == [
        ("children-p2", "p2", "Rwy'n caru Nain", "child")
    ]
    assert voice.items_for_artefact(db, artefact)[0]["share"] == ["conference", "network", "parents"]
    assert document["created_at"] == rows(db)[0]["said_at"]  # no time of its own: the version's


def test_a_workers_observation_is_not_the_childs_voice(app, db, tablet):
    store(app, tablet, observation(child_ids(db)["Maisie"], "Dŵr everywhere in the kitchen"))
    assert rows(db) == [] and fts(db, '"dwr"') == []
    assert voice.direct_work_kinds() == ["picture_sort", "safety_house", "three_houses", "words_pictures"]


def test_held_back_and_unfinished_artefacts_are_not_indexed(app, db, tablet):
    # Leo is another team's child: stored, flagged for the managers, never in the record.
    leo = store(app, tablet, session(child_ids(db)["Leo"]))
    assert next(db.query("SELECT flag FROM artefacts WHERE id = ?", [leo]))["flag"] == "not_allocated"
    with app.app_context():
        draft = tablet.upload(session(child_ids(db)["Maisie"]), state="draft", draft_version=1)
        assert tablet.ingest(draft, app.config["PARTS_DIR"]).status == "stored"
    assert rows(db) == [] and fts(db, '"dwr"') == []
    assert voice.rebuild(db) == 0  # and a rebuild does not bring them in


def test_rebuild_gives_back_the_same_words_and_search(app, db, tablet):
    store(app, tablet, session(child_ids(db)["Maisie"]))
    store(app, tablet, session(child_ids(db)["Tomos"]))
    before = rows(db)
    with write(db):
        db.execute("DELETE FROM voice_items")
    assert fts(db, '"dwr"') == []
    with write(db):
        assert voice.rebuild(db) == 6
    assert rows(db) == before
    assert fts(db, '"dwr"') == ["Dŵr y môr", "Dŵr y môr"]


def test_forgetting_an_artefact_takes_its_words_out_of_the_search(app, db, tablet):
    kept = store(app, tablet, session(child_ids(db)["Maisie"]))
    gone = store(app, tablet, session(child_ids(db)["Tomos"]))
    with write(db):
        voice.forget(db, gone)
    assert {row["artefact_id"] for row in rows(db)} == {kept}
    assert fts(db, '"dwr"') == ["Dŵr y môr"]


def test_the_index_ignores_accents_and_case_but_keeps_the_words_as_said(app, db, tablet):
    store(app, tablet, session(child_ids(db)["Maisie"]))
    assert fts(db, '"dwr"') == ["Dŵr y môr"]
    assert fts(db, '"DŴR"') == ["Dŵr y môr"]
    assert fts(db, '"wyn"') == ["Ŵyn bach ar y fferm"]
    assert fts(db, '"mor"') == ["Dŵr y môr"]
    assert fts(db, '"gweid"*') == [WORRY]
    assert fts(db, '"dwrx"') == []


def test_the_childs_words_are_never_rewritten(app, db, tablet):
    store(app, tablet, session(child_ids(db)["Maisie"]))
    with pytest.raises(Exception, match="never rewritten"), write(db):
        db.execute("UPDATE voice_items SET text = 'tidied' WHERE item = 'w1'")
    assert json.loads(rows(db)[0]["share"]) == ["conference", "parents"] and rows(db)[0]["text"] == "Dŵr y môr"


@pytest.mark.usefixtures("app_context")
def test_every_place_a_kind_stores_is_named_by_the_kind_and_nothing_else_breaks():
    """One function names where words were said, for the mapping, the assessment page, packs and search."""
    assert voice.place_of("three_houses", "worries") == ("House of Worries", "worried")
    assert voice.place_of("three_houses", "good") == ("House of Good Things", "working_well")
    assert voice.place_of("three_houses", "session") == ("The whole session", None)
    # A storyboard page's id is only an id: even one spelt like a house goes to no column by itself.
    assert voice.place_of("words_pictures", "worries") == ("", None)
    assert voice.place_of("three_houses", "garden") == ("", None)
    assert voice.place_of("no-such-kind", "worries") == ("", None)
