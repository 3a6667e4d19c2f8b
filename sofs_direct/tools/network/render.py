"""The family and safety network on paper and as a picture: the circles map (a PNG), the map with the
members list (a PDF), and a network meeting's printable record for the family (a PDF).

Main decision: the map is drawn once, with Pillow, as a picture, and the PDF places that picture on
its first page; the members list and the meeting record are laid out here as printing.py's items (text,
rules, images, in points) and written by printing.py's writer, so they use the same embedded DejaVu Sans,
which prints Welsh (ŵ ŷ) as written. A name on the map is kept to two short lines (the map has room
for no more, and a name ends "…" only there); the list under it always has every word in full.

Positions follow docs/network.md: ring 1 is closest to the family, 4 outermost; `angle` is degrees
clockwise from the top. The children sit in the centre. People are spread out so that no two sit on
top of one another (lay_out), by the same rule as the tablet's map.
"""

import math
from dataclasses import dataclass

from PIL import Image, ImageDraw

from ...artefacts.export_layout import PAGE_BREAK, heading_block, paged
from ...paper import booklets, lettering, printing, raster, sheets
from ...platform.dates import long_date
from ...platform.i18n import _

RINGS = 4
BAND_COLOURS = ((232, 241, 248), (243, 247, 250), (232, 241, 248), (243, 247, 250))  # pale, alternating
RING_LINE = (29, 112, 184)
CENTRE_FILL = (255, 247, 214)
NAME_LINES = 2
CHILD_VIEWS = ("helps", "trusts", "worries")

# The PDF: A4 landscape, as the Three Houses sheet.
MAP_SIDE = 470  # points
CELL_PAD = 4
CELL = lettering.Style("regular", 8.5, 11)
CELL_HEAD = lettering.Style("bold", 8.5, 11)
# The members list's columns and their share of the page's width.
COLUMN_SHARES = (0.15, 0.11, 0.05, 0.16, 0.07, 0.1, 0.1, 0.07, 0.07, 0.12)


# --- words shared by the page and the paper ---------------------------------------------------------


def long_day(value: str | None) -> str:
    """The day in words (dates.long_date), or nothing for a day not recorded."""
    return long_date(value) if value else ""


def answer(value) -> str:
    """A yes/no field that may not have been asked yet (null, or never answered: absent)."""
    if value is None:
        return _("Not asked yet")
    return _("Yes") if value else _("No")


def view_name(view: str) -> str:
    return {"helps": _("Helps me"), "trusts": _("I trust them"), "worries": _("Worries me")}.get(view, view)


def child_view(member: dict) -> str:
    views = [view for view in CHILD_VIEWS if view in (member.get("child_view") or [])]
    return ", ".join(view_name(view) for view in views) if views else _("Not said")


def informed(member: dict) -> str:
    return long_day(member.get("informed")) if member.get("informed") else _("Not yet")


def person_with(name: str, detail: str | None) -> str:
    """A person with their relation or role: "Gwen (grandmother)"; when either already has brackets,
    "Gwen (Nain) – grandmother", never brackets inside brackets. The tablet says it the same way
    (personWith in static/js/tools/network/model.js)."""
    if not detail:
        return name
    if any(bracket in name + detail for bracket in "()"):
        return f"{name} – {detail}"
    return f"{name} ({detail})"


# --- the circles map --------------------------------------------------------------------------------


def ring_of(member: dict) -> int:
    ring = member.get("ring")
    return ring if isinstance(ring, int) and 1 <= ring <= RINGS else RINGS


# --- where each person sits: spread out, never on top of one another --------------------------------
#
# Each person is placed at their ring and angle; where that spot is taken (two people at the same
# angle, as after "Closer"), they move round their ring to the nearest free spot, a few degrees at a
# time either way, or to the inner or outer edge of their ring's band. Only when their ring has no
# room left at all do they sit in the next ring out that has some (the list of people always says
# their ring). The tablet lays out its map the same way (layOut in
# static/js/tools/network/layout.js), so a map looks alike on the tablet, on the page, in the PNG and
# the PDF.

STEP_DEGREES = 3  # how far round a person is moved at a time, looking for room
EDGES = (0, -0.4, 0.4)  # where across its band a person may sit: the middle first, then in, then out


