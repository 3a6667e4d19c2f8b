"""Sort the pictures (docs/picture-sort.md): a sort the doc allows is stored exactly as made and each
limit of its contract is refused one past it in words the worker can act on; the final places and
the moves can never disagree; the whole sort reaches only the audiences the child chose; the sorted
cards and the child's words are the child's voice (searchable, fed to the mapping by each column's
leaning); the record page shows the board, the changes of mind and the worker's notes; "My picture
sort" prints the cards as real text with their symbols; the team's card sets are the team's alone,
changed only with a CSRF token, audited, and saved from a sort marked "save for my team", once."""

import copy
import itertools
import json
from datetime import date

import pytest

from sofs_direct.artefacts import audience, contracts, voice
from sofs_direct.artefacts.export_layout import standalone_pdf
from sofs_direct.assessments import signs_of_safety, store
from sofs_direct.exports.pack import gather, pack_pdf
from sofs_direct.exports.pack_json import pack_json
from sofs_direct.paper import ink
from sofs_direct.platform.invalid import DocumentInvalid
from sofs_direct.records import search
from sofs_direct.tools import picture_sort
from tests.conftest import csrf_token, post_form, signed_in
from tests.pages.test_records import Records
from tests.pdf_reader import pdf_text
from tests.tablet_client import change, sort_card
from tests.tablet_client import picture_sort as document_of
from tests.tools.test_words_pictures import scribble

PS = contracts.load("picture_sort")
CHILD = "6f1f8a3e-2c55-4c57-9b4e-0a4a3f3f0c11"
SAID = "I like it when Nain picks me up from school"
WELSH = "Ysgol Gymraeg: dŵr, tŷ"


@pytest.fixture(autouse=True)
def in_app(request, app):
    if "records" in request.fixturenames:
        yield
        return
    with app.app_context():
        yield


@pytest.fixture
def records(app, db):
    with app.app_context():
        return Records(app, db)


def sort(child=CHILD, **options) -> dict:
    """School to "Not sure" then to "Good" (a change of mind), Bedtime to "Not good", Dad in the
    tray, the child's drawn card to "Good"; the worker's notes."""
    defaults = {
        "cards": [
            sort_card("k1", "School", "school"),
            sort_card("k2", "Bedtime", "bedtime"),
            sort_card("k3", "Dad", "dad"),
            sort_card("k4", "", by="child", drawing="card-k4"),
            sort_card("k5", WELSH, "school", by="worker", language="cy"),
        ],
        "moves": [
            ("k1", "not-sure", "drag"),
            ("k2", "not-good", "buttons"),
            ("k1", "good", "buttons"),
            ("k4", "good", "drag"),
            ("k5", "good", "drag"),
        ],
        "notes": [
            {"id": "n1", "text": SAID, "noted": "said", "at": "2026-11-23T10:20:00.000Z"},
            {
                "id": "n2",
                "text": "Turned the bedtime card over and pushed it away",
                "noted": "did",
                "at": "2026-11-23T10:21:00.000Z",
            },
        ],
        "share": ["conference"],
    }
    return document_of(child, **{**defaults, **options})


PARTS = {"card-k4": ink.MEDIA_TYPE}


def content(**options) -> dict:
    return sort(**options)["content"]


def refused(value, parts=PARTS, final=True) -> str:
    with pytest.raises(DocumentInvalid) as caught:
        picture_sort.validate(value, parts, final=final)
    return str(caught.value.reason)


def spoilt(path: str, value, **options) -> dict:
    made = content(**options)
    change(path, value)(made)
    return made


# --- the checks -----------------------------------------------------------------------------------


def test_a_sort_the_doc_allows_is_accepted_finished_and_as_a_draft():
    made = content()
    picture_sort.validate(made, PARTS)
    picture_sort.check_parts(made, {"card-k4": scribble()})
    path = content(
        shape="path",
        columns=[
            {"id": "low", "words": "Really bad", "symbol": "sad", "leaning": "not_good"},
            {"id": "high", "words": "Really good", "symbol": "happy", "leaning": "good"},
        ],
        cards=[sort_card("k1", "School")],
        moves=[("k1", 7, "drag"), ("k1", 3, "buttons")],
    )
    picture_sort.validate(path, {})
    draft = content(cards=[sort_card("k1", "")], moves=[], notes=[])
    draft["board"]["columns"][0]["words"] = ""
    picture_sort.validate(draft, {}, final=False)


