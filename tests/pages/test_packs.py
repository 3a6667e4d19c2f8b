"""Files for the case-management system: what the child did not want an audience to see is never in
that audience's files — not in their text, not in their pictures, not in the JSON, not through the
mapping — and each file says something was left out; the full record holds everything; every file
fits the system's limits (smaller pictures, then parts); and an import is all or nothing, never
taking the child's words from the file."""

import base64
import io
import json
import random
import uuid

import pytest
from PIL import Image
from werkzeug.exceptions import NotFound

from sofs_direct.artefacts.export_files import SCALES, ExportTooLarge
from sofs_direct.artefacts.export_layout import work_of
from sofs_direct.assessments import review, signs_of_safety, store
from sofs_direct.exports.pack import gather, pack_pdf
from sofs_direct.exports.pack_import import IMPORT_MAX_BYTES, ImportRefused, import_json
from sofs_direct.exports.pack_json import pack_json
from sofs_direct.exports.pipeline import artefact_export, artefact_paged
from sofs_direct.paper import ink, printing
from tests.conftest import child_ids
from tests.pdf_reader import pdf_images, pdf_text
from tests.sync_helpers import StoreTablet, photo
from tests.tablet_client import member, network, network_meeting, observation, three_houses, word, words_pictures

SHARED_WITH_ALL = ["conference", "network", "parents"]
PURPLE = (0x8B, 0x3F, 0xA0)  # palette colour 7: only the House of Worries is drawn in it
AUDIENCES = ("conference", "parents", "network")
SHOWN = {  # the child's words each audience may see (w1 to everyone, w4 to the conference only)
    "conference": {"Nain's sheep are the best", "Swimming with Mum"},
    "parents": {"Nain's sheep are the best"},
    "network": {"Nain's sheep are the best"},
    "record": {"Nain's sheep are the best", "Swimming with Mum", "Dad shouts at night", "I want to live at Nain's"},
}
ALL_WORDS = SHOWN["record"]


def drawing(colour: int, offset: int = 0) -> bytes:
    """A drawing with a region of the house filled in `colour` (a palette index) and a stroke."""
    return ink.encode(
        [
            {
                "op": "stroke",
                "tool": "pen",
                "colour": 1,
                "size": 2,
                "pressure": False,
                "t": 0,
                "points": [(400 + 40 * n + offset, 600 + 25 * n, 0, 16 * n) for n in range(40)],
            },
            {"op": "fill", "region": 1, "colour": colour, "t": 900},
        ]
    )


def page_drawing(colour: int, strokes: int = 12) -> bytes:
    """A drawing on a blank page (Words and Pictures): thick zigzag strokes in `colour`."""
    return ink.encode(
        [
            {
                "op": "stroke",
                "tool": "pen",
                "colour": colour,
                "size": 2,
                "pressure": False,
                "t": 100 * row,
                "points": [(200 + 90 * n, 300 + 300 * row + (60 if n % 2 else 0), 0, 100 * row + n) for n in range(40)],
            }
            for row in range(strokes)
        ]
    )


def purple_pixels(image: Image.Image) -> int:
    """How many pixels are (near) the purple only the withheld drawing uses."""
    bands = [
        band.point(lambda value, target=target: 255 if abs(value - target) <= 24 else 0)
        for band, target in zip(image.convert("RGB").split(), PURPLE)
    ]
    both = Image.new("L", image.size, 0)
    both.paste(bands[0], mask=bands[1])
    inside = Image.new("L", image.size, 0)
    inside.paste(both, mask=bands[2])
    return inside.histogram()[255]


