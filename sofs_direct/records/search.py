"""Search the child's words across everything this worker may see: their caseload (a practitioner)
or their team (a manager), through the full-text index of `voice_items` (migration 0004).

Main decision: the words searched for are child data, so they only ever travel in a POST body —
never in a URL, which ends up in logs and browser history (docs/timeline-and-search.md). The
person's text never reaches FTS5's query language: it is cut into words here, by the rule the
index's `unicode61` tokenizer uses (letters, numbers and marks make words; everything else
separates them), each word is quoted, and only the last is matched as a prefix. So `"`, `*`,
`AND (` or `NEAR` are words or nothing, never syntax, and cannot raise an error. Matches are marked
in Python by comparing words with case and accents folded (as the index does), never with FTS5's
highlight(), whose markup would have to be trusted as HTML: the words stay exactly as stored and
reach the page only through Jinja's autoescaping.

The results show several children's words at once, so one audit row (a view) is written for each
child shown; nothing about what was searched for is recorded.
"""

import json
import re
import unicodedata

from flask import Blueprint, g, render_template, request
from flask_wtf import FlaskForm
from wtforms import SearchField
from wtforms.validators import DataRequired, Length

from ..artefacts import voice
from ..artefacts.fields import written_by
from ..artefacts.record_files import kind_label
from ..artefacts.sharing import describe_wish
from ..platform import audit
from ..platform.auth import role_required
from ..platform.children import visible_children
from ..platform.dates import local_day, long_date
from ..platform.db import get_db
from ..platform.folding import index_fold
from ..platform.i18n import _l
from ..platform.validation import PlainText

bp = Blueprint("search", __name__)

LIMIT = 100
TEXT_MAX = 200
WORDS_MAX = 16  # more words than anyone types; each is another term the index must intersect
PREFIX_MIN = 2  # "a*" would gather nearly every word in the index: a lone letter is matched whole

# The rows are read through the children's index (child_id, said_at), each kept when its id is among
# the index's matches: a caseload holds far fewer words than the whole store, so this reads fewer rows
# than fetching every match and then dropping other children's (tests/bench_search.py measures both).
# The unary + keeps the planner from starting at the matches. The artefact is checked again (not
# held back) for the rare word whose artefact was flagged after it was indexed.
SEARCH_SQL = """
    SELECT voice_items.id, voice_items.artefact_id, voice_items.child_id, voice_items.item, voice_items.place,
           voice_items.text, voice_items.by, voice_items.share, voice_items.said_at, artefacts.kind
    FROM voice_items
    JOIN artefacts ON artefacts.id = voice_items.artefact_id
    WHERE voice_items.child_id IN (SELECT value FROM json_each(:children))
      AND +voice_items.id IN (SELECT rowid FROM voice_search WHERE voice_search MATCH :expression)
      AND artefacts.flag IS NULL AND artefacts.state = 'finalised'
    ORDER BY voice_items.said_at DESC, voice_items.id DESC
    LIMIT :limit
"""


# --- words --------------------------------------------------------------------------------------

# Runs of ASCII letters and digits, or of anything not ASCII: a run that is not all letters and
# numbers (a curly quote, an emoji, a combining accent) is cut character by character.
_CANDIDATES = re.compile(r"(?:[^\W_]|[^\x00-\x7f])+")


def _in_word(character: str) -> bool:
    # unicode61's rule: letters, numbers and marks (and private-use characters) are parts of words.
    category = unicodedata.category(character)
    return category[0] in "LNM" or category == "Co"


def word_spans(text: str) -> list[tuple[int, int]]:
    """Where each word of `text` starts and ends, as the index's tokenizer cuts them."""
    spans = []
    for candidate in _CANDIDATES.finditer(text):
        if candidate.group().isalnum():
            spans.append(candidate.span())
            continue
        start = None
        for position in range(*candidate.span()):
            if _in_word(text[position]):
                start = position if start is None else start
            elif start is not None:
                spans.append((start, position))
                start = None
        if start is not None:
            spans.append((start, candidate.end()))
    return spans


def words_of(text: str) -> list[str]:
    return [text[start:end] for start, end in word_spans(text)][:WORDS_MAX]


def match_expression(text: str) -> str | None:
    """The FTS5 MATCH expression for what the person typed, or None when it holds no word.

    Every word is a quoted string (a quote inside is doubled, though a word never holds one), so
    nothing typed is read as FTS5 syntax; the words must all appear; the last may be the start of a
    longer word, as a search box is usually used."""
    words = [index_fold(word) for word in words_of(text)]
    words = [word for word in words if word]
    if not words:
        return None
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    if len(words[-1]) >= PREFIX_MIN:
        quoted[-1] += "*"
    return " ".join(quoted)


