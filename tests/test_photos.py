"""Photos in artefacts: only whole pictures of the declared type are stored, bombs are refused unopened,
and what is served or printed carries no metadata (where a family lives must not travel in a picture)."""

import io
import struct
import tracemalloc
import zlib

import pytest
from PIL import ExifTags, Image

from conftest import child_ids
from sofs_direct.photos import check_photo, clean_photo, photo_type
from sofs_direct.tools import DocumentInvalid
from sync_helpers import StoreTablet, photo, refused_and_kept
from tablet_client import observation


pytestmark = pytest.mark.usefixtures("app_context")


def noisy_jpeg(size=(400, 300)) -> bytes:
    """A JPEG with real scan data throughout, so cutting it short cuts pixels."""
    buffer = io.BytesIO()
    Image.effect_noise(size, 80).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG whose header claims `width` × `height` pixels (a decompression bomb's shape)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


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
    exif[ExifTags.Base.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (51.0, 28.0, 40.0),
                                   ExifTags.GPS.GPSLongitudeRef: "W", ExifTags.GPS.GPSLongitude: (3.0, 10.0, 20.0)}
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
        refusal = refused_and_kept(StoreTablet(db, "demo.worker", "Kitchen table"), document, app.config["PARTS_DIR"],
                                   [("photo-1", "image/jpeg", data[: len(data) * 2 // 3])])
    assert (refusal.status, refusal.error) == (422, "bad_part")
    assert "incomplete or damaged" in refusal.message