class Casework:
    """A Three Houses session synced for Maisie (one house shared with everyone, one with nobody, one
    never asked about), attached to a draft assessment with the child's words placed in the mapping."""

    def __init__(self, app, db):
        self.app, self.db = app, db
        self.child_id = child_ids(db)["Maisie"]
        self.child = next(db.query("SELECT * FROM children WHERE id = ?", [self.child_id]))
        self.user = next(db.query("SELECT * FROM users WHERE username = 'demo.worker'"))
        self.parts_dir = app.config["PARTS_DIR"]
        with app.app_context():
            self.tablet = StoreTablet(db)

    def store(self, document, parts=()) -> str:
        with self.app.app_context():
            return self.tablet.store(document, self.parts_dir, parts)

    def session(self) -> str:
        return self.store(
            three_houses(
                self.child_id,
                order=["worries", "good", "dreams"],
                houses={
                    "good": {
                        "name": "Nain's farm",
                        "ink": "ink-good",
                        "share": SHARED_WITH_ALL,
                        "words": [
                            word("w1", "Nain's sheep are the best", share=SHARED_WITH_ALL),
                            word("w4", "Swimming with Mum", share=["conference"]),
                        ],
                    },
                    "worries": {
                        "name": "The shouty house",
                        "ink": "ink-worries",
                        "share": [],
                        "words": [word("w2", "Dad shouts at night", share=[])],
                    },
                    "dreams": {
                        "ink": "ink-dreams",
                        "share": "ask",
                        "words": [word("w3", "I want to live at Nain's", by="worker")],
                    },
                },
            ),
            [
                ("ink-good", ink.MEDIA_TYPE, drawing(4)),
                ("ink-worries", ink.MEDIA_TYPE, drawing(7, 30)),
                ("ink-dreams", ink.MEDIA_TYPE, drawing(5, 60)),
            ],
        )

    def assessment(self, *artefact_ids) -> dict:
        with self.app.app_context():
            return self._assessment(artefact_ids)

    def attached(self, type_key: str, artefact_ids, reference: str = "", due_on: str = "2027-02-01") -> dict:
        """A new draft assessment of `type_key` with the artefacts attached, and nothing else."""
        with self.app.app_context():
            db, user = self.db, self.user
            assessment = store.get(
                db, self.child_id, store.create(db, user, self.child_id, type_key, due_on, reference)
            )
            for artefact_id in artefact_ids:
                store.attach(db, user, assessment, artefact_id)
            return assessment

    def _assessment(self, artefact_ids) -> dict:
        db, user = self.db, self.user
        assessment = self.attached("conference", artefact_ids, "CP-2027-9", "2027-01-31")
        assessment_id = assessment["id"]
        for artefact_id in artefact_ids:
            store.set_analysis(db, user, assessment, artefact_id, "Maisie is clear about where she feels safe.")
        for item, column in (
            ("w1", "working_well"),
            ("w2", "worried"),
            ("w3", "needs_to_happen"),
            ("w4", "working_well"),
        ):
            signs_of_safety.place_words(db, user, assessment, artefact_ids[0], item, column)
        signs_of_safety.add_entry(db, user, assessment, "worried", "Police called twice in October")
        signs_of_safety.add_score(db, user, assessment, "Kerry", "Mum", 6, "Better since the summer")
        return store.get(db, self.child_id, assessment_id)

    def artefact(self, artefact_id, audience, file_format):
        row = next(self.db.query("SELECT * FROM artefacts WHERE id = ?", [artefact_id]))
        with self.app.test_request_context():
            return artefact_export(
                self.db, self.user, self.child, row, json.loads(row["document"]), audience, file_format
            )

    def pack(self, assessment, audience, file_format):
        with self.app.test_request_context():
            pack = gather(self.db, self.child, assessment, audience)
            return pack_pdf(self.db, self.user, pack) if file_format == "pdf" else pack_json(self.db, self.user, pack)


@pytest.fixture
def casework(app, db):
    return Casework(app, db)


def json_pictures(document: dict) -> list[Image.Image]:
    return [
        Image.open(io.BytesIO(base64.b64decode(picture["data"])))
        for artefact in document["artefacts"]
        for picture in artefact["pictures"]
        if "data" in picture
    ]


def check_only_shown(audience: str, text: str, images: list[Image.Image], wishes: str = "Shared with:") -> None:
    for words in ALL_WORDS:
        assert (words in text) == (words in SHOWN[audience]), (audience, words)
    purple = sum(purple_pixels(image) for image in images)
    if audience == "record":
        assert purple > 500 and wishes in text and "The shouty house" in text
    else:
        assert purple == 0 and "The shouty house" not in text
        assert "is not included, because the child did not want" in text


@pytest.mark.parametrize("audience", [*AUDIENCES, "record"])
def test_an_artefact_holds_only_what_the_child_said_its_audience_may_see(casework, audience):
    artefact_id = casework.session()
    made = casework.artefact(artefact_id, audience, "pdf")
    [exported] = made.files
    check_only_shown(audience, pdf_text(exported.data), pdf_images(exported.data))
    [picture] = casework.artefact(artefact_id, audience, "png").files
    image = Image.open(io.BytesIO(picture.data))
    assert image.format == "PNG" and image.width == 1754
    assert (purple_pixels(image) > 500) == (audience == "record")
    assert exported.name == f"three-houses-2026-11-23-{'full-record' if audience == 'record' else audience}.pdf"


