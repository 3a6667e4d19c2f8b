"""Folding, word matching and canonical order (docs/folding-and-matching.md) are the same on both
sides: every shared vector of static/words/vectors.json is run through the server's
sofs_direct/platform/folding.py and, in Chromium, through the tablet's static/js/tools/folding.js and
sharing.js; every assigned code point is folded by both; and generated texts and terms are folded
and matched by both.

Main decision: the vectors are the spec's examples, read by both sides from one file, so a rule
changed on one side fails here until the other side (and the vectors) follow. The code-point sweep
is what makes folding.js's short table of case-folding exceptions trustworthy: it would miss no
letter, since it tries them all. Characters Python's Unicode (the server's) does not know yet are left
out: a newer browser may fold them, the server cannot, and no one types them.
"""

import json
import sqlite3
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sofs_direct.artefacts import sharing
from sofs_direct.platform import folding

VECTORS = json.loads((Path(__file__).parents[2] / "static" / "words" / "vectors.json").read_text(encoding="utf-8"))

# Each vector section: the Python function, the JS expression (given `v`), what goes in, what comes out.
SECTIONS = {
    "fold": (folding.fold, "F.fold(v)", "text", "folded"),
    "casefold": (folding.casefold, "F.casefold(v)", "text", "folded"),
    "same_name": (folding.same_name, "F.sameName(v)", "name", "folded"),
    "same_term": (folding.same_term, "F.sameTerm(v)", "term", "folded"),
    "match": (lambda pair: folding.contains_word(*pair), "F.containsWord(v[0], v[1])", ("text", "term"), "matches"),
    "canonical_wish": (sharing.canonical_wish, "S.canonicalWish(v)", "wish", "canonical"),
    # The search index's fold is SQLite's (FTS5 unicode61, remove_diacritics 2): the tablet never
    # searches, so only the server and FTS5 itself run these (no JS expression).
    "index_fold": (folding.index_fold, None, "text", "folded"),
}


def _given(vector, key):
    return [vector[part] for part in key] if isinstance(key, tuple) else vector[key]


def _cases():
    for section, (_python, _js, given_key, expected_key) in SECTIONS.items():
        for number, vector in enumerate(VECTORS[section]):
            yield pytest.param(section, _given(vector, given_key), vector[expected_key], id=f"{section}-{number}")


@pytest.mark.parametrize(("section", "value", "expected"), list(_cases()))
def test_the_server_follows_every_vector(section, value, expected):
    assert SECTIONS[section][0](value) == expected


def test_every_section_has_vectors():
    assert set(SECTIONS) == {key for key in VECTORS if not key.startswith("$")}
    assert all(VECTORS[section] for section in SECTIONS)


def test_the_search_index_folds_each_word_as_the_server_marks_it():
    """FTS5 itself (the tokenizer of migration 0004) finds each vector's text by its folded form,
    and by the text as typed: so the words search marks are the words the index matched."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE words USING fts5(text, tokenize='unicode61 remove_diacritics 2')")
    vectors = [vector for vector in VECTORS["index_fold"] if vector["text"]]
    for vector in vectors:
        db.execute("INSERT INTO words (text) VALUES (?)", (vector["text"],))
    for number, vector in enumerate(vectors, start=1):
        for query in (vector["folded"], vector["text"]):
            quoted = " ".join('"' + word + '"' for word in query.replace("-", " ").split())
            found = [row for (row,) in db.execute("SELECT rowid FROM words WHERE words MATCH ?", (quoted,))]
            assert number in found, f"FTS5 does not find {vector['text']!r} by {query!r}"


# --- the tablet ---------------------------------------------------------------------------------------

MODULES = """async () => {
    window.F = await import('/static/js/tools/folding.js');
    window.S = await import('/static/js/tools/sharing.js');
}"""


@pytest.fixture
def tablet(page, live_server):
    """folding.js and sharing.js, loaded from the live server as the tablet loads them."""
    page.goto(live_server.url + "/login")
    page.evaluate(MODULES)
    return page


def run_on_tablet(page, section, values):
    """The section's JS function on each value, in one call."""
    return page.evaluate(f"(values) => values.map((v) => {SECTIONS[section][1]})", values)


