"""Consent on the tablet (issue 8), in a real browser: the parent's agreement with a signature drawn
with a finger or a typed name, refusal, and the child's own OK — offline, then synced.

The helpers here are what the people in the room do; the audio and explainer tests use them too.
"""

import json

from playwright.sync_api import expect

from sofs_direct.platform.db import utcnow, write
from tests.conftest import TABLET_VIEWPORTS, child_ids
from tests.tablet.test_browser import axe_violations, child_screen_report
from tests.tablet.test_tablet import back_to_worker, open_tablet, prepare_all, wait_until_sent
from tests.tablet.test_three_houses_tablet import send_the_session, start_three_houses

# --- what the people in the room do --------------------------------------------------------------------


def allow_recording(db, on=True):
    """The admin's service setting (migration 0005's service_settings), as /admin/service saves it."""
    with write(db):
        db.execute(
            "INSERT INTO service_settings (key, value, updated_by, updated_at) VALUES ('audio_recording', ?, NULL, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            [json.dumps(on), utcnow()],
        )


def go_to(page, link):
    page.locator(".app-th__nav").get_by_role("button", name=link, exact=True).tap()


def sign_with_a_finger(page):
    """A signature: a drag across the box (pointer events, as a finger or a pen makes them)."""
    pad = page.locator(".app-consent__pad .ink-surface")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 0.2 * box["width"], box["y"] + 0.6 * box["height"])
    page.mouse.down()
    for step in range(1, 13):
        page.mouse.move(
            box["x"] + (0.2 + 0.05 * step) * box["width"], box["y"] + (0.6 - 0.2 * (step % 2)) * box["height"]
        )
    page.mouse.up()


def give_consent(page, agree=True, audio=True, signature=True, name="Sarah Jones", relationship="Mum"):
    go_to(page, "Consent")
    expect(page.get_by_role("heading", name="Agreement to today's session")).to_be_visible()
    page.get_by_label("Yes, I agree" if agree else "No, I do not agree").check()
    if audio is not None and agree:
        page.get_by_label("Yes, you may record it" if audio else "No, do not record it").check()
    page.get_by_label("Your name", exact=True).fill(name)
    page.get_by_label("How are you related to Maisie?").fill(relationship)
    if signature:
        sign_with_a_finger(page)
    else:
        page.get_by_label("Or type your name instead").fill(name)
    page.get_by_role("button", name="Record the answer").tap()
    expect(page.get_by_role("heading", name="The answer recorded")).to_be_visible()


def give_assent(page, audio=True):
    go_to(page, "The child's OK")
    page.get_by_role("button", name="Yes, it's OK").tap()
    if audio is not None:
        page.get_by_role("button", name="Yes, you can record" if audio else "No recording").tap()


def start_with_recording_allowed(page, live_server, db):
    """The admin has switched recording on; the worker prepares and starts a Three Houses session."""
    allow_recording(db)
    open_tablet(page, live_server)
    prepare_all(page)
    start_three_houses(page)


def finish_and_sync(page, context, db):
    """Something in a house, finished offline, then sent: the session as the server stored it."""
    go_to(page, "Words and notes: House of Good Things")
    page.get_by_label("Add the child's words").fill("I like my bike")
    page.get_by_role("button", name="Add these words").tap()
    return send_the_session(page, context, db)


# --- the tests ------------------------------------------------------------------------------------------


def test_a_parent_agrees_and_signs_offline_and_the_child_says_yes(page, context, live_server, db):
    open_tablet(page, live_server)
    prepare_all(page)
    context.set_offline(True)
    start_three_houses(page)
    give_consent(page, audio=None)  # the service does not record audio: the question is not asked
    answer = page.locator(".app-consent__answer")
    expect(answer).to_contain_text("Agreed")
    expect(answer).to_contain_text("Sarah Jones")
    expect(answer).not_to_contain_text("Recording the child's voice")
    expect(page.locator(".app-consent__signed canvas").first).to_be_visible()
    give_assent(page, audio=None)
    expect(page.get_by_role("button", name="Can I record your voice?")).to_have_count(0)
    page.get_by_label("Said it").check()
    go_to(page, "Session details")
    expect(page.locator("#tool")).to_contain_text("Sarah Jones (Mum) agreed on the consent screen")
    expect(page.get_by_label("Who agreed or refused?")).to_have_count(0)
    page.get_by_label("Where is the session?").fill("At school")
    page.get_by_role("group", name="Is the child seen alone?").get_by_label("Yes").check()
    row, content = finish_and_sync(page, context, db)
    parent = content["consent"]["parent"]
    assert (
        parent["decision"],
        parent["name"],
        parent["relationship"],
        parent["signature"],
        parent["typed_name"],
        parent["audio"],
    ) == ("agreed", "Sarah Jones", "Mum", "signature-parent", "", None)  # not asked: no recording
    assert (content["session"]["parental_agreement"], content["session"]["agreement_by"]) == (
        "agreed",
        "Sarah Jones (Mum)",
    )
    child = content["consent"]["child"]
    assert (child["assent"], child["how"], child["audio"]) == ("given", "spoken", None)  # never asked, never "no"
    assert content["clips"] == []
    parts = {
        part["name"]: part["media_type"]
        for part in db.query("SELECT name, media_type FROM artefact_parts WHERE artefact_id = ?", [row["id"]])
    }
    assert parts["signature-parent"] == "application/vnd.sofs-direct.ink"


