"""The symbol vocabulary (docs/symbols.md): the catalogue's integrity, the vendored OpenMoji subset
against its manifest and licence, the download budget, search in both languages, the server's
lookups, and symbols drawn in a PDF."""

import hashlib
import json
import re
import xml.etree.ElementTree as ET

import pytest
from fpdf import FPDF

from scripts.vendor.packages import PACKAGES
from sofs_direct.artefacts import symbols
from sofs_direct.tablet import symbol_pack
from tests.bench.symbols import BUDGET_GZIPPED, pack_sizes
from tests.scripts.test_artwork import assert_safe_self_contained_svg

STATIC = symbols.STATIC
CATALOGUE = json.loads(symbols.CATALOGUE.read_text(encoding="utf-8"))
MANIFEST = json.loads((STATIC / "vendor" / "MANIFEST.json").read_text(encoding="utf-8"))["packages"]
OPENMOJI_DIR = STATIC / "vendor" / "openmoji"
# The ids prompts and answers name (the shared interface of issue 16): they must always exist.
ALWAYS = [
    "yes",
    "no",
    "not-sure",
    "stop",
    "happy",
    "sad",
    "angry",
    "scared",
    "worried",
    "calm",
    "worries",
    "good-things",
    "dreams",
    "house",
    "home",
    "school",
    "family",
    "people",
    "person",
    "grown-up",
    "child",
    "baby",
    "safe",
    "help",
    "talk",
    "listen",
    "draw",
    "write",
    "rules",
    "path",
    "door",
    "question",
    "bedtime",
    "food",
    "friends",
    "play",
    "hurt",
    "shouting",
    "police",
    "doctor",
    "teacher",
    "mum",
    "dad",
    "grandmother",
    "grandfather",
    "brother",
    "sister",
    "pet",
    "change",
    "finished",
    "pause",
]
ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def test_the_catalogue_is_whole_and_in_both_languages():
    groups = [group["id"] for group in CATALOGUE["groups"]]
    ids = [entry["id"] for entry in CATALOGUE["symbols"]]
    assert len(ids) == len(set(ids)), "a symbol id is used twice"
    assert len(groups) == len(set(groups)), "a group id is used twice"
    assert 150 <= len(ids) <= 250
    assert not set(ALWAYS) - set(ids)
    for group in CATALOGUE["groups"]:
        assert ID.fullmatch(group["id"]) and all(group["words"][language].strip() for language in ("en", "cy"))
        assert any(entry["group"] == group["id"] for entry in CATALOGUE["symbols"]), group["id"]
    for entry in CATALOGUE["symbols"]:
        assert ID.fullmatch(entry["id"]), entry["id"]
        assert entry["group"] in groups, entry["id"]
        for language in ("en", "cy"):
            assert entry["words"][language].strip(), f"{entry['id']} has no {language} word"
            keywords = entry["keywords"][language]
            assert isinstance(keywords, list) and all(isinstance(word, str) and word.strip() for word in keywords)
        # The Welsh is flagged for a Welsh-speaking practitioner's review until one has read it.
        assert set(entry.get("review", [])) <= {"cy"}
        prefix = {"openmoji": "vendor/openmoji/", "own": "symbols/own/"}[entry["source"]]
        assert entry["file"].startswith(prefix) and entry["file"].endswith(".svg"), entry["id"]
        assert (STATIC / entry["file"]).is_file(), f"{entry['id']}: {entry['file']} is missing"
        assert_safe_self_contained_svg(ET.fromstring((STATIC / entry["file"]).read_bytes()))
    files = [entry["file"] for entry in CATALOGUE["symbols"]]
    assert len(files) == len(set(files)), "two symbols share a picture: a child could not tell them apart"


def test_the_vendored_openmoji_files_are_exactly_the_catalogues_and_match_the_manifest():
    package = MANIFEST["openmoji"]
    assert (package["version"], package["licence"]) == ("17.0.0", "CC-BY-SA-4.0")
    entries = {entry["path"]: entry for entry in package["files"]}
    used = {entry["file"] for entry in CATALOGUE["symbols"] if entry["source"] == "openmoji"}
    assets = {path for path, entry in entries.items() if entry["kind"] == "asset"}
    assert assets == used  # nothing shipped that no symbol uses, nothing used that is not shipped
    present = {path.relative_to(STATIC).as_posix() for path in OPENMOJI_DIR.rglob("*") if path.is_file()}
    assert present == set(entries)
    for path, entry in entries.items():
        assert hashlib.sha256((STATIC / path).read_bytes()).hexdigest() == entry["sha256"], path
        assert not entry["modified"], path
    licence = (OPENMOJI_DIR / "LICENSE.txt").read_text(encoding="utf-8")
    assert entries["vendor/openmoji/LICENSE.txt"]["kind"] == "licence"
    assert "Attribution-ShareAlike 4.0 International" in licence
    # The vendoring script reads its list from the catalogue: there is no second list to drift.
    (pin,) = [pin for pin in PACKAGES if pin.name == "openmoji"]
    assert {f"vendor/{item.dest}" for item in pin.files} == used


