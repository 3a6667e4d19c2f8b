"""The server's sealing key: the RSA key pair tablets seal artefacts to, and opening what they sealed.

Main decision: one RSA-3072 key pair in `instance/server_key.pem` (owner-only), made on first start,
never leaving the server. A tablet wraps each artefact's fresh AES-256-GCM key under the public key
(docs/sync.md, *Sealing*), so finalised work on a tablet is readable by nobody but this server.
Keys retired by `rotate-server-key` are kept, never deleted, in `instance/server_keys/<key_id>.pem`:
tablets may still hold uploads sealed to an old key, and stored parts stay sealed on disk, so losing
any key that ever sealed something loses those photos. Back the whole set up with the store.

The algorithms are exactly what Web Crypto does on the tablet: RSA-OAEP with SHA-256 and
MGF1-SHA-256 and an empty label (`{name: "RSA-OAEP", hash: "SHA-256"}`, W3C Web Cryptography API
§ RSA-OAEP), and AES-GCM with a 12-byte IV and a 128-bit tag appended to the ciphertext (NIST SP
800-38D; Web Crypto's default tagLength of 128). Under `BOUND_ALGORITHM` (protocol 2, issue 13) the
payload's additional authenticated data is the envelope's metadata (opening.bound_metadata), so a
bit flipped in `device_seq` or `device_time` in transit breaks the tag like a bit flipped in the
payload; tablets from before it seal with `ALGORITHM` and no additional data.
"""

import base64
import hashlib
import os
import threading
from functools import lru_cache
from pathlib import Path

import click
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

from ..platform.db import fsync_directory, write_file_once, write_synced

KEY_FILE = "server_key.pem"
RETIRED_KEYS_DIR = "server_keys"
RSA_BITS = 3072  # NIST SP 800-57 Part 1: 3072-bit RSA for 128-bit security beyond 2030.
AES_KEY_BYTES = 32
GCM_IV_BYTES = 12  # NIST SP 800-38D §8.2: 96-bit IVs.
GCM_TAG_BYTES = 16
ALGORITHM = "RSA-OAEP-256+A256GCM"  # protocol 1: the envelope's metadata is not bound
BOUND_ALGORITHM = "RSA-OAEP-256+A256GCM+envelope"  # protocol 2: the payload's tag covers the envelope
ALGORITHMS = (ALGORITHM, BOUND_ALGORITHM)

_OAEP = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


class SealBroken(Exception):
    """The sealed bytes cannot be opened: wrong key, changed in transit, or not sealed as agreed."""


# --- keys on disk ---------------------------------------------------------------------------------


def key_file(instance_path) -> Path:
    return Path(instance_path) / KEY_FILE


def retired_keys_dir(instance_path) -> Path:
    return Path(instance_path) / RETIRED_KEYS_DIR


def spki_der(public_key) -> bytes:
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def key_id_of(public_key) -> str:
    """First 16 hex digits of the SHA-256 of the DER SubjectPublicKeyInfo: names a key, not a secret."""
    return hashlib.sha256(spki_der(public_key)).hexdigest()[:16]


def _pem(private_key) -> bytes:
    return private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _write_private(path: Path, pem: bytes, replace: bool) -> bool:
    """Write a key file owner-only and durably; without `replace`, never over an existing file.

    Written to a temporary file and then linked (or renamed) into place, so a crash never leaves a
    half-written key where the server would read it. Returns False if the file already existed."""
    if not replace:
        return write_file_once(path, pem)  # fails if another process made the key first
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        write_synced(temporary, pem)
        os.replace(temporary, path)
        fsync_directory(path.parent)
        return True
    finally:
        temporary.unlink(missing_ok=True)


def _load(path: Path):
    return _parse_private(path.read_bytes())


@lru_cache(maxsize=16)
def _parse_private(pem: bytes):
    """Parsing a 3072-bit key checks it, which costs ~90 ms: every app made in one process (a test run
    makes over a thousand, all with the same key file) shares one parse of the same bytes."""
    return serialization.load_pem_private_key(pem, password=None)


def ensure_server_key(instance_path) -> bool:
    """Make the key pair on first start; returns whether it was made now."""
    path = key_file(instance_path)
    if path.exists():
        return False
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    return _write_private(path, _pem(private_key), replace=False)


def retire_current(instance_path) -> str:
    """Keep the current key among the retired ones (durably, once), before anything replaces it:
    a key rotation, or a restore from a backup made under another key. Returns its key_id."""
    current = _load(key_file(instance_path))
    key_id = key_id_of(current.public_key())
    archived = retired_keys_dir(instance_path) / f"{key_id}.pem"
    if not archived.exists():
        _write_private(archived, _pem(current), replace=False)
    return key_id


