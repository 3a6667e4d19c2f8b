"""The Safety House (docs/safety-house.md): what the doc allows is stored exactly as the child made
it, and every limit of its contract is refused one past it in a sentence the worker can act on; each
person, rule and number reaches only the audiences the child chose, the drawing only those the house
allows; the rules and the path's words are the child's voice, searchable; the record page shows the
zones, the rules verbatim, each number with its why, and the versions over time; "My Safety House"
prints every rule as real text (Welsh too); its pack section, JSON and the numbers offered to an
assessment's scale follow the child's wishes."""

import base64
import copy
import itertools
import json
import re
from datetime import date

import pytest

from sofs_direct.artefacts import audience, contracts
from sofs_direct.artefacts import store as artefacts_store
from sofs_direct.artefacts.phrases import written_in
from sofs_direct.assessments import store
from sofs_direct.exports.pack import gather, pack_pdf
from sofs_direct.exports.pack_json import pack_json
from sofs_direct.paper import ink
from sofs_direct.platform.invalid import DocumentInvalid
from sofs_direct.records import search
from sofs_direct.tools import safety_house
from sofs_direct.tools.safety_house.export import house_paged, house_pdf, house_png
from tests.conftest import signed_in
from tests.pages.test_records import Records
from tests.pdf_reader import pdf_text
from tests.sync_helpers import refused_and_kept
from tests.tablet_client import DELETE, change, house_person, house_rule, path_number
from tests.tablet_client import safety_house as document_of
from tests.tools.test_words_pictures import scribble

SH = contracts.load("safety_house")
CHILD = "6f1f8a3e-2c55-4c57-9b4e-0a4a3f3f0c11"
WELSH = "Mae Mam yn aros yn effro pan dw i'n cysgu. Dŵr, tŷ, ŵyn bach: â ê î ô û ï"
RULE = "Dad doesn't shout at night\nand Mum gets up in the morning"
WHY = "Because Dad still shouts sometimes"
CLOSER = "If Nain came to tea every Sunday"


@pytest.fixture(autouse=True)
def in_app(request, app):
    """Plain functions run in an app context; tests with the test client must not have one pushed."""
    if "records" in request.fixturenames:
        yield
        return
    with app.app_context():
        yield


@pytest.fixture
def records(app, db):
    with app.app_context():
        return Records(app, db)


def house(child=CHILD, **options) -> dict:
    """A house ready to save: a person in each zone, two rules, the child's number and a parent's."""
    defaults = {
        "people": [
            house_person("p1", "Nain", "inside", share=["parents", "conference"]),
            house_person("p2", "Mr Evans at school", "garden", by="worker", share=["conference"]),
            house_person("p3", "Uncle Dai", "outside", share=[], only_with_safe_adult=True),
        ],
        "rules": [house_rule("r1", RULE, share=["conference"]), house_rule("r2", WELSH, by="worker", share="ask")],
        "path": [
            path_number(3, why=WHY, closer=CLOSER, share=["conference", "parents"]),
            path_number(8, who="parent", name="Sarah", why="We are doing much better", share=["parents"]),
        ],
    }
    return document_of(child, **{**defaults, **options})


def content(**options) -> dict:
    return house(**options)["content"]


def refused(value, parts=None, final=True) -> str:
    with pytest.raises(DocumentInvalid) as caught:
        safety_house.validate(value, parts or {}, final=final)
    return str(caught.value.reason)


def spoilt(path: str, value, **options) -> dict:
    made = content(**options)
    change(path, value)(made)
    return made


# --- the checks -----------------------------------------------------------------------------------------


def test_a_house_the_doc_allows_is_accepted_finalised_and_as_a_draft():
    safety_house.validate(content(), {})
    drawn = content(ink="ink-house")
    safety_house.validate(drawn, {"ink-house": ink.MEDIA_TYPE})
    safety_house.check_parts(drawn, {"ink-house": scribble()})
    draft = content(people=[house_person("p1", "", "garden")], rules=[house_rule("r1", "")], path=[])
    draft["session"].update(place="", seen_alone=None)
    safety_house.validate(draft, {}, final=False)


