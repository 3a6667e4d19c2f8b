"""Checks on the child's drawing-screen artwork: artwork.json, the stamp and symbol PNGs, the icons."""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from scripts.artwork import generate as generator

STATIC = Path(__file__).resolve().parents[2] / "static"
INK = STATIC / "ink"
ICONS = STATIC / "icons" / "child"
ARTWORK = json.loads((INK / "artwork.json").read_text(encoding="utf-8"))

PICTURES = [INK / "stamps" / f"{stamp['id']}.png" for stamp in ARTWORK["stamps"]] + [
    INK / "symbols" / f"{symbol}.png" for symbol in ARTWORK["symbols"]
]
HOUSE_REGIONS = ["walls", "roof", "chimney", "door", "window-left", "window-right"]
STAMPS_IN_ORDER = [
    "face-happy",
    "face-sad",
    "face-angry",
    "face-scared",
    "face-worried",
    "face-calm",
    "face-surprised",
    "person-adult",
    "person-child",
    "person-baby",
    "person-older",
    "family",
    "dog",
    "cat",
    "bird",
    "fish",
    "rabbit",
    "bed",
    "table",
    "television",
    "food",
    "teddy",
    "bath",
    "door",
    "sun",
    "cloud",
    "rain",
    "storm",
    "rainbow",
    "snow",
    "stick-adult",
    "stick-child",
    "stick-baby",
    "house",
    "school",
    "hospital",
    "car",
    "police-car",
    "shop",
    "park",
    "phone",
    "court",
    "bus",
]
CHILD_ICONS = [
    "pen",
    "eraser",
    "undo",
    "redo",
    "clear",
    "stamp",
    "fill",
    "pause",
    "play",
    "speaker",
    "words",
    "home",
    "back",
    "done",
    "size-small",
    "size-medium",
    "size-large",
    "rename",
    "house",
    "fairy",
    "wizard",
    "place",
    "scribble",
    "circle",
    "line",
    # The child's feedback faces (static/js/tablet/feedback.js): pictures in colour, like the fairy.
    "face-yes",
    "face-a-bit",
    "face-no",
    "face-dont-know",
]


def area(points):
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]))) / 2


def turn(a, b, c):
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def on_segment(a, b, p):
    return min(a[0], b[0]) <= p[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])


def segments_meet(a, b, c, d):
    d1, d2, d3, d4 = turn(c, d, a), turn(c, d, b), turn(a, b, c), turn(a, b, d)
    if ((d1 > 0) != (d2 > 0)) and d1 and d2 and ((d3 > 0) != (d4 > 0)) and d3 and d4:
        return True
    return any(
        t == 0 and on_segment(s, e, p) for t, s, e, p in ((d1, c, d, a), (d2, c, d, b), (d3, a, b, c), (d4, a, b, d))
    )


def is_simple(points):
    edges = list(zip(points, points[1:] + points[:1]))
    n = len(edges)
    for i in range(n):
        for j in range(i + 1, n):
            if j == i + 1 or (i == 0 and j == n - 1):
                continue  # neighbours share a corner
            if segments_meet(*edges[i], *edges[j]):
                return False
    return True


def test_is_simple_spots_a_bow_tie():
    assert is_simple([[0, 0], [10, 0], [10, 10], [0, 10]])
    assert not is_simple([[0, 0], [10, 10], [10, 0], [0, 10]])
    assert not is_simple([[0, 0], [10, 0], [5, 0], [5, 5]])


def test_palette_and_brush():
    assert len(ARTWORK["palette"]) == 12
    assert all(re.fullmatch(r"#[0-9a-f]{6}", colour) for colour in ARTWORK["palette"])
    assert len(set(ARTWORK["palette"])) == 12
    for key in ("sizes", "eraser_sizes"):
        sizes = ARTWORK["brush"][key]
        assert len(sizes) == 3 and sizes == sorted(set(sizes)) and sizes[0] > 0


def test_stamps_are_unique_and_every_group_has_some():
    ids = [stamp["id"] for stamp in ARTWORK["stamps"]]
    assert len(ids) == len(set(ids))
    assert {stamp["group"] for stamp in ARTWORK["stamps"]} == set(ARTWORK["stamp_groups"])
    assert ARTWORK["symbols"] == ["sun", "cloud", "heart", "star", "rainbow", "moon", "flower", "tree"]


