"""A child's direct-work records on the practitioner's pages: the worker and their manager see the
session exactly as the child said it (escaped, never run), nobody else sees that it exists, and every
download is audited as an export under a name that does not name the child."""

import io
import re
import uuid
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from sofs_direct.paper import ink
from sofs_direct.platform import accounts
from sofs_direct.platform.db import write
from tests.conftest import DEMO_PASSWORD, child_ids, signed_in
from tests.sync_helpers import StoreTablet
from tests.tablet_client import observation, three_houses, word

HOSTILE = "<script>window.gotYou = 1</script>\nand <b>bold</b> & “quotes”"


def scribble() -> bytes:
    return ink.encode(
        [
            {
                "op": "stroke",
                "tool": "pen",
                "colour": 1,
                "size": 2,
                "pressure": False,
                "t": 0,
                "points": [(400 + 40 * n, 600 + 25 * n, 0, 16 * n) for n in range(40)],
            },
            {"op": "fill", "region": 1, "colour": 3, "t": 900},
            {"op": "undo", "t": 1000},
            {"op": "redo", "t": 1100},
        ]
    )


def photo_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (51.0, 28.0, 40.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (90, 60), "teal").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


class Records:
    """Sessions synced by demo.worker for their children, straight through the real ingest."""

    def __init__(self, app, db):
        self.app, self.db = app, db
        self.children = child_ids(db)
        self.tablet = StoreTablet(db, "demo.worker", "Green tablet")
        self.drawing = scribble()
        self.photo = photo_with_gps()

    def sync(self, document, parts=()):
        # An app context only around the ingest: the test client's requests must each get their own
        # (a context left pushed would be shared by them, and with it `g`).
        with self.app.app_context():
            upload = self.tablet.upload(document, parts)
            self.tablet.ingest(upload, self.app.config["PARTS_DIR"])
        return upload.id

    def session(self, child="Maisie", **options):
        document = three_houses(
            self.children[child],
            order=["worries", "good"],
            houses={
                "good": {
                    "name": "Nain's farm",
                    "symbol": "sun",
                    "ink": "ink-good",
                    "share": ["conference", "parents"],
                    "words": [word("w1", "Rwy'n hoffi ŵyn bach"), word("w2", "Pizza", by="worker", share=[])],
                },
                "worries": {
                    "words": [word("w3", HOSTILE)],
                    "observations": "She went quiet and looked at the door.",
                    "reflection": "Shouting at home at night.",
                },
                "dreams": {"photos": ["photo-dreams-1"]},
            },
            session={"present": [{"name": "Sam Jones", "role": "teaching assistant"}]},
            **options,
        )
        return self.sync(
            document, [("ink-good", ink.MEDIA_TYPE, self.drawing), ("photo-dreams-1", "image/jpeg", self.photo)]
        )


@pytest.fixture
def records(app, db):
    with app.app_context():
        return Records(app, db)


def urls(child_id, artefact_id):
    base = f"/children/{child_id}/records/{artefact_id}"
    return [
        base,
        f"{base}/houses/good.png",
        f"{base}/houses/dreams.png",
        f"{base}/houses/good/drawing",
        f"{base}/photos/1.jpg",
        f"{base}/sheet.pdf",
        f"{base}/sheet.png",
        f"{base}/thumbnail.png",
    ]


def audit_actions(db, child_id):
    return [
        (row["action"], row["what"])
        for row in db.query(
            "SELECT action, what FROM audit WHERE child_id = ? AND action != 'change' ORDER BY id", [child_id]
        )
    ]


# --- the list on the child's page -------------------------------------------------------------------


