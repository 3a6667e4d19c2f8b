"""Sort the pictures on the tablet, in a real browser with touch input, offline, then synced.

The worker chooses the board and a starter set, adds a card in their own words and marks the set
"save for my team"; the child drags one card to a column, puts another with the buttons, changes
their mind about it, draws a card of their own and sorts it, pauses and carries on; the worker writes
down what the child said and who may see it, and finishes with the server stopped. The server comes
back, the tablet syncs, and the record page shows the placements and the change of mind, the PDF
holds them, and the team has the new set. The child's screens keep the rules (64 px targets,
nothing at the bottom edge, no scrolling) and are axe-clean, at both iPad sizes (the scenario in
portrait, each child screen checked in landscape too).
"""

import json
import re

from playwright.sync_api import expect

from tests.conftest import TABLET_VIEWPORTS, LiveServer, child_ids
from tests.pages.test_packs import Casework
from tests.pdf_reader import pdf_text
from tests.tablet.test_browser import AXE_TAGS, child_screen_report
from tests.tablet.test_child_access_tablet import SPEECH, wait_for_highlight_on
from tests.tablet.test_tablet import PIN, back_to_worker, open_tablet, prepare_all, wait_until_sent
from tests.tablet.test_three_houses_tablet import finger_stroke
from tests.tablet.test_words_pictures_tablet import centre, touch_drag

SAID = "School is good when Mr Evans is there ŵ"


def place(page, words):
    return page.locator(".app-ps__place-button", has_text=words)


def placed(page, column, card):
    return page.locator(".app-ps__place", has=place(page, column)).locator(".app-ps__card--placed", has_text=card)


def child_screen_keeps_the_rules(page, where):
    """At both iPad sizes: 64 px targets, nothing pressable along the bottom edge, no scrolling, and
    axe-clean; the page is left in portrait, as it was."""
    for viewport in ("ipad-landscape", "ipad-portrait"):
        page.set_viewport_size(TABLET_VIEWPORTS[viewport])
        page.wait_for_timeout(150)
        report = child_screen_report(page)
        assert report["small"] == [], (where, viewport, "targets under 64 px")
        assert report["low"] == [], (where, viewport, "pressable along the bottom edge")
        assert report["scroll"] <= 0, (where, viewport, "the child's screen scrolls")
        # axe was loaded while the server was there (test_browser.axe_violations loads it from our origin).
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        assert violations == [], (where, viewport)


