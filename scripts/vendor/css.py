"""A small CSS parser for the govuk-frontend post-processing: rules, blocks and their text.

Main decision: the parser keeps every character (whitespace, comments, statements) as a node, so
serialising the parsed rules gives back the input exactly; ``govuk`` checks that round trip before
it changes anything, so a file the parser does not understand makes the run fail instead of being
rewritten wrongly. It knows only strings, comments, blocks and the grouping at-rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scripts.vendor.pins import VendorError

# At-rules whose block holds rules rather than declarations.
_GROUPING_AT_RULES = frozenset(
    {
        "media",
        "supports",
        "layer",
        "container",
        "document",
        "-moz-document",
        "scope",
        "starting-style",
        "keyframes",
        "-webkit-keyframes",
        "-moz-keyframes",
        "-o-keyframes",
    }
)

_URL_RE = re.compile(r"url\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\s]*))\s*\)", re.I)


@dataclass
class Text:
    """Whitespace, a comment or a statement such as ``@charset "UTF-8";``."""

    text: str


@dataclass
class Block:
    prelude: str
    children: list | None = None  # for grouping at-rules
    body: str | None = None  # declarations, for everything else

    @property
    def at_keyword(self) -> str | None:
        if not self.prelude.startswith("@"):
            return None
        return re.match(r"@([-\w]+)", self.prelude).group(1).lower()


def _skip_string(css: str, i: int) -> int:
    """Return the index just past the string literal starting at ``i``."""
    quote = css[i]
    i += 1
    while i < len(css):
        if css[i] == "\\":
            i += 2
        elif css[i] == quote:
            return i + 1
        else:
            i += 1
    raise VendorError("unterminated string in CSS")


def _skip_comment(css: str, i: int) -> int:
    end = css.find("*/", i + 2)
    if end < 0:
        raise VendorError("unterminated comment in CSS")
    return end + 2


def _parse_declarations(css: str, i: int) -> tuple[str, int]:
    """Return the declaration text of a block opened just before ``i``."""
    start = i
    while i < len(css):
        c = css[i]
        if c in "\"'":
            i = _skip_string(css, i)
        elif css.startswith("/*", i):
            i = _skip_comment(css, i)
        elif c == "{":
            raise VendorError(f"unexpected nested block in CSS at {i}")
        elif c == "}":
            return css[start:i], i + 1
        else:
            i += 1
    raise VendorError("unterminated block in CSS")


def parse_rules(css: str, i: int, nested: bool) -> tuple[list, int]:
    """Parse rules up to the closing brace (nested) or end of input."""
    nodes: list = []
    while i < len(css):
        c = css[i]
        if c.isspace():
            j = i
            while j < len(css) and css[j].isspace():
                j += 1
            nodes.append(Text(css[i:j]))
            i = j
            continue
        if css.startswith("/*", i):
            j = _skip_comment(css, i)
            nodes.append(Text(css[i:j]))
            i = j
            continue
        if c == "}":
            if not nested:
                raise VendorError(f"unbalanced '}}' in CSS at {i}")
            return nodes, i + 1
        # A rule or statement: read its prelude up to '{' or ';'.
        j = i
        while True:
            if j >= len(css):
                raise VendorError("unterminated rule in CSS")
            d = css[j]
            if d in "\"'":
                j = _skip_string(css, j)
            elif css.startswith("/*", j):
                j = _skip_comment(css, j)
            elif d == ";":
                nodes.append(Text(css[i : j + 1]))
                i = j + 1
                break
            elif d == "{":
                block = Block(prelude=css[i:j])
                if block.at_keyword in _GROUPING_AT_RULES:
                    block.children, i = parse_rules(css, j + 1, nested=True)
                else:
                    block.body, i = _parse_declarations(css, j + 1)
                nodes.append(block)
                break
            elif d == "}":
                raise VendorError(f"unexpected '}}' in CSS prelude at {j}")
            else:
                j += 1
    if nested:
        raise VendorError("unterminated block in CSS")
    return nodes, i


def serialise(nodes: list) -> str:
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif node.children is not None:
            out.append(node.prelude + "{" + serialise(node.children) + "}")
        else:
            out.append(node.prelude + "{" + node.body + "}")
    return "".join(out)


def split_top_level(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside strings, comments and parentheses."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = _skip_string(text, i)
            continue
        if text.startswith("/*", i):
            i = _skip_comment(text, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


def urls(text: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in _URL_RE.finditer(text)]
