"""Reflow (WCAG 1.4.10): at 320 CSS px wide, the practitioners' pages never scroll sideways. A child's
records put their words under the picture; a wide table scrolls inside its own region, which is
named and takes focus so the arrow keys scroll it (issue 16)."""

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.pages.test_timeline import Record
from tests.tablet.test_browser import sign_in

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
NARROW = {"width": 320, "height": 640}

# Every scrolling region on the page: its name, and whether it is wider inside than it shows.
REGIONS = """() => [...document.querySelectorAll('.app-table-region')].map((region) => ({
  name: region.getAttribute('aria-label'), role: region.getAttribute('role'), tabindex: region.tabIndex,
  scrolls: region.scrollWidth > region.clientWidth,
}))"""


def test_every_table_is_in_a_region_of_its_own():
    """A fast check on the templates: no table is left to widen a page."""
    loose = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for table in re.finditer(r"<table\b", text):
            opened = text.rfind("{% call ui.table_region(", 0, table.start())
            closed = text.rfind("{%- endcall %}", 0, table.start())
            if opened < 0 or closed > opened:
                loose.append(f"{path.relative_to(TEMPLATES)}:{text.count(chr(10), 0, table.start()) + 1}")
    assert loose == []


def test_nothing_scrolls_sideways_at_320_px(browser, start_server, app, db):
    record = Record(app, db).build()
    server = start_server(PARTS_DIR=app.config["PARTS_DIR"])
    context = browser.new_context(viewport=NARROW, has_touch=True, locale="en-GB")
    page = context.new_page()
    sign_in(page, server)
    for path in (f"/children/{record.maisie}", f"/children/{record.maisie}/timeline", "/children"):
        page.goto(server.url + path)
        expect(page.locator("h1")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"], path
        if "timeline" in path:  # the pictures are there, the words under them
            expect(page.locator(".app-record__thumbnail").first).to_be_visible()

    # The administrator's tables are wider than the screen: each scrolls in its own named region.
    page.get_by_role("button", name="Sign out").tap()
    page.wait_for_url("**/login")
    sign_in(page, server, "demo.admin")
    page.goto(server.url + "/admin")
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    regions = page.evaluate(REGIONS)
    assert [region["name"] for region in regions] == ["People", "Children and allocation"]
    assert all(region["role"] == "region" and region["tabindex"] == 0 for region in regions), regions
    assert any(region["scrolls"] for region in regions), regions
    people = page.get_by_role("region", name="People")
    people.focus()
    page.keyboard.press("ArrowRight")
    expect(people).to_be_focused()
    assert people.evaluate("(region) => region.scrollLeft") > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    context.close()
