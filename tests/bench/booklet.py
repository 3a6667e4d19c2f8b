"""Benchmark: the Words and Pictures booklet (for bench.py to register as `booklet`).

A reproducible twelve-page storyboard, each page with a drawing of about 2,000 points (40 finger
and pen strokes, a stamp, on a blank page) and about 300 characters of words, made into the A4
booklet PDF on one core (the process is pinned to one CPU), with the PDF's size. Targets: ≤ 2 s
and ≤ 2 MB. Two baselines in the same run: fpdf2 writing the same words in the same font with no
drawings (the floor for the text), and the same booklet with each drawing done as plain Pillow
lines through the same points instead of the ink render (the floor for "pictures of this many
points in a PDF"). Also printed: one panel as a PNG, as the record page's download makes it.

Run alone: `.venv/bin/python tests/bench/booklet.py`.
"""

import io
import os
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project: sofs_direct

from fpdf import FPDF  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from sofs_direct.paper import booklets, ink, ink_decode, lettering  # noqa: E402

PAGES = 12
WORDS = (
    "Mum and Dad love you very much. Sometimes Mum gets very poorly and stays in bed, and Dad was "
    "worried and shouted. Dana is a social worker. Her job is to help families so that children are "
    "safe and happy. Nain is going to come every morning to help get you ready for school, page {n}."
)


def storyboard():
    """(document, parts): twelve pages, each with its words and a ~2,000-point drawing."""
    from tests.bench.render import synthetic_drawing
    from tests.tablet_client import words_pictures

    pages, parts = [], {}
    for number in range(1, PAGES + 1):
        # The synthetic drawing colours the house outline's walls; a storyboard page is blank paper.
        ops = [op for op in synthetic_drawing(2000, seed=number, per_stroke=50) if op["op"] != "fill"]
        parts[f"ink-p{number}"] = ink.encode(ops)
        pages.append({"text": WORDS.format(n=number), "drawing": f"ink-p{number}"})
    document = words_pictures(
        "bench-child",
        pages=pages,
        title="Why Dana visits",
        version={"agreed_by": [{"name": "Kerry Smith", "role": "Mum"}]},
        created_at="2026-11-23T10:00:00.000Z",
    )
    return document, parts


def text_only_pdf(document) -> bytes:
    """Baseline: the same words, wrapped by fpdf2 in the same embedded font, one page each, no drawings."""
    writer = FPDF(unit="pt", format=(booklets.PAPERS["A4"]))
    writer.add_font(lettering.FAMILY, "", str(lettering.FONT_FILES["regular"]))
    writer.set_font(lettering.FAMILY, "", 20)
    for page in document["content"]["pages"]:
        writer.add_page()
        writer.multi_cell(0, 28, page["text"])
    return bytes(writer.output())


def pillow_lines(data: bytes, size_px: int) -> Image.Image:
    """Baseline drawing: each stroke as one Pillow polyline at its brush width."""
    artwork = ink.load_artwork()
    image = Image.new("RGB", (size_px, size_px), "white")
    draw = ImageDraw.Draw(image)
    scale = size_px / 4000
    for op in ink_decode.decode(data):
        if op["op"] == "stroke":
            width = artwork["brush"]["eraser_sizes" if op["tool"] == "eraser" else "sizes"][op["size"]]
            colour = "white" if op["tool"] == "eraser" else artwork["palette"][op["colour"]]
            draw.line(
                [(x * scale, y * scale) for x, y, _, _ in op["points"]],
                fill=colour,
                width=max(1, round(width * size_px / 1000)),
                joint="curve",
            )
    return image


def booklet(repeat=5):
    from sofs_direct import create_app
    from sofs_direct.tools.words_pictures import renders
    from tests.bench.common import percentile, report
    from tests.conftest import base_config

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    document, parts = storyboard()
    points = sum(ink.point_count(ink_decode.decode(data)) for data in parts.values())
    with tempfile.TemporaryDirectory() as directory:
        app = create_app(base_config(str(Path(directory) / "bench.db")))
    made, cpu_made, lines_made, text_made, panel_made = [], [], [], [], []
    with app.test_request_context():
        layout = renders.booklet(document, "A4", 1, "Maisie")
        renders.booklet_pdf(document, parts, "A4", 1, "Maisie")  # warm: fonts, artwork, stamps

        def lines(name, size_px):
            return pillow_lines(parts[name], size_px)

        for _ in range(repeat):
            started, cpu = time.perf_counter(), time.process_time()
            data = renders.booklet_pdf(document, parts, "A4", 1, "Maisie")
            made.append((time.perf_counter() - started) * 1000)
            cpu_made.append((time.process_time() - cpu) * 1000)
            started = time.perf_counter()
            lines_pdf = booklets.booklet_pdf(layout, lines)
            lines_made.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            text_only_pdf(document)
            text_made.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            buffer = io.BytesIO()
            renders.booklet_images(document, parts, "A4", "Maisie", panels={5})[0].save(buffer, "PNG")
            panel_made.append((time.perf_counter() - started) * 1000)
    print(f"  {PAGES} pages, {points:,} points of ink, A4, one panel a page: {page_count(data)} PDF pages")
    report("booklet PDF", made, lines_made, "same booklet, Pillow lines")
    p50 = percentile(made, 50)
    print(
        f"  {p50 / 1000:.2f} s for the booklet (target ≤ 2 s)  |  {len(data) / 1024 / 1024:.2f} MB (target ≤ 2 MB; "
        f"with Pillow lines {len(lines_pdf) / 1024 / 1024:.2f} MB)  |  the words alone with fpdf2: p50 "
        f"{percentile(text_made, 50):.0f} ms, ratio {p50 / percentile(text_made, 50):.1f}x"
    )
    # On a shared machine the wall clock includes waiting for the core; the CPU time does not.
    print(
        f"  booklet PDF CPU time: p50 {percentile(cpu_made, 50) / 1000:.2f} s  |  load average {os.getloadavg()[0]:.1f}"
    )
    print(f"  one panel as a PNG (1240 × 1754): p50 {percentile(panel_made, 50):.0f} ms")


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", data))


if __name__ == "__main__":
    booklet()
