"""A child's drawing: the binary ink format ("SINK" version 1) and the fold of its log of ops into
the picture, exactly as docs/ink.md says (that page is the contract with static/js/ink/).

A drawing is an append-only log of ops, each a plain dict shared in shape with the JavaScript side:

    {"op": "stroke", "tool": "pen" | "eraser", "colour": 3, "size": 1, "pressure": True, "t": 0,
     "points": [(x, y, p, t), ...]}        # quarter units 0…4000, pressure 0…255, absolute ms
    {"op": "stamp", "stamp": 4, "x": 2000, "y": 1000, "size": 400, "t": 900}
    {"op": "fill", "region": 0, "colour": 5, "t": 1200}
    {"op": "undo" | "redo" | "clear", "t": 1500}

Main decision: the decoder refuses, it never repairs. Anything outside docs/ink.md's limits raises
InkInvalid with a sentence naming the op, and nothing is returned, so nothing half-decoded can be
stored. To stay fast on the largest drawing allowed (200,000 points), ops are walked in Python but
the points — almost all of the bytes — are decoded together with numpy: inside a stroke's point
block every byte belongs to a varint, so the varints end exactly at the bytes below 0x80, and one
pass over the whole part finds them all.

A drawing must also be drawable within the drawing budget (docs/ink.md, "The drawing budget"): any
drawing accepted renders at 1600 px in at most 2 s on one core. `estimate` is the cost model, over
the ops the picture shows, with its coefficients in static/ink/budget.json, which the tablet's
static/js/ink/budget.js reads too. `decode` refuses a drawing over the budget (TooDetailed), so
every kind that reads a drawing at ingest refuses it; the renderer (raster.py) decodes with
`within_budget=False` and draws a placeholder instead, for a drawing stored before there was a
budget.
"""

import json
import math
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from babel.support import LazyProxy
from flask import has_app_context

from ..platform import PROJECT_ROOT
from ..platform.i18n import _l
from . import freehand

MEDIA_TYPE = "application/vnd.sofs-direct.ink"
HEADER = b"SINK"
VERSION = 1
MAX_BYTES = 4 * 1024 * 1024
MAX_OPS = 20_000
MAX_POINTS = 200_000
MAX_STROKE_POINTS = 20_000
MAX_COORDINATE = 4000  # quarter units: the 1000-unit surface
MAX_PRESSURE = 255
STAMP_SIZES = (200, 2000)
TOOLS = ("pen", "eraser")
BRUSH_SIZES = 3
CODES = {"stroke": 1, "stamp": 2, "fill": 3, "undo": 4, "redo": 5, "clear": 6}
OP_NAMES = {code: name for name, code in CODES.items()}
MARKS = ("stroke", "stamp", "fill", "clear")  # the ops that add to the picture (and end any redo)
ARTWORK_PATH = PROJECT_ROOT / "static/ink/artwork.json"
BUDGET_PATH = PROJECT_ROOT / "static/ink/budget.json"
VARINT_LIMIT = 2**32
SURFACE = 1000  # logical units across the drawing
QUARTER = 4  # quarter units per logical unit


def sentence(text) -> str:
    """A sentence made with _l, translated; outside the app (a script, a benchmark) there is no
    catalogue, so the English sentence."""
    if has_app_context() or not isinstance(text, LazyProxy):
        return str(text)
    return text._args[0] % text._kwargs


