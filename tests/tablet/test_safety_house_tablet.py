"""The Safety House on the tablet, in a real browser with touch input, offline, then synced.

A worker records the session and hands the tablet to the child; the child puts people in their house
(one dragged by a finger, one with the buttons for children who cannot drag, one added by name),
writes a rule on the roof, moves along the safety path to the door and says why, pauses and carries
on; the worker writes down what would make it one step closer, records a parent's number apart, and
who the child said may see each — all with no connection, the server even stopped. Then the tablet
syncs and the record page, the parents' PDF and the pack show only what the child allowed.
A later visit starts from the child's latest version, as the server carried it for the visit.
"""

import json

import pytest
from playwright.sync_api import expect

from tests.conftest import TABLET_VIEWPORTS, child_ids
from tests.pages.test_packs import Casework
from tests.pdf_reader import pdf_text
from tests.sync_helpers import StoreTablet
from tests.tablet.test_browser import axe_violations, child_screen_report
from tests.tablet.test_network_tablet import saved_network
from tests.tablet.test_tablet import PIN, back_to_worker, local, open_tablet, prepare_all, wait_until_sent
from tests.tablet.test_three_houses_tablet import eventually
from tests.tablet.test_words_pictures_tablet import centre, touch_drag
from tests.tablet_client import member, safety_house

RULE = "Mum doesn't shout <b>at night</b> ŵ"
WHY = "Dad still comes round"
CLOSER = "If Dad only came when Nain is there"


# --- what the people in the room do --------------------------------------------------------------------


def carry_people(server, db):
    """The child's safety network, saved earlier, so "Prepare for visits" carries its people."""
    saved_network(
        server,
        db,
        child_ids(db)["Maisie"],
        [
            member("m-nain", name="Nain", relation="grandmother", stamp="person-older", ring=1, angle=0),
            member("m-dave", name="Dave", relation="uncle", stamp="person-adult", ring=2, angle=90),
        ],
    )


def start_safety_house(page, child="Maisie"):
    page.locator(".app-carried__child", has_text=child).get_by_role("button", name="Start: Safety House").tap()
    expect(page.get_by_role("heading", name="Session details")).to_be_visible()


def record_session(page):
    page.get_by_label("Where is the session?").fill("At school, in the quiet room")
    page.get_by_role("group", name="Is the child seen alone?").get_by_label("Yes").check()
    conveyed = page.get_by_role("group", name="How did the child communicate?")
    conveyed.get_by_label("Spoke").check()
    conveyed.get_by_label("Pointing or eye-gaze").check()
    page.get_by_label("Your note on how the child communicated").fill("Pointed at Nain's photo")


def hand_to_child(page):
    page.get_by_role("button", name="Hand to the child").tap()
    expect(page.locator(".app-sh__scene")).to_be_visible()


def person(page, name):
    return page.locator(".app-sh__person", has_text=name)


def zone(page, key):
    return page.locator(f".app-sh__zone--{key}")


