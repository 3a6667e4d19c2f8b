"""A tablet in Python: seals and uploads artefacts exactly as docs/sync.md says the tablet does.

Used by the tests and the benchmark to speak to the real server. It is written from the contract, not
from the server's code: canonical JSON as JavaScript's `JSON.stringify` writes it with sorted keys,
AES-256-GCM with a fresh key and IVs, the key wrapped with RSA-OAEP-256, the length-prefixed body of
protocol v2 framing (or, as a tablet that has not updated, a multipart body), and a receipt accepted
only when every field the contract names equals what was sent.
"""

import base64
import hashlib
import http.client
import json
import os
import re
import struct
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlencode

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

DEMO_PASSWORD = "sofs-demo"
RECEIPT = "sofs-direct/2"
ALG = "RSA-OAEP-256+A256GCM+envelope"
RECEIPT_SEALED = "sofs-direct/3"  # the answer to the envelope's second form
RECEIPT_V1 = "sofs-direct/1"  # what a tablet from before the seams issue sends and checks
ALG_V1 = "RSA-OAEP-256+A256GCM"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


# --- sealing ------------------------------------------------------------------------------------


def canonical_json(value) -> bytes:
    """UTF-8, keys sorted by UTF-16 code units, no whitespace, integers only (docs/sync.md step 1)."""

    def write(item) -> str:
        if isinstance(item, dict):
            keys = sorted(item, key=lambda key: key.encode("utf-16-be", "surrogatepass"))
            return "{" + ",".join(json.dumps(key, ensure_ascii=False) + ":" + write(item[key]) for key in keys) + "}"
        if isinstance(item, list):
            return "[" + ",".join(write(element) for element in item) + "]"
        if isinstance(item, float):
            raise ValueError("the contract allows no floats")
        # json.dumps(ensure_ascii=False) escapes what JSON.stringify escapes: the quote, the
        # backslash and C0 controls (\b \f \n \r \t short, the rest as lowercase \u00xx); a lone
        # surrogate is written as a \udxxx escape, as JSON.stringify does since ES2019.
        return LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", json.dumps(item, ensure_ascii=False))

    return write(value).encode("utf-8", "surrogatepass")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def now_iso() -> str:
    """Device time as JavaScript's Date.toISOString() writes it."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Upload:
    """One outbox entry: the envelope plus the sealed payload and parts, ready to send and resend.

    `envelope` is always the whole envelope (every field the server checks, as it stores it), for
    tests to read and change; `wire()` is what is sent. In the second form (`form=2`, docs/sync.md "The
    sealed envelope") that is the clear envelope with the rest sealed as its metadata: made when sent,
    from `envelope` as it is then, so a test that changes a field changes what the server opens. For
    that the test tablet keeps the artefact key (`key`); the real tablet forgets it at once."""

    envelope: dict
    sealed_payload: bytes
    sealed_parts: dict = field(default_factory=dict)
    document: dict | None = None
    form: int = 1
    key: bytes | None = None

    @property
    def id(self) -> str:
        return self.envelope["id"]

    def wire(self) -> tuple[dict, dict]:
        """(the envelope as sent, the sealed parts by their multipart names)."""
        if self.form == 1:
            return self.envelope, self.sealed_parts
        envelope = self.envelope
        clear = {name: envelope[name] for name in SEALED_FORM_CLEAR}
        secret = {name: envelope[name] for name in SEALED_FORM_SECRET}
        if PAYLOAD_ENCODING in envelope:  # sealed with the rest, as the tablet's compression mark is
            secret[PAYLOAD_ENCODING] = envelope[PAYLOAD_ENCODING]
        secret["parts"] = [{name: part[name] for name in SEALED_FORM_SECRET_PART} for part in envelope["parts"]]
        iv = os.urandom(12)
        metadata = AESGCM(self.key).encrypt(iv, canonical_json(secret), canonical_json(clear))
        sent = {
            "envelope": 2,
            **clear,
            "sealed_sha256": envelope["sealed_sha256"],
            "sealed": envelope["sealed"],
            "metadata": {"iv": base64.b64encode(iv).decode(), "sealed": base64.b64encode(metadata).decode()},
            "parts": [{name: part[name] for name in ("sealed_sha256", "sealed_length")} for part in envelope["parts"]],
        }
        parts = {str(index): self.sealed_parts[part["name"]] for index, part in enumerate(envelope["parts"])}
        return sent, parts


_OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


BOUND_FIELDS = ("id", "kind", "child_id", "device_id", "device_seq", "state", "draft_version", "device_time")
SEALED_FORM_CLEAR = ("id", "device_id", "device_seq")
SEALED_FORM_SECRET = ("kind", "child_id", "state", "draft_version", "device_time", "payload_sha256", "payload_length")
SEALED_FORM_SECRET_PART = ("name", "media_type", "sha256", "length", "iv")
PAYLOAD_ENCODING = "payload_encoding"  # the compression mark (docs/sync.md, "Compression")


def deflate_raw(data: bytes) -> bytes:
    """What CompressionStream("deflate-raw") writes: an RFC 1951 stream with no header."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def seal(
    server_key: dict,
    payload: bytes,
    parts=(),
    bind: dict | None = None,
    keep_key: bool = False,
    sent_payload: bytes | None = None,
):
    """Seal `payload` and `parts` [(name, media_type, bytes)] to the server.

    `sent_payload` is what is sealed in the payload's place when it is not the payload itself (the
    document compressed): the hashes and length are still the plaintext's, as the contract says.
    With `bind` (the envelope's own fields, protocol 2) the payload is sealed with the bound envelope as
    AES-GCM additional data (docs/sync.md, "The bound envelope"); without it, as protocol 1 tablets do.
    Returns the envelope's sealing fields, the sealed payload and the sealed parts by name (and the
    artefact key with `keep_key`, for a test tablet that seals the second form's metadata later)."""
    public_key = serialization.load_der_public_key(base64.b64decode(server_key["spki"]))
    aes_key = AESGCM.generate_key(bit_length=256)
    aes = AESGCM(aes_key)
    described, sealed_parts = [], {}
    for name, media_type, data in parts:
        part_iv = os.urandom(12)
        sealed = aes.encrypt(part_iv, data, None)
        sealed_parts[name] = sealed
        described.append(
            {
                "name": name,
                "media_type": media_type,
                "sha256": sha256(data),
                "length": len(data),
                "sealed_sha256": sha256(sealed),
                "sealed_length": len(sealed),
                "iv": base64.b64encode(part_iv).decode(),
            }
        )
    bound = None
    if bind is not None:
        bound = canonical_json(
            {
                **{name: bind[name] for name in BOUND_FIELDS},
                "payload_sha256": sha256(payload),
                "payload_length": len(payload),
                "parts": [
                    {name: part[name] for name in ("name", "media_type", "sha256", "length")} for part in described
                ],
            }
        )
    iv = os.urandom(12)
    sealed_payload = aes.encrypt(iv, payload if sent_payload is None else sent_payload, bound)
    wrapped = public_key.encrypt(aes_key, _OAEP)
    kept = aes_key if keep_key else None
    del aes, aes_key  # the tablet keeps no key that can open a sealed artefact again
    fields = {
        "payload_sha256": sha256(payload),
        "payload_length": len(payload),
        "sealed_sha256": sha256(sealed_payload),
        "sealed": {
            "alg": ALG if bind is not None else ALG_V1,
            "key_id": server_key["key_id"],
            "wrapped_key": base64.b64encode(wrapped).decode(),
            "iv": base64.b64encode(iv).decode(),
        },
        "parts": described,
    }
    if keep_key:
        return fields, sealed_payload, sealed_parts, kept
    return fields, sealed_payload, sealed_parts


