"""The child's timeline: every finalised, unflagged artefact newest first — each Words and Pictures
version and each saved network on its own — with its picture, date, author, who was there and the
child's sharing wish in plain words; filters that refuse what they cannot read with a 400, never a
500; and nobody who may not see the child can tell it exists."""

import re
from datetime import date

import pytest

from sofs_direct.paper import ink
from sofs_direct.platform import accounts
from sofs_direct.platform.db import write
from sofs_direct.records import timeline
from tests.conftest import DEMO_PASSWORD, child_ids, signed_in
from tests.sync_helpers import StoreTablet, photo
from tests.tablet_client import member, network, network_meeting, observation, three_houses, word, words_pictures

NETWORK_ID = "2b7c9d1e-3f4a-4b5c-8d6e-7f8091a2b3c4"
HOSTILE = "<script>window.gotYou = 1</script>"


def drawing(offset=0) -> bytes:
    """One pen stroke in the ink format (docs/ink.md)."""
    return ink.encode(
        [
            {
                "op": "stroke",
                "tool": "pen",
                "colour": 2,
                "size": 2,
                "pressure": False,
                "t": 0,
                "points": [(1000 + 30 * n + offset, 1000 + 20 * n, 0, 16 * n) for n in range(30)],
            }
        ]
    )


class Record:
    """Maisie's record, synced by demo.worker's tablet through the real ingest, oldest first:
    5 Nov an observation with a photo; 10 Nov Words and Pictures version 1; 18 and 19 Nov two saved
    networks (2 people, then 3); 20 Nov a network meeting; 23 Nov a Three Houses session; 25 Nov
    version 2 of the storyboard, which replaces version 1."""

    def __init__(self, app, db):
        self.app, self.db = app, db
        self.children = child_ids(db)
        self.maisie = self.children["Maisie"]
        with app.app_context():
            self.tablet = StoreTablet(db, "demo.worker")

    def store(self, document, parts=()):
        with self.app.app_context():
            return self.tablet.store(document, self.app.config["PARTS_DIR"], parts)

    def build(self):
        maisie = self.maisie
        self.note = self.store(
            observation(maisie, "Met at school.", photos=["photo-1"], created_at="2026-11-05T09:00:00.000Z"),
            [("photo-1", "image/jpeg", photo())],
        )
        self.v1 = self.store(
            words_pictures(
                maisie,
                title="Why Dana visits",
                created_at="2026-11-10T09:00:00.000Z",
                pages=[{"text": "This is our family."}],
            )
        )
        people = [
            member("m-mum", name="Kerry", relation="Mum", ring=1, angle=0),
            member("m-nain", name="Nain", relation="Grandmother", ring=2, angle=90),
        ]
        self.net1 = self.store(network(maisie, NETWORK_ID, people, created_at="2026-11-18T09:00:00.000Z"))
        people.append(
            member("m-taid", name="Taid", relation="Grandfather", ring=3, angle=180, at="2026-11-19T09:00:00.000Z")
        )
        self.net2 = self.store(network(maisie, NETWORK_ID, people, created_at="2026-11-19T09:00:00.000Z"))
        self.meeting = self.store(
            network_meeting(
                maisie,
                NETWORK_ID,
                day="2026-11-20",
                attended=[
                    {"member": "m-mum", "name": "Kerry", "role": "Mum"},
                    {"member": None, "name": "Mrs Price", "role": "Head teacher"},
                ],
            )
        )
        self.session = self.store(
            three_houses(
                maisie,
                houses={
                    "good": {
                        "share": ["conference", "parents"],
                        "words": [
                            word("w1", "Dŵr y môr", share=["conference", "parents"]),
                            word("w2", "Ŵyn bach", by="worker", share=["conference", "parents"]),
                        ],
                    },
                    "worries": {"share": [], "words": [word("w3", HOSTILE)]},
                    "dreams": {"photos": ["photo-dreams"]},
                },
                session={
                    "started_at": "2026-11-23T10:00:00.000Z",
                    "seen_alone": False,
                    "present": [{"name": "Sam Jones", "role": "teaching assistant"}],
                },
                created_at="2026-11-30T09:00:00.000Z",
            ),
            [("photo-dreams", "image/jpeg", photo())],
        )
        self.v2 = self.store(
            words_pictures(
                maisie,
                title="Why Dana visits us",
                supersedes=self.v1,
                created_at="2026-11-25T09:00:00.000Z",
                version={"number": 2, "agreed_by": [{"name": "Kerry Smith", "role": "Mum"}]},
                pages=[
                    {"text": "This is our family."},
                    {
                        "text": "Nain helps.",
                        "drawing": "ink-p2",
                        "children": {"name": "Maisie", "text": "I love Nain", "drawing": None},
                    },
                ],
            ),
            [("ink-p2", ink.MEDIA_TYPE, drawing())],
        )
        return self


