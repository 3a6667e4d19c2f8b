"""The Safety House drawn on paper: the child's drawing over the house, and the "My Safety House"
page — the house with its zones (inside, the garden and the path, the roof with its rules, outside
beyond a red line) and the safety path — laid out as blocks for the platform's page flow
(export_layout.py), so one layout is the kind's own PDF and PNG and its section in a pack.

Main decision: the house is drawn with our own simple shapes (a square picture: the garden, the
walls, the roof, the door, the path and the red line), never Sonja Parker's artwork, and every word
on it is real text laid over the picture, so the PDF's words are extractable (Welsh too). The house
shows the names that fit in each zone; every rule and number, and any name that did not fit, is
printed in full under it, and carries on over further pages rather than ever being cut off.
"""

from PIL import Image, ImageDraw

from ...artefacts import audience as audiences
from ...artefacts.export_layout import INNER, by_line
from ...artefacts.fields import written_by
from ...paper import ink, ink_decode, lettering, raster, sheets
from ...platform.i18n import _, ngettext
from . import OUTLINE, PATH, ZONE_NAMES
from .house import by_zone, whose

SIDE = 320  # the house picture, points
GAP = 12
OUTSIDE_X = sheets.MARGIN + SIDE + GAP  # the column beyond the red line
OUTSIDE_WIDTH = INNER - SIDE - GAP
DRAWING_SIDE = 130  # the child's drawing, in the column beyond the red line
PATH_BOX = 22
RED = (212, 53, 28)
GREEN = (0, 112, 60)
NAME_STYLE = lettering.Style("regular", 9, 11.5)
ZONE_STYLE = lettering.Style("bold", 10, 13)
OUTSIDE_STYLE = lettering.Style("bold", 10, 13, RED)
NUMBER_STYLE = lettering.Style("bold", 11, 14)
# The picture's shapes, in fractions of its side.
ROOF = [(0.10, 0.40), (0.50, 0.09), (0.90, 0.40)]
WALLS = (0.16, 0.40, 0.84, 0.78)
DOOR = (0.44, 0.62, 0.56, 0.78)
GARDEN_PATH = [(0.44, 0.78), (0.56, 0.78), (0.64, 1.0), (0.36, 1.0)]


def drawing_image(data: bytes, size_px: int) -> Image.Image:
    """The child's drawing over the house outline (artwork.json), as a square RGB picture (the
    placeholder for one over the drawing budget, stored before there was one)."""
    artwork = ink.load_artwork()
    return raster.render_drawing(ink_decode.decode(data, artwork, OUTLINE, within_budget=False), OUTLINE, size_px)


