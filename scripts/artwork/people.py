"""The people stamps: figures, a baby, a family, and stick figures.

Main decision: one figure, proportioned as an adult, a child or an older person, in several looks;
and stick figures, what an adult who can't draw would draw, but steady.
"""

from typing import NamedTuple

from scripts.artwork.palette import CHEEK, INK, WHITE, WOOD
from scripts.artwork.sketch import Band, Blob, Oval, Sketch, Slab, arc, polar, tilted_oval


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


def person(
    sketch: Sketch,
    cx: float,
    ground: float,
    build: Build,
    look: Look,
    scale: float = 1,
    stick: bool = False,
    glasses: bool = False,
) -> None:
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
    person(sketch, 120, 246, ADULT, Look(SKIN_LIGHT, "#dcdcdc", "bald", "#8e5fb0", "#6d6d6d"), stick=True, glasses=True)


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


def stick_figure(
    sketch: Sketch, cx: float, ground: float, height: float, head: float, arms_up: bool = False, sitting: bool = False
) -> tuple:
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
            lines.append(
                Band(
                    [
                        (cx, hip),
                        (cx + side * reach * 0.7, ground - STICK / 2),
                        (cx + side * reach * 1.2, ground - STICK / 2),
                    ],
                    STICK,
                )
            )
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
