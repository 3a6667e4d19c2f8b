"""The family and safety network on the practitioner's pages: the child's network as the tablets
saved it (merged, escaped, conflicts shown plainly), its history and meetings, the exports (audited,
neutral names, Welsh kept), who may see it, and the team figures on hand-checked seeded data."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.conftest import child_ids, signed_in
from tests.paper.test_pdf import pdf_pages
from tests.sync_helpers import StoreTablet
from tests.tablet.test_browser import axe_violations, sign_in
from tests.tablet_client import member, network, network_meeting

HOSTILE = "<script>window.gotYou = 1</script>"
NETWORK_ID = "6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"
AVA_NETWORK = "7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
TABLET_A = "00000000-0000-4000-8000-00000000000a"
TABLET_B = "00000000-0000-4000-8000-00000000000b"
DAY1, DAY2, DAY3 = "2026-11-20T10:00:00.000Z", "2026-11-21T10:00:00.000Z", "2026-11-22T10:00:00.000Z"


class Networks:
    """Networks saved by demo.worker's tablets, straight through the real ingest.

    Maisie and Tomos share one network, saved three times:
      1 (tablet A): Mum (parent, told), Dad (parent, not told), Nain, Taid, Anti Siân (told, willing),
         and a friend whose name is hostile text;
      2 (tablet B): the friend removed; Dad told; Nain moved to ring 1;
      3 (tablet A, which never saw the removal): the friend's role changed later — a conflict.
    Ava has her own network: Mum (her one parent, told) and two people told and willing.
    Hand-checked, with N = 3: both parents for all three children; a network of 3 for Maisie and
    Tomos, not Ava (two people)."""

    def __init__(self, app, db):
        self.app, self.db = app, db
        self.children = child_ids(db)
        self.tablet = StoreTablet(db, "demo.worker", "Green tablet")

    def sync(self, document):
        with self.app.app_context():
            upload = self.tablet.upload(document)
            self.tablet.ingest(upload, self.app.config["PARTS_DIR"])
        return upload.id

    def family(self):
        maisie, tomos = self.children["Maisie"], self.children["Tomos"]
        first = {"at": DAY1, "by": TABLET_A}
        people = [
            member(
                "m-mum",
                name="Kerry",
                relation="Mum",
                ring=1,
                angle=0,
                stamp="person-adult",
                parent=True,
                parental_responsibility=True,
                informed="2026-11-18",
                willing=True,
                clear=True,
                **first,
            ),
            member(
                "m-dad",
                name="Rhys",
                relation="Dad",
                ring=2,
                angle=90,
                parent=True,
                parental_responsibility=True,
                informed=None,
                **first,
            ),
            member(
                "m-nain",
                name="Nain Gwenllïan Tŷ Coch",
                relation="Grandmother",
                ring=2,
                angle=180,
                stamp="person-older",
                informed="2026-11-19",
                willing=True,
                clear=False,
                child_view=["helps", "trusts"],
                role="Collects Maisie from school",
                **first,
            ),
            member(
                "m-taid",
                name="Taid",
                relation="Grandfather",
                ring=3,
                angle=200,
                informed="2026-11-19",
                willing=True,
                **first,
            ),
            member(
                "m-sian",
                name="Anti Siân",
                relation="Aunt",
                ring=3,
                angle=300,
                informed="2026-11-19",
                willing=True,
                **first,
            ),
            member("m-friend", name=HOSTILE, relation="Friend & neighbour", ring=4, angle=45, **first),
        ]
        self.sync(network(maisie, NETWORK_ID, people, children=[maisie, tomos], created_at=DAY1))
        second = [person if person["id"] not in ("m-friend", "m-dad", "m-nain") else None for person in people]
        second = [person for person in second if person]
        second.append(
            member(
                "m-dad",
                name="Rhys",
                relation="Dad",
                ring=2,
                angle=90,
                parent=True,
                parental_responsibility=True,
                informed=None,
                **first,
            )
        )
        second[-1]["fields"]["informed"] = {"value": "2026-11-21", "at": DAY2, "by": TABLET_B}
        nain = member(
            "m-nain",
            name="Nain Gwenllïan Tŷ Coch",
            relation="Grandmother",
            ring=2,
            angle=180,
            stamp="person-older",
            informed="2026-11-19",
            willing=True,
            clear=False,
            child_view=["helps", "trusts"],
            role="Collects Maisie from school",
            **first,
        )
        nain["fields"]["ring"] = {"value": 1, "at": DAY2, "by": TABLET_B}
        second.append(nain)
        self.sync(
            network(
                maisie,
                NETWORK_ID,
                second,
                removed=[{"id": "m-friend", "at": DAY2, "by": TABLET_B}],
                children=[maisie, tomos],
                created_at=DAY2,
            )
        )
        third = [dict(person) for person in people]
        third[-1] = member("m-friend", name=HOSTILE, relation="Friend & neighbour", ring=4, angle=45, **first)
        third[-1]["fields"]["role"] = {"value": "Brings <b>shopping</b>", "at": DAY3, "by": TABLET_A}
        self.sync(network(tomos, NETWORK_ID, third, children=[maisie, tomos], created_at=DAY3))
        return self.sync(
            network_meeting(
                maisie,
                NETWORK_ID,
                day="2026-11-22",
                children=[maisie, tomos],
                attended=[
                    {"member": "m-nain", "name": "Nain", "role": ""},
                    {"member": None, "name": "Sam Jones", "role": "teacher"},
                ],
                agreed=[{"rule": "Bydd Nain yn casglu’r plant o’r ysgol bob dydd", "responsible": ["m-nain", "Rhys"]}],
                next_meeting="2026-12-06",
                notes=f"Everyone agreed. {HOSTILE}",
            )
        )

    def ava(self):
        ava = self.children["Ava"]
        stamped = {"at": DAY1, "by": TABLET_A}
        self.sync(
            network(
                ava,
                AVA_NETWORK,
                [
                    member(
                        "m-mum",
                        name="Jess",
                        relation="Mum",
                        ring=1,
                        angle=0,
                        parent=True,
                        informed="2026-11-18",
                        **stamped,
                    ),
                    member(
                        "m-gran",
                        name="Gran",
                        relation="Grandmother",
                        ring=1,
                        angle=120,
                        informed="2026-11-18",
                        willing=True,
                        **stamped,
                    ),
                    member(
                        "m-pat",
                        name="Pat",
                        relation="Childminder",
                        ring=2,
                        angle=240,
                        informed="2026-11-18",
                        willing=True,
                        **stamped,
                    ),
                ],
                created_at=DAY1,
            )
        )


@pytest.fixture
def networks(app, db):
    with app.app_context():
        return Networks(app, db)


def exports(db, child_id):
    return [
        row["what"]
        for row in db.query("SELECT what FROM audit WHERE child_id = ? AND action = 'export' ORDER BY id", [child_id])
    ]


# --- the child's network page ---------------------------------------------------------------------


def test_the_network_page_shows_the_merged_people_escaped_with_the_conflict_siblings_and_history(app, networks):
    meeting = networks.family()
    maisie = networks.children["Maisie"]
    page = signed_in(app, "demo.worker").get(f"/children/{maisie}/network")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    # The merge: Dad told on tablet B, Nain moved to ring 1, the friend kept (changed after the removal).
    assert "Nain Gwenllïan Tŷ Coch" in html and "Ring 1" in html and "21 November 2026" in html
    assert "Helps me, I trust them" in html and "Collects Maisie from school" in html
    assert HOSTILE not in html and "&lt;script&gt;window.gotYou = 1&lt;/script&gt;" in html
    assert "Brings &lt;b&gt;shopping&lt;/b&gt;" in html and "Friend &amp; neighbour" in html
    assert "govuk-warning-text" in html
    assert "was removed on one tablet and changed on another (role, on 22 November 2026)" in html
    assert ">Tomos</a>" in html  # the sibling who shares it
    assert f"/network/meetings/{meeting}" in html and "Meeting on 22 November 2026" in html
    growth = html[html.index('id="network-growth"') : html.index("</table>", html.index('id="network-growth"'))]
    # After each save: 6 people (4 told and willing), 5 (the friend removed), 6 (kept after all).
    cells = [cell.split("<")[0] for cell in growth.split('govuk-table__cell--numeric">')[1:]]
    assert cells == ["6", "4", "5", "4", "6", "4"]
    assert "Rhys moved" not in html and "Nain Gwenllïan Tŷ Coch moved from ring 2 to ring 1" in html
    assert "Told the danger statement and the worries: Rhys" in html


def card_rows(html: str, title: str) -> dict[str, str]:
    """One person's GOV.UK summary card on the network page: {row label: value}."""
    start = html.index(f'govuk-summary-card__title" dir="auto">{title}<')
    end = html.find("govuk-summary-card__title", start + 1)
    card = html[start : end if end > 0 else len(html)]
    return dict(re.findall(r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>', card, re.S))


def test_each_answer_is_shown_as_given_and_an_unanswered_one_as_not_asked(app, networks):
    """Clear what to do was "Yes" for everyone (the template read the dict's `clear` method); a
    parent or parental responsibility nobody answered said "No"."""
    networks.family()
    maisie = networks.children["Maisie"]
    html = signed_in(app, "demo.worker").get(f"/children/{maisie}/network").get_data(as_text=True)
    kerry, nain, taid = (
        card_rows(html, title)
        for title in ("Kerry (Mum)", "Nain Gwenllïan Tŷ Coch (Grandmother)", "Taid (Grandfather)")
    )
    clear = [card["Clear what to do"] for card in (kerry, nain, taid)]
    assert clear == ["Yes", "No", "Not asked yet"]
    assert (kerry["Parent"], kerry["Parental responsibility"]) == ("Yes", "Yes")
    assert (nain["Parent"], nain["Parental responsibility"]) == ("Not asked yet", "Not asked yet")
    assert (nain["Willing"], card_rows(html, "Rhys (Dad)")["Willing"]) == ("Yes", "Not asked yet")
    document = signed_in(app, "demo.worker").get(f"/children/{maisie}/network.pdf")
    words = " ".join(text for page in pdf_pages(document.data) for _, text in page)
    assert "Parental responsibility" in words and "Not asked yet" in words


def test_a_name_or_relation_with_brackets_is_never_put_inside_more_brackets(app, db, networks):
    ava = networks.children["Ava"]
    stamped = {"at": DAY1, "by": TABLET_A}
    networks.sync(
        network(
            ava,
            AVA_NETWORK,
            [
                member("m-gwen", name="Gwen (Nain)", relation="grandmother", parent=False, **stamped),
                member("m-bryn", name="Bryn", relation="Taid (grandfather)", **stamped),
                member("m-pat", name="Pat", relation="childminder", **stamped),
            ],
            removed=[],
            created_at=DAY1,
        )
    )
    networks.sync(
        network(
            ava,
            AVA_NETWORK,
            [
                member("m-gwen", name="Gwen (Nain)", relation="grandmother", **stamped),
                member("m-pat", name="Pat", relation="childminder", **stamped),
            ],
            removed=[{"id": "m-bryn", "at": DAY2, "by": TABLET_A}],
            created_at=DAY2,
        )
    )
    meeting = networks.sync(
        network_meeting(
            ava,
            AVA_NETWORK,
            day="2026-11-22",
            attended=[
                {"member": "m-gwen", "name": "Gwen (Nain)", "role": "grandmother"},
                {"member": None, "name": "Gwen", "role": "Nain (grandmother)"},
                {"member": None, "name": "Sam", "role": "teacher"},
            ],
        )
    )
    client = signed_in(app, "demo.worker")
    page = client.get(f"/children/{ava}/network").get_data(as_text=True)
    assert card_rows(page, "Gwen (Nain) – grandmother")["Parent"] == "No"
    assert "Pat (childminder)" in page and "Bryn – Taid (grandfather)" in page  # taken out of the network
    record = client.get(f"/children/{ava}/network/meetings/{meeting}").get_data(as_text=True)
    printed = " ".join(
        text
        for page in pdf_pages(client.get(f"/children/{ava}/network/meetings/{meeting}.pdf").data)
        for _, text in page
    )
    for shown in (page + record, printed):
        assert "((" not in shown and "))" not in shown and ") (" not in shown
    for said in ("Gwen (Nain) – grandmother", "Gwen – Nain (grandmother)", "Sam (teacher)"):
        assert said in record and said in printed, said


def test_a_child_with_no_network_is_told_so_and_has_nothing_to_export(app, networks):
    ava = networks.children["Ava"]
    client = signed_in(app, "demo.worker")
    page = client.get(f"/children/{ava}/network")
    assert page.status_code == 200 and "No network recorded yet" in page.get_data(as_text=True)
    for tail in ("network/map.png", "network/picture.png", "network.pdf"):
        assert client.get(f"/children/{ava}/{tail}").status_code == 404
    child_page = client.get(f"/children/{ava}").get_data(as_text=True)
    assert f"/children/{ava}/network" in child_page


def test_only_the_worker_and_their_manager_see_the_network(app, networks):
    meeting = networks.family()
    maisie = networks.children["Maisie"]
    paths = [
        f"/children/{maisie}/network",
        f"/children/{maisie}/network/map.png",
        f"/children/{maisie}/network.pdf",
        f"/children/{maisie}/network/picture.png",
        f"/children/{maisie}/network/meetings/{meeting}",
        f"/children/{maisie}/network/meetings/{meeting}.pdf",
    ]
    for username, status in (("demo.worker", 200), ("demo.manager", 200), ("other.worker", 404), ("demo.admin", 404)):
        client = signed_in(app, username)
        assert [client.get(path).status_code for path in paths] == [status] * len(paths), username
    # A meeting is only found through a child of its network; Ava's page does not have it.
    client = signed_in(app, "demo.worker")
    networks.ava()
    ava = networks.children["Ava"]
    assert client.get(f"/children/{ava}/network/meetings/{meeting}").status_code == 404
    assert client.get(f"/children/{maisie}/network/meetings/{networks.children['Ava']}").status_code == 404


def test_naming_another_childs_network_changes_nothing_anyone_sees(app, db, networks):
    """Another worker's tablet saves a state for Leo (his child) naming Maisie's network id, with a
    stranger, a removal and a far-future date; then a meeting for Leo naming it; then a draft. The
    state and the meeting are kept for review, the draft refused: Maisie's pages, her worker's
    prepared tablet and the exports are as before, and Leo's worker sees none of Maisie's people."""
    from sofs_direct.artefacts.envelope import IngestRefused

    networks.family()
    maisie, leo = networks.children["Maisie"], child_ids(db)["Leo"]
    worker, other = signed_in(app, "demo.worker"), signed_in(app, "other.worker")
    pages = (f"/children/{maisie}/network", f"/children/{maisie}/network/map.png")

    def seen():
        carried = {child["known_as"]: child["network"] for child in worker.get("/api/prepare").get_json()["children"]}
        page = worker.get(pages[0]).get_data(as_text=True)
        main = re.sub(
            r'nonce="[^"]*"', "", page[page.index("<main") : page.index("</main>")]
        )  # the page, not its tokens
        return main, worker.get(pages[1]).data, carried["Maisie"]

    def printed():
        document = worker.get(f"/children/{maisie}/network.pdf").data
        return " ".join(text for page in pdf_pages(document) for _, text in page)

    before, pdf_before = seen(), printed()
    far = "2100-12-31T23:59:59.000Z"  # as late as a kind accepts
    taking = network(
        leo,
        NETWORK_ID,
        [member("m-mallory", name="Mallory", relation="friend", ring=1, at=far)],
        removed=[{"id": "m-mum", "at": far, "by": TABLET_A}],
        children=[leo, maisie],
    )
    theirs = StoreTablet(db, "other.worker", "Their tablet")
    with app.app_context():
        receipts = [
            theirs.ingest(theirs.upload(document), app.config["PARTS_DIR"])
            for document in (
                taking,
                network_meeting(
                    leo, NETWORK_ID, children=[leo, maisie], attended=[{"member": "m-nain", "name": "Gran", "role": ""}]
                ),
            )
        ]
        with pytest.raises(IngestRefused) as refused:
            theirs.ingest(theirs.upload(taking, state="draft", draft_version=1), app.config["PARTS_DIR"])
    for receipt in receipts:
        assert receipt.status == "needs review" and "belongs to children you do not work with" in receipt.review
    assert refused.value.status == 403 and "belongs to children you do not work with" in refused.value.message
    assert {row["flag"] for row in db.query("SELECT flag FROM artefacts WHERE author_id = ?", [theirs.user["id"]])} == {
        "needs_review"
    }
    assert seen() == before
    assert printed() == pdf_before
    # Leo's worker: no network for Leo, and none of Maisie's people anywhere he looks.
    assert "No network recorded yet" in other.get(f"/children/{leo}/network").get_data(as_text=True)
    assert other.get(f"/children/{leo}/network/map.png").status_code == 404
    carried = {child["known_as"]: child["network"] for child in other.get("/api/prepare").get_json()["children"]}
    assert carried == {"Leo": None}
    for path in (f"/children/{leo}", f"/children/{leo}/timeline"):
        html = other.get(path).get_data(as_text=True)
        assert "Kerry" not in html and "Nain Gwenllïan" not in html and "Mallory" not in html, path


# --- meetings and exports -------------------------------------------------------------------------


def test_a_meeting_page_and_its_printable_record_for_the_family(app, db, networks):
    meeting = networks.family()
    maisie = networks.children["Maisie"]
    client = signed_in(app, "demo.worker")
    html = client.get(f"/children/{maisie}/network/meetings/{meeting}").get_data(as_text=True)
    assert "Nain Gwenllïan Tŷ Coch" in html and "Sam Jones (teacher)" in html
    assert "Bydd Nain yn casglu’r plant o’r ysgol bob dydd" in html and "Who: Nain Gwenllïan Tŷ Coch, Rhys" in html
    assert "6 December 2026" in html and HOSTILE not in html
    record = client.get(f"/children/{maisie}/network/meetings/{meeting}.pdf")
    assert record.mimetype == "application/pdf" and record.data.startswith(b"%PDF")
    assert record.headers["Content-Disposition"] == 'attachment; filename="network-meeting-2026-11-22.pdf"'
    text = " ".join(text for page in pdf_pages(record.data) for _, text in page)
    assert "Bydd Nain yn casglu’r plant o’r ysgol bob dydd" in text and "Sam Jones (teacher)" in text
    assert "Who: Nain Gwenllïan Tŷ Coch, Rhys" in text and HOSTILE in text  # printed as written, never run
    assert exports(db, maisie) == ["network.meeting_pdf"]


def test_the_map_and_the_members_list_export_audited_under_neutral_names(app, db, networks):
    networks.family()
    maisie = networks.children["Maisie"]
    client = signed_in(app, "demo.worker")
    picture = client.get(f"/children/{maisie}/network/map.png")
    # Named by the day the network was last saved (received), never by the child.
    assert re.fullmatch(
        r'attachment; filename="safety-network-\d{4}-\d\d-\d\d\.png"', picture.headers["Content-Disposition"]
    )
    image = Image.open(io.BytesIO(picture.data))
    assert image.format == "PNG" and image.size == (1200, 1200)
    # The map is drawn: Nain's stamp sits on ring 1 below the centre (angle 180), not plain paper.
    assert len(image.convert("RGB").crop((560, 740, 640, 820)).getcolors(maxcolors=100000)) > 10
    document = client.get(f"/children/{maisie}/network.pdf")
    assert document.mimetype == "application/pdf" and document.data.startswith(b"%PDF")
    text = " ".join(text for page in pdf_pages(document.data) for _, text in page)
    for name in ("Kerry", "Rhys", "Nain Gwenllïan Tŷ Coch", "Anti Siân", HOSTILE, "Maisie, Tomos"):
        assert name in text, name
    names = picture.headers["Content-Disposition"] + document.headers["Content-Disposition"]
    assert "Maisie" not in names and "Tomos" not in names
    assert exports(db, maisie) == ["network.map_png", "network.network_pdf"]
    client.get(f"/children/{maisie}/network")  # showing the map on the page is not an export
    client.get(f"/children/{maisie}/network/picture.png")
    assert exports(db, maisie) == ["network.map_png", "network.network_pdf"]


PILED = [
    (name, ring)
    for ring, names in (
        (1, ["Mum", "Dad", "Nain Gwenllïan Tŷ Coch", "Taid"]),
        (2, ["Anti Siân", "Uncle Dave", "Cousin Rhiannon", "Mrs Price next door", "Grandad Bob"]),
        (3, ["Mr Jones", "Auntie Pam", "Lee", "Coach Morgan Williams", "Pastor Ade"]),
        (4, ["Dr Evans", "Kerry", "Bethan from the café", "Gwyn", "Pat the childminder", "Bryn"]),
    )
    for name in names
]


def test_twenty_people_at_the_same_spots_are_spread_out_on_the_map_png_pdf_and_thumbnail(app, networks):
    """Everyone on a ring at one angle (as "Closer" used to leave them) used to be drawn on one spot."""
    from sofs_direct.paper import printing
    from sofs_direct.tools.network import render as network_render

    ava = networks.children["Ava"]
    networks.sync(
        network(
            ava,
            AVA_NETWORK,
            [
                member(
                    f"m-p{n}", name=name, relation="family", ring=ring, angle=0, stamp="person-adult" if n % 2 else None
                )
                for n, (name, ring) in enumerate(PILED)
            ],
        )
    )
    people = [{"member_id": f"m-p{n}", "name": name, "ring": ring, "angle": 0} for n, (name, ring) in enumerate(PILED)]
    for size in (1200, 600, round(network_render.MAP_SIDE * printing.PRINT_DPI / 72), 300):
        laid = network_render.map_layout(people, ["Ava"], size)
        boxes = [box for _, _, (_, _, box, _) in laid.people] + [laid.centre_box]
        assert [(a, b) for n, a in enumerate(boxes) for b in boxes[n + 1 :] if network_render._overlaps(a, b, 0)] == []
        for person, _, (x, y, box, ring) in laid.people:
            distance = ((x - size / 2) ** 2 + (y - size / 2) ** 2) ** 0.5
            assert ring == person["ring"], (size, person["name"])  # still on their own ring
            assert laid.core + (ring - 1) * laid.ring_width <= distance <= laid.core + ring * laid.ring_width
            assert box[0] >= 0 and box[1] >= 0 and box[2] <= size and box[3] <= size
    client = signed_in(app, "demo.worker")
    picture = client.get(f"/children/{ava}/network/map.png").data
    # The picture the timeline's thumbnail and the page show is the same map.
    assert client.get(f"/children/{ava}/network/picture.png").data == picture
    image = Image.open(io.BytesIO(picture)).convert("RGB")
    for _, lines, (_x, _y, box, _ring) in network_render.map_layout(people, ["Ava"], 1200).people:
        label = image.crop((round(box[0]), round(box[3] - len(lines) * 16), round(box[2]), round(box[3])))
        assert min(sum(colour) for _, colour in label.getcolors(maxcolors=100000)) < 200, lines  # words drawn there
    document = client.get(f"/children/{ava}/network.pdf")
    assert document.status_code == 200 and "Bethan from the café" in " ".join(
        text for page in pdf_pages(document.data) for _, text in page
    )


# --- the figures ----------------------------------------------------------------------------------


def test_the_figures_for_the_team_and_for_the_worker_are_the_hand_checked_ones(app, networks):
    networks.family()
    networks.ava()
    team = signed_in(app, "demo.manager").get("/team/network").get_data(as_text=True)
    worker = team[team.index('id="figures-worker-') :]
    assert worker.count("3 of 3 (100%)") == 1 and worker.count("2 of 3 (67%)") == 1
    network_list = worker[worker.index('-network"') :]
    assert ">Maisie</a>" in network_list and ">Tomos</a>" in network_list and ">Ava</a>" not in network_list
    assert "at least 3 people" in team and "Dana Worker" in team
    mine = signed_in(app, "demo.worker").get("/children/network").get_data(as_text=True)
    assert "3 of 3 (100%)" in mine and "2 of 3 (67%)" in mine
    # N is configurable: with 2, Ava's network counts too.
    app.config["NETWORK_SIZE"] = 2
    smaller = signed_in(app, "demo.worker").get("/children/network").get_data(as_text=True)
    assert "at least 2 people" in smaller and smaller.count("3 of 3 (100%)") == 2


def test_the_figures_are_for_managers_and_workers_only(app, networks):
    assert signed_in(app, "demo.worker").get("/team/network").status_code == 404
    assert signed_in(app, "demo.admin").get("/children/network").status_code == 404
    assert signed_in(app, "demo.admin").get("/team/network").status_code == 404
    other = signed_in(app, "other.worker").get("/children/network").get_data(as_text=True)
    assert "0 of 1 (0%)" in other


# --- accessibility --------------------------------------------------------------------------------


def test_the_network_and_figures_pages_meet_wcag_2_2_aa(page, start_server, networks):
    networks.family()
    server = start_server()
    sign_in(page, server, "demo.manager")
    maisie = networks.children["Maisie"]
    for path in (f"/children/{maisie}/network", "/team/network", "/children/network"):
        page.goto(server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert axe_violations(page) == [], path
