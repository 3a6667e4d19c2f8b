"""From the visit to the assessment, in a real browser: a Three Houses session synced from a tablet
is attached to a new single assessment, the child's words are placed into the mapping, and the pack
is exported for the conference and for the parents. The child said who may see what: the parents'
pack leaves out what they may not see — in its text and in its pictures — and says something was
left out; the conference pack holds what the conference may see."""

import re

from PIL import Image

from sofs_direct.paper import ink
from tests.conftest import child_ids
from tests.pages.test_packs import purple_pixels  # palette colour 7: only the House of Worries' drawing uses it
from tests.pdf_reader import pdf_images, pdf_text
from tests.tablet.test_browser import axe_violations, sign_in
from tests.tablet_client import HttpTablet, make_upload, three_houses, word

FOR_EVERYONE = "Dŵr yn y bath gyda Nain"
FOR_CONFERENCE = "Dad shouts at night and I hide"
NOT_ASKED = "A dog called Seren"


def purple_drawing() -> bytes:
    return ink.encode(
        [
            {
                "op": "stroke",
                "tool": "pen",
                "colour": 7,
                "size": 2,
                "pressure": False,
                "t": 1000 * row,
                "points": [(600 + 60 * n, 900 + 180 * row, 0, 1000 * row + 16 * n) for n in range(40)],
            }
            for row in range(8)
        ]
    )


def sync_a_session(server, child_id) -> None:
    """The tablet sends the session over the real sync protocol, as it does when back online."""
    tablet = HttpTablet(server.url).sign_in("demo.worker")
    try:
        device = tablet.register("Blue tablet")
        document = three_houses(
            child_id,
            houses={
                "good": {
                    "words": [word("w1", FOR_EVERYONE, share=["conference", "parents"])],
                    "share": ["conference", "parents"],
                },
                "worries": {
                    "ink": "ink-worries",
                    "name": "The shouty house",
                    "share": ["conference"],
                    "words": [word("w2", FOR_CONFERENCE, by="worker", share=["conference"])],
                },
                "dreams": {"words": [word("w3", NOT_ASKED)]},
            },
        )
        upload = make_upload(
            device["server_key"], device["device_id"], 1, document, [("ink-worries", ink.MEDIA_TYPE, purple_drawing())]
        )
        sent, answer = tablet.send(upload)
        assert sent, answer
    finally:
        tablet.close()


def export_pack(page, audience: str) -> bytes:
    page.get_by_label(audience, exact=True).check()
    page.get_by_label("PDF (to attach to the case file or print)").check()
    page.get_by_role("button", name="Make the files").click()
    link = page.locator("#files ~ .app-table-region table a").first
    with page.expect_download() as download:
        link.click()
    name = download.value.suggested_filename
    assert len(name) <= 80 and "Maisie" not in name and name.endswith(".pdf")
    return download.value.path().read_bytes()


def test_the_childs_voice_goes_from_a_synced_session_into_the_assessment_and_out_to_each_audience(
    browser, live_server, db
):
    maisie = child_ids(db)["Maisie"]
    sync_a_session(live_server, maisie)
    context = browser.new_context(
        viewport={"width": 1024, "height": 768}, has_touch=True, locale="en-GB", accept_downloads=True
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    sign_in(page, live_server)

    # A new single assessment for Maisie.
    page.goto(f"{live_server.url}/children/{maisie}")
    page.get_by_role("link", name="Assessments for Maisie").click()
    page.get_by_label("Type of assessment").select_option(label="Single assessment")
    page.get_by_label("Day").fill("18")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Case management reference").fill("LCS-2231")
    page.get_by_role("button", name="Start the assessment").click()
    assert re.search(r"/assessments/[0-9a-f-]{36}$", page.url)
    assert FOR_EVERYONE not in page.url and "Maisie" not in page.url  # ids only in addresses

    # Attach the synced session, and place the child's words: each goes to its house's column.
    page.get_by_role("button", name=re.compile(r"^Attach\s*:\s*Three Houses")).click()
    page.get_by_label("Your analysis").fill("Maisie spoke freely about bath time with Nain.")
    page.get_by_role("button", name="Save your analysis").click()
    for _ in range(3):
        page.get_by_role("button", name=re.compile("^Put in the mapping")).first.click()
    mapping = page.locator("#mapping ~ *").first
    columns = {
        heading: page.locator("section, div").filter(has=page.get_by_role("heading", name=heading)).last
        for heading in ("What are we worried about?", "What's working well?", "What needs to happen?")
    }
    assert FOR_CONFERENCE in columns["What are we worried about?"].inner_text()
    assert FOR_EVERYONE in columns["What's working well?"].inner_text()
    assert NOT_ASKED in columns["What needs to happen?"].inner_text()
    assert mapping.count() == 1
    # Each placed word links back to the exact words in the session.
    back = page.get_by_role("link", name=re.compile("^From Three Houses")).first
    assert re.search(r"/records/[0-9a-f-]{36}#word-w\d$", back.get_attribute("href"))
    assert axe_violations(page) == []

    # The pack, for the conference and for the parents.
    assessment_url = re.sub(r"[?#].*$", "", page.url)
    page.goto(assessment_url + "/export")
    conference = export_pack(page, "Child protection conference")
    page.goto(assessment_url + "/export")
    parents = export_pack(page, "Parents")
    assert "#" not in page.locator("#withheld").inner_text()  # says what kind of thing, never the words
    assert FOR_CONFERENCE not in page.content() and NOT_ASKED not in page.content()

    conference_text, parents_text = pdf_text(conference), pdf_text(parents)
    assert "LCS-2231" in conference_text and "Single assessment" in conference_text
    assert FOR_EVERYONE in conference_text and FOR_CONFERENCE in conference_text
    assert FOR_EVERYONE in parents_text
    for withheld in (FOR_CONFERENCE, NOT_ASKED, "The shouty house"):
        assert withheld not in parents_text
    assert NOT_ASKED not in conference_text  # never asked: not for anyone outside the record
    assert "Maisie spoke freely about bath time with Nain." in parents_text  # the worker's analysis
    assert "not included" in parents_text and "not included" in conference_text
    # The pictures: the House of Worries' drawing is in the conference pack and nowhere in the parents'.
    assert sum(purple_pixels(image) for image in pdf_images(conference)) > 500
    assert sum(purple_pixels(image) for image in pdf_images(parents)) == 0
    for image in pdf_images(parents):
        assert isinstance(image, Image.Image) and image.width > 0
    assert not errors, errors
    context.close()
    # Both downloads are in the child's audit trail as exports.
    exported = list(db.query("SELECT what FROM audit WHERE child_id = ? AND action = 'export'", [maisie]))
    assert len(exported) == 2
