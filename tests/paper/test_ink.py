"""The ink format of docs/ink.md: what the tablet sends comes back op for op, anything outside the
contract is refused with a sentence naming the op, and the log folds into the picture the child saw."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sofs_direct.paper import ink
from sofs_direct.paper.ink import InkInvalid, encode, fold, point_count
from sofs_direct.paper.ink_decode import decode
from tests.strategies import examples

ARTWORK = ink.load_artwork()
HOUSE_REGIONS = len(ARTWORK["outlines"]["house"]["regions"])


# --- building drawings ---------------------------------------------------------------------------


@st.composite
def strokes(draw, t=0):
    pressure = draw(st.booleans())
    eraser = draw(st.booleans())
    count = draw(st.integers(1, 40))
    points = []
    for _ in range(count):
        points.append(
            (draw(st.integers(0, 4000)), draw(st.integers(0, 4000)), draw(st.integers(0, 255)) if pressure else 0, t)
        )
        t += draw(st.integers(0, 70_000))
    return {
        "op": "stroke",
        "tool": "eraser" if eraser else "pen",
        "colour": 0 if eraser else draw(st.integers(0, len(ARTWORK["palette"]) - 1)),
        "size": draw(st.integers(0, 2)),
        "pressure": pressure,
        "t": points[0][3],
        "points": points,
    }


@st.composite
def drawings(draw):
    ops = []
    t = 0
    for _ in range(draw(st.integers(0, 25))):
        t += draw(st.integers(0, 100_000_000))  # t stays a uv: 25 ops × 10⁸ < 2³²
        kind = draw(st.sampled_from(["stroke", "stroke", "stamp", "fill", "undo", "redo", "clear"]))
        if kind == "stroke":
            op = draw(strokes(t))
        elif kind == "stamp":
            op = {
                "op": "stamp",
                "stamp": draw(st.integers(0, len(ARTWORK["stamps"]) - 1)),
                "x": draw(st.integers(0, 4000)),
                "y": draw(st.integers(0, 4000)),
                "size": draw(st.integers(200, 2000)),
                "t": t,
            }
        elif kind == "fill":
            op = {
                "op": "fill",
                "region": draw(st.integers(0, HOUSE_REGIONS - 1)),
                "colour": draw(st.integers(0, len(ARTWORK["palette"]) - 1)),
                "t": t,
            }
        else:
            op = {"op": kind, "t": t}
        ops.append(op)
    return ops


def stroke(points, t=0, pressure=False, tool="pen", colour=0, size=1):
    return {
        "op": "stroke",
        "tool": tool,
        "colour": colour,
        "size": size,
        "pressure": pressure,
        "t": t,
        "points": [(x, y, p, t + i * 16) for i, (x, y, p) in enumerate(points)],
    }


def refused(data, **context) -> str:
    with pytest.raises(InkInvalid) as caught:
        decode(data, **context)
    return str(caught.value)


def uv(value: int) -> bytes:
    out = bytearray()
    ink._put_uv(out, value)
    return bytes(out)


HEADER = b"SINK\x01"
UNDO = b"\x04\x00"


# --- round trip ----------------------------------------------------------------------------------


@settings(max_examples=examples(100, 1000), deadline=None)
@given(drawings())
def test_every_valid_drawing_comes_back_op_for_op(ops):
    # Valid as to the format: some of these drawings are over the drawing budget (test_ink_budget.py).
    assert decode(encode(ops), ARTWORK, "house", within_budget=False) == ops


@settings(max_examples=examples(70, 700), deadline=None)
@given(drawings(), st.data())
def test_a_drawing_cut_anywhere_is_refused_or_is_whole_ops(ops, data):
    encoded = encode(ops)
    cut = data.draw(st.integers(0, len(encoded)))
    try:
        decoded = decode(encoded[:cut])
    except InkInvalid as error:
        assert str(error)  # a sentence, never a crash
    else:
        assert decoded == ops[: len(decoded)]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_garbage_is_refused_with_a_sentence_never_a_crash(garbage):
    try:
        decode(HEADER + garbage, ARTWORK, "house")
    except InkInvalid as error:
        assert str(error)


@settings(max_examples=examples(100, 1000), deadline=None)
@given(drawings(), st.data())
def test_a_drawing_with_a_byte_changed_is_refused_or_still_whole_ops(ops, data):
    encoded = bytearray(encode(ops))
    where = data.draw(st.integers(0, len(encoded) - 1))
    encoded[where] = data.draw(st.integers(0, 255))
    try:
        decoded = decode(bytes(encoded), ARTWORK, "house")
    except InkInvalid as error:
        assert str(error)
    else:
        assert all(op["op"] in ink.CODES for op in decoded)


def test_the_largest_drawing_the_format_allows_decodes():
    # The format's limits only: a drawing of 20,000 strokes criss-crossing the page is far over the
    # drawing budget (tests/paper/test_ink_budget.py), which is checked after decoding.
    rng = random.Random(4)
    ops = [stroke([(rng.randrange(4001), rng.randrange(4001), 0) for _ in range(10)], t=i) for i in range(20_000)]
    assert point_count(ops) == 200_000
    assert decode(encode(ops), within_budget=False) == ops


def test_an_empty_drawing_is_just_the_header():
    assert encode([]) == HEADER
    assert decode(HEADER) == []


# --- refusals ------------------------------------------------------------------------------------


def test_the_header_must_be_there():
    for data in (b"", b"SIN", b"SINK", b"PNG\x89\x01\x04\x00", b"sink\x01"):
        assert "does not start with the ink header" in refused(data)
    assert "version 2" in refused(b"SINK\x02")


def sv(value: int) -> bytes:
    out = bytearray()
    ink._put_sv(out, value)
    return bytes(out)


def raw_stroke(x, y, deltas, p=None):
    """A pen stroke's bytes written by hand: first point (x, y[, p]), then (dx, dy[, dp]) steps."""
    out = bytes((1, 0, 0, 0, p is not None)) + uv(0) + uv(len(deltas) + 1) + uv(x) + uv(y)
    out += bytes((p,)) if p is not None else b""
    for delta in deltas:
        out += b"".join(sv(d) for d in delta) + uv(16)
    return out


