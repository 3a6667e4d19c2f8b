"""Searching the children's words: Welsh words are found without their accents, only among the
children the worker may see; what was typed never reaches FTS5 as syntax nor travels in a URL; the
words are shown exactly as stored with the matches marked safely; and each child shown is audited."""

import re

import pytest

from sofs_direct.platform.db import write
from sofs_direct.records import search
from tests.conftest import child_ids, csrf_token, signed_in
from tests.pages.test_timeline import add_other_manager
from tests.sync_helpers import StoreTablet
from tests.tablet_client import three_houses, word, words_pictures

HOSTILE = "<script>window.gotYou = 1</script> & <b>Dŵr</b>"
# What people paste or mistype that would be FTS5 syntax if passed on: none may raise.
SYNTAX = [
    '"',
    '""',
    "*",
    "AND (",
    "OR",
    "NOT",
    "NEAR(",
    "NEAR(dwr ysgol, 2)",
    "dwr OR",
    "^dwr",
    "text:dwr",
    "-dwr",
    "dwr*",
    "(dwr",
    "dwr)",
    "{text}: dwr",
    "'",
    "\\",
    "%",
    "_",
    "dwr' OR '1'='1",
    "🙂",
    "ŵ\u0302",
]


class Words:
    """Children's words synced through the real ingest: Maisie's and Tomos's by demo.worker (the
    Demo Team), Leo's by other.worker (the Other Team)."""

    def __init__(self, app, db):
        self.app, self.db = app, db
        self.children = child_ids(db)
        with app.app_context():
            self.tablets = {username: StoreTablet(db, username) for username in ("demo.worker", "other.worker")}

    def session(self, child, words, username="demo.worker", started="2026-11-23T10:00:00.000Z"):
        document = three_houses(
            self.children[child], houses={"good": {"words": words}}, session={"started_at": started}
        )
        with self.app.app_context():
            return self.tablets[username].store(document, self.app.config["PARTS_DIR"])

    def build(self):
        self.maisie = self.session(
            "Maisie",
            [
                word("w1", "Dŵr y môr", share=["conference", "parents"], at="2026-11-23T10:01:00.000Z"),
                word("w2", "Mae'r ŵyn bach yn y cae", by="worker", share=[], at="2026-11-23T10:02:00.000Z"),
                word("w3", HOSTILE, at="2026-11-23T10:03:00.000Z"),
            ],
        )
        self.tomos = self.session(
            "Tomos",
            [word("w1", "Dwr oer yn yr ysgol", at="2026-11-24T10:00:00.000Z")],
            started="2026-11-24T10:00:00.000Z",
        )
        self.leo = self.session(
            "Leo", [word("w1", "Dŵr secret of Leo", at="2026-11-25T10:00:00.000Z")], username="other.worker"
        )
        return self


@pytest.fixture
def words(app, db):
    return Words(app, db).build()


def user(db, username):
    return next(db.query("SELECT * FROM users WHERE username = ?", [username]))


def found(app, db, username, text, limit=search.LIMIT):
    with app.test_request_context():
        return [(hit["known_as"], hit["text"]) for hit in search.search(db, user(db, username), text, limit)]


# --- the expression -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expression",
    [
        ("dwr", '"dwr"*'),
        ("Dŵr y môr", '"dwr" "y" "mor"*'),
        ("  ŴYN  ", '"wyn"*'),
        ("Mae'r", '"mae" "r"'),  # the apostrophe separates words, as in the index; a lone letter is whole
        ("AND (", '"and"*'),
        ("NEAR(dwr ysgol, 2)", '"near" "dwr" "ysgol" "2"'),
        ("text:dwr", '"text" "dwr"*'),
        ("snake_case", '"snake" "case"*'),
        ("ŵ\u0302", '"w"'),
        ('"', None),
        ("*", None),
        ("()-^:", None),
        ("", None),
        ("   ", None),
        ("🙂", None),
    ],
)
def test_what_was_typed_becomes_quoted_words_only(text, expression):
    assert search.match_expression(text) == expression


