"""The shared drawing canvas from keys and switches, on the Three Houses child screen of an iPad.

A child who uses only keys (which is what a switch sends) draws a line with the keyboard cursor,
colours a region, places two stickers at different spots, moves one before putting it down, clears
with two single presses and undoes the clear; then, pressing only Enter and Space, puts a sticker
and a scribble on the picture through the "put on the picture" grid. The drawing is finished and
synced, and the server's decoding of it shows every one of those marks where the child put them.
"""

from playwright.sync_api import expect

from sofs_direct.artefacts import store
from sofs_direct.paper import ink_decode
from tests.conftest import TABLET_VIEWPORTS
from tests.tablet.test_browser import axe_violations, child_screen_report
from tests.tablet.test_tablet import back_to_worker, open_tablet, prepare_all
from tests.tablet.test_three_houses_tablet import (
    hand_to_child,
    record_session,
    send_the_session,
    start_three_houses,
)

# The element with focus, by its accessible name as a child's screen reader would say it ("BODY"
# when focus has fallen to the page).
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return "BODY";
    return (el.getAttribute("aria-label") || el.textContent).trim();
}"""

# What Tab can reach on the screen: enabled, shown, not inert, tabindex >= 0.
TAB_STOPS = """() => [...document.querySelectorAll("button, a[href], input, select, textarea, [tabindex]")]
    .filter((el) => el.tabIndex >= 0 && !el.disabled && !el.closest("[inert], [hidden]") && el.getClientRects().length)
    .map((el) => (el.getAttribute("aria-label") || el.textContent).trim())"""

CANVAS = ".app-th__surface .ink-surface"


def press(page, key, times=1):
    """Press a key; focus must never fall to the page."""
    for _ in range(times):
        page.keyboard.press(key)
        assert page.evaluate(FOCUSED) != "BODY", f"focus fell to <body> after {key}"


def tab_to(page, name, back=False):
    """Tab (or Shift+Tab) until the control called `name` (or starting with it) has focus."""
    seen = []
    for _ in range(16):
        press(page, "Shift+Tab" if back else "Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused)
        if focused == name or focused.startswith(name):
            return
    raise AssertionError(f"Tab never reached {name!r}: {seen}")


def arrow_to(page, name, key="ArrowRight"):
    """Within a group (one Tab stop), the arrows move to `name`."""
    seen = []
    for _ in range(40):
        focused = page.evaluate(FOCUSED)
        if focused == name:
            return
        seen.append(focused)
        press(page, key)
    raise AssertionError(f"the arrows never reached {name!r}: {seen}")


def assert_a_good_child_screen(page, axe=False):
    report = child_screen_report(page)
    assert report["small"] == [] and report["low"] == [] and report["scroll"] <= 0, report
    if axe:
        assert axe_violations(page) == []


def pressed(page, name):
    return page.get_by_role("button", name=name, exact=True).get_attribute("aria-pressed")


def test_a_child_draws_colours_places_and_clears_with_keys_then_with_a_switch(page, context, live_server, db):
    page.set_viewport_size(TABLET_VIEWPORTS["ipad-landscape"])
    open_tablet(page, live_server)
    prepare_all(page)
    start_three_houses(page)
    record_session(page)
    hand_to_child(page)
    canvas = page.locator(CANVAS)

    # The pure rules first: cursor steps stay inside the drawing, stickers step on, a grid spot is the
    # centre of its button, and a generated mark stays inside the drawing and costs little.
    rules = page.evaluate("""async () => {
        const keys = await import("/static/js/ink/keys.js");
        const place = await import("/static/js/ink/place.js");
        return {
            right: keys.stepCursor([2000, 2000], "ArrowRight"),
            bigUp: keys.stepCursor([2000, 2000], "ArrowUp", true),
            edge: keys.stepCursor([3950, 100], "ArrowRight", true),
            corner: keys.stepCursor([0, 0], "ArrowUp"),
            other: keys.stepCursor([0, 0], "a"),
            next: keys.nextSpot([2000, 2000], 600),
            wrap: keys.nextSpot([3500, 2000], 600),
            bottom: keys.nextSpot([3500, 3800], 600),
            path: keys.pathPoints([0, 0], [200, 0]),
            spot: place.spotOf({left: 110, right: 210, top: 20, bottom: 120}, {left: 10, top: 20, width: 300, height: 300}),
            marks: Object.fromEntries(["scribble", "circle", "line"].map((m) => [m, place.markPoints(m, [3950, 50])])),
        };
    }""")
    assert rules["right"] == [2200, 2000] and rules["bigUp"] == [2000, 1200]
    assert rules["edge"] == [4000, 100] and rules["corner"] == [0, 0] and rules["other"] is None
    assert rules["next"] == [2600, 2000] and rules["wrap"] == [300, 2600] and rules["bottom"] == [300, 300]
    assert rules["path"] == [[40, 0], [80, 0], [120, 0], [160, 0], [200, 0]]
    assert rules["spot"] == [2000, 667]
    for mark, points in rules["marks"].items():
        assert 2 <= len(points) <= 49, mark
        assert all(0 <= x <= 4000 and 0 <= y <= 4000 for x, y in points), mark
        assert max(x for x, _ in points) - min(x for x, _ in points) >= 400, mark  # a visible mark, not a dot

    # Into the House of Good Things with Tab and Enter only.
    tab_to(page, "House of Good Things")
    # (Where focus lands on opening a house is the Three Houses screen's to decide, not the canvas's.)
    page.keyboard.press("Enter")
    expect(canvas).to_be_visible()

    # The house screen is a handful of Tab stops: one per group (colours, the drawing, its tools, and the
    # sticker tray when open) beside the screen's own bar (Houses, Listen, Words, Pause, the worker's exit).
    stops = page.evaluate(TAB_STOPS)
    assert len(stops) <= 8, stops
    assert stops[4:7] == ["Black", "Drawing in the House of Good Things. Nothing drawn yet", "Draw"], stops
    expect(canvas).to_have_attribute("aria-label", "Drawing in the House of Good Things. Nothing drawn yet")
    description = page.locator("#" + canvas.get_attribute("aria-describedby"))
    expect(description).to_contain_text("Press Enter to put the pen down.")

    # A line: Enter puts the pen down at the cursor, the arrows draw, Enter lifts it.
    tab_to(page, "Drawing in the House of Good Things")
    expect(page.locator(".ink-cursor")).to_be_visible()
    press(page, "ArrowUp", 6)  # up into the sky, clear of the house
    press(page, "ArrowLeft", 4)
    press(page, "Enter")
    expect(description).to_contain_text("Press Enter to lift the pen.")
    expect(page.locator(".ink-cursor--down")).to_be_visible()
    press(page, "Shift+ArrowRight", 2)
    press(page, "ArrowDown")
    press(page, "Space")
    expect(canvas).to_have_attribute("aria-label", "Drawing in the House of Good Things. Your picture: 1 line")

    # Colouring in: the tool from the group of drawing tools (arrows within it), then Enter on the house.
    tab_to(page, "Draw")
    assert pressed(page, "Draw") == "true"
    arrow_to(page, "Colour in")
    press(page, "Enter")
    assert pressed(page, "Colour in") == "true" and pressed(page, "Draw") == "false"
    tab_to(page, "Drawing in the House", back=True)
    expect(description).to_contain_text("Press Enter to colour in here.")
    press(page, "ArrowDown", 10)  # from the sky down into the walls
    press(page, "ArrowRight", 4)
    press(page, "Enter")
    expect(canvas).to_have_attribute(
        "aria-label", "Drawing in the House of Good Things. Your picture: 1 line, 1 coloured area"
    )

    # Two stickers: the tray opens with focus on its first sticker; choosing one puts it on the cursor.
    tab_to(page, "Colour in")
    arrow_to(page, "Stickers")
    press(page, "Enter")
    expect(page.locator(".app-stamp-tray")).to_be_visible()
    assert page.evaluate(FOCUSED) == "Happy face"
    stops = page.evaluate(TAB_STOPS)
    assert len(stops) <= 9 and stops[6:8] == ["Stickers", "Happy face"], stops
    arrow_to(page, "Animals", "ArrowLeft")  # back along the tray to the sticker groups
    press(page, "Enter")
    arrow_to(page, "Dog")
    press(page, "Enter")
    assert page.evaluate(FOCUSED).startswith("Drawing in the House of Good Things")
    expect(page.locator(".ink-cursor--sticker")).to_be_visible()
    expect(description).to_contain_text("Press Enter to place the sticker: Dog.")
    press(page, "Enter")  # the first dog, where the cursor is
    press(page, "Enter")  # the second: the cursor stepped on, so it lands beside the first
    expect(canvas).to_have_attribute(
        "aria-label", "Drawing in the House of Good Things. Your picture: 1 line, 1 coloured area, stickers: Dog, Dog"
    )

    # A third sticker moved before it is put down; Escape puts a sticker back instead.
    press(page, "Shift+ArrowUp")
    press(page, "ArrowLeft", 3)
    press(page, "Enter")
    press(page, "Escape")
    assert pressed(page, "Draw") == "true"
    expect(page.locator(".ink-cursor--sticker")).to_have_count(0)

    # Clear with single presses: Clear asks, "Keep it" has focus; "Clear the picture" clears, and
    # focus lands on Undo, which brings the picture back.
    press(page, "Tab")  # from the drawing to its toolbar, then along it
    arrow_to(page, "Clear")
    press(page, "Enter")
    expect(page.get_by_role("group", name="Clear the picture?")).to_be_visible()
    assert page.evaluate(FOCUSED) == "Keep it"
    assert_a_good_child_screen(page)
    stops = page.evaluate(TAB_STOPS)  # the rest of the drawing stage is inert while it asks
    assert stops[4:6] == ["Clear the picture", "Keep it"] and "Undo" not in stops and "Draw" not in stops, stops
    press(page, "Shift+Tab")
    assert page.evaluate(FOCUSED) == "Clear the picture"
    press(page, "Enter")
    assert page.evaluate(FOCUSED) == "Undo"
    expect(canvas).to_have_attribute("aria-label", "Drawing in the House of Good Things. Nothing drawn yet")
    press(page, "Enter")
    expect(canvas).to_have_attribute(
        "aria-label",
        "Drawing in the House of Good Things. Your picture: 1 line, 1 coloured area, stickers: Dog, Dog, Dog",
    )
    # Redo and Undo: focus never stays on a button that can no longer be pressed.
    press(page, "Enter", 5)  # undo everything: Undo greys out, focus moves on to its neighbour
    assert page.evaluate(FOCUSED) == "Redo"
    press(page, "Enter", 5)  # redo it all (the clear, undone, could still be redone: Redo keeps focus)
    assert page.evaluate(FOCUSED) == "Redo"
    expect(canvas).to_have_attribute(
        "aria-label",
        "Drawing in the House of Good Things. Your picture: 1 line, 1 coloured area, stickers: Dog, Dog, Dog",
    )

    # By switch, with Enter and Space only: "Put on the picture", a spot on the grid, a mark there.
    arrow_to(page, "Put on the picture", "ArrowLeft")
    press(page, "Space")
    grid = page.get_by_role("group", name="Top row")
    expect(grid).to_be_visible()
    assert page.evaluate(FOCUSED) == "Top left"
    assert_a_good_child_screen(page, axe=True)
    press(page, "ArrowDown", 2)  # the grid is one Tab stop; the arrows move about it
    press(page, "ArrowRight", 2)
    assert page.evaluate(FOCUSED) == "Bottom right"
    press(page, "Enter")
    expect(page.get_by_role("group", name="Make a mark")).to_be_visible()
    assert page.evaluate(FOCUSED) == "A scribble"
    press(page, "Space")
    assert page.evaluate(FOCUSED) == "Put on the picture"
    # And a sticker by the grid: the tray, a sticker, then "Put on the picture" top left.
    arrow_to(page, "Stickers", "ArrowLeft")
    press(page, "Enter")
    press(page, "Enter")  # the first animal, onto the cursor
    tab_to(page, "Stickers")
    arrow_to(page, "Put on the picture")
    press(page, "Enter")
    press(page, "Enter")  # Top left
    assert page.evaluate(FOCUSED) == "Put on the picture"

    # Finished and synced: the server decodes every mark the keys and the grid made.
    back_to_worker(page)
    row, _content = send_the_session(page, context, db)
    with live_server.app.app_context():
        ops = ink_decode.decode(store.read_part(db, row["id"], "ink-good", live_server.app.config["PARTS_DIR"]))
    strokes = [op for op in ops if op["op"] == "stroke"]
    stamps = [op for op in ops if op["op"] == "stamp"]
    assert [op["op"] for op in ops].count("fill") == 1 and "clear" in [op["op"] for op in ops]
    key_line, scribble = strokes
    # The key line: down at (1200, 800) quarter units, two big steps right, one step down.
    assert tuple(key_line["points"][0][:2]) == (1200, 800) and tuple(key_line["points"][-1][:2]) == (2800, 1000)
    assert scribble["colour"] == key_line["colour"] == 0 and len(scribble["points"]) == 49
    assert min(x for x, *_ in scribble["points"]) > 2600 and min(y for _, y, *_ in scribble["points"]) > 2400
    spots = [(op["x"], op["y"]) for op in stamps]
    assert len(spots) == 4 and len(set(spots)) == 4  # no two stickers on top of each other
    first, second, moved, by_grid = spots
    assert first == (3600, 3000)  # where the cursor was after colouring in
    assert second == (300, 3600)  # no room to the right: the next row down, from the left
    assert moved == (300, 2800)  # the third: the cursor had stepped on to (900, 3600); up and left, then down
    assert by_grid[0] < 1400 and by_grid[1] < 1400  # top left
