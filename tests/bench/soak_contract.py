"""Soak: the contract tests with many more generated documents than `make test` runs.

test_render_everything.py opens every page and export of a few documents of each kind, and
test_contract_tablet.py holds the tablet's checks to the server's on some dozens; this runs both with
as many examples as asked (default 25 a kind for the pages, 400 for the checks), for a night's run or
after a change to a kind. It also runs the drawing format's and the drawing budget's property tests
(tests/paper/test_ink.py, test_ink_budget.py) with ten times the suite's examples: with SOFS_SOAK=1,
tests.strategies.examples gives each its long count. Not a benchmark: it measures nothing, it only
looks for failures.

Run: `.venv/bin/python tests/bench/soak_contract.py [pages examples] [checks examples] [pytest options]`.
"""

import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parents[1]  # tests/
sys.path.insert(0, str(HERE.parent))  # the project, as `python -m pytest` run from it has it


class Examples:
    """Sets each test module's EXAMPLES once pytest has imported it (importing it here first would
    keep pytest from rewriting its asserts)."""

    def __init__(self, pages: int, checks: int):
        self.wanted = {"test_render_everything": pages, "test_contract_tablet": checks}

    def pytest_collection_modifyitems(self, items):
        for item in items:
            name = item.module.__name__.rpartition(".")[2]  # tests.artefacts.test_render_everything
            if name in self.wanted:
                item.module.EXAMPLES = self.wanted[name]


def main(arguments: list[str]) -> int:
    os.environ["SOFS_SOAK"] = "1"  # before pytest imports tests.strategies (xdist's workers inherit it)
    numbers = [int(argument) for argument in arguments[:2] if argument.isdigit()]
    examples = Examples(numbers[0] if numbers else 25, numbers[1] if len(numbers) > 1 else 400)
    return pytest.main(
        [
            str(HERE / "artefacts" / "test_render_everything.py"),
            str(HERE / "tablet" / "test_contract_tablet.py"),
            str(HERE / "paper" / "test_ink.py"),
            str(HERE / "paper" / "test_ink_budget.py")
            + "::test_the_ceiling_the_tablet_counts_while_drawing_is_never_under_the_stroke",
            "-p",
            "no:cacheprovider",
            *arguments[len(numbers) :],
        ],
        plugins=[examples],
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
