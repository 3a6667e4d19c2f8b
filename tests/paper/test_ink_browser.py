"""The shared ink canvas (static/js/ink/) in a real Chromium: the format, the fold, and drawing with a
finger, a mouse and a pen as a child would on a 1024 × 768 tablet.

The canvas is mounted on a page the live server already has (/offline/en) through page.evaluate, so
the page runs under the real Content Security Policy. Pixels are read from the drawing's own layers,
stacked as the screen shows them.
"""

import json

import pytest
from playwright.sync_api import expect

LANDSCAPE = {"width": 1024, "height": 768}
HOST_SIDE = 600  # CSS pixels: the drawing is 600 × 600, so a logical unit is 0.6 px

MOUNT = """async ({side, outline, readOnly, tall, timing}) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = '/static/css/ink.css';
    document.head.append(link);
    await new Promise((resolve) => { link.onload = resolve; });
    const host = document.createElement('div');
    host.id = 'ink-host';
    host.style.width = host.style.height = `${side}px`;
    host.style.aspectRatio = 'auto';
    document.querySelector('main').prepend(host);
    if (tall) {
        const spacer = document.createElement('div');
        spacer.style.height = '3000px';
        document.querySelector('main').append(spacer);
    }
    const { InkCanvas } = await import('/static/js/ink/canvas.js');
    const { loadArtwork } = await import('/static/js/ink/draw.js');
    window.artwork = await loadArtwork();
    window.changes = [];
    window.timings = {};
    const onTiming = timing ? (kind, ms) => (window.timings[kind] ||= []).push(ms) : null;
    window.ink = new InkCanvas(host, {artwork: window.artwork, outline, readOnly, label: 'Your drawing',
                                      onTiming, onChange: (ops) => window.changes.push(ops.length)});
    // The picture as the screen shows it: the layers stacked, read at logical coordinates.
    window.pixel = (x, y) => {
        const layers = window.ink.surface;
        const size = layers.pixels;
        const canvas = new OffscreenCanvas(size, size);
        const ctx = canvas.getContext('2d');
        for (const layer of [layers.under, layers.ink, layers.over]) ctx.drawImage(layer, 0, 0);
        return Array.from(ctx.getImageData(Math.floor(x * size / 1000), Math.floor(y * size / 1000), 1, 1).data);
    };
    window.inkAlpha = (x, y) => {
        const layer = window.ink.surface.ink;
        const size = window.ink.surface.pixels;
        return layer.getContext('2d').getImageData(Math.floor(x * size / 1000), Math.floor(y * size / 1000), 1, 1).data[3];
    };
}"""

WHITE = [255, 255, 255, 255]


def hex_rgb(colour):
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


@pytest.fixture
def artwork():
    with open("static/ink/artwork.json", encoding="utf-8") as file:
        return json.load(file)


def contains(polygon, x, y):
    inside = False
    for (xi, yi), (xj, yj) in zip(polygon, polygon[-1:] + polygon[:-1]):
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
    return inside


def regions_at(outline, x, y):
    return [region["id"] for region in outline["regions"] if contains(region["points"], x, y)]


def a_point(outline, regions):
    """A point well inside exactly these regions (on a 10-unit grid): the artwork is drawn by
    scripts/artwork/, so the tests read its shapes rather than assume them."""
    matches = [(x, y) for y in range(10, 1000, 10) for x in range(10, 1000, 10) if regions_at(outline, x, y) == regions]
    assert matches, f"no point inside exactly {regions}"
    cx = sum(x for x, _ in matches) / len(matches)
    cy = sum(y for _, y in matches) / len(matches)
    return min(matches, key=lambda point: (point[0] - cx) ** 2 + (point[1] - cy) ** 2)


def open_page(page, live_server):
    page.set_viewport_size(LANDSCAPE)
    page.goto(live_server.url + "/offline/en")


def mount(page, live_server, outline="house", read_only=False, tall=False, timing=False):
    open_page(page, live_server)
    page.evaluate(MOUNT, {"side": HOST_SIDE, "outline": outline, "readOnly": read_only, "tall": tall, "timing": timing})


def ink(module):
    return f"import('/static/js/ink/{module}.js')"


def surface_box(page):
    return page.locator(".ink-surface").bounding_box()