def test_no_more_than_a_handful_of_words_reach_the_index():
    assert search.match_expression("a " * 500).count('"a"') == search.WORDS_MAX


@pytest.mark.parametrize(
    "text, query, segments",
    [
        ("Dŵr y môr", "dwr", [("Dŵr", True), (" y môr", False)]),
        ("Dŵr y môr", "MOR", [("Dŵr y ", False), ("môr", True)]),
        ("Mae'r ŵyn bach", "wy", [("Mae'r ", False), ("ŵyn", True), (" bach", False)]),
        ("dwr dwrdd dwr", "dwr bach", [("dwr", True), (" dwrdd ", False), ("dwr", True)]),  # only the last is a prefix
        ("<b>Dŵr</b>", "b", [("<", False), ("b", True), (">Dŵr</", False), ("b", True), (">", False)]),
        ("nothing here", '"', [("nothing here", False)]),
    ],
)
def test_matches_are_marked_by_folding_accents_and_case(text, query, segments):
    assert search.marked(text, query) == segments
    assert "".join(piece for piece, _hit in segments) == text  # the words themselves are never changed


# --- searching ----------------------------------------------------------------------------------------


def test_dwr_finds_dwr_with_its_accent_and_wyn_finds_wyn(app, db, words):
    assert found(app, db, "demo.worker", "dwr") == [
        ("Tomos", "Dwr oer yn yr ysgol"),
        ("Maisie", HOSTILE),
        ("Maisie", "Dŵr y môr"),
    ]
    assert found(app, db, "demo.worker", "wyn") == [("Maisie", "Mae'r ŵyn bach yn y cae")]
    assert found(app, db, "demo.worker", "DŴR MÔR") == [("Maisie", "Dŵr y môr")]
    assert found(app, db, "demo.worker", "ysg") == [("Tomos", "Dwr oer yn yr ysgol")]  # the start of a word
    assert found(app, db, "demo.worker", "dwr cath") == []  # every word must be there


def test_a_hit_says_who_wrote_it_down_when_the_tool_and_the_wish(app, db, words):
    with app.test_request_context():
        hits = search.search(db, user(db, "demo.worker"), "dwr ŵyn")  # no single entry has both
        assert hits == []
        hit = search.search(db, user(db, "demo.worker"), "ŵyn")[0]
    assert (hit["artefact_id"], hit["child_id"], hit["by"], hit["share"]) == (
        words.maisie,
        words.children["Maisie"],
        "worker",
        [],
    )
    assert (hit["tool"], hit["where"], hit["wish"], hit["day"]) == (
        "Three Houses",
        "House of Good Things",
        "Nobody",
        "23 November 2026",
    )


def test_another_caseloads_words_are_never_found(app, db, words):
    """A word stored for Leo (the Other Team's child) is found by his worker and his manager only."""
    add_other_manager(app, db)
    for username in ("demo.worker", "demo.manager"):
        assert ("Leo", "Dŵr secret of Leo") not in found(app, db, username, "dwr")
        assert found(app, db, username, "secret") == []
    assert found(app, db, "other.worker", "dwr") == [("Leo", "Dŵr secret of Leo")]
    assert found(app, db, "other.manager", "secret") == [("Leo", "Dŵr secret of Leo")]
    assert found(app, db, "demo.admin", "dwr") == []  # an admin sees no child's words


def test_a_manager_searches_the_whole_team_and_a_worker_only_their_caseload(app, db, words):
    from sofs_direct.platform.children import set_allocation

    set_allocation(db, words.children["Tomos"], [user(db, "demo.manager")["id"]])
    assert [name for name, _text in found(app, db, "demo.worker", "dwr")] == ["Maisie", "Maisie"]
    assert [name for name, _text in found(app, db, "demo.manager", "dwr")] == ["Tomos", "Maisie", "Maisie"]


def test_held_back_artefacts_are_not_found_even_if_still_indexed(app, db, words):
    with write(db):
        db.execute("UPDATE artefacts SET flag = 'quarantined' WHERE id = ?", [words.tomos])
    assert found(app, db, "demo.worker", "dwr") == [("Maisie", HOSTILE), ("Maisie", "Dŵr y môr")]


