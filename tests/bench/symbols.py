"""Benchmark: the symbol vocabulary's download (registered in __main__.py as `symbols`).

What "Prepare for visits" fetches for the symbols (static/js/tablet/symbols.js keepSymbolsOffline):
the symbols pack, one JSON holding the catalogue and each symbol's SVG (sofs_direct/tablet.py
symbol_pack). Printed: how many files it holds, its bytes as served, and its bytes gzipped (as a
server or proxy compressing the response would send it), against the budget of 600 KB gzipped
(docs/symbols.md); and, as the baseline, the same figures for the app shell the service worker
precaches (sofs_direct/tablet_files.py shell_files, gzipped file by file), which the symbols are kept out
of. tests/artefacts/test_symbols.py holds the budget in the suite with the same measure.

Run alone: `.venv/bin/python tests/bench/symbols.py`.
"""

import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project: sofs_direct

from sofs_direct.tablet import symbol_pack  # noqa: E402
from sofs_direct.tablet_files import shell_files  # noqa: E402

BUDGET_GZIPPED = 600 * 1024


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def pack_sizes() -> tuple[int, int, int]:
    """The symbols pack: files in it, bytes as served, bytes gzipped."""
    body, _etag = symbol_pack()
    return len(json.loads(body)["files"]), len(body), gzipped(body)


def main() -> None:
    files, served, packed = pack_sizes()
    verdict = "within" if packed <= BUDGET_GZIPPED else "OVER"
    print(
        f"  symbols pack: {files} files, {served / 1024:.0f} KB as served, {packed / 1024:.0f} KB gzipped"
        f" ({verdict} the budget of {BUDGET_GZIPPED // 1024} KB gzipped)"
    )
    shell = shell_files()
    shell_served = sum(path.stat().st_size for path in shell)
    shell_gzipped = sum(gzipped(path.read_bytes()) for path in shell)
    print(
        f"  app shell's precached static files (baseline): {len(shell)} files, {shell_served / 1024:.0f} KB as served,"
        f" {shell_gzipped / 1024:.0f} KB gzipped  |  ratio gzipped {packed / shell_gzipped:.2f}x"
    )


if __name__ == "__main__":
    main()
