"""The symbol vocabulary on the tablet, in a real browser: kept offline by "Prepare for visits", and
the shared picker (static/js/tools/symbol-picker.js) used with no connection, by search in English and
Welsh and by keyboard alone, named in the child's language, axe-clean."""

from playwright.sync_api import expect

from tests.tablet.test_browser import axe_violations
from tests.tablet.test_tablet import open_tablet, prepare_all

# Mount a picker in the tablet's page, as a tool does: the catalogue loaded (through the service
# worker, from the symbols cache), the picker in the screen, each choice written down for the test.
MOUNT = """async (language) => {
    const symbols = await import('/static/js/tablet/symbols.js');
    const { symbolPicker } = await import('/static/js/tools/symbol-picker.js');
    await symbols.loadSymbols();
    for (const screen of document.querySelectorAll('main [id^="screen-"]')) screen.hidden = true;
    window.chosen = [];
    const section = document.createElement('section');
    section.id = 'picker-' + language;
    section.setAttribute('aria-label', 'Picker ' + language);
    section.append(symbolPicker({ language, onChoose: (symbol) => window.chosen.push(symbol.id) }));
    document.querySelector('main').append(section);
}"""


def symbol_names(page, picker):
    return picker.locator(".app-symbol-button").evaluate_all("buttons => buttons.map((b) => b.textContent.trim())")


def test_symbols_are_kept_for_visits_and_picked_offline_in_both_languages_by_keyboard(page, context, live_server):
    open_tablet(page, live_server)
    prepare_all(page)
    kept = page.evaluate("""async () => {
        const pack = await (await caches.open('sofs-symbols')).match('/tablet/symbols.json');
        return Object.keys((await pack.json()).files).length;
    }""")
    catalogue = page.evaluate(
        "async () => (await (await fetch('/static/symbols/catalogue.json')).json()).symbols.length"
    )
    assert kept == catalogue + 1  # every picture and the catalogue
    shell = page.evaluate("async () => (await caches.keys()).find((name) => name.startsWith('sofs-shell-'))")
    precached = page.evaluate(f"async () => (await (await caches.open('{shell}')).keys()).map((r) => r.url)")
    assert not [url for url in precached if "/openmoji/" in url or "/static/symbols/" in url]  # not the shell's

    context.set_offline(True)  # the pictures and the catalogue come from the tablet alone
    page.evaluate(MOUNT, "en")
    picker = page.locator("#picker-en")
    tabs = picker.get_by_role("tab")
    expect(tabs.first).to_have_accessible_name("Answers")
    expect(tabs.first).to_have_attribute("aria-selected", "true")
    expect(picker.get_by_role("button", name="Not sure", exact=True)).to_be_visible()
    # Every picture shows, offline.
    assert picker.locator("img").evaluate_all(
        "images => images.every((image) => image.complete && image.naturalWidth > 0)"
    )

    # The worker searches: a Welsh word in an English session, then English words.
    search = picker.get_by_label("Find a symbol")
    search.fill("Nain")
    assert symbol_names(page, picker)[0] == "Grandmother"
    expect(picker.get_by_role("status")).to_have_text("Symbols found: 1")
    search.fill("shouting")
    assert symbol_names(page, picker) == ["Shouting"]
    search.fill("school")
    assert symbol_names(page, picker)[:3] == ["School", "Bus", "School bag"]
    search.fill("xyzzy")
    assert symbol_names(page, picker) == []
    expect(picker.get_by_role("status")).to_have_text("No symbol matches “xyzzy”. Try another word.")

    # By keyboard alone: Enter in the search box goes to the first symbol found, Enter chooses it.
    search.fill("gweiddi")
    search.press("Enter")
    expect(picker.get_by_role("button", name="Shouting")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("window.chosen") == ["shouting"]
    # Clearing the search brings back the group; Tab reaches the tabs as one stop, the arrows move along them.
    search.fill("")
    search.focus()
    page.keyboard.press("Tab")
    expect(tabs.first).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(tabs.nth(2)).to_be_focused()
    page.keyboard.press("Space")
    expect(tabs.nth(2)).to_have_attribute("aria-selected", "true")
    assert symbol_names(page, picker)[:2] == ["Person", "People"]
    page.keyboard.press("Tab")  # into the symbols: one stop, then the arrows
    expect(picker.get_by_role("button", name="Person", exact=True)).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.dataset.symbol")
    assert focused not in ("person", "people")  # a row down, in the same group
    page.keyboard.press("Enter")
    assert page.evaluate("window.chosen")[-1] == focused
    # Every symbol and tab at least 64 px (child_screen_report's rule, here for the picker's buttons alone:
    # the worker's own header is around it in this test).
    sides = picker.locator("button").evaluate_all(
        "buttons => buttons.map((b) => Math.min(b.getBoundingClientRect().width, b.getBoundingClientRect().height))"
    )
    assert len(sides) > 20 and min(sides) >= 64
    context.set_offline(False)  # axe-core is fetched from the server
    assert axe_violations(page) == []

    # A Welsh child's picker: the groups and symbols are named in Welsh; the worker still finds "school".
    page.evaluate("() => document.querySelector('#picker-en').remove()")
    page.evaluate(MOUNT, "cy")
    welsh = page.locator("#picker-cy")
    expect(welsh.get_by_role("tab").first).to_have_accessible_name("Atebion")
    expect(welsh.get_by_role("tablist")).to_have_attribute("lang", "cy")
    expect(welsh.get_by_role("button", name="Dim yn siŵr")).to_be_visible()
    welsh.get_by_label("Find a symbol").fill("school")
    assert symbol_names(page, welsh)[0] == "Ysgol"
    welsh.get_by_label("Find a symbol").fill("Nain")
    expect(welsh.get_by_role("button", name="Nain")).to_be_visible()
    assert axe_violations(page) == []
