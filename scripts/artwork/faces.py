"""The feelings stamps: faces.

Main decision: the feelings stamps share one face and differ only in eyes, brows and mouth.
"""

import math

from scripts.artwork.palette import CHEEK, FACE, INK, TEAR, WHITE
from scripts.artwork.sketch import FEATURE, Band, Blob, Oval, Sketch, Slab, arc, drop, mirrored

EYE_LEFT, EYE_RIGHT, EYE_Y = 90, 166, 108


def face(sketch: Sketch, cheeks: bool = False) -> None:
    sketch.part(FACE, Oval(128, 130, 112))
    if cheeks:
        sketch.mark(CHEEK, Oval(62, 150, 16, 11), Oval(194, 150, 16, 11))


def eyes(sketch: Sketch, rx: float = 12, ry: float = 17, dy: float = 0) -> None:
    sketch.mark(INK, Oval(EYE_LEFT, EYE_Y + dy, rx, ry), Oval(EYE_RIGHT, EYE_Y + dy, rx, ry))
    # A small white catch-light makes the eyes look alive rather than like holes.
    light = rx * 0.4
    sketch.mark(
        WHITE,
        Oval(EYE_LEFT + rx * 0.3, EYE_Y + dy - ry * 0.4, light),
        Oval(EYE_RIGHT + rx * 0.3, EYE_Y + dy - ry * 0.4, light),
    )


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