def _people(count):
    return [house_person(f"p{n}", f"Person {n}") for n in range(count)]


def _rules(count):
    return [house_rule(f"r{n}", f"Rule {n}") for n in range(count)]


def _numbers(count):
    return [path_number(5, who="worker") for _n in range(count)]


COUNTS = [
    ("people", _people, SH["people_max"], "at most 30 people"),
    ("rules", _rules, SH["rules_max"], "at most 20 rules"),
    ("path", _numbers, SH["numbers_max"], "at most 10 numbers"),
]


@pytest.mark.parametrize(("field", "make", "most", "said"), COUNTS)
def test_each_count_is_allowed_at_its_limit_and_refused_over_it(field, make, most, said):
    safety_house.validate(content(**{field: make(most)}), {})
    assert said in refused(content(**{field: make(most + 1)}))


def test_who_was_present_is_allowed_at_its_limit_and_refused_over_it():
    present = [{"name": f"P{n}", "role": "aunt"} for n in range(SH["present_max"])]
    safety_house.validate(content(session={"present": present}), {})
    assert "At most 20 people can be recorded as present" in refused(
        content(session={"present": present + [{"name": "One more", "role": ""}]})
    )


LENGTHS = [
    ("people.0.name", SH["name_max"], "The name of person 1 must be 60 characters or fewer"),
    ("rules.0.text", SH["rule_max"], "The words of rule 1 must be 600 characters or fewer"),
    ("path.0.why", SH["why_max"], "Why number 1 is where it is must be 600 characters or fewer"),
    ("path.0.closer", SH["why_max"], "What would make number 1 one step closer must be 600 characters or fewer"),
    ("path.1.name", SH["person_text_max"], "Whose number 2 on the safety path is must be 120 characters or fewer"),
    ("session.place", SH["place_max"], "Where the visit happened must be 200 characters or fewer"),
]


@pytest.mark.parametrize(("path", "limit", "said"), LENGTHS)
def test_each_text_is_allowed_at_its_limit_and_refused_one_over_it(path, limit, said):
    safety_house.validate(spoilt(path, "ŵ" * limit), {})
    assert said in refused(spoilt(path, "ŵ" * (limit + 1)))


def test_the_version_and_the_path_are_bounded_by_the_contract():
    low, high = SH["path"]
    for number in (low, high):
        safety_house.validate(spoilt("path.0.number", number), {})
    for number in (low - 1, high + 1, 2.5, True, "3"):
        assert "must be a whole number from 0 to 10" in refused(spoilt("path.0.number", number))
    safety_house.validate(spoilt("version", SH["version_max"]), {})
    assert "The version number must be a whole number from 1" in refused(spoilt("version", SH["version_max"] + 1))
    assert "The version number" in refused(spoilt("version", 0))


REFUSALS = [
    (
        "zone",
        "people.0.zone",
        "kitchen",
        "Person 1, Nain must be inside the house, in the garden or outside the red line",
    ),
    ("safe adult inside", "people.0.only_with_safe_adult", True, "Only someone outside the red line"),
    ("a rule's sticker as a face", "people.0.sticker", "sun-not-a-stamp", "has a sticker this server does not know"),
    ("writer", "rules.0.by", "mum", "Rule 1 must say who put it there: child or worker"),
    ("whose", "path.0.who", "teacher", "must say whose it is"),
    ("the child's named", "path.0.name", "Maisie", "is the child's own: it has no name of its own"),
    ("id", "people.0.id", "P 1", "has an id that is not 1 to 40 lowercase letters"),
    ("same id", "rules.0.id", "p1", "Two people or rules have the same id, p1"),
    ("wish", "rules.0.share", ["everyone"], "names someone this server does not know"),
    ("faces", "faces", "yes", "shown with faces must be yes or no"),
    ("time", "path.0.at", "yesterday", "When Number 1 on the safety path was given must be a date and time"),
    ("unknown field", "rules.0.colour", "red", "Rule 1 has fields this server does not know: colour"),
    ("missing field", "share", DELETE, "The Safety House is missing: share"),
    ("newline in a name", "people.0.name", "Nain\nGwen", "The name of person 1 must be on one line"),
    ("a drawing not sent", "ink", "ink-house", "The drawing on the house was not sent"),
    ("a drawing misnamed", "ink", "ink-good", "must be named ink-house"),
]