@dataclass(frozen=True)
class Person:
    """One person to place: their ring and angle, an order key (their id), and their box in pixels:
    `width` × `height`, with their spot (the middle of their picture) `across` pixels right of the
    box's left edge and `above` pixels below its top."""

    ring: int
    angle: int
    key: str
    width: float
    height: float
    across: float
    above: float


@dataclass(frozen=True)
class Rings:
    """The map's geometry in pixels: its centre, the radius of each ring's middle, a band's width."""

    centre: tuple[float, float]
    middle: tuple[float, ...]  # by ring - 1
    band: float


def _box(person: Person, x: float, y: float) -> tuple[float, float, float, float]:
    left, top = x - person.across, y - person.above
    return (left, top, left + person.width, top + person.height)


def _overlaps(box, other, gap: float) -> bool:
    return box[0] < other[2] + gap and other[0] < box[2] + gap and box[1] < other[3] + gap and other[1] < box[3] + gap


def _inside(box, bounds) -> bool:
    return bounds is None or (
        box[0] >= bounds[0] and box[1] >= bounds[1] and box[2] <= bounds[2] and box[3] <= bounds[3]
    )


def lay_out(people: list[Person], rings: Rings, obstacles=(), bounds=None, gap: float = 4) -> list[tuple]:
    """Where each person sits, (x, y, box, ring), in the order given: people are placed one by one (by
    ring, angle and key, so the same people always give the same map) at the nearest spot whose box
    overlaps no box already placed, no obstacle, and stays within `bounds` (when given). `ring` is
    the ring whose band they sit in, None when there was no room anywhere."""
    placed, spots, full = list(obstacles), {}, set()
    count = len(rings.middle)

    def spot(person: Person, ring: int, angle: float, edge: float):
        radius = rings.middle[ring - 1] + edge * rings.band
        turn = math.radians(angle)
        x, y = rings.centre[0] + radius * math.sin(turn), rings.centre[1] - radius * math.cos(turn)
        return x, y, _box(person, x, y), ring

    def free_spot(person: Person, ring: int):
        edges = EDGES if ring < count else EDGES[:2]  # never further out than the outermost ring
        for step in range(180 // STEP_DEGREES + 1):
            for turn in (0,) if step == 0 else (step, -step):
                for edge in edges:
                    found = spot(person, ring, person.angle + turn * STEP_DEGREES, edge)
                    if _inside(found[2], bounds) and not any(_overlaps(found[2], box, gap) for box in placed):
                        return found
        return None

    for index in sorted(range(len(people)), key=lambda n: (people[n].ring, people[n].angle, people[n].key)):
        person = people[index]
        found = None
        for ring in range(person.ring, count + 1):
            size = (ring, person.width, person.height, person.across, person.above)
            if size in full:
                continue  # a box this size found no room on this ring already
            found = free_spot(person, ring)
            if found:
                break
            full.add(size)
        if found is None:  # no room anywhere: where they were put
            found = spot(person, person.ring, person.angle, 0)[:3] + (None,)
        placed.append(found[2])
        spots[index] = found
    return [spots[index] for index in range(len(people))]


def _short_lines(text: str, font, width: float) -> list[str]:
    """`text` in at most NAME_LINES lines of `width` pixels, the last ending "…" when it is cut short."""
    style = lettering.Style("regular", font.size, font.size)
    lines = lettering.wrap(text, style, width)
    if len(lines) <= NAME_LINES:
        return lines
    last = lines[NAME_LINES - 1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1]
    return lines[: NAME_LINES - 1] + [last.rstrip() + "…"]


def _stamp(stamp_id: str | None, side: int) -> Image.Image | None:
    if not stamp_id:
        return None
    try:
        return raster.stamp_image(stamp_id).resize((side, side), Image.Resampling.LANCZOS)
    except (OSError, ValueError):
        return None  # an id from a newer artwork than this server has: the initial is drawn instead


@dataclass
class CirclesMap:
    """The circles map laid out at `size_px`: the rings' geometry, the children's names in the centre
    (and their box), and each member shown with their name's lines and where they sit."""

    size_px: int
    core: float
    ring_width: float
    side: int
    name_font: object
    centre_font: object
    centre_lines: list
    centre_box: tuple
    people: list  # [(member, lines, (x, y, box, ring))]


def map_layout(members: list[dict], centre_names: list[str], size_px: int = 1200) -> CirclesMap:
    """Where everything on the circles map goes (circles_image draws it): members not removed."""
    centre = size_px / 2
    core = size_px * 0.11
    ring_width = (size_px / 2 - core - size_px * 0.01) / RINGS
    centre_font = lettering.pillow_font("bold", max(8, size_px // 45))
    lines = [line for name in centre_names for line in _short_lines(name, centre_font, core * 1.7)][:4]
    half_width = max((centre_font.getlength(line) for line in lines), default=0) / 2
    half_height = len(lines) * centre_font.size * 0.6
    centre_box = (centre - half_width, centre - half_height, centre + half_width, centre + half_height)
    side = max(8, round(ring_width * 0.42))
    name_font = lettering.pillow_font("regular", max(7, size_px // 75))
    shown = [member for member in members if not member.get("removed")]
    names = [_short_lines(member["name"], name_font, ring_width * 1.2) for member in shown]
    people = []
    for member, name in zip(shown, names):
        width = max([side] + [name_font.getlength(line) for line in name]) + 4
        people.append(
            Person(
                ring_of(member),
                member.get("angle") or 0,
                str(member.get("member_id") or member["name"]),
                width,
                side + 2 + len(name) * name_font.size * 1.15,
                width / 2,
                side / 2 + name_font.size * 0.6,
            )
        )
    rings = Rings((centre, centre), tuple(core + (ring - 0.5) * ring_width for ring in range(1, RINGS + 1)), ring_width)
    spots = lay_out(people, rings, [centre_box] if lines else [], (0, 0, size_px, size_px), gap=max(2, size_px // 300))
    return CirclesMap(
        size_px, core, ring_width, side, name_font, centre_font, lines, centre_box, list(zip(shown, names, spots))
    )


def circles_image(members: list[dict], centre_names: list[str], size_px: int = 1200) -> Image.Image:
    """The circles of safety and support: rings round the children, each member (not removed) with
    their stamp (or their initial in a circle) and their name, spread out so no two overlap."""
    laid = map_layout(members, centre_names, size_px)
    image = Image.new("RGB", (size_px, size_px), "white")
    draw = ImageDraw.Draw(image)
    centre, core, ring_width, side = size_px / 2, laid.core, laid.ring_width, laid.side
    for ring in range(RINGS, 0, -1):
        radius = core + ring * ring_width
        draw.ellipse(
            [centre - radius, centre - radius, centre + radius, centre + radius],
            fill=BAND_COLOURS[ring - 1],
            outline=RING_LINE,
            width=max(1, size_px // 400),
        )
    draw.ellipse(
        [centre - core, centre - core, centre + core, centre + core],
        fill=CENTRE_FILL,
        outline=RING_LINE,
        width=max(1, size_px // 300),
    )
    font = laid.centre_font
    top = laid.centre_box[1]
    for number, line in enumerate(laid.centre_lines):
        draw.text((centre, top + (number + 0.5) * font.size * 1.2), line, fill=lettering.INK, anchor="mm", font=font)
    for member, lines, (x, _y, box, _ring) in laid.people:
        stamp = _stamp(member.get("stamp"), side)
        left, top = round(x - side / 2), round(box[1])
        if stamp is not None:
            image.paste(stamp, (left, top), stamp)
        else:
            draw.ellipse(
                [left, top, left + side, top + side], fill="white", outline=RING_LINE, width=max(1, size_px // 400)
            )
            initial = lettering.printable(member["name"].strip()[:1]).upper() or "?"
            draw.text(
                (left + side / 2, top + side / 2),
                initial,
                fill=RING_LINE,
                anchor="mm",
                font=lettering.pillow_font("bold", max(8, side // 2)),
            )
        for number, line in enumerate(lines):
            draw.text(
                (x, top + side + 2 + number * laid.name_font.size * 1.15),
                line,
                fill=lettering.INK,
                anchor="ma",
                font=laid.name_font,
            )
    return image


# --- paper: the map with the members list ---------------------------------------------------------


def _row(cells: list[str], widths: list[float], style: lettering.Style, left: float) -> tuple[list[tuple], float]:
    """One row of the table: each cell's words wrapped to its column; the row as tall as its tallest cell."""
    wrapped = [lettering.wrap(cell, style, width - 2 * CELL_PAD) or [""] for cell, width in zip(cells, widths)]
    height = max(len(lines) for lines in wrapped) * style.leading + 2 * CELL_PAD
    items, x = [], left
    for lines, width in zip(wrapped, widths):
        for number, line in enumerate(lines):
            items.append(
                ("text", x + CELL_PAD, lettering.baseline(CELL_PAD + number * style.leading, style), line, style)
            )
        x += width
    items.append(("line", left, height, left + sum(widths), height))
    return items, height


def member_cells(member: dict) -> list[str]:
    return [
        member["name"],
        member.get("relation") or "",
        str(ring_of(member)),
        member.get("role") or "",
        answer(member.get("parent")),
        answer(member.get("parental_responsibility")),
        informed(member),
        answer(member.get("willing")),
        answer(member.get("clear")),
        child_view(member),
    ]


def column_headings() -> list[str]:
    return [
        _("Name"),
        _("Relation"),
        _("Ring"),
        _("Role in the safety plan"),
        _("Parent"),
        _("Parental responsibility"),
        _("Told the worries"),
        _("Willing"),
        _("Clear what to do"),
        _("The child's view"),
    ]


def network_pdf(members: list[dict], centre_names: list[str], subtitle: str) -> bytes:
    """The circles map on the first page, then every member (not removed) in a table, in full."""
    width, height = sheets.PAGE_WIDTH, sheets.PAGE_HEIGHT
    inner = width - 2 * sheets.MARGIN
    widths = [share * inner for share in COLUMN_SHARES]
    side = min(MAP_SIDE, height - 2 * sheets.MARGIN - lettering.TITLE.leading - lettering.SUBTITLE.leading - 20)
    picture = circles_image(members, centre_names, round(side * printing.PRINT_DPI / 72))
    map_block = ([("image", (width - side) / 2, 0, side, picture)], side + 12)
    header = _row(column_headings(), widths, CELL_HEAD, sheets.MARGIN)
    shown = [member for member in members if not member.get("removed")]
    rows = [_row(member_cells(member), widths, CELL, sheets.MARGIN) for member in shown]
    if not rows:
        rows = [heading_block(_("Nobody is in the network yet."), lettering.WORDS, inner)]
    # The table starts on a page of its own, after the map.
    pages = paged(
        _("Circles of safety and support"), subtitle, [map_block, PAGE_BREAK, *rows], width, height, repeat=header
    )
    return printing.items_pdf(_("Circles of safety and support"), width, height, pages)


# --- paper: a network meeting's record ------------------------------------------------------------


def responsible_names(responsible: list[str], names: dict[str, str]) -> str:
    """Who is responsible for a rule: a member's id as their name, anything else as written."""
    return ", ".join(names.get(entry, entry) for entry in responsible)


def meeting_pdf(content: dict, names: dict[str, str], subtitle: str) -> bytes:
    """A meeting's record for the family, A4 portrait: when, who came, what was agreed (each rule and
    who is responsible for it), when the next meeting is, and the notes."""
    width, height = booklets.PAPERS["A4"]
    inner = width - 2 * sheets.MARGIN
    blocks = []

    def heading(text):
        blocks.append(([], 10))
        blocks.append(heading_block(text, lettering.HEADING, inner))

    def words(text, style=lettering.WORDS):
        # One block a line, so a long note carries on over pages rather than being cut.
        for line in lettering.wrap(text, style, inner) or [""]:
            blocks.append(heading_block(line, style, inner))

    words(_("Meeting on %(day)s", day=long_day(content["date"])))
    heading(_("Who came"))
    for person in content["attended"]:
        name = names.get(person.get("member") or "", person.get("name") or "")
        words(f"• {person_with(name, person.get('role'))}")
    if not content["attended"]:
        words(_("Not recorded"), lettering.NOTE)
    heading(_("What we agreed"))
    for number, rule in enumerate(content["agreed"], start=1):
        words(f"{number}. {rule['rule']}")
        if rule.get("responsible"):
            words(_("Who: %(people)s", people=responsible_names(rule["responsible"], names)), lettering.BY)
    if not content["agreed"]:
        words(_("Nothing recorded"), lettering.NOTE)
    heading(_("Next meeting"))
    words(long_day(content["next_meeting"]) if content.get("next_meeting") else _("Not arranged yet"))
    if content.get("notes"):
        heading(_("Notes"))
        words(content["notes"])
    pages = paged(_("Safety network meeting"), subtitle, blocks, width, height)
    return printing.items_pdf(_("Safety network meeting"), width, height, pages)
