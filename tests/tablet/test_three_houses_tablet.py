"""Three Houses on the tablet, in a real browser with touch input, offline, then synced.

A worker records the session details, hands the tablet to the child, the child draws in the houses
with a finger, uses stickers, undo/redo, the eraser, pauses and resumes, names a house and writes
words; the worker scribes the child's words and finishes — all with no connection. Then the tablet
syncs and the practitioner sees the session on the child's page.
"""

import json
import time

import pytest
from playwright.sync_api import expect

from sofs_direct.artefacts import store
from sofs_direct.paper import ink_decode
from tests.conftest import TABLET_VIEWPORTS, child_ids
from tests.tablet.test_browser import axe_violations, child_screen_report
from tests.tablet.test_tablet import PIN, back_to_worker, local, open_tablet, prepare_all, wait_until_sent

SCRIBED = "I wish Mum would get up in the morning"
CHILD_WROTE = "my dog Bobi <script>alert(1)</script> ŵ"


# --- what the people in the room do --------------------------------------------------------------------


def start_three_houses(page, child="Maisie"):
    page.locator(".app-carried__child", has_text=child).get_by_role("button", name="Start: Three Houses").tap()
    expect(page.locator("#screen-capture")).to_be_visible()
    expect(page.get_by_role("heading", name="Session details")).to_be_visible()


def record_session(page):
    page.get_by_label("Where is the session?").fill("At home, in the kitchen")
    page.get_by_role("group", name="Is the child seen alone?").get_by_label("Yes").check()
    page.get_by_label("Yes, a parent agreed").check()
    page.get_by_label("Who agreed or refused?").fill("Sarah, mum")


def hand_to_child(page):
    page.get_by_role("button", name="Hand to the child").tap()
    expect(page.locator(".app-th__houses")).to_be_visible()


def surface_box(page):
    return page.locator(".app-th__surface canvas").last.bounding_box()


def finger_stroke(page, points):
    """A finger drag through `points` (fractions of the drawing's width and height), sent as real
    touch events through the DevTools protocol: Playwright's touchscreen can only tap."""
    box = surface_box(page)
    cdp = page.context.new_cdp_session(page)
    place = [{"x": box["x"] + fx * box["width"], "y": box["y"] + fy * box["height"]} for fx, fy in points]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [place[0]]})
    for point in place[1:]:
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()
    # Chromium's gesture detector swallows the click of a tap that follows a touch sequence within
    # about 300 ms; a hand takes longer than that to move from the drawing to a button.
    page.wait_for_timeout(600)


def eventually(read, check, timeout=5.0):
    """Playwright for Python has no expect.poll: read until `check` holds, and return the value."""
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if check(value) or time.monotonic() > deadline:
            assert check(value), value
            return value
        time.sleep(0.05)


def line(x0, y0, x1, y1, steps=24):
    return [(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps) for i in range(steps + 1)]


def ink_pixels(page):
    """How many pixels of the on-screen drawing are not paper: what the child sees."""
    return page.evaluate("""async () => {
        // Two frames, so a stroke drawn on the next animation frame is on screen.
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        const canvases = [...document.querySelectorAll('.app-th__surface canvas')];
        let count = 0;
        for (const canvas of canvases) {
            const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < data.length; i += 4) if (data[i] > 0 && !(data[i-3] > 250 && data[i-2] > 250 && data[i-1] > 250)) count++;
        }
        return count;
    }""")


# --- the tests ----------------------------------------------------------------------------------------------


def devices_unsent(db) -> list:
    return [row["unsent_count"] for row in db.query("SELECT unsent_count FROM devices")]


def send_the_session(page, context, db, reported=False) -> tuple[dict, dict]:
    """Finish the session offline, come back online and wait until it is sent: (the stored row, its content).
    `reported`: with its uploads held up on the way at first, the tablet's report of what it has not sent
    (numbers only) reaches the server at its next contact, and says nothing waits once all is sent."""
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#notice")).to_contain_text("Finished.")
    held = []
    if reported:
        page.route("**/api/artefacts/**", lambda route: held.append(route))
    context.set_offline(False)
    if reported:
        waiting = local(page, "outbox")
        page.get_by_role("button", name="Visits", exact=True).tap()  # a contact: home asks for drafts kept elsewhere
        eventually(lambda: devices_unsent(db), lambda counts: counts == [waiting])
        for route in held:
            route.continue_()
        page.unroute("**/api/artefacts/**")
    wait_until_sent(page)
    if reported:
        eventually(lambda: devices_unsent(db), lambda counts: counts == [0])
    rows = list(db.query("SELECT * FROM artefacts WHERE kind = 'three_houses'"))
    assert len(rows) == 1
    return rows[0], json.loads(rows[0]["document"])["content"]