def to_screen(page, x, y):
    """Page coordinates of a point given in logical units (0 … 1000)."""
    return screen_points(page, [(x, y)])[0]


def screen_points(page, points):
    """Page coordinates of many logical points, the surface's box read once (a round trip to the
    browser each: reading it for every point of a drag cost more than the drag)."""
    box = surface_box(page)
    return [(box["x"] + x * box["width"] / 1000, box["y"] + y * box["height"] / 1000) for x, y in points]


def path_points(start, end, steps):
    (x0, y0), (x1, y1) = start, end
    return [(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps) for i in range(steps + 1)]


def touch_drag(page, cdp, points):
    """A finger drag through logical points, as touch events (Playwright's touchscreen only taps)."""
    screen = screen_points(page, points)
    cdp.send(
        "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": screen[0][0], "y": screen[0][1]}]}
    )
    for x, y in screen[1:]:
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def pen_drag(page, cdp, points, force=0.8):
    screen = screen_points(page, points)
    common = {"pointerType": "pen", "force": force}
    cdp.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": screen[0][0], "y": screen[0][1], **common})
    cdp.send(
        "Input.dispatchMouseEvent",
        {
            "type": "mousePressed",
            "x": screen[0][0],
            "y": screen[0][1],
            "button": "left",
            "buttons": 1,
            "clickCount": 1,
            **common,
        },
    )
    for x, y in screen[1:]:
        cdp.send(
            "Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y, "button": "left", "buttons": 1, **common}
        )
    cdp.send(
        "Input.dispatchMouseEvent",
        {
            "type": "mouseReleased",
            "x": screen[-1][0],
            "y": screen[-1][1],
            "button": "left",
            "buttons": 0,
            "clickCount": 1,
            **common,
        },
    )


def ops(page):
    return page.evaluate("window.ink.ops")


def wait_for_ops(page, count):
    page.wait_for_function("(n) => window.ink.ops.length === n", arg=count)


# --- the format ------------------------------------------------------------------------------------

SAMPLE_OPS = [
    {
        "op": "stroke",
        "tool": "pen",
        "colour": 1,
        "size": 2,
        "pressure": False,
        "t": 5,
        "points": [[10, 20, 0, 5], [8, 20, 0, 7], [4000, 0, 0, 300]],
    },
    {
        "op": "stroke",
        "tool": "pen",
        "colour": 11,
        "size": 0,
        "pressure": True,
        "t": 400,
        "points": [[2000, 2000, 128, 400], [2010, 1990, 255, 408], [2020, 1980, 0, 416]],
    },
    {
        "op": "stroke",
        "tool": "eraser",
        "colour": 0,
        "size": 1,
        "pressure": False,
        "t": 500,
        "points": [[0, 4000, 0, 500]],
    },
    {"op": "stamp", "stamp": 3, "x": 1000, "y": 3000, "size": 600, "t": 600},
    {"op": "fill", "region": 5, "colour": 4, "t": 700},
    {"op": "undo", "t": 800},
    {"op": "redo", "t": 900},
    {"op": "clear", "t": 70000},
]

# The first op by hand from docs/ink.md: header, code 1, tool/colour/size/has_pressure bytes, t, n,
# the first point, then (dx, dy, dt) as zigzag and plain varints: dx 3992 → zigzag 7984 → b0 3e,
# dy -20 → 27, 293 ms → a5 02.
SAMPLE_FIRST_OP_BYTES = bytes(
    [
        0x53,
        0x49,
        0x4E,
        0x4B,
        0x01,
        0x01,
        0x00,
        0x01,
        0x02,
        0x00,
        0x05,
        0x03,
        0x0A,
        0x14,
        0x03,
        0x00,
        0x02,
        0xB0,
        0x3E,
        0x27,
        0xA5,
        0x02,
    ]
)


def encode_in_browser(page, operations):
    return bytes(page.evaluate(f"async (ops) => Array.from((await {ink('codec')}).encode(ops))", operations))


