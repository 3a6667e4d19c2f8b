"""Drawing a child's drawing on the server: the same shapes the tablet filled (non-zero rule), the
eraser taking away only ink, fills in their region, stamps where they were put."""

import math

import numpy as np
import pytest
from PIL import Image, ImageDraw

from sofs_direct.paper import raster
from sofs_direct.paper.ink import load_artwork
from sofs_direct.paper.raster import _span_pixels, ink_mask, render_drawing, winding_spans

ARTWORK = load_artwork()
PALETTE = [tuple(bytes.fromhex(colour[1:])) for colour in ARTWORK["palette"]]
WHITE = (255, 255, 255)


def winding_mask(polygon: np.ndarray, height: int, width: int) -> np.ndarray:
    """The pixel centres of a height × width image inside a polygon (pixel coordinates) under the
    non-zero winding rule, as a bool array [row, column]."""
    mask = np.zeros(height * width, dtype=bool)
    spans = winding_spans(polygon, height, width)
    if spans is not None:
        mask[_span_pixels(spans, width)] = True
    return mask.reshape(height, width)


def full_mask(polygon, height, width):
    return winding_mask(np.array(polygon, dtype=float), height, width)


def even_odd(polygon, height, width):
    """Pillow's own polygon fill, for comparison: even-odd."""
    image = Image.new("1", (width, height), 0)
    ImageDraw.Draw(image).polygon([tuple(point) for point in polygon], fill=1)
    return np.array(image)


def stroke(points, tool="pen", colour=0, size=1, pressure=False):
    """points in logical units, as the child drew them."""
    return {
        "op": "stroke",
        "tool": tool,
        "colour": colour,
        "size": size,
        "pressure": pressure,
        "t": 0,
        "points": [(round(x * 4), round(y * 4), 128 if pressure else 0, i * 16) for i, (x, y) in enumerate(points)],
    }


def line(start, end, steps=40):
    return [
        (start[0] + (end[0] - start[0]) * i / steps, start[1] + (end[1] - start[1]) * i / steps)
        for i in range(steps + 1)
    ]


def pixel(image, x, y, size=1000):
    """The colour at logical (x, y) of a size-pixel render."""
    return image.getpixel((int(x * size / 1000), int(y * size / 1000)))


# --- the non-zero rule ---------------------------------------------------------------------------


def test_a_shape_wound_twice_is_filled_where_even_odd_leaves_it_empty():
    # Pixel centres (i + 0.5) inside x 2.2…7.6 are columns 2…7; rows with y + 0.5 in [3.7, 8.4) are 4…7.
    rectangle = [(2.2, 3.7), (7.6, 3.7), (7.6, 8.4), (2.2, 8.4)]
    expected = np.zeros((12, 10), dtype=bool)
    expected[4:8, 2:8] = True
    assert (full_mask(rectangle, 12, 10) == expected).all()
    assert (full_mask(rectangle * 2, 12, 10) == expected).all()  # winding number 2
    assert (full_mask(rectangle[::-1] * 2, 12, 10) == expected).all()  # -2, the other way round
    assert not even_odd(rectangle * 2, 12, 10)[6, 4]  # Pillow's fill leaves the middle empty


def test_the_middle_of_a_five_pointed_star_is_filled():
    # Drawn in one go, point to every second point: the pentagon in the middle is wound twice.
    star = [(50 + 40 * math.sin(4 * math.pi * k / 5), 50 - 40 * math.cos(4 * math.pi * k / 5)) for k in range(5)]
    mask = full_mask(star, 100, 100)
    assert mask[50, 50]  # the middle, winding 2
    assert mask[15, 50]  # the top point, winding 1
    assert not mask[28, 70]  # between two points: outside
    assert not mask[0, 0]
    assert not even_odd(star, 100, 100)[50, 50]