def test_a_whole_session_offline_then_synced_to_the_childs_page(page, context, live_server, db):
    page.set_viewport_size(TABLET_VIEWPORTS["ipad-landscape"])
    open_tablet(page, live_server)
    prepare_all(page)
    context.set_offline(True)
    start_three_houses(page)
    record_session(page)
    hand_to_child(page)
    assert "Tomos" not in page.locator("body").inner_text()

    # The child starts with the House of Worries: draws, uses a sticker, undoes and redoes, rubs out.
    page.locator("[data-house=worries]").tap()
    expect(page.locator(".app-th__surface canvas").first).to_be_visible()
    finger_stroke(page, line(0.3, 0.55, 0.7, 0.6))
    finger_stroke(page, line(0.3, 0.75, 0.7, 0.8))
    drawn = ink_pixels(page)
    page.get_by_role("button", name="Undo").tap()
    eventually(lambda: ink_pixels(page), lambda n: n < drawn)
    page.get_by_role("button", name="Redo").tap()
    eventually(lambda: ink_pixels(page), lambda n: n == drawn)
    page.get_by_role("button", name="Stickers").tap()
    page.get_by_role("button", name="Feelings").tap()
    page.get_by_role("button", name="Worried face").tap()
    page.touchscreen.tap(
        surface_box(page)["x"] + 0.5 * surface_box(page)["width"],
        surface_box(page)["y"] + 0.4 * surface_box(page)["height"],
    )
    eventually(lambda: ink_pixels(page), lambda n: n > drawn)
    with_sticker = ink_pixels(page)
    page.get_by_role("button", name="Rub out").tap()
    finger_stroke(page, line(0.25, 0.78, 0.75, 0.78))
    eventually(lambda: ink_pixels(page), lambda n: n < with_sticker)

    # A parent walks in: pause hides the drawing at once; carrying on brings it back as it was.
    before_pause = ink_pixels(page)
    page.get_by_role("button", name="Pause").tap()
    expect(page.locator(".app-th__surface canvas").first).to_be_hidden()
    expect(page.get_by_role("button", name="Carry on")).to_be_visible()
    page.get_by_role("button", name="Carry on").tap()
    expect(page.locator(".app-th__surface canvas").first).to_be_visible()
    assert ink_pixels(page) == before_pause

    # The child names the House of Dreams and gives it a star, then writes in the House of Good Things.
    page.get_by_role("button", name="Houses").tap()
    page.locator(".app-th__house--dreams").get_by_role("button", name="Name it").tap()
    page.get_by_role("button", name="Star").tap()
    page.get_by_label("A new name (you can leave it)").fill("My wishes")
    page.get_by_role("button", name="Done").tap()
    expect(page.locator("[data-house=dreams]")).to_contain_text("My wishes")
    page.locator("[data-house=dreams]").tap()
    finger_stroke(page, line(0.2, 0.3, 0.8, 0.35))
    page.get_by_role("button", name="Houses").tap()
    page.locator("[data-house=good]").tap()
    page.get_by_role("button", name="Thick").tap()
    page.get_by_role("button", name="Green").tap()
    finger_stroke(page, [(0.3, 0.6), (0.5, 0.7), (0.3, 0.8), (0.6, 0.6)])
    page.get_by_role("button", name="Colour in").tap()
    page.touchscreen.tap(
        surface_box(page)["x"] + 0.5 * surface_box(page)["width"],
        surface_box(page)["y"] + 0.3 * surface_box(page)["height"],
    )  # the roof
    page.get_by_role("button", name="Words").tap()
    page.get_by_label("Write or say your words").fill(CHILD_WROTE)
    page.get_by_role("button", name="Keep these words").tap()
    expect(page.locator(".app-th__word")).to_have_text(CHILD_WROTE)

    # The worker takes the tablet back, scribes the child's words and who may see them, and finishes.
    back_to_worker(page)
    page.get_by_role("button", name="Words and notes: House of Worries").tap()
    page.get_by_label("Add the child's words").fill(SCRIBED)
    page.get_by_role("button", name="Add these words").tap()
    word = page.locator(".app-th__notes-word", has_text=SCRIBED)
    word.get_by_label("Parents").check()
    page.get_by_label("Your observations").fill("Quiet at first, then chatty.")
    row, content = send_the_session(page, context, db, reported=True)
    houses = {house["key"]: house for house in content["houses"]}
    assert content["order"] == ["worries", "dreams", "good"]
    assert houses["dreams"]["name"] == "My wishes" and houses["dreams"]["symbol"] == "star"
    assert [(w["text"], w["by"], w["share"]) for w in houses["good"]["words"]] == [(CHILD_WROTE, "child", "ask")]
    assert [(w["text"], w["by"], w["share"]) for w in houses["worries"]["words"]] == [(SCRIBED, "worker", ["parents"])]
    assert [houses[key]["ink"] for key in ("good", "worries", "dreams")] == ["ink-good", "ink-worries", "ink-dreams"]
    assert content["session"]["place"] == "At home, in the kitchen"
    assert content["session"]["seen_alone"] is True
    parts = {part["name"] for part in db.query("SELECT name FROM artefact_parts WHERE artefact_id = ?", [row["id"]])}
    assert parts == {"ink-good", "ink-worries", "ink-dreams"}
    with live_server.app.app_context():
        good_ops = ink_decode.decode(store.read_part(db, row["id"], "ink-good", live_server.app.config["PARTS_DIR"]))
    assert [(op["op"], op.get("colour"), op.get("size")) for op in good_ops] == [("stroke", 4, 2), ("fill", 4, None)]

    # Online, on the child's page: the session is there, and the child's words are shown as written.
    page.goto(f"{live_server.url}/children/{child_ids(db)['Maisie']}")
    page.get_by_role("link", name="Three Houses").first.click()
    expect(page.get_by_text(SCRIBED)).to_be_visible()
    expect(page.get_by_text(CHILD_WROTE)).to_be_visible()
    expect(page.locator("img[alt*='House of Worries']").first).to_be_visible()
    sheet = page.request.get(
        live_server.url + page.get_by_role("link", name="Download the sheet (PDF)").get_attribute("href")
    )
    assert sheet.status == 200 and sheet.headers["content-type"] == "application/pdf"
    assert "Maisie" not in sheet.headers["content-disposition"]