def test_encode_matches_the_spec_byte_for_byte_and_round_trips(page, live_server):
    open_page(page, live_server)
    assert encode_in_browser(page, SAMPLE_OPS[:1]) == SAMPLE_FIRST_OP_BYTES
    decoded = page.evaluate(
        f"""async (ops) => {{
        const codec = await {ink("codec")};
        return codec.decode(codec.encode(ops));
    }}""",
        SAMPLE_OPS,
    )
    assert decoded == SAMPLE_OPS
    assert page.evaluate(f"async () => (await {ink('codec')}).MEDIA_TYPE") == "application/vnd.sofs-direct.ink"


def test_python_decodes_what_the_tablet_encodes(page, live_server):
    ink_module = pytest.importorskip("sofs_direct.paper.ink", reason="sofs_direct/paper/ink.py is not written yet")
    decoder = pytest.importorskip(
        "sofs_direct.paper.ink_decode",
        reason="sofs_direct/paper/ink_decode.py (the server's decoder) is not written yet",
    )
    open_page(page, live_server)
    encoded = encode_in_browser(page, SAMPLE_OPS)
    decoded = decoder.decode(encoded, ink_module.load_artwork(), "house")
    assert json.loads(json.dumps(decoded)) == SAMPLE_OPS  # points may come back as tuples
    assert ink_module.encode(SAMPLE_OPS) == encoded
    # Both decoders refuse the same drawings with the same words (one translation serves both).
    errors = decode_errors_in_browser(page, [drawing for _, drawing, _ in BAD_DRAWINGS])
    for (name, drawing, _), error in zip(BAD_DRAWINGS, errors):
        with pytest.raises(ink_module.InkInvalid) as refused:
            decoder.decode(bytes(drawing), ink_module.load_artwork(), "house")
        assert error == f"InkError: {refused.value}", name