def test_a_huge_coordinate_is_refused_naming_the_op_and_point():
    good = raw_stroke(10, 10, [(1, 1)] * 5)
    assert (
        refused(HEADER + good + UNDO + raw_stroke(100, 100, [(0, 0), (4000, 0), (0, 0)]))
        == "Op 3: point 3 of the stroke is outside the drawing (x 4100, y 100; both must be 0 to 4000)."
    )
    assert refused(HEADER + raw_stroke(4001, 0, [])).startswith("Op 1: point 1 of the stroke is outside")
    assert refused(HEADER + raw_stroke(1, 0, [(-2, 0)])).startswith("Op 1: point 2 of the stroke is outside")
    assert refused(HEADER + raw_stroke(0, 0, [(0, 2**31 - 1)])).startswith("Op 1: point 2")
    assert decode(HEADER + raw_stroke(0, 4000, [(4000, -4000), (-4000, 0)]))[0]["points"] == [
        (0, 4000, 0, 0),
        (4000, 0, 0, 16),
        (0, 0, 0, 32),
    ]


def test_pressure_outside_a_byte_is_refused():
    assert (
        refused(HEADER + raw_stroke(5, 5, [(0, 0, 5), (0, 0, 1)], p=250))
        == "Op 1: point 3 of the stroke has a pressure outside 0 to 255."
    )
    assert refused(HEADER + raw_stroke(5, 5, [(0, 0, -1)], p=0)).startswith("Op 1: point 2")


def test_millions_of_points_are_refused_before_any_are_read():
    claim = HEADER + b"\x01\x00\x00\x00\x00" + uv(0) + uv(5_000_000) + uv(0) + uv(0)
    assert refused(claim) == "Op 1 is a stroke of 5,000,000 points; a stroke has at most 20,000."
    still = b"\x01\x00\x00\x00\x00" + uv(0) + uv(20_000) + uv(0) + uv(0) + b"\x00\x00\x00" * 19_999
    message = refused(HEADER + still * 11)  # 220,000 points, each stroke allowed on its own
    assert message == "Op 11 takes the drawing past 200,000 points."
    assert refused(HEADER + b"\x01\x00\x00\x00\x00" + uv(0) + uv(0)) == "Op 1 is a stroke with no points."


def test_an_unknown_op_is_refused():
    assert refused(HEADER + UNDO + b"\x07\x00") == "Op 2 has the unknown code 7."
    assert refused(HEADER + b"\x00") == "Op 1 has the unknown code 0."


def test_a_truncated_drawing_is_refused_naming_the_op_cut_short():
    data = encode([stroke([(10, 10, 0)]), stroke([(100, 100, 0), (110, 110, 0), (120, 130, 0)])])
    assert refused(data[:-1]) == "Op 2 is cut short: the drawing ends in the middle of it."
    assert refused(data + b"\x02" + uv(1)) == "Op 3 is cut short: the drawing ends in the middle of it."
    assert refused(HEADER + b"\x04\x80") == "Op 1 is cut short: the drawing ends in the middle of it."


