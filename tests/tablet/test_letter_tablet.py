"""The letter to the child, "What I heard you say" (issue 17), in a real browser on a visit with no
connection: a Three Houses session with two of the child's worries, one the child wanted nobody to
see and one for their parents, and a drawing; the child answers the one-minute feedback with faces
at the hand-back. The worker finishes with the server stopped and is offered the letter at once:
drafted from the session, the child's words exactly as said, "who will see it" saying nobody for the
first. The worker writes what happens next (the plain-words check points out a professional word),
turns the letter into Welsh, the child's language, and reads it with the child page by page, read
aloud, to its last page. Once the connection is back both are sent; the child's own printed copy
holds the words the child wanted nobody to see, the parents' pack does not, the record lists the
letter under "Letters to the child" with the day it was read with the child, and the manager's
figures count the feedback.
"""

import json
import re

from playwright.sync_api import expect

from tests.conftest import LiveServer, signed_in
from tests.paper.test_pdf import pdf_pages
from tests.tablet.test_browser import axe_violations, child_screen_report
from tests.tablet.test_child_access_tablet import SPEECH
from tests.tablet.test_consent_tablet import go_to
from tests.tablet.test_sharing_wishes_tablet import add_words, tick
from tests.tablet.test_tablet import PIN, open_tablet, prepare_all, wait_until_sent
from tests.tablet.test_three_houses_tablet import finger_stroke, hand_to_child, record_session, start_three_houses

SECRET = "Dad shouts when he has been drinking"
FOR_PARENTS = "I miss my nan"
NEXT = "I will talk to your mum and dad. We will make a safety plan together."


def faces(page):
    """The feedback at the hand-back: the first question answered "Yes", the second "A bit", the last skipped."""
    first = page.locator(".app-feedback")
    expect(first).to_be_visible()
    first.get_by_role("button", name="Yes", exact=True).tap()
    page.locator(".app-feedback").get_by_role("button", name="A bit").tap()
    expect(page.locator(".app-feedback").get_by_text("Question 3 of 3")).to_be_visible()
    page.locator(".app-feedback").get_by_role("button", name="Skip this question").tap()
    page.locator("#pin-dialog").get_by_label("Passcode", exact=True).fill(PIN)
    page.get_by_role("button", name="Confirm").tap()


def read_every_page(page):
    """The child turns the pages to the last one, and each can be heard."""
    turns = 0
    next_page = page.get_by_role("button", name="Nesaf")
    while next_page.is_enabled():
        next_page.tap()
        turns += 1
    return turns