def test_a_picture_sort_made_offline_by_finger_and_buttons_then_synced(page, context, live_server, db):
    # Made in portrait; each child screen is checked in landscape too (turning the tablet keeps the
    # sort as it is), which costs one scenario, not two.
    page.set_viewport_size(TABLET_VIEWPORTS["ipad-portrait"])
    open_tablet(page, live_server)
    prepare_all(page)
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")  # for the checks below, with no server
    context.set_offline(True)
    live_server.stop()  # nothing at all to reach: the tablet works alone

    # The worker: the board, a starter set, a card of their own, the set saved for the team.
    page.locator(".app-carried__child", has_text="Maisie").get_by_role("button", name="Start: Sort the pictures").tap()
    expect(page.get_by_role("heading", name="Board and cards")).to_be_visible()
    page.get_by_role("group", name="Choose a board").get_by_label("Good, not sure, not good").check()
    page.get_by_role("group", name="Add the cards of a set").get_by_label("School", exact=True).check()
    page.get_by_role("button", name="Add these cards").tap()
    page.get_by_label("Or a card in your own words").fill("Dad's flat")
    page.get_by_role("button", name="Add the card").tap()
    expect(page.locator(".app-ps__card-row")).to_have_count(9)
    page.get_by_label("Save these cards as a set for my team").check()
    page.get_by_label("Name of the set").fill("School and Dad")
    page.get_by_role("button", name="Hand to the child").tap()

    # The child: the first card dragged by a finger to "Good".
    expect(page.locator(".app-ps__card--next")).to_contain_text("School")
    child_screen_keeps_the_rules(page, "the board")
    expect(page.get_by_role("group", name="The cards to sort")).to_be_visible()
    expect(page.get_by_role("group", name="Where the pictures go")).to_be_visible()
    touch_drag(
        page,
        centre(page.locator(".app-ps__card--next").bounding_box()),
        centre(place(page, "Good").first.bounding_box()),
    )
    expect(placed(page, "Good", "School")).to_be_visible()
    # The next card with the buttons: tap it, tap "Not sure"; then the child changes their mind.
    expect(page.locator(".app-ps__card--next")).to_contain_text("Teacher")
    page.locator(".app-ps__card--next").tap()
    expect(page.locator(".app-ps__card--next")).to_have_attribute("aria-pressed", "true")
    place(page, "Not sure").tap()
    expect(placed(page, "Not sure", "Teacher")).to_be_visible()
    placed(page, "Not sure", "Teacher").tap()
    child_screen_keeps_the_rules(page, "a sorted card picked")
    place(page, "Good").first.tap()
    expect(placed(page, "Good", "Teacher")).to_be_visible()
    expect(placed(page, "Not sure", "Teacher")).to_have_count(0)
    # A card of the child's own, drawn, then put with "Not good".
    page.get_by_role("button", name="Make my own card").tap()
    child_screen_keeps_the_rules(page, "make a card")
    page.get_by_role("button", name="Draw it").tap()
    finger_stroke(page, [(0.3, 0.3), (0.5, 0.5), (0.7, 0.6)])
    page.get_by_role("button", name="Done").tap()
    expect(page.locator(".app-ps__card[aria-pressed='true']")).to_contain_text("My own drawing")
    place(page, "Not good").tap()
    expect(placed(page, "Not good", "My own drawing")).to_be_visible()
    # Someone walks in: pause hides the board; carrying on brings it back as it was.
    page.get_by_role("button", name="Pause").tap()
    expect(page.locator(".app-ps__board")).to_be_hidden()
    page.get_by_role("button", name="Carry on").tap()
    expect(placed(page, "Good", "Teacher")).to_be_visible()

    # The worker: what the child said, and who may see it; finished with no server.
    back_to_worker(page)
    expect(page.get_by_role("heading", name="Notes and sharing")).to_be_visible()
    expect(page.locator(".app-ps__view li")).to_contain_text(
        ["School: Good", "Teacher: Good", "My own drawing: Not good"]
    )
    page.get_by_role("button", name="Add a note").tap()
    page.get_by_label("Note 1").fill(SAID)
    page.get_by_role("group", name="Who did the child say may see the picture sort?").get_by_label("Conference").check()
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#notice")).to_contain_text("Finished.")

    # The server is back: the tablet sends the sort.
    again = LiveServer(live_server.app, port=int(live_server.url.rsplit(":", 1)[1]))
    try:
        context.set_offline(False)
        wait_until_sent(page)
        [row] = list(db.query("SELECT * FROM artefacts WHERE kind = 'picture_sort'"))
        content = json.loads(row["document"])["content"]
        cards = {card["words"] or "drawn": card for card in content["cards"]}
        assert cards["School"]["column"] == "c1" and cards["Teacher"]["column"] == "c1"
        assert cards["drawn"]["by"] == "child" and cards["drawn"]["column"] == "c3"
        assert [(move["card"], move["column"], move["how"]) for move in content["moves"]] == [
            (cards["School"]["id"], "c1", "drag"),
            (cards["Teacher"]["id"], "c2", "buttons"),
            (cards["Teacher"]["id"], "c1", "buttons"),
            (cards["drawn"]["id"], "c3", "buttons"),
        ]
        assert content["notes"][0]["text"] == SAID and content["share"] == ["conference"]
        [team_set] = list(db.query("SELECT * FROM card_sets"))
        assert team_set["name"] == "School and Dad" and "Dad's flat" in team_set["cards"]

        # The record page: the placements and the change of mind.
        page.goto(f"{again.url}/children/{child_ids(db)['Maisie']}/records/{row['id']}")
        expect(page.locator("#place-c1")).to_be_visible()
        expect(page.get_by_text("“Teacher” from Not sure to Good, with the buttons")).to_be_visible()
        expect(page.get_by_text(SAID)).to_be_visible()
        expect(page.locator(".app-sort-card__drawing")).to_be_visible()
        # The PDF holds them.
        [sheet] = Casework(live_server.app, db).artefact(row["id"], "record", "pdf").files
        text = pdf_text(sheet.data)
        assert "School" in text and "Teacher" in text and "from Not sure to Good" in text and SAID in text
    finally:
        again.stop()


