// The outbox: sealed artefacts (and notices of discarded drafts) waiting for the server's receipt,
// and the one sender that sends them.
//
// Main decision: an item leaves the tablet only after a receipt that matches it field by field
// (docs/sync.md, "The receipt"), and nothing else ever makes it stop trying. A conflict (409) comes
// with a receipt too: the server keeps both copies, so the tablet lets go of its own. Everything
// else — a captive portal's page, a redirect, a timeout, a 5xx, and a refusal (4xx) — means "not
// sent": the item waits with exponential backoff plus jitter, capped at five minutes, and is sent
// again by itself, for ever. (A refusal the tablet could not get past once stranded a child's work:
// the seams issue. The server refuses only what a resend can fix.) One upload at a time, across tabs
// too (Web Locks).

import { _, formatTime } from "./i18n.js";
import { decryptJSON, encryptJSON, SEALING_ALGORITHM } from "./crypto.js";
import { count, get, getAll, put, remove, transact } from "./store.js";

export const BACKOFF_START_MS = 2000;
export const BACKOFF_CAP_MS = 5 * 60 * 1000;
// While the server cannot be reached, whether it can is asked this often (a small GET of the session,
// not a resend), so items that backed off for minutes go as soon as the way is open again.
export const PROBE_MS = 30 * 1000;
const RECEIPT_FORMAT = "sofs-direct/2";
// Items sealed in the envelope's second form (everything but the id, device and sequence number sealed)
// are answered "sofs-direct/3": the receipt echoes what the tablet still has in clear.
const RECEIPT_FORMAT_SEALED = "sofs-direct/3";
const ECHOED_SEALED = ["id", "device_id", "device_seq", "sealed_sha256"];
const REVIEW = ["needs review", "conflict"];
// Items sealed before the bound envelope (an update installed while they waited) are checked as
// protocol 1 receipts: the server answers each item in the protocol it was sealed with.
const RECEIPT_FORMAT_V1 = "sofs-direct/1";
const ECHOED = ["id", "kind", "child_id", "device_id", "device_seq", "state", "draft_version", "device_time",
  "payload_sha256", "payload_length", "sealed_sha256"];
const ECHOED_PART = ["name", "media_type", "sha256", "length", "sealed_sha256"];
const STORED = ["stored", "already stored", "quarantined", "needs review"];
const DISCARDED = ["discarded", "already discarded", "already finalised"];
// A failure that says nothing about the item, only about the way to the server: when a connection is
// proven again, these items are tried again at once instead of sleeping out a long backoff.
const CONNECTION_FAILURES = new Set(["no connection", "redirected", "answer cut off", "not a receipt", "server error"]);

