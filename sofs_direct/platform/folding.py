"""Folding, word matching and canonical order: the server's half of docs/folding-and-matching.md.
The tablet's half is static/js/tools/folding.js; both are run on static/words/vectors.json
(tests/platform/test_folding.py), so neither side can change a rule alone.

Main decision: one loose fold for finding words and people — each code point on its own is
decomposed (NFKD), its nonspacing marks (general category Mn) dropped, a few look-alike
apostrophes and hyphens made the plain ones, and then case folded exactly as `str.casefold` does —
and plain `str.casefold` for agreed words, where two terms are refused as the same only when they
differ in nothing but case. Each step is one the tablet can do exactly: String.normalize("NFKD"),
/\\p{Mn}/u, and toUpperCase() then toLowerCase() of each code point, which is full case folding
but for ı, ẞ and the Cherokee letters, which folding.js says apart. Folding a
code point on its own (never the whole text at once) lets the jargon check say where in the text,
as typed, a folded word was found.
"""

import re
import unicodedata

# Characters a keyboard or a pasted document writes in place of the plain apostrophe and hyphen.
# An iPad types "sy’n" for "sy'n", and a Welsh jargon entry holds "sy'n"; Word pastes U+2011.
PUNCTUATION = {
    "\u2018": "'",  # ‘ left single quotation mark (typed before a word-initial apostrophe: ‘r)
    "\u2019": "'",  # ’ right single quotation mark, the "smart" apostrophe
    "\u02bc": "'",  # ʼ modifier letter apostrophe
    "\u2010": "-",  # ‐ hyphen (NFKD also brings U+2011, the non-breaking hyphen, here)
}

# Python's \s and \w on str are str.isspace and "a letter, a digit or _" (general categories L* and
# N*, and "_"): the tablet spells both out (folding.js), and the vectors hold them equal.
SPACES = r"\s+"
NOT_A_WORD_BEFORE = r"(?<!\w)"
NOT_A_WORD_AFTER = r"(?!\w)"


def casefold(text: str) -> str:
    """Full Unicode case folding (`str.casefold`): "Straße" and "STRASSE" are both "strasse"."""
    return text.casefold()


def _fold_code_point(character: str) -> str:
    folded = []
    for piece in unicodedata.normalize("NFKD", character):
        if unicodedata.category(piece) == "Mn":
            continue
        folded.append(PUNCTUATION.get(piece, piece).casefold())
    return "".join(folded)


def fold_with_origin(text: str) -> tuple[str, list[int]]:
    """The text folded, and for each folded character the index of the character of `text` it came
    from (a character may fold to none, as a combining accent does, one, or several, as ß does)."""
    folded, origin = [], []
    for index, character in enumerate(text):
        piece = _fold_code_point(character)
        folded.append(piece)
        origin.extend([index] * len(piece))
    return "".join(folded), origin


def fold(text: str) -> str:
    """A text for comparing loosely: without case, accents, compatibility forms ("ﬁ", "Ａ") or
    look-alike apostrophes and hyphens. "Grŵp Craidd" and "grwp craidd" fold the same."""
    return fold_with_origin(text)[0]


def index_fold(word: str) -> str:
    """A word as the search index folds it (SQLite FTS5's `unicode61` tokenizer with
    `remove_diacritics 2`, migration 0004): accents and case taken away, Dŵr → dwr. The index's rule,
    not ours: search marks the words the index matched with it, so it must fold as the index does
    (NFD, nonspacing marks dropped, case folded; no compatibility forms, no apostrophes made plain)."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(character for character in decomposed if unicodedata.category(character) != "Mn").casefold()


def same_name(name: str) -> str:
    """A person's name folded for "is this the same person?": folded as `fold`, with the spaces
    at its ends dropped and every run of spaces inside made one ("Siân  Jones" is "sian jones")."""
    return " ".join(fold(name).split())


def same_term(term: str) -> str:
    """An agreed word for "is this term agreed twice?": case folded only. Accents are kept (the
    Welsh "tân", fire, and "tan", until, are two words), because a duplicate is refused."""
    return casefold(term)


# --- word matching --------------------------------------------------------------------------------


def word_pattern(term: str) -> re.Pattern | None:
    """The folded term as a pattern for folded text: whole words only, any run of spaces inside the
    term matching any other. None when the folded term has no letter or digit ("!!", "´"): such a
    term is not a word, and matches nothing."""
    folded = fold(term)
    if not re.search(r"\w", folded):
        return None
    pieces = [re.escape(piece) for piece in re.split(SPACES, folded.strip()) if piece]
    return re.compile(NOT_A_WORD_BEFORE + SPACES.join(pieces) + NOT_A_WORD_AFTER)


def contains_word(text: str, term: str) -> bool:
    """Whether the text uses the term, folded, as whole words ("LAC" is in "LAC’s", not in "black")."""
    pattern = word_pattern(term)
    return pattern is not None and pattern.search(fold(text)) is not None
