"""How each child takes part, on the tablet: symbol mode and switch access (issue 16), in a real browser.

The worker sets, for one carried child, symbols on and two switches (Space steps, Enter selects),
learning a key by pressing it; the central store has them as soon as they are saved. The child then does one house of Three Houses with only Space and
Enter: into the House of Good Things, a sticker from the tray, back to the houses, with symbols
beside the prompts that are read aloud on tap; then answers the read-back "This is what you told me"
by switch, and the one-minute feedback with faces (one by switch, one by tap, one skipped). The
worker finishes with the server stopped, and the record holds the sticker and the feedback once the
tablet syncs, which the manager's figures count. Then the same child on one switch with auto-scan at
0.5 s, in another tool: a press at the moment the highlight is on Pause pauses, and the pause cover
is scanned alone; its feedback is skipped all at once. Saved with no connection, that change waits
and goes once the connection is back, and a change made on the child's page reaches the tablet at
its next "Prepare for visits". Last, the symbols' names and the feedback in Welsh. The settings'
rules are checked in the page, from the tablet's own module.
"""

import json
import re
import time

from playwright.sync_api import expect

from sofs_direct.artefacts import store
from sofs_direct.paper import ink_decode
from tests.conftest import LiveServer, child_ids, login, post_form, signed_in
from tests.tablet.test_browser import axe_violations, child_screen_report
from tests.tablet.test_safety_house_tablet import start_safety_house
from tests.tablet.test_tablet import PIN, open_tablet, prepare_all, wait_until_sent
from tests.tablet.test_three_houses_tablet import record_session, start_three_houses

# Speech is recorded, not spoken: a local voice for English and Welsh whose words are kept, so a
# test can hear what a tap reads aloud (the headless browser has no voices of its own).
SPEECH = """
window.spoken = [];
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
const voices = [{ lang: 'en-GB', localService: true, name: 'English' }, { lang: 'cy-GB', localService: true, name: 'Cymraeg' }];
Object.defineProperty(window, 'speechSynthesis', { value: {
  getVoices: () => voices, speak: (u) => window.spoken.push(u.text), cancel: () => {},
  addEventListener: () => {}, speaking: false, pending: false } });
"""

FOCUSED = """() => { const e = document.activeElement;
  return { tag: e.tagName, name: (e.getAttribute('aria-label') || e.textContent).replace(/\\s+/g, ' ').trim(),
           highlighted: e.classList.contains('app-scan-focus'), outline: getComputedStyle(e).outlineWidth,
           colour: getComputedStyle(e).outlineColor } }"""


def focused(page):
    return page.evaluate(FOCUSED)


def step_to(page, name, tag="BUTTON", key="Space", most=40):
    """Press the step switch until the highlight is on `name`; the highlight is real focus."""
    for _ in range(most):
        page.keyboard.press(key)
        now = focused(page)
        if now["name"] == name and now["tag"] == tag:
            assert now["highlighted"], now
            return now
    raise AssertionError(f"the scan never reached {name}: last {now}")


def select(page):
    page.keyboard.press("Enter")


def wait_for_highlight_on(page, name):
    """Resolves the moment the auto-scan's highlight lands on `name` (never a fixed wait)."""
    page.evaluate(
        """(name) => new Promise((done) => {
        const on = () => { const e = document.querySelector('.app-scan-focus');
          return e && e === document.activeElement && (e.getAttribute('aria-label') || e.textContent).trim() === name; };
        if (on()) return done();
        const watch = new MutationObserver(() => { if (on()) { watch.disconnect(); done(); } });
        watch.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['class'] });
    })""",
        name,
    )


RULES = """async () => {
    const { COLOURS, accessProblems, defaultAccess, normalAccess } = await import('/static/js/tablet/access.js');
    // WCAG relative luminance and contrast (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio).
    const luminance = (hex) => [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255)
        .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
        .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
    const contrast = (a, b) => { const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (hi + 0.05) / (lo + 0.05); };
    const good = defaultAccess();
    const withSwitch = (change) => ({ ...good, switch: { ...good.switch, ...change } });
    return {
        defaults: good,
        good: accessProblems(good),
        fast: accessProblems(withSwitch({ interval_ms: 400 })),
        slow: accessProblems(withSwitch({ interval_ms: 5001 })),
        halfSecond: accessProblems(withSwitch({ mode: 'auto', interval_ms: 500 })),
        clash: accessProblems(withSwitch({ step_keys: ['Enter'] })),
        tab: accessProblems(withSwitch({ select_keys: ['Tab'] })),
        none: accessProblems(withSwitch({ select_keys: [] })),
        colour: accessProblems(withSwitch({ highlight: { colour: 'yellow', size: 10 } })),
        broken: accessProblems({ symbols: 'yes' }),
        mended: normalAccess({ symbols: true, switch: { mode: 'two', interval_ms: 'soon', step_keys: ['Enter'],
                                                        highlight: { colour: 'blue', size: 3 } } }),
        nothing: normalAccess(null),
        // Each highlight colour against the child's paper and a white button, the weaker of the two.
        contrasts: Object.values(COLOURS).map((colour) => Math.min(contrast(colour, '#fff8ec'), contrast(colour, '#ffffff'))),
    };
}"""


