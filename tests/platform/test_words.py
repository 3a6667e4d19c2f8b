"""The plain-language check: the professional words a family should not need are found as whole
words, whatever their case or accents, phrases included, in English and Welsh, at their place in
the text exactly as typed — and the list is a data file the service can change without a release."""

import json

import pytest

from sofs_direct.platform import words
from sofs_direct.platform.words import JargonListInvalid, jargon_in, segments


def found(text, language="en", path=None):
    return [text[hit["start"] : hit["end"]] for hit in jargon_in(text, language, path)]


@pytest.fixture
def jargon_file(tmp_path):
    def write(en=(), cy=(), **extra):
        path = tmp_path / "jargon.json"
        path.write_text(
            json.dumps(
                {
                    "version": 1,
                    "en": [{"word": w, "instead": i} for w, i in en],
                    "cy": [{"word": w, "instead": i} for w, i in cy],
                    **extra,
                }
            ),
            encoding="utf-8",
        )
        return path

    return write


# --- the shipped list ---------------------------------------------------------------------------


def test_the_shipped_list_has_english_and_welsh_words_each_with_a_plainer_way_to_say_it():
    jargon = json.loads(words.JARGON_PATH.read_text(encoding="utf-8"))
    assert jargon["version"] == 1 and len(jargon["en"]) >= 40 and len(jargon["cy"]) >= 40
    for language in ("en", "cy"):
        entries = jargon[language]
        assert len({entry["word"].casefold() for entry in entries}) == len(entries), language
        assert all(entry["instead"].strip() and entry["instead"] != entry["word"] for entry in entries)
    assert words.load_jargon()  # it passes the same check the server applies


def test_the_shipped_list_flags_the_usual_social_care_words():
    text = (
        "The LAC review and the ICPC decided on a CP plan under section 47 because of neglect, "
        "after the NAI and a domestic abuse incident. Next: a strategy meeting, the core group, the PLO "
        "letter, care proceedings, supervised contact and a foster placement."
    )
    flagged = found(text)
    for expected in (
        "LAC",
        "ICPC",
        "CP plan",
        "section 47",
        "neglect",
        "NAI",
        "domestic abuse incident",
        "strategy meeting",
        "core group",
        "PLO",
        "care proceedings",
        "supervised contact",
        "foster placement",
    ):
        assert expected in flagged, expected
    hit = next(hit for hit in jargon_in(text, "en") if hit["word"] == "neglect")
    assert hit["instead"] == "not getting the care they need"


def test_the_shipped_welsh_list_flags_welsh_words_and_not_english_ones():
    text = "Mae cynllun amddiffyn plant ar ôl y gynhadledd amddiffyn plant, oherwydd esgeulustod."
    assert found(text, "cy") == ["cynllun amddiffyn plant", "gynhadledd amddiffyn plant", "esgeulustod"]
    assert found("We worried about neglect.", "cy") == []
    assert found("Roedd esgeulustod.", "en") == []
    assert found("Mae nai Dad yn byw yma.", "cy") == []  # "nai" is a nephew in Welsh, not NAI


# --- matching -----------------------------------------------------------------------------------


def test_only_whole_words_match(jargon_file):
    path = jargon_file(en=[("LAC", "a child the council looks after"), ("neglect", "not cared for")])
    assert found("Black lace and lacquer", path=path) == []
    assert found("neglected, neglectful", path=path) == []
    assert found("LAC", path=path) == ["LAC"]
    assert found("(LAC), LAC's plan; LAC.", path=path) == ["LAC", "LAC", "LAC"]
    assert found("neglect_1 neglect2 xneglect", path=path) == []


def test_matching_ignores_case_and_accents(jargon_file):
    path = jargon_file(en=[("neglect", "not cared for")], cy=[("grŵp craidd", "y bobl sy'n helpu")])
    assert found("NEGLECT Neglect nEgLeCt", path=path) == ["NEGLECT", "Neglect", "nEgLeCt"]
    assert found("négléct", path=path) == ["négléct"]
    assert found("grwp craidd, GRŴP CRAIDD, Grŵp Craídd", "cy", path) == ["grwp craidd", "GRŴP CRAIDD", "Grŵp Craídd"]


