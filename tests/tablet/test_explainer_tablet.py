""" "What happens today" on the tablet (issue 8): the service's five pages with the worker's name (and
photo), turned page by page, read aloud, pictures only for a young child, in Welsh for a Welsh-
speaking child — offline, and kept with the session when shown.
"""

import io
import json
import re

from PIL import Image
from playwright.sync_api import expect

from sofs_direct.platform.db import utcnow, write
from tests.conftest import TABLET_VIEWPORTS
from tests.tablet.test_browser import axe_violations, child_screen_report
from tests.tablet.test_consent_tablet import finish_and_sync, go_to
from tests.tablet.test_tablet import back_to_worker, open_tablet, prepare_all
from tests.tablet.test_three_houses_tablet import record_session, start_three_houses

OWN_WORDS = [
    "Helo! My name is %(worker)s and I help families.",
    "I visit to hear what you think.",
    "We will draw three houses together.",
    "You can stop whenever you like.",
    "My manager and I will see your houses.",
]


def service_words(db, words):
    """The admin's words for the story (/admin/service), English only changed."""
    with write(db):
        db.execute(
            "INSERT INTO service_settings (key, value, updated_by, updated_at) VALUES ('explainer', ?, NULL, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [json.dumps({"en": words}), utcnow()],
        )


def worker_photo(db, username="demo.worker"):
    """The worker's own photo (/settings), as worker_photos keeps it: a small JPEG."""
    buffer = io.BytesIO()
    Image.new("RGB", (120, 160), "teal").save(buffer, "JPEG")
    user_id = db.execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()[0]
    with write(db):
        db.execute(
            "INSERT INTO worker_photos (user_id, photo, updated_at) VALUES (?, ?, ?)",
            [user_id, buffer.getvalue(), utcnow()],
        )


def story_words(page):
    return page.locator(".app-explainer__words")


def test_the_story_offline_in_the_services_words_with_the_workers_name_and_photo(page, context, live_server, db):
    service_words(db, OWN_WORDS)
    worker_photo(db)
    open_tablet(page, live_server)
    prepare_all(page)
    context.set_offline(True)
    start_three_houses(page)
    record_session(page)
    go_to(page, "What happens today")
    expect(story_words(page)).to_have_text("Helo! My name is Dana Worker and I help families.")
    expect(page.locator(".app-explainer__picture")).to_have_attribute("src", re.compile(r"^data:image/jpeg;base64,"))
    expect(page.locator(".app-explainer__picture")).to_have_attribute("alt", "A photo of Dana Worker")
    expect(page.get_by_role("button", name="Back", exact=True)).to_be_disabled()
    for number, words in enumerate(OWN_WORDS[1:], start=2):
        page.get_by_role("button", name="Next").tap()
        expect(page.locator(".app-wp__where")).to_have_text(f"Page {number} of 5")
        expect(story_words(page)).to_have_text(words)
        picture = page.locator(".app-explainer__picture")
        expect(picture).to_have_attribute("src", re.compile(r"^/static/icons/explainer/"))
        # Offline: the picture comes from the app's own cache (sofs_direct/tablet_files.py SHELL_STATIC).
        assert picture.evaluate("img => img.decode().then(() => img.naturalWidth > 0, () => false)"), number
    page.get_by_role("button", name="Back", exact=True).tap()
    expect(story_words(page)).to_have_text(OWN_WORDS[3])
    page.get_by_role("button", name="Next").tap()
    page.get_by_role("button", name="Done").tap()  # the story leads to asking the child if it is OK
    expect(page.get_by_role("button", name="Yes, it's OK")).to_be_visible()
    _row, content = finish_and_sync(page, context, db)
    shown = content["consent"]["explainer"]
    assert (shown["version"], shown["language"]) == ("standard", "en") and shown["shown_at"]


