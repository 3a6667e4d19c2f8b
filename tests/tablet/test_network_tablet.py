"""The family and safety network on the tablet, in a real browser with touch input, offline, then synced.

A worker builds the circles of safety and support with a parent: adds people, drags one to a ring
with a finger and moves another with buttons, records who was told the danger statement; the child
places people and marks who helps and who worries them; a network meeting is recorded — all with no
connection. Then the tablet syncs. Two tablets editing the same person offline both keep their change.
"""

import json
import uuid

import pytest
from playwright.sync_api import expect

from tests.conftest import TABLET_VIEWPORTS, child_ids
from tests.sync_helpers import StoreTablet
from tests.tablet.test_browser import axe_violations, child_screen_report
from tests.tablet.test_tablet import back_to_worker, open_tablet, prepare_all, wait_until_sent
from tests.tablet.test_three_houses_tablet import eventually
from tests.tablet.test_words_pictures_tablet import centre, touch_drag
from tests.tablet_client import member, network

PEOPLE = [
    ("Nain", "grandmother", "An older person"),
    ("Dave", "uncle", "A grown-up"),
    ("Sarah", "mum", "A grown-up"),
    ("Mr Jones", "teacher", "A grown-up (stick figure)"),
]


# --- what the people in the room do --------------------------------------------------------------------


def start_network(page, child="Maisie"):
    page.locator(".app-carried__child", has_text=child).get_by_role(
        "button", name="Start: Family and safety network"
    ).tap()
    expect(page.get_by_role("heading", name="Circles of safety and support")).to_be_visible()


def add_person(page, name, relation, picture):
    page.locator(".app-nw__nav").get_by_role("button", name="Add a person").tap()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("How are they related to the child?").fill(relation)
    page.get_by_label(picture, exact=True).check()
    page.get_by_role("button", name="Add to the network").tap()


def person(page, name):
    return page.locator(".app-nw-map__person", has_text=name)


def drag_to_ring(page, name, ring, angle_turn=(0, -1)):
    """A finger drags `name` to the middle of `ring`, in the direction `angle_turn` from the centre."""
    box = page.locator(".app-nw-map").bounding_box()
    radius = box["width"] / 2
    distance = (0.2 + 0.2 * (ring - 0.5)) * radius
    cx, cy = box["x"] + radius, box["y"] + box["height"] / 2
    # The anchor is the middle of the picture, drawn 35% of the button's width below its top.
    button = person(page, name).bounding_box()
    start = (button["x"] + button["width"] / 2, button["y"] + 0.35 * button["width"])
    grab = centre(person(page, name).bounding_box())
    end = (cx + angle_turn[0] * distance + grab[0] - start[0], cy + angle_turn[1] * distance + grab[1] - start[1])
    touch_drag(page, grab, end)


def fields_of(content, name):
    member = next(m for m in content["members"] if m["fields"]["name"]["value"] == name)
    return member["fields"]


def stored(db, kind):
    return [
        json.loads(row["document"])["content"]
        for row in db.query("SELECT document FROM artefacts WHERE kind = ? ORDER BY received_at", [kind])
    ]


def saved_network(server, db, child_id, people):
    """A network saved earlier from another of the worker's tablets, for "Prepare for visits" to carry."""
    with server.app.app_context():
        tablet = StoreTablet(db, "demo.worker", "Desk tablet")
        tablet.ingest(tablet.upload(network(child_id, str(uuid.uuid4()), people)), server.app.config["PARTS_DIR"])


def boxes(page, selector):
    return page.locator(selector).evaluate_all(
        "(found) => found.map((each) => { const box = each.getBoundingClientRect();"
        " return [each.textContent, box.left, box.top, box.right, box.bottom]; })"
    )


def overlapping(found):
    """Every pair of boxes that overlap (by more than a rounding pixel), by their text."""
    return [
        (a[0], b[0])
        for n, a in enumerate(found)
        for b in found[n + 1 :]
        if a[1] < b[3] - 1 and b[1] < a[3] - 1 and a[2] < b[4] - 1 and b[2] < a[4] - 1
    ]


