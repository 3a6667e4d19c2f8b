"""Printed pages written out (the writers): a page laid out as a list of items, drawn as a PDF with
fpdf2 or as a PNG with Pillow.

Main decision: a sheet (sheets.py), a booklet (booklets.py) or a document with its own layout (the
network kind's render.py: the map, a meeting) is laid out once, in points, as a list of things to
draw on each page, and the same pages are then drawn by either writer, so the PDF and the PNG break
lines and pages in the same places. In the PDF the words are real text in the embedded font
(lettering.py), and its properties name the kind of document only, never the child.
"""

import io

from fpdf import FPDF
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
    document.add_font(FAMILY, "", str(FONT_FILES["regular"]))
    document.add_font(FAMILY, "B", str(FONT_FILES["bold"]))
    # Metadata names the kind of document only: a PDF's properties travel with it, the child's name must not.
    document.set_title(title)
    document.set_creator("SofS Direct")
    document.set_lang(get_language())
    return document


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