def test_a_letter_drafted_from_the_session_read_with_the_child_and_kept(page, context, live_server, db):
    context.add_init_script(SPEECH)
    open_tablet(page, live_server)
    prepare_all(page)
    start_three_houses(page)
    record_session(page)
    go_to(page, "Words and notes: House of Worries")
    add_words(page, SECRET)
    add_words(page, FOR_PARENTS)
    tick(page.locator(".app-th__notes-word", has_text=SECRET), [])
    tick(page.locator(".app-th__notes-word", has_text=FOR_PARENTS), ["parents"])
    hand_to_child(page)
    page.locator("[data-house=worries]").tap()
    finger_stroke(page, [(0.3, 0.3), (0.5, 0.5), (0.6, 0.4)])
    page.get_by_role("button", name="Back to the worker").tap()
    faces(page)
    assert axe_violations(page) == []  # (axe is loaded while there is a connection, for the checks below)

    # No connection: the session is finished and the letter offered at once, drafted from it.
    port = live_server.server.effective_port
    live_server.stop()
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#notice")).to_contain_text("Finished.")
    page.get_by_role("button", name="Write a letter to Maisie").tap()
    expect(page.get_by_role("heading", name="What I heard you say: a letter to Maisie")).to_be_visible()
    expect(page.locator(".app-lt__verbatim")).to_have_text([SECRET, FOR_PARENTS])
    expect(page.locator(".app-lt__heard-entry", has_text=SECRET)).to_contain_text("Who may see it: Nobody")
    preview = page.locator(".app-lt__who-preview li")
    expect(preview).to_have_text(
        [
            f"Nobody else will see this. It stays between you and me, in your file. — “{SECRET}”",
            f"You said these people can see it: your mum, dad or carers — “{FOR_PARENTS}”",
            "We have not talked yet about who can see this. I will ask you. — “House of Worries”",
        ]
    )
    expect(page.locator(".app-lt__drawing-entry canvas")).to_have_count(1)
    # The plain-words check, as in Words and Pictures, on the worker's own words.
    page.get_by_label("What I will do next").fill("A section 47 enquiry will happen.")
    expect(page.locator(".app-plain").nth(1)).to_contain_text("is a professional word")
    page.get_by_label("What I will do next").fill(NEXT)
    expect(page.locator(".app-plain").nth(1)).not_to_contain_text("is a professional word")
    assert axe_violations(page) == []

    # In the child's language: the words the draft wrote turn Welsh; the child's words never change.
    page.get_by_role("group", name="The letter's language").get_by_label("Cymraeg").check()
    expect(page.get_by_label("Opening words")).to_have_value(re.compile("Diolch"))
    expect(page.locator(".app-lt__verbatim")).to_have_text([SECRET, FOR_PARENTS])
    expect(preview.first).to_contain_text("Fydd neb arall yn gweld hyn")

    # Read with the child: big print, page by page, read aloud; the last page marks it read.
    page.get_by_role("button", name="Hand to the child").tap()
    expect(page.locator(".app-lt__page")).to_contain_text("Annwyl Maisie,")
    expect(page.locator(".app-lt__page")).to_have_attribute("lang", "cy")
    report = child_screen_report(page)
    assert report["small"] == [] and report["low"] == [], report
    assert axe_violations(page) == []
    page.get_by_role("button", name="Nesaf").tap()
    expect(page.locator(".app-lt__page")).to_contain_text(SECRET)
    page.get_by_role("button", name="Gwrando").first.tap()
    assert SECRET in page.evaluate("window.spoken.at(-1)")
    read_every_page(page)
    expect(page.locator(".app-lt__closing")).to_be_visible()
    page.get_by_role("button", name="Back to the worker").tap()
    page.locator("#pin-dialog").get_by_label("Passcode", exact=True).fill(PIN)
    page.get_by_role("button", name="Confirm").tap()
    expect(page.get_by_text(re.compile("Read with the child"))).to_be_visible()
    page.get_by_role("button", name="Finish and send").tap()
    expect(page.locator("#notice")).to_contain_text("Finished.")
    expect(page.locator("#sync-badge")).to_contain_text("Not sent yet: 2")

    restarted = LiveServer(live_server.app, port=port)
    try:
        page.get_by_role("button", name="Sending").tap()
        page.get_by_role("button", name="Send now").tap()
        wait_until_sent(page)
        [session] = db.query("SELECT * FROM artefacts WHERE kind = 'three_houses'")
        [letter] = db.query("SELECT * FROM artefacts WHERE kind = 'letter'")
        content = json.loads(letter["document"])["content"]
        assert content["source"]["id"] == session["id"] and content["language"] == "cy"
        assert [(word["words"], word["share"]) for word in content["heard"]] == [
            (SECRET, []),
            (FOR_PARENTS, ["parents"]),
        ]
        assert content["next"] == NEXT and content["read_with_child"]
        assert json.loads(session["document"])["feedback"] == {"VOCH002A": "yes", "VOCH004A": "a_bit", "VOCH006A": None}

        record = f"{restarted.url}/children/{letter['child_id']}/records/{letter['id']}"
        # The child's own copy: everything the child made, the words for nobody else included.
        for size in ("a4", "a5"):
            copy = page.request.get(f"{record}/letter.pdf?size={size}")
            assert copy.ok, (size, copy.status)
            text = " ".join(words for sheet in pdf_pages(copy.body()) for _, words in sheet)
            assert SECRET in text and FOR_PARENTS in text and "Annwyl Maisie" in text
        # The parents' pack leaves those words out, from the session and from the letter alike.
        for artefact in (letter, session):
            exported = page.request.get(
                f"{restarted.url}/children/{letter['child_id']}/records/{artefact['id']}/export/parents/pdf/1"
            )
            assert exported.ok
            text = " ".join(words for sheet in pdf_pages(exported.body()) for _, words in sheet)
            assert SECRET not in text and FOR_PARENTS in text, artefact["kind"]

        page.goto(f"{restarted.url}/children/{letter['child_id']}")
        expect(page.locator("#letters")).to_have_text("Letters to the child")
        expect(page.locator(".app-letters li")).to_contain_text(
            re.compile(r"Read with the child on \d{1,2} \w+ 20\d\d")
        )

        figures = signed_in(live_server.app, "demo.manager").get("/team/feedback").get_data(as_text=True)
        team = figures.split('id="feedback-team"')[1].split('class="govuk-summary-card"')[0]
        for code, answer in (("VOCH002A", "yes"), ("VOCH004A", "a_bit"), ("VOCH006A", "skipped")):
            row_html = team.split(f'data-question="{code}"')[1].split("</tr>")[0]
            assert f'data-answer="{answer}"><span class="app-figure">1<' in row_html, code
    finally:
        restarted.stop()
