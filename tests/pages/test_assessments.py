"""Assessments as plain functions over the store (no HTTP): what a worker attaches, writes and places
into the mapping is kept exactly, the child's words arrive verbatim with their wish and their source,
only a draft changes, and nothing of another child's can be attached."""

from datetime import date

import pytest
from werkzeug.exceptions import NotFound

from sofs_direct.assessments import review, rules, signs_of_safety, store
from sofs_direct.assessments.rules import AssessmentRefused
from tests.conftest import child_ids
from tests.sync_helpers import StoreTablet
from tests.tablet_client import observation, three_houses, word, words_pictures

pytestmark = pytest.mark.usefixtures("app_context")

WORRY = "When Dad shouts I hide under the bed"


def user(db, username):
    return next(db.query("SELECT * FROM users WHERE username = ?", [username]))


@pytest.fixture
def world(app, db):
    """demo.worker's child Maisie with a Three Houses session and a storyboard, and Leo's session."""
    children = child_ids(db)
    parts_dir = app.config["PARTS_DIR"]
    tablet = StoreTablet(db)
    session = tablet.store(
        three_houses(
            children["Maisie"],
            houses={
                "good": {
                    "words": [word("w1", "Nain's garden"), word("w2", "Pizza night", by="worker", share=["parents"])]
                },
                "worries": {"words": [word("w3", WORRY, share=["conference"])]},
                "dreams": {"words": [word("w4", "Dad stops shouting")]},
            },
        ),
        parts_dir,
    )
    storyboard = tablet.store(
        words_pictures(
            children["Maisie"],
            pages=[
                {
                    "text": "This is our family.",
                    "children": {"name": "Maisie", "text": "I like my bedroom", "drawing": None},
                }
            ],
        ),
        parts_dir,
    )
    note = tablet.store(observation(children["Maisie"], "Met at school."), parts_dir)
    leo = StoreTablet(db, "other.worker").store(
        three_houses(children["Leo"], houses={"worries": {"words": [word("w1", "Leo's worry")]}}), parts_dir
    )
    worker = user(db, "demo.worker")
    assessment_id = store.create(db, worker, children["Maisie"], "single", date(2027, 3, 27), "LCS-104233")
    return {
        "children": children,
        "session": session,
        "storyboard": storyboard,
        "note": note,
        "leo": leo,
        "worker": worker,
        "manager": user(db, "demo.manager"),
        "assessment": store.get(db, children["Maisie"], assessment_id),
    }


def fresh(db, world):
    return store.get(db, world["children"]["Maisie"], world["assessment"]["id"])


def test_a_new_assessment_is_a_draft_of_that_child_only(db, world):
    maisie, tomos = world["children"]["Maisie"], world["children"]["Tomos"]
    assessment = world["assessment"]
    assert assessment["status"] == "draft" and assessment["type"] == "single"
    assert assessment["due_on"] == "2027-03-27" and assessment["case_reference"] == "LCS-104233"
    assert store.get(db, tomos, assessment["id"]) is None
    assert store.get(db, maisie, "not-an-id") is None
    listed = store.for_child(db, maisie)
    assert [row["id"] for row in listed] == [assessment["id"]]
    assert listed[0]["artefacts"] == 0 and listed[0]["child_words"] == 0 and listed[0]["author"] == "Dana Worker"
    assert store.for_child(db, tomos) == []


@pytest.mark.parametrize(
    "type_key, due_on, reference, field",
    [
        ("family", "2027-03-27", "", "type"),
        ("single", "2027-02-30", "", "due_on"),
        ("single", "27/03/2027", "", "due_on"),
        ("single", "1899-01-01", "", "due_on"),
        ("single", None, "", "due_on"),
        ("single", "2027-03-27", "LCS\x00104233", "case_reference"),
        ("single", "2027-03-27", "L" * 41, "case_reference"),
        ("single", "2027-03-27", "LCS\n1", "case_reference"),
    ],
)
def test_bad_details_are_refused_with_a_sentence_and_nothing_is_written(db, world, type_key, due_on, reference, field):
    before = db["assessments"].count
    with pytest.raises(AssessmentRefused) as refused:
        store.create(db, world["worker"], world["children"]["Maisie"], type_key, due_on, reference)
    assert refused.value.field == field and len(refused.value.message) > 15
    assert db["assessments"].count == before


