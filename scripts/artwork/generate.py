"""Which picture each stamp and symbol id names, and writing the PNGs, ``artwork.json`` and the
vocabulary's own SVG symbols.

Main decision: ``artwork.json`` (and, for the vocabulary, ``static/symbols/catalogue.json``'s symbols
whose source is "own") is the list of what is wanted, and this module refuses the whole run (writing
nothing) if it names a picture no module draws; a file is only rewritten when its bytes change, so a
run that changes nothing touches nothing.
"""

import json
import re
import sys
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from PIL import Image

from scripts.artwork.animals import bird, cat, dog, fish, rabbit
from scripts.artwork.faces import (
    face_angry,
    face_calm,
    face_happy,
    face_sad,
    face_scared,
    face_surprised,
    face_worried,
)
from scripts.artwork.home import bath, bed, door, food, table, teddy, television
from scripts.artwork.outlines import outlines
from scripts.artwork.people import (
    family,
    person_adult,
    person_baby,
    person_child,
    person_older,
    stick_adult,
    stick_baby,
    stick_child,
)
from scripts.artwork.places import bus, car, court, hospital, house, park, phone, police_car, school, shop
from scripts.artwork.sketch import Sketch, SvgSketch
from scripts.artwork.symbols import flower, heart, moon, star, tree
from scripts.artwork.vocabulary import OWN
from scripts.artwork.weather import cloud, rain, rainbow, snow, storm, sun

ROOT = Path(__file__).resolve().parents[2]
INK_DIR = ROOT / "static" / "ink"
ARTWORK = INK_DIR / "artwork.json"
STATIC = ROOT / "static"
CATALOGUE = STATIC / "symbols" / "catalogue.json"

Picture = Callable[[Sketch], None]

STAMPS: dict[str, Picture] = {
    "face-happy": face_happy,
    "face-sad": face_sad,
    "face-angry": face_angry,
    "face-scared": face_scared,
    "face-worried": face_worried,
    "face-calm": face_calm,
    "face-surprised": face_surprised,
    "person-adult": person_adult,
    "person-child": person_child,
    "person-baby": person_baby,
    "person-older": person_older,
    "family": family,
    "dog": dog,
    "cat": cat,
    "bird": bird,
    "fish": fish,
    "rabbit": rabbit,
    "bed": bed,
    "table": table,
    "television": television,
    "food": food,
    "teddy": teddy,
    "bath": bath,
    "door": door,
    "sun": sun,
    "cloud": cloud,
    "rain": rain,
    "storm": storm,
    "rainbow": rainbow,
    "snow": snow,
    "stick-adult": stick_adult,
    "stick-child": stick_child,
    "stick-baby": stick_baby,
    "house": house,
    "school": school,
    "hospital": hospital,
    "car": car,
    "police-car": police_car,
    "shop": shop,
    "park": park,
    "phone": phone,
    "court": court,
    "bus": bus,
}

SYMBOLS: dict[str, Picture] = {
    "sun": sun,
    "cloud": cloud,
    "heart": heart,
    "star": star,
    "rainbow": rainbow,
    "moon": moon,
    "flower": flower,
    "tree": tree,
}


def render(picture: Picture) -> Image.Image:
    sketch = Sketch()
    picture(sketch)
    return sketch.picture()


def png_bytes(image: Image.Image) -> bytes:
    out = BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def artwork_text(artwork: dict) -> str:
    """artwork.json as written: indented, but every list or object with nothing nested on one line."""
    text = json.dumps(artwork, indent=1, ensure_ascii=False)
    # No id or colour contains a bracket, so a bracket-free span is a whole innermost list or object.
    flat = re.sub(r"[\[{][^\[\]{}]*[\]}]", lambda m: json.dumps(json.loads(m.group()), ensure_ascii=False), text)
    return flat + "\n"


def write_if_changed(path: Path, content: bytes) -> bool:
    if path.exists() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True


# OpenMoji draws within about three quarters of its square (its 72-unit grid); our own symbols, which fill
# their 256 units, get the same space around them so the two sit side by side at one size.
SYMBOL_MARGIN = 40


def render_svg(picture: Picture) -> str:
    sketch = SvgSketch()
    picture(sketch)
    return sketch.svg(margin=SYMBOL_MARGIN)


def own_symbols(catalogue: dict) -> dict[str, Picture]:
    """The vocabulary's own symbols, by the file the catalogue gives each (relative to ``static/``)."""
    own = [symbol for symbol in catalogue["symbols"] if symbol["source"] == "own"]
    missing = [symbol["id"] for symbol in own if symbol["id"] not in OWN]
    if missing:
        raise KeyError(f"catalogue.json names own symbols this module cannot draw: {', '.join(missing)}")
    return {symbol["file"]: OWN[symbol["id"]] for symbol in own}


def build_symbols(static: Path = STATIC, catalogue: dict | None = None) -> list[Path]:
    """Write the vocabulary's own SVG symbols under ``static``; return what changed."""
    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8")) if catalogue is None else catalogue
    changed = []
    for file, picture in own_symbols(catalogue).items():
        path = static / file
        if write_if_changed(path, render_svg(picture).encode("utf-8")):
            changed.append(path)
    return changed


def build(ink_dir: Path = INK_DIR, artwork: dict | None = None) -> list[Path]:
    """Write every stamp and symbol PNG and the outlines under ``ink_dir``; return what changed."""
    artwork = json.loads(ARTWORK.read_text(encoding="utf-8")) if artwork is None else artwork
    wanted = [("stamps", stamp["id"], STAMPS) for stamp in artwork["stamps"]]
    wanted += [("symbols", symbol, SYMBOLS) for symbol in artwork["symbols"]]
    missing = [f"{folder}/{name}" for folder, name, pictures in wanted if name not in pictures]
    if missing:
        raise KeyError(f"artwork.json names pictures this module cannot draw: {', '.join(missing)}")
    changed = []
    for folder, name, pictures in wanted:
        path = ink_dir / folder / f"{name}.png"
        if write_if_changed(path, png_bytes(render(pictures[name]))):
            changed.append(path)
    artwork = {**artwork, "outlines": outlines()}
    path = ink_dir / "artwork.json"
    if write_if_changed(path, artwork_text(artwork).encode("utf-8")):
        changed.append(path)
    return changed


def main() -> int:
    try:
        changed = build() + build_symbols()
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 1
    for path in changed:
        print(f"wrote {path.relative_to(ROOT).as_posix()}")
    print(f"{len(changed)} file(s) changed")
    return 0
