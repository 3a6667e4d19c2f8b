"""The animal stamps: a dog, a cat, a rabbit, a bird and a fish.

Main decision: each animal is a few stickers, its eyes ink ovals with a white catch-light as the
faces' are, so that they look alive rather than like holes.
"""

from scripts.artwork.palette import CHEEK, INK, WHITE
from scripts.artwork.sketch import Band, Blob, Oval, Sketch, Slab, arc, leaf, tilted_oval

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