BAD_DRAWINGS = [
    ("no header", [], "does not start with the ink header"),
    ("wrong header", [0x50, 0x4E, 0x47, 0x00, 0x01], "does not start with the ink header"),
    ("unknown version", [0x53, 0x49, 0x4E, 0x4B, 0x02], "version 2"),
    ("unknown op", [0x53, 0x49, 0x4E, 0x4B, 0x01, 0x04, 0x00, 0x09], "Op 2 has the unknown code 9."),
    (
        "varint too long",
        [0x53, 0x49, 0x4E, 0x4B, 0x01, 0x04, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
        "Op 1 has a number written in more than 5 bytes.",
    ),
    ("half an op", [0x53, 0x49, 0x4E, 0x4B, 0x01, 0x02, 0x01, 0x10], "Op 1 is cut short"),
    (
        "stroke without points",
        [0x53, 0x49, 0x4E, 0x4B, 0x01, 0x01, 0, 0, 0, 0, 0x00, 0x00],
        "Op 1 is a stroke with no points.",
    ),
    # x = 10, then dx = -11 (zigzag 21): off the surface, although a later delta could bring it back.
    (
        "delta off the surface",
        [0x53, 0x49, 0x4E, 0x4B, 0x01, 0x01, 0, 0, 0, 0, 0x00, 0x03, 0x0A, 0x0A, 0x15, 0x00, 0x01, 0x16, 0x00, 0x01],
        "Op 1: point 2 of the stroke is outside the drawing (x -1, y 10;",
    ),
    (
        "stamp too small",
        [0x53, 0x49, 0x4E, 0x4B, 0x01, 0x02, 0x00, 0x0A, 0x0A, 0x64, 0x00],
        "Op 1 places a stamp of size 100;",
    ),
    (
        "colour not in the palette",
        [0x53, 0x49, 0x4E, 0x4B, 0x01, 0x03, 0x00, 0x0C, 0x00],
        "Op 1 colours a part of the picture in a colour that is not in the palette.",
    ),
    (
        "region not in the outline",
        [0x53, 0x49, 0x4E, 0x4B, 0x01, 0x03, 0x06, 0x01, 0x00],
        "Op 1 colours a part of the picture that the outline does not have.",
    ),
    (
        "unknown tool",
        [0x53, 0x49, 0x4E, 0x4B, 0x01, 0x01, 0x02, 0, 0, 0, 0x00, 0x01, 0x00, 0x00],
        "Op 1 is a stroke with an unknown tool",
    ),
]


def decode_errors_in_browser(page, drawings):
    return page.evaluate(
        f"""async (drawings) => {{
        const codec = await {ink("codec")};
        const {{ loadArtwork }} = await {ink("draw")};
        const artwork = await loadArtwork();
        return drawings.map((bytes) => {{
            try {{ codec.decode(new Uint8Array(bytes), {{artwork, outline: 'house'}}); return 'accepted'; }}
            catch (error) {{ return `${{error.name}}: ${{error.message}}`; }}
        }});
    }}""",
        drawings,
    )


def test_decode_refuses_malformed_drawings_with_a_readable_error(page, live_server):
    open_page(page, live_server)
    errors = decode_errors_in_browser(page, [drawing for _, drawing, _ in BAD_DRAWINGS])
    for (name, _, expected), error in zip(BAD_DRAWINGS, errors):
        assert error.startswith("InkError: ") and expected in error, (name, error)


def test_limits_are_refused_not_truncated(page, live_server):
    open_page(page, live_server)
    errors = page.evaluate(f"""async () => {{
        const codec = await {ink("codec")};
        const attempt = (make) => {{ try {{ make(); return 'accepted'; }} catch (error) {{ return error.message; }} }};
        const point = (i) => [i % 4000, 0, 0, i];
        const stroke = (n, t = 0) => ({{op: 'stroke', tool: 'pen', colour: 0, size: 0, pressure: false, t,
                                        points: Array.from({{length: n}}, (_, i) => point(i + t))}});
        const undo = {{op: 'undo', t: 0}};
        return {{
            longStroke: attempt(() => codec.encode([stroke(20001)])),
            fullStroke: attempt(() => codec.encode([stroke(20000)])),
            manyOps: attempt(() => codec.encode(Array(20001).fill(undo))),
            manyPoints: attempt(() => codec.encode(Array.from({{length: 11}}, () => stroke(20000)))),
            manyOpsBytes: attempt(() => codec.decode(new Uint8Array([0x53, 0x49, 0x4E, 0x4B, 1, ...Array(20001).fill([4, 0]).flat()]))),
            backwards: attempt(() => codec.encode([{{...stroke(2), points: [[0, 0, 0, 5], [0, 0, 0, 4]], t: 5}}])),
        }};
    }}""")
    assert errors["fullStroke"] == "accepted"
    assert "a stroke has at most 20,000" in errors["longStroke"]
    assert "a drawing has at most 20,000 ops" in errors["manyOps"]
    assert "past 200,000 points" in errors["manyPoints"]
    assert "Op 20001 is one too many" in errors["manyOpsBytes"]
    assert "after the one before" in errors["backwards"]


FOLD_CASES = [
    # (log as op names, the visible ops' times, canUndo, canRedo)
    (["stroke", "stroke", "undo"], [1], True, True),
    (["stroke", "undo", "undo", "redo", "redo"], [1], True, False),
    (["stroke", "undo", "stroke", "redo"], [3], True, False),  # a new op empties `undone`
    (["stroke", "fill", "clear"], [], True, False),
    (["stroke", "fill", "clear", "undo"], [1, 2], True, True),
    (["stroke", "clear", "stamp", "clear", "stroke"], [5], True, False),
    (["undo", "redo"], [], False, False),
]


def test_fold_follows_the_spec(page, live_server):
    open_page(page, live_server)
    results = page.evaluate(
        f"""async (cases) => {{
        const {{ fold, canUndo, canRedo }} = await {ink("fold")};
        return cases.map((names) => {{
            const log = names.map((op, i) => ({{op, t: i + 1}}));
            return [fold(log).map((op) => op.t), canUndo(log), canRedo(log)];
        }});
    }}""",
        [names for names, *_ in FOLD_CASES],
    )
    for (names, *expected), result in zip(FOLD_CASES, results):
        assert result == expected, names


# --- drawing -----------------------------------------------------------------------------------------


def test_finger_drag_records_one_stroke_without_scrolling_the_page(page, live_server, artwork):
    mount(page, live_server, tall=True)
    assert page.evaluate("document.documentElement.scrollHeight > innerHeight")
    cdp = page.context.new_cdp_session(page)
    touch_drag(page, cdp, path_points((200, 300), (800, 700), 60))
    wait_for_ops(page, 1)
    (stroke,) = ops(page)
    assert stroke["op"] == "stroke" and stroke["tool"] == "pen" and stroke["pressure"] is False
    points = stroke["points"]
    assert 40 <= len(points) <= 70
    assert abs(points[0][0] - 800) <= 8 and abs(points[0][1] - 1200) <= 8
    assert abs(points[-1][0] - 3200) <= 8 and abs(points[-1][1] - 2800) <= 8
    assert all(p[2] == 0 for p in points)
    times = [p[3] for p in points]
    assert times == sorted(times) and times[0] == stroke["t"]
    assert page.evaluate("window.scrollY") == 0
    assert page.evaluate("window.changes") == [1]
    # The ink is on screen along the line, in the palette's first colour (black).
    assert page.evaluate("window.pixel(500, 500)")[:3] == hex_rgb(artwork["palette"][0])


def test_mouse_drag_draws_in_the_chosen_colour_and_size(page, live_server, artwork):
    mount(page, live_server)
    page.evaluate("window.ink.setTool({tool: 'pen', colour: 1, size: 2})")
    start, end = to_screen(page, 100, 50), to_screen(page, 900, 50)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=30)
    page.mouse.up()
    wait_for_ops(page, 1)
    (stroke,) = ops(page)
    assert (stroke["colour"], stroke["size"], stroke["pressure"]) == (1, 2, False)
    assert len(stroke["points"]) >= 25
    assert page.evaluate("window.pixel(500, 50)")[:3] == hex_rgb(artwork["palette"][1])
    # Size 2 (32 units): 5 units off the line is still ink, 40 is paper.
    assert page.evaluate("window.pixel(500, 55)")[:3] == hex_rgb(artwork["palette"][1])
    assert page.evaluate("window.pixel(500, 90)") == WHITE