@pytest.fixture
def record(app, db):
    return Record(app, db).build()


def entries_of(app, db, child_id, **filters):
    with app.test_request_context():
        return timeline.entries(db, child_id, **filters)


def by_id(found):
    return {entry["id"]: entry for entry in found}


# --- the entries, as plain data ---------------------------------------------------------------------


def test_every_artefact_is_its_own_entry_newest_first(app, db, record):
    found = entries_of(app, db, record.maisie)
    assert [entry["id"] for entry in found] == [
        record.v2,
        record.session,
        record.meeting,
        record.net2,
        record.net1,
        record.v1,
        record.note,
    ]
    assert [entry["day"] for entry in found] == [
        "25 November 2026",
        "23 November 2026",
        "20 November 2026",
        "19 November 2026",
        "18 November 2026",
        "10 November 2026",
        "5 November 2026",
    ]
    assert {entry["author"] for entry in found} == {"Dana Worker"}


def test_each_version_of_a_storyboard_says_what_replaced_it(app, db, record):
    found = by_id(entries_of(app, db, record.maisie))
    first, second = found[record.v1], found[record.v2]
    assert (first["version"], first["replaced_by"], first["title"]) == (1, "Replaced by version 2", "Why Dana visits")
    assert (second["version"], second["replaced_by"], second["title"]) == (2, "", "Why Dana visits us")
    details = dict(second["details"])
    assert details["Took part"] == "Kerry Smith (Mum) and Dana Worker (social worker)"
    assert details["Agreed by"] == "Kerry Smith (Mum)" and dict(first["details"])["Agreed by"] == "Not agreed yet"
    assert details["The children's additions are shared with"] == "Parents, safety network and conference"
    assert "The children's additions are shared with" not in dict(first["details"])
    # The first page with a drawing is the picture; a version without one has none.
    assert second["picture"] == ("records.page_picture", {"artefact_id": record.v2, "page_id": "p2"}, 240)
    assert first["picture"] is None


def test_a_session_says_who_was_there_and_what_the_child_wished_in_plain_words(app, db, record):
    entry = by_id(entries_of(app, db, record.maisie))[record.session]
    details = dict(entry["details"])
    assert details["Also present"] == "Sam Jones (teaching assistant)"
    assert details["Seen alone"] == "No"
    assert details["Who the child said may see each house"] == [
        "House of Good Things: Parents and conference",
        "House of Worries: Nobody",
        "House of Dreams: Not asked yet",
    ]
    assert details["Who the child said may see their words"] == "2 words: Parents and conference; 1 word: Not asked yet"
    assert entry["picture"] == ("records.sheet_thumbnail", {"artefact_id": record.session}, 170)
    assert entry["link"] == ("records.record_page", {"artefact_id": record.session})
    assert entry["photos"] == 1
    assert HOSTILE not in str(entry)  # the timeline shows wishes, never the words


def test_networks_and_meetings_show_people_and_link_to_the_network(app, db, record):
    found = by_id(entries_of(app, db, record.maisie))
    assert found[record.net1]["summary"] == "Saved network: 2 people"
    assert found[record.net2]["summary"] == "Saved network: 3 people"
    assert found[record.net1]["link"] == found[record.net2]["link"] == ("network.network_page", {})
    # The map is the network as it is now: only the latest state shows it.
    assert found[record.net2]["picture"] == ("network.map_picture", {}, 240) and found[record.net1]["picture"] is None
    meeting = found[record.meeting]
    assert dict(meeting["details"])["Attended"] == "Kerry and Mrs Price"
    assert meeting["link"] == ("network.meeting_page", {"artefact_id": record.meeting})
    assert meeting["picture"] is None
    assert found[record.note]["picture"] == ("records.photo", {"artefact_id": record.note, "number": 1}, None)