def test_a_refusal_is_recorded_with_a_typed_name_and_nothing_is_half_filled(page, live_server, db):
    open_tablet(page, live_server)
    prepare_all(page)
    start_three_houses(page)
    go_to(page, "Consent")
    page.get_by_role("button", name="Record the answer").tap()
    summary = page.locator("#tool .govuk-error-summary")
    expect(summary).to_contain_text("Say whether you agree to the session")
    expect(summary).to_contain_text("Enter your name")
    expect(summary).to_contain_text("Sign in the box or type your name")
    assert axe_violations(page) == []
    give_consent(page, agree=False, signature=False, name="Rob Jones", relationship="Dad")
    expect(page.locator(".app-consent__answer")).to_contain_text("Did not agree")
    expect(page.locator(".app-consent__answer")).to_contain_text("Typed name")
    go_to(page, "Session details")
    expect(page.locator("#tool")).to_contain_text("Rob Jones (Dad) did not agree")


def test_the_consent_screen_meets_wcag_and_reads_aloud(page, live_server, db):
    start_with_recording_allowed(page, live_server, db)
    go_to(page, "Consent")
    expect(page.locator(".app-consent__words")).to_contain_text("record Maisie's voice")
    page.get_by_label("Yes, I agree").check()
    expect(page.get_by_role("group", name="May we record Maisie's voice?")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Read this aloud").tap()
    spoke = page.evaluate("speechSynthesis.speaking || speechSynthesis.pending")
    if not spoke:  # no local English voice in this browser: the parent is told to have it read out
        expect(page.get_by_text("This tablet has no voice for this language")).to_be_visible()
    page.get_by_label("No, I do not agree").check()
    expect(page.get_by_role("group", name="May we record Maisie's voice?")).to_be_hidden()


def test_the_childs_ok_screen_is_a_child_screen(page, live_server, db):
    start_with_recording_allowed(page, live_server, db)
    give_consent(page, audio=True)
    for name, size in TABLET_VIEWPORTS.items():
        page.set_viewport_size(size)
        go_to(page, "The child's OK")
        page.get_by_role("button", name="Hand to the child").tap()
        page.get_by_role("button", name="Yes, it's OK").tap()
        expect(page.get_by_role("button", name="Yes, you can record")).to_be_visible()
        page.wait_for_timeout(100)
        report = child_screen_report(page)
        assert report["small"] == [], (name, "targets under 64 px")
        assert report["low"] == [], (name, "pressable along the bottom edge")
        assert report["scroll"] <= 0, (name, "the child's screen scrolls")
        assert axe_violations(page) == [], name
        back_to_worker(page)


# --- a parent's refusal reaches the record (issue 13) ------------------------------------------------------

REFUSED = "The parent or carer did not agree to this session, so nothing was done with the child."


def test_a_refusal_is_finished_as_just_that_and_reaches_the_childs_record(page, context, live_server, db):
    open_tablet(page, live_server)
    prepare_all(page)
    context.set_offline(True)
    start_three_houses(page)
    page.get_by_label("Where is the session?").fill("At home, in the front room")
    give_consent(page, agree=False, signature=False, name="Rob Jones", relationship="Dad")
    go_to(page, "Session details")
    expect(page.locator(".app-th__refusal")).to_contain_text("You can finish and send the session as it is")
    # Nothing with the child without a clear warning: the story, the child's OK, handing over.
    warning = page.get_by_role("heading", name="The parent or carer did not agree to this session")
    for view in ("What happens today", "The child's OK", "The houses"):
        go_to(page, view)
        expect(warning).to_be_visible()
        expect(page.locator("#tool")).to_contain_text("Who did not agree: Rob Jones (Dad)")
        expect(page.get_by_role("button", name="Yes, it's OK")).to_have_count(0)
    page.get_by_role("button", name="Hand to the child").tap()
    expect(warning).to_be_visible()
    expect(page.locator(".app-th__houses")).to_have_count(0)
    assert not page.evaluate("document.body.classList.contains('app-child-mode')")
    # Finished as the refusal it is, with no house filled and the child perhaps never seen.
    page.get_by_role("button", name="Finish and send as a refusal").tap()
    expect(page.locator("#notice")).to_contain_text("Finished.")
    expect(page.locator("#drafts")).to_contain_text("Nothing is waiting to be finished.")
    context.set_offline(False)
    wait_until_sent(page)
    [row] = list(db.query("SELECT * FROM artefacts WHERE kind = 'three_houses'"))
    content = json.loads(row["document"])["content"]
    session = content["session"]
    assert (session["parental_agreement"], session["agreement_by"]) == ("refused", "Rob Jones (Dad)")
    assert content["session"]["seen_alone"] is None and content["consent"]["parent"]["decision"] == "refused"
    page.goto(f"{live_server.url}/children/{child_ids(db)['Maisie']}")
    expect(page.locator("#main-content")).to_contain_text(REFUSED)
    expect(page.get_by_text("Nothing has been recorded")).to_have_count(0)
    page.get_by_role("link", name="Three Houses").first.click()
    expect(page.locator("#refusal")).to_contain_text(REFUSED)


def test_after_a_refusal_the_worker_can_still_go_on_and_the_record_says_so(page, context, live_server, db):
    open_tablet(page, live_server)
    prepare_all(page)
    start_three_houses(page)
    page.get_by_label("Where is the session?").fill("At school")
    page.get_by_label("No, a parent refused").check()
    expect(page.locator(".app-th__refusal")).to_be_visible()  # said at once, as the answer is chosen
    page.get_by_label("Who agreed or refused?").fill("Rob Jones, dad")
    page.get_by_role("button", name="Hand to the child").tap()
    assert axe_violations(page) == []  # the warning, a worker's screen
    page.get_by_role("button", name="Go on without their agreement").tap()
    expect(page.locator(".app-th__houses")).to_be_visible()  # handed over, as asked
    page.locator("[data-house=good]").tap()
    page.get_by_role("button", name="Words").tap()
    page.get_by_label("Write or say your words").fill("My bike")
    page.get_by_role("button", name="Keep these words").tap()
    back_to_worker(page)
    go_to(page, "Session details")
    expect(page.locator(".app-th__refusal")).to_contain_text("went ahead without their agreement")
    page.get_by_role("group", name="Is the child seen alone?").get_by_label("Yes").check()
    _row, content = send_the_session(page, context, db)
    assert content["session"]["parental_agreement"] == "refused"
    page.goto(f"{live_server.url}/children/{child_ids(db)['Maisie']}/timeline")
    expect(page.locator(".app-timeline")).to_contain_text("did not agree to this session, but it went ahead")


def test_nothing_is_chosen_for_the_child_about_recording_and_the_record_says_not_asked(page, context, live_server, db):
    start_with_recording_allowed(page, live_server, db)
    give_consent(page, audio=True)
    go_to(page, "The child's OK")
    page.get_by_role("button", name="Yes, it's OK").tap()
    for answer in ("Yes, you can record", "No recording"):  # GOV.UK: no answer pre-selected
        expect(page.get_by_role("button", name=answer)).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".app-assent__said")).to_have_text("Said yes to being recorded: Not asked yet")
    go_to(page, "Session details")
    page.get_by_label("Where is the session?").fill("At school")
    page.get_by_role("group", name="Is the child seen alone?").get_by_label("Yes").check()
    row, content = finish_and_sync(page, context, db)
    assert content["consent"]["child"]["audio"] is None and content["consent"]["parent"]["audio"] is True
    page.goto(f"{live_server.url}/children/{child_ids(db)['Maisie']}/records/{row['id']}")
    said = page.locator(".govuk-summary-list__row", has_text="Said yes to being recorded")
    expect(said.locator("dd")).to_have_text("Not asked")