@pytest.mark.parametrize(
    ("field", "most", "said"),
    [
        ("cards", PS["cards_max"], "at most 40 cards"),
        ("notes", PS["notes_max"], "at most 30 notes"),
    ],
)
def test_each_count_is_allowed_at_its_limit_and_refused_over_it(field, most, said):
    def items(count):
        if field == "cards":
            return {"cards": [sort_card(f"k{n}", f"Card {n}") for n in range(count)], "moves": [("k0", "good", "drag")]}
        return {
            "notes": [
                {"id": f"n{n}", "text": "x", "noted": "said", "at": "2026-11-23T10:20:00.000Z"} for n in range(count)
            ]
        }

    picture_sort.validate(content(**items(most)), PARTS if field == "notes" else {})
    assert said in refused(content(**items(most + 1)), PARTS if field == "notes" else {})


def test_the_moves_and_the_board_s_columns_are_bounded_by_the_contract():
    many = [("k1", "good" if n % 2 else "not-good", "drag") for n in range(PS["moves_max"])]
    picture_sort.validate(content(cards=[sort_card("k1", "School")], moves=many, notes=[]), {})
    assert "at most 400 moves" in refused(content(cards=[sort_card("k1", "School")], moves=[*many, many[0]]), {})
    one = [{"id": "c1", "words": "Like", "symbol": None, "leaning": "good"}]
    assert "from 2 to 5 columns" in refused(content(columns=one, moves=[]), {})
    six = [{"id": f"c{n}", "words": f"C{n}", "symbol": None, "leaning": "none"} for n in range(6)]
    assert "from 2 to 5 columns" in refused(content(columns=six, moves=[]), {})
    assert "two ends" in refused(content(shape="path", moves=[]), {})


@pytest.mark.parametrize(
    ("path", "limit", "said"),
    [
        ("cards.0.words", PS["card_words_max"], "The words of card 1"),
        ("board.columns.0.words", PS["column_words_max"], "The words of column 1"),
        ("notes.0.text", PS["note_max"], "The words of note 1"),
        ("set.name", PS["set_name_max"], "The name of the card set"),
    ],
)
def test_each_text_is_allowed_at_its_limit_and_refused_one_over_it(path, limit, said):
    picture_sort.validate(spoilt(path, "ŵ" * limit), PARTS)
    assert said in refused(spoilt(path, "ŵ" * (limit + 1)))


@pytest.mark.parametrize(
    ("path", "value", "said"),
    [
        ("cards.0.column", "not-sure", "Card 1, School is not where its last move put it"),
        ("moves.0.column", "upstairs", "Move 1 is in a column the board does not have"),
        ("moves.0.number", 4, "Move 1 must be on the path"),
        ("moves.0.how", "thought", "by dragging or with the buttons"),
        ("cards.0.drawing", "card-k1", "only the child's own cards are drawn"),
        ("cards.3.drawing", "card-k9", "must name its drawing card-k4"),
        ("cards.0.by", "parent", "a set, the worker or the child"),
        ("cards.0.language", "fr", "en or cy"),
        ("cards.1.id", "k1", "same id as another"),
        ("board.columns.0.leaning", "great", "good, not sure, not good or none"),
        ("board.shape", "circle", "columns or a path"),
        ("notes.0.noted", "thought", "said it or did it"),
        ("share", ["teacher"], "names someone this server does not know"),
        ("set.save_for_team", "yes", "yes or no"),
        ("cards.0.colour", "red", "fields this server does not know"),
    ],
)
def test_what_the_doc_does_not_allow_is_refused_in_words(path, value, said):
    assert said in refused(spoilt(path, value))


def test_finishing_needs_a_sorted_card_and_words_on_every_column_and_card():
    nothing_sorted = content(moves=[])
    assert "Sort at least one card" in refused(nothing_sorted)
    picture_sort.validate(nothing_sorted, PARTS, final=False)
    assert "Give column 2 its words" in refused(spoilt("board.columns.1.words", " "))
    assert "Card 3 has no words, symbol or drawing" in refused(
        content(
            cards=[sort_card("k1", "School"), sort_card("k2", "Bed"), sort_card("k3", "")],
            moves=[("k1", "good", "drag")],
        ),
        {},
    )
    assert "Give the card set a name" in refused(spoilt("set", {"id": None, "name": "", "save_for_team": True}))


def test_parts_must_be_the_drawn_cards_and_decode():
    assert "was not sent with the sort" in refused(content(), {})
    assert "does not use: card-k9" in refused(content(), {**PARTS, "card-k9": ink.MEDIA_TYPE})
    with pytest.raises(DocumentInvalid, match="The drawing of card 4 cannot be read"):
        picture_sort.check_parts(content(), {"card-k4": b"not a drawing"})


