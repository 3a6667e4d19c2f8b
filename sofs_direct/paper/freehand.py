"""The outline of a stroke: a Python port of perfect-freehand 1.2.3, so the server draws the child's
ink exactly as the tablet did.

Main decision: a port operation for operation, in the library's own order, not a re-derivation.
The tablet fills the polygon that `getStroke` returns; the server fills the polygon this module
returns; the two only match if every floating-point operation happens in the same order. So the
functions below keep the library's structure and names (in snake case), and `Math.hypot` is ported
too: V8 computes it by scaling to the largest argument, which differs from Python's `math.hypot`
in the last bit for about a third of inputs (measured against node). Only `Math.sin`/`Math.cos`
remain the platform's (both are within one ulp of exact). tests/paper/test_freehand.py runs the vendored
JavaScript in Chromium on hundreds of strokes and compares: today the outlines are bit-identical.

Options are the library's own option object, with its JavaScript names (`simulatePressure`,
`start: {"cap", "taper", "easing"}`, ...), so one dict describes a stroke on both sides.

perfect-freehand 1.2.3, https://github.com/steveruizok/perfect-freehand
MIT License, Copyright (c) 2021 Stephen Ruiz Ltd (full text in
static/vendor/perfect-freehand/LICENSE). Ported from its TypeScript sources (src/*.ts, as shipped in
the package's source map).
"""

import math
from dataclasses import dataclass

# src/constants.ts
RATE_OF_PRESSURE_CHANGE = 0.275
FIXED_PI = math.pi + 0.0001  # the library's "fix for browser rendering artifacts"
START_CAP_SEGMENTS = 13
END_CAP_SEGMENTS = 29
CORNER_CAP_SEGMENTS = 13
END_NOISE_THRESHOLD = 3
MIN_STREAMLINE_T = 0.15
STREAMLINE_T_RANGE = 0.85
MIN_RADIUS = 0.01
DEFAULT_FIRST_PRESSURE = 0.25
DEFAULT_PRESSURE = 0.5


@dataclass(slots=True)
class StrokePoint:
    point: tuple
    pressure: float
    vector: tuple
    distance: float
    running_length: float


def js_hypot(a: float, b: float) -> float:
    """V8's Math.hypot for two numbers (src/builtins/math.tq), bit-identical to Chromium's, unlike
    math.hypot. V8 divides each by the largest and Kahan-sums the squares; with two numbers the
    compensation is always 0 when it is used, so that is exactly this."""
    a = abs(a)
    b = abs(b)
    largest = b if b > a else a
    if largest == 0:
        return 0.0
    x = a / largest
    y = b / largest
    return math.sqrt(x * x + y * y) * largest


def _turns(first: float, step: float, factor: int, inclusive: bool = True) -> list[tuple]:
    """(sin, cos) of FIXED_PI × factor × t for the library's loop `for (t = first; t <= 1; t += step)`
    (`t < 1` when not inclusive), with t accumulated as it does, so the angles are bit for bit the
    same. Computed once: every corner, cap and dot turns through the same angles."""
    turns = []
    t = first
    while (t <= 1) if inclusive else (t < 1):
        angle = FIXED_PI * factor * t
        turns.append((math.sin(angle), math.cos(angle)))
        t += step
    return turns


def _rotate_through(ax, ay, cx, cy, turns):
    """rotAround(A, C, angle) for each angle of `turns`."""
    px = ax - cx
    py = ay - cy
    return [(px * c - py * s + cx, px * s + py * c + cy) for s, c in turns]


DOT_TURNS = _turns(1 / START_CAP_SEGMENTS, 1 / START_CAP_SEGMENTS, 2)
START_CAP_TURNS = _turns(1 / START_CAP_SEGMENTS, 1 / START_CAP_SEGMENTS, 1)
END_CAP_TURNS = _turns(1 / END_CAP_SEGMENTS, 1 / END_CAP_SEGMENTS, 3, inclusive=False)
CORNER_LEFT_TURNS = _turns(0.0, 1 / CORNER_CAP_SEGMENTS, 1)
CORNER_RIGHT_TURNS = _turns(0.0, 1 / CORNER_CAP_SEGMENTS, -1)


