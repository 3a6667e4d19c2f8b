"""The plain-language check: professional words a family's Words and Pictures text should not need,
found in the text with a plainer suggestion for each (docs/words-and-pictures.md, "The jargon list").

Main decision: the list is a data file (static/words/jargon.json) the service edits without a code
change, read again whenever it changes on disk, and the same file the tablet precaches, so both sides
flag the same words. Matching is done on a *folded* copy of the text, by the rules both sides share
(sofs_direct/platform/folding.py, docs/folding-and-matching.md) — decomposed (NFKD), accents dropped, case
folded, the smart apostrophe made plain — so "Esgeulustod", "esgeulustod" and "ésgeulustod" all
match, a Welsh circumflex typed or not makes no difference, and "sy’n" is "sy'n". Every folded
character remembers which character of the original it came from, so a match is reported at its
place in the text exactly as typed; the text itself is never changed. A `word` matches only as
whole words ("LAC" is not found in "black"), and a phrase matches across any run of spaces or line
breaks ("child protection\nplan"). Where two entries overlap ("plan" inside "child protection
plan") the longer, earlier match wins, so each stretch of text is flagged once.
"""

import json
import threading
from pathlib import Path

from . import PROJECT_ROOT
from .folding import fold_with_origin, word_pattern
from .i18n import _

JARGON_PATH = PROJECT_ROOT / "static" / "words" / "jargon.json"
LANGUAGES = ("en", "cy")
ENTRY_TEXT_MAX = 200  # a word or a suggestion: a phrase, never a paragraph

_loaded: dict = {}
_lock = threading.Lock()


class JargonListInvalid(Exception):
    """static/words/jargon.json does not have the shape the doc gives; `reason` says where."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = str(reason)


# --- the list -------------------------------------------------------------------------------------


def _check(jargon) -> None:
    if not isinstance(jargon, dict) or jargon.get("version") != 1:
        raise JargonListInvalid(_("The jargon list must be an object with version 1"))
    for language in LANGUAGES:
        entries = jargon.get(language)
        if not isinstance(entries, list):
            raise JargonListInvalid(_("The jargon list has no list for the language %(language)s", language=language))
        for number, entry in enumerate(entries, start=1):
            if (
                not isinstance(entry, dict)
                or set(entry) != {"word", "instead"}
                or not all(
                    isinstance(entry[key], str) and 0 < len(entry[key].strip()) <= ENTRY_TEXT_MAX
                    for key in ("word", "instead")
                )
                or word_pattern(entry["word"]) is None
            ):
                raise JargonListInvalid(
                    _(
                        "Entry %(number)s of the %(language)s jargon list must have a word and what to say instead",
                        number=number,
                        language=language,
                    )
                )


def load_jargon(path: Path | None = None) -> dict:
    """The list, checked, with each entry's compiled pattern: {language: [(entry, pattern), ...]}.
    Read again when the file's modification time or size changes."""
    path = Path(path or JARGON_PATH)
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _lock:
        if key in _loaded:
            return _loaded[key]
    try:
        jargon = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise JargonListInvalid(_("The jargon list is not valid JSON: %(problem)s", problem=str(error)[:200])) from None
    _check(jargon)
    # _check saw a word in every entry, so every pattern is there.
    compiled = {
        language: [(entry, word_pattern(entry["word"])) for entry in jargon[language]] for language in LANGUAGES
    }
    with _lock:
        _loaded.clear()  # only the newest version of a file is kept
        _loaded[key] = compiled
    return compiled


# --- the check ------------------------------------------------------------------------------------


def jargon_in(text: str, language: str, path: Path | None = None) -> list[dict]:
    """Each professional word in `text`, in order, as {"word", "instead", "start", "end"}: the
    list's entry, and where it is in the text as typed (text[start:end]). Nothing overlaps."""
    entries = load_jargon(path).get(language, [])
    if not text or not entries:
        return []
    folded, origin = fold_with_origin(text)
    found = []
    for entry, pattern in entries:
        for match in pattern.finditer(folded):
            found.append((match.start(), match.end(), entry))
    found.sort(key=lambda hit: (hit[0], -(hit[1] - hit[0])))
    flagged, reached = [], 0
    for start, end, entry in found:
        if start < reached:
            continue
        reached = end
        first, last = origin[start], origin[end - 1] + 1
        # A combining accent typed after the last letter belongs to it: keep it inside the mark.
        while last < len(text) and not fold_with_origin(text[last])[0]:
            last += 1
        flagged.append({"word": entry["word"], "instead": entry["instead"], "start": first, "end": last})
    return flagged


def segments(text: str, language: str, path: Path | None = None) -> list[tuple[str, dict | None]]:
    """The text cut into pieces that join back into it exactly: (piece, None) for plain words and
    (piece, entry) for a flagged one, for a page to mark without ever treating the text as markup."""
    pieces, at = [], 0
    for hit in jargon_in(text, language, path):
        if hit["start"] > at:
            pieces.append((text[at : hit["start"]], None))
        pieces.append((text[hit["start"] : hit["end"]], hit))
        at = hit["end"]
    if at < len(text) or not pieces:
        pieces.append((text[at:], None))
    return pieces