# Nineteen people piled up as the tablet used to leave them: everyone on a ring at the same angle.
PILED = [
    (name, ring)
    for ring, names in (
        (1, ["Mum", "Dad", "Nain Gwenllïan", "Taid"]),
        (2, ["Anti Siân", "Uncle Dave", "Cousin Rhiannon", "Mrs Price next door", "Grandad Bob"]),
        (3, ["Mr Jones", "Auntie Pam", "Lee", "Coach Morgan Williams", "Pastor Ade"]),
        (4, ["Dr Evans", "Kerry", "Bethan from the café", "Gwyn", "Pat the childminder"]),
    )
    for name in names
]


# --- the tests ----------------------------------------------------------------------------------------------


# The whole scenario at one viewport (portrait; two tablets work in landscape below): the map's
# layout and targets are checked at both (test_the_map_and_the_meeting_meet_wcag…, test_twenty_people…).
@pytest.mark.parametrize("viewport", ["ipad-portrait"])
def test_a_network_built_offline_with_touch_and_buttons_then_synced(page, context, live_server, db, viewport):
    page.set_viewport_size(TABLET_VIEWPORTS[viewport])
    open_tablet(page, live_server)
    prepare_all(page)
    context.set_offline(True)
    start_network(page)
    for name, relation, picture in PEOPLE:
        add_person(page, name, relation, picture)
        expect(person(page, name)).to_be_visible()
    # The same name twice (another case, an accent) is refused with a GOV.UK error.
    add_person(page, "NÁIN", "neighbour", "A grown-up")
    expect(page.locator("#tool .govuk-error-message")).to_contain_text("NÁIN is already in the network")
    expect(page.locator("#tool .govuk-error-summary")).to_be_visible()
    page.locator(".app-nw__nav").get_by_role("button", name="The circles").tap()
    expect(page.locator(".app-nw-map__person")).to_have_count(4)

    # Nain is dragged by a finger into the closest ring; Dave is moved by buttons only.
    drag_to_ring(page, "Nain", 1)
    expect(person(page, "Nain")).to_contain_text("closest to the family")
    person(page, "Dave").tap()
    expect(person(page, "Dave")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Closer", exact=True).tap()
    page.get_by_role("button", name="Closer", exact=True).tap()
    expect(person(page, "Dave")).to_contain_text("ring 2 of 4")
    page.get_by_role("button", name="Move round").tap()
    # The keyboard alone does the same: focus a person, Enter, then the buttons.
    person(page, "Mr Jones").focus()
    page.keyboard.press("Enter")
    expect(person(page, "Mr Jones")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Closer", exact=True).focus()
    page.keyboard.press("Enter")
    expect(person(page, "Mr Jones")).to_contain_text("ring 3 of 4")

    # Sarah, mum, a parent, was told the danger statement and the worries; an impossible date is refused.
    page.locator(".app-nw__people").get_by_role("button", name="Sarah").tap()
    page.get_by_role("group", name="Are they a parent of the child?").get_by_label("Yes").check()
    page.get_by_role("group", name="Do they have parental responsibility?").get_by_label("Yes").check()
    told = page.get_by_role("group", name="When were they told the danger statement and the worries?")
    told.get_by_label("Day").fill("31")
    told.get_by_label("Month").fill("2")
    told.get_by_label("Year").fill("2025")
    expect(told.locator(".govuk-error-message")).to_have_text("Enter a real date, for example 27 3 2026")
    told.get_by_label("Day").fill("3")
    expect(told.locator(".govuk-error-message")).to_be_hidden()
    page.get_by_role("group", name="Are they willing to be part of the safety network?").get_by_label("Yes").check()
    page.get_by_label("Their role in the safety plan").fill("Walks Maisie to school")
    page.get_by_role("button", name="Back to the circles").tap()

    # The child: the same circles with big pictures; marks who helps and who worries, moves Dave.
    page.get_by_role("button", name="Hand to the child").tap()
    expect(page.locator(".app-nw-map--big")).to_be_visible()
    person(page, "Nain").tap()
    page.get_by_role("button", name="Helps me", exact=True).tap()
    expect(page.get_by_role("button", name="Helps me", exact=True)).to_have_attribute("aria-pressed", "true")
    person(page, "Dave").tap()
    page.get_by_role("button", name="Worries me", exact=True).tap()
    page.get_by_role("button", name="Further away").tap()
    expect(person(page, "Dave")).to_contain_text("ring 3 of 4")
    drag_to_ring(page, "Mr Jones", 2, (1, 0))
    expect(person(page, "Mr Jones")).to_contain_text("ring 2 of 4")
    report = child_screen_report(page)
    assert report["small"] == [] and report["low"] == [] and report["scroll"] <= 0, report
    page.get_by_role("button", name="Pause").tap()
    expect(page.locator(".app-nw-map")).to_be_hidden()
    page.get_by_role("button", name="Carry on").tap()
    expect(page.locator(".app-nw-map")).to_be_visible()
    back_to_worker(page)
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#notice")).to_contain_text("Finished.")

    # A network meeting: who came, a rule and who is responsible, the next meeting.
    page.locator(".app-carried__child", has_text="Maisie").get_by_role(
        "button", name="Start: Safety network meeting"
    ).tap()
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#problem")).to_contain_text("Enter the date of the meeting")
    meeting = page.get_by_role("group", name="When was the meeting?")
    meeting.get_by_label("Day").fill("2")
    meeting.get_by_label("Month").fill("3")
    meeting.get_by_label("Year").fill("2025")
    page.get_by_role("button", name="Add someone else who came").tap()
    page.get_by_label("Name of other person 1").fill("Sarah")
    page.get_by_label("Role of other person 1").fill("mum")
    page.get_by_role("button", name="Add a rule").tap()
    page.get_by_label("Rule 1").fill("Sarah collects Maisie from school every day")
    page.get_by_role("group", name="Who is responsible for rule 1?").get_by_label("Sarah").check()
    nxt = page.get_by_role("group", name="When is the next meeting?")
    nxt.get_by_label("Day").fill("2")
    nxt.get_by_label("Month").fill("4")
    nxt.get_by_label("Year").fill("2030")
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#notice")).to_contain_text("Finished.")

    context.set_offline(False)
    wait_until_sent(page)
    [network] = stored(db, "network")
    assert sorted(f["fields"]["name"]["value"] for f in network["members"]) == ["Dave", "Mr Jones", "Nain", "Sarah"]
    nain, dave, jones, sarah = (fields_of(network, name) for name in ("Nain", "Dave", "Mr Jones", "Sarah"))
    assert nain["ring"]["value"] == 1 and nain["child_view"]["value"] == ["helps"]
    # Dave was added opposite Nain (the widest free space of the outer ring), then moved round 30°.
    assert dave["ring"]["value"] == 3 and dave["angle"]["value"] == 210 and dave["child_view"]["value"] == ["worries"]
    assert jones["ring"]["value"] == 2 and 60 <= jones["angle"]["value"] <= 120
    assert sarah["informed"]["value"] == "2025-02-03" and sarah["parent"]["value"] is True
    assert sarah["willing"]["value"] is True and nain["stamp"]["value"] == "person-older"
    device = next(db.query("SELECT id FROM devices"))["id"]
    for fields in (nain, dave, jones, sarah):
        for field in fields.values():
            assert field["by"] == device and field["at"].endswith("Z")
    [meeting] = stored(db, "network_meeting")
    # Offline, a network built since "Prepare for visits" is not yet carried: the meeting is filed
    # for the same child.
    assert meeting["children"] == network["children"] and meeting["date"] == "2025-03-02"
    assert meeting["attended"] == [{"member": None, "name": "Sarah", "role": "mum"}]
    assert meeting["agreed"] == [{"rule": "Sarah collects Maisie from school every day", "responsible": ["Sarah"]}]
    assert meeting["next_meeting"] == "2030-04-02"


def test_finishing_needs_names_and_relations(page, live_server):
    open_tablet(page, live_server)
    prepare_all(page)
    start_network(page)
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#problem")).to_contain_text("Add at least one person to the network")
    page.locator(".app-nw__nav").get_by_role("button", name="Add a person").tap()
    page.get_by_role("button", name="Add to the network").tap()
    expect(page.locator("#tool .govuk-error-summary")).to_contain_text("Enter the person's name")
    page.get_by_label("Name", exact=True).fill("Nain")
    page.get_by_role("button", name="Add to the network").tap()
    expect(page.locator("#tool .govuk-error-summary")).to_contain_text("Say how Nain is related to the child")


def test_two_tablets_change_the_same_person_and_both_changes_are_kept(browser, page, context, live_server, db):
    open_tablet(page, live_server)
    prepare_all(page)
    start_network(page)
    add_person(page, "Nain", "grandmother", "An older person")
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#notice")).to_contain_text("Finished.")
    wait_until_sent(page)
    network_id = stored(db, "network")[0]["network"]

    other = browser.new_context(viewport=TABLET_VIEWPORTS["ipad-landscape"], has_touch=True)
    second = other.new_page()
    open_tablet(second, live_server, device_name="Blue case")
    for tablet in (page, second):
        prepare_all(tablet)
    # Offline, the red tablet records that Nain was told; the blue one moves her closer.
    context.set_offline(True)
    other.set_offline(True)
    start_network(page)
    expect(person(page, "Nain")).to_be_visible()  # the carried network, not a new one
    page.locator(".app-nw__people").get_by_role("button", name="Nain").tap()
    told = page.get_by_role("group", name="When were they told the danger statement and the worries?")
    told.get_by_label("Day").fill("1")
    told.get_by_label("Month").fill("3")
    told.get_by_label("Year").fill("2025")
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#notice")).to_contain_text("Finished.")
    start_network(second)
    person(second, "Nain").tap()
    second.get_by_role("button", name="Closer", exact=True).tap()
    expect(person(second, "Nain")).to_contain_text("ring 3 of 4")
    second.get_by_role("button", name="Finish and send").tap()
    expect(second.locator("#notice")).to_contain_text("Finished.")
    context.set_offline(False)
    other.set_offline(False)
    wait_until_sent(page)
    wait_until_sent(second)
    other.close()

    states = stored(db, "network")
    assert len(states) == 3 and {state["network"] for state in states} == {network_id}
    from sofs_direct.tools.network import merge as network

    with live_server.app.app_context():
        merged = network.current(db, network_id)
    nain = next(fields for fields in merged["members"].values() if fields["name"]["value"] == "Nain")
    assert nain["informed"]["value"] == "2025-03-01"
    assert nain["ring"]["value"] == 3
    assert merged["conflicts"] == []


@pytest.mark.parametrize("viewport", ["ipad-landscape", "ipad-portrait"])
def test_the_map_and_the_meeting_meet_wcag_and_the_childs_map_has_big_targets(page, live_server, viewport):
    """Online, so axe-core (not part of the offline app) can be loaded into the page."""
    page.set_viewport_size(TABLET_VIEWPORTS[viewport])
    open_tablet(page, live_server)
    prepare_all(page)
    start_network(page)
    for name, relation, picture in PEOPLE + [(f"{n} 2", r, p) for n, r, p in PEOPLE]:
        add_person(page, name, relation, picture)
    expect(page.locator(".app-nw-map__person")).to_have_count(8)
    person(page, "Dave 2").tap()
    assert axe_violations(page) == [], (viewport, "worker's map")
    page.locator(".app-nw__people").get_by_role("button", name="Sarah", exact=True).tap()
    assert axe_violations(page) == [], (viewport, "a person's details")
    page.get_by_role("button", name="Back to the circles").tap()
    page.get_by_role("button", name="Hand to the child").tap()
    expect(page.locator(".app-nw-map--big")).to_be_visible()
    for selected in (False, True):
        if selected:
            person(page, "Sarah 2").tap()
            eventually(lambda: page.get_by_role("button", name="Helps me", exact=True).count(), lambda n: n == 1)
        page.wait_for_timeout(100)
        report = child_screen_report(page)
        assert report["small"] == [], (viewport, selected, "targets under 64 px")
        assert report["low"] == [], (viewport, selected, "pressable along the bottom edge")
        assert report["scroll"] <= 0, (viewport, selected, "the child's screen scrolls")
        assert axe_violations(page) == [], (viewport, selected)
    back_to_worker(page)
    page.get_by_role("button", name="Finish and send").tap()
    page.locator(".app-carried__child", has_text="Maisie").get_by_role(
        "button", name="Start: Safety network meeting"
    ).tap()
    page.get_by_role("button", name="Add someone else who came").tap()
    page.get_by_role("button", name="Add a rule").tap()
    assert axe_violations(page) == [], (viewport, "meeting")


def test_siblings_share_one_network(page, live_server, db):
    from sofs_direct.tools.network import merge as network

    open_tablet(page, live_server)
    prepare_all(page)
    start_network(page, "Maisie")
    expect(page.locator("#tool").get_by_label("Maisie")).to_be_disabled()  # the child it was started for
    page.locator("#tool").get_by_label("Ava").check()
    add_person(page, "Nain", "grandmother", "An older person")
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#notice")).to_contain_text("Finished.")
    wait_until_sent(page)
    ids = child_ids(db)
    shared = network.for_child(db, ids["Ava"])
    assert shared is not None and shared == network.for_child(db, ids["Maisie"])
    assert sorted(shared["children"]) == sorted([ids["Maisie"], ids["Ava"]])
    assert network.for_child(db, ids["Tomos"]) is None
    # Online, on Ava's network page: the map and the members list export as PNG and PDF.
    page.goto(f"{live_server.url}/children/{ids['Ava']}/network")
    expect(page.get_by_text("Nain").first).to_be_visible()
    for path, kind in (("network/map.png", "image/png"), ("network.pdf", "application/pdf")):
        download = page.request.get(f"{live_server.url}/children/{ids['Ava']}/{path}")
        assert download.status == 200 and download.headers["content-type"] == kind


@pytest.mark.parametrize("viewport", ["ipad-landscape", "ipad-portrait"])
def test_twenty_people_are_spread_out_so_every_name_can_be_read(page, live_server, db, viewport):
    """People used to sit on top of one another: each new person started at the same spot, so after
    "Closer" several shared one. Now new people start in free space and the map spreads everyone out."""
    piled = [
        member(f"m-p{n}", name=name, relation="family", ring=ring, angle=0) for n, (name, ring) in enumerate(PILED)
    ]
    saved_network(live_server, db, child_ids(db)["Maisie"], piled)
    page.set_viewport_size(TABLET_VIEWPORTS[viewport])
    open_tablet(page, live_server)
    prepare_all(page)
    start_network(page)
    expect(page.locator(".app-nw-map__person")).to_have_count(19)
    # The map spreads people in an animation frame after it measures them: on a loaded machine that can
    # be a moment after they are on the page, so the check waits for it (as long as five seconds).
    eventually(lambda: overlapping(boxes(page, ".app-nw-map__person")), lambda found: found == [])
    add_person(page, "Bryn", "Taid (grandfather)", "An older person")
    expect(page.locator(".app-nw-map__person")).to_have_count(20)
    eventually(lambda: overlapping(boxes(page, ".app-nw-map__person")), lambda found: found == [])
    for name in ("Bryn", "Gwyn", "Dr Evans"):
        person(page, name).tap()
        for _ in range(2):
            page.get_by_role("button", name="Closer", exact=True).tap()
        expect(person(page, name)).to_contain_text("ring 2 of 4")
        assert overlapping(boxes(page, ".app-nw-map__person")) == [], name
    # The child's bigger pictures on a smaller map: still no name over another.
    page.get_by_role("button", name="Hand to the child").tap()
    expect(page.locator(".app-nw-map--big")).to_be_visible()
    page.wait_for_timeout(100)
    assert overlapping(boxes(page, ".app-nw-map__name")) == []


def test_a_new_person_starts_in_the_widest_free_space_of_the_outer_ring(page, live_server):
    open_tablet(page, live_server)
    prepare_all(page)
    start_network(page)
    for name, relation, picture in PEOPLE:
        add_person(page, name, relation, picture)
    angles = page.evaluate("""async () => {
        const { freeAngle } = await import('/static/js/tools/network/layout.js');
        const on = (ring, angle) => ({ fields: { ring: { value: ring }, angle: { value: angle } } });
        return [freeAngle([], 4), freeAngle([on(4, 0)], 4), freeAngle([on(4, 0), on(4, 180)], 4),
                freeAngle([on(4, 0), on(3, 90), on(4, 90)], 4)];
    }""")
    assert angles == [0, 180, 90, 225]
    assert overlapping(boxes(page, ".app-nw-map__person")) == []


def test_unanswered_questions_start_empty_days_read_as_words_and_the_meeting_says_it_plainly(page, live_server, db):
    """No option is chosen for the worker ("No" was); the day someone was told reads as words, not
    2025-03-01; the first extra person at a meeting is "other person 1" (it was 4 with three people
    ticked); a relation with brackets is not put inside more brackets."""
    saved_network(
        live_server,
        db,
        child_ids(db)["Maisie"],
        [
            member("m-gwen", name="Gwen", relation="Nain (grandmother)", informed="2025-03-01"),
            member("m-kerry", name="Kerry", relation="Mum", parent=True),
            member("m-dave", name="Dave", relation="uncle"),
        ],
    )
    open_tablet(page, live_server)
    prepare_all(page)
    start_network(page)
    people = page.locator(".app-nw__people")
    expect(people).to_contain_text("Gwen – Nain (grandmother) · told 1 March 2025")
    expect(people).not_to_contain_text("2025-03-01")
    people.get_by_role("button", name="Gwen").tap()
    for question in ("Are they a parent of the child?", "Do they have parental responsibility?"):
        group = page.get_by_role("group", name=question)
        expect(group.get_by_label("Yes")).not_to_be_checked()
        expect(group.get_by_label("No")).not_to_be_checked()
    page.get_by_role("button", name="Back to the circles").tap()
    page.locator(".app-nw__people").get_by_role("button", name="Kerry").tap()
    expect(page.get_by_role("group", name="Are they a parent of the child?").get_by_label("Yes")).to_be_checked()
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#notice")).to_contain_text("Finished.")

    page.locator(".app-carried__child", has_text="Maisie").get_by_role(
        "button", name="Start: Safety network meeting"
    ).tap()
    page.get_by_label("Gwen – Nain (grandmother)").check()
    page.get_by_label("Kerry (Mum)").check()
    page.get_by_label("Dave (uncle)").check()
    page.get_by_role("button", name="Add someone else who came").tap()
    page.get_by_role("button", name="Add someone else who came").tap()
    expect(page.get_by_label("Name of other person 1")).to_be_visible()
    expect(page.get_by_label("Name of other person 2")).to_be_visible()
    expect(page.get_by_label("Name of other person 4")).to_have_count(0)
    page.get_by_label("Name of other person 2").fill("Sam")
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#problem")).to_contain_text("Give the name of other person 1, or remove them")
    page.get_by_role("button", name="Remove other person 1").tap()
    expect(page.get_by_label("Name of other person 1")).to_have_value("Sam")
