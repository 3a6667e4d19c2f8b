"""A child's drawing: the binary ink format ("SINK" version 1), its encoder, and the fold of its log
of ops into the picture, exactly as docs/ink.md says (that page is the contract with static/js/ink/).

A drawing is an append-only log of ops, each a plain dict shared in shape with the JavaScript side:

    {"op": "stroke", "tool": "pen" | "eraser", "colour": 3, "size": 1, "pressure": True, "t": 0,
     "points": [(x, y, p, t), ...]}        # quarter units 0…4000, pressure 0…255, absolute ms
    {"op": "stamp", "stamp": 4, "x": 2000, "y": 1000, "size": 400, "t": 900}
    {"op": "fill", "region": 0, "colour": 5, "t": 1200}
    {"op": "undo" | "redo" | "clear", "t": 1500}

Main decision: one description of the format for the whole server — its limits, its op codes, the
artwork (static/ink/artwork.json, the file the tablet reads too) and the refusals (InkInvalid,
TooDetailed) live here; reading a part is ink_decode.py (which refuses, never repairs), and the
drawing budget drawing_budget.py. The picture is the log folded (`fold`), each stroke the outline
perfect-freehand makes of its points (freehand.py), as the tablet draws it.
"""

import json
from functools import cache

from babel.support import LazyProxy
from flask import has_app_context

from ..platform import PROJECT_ROOT
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
            return done[index + 1 :]
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
    return {
        "size": brush_size(stroke, artwork),
        "thinning": 0.6,
        "smoothing": 0.5,
        "streamline": 0.5,
        "simulatePressure": not stroke["pressure"],
        "last": True,
        "start": {"cap": True, "taper": 0},
        "end": {"cap": True, "taper": 0},
    }


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
