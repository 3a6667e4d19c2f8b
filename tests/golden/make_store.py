"""Make the golden store: the demo data and direct work of every kind, stored by today's code.

    /work/main/.venv/bin/python tests/golden/make_store.py

Run by hand, and only to make the store again on purpose (a new kind, a new field): the point of the
store is that it was made *before* a change, so that tests/artefacts/test_golden.py can prove the change left
every page and export as people saw them (docs/golden.md). After making it, make the expected files
again (tests/golden/make_expected.py) and look at the diff.

Main decision: everything goes in through the real ingest (tests/sync_helpers.StoreTablet: sealed as
a tablet seals, opened and checked by the server) and the real pages (the assessment is made by the
worker's own form posts), with the clock stopped (tests/golden/clock.py), every id fixed (uuid4 is
replaced by ids drawn from names, for the children the demo seed makes, the tablet, the assessment)
and every byte fixed (drawings from fixed ops, photos from Pillow, recordings from
tests/fixtures/audio). The AES keys and IVs the tablet would draw are fixed too, so the part files
have the same names each time; only RSA-OAEP's padding (drawn by OpenSSL, so the wrapped keys in the
envelopes) and argon2's salts differ from one making to the next, and no page shows either.

The server key the parts are sealed to is committed with the store (store/key/server_key.pem, the app's instance folder),
for this store alone; a store made again keeps that key. The result replaces tests/golden/store/:
the SQLite file checkpointed (no -wal beside it), the parts folder and the key.
"""

import hashlib
import io
import itertools
import os
import shutil
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # the project: sofs_direct, and the tests as `tests.…`

from PIL import Image, ImageDraw

from tests.golden.clock import stopped
from tests.golden.crawl import STORE, app_on, fixed_id

AUDIO = HERE.parent / "fixtures" / "audio"
NETWORK_TABLET = "00000000-0000-4000-8000-000000000001"
MADE_ON = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # the store's "now" while it is made


class FixedRandomness:
    """uuid4 and the tablet's AES keys and IVs, drawn from counters instead of the system's randomness."""

    def __init__(self):
        self.ids = itertools.count(1)
        self.bytes = itertools.count(1)

    def uuid4(self):
        return uuid.UUID(fixed_id(f"uuid4/{next(self.ids)}"))

    def urandom(self, length: int) -> bytes:
        return hashlib.sha256(f"bytes/{next(self.bytes)}".encode()).digest()[:length]


# --- the bytes of the work -------------------------------------------------------------------------


def photo(colour: str, size=(48, 32), shape: str = "JPEG") -> bytes:
    """A small picture with a shape on it (a photo of a drawing on paper, as a worker takes one)."""
    picture = Image.new("RGB", size, colour)
    ImageDraw.Draw(picture).ellipse([size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4], fill="white")
    buffer = io.BytesIO()
    picture.save(buffer, shape)
    return buffer.getvalue()


def drawing(start: int, colour: int, stamps=(), fill_region=None) -> bytes:
    """A drawing in the ink format: a wavy stroke, stickers (`stamps`, by artwork index) and a fill."""
    from sofs_direct.paper import ink

    ops = [
        {
            "op": "stroke",
            "tool": "pen",
            "colour": colour,
            "size": 1,
            "pressure": True,
            "t": 0,
            "points": [(start + 60 * n, 1500 + (200 if n % 2 else 0), 120 + n, 20 * n) for n in range(30)],
        },
        {
            "op": "stroke",
            "tool": "pen",
            "colour": (colour + 3) % 12,
            "size": 2,
            "pressure": False,
            "t": 800,
            "points": [(1000, 3000 - 50 * n, 0, 800 + 15 * n) for n in range(20)],
        },
    ]
    for number, stamp in enumerate(stamps):
        ops.append(
            {"op": "stamp", "stamp": stamp, "x": 800 + 900 * number, "y": 1000, "size": 600, "t": 1200 + 100 * number}
        )
    if fill_region is not None:
        ops.append({"op": "fill", "region": fill_region, "colour": (colour + 5) % 12, "t": 2000})
    ops += [{"op": "undo", "t": 2100}, {"op": "redo", "t": 2200}]
    return ink.encode(ops)


