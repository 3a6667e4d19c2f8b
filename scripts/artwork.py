"""Draw the stamps, the house symbols and the outlines of the child's drawing screens.

This is a maintenance script, run by hand when a picture changes::

    .venv/bin/python scripts/artwork.py

It writes ``static/ink/stamps/<id>.png`` for every stamp and ``static/ink/symbols/<id>.png`` for
every symbol named in ``static/ink/artwork.json``, and the ``outlines`` of that file. The app
never imports it; both the tablet and the server only read the files it writes.

Main decision: the art is code. Every picture is built here from a handful of primitives (ovals,
polygons, thick rounded lines, rounded boxes) with Pillow, so it is original, licence-clean (no
icon set, emoji font or clip-art is copied or traced), reviewable as a diff, and reproducible: a
run on the same Pillow and zlib writes the same bytes, which ``tests/scripts/test_artwork.py`` checks by
drawing everything again.

How a picture is drawn: on a canvas ``SUPERSAMPLE`` times larger than the 256 px PNG, in design
units of that PNG (0 … 256). Each coloured part is a "sticker": first its shapes grown by
``OUTLINE`` in dark ``INK``, then the shapes themselves in their colour, so every part carries its
own dark outline and a later part sits visibly in front of an earlier one. Growing a shape is its
exact Minkowski sum with a disc (an oval gets a bigger radius; a polygon gets thick edges and a
disc at every corner), which gives the rounded, even outline of a felt-tip drawing. The dark
outline is what makes a stamp readable on white paper and on any of the palette's fills alike.
"""

import json
import math
import re
import sys
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import NamedTuple

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
INK_DIR = ROOT / "static" / "ink"
ARTWORK = INK_DIR / "artwork.json"

SIZE = 256  # the side of every stamp and symbol PNG (docs/ink.md, "Stamps")
SUPERSAMPLE = 4  # drawn at 1024 px and reduced, for smooth edges
OUTLINE = 7  # design units: about 1 CSS px when a stamp is shown at its smallest, 40 px
FEATURE = 11  # eyes' lines, mouths and brows: thick enough to read at 40 px

INK = "#2b2622"  # near-black, a little warm, for outlines and faces' features
WHITE = "#ffffff"
FACE = "#ffd23f"  # the feelings faces' warm yellow
CHEEK = "#ff9d8a"
TEAR = "#4fb0f0"
WOOD = "#b07541"
WOOD_DARK = "#8b5a2b"
LEAF = "#4caf50"
SKY = "#a9dcf7"


class Oval(NamedTuple):
    """An axis-aligned ellipse (a circle when ``ry`` is left out)."""

    cx: float
    cy: float
    rx: float
    ry: float | None = None

    def paint(self, pen: ImageDraw.ImageDraw, colour: str, grow: float) -> None:
        ry = self.rx if self.ry is None else self.ry
        box = [self.cx - self.rx - grow, self.cy - ry - grow, self.cx + self.rx + grow, self.cy + ry + grow]
        pen.ellipse(scaled(box), fill=colour)


class Blob(NamedTuple):
    """A filled simple polygon."""

    points: list

    def paint(self, pen: ImageDraw.ImageDraw, colour: str, grow: float) -> None:
        pen.polygon(scaled_points(self.points), fill=colour)
        if grow:
            ring = list(self.points) + [self.points[0]]
            Band(ring, 0).paint(pen, colour, grow)


class Band(NamedTuple):
    """A thick polyline with round caps and joins."""

    points: list
    width: float

    def paint(self, pen: ImageDraw.ImageDraw, colour: str, grow: float) -> None:
        width = self.width + 2 * grow
        radius = width / 2
        for start, end in zip(self.points, self.points[1:]):
            pen.line(scaled_points([start, end]), fill=colour, width=round(width * SUPERSAMPLE))
        for x, y in self.points:
            pen.ellipse(scaled([x - radius, y - radius, x + radius, y + radius]), fill=colour)


class Slab(NamedTuple):
    """A rectangle with rounded corners."""

    x0: float
    y0: float
    x1: float
    y1: float
    radius: float = 0

    def paint(self, pen: ImageDraw.ImageDraw, colour: str, grow: float) -> None:
        box = [self.x0 - grow, self.y0 - grow, self.x1 + grow, self.y1 + grow]
        pen.rounded_rectangle(scaled(box), radius=round((self.radius + grow) * SUPERSAMPLE), fill=colour)


def scaled(values: list) -> list:
    return [round(value * SUPERSAMPLE) for value in values]


def scaled_points(points: list) -> list:
    return [(round(x * SUPERSAMPLE), round(y * SUPERSAMPLE)) for x, y in points]


class Sketch:
    """One picture being drawn, in design units 0 … ``SIZE``."""

    def __init__(self) -> None:
        side = SIZE * SUPERSAMPLE
        self.canvas = Image.new("RGBA", (side, side), (0, 0, 0, 0))
        self.pen = ImageDraw.Draw(self.canvas)

    def outline(self, *shapes, width: float = OUTLINE) -> None:
        for shape in shapes:
            shape.paint(self.pen, INK, width)

    def mark(self, colour: str, *shapes) -> None:
        for shape in shapes:
            shape.paint(self.pen, colour, 0)

    def part(self, colour: str, *shapes, width: float = OUTLINE) -> None:
        """Shapes that make one outlined sticker: all outlines first, so they merge into one."""
        self.outline(*shapes, width=width)
        self.mark(colour, *shapes)

    def picture(self) -> Image.Image:
        # A box filter over each SUPERSAMPLE² block is exactly "average the samples", with none of
        # the ringing a Lanczos kernel adds at hard edges. Premultiplied alpha (RGBa) so that the
        # transparent background's black does not darken the anti-aliased rim.
        return self.canvas.convert("RGBa").reduce(SUPERSAMPLE).convert("RGBA")


# Point lists. Angles are in degrees, clockwise from 3 o'clock, as y grows downwards.


def arc(cx: float, cy: float, rx: float, ry: float, start: float, end: float, steps: int = 24) -> list:
    return [
        (cx + rx * math.cos(math.radians(angle)), cy + ry * math.sin(math.radians(angle)))
        for angle in (start + (end - start) * i / steps for i in range(steps + 1))
    ]


def turned(points: list, cx: float, cy: float, degrees: float) -> list:
    cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return [(cx + (x - cx) * cos - (y - cy) * sin, cy + (x - cx) * sin + (y - cy) * cos) for x, y in points]


def mirrored(points: list, axis: float = SIZE / 2) -> list:
    return [(2 * axis - x, y) for x, y in points]


def polar(cx: float, cy: float, radius: float, degrees: float) -> tuple:
    return cx + radius * math.cos(math.radians(degrees)), cy + radius * math.sin(math.radians(degrees))