def rotate(instance_path) -> tuple[str, str]:
    """Make a new current key and keep the old one for uploads still sealed to it.

    The old key is archived (durably) before the new one replaces it, so at no moment is any key
    only in memory. Returns (old key_id, new key_id)."""
    ensure_server_key(instance_path)
    old_id = retire_current(instance_path)
    new_key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    _write_private(key_file(instance_path), _pem(new_key), replace=True)
    return old_id, key_id_of(new_key.public_key())


class Keyring:
    """The keys of one instance folder, loaded once per process and reloaded if the file changes.

    Loading and checking a 3072-bit key costs milliseconds, so it is not done per upload; a key
    rotated by the command line while the server runs is noticed by the file's identity changing."""

    def __init__(self, instance_path):
        self.instance_path = Path(instance_path)
        self._lock = threading.Lock()
        self._current = None  # (file identity, key_id, private key)
        self._by_id: dict[str, object] = {}

    def _file_identity(self):
        status = key_file(self.instance_path).stat()
        return status.st_ino, status.st_mtime_ns, status.st_size

    def current(self):
        """(key_id, private key) of the key new devices are given."""
        identity = self._file_identity()
        with self._lock:
            if self._current is None or self._current[0] != identity:
                private_key = _load(key_file(self.instance_path))
                key_id = key_id_of(private_key.public_key())
                self._current = (identity, key_id, private_key)
                self._by_id[key_id] = private_key
            return self._current[1], self._current[2]

    def private_key(self, key_id: str):
        """The private key named `key_id` (current or retired), or None."""
        current_id, current_key = self.current()
        if key_id == current_id:
            return current_key
        with self._lock:
            if key_id in self._by_id:
                return self._by_id[key_id]
        # key_id is 16 lowercase hex (checked by the caller), so it cannot name another path.
        if len(key_id) != 16 or any(c not in "0123456789abcdef" for c in key_id):
            return None
        path = retired_keys_dir(self.instance_path) / f"{key_id}.pem"
        if not path.exists():
            return None
        private_key = _load(path)
        if key_id_of(private_key.public_key()) != key_id:
            return None  # a misnamed file is not the key it claims to be
        with self._lock:
            self._by_id[key_id] = private_key
        return private_key


def keyring() -> Keyring:
    return current_app.extensions["sofs_keyring"]


def server_key() -> dict:
    """What a tablet needs to seal to this server: {"key_id", "spki"} (base64 DER SPKI)."""
    key_id, private_key = keyring().current()
    return {"key_id": key_id, "spki": base64.b64encode(spki_der(private_key.public_key())).decode("ascii")}


# --- opening what a tablet sealed -----------------------------------------------------------------


def unwrap(key_id: str, wrapped_key: bytes, ring: Keyring | None = None) -> bytes:
    """The artefact's AES-256 key, unwrapped with RSA-OAEP (SHA-256, MGF1-SHA-256, empty label)."""
    private_key = (ring or keyring()).private_key(key_id)
    if private_key is None:
        raise SealBroken(f"sealed to a server key this server does not have ({key_id})")
    try:
        aes_key = private_key.decrypt(wrapped_key, _OAEP)
    except ValueError:
        raise SealBroken("the wrapped key does not open with the server's key") from None
    if len(aes_key) != AES_KEY_BYTES:
        raise SealBroken("the wrapped key is not an AES-256 key")
    return aes_key


def open_sealed(aes_key: bytes, iv: bytes, sealed: bytes, associated_data: bytes | None = None) -> bytes:
    """AES-256-GCM decryption of ciphertext||tag; any changed bit, in the bytes or in the
    `associated_data` they were sealed with, fails the tag check."""
    if len(iv) != GCM_IV_BYTES:
        raise SealBroken("the IV is not 12 bytes")
    if len(sealed) < GCM_TAG_BYTES:
        raise SealBroken("the sealed bytes are shorter than the GCM tag")
    try:
        return AESGCM(aes_key).decrypt(iv, sealed, associated_data)
    except InvalidTag:
        raise SealBroken("the sealed bytes do not match their tag (changed in transit)") from None


def init_app(app):
    ensure_server_key(app.instance_path)
    app.extensions["sofs_keyring"] = Keyring(app.instance_path)

    @app.cli.command("rotate-server-key")
    def rotate_server_key():
        """Make a new server key for tablets to seal to; the old one is kept to open older uploads."""
        old_id, new_id = rotate(app.instance_path)
        click.echo(
            f"New server key {new_id}. The old key {old_id} is kept in "
            f"{retired_keys_dir(app.instance_path)}. Back up {key_file(app.instance_path)} and that folder."
        )