def signature() -> bytes:
    from sofs_direct.paper import ink

    return ink.encode(
        [
            {
                "op": "stroke",
                "tool": "pen",
                "colour": 0,
                "size": 0,
                "pressure": False,
                "t": 0,
                "points": [(300 + 100 * n, 2000 + (150 if n % 3 else -150), 0, 10 * n) for n in range(30)],
            }
        ]
    )


# --- the work of every kind ---------------------------------------------------------------------------


def three_houses_session(child_id: str) -> tuple[dict, list]:
    """Maisie's Three Houses: drawings with stickers, photos, words with every kind of sharing wish,
    a parent's signed consent, and two recordings (one in a house, one of the whole session) with the
    child's words at marked moments."""
    from sofs_direct.paper import ink
    from tests.tablet_client import three_houses, word

    at = "2026-11-10T15:42:00.000Z"
    houses = {
        "good": {
            "name": "Nain's house",
            "symbol": "sun",
            "ink": "ink-good",
            "photos": ["photo-good-1"],
            "words": [
                word(
                    "w1",
                    "Nain's garden and the swing",
                    share=["parents", "network", "conference"],
                    at="2026-11-10T15:35:10.000Z",
                ),
                word("w2", "Playing with Bella the dog", at="2026-11-10T15:36:00.000Z"),
                word(
                    "w3",
                    "She likes her teacher, Miss Evans",
                    by="worker",
                    share=["conference"],
                    at="2026-11-10T15:37:00.000Z",
                ),
            ],
            "observations": "Maisie drew quickly and smiled when she talked about the swing.",
            "reflection": "Nain is a strong protective person for Maisie.",
            "share": ["parents", "network"],
        },
        "worries": {
            "name": "",
            "symbol": "cloud",
            "ink": "ink-worries",
            "photos": [],
            "words": [
                word("w4", "When Dad shouts at Mum I hide under the bed", share=[], at="2026-11-10T15:40:00.000Z"),
                word("w5", "I don't like the dark", share=["conference", "parents"], at="2026-11-10T15:41:00.000Z"),
            ],
            "observations": "She went quiet and drew the storm over the house.",
            "share": ["conference"],
        },
        "dreams": {
            "name": "My dream house",
            "symbol": "star",
            "ink": None,
            "photos": ["photo-dreams-1"],
            "words": [
                word(
                    "w6",
                    "Mum and me at the beach, and Dad is kind",
                    share=["network", "parents"],
                    at="2026-11-10T15:44:00.000Z",
                )
            ],
            "reflection": "Her dream is that home is calm.",
            "share": "ask",
        },
    }
    document = three_houses(
        child_id,
        houses=houses,
        order=["good", "worries", "dreams"],
        created_at=at,
        session={
            "started_at": "2026-11-10T15:30:00.000Z",
            "place": "At school, in the quiet room",
            "present": [{"name": "Miss Evans", "role": "class teacher"}],
            "seen_alone": False,
            "parental_agreement": "agreed",
            "agreement_by": "Kerry Smith (Mum)",
            "how_it_went": "Maisie chose the order herself and wanted to show Nain the good house.",
        },
    )
    document["content"]["consent"] = {
        "parent": {
            "decision": "agreed",
            "name": "Kerry Smith",
            "relationship": "Mum",
            "signature": "signature-parent",
            "typed_name": "",
            "audio": True,
            "at": "2026-11-10T15:28:00.000Z",
        },
        "child": {"assent": "given", "how": "nodded", "audio": True, "at": "2026-11-10T15:31:00.000Z"},
        "explainer": {"shown_at": "2026-11-10T15:29:00.000Z", "version": "young", "language": "en"},
    }
    webm, mp4 = (AUDIO / "short.webm").read_bytes(), (AUDIO / "short.mp4").read_bytes()
    document["content"]["clips"] = [
        {
            "id": "c1",
            "part": "audio-c1",
            "media_type": "audio/webm",
            "house": "worries",
            "started_at": "2026-11-10T15:40:30.000Z",
            "duration_ms": 2951,
            "share": ["conference"],
            "moments": [
                {
                    "id": "m1",
                    "at_ms": 1000,
                    "text": "I get scared at night when they shout",
                    "at": "2026-11-10T15:40:31.000Z",
                }
            ],
        },
        {
            "id": "c2",
            "part": "audio-c2",
            "media_type": "audio/mp4",
            "house": None,
            "started_at": "2026-11-10T15:45:00.000Z",
            "duration_ms": 2952,
            "share": ["parents", "conference"],
            "moments": [{"id": "m1", "at_ms": 2000, "text": "I miss Nain's dog", "at": "2026-11-10T15:45:02.000Z"}],
        },
    ]
    parts = [
        ("ink-good", ink.MEDIA_TYPE, drawing(500, 2, stamps=[12, 24], fill_region=1)),
        ("ink-worries", ink.MEDIA_TYPE, drawing(900, 7, stamps=[1, 27])),
        ("photo-good-1", "image/jpeg", photo("teal")),
        ("photo-dreams-1", "image/png", photo("gold", shape="PNG")),
        ("signature-parent", ink.MEDIA_TYPE, signature()),
        ("audio-c1", "audio/webm", webm),
        ("audio-c2", "audio/mp4", mp4),
    ]
    return document, parts


