"""The audit trail: every view and change of a child's data is recorded; nothing can rewrite it."""

import html
import re
import sqlite3

import pytest

from sofs_direct.platform.audit import CHANGING_METHODS
from tests.conftest import child_ids, csrf_token, login, post_form, signed_in
from tests.sync_helpers import StoreTablet


def _entries(db, child_id=None):
    if child_id:
        return list(db.query("SELECT * FROM audit WHERE child_id = ? ORDER BY id", [child_id]))
    return list(db.query("SELECT * FROM audit ORDER BY id"))


def test_viewing_a_child_is_recorded_with_who_and_which_session(as_user, db):
    client = as_user("demo.worker")
    maisie = child_ids(db)["Maisie"]
    client.get(f"/children/{maisie}")
    entry = _entries(db, maisie)[-1]
    worker = next(db.query("SELECT id FROM users WHERE username = 'demo.worker'"))["id"]
    session = next(db.query("SELECT id FROM login_sessions WHERE user_id = ? ORDER BY id DESC", [worker]))["id"]
    assert (entry["action"], entry["user_id"], entry["login_session_id"]) == ("view", worker, session)
    assert entry["what"] == "children.child_page" and entry["at"]


def test_a_refused_view_is_not_recorded_as_a_view(as_user, db):
    client = as_user("demo.worker")
    leo = child_ids(db)["Leo"]
    assert client.get(f"/children/{leo}").status_code == 404
    assert _entries(db, leo) == []


def test_changing_an_allocation_is_recorded_as_a_change(as_user, db):
    admin = as_user("demo.admin")
    ava = child_ids(db)["Ava"]
    manager = next(db.query("SELECT id FROM users WHERE username = 'demo.manager'"))["id"]
    response = post_form(admin, f"/admin/children/{ava}/allocation", {"workers": [manager]})
    assert response.status_code == 303
    assert [e["action"] for e in _entries(db, ava)][-1] == "change"


def test_sign_in_and_out_are_recorded(as_user, db):
    client = as_user("demo.worker")
    post_form(client, "/logout", {}, page="/children")
    assert [e["what"] for e in _entries(db) if e["action"] == "account"][-2:] == ["signed in", "signed out"]


def test_the_audit_trail_cannot_be_changed_or_deleted(db, as_user):
    as_user("demo.worker").get(f"/children/{child_ids(db)['Maisie']}")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit SET user_id = NULL")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit")


def test_manager_reads_the_audit_of_the_team_only(app, db):
    worker, other, manager = app.test_client(), app.test_client(), app.test_client()
    login(worker, "demo.worker")
    login(other, "other.worker")
    login(manager, "demo.manager")
    worker.get(f"/children/{child_ids(db)['Tomos']}")
    other.get(f"/children/{child_ids(db)['Leo']}")
    page = manager.get("/team/audit").get_data(as_text=True)
    assert "Tomos" in page and "Dana Worker" in page
    assert "Leo" not in page and "Owen Other" not in page
    child_page = manager.get(f"/team/children/{child_ids(db)['Tomos']}/audit").get_data(as_text=True)
    assert "Who has seen or changed this record" in child_page and "Dana Worker" in child_page


def test_practitioners_cannot_read_the_audit(as_user, db):
    client = as_user("demo.worker")
    assert client.get("/team/audit").status_code == 404
    assert client.get(f"/team/children/{child_ids(db)['Tomos']}/audit").status_code == 404


def test_audit_holds_no_child_names_or_words(as_user, db):
    client = as_user("demo.worker")
    for name in ("Maisie", "Tomos", "Ava"):
        client.get(f"/children/{child_ids(db)[name]}")
    post_form(client, "/children", {"query": "Maisie"})
    dump = "\n".join(str(row) for row in _entries(db))
    for name in ("Maisie", "Tomos", "Ava"):
        assert name not in dump


# --- the manager's audit page in words --------------------------------------------------------------

SESSION_WORDS = "Maisie's Three Houses session of 23 November 2026"


def rows_of(page: str) -> list[str]:
    """The audit table's rows as the manager reads them (tags gone, spaces tidied)."""
    body = page[page.index("<tbody") : page.index("</tbody>")]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(row))).strip()
        for row in body.split("</tr>")
        if "<td" in row
    ]


@pytest.fixture
def session(app, db):
    """(Maisie's id, her Three Houses session of 23 November 2026 with a recording of the whole session)."""
    from tests.tools.test_consent import clip, consented, sound_parts

    maisie = child_ids(db)["Maisie"]
    whole = clip("c1", house=None)
    with app.app_context():
        artefact_id = StoreTablet(db).store(
            consented(maisie, clips=[whole]), app.config["PARTS_DIR"], sound_parts(whole)
        )
    return maisie, artefact_id


