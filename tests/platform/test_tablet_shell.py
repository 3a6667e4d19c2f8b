"""The tablet app's shell and packs (sofs_direct/tablet_files.py, docs/tablet-shell.md), and static
files and shell pages answered compressed (sofs_direct/platform/compression.py).

Main decision: the shell's size is measured as a tablet's first install receives it — every URL the
service worker precaches, and the worker itself, asked with the Accept-Encoding a browser sends — so
the budget holds what is really transferred, however the files are grouped."""

import gzip
import json

from sofs_direct import tablet_files
from tests.bench.tablet_start import GZIP, TARGET_SHELL, shell_sizes


def answer(client, url, headers=None):
    """The response, read and closed (a static file's answer holds the file open until then)."""
    with client.get(url, headers=headers) as response:
        response.get_data()
        return response


def listed(client, name):
    worker = client.get("/sw.js").get_data(as_text=True)
    return json.loads(worker.split(f"const {name} = ", 1)[1].split(";", 1)[0])


def test_the_shell_stays_within_its_budget_and_holds_no_tools_files(app, client):
    files, raw, sent = shell_sizes(app)["shell"]
    assert sent <= TARGET_SHELL, f"the shell is {sent / 1024:.0f} KB gzipped ({files} files, {raw / 1024:.0f} KB raw)"
    precache = listed(client, "PRECACHE")
    tools = [tablet_files.static_url(folder) for folder in tablet_files.tool_folders()]
    assert len(tools) >= 8
    assert [url for url in precache if url.startswith(tuple(tools))] == []
    # What unlocking needs offline is in it: the start-up graph, the passcode's Argon2id, both languages.
    assert "/static/js/tablet/app.js" in precache and "/static/vendor/hash-wasm/hash-wasm.esm.min.js" in precache
    assert {"/tablet/en", "/tablet/cy", "/i18n/cy.json"} <= set(precache)
    page = client.get("/tablet/en").get_data(as_text=True)
    preloaded = [line.split('href="', 1)[1].split('"', 1)[0] for line in page.splitlines() if "modulepreload" in line]
    assert "/static/js/tablet/app.js" in preloaded and "/static/js/tablet/unlock-screens.js" in preloaded
    assert set(preloaded) <= set(precache)  # each module of the start-up graph is in the shell…
    assert not [url for url in preloaded if url.startswith(tuple(tools)) or "/js/ink/" in url]  # …and no tool's


def test_every_pack_file_is_listed_with_its_version_and_nothing_is_in_two_places(client):
    packs = listed(client, "PACKS")
    precache = set(listed(client, "PRECACHE"))
    every_tool_file = {
        tablet_files.static_url(path)
        for folder in tablet_files.tool_folders()
        for path in folder.iterdir()
        if path.is_file()
    }
    assert every_tool_file <= set(packs)  # each tool's whole folder, found by globbing
    assert {"/static/js/ink/canvas.js", "/static/ink/artwork.json"} <= set(packs)
    assert any(url.startswith("/static/ink/stamps/") for url in packs)
    assert not precache & set(packs)
    url = "/static/js/ink/canvas.js"
    assert packs[url] in answer(client, url).headers["ETag"]  # what the worker checks before keeping it
    # Every file of the tablet's folders is kept, in the shell or in a pack: none is forgotten.
    everything = {
        tablet_files.static_url(path)
        for pattern in ("js/tablet/*", "js/tools/**/*", "js/ink/*", "ink/**/*", "icons/**/*", "words/*")
        for path in tablet_files.STATIC.glob(pattern)
        if path.is_file()
    }
    assert everything - precache - set(packs) == set()


def test_static_files_are_sent_gzipped_with_a_content_hash_etag(client):
    plain = answer(client, "/static/js/tablet/app.js")
    packed = answer(client, "/static/js/tablet/app.js", GZIP)
    assert packed.headers["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain.headers
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert len(packed.get_data()) < len(plain.get_data()) / 2
    for response in (plain, packed):
        assert "Accept-Encoding" in response.headers.get_all("Vary")
    etag = plain.headers["ETag"]
    assert packed.headers["ETag"] == "W/" + etag  # the same version, another encoding
    for headers in ({"If-None-Match": etag}, {**GZIP, "If-None-Match": packed.headers["ETag"]}):
        assert answer(client, "/static/js/tablet/app.js", headers).status_code == 304
    refused = answer(client, "/static/js/tablet/app.js", {"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers
    picture = answer(client, "/static/icons/icon-192.png", GZIP)  # PNG is compressed already
    assert "Content-Encoding" not in picture.headers and picture.headers["ETag"]
    assert client.get("/static/../sofs_direct/__init__.py").status_code == 404
    assert client.get("/static/js/tablet/nothing.js", headers=GZIP).status_code == 404


def test_the_shell_pages_and_catalogue_are_sent_gzipped(client):
    for url in ("/tablet/cy", "/offline/en", "/sw.js", "/i18n/cy.json"):
        plain, packed = client.get(url), client.get(url, headers=GZIP)
        assert packed.headers["Content-Encoding"] == "gzip", url
        assert gzip.decompress(packed.get_data()) == plain.get_data(), url
        assert "Accept-Encoding" in packed.headers["Vary"]
        again = client.get(url, headers={**GZIP, "If-None-Match": packed.headers["ETag"]})
        assert again.status_code == 304, url
    # Pages that may hold someone's data are never compressed (no BREACH side channel on them).
    assert "Content-Encoding" not in client.get("/login", headers=GZIP).headers