def arch(cx: float, cy: float, outer: float, inner: float) -> Blob:
    """The top half of a ring, like one band of a rainbow."""
    return Blob(arc(cx, cy, outer, outer, 180, 360, 64) + arc(cx, cy, inner, inner, 360, 180, 64))


def tilted_oval(cx: float, cy: float, rx: float, ry: float, degrees: float) -> Blob:
    return Blob(turned(arc(cx, cy, rx, ry, 0, 360, 48)[:-1], cx, cy, degrees))


def star_points(cx: float, cy: float, outer: float, inner: float, tips: int = 5) -> list:
    return [polar(cx, cy, radius, -90 + 180 * i / tips) for i, radius in enumerate([outer, inner] * tips)]


def leaf(cx: float, cy: float, length: float, width: float, degrees: float) -> Blob:
    """A pointed lens, like a leaf or a petal."""
    steps = 16
    top = [(cx - length / 2 + length * i / steps, cy - width / 2 * math.sin(math.pi * i / steps))
           for i in range(steps + 1)]
    bottom = [(x, 2 * cy - y) for x, y in reversed(top[1:-1])]
    return Blob(turned(top + bottom, cx, cy, degrees))


def drop(cx: float, cy: float, radius: float) -> Blob:
    """A raindrop or tear: round at the bottom, pointed at the top."""
    return Blob([(cx, cy - 2.2 * radius)] + arc(cx, cy, radius, radius, -30, 210, 24))


def crescent(cx: float, cy: float, radius: float, bite_x: float, bite_y: float, bite_radius: float) -> Blob:
    """A disc with a bite taken out by another disc (a moon, a banana); the bite must cross the rim."""
    dx, dy = bite_x - cx, bite_y - cy
    apart = math.hypot(dx, dy)
    towards = math.degrees(math.atan2(dy, dx))
    along = (radius ** 2 - bite_radius ** 2 + apart ** 2) / (2 * apart)
    half = math.degrees(math.acos(along / radius))
    outer = arc(cx, cy, radius, radius, towards + half, towards + 360 - half, 48)
    # The bite's own arc that lies inside the disc, from where the outer arc ended back to its start.
    first = math.degrees(math.atan2(outer[-1][1] - bite_y, outer[-1][0] - bite_x))
    last = math.degrees(math.atan2(outer[0][1] - bite_y, outer[0][0] - bite_x))
    sweep = (last - first) % 360
    middle = polar(bite_x, bite_y, bite_radius, first + sweep / 2)
    if math.dist(middle, (cx, cy)) > radius:  # that way round runs outside the disc: go the other way
        sweep -= 360
    inner = arc(bite_x, bite_y, bite_radius, bite_radius, first, first + sweep, 32)
    return Blob(outer + inner[1:-1])


# Faces: the feelings stamps share one face and differ only in eyes, brows and mouth.

EYE_LEFT, EYE_RIGHT, EYE_Y = 90, 166, 108


def face(sketch: Sketch, cheeks: bool = False) -> None:
    sketch.part(FACE, Oval(128, 130, 112))
    if cheeks:
        sketch.mark(CHEEK, Oval(62, 150, 16, 11), Oval(194, 150, 16, 11))


def eyes(sketch: Sketch, rx: float = 12, ry: float = 17, dy: float = 0) -> None:
    sketch.mark(INK, Oval(EYE_LEFT, EYE_Y + dy, rx, ry), Oval(EYE_RIGHT, EYE_Y + dy, rx, ry))
    # A small white catch-light makes the eyes look alive rather than like holes.
    light = rx * 0.4
    sketch.mark(WHITE, Oval(EYE_LEFT + rx * 0.3, EYE_Y + dy - ry * 0.4, light),
                Oval(EYE_RIGHT + rx * 0.3, EYE_Y + dy - ry * 0.4, light))


def wide_eyes(sketch: Sketch) -> None:
    sketch.part(WHITE, Oval(EYE_LEFT, EYE_Y, 22, 26), Oval(EYE_RIGHT, EYE_Y, 22, 26), width=5)
    sketch.mark(INK, Oval(EYE_LEFT, EYE_Y + 4, 9), Oval(EYE_RIGHT, EYE_Y + 4, 9))


def brows(sketch: Sketch, outer_y: float, inner_y: float, width: float = FEATURE) -> None:
    """Two brows; ``inner_y`` above ``outer_y`` looks sad or worried, below it looks cross."""
    left = [(EYE_LEFT - 24, outer_y), (EYE_LEFT + 20, inner_y)]
    sketch.mark(INK, Band(left, width), Band(mirrored(left), width))


def smile(sketch: Sketch, width: float = 44, depth: float = 30, y: float = 150) -> None:
    sketch.mark(INK, Band(arc(128, y, width, depth, 20, 160), FEATURE))


def frown(sketch: Sketch, width: float = 40, depth: float = 28, y: float = 205) -> None:
    sketch.mark(INK, Band(arc(128, y, width, depth, 200, 340), FEATURE))


def face_happy(sketch: Sketch) -> None:
    face(sketch, cheeks=True)
    eyes(sketch)
    grin = [(70, 146), (186, 146)] + arc(128, 146, 58, 58, 0, 180)[1:-1]
    sketch.part(INK, Blob(grin), width=2)
    tongue = arc(128, 204, 34, 26, 180, 360)[2:-2] + arc(128, 146, 58, 58, 60, 120, 8)[1:-1]
    sketch.mark("#f06b7a", Blob(tongue))


def face_sad(sketch: Sketch) -> None:
    face(sketch)
    eyes(sketch, rx=11, ry=15, dy=6)
    brows(sketch, outer_y=88, inner_y=72)
    frown(sketch)
    sketch.part(TEAR, drop(EYE_LEFT - 8, 156, 12), width=5)


def face_angry(sketch: Sketch) -> None:
    face(sketch)
    eyes(sketch, rx=11, ry=12, dy=10)
    brows(sketch, outer_y=70, inner_y=96, width=14)
    frown(sketch, width=44, depth=26, y=212)


def face_scared(sketch: Sketch) -> None:
    face(sketch)
    wide_eyes(sketch)
    brows(sketch, outer_y=70, inner_y=58)
    sketch.part(WHITE, Slab(80, 164, 176, 206, 18), width=5)
    teeth = [(84, 185), (96, 176), (112, 194), (128, 176), (144, 194), (160, 176), (172, 185)]
    sketch.mark(INK, Band(teeth, 5))


def face_worried(sketch: Sketch) -> None:
    face(sketch)
    eyes(sketch, rx=11, ry=15, dy=4)
    brows(sketch, outer_y=80, inner_y=68)
    wobble = [(84 + 88 * i / 32, 182 + 9 * math.sin(math.pi * 3 * i / 32)) for i in range(33)]
    sketch.mark(INK, Band(wobble, FEATURE))
    sketch.part(TEAR, drop(212, 84, 13), width=5)