def child_places_people_and_a_rule_and_moves_on_the_path(page):
    """What the child does: drag Nain into the house, put Dave outside with the buttons, add Kai by
    name to the garden, write a rule with a sticker, move along the path, pause and carry on."""
    # Nain, dragged from the people the tablet carried into the house by a finger.
    expect(person(page, "Nain")).to_be_visible()
    touch_drag(page, centre(person(page, "Nain").bounding_box()), centre(zone(page, "inside").bounding_box()))
    expect(zone(page, "inside").locator(".app-sh__person", has_text="Nain")).to_be_visible()
    # Dave, picked and put outside the red line with a button; he may come in only with a safe grown-up.
    person(page, "Dave").tap()
    page.get_by_role("button", name="Outside the red line").tap()
    expect(zone(page, "outside").locator(".app-sh__person", has_text="Dave")).to_be_visible()
    page.get_by_role("button", name="Only with a safe grown-up").tap()
    expect(person(page, "Dave")).to_contain_text("only with a safe grown-up")
    page.get_by_role("button", name="Done").tap()
    # Kai, added by name with a sticker, straight into the garden.
    page.get_by_role("button", name="Someone new").tap()
    page.get_by_label("Their name").fill("Kai")
    page.get_by_role("button", name="A child", exact=True).tap()
    page.get_by_role("button", name="In the garden").tap()
    expect(zone(page, "garden").locator(".app-sh__person", has_text="Kai")).to_be_visible()

    # A rule on the roof, with a picture.
    page.locator(".app-sh__roof").tap()
    page.get_by_label("Write a rule").fill(RULE)
    page.get_by_role("button", name="Add a picture").tap()
    page.get_by_role("button", name="Happy face").tap()
    page.get_by_role("button", name="Keep this rule").tap()
    expect(page.locator(".app-sh__rule")).to_contain_text(RULE)
    expect(page.locator(".app-sh__rule")).to_contain_text("Child wrote")
    page.get_by_role("button", name="The house", exact=True).tap()
    expect(page.locator(".app-sh__roof-count")).to_have_text("1")

    # The safety path: + from the start, a drag of the figure, then − once.
    page.get_by_role("button", name="The path").tap()
    page.get_by_role("button", name="Closer to the door").tap()
    expect(page.locator(".app-sh__number")).to_have_text("0")
    figure = page.locator(".app-sh__figure")
    touch_drag(
        page, centre(figure.bounding_box()), centre(page.locator(".app-sh__stone[data-step='5']").bounding_box())
    )
    expect(page.locator(".app-sh__number")).to_have_text("5")
    page.get_by_role("button", name="Further away").tap()
    expect(page.locator(".app-sh__number")).to_have_text("4")
    page.get_by_label("Why are you there? (you can leave it)").fill(WHY)

    # Someone walks in: pause hides everything at once; carrying on brings it back as it was.
    page.get_by_role("button", name="Pause").tap()
    expect(page.locator(".app-sh__path")).to_be_hidden()
    page.get_by_role("button", name="Carry on").tap()
    expect(page.locator(".app-sh__path")).to_be_visible()
    expect(page.get_by_label("Why are you there? (you can leave it)")).to_have_value(WHY)


def worker_records_what_the_child_said(page):
    """The worker: what would make it one step closer, a parent's number apart, and who may see what."""
    page.locator(".app-sh__nav").get_by_role("button", name="The safety path").tap()
    mine = page.locator(".app-sh__note", has_text="The child's own number: 4")
    mine.get_by_label("What would make it one step closer?").fill(CLOSER)
    mine.get_by_label("Parents").check()
    mine.get_by_label("Safety network").check()
    page.get_by_role("group", name="Whose number is it?").get_by_label("A parent or carer").check()
    page.get_by_label("Their name (not needed for the child)").fill("Sarah")
    page.get_by_role("group", name="Their number").get_by_label("8", exact=True).check()
    page.get_by_role("button", name="Add this number").tap()
    expect(page.locator(".app-sh__note", has_text="A parent or carer (Sarah): 8")).to_be_visible()

    page.locator(".app-sh__nav").get_by_role("button", name="People").tap()
    # Where the child put each, and who put them there.
    expect(page.locator(".app-sh__note h3")).to_have_text(
        ["Nain · In the house", "Dave · Outside the red line", "Kai · In the garden"]
    )
    expect(page.locator(".app-sh__note", has_text="Nain")).to_contain_text(
        "The child put them here · From the safety network"
    )
    expect(page.get_by_label("May come in only with a safe grown-up")).to_be_checked()
    nain = page.locator(".app-sh__note", has_text="Nain")
    nain.get_by_label("Parents").check()
    nain.get_by_label("Safety network").check()  # a wish with two audiences
    page.locator(".app-sh__note", has_text="Dave").get_by_label("Nobody").check()
    page.locator(".app-sh__nav").get_by_role("button", name="Rules").tap()
    page.locator(".app-sh__note", has_text="Mum doesn't shout").get_by_label("Conference").check()


