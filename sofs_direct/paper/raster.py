"""Drawing a child's drawing as a picture on the server, as the tablet's canvas drew it (docs/ink.md):
paper, then the fills, then the ink (where the eraser removes only ink), then the outline on top.

Main decision: our own non-zero winding scanline rasteriser, in numpy. A stroke is the polygon
perfect-freehand outlines (`freehand.py`), and that polygon crosses itself at every sharp turn. The
browser's canvas `fill()` uses the non-zero rule, which fills those crossings; Pillow's
`ImageDraw.polygon` uses the even-odd rule, which would punch holes in them. So polygons are filled
here: each pixel is in when the polygon winds around its centre a non-zero number of times, found
per scanline from the signed edge crossings, sorted and summed into runs of pixels.

Pixels: logical unit u (0…1000) lands at pixel u × size_px / 1000, as on the tablet, which draws the
same polygon after `ctx.scale(size / 1000)`. Edges are smoothed by drawing at `supersample` times
the size and reducing (a box filter); `ink_mask` gives the unsmoothed ink at 1× for comparisons.

A drawing over the drawing budget (docs/ink.md) is never drawn: `render_drawing` draws a plain
panel that says why instead, so no request spends more than about the budget on a drawing.
"""

import math
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from ..platform import PROJECT_ROOT
from ..platform.i18n import _l
from . import drawing_budget, ink
from .ink import fold, load_artwork, stroke_outline
from .lettering import Style, pillow_font, wrap

STAMPS_DIR = PROJECT_ROOT / "static/ink/stamps"
PAPER = (255, 255, 255)
SURFACE = ink.SURFACE
QUARTER = ink.QUARTER
# The placeholder for a drawing too detailed to draw: GOV.UK's light grey panel, mid grey border, text.
PLACEHOLDER_PANEL = (243, 242, 241)
PLACEHOLDER_BORDER = (177, 180, 182)
PLACEHOLDER_TEXT = (11, 12, 12)


def winding_spans(polygon: np.ndarray, height: int, width: int):
    """The runs of pixels of a height × width image whose centres a polygon ((n, 2) pixel
    coordinates, closed implicitly) winds round a non-zero number of times: (rows, starts, ends),
    each run being row `rows[i]`, columns starts[i] ≤ column < ends[i]. None when there are none."""
    if len(polygon) < 3:
        return None
    xs = polygon[:, 0]
    ys = polygon[:, 1]
    top = max(0, math.ceil(ys.min() - 0.5))
    bottom = min(height, math.ceil(ys.max() - 0.5))
    if top >= bottom:
        return None
    next_xs = np.roll(xs, -1)
    next_ys = np.roll(ys, -1)
    # Each edge crosses the rows whose centre (row + 0.5) lies in [its lower y, its upper y):
    # half-open, so a vertex shared by two edges is counted once, and flat edges cross nothing.
    first_row = np.clip(np.ceil(np.minimum(ys, next_ys) - 0.5), top, bottom).astype(np.int64)
    end_row = np.clip(np.ceil(np.maximum(ys, next_ys) - 0.5), top, bottom).astype(np.int64)
    rows_crossed = end_row - first_row
    count = int(rows_crossed.sum())
    if not count:
        return None
    edge = np.repeat(np.arange(len(xs)), rows_crossed)
    row = np.arange(count) + np.repeat(first_row - (np.cumsum(rows_crossed) - rows_crossed), rows_crossed)
    # Each edge's slope once (the same operations as for each crossing, so the same bits). A flat
    # edge crosses no row, so its infinite slope is never used.
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (next_xs - xs) / (next_ys - ys)
    x = xs[edge] + (row + 0.5 - ys[edge]) * slope[edge]
    # A crossing at x changes the winding of the pixels whose centre lies to its right, from this
    # column on. Up the edge counts +1, down -1.
    column = np.clip(np.floor(x + 0.5).astype(np.int64), 0, width)
    # Crossings in reading order: the running sum is the winding number after each crossing, and
    # comes back to 0 at the end of every row (a closed polygon crosses each line up as often as
    # down), so one running sum serves all rows. Row, column and direction are packed into the bits
    # of one integer and sorted as such: numpy sorts plain integers many times faster than it
    # lexsorts, and a stroke with many sharp turns has millions of crossings (docs/ink.md, "The
    # drawing budget"). Crossings in the same row and column may come in either order: the runs
    # between them are empty, and the winding after the last of them is the same.
    column_bits = int(width).bit_length()
    key = (row << (column_bits + 1)) | (column << 1) | (next_ys > ys)[edge]
    key.sort()
    winding = np.cumsum((key & 1) * 2 - 1)
    inside = np.flatnonzero(winding[:-1] != 0)
    column_mask = (1 << column_bits) - 1
    starts = (key[inside] >> 1) & column_mask
    ends = (key[inside + 1] >> 1) & column_mask
    keep = ends > starts
    return key[inside][keep] >> (column_bits + 1), starts[keep], ends[keep]


