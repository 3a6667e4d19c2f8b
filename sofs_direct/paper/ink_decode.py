"""Reading a child's drawing: `decode`, the one way a drawing's bytes become ops on the server, with
every limit of docs/ink.md checked on the way.

Main decision: the decoder refuses, it never repairs. Anything outside docs/ink.md's limits raises
InkInvalid with a sentence naming the op, and nothing is returned, so nothing half-decoded can be
stored. To stay fast on the largest drawing allowed (200,000 points), ops are walked in Python but
the points — almost all of the bytes — are decoded together with numpy: inside a stroke's point
block every byte belongs to a varint, so the varints end exactly at the bytes below 0x80, and one
pass over the whole part finds them all.

`decode` also refuses a drawing over the drawing budget (TooDetailed, drawing_budget.py), so every
kind that reads a drawing at ingest refuses it; the renderer (raster.py) decodes with
`within_budget=False` and draws a placeholder instead, for a drawing stored before there was a
budget.
"""

from dataclasses import dataclass

import numpy as np

from ..platform.i18n import _l
from .drawing_budget import check_budget
from .ink import (
    BRUSH_SIZES,
    HEADER,
    MAX_BYTES,
    MAX_COORDINATE,
    MAX_OPS,
    MAX_POINTS,
    MAX_PRESSURE,
    MAX_STROKE_POINTS,
    OP_NAMES,
    STAMP_SIZES,
    TOOLS,
    VARINT_LIMIT,
    VERSION,
    InkInvalid,
    load_artwork,
)

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
        return InkInvalid(_l("Op %(number)s has a number written in more than 5 bytes.", number=number or self.number))

    def number_too_big(self, number=None):
        return InkInvalid(_l("Op %(number)s has a number of 2³² or more.", number=number or self.number))

    def walk(self) -> None:
        while self.pos < len(self.data):
            self.number += 1
            if self.number > MAX_OPS:
                raise InkInvalid(
                    _l(
                        "Op %(number)s is one too many: a drawing has at most %(limit)s ops.",
                        number=self.number,
                        limit=f"{MAX_OPS:,}",
                    )
                )
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
        header = self.data[self.pos : self.pos + 4]
        if len(header) < 4:
            raise self.cut_short()
        self.pos += 4
        tool, colour, size, has_pressure = header
        if tool >= len(TOOLS):
            raise InkInvalid(
                _l(
                    "Op %(number)s is a stroke with an unknown tool; only a pen (0) and an eraser (1) exist.",
                    number=number,
                )
            )
        if tool == 1 and colour != 0:
            raise InkInvalid(
                _l("Op %(number)s is an eraser stroke with a colour; an eraser's colour is 0.", number=number)
            )
        if colour >= self.colours:
            raise InkInvalid(
                _l(
                    "Op %(number)s is a stroke in colour %(colour)s, which is not in the palette.",
                    number=number,
                    colour=colour,
                )
            )
        if size >= BRUSH_SIZES:
            raise InkInvalid(
                _l("Op %(number)s is a stroke with an unknown brush size; only 0, 1 and 2 exist.", number=number)
            )
        if has_pressure > 1:
            raise InkInvalid(_l("Op %(number)s is a stroke whose pressure flag is neither 0 nor 1.", number=number))
        t = self.uv()
        count = self.uv()
        if count < 1:
            raise InkInvalid(_l("Op %(number)s is a stroke with no points.", number=number))
        if count > MAX_STROKE_POINTS:
            raise InkInvalid(
                _l(
                    "Op %(number)s is a stroke of %(count)s points; a stroke has at most %(limit)s.",
                    number=number,
                    count=f"{count:,}",
                    limit=f"{MAX_STROKE_POINTS:,}",
                )
            )
        self.total_points += count
        if self.total_points > MAX_POINTS:
            raise InkInvalid(
                _l("Op %(number)s takes the drawing past %(limit)s points.", number=number, limit=f"{MAX_POINTS:,}")
            )
        x = self.uv()
        y = self.uv()
        p = self.byte() if has_pressure else 0
        op = {
            "op": "stroke",
            "tool": TOOLS[tool],
            "colour": colour,
            "size": size,
            "pressure": bool(has_pressure),
            "t": t,
            "points": [(x, y, p, t)],
        }
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
            raise InkInvalid(
                _l("Op %(number)s places stamp %(stamp)s, which does not exist.", number=number, stamp=stamp)
            )
        if not (x <= MAX_COORDINATE and y <= MAX_COORDINATE):
            raise InkInvalid(_l("Op %(number)s places a stamp outside the drawing.", number=number))
        if not STAMP_SIZES[0] <= size <= STAMP_SIZES[1]:
            raise InkInvalid(
                _l(
                    "Op %(number)s places a stamp of size %(size)s; a stamp's size is %(low)s to %(high)s.",
                    number=number,
                    size=size,
                    low=STAMP_SIZES[0],
                    high=STAMP_SIZES[1],
                )
            )
        return {"op": "stamp", "stamp": stamp, "x": x, "y": y, "size": size, "t": t}

    def fill(self) -> dict:
        number = self.number
        region, colour, t = self.uv(), self.byte(), self.uv()
        if self.regions is not None and region >= self.regions:
            raise InkInvalid(
                _l("Op %(number)s colours a part of the picture that the outline does not have.", number=number)
            )
        if colour >= self.colours:
            raise InkInvalid(
                _l("Op %(number)s colours a part of the picture in a colour that is not in the palette.", number=number)
            )
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
            errors.append(
                (
                    numbers[stroke],
                    _l(
                        "Op %(number)s: point %(point)s of the stroke is outside the drawing (x %(x)s, y %(y)s; both "
                        "must be 0 to %(limit)s).",
                        number=numbers[stroke],
                        point=index - int(seg_start[stroke]) + 1,
                        x=int(xs[index]),
                        y=int(ys[index]),
                        limit=MAX_COORDINATE,
                    ),
                )
            )
        bad_pressure = (ps < 0) | (ps > MAX_PRESSURE)
        if bad_pressure.any():
            index = int(np.argmax(bad_pressure))
            stroke = int(np.searchsorted(seg_start, index, side="right")) - 1
            errors.append(
                (
                    numbers[stroke],
                    _l(
                        "Op %(number)s: point %(point)s of the stroke has a pressure outside 0 to 255.",
                        number=numbers[stroke],
                        point=index - int(seg_start[stroke]) + 1,
                    ),
                )
            )
        if errors:
            raise InkInvalid(min(errors, key=lambda error: error[0])[1])

        points = list(zip(xs.tolist(), ys.tolist(), ps.tolist(), ts.tolist()))
        for block, start in zip(self.strokes, seg_start.tolist()):
            block.op["points"] = points[start : start + block.count]

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


def decode(
    data: bytes, artwork: dict | None = None, outline: str | None = None, *, within_budget: bool = True
) -> list[dict]:
    """The ops of one ink part, or InkInvalid. Palette, stamp and region indexes are checked against
    `artwork` (artwork.json's content) and the regions of its outline `outline`, when given.

    A drawing that is well formed but over the drawing budget raises TooDetailed, unless
    `within_budget` is False: only for the renderer, which draws a placeholder for it instead."""
    if len(data) > MAX_BYTES:
        raise InkInvalid(_l("The drawing is %(size)s bytes; a drawing is at most 4 MiB.", size=f"{len(data):,}"))
    if len(data) < len(HEADER) + 1 or data[: len(HEADER)] != HEADER:
        raise InkInvalid(_l("This is not a drawing: it does not start with the ink header."))
    if data[len(HEADER)] != VERSION:
        raise InkInvalid(
            _l(
                "The drawing is in ink format version %(version)s; only version 1 can be read.",
                version=data[len(HEADER)],
            )
        )
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