@pytest.mark.parametrize(
    "day, month, year, expected",
    [
        ("27", "3", "2027", date(2027, 3, 27)),
        (" 1", "12 ", "2030", date(2030, 12, 1)),
        ("31", "2", "2027", None),
        ("", "", "", None),
        ("x", "3", "2027", None),
        ("٣", "3", "2027", None),
        ("27", "3", "27", None),
    ],
)
def test_the_due_date_boxes_make_a_real_date_or_say_what_is_wrong(day, month, year, expected):
    if expected is None:
        with pytest.raises(AssessmentRefused) as refused:
            rules.due_date(day, month, year)
        assert refused.value.field == "due_on"
    else:
        assert rules.due_date(day, month, year) == expected


def test_details_change_while_a_draft(db, world):
    store.update_details(db, world["worker"], world["assessment"], "conference", "2027-04-01", "MOS-1")
    changed = fresh(db, world)
    assert (changed["type"], changed["due_on"], changed["case_reference"]) == ("conference", "2027-04-01", "MOS-1")


# --- attaching ------------------------------------------------------------------------------------


def test_attached_artefacts_keep_their_order_and_the_worker_s_analysis_exactly(db, world):
    assessment = world["assessment"]
    for artefact in (world["session"], world["storyboard"], world["session"]):
        store.attach(db, world["worker"], assessment, artefact)
    analysis = "She drew Dad big and red.\n\tThe worry is at night — ‘shouting’ <b>."
    store.set_analysis(db, world["worker"], assessment, world["session"], analysis)
    attached = store.attached(db, assessment["id"])
    assert [(a["artefact_id"], a["kind"], a["position"]) for a in attached] == [
        (world["session"], "three_houses", 1),
        (world["storyboard"], "words_pictures", 2),
    ]
    assert attached[0]["analysis"] == analysis and attached[1]["analysis"] == ""
    assert attached[0]["label"] == "Three Houses" and attached[0]["author"] == "Dana Worker"
    assert attached[0]["document"]["content"]["houses"][1]["words"][0]["text"] == WORRY
    assert store.for_child(db, world["children"]["Maisie"])[0]["artefacts"] == 2


def test_one_artefact_supports_several_assessments(db, world):
    other = store.get(
        db,
        world["children"]["Maisie"],
        store.create(db, world["worker"], world["children"]["Maisie"], "conference", "2027-05-01", ""),
    )
    for assessment in (world["assessment"], other):
        store.attach(db, world["worker"], assessment, world["session"])
        assert [a["artefact_id"] for a in store.attached(db, assessment["id"])] == [world["session"]]


def test_another_child_s_artefact_or_one_that_does_not_exist_is_not_found_and_nothing_is_written(app, db, world):
    held_back = StoreTablet(db, "other.worker").store(
        three_houses(world["children"]["Maisie"], houses={"good": {"words": [word("w1", "Held back")]}}),
        app.config["PARTS_DIR"],
    )
    assert next(db.query("SELECT flag FROM artefacts WHERE id = ?", [held_back]))["flag"] == "not_allocated"
    tablet = StoreTablet(db)
    draft = tablet.upload(three_houses(world["children"]["Maisie"]), state="draft", draft_version=1)
    assert tablet.ingest(draft, app.config["PARTS_DIR"]).status == "stored"
    for artefact in (world["leo"], held_back, draft.id, "8d6f2d0e-2a3b-4c5d-8e9f-0a1b2c3d4e5f", "nonsense"):
        with pytest.raises(NotFound):
            store.attach(db, world["worker"], world["assessment"], artefact)
    assert db["assessment_artefacts"].count == 0
    with pytest.raises(NotFound):  # analysis beside something not attached
        store.set_analysis(db, world["worker"], world["assessment"], world["session"], "Notes")


def test_analysis_over_the_limit_or_with_control_characters_is_refused(db, world):
    store.attach(db, world["worker"], world["assessment"], world["session"])
    store.set_analysis(db, world["worker"], world["assessment"], world["session"], "a" * 20_000)
    for text in ("a" * 20_001, "bell\x07"):
        with pytest.raises(AssessmentRefused) as refused:
            store.set_analysis(db, world["worker"], world["assessment"], world["session"], text)
        assert refused.value.field == "analysis"
    assert store.attached(db, world["assessment"]["id"])[0]["analysis"] == "a" * 20_000


# --- the mapping ----------------------------------------------------------------------------------