def test_filters_by_type_photos_and_uk_dates(app, db, record):
    def ids(**filters):
        return [entry["id"] for entry in entries_of(app, db, record.maisie, **filters)]

    assert ids(kind="words_pictures") == [record.v2, record.v1]
    assert ids(kind="network") == [record.net2, record.net1]
    assert ids(kind=timeline.PHOTOS) == [record.session, record.note]
    assert ids(since=date(2026, 11, 19), until=date(2026, 11, 23)) == [record.session, record.meeting, record.net2]
    assert ids(kind="three_houses", until=date(2026, 11, 22)) == []
    # A session late in a summer evening is on the next day in the UK (BST), and filtered as such.
    late = record.store(
        three_houses(
            record.maisie,
            houses={"good": {"words": [word("w1", "Haf")]}},
            session={"started_at": "2026-06-30T23:30:00.000Z"},
        )
    )
    assert ids(since=date(2026, 7, 1), until=date(2026, 7, 1)) == [late]
    assert by_id(entries_of(app, db, record.maisie))[late]["day"] == "1 July 2026"


def test_held_back_artefacts_and_other_childrens_never_appear(app, db, record):
    with write(db):
        db.execute("UPDATE artefacts SET flag = 'quarantined' WHERE id IN (?, ?)", [record.v2, record.net2])
    found = by_id(entries_of(app, db, record.maisie))
    assert record.v2 not in found and record.net2 not in found
    assert found[record.v1]["replaced_by"] == ""  # replaced by nothing the record shows
    assert entries_of(app, db, record.children["Tomos"]) == []
    leo = record.store(observation(record.children["Leo"], "Not Maisie's"))  # stored flagged: not allocated
    assert leo not in by_id(entries_of(app, db, record.children["Leo"]))


def boxes(field: str, day, month, year) -> dict:
    return {f"{field}-day": day, f"{field}-month": month, f"{field}-year": year}


@pytest.mark.parametrize(
    "args, problems",
    [
        ({}, []),
        ({"kind": "", **boxes("from", "", "", ""), **boxes("to", "", "", "")}, []),
        ({"kind": "photos", **boxes("from", "1", "11", "2026"), **boxes("to", "30", "11", "2026")}, []),
        ({"kind": "bogus"}, ["kind"]),
        ({"kind": HOSTILE}, ["kind"]),
        (boxes("from", "1", "13", "2026"), ["from-day"]),
        (boxes("from", "30", "2", "2026"), ["from-day"]),
        (boxes("from", "1", "11", "26"), ["from-day"]),  # a year has four digits
        ({**boxes("from", "yesterday", "", ""), **boxes("to", "31", "12", "２０２６")}, ["from-day", "to-day"]),
        ({**boxes("from", "1", "12", "2026"), **boxes("to", "1", "11", "2026")}, ["to-day"]),
        (boxes("to", "9" * 500, "1", "2026"), ["to-day"]),
    ],
)
def test_filters_that_cannot_be_read_are_named(app, args, problems):
    with app.test_request_context():
        asked, errors = timeline.filters(args)
    assert [field for field, _message in errors] == problems
    if not problems:
        assert asked["kind"] in (None, "photos")


# --- the page ---------------------------------------------------------------------------------------


def page_of(client, child_id, query=""):
    response = client.get(f"/children/{child_id}/timeline{query}")
    return response.status_code, response.get_data(as_text=True)