// Exponential backoff with "equal jitter": half the delay fixed, half random, never over the cap.
export function backoffDelay(attempts) {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_START_MS * 2 ** Math.max(0, attempts - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

export async function outboxEntries(db) {
  const entries = await transact(db, ["outbox"], "readonly", ({ outbox }) => getAll(outbox));
  return entries.sort((a, b) => (a.queued_at < b.queued_at ? -1 : 1));
}

export async function unsentCount(db) {
  return transact(db, ["outbox"], "readonly", ({ outbox }) => count(outbox));
}

// What the tablet reports at each contact (docs/sync.md, "What the tablet reports"), as two request
// headers: how many items wait in the outbox and how many seconds ago the oldest was queued. Numbers
// only, read from what is in clear (the entry count and the queued-at index), so a locked tablet
// reports too; the age, not a time, so the tablet's clock need not be right.
export async function unsentReport(db) {
  if (!db) return {};
  try {
    return await transact(db, ["outbox"], "readonly", async ({ outbox }) => {
      const unsent = await count(outbox);
      if (!unsent) return { "X-Sofs-Unsent": "0" };
      const oldest = await new Promise((resolve, reject) => {
        const request = outbox.index("by_queued_at").openKeyCursor();
        request.onsuccess = () => resolve(request.result ? request.result.key : null);
        request.onerror = () => reject(request.error);
      });
      const age = Math.max(0, Math.floor((Date.now() - Date.parse(oldest)) / 1000)) || 0;
      return { "X-Sofs-Unsent": String(unsent), "X-Sofs-Unsent-Age": String(age) };
    });
  } catch (_unreadable) {
    return {}; // a report is a courtesy: a call is never held up by it
  }
}

// The drafts whose last autosave the central store refused (ids only): they wait on this tablet.
export async function refusedDrafts(db) {
  return new Set((await transact(db, ["meta"], "readonly", ({ meta }) => get(meta, "refused-drafts"))) || []);
}

export async function lastSync(db) {
  const sync = await transact(db, ["meta"], "readonly", ({ meta }) => get(meta, "sync"));
  return sync ? sync.last_success : null;
}

// Finished work the server took but keeps for the team manager to check (its receipt said "needs
// review" or "conflict"). The reason stays on the server: only the kind, sealed with the local key, and
// when are kept here. No other receipt is kept: once the outbox entry a receipt answers is deleted, the
// receipt has done its work (docs/sync.md, "The tablet's side").
export async function keptForReview(db, localKey) {
  const notes = await transact(db, ["receipts"], "readonly", ({ receipts: store }) => getAll(store));
  const kept = [];
  for (const note of notes.filter((receipt) => REVIEW.includes(receipt.status))) {
    kept.push({ ...note, kind: note.about ? (await decryptJSON(localKey, note.about)).kind : note.kind });
  }
  return kept.sort((a, b) => (a.server_time < b.server_time ? 1 : -1));
}

// After unlock: a review note written before the kind was sealed (or by an item queued before then) has
// its kind sealed with the local key.
export async function sealReviewNotes(db, localKey) {
  const notes = await transact(db, ["receipts"], "readonly", ({ receipts: store }) => getAll(store));
  const sealed = [];
  for (const { kind, ...note } of notes.filter((receipt) => !receipt.about)) {
    sealed.push({ ...note, about: await encryptJSON(localKey, { kind }) });
  }
  if (!sealed.length) return;
  await transact(db, ["receipts"], "readwrite", async ({ receipts: store }) => {
    for (const note of sealed) await put(store, note);
  });
}

// The badge every screen shows: how much is unsent, what is happening, and when it last sent.
export function summary(unsent, last, activity = "") {
  let text = unsent ? _("Not sent yet: %(count)s", { count: unsent }) : _("Everything has been sent");
  if (activity) text += ` · ${activity}`;
  if (last) text += " · " + _("last sent %(time)s", { time: formatTime(last) });
  return text;
}

// The same queued version: every sealing makes a fresh key and IVs, so the envelope names one version.
function sameVersion(a, b) {
  return a && b && JSON.stringify(a.envelope) === JSON.stringify(b.envelope);
}

function legacy(entry) {
  return entry.state !== "discarded" && entry.envelope.sealed.alg !== SEALING_ALGORITHM;
}

function sealedForm(entry) {
  return entry.envelope.envelope === 2;
}

// Does this answer prove the server holds exactly what we sent? `status` is the HTTP status: 200, or
// 409 for a conflict kept beside the stored copy.
export function receiptMatches(receipt, entry, status = 200) {
  const envelope = entry.envelope;
  if (!receipt || typeof receipt !== "object") return false;
  if (entry.state === "discarded") {
    return status === 200 && receipt.receipt === RECEIPT_FORMAT && receipt.state === "discarded"
      && receipt.id === envelope.id && receipt.device_id === envelope.device_id
      && receipt.device_seq === envelope.device_seq && DISCARDED.includes(receipt.status);
  }
  if (sealedForm(entry)) {
    if (receipt.receipt !== RECEIPT_FORMAT_SEALED) return false;
    if (!(status === 200 && STORED.includes(receipt.status)) && !(status === 409 && receipt.status === "conflict")) return false;
    if (!ECHOED_SEALED.every((name) => receipt[name] === envelope[name])) return false;
    const parts = receipt.parts;
    return Array.isArray(parts) && parts.length === envelope.parts.length
      && envelope.parts.every((part, index) => parts[index] && parts[index].sealed_sha256 === part.sealed_sha256);
  }
  if (legacy(entry)) {
    if (status !== 200 || receipt.receipt !== RECEIPT_FORMAT_V1) return false;
    if (receipt.id !== envelope.id || receipt.state !== envelope.state) return false;
    if ((receipt.draft_version ?? null) !== (envelope.draft_version ?? null)) return false;
    if (receipt.payload_sha256 !== envelope.payload_sha256 || receipt.sealed_sha256 !== envelope.sealed_sha256) return false;
    if (!["stored", "already stored", "quarantined"].includes(receipt.status)) return false;
    return sameParts(receipt.parts, envelope.parts, ["name", "sha256", "sealed_sha256"]);
  }
  if (receipt.receipt !== RECEIPT_FORMAT) return false;
  const conflict = receipt.status === "conflict";
  if (!(status === 200 && STORED.includes(receipt.status)) && !(status === 409 && conflict)) return false;
  if (!ECHOED.every((name) => receipt[name] === envelope[name])) return false;
  return sameParts(receipt.parts, envelope.parts, ECHOED_PART);
}

function sameParts(acknowledged = [], sent = [], fields) {
  if (!Array.isArray(acknowledged) || acknowledged.length !== sent.length) return false;
  return sent.every((part) => acknowledged.some((got) => got && fields.every((name) => got[name] === part[name])));
}

function uploadTimeout(entry) {
  const bytes = (entry.sealed_payload ? entry.sealed_payload.byteLength : 0)
    + Object.values(entry.sealed_parts || {}).reduce((sum, part) => sum + part.byteLength, 0);
  return 30000 + bytes / 20; // 30 s, plus 50 s per MB: enough for a slow mobile link
}

function request(entry) {
  if (entry.state === "discarded") {
    return { url: `/api/artefacts/${entry.id}/discarded`, method: "POST", body: JSON.stringify(entry.notice),
      type: "application/json" };
  }
  return { url: `/api/artefacts/${entry.id}`, method: "PUT", body: framedBody(entry), type: FRAMED };
}

// Protocol v2 framing (docs/sync.md, "The upload's body"): a fixed header, then the envelope, the sealed
// payload and each part, every piece after its big-endian length, so the server checks each length
// before it reads the bytes. A Blob of the pieces: the sealed buffers are not copied into one in JS.
const FRAMED = "application/vnd.sofs-direct.artefact";
const FRAMED_HEADER = new Uint8Array([0x53, 0x4f, 0x46, 0x53, 0x41, 0x52, 0x54, 2]); // "SOFSART", version 2

function bigEndian(value, size) {
  const view = new DataView(new ArrayBuffer(size));
  if (size === 4) view.setUint32(0, value);
  else if (size === 2) view.setUint16(0, value);
  else view.setUint8(0, value);
  return view.buffer;
}

function framedBody(entry) {
  const encoder = new TextEncoder();
  const envelope = encoder.encode(JSON.stringify(entry.envelope));
  const parts = Object.entries(entry.sealed_parts || {});
  const pieces = [FRAMED_HEADER, bigEndian(envelope.byteLength, 4), envelope,
    bigEndian(entry.sealed_payload.byteLength, 4), entry.sealed_payload, bigEndian(parts.length, 2)];
  // The second form's parts are named by their place in the envelope (their names are sealed).
  for (const [name, bytes] of parts) {
    const encoded = encoder.encode(name);
    pieces.push(bigEndian(encoded.byteLength, 1), encoded, bigEndian(bytes.byteLength, 4), bytes);
  }
  return new Blob(pieces, { type: FRAMED });
}

// How an attempt is authenticated: with the tablet's upload token, which only sends its own work and
// so works while the app is locked or the worker signed out, and carries no cookie; else (a tablet
// whose token is not yet issued, or refused) with the worker's sign-in and its CSRF token.
function credentials(csrfToken, deviceId, uploadToken) {
  if (uploadToken) return { credentials: "omit", headers: { Authorization: `Device ${uploadToken}` } };
  const headers = { "X-CSRFToken": csrfToken };
  if (deviceId) headers["X-Sofs-Device"] = deviceId; // revoking this tablet ends this sign-in (docs/sync.md)
  return { credentials: "same-origin", headers };
}

// One attempt. Returns { outcome: "acknowledged" | "not sent" | "signed out" | "refused", … }.
export async function upload(entry, csrfToken, deviceId, uploadToken = null, report = {}) {
  const { url, method, body, type } = request(entry);
  const sender = credentials(csrfToken, deviceId, uploadToken);
  const headers = { ...report, ...sender.headers, Accept: "application/json" };
  if (type) headers["Content-Type"] = type;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), uploadTimeout(entry));
  let response;
  try {
    response = await fetch(url, {
      method, body, credentials: sender.credentials, redirect: "manual", cache: "no-store", headers,
      signal: controller.signal,
    });
  } catch (_networkError) {
    return { outcome: "not sent", reason: "no connection" };
  } finally {
    clearTimeout(timer);
  }
  if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
    return { outcome: "not sent", reason: "redirected" };
  }
  const isJSON = (response.headers.get("Content-Type") || "").startsWith("application/json");
  let answer = null;
  try {
    answer = isJSON ? await response.json() : null;
  } catch (_brokenBody) {
    return { outcome: "not sent", reason: "answer cut off" };
  }
  if (receiptMatches(answer, entry, response.status)) return { outcome: "acknowledged", receipt: answer };
  // A protocol 1 item's conflict carries no receipt: the server's word that it keeps both copies.
  if (response.status === 409 && isJSON && legacy(entry) && answer?.error === "conflict") {
    return { outcome: "acknowledged", receipt: { status: "conflict", server_time: new Date().toISOString() } };
  }
  if (response.status === 200) return { outcome: "not sent", reason: isJSON ? "receipt did not match" : "not a receipt" };
  if (response.status === 401) return { outcome: "signed out" };
  if (response.status >= 400 && response.status < 500 && isJSON) {
    // `state` is the server's word that what it refused is a draft's content (it opened the seal).
    return { outcome: "refused", reason: answer?.message || `refused (${response.status})`, draft: answer?.state === "draft" };
  }
  return { outcome: "not sent", reason: response.status >= 500 ? "server error" : `server answered ${response.status}` };
}

