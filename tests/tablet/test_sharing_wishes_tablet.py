"""Every sharing wish, ticked on the tablet, reaches the server as ticked (issue #13, §1 and "Done
when"): in Three Houses, for the child's words, the houses and the recordings of the child's voice,
each of the 8 answers — not asked (nothing ticked), nobody, and every one of the 7 sets of parents,
safety network and conference — ticked in a real browser with no connection, finished, synced once
it is back, found stored, shown on the record, and in each audience's export only where the child
said so. Two boxes ticked once made a session that the server refused for ever.

Main decision: the boxes are ticked in the reverse of their order on screen, so a wish is shown to
be stored as the set the worker ticked (written in the order of the boxes), whatever the order of
the ticks. One session holds all 8 for the words and the recordings; the houses need three
sessions (a session has three houses).
"""

import itertools
import json
import re

from playwright.sync_api import expect

from tests.paper.test_pdf import pdf_pages
from tests.tablet.test_consent_tablet import allow_recording, give_assent, give_consent, go_to
from tests.tablet.test_tablet import open_tablet, prepare_all, wait_until_sent
from tests.tablet.test_three_houses_tablet import record_session, start_three_houses

BOXES = {"parents": "Parents", "network": "Safety network", "conference": "Conference"}
# Not asked, nobody, then every set of audiences, each in the order of the boxes (as stored).
WISHES = ["ask", []] + [list(chosen) for size in (1, 2, 3) for chosen in itertools.combinations(BOXES, size)]
HOUSES = ("House of Good Things", "House of Worries", "House of Dreams")


def tick(group, wish) -> None:
    """Tick the wish's boxes in a wish control, the last box first; nothing for "not asked"."""
    if wish == "ask":
        return
    for audience in reversed(wish) if wish else ["nobody"]:
        group.get_by_label(BOXES.get(audience, "Nobody"), exact=True).check()


def house_wishes(page, wishes) -> None:
    for house, wish in zip(HOUSES, wishes):
        go_to(page, f"Words and notes: {house}")
        tick(page.get_by_role("group", name="Who may see the drawing and the house's name?"), wish)


def add_words(page, text: str) -> None:
    page.get_by_label("Add the child's words").fill(text)
    page.get_by_role("button", name="Add these words").tap()
    expect(page.locator(".app-th__notes-word", has_text=text)).to_be_visible()


def finish(page) -> None:
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#notice")).to_contain_text("Finished.")


def test_every_wish_ticked_for_words_houses_and_recordings_is_stored_as_ticked(page, context, live_server, db):
    allow_recording(db)
    open_tablet(page, live_server)
    prepare_all(page)
    context.set_offline(True)  # on a visit with no signal: everything is made and finished offline

    # One session: 8 recordings and 8 of the child's words, one for each wish; 3 of the houses' wishes.
    start_three_houses(page)
    record_session(page)
    give_consent(page, audio=True)
    give_assent(page, audio=True)
    go_to(page, "Recordings")
    for number in range(1, len(WISHES) + 1):
        page.get_by_role("radio", name="The whole session", exact=True).check()
        page.get_by_role("button", name="Start recording").tap()
        expect(page.locator(".app-rec-sign")).to_be_visible()
        page.wait_for_timeout(1100)
        page.get_by_role("button", name="Stop recording").tap()
        expect(page.locator(".app-rec-clip")).to_have_count(number)
    for clip, wish in zip(page.locator(".app-rec-clip").all(), WISHES):
        tick(clip.get_by_role("group", name="Who may hear this recording?"), wish)
    go_to(page, "Words and notes: House of Worries")
    for number in range(len(WISHES)):
        add_words(page, f"Words {number}")
    for number, wish in enumerate(WISHES):
        tick(page.locator(".app-th__notes-word", has_text=f"Words {number}"), wish)
    house_wishes(page, WISHES[:3])
    finish(page)

    # Two more sessions for the other houses' wishes.
    for wishes in (WISHES[3:6], WISHES[6:]):
        start_three_houses(page)
        record_session(page)
        go_to(page, "Words and notes: House of Good Things")
        add_words(page, "Nain's garden")
        house_wishes(page, wishes)
        finish(page)

    expect(page.locator("#sync-badge")).to_contain_text("Not sent yet: 3")
    context.set_offline(False)
    wait_until_sent(page)

    rows = list(
        db.query("SELECT id, child_id, document FROM artefacts WHERE kind = 'three_houses' ORDER BY received_at")
    )
    sessions = [json.loads(row["document"])["content"] for row in rows]
    assert len(sessions) == 3
    first = sessions[0]
    assert [clip["share"] for clip in first["clips"]] == WISHES
    worries = first["houses"][1]["words"]
    assert [(word["text"], word["share"]) for word in worries] == [
        (f"Words {number}", wish) for number, wish in enumerate(WISHES)
    ]
    assert [house["share"] for session in sessions for house in session["houses"]][: len(WISHES)] == WISHES

    # The worker opens the record, then exports it for each audience: each of the child's words is on
    # the record, and in an audience's export only where the child said that audience may see it.
    record = f"{live_server.url}/children/{rows[0]['child_id']}/records/{rows[0]['id']}"
    page.goto(record)
    for number in range(len(WISHES)):
        expect(page.get_by_text(f"Words {number}", exact=True)).to_be_visible()
    for audience in (*BOXES, "record"):  # "record": the full record for the case file holds every word
        exported = page.request.get(f"{record}/export/{audience}/pdf/1")
        assert exported.ok, (audience, exported.status)
        text = " ".join(words for sheet in pdf_pages(exported.body()) for _, words in sheet)
        shown = [number for number in range(len(WISHES)) if re.search(rf"\bWords {number}\b", text)]
        assert shown == [
            number
            for number, wish in enumerate(WISHES)
            if audience == "record" or (isinstance(wish, list) and audience in wish)
        ], audience