def test_the_child_s_words_go_into_the_mapping_verbatim_with_their_wish_and_source(db, world):
    assessment = world["assessment"]
    store.attach(db, world["worker"], assessment, world["session"])
    unplaced = signs_of_safety.unplaced_words(db, assessment["id"], world["session"])
    assert [(w["item"], w["column"]) for w in unplaced] == [
        ("w1", "working_well"),
        ("w2", "working_well"),
        ("w3", "worried"),
        ("w4", "needs_to_happen"),
    ]
    entry_id = signs_of_safety.place_words(db, world["worker"], assessment, world["session"], "w3", "worried")
    assert signs_of_safety.place_words(db, world["worker"], assessment, world["session"], "w3", "worried") == entry_id
    signs_of_safety.place_words(db, world["worker"], assessment, world["session"], "w2", "working_well")
    own = signs_of_safety.add_entry(db, world["worker"], assessment, "worried", "Police called twice in October.")
    mapping = signs_of_safety.mapping(db, assessment["id"])
    assert list(mapping) == ["worried", "working_well", "needs_to_happen"]
    words, entry = mapping["worried"]
    assert words == {
        **words,
        "id": entry_id,
        "text": WORRY,
        "source_artefact_id": world["session"],
        "source_item": "w3",
        "place": "worries",
        "kind": "three_houses",
        "label": "Three Houses",
        "by": "child",
        "share": ["conference"],
        "position": 1,
    }
    assert entry == {
        **entry,
        "id": own,
        "text": "Police called twice in October.",
        "source_artefact_id": None,
        "source_item": None,
        "by": None,
        "share": None,
        "position": 2,
    }
    assert mapping["working_well"][0]["by"] == "worker" and mapping["working_well"][0]["share"] == ["parents"]
    assert [w["item"] for w in signs_of_safety.unplaced_words(db, assessment["id"], world["session"])] == ["w1", "w4"]
    assert store.for_child(db, world["children"]["Maisie"])[0]["child_words"] == 2


def test_storyboard_words_have_no_default_column_and_the_worker_chooses(db, world):
    store.attach(db, world["worker"], world["assessment"], world["storyboard"])
    (words,) = signs_of_safety.unplaced_words(db, world["assessment"]["id"], world["storyboard"])
    assert words["item"] == "children-p1" and words["column"] is None and words["text"] == "I like my bedroom"
    signs_of_safety.place_words(
        db, world["worker"], world["assessment"], world["storyboard"], "children-p1", "working_well"
    )
    (placed,) = signs_of_safety.mapping(db, world["assessment"]["id"])["working_well"]
    assert placed["share"] == ["conference", "network", "parents"] and placed["by"] == "child"


def test_words_can_only_come_from_attached_work_and_must_exist(db, world):
    assessment = world["assessment"]
    with pytest.raises(NotFound):  # not attached
        signs_of_safety.place_words(db, world["worker"], assessment, world["session"], "w3", "worried")
    with pytest.raises(NotFound):  # another child's, never attachable
        signs_of_safety.place_words(db, world["worker"], assessment, world["leo"], "w1", "worried")
    store.attach(db, world["worker"], assessment, world["session"])
    with pytest.raises(NotFound):
        signs_of_safety.place_words(db, world["worker"], assessment, world["session"], "w99", "worried")
    with pytest.raises(AssessmentRefused):
        signs_of_safety.place_words(db, world["worker"], assessment, world["session"], "w3", "somewhere")
    assert db["mapping_entries"].count == 0


def test_detaching_takes_the_words_placed_from_that_work_out_of_the_mapping(db, world):
    assessment = world["assessment"]
    store.attach(db, world["worker"], assessment, world["session"])
    signs_of_safety.place_words(db, world["worker"], assessment, world["session"], "w3", "worried")
    signs_of_safety.add_entry(db, world["worker"], assessment, "worried", "Our own worry")
    store.detach(db, world["worker"], assessment, world["session"])
    assert store.attached(db, assessment["id"]) == []
    assert [entry["text"] for entry in signs_of_safety.mapping(db, assessment["id"])["worried"]] == ["Our own worry"]
    assert db["voice_items"].count >= 4  # the words stay in the child's record