# --- the tests ----------------------------------------------------------------------------------------------


# Each scenario at one iPad viewport, the two between them: the child's screens are checked at both
# (test_the_child_s_screens_have_big_targets…), and a whole scenario twice cost the suite's budget.
@pytest.mark.parametrize("viewport", ["ipad-portrait"])
def test_a_safety_house_made_offline_with_a_finger_and_buttons(page, context, live_server, db, viewport):
    carry_people(live_server, db)
    page.set_viewport_size(TABLET_VIEWPORTS[viewport])
    open_tablet(page, live_server)
    prepare_all(page)
    context.set_offline(True)
    live_server.stop()  # nothing at all to reach: the tablet works alone
    start_safety_house(page)
    record_session(page)
    hand_to_child(page)
    child_places_people_and_a_rule_and_moves_on_the_path(page)
    back_to_worker(page)
    worker_records_what_the_child_said(page)
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#notice")).to_contain_text("Finished.")
    # Sealed in the outbox, waiting for a connection.
    eventually(lambda: local(page, "outbox"), lambda count: count == 1)


def finish_offline_and_sync(page, context, live_server, db):
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#notice")).to_contain_text("Finished.")
    context.set_offline(False)
    wait_until_sent(page)
    rows = list(db.query("SELECT * FROM artefacts WHERE kind = 'safety_house'"))
    assert len(rows) == 1
    return rows[0], json.loads(rows[0]["document"])["content"]


@pytest.mark.parametrize("viewport", ["ipad-landscape"])
def test_made_offline_then_synced_and_shown_only_as_the_child_allowed(page, context, live_server, db, viewport):
    carry_people(live_server, db)
    page.set_viewport_size(TABLET_VIEWPORTS[viewport])
    open_tablet(page, live_server)
    prepare_all(page)
    context.set_offline(True)
    start_safety_house(page)
    record_session(page)
    hand_to_child(page)
    child_places_people_and_a_rule_and_moves_on_the_path(page)
    back_to_worker(page)
    worker_records_what_the_child_said(page)
    row, content = finish_offline_and_sync(page, context, live_server, db)

    people = {p["name"]: p for p in content["people"]}
    assert people["Nain"]["zone"] == "inside" and people["Nain"]["network"] == "m-nain"
    assert people["Nain"]["share"] == ["parents", "network"] and people["Nain"]["by"] == "child"
    assert people["Dave"]["zone"] == "outside" and people["Dave"]["only_with_safe_adult"] is True
    assert people["Dave"]["share"] == []
    assert people["Kai"]["zone"] == "garden" and people["Kai"]["sticker"] == "person-child"
    assert people["Kai"]["network"] is None and people["Kai"]["share"] == "ask"
    [rule] = content["rules"]
    assert (rule["text"], rule["by"], rule["sticker"], rule["share"]) == (RULE, "child", "face-happy", ["conference"])
    child, parent = content["path"]
    assert (child["who"], child["number"], child["why"], child["closer"]) == ("child", 4, WHY, CLOSER)
    assert child["share"] == ["parents", "network"]
    assert (parent["who"], parent["name"], parent["number"], parent["share"]) == ("parent", "Sarah", 8, "ask")

    # The record page: the house with its people, the rule verbatim, each number apart.
    page.goto(f"{live_server.url}/children/{child_ids(db)['Maisie']}")
    page.get_by_role("link", name="Safety House").first.click()
    for shown in ("Nain", "Dave", "Kai", RULE, WHY, CLOSER, "Sarah"):
        expect(page.get_by_text(shown).first).to_be_visible()
    expect(page.get_by_text("Child wrote").first).to_be_visible()
    conveyed = page.locator(".app-conveyed")
    expect(conveyed).to_contain_text("Spoke, Pointing or eye-gaze")
    expect(conveyed).to_contain_text("Pointed at Nain's photo")

    # The parents' PDF, and the pack for the conference's parents: only what the child allowed parents
    # to see (Nain, the child's own number and why), nothing of Dave, Kai, the rule or Sarah's number.
    casework = Casework(live_server.app, db)
    [sheet] = casework.artefact(row["id"], "parents", "pdf").files
    [pack] = casework.pack(casework.attached("conference", [row["id"]]), "parents", "pdf").files
    for exported in (sheet, pack):
        text = pdf_text(exported.data)
        assert "Nain" in text and WHY in text and CLOSER in text
        assert "Dave" not in text and "Kai" not in text and "shout" not in text and "Sarah" not in text
        assert "Spoke, Pointing or eye-gaze" in text and "Pointed at" not in text  # the ways, not the note
    # The record sees everything.
    [record] = casework.artefact(row["id"], "record", "pdf").files
    text = pdf_text(record.data)
    assert all(shown in text for shown in ("Nain", "Dave", "Kai", "shout", "Sarah"))


