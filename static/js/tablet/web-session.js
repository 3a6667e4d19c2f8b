// The worker's sign-in in this browser follows the tablet app's lock: while the app is locked, the
// service's pages in this browser and the reading of children are locked too (docs/security.md, "The
// tablet's sending and the worker's session"; docs/sync.md).
//
// Main decision: the app tells the server when it locks, and while it is unlocked proves so with the
// session key it keeps under the local key, several times per idle-lock time. The server counts a
// sign-in whose last proof is older than the idle-lock time as locked, so telling it is only a
// courtesy: a lock it never heard of (no connection, a closed tab) still locks the pages in time.
// Every call goes through one queue, so a lock said at start-up never lands after the unlock's proof.

import { decryptJSON } from "./crypto.js";
import { saveCredentials } from "./device.js";
import { api, app } from "./shell.js";

const LONGEST_BETWEEN_PROOFS_MS = 60 * 1000;
const PROOFS_PER_IDLE_LOCK = 3;

function queue(step) {
  // Never rejects: api() waits for it before its own calls (shell.js), and a failed proof is retried.
  app.proving = (app.proving || Promise.resolve()).then(step).catch(() => {});
  return app.proving;
}

async function prove() {
  if (!app.localKey || !app.device) return;
  const online = await api({ waitForProof: false });
  if (!online.ok) return;
  if (!app.device.session_key_sealed) {
    // Set up before tablets had credentials: this contact, unlocked, is when it gets them.
    app.device = await saveCredentials(app.db, app.localKey, await online.post("/api/devices/credentials"));
  }
  const sessionKey = await decryptJSON(app.localKey, app.device.session_key_sealed);
  await online.post("/api/session/unlocked", { session_key: sessionKey });
}

// The app is unlocked: prove it now and again until it locks.
export function startProving() {
  clearInterval(app.proofTimer);
  queue(prove);
  const idleLockMs = (app.device?.idle_lock_seconds || 300) * 1000;
  const every = Math.min(LONGEST_BETWEEN_PROOFS_MS, idleLockMs / PROOFS_PER_IDLE_LOCK);
  app.proofTimer = setInterval(() => queue(prove), every);
}

// The app is locked (by hand, when idle, at start-up, after wrong PINs): so is this browser's sign-in.
export function tellLocked() {
  clearInterval(app.proofTimer);
  return queue(async () => {
    const online = await api({ waitForProof: false });
    if (online.ok) await online.post("/api/session/lock");
  });
}
