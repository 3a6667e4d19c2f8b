"""The places stamps, and the things that take people to them: where things happen and who helps.

Main decision: places are drawn as a child would know them, not as their logos: a hospital wears
the UK road sign's white H on blue, never the red cross (a protected emblem), and a police car the
UK's blue and yellow checks. The buildings share a window, a gable and an arched door.
"""

from collections.abc import Callable

from scripts.artwork.palette import INK, LEAF, SKY, WHITE, WOOD, WOOD_DARK
from scripts.artwork.sketch import Band, Blob, Oval, Sketch, Slab, arc, turned
from scripts.artwork.symbols import tree_at

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
    sketch.part(
        colour, Blob(arc(x0 + half, top + half, half, half, 180, 360, 16) + [(x1, ground), (x0, ground)]), width=5
    )


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
    sketch.mark(
        WHITE, Band([(112, 56), (112, 100)], 13), Band([(144, 56), (144, 100)], 13), Band([(112, 78), (144, 78)], 13)
    )
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
    stripes = [
        Blob(
            [(x0 + step * i, top), (x0 + step * (i + 1), top)]
            + arc(x0 + step * (i + 0.5), hem, step / 2, 14, 0, 180, 12)
        )
        for i in range(count)
    ]
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
