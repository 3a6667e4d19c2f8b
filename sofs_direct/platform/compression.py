"""Answering static files and the tablet's shell pages compressed, with validators that name the file's
version.

Main decision: gzip from the standard library, computed once per file version and kept in a bounded
per-process cache. A compressed body is a pure function of the file's bytes, so every worker process
may hold its own copy without any of them disagreeing; the cache is keyed on (path, mtime, size), so a
changed file is read again, and bounded (COMPRESSED_FILES entries of at most MAX_COMPRESSED bytes), so
memory never grows with the number of requests. Brotli would save a further ~15% on scripts but needs a
compiled dependency; gzip is what every browser and proxy takes.

The ETag is the file's content hash (sha256, 16 hex digits), so the same file has the same validator
in every process and after every restart, and the tablet's service worker can check that a file it
fetched is the one its version expects (templates/tablet/sw.js). The gzipped body carries the same hash
as a *weak* ETag (W/"…"): weak comparison, which If-None-Match uses, matches either encoding of the
same version, and no cache can take one encoding's bytes for the other's (Vary: Accept-Encoding).

Only text compresses (scripts, styles, JSON, SVG); PNG and JPEG are already compressed and are sent as
they are, with the same content-hash ETag.
"""

import gzip
import hashlib
import io
import mimetypes
from functools import lru_cache, wraps
from pathlib import Path

from flask import current_app, make_response, request, send_file
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

COMPRESSIBLE = {".js", ".mjs", ".css", ".json", ".svg", ".html", ".txt", ".webmanifest", ".map"}
COMPRESSIBLE_TYPES = ("text/", "application/json", "application/manifest+json", "image/svg+xml")
# Below this, gzip's 20-byte frame and a header cost more than they save.
SMALLEST = 256
# Bounds: the app's own static text is under 2 MB raw in all; these leave room and cap the worst case.
COMPRESSED_FILES = 1024
MAX_COMPRESSED = 4 * 1024 * 1024
COMPRESSED_PAGES = 32
LEVEL = 9  # once per version, so the smallest body is worth the extra milliseconds


def accepts_gzip() -> bool:
    return request.accept_encodings["gzip"] > 0


@lru_cache(maxsize=COMPRESSED_FILES)
def _file_version(path: str, _mtime_ns: int, _size: int) -> tuple[str, bytes | None]:
    """(content hash, gzipped body or None): read once per version of the file."""
    data = Path(path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    if Path(path).suffix not in COMPRESSIBLE or not SMALLEST <= len(data) <= MAX_COMPRESSED:
        return digest, None
    packed = gzip.compress(data, compresslevel=LEVEL, mtime=0)
    return digest, packed if len(packed) < len(data) else None


def file_version(path: Path) -> tuple[str, bytes | None]:
    stat = path.stat()
    return _file_version(str(path), stat.st_mtime_ns, stat.st_size)


def content_hash(path: Path) -> str:
    """The file's content hash: its ETag, and what the tablet's service worker expects of it."""
    return file_version(path)[0]


def static_file(filename: str):
    """The "static" endpoint: Flask's, with a content-hash ETag and a gzipped body when accepted."""
    folder = current_app.static_folder
    joined = safe_join(folder, filename) if folder else None
    if joined is None or not Path(joined).is_file():
        raise NotFound()
    path = Path(joined)
    digest, packed = file_version(path)
    max_age = current_app.get_send_file_max_age(filename)
    if packed is not None and accepts_gzip():
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        response = send_file(
            io.BytesIO(packed), mimetype=mimetype, max_age=max_age, etag=False, last_modified=path.stat().st_mtime
        )
        response.headers["Content-Encoding"] = "gzip"
        response.set_etag(digest, weak=True)
    else:
        response = send_file(path, max_age=max_age, etag=digest, conditional=False)
    if packed is not None:
        response.vary.add("Accept-Encoding")
    return response.make_conditional(request)


@lru_cache(maxsize=COMPRESSED_PAGES)
def _compress_page(body: bytes) -> tuple[str, bytes]:
    return hashlib.sha256(body).hexdigest()[:16], gzip.compress(body, compresslevel=LEVEL, mtime=0)


def compressed(view):
    """A view whose answer holds no one's data (the tablet's shell pages, its service worker, the
    catalogues): sent gzipped when accepted, with a content-hash ETag, and a 304 when unchanged.
    Only for such views: the bounded cache keeps the last bodies, and a body with a secret in it
    would be open to compression side channels (BREACH)."""

    @wraps(view)
    def answer(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        if response.status_code != 200 or response.direct_passthrough or "Content-Encoding" in response.headers:
            return response
        if not response.mimetype.startswith(COMPRESSIBLE_TYPES):
            return response
        body = response.get_data()
        response.vary.add("Accept-Encoding")
        if len(body) >= SMALLEST and accepts_gzip():
            digest, packed = _compress_page(body)
            response.set_data(packed)
            response.headers["Content-Encoding"] = "gzip"
            response.set_etag(digest, weak=True)
        elif not response.get_etag()[0]:
            response.set_etag(hashlib.sha256(body).hexdigest()[:16])
        return response.make_conditional(request)

    return answer


def init_app(app):
    app.view_functions["static"] = static_file