def house_picture(size_px: int) -> Image.Image:
    """The house and its zones, our own simple shapes: the garden all round, the path to the door,
    the walls, the roof, and the red line down the right-hand side."""
    picture = Image.new("RGB", (size_px, size_px), (223, 240, 216))
    draw = ImageDraw.Draw(picture)
    width = max(1, size_px // 200)

    def at(points):
        return [(x * size_px, y * size_px) for x, y in points]

    draw.polygon(at(GARDEN_PATH), fill=(236, 226, 200), outline=(150, 130, 90), width=width)
    left, top, right, bottom = WALLS
    draw.rectangle(at([(left, top), (right, bottom)]), fill="white", outline=(40, 40, 40), width=2 * width)
    draw.polygon(at(ROOF), fill=(246, 214, 170), outline=(40, 40, 40), width=2 * width)
    left, top, right, bottom = DOOR
    draw.rectangle(at([(left, top), (right, bottom)]), fill=(181, 136, 92), outline=(40, 40, 40), width=width)
    draw.rectangle(at([(0.985, 0), (1, 1)]), fill=RED)
    return picture


def _names(people: list[dict], x: float, top: float, width: float, bottom: float) -> tuple[list[tuple], int]:
    """As many of `people` as fit from `top` to `bottom` in a column: (items, how many)."""
    items, y = [], top
    for placed, someone in enumerate(people):
        lines = [(text, NAME_STYLE) for text in lettering.wrap(someone["name"], NAME_STYLE, width)]
        if someone["only_with_safe_adult"]:
            lines += [(text, lettering.BY) for text in lettering.wrap(_("only with a safe adult"), lettering.BY, width)]
        height = sum(style.leading for _text, style in lines)
        if y + height > bottom:
            return items, placed
        for text, style in lines:
            items.append(("text", x, lettering.baseline(y, style), text, style))
            y += style.leading
    return items, len(people)


def _columns(people, columns: list[tuple[float, float]], top: float, bottom: float) -> tuple[list[tuple], int]:
    items, placed = [], 0
    for x, width in columns:
        made, count = _names(people[placed:], x, top, width, bottom)
        items += made
        placed += count
    return items, placed


def _more(count: int, x: float, y: float, width: float) -> list[tuple]:
    if not count:
        return []
    text = ngettext("and %(num)s more, listed below", "and %(num)s more, listed below", count)
    return [
        ("text", x, lettering.baseline(y, lettering.NOTE), line, lettering.NOTE)
        for line in lettering.wrap(text, lettering.NOTE, width)[:1]
    ]


def _centred(lines: list[tuple[str, lettering.Style]], centre: float, top: float) -> list[tuple]:
    items, y = [], top
    for text, style in lines:
        items.append(
            ("text", centre - lettering.text_width(text, style) / 2, lettering.baseline(y, style), text, style)
        )
        y += style.leading
    return items


def _heading(text: str, style, x: float, top: float, width: float) -> tuple[list[tuple], float]:
    lines = lettering.wrap(text, style, width)
    return [
        ("text", x, lettering.baseline(top + n * style.leading, style), line, style) for n, line in enumerate(lines)
    ], len(lines) * style.leading


def house_block(content: dict, picture: str, drawing: str | None) -> tuple[list[tuple], float, int]:
    """The house with the names in its zones and the safety path under it, as one block of the
    page flow (items from y = 0, its height), and how many people did not fit on it."""
    x0, side = sheets.MARGIN, SIDE
    zones = by_zone(content["people"])
    items: list[tuple] = [("drawing", x0, 0, side, picture)]
    left_missing = 0
    # The roof: its rules are written under the house.
    count = len(content["rules"])
    told = ngettext("%(num)s rule, written below", "%(num)s rules, written below", count) if count else _("No rules")
    items += _centred(
        [(line, ZONE_STYLE) for line in lettering.wrap(_("The rules on the roof"), ZONE_STYLE, 0.40 * side)]
        + [(line, lettering.BY) for line in lettering.wrap(told, lettering.BY, 0.40 * side)],
        x0 + 0.5 * side,
        0.25 * side,
    )
    # Inside: two columns either side of the door.
    walls_l, walls_t, walls_r, walls_b = (value * side for value in WALLS)
    heading, height = _heading(
        str(ZONE_NAMES["inside"]), ZONE_STYLE, x0 + walls_l + 6, walls_t + 4, walls_r - walls_l - 12
    )
    items += heading
    column = (DOOR[0] * side - walls_l) - 10
    made, placed = _columns(
        zones["inside"],
        [(x0 + walls_l + 6, column), (x0 + DOOR[2] * side + 4, column)],
        walls_t + 6 + height,
        walls_b - lettering.NOTE.leading - 2,
    )
    items += made + _more(
        len(zones["inside"]) - placed, x0 + walls_l + 6, walls_b - lettering.NOTE.leading - 2, walls_r - walls_l
    )
    left_missing += len(zones["inside"]) - placed
    # The garden and the path: a heading top left, the names under the house either side of the path.
    items += _heading(str(ZONE_NAMES["garden"]), ZONE_STYLE, x0 + 6, 4, 0.32 * side)[0]
    bottom = side - lettering.NOTE.leading - 2
    made, placed = _columns(
        zones["garden"], [(x0 + 6, 0.34 * side - 10), (x0 + 0.66 * side, 0.32 * side - 10)], walls_b + 6, bottom
    )
    items += made + _more(len(zones["garden"]) - placed, x0 + 6, bottom, 0.34 * side - 10)
    left_missing += len(zones["garden"]) - placed
    # Beyond the red line, and the child's drawing under it.
    heading, height = _heading(str(ZONE_NAMES["outside"]), OUTSIDE_STYLE, OUTSIDE_X, 0, OUTSIDE_WIDTH)
    items += heading
    bottom = side - (DRAWING_SIDE + 24 if drawing else 0) - lettering.NOTE.leading
    made, placed = _names(zones["outside"], OUTSIDE_X, height + 4, OUTSIDE_WIDTH, bottom)
    items += made + _more(len(zones["outside"]) - placed, OUTSIDE_X, bottom, OUTSIDE_WIDTH)
    left_missing += len(zones["outside"]) - placed
    if drawing:
        top = side - DRAWING_SIDE - 14
        items += [
            ("drawing", OUTSIDE_X, top, DRAWING_SIDE, drawing),
            ("box", OUTSIDE_X, top, DRAWING_SIDE, DRAWING_SIDE, None, lettering.RULE),
            (
                "text",
                OUTSIDE_X,
                lettering.baseline(side - 12, lettering.NOTE),
                _("The child's drawing"),
                lettering.NOTE,
            ),
        ]
    path_items, path_height = _path(content, side + 10)
    return items + path_items, side + 10 + path_height + 6, left_missing


def _path(content: dict, top: float) -> tuple[list[tuple], float]:
    """The safety path: a box for each number from the lowest to the highest, the child's own marked,
    and whose each number is under it (each number on its own, never averaged)."""
    low, high = PATH
    items, height = _heading(_("The safety path"), ZONE_STYLE, sheets.MARGIN, top, INNER)
    step = INNER / (high - low + 1)
    own = {number["number"] for number in content["path"] if number["who"] == "child"}
    boxes_top = top + height + 2
    for value in range(low, high + 1):
        x = sheets.MARGIN + (value - low) * step
        fill, border = (lettering.BOX_FILL, lettering.BOX_BORDER) if value in own else (None, lettering.RULE)
        items.append(("box", x + 2, boxes_top, step - 4, PATH_BOX, fill, border))
        label = str(value)
        items.append(
            (
                "text",
                x + (step - lettering.text_width(label, NUMBER_STYLE)) / 2,
                lettering.baseline(boxes_top + (PATH_BOX - NUMBER_STYLE.leading) / 2, NUMBER_STYLE),
                label,
                NUMBER_STYLE,
            )
        )
    said = " · ".join(f"{whose(number)}: {number['number']}" for number in content["path"])
    if content["faces"]:
        said = f"{said} ({_('shown with faces')})" if said else _("Shown with faces")
    lines, lines_height = _heading(
        said or _("No numbers on the path"), lettering.DETAIL, sheets.MARGIN, boxes_top + PATH_BOX + 4, INNER
    )
    return items + lines, height + 2 + PATH_BOX + 4 + lines_height


def words_blocks(blocks, content: dict, audience: str, everyone: bool) -> None:
    """Under the house: every rule verbatim (who wrote it down), every number with why it is there and
    what would make it one step closer, and — when `everyone`, or some did not fit on the house — the
    people by zone; in the full record each with who the child said may see it."""
    record = audiences.wish_audience(audience) is None
    blocks.heading(_("The rules on the roof"))
    for number, rule in enumerate(content["rules"], start=1):
        blocks.text(
            _("%(number)s. %(rule)s", number=number, rule=rule["text"]),
            lettering.WORDS,
            by_line(written_by(rule["by"]), rule["share"], audience),
        )
    if not content["rules"]:
        blocks.text(_("No rules written down") if record else _("No rules included here"), lettering.NOTE)
    blocks.heading(_("The safety path"))
    for number in content["path"]:
        blocks.heading(f"{whose(number)}: {number['number']}", ZONE_STYLE, space=4)
        if number["why"]:
            blocks.text(_("Why there: %(why)s", why=number["why"]), lettering.WORDS)
        if number["closer"]:
            blocks.text(_("What would make it one step closer: %(closer)s", closer=number["closer"]), lettering.WORDS)
        note = audiences.wish_note(number["share"], audience)
        if note:
            blocks.text(note, lettering.BY)
    if not content["path"]:
        blocks.text(_("No numbers on the path") if record else _("No numbers included here"), lettering.NOTE)
    if not everyone:
        return
    blocks.heading(_("Who is in the house"))
    zones = by_zone(content["people"])
    for zone, people in zones.items():
        if not people:
            continue
        blocks.heading(str(ZONE_NAMES[zone]), ZONE_STYLE, space=4)
        for someone in people:
            said = _("placed by the child") if someone["by"] == "child" else _("placed by the worker")
            if someone["only_with_safe_adult"]:
                said = f"{_('only with a safe adult')} · {said}"
            blocks.text(someone["name"], lettering.WORDS, by_line(said, someone["share"], audience))