def test_the_symbols_pack_holds_every_file_and_is_within_its_budget():
    """What "Prepare for visits" downloads: the catalogue and every picture, as the files are, in one response."""
    body, etag = symbol_pack()
    files = json.loads(body)["files"]
    wanted = {"/static/symbols/catalogue.json"} | {f"/static/{entry['file']}" for entry in CATALOGUE["symbols"]}
    assert set(files) == wanted
    for url, text in files.items():
        assert text == (STATIC / url.removeprefix("/static/")).read_text(encoding="utf-8"), url
    assert symbol_pack() == (body, etag)  # built once while nothing changes
    count, _served, gzipped = pack_sizes()
    assert count == len(wanted)
    assert gzipped <= BUDGET_GZIPPED, f"{gzipped / 1024:.0f} KB gzipped, over the budget"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Nain", "grandmother"),
        ("nain", "grandmother"),
        ("Mamgu", "grandmother"),  # South Wales
        ("gran", "grandmother"),
        ("Tad-cu", "grandfather"),
        ("school", "school"),
        ("Ysgol", "school"),
        ("shouting", "shouting"),
        ("gweiddi", "shouting"),
        ("DŴR", "water"),  # folded: case and the circumflex
        ("dwr", "water"),
        ("cwtsh", "hugging"),
        ("  not   sure ", "not-sure"),
    ],
)
def test_search_finds_a_symbol_in_either_language(query, first):
    assert symbols.search(query)[0]["id"] == first


def test_search_ranks_the_word_first_and_finds_nothing_for_nothing():
    found = [entry["id"] for entry in symbols.search("school")]
    assert found[0] == "school" and "school-bag" in found and "bus" in found  # "school bus" is a bus's keyword
    assert symbols.search("") == [] and symbols.search("   ") == []
    assert symbols.search("zzzz") == []
    # Two letters match only the start of a word, never the middle ("ca" is not in "scared").
    assert "scared" not in [entry["id"] for entry in symbols.search("ca")]


def test_the_server_looks_up_a_symbols_word_and_picture():
    assert {entry["id"] for entry in CATALOGUE["symbols"]} == symbols.SYMBOL_IDS
    assert symbols.symbol("grandmother")["words"] == {"en": "Grandmother", "cy": "Nain"}
    assert symbols.word("grandmother", "cy") == "Nain"
    assert symbols.word("grandmother", "en") == "Grandmother"
    assert symbols.word("grandmother", "fr") == "Grandmother"  # English where there is no such language
    assert symbols.picture_path("yes") == STATIC / "symbols" / "own" / "yes.svg"
    assert symbols.picture_path("grandmother") == STATIC / "vendor" / "openmoji" / "1F475.svg"
    assert symbols.symbol("no-such-symbol") is None
    assert symbols.word("no-such-symbol", "en") is None and symbols.picture_path("no-such-symbol") is None


def one_symbol_pdf(symbol_id: str | None) -> bytes:
    pdf = FPDF()
    pdf.set_compression(False)
    pdf.add_page()
    if symbol_id:
        pdf.image(symbols.picture_path(symbol_id), x=10, y=10, w=40)
    return bytes(pdf.output())


def test_every_symbol_draws_in_a_pdf():
    """fpdf2 draws SVG as vector paths: every symbol, OpenMoji's and ours, must draw, and draw something."""
    empty = len(one_symbol_pdf(None))
    for entry in CATALOGUE["symbols"]:
        assert len(one_symbol_pdf(entry["id"])) > empty + 200, f"{entry['id']} drew nothing"
    # Our own "yes" keeps its green (#3a9d4f) in the PDF: the colours are drawn, not lost.
    assert b"0.2275 0.6157 0.3098 rg" in one_symbol_pdf("yes")


def test_the_tablet_gets_the_pack_once_and_a_304_while_it_is_unchanged(client):
    with client.get("/tablet/symbols.json") as response:  # no sign-in: no child data, as the static files
        assert response.status_code == 200 and response.mimetype == "application/json"
        assert response.headers["Cache-Control"] == "no-cache"
        etag = response.headers["ETag"]
        assert "/static/vendor/openmoji/1F475.svg" in response.get_json()["files"]
    with client.get("/tablet/symbols.json", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304 and not again.get_data()
    # The service worker answers symbol URLs from the pack, and does not precache them: not the shell's.
    worker = client.get("/sw.js").get_data(as_text=True)
    assert '"/static/vendor/openmoji/"' in worker and '"/tablet/symbols.json"' in worker
    precache = worker.split("const PRECACHE = ", 1)[1].split(";\n", 1)[0]
    assert "/static/tablet/" not in precache and "openmoji" not in precache and "/static/symbols/" not in precache
    assert "/static/js/tablet/symbols.js" in precache and "/static/js/tools/symbol-picker.js" in precache
