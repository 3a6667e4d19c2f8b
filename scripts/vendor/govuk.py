"""The govuk-frontend CSS post-processing and licence file.

Main decision: files are copied byte for byte, with one deliberate exception: the
govuk-frontend CSS. SofS Direct is not a GOV.UK service, so it must not use
or even request the GDS Transport typeface, which is licensed only for
GOV.UK. The script therefore:

* removes every ``@font-face`` rule (they only declare GDS Transport) and
  the font's copyright comment that precedes them;
* replaces ``GDS Transport`` in every ``font-family`` list with a system
  font stack (``SYSTEM_FONT_STACK`` below), keeping the other families
  from the original list that the stack does not already name. The stack's
  fonts (Segoe UI, San Francisco, Roboto, Arial, the Linux default
  sans-serif) all cover Welsh letters such as w-circumflex and
  y-circumflex (U+0175, U+0177);
* drops, as whole rules, the only rules whose ``url()`` pointed at a file
  we do not vendor: the two ``.govuk-footer__copyright-logo:before`` rules
  that draw the royal crest (``/assets/images/govuk-crest.svg``). We do not
  vendor the crest, logo or font files and never use that footer logo.
  Without those rules the ``:before`` box has no ``content`` and is not
  generated, so the leftover forced-colours background rule is inert. Any
  other ``url()`` that is neither a ``data:`` URI nor a vendored file makes
  the script fail, so a future version has to be reviewed;
* removes the ``sourceMappingURL`` comment, because the map describes the
  unmodified file and is not vendored.

The script checks afterwards that the CSS has no ``@font-face``, no
``GDS Transport`` and no unresolved ``url()``.

govuk-frontend's npm tarball contains no licence file; its ``package.json``
says MIT and its README's "Licence" section says the same. The script
writes ``govuk-frontend/LICENSE.txt`` from the text of ``LICENSE.txt`` in
the upstream repository (``GOVUK_FRONTEND_LICENCE`` below), followed by the
README's Licence section taken from the tarball.
"""

from __future__ import annotations

import posixpath
import re

from scripts.vendor.css import Text, parse_rules, serialise, split_top_level, urls
from scripts.vendor.pins import VENDOR, Reader, VendorError

# Replaces "GDS Transport" in font-family lists.
SYSTEM_FONT_STACK = (
    "system-ui",
    "-apple-system",
    '"Segoe UI"',
    "Roboto",
    "Arial",
    "sans-serif",
)

# url() targets whose whole rule is dropped from the govuk-frontend CSS,
# because we do not vendor (or use) the file. See the module docstring.
GOVUK_DROPPED_URLS = frozenset({"/assets/images/govuk-crest.svg"})