def test_stamps_keep_their_places():
    # A drawing stores a stamp's index, so a stamp moved or removed would turn up as another picture
    # in every drawing already made: the list only ever grows at the end (docs/ink.md, "Stamps").
    assert [stamp["id"] for stamp in ARTWORK["stamps"]][: len(STAMPS_IN_ORDER)] == STAMPS_IN_ORDER
    assert ARTWORK["stamp_groups"][:6] == ["feelings", "people", "animals", "home", "weather", "places"]
    groups = {stamp["id"]: stamp["group"] for stamp in ARTWORK["stamps"]}
    assert [name for name in STAMPS_IN_ORDER if groups[name] == "places"] == [
        "house",
        "school",
        "hospital",
        "car",
        "police-car",
        "shop",
        "park",
        "phone",
        "court",
        "bus",
    ]
    sticks = ["stick-adult", "stick-child", "stick-baby"]
    assert [name for name in STAMPS_IN_ORDER if name.startswith("stick-")] == sticks
    assert {groups[name] for name in sticks} == {"people"}


def test_every_stamp_and_group_has_a_label():
    # The stamp tray names each sticker for screen readers and on long-press; one with no label
    # would be read out as its id.
    words = (STATIC / "js" / "ink" / "words.js").read_text(encoding="utf-8")

    def keys(name):
        body = re.search(rf"export const {name} = \(\) => \(\{{(.*?)\n\}}\);", words, re.S).group(1)
        return set(re.findall(r'(?:^|[\s,])"?([a-z-]+)"?: _\(', body))

    assert keys("STAMP_NAMES") >= {stamp["id"] for stamp in ARTWORK["stamps"]}
    assert keys("STAMP_GROUP_NAMES") >= set(ARTWORK["stamp_groups"])