def check_the_rules(page):
    rules = page.evaluate(RULES)
    assert rules["defaults"]["symbols"] is False and rules["defaults"]["switch"]["mode"] == "off"
    assert rules["defaults"]["switch"]["select_keys"] == ["Enter"] and rules["defaults"]["switch"]["step_keys"] == [" "]
    assert rules["good"] == [] and rules["halfSecond"] == []
    assert rules["fast"] == rules["slow"] == ["Choose a scanning speed from 0.5 to 5 seconds"]
    assert rules["clash"] == ["A key cannot both step and select: give each switch its own key"]
    assert rules["tab"] == rules["none"] == ["Give the select switch 1 to 4 keys"]
    assert rules["colour"] == ["Choose a highlight colour"]
    assert rules["broken"] == ["Choose again how the child takes part"]
    # A stored record is made whole: what is valid kept, the rest (and clashing keys) the defaults.
    mended = rules["mended"]
    assert mended["symbols"] is True and mended["switch"]["mode"] == "two"
    assert mended["switch"]["interval_ms"] == 2000
    assert (mended["switch"]["select_keys"], mended["switch"]["step_keys"]) == (["Enter"], [" "])
    assert mended["switch"]["highlight"] == {"colour": "blue", "size": 10}
    assert rules["nothing"] == rules["defaults"]
    assert len(rules["contrasts"]) == 4 and min(rules["contrasts"]) >= 3, rules["contrasts"]


def server_settings(db, child_id):
    [row] = db.query("SELECT settings FROM child_access WHERE child_id = ?", [child_id])
    return json.loads(row["settings"])


def wait_for(condition, timeout=10):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "never happened"
        time.sleep(0.1)


def set_up_maisie(page):
    """The worker's screen: symbols on, two switches, a key learnt by pressing it, a highlight."""
    page.locator(".app-carried__child", has_text="Maisie").get_by_role("button", name="How Maisie takes part").tap()
    expect(page.get_by_role("heading", name="How Maisie takes part")).to_be_focused()
    check_the_rules(page)
    page.get_by_label("Show a symbol beside the words on the child's screens, read aloud when tapped").check()
    page.get_by_label("Two switches: one moves the highlight, the other selects").check()
    step_keys = page.get_by_role("group", name="Keys the step switch sends")
    expect(step_keys.locator("li")).to_have_text(["Space"])
    # Learning: the switch box sends F2; then Enter, which is the select switch's, is refused.
    step_keys.get_by_role("button", name="Press the switch now to add a key").tap()
    expect(page.locator(".app-access-status")).to_have_text("Press the switch now. Escape stops listening.")
    page.keyboard.press("F2")
    expect(step_keys.locator("li")).to_have_text(["Space Remove Space", "F2 Remove F2"])
    step_keys.get_by_role("button", name="Press the switch now to add a key").tap()
    page.keyboard.press("Enter")
    expect(page.locator(".app-access-status")).to_have_text("Enter is the other switch's key. Press the switch again.")
    page.keyboard.press("Escape")
    step_keys.get_by_role("button", name="Remove F2").tap()
    expect(step_keys.locator("li")).to_have_text(["Space"])
    page.get_by_role("group", name="Highlight colour").get_by_label("Dark blue").check()
    page.get_by_role("group", name="Highlight size").get_by_label("Widest").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save").tap()
    expect(page.locator("#notice")).to_contain_text(
        "Saved how Maisie takes part. Every tablet that carries Maisie gets it."
    )
    expect(page.locator(".app-carried__child", has_text="Maisie")).to_contain_text("Symbols on · Two switches")
    # Sealed with the tablet's key: the stored record holds no setting in the clear.
    stored = page.evaluate("""async () => {
        const s = await import('/static/js/tablet/store.js');
        const db = await s.openStore();
        const record = await s.transact(db, ['meta'], 'readonly', ({ meta }) => s.get(meta, 'access'));
        db.close();
        return Object.keys(record);
    }""")
    assert stored == ["sealed"]


