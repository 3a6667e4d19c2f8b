"""Paper: the generic writers — the PDF writer (pdf), drawings (ink, freehand, raster, drawing),
photos and sound (audio). They turn parts into pages and pictures and know no kind and no page.

Main decision: below the artefacts and the tools, above only the platform, so a kind's export can
draw with them and nothing here can reach back into a kind (pyproject.toml's layer contract).
"""
