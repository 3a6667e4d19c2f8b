"""The drawing budget (docs/ink.md, "The drawing budget"): a drawing the server accepts can be drawn
at 1600 px within 2 seconds on one core. One that cannot — the 20,000 stamps at the largest size
that took minutes to draw — is refused at ingest by every kind, in words a worker can act on; the
drawings children make, long and busy ones included, fit with room to spare; one stored before there
was a budget is shown as a plain panel that says why, never drawn; and the tablet's canvas keeps to
the same budget, counting it as the server does. (Times are measured by tests/bench/ink_budget.py,
never here.)"""

import io
import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from sofs_direct.artefacts.envelope import IngestRefused
from sofs_direct.paper import drawing_budget, ink, ink_decode, raster
from sofs_direct.platform.invalid import DocumentInvalid
from sofs_direct.tools import three_houses, words_pictures
from sofs_direct.tools.words_pictures import views as words_pictures_views
from tests.bench.ink_budget import typical_drawings, wander, zigzag
from tests.conftest import child_ids, signed_in
from tests.paper.test_ink_browser import mount, path_points, screen_points, to_screen, wait_for_ops
from tests.paper.test_ink_browser import ops as canvas_ops
from tests.strategies import examples
from tests.sync_helpers import NOTHING, StoreTablet, stored
from tests.tablet_client import three_houses as three_houses_document
from tests.tablet_client import word
from tests.tablet_client import words_pictures as storyboard_document
from tests.tools.test_consent import PARENT, consented

ARTWORK = ink.load_artwork()
BUDGET = drawing_budget.load_budget()
INK = ink.MEDIA_TYPE
TOO_DETAILED = "has too much detail for the server to draw: undo or clear some of it"
CHILD = "6f1f8a3e-2c55-4c57-9b4e-0a4a3f3f0c11"


def stamps(count: int, size: int) -> list[dict]:
    rng = random.Random(13)
    return [
        {
            "op": "stamp",
            "stamp": rng.randrange(len(ARTWORK["stamps"])),
            "x": rng.randrange(4001),
            "y": rng.randrange(4001),
            "size": size,
            "t": n,
        }
        for n in range(count)
    ]


# The drawing of the report: 20,000 stamps at size 2000 (243 s to draw at 600 px). And one just over
# the limit that is still quick to draw in full, so that a test of what the server draws instead
# fails quickly on code that would draw it.
THE_REPORTED_DRAWING = stamps(20_000, 2000)
JUST_OVER = stamps(12, 2000)


def test_the_reported_drawing_and_one_just_over_the_limit_are_over_and_said_in_words():
    for ops in (THE_REPORTED_DRAWING, JUST_OVER):
        assert drawing_budget.estimate(ops, "house").us > drawing_budget.limit_us()
        with pytest.raises(ink.TooDetailed) as caught:
            ink_decode.decode(ink.encode(ops), ARTWORK, "house")
        assert str(caught.value) == "The drawing has too much detail for the server to draw in good time."
    # The format alone accepts them: the budget is a check of its own, after decoding.
    assert ink_decode.decode(ink.encode(JUST_OVER), ARTWORK, "house", within_budget=False) == JUST_OVER


def test_the_drawings_children_make_fit_with_room_to_spare():
    """The long, busy drawings of the benchmarks (30,000 points, stamps, fills, the eraser) and a
    session's drawing are accepted, each using at most three quarters of the limit."""
    for name, ops, outline in typical_drawings():
        assert ink_decode.decode(ink.encode(ops), ARTWORK, outline) == ops, name
        assert drawing_budget.estimate(ops, outline).us <= 0.75 * drawing_budget.limit_us(), name


def test_what_is_hidden_costs_only_its_reading():
    """Undone and cleared ops are never drawn: a child who clears a full page can draw again."""
    assert drawing_budget.estimate(JUST_OVER + [{"op": "clear", "t": 99}], "house").us < drawing_budget.limit_us()
    undo_two = [{"op": "undo", "t": 99}] * 2
    assert drawing_budget.estimate(JUST_OVER + undo_two, "house").us < drawing_budget.limit_us()
    assert (
        drawing_budget.estimate(JUST_OVER + undo_two + [{"op": "redo", "t": 99}] * 2, "house").us
        > drawing_budget.limit_us()
    )
    # A region is drawn once, however many times it was filled.
    one, many = ([{"op": "fill", "region": 0, "colour": n % 12, "t": n} for n in range(count)] for count in (1, 500))
    assert drawing_budget.estimate(many, "house").us - drawing_budget.estimate(one, "house").us == pytest.approx(
        499 * BUDGET["log_op_us"]
    )