def house_by_switch(page):
    """Only Space and Enter: into the House of Good Things, a happy face from the sticker tray, home."""
    start = step_to(page, "House of Good Things", tag="DIV")
    assert start["outline"] == "16px" and start["colour"] == "rgb(0, 48, 120)"  # the child's highlight
    select(page)
    assert focused(page)["name"] == "House of Good Things"  # the house's first item: opening it
    select(page)
    expect(page.locator(".app-th__surface")).to_be_visible()
    step_to(page, "Drawing tools", tag="DIV")
    select(page)
    step_to(page, "Stickers")
    select(page)
    expect(page.locator(".app-stamp-tray")).to_be_visible()
    step_to(page, "Stickers", tag="DIV")  # the tray, now open
    select(page)
    step_to(page, "Happy face")
    select(page)
    expect(page.locator(".app-stamp-tray")).to_be_hidden()
    # A switch puts the sticker on the picture through the grid of spots (ink/place.js): a row, a spot.
    step_to(page, "Drawing tools", tag="DIV")
    select(page)
    step_to(page, "Put on the picture")
    select(page)
    step_to(page, "Middle row", tag="DIV")
    select(page)
    step_to(page, "Middle")
    select(page)
    expect(page.get_by_role("button", name="Undo")).to_be_enabled()
    # The symbol beside the question, named in the interface language, read aloud on tap.
    say = page.locator(".app-th__prompt").locator("xpath=preceding-sibling::button[1]")
    expect(say).to_have_accessible_name("Listen: Good things")
    say.tap()
    assert page.evaluate("window.spoken.at(-1)").startswith("What are the good things?")
    report = child_screen_report(page)
    assert report["small"] == [] and report["low"] == [], report
    assert axe_violations(page) == []
    step_to(page, "Houses")
    select(page)
    expect(page.locator(".app-th__houses")).to_be_visible()


def read_back_by_switch(page):
    page.get_by_role("button", name="Back to the worker").tap()
    dialog = page.get_by_role("dialog", name="This is what you told me")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".app-read-back__item")).to_have_text(["House of Good Things: Happy face"])
    assert "House of Good Things: Happy face" in page.evaluate("window.spoken.at(-1)")  # read aloud as it opens
    report = child_screen_report(page)
    assert report["small"] == [] and report["low"] == [] and report["scroll"] <= 0, report
    assert axe_violations(page) == []
    step_to(page, "Is that right?", tag="DIV")
    select(page)
    assert focused(page)["name"] == "Yes, that's right"
    select(page)
    feedback_with_faces(page)
    expect(page.locator("#pin-dialog")).to_be_visible()
    page.locator("#pin-dialog").get_by_label("Passcode", exact=True).fill(PIN)
    page.get_by_role("button", name="Confirm").tap()
    expect(page.locator("#notice")).to_contain_text("Read back to the child: they said “Yes, that's right”.")
    communication = page.evaluate("async () => (await import('/static/js/tablet/shell.js')).app.current.communication")
    assert communication == {"ways": ["symbols", "pointing"], "note": "", "symbols": True, "read_back": "agreed"}


WORRIES = "Did someone tell you why people are worried, in a way you understand?"
AGREE = "Do you agree with your worker about what needs to happen to keep you safe?"


def feedback_with_faces(page):
    """The feedback after the read-back, one question at a time, each read aloud as it comes: the
    first answered by switch, the second by tap, the third skipped; then the PIN."""
    dialog = page.get_by_role("dialog", name=WORRIES)
    expect(dialog).to_be_visible()
    assert page.evaluate("window.spoken.at(-1)") == WORRIES
    expect(dialog.locator("[data-symbol]").first).to_have_attribute("data-symbol", "worried")
    faces = dialog.get_by_role("group", name=WORRIES).get_by_role("button")
    expect(faces).to_have_text(["Yes", "A bit", "No", "I don't know"])
    report = child_screen_report(page)
    assert report["small"] == [] and report["low"] == [] and report["scroll"] <= 0, report
    assert axe_violations(page) == []
    step_to(page, WORRIES, tag="DIV")
    select(page)
    assert focused(page)["name"] == "Yes"
    select(page)
    agree = page.get_by_role("dialog", name=AGREE)
    agree.get_by_role("group", name=AGREE).get_by_role("button", name="A bit").tap()
    helped = page.get_by_role("dialog", name="Did drawing or writing on the tablet help you say what you think?")
    expect(helped.get_by_text("Question 3 of 3")).to_be_visible()
    helped.get_by_role("button", name="Skip this question").tap()