def test_an_overlong_or_too_big_number_is_refused():
    assert refused(HEADER + b"\x04" + b"\x80" * 5 + b"\x00") == "Op 1 has a number written in more than 5 bytes."
    assert refused(HEADER + b"\x04\xff\xff\xff\xff\x10") == "Op 1 has a number of 2³² or more."
    assert decode(HEADER + b"\x04\xff\xff\xff\xff\x0f") == [{"op": "undo", "t": 2**32 - 1}]
    # Inside a stroke's points too, naming that stroke.
    points = HEADER + UNDO + b"\x01\x00\x00\x00\x00" + uv(0) + uv(2) + uv(0) + uv(0)
    assert refused(points + b"\x80" * 6 + b"\x00" + uv(0) + uv(0)) == "Op 2 has a number written in more than 5 bytes."
    assert refused(points + b"\x82\x80\x80\x80\x10" + uv(0) + uv(0)) == "Op 2 has a number of 2³² or more."


def test_bytes_after_the_last_op_are_refused():
    data = encode([stroke([(10, 10, 0), (12, 12, 0)])])
    assert refused(data + b"\x04") == "Op 2 is cut short: the drawing ends in the middle of it."
    assert refused(data + b"\xff\xff") == "Op 2 has the unknown code 255."


def test_a_part_over_4_mib_is_refused_unread():
    assert "at most 4 MiB" in refused(HEADER + UNDO * (2 * 1024 * 1024))


def test_at_most_20000_ops():
    assert len(decode(HEADER + UNDO * 20_000)) == 20_000
    assert refused(HEADER + UNDO * 20_001) == "Op 20001 is one too many: a drawing has at most 20,000 ops."


def test_fields_out_of_their_ranges_are_refused():
    context = {"artwork": ARTWORK, "outline": "house"}

    def stroke_bytes(tool=0, colour=0, size=0, pressure=0):
        return (
            HEADER
            + UNDO
            + bytes((1, tool, colour, size, pressure))
            + uv(0)
            + uv(1)
            + uv(0)
            + uv(0)
            + (b"\x00" if pressure == 1 else b"")
        )

    assert "unknown tool" in refused(stroke_bytes(tool=2))
    assert refused(stroke_bytes(colour=12), **context) == "Op 2 is a stroke in colour 12, which is not in the palette."
    assert decode(stroke_bytes(colour=12))  # without the artwork only the byte's own range is known
    assert refused(stroke_bytes(tool=1, colour=3)) == "Op 2 is an eraser stroke with a colour; an eraser's colour is 0."
    assert "unknown brush size" in refused(stroke_bytes(size=3))
    assert "pressure flag" in refused(stroke_bytes(pressure=2))

    def stamp(index=0, x=0, y=0, size=200):
        return HEADER + b"\x02" + uv(index) + uv(x) + uv(y) + uv(size) + uv(0)

    assert (
        refused(stamp(index=len(ARTWORK["stamps"])), **context)
        == f"Op 1 places stamp {len(ARTWORK['stamps'])}, which does not exist."
    )
    assert refused(stamp(y=4001)) == "Op 1 places a stamp outside the drawing."
    assert refused(stamp(size=199)) == "Op 1 places a stamp of size 199; a stamp's size is 200 to 2000."
    assert refused(stamp(size=2001)).startswith("Op 1 places a stamp of size 2001")
    assert decode(stamp(x=4000, y=4000, size=2000), **context)

    def fill(region=0, colour=0):
        return HEADER + b"\x03" + uv(region) + bytes((colour,)) + uv(0)

    assert (
        refused(fill(region=HOUSE_REGIONS), **context)
        == "Op 1 colours a part of the picture that the outline does not have."
    )
    assert decode(fill(region=HOUSE_REGIONS - 1), **context)
    assert "not in the palette" in refused(fill(colour=len(ARTWORK["palette"])), **context)


def test_the_first_wrong_op_is_the_one_named():
    # Op 2's points leave the drawing; op 3 is unknown. Op 2 is named, though op 3 is met first
    # (points are checked after all the ops are walked).
    outside = raw_stroke(4000, 0, [(1, 0)])
    assert refused(HEADER + UNDO + outside + b"\x09").startswith("Op 2: point 2")
    overlong = b"\x01\x00\x00\x00\x00" + uv(0) + uv(2) + uv(0) + uv(0) + b"\x80" * 7 + b"\x00" + uv(0) + uv(0)
    assert refused(HEADER + UNDO + overlong + outside) == "Op 2 has a number written in more than 5 bytes."