def test_one_row_a_page_view_says_which_record_was_seen_in_words(app, db, session):
    maisie, artefact_id = session
    worker = signed_in(app, "demo.worker")
    record = f"/children/{maisie}/records/{artefact_id}"
    before = len(_entries(db, maisie))
    pictures = [f"{record}/houses/good.png", f"{record}/houses/worries.png", f"{record}/thumbnail.png"]
    for path in [record, *pictures]:
        assert worker.get(path).status_code == 200, path

    # Every request that read Maisie's data has its row, the pictures folded into the page's view.
    page_row, *picture_rows = _entries(db, maisie)[before:]
    assert (page_row["what"], page_row["record_id"], page_row["page_id"]) == ("records.record_page", artefact_id, None)
    assert [(row["action"], row["record_id"], row["page_id"]) for row in picture_rows] == [
        ("view", artefact_id, page_row["id"])
    ] * len(pictures)

    rows = rows_of(signed_in(app, "demo.manager").get("/team/audit").get_data(as_text=True))
    assert rows[0].endswith(f"Dana Worker Viewed {SESSION_WORDS}")
    assert sum(SESSION_WORDS in row for row in rows) == 1  # the pictures are not rows of their own
    assert not any("records." in row or "Opened a picture" in row for row in rows)
    assert "Sent work about Maisie from a tablet" in rows[1]


def test_a_picture_opened_on_its_own_is_a_row_of_its_own(app, db, session):
    maisie, artefact_id = session
    assert (
        signed_in(app, "demo.worker").get(f"/children/{maisie}/records/{artefact_id}/houses/good.png").status_code
        == 200
    )
    rows = rows_of(signed_in(app, "demo.manager").get(f"/team/children/{maisie}/audit").get_data(as_text=True))
    assert rows[0].endswith(f"Dana Worker Opened a picture from {SESSION_WORDS}")


def test_playing_a_recording_is_said_on_the_page_s_row(app, db, session):
    maisie, artefact_id = session
    worker = signed_in(app, "demo.worker")
    worker.get(f"/children/{maisie}/records/{artefact_id}")
    worker.get(f"/children/{maisie}/records/{artefact_id}/clips/c1", headers={"Range": "bytes=0-99"})
    worker.get(f"/children/{maisie}/records/{artefact_id}/clips/c1", headers={"Range": "bytes=100-"})
    rows = rows_of(signed_in(app, "demo.manager").get("/team/audit").get_data(as_text=True))
    assert rows[0].endswith(f"Viewed {SESSION_WORDS} and played a recording")
    assert not any("Played a recording" in row for row in rows)


def test_assessments_exports_and_pages_without_a_record_are_in_words_too(app, db, session):
    maisie, artefact_id = session
    worker = signed_in(app, "demo.worker")
    token = csrf_token(worker, "/settings")
    response = worker.post(
        f"/children/{maisie}/assessments",
        data={
            "type": "single",
            "due-day": "27",
            "due-month": "3",
            "due-year": "2027",
            "case_reference": "",
            "csrf_token": token,
        },
    )
    assessment = response.headers["Location"].rsplit("/", 1)[1]
    for path in (
        f"/children/{maisie}/assessments/{assessment}",
        f"/children/{maisie}/timeline",
        f"/children/{maisie}/records/{artefact_id}/sheet.pdf",
    ):
        assert worker.get(path).status_code == 200, path
    rows = rows_of(signed_in(app, "demo.manager").get("/team/audit").get_data(as_text=True))
    assert [row.split("Dana Worker ", 1)[1] for row in rows[:4]] == [
        f"Exported the sheet of {SESSION_WORDS}",
        "Viewed Maisie's timeline",
        "Viewed Maisie's Single assessment due 27 March 2027",
        "Started an assessment for Maisie",
    ]


def test_every_route_that_names_a_child_says_in_words_what_it_does(app):
    """Enumerates the routes, so a route added later without words for the audit page fails here."""
    silent = []
    for rule in app.url_map.iter_rules():
        if "child_id" not in rule.arguments:
            continue
        words = getattr(app.view_functions[rule.endpoint], "audit_words", {})
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            wanted = ("change",) if method in CHANGING_METHODS else ("view", "export")
            if all(words.get(action) is None for action in wanted):
                silent.append(f"{method} {rule.rule}")
    assert silent == []


def test_options_reads_nothing_and_is_not_audited_head_is_a_view(app, db, session):
    maisie, artefact_id = session
    worker = signed_in(app, "demo.worker")
    before = len(_entries(db, maisie))
    for path in (f"/children/{maisie}", f"/children/{maisie}/assessments"):
        response = worker.options(path)
        assert response.status_code == 200 and "GET" in response.headers["Allow"]
    assert len(_entries(db, maisie)) == before  # not a change, nor a view: nothing of Maisie was read
    assert worker.head(f"/children/{maisie}/records/{artefact_id}").status_code == 200
    (head,) = _entries(db, maisie)[before:]
    assert (head["action"], head["what"], head["record_id"]) == ("view", "records.record_page", artefact_id)