def _wanted(query: str) -> tuple[set, str | None]:
    """The query's folded words, and the start of a word the last one may be."""
    wanted = [word for word in (index_fold(word) for word in words_of(query)) if word]
    return set(wanted), (wanted[-1] if wanted and len(wanted[-1]) >= PREFIX_MIN else None)


def marked(text: str, query: str, wanted: tuple[set, str | None] | None = None) -> list[tuple[str, bool]]:
    """The stored text cut into (piece, matched) segments: a word is matched when, folded, it is
    one of the query's words, or starts with its last word (the same rule as the search)."""
    whole, prefix = wanted or _wanted(query)
    if not whole:
        return [(text, False)]
    segments, done = [], 0
    for start, end in word_spans(text):
        word = index_fold(text[start:end])
        if word in whole or (prefix is not None and word.startswith(prefix)):
            if start > done:
                segments.append((text[done:start], False))
            segments.append((text[start:end], True))
            done = end
    if done < len(text):
        segments.append((text[done:], False))
    return segments


# --- searching ----------------------------------------------------------------------------------


def search(db, user, text: str, limit: int = LIMIT) -> list[dict]:
    """The stored words matching `text` among the children `user` may see, newest first (at most
    `limit`); each with the child's id and name, who wrote it down, the day, the tool and the wish."""
    expression = match_expression(text)
    children = {child["id"]: child for child in visible_children(db, user)}
    if expression is None or not children:
        return []
    wanted = _wanted(text)
    days, wishes = {}, {}  # many hits share a day and a wish: each is put into words once
    hits = []
    for row in db.query(SEARCH_SQL, {"expression": expression, "children": json.dumps(list(children)), "limit": limit}):
        share = json.loads(row["share"])
        if row["share"] not in wishes:
            wishes[row["share"]] = describe_wish(share)
        day = local_day(row["said_at"]).isoformat()
        if day not in days:
            days[day] = long_date(day)
        hits.append(
            {
                **row,
                "known_as": children[row["child_id"]]["known_as"],
                "share": share,
                "wish": wishes[row["share"]],
                "tool": kind_label(row["kind"]),
                "day": days[day],
                "where": voice.place_of(row["kind"], row["place"]).name,
                "segments": marked(row["text"], text, wanted),
            }
        )
    return hits


def by_child(hits: list[dict]) -> list[dict]:
    """The hits grouped by child, children by name, each child's words newest first."""
    groups: dict[str, dict] = {}
    for hit in hits:
        groups.setdefault(hit["child_id"], {"id": hit["child_id"], "known_as": hit["known_as"], "hits": []})
        groups[hit["child_id"]]["hits"].append(hit)
    return sorted(groups.values(), key=lambda group: (group["known_as"].casefold(), group["id"]))


def audit_children_shown(db, user_id: int, login_session_id, groups: list[dict]) -> None:
    """One view per child whose words are on the page (audit.py audits only URLs that name a child)."""
    for group in groups:
        audit.record(db, user_id, login_session_id, "view", group["id"], "search.search")


# --- the page -----------------------------------------------------------------------------------


class SearchForm(FlaskForm):
    words = SearchField(
        _l("Words to search for"),
        description=_l("Accents do not matter: dwr finds Dŵr. The last word can be the start of a word."),
        validators=[
            DataRequired(_l("Enter a word to search for")),
            Length(max=TEXT_MAX, message=_l("Search for %(max)s characters or fewer", max=TEXT_MAX)),
            PlainText(),
        ],
    )


@bp.route("/search", methods=["GET", "POST"])
@role_required("practitioner", "manager")
def search_page():
    form = SearchForm()
    context = {"form": form, "searched": False, "groups": [], "more": False, "no_words": False, "limit": LIMIT}
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("search/search.html", **context), 400
        db = get_db()
        text = form.words.data
        hits = search(db, g.user, text, LIMIT + 1)
        groups = by_child(hits[:LIMIT])
        audit_children_shown(db, g.user["id"], g.login_session_id, groups)
        context.update(
            searched=True,
            groups=groups,
            more=len(hits) > LIMIT,
            count=min(len(hits), LIMIT),
            no_words=match_expression(text) is None,
            by_names={by: written_by(by) for by in ("child", "worker")},
        )
    return render_template("search/search.html", **context)
