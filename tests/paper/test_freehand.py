"""The Python port of perfect-freehand draws the same outline as the vendored JavaScript, run in
Chromium: strokes of every kind a child makes, compared point for point."""

import json
import math
import random

from sofs_direct.paper import freehand
from sofs_direct.paper.ink import load_artwork, stroke_options

# The strokes go and the outlines come back as one JSON text each (exact for every double): as
# Playwright values, each of the ~100,000 numbers checked and wrapped on both sides, they cost more
# than drawing them.
RUN_IN_BROWSER = """async (json) => {
  const { getStroke } = await import("/static/vendor/perfect-freehand/perfect-freehand.mjs");
  return JSON.stringify(JSON.parse(json).map(([points, options]) => getStroke(points, options)));
}"""


def walk(rng, count, pressure, turn=0.4, step=(2, 40)):
    """A stroke as the tablet records it (quarter units, pressure byte), as getStroke receives it."""
    x, y, heading, p = rng.randrange(4001), rng.randrange(4001), rng.uniform(0, 2 * math.pi), rng.randrange(256)
    points = []
    for _ in range(count):
        entry = [x / 4, y / 4]
        if pressure:
            entry.append(p / 255)
        points.append(entry)
        heading += rng.gauss(0, turn)
        distance = rng.uniform(*step)
        x = min(4000, max(0, round(x + distance * math.cos(heading))))
        y = min(4000, max(0, round(y + distance * math.sin(heading))))
        p = min(255, max(0, p + rng.randint(-12, 12)))
    return points


def zigzag(rng, count, pressure):
    """Back and forth: the sharp turns where the outline crosses itself."""
    x, y = rng.randrange(1000, 3000), rng.randrange(1000, 3000)
    points = []
    for index in range(count):
        dx = rng.randint(40, 200) * (1 if index % 2 else -1)
        x, y = min(4000, max(0, x + dx)), min(4000, max(0, y + rng.randint(-10, 10)))
        points.append([x / 4, y / 4, rng.randrange(256) / 255] if pressure else [x / 4, y / 4])
    return points


def strokes_of_every_kind(seed=20261123):
    rng = random.Random(seed)
    artwork = load_artwork()
    cases = []

    def add(points, pressure, eraser=False):
        stroke = {"tool": "eraser" if eraser else "pen", "size": rng.randrange(3), "pressure": pressure}
        cases.append([points, stroke_options(stroke, artwork)])

    for index in range(120):  # pens with pressure and fingers without, short to long
        pressure = index % 2 == 0
        add(
            walk(rng, rng.choice([3, 5, 10, 30, 80, 200]), pressure, turn=rng.choice([0.1, 0.5, 1.5])),
            pressure,
            eraser=index % 10 == 9,
        )
    for index in range(40):  # a tap; a tap and a tiny move; two points
        pressure = index % 2 == 0
        add(walk(rng, 1, pressure), pressure)
        add(walk(rng, 2, pressure, step=(1, 3)), pressure)
        add(walk(rng, 2, pressure), pressure)
    for index in range(30):  # the finger held still: the same point again and again
        point = walk(rng, 1, index % 2 == 0)[0]
        add([list(point) for _ in range(rng.randint(2, 12))], index % 2 == 0)
    for index in range(60):  # scribbles with sharp turns
        add(zigzag(rng, rng.randint(3, 60), index % 2 == 0), index % 2 == 0, eraser=index % 7 == 0)
    add(walk(rng, 6000, True), True)  # very long
    add(walk(rng, 6000, False, turn=2.0, step=(0, 6)), False)
    return cases


def test_outlines_match_the_javascript_library(page, live_server):
    cases = strokes_of_every_kind()
    page.goto(live_server.url + "/login")
    expected = json.loads(page.evaluate(RUN_IN_BROWSER, json.dumps(cases)))
    worst = 0.0
    for index, ((points, options), javascript) in enumerate(zip(cases, expected)):
        python = freehand.get_stroke(points, options)
        assert len(python) == len(javascript), f"stroke {index}: {len(python)} points, JavaScript {len(javascript)}"
        for mine, theirs in zip(python, javascript):
            worst = max(worst, abs(mine[0] - theirs[0]), abs(mine[1] - theirs[1]))
        assert worst <= 1e-6, f"stroke {index} differs by {worst}"
    print(f"largest difference from the JavaScript: {worst:.3g}")
    assert sum(len(outline) for outline in expected) > 10_000  # the comparison really compared


def test_hypot_is_bit_identical_to_v8(page, live_server):
    rng = random.Random(5)
    pairs = [
        [rng.uniform(-1, 1) * 10 ** rng.randint(-6, 4), rng.uniform(-1, 1) * 10 ** rng.randint(-6, 4)]
        for _ in range(5000)
    ] + [[0, 0], [3, 4], [-0.0, 1e-300]]
    page.goto(live_server.url + "/login")
    expected = page.evaluate("pairs => pairs.map(([a, b]) => Math.hypot(a, b))", pairs)
    assert [freehand.js_hypot(a, b) for a, b in pairs] == expected
    # math.hypot is not: that is why the port carries its own.
    assert [math.hypot(a, b) for a, b in pairs] != expected


def test_a_tap_and_a_finger_held_still_leave_a_round_dot_of_the_brush_size():
    options = stroke_options({"tool": "pen", "size": 2, "pressure": False}, load_artwork())
    for points in ([[500.0, 500.0]], [[500.0, 500.0]] * 5):
        outline = freehand.get_stroke(points, options)
        radii = [math.dist(point, (500.5, 500.5)) for point in outline]
        assert len(outline) >= 13
        assert options["size"] * 0.3 < min(radii) <= max(radii) < options["size"] * 0.45
        # All the way round: the outline turns through a full circle about the tap.
        angles = sorted(math.atan2(y - 500.5, x - 500.5) for x, y in outline)
        assert max(b - a for a, b in zip(angles, angles[1:] + [angles[0] + 2 * math.pi])) < math.pi / 4