def _span_pixels(spans, width: int) -> np.ndarray:
    """Flat pixel indexes (row × width + column) of every pixel of the spans."""
    rows, starts, ends = spans
    lengths = ends - starts
    before = np.cumsum(lengths) - lengths
    return np.repeat(rows * width + starts - before, lengths) + np.arange(int(lengths.sum()))


def _paint(canvas: np.ndarray, polygon_units, scale: float, value) -> None:
    """Fill a polygon given in logical units into canvas ((height, width) or (height, width,
    channels)), non-zero rule."""
    polygon = np.asarray(polygon_units, dtype=np.float64).reshape(-1, 2) * scale
    height, width = canvas.shape[:2]
    spans = winding_spans(polygon, height, width)
    if spans is not None:
        # The canvases here are C-contiguous, so this reshape is a view of the canvas, not a copy.
        canvas.reshape(height * width, *canvas.shape[2:])[_span_pixels(spans, width)] = value


def _rgb(colour: str) -> tuple:
    return tuple(bytes.fromhex(colour.removeprefix("#")))


@cache
def _stamp_png(path: Path) -> Image.Image:
    with Image.open(path) as image:
        return image.convert("RGBA")


def stamp_image(stamp_id: str) -> Image.Image:
    return _stamp_png(STAMPS_DIR / f"{stamp_id}.png")


def _place_stamp(layer: np.ndarray, stamp: dict, artwork: dict, scale: float) -> None:
    """Composite a stamp over the ink layer: its PNG scaled (bilinear) to its size, centred on its
    point, at fractional pixel positions as the canvas's drawImage places it."""
    image = stamp_image(artwork["stamps"][stamp["stamp"]]["id"])
    side = stamp["size"] / QUARTER * scale
    left = stamp["x"] / QUARTER * scale - side / 2
    top = stamp["y"] / QUARTER * scale - side / 2
    height, width = layer.shape[:2]
    x0, y0 = max(0, math.floor(left)), max(0, math.floor(top))
    x1, y1 = min(width, math.ceil(left + side)), min(height, math.ceil(top + side))
    if x0 >= x1 or y0 >= y1:
        return
    step = image.width / side  # stamp pixels per canvas pixel
    placed = image.transform(
        (x1 - x0, y1 - y0),
        Image.Transform.AFFINE,
        (step, 0, (x0 - left) * step, 0, step, (y0 - top) * step),
        resample=Image.Resampling.BILINEAR,
    )
    under = Image.fromarray(np.ascontiguousarray(layer[y0:y1, x0:x1]))
    layer[y0:y1, x0:x1] = np.asarray(Image.alpha_composite(under, placed))


def _ink_layer(visible: list, artwork: dict, side: int, outlines: list | None = None) -> np.ndarray:
    """The strokes and stamps, in order, on their own transparent RGBA layer: a pen paints its
    colour, an eraser makes the ink under it transparent again (canvas `destination-out`).
    `outlines`: the strokes' polygons, in order, when already made (drawing_budget.estimate makes them)."""
    layer = np.zeros((side, side, 4), dtype=np.uint8)
    pixels = layer.view(np.uint32).reshape(side, side)  # one RGBA pixel an element: a stroke is one assignment
    scale = side / SURFACE
    palette = [np.array([*_rgb(colour), 255], dtype=np.uint8).view(np.uint32)[0] for colour in artwork["palette"]]
    polygons = iter(outlines) if outlines is not None else None
    for op in visible:
        if op["op"] == "stroke":
            value = 0 if op["tool"] == "eraser" else palette[op["colour"]]
            _paint(pixels, next(polygons) if polygons else stroke_outline(op, artwork), scale, value)
        elif op["op"] == "stamp":
            _place_stamp(layer, op, artwork, scale)
    return layer


