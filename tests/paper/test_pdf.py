"""The printed sheet: a child's words are real text in the PDF (read back here the way a PDF reader
does, through each font's ToUnicode map), Welsh survives, and long words carry on over pages, never cut."""

import io
import re
from datetime import UTC, datetime

import pytest
from PIL import Image

from sofs_direct.paper import booklets, ink, lettering, printing, sheets
from sofs_direct.tools.three_houses import renders
from tests.pdf_reader import pdf_objects, pdf_pages, pdf_ref, pdf_stream, pdf_text
from tests.tablet_client import three_houses as document_of
from tests.tablet_client import word

CHILD = "6f1f8a3e-2c55-4c57-9b4e-0a4a3f3f0c11"


@pytest.fixture(autouse=True)
def in_app(app):
    with app.app_context():
        yield


# --- the sheet ------------------------------------------------------------------------------------


def render(houses, parts=None, session=None, known_as="Maisie"):
    document = document_of(CHILD, houses=houses, session=session)
    return renders.sheet_pdf(document, parts or {}, known_as, "Dana Worker")


def words_of(pages) -> list[str]:
    return [text for page in pages for size, text in page if size == lettering.WORDS.size]


def test_welsh_words_are_real_text_in_the_pdf():
    data = render(
        {
            "good": {
                "name": "Tŷ Nain",
                "words": [
                    word("w1", "Rwy'n hoffi ŵyn bach"),
                    word("w2", "Mae'r ŷd yn felyn, â’r ïâ êô û", by="worker"),
                ],
            }
        }
    )
    assert data.startswith(b"%PDF-")
    pages = pdf_pages(data)
    assert len(pages) == 1
    text = [line for _, line in pages[0]]
    assert "Rwy'n hoffi ŵyn bach" in text and "Mae'r ŷd yn felyn, â’r ïâ êô û" in text
    assert "Tŷ Nain" in text and "House of Good Things" in text and "My Three Houses" in text
    assert text[text.index("Rwy'n hoffi ŵyn bach") + 1] == "child wrote"
    assert "worker scribed" in text
    assert "Maisie · 23 November 2026" in text
    assert "Place: At school, in the quiet room" in text and "Seen alone: Yes" in text


def test_the_pdf_embeds_its_font_and_names_no_child_in_its_properties():
    data = render({"good": {"words": [word("w1", "Mum")]}}, known_as="Zebedee")
    assert b"/FontFile2" in data and b"DejaVuSans" in data
    assert b"/Title (My Three Houses)" in data and b"Zebedee" not in data
    page = next(body for body in pdf_objects(data).values() if b"/Type /Page\n" in body)
    assert (
        len(re.findall(rb"/I\d+ Do", pdf_stream(pdf_objects(data)[pdf_ref(page, b"Contents")]))) == 3
    )  # three pictures


def test_the_houses_are_in_the_childs_order_and_the_workers_thoughts_are_not_printed():
    data = renders.sheet_pdf(
        document_of(
            CHILD,
            order=["dreams", "worries"],
            houses={
                "worries": {
                    "words": [word("w1", "Shouting")],
                    "observations": "SECRET-OBSERVATION",
                    "reflection": "SECRET-REFLECTION",
                }
            },
        ),
        {},
        "Maisie",
        "Dana Worker",
    )
    text = [line for _, line in pdf_pages(data)[0]]
    headings = [line for line in text if line.startswith("House of")]
    assert headings == ["House of Dreams", "House of Worries", "House of Good Things"]
    assert not any("SECRET" in line for line in text)


def test_characters_the_font_lacks_are_named_not_lost():
    text = [line for _, line in pdf_pages(render({"good": {"words": [word("w1", "Mam 🙂\tand me")]}}))[0]]
    assert "Mam [slightly smiling face]    and me" in text


def test_long_words_continue_over_pages_and_nothing_is_cut():
    said = [f"Word {n}: " + " ".join(f"sentence{n}-{m} about home and school" for m in range(60)) for n in range(12)]
    document = document_of(CHILD, houses={"worries": {"words": [word(f"w{n}", text) for n, text in enumerate(said)]}})
    pages = pdf_pages(renders.sheet_pdf(document, {}, "Maisie", "Dana Worker"))
    expected_pages = len(sheets.layout(renders.sheet(document, {}, "Maisie", "Dana Worker")))
    assert len(pages) == expected_pages > 5
    printed = "".join(words_of(pages)).replace(" ", "")
    assert printed == "".join(said).replace(" ", "")
    for number, page in enumerate(pages, start=1):
        text = [line for _, line in page]
        assert f"Page {number} of {len(pages)}" in text
        assert ("continued on the next page" in text) == (number < len(pages))
        assert ("(continued)" in text) == (number > 1)


def test_a_single_enormous_word_is_broken_inside_and_kept_whole():
    giant = "ŵ" * 5000
    pages = pdf_pages(render({"dreams": {"words": [word("w1", giant)]}}))
    assert "".join(words_of(pages)) == giant and len(pages) > 1


def test_the_png_sheet_has_the_same_pages_as_the_pdf():
    document = document_of(
        CHILD, houses={"good": {"words": [word(f"w{n}", "a long sentence " * 40) for n in range(10)]}}
    )
    image = renders.sheet_image(document, {}, "Maisie", "Dana Worker", width_px=842)
    pages = len(sheets.layout(renders.sheet(document, {}, "Maisie", "Dana Worker")))
    assert pages > 1 and image.width == 842
    assert image.height == pages * round(sheets.PAGE_HEIGHT) + (pages - 1) * 24