# --- who may see it -------------------------------------------------------------------------------

WISHES = ["ask", []] + [
    list(chosen) for size in (1, 2, 3) for chosen in itertools.combinations(("parents", "network", "conference"), size)
]


@pytest.mark.parametrize("wish", WISHES, ids=str)
def test_the_sort_reaches_exactly_the_audiences_the_child_chose(wish):
    for who in audience.AUDIENCES:
        made = content(share=wish)
        withheld = picture_sort.for_audience(made, who)
        shown = who == "record" or (isinstance(wish, list) and who in wish)
        assert bool(made["cards"]) == shown and bool(made["moves"]) == shown and bool(made["notes"]) == shown
        assert withheld == ([] if shown else ["5 cards in the picture sort", "2 notes of the picture sort"])
        assert made["board"]["columns"][0]["words"] == "Good"  # the board is the visit's, not the child's


# --- the child's voice ----------------------------------------------------------------------------


def test_the_sorted_cards_and_what_the_child_said_are_the_child_s_voice_by_leaning():
    items = picture_sort.voice_items(content())
    assert [(item["text"], item["place"], item["by"]) for item in items] == [
        ("School — Good", "good", "child"),
        ("Bedtime — Not good", "not_good", "child"),
        (f"{WELSH} — Good", "good", "child"),
        (SAID, "notes", "worker"),
    ]
    assert all(item["share"] == ["conference"] for item in items)
    assert picture_sort.voice_place("good")[1] == "working_well"
    assert picture_sort.voice_place("not_good")[1] == "worried"
    assert picture_sort.voice_place("not_sure")[1] is None
    assert picture_sort.voice_place("elsewhere") == ("", None)
    path = content(
        shape="path",
        columns=[
            {"id": "low", "words": "Bad", "symbol": None, "leaning": "not_good"},
            {"id": "high", "words": "Good", "symbol": None, "leaning": "good"},
        ],
        cards=[sort_card("k1", "School"), sort_card("k2", "Home"), sort_card("k3", "Bed")],
        moves=[("k1", 9, "drag"), ("k2", 5, "drag"), ("k3", 1, "drag")],
        notes=[],
    )
    assert [(item["text"], item["place"]) for item in picture_sort.voice_items(path)] == [
        ("School — 9", "good"),
        ("Home — 5", "none"),
        ("Bed — 1", "not_good"),
    ]


def test_the_cards_words_and_the_child_s_words_are_found_by_search_and_feed_the_mapping(app, db, records):
    maisie = records.children["Maisie"]
    artefact_id = records.sync(sort(maisie), [("card-k4", ink.MEDIA_TYPE, scribble())])
    worker = next(db.query("SELECT * FROM users WHERE username = 'demo.worker'"))
    with app.test_request_context():
        assert [hit["text"] for hit in search.search(db, worker, "bedtime")] == ["Bedtime — Not good"]
        assert [hit["text"] for hit in search.search(db, worker, "Nain picks")] == [SAID]
        assert [hit["text"] for hit in search.search(db, worker, "dwr")] == [f"{WELSH} — Good"]
        assessment_id = store.create(db, worker, maisie, "single", date(2027, 3, 27), "LCS-1")
        assessment = store.get(db, maisie, assessment_id)
        store.attach(db, worker, assessment, artefact_id)
        assert voice.place_of("picture_sort", "good").column == "working_well"
        signs_of_safety.place_words(
            db, worker, store.get(db, maisie, assessment_id), artefact_id, "card-k1", "working_well"
        )
        signs_of_safety.place_words(db, worker, store.get(db, maisie, assessment_id), artefact_id, "card-k2", "worried")
    page = signed_in(app, "demo.worker").get(f"/children/{maisie}/assessments/{assessment_id}").get_data(as_text=True)
    assert "School — Good" in page and "Bedtime — Not good" in page
    assert 'href="/children/' in page and "#card-k1" in page


# --- the record page, the timeline, the files -----------------------------------------------------