def test_the_child_page_lists_finalised_sessions_newest_first_with_the_childs_wishes(app, db, records):
    older = records.session()
    newer = records.sync(
        three_houses(
            records.children["Maisie"],
            session={"started_at": "2026-12-01T09:00:00.000Z"},
            houses={"good": {"words": [word("w1", "Lego")]}},
        )
    )
    note = records.sync(
        observation(records.children["Maisie"], "Met at school.", created_at="2026-11-20T09:00:00.000Z")
    )
    page = signed_in(app, "demo.worker").get(f"/children/{records.children['Maisie']}").get_data(as_text=True)
    positions = [page.index(f'/records/{artefact}"') for artefact in (newer, older, note)]
    assert positions == sorted(positions)
    assert "1 December 2026" in page and "23 November 2026" in page and "20 November 2026" in page
    assert "by Dana Worker" in page and "Observation" in page
    assert "House of Good Things: Parents and conference" in page
    assert "House of Worries: Not asked yet" in page
    assert f"/records/{older}/thumbnail.png" in page
    assert "Nothing has been recorded" not in page
    assert HOSTILE[:10] not in page  # the list shows no words


def test_a_child_with_no_records_says_so(app, records):
    page = signed_in(app, "demo.worker").get(f"/children/{records.children['Ava']}").get_data(as_text=True)
    assert "Nothing has been recorded with Ava yet" in page


# --- one session ------------------------------------------------------------------------------------


def test_the_session_page_shows_the_childs_words_escaped_and_apart_from_the_workers(app, records):
    artefact = records.session()
    response = signed_in(app, "demo.worker").get(f"/children/{records.children['Maisie']}/records/{artefact}")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "<script>window" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;window.gotYou = 1&lt;/script&gt;\nand &lt;b&gt;bold&lt;/b&gt; &amp; “quotes”" in page
    assert "Rwy&#39;n hoffi ŵyn bach" in page and "Nain&#39;s farm" in page
    assert 'alt="Drawing in the House of Good Things"' in page
    assert 'alt="Photo of a drawing on paper in the House of Dreams"' in page
    assert "Replay the drawing" in page and 'data-outline="house"' in page
    assert "Child wrote" in page and "Worker scribed" in page and "Who may see it: Nobody" in page
    # The worker's observations are in their own box, after the child's words, and labelled as theirs.
    worries = page[page.index('id="house-worries"') : page.index('id="house-good"')]
    assert worries.index("&lt;script&gt;") < worries.index("app-worker-notes") < worries.index("She went quiet")
    assert "(not the child's words)" in worries and "What we are worried about" in worries
    # The houses in the child's order, then the one never opened.
    assert page.index('id="house-worries"') < page.index('id="house-good"') < page.index('id="house-dreams"')
    assert "Sam Jones (teaching assistant)" in page and "At school, in the quiet room" in page
    # No inline script or style: every script is a file.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page) and "<style" not in page and " style=" not in page


def test_the_pictures_and_the_drawing_are_served_to_the_worker(app, records):
    artefact = records.session()
    client = signed_in(app, "demo.worker")
    base = f"/children/{records.children['Maisie']}/records/{artefact}"
    picture = client.get(f"{base}/houses/good.png")
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    assert picture.headers["Cache-Control"] == "no-store"
    assert Image.open(io.BytesIO(picture.data)).size == (600, 600)
    drawing = client.get(f"{base}/houses/good/drawing")
    assert drawing.data == records.drawing and drawing.mimetype == ink.MEDIA_TYPE
    served = client.get(f"{base}/photos/1.jpg")
    assert served.mimetype == "image/jpeg" and b"Exif" not in served.data and b"Exif" in records.photo
    assert client.get(f"{base}/houses/worries.png").status_code == 200  # the empty outline
    for missing in ("houses/worries/drawing", "houses/attic.png", "photos/2.jpg", "photos/0.jpg"):
        assert client.get(f"{base}/{missing}").status_code == 404, missing


