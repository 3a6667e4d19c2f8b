"""Write what every page and export of the golden store gives today into tests/golden/expected/.

    /work/main/.venv/bin/python tests/golden/make_expected.py

Run by hand, and only when a change is *meant* to change what people see (a new sentence on a page,
a picture drawn differently): then read `git diff tests/golden/expected/` — every page there is a
page someone will see differently — and commit it with the change. tests/artefacts/test_golden.py never runs
this; it only compares. docs/golden.md says more.
"""

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # the project: sofs_direct, and the tests as `tests.…`

from tests.golden.crawl import EXPECTED, copy_store, look, write_expected


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        found = look(copy_store(Path(folder) / "store"))
    refused = [page.key for page in found if page.status >= 500]
    assert not refused, f"pages that fail: {refused}"
    write_expected(found)
    print(f"Wrote {len(found)} pages and files to {EXPECTED}")


if __name__ == "__main__":
    main()
