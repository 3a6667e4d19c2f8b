"""The drawing budget (docs/ink.md, "The drawing budget"): any drawing accepted renders at 1600 px in
at most 2 s on one core.

Main decision: a drawing must be drawable within the budget, so its cost is estimated before it is
stored, not measured by drawing it. `estimate` is the cost model, over the ops the picture shows,
with its coefficients in static/ink/budget.json, which the tablet's static/js/ink/budget.js reads
too. `decode` (ink_decode.py) refuses a drawing over the budget (TooDetailed, `check_budget`), so
every kind that reads a drawing at ingest refuses it; the renderer (raster.py) decodes with
`within_budget=False` and draws a placeholder instead, for a drawing stored before there was a
budget.
"""

import json
import math
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from ..platform import PROJECT_ROOT
from ..platform.i18n import _l
from .ink import QUARTER, SURFACE, TooDetailed, brush_size, fold, load_artwork, stroke_outline

BUDGET_PATH = PROJECT_ROOT / "static/ink/budget.json"


@cache
def load_budget() -> dict:
    """static/ink/budget.json: the drawing budget and the cost model's coefficients (docs/ink.md,
    "The drawing budget") — the same file the tablet reads."""
    return json.loads(BUDGET_PATH.read_text(encoding="utf-8"))


# --- the drawing budget (docs/ink.md, "The drawing budget") ---------------------------------------
#
# The cost model estimates, in microseconds on one core, what raster.render_drawing and the PNG
# encoder spend on a drawing at budget.json's target_px (1600), from what drives each part of it:
#   a stroke: perfect-freehand walks its points and builds its outline; the scanline fill works per
#     outline point, per pixel row an outline edge crosses (the sharp turns of a scribble add
#     half-circles, so the rows crossed grow with points × brush size), and per pixel painted;
#   a stamp: scaling and compositing its picture, per pixel of its square;
#   a fill: per pixel of its region (only the last fill of each region is drawn);
#   the drawing itself: the canvases, the outline, the PNG, and decoding up to the format's 200,000
#     points; and each op of the log, decoded and folded (all that an undone or cleared op costs).
# The coefficients are the least above every one of the calibration renders of
# tests/bench_ink_budget.py (which fits and checks them), rounded up; the limit is half the budget,
# a margin for a slower or busier server.
# static/js/ink/budget.js is this section in JavaScript, in the same order of operations.


def _target_scale(budget: dict) -> float:
    return budget["target_px"] / SURFACE  # pixels a logical unit at the target size


def path_length(points) -> float:
    """The length of the path through a stroke's points, in quarter units, summed in order."""
    length = 0.0
    x0, y0 = points[0][0], points[0][1]
    for x, y, _p, _t in points:
        dx = x - x0
        dy = y - y0
        length += math.sqrt(dx * dx + dy * dy)
        x0, y0 = x, y
    return length


def outline_rows(polygon, scale: float) -> int:
    """How many pixel rows the edges of a closed polygon (logical units) cross at `scale` pixels a
    unit, edge by edge, rows counted as the scanline fill counts them (by their centres)."""
    if len(polygon) < 2:
        return 0
    rows = np.ceil(np.asarray(polygon, dtype=np.float64).reshape(-1, 2)[:, 1] * scale - 0.5)
    return int(np.abs(rows - np.roll(rows, 1)).sum())


def _us(terms: dict, cost: dict) -> float:
    """Terms priced by the coefficients of one kind of op: each term `name` × `name_us`, in order."""
    total = 0.0
    for name, value in terms.items():
        total += cost[name + "_us"] * value
    return total


def _stroke_terms(stroke: dict, outline_points: float, rows: float, artwork: dict, budget: dict) -> dict:
    scale = _target_scale(budget)
    width = budget["stroke"]["width_per_size"] * brush_size(stroke, artwork) * scale  # the widest it can be, px
    length = path_length(stroke["points"]) / QUARTER * scale
    return {
        "each": 1,
        "point": len(stroke["points"]),
        "outline_point": outline_points,
        "row": rows,
        "megapixel": (length + width) * width / 1e6,
    }


def stroke_terms(stroke: dict, polygon, artwork: dict, budget: dict | None = None) -> dict:
    """What a stroke's cost is counted from, given its outline polygon (`stroke_outline`): the
    stroke itself, its points, its outline's points, the pixel rows the outline's edges cross, and
    the megapixels it can cover (its path, plus a cap, times its widest width)."""
    budget = budget or load_budget()
    return _stroke_terms(stroke, len(polygon), outline_rows(polygon, _target_scale(budget)), artwork, budget)