class InkInvalid(ValueError):
    """A drawing refused. `reason` is a readable sentence (translated when shown)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason

    def __str__(self):
        return sentence(self.reason)


class TooDetailed(InkInvalid):
    """A drawing over the drawing budget: well formed, but too costly to draw."""


@cache
def load_artwork() -> dict:
    """static/ink/artwork.json: palette, brush, stamps, outlines — the same file the tablet reads."""
    return json.loads(ARTWORK_PATH.read_text(encoding="utf-8"))


@cache
def load_budget() -> dict:
    """static/ink/budget.json: the drawing budget and the cost model's coefficients (docs/ink.md,
    "The drawing budget") — the same file the tablet reads."""
    return json.loads(BUDGET_PATH.read_text(encoding="utf-8"))


# --- encoding ------------------------------------------------------------------------------------

def _put_uv(out: bytearray, value: int) -> None:
    if not 0 <= value < VARINT_LIMIT:
        raise ValueError(f"{value} cannot be stored as an unsigned varint")
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def _put_sv(out: bytearray, value: int) -> None:
    if not -(2**31) <= value < 2**31:
        raise ValueError(f"{value} cannot be stored as a zigzag varint")
    _put_uv(out, ((value << 1) ^ (value >> 31)) & 0xFFFFFFFF)


def _put_stroke(out: bytearray, stroke: dict) -> None:
    points = stroke["points"]
    if not points or points[0][3] != stroke["t"]:
        raise ValueError("a stroke needs at least one point, and its first point's t is the stroke's t")
    has_pressure = bool(stroke["pressure"])
    out += bytes((TOOLS.index(stroke["tool"]), stroke["colour"], stroke["size"], has_pressure))
    _put_uv(out, stroke["t"])
    _put_uv(out, len(points))
    x, y, p, t = points[0]
    _put_uv(out, x)
    _put_uv(out, y)
    if has_pressure:
        out.append(p)
    for next_x, next_y, next_p, next_t in points[1:]:
        _put_sv(out, next_x - x)
        _put_sv(out, next_y - y)
        if has_pressure:
            _put_sv(out, next_p - p)
        _put_uv(out, next_t - t)
        x, y, p, t = next_x, next_y, next_p, next_t


def encode(ops) -> bytes:
    """The ops as one `application/vnd.sofs-direct.ink` part."""
    out = bytearray(HEADER)
    out.append(VERSION)
    for op in ops:
        kind = op["op"]
        out.append(CODES[kind])
        if kind == "stroke":
            _put_stroke(out, op)
            continue
        if kind == "stamp":
            for value in (op["stamp"], op["x"], op["y"], op["size"]):
                _put_uv(out, value)
        elif kind == "fill":
            _put_uv(out, op["region"])
            out.append(op["colour"])
        _put_uv(out, op["t"])
    return bytes(out)


# --- decoding ------------------------------------------------------------------------------------

@dataclass
class _Block:
    """A stroke whose points after the first are still to be read: `count` points, `fields` varints
    each, starting at byte `start`, which is the `first`-th varint end of the part."""
    op: dict
    number: int
    count: int
    fields: int
    start: int
    first: int | None


class _Decoder:
    """One pass over the ops (`walk`), then every stroke's points at once (`decode_points`)."""

    def __init__(self, data: bytes, artwork, outline):
        self.data = data
        self.pos = len(HEADER) + 1
        self.number = 0  # the op being read, counted from 1 as a person would
        self.ops = []
        self.strokes = []  # _Block for each stroke
        self.total_points = 0
        self._varint_ends = None
        if outline is not None and artwork is None:
            artwork = load_artwork()
        self.colours = len(artwork["palette"]) if artwork else 256
        self.stamps = len(artwork["stamps"]) if artwork else None
        self.regions = len(artwork["outlines"][outline]["regions"]) if outline is not None else None

    # Reading the op headers, in Python.

    def byte(self) -> int:
        if self.pos >= len(self.data):
            raise self.cut_short()
        value = self.data[self.pos]
        self.pos += 1
        return value

    def uv(self) -> int:
        data, pos = self.data, self.pos
        if pos < len(data) and data[pos] < 0x80:  # most numbers are one byte
            self.pos = pos + 1
            return data[pos]
        value = 0
        for index in range(5):
            byte = self.byte()
            value |= (byte & 0x7F) << (7 * index)
            if byte < 0x80:
                if value >= VARINT_LIMIT:
                    raise self.number_too_big()
                return value
        raise self.overlong()

    def cut_short(self):
        return InkInvalid(_l("Op %(number)s is cut short: the drawing ends in the middle of it.", number=self.number))

    def overlong(self, number=None):
        return InkInvalid(_l("Op %(number)s has a number written in more than 5 bytes.",
                             number=number or self.number))

    def number_too_big(self, number=None):
        return InkInvalid(_l("Op %(number)s has a number of 2³² or more.", number=number or self.number))

    def walk(self) -> None:
        while self.pos < len(self.data):
            self.number += 1
            if self.number > MAX_OPS:
                raise InkInvalid(_l("Op %(number)s is one too many: a drawing has at most %(limit)s ops.",
                                    number=self.number, limit=f"{MAX_OPS:,}"))
            code = self.byte()
            kind = OP_NAMES.get(code)
            if kind is None:
                raise InkInvalid(_l("Op %(number)s has the unknown code %(code)s.", number=self.number, code=code))
            if kind == "stroke":
                op = self.stroke()
            elif kind == "stamp":
                op = self.stamp()
            elif kind == "fill":
                op = self.fill()
            else:
                op = {"op": kind, "t": self.uv()}
            self.ops.append(op)

    def stroke(self) -> dict:
        number = self.number
        header = self.data[self.pos:self.pos + 4]
        if len(header) < 4:
            raise self.cut_short()
        self.pos += 4
        tool, colour, size, has_pressure = header
        if tool >= len(TOOLS):
            raise InkInvalid(_l("Op %(number)s is a stroke with an unknown tool; only a pen (0) and an eraser "
                                "(1) exist.", number=number))
        if tool == 1 and colour != 0:
            raise InkInvalid(_l("Op %(number)s is an eraser stroke with a colour; an eraser's colour is 0.",
                                number=number))
        if colour >= self.colours:
            raise InkInvalid(_l("Op %(number)s is a stroke in colour %(colour)s, which is not in the palette.",
                                number=number, colour=colour))
        if size >= BRUSH_SIZES:
            raise InkInvalid(_l("Op %(number)s is a stroke with an unknown brush size; only 0, 1 and 2 exist.",
                                number=number))
        if has_pressure > 1:
            raise InkInvalid(_l("Op %(number)s is a stroke whose pressure flag is neither 0 nor 1.", number=number))
        t = self.uv()
        count = self.uv()
        if count < 1:
            raise InkInvalid(_l("Op %(number)s is a stroke with no points.", number=number))
        if count > MAX_STROKE_POINTS:
            raise InkInvalid(_l("Op %(number)s is a stroke of %(count)s points; a stroke has at most %(limit)s.",
                                number=number, count=f"{count:,}", limit=f"{MAX_STROKE_POINTS:,}"))
        self.total_points += count
        if self.total_points > MAX_POINTS:
            raise InkInvalid(_l("Op %(number)s takes the drawing past %(limit)s points.",
                                number=number, limit=f"{MAX_POINTS:,}"))
        x = self.uv()
        y = self.uv()
        p = self.byte() if has_pressure else 0
        op = {"op": "stroke", "tool": TOOLS[tool], "colour": colour, "size": size,
              "pressure": bool(has_pressure), "t": t, "points": [(x, y, p, t)]}
        # The next points: (count - 1) × (dx, dy, [dp], dt), all varints, skipped here by their ends
        # and read later by decode_points.
        fields = 4 if has_pressure else 3
        varints = (count - 1) * fields
        first = None
        start = self.pos
        if varints:
            ends = self.varint_ends()
            first = int(ends.searchsorted(start))
            if first + varints > len(ends):
                raise self.cut_short()
            self.pos = int(ends[first + varints - 1]) + 1
        self.strokes.append(_Block(op, number, count, fields, start, first))
        return op

    def stamp(self) -> dict:
        number = self.number
        stamp, x, y, size, t = self.uv(), self.uv(), self.uv(), self.uv(), self.uv()
        if self.stamps is not None and stamp >= self.stamps:
            raise InkInvalid(_l("Op %(number)s places stamp %(stamp)s, which does not exist.",
                                number=number, stamp=stamp))
        if not (x <= MAX_COORDINATE and y <= MAX_COORDINATE):
            raise InkInvalid(_l("Op %(number)s places a stamp outside the drawing.", number=number))
        if not STAMP_SIZES[0] <= size <= STAMP_SIZES[1]:
            raise InkInvalid(_l("Op %(number)s places a stamp of size %(size)s; a stamp's size is %(low)s to "
                                "%(high)s.", number=number, size=size, low=STAMP_SIZES[0], high=STAMP_SIZES[1]))
        return {"op": "stamp", "stamp": stamp, "x": x, "y": y, "size": size, "t": t}

    def fill(self) -> dict:
        number = self.number
        region, colour, t = self.uv(), self.byte(), self.uv()
        if self.regions is not None and region >= self.regions:
            raise InkInvalid(_l("Op %(number)s colours a part of the picture that the outline does not have.",
                                number=number))
        if colour >= self.colours:
            raise InkInvalid(_l("Op %(number)s colours a part of the picture in a colour that is not in the "
                                "palette.", number=number))
        return {"op": "fill", "region": region, "colour": colour, "t": t}

    def varint_ends(self) -> np.ndarray:
        if self._varint_ends is None:
            self._varint_ends = np.flatnonzero(np.frombuffer(self.data, dtype=np.uint8) < 0x80)
        return self._varint_ends

    # Every stroke's points at once, with numpy.

    def decode_points(self) -> None:
        if not self.strokes:
            return
        counts = np.array([block.count for block in self.strokes], dtype=np.int64)
        fields = np.array([block.fields for block in self.strokes], dtype=np.int64)
        numbers = [block.number for block in self.strokes]
        firsts = np.array([block.op["points"][0] for block in self.strokes], dtype=np.int64).reshape(-1, 4)
        seg_start = np.cumsum(counts) - counts  # where each stroke's points begin
        total = int(counts.sum())
        values, varint_error = self.block_values(counts, fields, numbers)
        row_fields = np.repeat(fields, counts - 1)  # one row per point after a stroke's first
        row_start = np.cumsum(row_fields) - row_fields
        not_first = np.ones(total, dtype=bool)
        not_first[seg_start] = False

        def unzigzag(value):
            return (value >> 1) ^ -(value & 1)

        def running(first_values, deltas):
            """Each stroke's absolute values: its first value, then the running sum of its deltas."""
            whole = np.empty(total, dtype=np.int64)
            whole[seg_start] = first_values
            whole[not_first] = deltas
            sums = np.cumsum(whole)
            return sums - np.repeat(sums[seg_start] - whole[seg_start], counts)

        xs = running(firsts[:, 0], unzigzag(values[row_start]))
        ys = running(firsts[:, 1], unzigzag(values[row_start + 1]))
        # Field 2 is dp in a stroke with pressure, dt in one without (then unused).
        ps = running(firsts[:, 2], np.where(row_fields == 4, unzigzag(values[row_start + 2]), 0))
        ts = running(firsts[:, 3], values[row_start + row_fields - 1])

        errors = [varint_error] if varint_error else []  # (op number, reason): the earliest is raised
        outside = (xs < 0) | (xs > MAX_COORDINATE) | (ys < 0) | (ys > MAX_COORDINATE)
        if outside.any():
            index = int(np.argmax(outside))
            stroke = int(np.searchsorted(seg_start, index, side="right")) - 1
            errors.append((numbers[stroke], _l(
                "Op %(number)s: point %(point)s of the stroke is outside the drawing (x %(x)s, y %(y)s; both "
                "must be 0 to %(limit)s).", number=numbers[stroke], point=index - int(seg_start[stroke]) + 1,
                x=int(xs[index]), y=int(ys[index]), limit=MAX_COORDINATE)))
        bad_pressure = (ps < 0) | (ps > MAX_PRESSURE)
        if bad_pressure.any():
            index = int(np.argmax(bad_pressure))
            stroke = int(np.searchsorted(seg_start, index, side="right")) - 1
            errors.append((numbers[stroke], _l(
                "Op %(number)s: point %(point)s of the stroke has a pressure outside 0 to 255.",
                number=numbers[stroke], point=index - int(seg_start[stroke]) + 1)))
        if errors:
            raise InkInvalid(min(errors, key=lambda error: error[0])[1])

        points = list(zip(xs.tolist(), ys.tolist(), ps.tolist(), ts.tolist()))
        for block, start in zip(self.strokes, seg_start.tolist()):
            block.op["points"] = points[start:start + block.count]

    def block_values(self, counts, fields, numbers):
        """The value of every varint in every stroke's point block, in order, and the first bad
        varint's (op number, reason), if any."""
        varints = (counts - 1) * fields
        total = int(varints.sum())
        if not total:
            return np.zeros(0, dtype=np.int64), None
        data = np.frombuffer(self.data, dtype=np.uint8)
        ends = self.varint_ends()
        blocks = [block for block in self.strokes if block.first is not None]
        lengths = varints[varints > 0]
        offsets = np.cumsum(lengths) - lengths  # where each block begins among the selected varints
        firsts = np.array([block.first for block in blocks], dtype=np.int64)
        selected = np.repeat(firsts - offsets, lengths) + np.arange(total)
        stops = ends[selected]
        starts = ends[selected - 1] + 1  # the header ends in a byte < 0x80, so selected ≥ 1
        starts[offsets] = [block.start for block in blocks]
        sizes = stops - starts + 1
        values = np.zeros(total, dtype=np.int64)
        for index in range(5):
            byte = data[np.minimum(starts + index, len(data) - 1)].astype(np.int64) & 0x7F
            values += np.where(index < sizes, byte << (7 * index), 0)
        wrong = (sizes > 5) | (values >= VARINT_LIMIT)
        if not wrong.any():
            return values, None
        index = int(np.argmax(wrong))
        number = blocks[int(np.searchsorted(offsets, index, side="right")) - 1].number
        error = self.overlong(number) if sizes[index] > 5 else self.number_too_big(number)
        return values, (number, error.reason)


