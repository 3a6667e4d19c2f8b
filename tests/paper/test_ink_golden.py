"""The golden render test: the server draws a child's drawing exactly as the child saw it.

The same drawing (encoded once, by the server's codec) is decoded and drawn by the tablet's own
modules in headless Chromium and rendered by the server (sofs_direct/paper/raster.py); the two ink masks
must overlap with an intersection over union of at least 99% (issue 4). The drawing has what
children make: finger strokes with sharp turns and loops (where the non-zero rule matters), pen
strokes with changing pressure, every brush size, stickers, and the eraser.
"""

import base64
import math
import random

import numpy as np
import pytest

from sofs_direct.paper import ink, ink_decode, raster

SIZES = [320, 800]


def scribble(rng, n, start, step, turn):
    """A wandering line of n points in quarter units, turning by up to `turn` radians a step."""
    x, y = start
    heading = rng.uniform(0, 2 * math.pi)
    points = []
    for _ in range(n):
        heading += rng.uniform(-turn, turn)
        x = min(3990, max(10, x + step * math.cos(heading)))
        y = min(3990, max(10, y + step * math.sin(heading)))
        points.append((round(x), round(y)))
    return points


def a_childs_drawing(seed=4):
    rng = random.Random(seed)
    ops, t = [], 0
    for index in range(36):
        pen = index % 3 == 0
        points = scribble(
            rng,
            rng.randint(2, 160),
            (rng.uniform(400, 3600), rng.uniform(400, 3600)),
            rng.uniform(8, 60),
            1.4 if index % 4 == 0 else 0.5,
        )
        stroke = []
        for number, (x, y) in enumerate(points):
            t += rng.randint(4, 17)
            pressure = round(128 + 110 * math.sin(number / 9)) if pen else 0
            stroke.append((x, y, pressure, t))
        ops.append(
            {
                "op": "stroke",
                "tool": "pen",
                "colour": rng.randrange(11),
                "size": index % 3,
                "pressure": pen,
                "t": stroke[0][3],
                "points": stroke,
            }
        )
        if index == 20:
            ops.append({"op": "undo", "t": t})
            ops.append({"op": "redo", "t": t})
    for stamp, (x, y) in [(0, (1200, 1300)), (14, (2800, 2900)), (25, (2000, 700))]:
        t += 500
        ops.append({"op": "stamp", "stamp": stamp, "x": x, "y": y, "size": 640, "t": t})
    for _ in range(3):
        points = scribble(rng, 60, (rng.uniform(800, 3200), rng.uniform(800, 3200)), 30, 0.3)
        stroke = [(x, y, 0, t + number * 8) for number, (x, y) in enumerate(points)]
        t = stroke[-1][3]
        ops.append(
            {
                "op": "stroke",
                "tool": "eraser",
                "colour": 0,
                "size": 1,
                "pressure": False,
                "t": stroke[0][3],
                "points": stroke,
            }
        )
    return ops


def browser_ink_mask(page, drawing: bytes, size: int) -> np.ndarray:
    """The tablet's own code draws the ink layer; pixels with alpha ≥ 128 are ink."""
    packed = page.evaluate(
        """async ([data, size]) => {
        const { decode } = await import('/static/js/ink/codec.js');
        const { fold } = await import('/static/js/ink/fold.js');
        const { drawInk, loadArtwork } = await import('/static/js/ink/draw.js');
        const artwork = await loadArtwork();
        const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
        const canvas = new OffscreenCanvas(size, size);
        const ctx = canvas.getContext('2d');
        ctx.setTransform(size / 1000, 0, 0, size / 1000, 0, 0);
        for (const op of fold(decode(bytes))) drawInk(ctx, op, artwork);
        const pixels = ctx.getImageData(0, 0, size, size).data;
        let mask = '';
        for (let i = 3; i < pixels.length; i += 4) mask += pixels[i] >= 128 ? '1' : '0';
        return mask;
    }""",
        [base64.b64encode(drawing).decode(), size],
    )
    return np.frombuffer(packed.encode(), dtype=np.uint8).reshape(size, size) == ord("1")


@pytest.fixture
def drawing_page(page, live_server):
    page.goto(live_server.url + "/offline/en")
    return page


@pytest.mark.parametrize("size", SIZES)
def test_server_render_matches_what_the_child_saw(drawing_page, size):
    ops = a_childs_drawing()
    drawing = ink.encode(ops)
    seen = browser_ink_mask(drawing_page, drawing, size)
    rendered = raster.ink_mask(ink_decode.decode(drawing), size)
    union = np.logical_or(seen, rendered).sum()
    overlap = np.logical_and(seen, rendered).sum() / union
    assert union > size * size * 0.05  # a real drawing, not two empty pictures
    print(f"ink overlap {overlap:.5f} at {size} px")
    assert overlap >= 0.99, f"ink overlap {overlap:.4f} at {size} px"


def test_the_rule_matters_here(drawing_page):
    """Filled even-odd (Pillow's polygon rule), the same drawing would not match: the test can fail."""
    from PIL import Image, ImageDraw

    size = 800
    ops = ink.fold(a_childs_drawing())
    seen = browser_ink_mask(drawing_page, ink.encode(a_childs_drawing()), size)
    artwork = ink.load_artwork()
    picture = Image.new("1", (size, size), 0)
    pen = ImageDraw.Draw(picture)
    scale = size / 1000
    for op in ops:
        if op["op"] == "stroke" and op["tool"] == "pen":
            pen.polygon([(x * scale, y * scale) for x, y in raster.stroke_outline(op, artwork)], fill=1)
    even_odd = np.array(picture, dtype=bool)
    strokes_only = raster.ink_mask([op for op in ops if op["op"] == "stroke" and op["tool"] == "pen"], size)
    assert np.logical_xor(even_odd, strokes_only).sum() > 0
    assert seen.sum() > 0