@pytest.mark.parametrize("viewport", sorted(TABLET_VIEWPORTS))
def test_child_screens_have_big_targets_nothing_at_the_bottom_edge_and_meet_wcag(page, live_server, viewport):
    page.set_viewport_size(TABLET_VIEWPORTS[viewport])
    open_tablet(page, live_server)
    prepare_all(page)
    start_three_houses(page)
    hand_to_child(page)
    screens = {
        "houses": lambda: None,
        "house": lambda: page.locator("[data-house=worries]").tap(),
        "stickers": lambda: page.get_by_role("button", name="Stickers").tap(),
        "words": lambda: page.get_by_role("button", name="Words").tap(),
        "name": lambda: (
            page.get_by_role("button", name="Houses").tap(),
            page.locator(".app-th__house--good").get_by_role("button", name="Name it").tap(),
        ),
    }
    for screen, go in screens.items():
        go()
        page.wait_for_timeout(100)
        report = child_screen_report(page)
        assert report["small"] == [], (viewport, screen, "targets under 64 px")
        assert report["low"] == [], (viewport, screen, "pressable along the bottom edge")
        assert report["scroll"] <= 0, (viewport, screen, "the child's screen scrolls")
        assert axe_violations(page) == [], (viewport, screen)


def test_read_aloud_speaks_or_shows_the_words_large(page, live_server):
    open_tablet(page, live_server)
    prepare_all(page)
    start_three_houses(page)
    hand_to_child(page)
    page.locator("[data-house=dreams]").tap()
    page.get_by_role("button", name="Listen").tap()
    prompt = page.locator(".app-th__prompt")
    expect(prompt).to_contain_text("if all the worries were gone")
    spoke = page.evaluate("speechSynthesis.speaking || speechSynthesis.pending")
    if not spoke:  # no English voice in this browser: the words are shown large for the worker to read
        expect(prompt).to_have_class("app-th__prompt app-read-aloud app-read-aloud--fallback")


def test_finishing_needs_the_session_details(page, live_server):
    open_tablet(page, live_server)
    prepare_all(page)
    start_three_houses(page)
    page.get_by_role("button", name="Finish and send").tap()
    summary = page.locator("#problem")
    expect(summary).to_contain_text("Say where the session happened")
    expect(summary).to_contain_text("Say whether the child was seen alone")
    expect(summary).to_contain_text("Nothing is in any house yet")