def test_the_record_page_shows_the_board_the_changes_and_the_worker_s_notes(app, db, records):
    maisie = records.children["Maisie"]
    drawing = scribble()
    artefact_id = records.sync(sort(maisie), [("card-k4", ink.MEDIA_TYPE, drawing)])
    client = signed_in(app, "demo.worker")
    page = client.get(f"/children/{maisie}/records/{artefact_id}").get_data(as_text=True)
    order = [
        page.index(f'id="{anchor}"') for anchor in ("place-good", "board-k1", "board-k4", "board-k5", "place-not-sure")
    ]
    assert order == sorted(order)
    order = [
        page.index(f'id="{anchor}"')
        for anchor in ("place-not-sure", "place-not-good", "board-k2", "place-tray", "board-k3")
    ]
    assert order == sorted(order)
    assert "“School” from Not sure to Good, with the buttons" in page
    assert page.index('id="card-k2"') < page.index("Bedtime — Not good") < page.index('id="card-k5"')
    assert "The child's own card" in page and SAID in page and "Worker scribed" in page
    assert 'lang="cy"' in page
    picture = client.get(f"/children/{maisie}/records/{artefact_id}/picture-sort/cards/k4.png")
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    assert client.get(f"/children/{maisie}/records/{artefact_id}/picture-sort/cards/k1.png").status_code == 404
    timeline = client.get(f"/children/{maisie}/timeline?kind=picture_sort").get_data(as_text=True)
    assert "4 of 5 cards sorted, 1 change of mind" in timeline
    assert "School, The child&#39;s own drawing" in timeline and "1 change" in timeline


def test_my_picture_sort_prints_the_cards_as_text_with_their_symbols_and_leaves_out_what_it_must(app):
    made = sort()
    parts = {"card-k4": scribble()}
    text = pdf_text(standalone_pdf("picture_sort", made, parts, "Maisie", "Sam Worker"))
    for words in ("My picture sort", "Good", "Not sure", "Not good", "School", "Bedtime", WELSH, "Dad", SAID):
        assert words in text, words
    assert "from Not sure to Good" in text
    # The symbols are drawn into the PDF as vectors (fpdf2 draws the SVG's paths): without them it is smaller.
    plain = copy.deepcopy(made)
    for item in plain["content"]["cards"] + plain["content"]["board"]["columns"]:
        item["symbol"] = None
    symbols_drawn = standalone_pdf("picture_sort", made, parts, "Maisie", "Sam Worker")
    assert len(symbols_drawn) > len(standalone_pdf("picture_sort", plain, parts, "Maisie", "Sam Worker")) + 2000
    for_parents = pdf_text(standalone_pdf("picture_sort", made, parts, "Maisie", "Sam Worker", audience="parents"))
    assert "Bedtime" not in for_parents and SAID not in for_parents and "from Not sure" not in for_parents
    assert "5 cards in the picture sort" in for_parents


def test_the_pack_section_and_its_json_follow_the_child_s_wish(app, db, records):
    maisie = records.children["Maisie"]
    artefact_id = records.sync(sort(maisie), [("card-k4", ink.MEDIA_TYPE, scribble())])
    worker = next(db.query("SELECT * FROM users WHERE username = 'demo.worker'"))
    with app.test_request_context():
        assessment_id = store.create(db, worker, maisie, "single", date(2027, 3, 27), "LCS-1")
        store.attach(db, worker, store.get(db, maisie, assessment_id), artefact_id)
        child = next(db.query("SELECT * FROM children WHERE id = ?", [maisie]))
        for who, shown in (("conference", True), ("parents", False)):
            pack = gather(db, child, store.get(db, maisie, assessment_id), who)
            [as_pdf] = pack_pdf(db, worker, pack).files
            assert ("Bedtime" in pdf_text(as_pdf.data)) == shown
            [as_json] = pack_json(db, worker, pack).files
            [artefact] = json.loads(as_json.data)["artefacts"]
            assert artefact["kind"] == "picture_sort"
            assert ("School — Good" in [word["text"] for word in artefact["words"]]) == shown


# --- the team's card sets -------------------------------------------------------------------------


def _set_rows(db):
    return list(db.query("SELECT * FROM card_sets ORDER BY made_at, name"))


