"""The symbols a child can give a house that are not weather (those are in ``weather``).

Main decision: the tree and the heart are drawn at any place and size (``tree_at``, ``heart_at``), so that the park stamp
stands the same apple tree in its corner and the vocabulary's symbols carry the same heart.
"""

from scripts.artwork.palette import LEAF, WOOD_DARK
from scripts.artwork.sketch import Band, Blob, Oval, Sketch, Slab, arc, crescent, leaf, polar, star_points


def heart_at(sketch: Sketch, cx: float, cy: float, scale: float = 1) -> None:
    """The heart centred on (cx, cy); at scale 1 it fills the picture."""

    def at(x, y):
        return cx + (x - 128) * scale, cy + (y - 140) * scale

    point = Blob([at(38, 126), at(128, 230), at(218, 126), at(128, 96)])
    sketch.part("#e5484d", Oval(*at(86, 100), 54 * scale), Oval(*at(170, 100), 54 * scale), point)
    x, y = at(86, 100)
    sketch.mark("#f58b8e", Band(arc(x, y, 32 * scale, 32 * scale, 200, 260, 8), 12 * scale))


def heart(sketch: Sketch) -> None:
    heart_at(sketch, 128, 140)


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