def winding_numbers(polygon, height, width):
    """The winding number of the polygon about every pixel centre, by Dan Sunday's crossing test
    (geomalgorithms.com, "Inclusion of a Point in a Polygon"), edge by edge: an independent check."""
    ys, xs = np.mgrid[0:height, 0:width] + 0.5
    winding = np.zeros((height, width), dtype=int)
    for (ax, ay), (bx, by) in zip(polygon, polygon[1:] + polygon[:1]):
        left_of = (bx - ax) * (ys - ay) - (xs - ax) * (by - ay)
        winding += ((ay <= ys) & (by > ys) & (left_of > 0)).astype(int)
        winding -= ((ay > ys) & (by <= ys) & (left_of < 0)).astype(int)
    return winding


def test_a_scribble_is_filled_wherever_its_outline_winds_round():
    scribble = stroke([(25, 50), (40, 51), (25, 52), (40, 53), (25, 54), (40, 55)], size=2)
    outline = [(x * 10, y * 10) for x, y in raster.stroke_outline(scribble, ARTWORK)]  # at 10 000 px
    winding = winding_numbers(outline, 600, 500)
    assert (full_mask(outline, 600, 500) == (winding != 0)).all()
    # The outline crosses itself at the turns: there, the ink is wound round twice, and the even-odd
    # rule would leave a hole in the middle of the scribble.
    assert (np.abs(winding) >= 2).sum() > 1000


# A small outline of our own, so the expectations do not move when the house is redrawn.
LINE_COLOUR = (0x3B, 0x3B, 0x3B)
ARTWORK_WITH_BOXES = {
    **ARTWORK,
    "outlines": {
        "boxes": {
            "regions": [
                {"id": "box", "points": [[100, 200], [300, 200], [300, 450], [100, 450]]},
                {"id": "big", "points": [[500, 100], [900, 100], [900, 900], [500, 900]]},
                {"id": "inner", "points": [[600, 600], [800, 600], [800, 800], [600, 800]]},
            ],
            "lines": [[[500, 500], [900, 500]]],
            "line_width": 10,
            "line_colour": "#3b3b3b",
        }
    },
}
BOX, BIG, INNER = 0, 1, 2


def fill(region, colour, t=0):
    return {"op": "fill", "region": region, "colour": colour, "t": t}


def test_pixels_are_logical_units_times_size_over_1000():
    picture = render_drawing([fill(BOX, 1)], "boxes", 200, supersample=1, artwork=ARTWORK_WITH_BOXES)
    filled = np.all(np.array(picture) == PALETTE[1], axis=2)
    expected = np.zeros((200, 200), dtype=bool)
    expected[40:90, 20:60] = True  # logical 200…450 down, 100…300 across, × 0.2
    assert (filled == expected).all()


# --- the picture ---------------------------------------------------------------------------------


def test_a_render_is_an_rgb_square_of_the_size_asked():
    picture = render_drawing([stroke(line((100, 100), (900, 900)))], "house", 300)
    assert picture.size == (300, 300)
    assert picture.mode == "RGB"
    assert len(picture.getcolors(300 * 300)) > 3  # paper, ink, outline and the smoothing between
    assert render_drawing([], None, 64, supersample=1).getcolors() == [(64 * 64, WHITE)]


def test_fills_land_in_their_region_and_the_last_visible_fill_counts():
    def render(ops):
        return render_drawing(ops, "boxes", 1000, artwork=ARTWORK_WITH_BOXES)

    ops = [fill(INNER, 2), fill(BIG, 5), fill(BOX, 1)]
    picture = render(ops)
    assert pixel(picture, 200, 300) == PALETTE[1]
    assert pixel(picture, 550, 300) == PALETTE[5]
    assert pixel(picture, 700, 700) == PALETTE[2]  # the inner region is drawn after the big one
    assert pixel(picture, 50, 50) == WHITE
    assert pixel(picture, 400, 300) == WHITE  # between the regions
    recoloured = ops + [fill(BIG, 4, t=1)]
    assert pixel(render(recoloured), 550, 300) == PALETTE[4]
    assert pixel(render(recoloured + [{"op": "undo", "t": 2}]), 550, 300) == PALETTE[5]


def test_every_region_of_every_outline_can_be_filled():
    for name, outline in ARTWORK["outlines"].items():
        before = np.array(render_drawing([], name, 200))
        for index in range(len(outline["regions"])):
            after = np.array(render_drawing([fill(index, 1)], name, 200))
            assert (np.all(after == PALETTE[1], axis=2) & ~np.all(before == PALETTE[1], axis=2)).any(), (name, index)


