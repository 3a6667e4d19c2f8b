"""The weather stamps (the sun, the cloud and the rainbow are house symbols too).

Main decision: one cloud (``puff``) serves the cloud, the rain, the storm and the rainbow's ends,
at different sizes and greys.
"""

from scripts.artwork.palette import TEAR, WHITE
from scripts.artwork.sketch import Band, Blob, Oval, Sketch, Slab, arc, arch, drop, polar


def rays(sketch: Sketch, cx: float, cy: float, inner: float, outer: float, count: int, colour: str) -> None:
    spokes = [
        Band([polar(cx, cy, inner, angle), polar(cx, cy, outer, angle)], 18)
        for angle in (360 * i / count for i in range(count))
    ]
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
