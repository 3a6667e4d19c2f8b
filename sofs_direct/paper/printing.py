"""Printed pages written out (the writers): a page laid out as a list of items, drawn as a PDF with
fpdf2 or as a PNG with Pillow.

Main decision: a sheet (sheets.py), a booklet (booklets.py) or a document with its own layout (the
network kind's render.py: the map, a meeting) is laid out once, in points, as a list of things to
draw on each page, and the same pages are then drawn by either writer, so the PDF and the PNG break
lines and pages in the same places. In the PDF the words are real text in the embedded font
(lettering.py), and its properties name the kind of document only, never the child.

The font is read once a process (`_font`): fpdf2's add_font parses the TrueType file and builds its
tables of widths and glyphs afresh for every PDF, which was a third of the time of a small one. Only
what nothing changes is shared (the character map, the names and measures); each document gets its
own widths, glyph numbers and font descriptor (fpdf2 writes its object numbers into it), its own
subset, and its own fontTools font read from the bytes kept in memory, because fpdf2's subsetter cuts
that font down in place when the document is written. Documents may be made in several threads at
once. tests/paper/test_pdf.py checks that the PDFs are byte for byte those of fpdf2's own add_font.
"""

import copy
import io
from collections import defaultdict
from functools import cache
from pathlib import Path

from fontTools import ttLib
from fpdf import FPDF
from fpdf.enums import TextEmphasis
from fpdf.fonts import SubsetMap, TTFFont
from PIL import Image, ImageDraw

from ..platform.i18n import get_language
from .lettering import FAMILY, FONT_FILES, RULE, pillow_font

# --- the writers --------------------------------------------------------------------------------
# A page is a list of items, in drawing order, positions in points from the page's top left:
#   ("text", x, baseline, text, style)     ("image", x, y, side, PIL image)
#   ("drawing", x, y, side, name)           a drawing made at the writer's resolution by `pictures`
#   ("symbol", x, y, side, path)            an SVG symbol (artefacts/symbols.py picture_path): drawn as
#                                           vectors in the PDF; a PNG shows only the words beside it,
#                                           because Pillow cannot draw SVG and the words carry the meaning
#   ("line", x1, y1, x2, y2)                a thin grey rule
#   ("box", x, y, width, height, fill or None (an outline only), border)

PRINT_DPI = 150  # drawings in a PDF: sharp when printed, small enough to send
# ... but at most this many pixels a side (a drawing across a whole A4 page is then 110 dpi, its
# edges still smoothed): the render's time grows with its area, and a twelve-page booklet must be
# made within two seconds on one core (tests/bench_booklet.py: 960 px took 1.7 s of CPU, 800 px 1.0 s).
PRINT_MAX_PX = 800


def new_pdf(title: str, width: float, height: float) -> FPDF:
    # fpdf2 wants the short side first and the orientation apart (a named format warns since 2.8.5).
    document = FPDF(
        orientation="landscape" if width > height else "portrait",
        unit="pt",
        format=(min(width, height), max(width, height)),
    )
    document.set_auto_page_break(False)
    document.set_margins(0, 0)
    _add_font(document, "", FONT_FILES["regular"])
    _add_font(document, "B", FONT_FILES["bold"])
    # Metadata names the kind of document only: a PDF's properties travel with it, the child's name must not.
    document.set_title(title)
    document.set_creator("SofS Direct")
    document.set_lang(get_language())
    return document


# The font's tables that never reach a PDF: fpdf2's writer drops them from every subset it embeds
# (output.py, `drop_tables`), and fontTools drops `kern` where there is GPOS. fontTools still reads
# the layout tables of every document before dropping them, which was half of what is left.
UNPRINTED_TABLES = ("FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta", "kern")


@cache
def _font(path: Path) -> tuple[TTFFont, bytes]:
    """The font as fpdf2 reads it, once a process, and the file's bytes without UNPRINTED_TABLES.
    Only a plain TrueType font (no CFF outlines, no colour) is shared so: for those fpdf2's add_font
    does nothing more."""
    read = TTFFont(FPDF(), path, "shared", "")
    if read.is_cff or read.color_font is not None:
        raise ValueError(f"{path.name}: only a plain TrueType font can be shared between documents")
    read.ttfont.close()  # never written: each document has its own (`_add_font`)
    with ttLib.TTFont(path, lazy=True, recalcBBoxes=False, recalcTimestamp=False) as whole:
        for tag in UNPRINTED_TABLES:
            if tag in whole:
                del whole[tag]
        printed = io.BytesIO()
        whole.save(printed)
    return read, printed.getvalue()


