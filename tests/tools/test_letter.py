"""The letter to the child (docs/letter.md): a letter the doc allows is stored, and each field is
refused in words the worker can act on; its drawings decode on their outlines; each of the child's
words and drawings reaches only the audiences the child chose, and "Who will see this" is worked out
from what a copy holds, so it never gives away what was left out; the child's own printed copy (A4
and A5) holds everything the letter does, in the letter's language, is audited and is only for the
child's workers; the record page and the child's page say when the letter reached the child."""

import copy
import uuid

import pytest

from sofs_direct.artefacts.export_layout import standalone_pdf
from sofs_direct.paper import ink
from sofs_direct.platform.dates import long_date
from sofs_direct.platform.invalid import DocumentInvalid
from sofs_direct.tools import letter
from sofs_direct.tools.letter.wording import who_will_see
from tests.conftest import signed_in
from tests.pages.test_records import Records
from tests.pdf_reader import pdf_text
from tests.sync_helpers import scribble

SECRET = "I hide under the bed when they shout"  # the child wanted nobody to see it
FOR_PARENTS = "I want to see Nain on Saturdays"  # the child said their parents may see it
NOBODY = "Nobody else will see this. It stays between you and me, in your file."


def heard(number: int, words: str, share, **fields) -> dict:
    return {
        "id": f"h{number}",
        "words": words,
        "where": "House of Worries",
        "by": "child",
        "symbol": None,
        "share": share,
        "shown": True,
        **fields,
    }


def letter_document(child_id: str, source_id: str | None = None, **fields) -> dict:
    """A letter drafted from a Three Houses session: one word for nobody, one for parents, a drawing
    on the house outline for the conference, the worker's next steps; `fields` change the content."""
    content = {
        "source": {"id": source_id or str(uuid.uuid4()), "kind": "three_houses", "done_at": "2026-11-23T10:00:00.000Z"},
        "language": "en",
        "to": "Maisie",
        "symbols": False,
        "opening": "Thank you for talking with me on Monday.",
        "heard": [heard(1, SECRET, []), heard(2, FOR_PARENTS, ["parents"])],
        "drawings": [
            {
                "id": "d1",
                "part": "drawing-d1",
                "outline": "house",
                "caption": "Your House of Good Things",
                "share": ["conference"],
                "shown": True,
            }
        ],
        "others": [],
        "next": "I will talk to your mum about Saturdays.",
        "who_sees_note": "",
        "talk_to": "Your teacher, Mrs Evans, or me.",
        "closing": "From Alex, your social worker",
        "read_with_child": None,
        **fields,
    }
    return {
        "schema": 1,
        "kind": "letter",
        "child_id": child_id,
        "created_at": "2026-11-24T15:00:00.000Z",
        "supersedes": None,
        "content": content,
    }


PARTS = {"drawing-d1": ink.MEDIA_TYPE}


@pytest.fixture
def records(app, db):
    with app.app_context():
        return Records(app, db)


def store_letter(records: Records, child="Maisie", **fields) -> str:
    document = letter_document(records.children[child], **fields)
    return records.sync(document, [("drawing-d1", ink.MEDIA_TYPE, scribble())])


# --- the document -----------------------------------------------------------------------------------


def test_a_letter_and_a_draft_are_accepted(app):
    with app.app_context():
        content = letter_document(str(uuid.uuid4()))["content"]
        letter.validate(content, PARTS)
        draft = {**content, "to": "", "closing": "", "next": "", "heard": [], "drawings": []}
        letter.validate(draft, {}, final=False)


def _set(path: str, value):
    def change(content):
        *ways, last = path.split(".")
        place = content
        for way in ways:
            place = place[int(way)] if way.isdigit() else place[way]
        place[int(last) if last.isdigit() else last] = value

    return change


REFUSED = [
    (_set("extra", 1), "The letter has fields this server does not know: extra"),
    (_set("source.id", "not-a-uuid"), "named by an id that is not one"),
    (_set("source.kind", "letter"), "its session's kind is not one"),
    (_set("source.kind", "observation"), "its session's kind is not one"),
    (_set("source.kind", "spaceship"), "its session's kind is not one"),
    (_set("source.done_at", "yesterday"), "When the session was done must be a date and time"),
    (_set("language", "fr"), "language must be en or cy"),
    (_set("to", "x" * 81), "must be 80 characters or fewer"),
    (_set("to", "Sam\nJones"), "must be on one line"),
    (_set("symbols", "yes"), "symbols must be yes or no"),
    (_set("next", "x" * 4001), "What you will do next must be 4000 characters or fewer"),
    (_set("closing", "bad\x07bell"), "special characters"),
    (_set("heard.0.id", "w1"), "an id that is not h and a number"),
    (_set("heard.1.id", "h1"), "the same id as another: h1"),
    (_set("heard.0.words", ""), "The child's words 1 is empty"),
    (_set("heard.0.words", "x" * 5001), "5000 characters or fewer"),
    (_set("heard.0.by", "mum"), "who wrote them down"),
    (_set("heard.0.symbol", "no-such-symbol"), "names a symbol this service does not have"),
    (_set("heard.0.share", ["teachers"]), "names someone this server does not know"),
    (_set("heard.0.shown", 1), "Whether The child's words 1 is in the letter must be yes or no"),
    (_set("heard", [heard(n, "hi", "ask") for n in range(1, 202)]), "at most 200 words"),
    (_set("drawings.0.id", "x1"), "an id that is not d and a number"),
    (_set("drawings.0.part", "drawing-d2"), "must name its drawing drawing-d1"),
    (_set("drawings.0.outline", "castle"), "an outline this service does not have"),
    (_set("drawings.0.caption", "x" * 201), "200 characters or fewer"),
    (_set("drawings.0.share", "maybe"), 'must be "ask" or a list'),
    (_set("others", [{"id": "o1", "who": "", "words": "She is happy"}]), "Who said 1 is empty"),
    (_set("others", [{"id": "p1", "who": "Mum", "words": "She is happy"}]), "an id that is not o and a number"),
    (_set("read_with_child", "2026-13-01T00:00:00Z"), "When the letter was read with the child"),
    (_set("to", "  "), "Write the name the letter calls the child"),
    (_set("closing", ""), "Sign off the letter"),
]