def face_calm(sketch: Sketch) -> None:
    face(sketch, cheeks=True)
    for x in (EYE_LEFT, EYE_RIGHT):
        sketch.mark(INK, Band(arc(x, EYE_Y - 2, 18, 12, 15, 165), FEATURE))
    smile(sketch, width=36, depth=22, y=160)


def face_surprised(sketch: Sketch) -> None:
    face(sketch)
    eyes(sketch, rx=13, ry=19, dy=2)
    for x in (EYE_LEFT, EYE_RIGHT):
        sketch.mark(INK, Band(arc(x, 74, 22, 14, 205, 335), FEATURE))
    sketch.part("#7a2f2f", Oval(128, 184, 22, 28), width=5)


# People: one figure, proportioned as an adult, a child or an older person, in several looks.


class Look(NamedTuple):
    skin: str
    hair: str
    hair_style: str  # "crop", "curly", "long" or "bald"
    top: str
    legs: str


class Build(NamedTuple):
    head: float  # radius
    shoulders: float  # width of the body
    body: float  # height of the body
    legs: float  # length of the legs
    limb: float  # thickness of arms and legs


ADULT = Build(head=34, shoulders=90, body=88, legs=80, limb=24)
CHILD = Build(head=39, shoulders=74, body=64, legs=58, limb=22)

SKIN_LIGHT, SKIN_MEDIUM, SKIN_TAN, SKIN_DEEP = "#f7d3b5", "#e3a877", "#b97a4d", "#8a5636"
SHOES = "#5a4535"


def person(sketch: Sketch, cx: float, ground: float, build: Build, look: Look, scale: float = 1,
           stick: bool = False, glasses: bool = False) -> None:
    head, half, limb = build.head * scale, build.shoulders * scale / 2, build.limb * scale
    hip = ground - build.legs * scale
    shoulder = hip - build.body * scale
    head_y = shoulder - head * 0.8
    for side in (-1, 1):
        foot = cx + side * half * 0.42
        leg = [(cx + side * half * 0.4, hip - limb), (foot, ground - limb * 0.6)]
        sketch.part(look.legs, Band(leg, limb))
        sketch.part(SHOES, Oval(foot + side * limb * 0.2, ground - limb * 0.35, limb * 0.75, limb * 0.45))
    hands = []
    for side in (-1, 1):
        hand = (cx + side * (half + limb * 0.7), hip - limb * 0.2)
        sketch.part(look.top, Band([(cx + side * (half - limb * 0.5), shoulder + limb * 0.6), hand], limb))
        hands.append(hand)
    sketch.part(look.top, Slab(cx - half, shoulder, cx + half, hip + limb * 0.3, half * 0.6))
    for x, y in hands:
        sketch.part(look.skin, Oval(x, y + limb * 0.2, limb * 0.55))
    if stick:
        x, y = hands[1]
        crook = arc(x - limb * 0.5, y - limb * 0.1, limb * 0.8, limb * 0.8, 180, 360, 12)
        sketch.part(WOOD, Band([(x, y + limb * 0.3), (x + limb * 0.3, ground - 2)], limb * 0.45))
        sketch.part(WOOD, Band(crook, limb * 0.45))
        sketch.part(look.skin, Oval(x, y + limb * 0.2, limb * 0.55))
    portrait(sketch, cx, head_y, head, look, glasses=glasses)


def portrait(sketch: Sketch, cx: float, cy: float, r: float, look: Look, glasses: bool = False) -> None:
    """A head with hair and a smile, centred on (cx, cy)."""
    if look.hair_style == "long":
        sketch.part(look.hair, Slab(cx - r * 1.18, cy - r * 1.05, cx + r * 1.18, cy + r * 1.35, r * 0.9))
    if look.hair_style == "curly":
        curls = [Oval(*polar(cx, cy, r, angle), r * 0.42) for angle in range(160, 390, 23)]
        sketch.part(look.hair, *curls)
    sketch.part(look.skin, Oval(cx, cy, r))
    if look.hair_style in ("crop", "long"):
        # Over the crown, then back along a hairline that is high in the middle and low at the sides.
        hairline = arc(cx + r * 0.15, cy - r * 0.1, r * 0.92, r * 0.45, 365, 175)
        cap = arc(cx, cy, r * 1.06, r * 1.08, 170, 370) + hairline[1:-1]
        sketch.part(look.hair, Blob(cap))
    if look.hair_style == "bald":
        for side in (-1, 1):
            tuft = tilted_oval(cx + side * r * 0.95, cy - r * 0.15, r * 0.22, r * 0.4, side * 15)
            sketch.part(look.hair, tuft)
    eye = max(3.5, r * 0.11)
    for side in (-1, 1):
        sketch.mark(INK, Oval(cx + side * r * 0.38, cy + r * 0.08, eye, eye * 1.2))
        sketch.mark(CHEEK, Oval(cx + side * r * 0.62, cy + r * 0.42, r * 0.14, r * 0.09))
    sketch.mark(INK, Band(arc(cx, cy + r * 0.32, r * 0.36, r * 0.24, 25, 155, 12), max(4.5, r * 0.13)))
    if glasses:
        for side in (-1, 1):
            lens = arc(cx + side * r * 0.38, cy + r * 0.08, r * 0.27, r * 0.27, 0, 360, 24)
            sketch.mark(INK, Band(lens, 4))
        sketch.mark(INK, Band([(cx - r * 0.12, cy + r * 0.04), (cx + r * 0.12, cy + r * 0.04)], 4))


def person_adult(sketch: Sketch) -> None:
    person(sketch, 128, 246, ADULT, Look(SKIN_TAN, "#3b2a22", "crop", "#3f88c5", "#44546a"))


def person_child(sketch: Sketch) -> None:
    person(sketch, 128, 246, CHILD, Look(SKIN_MEDIUM, "#c8642c", "crop", "#4caf50", "#f28c28"))


def person_older(sketch: Sketch) -> None:
    person(sketch, 120, 246, ADULT, Look(SKIN_LIGHT, "#dcdcdc", "bald", "#8e5fb0", "#6d6d6d"),
           stick=True, glasses=True)


def person_baby(sketch: Sketch) -> None:
    onesie = "#9fd3f0"
    for side in (-1, 1):
        sketch.part(onesie, tilted_oval(128 + side * 62, 176, 18, 30, side * -35))
        sketch.part(SKIN_DEEP, Oval(128 + side * 76, 196, 13))
        sketch.part(onesie, Oval(128 + side * 40, 226, 26, 18))
    sketch.part(onesie, Oval(128, 192, 58, 50))
    sketch.part(WHITE, Oval(128, 162, 30, 18), width=5)
    sketch.part(SKIN_DEEP, Oval(128, 92, 62))
    sketch.mark(INK, Band(arc(134, 40, 14, 14, 180, 450, 18), 7))
    for side in (-1, 1):
        sketch.mark(WHITE, Oval(128 + side * 24, 92, 10, 12))
        sketch.mark(INK, Oval(128 + side * 24, 93, 8, 10))
        sketch.mark(CHEEK, Oval(128 + side * 40, 118, 10, 7))
    sketch.mark(INK, Band(arc(128, 118, 14, 10, 25, 155, 12), 6))


