"""The tablet app's shell: the offline pages, the web app manifest and the service worker.

Main decision: the shell holds no user and no child data at all — no name, no CSRF token, no caseload —
so it can be cached by the service worker and served with no connection. Everything personal is
fetched from /api/ while online and kept on the tablet encrypted (static/js/tablet/). There is one
shell page per language (/tablet/en, /tablet/cy), rendered from the same catalogue as every other page.

The service worker precaches only the shell; the tools, the ink and its pictures are packs, kept
when first needed or when the worker prepares for visits (sofs_direct/tablet_files.py says which is
which; docs/tablet-shell.md). The worker's version is a hash of the shell and every pack, so any
change to one of their files (or a new TABLET_BUILD) makes browsers install a new version, which then
*waits* until the tablet's outbox is empty before it takes over (docs/sync.md;
static/js/tablet/updates.js). These pages, the worker and the static files are sent gzipped
(platform/compression.py).

Each tool is one folder, static/js/tools/<kind>/ (docs/adding-a-kind-tablet.md): its scripts, its
contract.json and its styles. Its pack and its styles are found by globbing those folders, so a new
tool is registered once (static/js/tools/index.js) and never listed here a second time.

The symbol vocabulary (static/symbols/, static/vendor/openmoji/; docs/symbols.md) is an optional pack,
not part of the shell: it is not precached. "Prepare for visits" fetches it as ONE response, the
catalogue and every picture's SVG in a JSON (/tablet/symbols.json, symbol_pack), and keeps it in a
cache of its own (static/js/tablet/symbols.js, keepSymbolsOffline); the service worker answers each
symbol URL (SYMBOL_PATHS) out of it. One response, not two hundred: a request costs far more than a
small SVG's bytes, on a visit's slow link and on the server alike, and an unchanged pack is a 304.
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, g, redirect, render_template, request, url_for

from .artefacts import symbols
from .platform import PROJECT_ROOT
from .platform.compression import compressed
from .platform.i18n import get_language, po_path
from .platform.tablet_session import open_blueprint_while_locked
from .tablet_files import (
    PLATFORM_STYLESHEETS,
    STATIC,
    pack_files,
    pack_hashes,
    shell_files,
    shell_modules,
    static_url,
    tool_stylesheets,
)

bp = Blueprint("tablet", __name__)
# The shell holds no one's data (above), and it is where a locked tablet app is unlocked.
open_blueprint_while_locked(bp)

# The symbol vocabulary's URLs: answered by the service worker from the symbols pack, never precached.
SYMBOL_PATHS = ["/static/symbols/", "/static/vendor/openmoji/"]
SYMBOL_PACK = "/tablet/symbols.json"


def precache_urls() -> list[str]:
    languages = current_app.config["SUPPORTED_LANGUAGES"]
    urls = [url_for("tablet.shell", lang=lang) for lang in languages]
    urls += [url_for("tablet.offline", lang=lang) for lang in languages]
    urls += [url_for("i18n.catalogue_json", lang=lang) for lang in languages]
    urls.append(url_for("tablet.manifest"))
    urls += [static_url(path) for path in shell_files()]
    return urls


def shell_version() -> str:
    """A hash of the shell and every pack, the templates and catalogues they are rendered from, and
    TABLET_BUILD. Tablets ask for /sw.js on every page load, so the files are read again only when
    one of them has changed (by size or modification time)."""
    sources = shell_files() + pack_files() + sorted((PROJECT_ROOT / "templates" / "tablet").glob("*.html"))
    sources += [po_path(lang) for lang in current_app.config["SUPPORTED_LANGUAGES"] if po_path(lang).exists()]
    signature = tuple((str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in sources)
    return _hash_sources(str(current_app.config.get("TABLET_BUILD", "")), signature)


# Safe per process (the server runs a worker process per core, each with its own cache): the hash is a
# pure function of the files' bytes and TABLET_BUILD, and the cache is keyed by every file's size and
# modification time, so each worker computes the same value from the same files and notices a changed
# file at its next request. Workers can differ only while files are being replaced under a running
# server, and agree again as soon as the copy ends (a release restarts the server anyway). The same
# holds for the symbols pack below.
@lru_cache(maxsize=8)
def _hash_sources(build: str, signature: tuple) -> str:
    digest = hashlib.sha256(build.encode())
    for path, _mtime, _size in signature:
        digest.update(Path(path).name.encode())
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


def symbol_pack_files() -> list[Path]:
    """What the symbols pack holds: the catalogue and each symbol's picture once."""
    return [symbols.CATALOGUE, *sorted({STATIC / entry["file"] for entry in symbols.SYMBOLS})]