// The sender: call trigger() whenever sending might now succeed.
export class Sender extends EventTarget {
  constructor(db, fetchSession, deviceId = () => null, uploadToken = () => null) {
    super();
    this.db = db;
    this.fetchSession = fetchSession;
    this.deviceId = deviceId;
    this.uploadToken = uploadToken;
    this.tokenRefused = false; // a revoked tablet's token: its sign-in sends instead (kept for the manager)
    this.running = false;
    this.again = false;
    this.timer = null;
    this.status = "idle"; // idle | sending | waiting | signed out
    this.current = null;
    this.progress = { done: 0, total: 0 };
  }

  emit() {
    this.dispatchEvent(new Event("change"));
  }

  async sendNow() {
    await this.wake(() => true);
    this.trigger();
  }

  // Take back the backoff of the entries `which` chooses: they are due now.
  async wake(which) {
    await transact(this.db, ["outbox"], "readwrite", async ({ outbox }) => {
      for (const entry of await getAll(outbox)) {
        if (!which(entry) || !entry.next_attempt_at) continue;
        Object.assign(entry, { next_attempt_at: 0, attempts: 0 });
        await put(outbox, entry);
      }
    });
  }

  // The way to the server works again (a real answer from it, not a Wi-Fi sign-in page): what waited
  // only because there was no way through is tried now.
  async connectionProven() {
    if (!this.lostConnection) return;
    this.lostConnection = false;
    await this.wake((entry) => CONNECTION_FAILURES.has(entry.last_error));
  }