def test_estimating_an_over_budget_drawing_stops_once_it_is_over():
    """Finding out that a drawing is too detailed costs about the budget, not the drawing: the
    strokes after the limit are never outlined."""
    rng = random.Random(3)
    ops = [zigzag(rng, 1000, 8, "eraser", 2) for _ in range(200)]
    # The first 40 strokes alone are over the limit, so the 200 are far over it: costs only add up
    # (estimating all 200 in full, to show it, cost the suite seconds and proved no more).
    assert drawing_budget.estimate(ops[:40], "house").us > drawing_budget.limit_us()
    stopped = drawing_budget.estimate(ops, "house", stop_when_over=True)
    assert stopped.over and len(stopped.outlines) < 30


@st.composite
def strokes(draw):
    """Strokes a hand or a hostile tablet could send: wandering, jittering, turning back at every
    point, or jumping anywhere; any brush, with or without pressure."""
    count = draw(st.integers(1, 120))
    how = draw(st.sampled_from(["jump", "jitter", "zigzag", "walk"]))
    x, y = draw(st.integers(0, 4000)), draw(st.integers(0, 4000))
    pressure = draw(st.booleans())
    points = []
    for index in range(count):
        if how == "jump":
            x, y = draw(st.integers(0, 4000)), draw(st.integers(0, 4000))
        else:
            step = {"jitter": 2, "zigzag": 400, "walk": 80}[how]
            dx = draw(st.integers(1, step)) * (-1) ** index if how == "zigzag" else draw(st.integers(-step, step))
            x, y = min(4000, max(0, x + dx)), min(4000, max(0, y + draw(st.integers(-step // 4, step // 4))))
        points.append((x, y, draw(st.integers(0, 255)) if pressure else 0, index))
    tool = draw(st.sampled_from(["pen", "eraser"]))
    return {
        "op": "stroke",
        "tool": tool,
        "colour": 0,
        "size": draw(st.integers(0, 2)),
        "pressure": pressure,
        "t": 0,
        "points": points,
    }


@settings(max_examples=examples(100, 1000), deadline=None)
@given(strokes())
def test_the_ceiling_the_tablet_counts_while_drawing_is_never_under_the_stroke(stroke):
    exact = drawing_budget.stroke_us(stroke, ink.stroke_outline(stroke, ARTWORK), ARTWORK)
    assert drawing_budget.stroke_ceiling_us(stroke, ARTWORK) >= exact


def test_the_ceiling_holds_for_a_line_that_turns_back_at_every_point():
    rng = random.Random(8)
    for tool, size in (("pen", 0), ("eraser", 2)):
        stroke = zigzag(rng, 2000, 8, tool, size)
        exact = drawing_budget.stroke_us(stroke, ink.stroke_outline(stroke, ARTWORK), ARTWORK)
        assert drawing_budget.stroke_ceiling_us(stroke, ARTWORK) >= exact


# --- every kind refuses it at ingest ----------------------------------------------------------------


@pytest.mark.usefixtures("app_context")
def test_every_kind_refuses_a_drawing_over_the_budget_in_its_own_words():
    over = ink.encode(JUST_OVER)
    content = three_houses_document(CHILD, houses={"worries": {"ink": "ink-worries"}})["content"]
    with pytest.raises(DocumentInvalid) as caught:
        three_houses.check_parts(content, {"ink-worries": over}, final=True)
    assert caught.value.reason == f"The drawing of the House of Worries {TOO_DETAILED}"

    pages = [
        {"text": "Our family", "drawing": "ink-p1"},
        {"text": "", "drawing": None, "children": {"name": "Maisie", "text": "", "drawing": "kids-p2"}},
    ]
    content = storyboard_document(CHILD, pages=pages)["content"]
    blank_page = ink.encode(JUST_OVER)
    with pytest.raises(DocumentInvalid) as caught:
        words_pictures.check_parts(content, {"ink-p1": blank_page, "kids-p2": ink.encode([])}, final=True)
    assert caught.value.reason == f"The drawing on page 1 {TOO_DETAILED}"
    with pytest.raises(DocumentInvalid) as caught:
        words_pictures.check_parts(content, {"ink-p1": ink.encode([]), "kids-p2": blank_page}, final=True)
    assert caught.value.reason == f"The children's drawing on page 2 {TOO_DETAILED}"

    content = consented(parent={**PARENT, "signature": "signature-parent"})["content"]
    with pytest.raises(DocumentInvalid) as caught:
        three_houses.check_parts(content, {"signature-parent": blank_page})
    assert caught.value.reason == f"The parent's signature {TOO_DETAILED}"


def test_the_reported_drawing_is_refused_as_a_draft_and_nothing_is_kept(app, db):
    """A draft can still be changed on the tablet, so it is refused (422) with the reason; docs/sync.md
    has a finalised one stored and flagged for the manager instead."""
    document = three_houses_document(child_ids(db)["Maisie"], houses={"worries": {"ink": "ink-worries"}})
    with app.app_context():
        tablet = StoreTablet(db)
        upload = tablet.upload(
            document, [("ink-worries", INK, ink.encode(THE_REPORTED_DRAWING))], state="draft", draft_version=1
        )
        with pytest.raises(IngestRefused) as caught:
            tablet.ingest(upload, app.config["PARTS_DIR"])
    assert caught.value.status == 422
    assert caught.value.message == f"The drawing of the House of Worries {TOO_DETAILED}"
    assert stored(db, app.config["PARTS_DIR"]) == NOTHING


def test_the_reported_drawing_finished_is_kept_for_review_and_never_drawn(app, db, monkeypatch):
    """Finished and sealed, it cannot be changed on the tablet: stored, flagged with the reason, out of
    the record; the manager's review page lists it without drawing it (no render on a request)."""
    from tests.conftest import post_form

    maisie = child_ids(db)["Maisie"]
    document = three_houses_document(maisie, houses={"worries": {"ink": "ink-worries", "words": [word("w1", "Lots")]}})
    with app.app_context():
        tablet = StoreTablet(db)
        upload = tablet.upload(document, [("ink-worries", INK, ink.encode(THE_REPORTED_DRAWING))])
        receipt = tablet.ingest(upload, app.config["PARTS_DIR"])
    assert receipt.status == "needs review" and receipt.review == f"The drawing of the House of Worries {TOO_DETAILED}"
    drawn = []
    monkeypatch.setattr(raster, "render_drawing", lambda *args, **kwargs: drawn.append(args))
    manager = signed_in(app, "demo.manager")
    page = manager.get(f"/team/review/{upload.id}")
    assert page.status_code == 200 and TOO_DETAILED in page.get_data(as_text=True)
    assert "ink-worries" in page.get_data(as_text=True)  # listed among what was sent, not drawn
    assert post_form(manager, f"/team/review/{upload.id}", {}, page=f"/team/review/{upload.id}").status_code == 303
    assert drawn == []
    assert db["artefacts"].get(upload.id)["flag"] == "needs_review"  # checked again: still over the budget


def test_a_heavy_drawing_a_child_made_is_stored(app, db):
    _name, ops, _outline = typical_drawings()[0]
    document = three_houses_document(child_ids(db)["Maisie"], houses={"worries": {"ink": "ink-worries"}})
    with app.app_context():
        StoreTablet(db).store(document, app.config["PARTS_DIR"], [("ink-worries", INK, ink.encode(ops))])


# --- stored before there was a budget: shown as a panel that says why -------------------------------


def placeholder(app, size_px: int) -> bytes:
    with app.test_request_context():
        return raster.too_detailed_picture(size_px).tobytes()


def picture(response) -> Image.Image:
    assert response.status_code == 200 and response.mimetype == "image/png"
    return Image.open(io.BytesIO(response.data)).convert("RGB")


def test_the_renderer_draws_a_panel_instead_of_a_drawing_over_the_budget(app):
    with app.test_request_context():
        for outline, size_px in (("house", 600), (None, 240)):
            assert raster.render_drawing(JUST_OVER, outline, size_px).tobytes() == placeholder(app, size_px)
        # Within the budget, the drawing itself.
        assert raster.render_drawing(JUST_OVER[:3], "house", 240).tobytes() != placeholder(app, 240)


def test_a_session_stored_before_the_budget_shows_the_panel_on_its_pages(app, db):
    child = child_ids(db)["Maisie"]
    document = three_houses_document(
        child, houses={"worries": {"ink": "ink-worries", "words": [word("w1", "Dad")]}, "good": {"ink": "ink-good"}}
    )
    with app.app_context():
        artefact = StoreTablet(db).store_unchecked(
            document,
            app.config["PARTS_DIR"],
            [("ink-worries", INK, ink.encode(JUST_OVER)), ("ink-good", INK, ink.encode(JUST_OVER[:2]))],
        )
    client = signed_in(app, "demo.worker")
    base = f"/children/{child}/records/{artefact}"
    page = client.get(base)
    assert page.status_code == 200 and "Dad" in page.get_data(as_text=True)
    assert picture(client.get(f"{base}/houses/worries.png")).tobytes() == placeholder(app, 600)
    assert picture(client.get(f"{base}/houses/good.png")).tobytes() != placeholder(app, 600)  # within: drawn
    for path in ("sheet.png", "thumbnail.png"):
        picture(client.get(f"{base}/{path}"))
    assert client.get(f"{base}/sheet.pdf").status_code == 200


def test_a_storyboard_stored_before_the_budget_shows_the_panel_for_that_page(app, db):
    child = child_ids(db)["Maisie"]
    document = storyboard_document(child, pages=[{"text": "Our family", "drawing": "ink-p1"}])
    with app.app_context():
        artefact = StoreTablet(db).store_unchecked(
            document, app.config["PARTS_DIR"], [("ink-p1", INK, ink.encode(JUST_OVER))]
        )
    client = signed_in(app, "demo.worker")
    base = f"/children/{child}/records/{artefact}"
    assert client.get(base).status_code == 200
    assert picture(client.get(f"{base}/pages/p1.png")).tobytes() == placeholder(app, words_pictures_views.PAGE_PX)
    assert client.get(f"{base}/booklet/a4/1.pdf").status_code == 200


# --- the tablet counts the same ----------------------------------------------------------------------

# The drawings go as one JSON text: the 30,000-point drawings as Playwright values (every number checked
# and wrapped on both sides) cost more than the estimates compared.
COSTS_IN_THE_BROWSER = """async ({json, outline}) => {
    const ops = JSON.parse(json);
    const budget = await import('/static/js/ink/budget.js');
    const { fold } = await import('/static/js/ink/fold.js');
    const { loadArtwork } = await import('/static/js/ink/draw.js');
    const artwork = await loadArtwork();
    return {
        drawing: budget.drawingCost(ops.length, fold(ops), {artwork, outline, budget: artwork.budget}),
        ceilings: ops.filter((op) => op.op === 'stroke').map((op) => budget.strokeCeiling(op, artwork, artwork.budget)),
    };
}"""


def test_the_tablet_estimates_every_drawing_as_the_server_does(page, live_server):
    rng = random.Random(21)
    drawings = [(ops, outline) for _name, ops, outline in typical_drawings()]
    drawings += [
        (JUST_OVER + [wander(rng, 300, 40, "eraser", 2), zigzag(rng, 500, 8, "pen", 1)], "bubble"),
        ([wander(rng, 50, 60, "pen", 2, 200) for _ in range(5)] + stamps(3, 600), None),
    ]
    page.goto(live_server.url + "/offline/en")
    for ops, outline in drawings:
        tablet = page.evaluate(COSTS_IN_THE_BROWSER, {"json": json.dumps(ops), "outline": outline})
        assert tablet["drawing"] == pytest.approx(drawing_budget.estimate(ops, outline).us, rel=1e-12)
        strokes = [op for op in ops if op["op"] == "stroke"]
        assert tablet["ceilings"] == pytest.approx(
            [drawing_budget.stroke_ceiling_us(op, ARTWORK) for op in strokes], rel=1e-12
        )


def full_page(share: str, spare_us: float = 0) -> list[dict]:
    """A page filled to within `spare_us` of `share` of the limit (budget.json's tablet shares):
    stamps of the tablet's size, then dots, as many as fit."""
    rng = random.Random(5)
    allowance = drawing_budget.limit_us() * BUDGET["tablet"][share] - spare_us
    dots = [
        {
            "op": "stroke",
            "tool": "pen",
            "colour": 2,
            "size": 0,
            "pressure": False,
            "t": 0,
            "points": [(rng.randrange(4001), rng.randrange(4001), 0, 0)],
        }
        for _ in range(400)
    ]
    ops = []
    for candidates in (iter(stamps(400, 600)), iter(dots)):
        for op in candidates:
            if drawing_budget.estimate(ops + [op], "house").us > allowance:
                break
            ops.append(op)
    return ops


MOUNT_WITH = """(ops) => {
    const host = document.getElementById('ink-host');
    window.ink.destroy();
    window.ink = new window.ink.constructor(host, {artwork: window.artwork, outline: 'house', ops});
}"""


def test_a_full_page_quietly_takes_no_more_stamps_until_it_is_cleared(page, live_server):
    mount(page, live_server)
    ops = full_page("draw")
    page.evaluate(MOUNT_WITH, ops)
    page.evaluate("window.ink.setTool({tool: 'stamp', stamp: 3})")
    page.touchscreen.tap(*to_screen(page, 500, 500))
    page.locator(".ink-surface").focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert len(canvas_ops(page)) == len(ops)  # nothing placed
    page.evaluate("window.ink.clear()")  # clear (or undo) gives the room back
    page.touchscreen.tap(*to_screen(page, 500, 500))
    wait_for_ops(page, len(ops) + 2)
    assert canvas_ops(page)[-1]["op"] == "stamp"


def test_on_a_full_page_a_line_stops_but_the_eraser_still_rubs_out(page, live_server):
    mount(page, live_server)
    ops = full_page("draw")
    page.evaluate(MOUNT_WITH, ops)
    page.evaluate("window.ink.setTool({tool: 'pen', colour: 1, size: 2})")
    drag(page, (100, 900), (900, 100))
    page.wait_for_timeout(300)
    assert len(canvas_ops(page)) == len(ops)  # the line draws nothing
    page.evaluate("window.ink.setTool({tool: 'eraser', size: 0})")
    drag(page, (300, 500), (400, 500))
    wait_for_ops(page, len(ops) + 1)
    assert canvas_ops(page)[-1]["tool"] == "eraser"
    log = canvas_ops(page)
    assert (
        drawing_budget.estimate(log, "house").us <= drawing_budget.limit_us()
    )  # and the server takes what the tablet made
    ink_decode.decode(ink.encode(log), ARTWORK, "house")


def drag(page, start, end, steps=40):
    # The surface's box is read once (screen_points): it does not move during a drag, and reading it at
    # every step doubled the round trips to the browser; the pointer events are the same.
    points = screen_points(page, path_points(start, end, steps))
    page.mouse.move(*points[0])
    page.mouse.down()
    for point in points[1:]:
        page.mouse.move(*point)
    page.mouse.up()


def test_lines_near_the_limit_end_where_the_page_is_full(page, live_server):
    mount(page, live_server)
    ops = full_page("draw", spare_us=5_000)  # room for a few lines
    page.evaluate(MOUNT_WITH, ops)
    page.evaluate("window.ink.setTool({tool: 'pen', colour: 4, size: 2})")
    for row in range(12):  # colouring in, line under line
        drag(page, (50, 80 + row * 70), (950, 80 + row * 70), steps=60)
    page.wait_for_timeout(300)
    lines = canvas_ops(page)[len(ops) :]
    assert 1 <= len(lines) < 12 and all(line["op"] == "stroke" for line in lines)
    assert len(lines[-1]["points"]) < 61 or len(lines) < 11  # the last one stopped short, or the next never began
    assert drawing_budget.estimate(ops + lines, "house").us <= drawing_budget.limit_us() * BUDGET["tablet"]["draw"]


FINISH_CHECK = """async ({over, within}) => {
    const { detailProblems } = await import('/static/js/ink/budget.js');
    const { loadArtwork } = await import('/static/js/ink/draw.js');
    const { encode } = await import('/static/js/ink/codec.js');
    const artwork = await loadArtwork();
    const context = {artwork, outline: 'house'};
    const draft = {parts: [{name: 'ink-worries', bytes: encode(over, context)},
                           {name: 'ink-good', bytes: encode(within, context)}]};
    return detailProblems(draft, [
        {part: 'ink-worries', outline: 'house', what: 'The drawing of the House of Worries'},
        {part: 'ink-good', outline: 'house', what: 'The drawing of the House of Good Things'},
        {part: null, outline: 'house', what: 'The drawing of the House of Dreams'}]);
}"""


def test_the_finish_check_names_a_drawing_over_the_budget_in_the_servers_words(page, live_server):
    """A drawing begun before the canvas kept to the budget: the worker reads why before Finish."""
    page.goto(live_server.url + "/offline/en")
    problems = page.evaluate(FINISH_CHECK, {"over": JUST_OVER, "within": JUST_OVER[:2]})
    assert problems == [f"The drawing of the House of Worries {TOO_DETAILED}"]