def test_the_sheet_downloads_are_audited_as_exports_and_do_not_name_the_child(app, db, records):
    artefact = records.session()
    maisie = records.children["Maisie"]
    client = signed_in(app, "demo.worker")
    before = len(audit_actions(db, maisie))
    sheet = client.get(f"/children/{maisie}/records/{artefact}/sheet.pdf")
    assert sheet.status_code == 200 and sheet.mimetype == "application/pdf" and sheet.data.startswith(b"%PDF")
    assert sheet.headers["Content-Disposition"] == 'attachment; filename="three-houses-2026-11-23.pdf"'
    picture = client.get(f"/children/{maisie}/records/{artefact}/sheet.png")
    assert picture.mimetype == "image/png" and Image.open(io.BytesIO(picture.data)).width == 1754
    assert picture.headers["Content-Disposition"] == 'attachment; filename="three-houses-2026-11-23.png"'
    assert "Maisie" not in sheet.headers["Content-Disposition"] + picture.headers["Content-Disposition"]
    assert audit_actions(db, maisie)[before:] == [("export", "records.sheet_pdf"), ("export", "records.sheet_png")]
    # A second download is the same file, from memory, and is audited again.
    assert client.get(f"/children/{maisie}/records/{artefact}/sheet.pdf").data == sheet.data
    assert audit_actions(db, maisie)[-1] == ("export", "records.sheet_pdf")


def test_viewing_the_session_is_audited_as_a_view(app, db, records):
    artefact = records.session()
    maisie = records.children["Maisie"]
    signed_in(app, "demo.manager").get(f"/children/{maisie}/records/{artefact}")
    assert audit_actions(db, maisie)[-1] == ("view", "records.record_page")


# --- who may not see it ----------------------------------------------------------------------------


def test_the_manager_sees_it_and_nobody_else_can_tell_it_exists(app, db, records):
    artefact = records.session()
    maisie = records.children["Maisie"]
    team = next(db.query("SELECT team_id FROM users WHERE username = 'demo.worker'"))["team_id"]
    with app.app_context():
        accounts.add_user(db, "colleague", "Cai Colleague", "practitioner", team, DEMO_PASSWORD)
    manager = signed_in(app, "demo.manager")
    for url in urls(maisie, artefact):
        assert manager.get(url).status_code == 200, url
    for username in ("other.worker", "colleague", "demo.admin"):
        client = signed_in(app, username)
        for url in urls(maisie, artefact):
            assert client.get(url).status_code == 404, (username, url)
    assert audit_actions(db, maisie)[-1][0] == "view"  # only the manager's; refusals are not views
    signed_out = app.test_client().get(urls(maisie, artefact)[0])
    assert signed_out.status_code == 303 and signed_out.location.endswith("/login")


def test_an_artefact_under_another_childs_id_is_not_found(app, records):
    artefact = records.session(child="Maisie")
    client = signed_in(app, "demo.worker")
    for url in urls(records.children["Tomos"], artefact):  # Tomos is also this worker's child
        assert client.get(url).status_code == 404, url
    for url in urls(records.children["Maisie"], uuid.uuid4()):
        assert client.get(url).status_code == 404, url


def test_a_flagged_artefact_is_neither_listed_nor_shown(app, db, records):
    artefact = records.session()
    with write(db):
        db.execute("UPDATE artefacts SET flag = 'not_allocated' WHERE id = ?", [artefact])
    client = signed_in(app, "demo.worker")
    assert f"/records/{artefact}" not in client.get(f"/children/{records.children['Maisie']}").get_data(as_text=True)
    for url in urls(records.children["Maisie"], artefact):
        assert client.get(url).status_code == 404, url


def test_an_observation_has_its_own_page_with_its_text_escaped(app, records):
    artefact = records.sync(
        observation(records.children["Maisie"], "She said <i>“no”</i>\ntwice", ["photo-1"]),
        [("photo-1", "image/jpeg", records.photo)],
    )
    client = signed_in(app, "demo.worker")
    page = client.get(f"/children/{records.children['Maisie']}/records/{artefact}").get_data(as_text=True)
    assert "She said &lt;i&gt;“no”&lt;/i&gt;\ntwice" in page
    assert client.get(f"/children/{records.children['Maisie']}/records/{artefact}/photos/1.jpg").status_code == 200
    # Three Houses' renders do not exist for an observation.
    assert client.get(f"/children/{records.children['Maisie']}/records/{artefact}/sheet.pdf").status_code == 404