  trigger() {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    clearTimeout(this.timer);
    const work = async () => {
      try {
        do {
          this.again = false;
          await this.run();
        } while (this.again);
      } finally {
        this.running = false;
        this.emit();
      }
    };
    // The lock makes tabs take turns: one upload at a time on this tablet.
    const locked = navigator.locks ? navigator.locks.request("sofs-direct-outbox", work) : work();
    locked.catch(() => {
      this.running = false;
      this.emit();
    });
  }

  async nextDue() {
    const now = Date.now();
    const entries = await outboxEntries(this.db);
    const due = entries.find((entry) => (entry.next_attempt_at || 0) <= now);
    const later = entries.map((entry) => entry.next_attempt_at || 0).filter((at) => at > now);
    return { due, wakeAt: later.length ? Math.min(...later) : null };
  }

  async run() {
    let csrfToken = null;
    this.progress = { done: 0, total: await unsentCount(this.db) };
    if (this.lostConnection && navigator.onLine) {
      const session = await this.fetchSession();
      if (session.ok) {
        csrfToken = session.csrf_token;
        await this.connectionProven();
      }
    }
    for (;;) {
      const { due, wakeAt } = await this.nextDue();
      if (!due) {
        this.status = wakeAt ? "waiting" : "idle";
        const probeAt = this.lostConnection ? Date.now() + PROBE_MS : Infinity;
        if (wakeAt) this.timer = setTimeout(() => this.trigger(), Math.min(wakeAt, probeAt) - Date.now());
        return;
      }
      if (!navigator.onLine) {
        this.status = "waiting";
        return; // the "online" event triggers us again
      }
      const token = this.tokenRefused ? null : this.uploadToken();
      if (!csrfToken && !token) {
        const session = await this.fetchSession();
        if (session.signedOut) {
          this.status = "signed out";
          return; // signing in again triggers us; nothing is deleted
        }
        if (!session.ok) {
          this.lostConnection = true;
          await this.failed(due, session.reason || "no connection");
          continue;
        }
        csrfToken = session.csrf_token;
        await this.connectionProven();
      }
      this.status = "sending";
      this.current = due.id;
      this.emit();
      await this.mark(due, { status: "sending", last_attempt_at: new Date().toISOString() });
      const result = await upload(due, csrfToken, this.deviceId(), token, await unsentReport(this.db));
      this.current = null;
      if (result.outcome === "signed out" && token) {
        this.tokenRefused = true; // try it again at once, with the worker's sign-in
        await this.mark(due, { status: "queued" });
      } else if (result.outcome === "acknowledged") {
        await this.acknowledge(due, result.receipt);
        this.progress.done += 1;
        if (token) await this.connectionProven(); // a receipt is the server's real answer
      } else if (result.outcome === "signed out") {
        await this.mark(due, { status: "queued", last_error: "signed out" });
        this.status = "signed out";
        return;
      } else if (result.outcome === "refused" && (due.state === "draft" || result.draft)) {
        await this.setAside(due);
      } else {
        // Only no way through at all counts as a lost connection: a server that answers the session but
        // not an upload (a proxy's page, say) is not waited out faster by probing.
        // With the upload token no session call goes first, so the upload itself tells whether the way
        // to the server is open.
        if (result.reason === "no connection" || (token && CONNECTION_FAILURES.has(result.reason))) this.lostConnection = true;
        await this.failed(due, result.reason, result.outcome === "refused");
      }
      this.emit();
    }
  }