def observation(child_id: str, text: str, photos=(), supersedes=None, created_at=None) -> dict:
    """An observation document as the tablet's observation tool makes it."""
    return {
        "schema": 1,
        "kind": "observation",
        "child_id": child_id,
        "created_at": created_at or now_iso(),
        "supersedes": supersedes,
        "content": {"text": text, "photos": list(photos)},
    }


HOUSE_KEYS = ("good", "worries", "dreams")
QUESTIONS = {"good": "What is good at home?", "worries": "What worries you?", "dreams": "What would make it better?"}


def three_houses(
    child_id: str, houses=None, session=None, theme="houses", order=None, supersedes=None, created_at=None
) -> dict:
    """A Three Houses document as the tablet's tool makes it (docs/three-houses.md). `houses` maps a
    house's key to the fields that differ from an untouched house; `session` the session fields that
    differ from a session ready to finalise."""
    built = []
    for key in HOUSE_KEYS:
        house = {
            "key": key,
            "name": "",
            "symbol": None,
            "question": QUESTIONS[key],
            "ink": None,
            "photos": [],
            "words": [],
            "observations": "",
            "reflection": "",
            "share": "ask",
        }
        house.update((houses or {}).get(key, {}))
        built.append(house)
    record = {
        "started_at": "2026-11-23T10:00:00.000Z",
        "place": "At school, in the quiet room",
        "present": [],
        "seen_alone": True,
        "parental_agreement": "not-needed",
        "agreement_by": "",
        "how_it_went": "",
    }
    record.update(session or {})
    return {
        "schema": 1,
        "kind": "three_houses",
        "child_id": child_id,
        "created_at": created_at or now_iso(),
        "supersedes": supersedes,
        "content": {
            "theme": theme,
            "order": list(order if order is not None else HOUSE_KEYS),
            "houses": built,
            "session": record,
        },
    }


