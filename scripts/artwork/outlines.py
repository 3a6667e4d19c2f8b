"""The outlines of the child's drawing surfaces, in logical units 0 … 1000 (docs/ink.md).

Main decision: an outline is data written into ``artwork.json`` (its regions as simple polygons
and its lines), computed here from the same point lists as the stamps, rounded to whole units.
"""

import math

from scripts.artwork.sketch import arc, star_points


def whole(points: list) -> list:
    return [[round(x), round(y)] for x, y in points]


def closed(points: list) -> list:
    return points + [points[0]]


def house_outline() -> dict:
    """A friendly house whose walls leave most of the surface free to draw in."""
    eave_y, apex, left, right, ground = 300, (500, 36), 70, 930, 972
    roof = whole([(28, eave_y), apex, (972, eave_y)])

    def roof_y(x):  # height of the right-hand slope, where the chimney sits
        return apex[1] + (x - apex[0]) * (eave_y - apex[1]) / (972 - apex[0])

    chimney = whole([(676, 70), (766, 70), (766, roof_y(766)), (676, roof_y(676))])
    walls = whole([(left, eave_y - 10), (right, eave_y - 10), (right, ground), (left, ground)])
    door = whole(arc(500, 770, 84, 84, 180, 360, 16) + [(584, ground), (416, ground)])
    windows = {
        side: whole([(x0, 370), (x0 + 170, 370), (x0 + 170, 520), (x0, 520)])
        for side, x0 in (("left", 130), ("right", 700))
    }
    regions = [
        {"id": "walls", "points": walls},
        {"id": "roof", "points": roof},
        {"id": "chimney", "points": chimney},
        {"id": "door", "points": door},
        {"id": "window-left", "points": windows["left"]},
        {"id": "window-right", "points": windows["right"]},
    ]
    lines = [
        whole([(left, eave_y), (left, ground), (right, ground), (right, eave_y)]),
        closed(roof),
        [chimney[3], chimney[0], chimney[1], chimney[2]],
        [door[-1]] + door[:-1],
        whole(arc(552, 870, 12, 12, 0, 360, 12)),
    ]
    for window in windows.values():
        (x0, y0), (x1, _), (_, y1) = window[0], window[1], window[2]
        lines.append(closed(window))
        lines.append([[(x0 + x1) // 2, y0], [(x0 + x1) // 2, y1]])
        lines.append([[x0, (y0 + y1) // 2], [x1, (y0 + y1) // 2]])
    return {"regions": regions, "line_width": 10, "line_colour": "#3b3b3b", "lines": lines}


def cloud_edge(cx: float, cy: float, rx: float, ry: float, lobes: int, depth: float) -> list:
    """A scalloped cloud: ``lobes`` outward bumps around an ellipse, each ``depth`` × its chord deep."""
    anchors = arc(cx, cy, rx, ry, -90, 270, lobes)[:-1]
    edge = []
    for (x0, y0), (x1, y1) in zip(anchors, anchors[1:] + anchors[:1]):
        chord = math.hypot(x1 - x0, y1 - y0)
        # Outward normal of the chord (the ellipse is traced clockwise on screen).
        nx, ny = (y1 - y0) / chord, -(x1 - x0) / chord
        for i in range(8):
            t = i / 8
            bulge = depth * chord * math.sin(math.pi * t)
            edge.append((x0 + (x1 - x0) * t + nx * bulge, y0 + (y1 - y0) * t + ny * bulge))
    return edge


def inside(point: tuple, polygon: list) -> bool:
    """Whether ``point`` is inside ``polygon`` (crossing rule)."""
    x, y = point
    crossings = 0
    for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            crossings += 1
    return crossings % 2 == 1


def up_to(start: tuple, end: tuple, polygon: list) -> tuple:
    """The last point on the way from ``start`` towards ``end`` before it enters ``polygon``."""
    steps = 200
    last = start
    for i in range(1, steps + 1):
        point = (start[0] + (end[0] - start[0]) * i / steps, start[1] + (end[1] - start[1]) * i / steps)
        if inside(point, polygon):
            return last
        last = point
    return end


def bubble_outline() -> dict:
    """The Fairy and Wizard themes' magic cloud, with a star on a wand in the top corner."""
    bubble = whole(cloud_edge(480, 600, 420, 340, 14, 0.22))
    star = whole(star_points(872, 112, 92, 42))
    # The wand runs from its handle, just clear of the cloud, into the middle of the star; the star
    # is drawn after it, so the star hides the wand's tip and the wand's lines stop at the star.
    handle, tip, half = (692, 236), (872, 112), 17
    length = math.hypot(tip[0] - handle[0], tip[1] - handle[1])
    nx, ny = -(tip[1] - handle[1]) / length * half, (tip[0] - handle[0]) / length * half
    sides = [((handle[0] + s * nx, handle[1] + s * ny), (tip[0] + s * nx, tip[1] + s * ny)) for s in (1, -1)]
    wand = whole([sides[0][0], sides[0][1], sides[1][1], sides[1][0]])
    (top_handle, top_tip), (bottom_handle, bottom_tip) = sides
    wand_line = whole(
        [up_to(top_handle, top_tip, star), top_handle, bottom_handle, up_to(bottom_handle, bottom_tip, star)]
    )
    sparkles = []
    for x, y, r in ((730, 40, 26), (966, 262, 22), (160, 110, 30), (80, 230, 18), (560, 120, 18)):
        sparkles.append([[x - r, y], [x + r, y]])
        sparkles.append([[x, y - r], [x, y + r]])
    shine = whole(arc(480, 600, 310, 250, 200, 245, 10))
    regions = [{"id": name, "points": points} for name, points in (("bubble", bubble), ("wand", wand), ("star", star))]
    lines = [closed(bubble), wand_line, closed(star), shine] + sparkles
    return {"regions": regions, "line_width": 10, "line_colour": "#3b3b3b", "lines": lines}


def outlines() -> dict:
    return {"house": house_outline(), "bubble": bubble_outline()}
