"""The symbol vocabulary on the server: a symbol's words, its picture for PDFs, and search.

The vocabulary is ``static/symbols/catalogue.json`` (docs/symbols.md): about two hundred symbols in
groups, each with English and Welsh words and keywords, drawn by OpenMoji (vendored) or by our own
artwork (scripts/artwork/vocabulary.py). The tablet reads the same file (static/js/tablet/symbols.js).

Main decision: the catalogue is read once, when this module is imported, and never changes while
the app runs (it ships with the code, like the templates); a symbol's id is its name for good, so a
stored document that names a symbol can always be shown. Search ranks exactly as the tablet does
(``search``, ``searchSymbols``), on the same fold (platform/folding.py), in both languages at once:
a worker may type "Nain" in an English session or "school" in a Welsh one.
"""

import json
from pathlib import Path

from ..platform import PROJECT_ROOT
from ..platform.folding import same_name

STATIC = PROJECT_ROOT / "static"
CATALOGUE = STATIC / "symbols" / "catalogue.json"
LANGUAGES = ("en", "cy")
FALLBACK_LANGUAGE = "en"
# Below this many letters, a query matches only at the start of a word: "ca" finding "scared" and
# "vocal" would bury "cat" and "car".
ANYWHERE_FROM = 3


def _load() -> tuple[list[dict], list[dict]]:
    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    return catalogue["groups"], catalogue["symbols"]


GROUPS, SYMBOLS = _load()
_BY_ID = {entry["id"]: entry for entry in SYMBOLS}
SYMBOL_IDS = frozenset(_BY_ID)


def symbol(symbol_id: str) -> dict | None:
    """The catalogue's entry for the id (id, group, file, source, words, keywords), or None."""
    return _BY_ID.get(symbol_id)


def word(symbol_id: str, language: str) -> str | None:
    """The symbol's word in the language (English where it has none), or None for an unknown id."""
    entry = symbol(symbol_id)
    if entry is None:
        return None
    return entry["words"].get(language) or entry["words"][FALLBACK_LANGUAGE]


def picture_path(symbol_id: str) -> Path | None:
    """The symbol's SVG on disk, for drawing it in a PDF (fpdf2: ``pdf.image(path)``), or None."""
    entry = symbol(symbol_id)
    return None if entry is None else STATIC / entry["file"]


def _rank(term: str, query: str, is_word: bool) -> int | None:
    """How well one folded word or keyword matches the folded query: lower is better, None is not at all."""
    if term == query:
        return 0 if is_word else 1
    if term.startswith(query):
        return 2
    if any(f"{mark}{query}" in term for mark in (" ", "-", "'")):
        return 3
    if len(query) >= ANYWHERE_FROM and query in term:
        return 4
    return None


def search(query: str) -> list[dict]:
    """The symbols whose words or keywords, in either language, match the query, best first:
    a word that is the query, then a keyword that is, then ones that start with it, then ones with
    a word inside that starts with it, then (from three letters) ones that contain it; ties in
    catalogue order. Folded as names are (case, accents, ŵ and ŷ, spaces)."""
    wanted = same_name(query)
    if not wanted:
        return []
    found = []
    for order, entry in enumerate(SYMBOLS):
        ranks = [_rank(same_name(entry["words"][language]), wanted, True) for language in LANGUAGES]
        ranks += [
            _rank(same_name(keyword), wanted, False)
            for language in LANGUAGES
            for keyword in entry["keywords"][language]
        ]
        best = min((rank for rank in ranks if rank is not None), default=None)
        if best is not None:
            found.append((best, order, entry))
    return [entry for _best, _order, entry in sorted(found, key=lambda item: item[:2])]