def test_a_storyboards_childrens_words_are_found_too(app, db, words):
    document = words_pictures(
        words.children["Maisie"],
        pages=[
            {"text": "Nain helps.", "children": {"name": "Maisie", "text": "Rwy'n caru Nain a'r ŵyn", "drawing": None}}
        ],
    )
    with app.app_context():
        words.tablets["demo.worker"].store(document, app.config["PARTS_DIR"])
    with app.test_request_context():
        hit = search.search(db, user(db, "demo.worker"), "caru")[0]
    assert (hit["tool"], hit["where"], hit["wish"], hit["by"]) == (
        "Words and Pictures",
        "",
        "Parents, safety network and conference",
        "child",
    )


@pytest.mark.parametrize("text", SYNTAX)
def test_fts_syntax_typed_by_a_person_never_raises(app, db, words, text):
    assert isinstance(found(app, db, "demo.worker", text), list)


def test_results_are_capped_newest_first(app, db, words):
    many = [word(f"w{n}", f"Ysgol {n}", at=f"2026-12-01T10:{n // 60:02d}:{n % 60:02d}.000Z") for n in range(100)]
    words.session("Ava", many, started="2026-12-01T10:00:00.000Z")
    hits = found(app, db, "demo.worker", "ysgol", limit=10)
    assert hits == [("Ava", f"Ysgol {n}") for n in range(99, 89, -1)]
    assert len(found(app, db, "demo.worker", "ysgol")) == search.LIMIT


def test_hits_are_grouped_by_child_by_name():
    hits = [
        {"child_id": "b", "known_as": "Tomos", "text": "1"},
        {"child_id": "a", "known_as": "maisie", "text": "2"},
        {"child_id": "b", "known_as": "Tomos", "text": "3"},
    ]
    groups = search.by_child(hits)
    assert [(group["known_as"], [hit["text"] for hit in group["hits"]]) for group in groups] == [
        ("maisie", ["2"]),
        ("Tomos", ["1", "3"]),
    ]


# --- the page -------------------------------------------------------------------------------------------


def post(client, text, token=None):
    return client.post("/search", data={"words": text, "csrf_token": token or csrf_token(client, "/search")})


def test_the_form_posts_the_words_never_puts_them_in_a_url(app, words):
    client = signed_in(app, "demo.worker")
    page = client.get("/search").get_data(as_text=True)
    form = re.search(r'<form method="post" action="/search" role="search"', page)
    assert form and 'name="words"' in page
    response = post(client, "dwr")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert client.get("/search?words=dwr").get_data(as_text=True).count("<mark>") == 0  # a URL runs nothing
    addresses = re.findall(r'(?:href|src|action)="([^"]*)"', response.get_data(as_text=True))
    assert addresses and not any("dwr" in address.lower() or "?" in address for address in addresses)


def test_the_results_show_the_words_as_stored_with_the_matches_marked_safely(app, words):
    response = post(signed_in(app, "demo.worker"), "dwr")
    page = response.get_data(as_text=True)
    assert "<mark>Dŵr</mark> y môr" in page and "<mark>Dwr</mark> oer yn yr ysgol" in page
    assert "&lt;script&gt;window.gotYou = 1&lt;/script&gt; &amp; &lt;b&gt;<mark>Dŵr</mark>&lt;/b&gt;" in page
    assert "<script>window" not in page and "<b>Dŵr" not in page
    maisie, tomos = words.children["Maisie"], words.children["Tomos"]
    assert page.index(f'href="/children/{maisie}">Maisie</a>') < page.index(f'href="/children/{tomos}">Tomos</a>')
    assert f'href="/children/{maisie}/records/{words.maisie}"' in page
    assert "child wrote" in page and "Three Houses, House of Good Things" in page
    assert "Sharing wish: Parents and conference" in page and "3 results." in page
    assert "Dŵr secret of Leo" not in page