def test_a_picture_sort_by_one_switch_with_auto_scan_in_symbol_mode_then_synced(page, context, live_server, db):
    """One switch (Space) and auto-scan (1.5 s a stop): the child sorts two cards and answers the read-back with the
    highlight alone, in symbol mode; the worker records how the child communicated; finished with the
    server stopped, then synced, the record shows where each card went and how the child's views were
    conveyed. (Two switches: tests/tablet/test_child_access_tablet.py, in a house of Three Houses.)"""
    context.add_init_script(SPEECH)
    open_tablet(page, live_server)
    prepare_all(page)
    maisie = page.locator(".app-carried__child", has_text="Maisie")
    maisie.get_by_role("button", name="How Maisie takes part").tap()
    page.get_by_label("Show a symbol beside the words on the child's screens, read aloud when tapped").check()
    page.get_by_label("One switch: the highlight moves by itself (auto-scan) and the switch selects").check()
    # 1.5 s a stop: the press must land while the highlight is on the stop, and a loaded test machine
    # can take a moment to press. The fastest speed, 0.5 s, is in test_child_access_tablet.py.
    page.get_by_label("Speed: seconds on each stop").fill("1.5")
    page.get_by_role("button", name="Save").tap()
    expect(maisie).to_contain_text("Symbols on · One switch, auto-scan every 1.5 s")

    maisie.get_by_role("button", name="Start: Sort the pictures").tap()
    page.get_by_role("group", name="Choose a board").get_by_label("Good, not sure, not good").check()
    page.get_by_role("group", name="Add the cards of a set").get_by_label("School", exact=True).check()
    page.get_by_role("button", name="Add these cards").tap()
    port = live_server.server.effective_port
    live_server.stop()
    context.set_offline(True)
    page.get_by_role("button", name="Hand to the child").tap()
    expect(page.locator("body")).to_have_class(re.compile(r"\bapp-symbol-mode\b.*\bapp-scanning\b"))

    def choose(name):
        wait_for_highlight_on(page, name)
        page.keyboard.press("Space")

    # The first card to "Good", the next to "Not good": each a group, then its item, by the highlight.
    for card, column in (("School", "Good"), ("Teacher", "Not good")):
        expect(page.locator(".app-ps__card--next")).to_contain_text(card)
        choose("The cards to sort")
        choose(card)
        expect(page.locator(".app-ps__card--next")).to_have_attribute("aria-pressed", "true")
        choose("Where the pictures go")
        choose(column)
        expect(placed(page, column, card)).to_be_visible()

    # "This is what you told me", answered by the switch alone.
    page.get_by_role("button", name="Back to the worker").tap()
    told = page.get_by_role("dialog", name="This is what you told me")
    expect(told.locator(".app-read-back__item")).to_have_text(["School: Good", "Teacher: Not good"])
    choose("Is that right?")
    choose("Yes, that's right")
    # The one-minute feedback by the highlight too: "Yes" to the first question, the rest skipped.
    choose("Do you agree with your worker about what needs to happen to keep you safe?")
    choose("Yes")
    choose("Skip")
    choose("Skip the rest")
    page.locator("#pin-dialog").get_by_label("Passcode", exact=True).fill(PIN)
    page.get_by_role("button", name="Confirm").tap()

    conveyed = page.get_by_role("group", name="How did the child communicate?")
    conveyed.get_by_label("Used symbols").check()
    conveyed.get_by_label("Pointing or eye-gaze").check()
    page.get_by_label("Your note on how the child communicated").fill("Used a jelly-bean switch with her left hand")
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#notice")).to_contain_text("Finished.")

    again = LiveServer(live_server.app, port=port)
    try:
        context.set_offline(False)
        wait_until_sent(page)
        [row] = list(db.query("SELECT * FROM artefacts WHERE kind = 'picture_sort'"))
        document = json.loads(row["document"])
        cards = {card["words"]: card for card in document["content"]["cards"]}
        assert (cards["School"]["column"], cards["Teacher"]["column"]) == ("c1", "c3")
        assert document["feedback"] == {"VOCH004A": "yes", "VOCH006A": None}
        assert document["communication"] == {
            "ways": ["symbols", "pointing"],
            "note": "Used a jelly-bean switch with her left hand",
            "symbols": True,
            "read_back": "agreed",
        }
        page.goto(f"{again.url}/children/{child_ids(db)['Maisie']}/records/{row['id']}")
        expect(placed_on_record(page, "c1")).to_contain_text("School")
        expect(placed_on_record(page, "c3")).to_contain_text("Teacher")
        record = page.locator(".app-conveyed")
        expect(record).to_contain_text("Used symbols, Pointing or eye-gaze")
        expect(record).to_contain_text("yes, that's right")
    finally:
        again.stop()


def placed_on_record(page, column):
    return page.locator(".app-sort-place", has=page.locator(f"#place-{column}"))