@pytest.mark.parametrize(("change", "says"), REFUSED)
def test_each_bad_field_is_refused_in_words(app, change, says):
    with app.app_context():
        content = copy.deepcopy(letter_document(str(uuid.uuid4()))["content"])
        change(content)
        with pytest.raises(DocumentInvalid) as refused:
            letter.validate(content, PARTS)
        assert says in str(refused.value.reason)


def test_a_finished_letter_holds_something_for_the_child(app):
    with app.app_context():
        content = letter_document(str(uuid.uuid4()))["content"]
        for item in content["heard"] + content["drawings"]:
            item["shown"] = False
        letter.validate({**content, "next": "I will visit"}, PARTS)  # next steps are enough
        with pytest.raises(DocumentInvalid, match="none of the child's words or drawings"):
            letter.validate({**content, "next": " "}, PARTS)
        with pytest.raises(DocumentInvalid, match="was not sent with the letter"):
            letter.validate(content, {})
        with pytest.raises(DocumentInvalid, match="does not use: drawing-d9"):
            letter.validate(content, {**PARTS, "drawing-d9": ink.MEDIA_TYPE})


def test_a_drawing_decodes_on_its_outline(app):
    with app.app_context():
        content = letter_document(str(uuid.uuid4()))["content"]
        letter.check_parts(content, {"drawing-d1": scribble()})  # a fill of the house's region 1
        blank = copy.deepcopy(content)
        blank["drawings"][0]["outline"] = None
        with pytest.raises(DocumentInvalid, match="colours a part of a blank page"):
            letter.check_parts(blank, {"drawing-d1": scribble()})
        with pytest.raises(DocumentInvalid, match="Drawing 1 cannot be read"):
            letter.check_parts(content, {"drawing-d1": b"not a drawing"})


# --- audiences and "Who will see this" ----------------------------------------------------------------


def test_each_word_follows_its_own_wish_and_who_will_see_names_only_what_is_left(app, records):
    with app.app_context():
        document = letter_document(records.children["Maisie"])
        document["content"]["heard"].append(heard(3, "Left out of the letter", ["parents"], shown=False))
        parts = {"drawing-d1": scribble()}
        whole = who_will_see(document["content"])
        said = "You said these people can see it:"
        assert [group["says"] for group in whole] == [NOBODY, said, said]
        assert [group["things"] for group in whole] == [[SECRET], [FOR_PARENTS], ["Your House of Good Things"]]
        assert [group["people"] for group in whole] == [
            [],
            ["your mum, dad or carers"],
            ["the meeting about keeping you safe"],
        ]
        assert "Left out of the letter" not in str(whole)

        filtered = copy.deepcopy(document["content"])
        withheld = letter.for_audience(filtered, "parents")
        assert [item["words"] for item in filtered["heard"]] == [FOR_PARENTS]
        assert filtered["drawings"] == []
        assert withheld == ["1 of the child's words", "1 of the child's drawings"]
        for_parents = who_will_see(filtered)
        assert [group["things"] for group in for_parents] == [[FOR_PARENTS]]
        assert NOBODY not in str(for_parents)

        pack = pdf_text(standalone_pdf("letter", document, parts, "Maisie", "Alex", "parents"))
        assert FOR_PARENTS in pack and SECRET not in pack and "Nobody else will see this" not in pack
        assert "Left out of the letter" not in pack
        record = pdf_text(standalone_pdf("letter", document, parts, "Maisie", "Alex", "record"))
        assert SECRET in record and "Left out of the letter" not in record
        # Not direct work: the child's words are the session's voice, not counted again here.
        assert letter.voice_items(document["content"]) == [] and letter.DIRECT_WORK is False


# --- the pages and the child's copy ------------------------------------------------------------------


def copy_rows(db, child_id):
    return list(
        db.query(
            "SELECT action, what, record_id FROM audit WHERE child_id = ? AND what = 'records.letter_pdf'", [child_id]
        )
    )