def test_entries_are_checked_and_removed_only_from_their_own_assessment(db, world):
    assessment = world["assessment"]
    for column, text in (
        ("worried", ""),
        ("worried", "   "),
        ("worried", "x" * 2001),
        ("worried", "nul\x00"),
        ("elsewhere", "Fine"),
    ):
        with pytest.raises(AssessmentRefused):
            signs_of_safety.add_entry(db, world["worker"], assessment, column, text)
    entry = signs_of_safety.add_entry(db, world["worker"], assessment, "needs_to_happen", "Mum goes to the GP")
    other = store.get(
        db,
        world["children"]["Maisie"],
        store.create(db, world["worker"], world["children"]["Maisie"], "court", "2027-05-01", ""),
    )
    for wrong in (entry, "x", "99999"):
        with pytest.raises(NotFound):
            signs_of_safety.remove_entry(db, world["worker"], other if wrong == entry else assessment, wrong)
    signs_of_safety.remove_entry(db, world["worker"], assessment, str(entry))
    assert signs_of_safety.mapping(db, assessment["id"])["needs_to_happen"] == []


# --- scaling --------------------------------------------------------------------------------------


def test_scaling_keeps_each_person_s_number(db, world):
    assessment = world["assessment"]
    assert rules.scaling_question_of(assessment).startswith("On a scale of 0 to 10, where 10 means")
    signs_of_safety.set_scaling_question(db, world["worker"], assessment, "Where are things today, 0 to 10?")
    assert rules.scaling_question_of(fresh(db, world)) == "Where are things today, 0 to 10?"
    first = signs_of_safety.add_score(db, world["worker"], assessment, "Kerry Smith", "Mum", "7", "")
    signs_of_safety.add_score(
        db, world["worker"], assessment, "Dana Worker", "Social worker", 3, "Nights are the worry"
    )
    signs_of_safety.add_score(db, world["worker"], assessment, "Maisie", "", 0, "")
    assert [(s["person"], s["role"], s["score"], s["note"]) for s in signs_of_safety.scores(db, assessment["id"])] == [
        ("Kerry Smith", "Mum", 7, ""),
        ("Dana Worker", "Social worker", 3, "Nights are the worry"),
        ("Maisie", "", 0, ""),
    ]
    signs_of_safety.remove_score(db, world["worker"], assessment, first)
    assert len(signs_of_safety.scores(db, assessment["id"])) == 2


@pytest.mark.parametrize(
    "person, score, field",
    [
        ("Kerry", "11", "score"),
        ("Kerry", "-1", "score"),
        ("Kerry", "seven", "score"),
        ("Kerry", "7.5", "score"),
        ("Kerry", "", "score"),
        ("Kerry", True, "score"),
        ("", "5", "person"),
        ("Kerry\x1b", "5", "person"),
    ],
)
def test_a_number_outside_0_to_10_or_a_missing_name_is_refused(db, world, person, score, field):
    with pytest.raises(AssessmentRefused) as refused:
        signs_of_safety.add_score(db, world["worker"], world["assessment"], person, "", score, "")
    assert refused.value.field == field
    assert db["scaling_scores"].count == 0


# --- submitting and reviewing ---------------------------------------------------------------------


def everything_a_worker_can_change(db, world, assessment):
    """Every change a worker can make, each as a call (to prove none works once submitted)."""
    worker, session = world["worker"], world["session"]
    return [
        lambda: store.update_details(db, worker, assessment, "court", "2027-05-01", ""),
        lambda: store.attach(db, worker, assessment, world["storyboard"]),
        lambda: store.detach(db, worker, assessment, session),
        lambda: store.set_analysis(db, worker, assessment, session, "Changed"),
        lambda: signs_of_safety.place_words(db, worker, assessment, session, "w1", "working_well"),
        lambda: signs_of_safety.add_entry(db, worker, assessment, "worried", "More"),
        lambda: signs_of_safety.remove_entry(db, worker, assessment, 1),
        lambda: signs_of_safety.set_scaling_question(db, worker, assessment, "Changed?"),
        lambda: signs_of_safety.add_score(db, worker, assessment, "Kerry", "Mum", 5, ""),
        lambda: signs_of_safety.remove_score(db, worker, assessment, 1),
        lambda: review.submit(db, worker, assessment),
    ]