def family(sketch: Sketch) -> None:
    scale = 0.76
    person(sketch, 62, 246, ADULT, Look(SKIN_DEEP, "#2f2420", "curly", "#e0474c", "#44546a"), scale)
    person(sketch, 194, 246, ADULT, Look(SKIN_LIGHT, "#e8c25a", "long", "#3f88c5", "#6d4c8c"), scale)
    person(sketch, 128, 246, CHILD, Look(SKIN_MEDIUM, "#3b2a22", "crop", "#f2b134", "#2f7fb8"), scale)


# Stick figures: what an adult who can't draw would draw, but steady. The same thick ink lines for
# every age; only the proportions change (a baby's head is a bigger share of its height).

STICK = 18  # limbs' thickness: about 3 CSS px at the smallest stamp size, 40 px


def stick_figure(sketch: Sketch, cx: float, ground: float, height: float, head: float,
                 arms_up: bool = False, sitting: bool = False) -> tuple:
    """A stick figure standing (or sitting) on ``ground``, ``height`` tall, with a round smiling head.

    Returns the head's centre, for anything worn on it.
    """
    top = ground - height
    head_y = top + head + STICK / 2
    neck = head_y + head
    body = height - 2 * head
    hip = neck + body * (0.52 if sitting else 0.42)
    shoulder = neck + body * 0.12
    reach = max(body * 0.38, head * 1.5)  # a baby's arms still reach out past its big head
    hand_x, hand_y = (reach * 1.1, shoulder - reach * 0.6) if arms_up else (reach, shoulder + reach * 0.8)
    lines = [Band([(cx, neck), (cx, hip)], STICK)]
    for side in (-1, 1):
        lines.append(Band([(cx, shoulder), (cx + side * hand_x, hand_y)], STICK))
        if sitting:  # legs out along the floor: how a baby sits
            lines.append(Band([(cx, hip), (cx + side * reach * 0.7, ground - STICK / 2),
                               (cx + side * reach * 1.2, ground - STICK / 2)], STICK))
        else:
            lines.append(Band([(cx, hip), (cx + side * reach * 0.6, ground - STICK / 2)], STICK))
    sketch.mark(INK, *lines)
    sketch.part(WHITE, Oval(cx, head_y, head), width=STICK * 0.7)  # a ring a little lighter than the limbs
    eye = max(4, head * 0.12)
    for side in (-1, 1):
        sketch.mark(INK, Oval(cx + side * head * 0.36, head_y - head * 0.08, eye, eye * 1.2))
    sketch.mark(INK, Band(arc(cx, head_y + head * 0.22, head * 0.4, head * 0.3, 25, 155, 12), max(5, head * 0.13)))
    return cx, head_y


def stick_adult(sketch: Sketch) -> None:
    stick_figure(sketch, 128, 248, 236, 29)


def stick_child(sketch: Sketch) -> None:
    stick_figure(sketch, 128, 248, 176, 32, arms_up=True)


def stick_baby(sketch: Sketch) -> None:
    head = 40
    x, y = stick_figure(sketch, 128, 248, 176, head, arms_up=True, sitting=True)
    spiral = [polar(x, y - head * 0.62, 11 - 6 * i / 24, 180 + 330 * i / 24) for i in range(25)]
    sketch.mark(INK, Band(spiral, 6))  # a curl of hair


# Animals.

FUR_TAN, FUR_BROWN = "#dba36b", "#8a5a35"


def dog(sketch: Sketch) -> None:
    sketch.part(FUR_TAN, Oval(128, 132, 78, 72))
    sketch.mark(FUR_BROWN, Oval(160, 110, 24, 22))
    for side in (-1, 1):
        sketch.part(FUR_BROWN, tilted_oval(128 + side * 74, 126, 26, 56, side * -18))
    sketch.part("#f78fa7", Blob([(114, 186)] + arc(128, 186, 14, 22, 0, 180, 12) + [(142, 186)]), width=5)
    sketch.part("#f8e7cd", Oval(128, 168, 44, 30))
    sketch.mark(INK, Oval(128, 150, 17, 12), Band([(128, 158), (128, 172)], 6))
    sketch.mark(INK, Band(arc(116, 170, 12, 10, 10, 170, 10), 6), Band(arc(140, 170, 12, 10, 10, 170, 10), 6))
    for side in (-1, 1):
        sketch.mark(INK, Oval(128 + side * 30, 116, 10, 12))
        sketch.mark(WHITE, Oval(128 + side * 30 + 3, 111, 4))


def cat(sketch: Sketch) -> None:
    fur, dark = "#f4a340", "#c8722a"
    for side in (-1, 1):
        ear = [(128 + side * 76, 118), (128 + side * 70, 26), (128 + side * 18, 82)]
        sketch.part(fur, Blob(ear))
    sketch.part(fur, Oval(128, 146, 88, 76))
    for side in (-1, 1):
        sketch.mark("#f7a8b8", Blob([(128 + side * 66, 98), (128 + side * 66, 48), (128 + side * 38, 78)]))
    for x in (110, 128, 146):
        sketch.mark(dark, Band([(x, 76), (x, 100)], 9))
    for side in (-1, 1):
        sketch.mark(INK, Oval(128 + side * 34, 132, 10, 16))
        sketch.mark(WHITE, Oval(128 + side * 34 + 3, 125, 4))
        for dy in (-8, 10):
            sketch.mark(INK, Band([(128 + side * 62, 170 + dy * 0.3), (128 + side * 118, 166 + dy * 1.6)], 4))
    sketch.part("#f78fa7", Blob([(116, 158), (140, 158), (128, 170)]), width=4)
    sketch.mark(INK, Band(arc(117, 174, 11, 9, 10, 170, 10), 6), Band(arc(139, 174, 11, 9, 10, 170, 10), 6))


def rabbit(sketch: Sketch) -> None:
    fur = "#efe7df"
    for side in (-1, 1):
        sketch.part(fur, tilted_oval(128 + side * 34, 70, 22, 62, side * 8))
        sketch.mark("#f7a8b8", tilted_oval(128 + side * 34, 74, 10, 46, side * 8))
    sketch.part(fur, Oval(128, 168, 80, 70))
    sketch.part(WHITE, Slab(116, 188, 140, 212, 4), width=4)
    sketch.mark(INK, Band([(128, 190), (128, 210)], 3))
    for side in (-1, 1):
        sketch.mark(INK, Oval(128 + side * 32, 152, 10, 13))
        sketch.mark(WHITE, Oval(128 + side * 32 + 3, 146, 4))
        sketch.mark(CHEEK, Oval(128 + side * 54, 186, 13, 9))
        for dy in (-6, 8):
            sketch.mark(INK, Band([(128 + side * 64, 178 + dy * 0.3), (128 + side * 116, 172 + dy * 1.6)], 4))
    sketch.part("#f78fa7", Oval(128, 178, 11, 8), width=4)
    sketch.mark(INK, Band(arc(118, 186, 10, 8, 20, 160, 10), 5), Band(arc(138, 186, 10, 8, 20, 160, 10), 5))


