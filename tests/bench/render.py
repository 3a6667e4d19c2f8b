"""Benchmark: the server's render of a child's drawing (registered in bench.py as `ink_render`).

A reproducible 30,000-point drawing — 300 strokes of 100 points, finger and pen, all three sizes, a
few eraser strokes, some stamps and fills over the house outline — rendered to a 1000 px PNG
(PNG encoding included), against a baseline measured in the same run: plain Pillow `ImageDraw.line`
through the same points at the same widths, also saved as PNG. The baseline is not the same picture
(no perfect-freehand outline, no eraser, no stamps); it is the floor for "drawing this many points
with Pillow". Target: ≤ 1 s a drawing on one core. Also printed: bytes a point of the ink encoding
and the time to decode the drawing.

Run alone: `.venv/bin/python tests/bench/render.py`.
"""

import io
import math
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project: sofs_direct

from PIL import Image, ImageDraw  # noqa: E402

from sofs_direct.paper import ink, ink_decode, raster  # noqa: E402

SIZE_PX = 1000


def synthetic_drawing(points=30_000, seed=4, per_stroke=100):
    """Strokes as a tablet samples them (60 Hz finger, 120 Hz pen), turning smoothly with now and
    then a sharp turn; every 30th stroke an eraser; a stamp every 40 strokes; the walls and roof
    filled."""
    rng = random.Random(seed)
    artwork = ink.load_artwork()
    ops = [{"op": "fill", "region": 0, "colour": 5, "t": 0}, {"op": "fill", "region": 1, "colour": 1, "t": 1}]
    t = 1000
    for index in range(points // per_stroke):
        pen = index % 3 == 0
        hz = 120 if pen else 60
        x, y = rng.uniform(300, 3700), rng.uniform(300, 3700)
        heading = rng.uniform(0, 2 * math.pi)
        speed = rng.uniform(0.15, 0.5) * 4000 / hz  # quarter units a sample
        p = rng.uniform(60, 200)
        stroke_points = []
        for _ in range(per_stroke):
            stroke_points.append((round(x), round(y), round(p) if pen else 0, t))
            heading += rng.gauss(0, 0.2) + (math.pi * 0.8 if rng.random() < 0.02 else 0)
            x = min(4000, max(0, x + speed * math.cos(heading)))
            y = min(4000, max(0, y + speed * math.sin(heading)))
            p = min(255, max(0, p + rng.gauss(0, 4)))
            t += round(1000 / hz)
        eraser = index % 30 == 29
        ops.append(
            {
                "op": "stroke",
                "tool": "eraser" if eraser else "pen",
                "colour": 0 if eraser else rng.randrange(len(artwork["palette"])),
                "size": rng.randrange(3),
                "pressure": pen,
                "t": stroke_points[0][3],
                "points": stroke_points,
            }
        )
        t += rng.randint(200, 1500)
        if index % 40 == 20:
            ops.append(
                {
                    "op": "stamp",
                    "stamp": rng.randrange(len(artwork["stamps"])),
                    "x": rng.randrange(400, 3600),
                    "y": rng.randrange(400, 3600),
                    "size": rng.randrange(300, 1200),
                    "t": t,
                }
            )
    return ops


def render_png(ops) -> bytes:
    buffer = io.BytesIO()
    raster.render_drawing(ops, "house", SIZE_PX).save(buffer, "PNG")
    return buffer.getvalue()


def pillow_lines_png(ops) -> bytes:
    """The baseline: each stroke as one Pillow polyline at its brush width, round joins."""
    artwork = ink.load_artwork()
    image = Image.new("RGB", (SIZE_PX, SIZE_PX), "white")
    draw = ImageDraw.Draw(image)
    scale = SIZE_PX / 1000 / 4
    for op in ops:
        if op["op"] != "stroke":
            continue
        sizes = artwork["brush"]["eraser_sizes" if op["tool"] == "eraser" else "sizes"]
        colour = "white" if op["tool"] == "eraser" else artwork["palette"][op["colour"]]
        draw.line(
            [(x * scale, y * scale) for x, y, _, _ in op["points"]],
            fill=colour,
            width=round(sizes[op["size"]] * SIZE_PX / 1000),
            joint="curve",
        )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _stand_in_stamps(directory: Path) -> None:
    """Plain discs for any stamp whose PNG is not made yet, so the benchmark still places stamps."""
    for index, stamp in enumerate(ink.load_artwork()["stamps"]):
        image = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
        ImageDraw.Draw(image).ellipse((16, 16, 240, 240), fill=(40 * index % 256, 120, 200, 255))
        image.save(directory / f"{stamp['id']}.png")


def render(points=30_000, repeat=7):
    from tests.bench.common import percentile, report

    ops = synthetic_drawing(points)
    encoded = ink.encode(ops)
    count = ink.point_count(ops)
    missing = [s["id"] for s in ink.load_artwork()["stamps"] if not (raster.STAMPS_DIR / f"{s['id']}.png").exists()]
    with tempfile.TemporaryDirectory() as directory:
        if missing:
            print(f"  ({len(missing)} stamp PNGs not made yet: stand-in discs used for them)")
            _stand_in_stamps(Path(directory))
            raster.STAMPS_DIR = Path(directory)
        render_png(ops)  # warm: artwork, stamp PNGs, numpy
        server, baseline = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            png = render_png(ops)
            server.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            pillow_lines_png(ops)
            baseline.append((time.perf_counter() - started) * 1000)
    decode_ms = []
    for _ in range(repeat):
        started = time.perf_counter()
        ink_decode.decode(encoded)
        decode_ms.append((time.perf_counter() - started) * 1000)
    sheet_pdf, sheet_png = sheet_timings(encoded, repeat=max(3, repeat // 2))
    print(
        f"  {count:,} points in {sum(op['op'] == 'stroke' for op in ops)} strokes, rendered at {SIZE_PX} px "
        f"to a {len(png) / 1024:.0f} KiB PNG"
    )
    report("server render + PNG", server, baseline, "Pillow lines + PNG")
    print(
        f"  {percentile(server, 50) / 1000:.2f} s a drawing (target ≤ 1 s)  |  ink encoding {len(encoded):,} bytes, "
        f"{len(encoded) / count:.2f} bytes a point  |  decode p50 {percentile(decode_ms, 50):.1f} ms"
    )
    b50 = percentile(baseline, 50)
    for name, samples in (("sheet PDF (that drawing in one house)", sheet_pdf), ("sheet PNG", sheet_png)):
        p50 = percentile(samples, 50)
        print(f"  {name}: p50 {p50 / 1000:.2f} s (target ≤ 1 s)  |  ratio to Pillow lines {p50 / b50:.1f}x")


def sheet_timings(encoded: bytes, repeat: int):
    """The "My Three Houses" sheet with the drawing in the House of Worries, as PDF and as PNG.
    The sheet's words are translated, so this runs inside an app's request context."""
    from sofs_direct import create_app
    from sofs_direct.tools.three_houses import renders
    from tests.conftest import base_config
    from tests.tablet_client import three_houses as document_of
    from tests.tablet_client import word

    document = document_of(
        "bench-child",
        houses={
            "worries": {
                "ink": "ink-worries",
                "words": [
                    word("w1", "When Dad shouts I hide in my room"),
                    word("w2", "I wish Mum would get up in the morning", by="worker"),
                ],
            }
        },
    )
    parts = {"ink-worries": encoded}
    pdf_ms, png_ms = [], []
    with tempfile.TemporaryDirectory() as directory:
        app = create_app(base_config(str(Path(directory) / "bench.db")))
    with app.test_request_context():
        for _ in range(repeat):
            started = time.perf_counter()
            renders.sheet_pdf(document, parts, "Maisie", "Dana Worker")
            pdf_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            buffer = io.BytesIO()
            renders.sheet_image(document, parts, "Maisie", "Dana Worker").save(buffer, "PNG")
            png_ms.append((time.perf_counter() - started) * 1000)
    return pdf_ms, png_ms


if __name__ == "__main__":
    render()