def fairy_session(child_id: str) -> tuple[dict, list]:
    """Ava's session with the fairy: the same three questions for a younger child, words and a drawing."""
    from sofs_direct.paper import ink
    from tests.tablet_client import three_houses, word

    houses = {
        "good": {
            "ink": "ink-good",
            "words": [word("w1", "My teddy Bun", share=["parents"], at="2026-11-12T10:05:00.000Z")],
        },
        "worries": {"words": [word("w2", "The loud car", share="ask", at="2026-11-12T10:07:00.000Z")]},
        "dreams": {"words": [word("w3", "A puppy", share=["parents", "network"], at="2026-11-12T10:09:00.000Z")]},
    }
    document = three_houses(
        child_id,
        houses=houses,
        theme="fairy",
        order=["dreams", "good"],
        created_at="2026-11-12T10:20:00.000Z",
        session={
            "started_at": "2026-11-12T10:00:00.000Z",
            "place": "At home, in the kitchen",
            "present": [{"name": "Kerry Smith", "role": "Mum"}],
            "seen_alone": False,
        },
    )
    return document, [("ink-good", ink.MEDIA_TYPE, drawing(700, 4, stamps=[8], fill_region=0))]


def words_and_pictures(child_id: str, first_id: str | None) -> tuple[dict, list]:
    """The family's Words and Pictures: version 1, or (with `first_id`) version 2, which changes a page,
    adds one and is read to the children."""
    from sofs_direct.paper import ink
    from tests.tablet_client import words_pictures

    pages = [
        {
            "hint": "family",
            "text": "This is our family. Maisie lives with Mum (Kerry) and sees Nain every week.",
            "drawing": "ink-p1",
        },
        {
            "hint": "worries",
            "text": "The social worker was worried because Dad shouted and Maisie was scared.",
            "children": {"name": "Maisie", "text": "I hid under the bed.", "drawing": "kids-p2"},
        },
        {"hint": "next", "text": "Nain and Miss Evans will help keep Maisie safe."},
    ]
    version = {"number": 1, "note": ""}
    created_at = "2026-11-14T11:00:00.000Z"
    parts = [("ink-p1", ink.MEDIA_TYPE, drawing(400, 5, stamps=[11])), ("kids-p2", ink.MEDIA_TYPE, drawing(600, 9))]
    if first_id:
        pages[1]["text"] = "The social worker was worried because Dad shouted at Mum and Maisie hid, scared."
        pages.append({"hint": "safety-plan", "text": "If Dad shouts, Maisie can phone Nain. Mum will call the worker."})
        version = {
            "number": 2,
            "note": "Mum asked to add the safety plan page.",
            "read_to_children": True,
            "agreed_by": [{"name": "Kerry Smith", "role": "Mum"}],
        }
        created_at = "2026-11-18T11:00:00.000Z"
    document = words_pictures(
        child_id,
        pages=pages,
        title="Why a social worker visits Maisie",
        version=version,
        agreed_words=[{"term": "neglect", "wording": "not getting the care she needs"}],
        supersedes=first_id,
        created_at=created_at,
    )
    return document, parts