def test_the_child_s_screens_have_big_targets_nothing_at_the_bottom_and_meet_wcag(page, live_server, db):
    carry_people(live_server, db)
    for viewport in ("ipad-portrait", "ipad-landscape"):
        page.set_viewport_size(TABLET_VIEWPORTS[viewport])
        if viewport == "ipad-portrait":
            open_tablet(page, live_server)
            prepare_all(page)
            start_safety_house(page)
            hand_to_child(page)
        else:  # back to the house, Nain still picked from the portrait round: put down
            page.get_by_role("button", name="The house", exact=True).tap()
            page.get_by_role("button", name="Done").tap()
        screens = {
            "house": lambda: None,
            "picked": lambda: person(page, "Nain").tap(),
            "someone new": lambda: page.get_by_role("button", name="Someone new").tap(),
            "rules": lambda: (
                page.get_by_role("button", name="The house", exact=True).tap(),
                page.locator(".app-sh__roof").tap(),
            ),
            "rule pictures": lambda: page.get_by_role("button", name="Add a picture").tap(),
            "path": lambda: (
                page.get_by_role("button", name="The house", exact=True).tap(),
                page.get_by_role("button", name="The path").tap(),
                page.get_by_role("button", name="Closer to the door").tap(),
            ),
            "draw": lambda: (
                page.get_by_role("button", name="The house", exact=True).tap(),
                page.get_by_role("button", name="Draw").tap(),
            ),
        }
        for name, go in screens.items():
            go()
            page.wait_for_timeout(150)
            report = child_screen_report(page)
            assert report["small"] == [], (viewport, name, "targets under 64 px")
            assert report["low"] == [], (viewport, name, "pressable along the bottom edge")
            assert report["scroll"] <= 0, (viewport, name, "the child's screen scrolls")
            assert axe_violations(page) == [], (viewport, name)


def test_finishing_needs_the_session_and_something_in_the_house(page, live_server):
    open_tablet(page, live_server)
    prepare_all(page)
    start_safety_house(page)
    page.get_by_role("button", name="Finish and send").tap()
    summary = page.locator("#problem")
    expect(summary).to_contain_text("Say where the session happened")
    expect(summary).to_contain_text("Say whether the child was seen alone")
    expect(summary).to_contain_text("Nothing is in the Safety House yet")