def test_odd_addresses_are_404_never_500(app, records):
    artefact = records.session()
    maisie = records.children["Maisie"]
    client = signed_in(app, "demo.worker")
    for tail in (
        "",
        "/",
        "/houses/good",
        "/houses/.png",
        "/houses/good.png/x",
        "/photos/-1.jpg",
        "/photos/x.jpg",
        "/photos/99999999999999999999.jpg",
        "/sheet",
        "/houses/%00.png",
        "/houses/good/drawing/x",
    ):
        response = client.get(f"/children/{maisie}/records/{artefact}{tail}")
        assert response.status_code in (200, 308, 404), (tail, response.status_code)
    for bad in ("not-a-uuid", "1", "..%2F..%2Fetc"):
        assert client.get(f"/children/{maisie}/records/{bad}").status_code == 404


def test_a_damaged_part_is_a_404_not_a_500(app, db, records):
    artefact = records.session()
    part = next(db.query("SELECT path FROM artefact_parts WHERE artefact_id = ? AND name = 'ink-good'", [artefact]))
    (Path(app.config["PARTS_DIR"]) / part["path"]).write_bytes(b"damaged")
    client = signed_in(app, "demo.worker")
    base = f"/children/{records.children['Maisie']}/records/{artefact}"
    assert client.get(base).status_code == 200  # the page itself reads no part
    assert client.get(f"{base}/houses/good.png").status_code == 404
    assert client.get(f"{base}/sheet.pdf").status_code == 404


# --- in a real browser ------------------------------------------------------------------------------


def test_the_worker_replays_a_drawing_in_the_browser(page, start_server, app, db, records, tmp_path):
    from playwright.sync_api import expect

    from tests.tablet.test_browser import axe_violations, sign_in

    records.session()
    server = start_server()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, server)
    page.goto(f"{server.url}/children/{records.children['Maisie']}")
    expect(page.locator(".app-record__thumbnail")).to_have_count(1)
    assert axe_violations(page) == []
    page.get_by_role("link", name=re.compile("^Three Houses")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Three Houses")
    expect(page.get_by_role("img", name="Drawing in the House of Good Things", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Next step")).to_be_hidden()  # until a replay starts
    # The child's words arrive as text, with their line break, and nothing in them ran.
    words = page.locator(".app-word__text").first
    expect(words).to_have_text(HOSTILE)
    assert page.evaluate("window.gotYou") is None
    assert axe_violations(page) == []
    page.get_by_role("button", name="Replay the drawing").tap()
    replay = page.get_by_role("img", name="Replay of the drawing in the House of Good Things")
    expect(replay).to_be_visible()
    # The replay takes the still picture's place, and its button goes.
    expect(page.get_by_role("img", name="Drawing in the House of Good Things", exact=True)).to_be_hidden()
    expect(page.get_by_role("button", name="Replay the drawing")).to_be_hidden()
    status = page.locator("[data-replay-status]")
    expect(status).to_have_text("Step 4 of 4", timeout=15000)
    expect(page.get_by_role("button", name="Play")).to_be_visible()
    page.get_by_role("button", name="Start again").tap()
    expect(status).to_have_text("Step 0 of 4")
    page.get_by_role("button", name="Next step").tap()
    expect(status).to_have_text("Step 1 of 4")
    # The replayed stroke is on the canvas: some pixel of the ink layer is the palette's red.
    red = page.evaluate("""() => {
        const canvas = document.querySelector('.ink-surface__layer--ink');
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 0; i < data.length; i += 4) if (data[i] > 200 && data[i + 1] < 40 && data[i + 3] > 200) return true;
        return false;
    }""")
    assert red
    assert problems == [], problems