def network_members(second: bool) -> list[dict]:
    from tests.tablet_client import member

    first_at, later = "2026-11-15T10:00:00.000Z", "2026-11-19T16:00:00.000Z"
    people = [
        member(
            "m-nain",
            first_at,
            NETWORK_TABLET,
            name="Nain (Gwen)",
            relation="grandmother",
            ring=1,
            angle=30,
            stamp="person-older",
            role="Maisie can phone her any time",
            informed="2026-11-15",
            willing=True,
            clear=True,
            child_view=["helps", "trusts"],
            contact="07700 900123",
        ),
        member(
            "m-kerry",
            first_at,
            NETWORK_TABLET,
            name="Kerry Smith",
            relation="Mum",
            ring=1,
            angle=200,
            parent=True,
            parental_responsibility=True,
            stamp="person-adult",
            informed="2026-11-15",
            willing=True,
        ),
        member(
            "m-evans",
            first_at,
            NETWORK_TABLET,
            name="Miss Evans",
            relation="class teacher",
            ring=3,
            angle=90,
            role="Checks in with Maisie each morning",
            willing=None,
            child_view=["trusts"],
        ),
    ]
    if second:
        people.append(
            member(
                "m-uncle",
                later,
                NETWORK_TABLET,
                name="Uncle Rhys",
                relation="uncle",
                ring=2,
                angle=300,
                stamp="face-calm",
                informed="2026-11-19",
                willing=True,
                clear=False,
            )
        )
        people[2]["fields"]["clear"] = {"value": True, "at": later, "by": NETWORK_TABLET}
    return people


# --- making the store -----------------------------------------------------------------------------