def test_pen_records_pressure_and_then_palms_do_not_draw(page, live_server):
    mount(page, live_server)
    cdp = page.context.new_cdp_session(page)
    pen_drag(page, cdp, path_points((100, 100), (400, 150), 20), force=0.8)
    wait_for_ops(page, 1)
    (stroke,) = ops(page)
    assert stroke["pressure"] is True
    pressures = {p[2] for p in stroke["points"]}
    assert pressures == {204}, pressures  # round(0.8 × 255); the pen's lift (pressure 0) adds none
    touch_drag(page, cdp, path_points((100, 600), (800, 600), 20))  # a palm on the glass
    page.wait_for_timeout(200)
    assert len(ops(page)) == 1
    assert page.evaluate("window.pixel(450, 600)") == WHITE


def draw_line(page, cdp, y):
    touch_drag(page, cdp, path_points((100, y), (900, y), 30))


def test_undo_redo_and_clear_change_the_picture(page, live_server):
    mount(page, live_server)
    cdp = page.context.new_cdp_session(page)
    assert page.evaluate("[window.ink.canUndo, window.ink.canRedo]") == [False, False]
    draw_line(page, cdp, 50)
    wait_for_ops(page, 1)
    inked = page.evaluate("window.pixel(500, 50)")
    assert inked != WHITE
    page.evaluate("window.ink.undo()")
    assert page.evaluate("window.pixel(500, 50)") == WHITE
    assert page.evaluate("[window.ink.canUndo, window.ink.canRedo]") == [False, True]
    page.evaluate("window.ink.redo()")
    assert page.evaluate("window.pixel(500, 50)") == inked
    page.evaluate("window.ink.clear()")
    assert page.evaluate("window.pixel(500, 50)") == WHITE
    page.evaluate("window.ink.undo()")  # a soft clear can be undone
    assert page.evaluate("window.pixel(500, 50)") == inked
    assert [op["op"] for op in ops(page)] == ["stroke", "undo", "redo", "clear", "undo"]
    assert page.evaluate("window.changes") == [1, 2, 3, 4, 5]