def test_plain_words_name_the_person_rule_and_number(page, live_server):
    """Every limit is refused before Finish in words naming what is wrong."""
    open_tablet(page, live_server)
    problems = page.evaluate(
        """async () => {
            const { KINDS } = await import('/static/js/tools/index.js');
            const tool = KINDS.safety_house;
            const content = tool.initialContent('child', null);
            const at = new Date().toISOString();
            Object.assign(content.session, { place: 'School', seen_alone: true });
            content.people.push({ id: 'p1', name: 'N'.repeat(61), zone: 'inside', only_with_safe_adult: true,
                sticker: 'dog', network: null, by: 'child', share: 'ask', at });
            content.rules.push({ id: 'r1', text: 'No shouting', by: 'someone', sticker: null, share: ['everyone'], at });
            content.path.push({ who: 'child', name: '', number: 11, why: '', closer: '', share: 'ask', at });
            content.path.push({ who: 'child', name: '', number: 3, why: '', closer: '', share: 'ask', at });
            return tool.problems({ content, parts: [] });
        }"""
    )
    said = "\n".join(problems)
    assert "Shorten the name of “NNNNNNNNNNNNNNNNNNNNNNNNNNNNNN…” to 60 characters or fewer" in said
    assert "Only someone outside the red line can come in only with a safe grown-up" in said
    assert "Choose the sticker for “NNNNNNNNNNNNNNNNNNNNNNNNNNNNNN…” again" in said
    assert "Say again who wrote the rule “No shouting”" in said
    assert "Tick again who the child said may see the rule “No shouting”" in said
    assert "Choose the child's own number again: a whole number from 0 to 10" in said
    assert "The child can have only one number on the safety path" in said


def test_a_new_version_starts_from_the_last_one(page, live_server):
    open_tablet(page, live_server)
    following = page.evaluate(
        """async () => {
            const { KINDS } = await import('/static/js/tools/index.js');
            const tool = KINDS.safety_house;
            const content = tool.initialContent('child', null);
            content.version = 3;
            content.session.place = 'School';
            content.people.push({ id: 'p1', name: 'Nain', zone: 'inside', only_with_safe_adult: false,
                sticker: null, network: 'm-nain', by: 'child', share: ['parents'], at: new Date().toISOString() });
            return tool.nextVersion({ content });
        }"""
    )
    assert following["content"]["version"] == 4
    assert following["content"]["session"]["place"] == ""
    assert following["content"]["people"][0]["id"] == "p1"  # kept across versions
    assert following["notice"] == "Version 3 saved. You are now editing version 4."


def test_a_later_visit_starts_from_the_childs_latest_version(page, context, live_server, db):
    """Months later, on another tablet: "Prepare for visits" carries the child's latest version (with
    its drawing), and starting a Safety House carries on from it as version 2, naming it."""
    maisie = child_ids(db)["Maisie"]
    nain = {
        "id": "p1",
        "name": "Nain",
        "zone": "inside",
        "only_with_safe_adult": False,
        "sticker": None,
        "network": None,
        "by": "child",
        "share": ["parents"],
        "at": "2026-11-23T10:05:00.000Z",
    }
    with live_server.app.app_context():
        desk = StoreTablet(db, "demo.worker", "Desk tablet")
        first = desk.upload(safety_house(maisie, people=[nain]))
        desk.ingest(first, live_server.app.config["PARTS_DIR"])
    open_tablet(page, live_server)
    prepare_all(page)
    context.set_offline(True)
    start_safety_house(page)
    record_session(page)
    # Nothing added on this visit: it can be finished only because it carries on from the last one.
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#notice")).to_contain_text("Finished.")
    context.set_offline(False)
    wait_until_sent(page)
    [later] = [
        json.loads(row["document"])
        for row in db.query("SELECT document FROM artefacts WHERE kind = 'safety_house' AND id != ?", [first.id])
    ]
    assert later["supersedes"] == first.id and later["content"]["version"] == 2
    assert [person["name"] for person in later["content"]["people"]] == ["Nain"]
    assert later["content"]["people"][0]["id"] == "p1"  # the same person, followed across visits


def test_a_welsh_speaking_child_sees_welsh(page, live_server):
    open_tablet(page, live_server)
    prepare_all(page)
    page.goto(live_server.url + "/tablet/cy")
    page.locator("#pin").fill(PIN)
    page.locator("#unlock-form button").tap()
    page.locator(".app-carried__child", has_text="Tomos").locator("button.app-start", has_text="Tŷ Diogelwch").tap()
    page.locator("[data-action=child-mode]").tap()
    expect(page.get_by_role("button", name="Saib")).to_be_visible()
    expect(page.get_by_role("button", name="Gwrando")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "cy"