def _lrp(a, b, t):
    """vec.ts lrp: add(A, mul(sub(B, A), t)); keeps only x and y, as the library does."""
    return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]


def _valid_pressure(pressure) -> bool:
    return pressure is not None and pressure >= 0


def _identity(t):
    return t


def _ease_out_quad(t):  # the default start-taper easing
    return t * (2 - t)


def _ease_out_cubic(t):  # the default end-taper easing: `--t * t * t + 1`
    t = t - 1
    return t * t * t + 1


def simulate_pressure(previous: float, distance: float, size: float) -> float:
    """src/simulatePressure.ts"""
    sp = min(1.0, distance / size)
    rp = min(1.0, 1 - sp)
    return min(1.0, previous + (rp - previous) * (sp * RATE_OF_PRESSURE_CHANGE))


def stroke_radius(size, thinning, pressure, easing=_identity):
    """src/getStrokeRadius.ts"""
    return size * easing(0.5 - thinning * (0.5 - pressure))


def get_stroke_points(points, options=None) -> list[StrokePoint]:
    """src/getStrokePoints.ts: the input points streamlined, with vectors and running length.
    `points` are [x, y] or [x, y, pressure] sequences."""
    options = options or {}
    streamline = options.get("streamline", 0.5)
    size = options.get("size", 16)
    is_complete = options.get("last", False)
    if not points:
        return []
    t = MIN_STREAMLINE_T + (1 - streamline) * STREAMLINE_T_RANGE
    pts = list(points)
    # Two points: the second becomes four, a quarter of the way apart (and, as in the library,
    # without pressure).
    if len(pts) == 2:
        last = pts[1]
        pts = pts[:-1]
        for i in range(1, 5):
            pts.append(_lrp(pts[0], last, i / 4))
    # One point: a second one a unit away.
    if len(pts) == 1:
        pts = [pts[0], [pts[0][0] + 1, pts[0][1] + 1, *pts[0][2:]]]

    first_pressure = pts[0][2] if len(pts[0]) > 2 else None
    stroke_points = [
        StrokePoint(
            point=(pts[0][0], pts[0][1]),
            pressure=first_pressure if _valid_pressure(first_pressure) else DEFAULT_FIRST_PRESSURE,
            vector=(1, 1),
            distance=0,
            running_length=0,
        )
    ]
    has_reached_minimum_length = False
    running_length = 0
    previous = stroke_points[0]
    last_index = len(pts) - 1
    for i in range(1, len(pts)):
        here = pts[i]
        px, py = previous.point
        if is_complete and i == last_index:
            point = (here[0], here[1])
        else:
            point = (px + (here[0] - px) * t, py + (here[1] - py) * t)
        if point[0] == px and point[1] == py:
            continue
        distance = js_hypot(point[1] - py, point[0] - px)
        running_length += distance
        # At the start of the line, wait until it is `size` long, to avoid noise.
        if i < last_index and not has_reached_minimum_length:
            if running_length < size:
                continue
            has_reached_minimum_length = True
        dx = px - point[0]
        dy = py - point[1]
        length = js_hypot(dx, dy)
        pressure = here[2] if len(here) > 2 else None
        previous = StrokePoint(
            point=point,
            pressure=pressure if _valid_pressure(pressure) else DEFAULT_PRESSURE,
            vector=(dx / length, dy / length),
            distance=distance,
            running_length=running_length,
        )
        stroke_points.append(previous)
    stroke_points[0].vector = stroke_points[1].vector if len(stroke_points) > 1 else (0, 0)
    return stroke_points


def _taper_distance(taper, size, total_length):
    if taper is False or taper is None:
        return 0
    if taper is True:
        return max(size, total_length)
    return taper