def decode(data: bytes, artwork: dict | None = None, outline: str | None = None, *,
           within_budget: bool = True) -> list[dict]:
    """The ops of one ink part, or InkInvalid. Palette, stamp and region indexes are checked against
    `artwork` (artwork.json's content) and the regions of its outline `outline`, when given.

    A drawing that is well formed but over the drawing budget raises TooDetailed, unless
    `within_budget` is False: only for the renderer, which draws a placeholder for it instead."""
    if len(data) > MAX_BYTES:
        raise InkInvalid(_l("The drawing is %(size)s bytes; a drawing is at most 4 MiB.", size=f"{len(data):,}"))
    if len(data) < len(HEADER) + 1 or data[:len(HEADER)] != HEADER:
        raise InkInvalid(_l("This is not a drawing: it does not start with the ink header."))
    if data[len(HEADER)] != VERSION:
        raise InkInvalid(_l("The drawing is in ink format version %(version)s; only version 1 can be read.",
                            version=data[len(HEADER)]))
    decoder = _Decoder(bytes(data), artwork, outline)
    try:
        decoder.walk()
    except InkInvalid:
        # The points of earlier strokes were only skipped over: if one of them is wrong, that is
        # the first thing wrong in the drawing, and the one to name.
        decoder.decode_points()
        raise
    decoder.decode_points()
    if within_budget:
        check_budget(decoder.ops, artwork, outline)
    return decoder.ops


