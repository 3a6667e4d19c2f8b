"""The symbol vocabulary's own pictures: what OpenMoji has no good symbol for (docs/symbols.md).

Main decision: these are drawn with the stamps' own primitives and people, in the stamps' warm
palette, so a child sees one family of pictures; the answers follow the colours AAC boards use
(green tick yes, red cross no, amber not sure, a red octagon stop) and every one is more than its
colour (a tick, a cross, a question mark, a raised hand) for children who don't see colour.
"""

from scripts.artwork.faces import EYE_LEFT, EYE_RIGHT, brows
from scripts.artwork.palette import FACE, INK, WHITE
from scripts.artwork.people import ADULT, CHILD, SKIN_DEEP, SKIN_LIGHT, SKIN_MEDIUM, Look, person, person_child
from scripts.artwork.places import ROOF, WALL, court, gable
from scripts.artwork.sketch import Band, Blob, Oval, Sketch, Slab, arc, polar, star_points
from scripts.artwork.symbols import heart_at

GREEN, RED, AMBER = "#3a9d4f", "#d94848", "#f2b134"


def yes(sketch: Sketch) -> None:
    sketch.part(GREEN, Oval(128, 128, 112))
    sketch.mark(WHITE, Band([(70, 132), (110, 174), (188, 88)], 30))


def no(sketch: Sketch) -> None:
    sketch.part(RED, Oval(128, 128, 112))
    sketch.mark(WHITE, Band([(82, 82), (174, 174)], 30), Band([(174, 82), (82, 174)], 30))


def not_sure(sketch: Sketch) -> None:
    sketch.part(AMBER, Oval(128, 128, 112))
    hook = arc(128, 92, 38, 36, 195, 420, 24) + [(128, 150)]
    sketch.mark(INK, Band(hook, 24), Oval(128, 194, 15))


def raised_hand(sketch: Sketch, colour: str) -> None:
    """A palm held up, as a person signals stop."""
    fingers = ((104, 70), (122, 58), (140, 60), (157, 76))
    sketch.mark(colour, *(Band([(x, 128), (x, y)], 17) for x, y in fingers))
    sketch.mark(colour, Slab(94, 110, 166, 184, 26), Band([(100, 160), (78, 126)], 18))


def stop(sketch: Sketch) -> None:
    octagon = [polar(128, 128, 118, 22.5 + 45 * i) for i in range(8)]
    sketch.part(RED, Blob(octagon))
    sketch.mark(WHITE, Band([polar(128, 128, 102, 22.5 + 45 * i) for i in range(9)], 7))
    raised_hand(sketch, WHITE)


def grown_up(sketch: Sketch) -> None:
    person(sketch, 128, 246, ADULT, Look(SKIN_MEDIUM, "#3b2a22", "long", "#8e5fb0", "#44546a"))


def social_worker(sketch: Sketch) -> None:
    # A lanyard and badge, which is how children know the worker who visits, and a folder in hand.
    person(sketch, 118, 246, ADULT, Look(SKIN_LIGHT, "#6b4a2b", "crop", "#2f7fb8", "#44546a"))
    sketch.mark("#e0474c", Band([(92, 80), (118, 122), (144, 80)], 6))
    sketch.part(WHITE, Slab(104, 118, 132, 150, 4), width=4)
    sketch.mark(INK, Band([(110, 130), (126, 130)], 4), Band([(110, 140), (122, 140)], 4))
    sketch.part("#f2b134", Slab(160, 130, 214, 196, 6))


def foster_carer(sketch: Sketch) -> None:
    # A grown-up and a child hand in hand under a heart: someone who looks after you.
    person(sketch, 82, 246, ADULT, Look(SKIN_DEEP, "#2f2420", "curly", "#43a047", "#44546a"), scale=0.8)
    person(sketch, 180, 246, CHILD, Look(SKIN_MEDIUM, "#c8642c", "crop", "#f2b134", "#2f7fb8"), scale=0.72)
    sketch.mark(INK, Band([(128, 190), (142, 196)], 12))
    heart_at(sketch, 186, 44, 0.3)


def safe(sketch: Sketch) -> None:
    # A roof over a heart: held, sheltered, looked after.
    sketch.part(WALL, Slab(42, 112, 214, 240, 8))
    gable(sketch, 14, 242, 124, 20, ROOF)
    heart_at(sketch, 128, 178, 0.48)


def shouting(sketch: Sketch) -> None:
    sketch.part(FACE, Oval(108, 132, 96))
    brows(sketch, outer_y=80, inner_y=98, width=12)
    for x in (EYE_LEFT - 20, EYE_RIGHT - 20):
        sketch.mark(INK, Oval(x, 114, 10, 12))
    sketch.part("#7a2f2f", Oval(108, 178, 30, 34), width=5)
    for angle in (-30, 0, 30):
        start, end = polar(108, 178, 112, angle), polar(108, 178, 142, angle)
        sketch.mark(INK, Band([start, end], 12))


def hitting(sketch: Sketch) -> None:
    # A fist meeting a burst: what a child draws for a hit.
    sketch.part("#ff8c42", Blob(star_points(168, 112, 86, 44, tips=8)))
    sketch.part(SKIN_LIGHT, Slab(26, 118, 82, 170, 12))
    sketch.part(SKIN_LIGHT, Slab(62, 84, 150, 176, 26))
    for y in (108, 132, 154):
        sketch.mark(INK, Band([(112, y), (148, y)], 6))
    sketch.part(SKIN_LIGHT, Slab(52, 148, 118, 176, 14), width=5)


OWN: dict = {
    "yes": yes,
    "no": no,
    "not-sure": not_sure,
    "stop": stop,
    "grown-up": grown_up,
    "me": person_child,  # the child the stamps already have: "me" is the child using the tablet
    "social-worker": social_worker,
    "foster-carer": foster_carer,
    "safe": safe,
    "shouting": shouting,
    "hitting": hitting,
    "court": court,
}
