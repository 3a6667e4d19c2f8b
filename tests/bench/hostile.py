"""The hostile-input run of the memory benchmark (`make bench memory`), over HTTP to a real server.

Main decision: it sends what the suite's hostile tests send, each at its limit, so that what the
server keeps afterwards is what production would keep after the same traffic:
- every form, crawled as each role, given values of tests/platform/test_validation.py (FORM_VALUES,
  with its 10 MB of text);
- artefact uploads just under and over the 64 MiB upload limit, and bodies that are not multipart;
- JSON too large, or nested 100,000 deep;
- drawings at the limits: over the drawing budget, and the most points and ops the format allows;
- photos: a decompression bomb, a truncated JPEG, a PNG sent as a JPEG, and the largest photo
  accepted (4096 × 4096) in every slot of an observation, and as a worker's own photo.
Every answer must be below 500; the run stops on a 500, since a memory figure after a crash
would mean nothing.
"""

import io
import json
import os
import re
from urllib.parse import urlencode

from PIL import Image

from tests.platform.test_validation import HOSTILE_VALUES, TEN_MEGABYTES, crawl_with
from tests.tablet_client import HttpTablet, make_upload, multipart, observation, three_houses, upload_fields

ROLES = (None, "demo.worker", "demo.manager", "demo.admin")
# Of test_validation's values, those that differ in what they cost the server: the largest (10 MB, refused
# unread or read to its limit), a long one, one the store must refuse, markup. All of them at every one of
# the ~190 forms took over 8 minutes here; these four show the same memory.
FORM_VALUES = [TEN_MEGABYTES, "x" * 5000, "nul\x00in the middle", HOSTILE_VALUES[3]]


def crawl(tablet: HttpTablet) -> dict:
    """Every same-site page reachable by following links, with its forms (test_validation's crawl, over HTTP)."""

    def fetch(path):
        status, content_type, body = tablet.request("GET", path)
        return status, content_type, body.decode()

    return crawl_with(fetch, skip=("/static", "/i18n", "/logout"))


def _csrf(tablet: HttpTablet, path: str) -> str:
    _, _, page = tablet.request("GET", path)
    found = re.search(rb'name="csrf_token" value="([^"]+)"', page)
    return found.group(1).decode() if found else ""


def _check(status: int, what: str) -> int:
    if status >= 500:
        raise RuntimeError(f"hostile input answered {status}: {what}")
    return status


def every_form(url: str) -> int:
    """Each role's forms given every hostile value; the number of requests sent."""
    sent = 0
    for username in ROLES:
        tablet = HttpTablet(url, timeout=120)
        if username:
            tablet.sign_in(username)
        for path, forms in crawl(tablet).items():
            for form in forms:
                if form["method"] != "post" or form["action"] == "/logout":
                    continue
                token = _csrf(tablet, path)  # a form's token holds for the whole login session
                for value in FORM_VALUES:
                    fields = {
                        name: (token if name == "csrf_token" else default if kind == "button" else value)
                        for name, kind, default in form["fields"]
                    }
                    status, _, _ = tablet.request(
                        "POST",
                        form["action"] or path,
                        urlencode(fields).encode(),
                        {"Content-Type": "application/x-www-form-urlencoded"},
                    )
                    sent += 1
                    _check(status, f"{form['action']} {value[:20]!r}")
                    if username and tablet.request("GET", "/api/session")[0] != 200:
                        try:  # the form signed this user out (end my sessions)…
                            tablet.sign_in(username)
                        except AssertionError:  # …or an admin's form locked them out: the next role
                            break
                        token = _csrf(tablet, path)
        tablet.close()
    return sent


