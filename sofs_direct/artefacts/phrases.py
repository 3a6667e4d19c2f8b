"""Phrases every kind's pages and files build the same way: a list of names as a sentence says it,
a person with their role, how many words each sharing wish covers, and fixed words written in a
document's own language.

Main decision: written once here, so a timeline entry, a record page and an export word them alike.
"""

from contextlib import contextmanager

from flask import g, has_request_context

from ..platform.i18n import _, ngettext
from .sharing import describe_wish


def person(entry: dict) -> str:
    return _("%(name)s (%(role)s)", name=entry["name"], role=entry["role"]) if entry["role"] else entry["name"]


def joined(names: list[str]) -> str:
    """Names as a sentence lists them: "Kerry", "Kerry and Dan", "Kerry, Dan and Sian"."""
    if len(names) <= 1:
        return "".join(names)
    return _("%(names)s and %(last)s", names=", ".join(names[:-1]), last=names[-1])


def words_wishes(words: list[dict]) -> str:
    """ "2 words: Parents and conference; 1 word: Not asked yet" — the most common wish first."""
    counts: dict[str, int] = {}
    for spoken in words:
        wish = describe_wish(spoken["share"])
        counts[wish] = counts.get(wish, 0) + 1
    ordered = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return "; ".join(
        ngettext("%(num)s word: %(wish)s", "%(num)s words: %(wish)s", count, wish=wish) for wish, count in ordered
    )


@contextmanager
def written_in(language: str):
    """Fixed words (the cover, "Added by", page numbers) in the storyboard's language for the
    length of the block. i18n picks the language per request and keeps it on `g`; outside a
    request everything is English, as i18n.get_language says."""
    if not has_request_context():
        yield
        return
    before = g.get("language")
    g.language = language
    try:
        yield
    finally:
        if before is None:
            g.pop("language", None)
        else:
            g.language = before
