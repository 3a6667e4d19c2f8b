"""The home stamps: a bed, a table, a television, food, a teddy, a bath and a door.

Main decision: the things of a home a child may want to talk about, in the palette's shared wood,
leaf and sky colours (``sketch``) so that they sit together as one set.
"""

from scripts.artwork.palette import INK, LEAF, SKY, WHITE, WOOD, WOOD_DARK
from scripts.artwork.sketch import OUTLINE, Band, Blob, Oval, Sketch, Slab, arc, crescent, leaf, tilted_oval


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
