"""Photos in artefacts: only whole pictures of the declared type are stored, bombs are refused unopened,
and what is served or printed carries no metadata (where a family lives must not travel in a picture)."""

import io
import struct
import tracemalloc
import zlib

import pytest
from PIL import ExifTags, Image

from sofs_direct.paper.photos import WIDE_GREY, as_seen, check_photo, clean_photo, photo_type
from sofs_direct.platform.invalid import DocumentInvalid
from tests.conftest import child_ids
from tests.sync_helpers import StoreTablet, photo, refused_and_kept
from tests.tablet_client import observation

pytestmark = pytest.mark.usefixtures("app_context")


def noisy_jpeg(size=(400, 300)) -> bytes:
    """A JPEG with real scan data throughout, so cutting it short cuts pixels."""
    buffer = io.BytesIO()
    Image.effect_noise(size, 80).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def chunk(kind: bytes, body: bytes) -> bytes:
    """One PNG chunk: its length, its kind, its body and their checksum."""
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG whose header claims `width` × `height` pixels (a decompression bomb's shape)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def refusal(data: bytes, media_type: str) -> str:
    with pytest.raises(DocumentInvalid) as caught:
        check_photo(data, media_type)
    return caught.value.reason


def test_whole_photos_of_each_type_pass():
    for kind, media_type in (("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")):
        data = photo(kind)
        check_photo(data, media_type)
        assert photo_type(data) == media_type


def test_a_truncated_jpeg_is_refused_as_incomplete():
    data = noisy_jpeg()
    check_photo(data, "image/jpeg")
    assert "incomplete or damaged" in refusal(data[: len(data) // 2], "image/jpeg")


def test_a_decompression_bomb_is_refused_without_decoding_it():
    bomb = png_claiming(50_000, 50_000)
    assert len(bomb) < 200
    tracemalloc.start()
    try:
        reason = refusal(bomb, "image/png")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "too large" in reason and "4096" in reason
    assert peak < 5 * 1024 * 1024  # 50,000² RGB pixels would be 7.5 GB


def test_a_photo_over_our_limit_but_under_pillows_is_refused_by_its_header():
    assert "too large" in refusal(png_claiming(5000, 4000), "image/png")
    assert "too large" in refusal(png_claiming(12_000, 9_000), "image/png")  # Pillow would only warn here


def test_a_photo_of_another_type_than_declared_is_refused():
    assert "not a picture of the type it says" in refusal(photo("PNG"), "image/jpeg")
    assert "not a picture of the type it says" in refusal(photo("JPEG"), "image/webp")
    assert "JPEG, PNG or WebP" in refusal(photo("JPEG"), "image/gif")
    assert "not a picture" in refusal(b"\xff\xd8\xff" + b"not really a jpeg" * 10, "image/jpeg")


def _with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Tablet Camera Co"
    exif[ExifTags.Base.Orientation] = 6  # taken sideways: shown turned a quarter
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 28.0, 40.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (3.0, 10.0, 20.0),
    }
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), "teal").save(buffer, "JPEG", exif=exif, comment=b"St Mary's Road")
    return buffer.getvalue()


def test_clean_photo_drops_gps_and_every_other_tag_but_keeps_the_picture_upright():
    original = _with_gps()
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo really carries a location
    cleaned = clean_photo(original)
    with Image.open(io.BytesIO(cleaned)) as after:
        assert after.format == "JPEG" and after.size == (80, 120)  # turned as the camera meant
        assert not after.getexif() and "exif" not in after.info and "comment" not in after.info
        assert after.getpixel((40, 60))[1] > 100  # still the teal picture
    assert b"Exif" not in cleaned and b"Tablet Camera" not in cleaned and b"St Mary" not in cleaned


def test_clean_photo_scales_large_photos_and_flattens_transparency_on_white():
    buffer = io.BytesIO()
    Image.new("RGBA", (4000, 1000), (0, 0, 0, 0)).save(buffer, "PNG")
    with Image.open(io.BytesIO(clean_photo(buffer.getvalue()))) as cleaned:
        assert cleaned.size == (2048, 512) and cleaned.getpixel((10, 10)) == (255, 255, 255)


