"""No platform file names a kind: a registered kind's name appears in Python and templates only in its
own folder (sofs_direct/tools/<kind>/), the registry (sofs_direct/tools/__init__.py) and the places
that are about every kind by nature — migrations, translations, docs, tests, and the tablet's
JavaScript (checked on its own side). The platform asks `kind_of(name).<member>` instead.

"network" is also a domain word (the safety network, an audience, a network's id in `content`), so for
that kind only its identifier forms count: a kind comparison in Python or SQL, an import of the kind's
module. The other names are identifiers by nature and count wherever they appear.
"""

import re
from pathlib import Path

import pytest

from sofs_direct.artefacts.kinds import KINDS

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = ("migrations/", "sofs_direct/translations/", "docs/", "tests/", "static/js/", "sofs_direct/tools/__init__.py")


def patterns(name: str) -> re.Pattern:
    if name == "network":
        quoted = r"""["']network["']"""
        return re.compile(
            rf"kind\s*(==|!=|=)\s*{quoted}|kind\s+(NOT\s+)?IN\s*\([^)]*{quoted}"
            r"|tools\.network\b|tools import[^\n]*\bnetwork\b(?!_)"
        )
    if name == "observation":  # also the worker's observations of a house: only the identifier forms
        return re.compile(r"""["']observation["']|tools\.observation\b|tools import[^\n]*\bobservation\b""")
    if name == "letter":  # also a word of every page ("a letter or a digit"): only the identifier forms
        return re.compile(r"""["']letter["']|tools\.letter\b|tools import[^\n]*\bletter\b""")
    return re.compile(rf"\b{re.escape(name)}\b")


def platform_files():
    for path in [
        *ROOT.glob("sofs_direct/**/*.py"),
        *ROOT.glob("sofs_direct/**/*.html"),
        *ROOT.glob("templates/**/*.html"),
    ]:
        relative = path.relative_to(ROOT).as_posix()
        if not relative.startswith(ALLOWED):
            yield relative, path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(KINDS))
def test_no_platform_file_names_a_kind(name):
    # A kind's own tool folder: the network's meetings are a kind inside the network's folder
    # (tools/network/meeting/), so the network's pages may list them by their kind.
    tool = Path(KINDS[name].__file__).resolve().parent.relative_to(ROOT / "sofs_direct" / "tools").parts[0]
    own = f"sofs_direct/tools/{tool}/"
    found = [
        f"{relative}:{text[: match.start()].count(chr(10)) + 1}: {match.group(0)}"
        for relative, text in platform_files()
        if not relative.startswith(own)
        for match in patterns(name).finditer(text)
    ]
    assert found == [], f"the kind {name!r} is named outside its folder"


def test_the_check_finds_a_kind_named_on_the_platform():
    assert patterns("three_houses").search('if row["kind"] == "three_houses":')
    assert patterns("network").search("""WHERE kind = 'network' AND flag IS NULL""")
    assert patterns("network").search("from .tools import network, observation")
    assert not patterns("network").search('AUDIENCES = ("parents", "network", "conference")')
    assert patterns("observation").search('kind == "observation"')
    assert not patterns("observation").search("the worker's observations of the house")
