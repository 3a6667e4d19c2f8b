"""The canvas, the drawing primitives, the measures and the point lists every picture shares.

How a picture is drawn: on a canvas ``SUPERSAMPLE`` times larger than the 256 px PNG, in design
units of that PNG (0 … 256). Each coloured part is a "sticker": first its shapes grown by
``OUTLINE`` in dark ``INK``, then the shapes themselves in their colour, so every part carries its
own dark outline and a later part sits visibly in front of an earlier one. Growing a shape is its
exact Minkowski sum with a disc (an oval gets a bigger radius; a polygon gets thick edges and a
disc at every corner), which gives the rounded, even outline of a felt-tip drawing. The dark
outline is what makes a stamp readable on white paper and on any of the palette's fills alike.

The same pictures can also be written as SVG (``SvgSketch``, for the symbol vocabulary,
``static/symbols/own/``): each shape then becomes one SVG element in design units, its outline the
same shape stroked in ``INK`` with round joins, which is the same Minkowski sum drawn by the renderer.
"""

import math
from typing import NamedTuple

from PIL import Image, ImageDraw

from scripts.artwork.palette import INK

SIZE = 256  # the side of every stamp and symbol PNG (docs/ink.md, "Stamps")
SUPERSAMPLE = 4  # drawn at 1024 px and reduced, for smooth edges
OUTLINE = 7  # design units: about 1 CSS px when a stamp is shown at its smallest, 40 px
FEATURE = 11  # eyes' lines, mouths and brows: thick enough to read at 40 px


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

    def svg(self, colour: str, grow: float) -> str:
        ry = self.rx if self.ry is None else self.ry
        if self.ry is None or self.ry == self.rx:
            return f'<circle cx="{n(self.cx)}" cy="{n(self.cy)}" r="{n(self.rx + grow)}" fill="{colour}"/>'
        return (
            f'<ellipse cx="{n(self.cx)}" cy="{n(self.cy)}" rx="{n(self.rx + grow)}" ry="{n(ry + grow)}" '
            f'fill="{colour}"/>'
        )


class Blob(NamedTuple):
    """A filled simple polygon."""

    points: list

    def paint(self, pen: ImageDraw.ImageDraw, colour: str, grow: float) -> None:
        pen.polygon(scaled_points(self.points), fill=colour)
        if grow:
            ring = list(self.points) + [self.points[0]]
            Band(ring, 0).paint(pen, colour, grow)

    def svg(self, colour: str, grow: float) -> str:
        stroke = f' stroke="{colour}" stroke-width="{n(2 * grow)}" stroke-linejoin="round"' if grow else ""
        return f'<polygon points="{svg_points(self.points)}" fill="{colour}"{stroke}/>'


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

    def svg(self, colour: str, grow: float) -> str:
        width = self.width + 2 * grow
        if len(self.points) == 1:
            return Oval(*self.points[0], width / 2).svg(colour, 0)
        return (
            f'<polyline points="{svg_points(self.points)}" fill="none" stroke="{colour}" '
            f'stroke-width="{n(width)}" stroke-linecap="round" stroke-linejoin="round"/>'
        )


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

    def svg(self, colour: str, grow: float) -> str:
        x, y = self.x0 - grow, self.y0 - grow
        width, height = self.x1 - self.x0 + 2 * grow, self.y1 - self.y0 + 2 * grow
        corner = f' rx="{n(self.radius + grow)}"' if self.radius + grow else ""
        return f'<rect x="{n(x)}" y="{n(y)}" width="{n(width)}" height="{n(height)}"{corner} fill="{colour}"/>'


def n(value: float) -> str:
    """A coordinate for SVG: one decimal is a quarter of a pixel at 256 px, and keeps files small."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def svg_points(points: list) -> str:
    return " ".join(f"{n(x)},{n(y)}" for x, y in points)


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


class SvgSketch(Sketch):
    """The same picture as SVG elements: what ``Sketch`` paints, in the same order, as vectors."""

    def __init__(self) -> None:
        self.elements: list[str] = []

    def outline(self, *shapes, width: float = OUTLINE) -> None:
        self.elements += [shape.svg(INK, width) for shape in shapes]

    def mark(self, colour: str, *shapes) -> None:
        self.elements += [shape.svg(colour, 0) for shape in shapes]

    def svg(self, margin: float = 0) -> str:
        """The picture as an SVG document; ``margin`` (design units) of empty space around it."""
        body = "\n".join(self.elements)
        box = f"{n(-margin)} {n(-margin)} {n(SIZE + 2 * margin)} {n(SIZE + 2 * margin)}"
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}" width="{SIZE}" height="{SIZE}">\n{body}\n</svg>\n'
        )


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
    top = [
        (cx - length / 2 + length * i / steps, cy - width / 2 * math.sin(math.pi * i / steps)) for i in range(steps + 1)
    ]
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
    along = (radius**2 - bite_radius**2 + apart**2) / (2 * apart)
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