def test_the_childs_copy_holds_everything_on_a4_and_a5_and_is_audited(app, db, records):
    maisie = records.children["Maisie"]
    artefact = store_letter(records)
    client = signed_in(app, "demo.worker")
    base = f"/children/{maisie}/records/{artefact}"
    sizes = {}
    for size in ("a4", "a5"):
        response = client.get(f"{base}/letter.pdf?size={size}")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"] == f'attachment; filename="letter-2026-11-24-{size}.pdf"'
        text = pdf_text(response.data)
        for said in (SECRET, FOR_PARENTS, NOBODY, "What I heard you say", "Who you can talk to", "Dear Maisie,"):
            assert said in " ".join(text.split()), (size, said)
        sizes[size] = response.data
    assert sizes["a4"] != sizes["a5"] and b"/MediaBox [0 0 419.53" in sizes["a5"].replace(b"419.5300", b"419.53")
    for bad in ("", "a3", "A4'"):
        refused = client.get(f"{base}/letter.pdf?size={bad}")
        assert refused.status_code == 400 and "A4 or A5" in refused.get_data(as_text=True)
    assert [(row["action"], row["record_id"]) for row in copy_rows(db, maisie)] == [("export", artefact)] * 2
    for username in ("other.worker", "demo.admin"):  # not allocated: no such child, no such letter
        assert signed_in(app, username).get(f"{base}/letter.pdf?size=a4").status_code == 404
    tomos = records.children["Tomos"]  # this worker's child, but not this letter's
    assert client.get(f"/children/{tomos}/records/{artefact}/letter.pdf?size=a4").status_code == 404
    assert len(copy_rows(db, maisie)) == 2


def test_the_record_page_is_the_letter_and_its_facts(app, db, records):
    maisie = records.children["Maisie"]
    session = records.session()
    artefact = store_letter(records, source_id=session)
    orphan = store_letter(records)  # drafted from a session not synced yet
    client = signed_in(app, "demo.worker")
    page = client.get(f"/children/{maisie}/records/{artefact}").get_data(as_text=True)
    for said in (
        "What I heard you say",
        "Your drawings",
        "What I will do next",
        "Who will see this",
        "Who you can talk to",
        "From Alex, your social worker",
        SECRET,
        FOR_PARENTS,
        NOBODY,
        "your mum, dad or carers",
        "English",
        "Not shared with the child yet",
    ):
        assert said in page, said
    assert f'href="/children/{maisie}/records/{session}"' in page
    assert f"/records/{artefact}/letter.pdf?size=a4" in page and f"/records/{artefact}/letter.pdf?size=a5" in page
    drawing = client.get(f"/children/{maisie}/records/{artefact}/letter/drawings/d1.png")
    assert drawing.status_code == 200 and drawing.mimetype == "image/png"
    assert client.get(f"/children/{maisie}/records/{artefact}/letter/drawings/d9.png").status_code == 404
    other = client.get(f"/children/{maisie}/records/{orphan}").get_data(as_text=True)
    assert "It came from a session not yet received." in other and "Open the session the letter came from" not in other


def test_the_childs_page_lists_letters_with_the_day_each_was_shared(app, db, records):
    maisie = records.children["Maisie"]
    client = signed_in(app, "demo.worker")
    assert "Letters to the child" not in client.get(f"/children/{maisie}").get_data(as_text=True)
    read = store_letter(records, read_with_child="2026-11-25T11:00:00.000Z")
    printed = store_letter(records, read_with_child="2099-01-01T09:00:00.000Z")  # read later: printed first
    waiting = store_letter(records)
    for artefact in (read, printed):
        assert client.get(f"/children/{maisie}/records/{artefact}/letter.pdf?size=a5").status_code == 200
    [row] = db.query("SELECT at FROM audit WHERE record_id = ? AND what = 'records.letter_pdf'", [printed])
    with app.test_request_context():
        printed_on = long_date(row["at"])
    page = client.get(f"/children/{maisie}").get_data(as_text=True)
    section = page[page.index('id="letters"') :]
    assert "Read with the child on 25 November 2026" in section
    assert f"Printed for the child on {printed_on}" in section
    assert "Not shared with the child yet" in section
    for artefact in (read, printed, waiting):
        assert f"/records/{artefact}" in section


def test_a_welsh_letter_is_written_in_welsh_whatever_the_screens_say(app, records):
    maisie = records.children["Maisie"]
    artefact = store_letter(records, language="cy", to="Siân")
    client = signed_in(app, "demo.worker")
    page = client.get(f"/children/{maisie}/records/{artefact}").get_data(as_text=True)
    assert "Yr hyn a glywais i ti’n ei ddweud" in page and "Pwy fydd yn gweld hyn" in page
    assert "Annwyl Siân," in page and "What I heard you say" not in page
    assert "Print the child's copy" in page.replace("&#39;", "'")  # the worker's own screens stay English
    text = " ".join(pdf_text(client.get(f"/children/{maisie}/records/{artefact}/letter.pdf?size=a4").data).split())
    assert "Yr hyn a glywais i ti’n ei ddweud" in text and "Fydd neb arall yn gweld hyn." in text
