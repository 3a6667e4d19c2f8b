"""The assessment pages through the test client: a worker starts an assessment, attaches a synced
Three Houses session, writes their analysis, places the child's words into the mapping (verbatim,
escaped, linked back), adds numbers on the scale and submits; the team manager authorises or
returns it with comments. Nobody else learns any of it exists."""

import re

import pytest

from sofs_direct.assessments import store
from sofs_direct.platform import accounts
from tests.conftest import DEMO_PASSWORD, child_ids, csrf_token, signed_in
from tests.sync_helpers import StoreTablet
from tests.tablet_client import three_houses, word

HOSTILE = "<script>window.gotYou = 1</script> & “quotes”"
WORRY = "When Dad shouts I hide under the bed"


class Visit:
    """Maisie's synced session and a worker signed in, with a CSRF token for their posts."""

    def __init__(self, app, db):
        self.app, self.db = app, db
        self.children = child_ids(db)
        self.maisie = self.children["Maisie"]
        with app.app_context():
            tablet = StoreTablet(db)
            self.session = tablet.store(
                three_houses(
                    self.maisie,
                    houses={
                        "good": {
                            "words": [word("w1", "Nain's garden"), word("w2", HOSTILE, by="worker", share=["parents"])]
                        },
                        "worries": {"words": [word("w3", WORRY, share=["conference"])]},
                    },
                ),
                app.config["PARTS_DIR"],
            )
            self.leo_session = StoreTablet(db, "other.worker").store(
                three_houses(self.children["Leo"], houses={"worries": {"words": [word("w1", "Leo's worry")]}}),
                app.config["PARTS_DIR"],
            )
        self.worker = signed_in(app, "demo.worker")
        self.token = csrf_token(self.worker, "/settings")

    def post(self, path, data, client=None, token=None):
        return (client or self.worker).post(path, data={**data, "csrf_token": token or self.token})

    def start(self, **fields):
        form = {
            "type": "single",
            "due-day": "27",
            "due-month": "3",
            "due-year": "2027",
            "case_reference": "LCS-104233",
            **fields,
        }
        response = self.post(f"/children/{self.maisie}/assessments", form)
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
        return response.headers["Location"].rsplit("/", 1)[1]

    def url(self, assessment_id, tail=""):
        return f"/children/{self.maisie}/assessments/{assessment_id}{tail}"

    def page(self, assessment_id, client=None):
        response = (client or self.worker).get(self.url(assessment_id))
        assert response.status_code == 200
        return response.get_data(as_text=True)


@pytest.fixture
def visit(app, db):
    return Visit(app, db)


def changes(db, child_id):
    return [
        row["what"]
        for row in db.query("SELECT what FROM audit WHERE child_id = ? AND action = 'change' ORDER BY id", [child_id])
    ]


def stored_analysis(db, assessment_id):
    return [
        row["analysis"]
        for row in db.query(
            "SELECT analysis FROM assessment_artefacts WHERE assessment_id = ? ORDER BY position", [assessment_id]
        )
    ]


def error_summary(page):
    match = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', page, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip() if match else ""


# --- the list and starting an assessment ----------------------------------------------------------