@pytest.mark.parametrize(("case", "path", "value", "said"), REFUSALS, ids=[case for case, *_ in REFUSALS])
def test_what_the_doc_does_not_allow_is_refused_in_words(case, path, value, said):
    assert said in refused(spoilt(path, value))


def test_a_sticker_for_a_person_is_a_face_or_figure_and_for_a_rule_any():
    artwork = ink.load_artwork()
    other = next(stamp["id"] for stamp in artwork["stamps"] if stamp["group"] not in SH["sticker_groups"])
    face = next(stamp["id"] for stamp in artwork["stamps"] if stamp["group"] in SH["sticker_groups"])
    safety_house.validate(spoilt("people.0.sticker", face), {})
    safety_house.validate(spoilt("rules.0.sticker", other), {})
    assert "has a sticker this server does not know" in refused(spoilt("people.0.sticker", other))


def test_the_child_has_at_most_one_number_of_their_own():
    assert "more than one number of their own" in refused(content(path=[path_number(3), path_number(4)]))


FINAL_NEEDS = [
    ("session.place", " ", "Record where the visit happened before saving the Safety House"),
    ("session.seen_alone", None, "Record whether the child was seen alone"),
    ("session.present", [{"name": " ", "role": "aunt"}], "Give the name of person 1 present"),
    ("people.0.name", "  ", "Give person 1 a name, or take them out of the house"),
    ("rules.0.text", "\n", "Write rule 1, or take it off the roof"),
]


@pytest.mark.parametrize(("path", "value", "said"), FINAL_NEEDS)
def test_saving_a_version_needs_what_a_reader_needs_and_a_draft_does_not(path, value, said):
    assert said in refused(spoilt(path, value))
    safety_house.validate(spoilt(path, value), {}, final=False)


def test_an_empty_house_is_not_a_version():
    empty = content(people=[], rules=[], path=[])
    assert "Add something before saving it" in refused(empty)
    safety_house.validate(empty, {}, final=False)


def test_a_drawing_that_cannot_be_read_is_refused_naming_it():
    drawn = content(ink="ink-house")
    with pytest.raises(DocumentInvalid, match="The drawing on the house cannot be read"):
        safety_house.check_parts(drawn, {"ink-house": b"not ink"})


def test_a_finished_house_failing_a_check_is_stored_for_review_never_lost(app, db, records):
    document = house(records.children["Maisie"], rules=[house_rule("r1", "x" * (SH["rule_max"] + 1))])
    with app.app_context():
        refusal = refused_and_kept(records.tablet, document, app.config["PARTS_DIR"])
    assert "The words of rule 1 must be 600 characters or fewer" in refusal.message


# --- who sees what ----------------------------------------------------------------------------------------

WISHES = ["ask", [], ["parents"], ["conference", "network"], ["network", "parents", "conference"]]