def _jpeg(side: int = 4096) -> bytes:
    """A photo of `side` × `side` pixels, grainy like a photo of a drawing: about 6 MB at 4096 px, so
    six of them fit one upload (64 MiB)."""
    grain = Image.effect_noise((side, side), 20)
    picture = Image.merge("RGB", (grain, grain.rotate(90), grain.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _bomb() -> bytes:
    """A PNG of a few KB that claims 30,000 × 30,000 pixels."""
    buffer = io.BytesIO()
    Image.new("1", (30_000, 30_000)).save(buffer, "PNG")
    return buffer.getvalue()


def bad_uploads(url: str, server_key: dict, child_id: str, giant_drawings: list[bytes]) -> int:
    """Uploads at and over every limit, and bodies that are not what they say; the number sent."""
    tablet = HttpTablet(url, timeout=300).sign_in("bench.worker0")  # added after the forms ran
    device = tablet.register("Hostile tablet")["device_id"]
    sent, seq = 0, 0

    def upload(document, parts):
        nonlocal sent, seq
        seq += 1
        status, _, _ = tablet.upload(make_upload(server_key, device, seq, document, parts))
        sent += 1
        return _check(status, f"upload {document['kind']} with {len(parts)} parts")

    def raw(method, path, body, content_type):
        nonlocal sent
        sent += 1
        try:
            status, _, _ = tablet.request(
                method, path, body, {"Content-Type": content_type, "X-CSRFToken": tablet.csrf_token}
            )
        except (ConnectionResetError, BrokenPipeError):
            return 413  # over the server's own body limit: it closes the connection without reading on
        return _check(status, f"{method} {path} {content_type} {len(body)} bytes")

    big = _jpeg()
    for _ in range(3):  # the largest photo the server accepts, in every slot, three times
        names = [f"photo-{n}" for n in range(1, 7)]
        upload(observation(child_id, "Photos at the limit", names), [(name, "image/jpeg", big) for name in names])
    bomb, truncated = _bomb(), big[: len(big) // 2]
    for name, media_type, data in (
        ("photo-1", "image/png", bomb),
        ("photo-1", "image/jpeg", truncated),
        ("photo-1", "image/jpeg", bomb),
        ("photo-1", "image/jpeg", os.urandom(2 * 1024 * 1024)),
    ):
        upload(observation(child_id, "A bad photo", [name]), [(name, media_type, data)])
    for drawing in giant_drawings:
        houses = {"worries": {"ink": "ink-worries"}}
        upload(three_houses(child_id, houses=houses), [("ink-worries", "application/vnd.sofs-direct.ink", drawing)])

    # Bodies at and over the upload limit (64 MiB), multipart and not.
    noise = os.urandom(1024 * 1024)
    for size_mib in (60, 70):
        junk = make_upload(server_key, device, 10_000 + size_mib, observation(child_id, "Junk", ["photo-1"]))
        fields = upload_fields(junk)
        fields.append(("part:photo-1", noise * size_mib, "photo-1"))
        body, content_type = multipart(fields)
        raw("PUT", f"/api/artefacts/{junk.id}", body, content_type)
    raw("PUT", f"/api/artefacts/{junk.id}", noise * 40, "application/octet-stream")
    raw("PUT", f"/api/artefacts/{junk.id}", noise * 40, "multipart/form-data; boundary=x")

    # JSON: deep, wide and too large, to the tablet's JSON endpoints.
    deep = b"[" * 100_000 + b"]" * 100_000
    wide = json.dumps({"name": "x" * (900 * 1024)}).encode()
    for body in (deep, wide, noise * 8, b'{"name": ' + b'"\\u0000' * 100_000 + b'"}'):
        raw("POST", "/api/devices", body, "application/json")

    # A worker's own photo: the largest accepted, a bomb, a truncated one, 12 MiB of noise.
    for data in (_jpeg(), bomb, truncated, os.urandom(12 * 1024 * 1024 - 4096)):
        token = _csrf(tablet, "/settings")
        body, content_type = multipart([("csrf_token", token, None), ("photo", data, "me.jpg")])
        raw("POST", "/settings/photo", body, content_type)
    tablet.close()
    return sent