def test_the_team_makes_changes_and_deletes_its_card_sets_with_csrf_and_audit(app, db, records):
    client = signed_in(app, "demo.worker")
    listed = client.get("/card-sets").get_data(as_text=True)
    assert "What happens at bedtime" in listed and "no card sets of its own yet" in listed
    assert client.post("/card-sets/new", data={"name": "Contact", "symbols": ["dad"]}).status_code == 400
    assert _set_rows(db) == []
    answer = post_form(
        client,
        "/card-sets/new",
        {"name": "Contact with Dad", "language": "en", "symbols": ["dad", "home"], "own_words": "Dad's flat\nThe bus"},
    )
    assert answer.status_code == 303
    [made] = _set_rows(db)
    assert made["name"] == "Contact with Dad"
    assert [card["words"] for card in json.loads(made["cards"])][-2:] == ["Dad's flat", "The bus"]
    assert {card["symbol"] for card in json.loads(made["cards"])} == {"dad", "home", None}
    listed = client.get("/card-sets").get_data(as_text=True)
    assert "Contact with Dad" in listed and "Dad&#39;s flat" in listed
    edit = post_form(
        client, f"/card-sets/{made['id']}", {"name": "Seeing Dad", "language": "cy", "own_words": "Fflat Dad"}
    )
    assert edit.status_code == 303
    [changed] = _set_rows(db)
    assert changed["name"] == "Seeing Dad" and json.loads(changed["cards"]) == [
        {"words": "Fflat Dad", "symbol": None, "language": "cy"}
    ]
    bad = post_form(client, f"/card-sets/{made['id']}", {"name": "", "own_words": ""})
    assert bad.status_code == 400 and "There is a problem" in bad.get_data(as_text=True)
    too_long = post_form(client, "/card-sets/new", {"name": "Long", "own_words": "x" * (PS["card_words_max"] + 1)})
    assert too_long.status_code == 400 and len(_set_rows(db)) == 1
    assert client.post(f"/card-sets/{made['id']}/delete").status_code == 400
    assert post_form(client, f"/card-sets/{made['id']}/delete", {}, page="/card-sets").status_code == 303
    assert _set_rows(db) == []
    audited = [row["what"] for row in db.query("SELECT what FROM audit WHERE what LIKE 'card_sets.%' ORDER BY id")]
    assert audited == ["card_sets.new", "card_sets.edit", "card_sets.delete"]


def test_another_team_s_sets_are_not_found(app, db, records):
    worker = signed_in(app, "demo.worker")
    post_form(worker, "/card-sets/new", {"name": "Ours", "own_words": "Our card"})
    [ours] = _set_rows(db)
    db.execute("INSERT INTO teams (name, created_at) VALUES ('North', '2026-01-01T00:00:00+00:00')")
    north = db.execute("SELECT id FROM teams WHERE name = 'North'").fetchone()[0]
    db.execute("UPDATE card_sets SET team_id = ? WHERE id = ?", [north, ours["id"]])
    db.conn.commit()
    assert "Ours" not in worker.get("/card-sets").get_data(as_text=True)
    assert worker.get(f"/card-sets/{ours['id']}").status_code == 404
    token = csrf_token(worker, "/card-sets/new")
    assert worker.post(f"/card-sets/{ours['id']}/delete", data={"csrf_token": token}).status_code == 404
    assert (
        worker.post(
            f"/card-sets/{ours['id']}", data={"csrf_token": token, "name": "Mine", "own_words": "x"}
        ).status_code
        == 404
    )
    assert len(_set_rows(db)) == 1


def test_a_sort_marked_save_for_my_team_saves_its_set_once_without_the_child_s_cards(app, db, records):
    maisie = records.children["Maisie"]
    made = sort(maisie, card_set={"id": None, "name": "School days", "save_for_team": True})
    parts = [("card-k4", ink.MEDIA_TYPE, scribble())]
    with app.app_context():
        upload = records.tablet.upload(made, parts)
        records.tablet.ingest(upload, app.config["PARTS_DIR"])
        records.tablet.ingest(upload, app.config["PARTS_DIR"])  # the same sort again (a retry): still one set
    [saved] = _set_rows(db)
    assert saved["name"] == "School days"
    assert [card["words"] for card in json.loads(saved["cards"])] == ["School", "Bedtime", "Dad", WELSH]
    prepared = signed_in(app, "demo.worker").get("/api/prepare").get_json()
    team = prepared["team"]["card_sets"]
    assert [found["name"] for found in team["team"]] == ["School days"]
    bedtime = next(found for found in team["starter"] if found["id"] == "bedtime")
    assert bedtime["name"] == {"en": "What happens at bedtime", "cy": bedtime["name"]["cy"]} and bedtime["name"]["cy"]
    assert all(card["words"]["en"] and card["words"]["cy"] for card in bedtime["cards"])


def test_a_team_keeps_at_most_its_limit_of_sets_and_is_told_so(app, db, records):
    from sofs_direct.tools.picture_sort.sets import save_set

    team = db.execute("SELECT team_id FROM users WHERE username = 'demo.worker'").fetchone()[0]
    card = [{"words": "A card", "symbol": None, "language": "en"}]
    with app.app_context():
        for number in range(PS["team_sets_max"]):
            save_set(db, team, None, f"Set {number}", card)
        db.conn.commit()
    answer = post_form(signed_in(app, "demo.worker"), "/card-sets/new", {"name": "One more", "own_words": "x"})
    assert answer.status_code == 400 and "at most 200 card sets" in answer.get_data(as_text=True)
    assert len(_set_rows(db)) == PS["team_sets_max"]
