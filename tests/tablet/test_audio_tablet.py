"""Recording the child's voice on the tablet (issue 8), in a real browser with Chromium's fake
microphone (conftest's --use-fake-device-for-media-stream, a beeping tone): offline, with the
parent's agreement and the child's OK, then synced; the server checks the clip, serves it only to
those who may see the child, with range requests, and audits every playback.
"""

import re

from playwright.sync_api import expect

from sofs_direct.artefacts import store
from sofs_direct.paper import audio
from sofs_direct.platform import accounts
from sofs_direct.platform.demo import DEMO_PASSWORD
from tests.conftest import child_ids, signed_in
from tests.tablet.test_browser import axe_violations
from tests.tablet.test_consent_tablet import (
    allow_recording,
    finish_and_sync,
    give_assent,
    give_consent,
    go_to,
    start_with_recording_allowed,
)
from tests.tablet.test_tablet import back_to_worker, open_tablet, prepare_all, unlock
from tests.tablet.test_three_houses_tablet import (
    eventually,
    hand_to_child,
    record_session,
    start_three_houses,
)

MOMENT = "I like it when Nan picks me up from school"


def ready_to_record(page, live_server, db):
    """Recording allowed by the service, agreed by a parent and by the child."""
    start_with_recording_allowed(page, live_server, db)
    give_consent(page, audio=True)
    give_assent(page, audio=True)


def start_recording(page, about="The whole session"):
    go_to(page, "Recordings")
    page.get_by_label(about).check()
    page.get_by_role("button", name="Start recording").tap()
    expect(page.locator(".app-rec-sign")).to_be_visible()