def bird(sketch: Sketch) -> None:
    feathers, dark = "#4aa3df", "#2f7fb8"
    for side in (-1, 1):
        sketch.mark(INK, Band([(112 + side * 20, 196), (112 + side * 24, 236)], 7))
        sketch.mark(INK, Band([(112 + side * 24 - 14, 240), (112 + side * 24 + 12, 240)], 7))
    sketch.part(dark, Blob([(60, 138), (14, 100), (22, 170)]))
    sketch.part(feathers, Oval(120, 138, 82, 70))
    sketch.mark("#d9efff", Oval(138, 172, 48, 30))
    sketch.part(dark, leaf(104, 140, 96, 50, 20))
    sketch.part("#ffa62b", Blob([(194, 102), (240, 118), (196, 136)]))
    sketch.mark(INK, Oval(170, 108, 10, 12))
    sketch.mark(WHITE, Oval(173, 103, 4))


def fish(sketch: Sketch) -> None:
    scales, fin = "#ff8c42", "#f25f1c"
    sketch.part(fin, Blob([(62, 128), (14, 78), (14, 178)]))
    sketch.part(fin, Blob([(96, 88), (136, 50), (166, 90)]))
    sketch.part(scales, Blob(arc(124, 128, 98, 66, 0, 360, 60)[:-1]))
    for x in (92, 118):
        sketch.mark("#ffd7b5", Band(arc(x, 128, 22, 50, -60, 60, 12), 8))
    sketch.part(fin, leaf(128, 160, 44, 22, -30), width=4)
    sketch.part(WHITE, Oval(180, 112, 16), width=5)
    sketch.mark(INK, Oval(184, 114, 8))
    sketch.mark(INK, Band(arc(196, 146, 14, 10, 40, 150, 10), 6))
    for x, y, r in ((226, 60, 10), (210, 28, 7)):
        sketch.part("#d9f1ff", Oval(x, y, r), width=4)


# Home.


def bed(sketch: Sketch) -> None:
    sketch.part(WOOD, Slab(16, 60, 52, 238, 14))
    sketch.part(WOOD, Slab(204, 120, 240, 238, 12))
    sketch.part(WOOD_DARK, Slab(34, 178, 222, 206, 8))
    sketch.part(WHITE, Slab(36, 142, 220, 184, 10))
    sketch.part("#f8f2e4", Slab(48, 108, 112, 146, 18))
    sketch.part("#5b8def", Slab(96, 124, 226, 192, 14))
    sketch.mark("#8fb2f5", Slab(104, 132, 124, 184, 6))
    for x, y in ((156, 148), (196, 148), (176, 170)):
        sketch.mark("#f5c542", Oval(x, y, 7))


def table(sketch: Sketch) -> None:
    for x in (48, 208):
        sketch.part(WOOD_DARK, Slab(x - 11, 120, x + 11, 238, 6))
    sketch.part(WOOD_DARK, Slab(48, 168, 208, 182, 4))
    sketch.part(WOOD, Slab(16, 104, 240, 132, 10))
    sketch.part(WHITE, Oval(84, 96, 46, 10))
    sketch.part("#e0474c", Oval(84, 78, 20))
    sketch.mark(LEAF, leaf(94, 56, 22, 10, -30))
    sketch.part("#3f88c5", Band(arc(190, 78, 18, 16, 270, 450, 16), 7))
    sketch.part("#3f88c5", Slab(144, 52, 184, 100, 8))
    sketch.mark(WHITE, Band([(156, 62), (156, 86)], 6))


def television(sketch: Sketch) -> None:
    sketch.part("#6b7280", Slab(76, 214, 180, 232, 8))
    sketch.part("#6b7280", Slab(112, 190, 144, 220, 4))
    sketch.part("#3d424a", Slab(20, 36, 236, 198, 22))
    sketch.part(SKY, Slab(38, 54, 218, 180, 12), width=5)
    sketch.part("#ffd23f", Oval(178, 92, 18), width=4)
    sketch.part("#6cc070", Blob(arc(176, 182, 52, 44, 180, 360)), width=4)
    sketch.part(LEAF, Blob(arc(98, 182, 62, 62, 180, 360)), width=4)
    sketch.mark(INK, Band([(38, 180), (218, 180)], OUTLINE * 2))


def food(sketch: Sketch) -> None:
    sketch.part("#ff9f1c", Oval(168, 106, 40))
    sketch.mark("#ffc46b", Oval(156, 94, 10))
    sketch.part("#ffd84d", crescent(110, 70, 70, 124, 30, 62))
    sketch.part("#e0474c", Oval(82, 112, 40))
    sketch.mark("#f08080", Oval(68, 98, 10))
    sketch.mark(WOOD_DARK, Band([(84, 74), (90, 54)], 7))
    sketch.part(LEAF, leaf(106, 56, 30, 14, -20), width=5)
    bowl = [(14, 128), (242, 128)] + arc(128, 128, 114, 104, 0, 180)[1:-1]
    sketch.part("#4fb3bf", Blob(bowl))
    sketch.mark("#86d3dc", Band([(40, 152), (216, 152)], 10))


def teddy(sketch: Sketch) -> None:
    fur, light = "#b5773f", "#ecc89f"
    for side in (-1, 1):
        sketch.part(fur, Oval(128 + side * 50, 42, 24))
        sketch.mark(light, Oval(128 + side * 50, 44, 12))
        sketch.part(fur, tilted_oval(128 + side * 62, 160, 20, 38, side * -35))
        sketch.part(fur, Oval(128 + side * 42, 222, 28, 24))
        sketch.mark(light, Oval(128 + side * 42, 226, 14, 12))
    sketch.part(fur, Oval(128, 178, 56, 58))
    sketch.mark(light, Oval(128, 186, 34, 36))
    sketch.part(fur, Oval(128, 88, 60, 54))
    sketch.part(light, Oval(128, 108, 26, 20), width=4)
    sketch.mark(INK, Oval(128, 100, 11, 8), Band(arc(128, 108, 9, 7, 20, 160, 10), 5))
    for side in (-1, 1):
        sketch.mark(INK, Oval(128 + side * 24, 80, 7, 9))


