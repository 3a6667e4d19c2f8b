"""Photos inside artefacts (a drawing made on paper, photographed): the one check and the one clean-up.

Main decision: a photo is opened by the server twice, in two different ways. On the way in,
`check_photo` refuses anything that is not a whole picture of the declared type within the pixel
limit; the size is read from the header *before* any pixel is decoded, so a decompression bomb (a
tiny file that claims 50,000 × 50,000 pixels) is refused without the memory it would take, and then
the picture is decoded in full, so a truncated upload is refused rather than stored and found broken
later. On the way out, every photo that is shown or placed on a sheet goes through `clean_photo`,
which draws the pixels into a new JPEG: EXIF (GPS, the camera, the time), XMP, ICC and comments are
left behind, because where a family lives must not travel inside a picture (the tablet strips it
too, static/js/tools/photo.js; this does not rely on that).

Every mode an accepted file can open in is drawn as the picture looks (`as_seen`): Pillow's own
conversion to RGB clips samples wider than 8 bits, so a 16-bit greyscale PNG came back all white;
those are scaled to 8 bits first. Anything transparent is laid on white, the paper it was drawn on.
"""

import io
import warnings

from PIL import Image, ImageOps

from ..platform.i18n import _
from ..platform.invalid import DocumentInvalid

MAX_SIDE = 4096  # the tablet scales photos to 2048 px (static/js/tools/photo.js); twice that is generous
CLEAN_SIDE = 2048
CLEAN_QUALITY = 85
# The declared media type names the only format Pillow may try, so a PNG sent as a JPEG is refused.
FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


# Pillow warns (DecompressionBombWarning) above its own pixel limit and refuses above twice it. Both
# are far above ours, but the warning must never pass silently, so this server makes it an error once,
# here, for the whole process: `warnings.catch_warnings()` around each open would not be thread-safe.
warnings.filterwarnings("error", category=Image.DecompressionBombWarning)


def _open(data: bytes, formats) -> Image.Image:
    """The picture's header only, within the pixel limit; nothing is decoded yet."""
    try:
        picture = Image.open(io.BytesIO(data), formats=formats)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise DocumentInvalid(
            _("The photo is too large: it must be at most %(n)s × %(n)s pixels", n=MAX_SIDE)
        ) from None
    except Exception:  # noqa: BLE001 — a hostile header can make a decoder raise anything
        raise DocumentInvalid(_("The photo could not be opened: it is not a picture of the type it says")) from None
    width, height = picture.size
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        picture.close()
        raise DocumentInvalid(_("The photo is too large: it must be at most %(n)s × %(n)s pixels", n=MAX_SIDE))
    return picture


def _decode(picture: Image.Image) -> None:
    try:
        picture.load()
    except Exception:  # noqa: BLE001 — truncated or corrupt data surfaces as OSError, SyntaxError, ValueError…
        picture.close()
        raise DocumentInvalid(_("The photo could not be opened: the file is incomplete or damaged")) from None


def photo_type(data: bytes) -> str | None:
    """The photo type the first bytes announce. A kind's `check_parts` is given bytes, not declared
    types; the platform has already refused any part whose bytes do not match its declared type
    (artefacts/envelope.py, MAGIC), so for a stored part this is the declared type."""
    signatures = {
        "image/jpeg": data[:3] == b"\xff\xd8\xff",
        "image/png": data[:8] == b"\x89PNG\r\n\x1a\n",
        "image/webp": data[:4] == b"RIFF" and data[8:12] == b"WEBP",
    }
    return next((media_type for media_type, matches in signatures.items() if matches), None)


def check_photo(data: bytes, media_type: str) -> None:
    """Refuse, with a readable reason, anything that is not a whole photo of `media_type`."""
    if media_type not in FORMATS:
        raise DocumentInvalid(_("A photo must be a JPEG, PNG or WebP picture"))
    picture = _open(data, [FORMATS[media_type]])
    _decode(picture)
    picture.close()


# Greyscale with more than 8 bits a sample (a 16-bit PNG opens as I;16; older Pillows, and any
# 16-bit source, give I; F is the float form of the same). Their full scale is 16 bits: 65535 is white.
WIDE_GREY = ("I;16", "I;16L", "I;16B", "I;16N", "I", "F")
SIXTEEN_BIT_WHITE = 65535
# Modes carrying their own transparency (premultiplied La and RGBa are unpremultiplied by Pillow's conversion).
WITH_ALPHA = ("RGBA", "RGBa", "LA", "PA")


def as_seen(picture: Image.Image) -> Image.Image:
    """The picture as an RGB image that looks as the picture does, whatever its mode: wide greyscale
    scaled to 8 bits (Pillow's own conversion clips it, so a 16-bit grey photo came back all white),
    and anything transparent (an alpha channel, or a PNG's transparent colour) laid on white."""
    if picture.mode in WIDE_GREY:
        grey = picture if picture.mode == "F" else picture.convert("I")
        picture = grey.point(lambda sample: sample * (255 / SIXTEEN_BIT_WHITE)).convert("L")
    if picture.mode == "La":  # Pillow has no conversion from La but to LA
        picture = picture.convert("LA")
    if picture.mode in WITH_ALPHA or "transparency" in picture.info:
        rgba = picture.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")  # transparency as the paper it was drawn on
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return picture.convert("RGB")


def clean_picture(data: bytes, max_side: int = CLEAN_SIDE) -> Image.Image:
    """The photo's pixels alone, as an RGB image the right way up, longest side at most `max_side`."""
    picture = _open(data, list(FORMATS.values()))
    _decode(picture)
    with picture:
        flat = as_seen(ImageOps.exif_transpose(picture))  # the orientation tag is about to be dropped
    flat.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # A fresh image: convert() and thumbnail() carry `info` (exif, xmp, icc_profile) along, and the
    # JPEG encoder writes some of it back out unless told otherwise.
    clean = Image.new("RGB", flat.size)
    clean.paste(flat)
    return clean


def clean_photo(data: bytes) -> bytes:
    """The photo re-encoded as a JPEG without any metadata, for serving and for sheets."""
    buffer = io.BytesIO()
    clean_picture(data).save(buffer, "JPEG", quality=CLEAN_QUALITY, optimize=True)
    return buffer.getvalue()