def stroke_us(stroke: dict, polygon, artwork: dict, budget: dict | None = None) -> float:
    """A stroke's estimated cost, from its outline polygon."""
    budget = budget or load_budget()
    return _us(stroke_terms(stroke, polygon, artwork, budget), budget["stroke"])


def stroke_ceiling_us(stroke: dict, artwork: dict, budget: dict | None = None) -> float:
    """At least `stroke_us`, from the points alone: what the tablet counts while a stroke is being
    drawn, before it has an outline. Every point is taken to be a sharp turn (perfect-freehand
    puts 2 × 14 outline points round one, each side's edges crossing at most 4 radii of rows), plus
    the caps; the outline's sides follow the streamlined path, at most twice the points' path."""
    budget = budget or load_budget()
    ceiling = budget["stroke"]["ceiling"]
    scale = _target_scale(budget)
    count = len(stroke["points"])
    radius = budget["stroke"]["width_per_size"] * brush_size(stroke, artwork) / 2
    outline_points = ceiling["outline_points_a_point"] * count + ceiling["outline_points_a_stroke"]
    rows = (
        ceiling["length_factor"] * path_length(stroke["points"]) / QUARTER
        + radius * (ceiling["rows_a_point"] * count + ceiling["rows_a_stroke"])
    ) * scale + outline_points
    return _us(_stroke_terms(stroke, outline_points, rows, artwork, budget), budget["stroke"])


def stamp_terms(stamp: dict, budget: dict | None = None) -> dict:
    """A stamp: itself, and the megapixels of its square at the target size."""
    side = stamp["size"] / QUARTER * _target_scale(budget or load_budget())
    return {"each": 1, "megapixel": side * side / 1e6}


def stamp_us(stamp: dict, budget: dict | None = None) -> float:
    budget = budget or load_budget()
    return _us(stamp_terms(stamp, budget), budget["stamp"])


def region_area(points) -> float:
    """A simple polygon's area (logical units²), by the shoelace formula."""
    twice = 0.0
    x0, y0 = points[-1]
    for x, y in points:
        twice += x0 * y - x * y0
        x0, y0 = x, y
    return abs(twice) / 2


def fill_terms(visible, outline_name: str | None, artwork: dict, budget: dict | None = None) -> list[dict]:
    """The regions the picture colours, each once whatever number of fills it had: each region
    itself, and its megapixels at the target size."""
    if not outline_name:
        return []
    scale = _target_scale(budget or load_budget())
    regions = artwork["outlines"][outline_name]["regions"]
    return [
        {"each": 1, "megapixel": region_area(regions[region]["points"]) * scale * scale / 1e6}
        for region in sorted({op["region"] for op in visible if op["op"] == "fill"})
    ]


@dataclass
class Estimate:
    """A drawing's estimated render time at the target size (`us`); its visible ops (`fold`); the
    outline of each visible stroke, in order, made on the way, for the renderer to use ((n, 2)
    arrays of logical units); and whether it is `over` the limit (when estimating stopped there,
    `us` and the outlines are incomplete)."""

    us: float = 0.0
    visible: list = field(default_factory=list)
    outlines: list = field(default_factory=list)
    over: bool = False


def limit_us(budget: dict | None = None) -> float:
    return (budget or load_budget())["limit_ms"] * 1000


def estimate(
    ops,
    outline_name: str | None = None,
    artwork: dict | None = None,
    budget: dict | None = None,
    stop_when_over: bool = False,
) -> Estimate:
    """The cost of drawing the log `ops`: every op is decoded and folded, the visible ones drawn.
    With `stop_when_over`, outlining strokes stops as soon as the estimate passes the limit, so an
    over-budget drawing costs at most about the budget to find out about."""
    artwork = artwork or load_artwork()
    budget = budget or load_budget()
    limit = limit_us(budget)
    visible = fold(ops)
    result = Estimate(us=budget["drawing_ms"] * 1000 + budget["log_op_us"] * len(ops), visible=visible)
    for terms in fill_terms(visible, outline_name, artwork, budget):
        result.us += _us(terms, budget["fill"])
    for op in visible:
        if op["op"] == "stamp":
            result.us += stamp_us(op, budget)
    for op in visible:
        if stop_when_over and result.us > limit:
            result.over = True
            return result
        if op["op"] == "stroke":
            polygon = np.array(stroke_outline(op, artwork), dtype=np.float64).reshape(-1, 2)
            result.outlines.append(polygon)
            result.us += stroke_us(op, polygon, artwork, budget)
    result.over = result.us > limit
    return result


def check_budget(ops, artwork: dict | None = None, outline: str | None = None) -> None:
    """TooDetailed when the log `ops` is over the drawing budget."""
    if estimate(ops, outline, artwork, stop_when_over=True).over:
        raise TooDetailed(_l("The drawing has too much detail for the server to draw in good time."))
