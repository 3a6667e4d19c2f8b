"""Words and Pictures on the tablet, in a real browser with touch input, offline, then synced.

The worker and a parent make the storyboard from the guided outline: they agree how to say a
sensitive word, draw with a finger and a sticker, type the words (the editor offers the agreed
wording and points out professional words), put the pages in order with the buttons and by
dragging, and save version 1. The children hear it read page by page, and one adds a drawing and
words of their own; the worker saves version 2 — all with no connection. Then the tablet syncs and
the central store holds both versions, the second superseding the first.
"""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import TABLET_VIEWPORTS, child_ids
from tests.tablet.test_browser import axe_violations, child_screen_report
from tests.tablet.test_tablet import back_to_worker, open_tablet, prepare_all, wait_until_sent
from tests.tablet.test_three_houses_tablet import (
    eventually,
    finger_stroke,
    ink_pixels,
    line,
    surface_box,
)

JARGON = Path(__file__).resolve().parents[2] / "static" / "words" / "jargon.json"
AGREED = "an illness called depression"
TYPED = "Mum has depression, and the school was worried about neglect."


# --- what the people in the room do --------------------------------------------------------------------


def start_words_pictures(page, child="Maisie", start="The guided outline", title="Why Dana visits us"):
    page.locator(".app-carried__child", has_text=child).get_by_role("button", name="Start: Words and Pictures").tap()
    expect(page.get_by_role("heading", name="How do you want to start?")).to_be_visible()
    page.get_by_label(start).check()
    page.get_by_label("Title (optional)").fill(title)
    page.get_by_role("button", name="Start", exact=True).tap()
    expect(page.locator(".app-wp__card").first).to_be_visible()


def worker_view(page, name):
    page.locator(".app-wp__nav").get_by_role("button", name=name).tap()


def card(page, number):
    return page.locator(".app-wp__card").nth(number - 1)


def order(page):
    return page.locator(".app-wp__card").evaluate_all("cards => cards.map((card) => card.dataset.page)")


def settled_box(page, locator):
    """Where an element is once the page has stopped moving (a scroll or a reorder still settling on a
    busy machine would put the finger somewhere else)."""
    box = locator.bounding_box()
    for _ in range(40):
        page.wait_for_timeout(50)
        again = locator.bounding_box()
        if again == box:
            return box
        box = again
    return box


def touch_drag(page, start, end, steps=16):
    """A finger pressed at `start`, moved to `end` and lifted (page coordinates of the viewport)."""
    cdp = page.context.new_cdp_session(page)
    points = [
        {"x": start[0] + (end[0] - start[0]) * i / steps, "y": start[1] + (end[1] - start[1]) * i / steps}
        for i in range(steps + 1)
    ]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [points[0]]})
    for point in points[1:]:
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    # The finger rests before it lifts, as a hand does: lifted mid-movement, Chromium starts a fling,
    # and the next tap only stops the fling.
    page.wait_for_timeout(150)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [points[-1]]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()
    page.wait_for_timeout(600)  # as finger_stroke: the next tap must not fall in the gesture's shadow


def centre(box):
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def save_version(page, took_part, agreed_by=(), note="", read_to_children=False):
    worker_view(page, "Save this version")
    for number, (name, role) in enumerate(took_part, start=1):
        page.get_by_role("button", name="Add a person who took part").tap()
        page.get_by_role("group", name="Who took part in this version?").get_by_label(f"Name of person {number}").fill(
            name
        )
        page.get_by_role("group", name="Who took part in this version?").get_by_label(f"Role of person {number}").fill(
            role
        )
    for number, (name, role) in enumerate(agreed_by, start=1):
        page.get_by_role("button", name="Add a person who agreed").tap()
        page.get_by_role("group", name="Who agreed to this version?").get_by_label(f"Name of person {number}").fill(
            name
        )
        page.get_by_role("group", name="Who agreed to this version?").get_by_label(f"Role of person {number}").fill(
            role
        )
    page.get_by_label("What changed in this version?").fill(note)
    if read_to_children:
        page.get_by_label("This is the version read to the children").check()
    page.locator(".app-wp__view").get_by_role("button", name="Save this version").tap()


def jargon_entry(word):
    """The jargon list's entry for `word` (static/words/jargon.json, the file the service edits)."""
    entries = json.loads(JARGON.read_text(encoding="utf-8"))["en"]
    return next((entry for entry in entries if entry["word"].lower() == word), None)