def ink_mask(ops, size_px: int, artwork: dict | None = None) -> np.ndarray:
    """Where the drawing has ink (strokes and stamps after erasing; no fills, no outline), sampled
    once per pixel centre at size_px × size_px without smoothing: a bool array [row, column]."""
    artwork = artwork or load_artwork()
    return _ink_layer(fold(ops), artwork, size_px)[:, :, 3] >= 128


def _draw_outline(image: Image.Image, outline: dict, scale: float) -> None:
    """The outline's open polylines with round caps and joins."""
    draw = ImageDraw.Draw(image)
    width = max(1, round(outline["line_width"] * scale))
    colour = _rgb(outline["line_colour"])
    for line in outline["lines"]:
        points = [(x * scale, y * scale) for x, y in line]
        draw.line(points, fill=colour, width=width, joint="curve")
        for x, y in (points[0], points[-1]):
            draw.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=colour)


def too_detailed_picture(size_px: int) -> Image.Image:
    """What is drawn instead of a drawing over the drawing budget: a plain panel that says why."""
    words = ink.sentence(_l("This drawing has too much detail to be drawn here. It is kept as it was made."))
    picture = Image.new("RGB", (size_px, size_px), PLACEHOLDER_PANEL)
    draw = ImageDraw.Draw(picture)
    border = max(1, size_px // 150)
    draw.rectangle((0, 0, size_px - 1, size_px - 1), outline=PLACEHOLDER_BORDER, width=border)
    font_px = max(8, size_px // 16)
    lines = wrap(words, Style("regular", font_px, font_px * 1.35), size_px * 0.8)
    leading = round(font_px * 1.35)
    top = (size_px - leading * len(lines)) / 2
    for number, line in enumerate(lines):
        draw.text(
            (size_px / 2, top + leading * (number + 0.5)),
            line,
            fill=PLACEHOLDER_TEXT,
            anchor="mm",
            font=pillow_font("regular", font_px),
        )
    return picture


def render_drawing(
    ops, outline_name: str | None, size_px: int, supersample: int = 2, artwork: dict | None = None
) -> Image.Image:
    """The drawing (the folded log `ops`) as a size_px × size_px RGB picture over `outline_name`'s
    outline from artwork.json (None: no outline, no fills).

    A drawing over the drawing budget (one stored before there was a budget: ingest refuses them
    now) is never drawn, whatever the size asked for, so no request spends minutes on it: it is
    too_detailed_picture. Finding that out costs at most about the budget (drawing_budget.estimate stops
    there), and the strokes' outlines made on the way are the ones drawn."""
    cost = drawing_budget.estimate(ops, outline_name, artwork, stop_when_over=True)
    if cost.over:
        return too_detailed_picture(size_px)
    return draw_picture(cost.visible, outline_name, size_px, supersample, artwork, cost.outlines)


def draw_picture(
    visible: list,
    outline_name: str | None,
    size_px: int,
    supersample: int = 2,
    artwork: dict | None = None,
    outlines: list | None = None,
) -> Image.Image:
    """The visible ops drawn, whatever they cost: only for render_drawing, which has checked the
    cost, and for tests/bench_ink_budget.py, which measures it. `outlines`: the visible strokes'
    polygons, in order, when already made."""
    artwork = artwork or load_artwork()
    side = size_px * supersample
    scale = side / SURFACE
    canvas = np.empty((side, side, 3), dtype=np.uint8)
    canvas[:] = PAPER
    outline = artwork["outlines"][outline_name] if outline_name else None
    if outline:
        last_fill = {op["region"]: op["colour"] for op in visible if op["op"] == "fill"}
        for index, region in enumerate(outline["regions"]):
            if index in last_fill:
                _paint(canvas, region["points"], scale, _rgb(artwork["palette"][last_fill[index]]))
    layer = Image.fromarray(_ink_layer(visible, artwork, side, outlines))
    picture = Image.alpha_composite(Image.fromarray(canvas).convert("RGBA"), layer).convert("RGB")
    if outline:
        _draw_outline(picture, outline, scale)
    return picture.reduce(supersample) if supersample > 1 else picture