# Text of LICENSE.txt in github.com/alphagov/govuk-frontend. The npm
# tarball does not include it (see the module docstring).
GOVUK_FRONTEND_LICENCE = """\
The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def _family_key(family: str) -> str:
    return " ".join(family.strip().strip("\"'").split()).lower()


def _rewrite_font_family(value: str) -> str:
    """Replace GDS Transport in a font-family value with the system stack."""
    important = ""
    m = re.search(r"\s*!\s*important\s*$", value, re.I)
    if m:
        value, important = value[: m.start()], value[m.start() :]
    families = split_top_level(value, ",")
    keys = [_family_key(f) for f in families]
    if "gds transport" not in keys:
        return value + important
    stack_keys = {_family_key(f) for f in SYSTEM_FONT_STACK}
    rest = [f.strip() for f, k in zip(families, keys) if k != "gds transport" and k not in stack_keys]
    return ",".join(list(SYSTEM_FONT_STACK) + rest) + important


def _url_is_vendored(url: str, css_dest: str) -> bool:
    """True for data: URIs and relative URLs that resolve to a vendored file."""
    if url.lower().startswith("data:"):
        return True
    if re.match(r"^[a-z][a-z0-9+.-]*:|^/", url, re.I):
        return False
    path = url.split("#", 1)[0].split("?", 1)[0]
    target = posixpath.normpath(posixpath.join(posixpath.dirname(css_dest), path))
    return not target.startswith("../") and (VENDOR / target).is_file()


def _clean_css_nodes(nodes: list, css_dest: str, report: dict) -> list:
    kept: list = []
    for node in nodes:
        if isinstance(node, Text):
            kept.append(node)
            continue
        if node.at_keyword == "font-face":
            report["font_faces"] += 1
            # Drop the typeface's copyright comment that precedes the rules.
            while kept and isinstance(kept[-1], Text) and (kept[-1].text.isspace() or kept[-1].text.startswith("/*!")):
                dropped = kept.pop()
                if dropped.text.startswith("/*"):
                    report["comments"].append(dropped.text)
            continue
        if node.children is not None:
            node.children = _clean_css_nodes(node.children, css_dest, report)
            if all(isinstance(n, Text) and (n.text.isspace() or n.text.startswith("/*")) for n in node.children):
                report["empty_groups"] += 1
                continue
            kept.append(node)
            continue
        declarations = split_top_level(node.body, ";")
        for k, declaration in enumerate(declarations):
            name, colon, value = declaration.partition(":")
            if colon and name.strip().lower() == "font-family":
                new_value = _rewrite_font_family(value)
                if new_value != value:
                    declarations[k] = name + colon + new_value
                    report["font_families"] += 1
        node.body = ";".join(declarations)
        drop = False
        for url in urls(node.body):
            if url in GOVUK_DROPPED_URLS:
                drop = True
            elif not _url_is_vendored(url, css_dest):
                raise VendorError(
                    f"govuk-frontend CSS rule {node.prelude!r} uses url({url}), which is "
                    "not vendored: vendor the file or add it to GOVUK_DROPPED_URLS"
                )
        if drop:
            report["dropped_rules"].append(node.prelude)
            continue
        kept.append(node)
    return kept


def clean_govuk_css(data: bytes, css_dest: str = "govuk-frontend/govuk-frontend.min.css") -> bytes:
    """Apply the post-processing described in the module docstring."""
    css = data.decode("utf-8")
    nodes, _ = parse_rules(css, 0, nested=False)
    if serialise(nodes) != css:
        raise VendorError("CSS parser does not round-trip the input")
    report = {"font_faces": 0, "font_families": 0, "dropped_rules": [], "empty_groups": 0, "comments": []}
    nodes = _clean_css_nodes(nodes, css_dest, report)
    kept: list = []
    for node in nodes:
        if isinstance(node, Text) and re.match(r"/\*#\s*sourceMappingURL=", node.text):
            report["comments"].append(node.text)
            continue
        kept.append(node)
    out = serialise(kept).rstrip() + "\n"

    # Post-conditions.
    if re.search(r"@font-face", out, re.I):
        raise VendorError("@font-face left in govuk-frontend CSS")
    if re.search(r"gds\s+transport", out, re.I):
        raise VendorError("GDS Transport left in govuk-frontend CSS")
    for url in urls(out):
        if not _url_is_vendored(url, css_dest):
            raise VendorError(f"url({url}) left in govuk-frontend CSS")
    print(
        f"    css: removed {report['font_faces']} @font-face rules, "
        f"rewrote {report['font_families']} font-family lists, "
        f"dropped {len(report['dropped_rules'])} rules with unvendored url(): "
        f"{', '.join(report['dropped_rules']) or '-'}; "
        f"removed {len(report['comments'])} comments, {report['empty_groups']} emptied groups"
    )
    return out.encode("utf-8")


def govuk_licence(read: Reader) -> bytes:
    """Upstream LICENSE.txt plus the tarball README's Licence section."""
    readme = read("README.md").decode("utf-8")
    m = re.search(r"^## Licence\n(.*?)(?=^## |\Z)", readme, re.S | re.M)
    if not m:
        raise VendorError("govuk-frontend README.md has no '## Licence' section")
    section = m.group(1).strip()
    text = GOVUK_FRONTEND_LICENCE + "\n---\n\n" + "Licence section of the package's README.md:\n\n" + section + "\n"
    return text.encode("utf-8")
