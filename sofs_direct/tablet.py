"""The tablet app's shell: the offline pages, the web app manifest and the service worker.

Main decision: the shell holds no user and no child data at all — no name, no CSRF token, no caseload —
so it can be cached by the service worker and served with no connection. Everything personal is
fetched from /api/ while online and kept on the tablet encrypted (static/js/tablet/). There is one
shell page per language (/tablet/en, /tablet/cy), rendered from the same catalogue as every other page.

The service worker's version is a hash of everything it precaches, so any change to a precached file
(or a new TABLET_BUILD) makes browsers install a new version, which then *waits* until the tablet's
outbox is empty before it takes over (docs/sync.md; static/js/tablet/updates.js).

Each tool is one folder, static/js/tools/<kind>/ (docs/adding-a-kind-tablet.md): its scripts, its
contract.json and its styles. The shell finds every tool's styles and files by globbing those folders,
so a new tool is registered once (static/js/tools/index.js) and never listed here a second time.

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
from .platform.i18n import get_language, po_path
from .platform.tablet_session import open_blueprint_while_locked

bp = Blueprint("tablet", __name__)
# The shell holds no one's data (above), and it is where a locked tablet app is unlocked.
open_blueprint_while_locked(bp)

STATIC = PROJECT_ROOT / "static"
# The platform's own styles, in the order the shell links them; each tool's follow (tool_stylesheets).
PLATFORM_STYLESHEETS = [
    "vendor/govuk-frontend/govuk-frontend.min.css",
    "css/app.css",
    "css/tablet.css",
    "css/ink.css",
    "css/child.css",
]
# Static files the offline app needs; globs relative to static/.
PRECACHED_STATIC = [
    *PLATFORM_STYLESHEETS,
    "js/tablet/*.js",
    "js/tools/*.js",
    "js/tools/*.json",  # what the tools share with the server (sharing.json)
    "js/tools/*/*.js",  # each tool's own folder: its screens and model…
    "js/tools/*/*.json",  # …its contract, which model.js imports (so it must work offline too)…
    "js/tools/*/*.css",  # …and its styles (tool_stylesheets)
    "js/ink/*.js",
    "ink/artwork.json",
    "ink/budget.json",
    "ink/stamps/*.png",
    "ink/symbols/*.png",
    "words/*.json",
    "vendor/govuk-frontend/govuk-frontend.min.js",
    "vendor/perfect-freehand/perfect-freehand.mjs",
    "vendor/hash-wasm/hash-wasm.esm.min.js",  # the passcode's Argon2id (crypto.js), needed to unlock offline
    "icons/*.*",
    "icons/child/*.svg",
    "icons/explainer/*.svg",  # the "What happens today" pictures and the consent and recording signs
]
# The symbol vocabulary's URLs: answered by the service worker from the symbols pack, never precached.
SYMBOL_PATHS = ["/static/symbols/", "/static/vendor/openmoji/"]
SYMBOL_PACK = "/tablet/symbols.json"


def tool_stylesheets() -> list[str]:
    """Every tool's styles, found in its folder (static/js/tools/<kind>/<kind>.css), in the order of
    the folders' names: the tools' rules never compete (each has its own class prefix), so any fixed
    order will do, and this one needs no list."""
    return [str(path.relative_to(STATIC)) for path in sorted(STATIC.glob("js/tools/*/*.css"))]


def static_files() -> list[Path]:
    files = []
    for pattern in PRECACHED_STATIC:
        files.extend(sorted(STATIC.glob(pattern)))
    return files


def precache_urls() -> list[str]:
    languages = current_app.config["SUPPORTED_LANGUAGES"]
    urls = [url_for("tablet.shell", lang=lang) for lang in languages]
    urls += [url_for("tablet.offline", lang=lang) for lang in languages]
    urls += [url_for("i18n.catalogue_json", lang=lang) for lang in languages]
    urls.append(url_for("tablet.manifest"))
    urls += [url_for("static", filename=str(path.relative_to(STATIC))) for path in static_files()]
    return urls


def shell_version() -> str:
    """A hash of every precached file, the templates and catalogues they are rendered from, and
    TABLET_BUILD. Tablets ask for /sw.js on every page load, so the files are read again only when
    one of them has changed (by size or modification time)."""
    sources = static_files() + sorted((PROJECT_ROOT / "templates" / "tablet").glob("*.html"))
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
def shell(lang):
    _language_or_404(lang)
    return render_template(
        "tablet/app.html",
        lang=lang,
        other_language="cy" if lang == "en" else "en",
        stylesheets=PLATFORM_STYLESHEETS + tool_stylesheets(),
    )


@bp.get("/offline/<lang>")
def offline(lang):
    _language_or_404(lang)
    return render_template("tablet/offline.html", lang=lang, stylesheets=PLATFORM_STYLESHEETS + tool_stylesheets())


@bp.get("/manifest.webmanifest")
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
def symbols_pack():
    """The symbols pack for "Prepare for visits": no child data, like the static files it is made of."""
    body, etag = symbol_pack()
    response = Response(body, mimetype="application/json")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"  # always asked again; unchanged, it is a 304
    return response.make_conditional(request)


@bp.get("/sw.js")
def service_worker():
    script = render_template(
        "tablet/sw.js",
        version=shell_version(),
        precache=precache_urls(),
        languages=list(current_app.config["SUPPORTED_LANGUAGES"]),
        symbol_paths=SYMBOL_PATHS,
        symbol_pack=SYMBOL_PACK,
    )
    response = Response(script, mimetype="text/javascript")
    # Browsers must always ask for the newest worker; the root scope covers every page.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response