def test_the_fairy_asks_the_same_three_questions(page, live_server):
    open_tablet(page, live_server)
    prepare_all(page)
    start_three_houses(page)
    page.get_by_label("A fairy (for younger children)").check()
    hand_to_child(page)
    expect(page.locator(".app-th__theme-picture")).to_have_attribute("src", "/static/icons/child/fairy.svg")
    expect(page.locator("[data-house=worries]")).to_contain_text("Worries bubble")
    page.locator("[data-house=worries]").tap()
    expect(page.locator(".app-th__prompt")).to_have_text(
        "The fairy asks: What are the worries? Things that make you feel sad, mad or scared."
    )
    back_to_worker(page)
    page.get_by_role("button", name="Words and notes: Worries bubble").tap()
    expect(page.get_by_label("The question you asked")).to_have_value(
        "The fairy asks: What are the worries? Things that make you feel sad, mad or scared."
    )


def test_the_fairy_and_the_wizard_say_bubbles_where_the_child_sees_bubbles(page, live_server):
    open_tablet(page, live_server)
    prepare_all(page)
    start_three_houses(page)
    page.get_by_label("A wizard (for younger children)").check()
    expect(page.locator(".app-th__nav").get_by_role("button", name="The bubbles")).to_be_visible()
    hand_to_child(page)
    expect(page.locator(".app-th__prompt")).to_have_text(
        "Choose a bubble to start. You can draw, add stickers and say what you think."
    )
    page.locator(".app-th__house--dreams").get_by_role("button", name="Name it").tap()
    expect(page.locator(".app-th__prompt")).to_have_text(
        "Choose a picture for your bubble. You can give it a new name too."
    )
    page.get_by_role("button", name="Done").tap()
    page.locator("[data-house=good]").tap()
    page.get_by_role("button", name="Bubbles").tap()  # back to the bubbles, not to "Houses"
    expect(page.locator("[data-house=good]")).to_contain_text("Good things bubble")
    assert page.locator("#tool").inner_text().count("house") == 0
    back_to_worker(page)
    page.get_by_role("button", name="Words and notes: Good things bubble").tap()
    expect(page.get_by_role("group", name="Who may see the drawing and the bubble's name?")).to_be_visible()


def test_a_welsh_speaking_child_sees_welsh(page, live_server):
    open_tablet(page, live_server)
    prepare_all(page)
    page.goto(live_server.url + "/tablet/cy")
    page.locator("#pin").fill(PIN)
    page.locator("#unlock-form button").tap()
    page.locator(".app-carried__child", has_text="Tomos").locator("button.app-start", has_text="Tri Thŷ").tap()
    page.locator("[data-action=child-mode]").tap()
    expect(page.locator("[data-house=worries]")).to_contain_text("Tŷ'r Pryderon")
    page.locator("[data-house=worries]").tap()
    expect(page.get_by_role("button", name="Gwrando")).to_be_visible()
    expect(page.get_by_role("button", name="Saib")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "cy"


def test_a_photo_of_a_drawing_on_paper_is_attached_without_its_location(page, live_server, db, tmp_path):
    import io

    from PIL import Image

    photo = Image.new("RGB", (640, 480), "orange")
    exif = Image.Exif()
    exif[0x8825] = {2: (51.0, 28.0, 0.0)}  # GPS latitude: where the family lives
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", exif=exif)
    path = tmp_path / "drawing.jpg"
    path.write_bytes(buffer.getvalue())
    open_tablet(page, live_server)
    prepare_all(page)
    start_three_houses(page)
    record_session(page)
    page.get_by_role("button", name="Words and notes: House of Dreams").tap()
    page.get_by_label("Add a photo of a drawing on paper").set_input_files(str(path))
    expect(page.get_by_role("button", name="Remove photo 1")).to_be_visible()
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#notice")).to_contain_text("Finished.")
    wait_until_sent(page)
    row = next(db.query("SELECT * FROM artefacts WHERE kind = 'three_houses'"))
    dreams = [h for h in json.loads(row["document"])["content"]["houses"] if h["key"] == "dreams"][0]
    assert dreams["photos"] == ["photo-dreams-1"]
    with live_server.app.app_context():
        stored = store.read_part(db, row["id"], "photo-dreams-1", live_server.app.config["PARTS_DIR"])
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (640, 480) and not image.getexif()
