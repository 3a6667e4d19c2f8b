"""The generated documents follow the contracts: tests/strategies.py reads every key of every
contract file (static/js/tools/<kind>/contract.json, static/js/tools/sharing.json), so a limit,
choice or order added to a contract, or one a strategy stopped reading, fails here rather than
leaving the differential and rendering tests on numbers the server and tablet no longer use.

Main decision: the strategies' source is read, not run. Each name bound to `contracts.load("<kind>")`
(or `contracts.sharing()`) is found in tests/strategies.py, and every `NAME["key"]` on it is a read
of that key. Reading the source is deterministic: drawing examples and recording the keys read
would miss a key read only on a rare branch (a signed consent, a clip) and fail at random. The few
keys the generated documents cannot use are listed in UNUSED, each with its reason; a key listed
there that the strategies do read, or that no contract has any more, fails too, so the list stays true.
"""

import ast
from pathlib import Path

from sofs_direct.artefacts import contracts

STRATEGIES = Path(__file__).parents[1] / "strategies.py"
SHARING = "sharing"  # the sharing wish's contract, among the kinds' here

# (contract, key): why the generated documents do not read it.
UNUSED = {
    # A generated network is for the one child the test registered; more children would need more
    # children on the server, and the limit on them is checked in tests/tools/test_network.py.
    ("network", "children_max"): "a network is generated for one child",
    # A clip's id is the tablet's own short "c<number>" (part "audio-c1"), never near the limit; what
    # only the tablet writes is not varied here (tests/tablet/test_contract_tablet.py's docstring); the
    # limit is checked in tests/tools/test_consent.py.
    ("three_houses", "clip_id_max"): "clip ids are the tablet's own short ids",
    # The recordings are real files (tests/fixtures/audio), whose lengths are what they are; the
    # limit is audio.LONGEST_MS, checked in tests/paper/test_audio.py and tests/tools/test_consent.py.
    ("three_houses", "recording_ms_max"): "recordings are fixture files of fixed length",
    # A team's card sets are not in any document (the card_sets table, sofs_direct/tools/picture_sort/
    # sets.py); the limit is checked by the card sets page's tests in tests/tools/test_picture_sort.py.
    ("picture_sort", "team_sets_max"): "the team's card sets are a table, not a document",
    # The paper of the child's printed copy is asked for by the download (letter.pdf?size=), not held in
    # the document; tests/tools/test_letter.py prints both.
    ("letter", "sizes"): "the paper size is the download's, not the document's",
}


def contracts_by_name(tree: ast.Module) -> dict[str, str]:
    """The module-level names bound to a contract: {"TH": "three_houses", "SHARING": "sharing"}."""
    bound = {}
    for node in tree.body:
        if not (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Attribute)
            and isinstance(node.value.func.value, ast.Name)
            and node.value.func.value.id == "contracts"
        ):
            continue
        call = node.value
        if call.func.attr == "load" and len(call.args) == 1 and isinstance(call.args[0], ast.Constant):
            contract = call.args[0].value
        elif call.func.attr == "sharing" and not call.args:
            contract = SHARING
        else:
            continue
        for target in node.targets:
            if isinstance(target, ast.Name):
                bound[target.id] = contract
    return bound


def keys_read(source: str) -> set[tuple[str, str]]:
    """Every (contract, key) the source reads as NAME["key"], NAME bound to that contract."""
    tree = ast.parse(source)
    bound = contracts_by_name(tree)
    return {
        (bound[node.value.id], node.slice.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id in bound
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, str)
    }


def every_key() -> set[tuple[str, str]]:
    """Every key of every contract ("$comment" is left out by contracts.load)."""
    keys = {(kind, key) for kind in contracts.kinds() for key in contracts.load(kind)}
    return keys | {(SHARING, key) for key in contracts.sharing()}


def test_the_strategies_load_every_contract():
    bound = contracts_by_name(ast.parse(STRATEGIES.read_text(encoding="utf-8")))
    assert sorted(set(bound.values())) == sorted([*contracts.kinds(), SHARING])


def test_every_contract_key_is_read_by_the_strategies():
    read = keys_read(STRATEGIES.read_text(encoding="utf-8"))
    missing = every_key() - read - set(UNUSED)
    assert not missing, (
        f"tests/strategies.py does not read these contract keys (read them, or list them in UNUSED "
        f"with a reason): {sorted(missing)}"
    )


def test_every_key_listed_as_unused_is_a_contract_key_the_strategies_do_not_read():
    read = keys_read(STRATEGIES.read_text(encoding="utf-8"))
    assert set(UNUSED) <= every_key(), f"no longer in any contract: {sorted(set(UNUSED) - every_key())}"
    assert not set(UNUSED) & read, f"read after all, so not unused: {sorted(set(UNUSED) & read)}"


def test_the_check_finds_a_key_no_longer_read():
    """The check can fail: a source without a read of a key, or reading it off a name that is not a
    contract, is missing it."""
    source = 'TH = contracts.load("three_houses")\nOTHER = {}\nTH["keys"]\nOTHER["themes"]\n'
    assert keys_read(source) == {("three_houses", "keys")}
