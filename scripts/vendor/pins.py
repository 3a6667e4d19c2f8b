"""What a pin is: a package at an exact version and the files taken from it, and where they go.

Main decision: a pin names everything about a package that a run checks or writes (version, licence
id, tarball integrity, its own directory under ``static/vendor/``, and each file's source and
destination), so the list of packages is data and the code that fetches and writes is the same for all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "static"
VENDOR = STATIC / "vendor"
MANIFEST = VENDOR / "MANIFEST.json"


class VendorError(Exception):
    """Something about a package is not as pinned or expected."""


Reader = Callable[[str], bytes]
"""Returns the bytes of a tarball member, given its path under ``package/``."""


@dataclass(frozen=True)
class VendoredFile:
    """One file to write: ``dest`` is relative to ``static/vendor/``."""

    dest: str
    source: str | None = None  # path inside the tarball, under package/
    transform: Callable[[bytes], bytes] | None = None
    # Builds the content from the tarball instead of copying ``source``.
    generate: Callable[[Reader], bytes] | None = None
    note: str | None = None  # recorded in the manifest when modified


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    licence: str  # SPDX id; must equal package.json "license"
    integrity: str  # npm dist.integrity (sha512) of the tarball
    directory: str  # this package's directory under static/vendor/
    files: tuple[VendoredFile, ...]
    licence_files: tuple[VendoredFile, ...] = field(default=())