def test_a_drawing_is_on_the_sheet():
    drawing = ink.encode([{"op": "fill", "region": 0, "colour": 4, "t": 0}])  # the walls, green
    document = document_of(CHILD, houses={"good": {"ink": "ink-good"}})
    picture = renders.house_image(document, "good", {"ink-good": drawing}, 200)
    assert picture.size == (200, 200) and picture.getpixel((100, 150)) == (0x3A, 0xAA, 0x35)
    sheet = renders.sheet_image(document, {"ink-good": drawing}, "Maisie", "Dana Worker")
    colours = {colour for _, colour in sheet.getcolors(1 << 20)}
    assert (0x3A, 0xAA, 0x35) in colours
    empty = renders.house_image(document_of(CHILD), "good", {}, 200)
    assert (0x3A, 0xAA, 0x35) not in {colour for _, colour in empty.getcolors(1 << 16)}


def test_a_photo_of_a_drawing_on_paper_fills_the_house_when_there_is_no_drawing():
    buffer = io.BytesIO()
    Image.new("RGB", (300, 150), (200, 30, 30)).save(buffer, "PNG")
    document = document_of(CHILD, houses={"dreams": {"photos": ["photo-dreams-1"]}})
    picture = renders.house_image(document, "dreams", {"photo-dreams-1": buffer.getvalue()}, 200)
    assert picture.size == (200, 200)
    assert picture.getpixel((100, 100))[0] > 180 and picture.getpixel((100, 5)) == (255, 255, 255)


def test_a_picture_of_a_very_long_session_stops_at_eight_pages_that_say_how_many_there_are():
    document = document_of(
        CHILD,
        houses={
            key: {"words": [word(f"{key}-{n}", "It was a long day. " * 100) for n in range(30)]}
            for key in ("good", "worries")
        },
    )
    pages = len(sheets.layout(renders.sheet(document, {}, "Maisie", "Dana Worker", picture_px=50)))
    assert pages > renders.PICTURE_PAGES == 8
    image = renders.sheet_image(document, {}, "Maisie", "Dana Worker", width_px=421)
    assert image.height == 8 * round(sheets.PAGE_HEIGHT / 2) + 7 * 24
    assert len(pdf_pages(renders.sheet_pdf(document, {}, "Maisie", "Dana Worker"))) == pages


def test_the_tests_pdf_reader_skips_a_stream_by_its_length():
    """Compressed bytes may hold "endobj" or "endstream" by chance: the reader the tests use must step
    over a stream by its /Length, or a PDF that is whole reads as cut short (a flaky test, not a bug)."""
    from tests.pdf_reader import pdf_objects, pdf_stream

    inside = b"ab endobj endstream cd"
    data = (
        b"1 0 obj\n<< /Length %d >>\nstream\n" % len(inside)
        + inside
        + b"\nendstream\nendobj\n2 0 obj\n<< /Type /Pages >>\nendobj\n"
    )
    objects = pdf_objects(data)
    assert pdf_stream(objects[1]) == inside and b"/Type /Pages" in objects[2]


# --- the font, read once a process (printing._font) ------------------------------------------------

SAID = [("Rwy'n hoffi ŵyn bach", lettering.WORDS), ("Tŷ Nain", lettering.HEADING), ("Maisie's farm", lettering.NOTE)]
OTHER = [("Mae'r ŷd yn felyn, â’r ïâ êô û", lettering.WORDS), ("House of Worries", lettering.HEADING)]


def written(lines, page_count: int = 1):
    """Words on A4 pages as new_pdf and draw_pdf write them, dated, so two runs can be compared byte
    for byte (not yet written: documents can be open side by side)."""
    document = printing.new_pdf("My Three Houses", *booklets.PAPERS["A4"])
    document.set_creation_date(datetime(2026, 11, 23, 10, 30, tzinfo=UTC))
    for _ in range(page_count):
        printing.draw_pdf(document, [("text", 40, 60 + 30 * n, text, style) for n, (text, style) in enumerate(lines)])
    return document


def pdf_of(document) -> bytes:
    return bytes(document.output())


def test_the_shared_font_writes_the_pdf_fpdf2s_own_font_writes(monkeypatch):
    """Byte for byte the PDF of fpdf2's add_font, with two documents open at once and each written
    after the other was made; writing one changes nothing of the other's fonts (documents may be
    written in two threads at once)."""
    first, second = written(SAID), written(OTHER, page_count=2)
    untouched = {key: dict(vars(font.desc)) for key, font in second.fonts.items()}
    shared = [pdf_of(first)]
    assert {key: vars(font.desc) for key, font in second.fonts.items()} == untouched
    shared += [pdf_of(second), pdf_of(written(SAID))]
    with monkeypatch.context() as patched:
        patched.setattr(
            printing, "_add_font", lambda document, style, path: document.add_font(lettering.FAMILY, style, str(path))
        )
        own = [pdf_of(written(SAID)), pdf_of(written(OTHER, page_count=2)), pdf_of(written(SAID))]
    assert shared == own
    assert shared[0] == shared[2] and shared[0] != shared[1]
    assert "Rwy'n hoffi ŵyn bach" in pdf_text(shared[0]) and "ŵyn" not in pdf_text(shared[1])
