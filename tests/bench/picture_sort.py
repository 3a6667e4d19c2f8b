"""Benchmark: "My picture sort" (for bench.py to register as `picture_sort`).

A full sort: the most cards a sort takes (40), each with a symbol from the catalogue, on a board of
five columns, every card placed and a third of them moved again (the changes of mind printed), two of
them the child's own drawn cards, and ten notes of what the child said; made into its PDF on one core
(the process is pinned to one CPU), with the PDF's size. Target: ≤ 1 s. Baseline in the same run: the
same sort with no symbols (words only), so the ratio is what drawing the SVG symbols as vectors costs.

Run alone: `.venv/bin/python tests/bench/picture_sort.py`.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project: sofs_direct

SAID = "I like school when Mr Evans is there, but not at dinner time. Mae Nain yn dod bob dydd Sul."


def full_sort(with_symbols: bool = True):
    """(document, parts): 40 cards on five columns, every card placed, a third moved again."""
    from sofs_direct.artefacts import symbols
    from sofs_direct.tools import picture_sort
    from tests.tablet_client import picture_sort as document_of
    from tests.tablet_client import sort_card
    from tests.tools.test_words_pictures import scribble

    chosen = [entry["id"] for entry in symbols.SYMBOLS][: picture_sort.CARDS_MAX]
    columns = [
        {"id": f"c{n}", "words": words, "symbol": symbol if with_symbols else None, "leaning": leaning}
        for n, (words, symbol, leaning) in enumerate(
            [
                ("Happy", "happy", "good"),
                ("OK", "calm", "none"),
                ("Not sure", "not-sure", "not_sure"),
                ("Sad", "sad", "not_good"),
                ("Scared", "scared", "not_good"),
            ],
            start=1,
        )
    ]
    cards = [
        sort_card(f"k{n}", symbols.word(symbol_id, "en"), symbol_id if with_symbols else None)
        for n, symbol_id in enumerate(chosen[:-2], start=1)
    ]
    cards += [sort_card(f"k{n}", "", by="child", drawing=f"card-k{n}") for n in (len(chosen) - 1, len(chosen))]
    moves = [(card["id"], columns[n % 5]["id"], "drag" if n % 2 else "buttons") for n, card in enumerate(cards)]
    moves += [(card["id"], columns[(n + 2) % 5]["id"], "buttons") for n, card in enumerate(cards) if n % 3 == 0]
    notes = [{"id": f"n{n}", "text": SAID, "noted": "said", "at": "2026-11-23T10:30:00.000Z"} for n in range(10)]
    document = document_of(
        "bench-child",
        cards=cards,
        moves=moves,
        columns=columns,
        notes=notes,
        share=["conference"],
        created_at="2026-11-23T10:00:00.000Z",
    )
    drawing = scribble()
    return document, {card["drawing"]: drawing for card in cards if card["drawing"]}


def picture_sort(repeat=5):
    from sofs_direct import create_app
    from sofs_direct.artefacts.export_layout import standalone_paged, standalone_pdf
    from tests.bench.common import percentile, report
    from tests.conftest import base_config

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    document, parts = full_sort()
    plain, plain_parts = full_sort(with_symbols=False)
    with tempfile.TemporaryDirectory() as directory:
        app = create_app(base_config(str(Path(directory) / "bench.db")))
    made, cpu_made, baseline = [], [], []
    with app.test_request_context():
        standalone_pdf("picture_sort", document, parts, "Maisie", "Dana Worker")  # warm: fonts, symbols
        standalone_pdf("picture_sort", plain, plain_parts, "Maisie", "Dana Worker")
        for _ in range(repeat):
            started, cpu = time.perf_counter(), time.process_time()
            data = standalone_pdf("picture_sort", document, parts, "Maisie", "Dana Worker")
            made.append((time.perf_counter() - started) * 1000)
            cpu_made.append((time.process_time() - cpu) * 1000)
            started = time.perf_counter()
            standalone_pdf("picture_sort", plain, plain_parts, "Maisie", "Dana Worker")
            baseline.append((time.perf_counter() - started) * 1000)
        pages = len(standalone_paged("picture_sort", document, parts, "Maisie", "Dana Worker").pages)
    print(f"  40 cards with symbols on five columns, 53 moves, 10 notes: {pages} A4 pages, {len(data) / 1024:.0f} KiB")
    report("Picture sort PDF", made, baseline, "the same sort without symbols")
    print(
        f"  {percentile(made, 50) / 1000:.2f} s for the PDF (target ≤ 1 s)  |  CPU time p50 "
        f"{percentile(cpu_made, 50) / 1000:.2f} s  |  load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    picture_sort()