def _initial_pressure(points, simulate, size):
    """Averaged over the first points: lines almost always start slow, so no fat starts."""
    pressure_so_far = points[0].pressure
    for current in points[:10]:
        pressure = current.pressure
        if simulate:
            pressure = simulate_pressure(pressure_so_far, current.distance, size)
        pressure_so_far = (pressure_so_far + pressure) / 2
    return pressure_so_far


def _dot(center, radius):
    """drawDot: a circle for a stroke that never moved."""
    offset_x = center[0] + 1
    offset_y = center[1] + 1
    dx = center[0] - offset_x
    dy = center[1] - offset_y
    px, py = dy, -dx  # per
    length = js_hypot(px, py)
    ux, uy = px / length, py / length
    sx = center[0] + ux * -radius
    sy = center[1] + uy * -radius
    return _rotate_through(sx, sy, center[0], center[1], DOT_TURNS)


def _round_start_cap(center, right_point):
    return _rotate_through(right_point[0], right_point[1], center[0], center[1], START_CAP_TURNS)


def _flat_start_cap(center, left_point, right_point):
    cx, cy = left_point[0] - right_point[0], left_point[1] - right_point[1]
    ax, ay = cx * 0.5, cy * 0.5
    bx, by = cx * 0.51, cy * 0.51
    return [
        (center[0] - ax, center[1] - ay),
        (center[0] - bx, center[1] - by),
        (center[0] + bx, center[1] + by),
        (center[0] + ax, center[1] + ay),
    ]


def _round_end_cap(center, direction, radius):
    """One and a half turns, so sharp turns at the very end are still covered."""
    sx = center[0] + direction[0] * radius
    sy = center[1] + direction[1] * radius
    return _rotate_through(sx, sy, center[0], center[1], END_CAP_TURNS)


def _flat_end_cap(center, direction, radius):
    a = (direction[0] * radius, direction[1] * radius)
    b = (direction[0] * (radius * 0.99), direction[1] * (radius * 0.99))
    return [
        (center[0] + a[0], center[1] + a[1]),
        (center[0] + b[0], center[1] + b[1]),
        (center[0] - b[0], center[1] - b[1]),
        (center[0] - a[0], center[1] - a[1]),
    ]


