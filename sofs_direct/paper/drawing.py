"""A drawing on a blank page, or on one of the artwork's outlines, as a picture (a storyboard's page,
a parent's signature, a drawing copied into a letter).

Main decision: drawn whatever its size (`within_budget=False`), so a drawing stored before there was
a budget still shows; raster.render_drawing puts a sentence in place of one too detailed to draw.
"""

from PIL import Image

from . import ink, ink_decode, raster


def drawing_image(data: bytes, size_px: int, outline: str | None = None) -> Image.Image:
    """A drawing on a blank page (or on `outline`), as a square RGB picture (render_drawing's
    placeholder for one over the drawing budget, stored before there was one)."""
    ops = ink_decode.decode(data, ink.load_artwork(), outline, within_budget=False)
    return raster.render_drawing(ops, outline, size_px)