def bath(sketch: Sketch) -> None:
    tap = "#9aa5b1"
    sketch.part(tap, Band([(34, 118), (34, 52), (70, 52), (70, 68)], 12))
    suds = [Oval(74, 112, 24), Oval(110, 100, 30), Oval(150, 106, 26), Oval(186, 112, 22), Oval(214, 116, 18)]
    sketch.part("#e3f4ff", *suds)
    for x, y, r in ((150, 54, 12), (184, 36, 8), (118, 44, 7)):
        sketch.part("#e3f4ff", Oval(x, y, r), width=4)
    for x in (56, 200):
        sketch.part(tap, Oval(x, 222, 12, 16))
    sketch.part(WHITE, Slab(24, 118, 232, 214, 40))
    sketch.part("#7cc6f2", Slab(14, 112, 242, 132, 10))


def door(sketch: Sketch) -> None:
    sketch.part(WOOD_DARK, Slab(36, 14, 220, 244, 20))
    panel = arc(128, 96, 72, 68, 180, 360) + [(200, 236), (56, 236)]
    sketch.part("#d94848", Blob(panel), width=5)
    sketch.part(SKY, Blob(arc(128, 96, 44, 40, 180, 360)), width=5)
    sketch.mark(INK, Band([(84, 96), (172, 96)], 5), Band([(128, 56), (128, 96)], 5))
    sketch.part("#b83838", Slab(76, 120, 180, 148, 6), width=4)
    sketch.part("#b83838", Slab(76, 166, 118, 222, 6), width=4)
    sketch.part("#b83838", Slab(138, 166, 180, 222, 6), width=4)
    sketch.part("#f2c14e", Oval(188, 156, 9), width=5)
    sketch.part("#9aa5b1", Slab(24, 234, 232, 250, 6), width=5)


# Places, and the things that take people to them: where things happen and who helps.

WALL = "#f6dfb4"
ROOF = "#d94848"
SLATE = "#5b6b8c"
TYRE, HUB = "#3d424a", "#c7ced6"
STONE, STONE_SHADE = "#ece4d2", "#c9bda3"
# UK road signs point to a hospital with a white H on blue. The red cross is not used: it is a
# protected emblem (Geneva Conventions Act 1957, s. 6), not a general sign for "hospital".
HOSPITAL_BLUE = "#005eb8"
# UK police cars wear blue and yellow "Battenburg" checks.
POLICE_BLUE, POLICE_YELLOW = "#1d4f91", "#ffd100"


def window(sketch: Sketch, x0: float, y0: float, x1: float, y1: float, bars: bool = True) -> None:
    """A sky-blue pane; ``bars`` divides it into four, as a house's window is."""
    sketch.part(SKY, Slab(x0, y0, x1, y1, 4), width=5)
    if bars:
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        sketch.mark(INK, Band([(mx, y0), (mx, y1)], 5), Band([(x0, my), (x1, my)], 5))


def gable(sketch: Sketch, x0: float, x1: float, eave: float, apex: float, colour: str) -> None:
    """A triangular roof or pediment from ``x0`` to ``x1``, its point centred above them."""
    sketch.part(colour, Blob([(x0, eave), ((x0 + x1) / 2, apex), (x1, eave)]))


def arched_door(sketch: Sketch, x0: float, x1: float, top: float, ground: float, colour: str) -> None:
    half = (x1 - x0) / 2
    sketch.part(colour, Blob(arc(x0 + half, top + half, half, half, 180, 360, 16) + [(x1, ground), (x0, ground)]),
                width=5)


def house(sketch: Sketch) -> None:
    sketch.part("#a35d3b", Slab(166, 30, 196, 100, 3))
    sketch.part(WALL, Slab(34, 106, 222, 244, 6))
    gable(sketch, 12, 244, 118, 18, ROOF)
    window(sketch, 48, 138, 94, 184)
    window(sketch, 162, 138, 208, 184)
    arched_door(sketch, 106, 150, 160, 244, "#3f88c5")
    sketch.part("#f2c14e", Oval(140, 206, 5), width=3)


def clock(sketch: Sketch, cx: float, cy: float, r: float) -> None:
    sketch.part(WHITE, Oval(cx, cy, r), width=5)
    sketch.mark(INK, Band([(cx, cy - r * 0.7), (cx, cy), (cx + r * 0.5, cy + r * 0.3)], 5))


def school(sketch: Sketch) -> None:
    brick = "#e58f5b"
    sketch.part(brick, Slab(12, 112, 244, 244, 6))
    sketch.part(SLATE, Slab(6, 102, 250, 120, 6))
    sketch.part(brick, Slab(82, 62, 174, 244, 4))
    gable(sketch, 70, 186, 70, 8, SLATE)
    clock(sketch, 128, 108, 26)
    for x in (24, 194):
        for y in (134, 188):
            window(sketch, x, y, x + 38, y + 36)
    sketch.part("#3f88c5", Slab(100, 164, 156, 244, 6), width=5)
    sketch.mark(INK, Band([(128, 164), (128, 244)], 5))


def hospital(sketch: Sketch) -> None:
    pale = "#eef3f7"
    sketch.part(pale, Slab(10, 120, 246, 244, 6))
    sketch.part(pale, Slab(62, 28, 194, 244, 6))
    for x in (20, 204):
        for y in (136, 188):
            window(sketch, x, y, x + 32, y + 34, bars=False)
    for x in (76, 148):
        window(sketch, x, 130, x + 32, 160, bars=False)
    sketch.part(HOSPITAL_BLUE, Slab(90, 40, 166, 116, 12))
    sketch.mark(WHITE, Band([(112, 56), (112, 100)], 13), Band([(144, 56), (144, 100)], 13),
                Band([(112, 78), (144, 78)], 13))
    sketch.part(SKY, Slab(100, 180, 156, 244, 4), width=5)
    sketch.mark(INK, Band([(128, 180), (128, 244)], 5))


def court(sketch: Sketch) -> None:
    sketch.part(STONE_SHADE, Slab(30, 96, 226, 206))
    arched_door(sketch, 108, 148, 134, 206, WOOD_DARK)
    for x in (48, 88, 168, 208):
        sketch.part(STONE, Slab(x - 11, 100, x + 11, 204))
        sketch.part(STONE, Slab(x - 16, 96, x + 16, 110, 3), width=5)
        sketch.part(STONE, Slab(x - 16, 192, x + 16, 206, 3), width=5)
    gable(sketch, 10, 246, 82, 18, STONE)
    sketch.part(STONE_SHADE, Oval(128, 60, 13), width=5)
    sketch.part(STONE, Slab(16, 78, 240, 100, 4))
    sketch.part(STONE, Slab(18, 204, 238, 222, 3))
    sketch.part(STONE, Slab(6, 220, 250, 240, 3))


