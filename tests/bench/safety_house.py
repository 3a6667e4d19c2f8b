"""Benchmark: "My Safety House" (for bench.py to register as `safety_house`).

A house at its people and rules limits — 30 people across the three zones, 20 rules of about 300
characters, two numbers on the path — with a 20,000-point drawing over the house (the synthetic
finger and pen strokes of tests/bench/render.py), made into its PDF on one core (the process is
pinned to one CPU), with the PDF's size. Target: ≤ 1 s. Baseline in the same run: the Three Houses
"My Three Houses" sheet with the same drawing in one house and 20 of the child's words of the same
length, the other one-page sheet a child's work is printed on. Also printed: the first page as a PNG.

Run alone: `.venv/bin/python tests/bench/safety_house.py`.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project: sofs_direct

from sofs_direct.paper import ink, ink_decode  # noqa: E402

POINTS = 20_000
WORDS = (
    "Mum and Dad don't shout at night and somebody always checks I am asleep. Nain comes every Sunday "
    "and takes me to the park. Mae Mam yn aros yn effro pan dw i'n cysgu, ac mae Dad yn gwneud brecwast "
    "i ni cyn ysgol. If I am scared I can ring Nain, rule {n}."
)


def house():
    """(document, parts): a Safety House at its people and rules limits, with a 20,000-point drawing."""
    from sofs_direct.tools import safety_house
    from tests.bench.render import synthetic_drawing
    from tests.tablet_client import house_person, house_rule, path_number
    from tests.tablet_client import safety_house as document_of

    zones = safety_house.ZONES
    document = document_of(
        "bench-child",
        people=[
            house_person(f"p{n}", f"Person {n} Jones", zones[n % len(zones)], share=["conference"])
            for n in range(safety_house.PEOPLE_MAX)
        ],
        rules=[house_rule(f"r{n}", WORDS.format(n=n), share=["conference"]) for n in range(safety_house.RULES_MAX)],
        path=[
            path_number(3, why="Because Dad still shouts sometimes", closer="If Nain came every Sunday"),
            path_number(8, who="parent", name="Sarah", why="We are doing much better"),
        ],
        ink="ink-house",
        share=["conference"],
        created_at="2026-11-23T10:00:00.000Z",
    )
    return document, {"ink-house": ink.encode(synthetic_drawing(POINTS))}


def three_houses_sheet(encoded: bytes):
    """Baseline: the Three Houses sheet with the same drawing and 20 words of the same length."""
    from tests.tablet_client import three_houses, word

    words = [word(f"w{n}", WORDS.format(n=n)) for n in range(20)]
    return three_houses("bench-child", houses={"worries": {"ink": "ink-worries", "words": words}}), {
        "ink-worries": encoded
    }


def safety_house(repeat=5):
    from sofs_direct import create_app
    from sofs_direct.tools.safety_house.export import house_paged, house_pdf, house_png
    from sofs_direct.tools.three_houses import renders as three_houses_renders
    from tests.bench.common import percentile, report
    from tests.conftest import base_config

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    document, parts = house()
    sheet_document, sheet_parts = three_houses_sheet(parts["ink-house"])
    points = ink.point_count(ink_decode.decode(parts["ink-house"]))
    with tempfile.TemporaryDirectory() as directory:
        app = create_app(base_config(str(Path(directory) / "bench.db")))
    made, cpu_made, baseline, png_made = [], [], [], []
    with app.test_request_context():
        house_pdf(document, parts, "Maisie", "Dana Worker")  # warm: fonts, artwork, stamps
        three_houses_renders.sheet_pdf(sheet_document, sheet_parts, "Maisie", "Dana Worker")
        for _ in range(repeat):
            started, cpu = time.perf_counter(), time.process_time()
            data = house_pdf(document, parts, "Maisie", "Dana Worker")
            made.append((time.perf_counter() - started) * 1000)
            cpu_made.append((time.process_time() - cpu) * 1000)
            started = time.perf_counter()
            three_houses_renders.sheet_pdf(sheet_document, sheet_parts, "Maisie", "Dana Worker")
            baseline.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            house_png(document, parts, "Maisie", "Dana Worker")
            png_made.append((time.perf_counter() - started) * 1000)
        pages = len(house_paged(document, parts, "Maisie", "Dana Worker").pages)
    print(
        f"  30 people, 20 rules, {points:,} points of ink over the house: {pages} A4 pages "
        f"(the house on the first, the words carried on), {len(data) / 1024:.0f} KiB"
    )
    report("Safety House PDF", made, baseline, "Three Houses sheet, same drawing and words")
    print(
        f"  {percentile(made, 50) / 1000:.2f} s for the PDF (target ≤ 1 s)  |  CPU time p50 "
        f"{percentile(cpu_made, 50) / 1000:.2f} s  |  load average {os.getloadavg()[0]:.1f}"
    )
    print(f"  the first page as a PNG (1240 × 1754): p50 {percentile(png_made, 50):.0f} ms")


if __name__ == "__main__":
    safety_house()