def word(word_id: str, text: str, by: str = "child", share="ask", at: str = "2026-11-23T10:02:03.000Z") -> dict:
    """One of the child's words in a house, as written down."""
    return {"id": word_id, "text": text, "by": by, "share": share, "at": at}


def words_pictures(
    child_id: str,
    pages=None,
    purpose: str = "explanation",
    title: str = "",
    language: str = "en",
    agreed_words=(),
    version=None,
    supersedes=None,
    created_at=None,
) -> dict:
    """A Words and Pictures document as the tablet's tool makes it (docs/words-and-pictures.md).
    `pages` lists each page's fields that differ from a blank page (a page without an `id` is given
    p1, p2 … by its place); `version` the version's fields that differ from a version ready to save."""
    built = []
    for number, page in enumerate(pages if pages is not None else [{"text": "This is our family."}], start=1):
        blank = {"id": f"p{number}", "hint": None, "text": "", "drawing": None, "children": None}
        blank.update(page)
        built.append(blank)
    record = {
        "number": 1,
        "took_part": [{"name": "Kerry Smith", "role": "Mum"}, {"name": "Dana Worker", "role": "social worker"}],
        "agreed_by": [],
        "note": "",
        "read_to_children": False,
    }
    record.update(version or {})
    return {
        "schema": 1,
        "kind": "words_pictures",
        "child_id": child_id,
        "created_at": created_at or now_iso(),
        "supersedes": supersedes,
        "content": {
            "purpose": purpose,
            "title": title,
            "language": language,
            "pages": built,
            "agreed_words": [dict(word) for word in agreed_words],
            "version": record,
        },
    }


def make_upload(
    server_key: dict,
    device_id: str,
    device_seq: int,
    document: dict,
    parts=(),
    *,
    artefact_id: str | None = None,
    state: str = "finalised",
    draft_version: int | None = None,
    payload: bytes | None = None,
    kind: str | None = None,
    child_id: str | None = None,
    protocol: int = 2,
    form: int = 2,
    encoding: str | None = None,
    sent_payload: bytes | None = None,
) -> Upload:
    """A finalised artefact (or a draft snapshot) sealed and ready to send; the envelope's kind and
    child are the document's unless given. `protocol=1` seals as a tablet from before the bound
    envelope did; `form=1` sends the whole envelope in clear, as a tablet from before the sealed
    envelope did. `encoding="deflate-raw"` compresses the document before sealing, as the tablet
    does, and marks it (`sent_payload` replaces the compressed bytes, for a test to break them);
    `"identity"` marks it as sent uncompressed, as a tablet whose browser cannot compress does."""
    payload = canonical_json(document) if payload is None else payload
    if encoding == "deflate-raw" and sent_payload is None:
        sent_payload = deflate_raw(payload)
    envelope = {
        "id": artefact_id or str(uuid.uuid4()),
        "kind": kind or document.get("kind"),
        "child_id": child_id or document.get("child_id"),
        "device_id": device_id,
        "device_seq": device_seq,
        "state": state,
        "draft_version": draft_version,
        "device_time": now_iso(),
    }
    form = form if protocol == 2 else 1
    bind = envelope if protocol == 2 else None
    fields, sealed_payload, sealed_parts, key = seal(server_key, payload, parts, bind, True, sent_payload)
    if encoding is not None:
        fields[PAYLOAD_ENCODING] = encoding
    return Upload({**envelope, **fields}, sealed_payload, sealed_parts, document, form, key if form == 2 else None)


