"""Fetching a pinned package's npm tarball, checking its integrity, and reading its members safely.

Main decision: the tarball is never extracted. ``npm pack`` fetches it, its sha512 must equal the
pin, every member name is validated (no absolute paths, no ``..``, no links or devices), and only
the regular files asked for are read, from the archive, into memory.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

from scripts.vendor.pins import Reader, VendorError


def npm_pack(name: str, version: str, dest: Path) -> Path:
    """Download the tarball of ``name@version`` into ``dest`` with npm."""
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError("npm is not on PATH")
    spec = f"{name}@{version}"
    result = subprocess.run(
        [npm, "pack", spec, "--pack-destination", str(dest), "--json", "--ignore-scripts"],
        cwd=dest,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise VendorError(f"npm pack {spec} failed:\n{result.stderr.strip()}")
    try:
        filename = json.loads(result.stdout)[0]["filename"]
    except (ValueError, LookupError, TypeError) as exc:
        raise VendorError(f"unexpected output from npm pack {spec}: {result.stdout[:200]!r}") from exc
    tarball = dest / filename
    if tarball.parent != dest or not tarball.is_file():
        raise VendorError(f"npm pack {spec} did not produce {filename}")
    return tarball


def check_integrity(tarball: Path, integrity: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        raise VendorError(f"unsupported integrity {integrity!r}")
    actual = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode("ascii")
    if actual != expected:
        raise VendorError(f"{tarball.name}: sha512 is {actual}, pinned {expected}")


def _check_member_name(name: str) -> None:
    parts = name.split("/")
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or re.match(r"^[A-Za-z]:", name)
        or ".." in parts
        or "\0" in name
    ):
        raise VendorError(f"unsafe path in tarball: {name!r}")


def open_members(tarball: Path) -> tuple[tarfile.TarFile, dict[str, tarfile.TarInfo]]:
    """Open the tarball, validate every member, index them by path."""
    archive = tarfile.open(tarball, "r:gz")  # noqa: SIM115 (returned open: the caller closes it)
    members: dict[str, tarfile.TarInfo] = {}
    for member in archive.getmembers():
        _check_member_name(member.name)
        if not (member.isfile() or member.isdir()):
            raise VendorError(f"{tarball.name}: link or special file in tarball: {member.name!r}")
        if hasattr(tarfile, "data_filter"):
            try:
                tarfile.data_filter(member, str(tarball.parent / "extract"))
            except tarfile.FilterError as exc:
                raise VendorError(f"{tarball.name}: unsafe member {member.name!r}: {exc}") from exc
        members[member.name] = member
    return archive, members


def make_reader(archive: tarfile.TarFile, members: dict[str, tarfile.TarInfo], tarball: Path) -> Reader:
    def read(path: str) -> bytes:
        member = members.get("package/" + path)
        if member is None or not member.isfile():
            raise VendorError(f"{tarball.name}: no file package/{path}")
        handle = archive.extractfile(member)
        assert handle is not None
        with handle:
            return handle.read()

    return read
