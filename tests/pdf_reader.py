"""Reading a PDF back as a reader does, for the tests: each page's text through its fonts' ToUnicode
maps (so a child's words are proven to be real, extractable text), and each embedded picture as a
Pillow image (so a test can look for a drawing's pixels)."""

import io
import re
import struct
import zlib

from PIL import Image

ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


OBJECT = re.compile(rb"(\d+) 0 obj")
STREAM = re.compile(rb"stream\r?\n")


def _stream_start(data: bytes, start: int, end: int) -> re.Match | None:
    """Where an object's stream begins, if it has one before `end` (its dictionary's `stream` keyword)."""
    match = STREAM.search(data, start, end)
    return match if match and b"/Length" in data[start : match.start()] else None


def pdf_objects(data: bytes) -> dict[int, bytes]:
    """Each object's body by number. A stream is skipped by its /Length, never searched for
    "endstream" or "endobj": compressed bytes may hold either by chance (a real PDF reader's rule)."""
    objects, position = {}, 0
    while match := OBJECT.search(data, position):
        start = match.end()
        end = data.find(b"endobj", start)
        stream = _stream_start(data, start, end)
        if stream:
            length = int(re.search(rb"/Length (\d+)", data[start : stream.start()]).group(1))
            end = data.find(b"endobj", stream.end() + length)
        objects[int(match.group(1))] = data[start:end]
        position = end + len(b"endobj")
    return objects


def pdf_stream(body: bytes) -> bytes:
    match = STREAM.search(body)
    length = int(re.search(rb"/Length (\d+)", body[: match.start()]).group(1))
    raw = body[match.end() : match.end() + length]
    return zlib.decompress(raw) if b"/FlateDecode" in body[: match.start()] else raw


def pdf_ref(body: bytes, key: bytes) -> int:
    return int(re.search(rb"/" + key + rb" (\d+) 0 R", body).group(1))


def _to_unicode(cmap: bytes) -> dict[int, str]:
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, start in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(start, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                table[code] = chr(first + offset)
    return table


def _literal(content: bytes, start: int) -> tuple[bytes, int]:
    """A PDF literal string starting after its "(": its bytes and where it ends."""
    out, index = bytearray(), start
    while content[index : index + 1] != b")":
        byte = content[index : index + 1]
        if byte == b"\\":
            following = content[index + 1 : index + 2]
            octal = re.match(rb"[0-7]{1,3}", content[index + 1 : index + 4])
            if octal:
                out.append(int(octal.group(), 8))
                index += 1 + len(octal.group())
                continue
            out += ESCAPES.get(following, following)
            index += 2
            continue
        out += byte
        index += 1
    return bytes(out), index + 1


def pdf_pages(data: bytes) -> list[list[tuple[float, str]]]:
    """Each page's text-showing operations, in order, as (font size, text)."""
    objects = pdf_objects(data)
    root = next(body for body in objects.values() if b"/Type /Pages" in body)
    pages = []
    for page_number in map(int, re.findall(rb"(\d+) 0 R", re.search(rb"/Kids \[(.*?)\]", root, re.S).group(1))):
        page = objects[page_number]
        resources = objects[pdf_ref(page, b"Resources")]
        fonts = {
            name: _to_unicode(pdf_stream(objects[pdf_ref(objects[int(number)], b"ToUnicode")]))
            for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", resources)
        }
        content = pdf_stream(objects[pdf_ref(page, b"Contents")])
        shown, font, size, index = [], None, 0.0, 0
        for match in re.finditer(rb"/(F\d+) ([\d.]+) Tf|\(", content):
            if match.start() < index:
                continue
            if match.group(1):
                font, size = fonts[match.group(1)], float(match.group(2))
                continue
            raw, index = _literal(content, match.end())
            codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
            shown.append((size, "".join(font[code] for code in codes)))
        pages.append(shown)
    return pages


def pdf_text(data: bytes) -> str:
    """All the text of a PDF, its lines joined by spaces (a wrapped sentence reads whole again)."""
    return " ".join(text for page in pdf_pages(data) for _size, text in page)


def _png(width: int, height: int, colour_type: int, compressed: bytes) -> bytes:
    """A PNG file around Flate image data with PNG predictors (which is what a PNG's IDAT is)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", compressed) + chunk(b"IEND", b"")


def pdf_images(data: bytes) -> list[Image.Image]:
    """Every picture embedded in the PDF (JPEG as stored; Flate as a PNG of the same rows), as RGB."""
    images = []
    for body in pdf_objects(data).values():
        if b"/Subtype /Image" not in body:
            continue
        raw = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S).group(1)
        if b"/DCTDecode" in body:
            images.append(Image.open(io.BytesIO(raw)).convert("RGB"))
            continue
        width = int(re.search(rb"/Width (\d+)", body).group(1))
        height = int(re.search(rb"/Height (\d+)", body).group(1))
        colours = {b"/DeviceRGB": 2, b"/DeviceGray": 0}[re.search(rb"/ColorSpace (/\w+)", body).group(1)]
        if b"/Predictor" in body:
            images.append(Image.open(io.BytesIO(_png(width, height, colours, raw))).convert("RGB"))
        else:
            mode = "RGB" if colours == 2 else "L"
            images.append(Image.frombytes(mode, (width, height), zlib.decompress(raw)).convert("RGB"))
    return images
