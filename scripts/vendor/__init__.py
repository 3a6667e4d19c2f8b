"""Vendor the front-end packages SofS Direct serves into ``static/vendor/``.

This is a maintenance script, run by hand when a pinned version changes::

    .venv/bin/python -m scripts.vendor (make vendor)

The application never imports it; the app only serves the files it writes.

Main decision: every vendored file comes from the npm tarball of an exactly
pinned package version, fetched with ``npm pack NAME@VERSION`` and read with
Python's :mod:`tarfile`. Nothing is fetched from a CDN, and there is no
bundler or ``node_modules`` tree. Each tarball's sha512 is checked against
the ``integrity`` value pinned in ``packages`` (the same value npm's lockfiles use),
and the ``version`` and ``license`` fields of the tarball's ``package.json``
are checked against the pins, so a run either reproduces exactly the same
bytes or fails. Tarball member names are validated (no absolute paths, no
``..``, no links or devices), and only the regular files we ask for are
read; nothing else from the archive is written to disk.

Output: the chosen files, each package's licence file(s), and
``static/vendor/MANIFEST.json``, which records for every package its name,
version, licence id and tarball integrity, and for every vendored file its
path relative to ``static/`` and its sha256. The script is idempotent:
output is deterministic (no timestamps), files are only rewritten when
their content changes, and files left over from an earlier pin inside a
package's own vendor directory are removed.

Files are copied byte for byte, with one deliberate exception: the
govuk-frontend CSS, whose post-processing ``govuk`` describes.

The modules: ``pins`` (what a pin is, and where the files go), ``packages`` (the pinned packages,
their files and licences), ``tarball`` (fetching and verifying a tarball, reading its members),
``css`` (a small CSS parser that round-trips its input) and ``govuk`` (the govuk-frontend CSS and
licence), and ``write`` (writing the files and the manifest). ``python -m scripts.vendor`` runs
``write.main``.
"""
