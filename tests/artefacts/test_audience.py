"""Who an export is for: each audience gets only what the child said it may see ("not asked yet" is
withheld like "nobody"), the full record gets everything, and what was left out is described by kind
and number, never by what it was."""

import copy

import pytest

from sofs_direct.artefacts import audience, voice
from sofs_direct.tools.words_pictures import CHILDREN_SHARE
from tests.tablet_client import member, network, observation, three_houses, word, words_pictures

CHILD = "6f1f8a3e-2c55-4c57-9b4e-0a4a3f3f0c11"
SHARED_WITH_ALL = ["conference", "network", "parents"]

pytestmark = pytest.mark.usefixtures("app_context")


def session() -> dict:
    return three_houses(
        CHILD,
        created_at="2026-11-23T10:30:00.000Z",
        houses={
            "good": {
                "name": "Nain's farm",
                "ink": "ink-good",
                "share": SHARED_WITH_ALL,
                "words": [
                    word("w1", "Nain's sheep", share=SHARED_WITH_ALL),
                    word("w4", "Swimming with Mum", share=["conference"]),
                ],
            },
            "worries": {
                "name": "The dark house",
                "ink": "ink-worries",
                "photos": ["photo-worries-1"],
                "share": [],
                "observations": "She drew Dad in black.",
                "words": [word("w2", "Dad shouts at night", share=[])],
            },
            "dreams": {"ink": "ink-dreams", "share": "ask", "words": [word("w3", "Live with Nain", by="worker")]},
        },
    )


def test_parents_get_only_what_the_child_said_parents_may_see():
    document = session()
    kept, withheld = audience.for_audience("three_houses", document, "parents")
    houses = {house["key"]: house for house in kept["content"]["houses"]}
    assert [w["text"] for house in houses.values() for w in house["words"]] == ["Nain's sheep"]
    assert houses["good"]["ink"] == "ink-good" and houses["good"]["name"] == "Nain's farm"
    assert houses["worries"]["ink"] is None and houses["worries"]["photos"] == [] and houses["worries"]["name"] == ""
    assert houses["worries"]["observations"] == ""  # the worker's notes describe the drawing
    assert houses["dreams"]["ink"] is None  # not asked yet is not a yes
    assert withheld == [
        "3 of the child's words",
        "the drawing in the House of Worries",
        "1 photo in the House of Worries",
        "the child's name for the House of Worries",
        "the drawing in the House of Dreams",
    ]
    assert document == session()  # the stored document is never changed


@pytest.mark.parametrize(
    "who, words", [("conference", ["Nain's sheep", "Swimming with Mum"]), ("network", ["Nain's sheep"])]
)
def test_each_audience_follows_each_words_own_wish(who, words):
    kept, withheld = audience.for_audience("three_houses", session(), who)
    assert [w["text"] for house in kept["content"]["houses"] for w in house["words"]] == words
    assert withheld[0] == f"{3 - len(words) + 1} of the child's words"


@pytest.mark.parametrize("who", [None, "record"])
def test_the_full_record_keeps_everything(who):
    assert audience.for_audience("three_houses", session(), who) == (session(), [])
    assert audience.notice(who, ["anything"]) == []


def test_what_was_left_out_is_never_said():
    for who in ("conference", "parents", "network"):
        _kept, withheld = audience.for_audience("three_houses", session(), who)
        said = " ".join(audience.notice(who, withheld))
        assert "Dad shouts" not in said and "Live with Nain" not in said and "dark house" not in said
        assert "left out" not in said and "is not included" in said


def test_the_notice_says_who_the_child_did_not_want_to_see_it():
    lines = audience.notice("parents", ["2 of the child's words"])
    assert lines == [
        "Some of what the child said or made is not included, because the child did not want parents "
        "to see it, or was not asked.",
        "Not included: 2 of the child's words.",
    ]
    assert "child protection conference" in audience.notice("conference", ["x"])[0]


def test_the_childrens_additions_to_a_storyboard_are_shared_as_the_storyboard_is():
    document = words_pictures(
        CHILD, pages=[{"text": "Our family", "children": {"name": "Ava", "text": "Me and Mum", "drawing": None}}]
    )
    assert CHILDREN_SHARE == SHARED_WITH_ALL
    for who in ("conference", "parents", "network"):
        assert audience.for_audience("words_pictures", document, who) == (document, [])


def test_the_childs_view_of_each_person_in_the_network_is_in_the_record_only():
    document = network(
        CHILD,
        "2b7d8f5e-3c1a-4e6b-9d2f-1a2b3c4d5e6f",
        members=[
            member("m-nain", name="Nain", child_view=["helps", "trusts"]),
            member("m-dad", name="Dad", child_view=[]),
            member("m-sam", name="Sam"),
        ],
    )
    kept, withheld = audience.for_audience("network", document, "network")
    assert all("child_view" not in person["fields"] for person in kept["content"]["members"])
    assert withheld == ["the child's view of 1 person in the network"]
    assert audience.for_audience("network", document, "record") == (document, [])


def test_a_workers_observation_is_kept():
    document = observation(CHILD, "Visited at home.")
    assert audience.for_audience("observation", document, "parents") == (document, [])


def test_the_childs_words_in_the_mapping_follow_their_wish_and_the_workers_entries_stay():
    def entry(text, share, sourced=True):
        return {"text": text, "share": share, "source_artefact_id": "a1" if sourced else None}

    mapping = {
        "worried": [entry("Dad shouts", []), entry("Worker's worry", None, sourced=False)],
        "working_well": [entry("Nain's sheep", ["parents"]), entry("Not asked", "ask")],
        "needs_to_happen": [entry("Index lost its wish", None)],
    }
    original = copy.deepcopy(mapping)
    kept, withheld = audience.mapping_for_audience(mapping, "parents")
    assert {column: [e["text"] for e in entries] for column, entries in kept.items()} == {
        "worried": ["Worker's worry"],
        "working_well": ["Nain's sheep"],
        "needs_to_happen": [],
    }
    assert withheld == ["3 of the child's words in the mapping"]
    assert audience.mapping_for_audience(mapping, "record") == (original, [])


def test_a_recording_of_the_childs_voice_follows_its_own_wish_with_the_words_typed_beside_it():
    document = session()
    moment = {"id": "m1", "at_ms": 1000, "text": "Dad was shouting", "at": "2026-11-23T10:05:00.000Z"}
    document["content"]["clips"] = [
        {"id": "c1", "house": "worries", "share": [], "moments": [moment]},
        {"id": "c2", "house": None, "share": ["parents"], "moments": []},
    ]
    kept, withheld = audience.for_audience("three_houses", document, "parents")
    assert [clip["id"] for clip in kept["content"]["clips"]] == ["c2"]
    assert withheld[-1] == "1 recording of the child's voice"
    assert "Dad was shouting" not in [item["text"] for item in voice.items_of("three_houses", kept["content"])]