def test_a_clip_recorded_offline_with_a_moment_reaches_only_those_who_may_hear_it(page, context, live_server, db):
    allow_recording(db)
    open_tablet(page, live_server)
    prepare_all(page)
    context.set_offline(True)
    start_three_houses(page)
    record_session(page)
    give_consent(page, audio=True)
    give_assent(page, audio=True)
    start_recording(page, about="House of Worries")
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Mark this moment").tap()
    # Marked after about 1.5 s: shown to the nearest second, as every time in a clip is (player.js clock).
    page.get_by_label(re.compile(r"^The child's words at 0:0[12]$")).fill(MOMENT)
    # Handed to the child: the sign is still there, and the child stops it with its one big button.
    hand_to_child(page)
    sign = page.locator(".app-rec-sign")
    expect(sign).to_contain_text("Recording")
    page.wait_for_timeout(1500)
    sign.get_by_role("button", name="Stop").tap()
    expect(sign).to_have_count(0)
    back_to_worker(page)
    go_to(page, "Recordings")
    clip = page.locator(".app-rec-clip")
    expect(clip).to_contain_text("Recording 1: House of Worries")
    expect(clip).to_contain_text(MOMENT)
    expect(clip.locator("audio")).to_have_attribute("controlslist", "nodownload noplaybackrate")
    row, content = finish_and_sync(page, context, db)
    [clip] = content["clips"]
    assert (clip["id"], clip["part"], clip["media_type"], clip["house"], clip["share"]) == (
        "c1",
        "audio-c1",
        "audio/webm",
        "worries",
        "ask",
    )
    assert 2500 <= clip["duration_ms"] <= 6000
    [moment] = clip["moments"]
    assert moment["text"] == MOMENT and 1000 <= moment["at_ms"] <= 2500
    with live_server.app.app_context():
        sound = store.read_part(db, row["id"], "audio-c1", live_server.app.config["PARTS_DIR"])
        checked = audio.check_audio(sound, "audio/webm", clip["duration_ms"])
    assert checked.codec == "opus"
    assert len(sound) <= 250 * 1024 * clip["duration_ms"] / 60000 + 4096  # speech quality, not music

    # The worker's manager hears it, seeking through it with range requests; the playback is audited.
    child_id = child_ids(db)["Maisie"]
    url = f"/children/{child_id}/records/{row['id']}/clips/c1"
    manager = signed_in(live_server.app, "demo.manager")
    whole = manager.get(url)
    assert whole.status_code == 200 and whole.data == sound
    assert whole.headers["Accept-Ranges"] == "bytes" and "no-store" in whole.headers["Cache-Control"]
    part = manager.get(url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.data == sound[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(sound)}"
    played = [
        entry["what"] for entry in db.query("SELECT what FROM audit WHERE child_id = ? AND action = 'view'", [child_id])
    ]
    assert "records.play_clip" in played, played  # the manager's audit page says "played a recording"

    # A manager of another team may not: the clip is not there for them.
    with live_server.app.app_context():
        other_team = db.execute("SELECT id FROM teams WHERE name = 'Other Team'").fetchone()[0]
        accounts.add_user(db, "other.manager", "Olive Other", "manager", other_team, DEMO_PASSWORD)
    assert signed_in(live_server.app, "other.manager").get(url, headers={"Range": "bytes=0-9"}).status_code == 404


def test_recording_is_impossible_until_the_parent_and_the_child_agree(page, live_server, db):
    start_with_recording_allowed(page, live_server, db)
    go_to(page, "Recordings")
    start = page.get_by_role("button", name="Start recording")
    expect(start).to_be_disabled()
    why = page.locator("#rec-why")
    expect(why).to_contain_text("A parent has not agreed to recording")
    expect(why).to_contain_text("The child has not said yes to being recorded")
    give_consent(page, audio=True)
    go_to(page, "Recordings")
    expect(page.get_by_role("button", name="Start recording")).to_be_disabled()
    expect(page.locator("#rec-why")).not_to_contain_text("A parent has not agreed")
    give_assent(page, audio=False)
    go_to(page, "Recordings")
    expect(page.get_by_role("button", name="Start recording")).to_be_disabled()
    give_assent(page, audio=True)
    go_to(page, "Recordings")
    expect(page.get_by_role("button", name="Start recording")).to_be_enabled()
    expect(page.locator("#rec-why")).to_have_count(0)

    # A recording made, then the parent takes agreement to recording back: asked first, it goes.
    start_recording(page)
    assert axe_violations(page) == []
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Stop recording").tap()
    expect(page.locator(".app-rec-clip")).to_have_count(1)
    assert axe_violations(page) == []
    go_to(page, "Consent")
    page.get_by_role("button", name="Change the answer").tap()
    page.get_by_label("No, do not record it").check()
    page.get_by_role("button", name="Record the answer").tap()
    expect(page.get_by_text("the 1 recording(s) made in this session will be deleted")).to_be_visible()
    page.get_by_role("button", name="Delete the recordings and record the answer").tap()
    go_to(page, "Recordings")
    expect(page.locator(".app-rec-clip")).to_have_count(0)
    expect(page.get_by_role("button", name="Start recording")).to_be_disabled()
    assert page.evaluate("document.querySelectorAll('audio').length") == 0


def stored_parts(page):
    """The names of the parts the tablet keeps for its drafts, read as the unlocked app reads them
    (the names are sealed under the local key with the rest of the draft: docs/sync.md)."""
    page.wait_for_timeout(1500)  # the autosave, at most 1 s after the last change
    return page.evaluate("""async () => {
        const { app } = await import('/static/js/tablet/shell.js');
        const { loadDrafts } = await import('/static/js/tablet/artefacts.js');
        const drafts = await loadDrafts(app.db, app.localKey);
        return drafts.flatMap((draft) => draft.parts.map((part) => part.name));
    }""")


def test_words_at_a_moment_added_afterwards_and_a_clip_deleted_after_being_asked(page, live_server, db):
    ready_to_record(page, live_server, db)
    start_recording(page)
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Stop recording").tap()
    page.get_by_text("Add the child's words at a moment").tap()
    page.get_by_label("Time in the recording (minutes:seconds)").fill("0:09")
    page.get_by_label("The child's words at that moment").fill("Nan's dog")
    page.get_by_role("button", name="Add these words").tap()
    expect(page.locator("#tool .govuk-error-message")).to_contain_text(
        re.compile(r"Enter a time within the recording \(0:00 to 0:0\d\)")
    )
    page.get_by_label("Time in the recording (minutes:seconds)").fill("0:01")
    page.get_by_role("button", name="Add these words").tap()
    expect(page.locator(".app-rec-clip")).to_contain_text("0:01 — Nan's dog")
    assert "audio-c1" in stored_parts(page)

    page.get_by_role("button", name="Delete recording 1").tap()
    page.get_by_role("button", name="No, keep it").tap()
    expect(page.locator(".app-rec-clip")).to_have_count(1)
    page.get_by_role("button", name="Delete recording 1").tap()
    page.get_by_role("button", name="Yes, delete it").tap()
    expect(page.locator(".app-rec-clip")).to_have_count(0)
    assert not any(name.startswith("audio-") for name in stored_parts(page))


def test_with_the_setting_off_no_recording_control_exists(page, live_server, db):
    open_tablet(page, live_server)
    prepare_all(page)
    start_three_houses(page)
    record_session(page)
    give_consent(page, audio=None)
    expect(page.get_by_role("group", name="May we record Maisie's voice?")).to_have_count(0)
    give_assent(page, audio=None)
    for view in (
        "Session details",
        "Consent",
        "The child's OK",
        "What happens today",
        "Words and notes: House of Dreams",
    ):
        go_to(page, view)
        assert page.locator("text=Recording").count() == 0, view
    hand_to_child(page)
    page.locator("[data-house=good]").tap()
    assert (
        page.evaluate("""() => document.querySelectorAll(
        '.app-rec-sign, [data-action-record], audio, .app-rec-start').length""")
        == 0
    )
    assert page.get_by_role("button", name="Recordings").count() == 0


def test_a_microphone_that_is_refused_gives_a_readable_message(page, context, live_server, db):
    ready_to_record(page, live_server, db)
    # The tablet's settings deny the microphone to the app (as a worker might by mistake).
    page.evaluate("""() => {
        navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    }""")
    go_to(page, "Recordings")
    page.get_by_role("button", name="Start recording").tap()
    expect(page.get_by_role("alert")).to_contain_text("did not allow the microphone")
    expect(page.locator(".app-rec-sign")).to_have_count(0)
    expect(page.get_by_role("button", name="Start recording")).to_be_enabled()


def test_locking_the_tablet_while_recording_keeps_the_clip(page, live_server, db):
    ready_to_record(page, live_server, db)
    start_recording(page)
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Lock").tap()
    unlock(page)
    expect(page.locator(".app-rec-sign")).to_have_count(0)
    page.locator("#drafts").get_by_role("button").first.tap()
    go_to(page, "Recordings")
    expect(page.locator(".app-rec-clip")).to_contain_text("Recording 1: The whole session")


def current_time(page, selector):
    return page.evaluate("(selector) => document.querySelector(selector).currentTime", selector)


def test_a_recording_shows_its_length_seeks_unplayed_and_reads_the_same_on_its_page(page, context, live_server, db):
    """Chromium's WebM has no duration: the browser's own player said 0:00 / 0:00 and could not seek
    until played to the end, and the tablet and the page rounded the length differently."""
    ready_to_record(page, live_server, db)
    start_recording(page)
    page.wait_for_timeout(2600)
    page.get_by_role("button", name="Stop recording").tap()
    card = page.locator(".app-rec-clip")
    time = card.locator(".app-player__time")
    expect(time).to_have_text(re.compile(r"^0:00 / 0:0[2-9]$"))
    length = time.inner_text().split(" / ")[1]
    # Who may hear it is said at once when a box is ticked, not only when the screen is next drawn.
    expect(card).to_contain_text("May hear it: Not asked yet")
    card.get_by_label("Parents").check()
    expect(card).to_contain_text("May hear it: Parents")
    card.get_by_label("Conference").check()
    expect(card).to_contain_text("May hear it: Parents, Conference")
    # Seeking before the recording was ever played: the bar moves the sound, and the time follows.
    card.get_by_role("slider", name="Place in recording 1").fill("1500")
    eventually(lambda: current_time(page, ".app-rec-clip audio"), lambda at: 1.3 <= at <= 1.7)
    expect(time).to_have_text(f"0:02 / {length}")
    card.get_by_role("button", name="Play recording 1").tap()
    expect(card.get_by_role("button", name="Pause recording 1")).to_be_visible()
    card.get_by_role("button", name="Pause recording 1").tap()
    assert axe_violations(page) == []

    go_to(page, "Session details")
    page.get_by_label("Where is the session?").fill("At school")
    page.get_by_role("group", name="Is the child seen alone?").get_by_label("Yes").check()
    row, content = finish_and_sync(page, context, db)
    [clip] = content["clips"]
    assert length == audio.clock(clip["duration_ms"])  # one rule for a length, on the tablet and the server
    page.goto(f"{live_server.url}/children/{child_ids(db)['Maisie']}/records/{row['id']}")
    player = page.locator(".app-clip .app-player")
    expect(player.locator(".app-player__time")).to_have_text(f"0:00 / {length}")
    expect(page.locator(".app-clip audio")).to_be_hidden()  # the browser's own 0:00 player is replaced
    player.get_by_role("slider", name="Place in recording 1").fill("1000")
    eventually(lambda: current_time(page, "[data-clip-player]"), lambda at: 0.8 <= at <= 1.2)
    expect(player.locator(".app-player__time")).to_have_text(f"0:01 / {length}")
    assert axe_violations(page) == []
