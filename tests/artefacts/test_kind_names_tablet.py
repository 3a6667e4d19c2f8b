"""The tablet's platform never names a kind: each kind's name appears in static/js only inside that
kind's own folder (static/js/tools/<kind>/) and in the one registry, static/js/tools/index.js
(ARCHITECTURE.md, "A tool is one kind"; docs/adding-a-kind-tablet.md).

Main decision: the kinds are read from the server's registry and from the tablet's folders, so a new
kind is held to the rule without editing this test. "network" is also an audience of the sharing
wish ("Safety network"), so for it only a quoted string "network" counts as naming the kind; a
shared module that must say the audience reads it from static/words/sharing.json instead. "letter"
(the letter to the child) is also a letter of the alphabet, so it is held to the same rule.
"""

import re

from sofs_direct import PROJECT_ROOT
from sofs_direct.artefacts.kinds import KINDS

SCRIPTS = PROJECT_ROOT / "static" / "js"
TOOLS = SCRIPTS / "tools"
REGISTRY = TOOLS / "index.js"


# Kinds whose name is also an everyday word of the tools: only a quoted name is the kind.
EVERYDAY_WORDS = {"network", "letter"}


def naming(kind: str) -> re.Pattern:
    if kind in EVERYDAY_WORDS:
        return re.compile(rf"""["'`]{re.escape(kind)}["'`]""")
    return re.compile(rf"(?<![\w-]){re.escape(kind)}(?![\w-])")


def test_every_kind_has_its_folder_and_nothing_else_is_a_folder_of_tools():
    folders = {path.name for path in TOOLS.iterdir() if path.is_dir()}
    assert folders == set(KINDS)
    for kind in KINDS:
        assert (TOOLS / kind / "screen.js").exists() and (TOOLS / kind / "model.js").exists()
        assert (TOOLS / kind / "contract.json").exists()


def test_kind_names_appear_only_in_their_own_folder_and_the_registry():
    wrong = []
    for path in sorted(SCRIPTS.rglob("*.js")):
        if path == REGISTRY:
            continue
        text = path.read_text(encoding="utf-8")
        for kind in KINDS:
            if path.is_relative_to(TOOLS / kind):
                continue
            for number, line in enumerate(text.splitlines(), start=1):
                if naming(kind).search(line):
                    wrong.append(f"{path.relative_to(PROJECT_ROOT)}:{number} names {kind}: {line.strip()[:80]}")
    assert wrong == []


def test_the_registry_has_one_line_per_kind():
    imports = re.findall(r'^import \w+ from "\./(\w+)/screen\.js";$', REGISTRY.read_text(encoding="utf-8"), re.M)
    assert sorted(imports) == sorted(KINDS)
