"""Benchmark: the symbol vocabulary's download (registered in __main__.py as `symbols`).

What "Prepare for visits" fetches for the symbols (static/js/tablet/symbols.js keepSymbolsOffline):
the catalogue and each symbol's SVG once. Printed: the number of files, their bytes as served, and
their bytes gzipped one file at a time (as an HTTP server compressing each response would send them),
against the budget of 600 KB gzipped (docs/symbols.md); and, as the baseline, the same figures for
the app shell the service worker precaches (sofs_direct/tablet.py static_files), which the symbols are
kept out of. tests/artefacts/test_symbols.py holds the budget in the suite with the same measure.

Run alone: `.venv/bin/python tests/bench/symbols.py`.
"""

import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project: sofs_direct

from sofs_direct.tablet import STATIC, static_files  # noqa: E402

CATALOGUE = STATIC / "symbols" / "catalogue.json"
BUDGET_GZIPPED = 600 * 1024


def symbol_download() -> list[Path]:
    """Every file the tablet keeps for the symbols: the catalogue and each picture once."""
    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    return [CATALOGUE, *sorted({STATIC / symbol["file"] for symbol in catalogue["symbols"]})]


def sizes(paths: list[Path]) -> tuple[int, int]:
    """Bytes as served, and bytes gzipped file by file (level 9, as a server's static compression)."""
    served = sum(path.stat().st_size for path in paths)
    gzipped = sum(len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)) for path in paths)
    return served, gzipped


def main() -> None:
    symbols = symbol_download()
    served, gzipped = sizes(symbols)
    shell = static_files()
    shell_served, shell_gzipped = sizes(shell)
    verdict = "within" if gzipped <= BUDGET_GZIPPED else "OVER"
    print(
        f"  symbols: {len(symbols)} files, {served / 1024:.0f} KB as served, {gzipped / 1024:.0f} KB gzipped"
        f" ({verdict} the budget of {BUDGET_GZIPPED // 1024} KB gzipped)"
    )
    print(
        f"  app shell's precached static files (baseline): {len(shell)} files, {shell_served / 1024:.0f} KB as served,"
        f" {shell_gzipped / 1024:.0f} KB gzipped  |  ratio gzipped {gzipped / shell_gzipped:.2f}x"
    )


if __name__ == "__main__":
    main()