def shop(sketch: Sketch) -> None:
    sketch.part(WALL, Slab(22, 40, 234, 244, 4))
    sketch.part(SLATE, Slab(12, 28, 244, 52, 6))
    window(sketch, 36, 132, 148, 212, bars=False)
    sketch.mark(INK, Band([(36, 186), (148, 186)], 5))
    for x, colour in ((60, "#e0474c"), (92, "#ff9f1c"), (124, LEAF)):
        sketch.part(colour, Oval(x, 170, 13), width=4)
    sketch.part("#3f88c5", Slab(166, 124, 222, 244, 4), width=5)
    window(sketch, 176, 136, 212, 188, bars=False)
    # The striped awning, its stripes edge to edge inside one outline, scalloped at the bottom.
    x0, x1, top, hem, count = 14, 242, 62, 100, 6
    step = (x1 - x0) / count
    stripes = [Blob([(x0 + step * i, top), (x0 + step * (i + 1), top)]
                    + arc(x0 + step * (i + 0.5), hem, step / 2, 14, 0, 180, 12)) for i in range(count)]
    sketch.outline(*stripes)
    for i, stripe in enumerate(stripes):
        sketch.mark("#e0474c" if i % 2 == 0 else WHITE, stripe)


def bench(sketch: Sketch, x0: float, x1: float, seat: float, ground: float) -> None:
    for x in (x0 + 14, x1 - 14):
        sketch.part(WOOD_DARK, Band([(x, seat - 60), (x, ground)], 12))
    for y in (seat - 54, seat - 32):
        sketch.part(WOOD, Slab(x0, y, x1, y + 14, 5))
    sketch.part(WOOD, Slab(x0 - 6, seat, x1 + 6, seat + 14, 5))


def park(sketch: Sketch) -> None:
    sketch.part("#7cc16a", Slab(4, 214, 252, 246, 14))
    tree_at(sketch, 72, 228, 0.62)
    bench(sketch, 146, 238, 176, 228)


def phone(sketch: Sketch) -> None:
    # Ringing: a phone that someone can call, or that a child can use to tell someone.
    for radius in (78, 100):
        for middle in (0, 180):
            sketch.mark(INK, Band(arc(128, 118, radius, radius, middle - 24, middle + 24, 10), 10))
    sketch.part("#3d424a", Slab(74, 10, 182, 246, 22))
    sketch.part(SKY, Slab(86, 36, 170, 210, 6), width=4)
    sketch.mark("#6b7280", Band([(112, 24), (144, 24)], 6), Oval(128, 228, 8))
    sketch.part("#3aaa35", Oval(128, 122, 32), width=5)
    receiver = turned(arc(128, 122, 15, 15, 110, 250, 12), 128, 122, -45)
    sketch.mark(WHITE, Band(receiver, 9))
    for x, y in (receiver[0], receiver[-1]):
        sketch.mark(WHITE, Oval(x, y, 7))


def wheels(sketch: Sketch, y: float, r: float, *xs: float) -> None:
    for x in xs:
        sketch.part(TYRE, Oval(x, y, r))
        sketch.mark(HUB, Oval(x, y, r * 0.42))


def car_body(sketch: Sketch, paint: str, under_wheels: Callable[[Sketch], None] | None = None) -> None:
    """A car from the side, facing right; ``under_wheels`` adds markings before the wheels go on."""
    sketch.part(paint, Blob([(58, 112), (90, 60), (168, 60), (208, 112)]))
    sketch.part(paint, Slab(14, 106, 242, 184, 28))
    sketch.part(SKY, Blob([(76, 104), (100, 72), (124, 72), (124, 104)]), width=5)
    sketch.part(SKY, Blob([(136, 104), (136, 72), (162, 72), (188, 104)]), width=5)
    sketch.part("#ffe27a", Oval(234, 128, 6, 10), width=4)
    sketch.part("#e0474c", Slab(14, 122, 26, 140, 4), width=4)
    if under_wheels:
        under_wheels(sketch)
    wheels(sketch, 186, 30, 66, 190)


def car(sketch: Sketch) -> None:
    car_body(sketch, "#43a047")


def police_car(sketch: Sketch) -> None:
    def checks(sketch: Sketch) -> None:
        x0, x1, top, size, count = 22, 234, 142, 17, 12
        step = (x1 - x0) / count
        for i in range(count):
            for row in (0, 1):
                colour = POLICE_BLUE if (i + row) % 2 == 0 else POLICE_YELLOW
                y = top + row * size
                sketch.mark(colour, Slab(x0 + step * i, y, x0 + step * (i + 1), y + size))

    car_body(sketch, WHITE, checks)
    sketch.part(POLICE_BLUE, Slab(104, 40, 152, 60, 6))


def bus(sketch: Sketch) -> None:
    red = "#e0312f"
    sketch.part(red, Slab(14, 18, 242, 212, 24))
    for x in (28, 82, 136, 190):
        window(sketch, x, 36, x + 40, 84, bars=False)
    sketch.mark("#f3e3c3", Band([(22, 102), (234, 102)], 10))
    for x in (28, 82, 136):
        window(sketch, x, 120, x + 40, 160, bars=False)
    sketch.part(SKY, Slab(190, 118, 228, 204, 4), width=5)
    sketch.mark(INK, Band([(209, 118), (209, 204)], 5))
    wheels(sketch, 214, 26, 62, 156)


# Weather (the sun, the cloud and the rainbow are house symbols too).


def rays(sketch: Sketch, cx: float, cy: float, inner: float, outer: float, count: int, colour: str) -> None:
    spokes = [Band([polar(cx, cy, inner, angle), polar(cx, cy, outer, angle)], 18)
              for angle in (360 * i / count for i in range(count))]
    sketch.part(colour, *spokes)


def sun(sketch: Sketch) -> None:
    rays(sketch, 128, 128, 70, 110, 10, "#ff9f1c")
    sketch.part("#ffd23f", Oval(128, 128, 70))
    sketch.mark("#ffe88a", Band(arc(128, 128, 48, 48, 200, 250, 8), 10))


def puff(sketch: Sketch, cx: float, cy: float, scale: float, colour: str) -> None:
    """A cloud centred on (cx, cy), 220 × 130 design units at scale 1."""
    def at(x, y, r):
        return Oval(cx + x * scale, cy + y * scale, r * scale)
    flat = Slab(cx - 96 * scale, cy, cx + 96 * scale, cy + 56 * scale, 28 * scale)
    sketch.part(colour, at(-58, 10, 44), at(-6, -20, 58), at(54, 4, 44), flat)


def cloud(sketch: Sketch) -> None:
    puff(sketch, 128, 118, 1.05, "#f2f7fc")


def rain(sketch: Sketch) -> None:
    puff(sketch, 128, 84, 1, "#c9d6e3")
    for x, y in ((70, 190), (128, 220), (186, 190)):
        sketch.part(TEAR, drop(x, y, 13))


def storm(sketch: Sketch) -> None:
    bolt = [(136, 120), (92, 188), (124, 188), (104, 248), (172, 166), (138, 166), (162, 120)]
    sketch.part("#ffd23f", Blob(bolt))
    puff(sketch, 128, 84, 1, "#8a96a3")
    for x, y in ((60, 196), (200, 204)):
        sketch.part(TEAR, drop(x, y, 11))