def _add_font(document: FPDF, style: str, path: Path) -> None:
    """document.add_font(FAMILY, style, path) without reading the file again: the shared font's
    read-only parts, and this document's own copies of everything fpdf2 changes while writing it."""
    read, data = _font(path)
    font = copy.copy(read)
    font.i = len(document.fonts) + 1
    font.fontkey = f"{FAMILY.lower()}{style}"
    font.emphasis = TextEmphasis.coerce(style)
    # Subset in place when the document is written, so one for each document (lazy: read as needed).
    font.ttfont = ttLib.TTFont(io.BytesIO(data), recalcTimestamp=False, lazy=True)
    font.cw = defaultdict(read.cw.default_factory, read.cw)  # a missing width is added on lookup
    font.glyph_ids = dict(read.glyph_ids)
    font.desc = copy.copy(read.desc)  # written into with this document's object numbers and font file
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font._hbfont = None
    font.subset = SubsetMap(font)
    document.fonts[font.fontkey] = font


def draw_pdf(document: FPDF, items: list[tuple], pictures=None) -> None:
    document.add_page()
    for item in items:
        kind = item[0]
        if kind == "text":
            _kind, x, baseline, text, style = item
            if text:
                document.set_font(FAMILY, "B" if style.font == "bold" else "", style.size)
                document.set_text_color(*style.colour)
                document.text(x, baseline, text)
        elif kind in ("image", "drawing"):
            _kind, x, y, size, picture = item
            if kind == "drawing":
                picture = pictures(picture, max(1, min(PRINT_MAX_PX, round(size * PRINT_DPI / 72))))
            document.image(picture, x=x, y=y, w=size, h=size)
        elif kind == "symbol":
            _kind, x, y, size, path = item
            document.image(str(path), x=x, y=y, w=size, h=size)
        elif kind == "line":
            _kind, x1, y1, x2, y2 = item
            document.set_draw_color(*RULE)
            document.set_line_width(0.75)
            document.line(x1, y1, x2, y2)
        else:
            _kind, x, y, width, height, fill, border = item
            if fill is not None:
                document.set_fill_color(*fill)
            document.set_draw_color(*border)
            document.set_line_width(1.5 if fill is not None else 0.75)
            document.rect(x, y, width, height, style="D" if fill is None else "DF")


def draw_image(items: list[tuple], width: float, height: float, width_px: int, pictures=None) -> Image.Image:
    """One page as an RGB picture `width_px` wide."""
    scale = width_px / width
    image = Image.new("RGB", (width_px, round(height * scale)), "white")
    draw = ImageDraw.Draw(image)
    for item in items:
        kind = item[0]
        if kind == "text":
            _kind, x, baseline, text, style = item
            if text:
                draw.text(
                    (x * scale, baseline * scale),
                    text,
                    fill=style.colour,
                    anchor="ls",
                    font=pillow_font(style.font, max(1, round(style.size * scale))),
                )
        elif kind in ("image", "drawing"):
            _kind, x, y, size, picture = item
            side = max(1, round(size * scale))
            if kind == "drawing":
                picture = pictures(picture, side)
            fitted = picture.convert("RGBA")
            if fitted.size != (side, side):
                fitted = fitted.resize((side, side), Image.Resampling.LANCZOS)
            image.paste(fitted, (round(x * scale), round(y * scale)), fitted)
        elif kind == "symbol":
            continue
        elif kind == "line":
            _kind, x1, y1, x2, y2 = item
            draw.line([(x1 * scale, y1 * scale), (x2 * scale, y2 * scale)], fill=RULE, width=max(1, round(scale)))
        else:
            _kind, x, y, box_width, box_height, fill, border = item
            draw.rectangle(
                [x * scale, y * scale, (x + box_width) * scale, (y + box_height) * scale],
                fill=fill,
                outline=border,
                width=max(1, round((1.5 if fill is not None else 0.75) * scale)),
            )
    return image


def stacked(images: list[Image.Image], gap_px: int = 24) -> Image.Image:
    """Pages one under the other in one picture (a PNG has no pages), divided by a grey band."""
    width = max(image.width for image in images)
    height = sum(image.height for image in images) + gap_px * (len(images) - 1)
    whole = Image.new("RGB", (width, height), RULE)
    y = 0
    for image in images:
        whole.paste(image, (0, y))
        y += image.height + gap_px
    return whole


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=False)
    return buffer.getvalue()


# --- for documents with their own layout (the network kind's render.py: the map, a meeting), and for
# a document written in parts (packs.py keeps each file within a size) -------------------------------


def items_pdf(title: str, width: float, height: float, pages: list[list[tuple]], pictures=None) -> bytes:
    """Pages already laid out as items (see "the writers" above), `width` × `height` points each, as
    a PDF in the embedded font; `pictures(name, size_px)` draws their "drawing" items, if any."""
    document = new_pdf(title, width, height)
    for items in pages:
        draw_pdf(document, items, pictures)
    return bytes(document.output())


def items_images(
    width: float, height: float, pages: list[list[tuple]], width_px: int, pictures=None
) -> list[Image.Image]:
    """Pages already laid out as items, each as an RGB picture `width_px` wide."""
    return [draw_image(items, width, height, width_px, pictures) for items in pages]
