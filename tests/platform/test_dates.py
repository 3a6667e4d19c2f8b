"""Dates and times follow the interface language and the UK's clock (sofs_direct/platform/dates.py): every page
shows the day in the UK, in English or Welsh, and nothing stored can make a date break a page."""

import re

import pytest

from sofs_direct.platform.dates import date_and_time, long_date, time_of_day
from tests.conftest import child_ids, post_form, signed_in
from tests.sync_helpers import StoreTablet
from tests.tablet_client import observation, three_houses, word

ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b"
)


@pytest.fixture
def english(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


@pytest.fixture
def welsh(app):
    with app.test_request_context(headers={"Accept-Language": "cy"}):
        yield


@pytest.mark.usefixtures("english")
def test_an_instant_is_shown_on_the_day_and_at_the_time_a_uk_clock_showed():
    assert long_date("2026-07-01T23:30:00.000Z") == "2 July 2026"  # half past midnight, summer time
    assert long_date("2026-11-23T23:30:00.000Z") == "23 November 2026"  # GMT
    assert time_of_day("2026-07-01T23:30:00.000Z") == "00:30"
    assert date_and_time("2026-12-07T04:11:00+00:00") == "7 December 2026 at 04:11"
    # A stored day is a calendar day, never moved by a clock.
    assert long_date("2026-07-01") == "1 July 2026"


@pytest.mark.usefixtures("welsh")
def test_welsh_dates_are_welsh():
    assert long_date("2026-12-07T04:11:00+00:00") == "7 Rhagfyr 2026"
    assert long_date("2014-09-02") == "2 Medi 2014"
    assert time_of_day("2026-07-01T09:05:00Z") == "10:05"
    assert "7 Rhagfyr 2026" in date_and_time("2026-12-07T04:11:00+00:00")


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    "stored, day", [("0001-01-01T00:00:00+14:00", "1 January 1"), ("9999-12-31T23:59:59-14:00", "31 December 9999")]
)
def test_an_instant_the_uk_clock_cannot_show_is_shown_as_written(stored, day):
    assert long_date(stored) == day
    assert time_of_day(stored) in ("00:00", "23:59")


def welsh_worker(app):
    client = signed_in(app, "demo.worker")
    post_form(client, "/language", {"lang": "cy", "next": "/children"}, page="/children")
    return client


def test_welsh_pages_show_welsh_dates_and_no_english_month(app, db):
    maisie = child_ids(db)["Maisie"]
    with app.app_context():
        tablet = StoreTablet(db)
        session = tablet.store(
            three_houses(
                maisie,
                session={"started_at": "2026-11-23T10:00:00.000Z"},
                houses={"good": {"words": [word("w1", "Lego")]}},
            ),
            app.config["PARTS_DIR"],
        )
        note = tablet.store(
            observation(maisie, "Met at school.", created_at="2026-07-01T23:30:00.000Z"), app.config["PARTS_DIR"]
        )
    client = welsh_worker(app)
    pages = {
        "the session": (f"/children/{maisie}/records/{session}", "23 Tachwedd 2026"),
        "the observation": (f"/children/{maisie}/records/{note}", "2 Gorffennaf 2026"),  # the UK's day
        "the child's page": (f"/children/{maisie}", "23 Tachwedd 2026"),
        "the timeline": (f"/children/{maisie}/timeline", "23 Tachwedd 2026"),
    }
    for name, (path, day) in pages.items():
        page = client.get(path).get_data(as_text=True)
        assert 'lang="cy"' in page and day in page, name
        assert not ENGLISH_MONTHS.search(page), f"{name}: {ENGLISH_MONTHS.search(page).group(0)}"


def test_tablets_on_the_admin_page_are_dated_in_the_uk_in_welsh(app, db):
    with app.app_context():
        StoreTablet(db, name="Red case")
    db.execute("UPDATE devices SET registered_at = '2026-07-01T23:30:00+00:00'")
    db.conn.commit()
    worker = next(db.query("SELECT id FROM users WHERE username = 'demo.worker'"))["id"]
    admin = signed_in(app, "demo.admin")
    post_form(admin, "/language", {"lang": "cy", "next": "/admin"}, page="/admin")
    page = admin.get(f"/admin/users/{worker}").get_data(as_text=True)
    assert "2 Gorffennaf 2026" in page and "00:30" in page and "2026-07-01 23:30" not in page


# --- the tablet -------------------------------------------------------------------------------------

WELSH_MONTHS = (
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
)


def test_the_welsh_tablet_shows_welsh_months_even_where_the_browser_has_no_welsh(page, live_server):
    """Debian's Chromium has no Welsh in Intl ("December 7 at 04:11 AM" for cy-GB): the tablet names
    the month from the catalogue instead, in the UK's time."""
    from tests.tablet.test_tablet import PIN, open_tablet, prepare_all

    open_tablet(page, live_server)
    prepare_all(page)
    page.goto(live_server.url + "/tablet/cy")
    page.locator("#pin").fill(PIN)
    page.locator("#unlock-form button").tap()
    carried = page.locator(".app-carried__child", has_text="Maisie").locator("p").first.inner_text()
    assert re.search(r"\b\d{1,2} (" + "|".join(WELSH_MONTHS) + r")\b", carried), carried
    assert not ENGLISH_MONTHS.search(carried) and not re.search(r"\b[AP]M\b", carried), carried

    # The same helpers date a network's people and meetings: a calendar day, in Welsh.
    days = page.evaluate("""async () => {
        const { formatDay, formatTime } = await import("/static/js/tablet/i18n.js");
        return [formatDay("2026-03-27"), formatTime("2026-07-01T23:30:00.000Z")];
    }""")
    assert days[0] == "27 Mawrth 2026"
    assert days[1].startswith("2 Gorffennaf") and days[1].endswith("00:30"), days[1]  # the UK's clock, in summer