def symbol_pack() -> tuple[bytes, str]:
    """The symbols pack, {"files": {URL: text}}, and its ETag; built again only when a file changes."""
    signature = tuple((str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in symbol_pack_files())
    return _build_symbol_pack(signature)


@lru_cache(maxsize=2)
def _build_symbol_pack(signature: tuple) -> tuple[bytes, str]:
    files = {
        "/static/" + Path(path).relative_to(STATIC).as_posix(): Path(path).read_text(encoding="utf-8")
        for path, _mtime, _size in signature
    }
    body = json.dumps({"files": files}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return body, hashlib.sha256(body).hexdigest()[:16]


def _language_or_404(lang: str) -> str:
    if lang not in current_app.config["SUPPORTED_LANGUAGES"]:
        abort(404)
    g.language = lang  # this page is in the language of its URL, whatever the user prefers
    return lang


@bp.get("/tablet")
def start():
    return redirect(url_for("tablet.shell", lang=get_language()))


@bp.get("/tablet/<lang>")
@compressed
def shell(lang):
    """The app's one page. It names every module of the start-up graph for preloading, so the
    browser fetches (offline: reads from the cache) them all at once rather than one level of imports
    at a time, and names the tools' stylesheets, which come with the tools after unlocking."""
    _language_or_404(lang)
    return render_template(
        "tablet/app.html",
        lang=lang,
        other_language="cy" if lang == "en" else "en",
        stylesheets=PLATFORM_STYLESHEETS,
        modules=shell_modules(),
        tool_styles=[url_for("static", filename=name) for name in tool_stylesheets()],
    )


@bp.get("/offline/<lang>")
@compressed
def offline(lang):
    _language_or_404(lang)
    return render_template("tablet/offline.html", lang=lang, stylesheets=PLATFORM_STYLESHEETS)


@bp.get("/manifest.webmanifest")
@compressed
def manifest():
    icons = [
        {"src": url_for("static", filename="icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": url_for("static", filename="icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": url_for("static", filename="icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
        {"src": url_for("static", filename="icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
    ]
    body = {
        "name": "SofS Direct",
        "short_name": "SofS Direct",
        "id": "/tablet",
        "start_url": "/tablet",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "background_color": "#f3f2f1",
        "theme_color": "#1d4f4a",
        "icons": icons,
    }
    return Response(json.dumps(body), mimetype="application/manifest+json")


@bp.get(SYMBOL_PACK)
@compressed
def symbols_pack():
    """The symbols pack for "Prepare for visits": no child data, like the static files it is made of."""
    body, etag = symbol_pack()
    response = Response(body, mimetype="application/json")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"  # always asked again; unchanged, it is a 304
    return response.make_conditional(request)


@bp.get("/sw.js")
@compressed
def service_worker():
    script = render_template(
        "tablet/sw.js",
        version=shell_version(),
        precache=precache_urls(),
        packs=pack_hashes(),
        languages=list(current_app.config["SUPPORTED_LANGUAGES"]),
        symbol_paths=SYMBOL_PATHS,
        symbol_pack=SYMBOL_PACK,
    )
    response = Response(script, mimetype="text/javascript")
    # Browsers must always ask for the newest worker; the root scope covers every page.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response