def test_the_reason_is_translated_in_the_app(app):
    with app.test_request_context(headers={"Accept-Language": "cy"}):
        with pytest.raises(InkInvalid) as caught:
            decode(HEADER + b"\x07")
        assert "7" in str(caught.value)


# --- size ----------------------------------------------------------------------------------------


def synthetic_drawing(seed, pressure, hz, speed_range, strokes=60, points=80):
    """Strokes as a tablet samples them: a hand moving at speed_range surface-widths a second,
    sampled hz times a second, turning smoothly."""
    import math

    rng = random.Random(seed)
    ops = []
    t = 0
    for _ in range(strokes):
        x, y = rng.uniform(500, 3500), rng.uniform(500, 3500)
        heading = rng.uniform(0, 2 * math.pi)
        speed = rng.uniform(*speed_range) * 4000  # quarter units a second
        p = rng.uniform(80, 200)
        t += rng.randint(300, 2000)
        stroke_points = []
        for _ in range(points):
            stroke_points.append((round(x), round(y), round(p) if pressure else 0, t))
            heading += rng.gauss(0, 0.15)
            x = min(4000, max(0, x + speed / hz * math.cos(heading)))
            y = min(4000, max(0, y + speed / hz * math.sin(heading)))
            p = min(255, max(0, p + rng.gauss(0, 3)))
            t += round(1000 / hz + rng.gauss(0, 1))
        ops.append(
            {
                "op": "stroke",
                "tool": "pen",
                "colour": 1,
                "size": 1,
                "pressure": pressure,
                "t": stroke_points[0][3],
                "points": stroke_points,
            }
        )
    return ops


@pytest.mark.parametrize("kind, pressure, hz", [("finger", False, 60), ("pen", True, 120)])
def test_a_realistic_drawing_costs_at_most_5_bytes_a_point(kind, pressure, hz):
    ops = synthetic_drawing(7, pressure, hz, speed_range=(0.2, 0.6))
    per_point = len(encode(ops)) / point_count(ops)
    print(f"{kind}: {per_point:.2f} bytes a point")
    assert per_point <= 5


# --- folding -------------------------------------------------------------------------------------


def marks(count):
    return [stroke([(i, i, 0)], t=i) for i in range(count)]


def test_undo_hides_the_last_mark_and_redo_brings_it_back():
    a, b, c = marks(3)
    undo, redo = {"op": "undo", "t": 99}, {"op": "redo", "t": 99}
    assert fold([a, b, c]) == [a, b, c]
    assert fold([a, b, c, undo]) == [a, b]
    assert fold([a, b, c, undo, undo]) == [a]
    assert fold([a, b, c, undo, undo, redo]) == [a, b]
    assert fold([a, b, c, undo, undo, redo, redo]) == [a, b, c]
    assert fold([a, b, c, undo, undo, redo, redo, redo]) == [a, b, c]  # nothing more to redo
    assert fold([a, undo, undo, undo]) == []  # nothing more to undo
    assert fold([undo, redo, a]) == [a]


def test_a_new_mark_after_undo_ends_the_redo():
    a, b, c = marks(3)
    undo, redo = {"op": "undo", "t": 99}, {"op": "redo", "t": 99}
    assert fold([a, b, undo, c, redo]) == [a, c]
    stamp = {"op": "stamp", "stamp": 0, "x": 1, "y": 1, "size": 200, "t": 5}
    fill = {"op": "fill", "region": 0, "colour": 3, "t": 6}
    assert fold([a, undo, stamp, redo]) == [stamp]
    assert fold([a, undo, fill, redo, undo]) == []


def test_clear_hides_everything_before_it_and_can_be_undone():
    a, b, c = marks(3)
    clear, undo, redo = {"op": "clear", "t": 50}, {"op": "undo", "t": 99}, {"op": "redo", "t": 99}
    assert fold([a, b, clear]) == []
    assert fold([a, b, clear, c]) == [c]
    assert fold([a, b, clear, undo]) == [a, b]
    assert fold([a, b, clear, undo, redo]) == []
    assert fold([a, clear, b, clear, c, undo, undo]) == [b]
    assert fold([a, clear, b, clear, c, undo, undo, undo]) == []  # b undone; the first clear still hides a
    assert fold([a, clear, b, clear, c, undo, undo, undo, undo]) == [a]
    assert fold([a, clear, undo, b]) == [a, b]
