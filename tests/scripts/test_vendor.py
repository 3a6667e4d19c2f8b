"""Checks on the front-end files vendored by ``python -m scripts.vendor``."""

import hashlib
import json
import posixpath
import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "static"
MANIFEST = STATIC / "vendor" / "MANIFEST.json"
GOVUK_CSS = STATIC / "vendor" / "govuk-frontend" / "govuk-frontend.min.css"


def load_manifest():
    return json.loads(MANIFEST.read_text(encoding="utf-8"))["packages"]


def all_entries():
    return [
        pytest.param(name, entry, id=entry["path"])
        for name, package in load_manifest().items()
        for entry in package["files"]
    ]


def test_manifest_lists_expected_packages():
    assert set(load_manifest()) == {
        "htmx.org",
        "govuk-frontend",
        "axe-core",
        "perfect-freehand",
        "dejavu-fonts-ttf",
        "openmoji",
        "hash-wasm",
    }


@pytest.mark.parametrize(("name", "entry"), all_entries())
def test_vendored_file_matches_manifest(name, entry):
    path = STATIC / entry["path"]
    assert entry["path"].startswith("vendor/"), name
    assert path.is_file(), f"{name}: {entry['path']} is missing"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]


@pytest.mark.parametrize("name", sorted(load_manifest()))
def test_every_package_has_a_licence_file(name):
    package = load_manifest()[name]
    assert package["licence"]
    licences = [e for e in package["files"] if e["kind"] == "licence"]
    assert licences, f"{name} has no licence file"
    for entry in licences:
        text = (STATIC / entry["path"]).read_text(encoding="utf-8")
        assert text.strip()


def test_no_unexpected_files_in_vendor_dir():
    listed = {STATIC / e["path"] for p in load_manifest().values() for e in p["files"]}
    present = {p for p in (STATIC / "vendor").rglob("*") if p.is_file()} - {MANIFEST}
    assert present == listed


def test_govuk_css_has_no_gds_transport_font():
    css = GOVUK_CSS.read_text(encoding="utf-8")
    assert "@font-face" not in css.lower()
    assert not re.search(r"gds\s*transport", css, re.I)
    assert "system-ui" in css


def test_govuk_css_urls_resolve_to_vendored_files():
    css = GOVUK_CSS.read_text(encoding="utf-8")
    css_dir = GOVUK_CSS.parent.relative_to(STATIC).as_posix()
    for match in re.finditer(r"url\(\s*([\"']?)(.*?)\1\s*\)", css, re.I):
        url = match.group(2)
        if url.lower().startswith("data:"):
            continue
        path = url.split("#", 1)[0].split("?", 1)[0]
        if path.startswith("/static/"):
            target = path[len("/static/") :]
        else:
            assert not re.match(r"^[a-z][a-z0-9+.-]*:|^/", path, re.I), url
            target = posixpath.normpath(posixpath.join(css_dir, path))
        assert not target.startswith(".."), url
        assert (STATIC / target).is_file(), f"url({url}) does not exist under static/"


def test_htmx_is_version_2():
    package = load_manifest()["htmx.org"]
    assert package["version"].split(".")[0] == "2"
    js = (STATIC / "vendor" / "htmx" / "htmx.min.js").read_text(encoding="utf-8")
    assert re.search(r"version:\s*\"2\.", js)


def test_perfect_freehand_is_a_standalone_module():
    js = (STATIC / "vendor" / "perfect-freehand" / "perfect-freehand.mjs").read_text(encoding="utf-8")
    assert "export{" in js.replace(" ", "")
    assert not re.search(r"\bimport\s*[\s{*\"'(]", js)
