"""The golden store (tests/golden/, docs/golden.md): a store made before the kinds became plugins,
whose every page and export must stay as people saw it then.

Main decision: the test only compares. A copy of the committed store is opened by today's app with
the store's own server key and the clock stopped where the expected files were made, the worker,
their manager and the admin open everything they reach (tests/golden/crawl.py), and each address is
compared with tests/golden/expected/: pages as HTML with only the CSRF token normalised, pictures,
PDFs, JSON and recordings byte for byte. A failure names every address that differs, with a short
diff of each page. When a change is meant to change what people see, the expected files are made
again by hand (tests/golden/make_expected.py) and the diff is read and committed with the change.
"""

import difflib
import os
import tempfile
from pathlib import Path

import pytest

from tests.golden.crawl import EXPECTED, copy_store, look, read_expected

DIFF_LINES = 24  # of each page's diff: enough to see what changed, short enough to read 30 of them


def memory_folder():
    """A folder for the copy, in memory where the machine has one: every view writes the audit trail
    with a full fsync (db.py), which on a disk costs more than the pages themselves."""
    shared_memory = Path("/dev/shm")
    if shared_memory.is_dir() and os.access(shared_memory, os.W_OK):
        return tempfile.TemporaryDirectory(dir=shared_memory, prefix="sofs-golden-")
    return tempfile.TemporaryDirectory(prefix="sofs-golden-")


def page_diff(expected: dict, page) -> str:
    before = (EXPECTED / expected["page"]).read_text(encoding="utf-8").splitlines()
    lines = list(difflib.unified_diff(before, page.text().splitlines(), "expected", "now", n=1, lineterm=""))
    shown = [line if len(line) <= 200 else line[:200] + "…" for line in lines[2 : 2 + DIFF_LINES]]
    more = len(lines) - 2 - DIFF_LINES
    return "\n".join(["    " + line for line in shown] + ([f"    … {more} more lines"] if more > 0 else []))


def differences(expected: dict, found: list) -> list[str]:
    seen = {page.key: page for page in found}
    told = [f"- no longer reached: {key}" for key in expected if key not in seen]
    told += [f"- reached, and not before: {key}" for key in seen if key not in expected]
    for key, page in seen.items():
        if key not in expected:
            continue
        was, now = expected[key], page.entry()
        if all(was[name] == now[name] for name in ("status", "type", "sha256", "length")):
            continue
        heading = f"- {key}: "
        if (was["status"], was["type"]) != (now["status"], now["type"]):
            told.append(heading + f"was {was['status']} {was['type']}, now {now['status']} {now['type']}")
        elif "page" in was:
            told.append(heading + "the page differs\n" + page_diff(was, page))
        else:
            told.append(heading + f"the {now['type']} differs ({was['length']} bytes before, {now['length']} now)")
    return told


def test_every_page_and_export_of_the_golden_store_is_as_it_was():
    expected = read_expected()
    with memory_folder() as folder:
        found = look(copy_store(Path(folder) / "store"))
    told = differences(expected, found)
    if told:  # the list as it is, without pytest's repr of it again
        pytest.fail(
            f"{len(told)} of {len(expected)} addresses differ from tests/golden/expected/ (if the change "
            "is meant, run tests/golden/make_expected.py and read the diff):\n" + "\n".join(told),
            pytrace=False,
        )