def words_from(db):
    """The stored versions, in version order (they may arrive in any order)."""
    rows = [
        (row, json.loads(row["document"])) for row in db.query("SELECT * FROM artefacts WHERE kind = 'words_pictures'")
    ]
    return sorted(rows, key=lambda stored: stored[1]["content"]["version"]["number"])


def parts_of(db, artefact_id):
    return {part["name"] for part in db.query("SELECT name FROM artefact_parts WHERE artefact_id = ?", [artefact_id])}


# --- the tests ----------------------------------------------------------------------------------------------


def test_a_storyboard_offline_two_versions_and_the_childrens_part_then_synced(page, context, live_server, db):
    page.set_viewport_size(TABLET_VIEWPORTS["ipad-landscape"])
    open_tablet(page, live_server)
    prepare_all(page)
    context.set_offline(True)
    start_words_pictures(page)
    assert order(page) == ["p1", "p2", "p3", "p4", "p5", "p6", "p7"]
    expect(card(page, 2)).to_contain_text("Page 2: Who got worried")
    expect(page.get_by_text("Up to 50 pages.", exact=False)).to_be_visible()

    # The family's agreed wording; an empty entry is refused with a message, not stored.
    worker_view(page, "Agreed words")
    page.get_by_role("button", name="Add agreed wording").tap()
    expect(page.locator(".govuk-error-message")).to_contain_text(
        ["Enter the word or phrase", "Enter what the family agreed"]
    )
    page.get_by_label("The word or phrase").fill("depression")
    page.get_by_label("What the family agreed to say instead").fill(AGREED)
    page.get_by_role("button", name="Add agreed wording").tap()
    expect(page.locator(".govuk-summary-list")).to_contain_text(AGREED)

    # Page 2: the hint beside it, a finger drawing and a sticker, then the words.
    worker_view(page, "Storyboard")
    card(page, 2).get_by_role("button", name="Open").tap()
    expect(page.locator(".app-wp__hint")).to_contain_text("Who got worried, and why")
    finger_stroke(page, line(0.2, 0.7, 0.8, 0.75))
    drawn = ink_pixels(page)
    assert drawn > 0
    page.get_by_role("button", name="Stickers").tap()
    page.get_by_role("button", name="Feelings").tap()
    page.get_by_role("button", name="Worried face").tap()
    box = surface_box(page)
    page.touchscreen.tap(box["x"] + 0.5 * box["width"], box["y"] + 0.35 * box["height"])
    eventually(lambda: ink_pixels(page), lambda n: n > drawn)

    words = page.get_by_label("Words for this page")
    expect(words).to_have_attribute("autocomplete", "off")
    words.fill(TYPED)
    expect(page.locator(".govuk-character-count__message")).to_have_text(
        f"You have {600 - len(TYPED)} characters remaining"
    )
    use = page.get_by_role("button", name=f"Use ‘{AGREED}’")
    expect(use).to_be_visible()
    neglect = jargon_entry("neglect")
    expect(page.locator(".app-wp__plain")).to_contain_text(
        f"‘{neglect['word']}’ is a professional word. Could you say ‘{neglect['instead']}’?"
    )
    use.tap()
    expect(words).to_have_value(TYPED.replace("depression", AGREED))
    expect(use).to_have_count(0)
    # The warning never blocks: the word is still there, and still pointed out.
    expect(page.locator(".app-wp__plain")).to_contain_text(f"‘{neglect['word']}’ is a professional word")
    page.get_by_role("button", name="Back to the storyboard").tap()
    expect(card(page, 2)).to_contain_text("Mum has an illness called depression")

    # The order: page 1 moved down by its button (the focus stays on it), then page 2 dragged by touch.
    card(page, 1).get_by_role("button", name="Move down").tap()
    assert order(page) == ["p2", "p1", "p3", "p4", "p5", "p6", "p7"]
    assert page.evaluate("document.activeElement.closest('.app-wp__card').dataset.page") == "p1"
    page.locator(".app-wp__cards").evaluate("list => list.scrollIntoView({block: 'start'})")
    handle = card(page, 1).locator(".app-wp__handle").bounding_box()
    third = card(page, 3).bounding_box()
    touch_drag(page, centre(handle), (centre(handle)[0], third["y"] + third["height"] * 0.75))
    assert order(page) == ["p1", "p3", "p2", "p4", "p5", "p6", "p7"]

    # Duplicate, then remove the copy (confirmed with the warning button).
    card(page, 3).get_by_role("button", name="Duplicate").tap()
    assert order(page) == ["p1", "p3", "p2", "p8", "p4", "p5", "p6", "p7"]
    card(page, 4).get_by_role("button", name="Remove").tap()
    expect(page.get_by_role("heading", name="Remove page 4?")).to_be_visible()
    page.get_by_role("button", name="Remove page 4").tap()
    assert order(page) == ["p1", "p3", "p2", "p4", "p5", "p6", "p7"]

    # Version 1: saving needs who took part; then the family carries on with version 2.
    worker_view(page, "Save this version")
    page.locator(".app-wp__view").get_by_role("button", name="Save this version").tap()
    expect(page.locator("#problem")).to_contain_text("Say who took part in this version")
    save_version(page, [("Sarah", "Mum"), ("Dana Worker", "Social worker")], [("Sarah", "Mum")], "First draft with Mum")
    expect(page.locator("#notice")).to_contain_text("Version 1 saved. You are now editing version 2.")
    expect(page.locator(".app-wp .govuk-caption-m")).to_contain_text("Version 2")
    assert order(page) == ["p1", "p3", "p2", "p4", "p5", "p6", "p7"]

    # Read to the children, page by page; Maisie adds her own drawing and words to page 3.
    page.get_by_label("Name of the child adding to it").fill("Maisie")
    page.get_by_role("button", name="Hand to the child").tap()
    where = page.locator(".app-wp__where")
    expect(where).to_have_text("Page 1 of 7")
    page.get_by_role("button", name="Next").tap()
    expect(where).to_have_text("Page 2 of 7")
    page.get_by_role("button", name="Back", exact=True).tap()
    expect(where).to_have_text("Page 1 of 7")
    stage = page.locator(".app-wp__read-stage").bounding_box()
    y = stage["y"] + stage["height"] / 2
    touch_drag(page, (stage["x"] + stage["width"] * 0.8, y), (stage["x"] + stage["width"] * 0.2, y))
    expect(where).to_have_text("Page 2 of 7")
    page.get_by_role("button", name="Next").tap()
    expect(where).to_have_text("Page 3 of 7")
    text = page.locator(".app-wp__read-text")
    expect(text).to_contain_text(f"Mum has {AGREED}")
    expect(page.locator(".app-wp__read-picture canvas").first).to_be_visible()
    page.get_by_role("button", name="Listen").tap()
    if not page.evaluate("speechSynthesis.speaking || speechSynthesis.pending"):
        expect(text).to_have_class("app-wp__read-text app-read-aloud app-read-aloud--fallback")
    page.get_by_role("button", name="Big writing").tap()
    expect(page.get_by_role("button", name="Big writing")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.app-wp__read-text')).fontSize)") >= 36

    page.get_by_role("button", name="My drawing").tap()
    expect(page.locator(".app-th__surface canvas").first).to_be_visible()
    finger_stroke(page, line(0.3, 0.3, 0.7, 0.6))
    assert ink_pixels(page) > 0
    page.get_by_role("button", name="The story").tap()
    page.get_by_role("button", name="My words").tap()
    page.get_by_label("Write or say your words").fill("I like it when we go to the park")
    page.get_by_role("button", name="Keep these words").tap()
    expect(where).to_have_text("Page 3 of 7")
    expect(page.locator(".app-wp__theirs")).to_contain_text("Maisie added:")
    expect(page.locator(".app-wp__theirs")).to_contain_text("I like it when we go to the park")
    expect(page.get_by_role("img", name="Maisie's drawing")).to_be_visible()

    # Back with the worker: version 2 is the one read to the children.
    back_to_worker(page)
    expect(page.locator(".app-wp__theirs--worker")).to_contain_text("What the children added")
    save_version(page, [("Sarah", "Mum")], note="Read to Maisie; she added a picture", read_to_children=True)
    expect(page.locator("#notice")).to_contain_text("Version 2 saved. You are now editing version 3.")

    context.set_offline(False)
    wait_until_sent(page)
    (first_row, first), (second_row, second) = words_from(db)
    assert first["supersedes"] is None and second["supersedes"] == first_row["id"]
    assert [first["content"]["version"]["number"], second["content"]["version"]["number"]] == [1, 2]
    assert first["content"]["version"]["took_part"] == [
        {"name": "Sarah", "role": "Mum"},
        {"name": "Dana Worker", "role": "Social worker"},
    ]
    assert first["content"]["version"]["agreed_by"] == [{"name": "Sarah", "role": "Mum"}]
    assert first["content"]["version"]["read_to_children"] is False
    assert second["content"]["version"]["read_to_children"] is True
    assert second["content"]["version"]["note"] == "Read to Maisie; she added a picture"
    assert first["content"]["agreed_words"] == [{"term": "depression", "wording": AGREED}]
    for document in (first, second):
        pages = document["content"]["pages"]
        assert [p["id"] for p in pages] == ["p1", "p3", "p2", "p4", "p5", "p6", "p7"]
        assert pages[2]["text"] == TYPED.replace("depression", AGREED) and pages[2]["drawing"] == "ink-p2"
        assert pages[2]["hint"] == "worries"
    assert first["content"]["pages"][2]["children"] is None
    assert second["content"]["pages"][2]["children"] == {
        "name": "Maisie",
        "text": "I like it when we go to the park",
        "drawing": "kids-p2",
    }
    assert parts_of(db, first_row["id"]) == {"ink-p2"}
    assert parts_of(db, second_row["id"]) == {"ink-p2", "kids-p2"}

    # Online: the child's page lists both versions; version 2's booklet downloads as an A5 PDF.
    page.goto(f"{live_server.url}/children/{child_ids(db)['Maisie']}")
    page.get_by_role("link", name=re.compile("Words and Pictures")).first.click()
    expect(page.get_by_text("I like it when we go to the park")).to_be_visible()
    link = page.get_by_role("link", name="Download the booklet, A5, one page to a sheet (PDF)")
    booklet = page.request.get(live_server.url + link.get_attribute("href"))
    assert booklet.status == 200 and booklet.headers["content-type"] == "application/pdf"
    assert booklet.body().startswith(b"%PDF") and "Maisie" not in booklet.headers["content-disposition"]


def test_reordering_in_portrait_by_keyboard_and_by_touch(page, live_server):
    page.set_viewport_size(TABLET_VIEWPORTS["ipad-portrait"])
    open_tablet(page, live_server)
    prepare_all(page)
    start_words_pictures(page, start="A Words and Pictures safety plan")
    assert order(page) == ["p1", "p2", "p3", "p4", "p5"]
    expect(card(page, 3)).to_contain_text("The safety plan")
    # Keyboard only: the focus follows the page as it moves, so pressing again moves it further.
    card(page, 1).get_by_role("button", name="Move down").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert order(page) == ["p2", "p3", "p1", "p4", "p5"]
    card(page, 3).get_by_role("button", name="Move up").focus()
    page.keyboard.press("Enter")
    assert order(page) == ["p2", "p1", "p3", "p4", "p5"]
    # A finger drags the last page up to the top.
    page.locator(".app-wp__cards").evaluate("list => list.scrollIntoView({block: 'start'})")
    last = settled_box(page, card(page, 5).locator(".app-wp__handle"))
    if last["y"] + last["height"] > page.viewport_size["height"]:
        card(page, 5).scroll_into_view_if_needed()
        last = settled_box(page, card(page, 5).locator(".app-wp__handle"))
    first = settled_box(page, card(page, 1))
    touch_drag(page, centre(last), (centre(last)[0], max(first["y"] + 5, 90)), steps=40)
    assert order(page)[0] == "p5"


def test_saving_a_version_needs_a_page_and_who_took_part(page, live_server):
    open_tablet(page, live_server)
    prepare_all(page)
    start_words_pictures(page, start="A blank storyboard", title="")
    assert order(page) == ["p1"]
    expect(card(page, 1).get_by_role("button", name="Remove")).to_have_count(0)  # a storyboard keeps one page
    save_version(page, [("", "Mum")])
    problems = page.locator("#problem")
    expect(problems).to_contain_text("Add words or a drawing to at least one page")
    expect(problems).to_contain_text("Give the name of person 1 who took part, or remove them")


def test_long_words_are_kept_and_counted_but_block_saving(page, live_server):
    open_tablet(page, live_server)
    prepare_all(page)
    start_words_pictures(page)
    card(page, 1).get_by_role("button", name="Open").tap()
    words = page.get_by_label("Words for this page")
    long_text = "We love going to the beach together. " * 20  # 740 characters
    words.fill(long_text)
    expect(words).to_have_value(long_text)  # nothing cut off
    expect(page.locator(".govuk-character-count__message")).to_have_text(
        f"You have {len(long_text) - 600} characters too many"
    )
    save_version(page, [("Sarah", "Mum")])
    expect(page.locator("#problem")).to_contain_text("Shorten the words on page 1 to 600 characters or fewer")


def test_hostile_text_is_shown_as_text(page, live_server):
    open_tablet(page, live_server)
    prepare_all(page)
    start_words_pictures(page, title="<img src=x onerror=alert(1)>")
    card(page, 1).get_by_role("button", name="Open").tap()
    page.get_by_label("Words for this page").fill("<script>alert(1)</script> ŵ")
    page.get_by_role("button", name="Back to the storyboard").tap()
    expect(card(page, 1)).to_contain_text("<script>alert(1)</script> ŵ")
    expect(page.get_by_role("heading", name="<img src=x onerror=alert(1)>")).to_be_visible()
    assert page.locator("#tool img[src=x], #tool script").count() == 0


def test_the_plain_words_check_flags_jargon(page, live_server):
    entries = json.loads(JARGON.read_text(encoding="utf-8"))["en"]
    phrase = next(entry for entry in entries if " " in entry["word"].strip())
    open_tablet(page, live_server)
    prepare_all(page)
    start_words_pictures(page)
    card(page, 1).get_by_role("button", name="Open").tap()
    page.get_by_label("Words for this page").fill(f"There was a {phrase['word'].upper()} meeting.")
    expect(page.locator(".app-wp__plain")).to_contain_text(f"‘{phrase['word']}’ is a professional word")
    page.get_by_label("Words for this page").fill("We had a nice day.")
    expect(page.locator(".app-wp__plain li")).to_have_count(0)


def test_worker_screens_meet_wcag(page, live_server):
    open_tablet(page, live_server)
    prepare_all(page)
    page.locator(".app-carried__child", has_text="Maisie").get_by_role("button", name="Start: Words and Pictures").tap()
    expect(page.get_by_role("heading", name="How do you want to start?")).to_be_visible()
    assert axe_violations(page) == [], "start"
    page.get_by_role("button", name="Start", exact=True).tap()
    assert axe_violations(page) == [], "storyboard"
    card(page, 1).get_by_role("button", name="Open").tap()
    page.get_by_label("Words for this page").fill("Some neglect and depression")
    assert axe_violations(page) == [], "page"
    worker_view(page, "Agreed words")
    page.get_by_role("button", name="Add agreed wording").tap()
    assert axe_violations(page) == [], "agreed words with errors"
    worker_view(page, "Save this version")
    page.get_by_role("button", name="Add a person who took part").tap()
    assert axe_violations(page) == [], "save this version"
    worker_view(page, "Read it with the children")
    assert axe_violations(page) == [], "reading view (worker)"


@pytest.mark.parametrize("viewport", ["ipad-landscape", "ipad-portrait"])
def test_child_screens_have_big_targets_nothing_at_the_bottom_edge_and_meet_wcag(page, live_server, viewport):
    page.set_viewport_size(TABLET_VIEWPORTS[viewport])
    open_tablet(page, live_server)
    prepare_all(page)
    start_words_pictures(page)
    card(page, 1).get_by_role("button", name="Open").tap()
    finger_stroke(page, line(0.2, 0.5, 0.8, 0.5))
    page.get_by_label("Words for this page").fill("We are the Jones family. " * 20)
    page.get_by_role("button", name="Back to the storyboard").tap()
    page.get_by_role("button", name="Hand to the child").tap()
    expect(page.locator(".app-wp__where")).to_have_text("Page 1 of 7")
    screens = {
        "reading": lambda: None,
        "big writing": lambda: page.get_by_role("button", name="Big writing").tap(),
        "a page with words only": lambda: page.get_by_role("button", name="Next").tap(),
        "my drawing": lambda: page.get_by_role("button", name="My drawing").tap(),
        "stickers": lambda: page.get_by_role("button", name="Stickers").tap(),
        "my words": lambda: (
            page.get_by_role("button", name="The story").tap(),
            page.get_by_role("button", name="My words").tap(),
        ),
    }
    for screen, go in screens.items():
        go()
        page.wait_for_timeout(150)
        report = child_screen_report(page)
        assert report["small"] == [], (viewport, screen, "targets under 64 px")
        assert report["low"] == [], (viewport, screen, "pressable along the bottom edge")
        assert report["scroll"] <= 0, (viewport, screen, "the child's screen scrolls")
        assert axe_violations(page) == [], (viewport, screen)


def test_pause_hides_the_page_at_once(page, live_server):
    open_tablet(page, live_server)
    prepare_all(page)
    start_words_pictures(page)
    page.get_by_role("button", name="Hand to the child").tap()
    page.get_by_role("button", name="Pause").tap()
    expect(page.locator(".app-wp__view")).to_be_hidden()
    page.get_by_role("button", name="Carry on").tap()
    expect(page.locator(".app-wp__where")).to_be_visible()