def rainbow(sketch: Sketch) -> None:
    colours = ["#e53935", "#fb8c00", "#fdd835", "#43a047", "#1e88e5", "#8e24aa"]
    outer, band, cy = 116, 13, 180
    sketch.outline(arch(128, cy, outer, outer - band * len(colours)))
    for i, colour in enumerate(colours):
        sketch.mark(colour, arch(128, cy, outer - band * i, outer - band * (i + 1)))
    for x in (40, 216):
        puff(sketch, x, 188, 0.36, "#f2f7fc")


def snow(sketch: Sketch) -> None:
    arms = []
    for i in range(6):
        angle = 90 + 60 * i
        arms.append(Band([(128, 128), polar(128, 128, 108, angle)], 16))
        fork = polar(128, 128, 66, angle)
        for turn in (-50, 50):
            arms.append(Band([fork, polar(*fork, 34, angle + turn)], 14))
    sketch.part("#bfe6ff", *arms, Oval(128, 128, 24))
    sketch.mark(WHITE, Oval(128, 128, 10))


# Symbols a child can give a house.


def heart(sketch: Sketch) -> None:
    point = Blob([(38, 126), (128, 230), (218, 126), (128, 96)])
    sketch.part("#e5484d", Oval(86, 100, 54), Oval(170, 100, 54), point)
    sketch.mark("#f58b8e", Band(arc(86, 100, 32, 32, 200, 260, 8), 12))


def star(sketch: Sketch) -> None:
    sketch.part("#ffd23f", Blob(star_points(128, 138, 120, 52)))


def moon(sketch: Sketch) -> None:
    sketch.part("#ffe27a", crescent(118, 128, 108, 178, 92, 92))


def flower(sketch: Sketch) -> None:
    sketch.part(LEAF, Band([(128, 140), (128, 244)], 14))
    sketch.part(LEAF, leaf(92, 204, 64, 30, -30), leaf(164, 188, 64, 30, 30))
    for i in range(6):
        sketch.part("#f78fb3", Oval(*polar(128, 96, 56, -90 + 60 * i), 36))
    sketch.part("#ffd23f", Oval(128, 96, 32))


def tree_at(sketch: Sketch, cx: float, ground: float, scale: float = 1) -> None:
    """The apple tree, its trunk standing on (cx, ground); at scale 1 it fills the picture."""
    def at(x, y):
        return cx + (x - 128) * scale, ground + (y - 244) * scale
    sketch.part(WOOD_DARK, Slab(*at(108, 140), *at(148, 244), 8 * scale))
    canopy = ((128, 76, 62), (72, 116, 50), (184, 116, 50), (104, 150, 46), (154, 150, 46))
    sketch.part(LEAF, *(Oval(*at(x, y), r * scale) for x, y, r in canopy))
    for x, y in ((96, 96), (164, 84), (132, 138), (190, 140)):
        sketch.part("#e0474c", Oval(*at(x, y), 10 * scale), width=4)


def tree(sketch: Sketch) -> None:
    tree_at(sketch, 128, 244)


Picture = Callable[[Sketch], None]

STAMPS: dict[str, Picture] = {
    "face-happy": face_happy, "face-sad": face_sad, "face-angry": face_angry, "face-scared": face_scared,
    "face-worried": face_worried, "face-calm": face_calm, "face-surprised": face_surprised,
    "person-adult": person_adult, "person-child": person_child, "person-baby": person_baby,
    "person-older": person_older, "family": family,
    "dog": dog, "cat": cat, "bird": bird, "fish": fish, "rabbit": rabbit,
    "bed": bed, "table": table, "television": television, "food": food, "teddy": teddy, "bath": bath,
    "door": door,
    "sun": sun, "cloud": cloud, "rain": rain, "storm": storm, "rainbow": rainbow, "snow": snow,
    "stick-adult": stick_adult, "stick-child": stick_child, "stick-baby": stick_baby,
    "house": house, "school": school, "hospital": hospital, "car": car, "police-car": police_car, "shop": shop,
    "park": park, "phone": phone, "court": court, "bus": bus,
}

SYMBOLS: dict[str, Picture] = {
    "sun": sun, "cloud": cloud, "heart": heart, "star": star, "rainbow": rainbow, "moon": moon,
    "flower": flower, "tree": tree,
}


def render(picture: Picture) -> Image.Image:
    sketch = Sketch()
    picture(sketch)
    return sketch.picture()


def png_bytes(image: Image.Image) -> bytes:
    out = BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


# Outlines, in logical units 0 … 1000 of the drawing surface (docs/ink.md).


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
    windows = {side: whole([(x0, 370), (x0 + 170, 370), (x0 + 170, 520), (x0, 520)])
               for side, x0 in (("left", 130), ("right", 700))}
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
    wand_line = whole([up_to(top_handle, top_tip, star), top_handle, bottom_handle, up_to(bottom_handle, bottom_tip, star)])
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


def artwork_text(artwork: dict) -> str:
    """artwork.json as written: indented, but every list or object with nothing nested on one line."""
    text = json.dumps(artwork, indent=1, ensure_ascii=False)
    # No id or colour contains a bracket, so a bracket-free span is a whole innermost list or object.
    flat = re.sub(r"[\[{][^\[\]{}]*[\]}]", lambda m: json.dumps(json.loads(m.group()), ensure_ascii=False), text)
    return flat + "\n"


def write_if_changed(path: Path, content: bytes) -> bool:
    if path.exists() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True


def build(ink_dir: Path = INK_DIR, artwork: dict | None = None) -> list[Path]:
    """Write every stamp and symbol PNG and the outlines under ``ink_dir``; return what changed."""
    artwork = json.loads(ARTWORK.read_text(encoding="utf-8")) if artwork is None else artwork
    wanted = [("stamps", stamp["id"], STAMPS) for stamp in artwork["stamps"]]
    wanted += [("symbols", symbol, SYMBOLS) for symbol in artwork["symbols"]]
    missing = [f"{folder}/{name}" for folder, name, pictures in wanted if name not in pictures]
    if missing:
        raise KeyError(f"artwork.json names pictures this module cannot draw: {', '.join(missing)}")
    changed = []
    for folder, name, pictures in wanted:
        path = ink_dir / folder / f"{name}.png"
        if write_if_changed(path, png_bytes(render(pictures[name]))):
            changed.append(path)
    artwork = {**artwork, "outlines": outlines()}
    path = ink_dir / "artwork.json"
    if write_if_changed(path, artwork_text(artwork).encode("utf-8")):
        changed.append(path)
    return changed


def main() -> int:
    try:
        changed = build()
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 1
    for path in changed:
        print(f"wrote {path.relative_to(ROOT).as_posix()}")
    print(f"{len(changed)} file(s) changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