  async mark(entry, changes) {
    await transact(this.db, ["outbox"], "readwrite", async ({ outbox }) => {
      const current = await get(outbox, entry.id);
      if (sameVersion(current, entry)) await put(outbox, Object.assign(current, changes));
    });
  }

  // Not sent this time: it waits, and is sent again by itself. `refused` keeps the server's reason to
  // show the worker beside the item ("it will be sent again by itself").
  async failed(entry, reason, refused = false) {
    const attempts = (entry.attempts || 0) + 1;
    await this.mark(entry, {
      status: "queued", attempts, last_error: reason, refused, next_attempt_at: Date.now() + backoffDelay(attempts),
    });
  }

  // A draft's autosave the server refused: the draft itself stays on the tablet, still being changed, and
  // its next save (or its finishing) is sent instead. Kept in the outbox it would be refused for ever
  // and, unsent, keep the worker from signing out or updating; so it is set aside, and the draft is
  // marked so the worker can see the central store has not got its latest copy.
  async setAside(entry) {
    await transact(this.db, ["outbox", "meta"], "readwrite", async ({ outbox, meta }) => {
      const current = await get(outbox, entry.id);
      if (sameVersion(current, entry)) await remove(outbox, entry.id);
      const refused = new Set((await get(meta, "refused-drafts")) || []);
      await put(meta, [...refused.add(entry.id)], "refused-drafts");
    }, { durability: "strict" });
  }

  // Delete only the version the receipt is for: an autosave may have queued a newer one meanwhile.
  async acknowledge(entry, receipt) {
    await transact(this.db, ["outbox", "receipts", "meta"], "readwrite", async ({ outbox, receipts, meta }) => {
      const current = await get(outbox, entry.id);
      if (sameVersion(current, entry)) await remove(outbox, entry.id);
      const refused = (await get(meta, "refused-drafts")) || [];
      if (refused.includes(entry.id)) await put(meta, refused.filter((id) => id !== entry.id), "refused-drafts");
      // Only work kept for the manager's review is remembered (its kind sealed, as the entry's `about`).
      if (REVIEW.includes(receipt.status)) {
        const what = entry.about ? { about: entry.about } : { kind: entry.envelope.kind };
        await put(receipts, { id: entry.id, ...what, server_time: receipt.server_time, status: receipt.status });
      }
      await put(meta, { last_success: new Date().toISOString() }, "sync");
    }, { durability: "strict" });
  }
}

// Items left "sending" by a closed page are simply waiting again; so are items an earlier version of
// the app had stopped trying ("refused", "conflict"): this version sends everything until a receipt.
// Receipts an earlier version kept for ever (each with its kind in clear) go, but for the notes of work
// kept for review, whose kind is sealed at the next unlock.
export async function recoverInterrupted(db) {
  await transact(db, ["outbox", "receipts"], "readwrite", async ({ outbox, receipts }) => {
    for (const receipt of await getAll(receipts)) {
      if (!REVIEW.includes(receipt.status)) await remove(receipts, receipt.id);
    }
    for (const entry of await getAll(outbox)) {
      if (entry.status !== "queued") {
        entry.status = "queued";
        await put(outbox, entry);
      }
    }
  });
}