def test_each_child_shown_is_audited_once_and_the_words_never(app, db, words):
    before = next(db.query("SELECT MAX(id) AS n FROM audit"))["n"]
    post(signed_in(app, "demo.worker"), "dwr ysgol")
    post(signed_in(app, "demo.worker"), "nothing-matches-this")
    rows = list(db.query("SELECT * FROM audit WHERE id > ? AND what = 'search.search'", [before]))
    assert [(row["action"], row["child_id"]) for row in rows] == [("view", words.children["Tomos"])]
    post(signed_in(app, "demo.worker"), "dwr")
    rows = list(db.query("SELECT * FROM audit WHERE id > ? AND what = 'search.search'", [before]))
    assert sorted(row["child_id"] for row in rows[1:]) == sorted([words.children["Maisie"], words.children["Tomos"]])
    everything = " ".join(
        str(value) for row in db.query("SELECT * FROM audit WHERE id > ?", [before]) for value in row.values()
    )
    assert "dwr" not in everything.lower() and "ysgol" not in everything.lower()


def test_the_cap_is_said_plainly(app, words):
    words.session("Ava", [word(f"w{n}", f"Ysgol {n}") for n in range(100)], started="2026-12-01T10:00:00.000Z")
    page = post(signed_in(app, "demo.worker"), "ysgol").get_data(as_text=True)
    assert "Showing the first 100 results" in page and page.count("<mark>") == 100


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Enter a word to search for"),
        ("   ", "Enter a word to search for"),
        ("d" * 201, "Search for 200 characters or fewer"),
        ("dwr\x00", "Remove special characters"),
        ("dwr\x1b[31m", "Remove special characters"),
    ],
)
def test_a_search_that_cannot_run_is_a_400_with_the_problem(app, db, words, text, message):
    client = signed_in(app, "demo.worker")
    before = db["audit"].count
    response = post(client, text)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "govuk-error-summary" in page and message in page
    assert "<mark>" not in page and db["audit"].count == before


@pytest.mark.parametrize("text", SYNTAX)
def test_syntax_gives_a_plain_answer_never_an_error(app, words, text):
    response = post(signed_in(app, "demo.worker"), text)
    assert response.status_code == 200, text
    page = response.get_data(as_text=True)
    assert "Type a word to search for" in page or "No results" in page or "<mark>" in page


def test_without_the_form_token_nothing_runs(app, words):
    client = signed_in(app, "demo.worker")
    response = client.post("/search", data={"words": "dwr"})
    assert response.status_code == 400 and "<mark>" not in response.get_data(as_text=True)


def test_only_practitioners_and_managers_can_search(app):
    assert signed_in(app, "demo.admin").get("/search").status_code == 404
    assert signed_in(app, "demo.admin").post("/search", data={"words": "dwr"}).status_code in (400, 404)
    assert app.test_client().get("/search").status_code == 303
    for username in ("demo.worker", "demo.manager"):
        page = signed_in(app, username).get("/search").get_data(as_text=True)
        assert '<a class="govuk-service-navigation__link" href="/search"' in page
    assert 'href="/search"' not in signed_in(app, "demo.admin").get("/admin/").get_data(as_text=True)


def test_the_day_is_the_uk_day_the_child_said_it(app, db, words):
    words.session("Ava", [word("w1", "Haf hir", at="2026-06-30T23:30:00.000Z")], started="2026-06-30T23:00:00.000Z")
    with app.test_request_context():
        assert search.search(db, user(db, "demo.worker"), "haf")[0]["day"] == "1 July 2026"


def test_the_worker_searches_from_the_navigation_in_the_browser(page, start_server, app, words):
    from playwright.sync_api import expect

    from tests.tablet.test_browser import axe_violations, sign_in

    server = start_server()
    sign_in(page, server)
    page.get_by_role("link", name="Search", exact=True).tap()
    page.get_by_label("Words to search for").fill("dwr")
    page.get_by_role("button", name="Search", exact=True).tap()
    expect(page.locator("mark")).to_have_count(3)
    expect(page.locator("mark").first).to_have_text("Dŵr")
    assert page.url == f"{server.url}/search"  # the words are in no address
    assert page.evaluate("window.gotYou") is None
    assert axe_violations(page) == []
    page.get_by_role("link", name="Open the record (Three Houses, 24 November 2026)").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Three Houses")