@pytest.mark.parametrize("who", audience.AUDIENCES)
@pytest.mark.parametrize(("first", "second"), list(itertools.product(WISHES, repeat=2)))
def test_each_person_rule_number_and_the_drawing_follow_their_own_wish(who, first, second):
    made = content(
        ink="ink-house",
        share=first,
        people=[house_person("p1", "Nain", share=first), house_person("p2", "Taid", share=second)],
        rules=[house_rule("r1", "One", share=second)],
        path=[path_number(3, share=first), path_number(7, who="worker", share=second)],
    )
    kept = copy.deepcopy(made)
    withheld = safety_house.for_audience(kept, who)

    def shown(wish):
        return who == "record" or (isinstance(wish, list) and who in wish)

    assert [person["id"] for person in kept["people"]] == [
        person_id for person_id, wish in (("p1", first), ("p2", second)) if shown(wish)
    ]
    assert len(kept["rules"]) == shown(second)
    assert [number["number"] for number in kept["path"]] == [
        number for number, wish in ((3, first), (7, second)) if shown(wish)
    ]
    assert kept["ink"] == ("ink-house" if shown(first) else None)
    said = " ".join(withheld)
    if who == "record":
        assert withheld == []
    assert ("the child's drawing on the house" in said) == (not shown(first))
    people_out = (not shown(first)) + (not shown(second))
    if people_out:
        assert f"{people_out} {'person' if people_out == 1 else 'people'} in the Safety House" in said
    assert ("1 rule on the roof" in said) == (not shown(second))
    if people_out:  # the two numbers follow the same two wishes as the two people
        assert f"{people_out} number{'' if people_out == 1 else 's'} on the safety path" in said
    assert made == content(**{key: made[key] for key in ("ink", "share", "people", "rules", "path")})  # untouched


# --- the child's voice, the numbers, search --------------------------------------------------------------


def test_the_rules_and_the_path_s_words_are_the_child_s_voice_with_their_wishes():
    items = safety_house.voice_items(content())
    assert [(item["item"], item["place"], item["text"], item["by"]) for item in items] == [
        ("r1", "rules", RULE, "child"),
        ("r2", "rules", WELSH, "worker"),
        ("path-1-why", "path", WHY, "child"),
        ("path-1-closer", "path", CLOSER, "child"),
        ("path-2-why", "path", "We are doing much better", "worker"),
    ]
    assert items[0]["share"] == ["conference"] and items[2]["share"] == ["conference", "parents"]
    assert safety_house.voice_place("rules") == ("The rules on the roof", "needs_to_happen")
    assert safety_house.voice_place("path") == ("The safety path", None)
    assert safety_house.voice_place("attic") == ("", None)


def test_every_number_is_offered_to_the_scale_labelled_whose_and_never_averaged():
    assert safety_house.scores_offered(content()) == [
        {"person": "The child", "role": "the child's own number on the safety path", "score": 3, "note": WHY},
        {
            "person": "Sarah",
            "role": "a parent's number on the safety path",
            "score": 8,
            "note": "We are doing much better",
        },
    ]


def test_the_child_s_words_are_found_by_search(app, db, records):
    artefact_id = records.sync(house(records.children["Maisie"]))
    worker = next(db.query("SELECT * FROM users WHERE username = 'demo.worker'"))
    with app.test_request_context():
        found = search.search(db, worker, "Nain came")
        assert [hit["text"] for hit in found] == [CLOSER]
        assert [hit["text"] for hit in search.search(db, worker, "ŵyn")] == [WELSH]
    assert artefacts_store.get(db, artefact_id)["flag"] is None


# --- the record page -----------------------------------------------------------------------------------