def sealed_notice(server_key: dict, notice: dict) -> dict:
    """A discard notice in the envelope's second form: its kind, child and time sealed to the server,
    bound to the clear id, device and sequence number (docs/sync.md, "A discarded draft")."""
    public_key = serialization.load_der_public_key(base64.b64decode(server_key["spki"]))
    aes_key = AESGCM.generate_key(bit_length=256)
    clear = {name: notice[name] for name in SEALED_FORM_CLEAR}
    secret = {name: notice[name] for name in ("kind", "child_id", "discarded_at")}
    iv = os.urandom(12)
    return {
        "envelope": 2,
        **clear,
        "sealed": {
            "alg": ALG_V1,
            "key_id": server_key["key_id"],
            "wrapped_key": base64.b64encode(public_key.encrypt(aes_key, _OAEP)).decode(),
        },
        "metadata": {
            "iv": base64.b64encode(iv).decode(),
            "sealed": base64.b64encode(
                AESGCM(aes_key).encrypt(iv, canonical_json(secret), canonical_json(clear))
            ).decode(),
        },
    }


RECEIPT_STATUSES = ("stored", "already stored", "quarantined", "needs review")


def receipt_matches(status: int, content_type: str, receipt, upload: Upload) -> bool:
    """The contract's test for "done": 200 (or 409, a conflict kept beside the stored copy), JSON, and
    every named field equal to what was sent; protocol 1's fewer fields for a protocol 1 upload."""
    if not (content_type or "").startswith("application/json") or not isinstance(receipt, dict):
        return False
    envelope = upload.envelope
    if upload.form == 2:
        if (
            (status, receipt.get("status") == "conflict") not in ((200, False), (409, True))
            or receipt.get("receipt") != RECEIPT_SEALED
            or receipt.get("status") not in (*RECEIPT_STATUSES, "conflict")
        ):
            return False
        sent = [part["sealed_sha256"] for part in envelope["parts"]]
        return (
            all(receipt.get(name, KeyError) == envelope[name] for name in (*SEALED_FORM_CLEAR, "sealed_sha256"))
            and [part.get("sealed_sha256") for part in receipt.get("parts", [])] == sent
        )
    if envelope["sealed"]["alg"] == ALG_V1:
        if (
            status != 200
            or receipt.get("receipt") != RECEIPT_V1
            or receipt.get("status") not in ("stored", "already stored", "quarantined")
        ):
            return False
        names = ("id", "state", "draft_version", "payload_sha256", "sealed_sha256")
        part_names = ("name", "sha256", "sealed_sha256")
    else:
        if (
            (status, receipt.get("status") == "conflict") not in ((200, False), (409, True))
            or receipt.get("receipt") != RECEIPT
            or receipt.get("status") not in (*RECEIPT_STATUSES, "conflict")
        ):
            return False
        names = (*BOUND_FIELDS, "payload_sha256", "payload_length", "sealed_sha256")
        part_names = ("name", "media_type", "sha256", "length", "sealed_sha256")
    if any(receipt.get(name, KeyError) != envelope[name] for name in names):
        return False
    sent = sorted(tuple(part[name] for name in part_names) for part in envelope["parts"])
    got = sorted(tuple(part.get(name) for name in part_names) for part in receipt.get("parts", []))
    return sent == got


# --- the request --------------------------------------------------------------------------------


