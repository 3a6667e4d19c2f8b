"""Writing the vendored files and ``static/vendor/MANIFEST.json``: the run itself.

Main decision: a run is idempotent. Each package's files and licences are written only when their
bytes change (through a temporary file and a rename), nothing is written outside the package's
own directory, files an earlier pin left there are removed, and the manifest is deterministic
(sorted keys, no timestamps).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

from scripts.vendor.packages import PACKAGES
from scripts.vendor.pins import MANIFEST, ROOT, STATIC, VENDOR, Package, VendorError
from scripts.vendor.tarball import check_integrity, make_reader, npm_pack, open_members


def _safe_dest(dest: str) -> Path:
    target = (VENDOR / dest).resolve()
    if VENDOR.resolve() not in target.parents:
        raise VendorError(f"destination outside static/vendor: {dest!r}")
    return target


def write_if_changed(path: Path, data: bytes) -> str:
    if path.is_file() and path.read_bytes() == data:
        return "unchanged"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return "wrote"


def vendor_package(package: Package, workdir: Path) -> dict:
    print(f"{package.name}@{package.version}")
    tarball = npm_pack(package.name, package.version, workdir)
    check_integrity(tarball, package.integrity)
    archive, members = open_members(tarball)
    with archive:
        read = make_reader(archive, members, tarball)
        meta = json.loads(read("package.json"))
        if meta.get("name") != package.name or meta.get("version") != package.version:
            raise VendorError(f"{tarball.name}: package.json says {meta.get('name')}@{meta.get('version')}")
        if meta.get("license") != package.licence:
            raise VendorError(f"{tarball.name}: licence is {meta.get('license')!r}, pinned {package.licence!r}")

        entries = []
        for kind, items in (("asset", package.files), ("licence", package.licence_files)):
            for item in items:
                if not item.dest.startswith(package.directory + "/"):
                    raise VendorError(f"{item.dest!r} is outside {package.directory}/")
                if item.generate is not None:
                    data = item.generate(read)
                else:
                    data = read(item.source)
                    if item.transform is not None:
                        data = item.transform(data)
                target = _safe_dest(item.dest)
                action = write_if_changed(target, data)
                entry = {
                    "path": target.relative_to(STATIC).as_posix(),
                    "kind": kind,
                    "source": f"package/{item.source}" if item.source else None,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "size": len(data),
                    "modified": item.transform is not None or item.generate is not None,
                }
                if item.note:
                    entry["note"] = item.note
                entries.append(entry)
                print(f"  {action:9} static/{entry['path']} ({len(data):,} bytes)")

    # Remove files from an earlier pin that this package no longer vendors.
    wanted = {STATIC / e["path"] for e in entries}
    package_dir = VENDOR / package.directory
    for path in sorted(package_dir.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
            print(f"  removed   {path.relative_to(ROOT).as_posix()}")
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()

    return {
        "version": package.version,
        "licence": package.licence,
        "integrity": package.integrity,
        "files": entries,
    }


def main() -> int:
    VENDOR.mkdir(parents=True, exist_ok=True)
    manifest: dict = {
        "comment": "Written by `make vendor` (python -m scripts.vendor); do not edit by hand.",
        "packages": {},
    }
    try:
        with tempfile.TemporaryDirectory(prefix="sofs-vendor-") as tmp:
            for package in PACKAGES:
                manifest["packages"][package.name] = vendor_package(package, Path(tmp))
    except VendorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    action = write_if_changed(MANIFEST, text.encode("utf-8"))
    print(f"{action} {MANIFEST.relative_to(ROOT).as_posix()}")
    return 0
