"""Paper: the generic writers — the PDF and PNG writer (lettering, printing, sheets, booklets),
drawings (ink, ink_decode, drawing_budget, freehand, raster, drawing), photos and sound (audio,
audio_sound, audio_webm, audio_mp4). They turn parts into pages and pictures and know no kind and no
page.

Main decision: below the artefacts and the tools, above only the platform, so a kind's export can
draw with them and nothing here can reach back into a kind (pyproject.toml's layer contract).
"""
