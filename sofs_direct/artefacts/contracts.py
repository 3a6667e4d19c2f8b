"""Each kind's contract: its limits, choices and orders in one JSON file that the tablet and the
server both read (static/js/tools/<kind>/contract.json; the sharing wish's, static/js/tools/sharing.json).

Main decision: the file lives with the tablet's tool, like static/words/jargon.json, because the
tablet must have it offline (the service worker precaches it) and the server can read any file. A
key is the server's constant of the same name in lower case ("text_max" is TEXT_MAX); "$comment"
says so in the file. Each kind reads its limits from here (`CONTRACT = contracts.load(kind)`); the
few the server keeps elsewhere (the artwork's symbols, the audio limits, the network's ranges) are
held equal to the contract by tests/artefacts/test_contract_files.py, so neither side can change a limit alone.
"""

import json
from functools import cache
from pathlib import Path

from ..platform import PROJECT_ROOT

TOOLS = PROJECT_ROOT / "static" / "js" / "tools"


@cache
def _read(path: Path) -> dict:
    return {
        key: value for key, value in json.loads(path.read_text(encoding="utf-8")).items() if not key.startswith("$")
    }


def load(kind: str) -> dict:
    """The kind's contract (without its comment); a KeyError names a kind that has none."""
    path = TOOLS / kind / "contract.json"
    if not kind.isidentifier() or not path.is_file():
        raise KeyError(kind)
    return dict(_read(path))


def sharing() -> dict:
    """The sharing wish's contract: "not_asked" and the audiences in their canonical order."""
    return dict(_read(TOOLS / "sharing.json"))


def communication() -> dict:
    """How the child communicated (the document's outer field): the ways in their canonical order,
    the note's limit, the read-back answers."""
    return dict(_read(TOOLS / "communication.json"))


def feedback() -> dict:
    """The child's one-minute feedback (the document's outer field): the questions in the order they
    are asked, and the answers in the order the faces are shown."""
    return dict(_read(TOOLS / "feedback.json"))


def kinds() -> list[str]:
    """Every kind with a contract, by its folder's name."""
    return sorted(path.parent.name for path in TOOLS.glob("*/contract.json"))


def access() -> dict:
    """How a child takes part (symbol mode and switches): the modes, the scanning speed's range, the
    highlight's colours and sizes, the keys' limits, the reserved keys and the defaults."""
    return dict(_read(TOOLS / "access.json"))