def test_pictures_only_for_a_young_child_still_reads_aloud(page, live_server):
    open_tablet(page, live_server)
    prepare_all(page)
    start_three_houses(page, child="Ava")  # Ava is under 6: the story starts as pictures only
    go_to(page, "What happens today")
    expect(page.get_by_label("Pictures only (for a young child)")).to_be_checked()
    expect(story_words(page)).to_be_hidden()
    picture = page.locator(".app-explainer__picture")
    expect(picture).to_have_attribute("alt", re.compile("Dana Worker"))  # the words, for a screen reader
    page.get_by_role("button", name="Listen").tap()
    spoke = page.evaluate("speechSynthesis.speaking || speechSynthesis.pending")
    if not spoke:  # no voice: the words appear, large, for the worker to read out
        expect(story_words(page)).to_be_visible()
    page.get_by_label("Pictures and words").check()
    expect(story_words(page)).to_be_visible()
    # A swipe to the left turns to the next page.
    stage = page.locator(".app-explainer__stage")
    stage.scroll_into_view_if_needed()
    box = stage.bounding_box()
    page.mouse.move(box["x"] + 0.7 * box["width"], box["y"] + 0.5 * box["height"])
    page.mouse.down()
    page.mouse.move(box["x"] + 0.3 * box["width"], box["y"] + 0.52 * box["height"], steps=5)
    page.mouse.up()
    expect(page.locator(".app-wp__where")).to_have_text("Page 2 of 5")


def test_a_welsh_speaking_child_hears_the_story_in_welsh(page, live_server):
    open_tablet(page, live_server)
    prepare_all(page)
    start_three_houses(page, child="Tomos")
    go_to(page, "What happens today")
    expect(page.get_by_label("Cymraeg")).to_be_checked()
    expect(story_words(page)).to_have_attribute("lang", "cy")
    expect(story_words(page)).to_contain_text("Dana Worker")
    page.get_by_label("English").check()
    expect(story_words(page)).to_have_attribute("lang", "en")


def test_a_welsh_story_on_an_english_tablet_has_welsh_buttons_and_read_aloud(page, live_server):
    open_tablet(page, live_server)  # an English tablet
    prepare_all(page)
    start_three_houses(page, child="Tomos")  # Tomos speaks Welsh
    go_to(page, "What happens today")
    expect(story_words(page)).to_have_attribute("lang", "cy")
    bar = page.locator(".app-wp__bar")
    expect(bar).to_have_attribute("lang", "cy")
    for welsh in ("Yn ôl", "Gwrando", "Nesaf", "Saib"):
        expect(bar.get_by_role("button", name=welsh, exact=True)).to_be_visible()
    expect(page.locator(".app-wp__where")).to_have_text("Tudalen 1 o 5")
    expect(page.get_by_role("group", name="How should the story look?")).to_be_visible()  # the worker's: English
    page.get_by_role("button", name="Saib").tap()
    expect(page.get_by_role("button", name="Ymlaen")).to_be_visible()  # carry on, in the story's language
    page.get_by_role("button", name="Ymlaen").tap()
    page.get_by_role("button", name="Gwrando").tap()
    spoke = page.evaluate("speechSynthesis.speaking || speechSynthesis.pending")
    if not spoke:  # no Welsh voice here: the Welsh words are shown large, never read by an English voice
        expect(story_words(page)).to_have_class(re.compile("app-read-aloud--fallback"))
    # The worker chooses English for the story: its buttons follow.
    page.get_by_label("English").check()
    expect(bar.get_by_role("button", name="Next", exact=True)).to_be_visible()
    expect(page.locator(".app-wp__bar")).to_have_attribute("lang", "en")
    # After the story the houses are the tablet's own language again.
    for _page in range(4):
        page.get_by_role("button", name="Next", exact=True).tap()
    page.get_by_role("button", name="Done").tap()
    expect(page.get_by_role("button", name="Yes, it's OK")).to_be_visible()


def test_the_story_is_a_child_screen_that_meets_wcag(page, live_server):
    open_tablet(page, live_server)
    prepare_all(page)
    start_three_houses(page)
    go_to(page, "What happens today")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Hand to the child").tap()
    for name in TABLET_VIEWPORTS:
        page.set_viewport_size(TABLET_VIEWPORTS[name])
        for _page in range(5):
            page.wait_for_timeout(100)
            report = child_screen_report(page)
            assert report["small"] == [], (name, "targets under 64 px")
            assert report["low"] == [], (name, "pressable along the bottom edge")
            assert report["scroll"] <= 0, (name, "the child's screen scrolls")
            if _page < 4:
                page.get_by_role("button", name="Next").tap()
        assert axe_violations(page) == [], name
        page.get_by_role("button", name="Done").tap()
        back_to_worker(page)
        go_to(page, "What happens today")
        page.get_by_role("button", name="Hand to the child").tap()