def test_the_record_page_shows_the_zones_the_rules_verbatim_each_number_and_the_versions(app, db, records):
    maisie = records.children["Maisie"]
    first = records.sync(house(maisie, path=[path_number(2, why="Scared at night")]))
    second = records.sync(
        house(maisie, version=2, supersedes=first, ink="ink-house"), [("ink-house", ink.MEDIA_TYPE, scribble())]
    )
    client = signed_in(app, "demo.worker")
    page = client.get(f"/children/{maisie}/records/{second}").get_data(as_text=True)
    for shown in (
        "Inside the house",
        "In the garden and on the path",
        "Outside the red line",
        "Nain",
        "Mr Evans at school",
    ):
        assert shown in page
    assert "Uncle Dai" in page and "Only with a safe adult" in page
    assert "Dad doesn&#39;t shout at night\nand Mum gets up in the morning" in page  # verbatim, its line break kept
    assert "Child wrote" in page and "Worker scribed" in page
    assert "Mae Mam yn aros yn effro pan dw i&#39;n cysgu. Dŵr, tŷ, ŵyn bach" in page
    assert WHY in page and CLOSER in page and "Sarah (a parent)" in page
    assert "version 1: 2 and version 2: 3" in page  # the chart's description: the child's own number over time
    main = page.split("<main", 1)[1].split("</main>", 1)[0]  # the kind's own page, inside the layout
    assert "<svg" in main and 'role="img"' in main and "style=" not in main and "<script" not in main
    assert f"/children/{maisie}/records/{first}" in page  # the other version, linked
    picture = client.get(f"/children/{maisie}/records/{second}/safety-house/drawing.png")
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    assert client.get(f"/children/{maisie}/records/{first}/safety-house/drawing.png").status_code == 404
    timeline = client.get(f"/children/{maisie}/timeline?kind=safety_house").get_data(as_text=True)
    assert "Replaced by version 2" in timeline


# --- the files -------------------------------------------------------------------------------------------


def test_my_safety_house_prints_every_rule_as_real_text_in_english_and_welsh(app):
    document = house(ink="ink-house")
    parts = {"ink-house": scribble()}
    with app.test_request_context():
        text = pdf_text(house_pdf(document, parts, "Maisie", "Dana Worker"))
        assert house_png(document, parts, "Maisie", "Dana Worker").startswith(b"\x89PNG")
    for said in ("My Safety House", "Maisie", "Dad doesn't shout at night", WELSH, WHY, CLOSER, "Uncle Dai"):
        assert said in text
    assert "The child: 3" in text and "Sarah (a parent): 8" in text
    with app.test_request_context(), written_in("cy"):
        welsh = pdf_text(house_pdf(document, parts, "Maisie", "Dana Worker"))
    assert "Fy Nhŷ Diogelwch" in welsh and "Y llwybr diogelwch" in welsh and WELSH in welsh


def test_a_typical_house_is_one_page_and_a_full_one_carries_on_never_cut(app):
    with app.test_request_context():
        assert len(house_paged(house(), {}, "Maisie", "Dana Worker", "conference").pages) == 1
        full = house(
            people=[
                house_person(f"p{n}", f"Person number {n}", ("inside", "garden", "outside")[n % 3]) for n in range(30)
            ],
            rules=[house_rule(f"r{n}", f"Rule {n}: " + "ŵ" * 580) for n in range(20)],
        )
        text = pdf_text(house_pdf(full, {}, "Maisie", "Dana Worker"))
    assert all(f"Person number {n}" in text for n in range(30))
    assert all(f"Rule {n}:" in text for n in range(20))


def test_the_file_for_parents_leaves_out_what_the_child_did_not_want_them_to_see_and_says_so(app):
    with app.test_request_context():
        text = pdf_text(house_pdf(house(), {}, "Maisie", "Dana Worker", "parents"))
    assert "Nain" in text and "Sarah (a parent): 8" in text and WHY in text
    assert "Mr Evans" not in text and "Uncle Dai" not in text and "Dad doesn't shout" not in text
    assert "2 people in the Safety House; 2 rules on the roof" in text


def test_the_pack_section_and_its_json_follow_the_child_s_wishes(app, db, records):
    maisie = records.children["Maisie"]
    artefact_id = records.sync(house(maisie))
    worker = next(db.query("SELECT * FROM users WHERE username = 'demo.worker'"))
    with app.test_request_context():
        assessment_id = store.create(db, worker, maisie, "single", date(2027, 3, 27), "LCS-1")
        store.attach(db, worker, store.get(db, maisie, assessment_id), artefact_id)
        child = next(db.query("SELECT * FROM children WHERE id = ?", [maisie]))
        for who, rule_shown in (("conference", True), ("parents", False)):
            pack = gather(db, child, store.get(db, maisie, assessment_id), who)
            [as_pdf] = pack_pdf(db, worker, pack).files
            text = pdf_text(as_pdf.data)
            assert ("Dad doesn't shout at night" in text) == rule_shown
            assert "Safety House" in text and "The child: 3" in text
            [as_json] = pack_json(db, worker, pack).files
            [artefact] = json.loads(as_json.data)["artefacts"]
            assert artefact["kind"] == "safety_house"
            assert (RULE in [word["text"] for word in artefact["words"]]) == rule_shown
    page = signed_in(app, "demo.worker").get(f"/children/{maisie}/assessments/{assessment_id}").get_data(as_text=True)
    assert "The child (the child&#39;s own number on the safety path): 3" in page
    assert "Sarah (a parent&#39;s number on the safety path): 8" in page