def test_the_tablet_follows_every_vector(tablet):
    for section, (_python, js, given_key, expected_key) in SECTIONS.items():
        if js is None:
            continue
        vectors = VECTORS[section]
        got = run_on_tablet(tablet, section, [_given(vector, given_key) for vector in vectors])
        wrong = [(vector, answer) for vector, answer in zip(vectors, got) if answer != vector[expected_key]]
        assert not wrong, f"{section}: the tablet differs from the vectors on {wrong}"


# Characters whose properties a later Unicode than the server's changed, so the two sides may fold
# them differently until the server's Python catches up (docs/folding-and-matching.md, "Unicode").
UNICODE_CHANGED = {
    "\U0001171e": "Ahom medial ra: a nonspacing mark (Mn) in Unicode 14, a spacing one (Mc) from 15",
}


def _assigned_code_points() -> list[int]:
    """Every code point Python's Unicode has given a character, except private use, surrogates and
    the few a later Unicode changed."""
    return [
        point
        for point in range(sys.maxunicode + 1)
        if unicodedata.category(chr(point)) not in ("Cn", "Co", "Cs") and chr(point) not in UNICODE_CHANGED
    ]


def test_every_character_folds_the_same_on_both_sides(tablet):
    points = _assigned_code_points()
    # Both ways as one JSON text: ~290,000 numbers out and twice as many strings back as Playwright
    # values (each checked and wrapped on both sides) cost more than the folding compared.
    got = json.loads(
        tablet.evaluate(
            """(json) => {
        const folded = [], casefolded = [];
        for (const point of JSON.parse(json)) {
            const character = String.fromCodePoint(point);
            folded.push(F.fold(character));
            casefolded.push(F.casefold(character));
        }
        return JSON.stringify([folded, casefolded]);
    }""",
            json.dumps(points),
        )
    )
    for name, python, tablet_side in (("fold", folding.fold, got[0]), ("casefold", folding.casefold, got[1])):
        wrong = [
            f"U+{point:04X} {python(chr(point))!r} ≠ {answer!r}"
            for point, answer in zip(points, tablet_side)
            if python(chr(point)) != answer
        ]
        assert not wrong, f"{name} differs on {len(wrong)} characters: {wrong[:20]}"


# --- generated text -------------------------------------------------------------------------------------

# What people type here (English, Welsh, names from anywhere, emoji) and what trips folding up.
TRICKY = (
    "ŵŷâêîôûŴŶÂÊÎÔÛ"
    "ﬁﬂﬀﬃＡｚ１"
    "ßẞİıΣσςΆ"
    "’‘ʼ'‐‑-–"
    "\u0301\u0302\u0307\u0345\ufe0f\u200d"
    "\u00a0\u3000\u2028\t\n _!?"
    "ᎠꭰᲀǅµK½²"
    "🙂👨🏳"
)
TEXTS = st.text(
    st.one_of(
        st.sampled_from(TRICKY),
        st.sampled_from("abcdeglnrswy ABCLW"),
        st.characters(exclude_categories=("Cn", "Co", "Cs"), exclude_characters=list(UNICODE_CHANGED)),
    ),
    max_size=24,
)


@st.composite
def texts_and_terms(draw):
    """A text and a term: often a piece of the text written another way, so matches happen."""
    text = draw(TEXTS)
    if text and draw(st.booleans()):
        start = draw(st.integers(0, len(text) - 1))
        term = text[start : draw(st.integers(start + 1, len(text)))]
        term = draw(st.sampled_from([term, term.upper(), term.lower(), folding.fold(term)]))
    else:
        term = draw(TEXTS)
    return text, term


@settings(max_examples=1, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(texts_and_terms(), min_size=200, max_size=200))
def test_generated_texts_fold_and_match_the_same_on_both_sides(tablet, pairs):
    """200 generated pairs in one call to the page, so the property costs about a second."""
    got = tablet.evaluate(
        """(pairs) => pairs.map(([text, term]) =>
        [F.fold(text), F.casefold(text), F.sameName(text), F.containsWord(text, term)])""",
        pairs,
    )
    for (text, term), answer in zip(pairs, got):
        assert answer == [
            folding.fold(text),
            folding.casefold(text),
            folding.same_name(text),
            folding.contains_word(text, term),
        ], (text, term)