def get_stroke_outline_points(points: list[StrokePoint], options=None) -> list[tuple]:
    """src/getStrokeOutlinePoints.ts: the polygon around the stroke points (left side, end cap,
    right side back, start cap)."""
    options = options or {}
    size = options.get("size", 16)
    smoothing = options.get("smoothing", 0.5)
    thinning = options.get("thinning", 0.5)
    simulate = options.get("simulatePressure", True)
    easing = options.get("easing", _identity)
    start = options.get("start", {})
    end = options.get("end", {})
    is_complete = options.get("last", False)
    cap_start = start.get("cap", True)
    taper_start_ease = start.get("easing", _ease_out_quad)
    cap_end = end.get("cap", True)
    taper_end_ease = end.get("easing", _ease_out_cubic)

    if not points or size <= 0:
        return []
    total_length = points[-1].running_length
    taper_start = _taper_distance(start.get("taper"), size, total_length)
    taper_end = _taper_distance(end.get("taper"), size, total_length)
    min_distance = (size * smoothing) ** 2
    left_points = []
    right_points = []
    previous_pressure = _initial_pressure(points, simulate, size)
    radius = stroke_radius(size, thinning, points[-1].pressure, easing)
    first_radius = None
    previous_vector = points[0].vector
    previous_left = points[0].point
    previous_right = previous_left
    is_previous_sharp_corner = False
    last_index = len(points) - 1

    for i, current in enumerate(points):
        pressure = current.pressure
        point = current.point
        vector = current.vector
        running_length = current.running_length
        is_last_point = i == last_index
        # Removes noise from the end of the line.
        if not is_last_point and total_length - running_length < END_NOISE_THRESHOLD:
            continue

        if thinning:
            if simulate:
                pressure = simulate_pressure(previous_pressure, current.distance, size)
            radius = stroke_radius(size, thinning, pressure, easing)
        else:
            radius = size / 2
        if first_radius is None:
            first_radius = radius

        taper_start_strength = taper_start_ease(running_length / taper_start) if running_length < taper_start else 1
        taper_end_strength = (
            taper_end_ease((total_length - running_length) / taper_end)
            if total_length - running_length < taper_end
            else 1
        )
        radius = max(MIN_RADIUS, radius * min(taper_start_strength, taper_end_strength))

        next_vector = (points[i + 1] if not is_last_point else current).vector
        next_dpr = vector[0] * next_vector[0] + vector[1] * next_vector[1] if not is_last_point else 1.0
        previous_dpr = vector[0] * previous_vector[0] + vector[1] * previous_vector[1]
        is_point_sharp_corner = previous_dpr < 0 and not is_previous_sharp_corner
        is_next_point_sharp_corner = next_dpr < 0

        px, py = point
        if is_point_sharp_corner or is_next_point_sharp_corner:
            # A sharp corner: a rounded cap here, then on to the next point.
            ox = previous_vector[1] * radius
            oy = -previous_vector[0] * radius
            left_turn = _rotate_through(px - ox, py - oy, px, py, CORNER_LEFT_TURNS)
            right_turn = _rotate_through(px + ox, py + oy, px, py, CORNER_RIGHT_TURNS)
            left_points += left_turn
            right_points += right_turn
            previous_left = left_turn[-1]
            previous_right = right_turn[-1]
            if is_next_point_sharp_corner:
                is_previous_sharp_corner = True
            continue

        is_previous_sharp_corner = False

        if is_last_point:
            ox = vector[1] * radius
            oy = -vector[0] * radius
            left_points.append((px - ox, py - oy))
            right_points.append((px + ox, py + oy))
            continue

        # Regular points: project to either side, keeping those far enough from the last kept.
        lx = next_vector[0] + (vector[0] - next_vector[0]) * next_dpr
        ly = next_vector[1] + (vector[1] - next_vector[1]) * next_dpr
        ox = ly * radius
        oy = -lx * radius

        temp_left = (px - ox, py - oy)
        dx = previous_left[0] - temp_left[0]
        dy = previous_left[1] - temp_left[1]
        if i <= 1 or dx * dx + dy * dy > min_distance:
            left_points.append(temp_left)
            previous_left = temp_left

        temp_right = (px + ox, py + oy)
        dx = previous_right[0] - temp_right[0]
        dy = previous_right[1] - temp_right[1]
        if i <= 1 or dx * dx + dy * dy > min_distance:
            right_points.append(temp_right)
            previous_right = temp_right

        previous_pressure = pressure
        previous_vector = vector

    first_point = points[0].point
    if len(points) > 1:
        last_point = points[-1].point
    else:
        last_point = (points[0].point[0] + 1, points[0].point[1] + 1)
    start_cap = []
    end_cap = []
    if len(points) == 1:
        if not (taper_start or taper_end) or is_complete:
            return _dot(first_point, first_radius if first_radius else radius)
    else:
        if taper_start or (taper_end and len(points) == 1):
            pass  # a tapered start has no cap
        elif cap_start:
            start_cap = _round_start_cap(first_point, right_points[0])
        else:
            start_cap = _flat_start_cap(first_point, left_points[0], right_points[0])
        last_vector = points[-1].vector
        direction = (-last_vector[1], last_vector[0])  # per(neg(vector))
        if taper_end or (taper_start and len(points) == 1):
            end_cap = [last_point]
        elif cap_end:
            end_cap = _round_end_cap(last_point, direction, radius)
        else:
            end_cap = _flat_end_cap(last_point, direction, radius)

    right_points.reverse()
    return left_points + end_cap + right_points + start_cap


def get_stroke(points, options=None) -> list[tuple]:
    """src/getStroke.ts: the outline polygon of a stroke, as (x, y) tuples."""
    return get_stroke_outline_points(get_stroke_points(points, options), options)