def test_a_worker_starts_an_assessment_with_the_child_s_case_reference_offered(visit):
    page = visit.worker.get(f"/children/{visit.maisie}/assessments").get_data(as_text=True)
    assert "No assessments have been started for Maisie" in page
    assert 'name="case_reference" type="text" spellcheck="false" autocomplete="off" value="LCS-104233"' in page
    assert 'id="due-day" name="due-day"' in page and 'id="due-year" name="due-year"' in page
    assessment_id = visit.start(type="conference")
    page = visit.page(assessment_id)
    assert "Assessment started" in page and "Child protection conference report" in page
    assert "27 March 2027" in page and "Draft" in page
    listing = visit.worker.get(f"/children/{visit.maisie}/assessments").get_data(as_text=True)
    assert visit.url(assessment_id) in listing and "LCS-104233" in listing


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"due-day": "31", "due-month": "2"}, "The due date must be a real date"),
        ({"due-day": "", "due-month": "", "due-year": ""}, "Enter the date the assessment is due"),
        ({"due-year": "1999"}, "The due date must be between 2000 and 2100"),
        ({"type": "family"}, "Choose the type of assessment"),
        ({"case_reference": "LCS\x00"}, "special characters"),
        ({"case_reference": "L" * 41}, "40 characters or fewer"),
    ],
)
def test_bad_details_show_an_error_summary_keep_what_was_typed_and_write_nothing(db, visit, fields, message):
    form = {
        "type": "single",
        "due-day": "27",
        "due-month": "3",
        "due-year": "2027",
        "case_reference": "Typed-ref",
        **fields,
    }
    response = visit.post(f"/children/{visit.maisie}/assessments", form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in error_summary(page) and "<title>Error:" in page
    if "case_reference" not in fields:
        assert 'value="Typed-ref"' in page
    assert db["assessments"].count == 0 and changes(db, visit.maisie) == ["artefact stored"]


# --- attaching, analysis and the mapping ----------------------------------------------------------


def test_attach_write_analysis_and_place_the_child_s_words(db, visit):
    assessment_id = visit.start()
    page = visit.page(assessment_id)
    assert "Attach direct work" in page and f'name="artefact_id" value="{visit.session}"' in page
    assert visit.leo_session not in page

    response = visit.post(visit.url(assessment_id, "/attach"), {"artefact_id": visit.session})
    assert response.status_code == 303 and response.headers["Location"].endswith("#attached")
    assert changes(db, visit.maisie)[-1] == "assessments.attach_work"  # audited as a change to Maisie
    page = visit.page(assessment_id)
    assert "Direct work attached" in page and f"/records/{visit.session}/thumbnail.png" in page
    assert f'href="/children/{visit.maisie}/records/{visit.session}"' in page

    # The words waiting to be placed, each with its usual column chosen.
    place = page[page.index('id="place-words"') : page.index('id="scaling"')]
    assert f"“{WORRY}”" in place and "&lt;script&gt;window.gotYou" in place and "<script>window" not in place
    worry_select = place[place.index(f'id="column-{visit.session}-w3"') :]
    assert re.search(r'<option value="worried" selected>', worry_select[:600])

    analysis = "She drew Dad big.\n\tAt night it is worse <b>always</b>."
    assert (
        visit.post(
            visit.url(assessment_id, "/analysis"), {"artefact_id": visit.session, "analysis": analysis}
        ).status_code
        == 303
    )
    for item, column in (("w3", "worried"), ("w2", "working_well")):
        response = visit.post(
            visit.url(assessment_id, "/words"), {"artefact_id": visit.session, "item": item, "column": column}
        )
        assert response.status_code == 303
    assert (
        visit.post(
            visit.url(assessment_id, "/entries"), {"column": "needs_to_happen", "text": "Mum to see the GP"}
        ).status_code
        == 303
    )

    page = visit.page(assessment_id)
    assert "She drew Dad big.\n\tAt night it is worse &lt;b&gt;always&lt;/b&gt;." in page
    worried = page[page.index('id="column-worried"') : page.index('id="column-working_well"')]
    assert f"“{WORRY}”" in worried and "Child wrote" in worried and "Who may see it: Conference" in worried
    assert f'href="/children/{visit.maisie}/records/{visit.session}#word-w3"' in worried
    assert "House of Worries" in worried
    working = page[page.index('id="column-working_well"') : page.index('id="column-needs_to_happen"')]
    assert "Worker scribed" in working and "Who may see it: Parents" in working and "<script>window" not in working
    assert "Mum to see the GP" in page[page.index('id="column-needs_to_happen"') :]
    # w1 is still waiting; w3 and w2 are no longer offered.
    place = page[page.index('id="place-words"') : page.index('id="scaling"')]
    assert "Nain&#39;s garden" in place and WORRY not in place
    listing = visit.worker.get(f"/children/{visit.maisie}/assessments").get_data(as_text=True)
    assert re.search(r'numeric">1</td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">2</td>', listing)

    # The record page has the anchor the mapping links to.
    record = visit.worker.get(f"/children/{visit.maisie}/records/{visit.session}").get_data(as_text=True)
    assert 'id="word-w3"' in record


def test_words_said_over_a_recording_of_the_whole_session_open_place_and_detach(app, db, visit):
    """Issue 13: the words at a marked moment of a recording of the whole session (not of one house)
    made the assessment page a 500 for everyone, for good, with the detach button on that page."""
    from tests.tools.test_consent import WORDS_SAID, clip, consented, sound_parts

    said = WORDS_SAID.replace("'", "&#39;")  # as the page escapes it
    whole = clip("c1", house=None)
    with app.app_context():
        session = StoreTablet(db).store(
            consented(visit.maisie, clips=[whole]), app.config["PARTS_DIR"], sound_parts(whole)
        )
    assessment_id = visit.start()
    assert visit.post(visit.url(assessment_id, "/attach"), {"artefact_id": session}).status_code == 303

    page = visit.page(assessment_id)
    place = page[page.index('id="place-words"') : page.index('id="scaling"')]
    waiting = place[place.index(f"“{said}”") :]
    assert "The whole session ·" in waiting[:800]
    # No house, so no usual column: the worker chooses.
    select = waiting[waiting.index(f'id="column-{session}-clip-c1-m1"') :]
    assert '<option value="" selected>Choose a column</option>' in select[:400]

    assert (
        visit.post(
            visit.url(assessment_id, "/words"), {"artefact_id": session, "item": "clip-c1-m1", "column": "worried"}
        ).status_code
        == 303
    )
    page = visit.page(assessment_id)
    worried = page[page.index('id="column-worried"') : page.index('id="column-working_well"')]
    assert f"“{said}”" in worried and "(The whole session)</a>" in worried

    # Search and the pack name the place the same way.
    found = visit.post("/search", {"words": "shout"}).get_data(as_text=True)
    assert "The whole session" in found
    pack = visit.worker.get(visit.url(assessment_id, "/export/record/json/1"))
    assert pack.status_code == 200, pack.status_code
    assert "The whole session" in pack.get_data(as_text=True)

    response = visit.post(visit.url(assessment_id, "/detach"), {"artefact_id": session})
    assert response.status_code == 303
    assert session not in visit.page(assessment_id).split('id="attach"')[0]


def test_too_long_analysis_is_refused_and_kept_on_the_page(db, visit):
    assessment_id = visit.start()
    visit.post(visit.url(assessment_id, "/attach"), {"artefact_id": visit.session})
    before = changes(db, visit.maisie)
    text = "x" * 20_001
    response = visit.post(visit.url(assessment_id, "/analysis"), {"artefact_id": visit.session, "analysis": text})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "20000 characters or fewer" in error_summary(page)
    assert f'href="#analysis-{visit.session}"' in page and f">{text}</textarea>" in page
    assert 'data-module="govuk-character-count" data-maxlength="20000"' in page
    assert changes(db, visit.maisie) == before
    assert stored_analysis(db, assessment_id) == [""]


@pytest.mark.parametrize(
    "form, message",
    [
        ({"person": "Kerry", "score": "11"}, "whole number from 0 to 10"),
        ({"person": "Kerry", "score": "seven"}, "whole number from 0 to 10"),
        ({"person": "", "score": "5"}, "name is empty"),
    ],
)
def test_a_bad_number_on_the_scale_is_refused(db, visit, form, message):
    assessment_id = visit.start()
    response = visit.post(visit.url(assessment_id, "/scores"), {"role": "Mum", "note": "", **form})
    assert response.status_code == 400 and message in error_summary(response.get_data(as_text=True))
    assert db["scaling_scores"].count == 0


def test_scaling_numbers_are_shown_in_a_table(visit):
    assessment_id = visit.start()
    page = visit.page(assessment_id)
    assert "On a scale of 0 to 10, where 10 means everyone agrees the children are safe enough" in page
    for person, role, score in (("Kerry Smith", "Mum", "6"), ("Dana Worker", "Social worker", "3")):
        assert (
            visit.post(
                visit.url(assessment_id, "/scores"), {"person": person, "role": role, "score": score, "note": ""}
            ).status_code
            == 303
        )
    page = visit.page(assessment_id)
    scaling = page[page.index('id="scaling"') :]
    assert re.search(r"Kerry Smith</td>\s*<td[^>]*>Mum</td>\s*<td[^>]*>6</td>", scaling)
    assert visit.post(visit.url(assessment_id, "/scaling"), {"question": "Where are we, 0 to 10?"}).status_code == 303
    assert "Where are we, 0 to 10?" in visit.page(assessment_id)


def test_another_child_s_artefact_or_assessment_is_not_found_and_nothing_is_written(app, db, visit):
    assessment_id = visit.start()
    before = changes(db, visit.maisie)
    for artefact in (visit.leo_session, "4b1f8c2e-0000-4000-8000-000000000000", "not-an-id", ""):
        assert visit.post(visit.url(assessment_id, "/attach"), {"artefact_id": artefact}).status_code == 404
    assert db["assessment_artefacts"].count == 0 and changes(db, visit.maisie) == before
    tomos = visit.children["Tomos"]
    assert visit.worker.get(f"/children/{tomos}/assessments/{assessment_id}").status_code == 404
    assert (
        visit.post(
            f"/children/{tomos}/assessments/{assessment_id}/entries", {"column": "worried", "text": "x"}
        ).status_code
        == 404
    )
    assert db["mapping_entries"].count == 0


# --- submitting and the manager's review ----------------------------------------------------------


def test_a_submitted_assessment_is_read_only_and_changes_are_refused_with_a_message(db, visit):
    assessment_id = visit.start()
    visit.post(visit.url(assessment_id, "/attach"), {"artefact_id": visit.session})
    visit.post(visit.url(assessment_id, "/analysis"), {"artefact_id": visit.session, "analysis": "Kept as written"})
    assert visit.post(visit.url(assessment_id, "/submit"), {}).status_code == 303
    page = visit.page(assessment_id)
    assert "Submitted for review" in page and "cannot be changed" in page and "Kept as written" in page
    main = page[page.index("<main") :]
    assert "<form" not in main and "<textarea" not in main
    response = visit.post(visit.url(assessment_id, "/analysis"), {"artefact_id": visit.session, "analysis": "Changed"})
    assert response.status_code == 409
    assert "submitted for review, so it cannot be changed" in error_summary(response.get_data(as_text=True))
    assert stored_analysis(db, assessment_id) == ["Kept as written"]
    assert visit.post(visit.url(assessment_id, "/attach"), {"artefact_id": visit.session}).status_code == 409


def test_the_manager_returns_it_with_comments_the_worker_sees_them_then_the_manager_authorises(app, db, visit):
    assessment_id = visit.start()
    visit.post(visit.url(assessment_id, "/submit"), {})
    manager = signed_in(app, "demo.manager")
    token = csrf_token(manager, "/settings")
    page = visit.page(assessment_id, manager)
    assert "Authorise" in page and "Return with comments" in page
    assert "Authorise" not in visit.page(assessment_id).split('id="reviews"')[0].split("</h1>")[1]

    response = visit.post(visit.url(assessment_id, "/review"), {"outcome": "returned", "comments": ""}, manager, token)
    assert response.status_code == 400
    assert "Write what needs to change" in error_summary(response.get_data(as_text=True))
    comments = "Where is Maisie's voice?\n<b>Attach</b> the Three Houses."
    response = visit.post(
        visit.url(assessment_id, "/review"), {"outcome": "returned", "comments": comments}, manager, token
    )
    assert response.status_code == 303
    assert changes(db, visit.maisie)[-1] == "assessments.review_assessment"

    page = visit.page(assessment_id)
    banner = page[page.index('id="returned"') : page.index("</h1>")]
    assert "Morgan Manager returned this assessment" in banner
    assert "Where is Maisie&#39;s voice?\n&lt;b&gt;Attach&lt;/b&gt; the Three Houses." in banner
    assert 'action="' + visit.url(assessment_id, "/submit") + '"' in page

    visit.post(visit.url(assessment_id, "/submit"), {})
    assert (
        visit.post(
            visit.url(assessment_id, "/review"), {"outcome": "authorised", "comments": ""}, manager, token
        ).status_code
        == 303
    )
    page = visit.page(assessment_id)
    assert "Authorised" in page and "It cannot be changed" in page and 'id="returned"' not in page
    reviews = page[page.index('id="reviews"') :]
    assert reviews.count("Morgan Manager") == 2 and "Returned" in reviews and "Authorised" in reviews


def test_a_worker_cannot_review_even_their_own_assessment(db, visit):
    assessment_id = visit.start()
    visit.post(visit.url(assessment_id, "/submit"), {})
    assert visit.post(visit.url(assessment_id, "/review"), {"outcome": "authorised", "comments": ""}).status_code == 404
    assert store.get(db, visit.maisie, assessment_id)["status"] == "submitted"


def test_the_team_reviews_page_flags_a_mapping_without_the_child_s_words(app, db, visit):
    with_words = visit.start()
    visit.post(visit.url(with_words, "/attach"), {"artefact_id": visit.session})
    visit.post(visit.url(with_words, "/words"), {"artefact_id": visit.session, "item": "w3", "column": "worried"})
    visit.post(visit.url(with_words, "/submit"), {})
    without = visit.start(type="court")
    visit.post(visit.url(without, "/submit"), {})
    manager = signed_in(app, "demo.manager")
    page = manager.get("/team/reviews").get_data(as_text=True)
    waiting = page[page.index('id="waiting"') : page.index('id="recent"')]
    assert waiting.count("Maisie") == 2 and "Dana Worker" in waiting
    assert "Child's words in the mapping: 1" in waiting
    assert waiting.count("No child's words in this mapping") == 1
    assert visit.url(without) in waiting
    for username in ("demo.worker", "demo.admin", "other.worker"):
        assert signed_in(app, username).get("/team/reviews").status_code == 404


# --- nobody else ----------------------------------------------------------------------------------


def test_nobody_else_can_see_or_change_an_assessment(app, db, visit):
    """Another worker, another team's manager and an admin get 404 for the list, the page and every POST."""
    assessment_id = visit.start()
    visit.post(visit.url(assessment_id, "/attach"), {"artefact_id": visit.session})
    other_team = next(db.query("SELECT team_id FROM users WHERE username = 'other.worker'"))["team_id"]
    with app.app_context():
        accounts.add_user(db, "other.manager", "Olive Other", "manager", other_team, DEMO_PASSWORD)
    rules = [
        rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("assessments.") and "child_id" in rule.arguments
    ]
    assert len(rules) >= 13
    adapter = app.url_map.bind("localhost")
    before = {
        table: db[table].count
        for table in ("assessments", "assessment_artefacts", "mapping_entries", "scaling_scores", "assessment_reviews")
    }
    form = {
        "artefact_id": visit.session,
        "item": "w3",
        "column": "worried",
        "text": "x",
        "analysis": "x",
        "person": "x",
        "score": "5",
        "question": "x",
        "outcome": "authorised",
        "comments": "x",
        "type": "single",
        "due-day": "1",
        "due-month": "1",
        "due-year": "2027",
        "entry_id": "1",
        "score_id": "1",
    }
    for username in ("other.worker", "other.manager", "demo.admin"):
        client = signed_in(app, username)
        token = csrf_token(client, "/settings")
        for rule in rules:
            url = adapter.build(rule.endpoint, {"child_id": visit.maisie, "assessment_id": assessment_id})
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = client.open(url, method=method, data={**form, "csrf_token": token})
                assert response.status_code == 404, f"{method} {url} as {username}: {response.status_code}"
    assert before == {table: db[table].count for table in before}


def test_the_child_s_page_links_to_their_assessments(visit):
    page = visit.worker.get(f"/children/{visit.maisie}").get_data(as_text=True)
    assert f'href="/children/{visit.maisie}/assessments"' in page
