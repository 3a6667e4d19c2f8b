"""Is the child's voice in the work? The manager's supervision page: when each child's voice was last
captured in direct work, which children are flagged (none in the last N days, or none ever), and how
many of the child's words are in each assessment's mapping — on real stored artefacts."""

from datetime import UTC, date, datetime, timedelta

import pytest

from sofs_direct import quality
from sofs_direct.assessments import review, signs_of_safety
from sofs_direct.assessments.store import attach, create, get
from sofs_direct.platform.children import add_child, set_allocation
from tests.conftest import child_ids, signed_in
from tests.sync_helpers import StoreTablet
from tests.tablet_client import observation, three_houses, word, words_pictures

TODAY = date(2026, 6, 1)


def days_before(days: int, today: date = TODAY) -> str:
    """A tablet's created_at `days` days before `today`, mid-morning UTC."""
    day = today - timedelta(days=days)
    return f"{day.isoformat()}T10:00:00.000Z"


def houses(child_id: str, created_at: str, *words) -> dict:
    return three_houses(
        child_id, houses={"good": {"words": list(words) or [word("w1", "My cat")]}}, created_at=created_at
    )


class Store:
    """demo.worker's tablet storing real artefacts through the real ingest."""

    def __init__(self, app, db, username="demo.worker"):
        self.app, self.db = app, db
        with app.app_context():
            self.tablet = StoreTablet(db, username)

    def __call__(self, document) -> str:
        with self.app.app_context():
            return self.tablet.store(document, self.app.config["PARTS_DIR"])


@pytest.fixture
def store(app, db):
    return Store(app, db)


@pytest.fixture
def kids(db):
    """Five children of demo.worker: Maisie, Tomos and Ava (demo) plus Bea and Cai."""
    team = next(db.query("SELECT team_id FROM users WHERE username = 'demo.worker'"))["team_id"]
    worker = next(db.query("SELECT id FROM users WHERE username = 'demo.worker'"))["id"]
    for name in ("Bea", "Cai"):
        set_allocation(db, add_child(db, name, date(2015, 1, 1), "", "en", team), [worker])
    return child_ids(db)


def worker_rows(report: dict, display_name: str) -> dict:
    return next(worker for worker in report["workers"] if worker["display_name"] == display_name)


def test_last_voice_is_the_newest_direct_work_only(app, db, store, kids):
    maisie, tomos = kids["Maisie"], kids["Tomos"]
    store(houses(maisie, days_before(40)))
    newest = store(words_pictures(maisie, created_at=days_before(10)))
    store(houses(maisie, days_before(20)))  # synced last, made earlier: the session's day counts
    store(observation(maisie, "Saw her at school.", created_at=days_before(1)))  # a worker's note, not her voice
    # Another worker's tablet for a child not allocated to them: kept aside, never counted.
    Store(app, db, "other.worker")(houses(tomos, days_before(2)))
    found = quality.last_voice(db, [maisie, tomos, kids["Ava"]], TODAY)
    assert found == {
        maisie: {
            "artefact_id": newest,
            "child_id": maisie,
            "kind": "words_pictures",
            "captured_on": (TODAY - timedelta(days=10)).isoformat(),
            "days_ago": 10,
        }
    }


def test_flags_at_the_threshold_and_the_order(db, store, kids):
    for name, days in (("Maisie", 89), ("Tomos", 90), ("Ava", 91), ("Bea", 400)):
        store(houses(kids[name], days_before(days)))
    report = quality.voice_report(
        db, TODAY, 90, user_id=next(db.query("SELECT id FROM users WHERE username = 'demo.worker'"))["id"]
    )
    mine = worker_rows(report, "Dana Worker")
    flags = {
        child["known_as"]: (child["flag"], child["voice"] and child["voice"]["days_ago"]) for child in mine["children"]
    }
    assert flags == {
        "Maisie": (None, 89),
        "Tomos": (None, 90),
        "Ava": ("overdue", 91),
        "Bea": ("overdue", 400),
        "Cai": ("never", None),
    }
    # Flagged first, the longest without the child's voice first (never is the longest).
    assert [child["known_as"] for child in mine["children"]] == ["Cai", "Bea", "Ava", "Tomos", "Maisie"]
    assert report["team"] == {"total": 5, "flagged": 3, "never": 1, "assessments_without_voice": 0}
    # A shorter period flags more: the setting is what counts.
    tighter = quality.voice_report(db, TODAY, 89, user_id=mine["user_id"])
    assert tighter["team"]["flagged"] == 4


def test_the_childs_words_in_each_assessment_in_progress(app, db, store, kids):
    maisie = kids["Maisie"]
    worker = next(db.query("SELECT * FROM users WHERE username = 'demo.worker'"))
    manager = next(db.query("SELECT * FROM users WHERE username = 'demo.manager'"))
    session = store(houses(maisie, days_before(3), word("w1", "Dŵr poeth"), word("w2", "My cat")))
    with app.app_context():
        with_words = create(db, worker, maisie, "single", "2026-07-01", "")
        empty = create(db, worker, maisie, "conference", "2026-06-20", "")
        finished = create(db, worker, maisie, "court", "2026-06-10", "")
        for assessment_id in (with_words, empty, finished):
            attach(db, worker, get(db, maisie, assessment_id), session)
        for item in ("w1", "w2"):
            signs_of_safety.place_words(db, worker, get(db, maisie, with_words), session, item, "working_well")
        signs_of_safety.add_entry(db, worker, get(db, maisie, empty), "worried", "The worker's own words")
        review.submit(db, worker, get(db, maisie, finished))
        review.review(db, manager, get(db, maisie, finished), "authorised", "")
    found = quality.assessments_in_progress(db, [maisie, kids["Tomos"]])
    # Authorised work is finished: only the two in progress, soonest due first.
    assert [(a["id"], a["type"], a["status"], a["child_words"], a["no_voice"]) for a in found[maisie]] == [
        (empty, "conference", "draft", 0, True),
        (with_words, "single", "draft", 2, False),
    ]
    assert kids["Tomos"] not in found
    report = quality.voice_report(db, TODAY, 90, team_id=manager["team_id"])
    assert report["team"]["assessments_without_voice"] == 1