def test_an_observation_with_a_truncated_photo_is_refused_as_a_draft_and_kept_when_finished(app, db):
    data = noisy_jpeg()
    document = observation(child_ids(db)["Maisie"], "Her drawing on paper", ["photo-1"])
    with app.app_context():
        refusal = refused_and_kept(
            StoreTablet(db, "demo.worker", "Kitchen table"),
            document,
            app.config["PARTS_DIR"],
            [("photo-1", "image/jpeg", data[: len(data) * 2 // 3])],
        )
    assert (refusal.status, refusal.error) == (422, "bad_part")
    assert "incomplete or damaged" in refusal.message


# --- every mode a photo can open in is served as it looks ------------------------------------------

SIDE = 64
DARK, MID = 0, 128  # black on the left, mid-grey on the right
SAVED_AS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


def two_tone(mode: str) -> tuple[Image.Image, tuple[int, int]]:
    """A picture in `mode`, black on the left half and mid-grey on the right (black and white in
    1-bit), drawn in the mode's own scale; and the two greys it must be served as. Where the mode can
    be transparent, the left half is transparent instead: it must come back as white paper."""
    box = (SIDE // 2, 0, SIDE, SIDE // 2)
    if mode in WIDE_GREY:  # 16-bit scale: 65535 is white
        picture = Image.new(mode, (SIDE, SIDE // 2), DARK * 257)
        picture.paste(MID * 257, box)
        return picture, (DARK, MID)
    if mode == "1":
        picture = Image.new("1", (SIDE, SIDE // 2), 0)
        picture.paste(1, box)
        return picture, (0, 255)
    if mode in ("LA", "La", "PA", "RGBA", "RGBa"):
        picture = Image.new("RGBA", (SIDE, SIDE // 2), (DARK, DARK, DARK, 0))
        picture.paste((MID, MID, MID, 255), box)
        converted = {
            "LA": lambda: picture.convert("LA"),
            "La": lambda: picture.convert("LA").convert("La"),
            "PA": lambda: picture.convert("PA"),
            "RGBA": lambda: picture,
            "RGBa": lambda: picture.convert("RGBa"),
        }[mode]()
        return converted, (255, MID)
    picture = Image.new("RGB", (SIDE, SIDE // 2), (DARK,) * 3)
    picture.paste((MID,) * 3, box)
    if mode == "P":  # its own palette (the web palette has no mid-grey)
        return picture.convert("P", palette=Image.Palette.ADAPTIVE), (DARK, MID)
    return picture.convert(mode), (DARK, MID)


def palette_with_a_transparent_colour() -> Image.Image:
    """A palette picture whose black is its transparent colour (a PNG's tRNS chunk)."""
    picture, _greys = two_tone("P")
    picture.info["transparency"] = picture.getpixel((0, 0))
    return picture


def greys(cleaned: bytes) -> tuple[int, int]:
    """The grey the middle of each half is served as (the photo's channels averaged)."""
    with Image.open(io.BytesIO(cleaned)) as served:
        assert served.mode == "RGB" and served.format == "JPEG"
        return tuple(round(sum(served.getpixel((x, SIDE // 4))) / 3) for x in (SIDE // 4, SIDE * 3 // 4))


def close(served: tuple[int, int], expected: tuple[int, int]) -> bool:
    return all(abs(a - b) <= 8 for a, b in zip(served, expected))  # JPEG and lossy WebP move a grey a little


def saved_photos():
    """Every Pillow mode, saved in each accepted format that can hold it: (name, bytes, media type, greys)."""
    pictures = [
        (mode, *two_tone(mode))
        for mode in Image.MODES
        # Pillow converts LAB to RGB without colour management: no picture of itself to compare.
        if mode != "LAB"
    ]
    pictures.append(("P with a transparent colour", palette_with_a_transparent_colour(), (255, MID)))
    for name, picture, expected in pictures:
        for file_format, media_type in SAVED_AS.items():
            if file_format == "WEBP" and picture.mode in WIDE_GREY:
                continue  # Pillow's WebP writer clips wide grey itself: the file is white, nothing to keep
            buffer = io.BytesIO()
            try:
                picture.save(
                    buffer,
                    file_format,
                    **({"transparency": picture.info["transparency"]} if "transparency" in picture.info else {}),
                )
            except (OSError, ValueError):  # this format cannot hold this mode
                continue
            yield f"{name} as {file_format}", buffer.getvalue(), media_type, expected


def png(colour_type: int, depth: int, rows: list[bytes], transparent: bytes = b"") -> bytes:
    """A PNG written byte by byte, for the kinds Pillow opens but cannot write (16-bit colour, 2-bit grey…)."""
    width_samples = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type]
    width = len(rows[0]) * 8 // (depth * width_samples)
    header = struct.pack(">IIBBBBB", width, len(rows), depth, colour_type, 0, 0, 0)
    chunks = chunk(b"IHDR", header) + (chunk(b"tRNS", transparent) if transparent else b"")
    data = zlib.compress(b"".join(b"\0" + row for row in rows))
    return b"\x89PNG\r\n\x1a\n" + chunks + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def sixteen(*samples: int) -> bytes:
    return b"".join(struct.pack(">H", sample) for sample in samples)


HALF = SIDE // 2
WRITTEN_PNGS = {
    # name: (the PNG, the greys it must be served as)
    "16-bit grey": (png(0, 16, [sixteen(*[0] * HALF, *[MID * 257] * HALF)] * HALF), (DARK, MID)),
    "16-bit grey, black transparent": (
        png(0, 16, [sixteen(*[0] * HALF, *[MID * 257] * HALF)] * HALF, transparent=sixteen(0)),
        (255, MID),
    ),
    "16-bit grey with alpha": (png(4, 16, [sixteen(*[0, 0] * HALF, *[MID * 257, 65535] * HALF)] * HALF), (255, MID)),
    "16-bit colour": (png(2, 16, [sixteen(*[0] * 3 * HALF, *[MID * 257] * 3 * HALF)] * HALF), (DARK, MID)),
    "16-bit colour with alpha": (
        png(6, 16, [sixteen(*[0] * 4 * HALF, *[MID * 257, MID * 257, MID * 257, 65535] * HALF)] * HALF),
        (255, MID),
    ),
    "4-bit grey": (png(0, 4, [bytes([0x00] * (HALF // 2) + [0x88] * (HALF // 2))] * HALF), (DARK, 0x88)),
    "2-bit grey": (png(0, 2, [bytes([0x00] * (HALF // 4) + [0xFF] * (HALF // 4))] * HALF), (DARK, 255)),
    "8-bit grey, black transparent": (
        png(0, 8, [bytes([0] * HALF + [MID] * HALF)] * HALF, transparent=sixteen(0)),
        (255, MID),
    ),
    "8-bit colour, black transparent": (
        png(2, 8, [bytes([0] * 3 * HALF + [MID] * 3 * HALF)] * HALF, transparent=sixteen(0, 0, 0)),
        (255, MID),
    ),
}


@pytest.mark.parametrize(
    "name, data, media_type, expected", list(saved_photos()), ids=[name for name, *_rest in saved_photos()]
)
def test_every_mode_pillow_saves_in_an_accepted_format_is_served_as_it_looks(name, data, media_type, expected):
    check_photo(data, media_type)  # accepted on the way in…
    served = greys(clean_photo(data))
    assert close(served, expected), f"{name}: served as {served}, drawn as {expected}"  # …and shown as drawn


@pytest.mark.parametrize("name", WRITTEN_PNGS)
def test_pngs_pillow_cannot_write_are_served_as_they_look_too(name):
    data, expected = WRITTEN_PNGS[name]
    check_photo(data, "image/png")
    served = greys(clean_photo(data))
    assert close(served, expected), f"{name}: served as {served}, drawn as {expected}"


@pytest.mark.parametrize("mode", [mode for mode in Image.MODES if mode != "LAB"] + ["P with a transparent colour"])
def test_every_mode_is_drawn_as_it_looks(mode):
    """The conversion itself, for the modes no accepted file opens in as well (F, I, La, RGBa…)."""
    picture, expected = (
        (palette_with_a_transparent_colour(), (255, MID)) if mode.startswith("P with") else two_tone(mode)
    )
    flat = as_seen(picture)
    assert flat.mode == "RGB"
    served = tuple(round(sum(flat.getpixel((x, SIDE // 4))) / 3) for x in (SIDE // 4, SIDE * 3 // 4))
    assert served == expected, f"{mode}: drawn as {served}, should be {expected}"


def test_a_16_bit_grey_photo_is_served_back_grey_not_white(app, db):
    """Issue 13: a 16-bit greyscale PNG of a drawing on paper came back from the record page all white."""
    from tests.conftest import signed_in
    from tests.sync_helpers import StoreTablet

    data, expected = WRITTEN_PNGS["16-bit grey"]
    maisie = child_ids(db)["Maisie"]
    artefact_id = StoreTablet(db).store(
        observation(maisie, "Her drawing on paper", ["photo-1"]),
        app.config["PARTS_DIR"],
        [("photo-1", "image/png", data)],
    )
    response = signed_in(app, "demo.worker").get(f"/children/{maisie}/records/{artefact_id}/photos/1.jpg")
    assert response.status_code == 200 and close(greys(response.data), expected)