@pytest.mark.parametrize("path", PICTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_picture_is_a_square_rgba_png_with_a_dark_outline(path):
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (256, 256)
        assert image.mode == "RGBA"
        picture = image.copy()
    alpha = picture.getchannel("A")
    low, high = alpha.getextrema()
    assert low == 0 and high == 255, "needs a transparent background and solid ink"
    assert alpha.getpixel((0, 0)) == 0 and alpha.getpixel((255, 255)) == 0
    # Wherever a row first turns solid, coming in from either side, it is dark: the outline that keeps
    # a stamp readable on white paper and on every fill colour.
    left, top, right, bottom = alpha.getbbox()
    for y in (top + (bottom - top) * k // 8 for k in range(2, 7)):
        row = [picture.getpixel((x, y)) for x in range(256)]
        solid = [pixel for pixel in row if pixel[3] == 255]
        if not solid:
            continue
        for edge in (solid[0], solid[-1]):
            assert sum(edge[:3]) / 3 < 110, f"row {y}: edge colour {edge[:3]} is not dark"


def test_generator_is_deterministic():
    first = generator.png_bytes(generator.render(generator.STAMPS["family"]))
    again = generator.png_bytes(generator.render(generator.STAMPS["family"]))
    assert first == again


def test_committed_artwork_is_what_the_generator_draws(tmp_path):
    changed = generator.build(tmp_path, json.loads((INK / "artwork.json").read_text(encoding="utf-8")))
    written = sorted(p.relative_to(tmp_path).as_posix() for p in changed)
    assert len(written) == len(PICTURES) + 1
    stale = [name for name in written if (tmp_path / name).read_bytes() != (INK / name).read_bytes()]
    assert not stale, f"run `python -m scripts.artwork`: out of date: {stale}"
    assert generator.build(tmp_path, json.loads((INK / "artwork.json").read_text(encoding="utf-8"))) == []


def test_committed_own_symbols_are_what_the_generator_draws(tmp_path):
    """The vocabulary's own symbols (static/symbols/own/) are drawn again, as SVG, byte for byte."""
    catalogue = json.loads(generator.CATALOGUE.read_text(encoding="utf-8"))
    changed = generator.build_symbols(tmp_path, catalogue)
    own = sorted(symbol["file"] for symbol in catalogue["symbols"] if symbol["source"] == "own")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in changed) == own
    stale = [name for name in own if (tmp_path / name).read_bytes() != (STATIC / name).read_bytes()]
    assert not stale, f"run `python -m scripts.artwork`: out of date: {stale}"
    assert sorted(p.relative_to(STATIC).as_posix() for p in (STATIC / "symbols" / "own").glob("*")) == own
    for name in own:
        root = ET.fromstring((tmp_path / name).read_bytes())
        assert root.get("viewBox") == "-40 -40 336 336"
        assert_safe_self_contained_svg(root)


def test_generator_refuses_an_own_symbol_it_cannot_draw(tmp_path):
    unicorn = {"id": "unicorn", "group": "things", "file": "symbols/own/unicorn.svg", "source": "own"}
    with pytest.raises(KeyError, match="unicorn"):
        generator.build_symbols(tmp_path, {"groups": [], "symbols": [unicorn]})
    assert not list(tmp_path.iterdir())


def test_generator_refuses_a_stamp_it_cannot_draw(tmp_path):
    artwork = {**ARTWORK, "stamps": ARTWORK["stamps"] + [{"id": "unicorn", "group": "animals"}]}
    with pytest.raises(KeyError, match="stamps/unicorn"):
        generator.build(tmp_path, artwork)
    assert not list(tmp_path.iterdir()), "nothing is written when a picture is missing"


def all_regions():
    return [
        pytest.param(region, id=f"{name}/{region['id']}")
        for name, outline in ARTWORK["outlines"].items()
        for region in outline["regions"]
    ]


@pytest.mark.parametrize("region", all_regions())
def test_region_is_a_simple_polygon_on_the_surface(region):
    points = region["points"]
    assert len(points) >= 3
    assert all(len(p) == 2 and all(isinstance(v, int) and 0 <= v <= 1000 for v in p) for p in points)
    assert area(points) > 0
    assert is_simple(points), f"{region['id']} crosses itself"


@pytest.mark.parametrize("name", sorted(ARTWORK["outlines"]))
def test_outline_lines_and_style(name):
    outline = ARTWORK["outlines"][name]
    assert set(outline) == {"regions", "lines", "line_width", "line_colour"}
    assert re.fullmatch(r"#[0-9a-f]{6}", outline["line_colour"]) and outline["line_width"] > 0
    ids = [region["id"] for region in outline["regions"]]
    assert len(ids) == len(set(ids))
    for line in outline["lines"]:
        assert len(line) >= 2
        assert all(isinstance(v, int) and 0 <= v <= 1000 for point in line for v in point)


def test_house_leaves_most_of_the_surface_to_draw_in():
    regions = {r["id"]: r["points"] for r in ARTWORK["outlines"]["house"]["regions"]}
    assert list(regions) == HOUSE_REGIONS
    free_wall = area(regions["walls"]) - sum(area(regions[k]) for k in ("door", "window-left", "window-right"))
    assert area(regions["walls"]) > 500_000
    assert free_wall > 400_000


def test_bubble_comes_first_and_is_the_biggest():
    regions = ARTWORK["outlines"]["bubble"]["regions"]
    assert regions[0]["id"] == "bubble"
    assert [r["id"] for r in regions[1:]] == ["wand", "star"]
    assert area(regions[0]["points"]) > 400_000
    assert all(area(r["points"]) < area(regions[0]["points"]) / 10 for r in regions[1:])


def test_every_theme_names_an_outline():
    assert set(ARTWORK["themes"]) == {"houses", "fairy", "wizard"}
    assert all(outline in ARTWORK["outlines"] for outline in ARTWORK["themes"].values())


def test_every_child_icon_exists():
    assert sorted(p.stem for p in ICONS.glob("*.svg")) == sorted(CHILD_ICONS)


def assert_safe_self_contained_svg(root: ET.Element) -> None:
    """An SVG with nothing active or fetched: no script, styles, foreign content, references or handlers."""
    svg = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{svg}svg"
    for element in root.iter():
        tag = element.tag.removeprefix(svg)
        assert tag not in ("script", "style", "foreignObject", "image", "use"), f"<{tag}>"
        for attribute, value in element.attrib.items():
            name = attribute.rsplit("}", 1)[-1]
            assert name != "style", "inline style is refused by the CSP; use presentation attributes"
            assert not name.startswith("on"), f"event handler {name}"
            assert name != "href", "no references"
            assert "url(" not in value and "javascript:" not in value


@pytest.mark.parametrize("path", sorted(ICONS.glob("*.svg")), ids=lambda p: p.stem)
def test_icon_is_safe_self_contained_svg(path):
    root = ET.fromstring(path.read_bytes())
    assert root.get("viewBox") in ("0 0 48 48", "0 0 96 96")
    assert_safe_self_contained_svg(root)
    if root.get("viewBox") == "0 0 48 48":
        # Tool buttons take the button's colour and the house style's 3 px round stroke.
        assert root.get("stroke") == "currentColor" and root.get("stroke-width") == "3"
        assert root.get("stroke-linecap") == "round"
