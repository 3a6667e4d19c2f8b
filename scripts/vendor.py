"""Vendor the front-end packages SofS Direct serves into ``static/vendor/``.

This is a maintenance script, run by hand when a pinned version changes::

    .venv/bin/python scripts/vendor.py (make vendor)

The application never imports it; the app only serves the files it writes.

Main decision: every vendored file comes from the npm tarball of an exactly
pinned package version, fetched with ``npm pack NAME@VERSION`` and read with
Python's :mod:`tarfile`. Nothing is fetched from a CDN, and there is no
bundler or ``node_modules`` tree. Each tarball's sha512 is checked against
the ``integrity`` value pinned below (the same value npm's lockfiles use),
and the ``version`` and ``license`` fields of the tarball's ``package.json``
are checked against the pins, so a run either reproduces exactly the same
bytes or fails. Tarball member names are validated (no absolute paths, no
``..``, no links or devices), and only the regular files we ask for are
read; nothing else from the archive is written to disk.

Output: the chosen files, each package's licence file(s), and
``static/vendor/MANIFEST.json``, which records for every package its name,
version, licence id and tarball integrity, and for every vendored file its
path relative to ``static/`` and its sha256. The script is idempotent:
output is deterministic (no timestamps), files are only rewritten when
their content changes, and files left over from an earlier pin inside a
package's own vendor directory are removed.

Files are copied byte for byte, with one deliberate exception: the
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
README's Licence section taken from the tarball. axe-core's ``LICENSE``
(MPL-2.0) is copied unchanged, together with ``LICENSE-3RD-PARTY.txt``,
because ``axe.min.js`` bundles the third-party code that file covers.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
VENDOR = STATIC / "vendor"
MANIFEST = VENDOR / "MANIFEST.json"

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


class VendorError(Exception):
    """Something about a package is not as pinned or expected."""


Reader = Callable[[str], bytes]
"""Returns the bytes of a tarball member, given its path under ``package/``."""


@dataclass(frozen=True)
class VendoredFile:
    """One file to write: ``dest`` is relative to ``static/vendor/``."""

    dest: str
    source: str | None = None  # path inside the tarball, under package/
    transform: Callable[[bytes], bytes] | None = None
    # Builds the content from the tarball instead of copying ``source``.
    generate: Callable[[Reader], bytes] | None = None
    note: str | None = None  # recorded in the manifest when modified


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    licence: str  # SPDX id; must equal package.json "license"
    integrity: str  # npm dist.integrity (sha512) of the tarball
    directory: str  # this package's directory under static/vendor/
    files: tuple[VendoredFile, ...]
    licence_files: tuple[VendoredFile, ...] = field(default=())


# --------------------------------------------------------------------------
# govuk-frontend CSS post-processing
# --------------------------------------------------------------------------

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
class _Text:
    """Whitespace, a comment or a statement such as ``@charset "UTF-8";``."""

    text: str


@dataclass
class _Block:
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


def _parse_rules(css: str, i: int, nested: bool) -> tuple[list, int]:
    """Parse rules up to the closing brace (nested) or end of input."""
    nodes: list = []
    while i < len(css):
        c = css[i]
        if c.isspace():
            j = i
            while j < len(css) and css[j].isspace():
                j += 1
            nodes.append(_Text(css[i:j]))
            i = j
            continue
        if css.startswith("/*", i):
            j = _skip_comment(css, i)
            nodes.append(_Text(css[i:j]))
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
                nodes.append(_Text(css[i : j + 1]))
                i = j + 1
                break
            elif d == "{":
                block = _Block(prelude=css[i:j])
                if block.at_keyword in _GROUPING_AT_RULES:
                    block.children, i = _parse_rules(css, j + 1, nested=True)
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


def _serialise(nodes: list) -> str:
    out = []
    for node in nodes:
        if isinstance(node, _Text):
            out.append(node.text)
        elif node.children is not None:
            out.append(node.prelude + "{" + _serialise(node.children) + "}")
        else:
            out.append(node.prelude + "{" + node.body + "}")
    return "".join(out)


def _split_top_level(text: str, sep: str) -> list[str]:
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


def _family_key(family: str) -> str:
    return " ".join(family.strip().strip("\"'").split()).lower()


def _rewrite_font_family(value: str) -> str:
    """Replace GDS Transport in a font-family value with the system stack."""
    important = ""
    m = re.search(r"\s*!\s*important\s*$", value, re.I)
    if m:
        value, important = value[: m.start()], value[m.start() :]
    families = _split_top_level(value, ",")
    keys = [_family_key(f) for f in families]
    if "gds transport" not in keys:
        return value + important
    stack_keys = {_family_key(f) for f in SYSTEM_FONT_STACK}
    rest = [f.strip() for f, k in zip(families, keys) if k != "gds transport" and k not in stack_keys]
    return ",".join(list(SYSTEM_FONT_STACK) + rest) + important


def _urls(text: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in _URL_RE.finditer(text)]


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
        if isinstance(node, _Text):
            kept.append(node)
            continue
        if node.at_keyword == "font-face":
            report["font_faces"] += 1
            # Drop the typeface's copyright comment that precedes the rules.
            while kept and isinstance(kept[-1], _Text) and (
                kept[-1].text.isspace() or kept[-1].text.startswith("/*!")
            ):
                dropped = kept.pop()
                if dropped.text.startswith("/*"):
                    report["comments"].append(dropped.text)
            continue
        if node.children is not None:
            node.children = _clean_css_nodes(node.children, css_dest, report)
            if all(isinstance(n, _Text) and (n.text.isspace() or n.text.startswith("/*")) for n in node.children):
                report["empty_groups"] += 1
                continue
            kept.append(node)
            continue
        declarations = _split_top_level(node.body, ";")
        for k, declaration in enumerate(declarations):
            name, colon, value = declaration.partition(":")
            if colon and name.strip().lower() == "font-family":
                new_value = _rewrite_font_family(value)
                if new_value != value:
                    declarations[k] = name + colon + new_value
                    report["font_families"] += 1
        node.body = ";".join(declarations)
        drop = False
        for url in _urls(node.body):
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
    nodes, _ = _parse_rules(css, 0, nested=False)
    if _serialise(nodes) != css:
        raise VendorError("CSS parser does not round-trip the input")
    report = {"font_faces": 0, "font_families": 0, "dropped_rules": [], "empty_groups": 0, "comments": []}
    nodes = _clean_css_nodes(nodes, css_dest, report)
    kept: list = []
    for node in nodes:
        if isinstance(node, _Text) and re.match(r"/\*#\s*sourceMappingURL=", node.text):
            report["comments"].append(node.text)
            continue
        kept.append(node)
    out = _serialise(kept).rstrip() + "\n"

    # Post-conditions.
    if re.search(r"@font-face", out, re.I):
        raise VendorError("@font-face left in govuk-frontend CSS")
    if re.search(r"gds\s+transport", out, re.I):
        raise VendorError("GDS Transport left in govuk-frontend CSS")
    for url in _urls(out):
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
    text = (
        GOVUK_FRONTEND_LICENCE
        + "\n---\n\n"
        + "Licence section of the package's README.md:\n\n"
        + section
        + "\n"
    )
    return text.encode("utf-8")


# --------------------------------------------------------------------------
# The pinned packages
# --------------------------------------------------------------------------

PACKAGES: tuple[Package, ...] = (
    Package(
        name="htmx.org",
        version="2.0.11",  # newest 2.0.x; 4.x is a different major line
        licence="0BSD",
        integrity="sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA==",
        directory="htmx",
        files=(VendoredFile("htmx/htmx.min.js", "dist/htmx.min.js"),),
        licence_files=(VendoredFile("htmx/LICENSE", "LICENSE"),),
    ),
    Package(
        name="govuk-frontend",
        version="6.6.0",
        licence="MIT",
        integrity="sha512-xctkWrQvLnvQt7fyjQ3MGX9S0wz0x0RQuLxCeoXF+s8EjGICG81/DYQGKN5qgO+0KVT12UAaRwUsGY6fulRcRg==",
        directory="govuk-frontend",
        files=(
            VendoredFile(
                "govuk-frontend/govuk-frontend.min.css",
                "dist/govuk/govuk-frontend.min.css",
                transform=clean_govuk_css,
                note=(
                    "GDS Transport @font-face rules and their comment removed; GDS Transport "
                    "replaced by a system font stack; crest rules (govuk-crest.svg) dropped; "
                    "sourceMappingURL comment removed"
                ),
            ),
            VendoredFile("govuk-frontend/govuk-frontend.min.js", "dist/govuk/govuk-frontend.min.js"),
        ),
        licence_files=(
            VendoredFile(
                "govuk-frontend/LICENSE.txt",
                generate=govuk_licence,
                note="not in the npm tarball: upstream LICENSE.txt text plus README Licence section",
            ),
        ),
    ),
    Package(
        name="axe-core",
        version="4.14.1",
        licence="MPL-2.0",
        integrity="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
        directory="axe-core",
        files=(VendoredFile("axe-core/axe.min.js", "axe.min.js"),),
        licence_files=(
            VendoredFile("axe-core/LICENSE", "LICENSE"),
            VendoredFile("axe-core/LICENSE-3RD-PARTY.txt", "LICENSE-3RD-PARTY.txt"),
        ),
    ),
    Package(
        name="perfect-freehand",
        version="1.2.3",
        licence="MIT",
        integrity="sha512-bHZSfqDHGNlPpgH2yxXgPHlQSPpEbo+qg7li0M78J9vNAi2yjwLeA4x79BEQhX44lEWpCLSFCeRZwpw0niiXPA==",
        directory="perfect-freehand",
        # The ESM build has no imports at all, so a browser can load it as is.
        files=(VendoredFile("perfect-freehand/perfect-freehand.mjs", "dist/esm/index.mjs"),),
        licence_files=(VendoredFile("perfect-freehand/LICENSE", "LICENSE"),),
    ),
    Package(
        name="dejavu-fonts-ttf",
        version="2.37.3",
        # Not an SPDX id: package.json says this, and the check compares it verbatim. The fonts are
        # under the Bitstream Vera licence (plus Arev's, the same terms); DejaVu's changes are public domain.
        licence="SEE LICENSE IN README.md AND LICENSE",
        integrity="sha512-f1hd7jJbeQa1VWcw+K2KrTXS50zTMaHpVC4XIKJpNcDeYR5ajMtj/iLlQDYNvLOKamUB3ARVVCf79lNwNVztSQ==",
        directory="dejavu",
        # Server-side only: the typeface of the PDF and PNG sheets (paper/lettering.py and the kinds' sheets),
        # chosen because it covers Welsh (ŵ ŷ and the other circumflexed and diaeresis letters).
        files=(
            VendoredFile("dejavu/DejaVuSans.ttf", "ttf/DejaVuSans.ttf"),
            VendoredFile("dejavu/DejaVuSans-Bold.ttf", "ttf/DejaVuSans-Bold.ttf"),
        ),
        licence_files=(
            VendoredFile("dejavu/LICENSE", "LICENSE"),
            VendoredFile("dejavu/README.md", "README.md"),
        ),
    ),
)


# --------------------------------------------------------------------------
# Fetching and extracting
# --------------------------------------------------------------------------


def npm_pack(name: str, version: str, dest: Path) -> Path:
    """Download the tarball of ``name@version`` into ``dest`` with npm."""
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError("npm is not on PATH")
    spec = f"{name}@{version}"
    result = subprocess.run(
        [npm, "pack", spec, "--pack-destination", str(dest), "--json", "--ignore-scripts"],
        cwd=dest,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise VendorError(f"npm pack {spec} failed:\n{result.stderr.strip()}")
    try:
        filename = json.loads(result.stdout)[0]["filename"]
    except (ValueError, LookupError, TypeError) as exc:
        raise VendorError(f"unexpected output from npm pack {spec}: {result.stdout[:200]!r}") from exc
    tarball = dest / filename
    if tarball.parent != dest or not tarball.is_file():
        raise VendorError(f"npm pack {spec} did not produce {filename}")
    return tarball


def check_integrity(tarball: Path, integrity: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        raise VendorError(f"unsupported integrity {integrity!r}")
    actual = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode("ascii")
    if actual != expected:
        raise VendorError(f"{tarball.name}: sha512 is {actual}, pinned {expected}")


def _check_member_name(name: str) -> None:
    parts = name.split("/")
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or re.match(r"^[A-Za-z]:", name)
        or ".." in parts
        or "\0" in name
    ):
        raise VendorError(f"unsafe path in tarball: {name!r}")


def open_members(tarball: Path) -> tuple[tarfile.TarFile, dict[str, tarfile.TarInfo]]:
    """Open the tarball, validate every member, index them by path."""
    archive = tarfile.open(tarball, "r:gz")  # noqa: SIM115 (returned open: the caller closes it)
    members: dict[str, tarfile.TarInfo] = {}
    for member in archive.getmembers():
        _check_member_name(member.name)
        if not (member.isfile() or member.isdir()):
            raise VendorError(f"{tarball.name}: link or special file in tarball: {member.name!r}")
        if hasattr(tarfile, "data_filter"):
            try:
                tarfile.data_filter(member, str(tarball.parent / "extract"))
            except tarfile.FilterError as exc:
                raise VendorError(f"{tarball.name}: unsafe member {member.name!r}: {exc}") from exc
        members[member.name] = member
    return archive, members


def make_reader(archive: tarfile.TarFile, members: dict[str, tarfile.TarInfo], tarball: Path) -> Reader:
    def read(path: str) -> bytes:
        member = members.get("package/" + path)
        if member is None or not member.isfile():
            raise VendorError(f"{tarball.name}: no file package/{path}")
        handle = archive.extractfile(member)
        assert handle is not None
        with handle:
            return handle.read()

    return read


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def _safe_dest(dest: str) -> Path:
    target = (VENDOR / dest).resolve()
    if VENDOR.resolve() not in target.parents:
        raise VendorError(f"destination outside static/vendor: {dest!r}")
    return target


def write_if_changed(path: Path, data: bytes) -> str:
    if path.is_file() and path.read_bytes() == data:
        return "unchanged"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return "wrote"


def vendor_package(package: Package, workdir: Path) -> dict:
    print(f"{package.name}@{package.version}")
    tarball = npm_pack(package.name, package.version, workdir)
    check_integrity(tarball, package.integrity)
    archive, members = open_members(tarball)
    with archive:
        read = make_reader(archive, members, tarball)
        meta = json.loads(read("package.json"))
        if meta.get("name") != package.name or meta.get("version") != package.version:
            raise VendorError(f"{tarball.name}: package.json says {meta.get('name')}@{meta.get('version')}")
        if meta.get("license") != package.licence:
            raise VendorError(f"{tarball.name}: licence is {meta.get('license')!r}, pinned {package.licence!r}")

        entries = []
        for kind, items in (("asset", package.files), ("licence", package.licence_files)):
            for item in items:
                if not item.dest.startswith(package.directory + "/"):
                    raise VendorError(f"{item.dest!r} is outside {package.directory}/")
                if item.generate is not None:
                    data = item.generate(read)
                else:
                    data = read(item.source)
                    if item.transform is not None:
                        data = item.transform(data)
                target = _safe_dest(item.dest)
                action = write_if_changed(target, data)
                entry = {
                    "path": target.relative_to(STATIC).as_posix(),
                    "kind": kind,
                    "source": f"package/{item.source}" if item.source else None,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "size": len(data),
                    "modified": item.transform is not None or item.generate is not None,
                }
                if item.note:
                    entry["note"] = item.note
                entries.append(entry)
                print(f"  {action:9} static/{entry['path']} ({len(data):,} bytes)")

    # Remove files from an earlier pin that this package no longer vendors.
    wanted = {STATIC / e["path"] for e in entries}
    package_dir = VENDOR / package.directory
    for path in sorted(package_dir.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
            print(f"  removed   {path.relative_to(ROOT).as_posix()}")
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()

    return {
        "version": package.version,
        "licence": package.licence,
        "integrity": package.integrity,
        "files": entries,
    }


def main() -> int:
    VENDOR.mkdir(parents=True, exist_ok=True)
    manifest: dict = {
        "comment": "Written by `python scripts/vendor.py`; do not edit by hand.",
        "packages": {},
    }
    try:
        with tempfile.TemporaryDirectory(prefix="sofs-vendor-") as tmp:
            for package in PACKAGES:
                manifest["packages"][package.name] = vendor_package(package, Path(tmp))
    except VendorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    action = write_if_changed(MANIFEST, text.encode("utf-8"))
    print(f"{action} {MANIFEST.relative_to(ROOT).as_posix()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