@pytest.mark.parametrize("audience", [*AUDIENCES, "record"])
def test_the_pack_holds_only_what_the_child_said_its_audience_may_see(casework, audience):
    artefact_id = casework.session()
    assessment = casework.assessment(artefact_id)
    [exported] = casework.pack(assessment, audience, "pdf").files
    text = pdf_text(exported.data)
    check_only_shown(audience, text, pdf_images(exported.data))
    assert "Police called twice in October" in text and "Kerry (Mum): 6" in text  # the worker's own entries
    assert "Maisie" in text and "LCS-104233" in text and "CP-2027-9" in text and "Dana Worker" in text
    [exported] = casework.pack(assessment, audience, "json").files
    document = json.loads(exported.data)
    check_only_shown(audience, exported.data.decode(), json_pictures(document), wishes='"share": []')
    assert document["schema"] == "sofs-direct/assessment-pack/1" and document["audience"] == audience
    assert exported.name.startswith("cp-conference-report-") and exported.name.endswith(
        f"-{audience}.json".replace("-record", "-full-record")
    )


# --- the limits of a case-management system -------------------------------------------------------


def noise_photo(seed: int) -> bytes:
    """A photo of a drawing on paper that does not compress (the worst case for a file's size)."""
    image = Image.frombytes("RGB", (900, 700), random.Random(seed).randbytes(900 * 700 * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@pytest.fixture
def big_casework(make_app, db):
    """Three sessions with photos of drawings on paper, attached to one assessment; an app whose
    limits are set by the test."""

    def make(**limits):
        work = Casework(make_app(**limits), db)
        work.ids = [
            work.store(
                three_houses(
                    work.child_id,
                    houses={
                        key: {
                            "photos": [f"photo-{key}-1"],
                            "share": SHARED_WITH_ALL,
                            "words": [
                                word(f"w{key}{number}", f"{key} {number} " + "ŵ words " * 40, share=SHARED_WITH_ALL)
                            ],
                        }
                        for key in ("good", "worries", "dreams")
                    },
                    created_at=f"2026-11-2{number}T10:00:00.000Z",
                ),
                [
                    (f"photo-{key}-1", "image/jpeg", noise_photo(number * 3 + index))
                    for index, key in enumerate(("good", "worries", "dreams"))
                ],
            )
            for number in range(1, 4)
        ]
        return work

    return make


def pack_text(files) -> str:
    return " ".join(pdf_text(exported.data) for exported in files)


def test_a_pack_too_big_for_one_file_gets_smaller_pictures_then_parts_and_loses_nothing(big_casework):
    whole = big_casework()
    assessment = whole.attached("child_in_need", whole.ids)
    [one] = whole.pack(assessment, "parents", "pdf").files
    words = [f"{key} {number} " for key in ("good", "worries", "dreams") for number in range(1, 4)]
    assert all(text in pdf_text(one.data) for text in words)

    smaller = big_casework(EXPORT_MAX_BYTES=len(one.data) * 3 // 4)
    made = smaller.pack(assessment, "parents", "pdf")
    assert made.reduced and not made.split and len(made.files[0].data) <= len(one.data) * 3 // 4

    limit = 60_000  # more than a page with three photos at half size, far less than the pack
    assert len(one.data) > 4 * limit
    split = big_casework(EXPORT_MAX_BYTES=limit, EXPORT_NAME_MAX=36)
    made = split.pack(assessment, "parents", "pdf")
    assert made.reduced and made.split and len(made.files) >= 3
    for number, exported in enumerate(made.files, start=1):
        assert len(exported.data) <= limit and len(exported.name) <= 36
        assert exported.name.endswith(f"-part-{number}-of-{len(made.files)}.pdf")
        assert pdf_text(exported.data).startswith(f"Part {number} of {len(made.files)}")
    text = pack_text(made.files)
    assert all(words_ in text for words_ in words) and text.count("ŵ words") == pack_text([one]).count("ŵ words")


def test_pictures_of_an_artefact_are_split_into_parts_within_the_limit(big_casework):
    work = big_casework()
    artefact_id = work.store(
        three_houses(
            work.child_id,
            houses={
                "good": {
                    "photos": ["photo-good-1"],
                    "words": [word(f"w{n}", f"Word {n} " + "ŵ " * 300) for n in range(12)],
                }
            },
        ),
        [("photo-good-1", "image/jpeg", noise_photo(99))],
    )
    row = next(work.db.query("SELECT * FROM artefacts WHERE id = ?", [artefact_id]))
    with work.app.test_request_context():
        paged = artefact_paged(
            work.db,
            work.user,
            work_of(work.db, artefact_id, "three_houses", json.loads(row["document"]), "Dana Worker", "record"),
            "Maisie",
            "record",
        )
        first, *rest = [
            len(printing.png_bytes(image))
            for image in printing.items_images(paged.width, paged.height, paged.pages, round(1754 * SCALES[-1]))
        ]
    assert rest and first > max(rest)  # the page with the photo is the largest
    made = big_casework(EXPORT_MAX_BYTES=first + 1000).artefact(artefact_id, "record", "png")
    assert made.reduced and made.split and len(made.files) >= 2
    assert all(
        len(exported.data) <= first + 1000 and Image.open(io.BytesIO(exported.data)).format == "PNG"
        for exported in made.files
    )


def test_the_json_pack_makes_its_pictures_smaller_then_leaves_them_out_and_says_so(big_casework):
    work = big_casework()
    assessment = work.attached("court", work.ids, "C-1")
    [full] = work.pack(assessment, "record", "json").files
    pictures = json_pictures(json.loads(full.data))
    assert len(pictures) == 9 and {picture.format for picture in pictures} == {"JPEG"}
    assert max(picture.width for picture in pictures) == 600
    small = big_casework(EXPORT_MAX_BYTES=len(full.data) * 2 // 3).pack(assessment, "record", "json")
    assert small.reduced and not small.pictures_left_out and len(small.files[0].data) <= len(full.data) * 2 // 3
    bare = big_casework(EXPORT_MAX_BYTES=20_000).pack(assessment, "record", "json")
    document = json.loads(bare.files[0].data)
    assert bare.pictures_left_out and document["pictures_left_out"] and json_pictures(document) == []
    assert [picture["place"] for picture in document["artefacts"][0]["pictures"]] == ["good", "worries", "dreams"]
    assert len(bare.files[0].data) <= 20_000 and "wgood1" in bare.files[0].data.decode()


def test_an_export_that_cannot_fit_even_one_page_says_so(big_casework):
    work = big_casework(EXPORT_MAX_BYTES=2_000)
    with pytest.raises(ExportTooLarge) as refused:
        work.artefact(work.ids[0], "record", "pdf")
    assert "larger than 2 KB" in refused.value.message


# --- importing -----------------------------------------------------------------------------------


def rows(db) -> dict:
    return {
        table: db[table].count for table in ("assessments", "assessment_artefacts", "mapping_entries", "scaling_scores")
    }


def import_file(casework, document, child=None) -> str:
    data = document if isinstance(document, bytes) else json.dumps(document).encode()
    with casework.app.test_request_context():
        return import_json(casework.db, casework.user, child or casework.child, data)


@pytest.fixture
def exported(casework):
    artefact_id = casework.session()
    assessment = casework.assessment(artefact_id)
    [pack] = casework.pack(assessment, "record", "json").files
    return json.loads(pack.data), assessment, artefact_id


def test_an_exported_pack_comes_back_as_a_new_draft_with_the_childs_words_from_their_session(casework, exported):
    document, original, artefact_id = exported
    with casework.app.app_context():
        review.submit(casework.db, casework.user, original)
    new_id = import_file(casework, document)
    assessment = store.get(casework.db, casework.child_id, new_id)
    assert new_id != original["id"] and assessment["status"] == "draft"
    assert (assessment["type"], assessment["due_on"], assessment["case_reference"]) == (
        "conference",
        "2027-01-31",
        "CP-2027-9",
    )
    with casework.app.app_context():
        [attached] = store.attached(casework.db, new_id)
        mapping = signs_of_safety.mapping(casework.db, new_id)
    assert (
        attached["artefact_id"] == artefact_id and attached["analysis"] == "Maisie is clear about where she feels safe."
    )
    assert [(e["text"], e["source_item"]) for e in mapping["working_well"]] == [
        ("Nain's sheep are the best", "w1"),
        ("Swimming with Mum", "w4"),
    ]
    assert [(e["text"], e["source_item"]) for e in mapping["worried"]] == [
        ("Dad shouts at night", "w2"),
        ("Police called twice in October", None),
    ]
    assert [(s["person"], s["score"]) for s in signs_of_safety.scores(casework.db, new_id)] == [("Kerry", 6)]
    assert assessment["scaling_question"] == ""  # the usual wording stays the usual wording


def test_a_file_changing_the_childs_words_is_refused_whole(casework, exported, db):
    document, _original, _artefact_id = exported
    document["mapping"]["worried"][0]["text"] = "Dad is lovely"
    before = rows(db)
    with pytest.raises(ImportRefused) as refused:
        import_file(casework, document)
    assert "not exactly the words stored" in refused.value.message
    assert rows(db) == before


def test_a_file_naming_another_childs_artefact_is_a_404_and_nothing_is_written(casework, exported, db):
    document, _original, artefact_id = exported
    tomos = next(db.query("SELECT * FROM children WHERE known_as = 'Tomos'"))
    before = rows(db)
    with pytest.raises(NotFound):
        import_file(casework, {**document, "child": {"case_reference": tomos["case_reference"]}}, tomos)
    document["artefacts"].append({"artefact_id": str(uuid.uuid4())})
    with pytest.raises(NotFound):
        import_file(casework, document)
    assert rows(db) == before


@pytest.mark.parametrize(
    "spoil, message",
    [
        (lambda d: b"{not json", "not JSON"),
        (lambda d: b"\xff\xfe", "not JSON"),
        (lambda d: json.dumps(d).replace('"schema"', '"schema": 1, "schema"', 1).encode(), "not JSON"),
        (lambda d: {**d, "schema": "sofs-direct/assessment-pack/2"}, "schema must be"),
        (lambda d: {**d, "extra": 1}, "does not know: extra"),
        (lambda d: {**d, "assessment": {**d["assessment"], "type": "secret"}}, "Choose the type"),
        (lambda d: {**d, "assessment": {**d["assessment"], "type": ["single"]}}, "Choose the type"),
        (lambda d: {**d, "assessment": {**d["assessment"], "due_on": "2027-02-30"}}, "real date"),
        (lambda d: {**d, "child": {"case_reference": "LCS-999999"}}, "different case reference"),
        (lambda d: {**d, "scaling": {"scores": [{"person": "Kerry", "score": 11}]}}, "from 0 to 10"),
        (lambda d: {**d, "mapping": {"worried": [{"text": ""}]}}, "empty"),
        (lambda d: {**d, "mapping": {"worried": [{"text": "x", "by": "worker", "colour": "red"}]}}, "does not know"),
        (lambda d: {**d, "artefacts": [d["artefacts"][0], d["artefacts"][0]]}, "given once"),
        (lambda d: {**d, "artefacts": "all"}, "must be a list"),
        (lambda d: b"[" * 100_000, "not JSON"),
        (lambda d: json.dumps({**d, "padding": "x" * IMPORT_MAX_BYTES}).encode(), "larger than 1.0 MB"),
    ],
)
def test_a_bad_file_is_refused_with_a_sentence_and_nothing_is_written(casework, exported, db, spoil, message):
    document, _original, _artefact_id = exported
    before = rows(db)
    with pytest.raises(ImportRefused) as refused:
        import_file(casework, spoil(json.loads(json.dumps(document))))
    assert message in refused.value.message
    assert rows(db) == before


def test_a_refusal_at_the_last_score_undoes_the_draft_already_written(casework, exported, db, monkeypatch):
    """The import writes as it goes (the draft, its work, its mapping, its numbers, each through
    assessments/store.py and signs_of_safety.py); a bad last number must take all of that back with it."""
    document, _original, _artefact_id = exported
    document["scaling"]["scores"].append({"person": "Dad", "role": "Father", "score": 12})
    seen_while_importing = []
    add_score = signs_of_safety.add_score

    def watching(db_, *args):
        seen_while_importing.append(rows(db_))
        return add_score(db_, *args)

    monkeypatch.setattr(signs_of_safety, "add_score", watching)
    before = rows(db)
    with pytest.raises(ImportRefused) as refused:
        import_file(casework, document)
    assert "Score 2 in the file" in refused.value.message and "from 0 to 10" in refused.value.message
    # By the last number the new draft, its attached work and its mapping were all in the store…
    assert seen_while_importing[-1] == {
        "assessments": before["assessments"] + 1,
        "assessment_artefacts": before["assessment_artefacts"] + 1,
        "mapping_entries": before["mapping_entries"] + 5,
        "scaling_scores": before["scaling_scores"] + 1,
    }
    assert rows(db) == before  # …and none of it is left


# --- every kind of work in a pack ------------------------------------------------------------------


def test_every_kind_of_work_goes_into_the_pack_and_the_childs_view_of_people_only_into_the_record(casework):
    network_id = str(uuid.uuid4())
    ids = [
        casework.session(),
        casework.store(
            words_pictures(
                casework.child_id,
                pages=[
                    {
                        "text": "Mum was poorly.",
                        "drawing": "ink-p1",
                        "hint": "what-happened",
                        "children": {"name": "Maisie", "text": "I made Mum a card", "drawing": "kids-p1"},
                    }
                ],
            ),
            [("ink-p1", ink.MEDIA_TYPE, page_drawing(3)), ("kids-p1", ink.MEDIA_TYPE, page_drawing(8))],
        ),
        casework.store(
            observation(casework.child_id, "Maisie showed me her room.", photos=["photo-1"]),
            [("photo-1", "image/jpeg", photo(size=(300, 200)))],
        ),
        casework.store(
            network(
                casework.child_id,
                network_id,
                members=[
                    member("m-nain", name="Nain Jones", relation="Grandmother", ring=1, child_view=["helps", "trusts"])
                ],
            )
        ),
        casework.store(
            network_meeting(
                casework.child_id,
                network_id,
                attended=[{"member": "m-nain", "name": "Nain Jones", "role": ""}],
                agreed=[{"rule": "Nain does the school run", "responsible": ["m-nain"]}],
            )
        ),
    ]
    assessment = casework.assessment(*ids)
    texts = {}
    for audience in ("parents", "record"):
        [exported] = casework.pack(assessment, audience, "pdf").files
        texts[audience] = pdf_text(exported.data)
        for expected in (
            "Mum was poorly.",
            "I made Mum a card",
            "Maisie showed me her room.",
            "Nain Jones",
            "Nain does the school run",
            "Who: Nain Jones",
            "2. Words and Pictures",
            "5. Network meeting",
        ):
            assert expected in texts[audience], (audience, expected)
        # The houses (the good things only for parents), the storyboard's two drawings, the photo, the map.
        assert len(pdf_images(exported.data)) == {"parents": 5, "record": 7}[audience]
        [as_json] = casework.pack(assessment, audience, "json").files
        assert [artefact["kind"] for artefact in json.loads(as_json.data)["artefacts"]] == [
            "three_houses",
            "words_pictures",
            "observation",
            "network",
            "network_meeting",
        ]
    assert "Helps me, I trust them" in texts["record"] and "Helps me" not in texts["parents"]
    assert "the child's view of 1 person in the network" in texts["parents"]
    for artefact_id in ids[1:]:
        for file_format in ("pdf", "png"):
            assert casework.artefact(artefact_id, "parents", file_format).files


def test_a_refusal_in_a_pack_says_what_happened_and_shows_no_empty_houses(casework):
    """A session the parent or carer did not agree to (issue 13), attached to an assessment."""
    refusal = casework.store(
        three_houses(
            casework.child_id,
            session={"seen_alone": None, "parental_agreement": "refused", "agreement_by": "Rob Jones (Dad)"},
        )
    )
    assessment = casework.attached("conference", [refusal])
    said = "The parent or carer did not agree to this session, so nothing was done with the child."
    for audience in ("parents", "record"):
        [exported] = casework.pack(assessment, audience, "pdf").files
        text = pdf_text(exported.data)
        assert said in text and "House of" not in text and "No words" not in text, audience
        [as_json] = casework.pack(assessment, audience, "json").files
        [artefact] = json.loads(as_json.data)["artefacts"]
        assert {"label": "What happened", "value": said} in artefact["details"]
        assert artefact["pictures"] == [] and artefact["words"] == []