# --- folding the log into the picture ------------------------------------------------------------

def _apply(op: dict, done: list, undone: list) -> None:
    """One step of docs/ink.md's fold."""
    kind = op["op"]
    if kind in MARKS:
        done.append(op)
        undone.clear()
    elif kind == "undo":
        if done:
            undone.append(done.pop())
    elif kind == "redo" and undone:
        done.append(undone.pop())


def _after_last_clear(done: list) -> list:
    for index in range(len(done) - 1, -1, -1):
        if done[index]["op"] == "clear":
            return done[index + 1:]
    return list(done)


def fold(ops) -> list[dict]:
    """The visible ops: strokes, stamps and fills, bottom to top."""
    done, undone = [], []
    for op in ops:
        _apply(op, done, undone)
    return _after_last_clear(done)


def point_count(ops) -> int:
    return sum(len(op["points"]) for op in ops if op["op"] == "stroke")


# --- the shape of a stroke (docs/ink.md, "Stroke shape") ------------------------------------------

def stroke_options(stroke: dict, artwork: dict) -> dict:
    """perfect-freehand's options for a stroke, exactly as docs/ink.md gives them."""
    return {"size": brush_size(stroke, artwork), "thinning": 0.6, "smoothing": 0.5, "streamline": 0.5,
            "simulatePressure": not stroke["pressure"], "last": True,
            "start": {"cap": True, "taper": 0}, "end": {"cap": True, "taper": 0}}