def multipart(fields) -> tuple[bytes, str]:
    """A multipart/form-data body from [(name, value, filename or None)]; values are str or bytes."""
    boundary = "sofs" + uuid.uuid4().hex
    chunks = []
    for name, value, filename in fields:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        headers = f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
        if filename:
            headers += "Content-Type: application/octet-stream\r\n"
        chunks.append((headers + "\r\n").encode())
        chunks.append(value.encode() if isinstance(value, str) else value)
        chunks.append(b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


FRAMED = "application/vnd.sofs-direct.artefact"  # docs/sync.md, "The upload's body"
FRAMED_HEADER = b"SOFSART\x02"


def framed_pieces(envelope_text: str, sealed_payload: bytes, parts: dict) -> list[bytes]:
    """The v2 body in order: header, then each piece after its big-endian length (a part: its name's
    length in one byte, its name, its length in four, its bytes)."""
    envelope = envelope_text.encode("utf-8")
    pieces = [FRAMED_HEADER, struct.pack(">I", len(envelope)), envelope]
    pieces += [struct.pack(">I", len(sealed_payload)), sealed_payload, struct.pack(">H", len(parts))]
    for name, sealed in parts.items():
        pieces += [struct.pack(">B", len(name)), name.encode("ascii"), struct.pack(">I", len(sealed)), sealed]
    return pieces


def framed(upload: Upload, envelope_text: str | None = None) -> tuple[bytes, str]:
    """(the v2 body, its content type) for `upload`, as the tablet's outbox sends it."""
    envelope, parts = upload.wire()
    text = envelope_text if envelope_text is not None else json.dumps(envelope)
    return b"".join(framed_pieces(text, upload.sealed_payload, parts)), FRAMED


def framed_envelope(body: bytes) -> dict:
    """The envelope of a v2 body (what a test reads from a request the browser sent)."""
    assert body[: len(FRAMED_HEADER)] == FRAMED_HEADER
    (length,) = struct.unpack(">I", body[len(FRAMED_HEADER) : len(FRAMED_HEADER) + 4])
    return json.loads(body[len(FRAMED_HEADER) + 4 : len(FRAMED_HEADER) + 4 + length])


def upload_body(upload: Upload, framing: int = 2) -> tuple[bytes, str]:
    """(body, content type) of an upload in protocol v2 framing, or v1's multipart (`framing=1`)."""
    return framed(upload) if framing == 2 else multipart(upload_fields(upload))


def upload_fields(upload: Upload, envelope_text: str | None = None) -> list:
    """What the tablet's FormData holds: the envelope as text, the payload and parts as files."""
    envelope, parts = upload.wire()
    fields = [
        ("envelope", envelope_text if envelope_text is not None else json.dumps(envelope), None),
        ("payload", upload.sealed_payload, "payload"),
    ]
    fields += [(f"part:{name}", data, name) for name, data in parts.items()]
    return fields


class HttpTablet:
    """One tablet talking HTTP to a real server: its own cookie jar and keep-alive connection."""

    def __init__(self, base_url: str, timeout: float = 30, framing: int = 2):
        host, port = base_url.removeprefix("http://").split(":")
        self.framing = framing  # 1: multipart, as a tablet that has not updated sends
        self.host, self.port, self.timeout = host, int(port), timeout
        self.connection = None
        self.cookies = {}  # name -> value, as a browser's jar keeps each cookie the server sets
        self.csrf_token = None
        self.device = None

    @property
    def cookie(self) -> str:
        """The Cookie header this tablet sends."""
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    @cookie.setter
    def cookie(self, header: str) -> None:
        self.cookies = dict(part.split("=", 1) for part in header.split("; ") if "=" in part)

    def _connection(self):
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self.connection

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        """(status, content type, body bytes); a broken connection is retried once on a new one."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = self.cookie
        for attempt in (1, 2):
            try:
                connection = self._connection()
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if attempt == 2:
                    raise
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name] = value
        return response.status, response.getheader("Content-Type") or "", data

    def json(self, method: str, path: str, payload=None):
        headers = {"Accept": "application/json"}
        body = None
        if method != "GET":
            headers["X-CSRFToken"] = self.csrf_token or ""
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        status, _, data = self.request(method, path, body, headers)
        return status, json.loads(data) if data else None

    def sign_in(self, username: str, password: str = DEMO_PASSWORD):
        _, _, page = self.request("GET", "/login")
        token = CSRF_INPUT.search(page.decode()).group(1)
        status, _, _ = self.request(
            "POST",
            "/login",
            urlencode({"username": username, "password": password, "csrf_token": token}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 302, status
        self.refresh_session()
        return self

    def refresh_session(self):
        status, answer = self.json("GET", "/api/session")
        assert status == 200, (status, answer)
        self.csrf_token = answer["csrf_token"]
        return answer

    def register(self, name: str = "Test tablet") -> dict:
        status, answer = self.json("POST", "/api/devices", {"name": name})
        assert status == 201, (status, answer)
        self.device = answer
        return answer

    def upload(self, upload: Upload, fields=None):
        """(status, content type, answer) for one attempt to send `upload`; with `fields`, those as multipart."""
        body, content_type = multipart(fields) if fields is not None else upload_body(upload, self.framing)
        status, answer_type, data = self.request(
            "PUT",
            f"/api/artefacts/{upload.id}",
            body,
            {"Content-Type": content_type, "X-CSRFToken": self.csrf_token or "", "Accept": "application/json"},
        )
        try:
            answer = json.loads(data) if answer_type.startswith("application/json") else None
        except ValueError:
            answer = None
        return status, answer_type, answer

    def send(self, upload: Upload) -> tuple[bool, dict | None]:
        """One attempt; True only with a verified receipt (the tablet may then delete its copy)."""
        status, content_type, answer = self.upload(upload)
        return receipt_matches(status, content_type, answer, upload), answer


DELETE = object()


def change(path: str, new):
    """A function that sets (or, with DELETE, removes) the value at a dotted path in a document, such
    as "houses.0.words.1.text": for tests that spoil one field at a time."""

    def apply(value):
        target = value
        keys = path.split(".")
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        last = int(keys[-1]) if keys[-1].isdigit() else keys[-1]
        if new is DELETE:
            del target[last]
        else:
            target[last] = new

    return apply


NETWORK_AT = "2026-11-23T10:02:03.000Z"
NETWORK_DEVICE = "00000000-0000-4000-8000-000000000001"


def member(member_id: str, at: str = NETWORK_AT, by: str = NETWORK_DEVICE, **values) -> dict:
    """One person in a network, every field given stamped with the same change (`at`, `by`)."""
    return {"id": member_id, "fields": {name: {"value": value, "at": at, "by": by} for name, value in values.items()}}


def network(
    child_id: str, network_id: str, members=(), removed=(), children=None, supersedes=None, created_at=None
) -> dict:
    """A saved state of a family and safety network (docs/network.md); `removed` lists removal
    entries {"id", "at", "by"}; `children` defaults to the document's child alone."""
    return {
        "schema": 1,
        "kind": "network",
        "child_id": child_id,
        "created_at": created_at or now_iso(),
        "supersedes": supersedes,
        "content": {
            "network": network_id,
            "children": list(children or [child_id]),
            "members": [dict(person) for person in members],
            "removed": [dict(gone) for gone in removed],
        },
    }


def network_meeting(
    child_id: str,
    network_id: str,
    day: str = "2026-11-20",
    attended=(),
    agreed=(),
    next_meeting=None,
    notes: str = "",
    children=None,
    created_at=None,
) -> dict:
    """A network meeting's record as the tablet makes it (docs/network.md)."""
    return {
        "schema": 1,
        "kind": "network_meeting",
        "child_id": child_id,
        "created_at": created_at or now_iso(),
        "supersedes": None,
        "content": {
            "network": network_id,
            "children": list(children or [child_id]),
            "date": day,
            "attended": [dict(person) for person in attended],
            "agreed": [dict(rule) for rule in agreed],
            "next_meeting": next_meeting,
            "notes": notes,
        },
    }


SAFETY_HOUSE_AT = "2026-11-23T10:02:03.000Z"


def house_person(person_id: str, name: str, zone: str = "inside", by: str = "child", share="ask", **fields) -> dict:
    """One person in a Safety House (docs/safety-house.md)."""
    return {
        "id": person_id,
        "name": name,
        "zone": zone,
        "only_with_safe_adult": False,
        "sticker": None,
        "network": None,
        "by": by,
        "share": share,
        "at": SAFETY_HOUSE_AT,
        **fields,
    }


def house_rule(rule_id: str, text: str, by: str = "child", share="ask", **fields) -> dict:
    """One rule on a Safety House's roof."""
    return {"id": rule_id, "text": text, "by": by, "sticker": None, "share": share, "at": SAFETY_HOUSE_AT, **fields}


def path_number(number: int, who: str = "child", name: str = "", why: str = "", closer: str = "", share="ask") -> dict:
    """One person's number on the safety path."""
    return {
        "who": who,
        "name": name,
        "number": number,
        "why": why,
        "closer": closer,
        "share": share,
        "at": SAFETY_HOUSE_AT,
    }


def safety_house(
    child_id: str,
    people=(),
    rules=(),
    path=(),
    version: int = 1,
    ink=None,
    share="ask",
    faces: bool = False,
    session=None,
    supersedes=None,
    created_at=None,
) -> dict:
    """A Safety House version as the tablet's tool makes it (docs/safety-house.md); `session` the
    visit's fields that differ from a visit ready to save."""
    record = {
        "started_at": "2026-11-23T10:00:00.000Z",
        "place": "At home, in the kitchen",
        "present": [],
        "seen_alone": True,
    }
    record.update(session or {})
    return {
        "schema": 1,
        "kind": "safety_house",
        "child_id": child_id,
        "created_at": created_at or now_iso(),
        "supersedes": supersedes,
        "content": {
            "version": version,
            "session": record,
            "ink": ink,
            "people": [dict(person) for person in people],
            "rules": [dict(rule) for rule in rules],
            "path": [dict(number) for number in path],
            "faces": faces,
            "share": share,
        },
    }


PICTURE_SORT_AT = "2026-11-23T10:05:00.000Z"


def sort_card(card_id: str, words: str, symbol=None, by: str = "set", language: str = "en", drawing=None) -> dict:
    """A card in the tray; `sorted_by` below moves it."""
    return {
        "id": card_id,
        "words": words,
        "symbol": symbol,
        "language": language,
        "drawing": drawing,
        "by": by,
        "column": None,
        "number": None,
        "at": PICTURE_SORT_AT,
    }


GOOD_NOT_SURE_NOT_GOOD = [
    {"id": "good", "words": "Good", "symbol": "happy", "leaning": "good"},
    {"id": "not-sure", "words": "Not sure", "symbol": "not-sure", "leaning": "not_sure"},
    {"id": "not-good", "words": "Not good", "symbol": "sad", "leaning": "not_good"},
]


def picture_sort(
    child_id: str,
    cards=(),
    moves=(),
    columns=None,
    shape: str = "columns",
    notes=(),
    share="ask",
    card_set=None,
    present=(),
    created_at=None,
) -> dict:
    """A picture sort as the tablet's tool makes it (docs/picture-sort.md). `moves` are
    (card id, column id or number or None, how): each card ends where its last move put it."""
    cards = [dict(card) for card in cards]
    made_moves = []
    for minute, (card_id, place, how) in enumerate(moves):
        column = place if isinstance(place, str) else None
        number = place if isinstance(place, int) else None
        made_moves.append(
            {
                "card": card_id,
                "column": column,
                "number": number,
                "how": how,
                "at": f"2026-11-23T10:{10 + minute % 50:02d}:00.000Z",
            }
        )
        card = next(card for card in cards if card["id"] == card_id)
        card["column"], card["number"] = column, number
    return {
        "schema": 1,
        "kind": "picture_sort",
        "child_id": child_id,
        "created_at": created_at or now_iso(),
        "supersedes": None,
        "content": {
            "session": {"started_at": "2026-11-23T10:00:00.000Z", "present": [dict(person) for person in present]},
            "language": "en",
            "board": {
                "shape": shape,
                "preset": "good-not-sure-not-good" if shape == "columns" else "path",
                "columns": [dict(column) for column in (columns or GOOD_NOT_SURE_NOT_GOOD)],
            },
            "set": dict(card_set or {"id": "school", "name": "School", "save_for_team": False}),
            "cards": cards,
            "moves": made_moves,
            "notes": [dict(note) for note in notes],
            "share": share,
        },
    }