def make(target: Path) -> None:
    from sofs_direct.platform.db import connect, migrate
    from sofs_direct.platform.demo import seed
    from tests.conftest import login, post_form
    from tests.sync_helpers import StoreTablet
    from tests.tablet_client import network, network_meeting, observation, three_houses

    parts_dir = target / "parts"
    with stopped(MADE_ON) as clock:
        app = app_on(target)
        clock.cover()
        with app.app_context():
            db = connect(app.config["DATABASE"])
            migrate(db)
            seed(db)
            children = {row["known_as"]: row["id"] for row in db.query("SELECT id, known_as FROM children")}
            maisie, ava, tomos = children["Maisie"], children["Ava"], children["Tomos"]
            tablet = StoreTablet(db, "demo.worker", "Blue tablet")

            def store(name: str, document: dict, parts=(), received: str | None = None) -> str:
                if received:
                    clock.set(datetime.fromisoformat(received))
                upload = tablet.upload(document, parts, artefact_id=fixed_id(name))
                receipt = tablet.ingest(upload, parts_dir)
                assert receipt.status == "stored", (name, receipt)
                return upload.id

            session = store("maisie/three-houses", *three_houses_session(maisie), received="2026-11-10T16:10:00+00:00")
            store("ava/fairy", *fairy_session(ava), received="2026-11-12T10:30:00+00:00")
            first = store(
                "maisie/words-pictures/1", *words_and_pictures(maisie, None), received="2026-11-14T11:20:00+00:00"
            )
            second = store(
                "maisie/words-pictures/2", *words_and_pictures(maisie, first), received="2026-11-18T11:20:00+00:00"
            )
            network_id = fixed_id("maisie/network")
            store(
                "maisie/network/1",
                network(maisie, network_id, network_members(False), created_at="2026-11-15T10:30:00.000Z"),
                received="2026-11-15T10:40:00+00:00",
            )
            store(
                "maisie/network/2",
                network(
                    maisie,
                    network_id,
                    network_members(True),
                    removed=[{"id": "m-gone", "at": "2026-11-19T16:05:00.000Z", "by": NETWORK_TABLET}],
                    created_at="2026-11-19T16:10:00.000Z",
                ),
                received="2026-11-19T16:20:00+00:00",
            )
            store(
                "maisie/network-meeting",
                network_meeting(
                    maisie,
                    network_id,
                    day="2026-11-19",
                    next_meeting="2026-12-17",
                    attended=[
                        {"member": "m-nain", "name": "Nain (Gwen)", "role": "grandmother"},
                        {"member": "m-kerry", "name": "Kerry Smith", "role": "Mum"},
                        {"member": None, "name": "Dana Worker", "role": "social worker"},
                    ],
                    agreed=[
                        {
                            "rule": "If Dad shouts, Maisie phones Nain and Nain comes to fetch her.",
                            "responsible": ["m-nain", "m-kerry"],
                        },
                        {"rule": "Miss Evans checks in with Maisie every morning.", "responsible": ["Miss Evans"]},
                    ],
                    notes="Everyone agreed the plan. Review in four weeks.",
                    created_at="2026-11-19T17:00:00.000Z",
                ),
                received="2026-11-19T17:05:00+00:00",
            )
            store(
                "maisie/observation",
                observation(
                    maisie,
                    "Maisie showed me her bedroom.\nShe has a new bed and her drawings are on the wall.",
                    photos=["photo-1", "photo-2"],
                    created_at="2026-11-20T09:15:00.000Z",
                ),
                [("photo-1", "image/jpeg", photo("navy")), ("photo-2", "image/webp", photo("pink", (32, 48), "WEBP"))],
                received="2026-11-20T09:30:00+00:00",
            )
            store(
                "tomos/observation",
                observation(
                    tomos, "Tomos was at football; we talked in the car.", created_at="2026-11-21T17:00:00.000Z"
                ),
                received="2026-11-21T17:10:00+00:00",
            )

            # Finished work the kind's checks refuse is kept for the manager's review: a session
            # finished with nothing in any house.
            clock.set(datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
            empty = three_houses(maisie, created_at="2026-11-22T11:50:00.000Z")
            upload = tablet.upload(empty, artefact_id=fixed_id("maisie/needs-review"))
            receipt = tablet.ingest(upload, parts_dir)
            assert receipt.status == "needs review", receipt

            db.close()

        # The assessment, through the worker's own forms (outside the app context above: a request
        # in it would share its `g`, and with it one CSRF token, with every other request).
        clock.set(datetime(2026, 11, 23, 14, 0, tzinfo=UTC))
        worker = app.test_client()
        assert login(worker, "demo.worker").status_code == 302
        child = f"/children/{maisie}"
        started = post_form(
            worker,
            f"{child}/assessments",
            {"type": "single", "due-day": "18", "due-month": "12", "due-year": "2026", "case_reference": "LCS-104233"},
            page=f"{child}/assessments",
        )
        assert started.status_code in (302, 303), started.get_data(as_text=True)[:2000]
        assessment = started.headers["Location"].split("?")[0].split("#")[0]
        assessment = assessment[assessment.index("/children/") :]
        for artefact_id in (session, second):
            done = post_form(worker, f"{assessment}/attach", {"artefact_id": artefact_id}, page=assessment)
            assert done.status_code in (302, 303), done.get_data(as_text=True)[:2000]
        for item, column in (("w4", "worried"), ("w1", "working_well"), ("clip-c1-m1", "worried")):
            placed = post_form(
                worker, f"{assessment}/words", {"artefact_id": session, "item": item, "column": column}, page=assessment
            )
            assert placed.status_code in (302, 303), placed.get_data(as_text=True)[:2000]
        wrote = post_form(
            worker,
            f"{assessment}/analysis",
            {
                "artefact_id": session,
                "analysis": "Maisie's worries are about the shouting at home; Nain is the person she trusts.",
            },
            page=assessment,
        )
        assert wrote.status_code in (302, 303), wrote.get_data(as_text=True)[:2000]

        db = connect(app.config["DATABASE"])
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode=DELETE")  # no -wal or -shm beside the committed file
        db.execute("VACUUM")  # no free pages: a smaller file in git
        db.close()


def main() -> None:
    from tests import tablet_client

    made = STORE.with_name("store.new")
    shutil.rmtree(made, ignore_errors=True)
    (made / "key").mkdir(parents=True)
    key = STORE / "key" / "server_key.pem"
    if key.exists():
        shutil.copy(key, made / "key" / key.name)
    randomness = FixedRandomness()
    uuid4 = uuid.uuid4
    uuid.uuid4 = randomness.uuid4
    # The tablet's fresh AES key and IVs (tablet_client.seal), fixed so the part files keep their names.
    tablet_client.os = SimpleNamespace(urandom=randomness.urandom)
    real_aes = tablet_client.AESGCM

    class FixedKeyAESGCM:  # the real cipher, with a key drawn from the counter
        generate_key = staticmethod(lambda bit_length: randomness.urandom(bit_length // 8))

        def __new__(cls, key):
            return real_aes(key)

    tablet_client.AESGCM = FixedKeyAESGCM
    try:
        make(made)
    finally:
        uuid.uuid4 = uuid4
    shutil.rmtree(STORE, ignore_errors=True)
    made.rename(STORE)
    size = sum(path.stat().st_size for path in STORE.rglob("*") if path.is_file())
    print(f"Made {STORE} ({size / 1024:.0f} KB). Now make the expected files: tests/golden/make_expected.py")


if __name__ == "__main__":
    os.environ.setdefault("SOFS_DEMO", "0")
    main()
