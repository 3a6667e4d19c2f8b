"""Security headers and CSRF for every response, set once here.

Main decision: a strict Content Security Policy with no 'unsafe-inline' for scripts or styles — all
JavaScript and CSS are files under static/ — so injected markup cannot run (OWASP CSP Cheat Sheet).
Every page that is not a static asset is `Cache-Control: no-store`: pages may show a child's data and
must not stay in the browser's HTTP cache on a shared tablet. CSRF protection (Flask-WTF) covers
every POST/PUT/PATCH/DELETE; htmx sends the token in the X-CSRFToken header (static/js/app.js).

The tablet app's page alone may also compile WebAssembly ('wasm-unsafe-eval': WebAssembly only, never
JavaScript's eval): its passcode is stretched with Argon2id in WebAssembly (docs/security.md).
"""

from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

_POLICY = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self' blob:",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
]
CONTENT_SECURITY_POLICY = "; ".join(_POLICY)
TABLET_CONTENT_SECURITY_POLICY = "; ".join(
    "script-src 'self' 'wasm-unsafe-eval'" if rule == "script-src 'self'" else rule for rule in _POLICY
)
# The pages that unlock the tablet (tablet.py): the app itself.
WASM_ENDPOINTS = {"tablet.shell"}


def set_security_headers(response):
    from flask import request

    headers = response.headers
    wasm = request.endpoint in WASM_ENDPOINTS
    headers["Content-Security-Policy"] = TABLET_CONTENT_SECURITY_POLICY if wasm else CONTENT_SECURITY_POLICY
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"  # for browsers that predate frame-ancestors
    headers["Permissions-Policy"] = "geolocation=(), payment=(), usb=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.endpoint != "static" and "Cache-Control" not in headers:
        headers["Cache-Control"] = "no-store"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    # htmx 2 varies its answer on this header; caches must not mix fragments and pages.
    headers.add("Vary", "HX-Request")
    return response


def init_app(app):
    csrf.init_app(app)
    app.after_request(set_security_headers)