def test_a_submitted_or_authorised_assessment_cannot_be_changed(db, world):
    assessment = world["assessment"]
    store.attach(db, world["worker"], assessment, world["session"])
    signs_of_safety.add_entry(db, world["worker"], assessment, "worried", "Ours")
    review.submit(db, world["worker"], assessment)
    submitted = fresh(db, world)
    assert submitted["status"] == "submitted" and submitted["submitted_at"]
    # The `assessment` dict the caller holds still says draft: the rule reads the store, not the dict.
    for change in everything_a_worker_can_change(db, world, assessment):
        with pytest.raises(AssessmentRefused) as refused:
            change()
        assert "cannot be changed" in refused.value.message
    review.review(db, world["manager"], submitted, "authorised", "")
    for change in everything_a_worker_can_change(db, world, assessment):
        with pytest.raises(AssessmentRefused):
            change()
    authorised = fresh(db, world)
    assert authorised["status"] == "authorised" and authorised["authorised_by"] == world["manager"]["id"]
    assert len(store.attached(db, assessment["id"])) == 1 and db["mapping_entries"].count == 1


def test_a_manager_returns_with_comments_and_the_worker_sees_them_on_the_draft(db, world):
    assessment = world["assessment"]
    review.submit(db, world["worker"], assessment)
    for comments in ("", "  \n "):
        with pytest.raises(AssessmentRefused) as refused:
            review.review(db, world["manager"], assessment, "returned", comments)
        assert refused.value.field == "comments"
    assert fresh(db, world)["status"] == "submitted" and db["assessment_reviews"].count == 0
    comments = "Where is Maisie's voice?\nAttach the Three Houses."
    review.review(db, world["manager"], assessment, "returned", comments)
    returned = fresh(db, world)
    assert returned["status"] == "draft"
    assert review.returned_comments(db, returned)["comments"] == comments
    (only,) = review.reviews(db, assessment["id"])
    assert (only["outcome"], only["reviewer"], only["comments"]) == ("returned", "Morgan Manager", comments)
    signs_of_safety.add_entry(db, world["worker"], returned, "worried", "Now it can change again")
    review.submit(db, world["worker"], returned)
    assert review.returned_comments(db, fresh(db, world)) is None
    with pytest.raises(AssessmentRefused):  # a review needs a submitted assessment
        review.review(db, world["manager"], returned, "maybe", "")
    review.review(db, world["manager"], returned, "authorised", "Good work")
    with pytest.raises(AssessmentRefused):
        review.review(db, world["manager"], returned, "authorised", "Again")
    assert [r["outcome"] for r in review.reviews(db, assessment["id"])] == ["returned", "authorised"]


def test_only_a_manager_of_the_child_s_team_reviews(db, world):
    review.submit(db, world["worker"], world["assessment"])
    other_manager = dict(world["manager"], team_id=world["worker"]["team_id"] + 1)
    for reviewer in (world["worker"], user(db, "demo.admin"), user(db, "other.worker"), other_manager):
        with pytest.raises(NotFound):
            review.review(db, reviewer, world["assessment"], "authorised", "")
    assert fresh(db, world)["status"] == "submitted"


def test_the_team_list_counts_the_child_s_words_in_each_mapping(db, world):
    assessment = world["assessment"]
    store.attach(db, world["worker"], assessment, world["session"])
    signs_of_safety.place_words(db, world["worker"], assessment, world["session"], "w3", "worried")
    review.submit(db, world["worker"], assessment)
    empty_id = store.create(db, world["worker"], world["children"]["Tomos"], "court", "2027-06-01", "")
    empty = store.get(db, world["children"]["Tomos"], empty_id)
    review.submit(db, world["manager"], empty)  # sent by someone other than who started it
    team = review.for_team_review(db, world["manager"]["team_id"])
    assert [(row["known_as"], row["artefacts"], row["child_words"], row["submitter"]) for row in team["waiting"]] == [
        ("Maisie", 1, 1, "Dana Worker"),
        ("Tomos", 0, 0, "Morgan Manager"),
    ]
    assert team["recent"] == []
    review.review(db, world["manager"], empty, "returned", "No voice in this one")
    team = review.for_team_review(db, world["manager"]["team_id"])
    assert [row["known_as"] for row in team["waiting"]] == ["Maisie"]
    assert [(row["known_as"], row["outcome"], row["reviewer"]) for row in team["recent"]] == [
        ("Tomos", "returned", "Morgan Manager")
    ]
    other_team = user(db, "other.worker")["team_id"]
    assert review.for_team_review(db, other_team) == {"waiting": [], "recent": []}