def brush_size(stroke: dict, artwork: dict) -> float:
    """perfect-freehand's `size` for the stroke's brush, in logical units."""
    brush = artwork["brush"]
    return (brush["eraser_sizes"] if stroke["tool"] == "eraser" else brush["sizes"])[stroke["size"]]


def stroke_outline(stroke: dict, artwork: dict) -> list[tuple]:
    """The stroke's polygon in logical units."""
    if stroke["pressure"]:
        points = [(x / QUARTER, y / QUARTER, p / 255) for x, y, p, _ in stroke["points"]]
    else:
        points = [(x / QUARTER, y / QUARTER) for x, y, _, _ in stroke["points"]]
    return freehand.get_stroke(points, stroke_options(stroke, artwork))


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
    return {"each": 1, "point": len(stroke["points"]), "outline_point": outline_points, "row": rows,
            "megapixel": (length + width) * width / 1e6}


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
    rows = ((ceiling["length_factor"] * path_length(stroke["points"]) / QUARTER
             + radius * (ceiling["rows_a_point"] * count + ceiling["rows_a_stroke"])) * scale + outline_points)
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
    return [{"each": 1, "megapixel": region_area(regions[region]["points"]) * scale * scale / 1e6}
            for region in sorted({op["region"] for op in visible if op["op"] == "fill"})]


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


def estimate(ops, outline_name: str | None = None, artwork: dict | None = None, budget: dict | None = None,
             stop_when_over: bool = False) -> Estimate:
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