def test_a_house_and_the_read_back_by_two_switches_then_auto_scan_then_welsh(page, context, live_server, db):
    context.add_init_script(SPEECH)
    open_tablet(page, live_server)
    prepare_all(page)
    set_up_maisie(page)
    # The settings follow the child: the central store has them, for the next worker's tablet.
    maisie = child_ids(db)["Maisie"]
    assert server_settings(db, maisie)["switch"] == {
        "mode": "two",
        "interval_ms": 2000,
        "select_keys": ["Enter"],
        "step_keys": [" "],
        "highlight": {"colour": "blue", "size": 16},
    }

    start_three_houses(page)
    record_session(page)
    conveyed = page.get_by_role("group", name="How did the child communicate?")
    conveyed.get_by_label("Used symbols").check()
    conveyed.get_by_label("Pointing or eye-gaze").check()
    page.get_by_role("button", name="Hand to the child").tap()
    expect(page.locator(".app-th__houses")).to_be_visible()
    expect(page.locator("body")).to_have_class(re.compile(r"\bapp-symbol-mode app-scanning\b"))
    # A key that is not the child's switch does what it always does.
    page.keyboard.press("Tab")
    assert not focused(page)["highlighted"]
    house_by_switch(page)
    read_back_by_switch(page)

    # Finished with nothing to reach, then synced: the record holds the sticker in the house.
    port = live_server.server.effective_port
    live_server.stop()
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#notice")).to_contain_text("Finished.")
    restarted = LiveServer(live_server.app, port=port)
    try:
        page.get_by_role("button", name="Sending").tap()
        page.get_by_role("button", name="Send now").tap()
        wait_until_sent(page)
        [row] = db.query("SELECT * FROM artefacts WHERE kind = 'three_houses'")
        good = next(house for house in json.loads(row["document"])["content"]["houses"] if house["key"] == "good")
        with live_server.app.app_context():
            ops = ink_decode.decode(store.read_part(db, row["id"], good["ink"], live_server.app.config["PARTS_DIR"]))
        assert [op["op"] for op in ops] == ["stamp"]
        # The record says how the child's views were conveyed, with symbols, and what the child said
        # when it was read back.
        assert json.loads(row["document"])["communication"] == {
            "ways": ["symbols", "pointing"],
            "note": "",
            "symbols": True,
            "read_back": "agreed",
        }
        assert json.loads(row["document"])["feedback"] == {"VOCH002A": "yes", "VOCH004A": "a_bit", "VOCH006A": None}
        figures = signed_in(live_server.app, "demo.manager").get("/team/feedback").get_data(as_text=True)
        team = figures.split('id="feedback-team"')[1].split('class="govuk-summary-card"')[0]
        for code, answer in (("VOCH002A", "yes"), ("VOCH004A", "a_bit"), ("VOCH006A", "skipped")):
            row_html = team.split(f'data-question="{code}"')[1].split("</tr>")[0]
            assert f'data-answer="{answer}"><span class="app-figure">1<' in row_html, code
        record = page.context.new_page()
        record.goto(f"{restarted.url}/children/{row['child_id']}/records/{row['id']}")
        conveyed = record.locator(".app-conveyed")
        expect(conveyed).to_contain_text("Used symbols, Pointing or eye-gaze")
        expect(conveyed).to_contain_text("yes, that's right")
        expect(record.locator(".app-child-feedback")).to_contain_text(
            re.compile(r"Do you agree with your worker\?\s*A bit")
        )
        record.close()

        # One switch, auto-scan every half second, in another tool: one press as the highlight is on
        # Pause pauses; the pause cover is then all there is to scan, and one press carries on.
        page.get_by_role("button", name="Visits").tap()
        page.locator(".app-carried__child", has_text="Maisie").get_by_role("button", name="How Maisie takes part").tap()
        page.get_by_label("One switch: the highlight moves by itself (auto-scan) and the switch selects").check()
        page.get_by_label("Speed: seconds on each stop").fill("0.5")
        # Saved with no connection: it waits, sealed, and goes when the connection is back.
        context.set_offline(True)
        page.get_by_role("button", name="Save").tap()
        expect(page.locator("#notice")).to_contain_text(
            "It goes to the central store when the tablet next has a connection."
        )
        expect(page.locator(".app-carried__child", has_text="Maisie")).to_contain_text(
            "One switch, auto-scan every 0.5 s"
        )
        assert server_settings(db, maisie)["switch"]["mode"] == "two"
        context.set_offline(False)
        start_safety_house(page)
        page.get_by_role("button", name="Hand to the child").tap()
        wait_for_highlight_on(page, "Pause")
        page.keyboard.press("Space")
        cover = page.get_by_role("dialog", name="Paused")
        expect(cover).to_be_visible()
        wait_for_highlight_on(page, "Carry on")
        page.keyboard.press("Space")
        expect(cover).to_be_hidden()
        # Symbols here too, from the same platform; nothing placed, so no read-back at the hand-back.
        expect(page.locator(".app-sh__prompt").locator("xpath=preceding-sibling::button[1]")).to_have_accessible_name(
            "Listen: Safe"
        )
        assert axe_violations(page) == []
        page.get_by_role("button", name="Back to the worker").tap()
        expect(page.get_by_role("dialog", name="This is what you told me")).to_have_count(0)
        page.get_by_role("dialog", name=AGREE).get_by_role("button", name="Skip the rest").tap()
        assert page.evaluate("async () => (await import('/static/js/tablet/shell.js')).app.current.feedback") == {
            "VOCH004A": None,
            "VOCH005A": None,
            "VOCH006A": None,
        }
        page.locator("#pin-dialog").get_by_label("Passcode", exact=True).fill(PIN)
        page.get_by_role("button", name="Confirm").tap()
        expect(page.locator("body")).not_to_have_class(re.compile("app-symbol-mode|app-scanning"))
        expect(page.locator(".app-symbol-say")).to_have_count(0)

        # The waiting change reached the central store; one made there on the child's page reaches the
        # tablet at its next "Prepare for visits".
        wait_for(lambda: server_settings(db, maisie)["switch"]["mode"] == "auto")
        assert server_settings(db, maisie)["switch"]["interval_ms"] == 500
        worker = restarted.app.test_client()
        login(worker, "demo.worker")
        form = {"symbols": "on", "mode": "two", "speed": "0.5", "colour": "red", "size": "6"}
        assert post_form(worker, f"/children/{maisie}/access", form).status_code == 303
        page.get_by_role("button", name="Visits", exact=True).tap()
        prepare_all(page)
        expect(page.locator(".app-carried__child", has_text="Maisie")).to_contain_text("Symbols on · Two switches")
        switch = page.evaluate(
            f"async () => (await (await import('/static/js/tablet/access.js')).accessFor('{maisie}')).switch"
        )
        assert switch["highlight"] == {"colour": "red", "size": 6} and switch["mode"] == "two"

        # In Welsh: the symbols are named in Welsh, and a tap reads the Welsh words aloud.
        page.goto(restarted.url + "/tablet/cy")
        page.locator("#pin").fill(PIN)
        page.locator("#unlock-form button[type=submit]").tap()
        page.locator(".app-carried__child", has_text="Maisie").get_by_role("button", name="Dechrau: Tri Thŷ").tap()
        page.get_by_role("button", name="Rhoi i'r plentyn").tap()
        good = page.get_by_role("group", name="Tŷ'r Pethau Da")
        expect(good.locator("[data-house=good] > img.app-symbol")).to_have_attribute("src", re.compile(r"\.svg$"))
        say = page.locator(".app-th__prompt").locator("xpath=preceding-sibling::button[1]")
        expect(say).to_have_accessible_name("Gwrando: Tŷ")
        say.tap()
        assert page.evaluate("window.spoken.at(-1)") == page.locator(".app-th__prompt").text_content()
        assert axe_violations(page) == []
        # The feedback in Welsh, read aloud in Welsh; nothing placed, so no read-back before it.
        page.get_by_role("button", name="Yn ôl i'r gweithiwr").tap()
        welsh = page.locator(".app-feedback")
        expect(welsh).to_have_attribute("lang", "cy")
        expect(welsh.locator(".app-feedback__face")).to_have_text(["Ie", "Ychydig", "Na", "Dwi ddim yn gwybod"])
        assert page.evaluate("window.spoken.at(-1)") == welsh.locator("h2").text_content()
        assert axe_violations(page) == []
        welsh.get_by_role("button", name="Sgipio'r gweddill").tap()
        expect(page.locator("#pin-dialog")).to_be_visible()
    finally:
        restarted.stop()
