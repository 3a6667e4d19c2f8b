"""The contract files (static/js/tools/<kind>/contract.json, static/js/tools/sharing.json) say what
the server says today: every limit, choice and order in them equals the server's own constant, so
the tablet, which reads them, cannot drift from the server's checks (sofs_direct/artefacts/contracts.py).

Main decision: a key names the server's constant in lower case, looked up in the kind's module;
the few that live elsewhere, or are written another way there (a range, a date), are listed in
ELSEWHERE with how to read them. The kinds read most keys from the contract themselves; this test
holds the rest, and every constant a kind still keeps, to it.
"""

import re

import pytest

from sofs_direct.artefacts import access, contracts, fields, sharing
from sofs_direct.artefacts.kinds import KINDS
from sofs_direct.paper import audio, ink

# (kind, key): the server's value, where it is not the kind module's constant of the key's name.
ELSEWHERE = {
    ("three_houses", "symbols"): lambda module: ink.load_artwork()["symbols"],
    ("three_houses", "recording_types"): lambda module: audio.MEDIA_TYPES,
    ("three_houses", "recording_ms_max"): lambda module: audio.LONGEST_MS,
    ("three_houses", "person_text_max"): lambda module: fields.PERSON_TEXT_MAX,
    ("words_pictures", "person_text_max"): lambda module: fields.PERSON_TEXT_MAX,
    ("picture_sort", "person_text_max"): lambda module: fields.PERSON_TEXT_MAX,
    ("network", "rings"): lambda module: [module.RINGS[0], module.RINGS[-1]],
    ("network", "angles"): lambda module: [module.ANGLES[0], module.ANGLES[-1]],
    ("network", "earliest"): lambda module: module.EARLIEST.isoformat(),
    ("network", "latest"): lambda module: module.LATEST.isoformat(),
    ("network_meeting", "latest"): lambda module: KINDS["network"].LATEST.isoformat(),
}


def plain(value):
    """Tuples as lists, as JSON has them."""
    if isinstance(value, (tuple, list)):
        return [plain(item) for item in value]
    return value


def test_every_kind_has_a_contract_and_every_contract_a_kind():
    assert contracts.kinds() == sorted(KINDS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_limit_choice_and_order_is_the_server_s(kind):
    module = KINDS[kind]
    contract = contracts.load(kind)
    assert contract, f"{kind} has an empty contract"
    differ = {}
    for key, value in contract.items():
        server = ELSEWHERE[(kind, key)](module) if (kind, key) in ELSEWHERE else getattr(module, key.upper())
        if plain(server) != value:
            differ[key] = (value, plain(server))
    assert differ == {}, "contract.json (left) and the server (right) differ"


def test_the_sharing_wish_is_the_server_s():
    assert contracts.sharing() == {"not_asked": sharing.NOT_ASKED, "audiences": list(sharing.AUDIENCES)}


def test_how_a_child_takes_part_is_the_server_s_and_the_tablet_keeps_no_copy():
    """The server reads its limits from static/js/tools/access.json; the tablet's access.js must too,
    never keep a second copy of a limit, a colour or a reserved key."""
    contract = contracts.access()
    assert contract["modes"] == list(access.MODES) and contract["sizes"] == list(access.SIZES)
    assert contract["interval_ms"] == access.INTERVAL_MS and contract["colours"] == access.COLOURS
    assert (contract["keys_max"], contract["key_length_max"]) == (access.KEYS_MAX, access.KEY_LENGTH_MAX)
    assert set(contract["reserved_keys"]) == access.RESERVED_KEYS and contract["defaults"] == access.defaults()
    tablet = (contracts.TOOLS.parent / "tablet" / "access.js").read_text(encoding="utf-8")
    assert 'import contract from "../tools/access.json"' in tablet
    copies = [str(contract["interval_ms"]["max"]), *contract["colours"].values(), '"Escape"', '"CapsLock"']
    assert [copy for copy in copies if copy in tablet] == []


def test_an_unknown_kind_has_no_contract():
    for kind in ("nothing", "../words", ""):
        with pytest.raises(KeyError):
            contracts.load(kind)


def test_the_network_s_picture_choices_on_the_tablet_are_the_server_s():
    """The tablet lists the people and feelings pictures in the order the worker sees them
    (network/model.js, PEOPLE_STAMPS); the server takes the artwork's groups the contract names.
    Written twice for the order's sake, so held equal here as sets."""
    model = (contracts.TOOLS / "network" / "model.js").read_text(encoding="utf-8")
    listed = re.search(r"export const PEOPLE_STAMPS = \[(.*?)\];", model, re.S)
    assert listed, "PEOPLE_STAMPS is no longer a list in network/model.js"
    on_tablet = re.findall(r'"([^"]+)"', listed.group(1))
    assert len(on_tablet) == len(set(on_tablet))
    assert set(on_tablet) == KINDS["network"].stamp_ids()
