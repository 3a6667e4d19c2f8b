"""A drawing on a blank page as a picture (a storyboard's page, a parent's signature).

Main decision: drawn whatever its size (`within_budget=False`), so a drawing stored before there was
a budget still shows; raster.render_drawing puts a sentence in place of one too detailed to draw.
"""

from PIL import Image

from . import ink, ink_decode, raster


def drawing_image(data: bytes, size_px: int) -> Image.Image:
    """A drawing on a blank page, as a square RGB picture (render_drawing's placeholder for one over
    the drawing budget, stored before there was one)."""
    return raster.render_drawing(ink_decode.decode(data, ink.load_artwork(), None, within_budget=False), None, size_px)
