"""Benchmark: an assessment pack (for bench.py to register as `assessment_pack`).

A reproducible assessment with 10 attached artefacts — 5 Three Houses sessions (three drawings of
about 2,000 points each, twelve of the child's words) and 5 Words and Pictures versions (six pages,
each with a drawing of about 2,000 points and its words) — with the analysis beside each, the
child's words placed in the mapping and a scaling score, made into the pack PDF for the conference
on one core (the process is pinned to one CPU): seconds from reading the store to the bytes, and
the PDF's size. Target ≤ 3 s. Baselines in the same run: the same ten artefacts exported one by one
(the Three Houses sheets and the booklets, the per-artefact exports a worker could attach instead),
and fpdf2 writing the pack's words alone in the same font (the floor for the text). Also printed:
the same pack as JSON.

Run alone: `.venv/bin/python tests/bench/pack.py`.
"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project: sofs_direct

from fpdf import FPDF  # noqa: E402

from sofs_direct.paper import booklets, ink, ink_decode, lettering  # noqa: E402

SESSIONS, STORYBOARDS, PAGES = 5, 5, 6
SHARED = ["conference", "network", "parents"]
WORDS = "Nain takes me to see the lambs on Saturdays and we have chips after, number {n}"


def artefacts(child_id):
    """[(document, parts)] for the ten artefacts."""
    from tests.bench.render import synthetic_drawing
    from tests.tablet_client import three_houses, word, words_pictures

    made = []
    for number in range(SESSIONS):
        houses, parts = {}, []
        for index, key in enumerate(("good", "worries", "dreams")):
            drawing = ink.encode(synthetic_drawing(2000, seed=10 * number + index, per_stroke=50))
            parts.append((f"ink-{key}", ink.MEDIA_TYPE, drawing))
            houses[key] = {
                "ink": f"ink-{key}",
                "share": SHARED if key != "worries" else [],
                "words": [word(f"w{key}{n}", WORDS.format(n=n), share=SHARED if n % 2 else "ask") for n in range(4)],
            }
        made.append((three_houses(child_id, houses=houses, created_at=f"2026-11-1{number}T10:00:00.000Z"), parts))
    for number in range(STORYBOARDS):
        pages, parts = [], []
        for page in range(1, PAGES + 1):
            ops = [
                op for op in synthetic_drawing(2000, seed=100 + 10 * number + page, per_stroke=50) if op["op"] != "fill"
            ]  # a storyboard's page is blank paper
            parts.append((f"ink-p{page}", ink.MEDIA_TYPE, ink.encode(ops)))
            pages.append({"text": WORDS.format(n=page) * 2, "drawing": f"ink-p{page}"})
        made.append(
            (
                words_pictures(
                    child_id, pages=pages, version={"number": number + 1}, created_at=f"2026-11-2{number}T10:00:00.000Z"
                ),
                parts,
            )
        )
    return made


def words_only_pdf(pack) -> bytes:
    """Baseline: every word the pack prints, wrapped by fpdf2 in the same embedded font, no pictures."""
    writer = FPDF(unit="pt", format=booklets.PAPERS["A4"])
    writer.add_font(lettering.FAMILY, "", str(lettering.FONT_FILES["regular"]))
    writer.set_font(lettering.FAMILY, "", 10)
    writer.add_page()
    for work in pack.works:
        texts = [house_word["text"] for house in work.content.get("houses", []) for house_word in house["words"]]
        texts += [page["text"] for page in work.content.get("pages", [])]
        for text in texts + [work.analysis]:
            writer.multi_cell(0, 13, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(writer.output())


def assessment_pack(repeat=5):
    from sofs_direct.assessments import signs_of_safety, store
    from sofs_direct.exports.pack import gather, pack_pdf
    from sofs_direct.exports.pack_json import pack_json
    from sofs_direct.exports.pipeline import artefact_export
    from sofs_direct.platform.db import connect
    from tests.bench.common import percentile, report, seeded_app
    from tests.sync_helpers import StoreTablet

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    with tempfile.TemporaryDirectory() as directory:
        app = seeded_app(directory, PASSWORD_HASH_PROFILE="test")
        db = connect(app.config["DATABASE"])
        child = next(db.query("SELECT * FROM children WHERE known_as = 'Maisie'"))
        with app.app_context():
            tablet = StoreTablet(db)
            ids = [tablet.store(document, app.config["PARTS_DIR"], parts) for document, parts in artefacts(child["id"])]
            user = tablet.user
            assessment_id = store.create(db, user, child["id"], "conference", "2027-01-31", "CP-1")
            assessment = store.get(db, child["id"], assessment_id)
            for artefact_id in ids:
                store.attach(db, user, assessment, artefact_id)
                store.set_analysis(db, user, assessment, artefact_id, WORDS.format(n=artefact_id) * 6)
            for artefact_id in ids[:SESSIONS]:
                for n in range(4):
                    signs_of_safety.place_words(db, user, assessment, artefact_id, f"wgood{n}", "working_well")
            signs_of_safety.add_score(db, user, assessment, "Kerry", "Mum", 6, "")
            assessment = store.get(db, child["id"], assessment_id)
        made, cpu_made, single_made, text_made, json_made = [], [], [], [], []
        rows = [next(db.query("SELECT * FROM artefacts WHERE id = ?", [artefact_id])) for artefact_id in ids]
        with app.test_request_context():
            pack_pdf(db, user, gather(db, child, assessment, "conference"))  # warm: fonts, artwork
            for _ in range(repeat):
                started, cpu = time.perf_counter(), time.process_time()
                pack = gather(db, child, assessment, "conference")
                exported = pack_pdf(db, user, pack)
                made.append((time.perf_counter() - started) * 1000)
                cpu_made.append((time.process_time() - cpu) * 1000)
                started = time.perf_counter()
                singles = [
                    artefact_export(db, user, child, row, json.loads(row["document"]), "conference", "pdf")
                    for row in rows
                ]
                single_made.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                words_only_pdf(pack)
                text_made.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                as_json = pack_json(db, user, pack)
                json_made.append((time.perf_counter() - started) * 1000)
        db.close()
    size = sum(len(file.data) for file in exported.files)
    single_size = sum(len(file.data) for single in singles for file in single.files)
    points = sum(ink.point_count(ink_decode.decode(data)) for _, parts in artefacts("bench") for _, _, data in parts)
    print(
        f"  10 artefacts ({SESSIONS} Three Houses, {STORYBOARDS} Words and Pictures of {PAGES} pages), "
        f"{points:,} points of ink, for the conference"
    )
    report("pack PDF", made, single_made, "the ten artefacts exported one by one")
    p50 = percentile(made, 50)
    print(
        f"  {p50 / 1000:.2f} s for the pack (target ≤ 3 s)  |  {size / 1024 / 1024:.2f} MB in "
        f"{len(exported.files)} file(s) (reduced: {exported.reduced}, split: {exported.split}; one by one: "
        f"{single_size / 1024 / 1024:.2f} MB)  |  the words alone with fpdf2: p50 {percentile(text_made, 50):.0f} ms, "
        f"ratio {p50 / percentile(text_made, 50):.1f}x"
    )
    print(f"  pack PDF CPU time: p50 {percentile(cpu_made, 50) / 1000:.2f} s  |  load average {os.getloadavg()[0]:.1f}")
    print(
        f"  the same pack as JSON: p50 {percentile(json_made, 50) / 1000:.2f} s, "
        f"{len(as_json.files[0].data) / 1024 / 1024:.2f} MB (pictures left out: {as_json.pictures_left_out})"
    )


if __name__ == "__main__":
    assessment_pack()