def test_the_timeline_page_shows_every_entry_with_its_picture_and_link(app, record):
    status, page = page_of(signed_in(app, "demo.worker"), record.maisie)
    assert status == 200
    maisie = record.maisie
    positions = [page.index(f'data-kind="{kind}"') for kind in ("words_pictures", "three_houses", "network_meeting")]
    assert positions == sorted(positions)
    assert f'src="/children/{maisie}/records/{record.session}/thumbnail.png"' in page
    assert f'src="/children/{maisie}/records/{record.v2}/pages/p2.png"' in page
    assert f'src="/children/{maisie}/records/{record.note}/photos/1.jpg"' in page
    assert page.count(f'src="/children/{maisie}/network/picture.png"') == 1
    assert page.count('class="app-timeline__placeholder"') == 3  # version 1, the older network, the meeting
    assert f'href="/children/{maisie}/network/meetings/{record.meeting}"' in page
    assert f'href="/children/{maisie}/records/{record.v1}"' in page
    assert "Words and Pictures, Version 1" in page and "Replaced by version 2" in page
    assert "2 words: Parents and conference; 1 word: Not asked yet" in page
    assert "Saved network: 3 people" in page and "7 entries shown of 7" in page
    assert HOSTILE not in page and "&lt;script&gt;" not in page  # no words on the timeline


def test_every_picture_on_the_timeline_is_a_real_image(app, record):
    client = signed_in(app, "demo.worker")
    sources = re.findall(r'<img class="app-record__thumbnail" src="([^"]+)"', page_of(client, record.maisie)[1])
    assert len(sources) == 4
    for source in sources:
        response = client.get(source)
        assert response.status_code == 200 and response.mimetype in ("image/png", "image/jpeg"), source
        assert "attachment" not in response.headers.get("Content-Disposition", "")  # shown, not a download


def test_the_filters_travel_in_the_address_and_narrow_the_page(app, record):
    client = signed_in(app, "demo.worker")
    status, page = page_of(
        client, record.maisie, "?kind=photos&from-day=1&from-month=11&from-year=2026&to-day=30&to-month=11&to-year=2026"
    )
    assert status == 200 and "2 entries shown of 7" in page
    assert f'/records/{record.session}"' in page and f'/records/{record.note}"' in page
    assert f'/records/{record.v2}"' not in page
    assert (
        '<option value="photos" selected>' in page
        and 'name="from-month" type="text" inputmode="numeric" autocomplete="off" value="11"' in page
    )
    # The type list offers the kinds this child has, and photos.
    options = re.findall(r'<option value="([a-z_]*)"', page)
    assert options == ["", "observation", "three_houses", "words_pictures", "network", "network_meeting", "photos"]
    status, page = page_of(client, record.maisie, "?kind=observation&from-day=1&from-month=1&from-year=2027")
    assert status == 200 and "Nothing matches these filters." in page


@pytest.mark.parametrize(
    "query, message",
    [
        ("?kind=bogus", "Choose a type from the list"),
        ("?from-day=30&from-month=2&from-year=2026", "Enter the first day as a real date"),
        ("?to-day=%3Cscript%3E&to-month=1&to-year=2026", "Enter the last day as a real date"),
        (
            "?from-day=1&from-month=12&from-year=2026&to-day=1&to-month=11&to-year=2026",
            "The last day must be the same as or after the first day",
        ),
    ],
)
def test_a_filter_that_cannot_be_read_is_a_400_with_the_problem_and_nothing_of_the_child(
    app, db, record, query, message
):
    client = signed_in(app, "demo.worker")
    before = next(db.query("SELECT COUNT(*) AS n FROM audit WHERE action = 'view'"))["n"]
    status, page = page_of(client, record.maisie, query)
    assert status == 400
    assert "govuk-error-summary" in page and message in page and page.startswith("<!doctype html>")
    assert "<title>Error: " in page
    assert "data-kind=" not in page and "<script>" not in page.split("</head>")[1]
    # Nothing of the child was shown, so nothing is audited as seen.
    assert next(db.query("SELECT COUNT(*) AS n FROM audit WHERE action = 'view'"))["n"] == before


def test_viewing_the_timeline_is_audited_without_the_filters(app, db, record):
    client = signed_in(app, "demo.manager")
    assert page_of(client, record.maisie, "?kind=three_houses")[0] == 200
    entry = next(db.query("SELECT * FROM audit ORDER BY id DESC LIMIT 1"))
    assert (entry["action"], entry["child_id"], entry["what"]) == ("view", record.maisie, "timeline.timeline")


