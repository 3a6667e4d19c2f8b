"""Draw the stamps, the house symbols and the outlines of the child's drawing screens.

This is a maintenance script, run by hand when a picture changes::

    .venv/bin/python -m scripts.artwork

It writes ``static/ink/stamps/<id>.png`` for every stamp and ``static/ink/symbols/<id>.png`` for
every symbol named in ``static/ink/artwork.json``, and the ``outlines`` of that file. The app
never imports it; both the tablet and the server only read the files it writes.

Main decision: the art is code. Every picture is built here from a handful of primitives (ovals,
polygons, thick rounded lines, rounded boxes) with Pillow, so it is original, licence-clean (no
icon set, emoji font or clip-art is copied or traced), reviewable as a diff, and reproducible: a
run on the same Pillow and zlib writes the same bytes, which ``tests/scripts/test_artwork.py`` checks by
drawing everything again.

The modules: ``sketch`` (the canvas, the primitives, the measures and the point lists, and how a
picture is drawn) and ``palette`` (the shared colours); one module per family of pictures
(``faces``, ``people``, ``animals``, ``home``, ``places``, ``weather``, ``symbols``); ``outlines``
(the drawing surfaces' regions and lines); and ``generate`` (which picture each id names, and
writing the files). ``python -m scripts.artwork`` runs ``generate.main``.
"""