def test_eraser_removes_ink_but_never_fills_or_the_outline(page, live_server, artwork):
    mount(page, live_server)
    cdp = page.context.new_cdp_session(page)
    outline = artwork["outlines"]["house"]
    walls = next(region for region in outline["regions"] if region["id"] == "walls")
    left_wall = min(x for x, _ in walls["points"])  # the walls' outline runs along this edge
    inside = left_wall + 30
    rows = [y for y in range(0, 1000, 10) if regions_at(outline, inside, y) == ["walls"]]
    y = rows[len(rows) // 2]
    page.evaluate("window.ink.setTool({tool: 'fill', colour: 3})")
    page.touchscreen.tap(*to_screen(page, inside, y))
    wait_for_ops(page, 1)
    page.evaluate("window.ink.setTool({tool: 'pen', colour: 6, size: 2})")
    touch_drag(page, cdp, path_points((left_wall - 50, y), (left_wall + 150, y), 30))  # across the wall
    wait_for_ops(page, 2)
    assert page.evaluate(f"window.pixel({inside}, {y})")[:3] == hex_rgb(artwork["palette"][6])
    page.evaluate("window.ink.setTool({tool: 'eraser', size: 2})")
    touch_drag(page, cdp, path_points((left_wall - 50, y), (left_wall + 150, y), 30))
    wait_for_ops(page, 3)
    assert page.evaluate(f"window.inkAlpha({inside}, {y})") == 0
    assert page.evaluate(f"window.pixel({inside}, {y})")[:3] == hex_rgb(artwork["palette"][3])  # the fill stays
    assert page.evaluate(f"window.pixel({left_wall}, {y})")[:3] == hex_rgb(outline["line_colour"])  # the wall too
    assert page.evaluate(f"window.pixel({left_wall - 40}, {y})") == WHITE  # ink outside the house is gone


def test_stamp_tap_keyboard_and_fill_taps(page, live_server, artwork):
    mount(page, live_server)
    page.evaluate("window.ink.setTool({tool: 'stamp', stamp: 12})")
    page.touchscreen.tap(*to_screen(page, 250, 750))
    wait_for_ops(page, 1)
    stamp = ops(page)[0]
    assert {k: stamp[k] for k in ("op", "stamp", "size")} == {"op": "stamp", "stamp": 12, "size": 600}
    assert abs(stamp["x"] - 1000) <= 8 and abs(stamp["y"] - 3000) <= 8
    assert page.evaluate("[...Array(60).keys()].some((i) => window.inkAlpha(170 + i * 3, 750) > 0)")
    # A keyboard or switch user places the stamp in the middle.
    page.locator(".ink-surface").focus()
    page.keyboard.press("Enter")
    wait_for_ops(page, 2)
    assert {k: ops(page)[1][k] for k in ("x", "y")} == {"x": 2000, "y": 2000}

    outline = artwork["outlines"]["house"]
    door = [region["id"] for region in outline["regions"]].index("door")
    x, y = a_point(outline, ["walls", "door"])  # the door is inside the walls too, but drawn later
    page.evaluate("window.ink.setTool({tool: 'fill', colour: 5})")
    page.touchscreen.tap(*to_screen(page, x, y))
    wait_for_ops(page, 3)
    assert {k: ops(page)[2][k] for k in ("op", "region", "colour")} == {"op": "fill", "region": door, "colour": 5}
    assert page.evaluate(f"window.pixel({x}, {y})")[:3] == hex_rgb(artwork["palette"][5])
    assert regions_at(outline, 5, 5) == []
    page.touchscreen.tap(*to_screen(page, 5, 5))  # the sky: no region, nothing happens
    page.wait_for_timeout(200)
    assert len(ops(page)) == 3
    assert page.evaluate("window.pixel(5, 5)") == WHITE


def test_pause_hides_the_drawing_at_once(page, live_server):
    mount(page, live_server)
    surface = page.locator(".ink-surface")
    expect(surface).to_be_visible()
    expect(surface).to_have_attribute("role", "img")
    expect(surface).to_have_attribute("aria-label", "Your drawing. Nothing drawn yet")  # what is drawn, too
    page.evaluate("window.ink.hidden = true")
    expect(surface).to_be_hidden()
    page.evaluate("window.ink.hidden = false")
    expect(surface).to_be_visible()


def test_crisp_on_a_high_density_screen(browser, live_server):
    context = browser.new_context(viewport=LANDSCAPE, device_scale_factor=2, has_touch=True)
    page = context.new_page()
    try:
        mount(page, live_server)
        sizes = page.evaluate(
            "[...document.querySelectorAll('.ink-surface canvas')].map((c) => [c.width, c.clientWidth])"
        )
        assert sizes == [[HOST_SIDE * 2, HOST_SIDE]] * 3
        page.evaluate("document.getElementById('ink-host').style.width = '400px'")
        page.wait_for_function("() => document.querySelector('.ink-surface canvas').width === 800")
    finally:
        context.close()


def test_replay_steps_through_the_drawing(page, live_server):
    mount(page, live_server)
    cdp = page.context.new_cdp_session(page)
    draw_line(page, cdp, 100)
    draw_line(page, cdp, 300)
    page.evaluate("window.ink.undo()")
    wait_for_ops(page, 3)
    steps = page.evaluate("""async () => {
        const { Replay } = await import('/static/js/ink/replay.js');
        const host = document.createElement('div');
        host.id = 'replay-host';
        host.style.width = host.style.height = '300px';
        host.style.aspectRatio = 'auto';
        document.querySelector('main').append(host);
        const steps = [];
        window.replay = new Replay(host, {artwork: window.artwork, outline: 'house', ops: window.ink.ops,
                                          label: 'Replay', onStep: (i, n) => steps.push([i, n])});
        const replayPixel = (y) => {
            const layers = window.replay.surface;
            return layers.ink.getContext('2d').getImageData(layers.pixels / 2, y * layers.pixels / 1000, 1, 1).data[3];
        };
        const seen = [];
        for (let i = 0; i < 3; i += 1) { window.replay.step(); seen.push([replayPixel(100) > 0, replayPixel(300) > 0]); }
        return {steps, seen};
    }""")
    assert steps["steps"] == [[1, 3], [2, 3], [3, 3]]
    assert steps["seen"] == [[True, False], [True, True], [True, False]]
    page.evaluate("window.replay.restart(); window.replay.speed = 20; window.replay.play()")
    page.wait_for_function("() => !window.replay.playing", timeout=10000)
    assert page.evaluate("window.replay.index") == 3


def test_read_only_canvas_takes_no_input(page, live_server):
    mount(page, live_server, read_only=True)
    cdp = page.context.new_cdp_session(page)
    draw_line(page, cdp, 500)
    page.wait_for_timeout(200)
    assert ops(page) == []


def test_a_long_stroke_looks_the_same_while_drawn_and_once_kept(page, live_server):
    """Over 1,000 points the live stroke is outlined in pieces (for speed); lifting the finger must
    not visibly change it."""
    mount(page, live_server, outline=None)
    difference = page.evaluate("""() => {
        const surface = window.ink.surface;
        const points = Array.from({length: 2500}, (_, i) =>
            [Math.round(2000 + 1500 * Math.cos(i / 300)), Math.round(2000 + 1200 * Math.sin(i / 170)), 0, i * 8]);
        const stroke = {op: 'stroke', tool: 'pen', colour: 2, size: 1, pressure: false, t: 0, points: []};
        for (const point of points) {   // grown as a child draws it, a frame every 4 points
            stroke.points.push(point);
            if (stroke.points.length % 4 === 0) surface.live(stroke);
        }
        surface.live(stroke);
        const mask = (canvas) => {
            const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            return Array.from({length: data.length / 4}, (_, i) => data[i * 4 + 3] > 127);
        };
        const live = mask(surface.over);
        surface.live(null);
        surface.show([stroke]);
        const kept = mask(surface.ink);
        const inked = kept.filter(Boolean).length;
        return {inked, differing: kept.filter((pixel, i) => pixel !== live[i]).length};
    }""")
    assert difference["inked"] > 20000
    assert difference["differing"] <= difference["inked"] * 0.005, difference  # a few pixels at the seams


def test_a_missing_stamp_picture_is_drawn_as_a_frame(page, live_server):
    page.route("**/static/ink/stamps/dog.png", lambda route: route.fulfill(status=404))
    mount(page, live_server)
    page.evaluate("window.ink.setTool({tool: 'stamp', stamp: window.artwork.stamps.findIndex((s) => s.id === 'dog')})")
    page.touchscreen.tap(*to_screen(page, 500, 200))
    wait_for_ops(page, 1)
    # A grey frame 150 units wide round the tap: its left side is ink, its middle is not.
    assert page.evaluate("window.pixel(426, 200)")[:3] == hex_rgb("#9e9e9e")
    assert page.evaluate("window.inkAlpha(500, 200)") == 0