def test_the_team_by_worker_with_children_allocated_to_nobody_last(db, store, kids):
    manager = next(db.query("SELECT * FROM users WHERE username = 'demo.manager'"))
    add_child(db, "Dewi", date(2019, 1, 1), "", "cy", manager["team_id"])  # allocated to nobody yet
    report = quality.voice_report(db, TODAY, 90, team_id=manager["team_id"])
    assert [(worker["display_name"], worker["total"]) for worker in report["workers"]] == [
        ("Dana Worker", 5),
        (None, 1),
    ]
    assert report["workers"][1]["children"][0]["flag"] == "never" and report["team"]["total"] == 6


def test_one_query_each_however_many_children(app, db, store, kids):
    """The figures are a fixed number of SQL statements, never one per child."""
    worker_id = next(db.query("SELECT id FROM users WHERE username = 'demo.worker'"))["id"]

    def statements() -> int:
        seen = []
        db.conn.set_trace_callback(seen.append)
        try:
            quality.voice_report(db, TODAY, 90, user_id=worker_id)
        finally:
            db.conn.set_trace_callback(None)
        # sqlite-utils wraps each query in a savepoint; count the queries themselves.
        return sum(1 for statement in seen if not statement.startswith(("SAVEPOINT", "RELEASE")))

    few = statements()
    team = next(db.query("SELECT team_id FROM users WHERE id = ?", [worker_id]))["team_id"]
    for number in range(20):
        child = add_child(db, f"Child {number}", date(2016, 1, 1), "", "en", team)
        set_allocation(db, child, [worker_id])
        store(houses(child, days_before(number)))
    assert statements() == few <= 3


def test_the_team_page_for_the_manager(app, db, store, kids):
    store(houses(kids["Maisie"], days_before(5, date.today()), word("w1", "Secret words of Maisie")))
    stale = datetime.now(UTC).date() - timedelta(days=200)
    store(houses(kids["Tomos"], f"{stale.isoformat()}T10:00:00.000Z"))
    page = signed_in(app, "demo.manager").get("/team/voice")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "4 of 5 children have no direct work in the last 90 days." in text
    assert "3 have never had any." in text
    assert "5 days ago" in text and "200 days ago" in text
    assert text.count("No direct work ever") == 3 and text.count("None in the last 90 days") == 1
    assert "Secret words of Maisie" not in text  # dates and names, never the child's words
    assert f'href="/children/{kids["Maisie"]}/timeline"' in text
    # Maisie, in time, comes last in her worker's table.
    assert text.index(">Maisie<") > text.index(">Tomos<") > text.index(">Cai<")
    assert "/team/voice" in signed_in(app, "demo.manager").get("/team").get_data(as_text=True)


def test_the_period_is_configurable(make_app, db, store, kids):
    store(houses(kids["Maisie"], days_before(40, date.today())))
    text = signed_in(make_app(VOICE_DAYS=30), "demo.manager").get("/team/voice").get_data(as_text=True)
    assert "5 of 5 children have no direct work in the last 30 days." in text


def test_who_may_see_it(app, db, store, kids):
    store(houses(kids["Maisie"], days_before(5, date.today())))
    for username in ("demo.worker", "demo.admin", "other.worker"):
        assert signed_in(app, username).get("/team/voice").status_code == 404, username
    assert signed_in(app, "demo.admin").get("/children/voice").status_code == 404
    mine = signed_in(app, "demo.worker").get("/children/voice").get_data(as_text=True)
    assert "Maisie" in mine and "4 of 5 children" in mine
    theirs = signed_in(app, "other.worker").get("/children/voice").get_data(as_text=True)
    assert "Maisie" not in theirs and "Leo" in theirs and "1 of 1 child has no direct work" in theirs
    # Another team's manager sees their own team only.
    other_team = next(db.query("SELECT team_id FROM users WHERE username = 'other.worker'"))["team_id"]
    db.execute("UPDATE users SET team_id = ? WHERE username = 'demo.manager'", [other_team])
    db.conn.commit()
    other = signed_in(app, "demo.manager").get("/team/voice").get_data(as_text=True)
    assert "Leo" in other and "Maisie" not in other


def test_the_manager_finds_the_page_and_it_passes_axe(app, db, store, kids, page, live_server):
    """In a real browser: from the team page to the voice page, which follows the accessibility rules."""
    from tests.tablet.test_browser import axe_violations, sign_in

    worker = next(db.query("SELECT * FROM users WHERE username = 'demo.worker'"))
    store(houses(kids["Maisie"], days_before(3, datetime.now(UTC).date())))
    with app.app_context():
        create(db, worker, kids["Maisie"], "single", "2027-01-10", "")
    sign_in(page, live_server, "demo.manager")
    page.goto(live_server.url + "/team")
    page.get_by_role("link", name="The child's voice in the work").click()
    page.wait_for_url("**/team/voice")
    assert page.get_by_role("heading", name="Dana Worker").is_visible()
    assert page.get_by_text("Is the child's voice in this mapping?").is_visible()
    assert axe_violations(page) == []
