// This tablet's registration, its PIN, and the local key that opens child data at rest.
//
// Main decision: the local key is derived, never stored. What is stored is the PIN salt, the
// server-issued device secret as a non-extractable CryptoKey, and a small check value encrypted
// under the key, so a wrong PIN is recognised. Five wrong PINs in a row delete all three: the
// local store can then never be opened again. Sealed outbox items do not depend on them and still
// upload (docs/sync.md).

import { decryptJSON, deriveLocalKey, encryptJSON, importDeviceSecret, importServerKey, fromBase64, randomBytes } from "./crypto.js";
import { clear, get, put, transact } from "./store.js";

export const MAX_PIN_ATTEMPTS = 5;
const CHECK_VALUE = "sofs-direct unlocked";
export const PIN_PATTERN = /^[0-9]{6,12}$/;

export async function readDevice(db) {
  return transact(db, ["meta"], "readonly", ({ meta }) => get(meta, "device"));
}

// Register with the server (online, signed in) and set the PIN.
export async function register(db, api, name, pin) {
  const answer = await api.post("/api/devices", { name });
  const deviceSecret = await importDeviceSecret(fromBase64(answer.device_secret));
  const pinSalt = randomBytes(16);
  const localKey = await deriveLocalKey(pin, pinSalt, deviceSecret);
  const device = {
    device_id: answer.device_id,
    device_secret: deviceSecret,
    pin_salt: pinSalt,
    pin_check: await encryptJSON(localKey, CHECK_VALUE),
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

// Try a PIN. Returns { localKey } or { wrong: attemptsLeft } or { destroyed: true }.
export async function unlock(db, pin) {
  const device = await readDevice(db);
  if (!device || !device.pin_salt) return { destroyed: true };
  let localKey = null;
  try {
    localKey = await deriveLocalKey(pin, device.pin_salt, device.device_secret);
    if ((await decryptJSON(localKey, device.pin_check)) !== CHECK_VALUE) localKey = null;
  } catch (_wrongPin) {
    localKey = null;
  }
  return transact(db, ["meta", "children", "drafts"], "readwrite", async (stores) => {
    const current = await get(stores.meta, "device");
    if (localKey) {
      current.failed_pins = 0;
      await put(stores.meta, current, "device");
      return { localKey };
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

function destroyLocalKey(device) {
  delete device.device_secret;
  delete device.pin_salt;
  delete device.pin_check;
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
