"""What the tablet app keeps offline: its shell, its packs, and the shell's module graph.

Main decision: the *shell* is only what the tablet needs to open with no connection, be set up,
unlock and show the worker's home screen (docs/tablet-shell.md); it is precached when the app is
first installed and must stay under 300 KB gzipped (tests/platform/test_tablet_shell.py). Everything
else is a *pack*, a group of static files the shell fetches when it first needs them (the tools,
after unlocking) or all at once when the worker prepares for visits, which is always done online
before a visit; a prepared tablet then has every pack offline.

Packs are found, never listed: one per tool folder (static/js/tools/<kind>/, globbed as the shell's
stylesheets always were, so the platform never names a kind), the shared ink code, and the ink's
pictures (stamps and symbol shapes, which are most of the bytes). The symbol vocabulary is a pack of
its own with its own cache (tablet.py, symbol_pack).

The service worker's version is a hash of the shell *and* every pack, and its script lists each pack
file with its content hash: a tablet running one version only ever keeps pack files with that
version's hashes, so a tool's code never runs beside another version's shell (templates/tablet/sw.js).
"""

import re
from functools import lru_cache
from pathlib import Path

from .platform import PROJECT_ROOT
from .platform.compression import content_hash

STATIC = PROJECT_ROOT / "static"
# The platform's own styles, in the order the shell links them; each tool's come with its pack.
PLATFORM_STYLESHEETS = [
    "vendor/govuk-frontend/govuk-frontend.min.css",
    "css/app.css",
    "css/tablet.css",
    "css/ink.css",
    "css/child.css",
]
# The shell: static files the tablet needs to open offline, be set up, unlock and show the home
# screen; globs relative to static/. js/tools/*.js is what every tool shares (forms, checks…) and the
# registry, which the shell imports only after unlocking.
SHELL_STATIC = [
    *PLATFORM_STYLESHEETS,
    "js/tablet/*.js",
    "js/tools/*.js",
    "js/tools/*.json",  # what the tools share with the server (sharing.json, access.json, feedback.json)
    "words/*.json",
    "vendor/hash-wasm/hash-wasm.esm.min.js",  # the passcode's Argon2id (crypto.js), needed to unlock offline
    "icons/*.*",
    "icons/child/*.svg",
    "icons/explainer/*.svg",  # the "What happens today" pictures and the consent and recording signs
]
TOOL_FOLDERS = "js/tools/*/"
# The packs that are not a tool's folder: name -> globs relative to static/.
SHARED_PACKS = {
    "ink": ["js/ink/*.js", "ink/artwork.json", "ink/budget.json", "vendor/perfect-freehand/perfect-freehand.mjs"],
    "ink-pictures": ["ink/stamps/*.png", "ink/symbols/*.png"],
}
ENTRY_MODULE = "js/tablet/app.js"
# A static import or re-export: `import x from "./a.js"`, `import "./a.js"`, `export { y } from "./b.js"`.
# Dynamic import() is not followed: what it loads is fetched later, on purpose.
STATIC_IMPORT = re.compile(
    r"""^\s*(?:import\s*(?:[^;"'()]*?\sfrom\s*)?|export\s[^;"'()]*?\sfrom\s*)["']([^"']+)["']""", re.M
)


def _glob(patterns: list[str]) -> list[Path]:
    files = []
    for pattern in patterns:
        files.extend(path for path in sorted(STATIC.glob(pattern)) if path.is_file())
    return files


def shell_files() -> list[Path]:
    return _glob(SHELL_STATIC)


def tool_folders() -> list[Path]:
    return sorted(path for path in STATIC.glob(TOOL_FOLDERS) if path.is_dir())


def packs() -> dict[str, list[Path]]:
    """Every pack's files, by the pack's name: each tool's folder under its folder's name, then the
    shared ones."""
    found = {folder.name: sorted(path for path in folder.iterdir() if path.is_file()) for folder in tool_folders()}
    found.update({name: _glob(patterns) for name, patterns in SHARED_PACKS.items()})
    return found


def pack_files() -> list[Path]:
    return [path for files in packs().values() for path in files]


def static_url(path: Path) -> str:
    return "/static/" + path.relative_to(STATIC).as_posix()


def pack_hashes() -> dict[str, str]:
    """Each pack file's URL and content hash: what the service worker keeps, and checks."""
    return {static_url(path): content_hash(path) for path in pack_files()}


def tool_stylesheets() -> list[str]:
    """Every tool's styles, found in its folder (static/js/tools/<kind>/<kind>.css), in the order of
    the folders' names: the tools' rules never compete (each has its own class prefix), so any fixed
    order will do, and this one needs no list. They come with the tools, after unlocking."""
    return [str(path.relative_to(STATIC)) for path in sorted(STATIC.glob("js/tools/*/*.css"))]


def shell_modules() -> list[str]:
    """The shell's start-up module graph, from app.js through every static import, as static/ paths in
    the order found: the shell page preloads them all at once (<link rel="modulepreload">) instead
    of the browser finding them one level of imports at a time."""
    sources = sorted(STATIC.glob("js/tablet/*.js")) + sorted(STATIC.glob("js/tools/*.js"))
    return list(_module_graph(tuple((str(path), path.stat().st_mtime_ns) for path in sources)))


@lru_cache(maxsize=4)
def _module_graph(_signature: tuple) -> tuple[str, ...]:
    found, waiting = [], [STATIC / ENTRY_MODULE]
    while waiting:
        module = waiting.pop(0).resolve()
        name = module.relative_to(STATIC.resolve()).as_posix()
        if name in found or not module.is_file():
            continue
        found.append(name)
        for target in STATIC_IMPORT.findall(module.read_text(encoding="utf-8")):
            if target.startswith(".") and target.endswith((".js", ".mjs")):
                waiting.append(module.parent / target)
    return tuple(found)