def test_the_eraser_takes_away_ink_but_not_fills_or_the_outline():
    ink = stroke(line((100, 300), (900, 300)), colour=0, size=2)
    rub_out = stroke(line((700, 220), (700, 380)), tool="eraser", size=1)
    over_the_line = stroke(line((600, 450), (600, 550)), tool="eraser", size=2)
    ops = [fill(BIG, 5), ink, rub_out, over_the_line]
    picture = render_drawing(ops, "boxes", 1000, artwork=ARTWORK_WITH_BOXES)
    assert pixel(picture, 400, 300) == PALETTE[0]  # ink left alone
    assert pixel(picture, 700, 300) == PALETTE[5]  # ink rubbed out: the fill under it shows
    assert pixel(picture, 600, 500) == LINE_COLOUR  # the outline's line, under the eraser
    assert pixel(picture, 600, 470) == PALETTE[5]  # and the fill beside it
    mask = ink_mask(ops, 1000)
    assert mask[300, 400] and not mask[300, 700]
    assert not ink_mask(ops[:1], 1000).any()  # a fill is not ink


def test_the_outline_is_drawn_over_the_ink():
    ink = stroke(line((550, 450), (550, 550)), colour=1, size=2)
    picture = render_drawing([ink], "boxes", 1000, artwork=ARTWORK_WITH_BOXES)
    assert pixel(picture, 550, 500) == LINE_COLOUR
    assert pixel(picture, 550, 470) == PALETTE[1]


def test_undo_and_clear_change_the_picture():
    mark = stroke(line((200, 200), (800, 800)), size=2)
    assert ink_mask([mark], 500)[250, 250]
    assert not ink_mask([mark, {"op": "undo", "t": 1}], 500).any()
    assert not ink_mask([mark, {"op": "clear", "t": 1}], 500).any()
    assert ink_mask([mark, {"op": "clear", "t": 1}, {"op": "undo", "t": 2}], 500)[250, 250]


@pytest.fixture
def red_square_stamp(tmp_path, monkeypatch):
    """A stamp PNG we know: transparent, with an opaque red square in its middle half."""
    assert raster.PROJECT_ROOT / "static/ink/stamps" == raster.STAMPS_DIR
    image = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
    image.paste((255, 0, 0, 255), (64, 64, 192, 192))
    image.save(tmp_path / f"{ARTWORK['stamps'][0]['id']}.png")
    monkeypatch.setattr(raster, "STAMPS_DIR", tmp_path)


def test_a_stamp_is_drawn_at_its_size_centred_on_its_point(red_square_stamp):
    # Size 800 quarter units = 200 units: the red middle half is 100 units, 450…550 around 500.
    stamp = {"op": "stamp", "stamp": 0, "x": 2000, "y": 2000, "size": 800, "t": 0}
    mask = ink_mask([stamp], 1000)
    rows, columns = np.nonzero(mask)
    assert (rows.min(), rows.max(), columns.min(), columns.max()) == (450, 549, 450, 549)
    assert pixel(render_drawing([stamp], None, 1000), 500, 500) == (255, 0, 0)
    rubbed = stroke(line((400, 500), (600, 500)), tool="eraser", size=1)
    assert not ink_mask([stamp, rubbed], 1000)[500, 500]
    assert ink_mask([stamp, rubbed], 1000)[455, 455]


def test_every_stamp_is_drawn_from_its_own_png_inside_its_square():
    for index, entry in enumerate(ARTWORK["stamps"]):
        assert (raster.STAMPS_DIR / f"{entry['id']}.png").is_file(), entry["id"]
        stamp = {"op": "stamp", "stamp": index, "x": 1000, "y": 3000, "size": 1200, "t": 0}
        mask = ink_mask([stamp], 500)  # the square 100…400 across, 600…900 down, at 500 px: 50…200, 300…450
        rows, columns = np.nonzero(mask)
        assert len(rows) > 500, entry["id"]
        assert rows.min() >= 300 and rows.max() < 450 and columns.min() >= 50 and columns.max() < 200, entry["id"]