def add_other_manager(app, db) -> None:
    """The Other Team's manager (the demo data has none): sees Leo, never the Demo Team's children."""
    other_team = next(db.query("SELECT team_id FROM users WHERE username = 'other.worker'"))["team_id"]
    with app.app_context():
        accounts.add_user(db, "other.manager", "Olwen Other", "manager", other_team, DEMO_PASSWORD)


def test_nobody_else_can_tell_the_timeline_exists(app, db, record):
    add_other_manager(app, db)
    assert page_of(signed_in(app, "other.manager"), record.children["Leo"])[0] == 200  # their own team's child
    for username in ("other.worker", "other.manager", "demo.admin"):
        client = signed_in(app, username)
        for query in ("", "?kind=photos", "?from-day=bad"):
            assert page_of(client, record.maisie, query)[0] == 404, (username, query)
    # The worker cannot reach Leo's, and a child who does not exist is the same 404.
    worker = signed_in(app, "demo.worker")
    assert page_of(worker, record.children["Leo"])[0] == 404
    assert page_of(worker, "00000000-0000-4000-8000-000000000000")[0] == 404
    signed_out = app.test_client().get(f"/children/{record.maisie}/timeline")
    assert signed_out.status_code == 303 and signed_out.headers["Location"].endswith("/login")


def test_the_child_page_shows_the_latest_three_and_links_to_the_whole_timeline(app, record):
    page = signed_in(app, "demo.worker").get(f"/children/{record.maisie}").get_data(as_text=True)
    direct_work = page[page.index('id="direct-work"') : page.index('id="safety-network"')]
    assert direct_work.count("data-kind=") == 3
    assert [f'/records/{artefact}"' in direct_work for artefact in (record.v2, record.session, record.v1)] == [
        True,
        True,
        False,
    ]
    assert f'href="/children/{record.maisie}/timeline"' in direct_work and "See the whole timeline (7 entries)" in page


def test_a_child_with_nothing_recorded_says_so(app, db):
    status, page = page_of(signed_in(app, "demo.worker"), child_ids(db)["Ava"])
    assert status == 200 and "Nothing has been recorded with Ava yet" in page
    page = signed_in(app, "demo.worker").get(f"/children/{child_ids(db)['Ava']}").get_data(as_text=True)
    assert "Nothing has been recorded with Ava yet" in page and "/timeline" not in page


def test_the_worker_filters_the_timeline_in_the_browser(page, start_server, app, record):
    from playwright.sync_api import expect

    from tests.tablet.test_browser import axe_violations, sign_in

    server = start_server(PARTS_DIR=app.config["PARTS_DIR"])
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    sign_in(page, server)
    page.goto(f"{server.url}/children/{record.maisie}")
    page.get_by_role("link", name="See the whole timeline (7 entries)").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Timeline")
    expect(page.locator(".app-timeline__entry")).to_have_count(7)
    assert axe_violations(page) == []
    page.get_by_label("Type").select_option(label="Words and Pictures")
    page.get_by_role("button", name="Show").tap()
    expect(page.locator(".app-timeline__entry")).to_have_count(2)
    assert "kind=words_pictures" in page.url
    page.get_by_label("Type").select_option(label="All types")
    for field, day in (("from", "30"), ("to", "1")):
        group = page.get_by_role("group", name="From" if field == "from" else "To")
        group.get_by_label("Day").fill(day)
        group.get_by_label("Month").fill("11")
        group.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Show").tap()
    refusal = "The last day must be the same as or after the first day"
    expect(page.locator(".govuk-error-summary")).to_contain_text(refusal)
    expect(page.locator(".app-timeline__entry")).to_have_count(0)
    assert axe_violations(page) == []
    page.get_by_role("link", name=refusal).tap()
    expect(page.get_by_role("group", name="To").get_by_label("Day")).to_be_focused()
    assert problems == [] or all("400" in problem for problem in problems), problems
