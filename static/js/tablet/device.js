// This tablet's registration, how it unlocks, and the local key that opens child data at rest.
//
// Main decision (docs/security.md): the local key is opened through *key slots*, never stored. Each
// slot holds the local key's material wrapped under one unlock secret — `device`: the tablet's own
// authenticator (WebAuthn PRF, authenticator.js); `passcode`: Argon2id of the passcode at the cost
// the service set at registration — and the slot's AES-GCM tag is the only check. The server's
// device secret goes into the material at set-up and is then forgotten, so a copied profile holds
// nothing that opens the data without the authenticator or a full passcode search. Five wrong
// passcodes in a row delete every slot: the local store can then never be opened again. Sealed
// outbox items do not depend on them and still upload (docs/sync.md).
//
// Tablets set up before this (a raw device secret, `pin_salt`, `pin_check`) unlock with their old
// PIN once and keep the same local key material, now in a passcode slot; a PIN shorter than the
// passcode rule allows is replaced at once by a new passcode (moveToPasscode). The carried children
// and drafts are not re-encrypted: nothing about them changes, so nothing can be lost on the way.

import { prfOutput } from "./authenticator.js";
import {
  decryptJSON, deriveLocalKey, encryptJSON, fromBase64, importLocalKey, importServerKey, legacyLocalKeyMaterial, randomBytes,
  stretchPasscode, unwrapKeyMaterial, wrapKeyMaterial,
} from "./crypto.js";
import { _ } from "./i18n.js";
import { clear, get, put, transact } from "./store.js";

export const MAX_PIN_ATTEMPTS = 5;
const LEGACY_CHECK_VALUE = "sofs-direct unlocked";
// Production parameters, used only when an old tablet moves to a passcode slot before it has heard
// the service's own (artefacts/service.py KDF_PROFILES, which this must equal).
const DEFAULT_KDF = { algorithm: "argon2id", memory_kib: 65536, iterations: 2, parallelism: 1 };

// The passcode rule (docs/security.md): at least 8 numbers, or a passphrase of at least 16
// characters (four ordinary words are about 20). Why not, or null when it is good enough.
export const PASSCODE_DIGITS = 8;
export const PASSPHRASE_CHARACTERS = 16;
const PASSCODE_MAX = 128;

export function passcodeProblem(passcode) {
  const length = [...passcode.normalize("NFC")].length;
  if (!passcode.trim()) return _("Enter a passcode");
  if (length > PASSCODE_MAX) return _("A passcode must be %(n)s characters or fewer", { n: PASSCODE_MAX });
  if (/^[0-9]+$/.test(passcode) ? length < PASSCODE_DIGITS : length < PASSPHRASE_CHARACTERS) {
    return _("Use at least 8 numbers, or a passphrase of at least 16 characters, for example four words");
  }
  return null;
}

export async function readDevice(db) {
  return transact(db, ["meta"], "readonly", ({ meta }) => get(meta, "device"));
}

// How this tablet unlocks: "device" (its own authenticator), "passcode", "legacy" (an old PIN), or
// null when five wrong passcodes made it unreadable.
export function protection(device) {
  if (device?.slots?.device) return "device";
  if (device?.slots?.passcode) return "passcode";
  if (device?.pin_salt) return "legacy";
  return null;
}

async function passcodeSlot(passcode, kdf, material, deviceId) {
  const salt = randomBytes(16);
  const secret = await stretchPasscode(passcode, salt, kdf);
  return { kdf, salt, wrapped: await wrapKeyMaterial(secret, material, deviceId) };
}

// Register with the server (online, signed in) and make the key slots: `enrolment` is the
// authenticator's ({slot, secret}, authenticator.enrol) or null, `passcode` the fallback or null
// (the service may require the authenticator alone).
export async function register(db, api, name, { passcode, enrolment }) {
  const answer = await api.post("/api/devices", { name });
  const kdf = answer.unlock.kdf;
  const deviceId = answer.device_id;
  const passcodeSalt = randomBytes(16);
  const passcodeSecret = passcode ? await stretchPasscode(passcode, passcodeSalt, kdf) : null;
  const material = await deriveLocalKey(enrolment ? enrolment.secret : passcodeSecret, fromBase64(answer.device_secret));
  const slots = {};
  if (enrolment) slots.device = { ...enrolment.slot, wrapped: await wrapKeyMaterial(enrolment.secret, material, deviceId) };
  if (passcode) slots.passcode = { kdf, salt: passcodeSalt, wrapped: await wrapKeyMaterial(passcodeSecret, material, deviceId) };
  const localKey = await importLocalKey(material);
  material.fill(0);
  const device = {
    device_id: deviceId,
    slots,
    failed_pins: 0,
    server_key: await importServerKey(answer.server_key.spki),
    key_id: answer.server_key.key_id,
    ...settingsFrom(answer),
    ...(await credentialsFrom(answer, localKey)),
    user_id: api.user.id,
    next_seq: 1,
    registered_at: new Date().toISOString(),
  };
  await transact(db, ["meta", "children", "drafts"], "readwrite", async (stores) => {
    await put(stores.meta, device, "device");
    // A fresh registration starts with an empty local store; the outbox is kept.
    await clear(stores.children);
    await clear(stores.drafts);
  });
  return { device, localKey };
}

// The tablet's two credentials (docs/security.md, "The tablet's sending and the worker's session"): the
// upload token, which only sends this tablet's work and so is kept as it is, for sending while locked;
// and the session key, which proves the app is unlocked and so is kept only under the local key.
async function credentialsFrom(answer, localKey) {
  return { upload_token: answer.upload_token, session_key_sealed: await encryptJSON(localKey, answer.session_key) };
}