def test_a_combining_accent_typed_after_a_letter_stays_inside_the_mark(jargon_file):
    path = jargon_file(cy=[("grŵp", "y bobl")])
    text = "y grw\u0302p"  # w followed by a combining circumflex, as some keyboards send it
    assert found(text, "cy", path) == ["grw\u0302p"]


def test_phrases_match_across_any_spacing_as_on_the_tablet(jargon_file):
    path = jargon_file(en=[("child protection plan", "a plan to keep them safe"), ("non-accidental injury", "a hurt")])
    assert found("a child  protection\nplan", path=path) == ["child  protection\nplan"]
    assert found("Non-Accidental   injury", path=path) == ["Non-Accidental   injury"]
    assert found("child protection planning", path=path) == []


def test_the_longest_match_wins_and_nothing_is_flagged_twice(jargon_file):
    path = jargon_file(en=[("care order", "a court decision"), ("interim care order", "for now"), ("order", "x")])
    hits = jargon_in("an interim care order, then a care order", "en", path)
    assert [(hit["word"], hit["start"], hit["end"]) for hit in hits] == [
        ("interim care order", 3, 21),
        ("care order", 30, 40),
    ]


def test_places_are_in_the_text_as_typed_even_when_folding_changes_its_length(jargon_file):
    path = jargon_file(en=[("strasse", "street")])
    text = "ﬁ Straße ﬁ"  # the ligature and ß fold to two letters each
    assert found(text, path=path) == ["Straße"]


def test_segments_join_back_into_the_text_exactly(jargon_file):
    path = jargon_file(en=[("neglect", "not cared for")])
    text = "<b>Neglect</b>\n\tand neglect."
    pieces = segments(text, "en", path)
    assert "".join(piece for piece, _ in pieces) == text
    assert [piece for piece, hit in pieces if hit] == ["Neglect", "neglect"]
    assert segments("", "en", path) == [("", None)]
    assert segments("nothing here", "en", path) == [("nothing here", None)]


def test_an_unknown_language_flags_nothing(jargon_file):
    assert jargon_in("neglect", "fr", jargon_file(en=[("neglect", "x")])) == []


# --- the file -----------------------------------------------------------------------------------


def test_a_change_to_the_file_is_picked_up_without_a_restart(jargon_file):
    path = jargon_file(en=[("neglect", "not cared for")])
    assert found("neglect and threshold", path=path) == ["neglect"]
    path = jargon_file(en=[("neglect", "not cared for"), ("threshold", "when it is serious enough to act")])
    assert found("neglect and threshold", path=path) == ["neglect", "threshold"]


@pytest.mark.parametrize(
    "broken",
    [
        "not json",
        json.dumps([]),
        json.dumps({"version": 2, "en": [], "cy": []}),
        json.dumps({"version": 1, "en": []}),
        json.dumps({"version": 1, "en": [{"word": "x"}], "cy": []}),
        json.dumps({"version": 1, "en": [{"word": "", "instead": "y"}], "cy": []}),
        json.dumps({"version": 1, "en": [{"word": "!!", "instead": "y"}], "cy": []}),
        json.dumps({"version": 1, "en": [{"word": "a", "instead": "y", "extra": 1}], "cy": []}),
    ],
)
def test_a_broken_list_is_refused_with_a_readable_reason(tmp_path, app, broken):
    path = tmp_path / "jargon.json"
    path.write_text(broken, encoding="utf-8")
    with app.app_context(), pytest.raises(JargonListInvalid) as caught:
        jargon_in("neglect", "en", path)
    assert "jargon list" in caught.value.reason and "Traceback" not in caught.value.reason