def test_a_visit_carries_the_childs_latest_version_with_its_drawing(app, db, records):
    """ "Prepare for visits" carries the head of the chain (not a version another supersedes, not one
    held for review), with its drawing, so a later visit starts from it (visit.py)."""
    maisie = records.children["Maisie"]
    with app.app_context():
        assert safety_house.for_visit(db, maisie) == {"safety_house": None}
    first = records.sync(document_of(maisie, people=[house_person("p1", "Nain")]))
    drawing = scribble()
    second = records.sync(
        document_of(maisie, people=[house_person("p1", "Nain")], ink="ink-house", version=2, supersedes=first),
        [("ink-house", ink.MEDIA_TYPE, drawing)],
    )
    with app.app_context():
        carried = safety_house.for_visit(db, maisie)["safety_house"]
    assert carried["id"] == second and carried["content"]["version"] == 2
    assert [(part["name"], base64.b64decode(part["data"])) for part in carried["parts"]] == [("ink-house", drawing)]
    with app.app_context():
        assert safety_house.for_visit(db, records.children["Ava"]) == {"safety_house": None}


def test_the_childs_network_page_shows_the_people_of_their_latest_safety_house(app, db, records):
    """The people feed the safety network view: beside the network (or where there is none yet), each
    person of the latest version with where the child put them."""
    maisie = records.children["Maisie"]
    records.sync(
        document_of(
            maisie,
            people=[
                house_person("p1", "Nain"),
                house_person("p2", "Mrs Jones", zone="garden"),
                house_person("p3", "Gary", zone="outside", only_with_safe_adult=True),
            ],
        )
    )
    page = signed_in(app, "demo.worker").get(f"/children/{maisie}/network").get_data(as_text=True)
    assert "People the child named in other work" in page
    for name, where in (
        ("Nain", "Inside the house, in the Safety House of"),
        ("Mrs Jones", "In the garden and on the path, in the Safety House of"),
        ("Gary", "Outside the red line, only with a safe adult, in the Safety House of"),
    ):
        assert re.search(rf">{re.escape(name)}</dt>\s*<dd[^>]*>{re.escape(where)} ", page), name
    ava = signed_in(app, "demo.worker").get(f"/children/{records.children['Ava']}/network").get_data(as_text=True)
    assert "People the child named in other work" not in ava


def test_the_record_shows_where_each_person_was_version_by_version(app, db, records):
    """How the people changed over time: each person followed by their id across the versions, named
    as the latest names them, "not in it" where a version left them out."""
    maisie = records.children["Maisie"]
    first = records.sync(document_of(maisie, people=[house_person("p1", "Dave", zone="outside")]))
    second = records.sync(
        document_of(
            maisie,
            people=[house_person("p1", "Uncle Dave", zone="garden"), house_person("p2", "Nain")],
            version=2,
            supersedes=first,
        )
    )
    page = signed_in(app, "demo.worker").get(f"/children/{maisie}/records/{second}").get_data(as_text=True)
    table = page[page.index("Where each person was, version by version") :]
    rows = [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table[: table.index("</table>")], re.S)
    ]
    assert rows == [
        ["Person", "Version 1", "Version 2"],
        ["Uncle Dave", "Outside", "Garden"],
        ["Nain", "Not in it", "Inside"],
    ]
