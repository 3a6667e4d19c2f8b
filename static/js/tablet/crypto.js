// Cryptography on the tablet: the browser's Web Crypto API, and Argon2id from the vendored hash-wasm
// (WebAssembly; the browser has no memory-hard function of its own).
//
// Two kinds of protection (docs/sync.md, "Sealing" and "The tablet's side"; docs/security.md):
// - the *local key* encrypts child data at rest in IndexedDB. Its material is made once, at set-up,
//   as HKDF-SHA-256 over (the first unlock secret ‖ the secret the server issued to this device), and
//   is then kept only wrapped (AES-256-GCM) under a key made from an unlock secret: the output of the
//   tablet's own authenticator (WebAuthn PRF) or the passcode stretched with Argon2id. The device
//   secret itself is never stored, and the local key lives, non-extractable, only in memory while the
//   app is unlocked;
// - *sealing* encrypts a finished artefact for the server alone: a fresh AES-256-GCM key per
//   artefact, wrapped with the server's RSA-OAEP public key and then forgotten.

import { compressedDocument } from "./compression.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function randomBytes(length) {
  return crypto.getRandomValues(new Uint8Array(length));
}

export function toBase64(bytes) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = "";
  for (let i = 0; i < view.length; i += 0x8000) {
    binary += String.fromCharCode(...view.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function fromBase64(text) {
  const normal = text.replace(/-/g, "+").replace(/_/g, "/");
  const padded = normal + "===".slice((normal.length + 3) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Canonical JSON (docs/sync.md): sorted keys, no whitespace, integers only. The bytes made here are
// the ones hashed and sealed; the server hashes what it decrypts and never re-serialises.
export function canonicalJSON(value) {
  if (value === null || typeof value === "boolean" || typeof value === "string") {
    return JSON.stringify(value);
  }
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new TypeError("only whole numbers can be stored");
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJSON).join(",")}]`;
  if (typeof value === "object") {
    const keys = Object.keys(value).filter((key) => value[key] !== undefined).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJSON(value[key])}`).join(",")}}`;
  }
  throw new TypeError(`cannot store a ${typeof value}`);
}

export function canonicalBytes(value) {
  return encoder.encode(canonicalJSON(value));
}

// --- the local key --------------------------------------------------------------------------------

const LOCAL_KEY_INFO = encoder.encode("sofs-direct local key");
const SLOT_INFO = encoder.encode("sofs-direct key slot");
const HASH_WASM = "../../vendor/hash-wasm/hash-wasm.esm.min.js";

export async function importDeviceSecret(secretBytes) {
  // How tablets set up before issue 18 stored the device secret: a non-extractable CryptoKey, which
  // script cannot read back but which the browser writes to disk as its raw bytes. Kept for
  // legacyLocalKeyMaterial (and the test that makes a tablet of that format).
  return crypto.subtle.importKey("raw", secretBytes, "HKDF", false, ["deriveKey"]);
}

async function hkdfBits(ikm, info, salt = new Uint8Array(32)) {
  const base = await crypto.subtle.importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt, info }, base, 256));
}

// The local key's material: HKDF-SHA-256 over (unlock secret ‖ device secret), 32 bytes.
export async function deriveLocalKey(unlockSecret, deviceSecretBytes) {
  const ikm = new Uint8Array(unlockSecret.length + deviceSecretBytes.length);
  ikm.set(unlockSecret);
  ikm.set(deviceSecretBytes, unlockSecret.length);
  return hkdfBits(ikm, LOCAL_KEY_INFO);
}

export async function importLocalKey(material) {
  return crypto.subtle.importKey("raw", material, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
}

// Argon2id(passcode, salt) at the cost the service set (kdf: memory_kib, iterations, parallelism),
// 32 bytes. The passcode is NFC-normalised so that a Welsh ŵ typed either way is the same passcode.
export async function stretchPasscode(passcode, salt, kdf) {
  const { argon2id } = await import(HASH_WASM);
  return argon2id({
    password: encoder.encode(passcode.normalize("NFC")), salt,
    memorySize: kdf.memory_kib, iterations: kdf.iterations, parallelism: kdf.parallelism,
    hashLength: 32, outputType: "binary",
  });
}

// A key slot: the local key's material under AES-256-GCM with a key-encryption key made from an
// unlock secret (HKDF), bound to this device's id. Its authentication tag is the only check of a
// passcode: nothing else on the tablet tells a right guess from a wrong one.
async function slotKey(unlockSecret) {
  const bits = await hkdfBits(unlockSecret, SLOT_INFO);
  return crypto.subtle.importKey("raw", bits, "AES-GCM", false, ["encrypt", "decrypt"]);
}

export async function wrapKeyMaterial(unlockSecret, material, deviceId) {
  const iv = randomBytes(12);
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(deviceId) }, await slotKey(unlockSecret), material);
  return { iv, ciphertext: new Uint8Array(ciphertext) };
}

// The material, or an OperationError when the unlock secret is not the one it was wrapped with.
export async function unwrapKeyMaterial(unlockSecret, wrapped, deviceId) {
  return new Uint8Array(await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: wrapped.iv, additionalData: encoder.encode(deviceId) },
    await slotKey(unlockSecret), wrapped.ciphertext));
}

// The local key of a tablet set up before issue 18: HKDF(ikm = device secret, salt = PBKDF2-SHA-256
// (PIN, 600,000 iterations)), read out as bytes so that it can be wrapped in a new slot and the
// carried children and drafts stay as they are. (The derived key may be extractable though the
// device secret is not.)
export const PBKDF2_ITERATIONS = 600000;

export async function legacyLocalKeyMaterial(pin, pinSalt, deviceSecretKey) {
  const pinKey = await crypto.subtle.importKey("raw", encoder.encode(pin), "PBKDF2", false, ["deriveBits"]);
  const stretched = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: pinSalt, iterations: PBKDF2_ITERATIONS }, pinKey, 256);
  const key = await crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: stretched, info: LOCAL_KEY_INFO },
    deviceSecretKey, { name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);
  return new Uint8Array(await crypto.subtle.exportKey("raw", key));
}

export async function encryptBytes(key, bytes) {
  const iv = randomBytes(12);
  const ciphertext = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, bytes);
  return { iv, ciphertext };
}

export async function decryptBytes(key, sealed) {
  return new Uint8Array(await crypto.subtle.decrypt({ name: "AES-GCM", iv: sealed.iv }, key, sealed.ciphertext));
}

export async function encryptJSON(key, value) {
  return encryptBytes(key, encoder.encode(JSON.stringify(value)));
}

export async function decryptJSON(key, sealed) {
  return JSON.parse(decoder.decode(await decryptBytes(key, sealed)));
}

// --- sealing for the server -----------------------------------------------------------------------

export async function importServerKey(spkiBase64) {
  return crypto.subtle.importKey("spki", fromBase64(spkiBase64), { name: "RSA-OAEP", hash: "SHA-256" },
    false, ["wrapKey"]);
}

// The sealing algorithm of protocol 2 (docs/sync.md, "The bound envelope"): the payload's AES-GCM tag
// also covers the envelope's own fields, so a bit flipped in device_seq or device_time on the way is
// caught like one flipped in the payload, and the server refuses it (the tablet then sends it again).
export const SEALING_ALGORITHM = "RSA-OAEP-256+A256GCM+envelope";
// The envelope's second form (docs/sync.md, "The sealed envelope"): only what sending needs stays in
// clear — the artefact's id, the device, its sequence number and the sealed bytes' own hashes. The
// rest (child, kind, state, times, plaintext hashes and part names) is sealed beside the payload
// under the same artefact key, so a tablet taken away tells nobody which child or what work it holds.
export const ENVELOPE_FORM = 2;
const NOTICE_ALGORITHM = "RSA-OAEP-256+A256GCM";
const CLEAR_FIELDS = ["id", "device_id", "device_seq"];
const BOUND_FIELDS = ["id", "kind", "child_id", "device_id", "device_seq", "state", "draft_version", "device_time"];
const BOUND_PART_FIELDS = ["name", "media_type", "sha256", "length"];

export function boundMetadata(envelope) {
  const bound = Object.fromEntries(BOUND_FIELDS.concat(["payload_sha256", "payload_length"])
    .map((name) => [name, envelope[name]]));
  bound.parts = envelope.parts.map((part) => Object.fromEntries(BOUND_PART_FIELDS.map((name) => [name, part[name]])));
  return canonicalBytes(bound);
}

async function freshArtefactKey(serverKey) {
  const artefactKey = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"]);
  const wrapped = await crypto.subtle.wrapKey("raw", artefactKey, serverKey, { name: "RSA-OAEP" });
  return { artefactKey, wrapped };
}

// The sealed metadata is bound to the clear fields (its AES-GCM additional data is their canonical
// JSON), so a bit flipped in the id, device or sequence number fails its tag at the server.
function clearFieldsOf(from) {
  return Object.fromEntries(CLEAR_FIELDS.map((name) => [name, from[name]]));
}

async function sealedMetadata(artefactKey, clear, value) {
  const iv = randomBytes(12);
  const ciphertext = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: canonicalBytes(clear) },
    artefactKey, canonicalBytes(value));
  return { iv: toBase64(iv), sealed: toBase64(ciphertext) };
}

// Seal a document and its parts under `binding` (the artefact's id, kind, child, device, sequence
// number, state, draft version and device time). The document is compressed first when that pays
// (compression.js); its hash and length stay the plaintext's, and the mark is sealed in the metadata.
// Returns the clear envelope (second form), the sealed payload, the sealed parts in the envelope's
// order, and `about`: what the envelope no longer says in clear, for the tablet to keep under its
// local key.
export async function seal(serverKey, keyId, document, parts, binding) {
  const payload = canonicalBytes(document);
  const sent = await compressedDocument(payload);
  const { artefactKey, wrapped } = await freshArtefactKey(serverKey);
  const sealedParts = [];
  const partEntries = [];
  for (const part of parts) {
    const sealedPart = await encryptBytes(artefactKey, part.bytes);
    const sealedBytes = new Uint8Array(sealedPart.ciphertext);
    sealedParts.push(sealedBytes);
    partEntries.push({
      name: part.name, media_type: part.media_type,
      sha256: await sha256Hex(part.bytes), length: part.bytes.byteLength,
      sealed_sha256: await sha256Hex(sealedBytes), sealed_length: sealedBytes.byteLength,
      iv: toBase64(sealedPart.iv),
    });
  }
  const whole = Object.fromEntries(BOUND_FIELDS.map((name) => [name, binding[name]]));
  Object.assign(whole, { payload_sha256: await sha256Hex(payload), payload_length: payload.byteLength,
    parts: partEntries });
  const iv = randomBytes(12);
  const sealedPayloadBytes = new Uint8Array(await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: boundMetadata(whole) }, artefactKey, sent.bytes));
  const secret = Object.fromEntries(Object.entries(whole).filter(([name]) => !CLEAR_FIELDS.includes(name)));
  secret.payload_encoding = sent.encoding;
  secret.parts = partEntries.map(({ sealed_sha256: _hash, sealed_length: _length, ...part }) => part);
  const clear = clearFieldsOf(binding);
  const envelope = {
    envelope: ENVELOPE_FORM, ...clear,
    sealed_sha256: await sha256Hex(sealedPayloadBytes),
    sealed: { alg: SEALING_ALGORITHM, key_id: keyId, wrapped_key: toBase64(wrapped), iv: toBase64(iv) },
    metadata: await sealedMetadata(artefactKey, clear, secret),
    parts: partEntries.map((part) => ({ sealed_sha256: part.sealed_sha256, sealed_length: part.sealed_length })),
  };
  // The artefact key goes out of scope here: nothing on the tablet can open the sealed copy again.
  const about = { kind: binding.kind, child_id: binding.child_id, state: binding.state, draft_version: binding.draft_version };
  return { envelope, sealedPayload: sealedPayloadBytes, sealedParts, about };
}

// A notice that a draft was discarded, in the envelope's second form: which child and kind, and when,
// are sealed to the server like an artefact's metadata.
export async function sealNotice(serverKey, keyId, notice) {
  const { artefactKey, wrapped } = await freshArtefactKey(serverKey);
  const clear = clearFieldsOf(notice);
  return {
    envelope: ENVELOPE_FORM, ...clear,
    sealed: { alg: NOTICE_ALGORITHM, key_id: keyId, wrapped_key: toBase64(wrapped) },
    metadata: await sealedMetadata(artefactKey, clear,
      { kind: notice.kind, child_id: notice.child_id, discarded_at: notice.discarded_at }),
  };
}