// Credentials issued after registration (a tablet set up before it had them), kept in the record.
export async function saveCredentials(db, localKey, answer) {
  const credentials = await credentialsFrom(answer, localKey);
  return transact(db, ["meta"], "readwrite", async ({ meta }) => {
    const device = await get(meta, "device");
    Object.assign(device, credentials);
    await put(meta, device, "device");
    return device;
  }, { durability: "strict" });
}

// The service's policy for tablets; it arrives with registration and with every later contact.
function settingsFrom(answer) {
  return {
    carry_days: answer.carry_days,
    idle_lock_seconds: answer.idle_lock_seconds,
    capture_reserve_bytes: answer.capture_reserve_bytes,
    unlock_policy: answer.unlock,
  };
}

export async function updateSettings(db, answer) {
  return transact(db, ["meta"], "readwrite", async ({ meta }) => {
    const device = await get(meta, "device");
    if (!device) return null;
    Object.assign(device, settingsFrom(answer));
    await put(meta, device, "device");
    return device;
  });
}

// The local key material a slot opens with this attempt ({passcode} or {device: true}), or null.
// Only a wrong secret counts as wrong (the AES-GCM tag, or the old check value): anything else, such
// as Argon2id's code failing to load, is thrown, and is not a wrong passcode.
async function openSlot(device, attempt) {
  const wrongAsNull = (promise) => promise.catch((error) => {
    if (error.name === "OperationError") return null;
    throw error;
  });
  if (attempt.device) {
    const secret = device.slots?.device && await prfOutput(device.slots.device);
    return secret && wrongAsNull(unwrapKeyMaterial(secret, device.slots.device.wrapped, device.device_id));
  }
  const slot = device.slots?.passcode;
  if (slot) {
    const secret = await stretchPasscode(attempt.passcode, slot.salt, slot.kdf);
    return wrongAsNull(unwrapKeyMaterial(secret, slot.wrapped, device.device_id));
  }
  const material = await legacyLocalKeyMaterial(attempt.passcode, device.pin_salt, device.device_secret);
  const check = await wrongAsNull(importLocalKey(material).then((key) => decryptJSON(key, device.pin_check)));
  return check === LEGACY_CHECK_VALUE ? material : null;
}

// Try to unlock. Returns { localKey } or { wrong: attemptsLeft } or { destroyed: true } or
// { refused: true } (the authenticator did not confirm the worker: not counted, the authenticator
// limits its own attempts). An old tablet whose PIN is too short for the passcode rule also gets
// `choosePasscode(newPasscode)`, which moves it to a passcode slot.
export async function unlock(db, attempt) {
  const device = await readDevice(db);
  if (!protection(device)) return { destroyed: true };
  const material = await openSlot(device, attempt);
  if (!material && attempt.device) return { refused: true };
  let choosePasscode = null;
  if (material && protection(device) === "legacy") {
    const kept = material.slice(); // moveToPasscode wipes what it is given
    if (passcodeProblem(attempt.passcode)) choosePasscode = (passcode) => moveToPasscode(db, kept, passcode);
    else await moveToPasscode(db, kept, attempt.passcode);
  }
  const localKey = material && await importLocalKey(material);
  if (material) material.fill(0);
  return transact(db, ["meta", "children", "drafts"], "readwrite", async (stores) => {
    const current = await get(stores.meta, "device");
    if (localKey) {
      current.failed_pins = 0;
      await put(stores.meta, current, "device");
      return choosePasscode ? { localKey, choosePasscode } : { localKey };
    }
    current.failed_pins = (current.failed_pins || 0) + 1;
    if (current.failed_pins >= MAX_PIN_ATTEMPTS) {
      destroyLocalKey(current);
      await put(stores.meta, current, "device");
      await clear(stores.children);
      await clear(stores.drafts);
      return { destroyed: true };
    }
    await put(stores.meta, current, "device");
    return { wrong: MAX_PIN_ATTEMPTS - current.failed_pins };
  }, { durability: "strict" });
}

// An old tablet's local key material into a passcode slot, and its raw device secret, PIN salt and
// check value deleted, in one transaction: it either still opens the old way or only the new way.
export async function moveToPasscode(db, material, passcode) {
  const before = await readDevice(db);
  const slot = await passcodeSlot(passcode, before.unlock_policy?.kdf || DEFAULT_KDF, material, before.device_id);
  material.fill(0);
  await transact(db, ["meta"], "readwrite", async ({ meta }) => {
    const device = await get(meta, "device");
    device.slots = { passcode: slot };
    destroyLegacyKey(device);
    device.failed_pins = 0;
    await put(meta, device, "device");
  }, { durability: "strict" });
}

function destroyLegacyKey(device) {
  delete device.device_secret;
  delete device.pin_salt;
  delete device.pin_check;
}

function destroyLocalKey(device) {
  delete device.slots;
  destroyLegacyKey(device);
  device.destroyed_at = new Date().toISOString();
}

// The next per-device sequence number, taken in its own transaction when capture starts.
export async function takeSequenceNumber(db) {
  return transact(db, ["meta"], "readwrite", async ({ meta }) => {
    const device = await get(meta, "device");
    const seq = device.next_seq;
    device.next_seq = seq + 1;
    await put(meta, device, "device");
    return seq;
  }, { durability: "strict" });
}
