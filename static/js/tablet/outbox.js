// The outbox: sealed artefacts waiting for the server's receipt, and the one sender that sends them.
//
// Main decision: an item leaves the tablet only after a receipt that matches it field by field
// (docs/sync.md, "The receipt"). Everything else — a captive portal's page, a redirect, a timeout,
// a 5xx — means "not sent", and the item waits with exponential backoff plus jitter, capped at five
// minutes, for ever. One upload at a time, across tabs too (Web Locks).

import { _, formatTime } from "./i18n.js";
import { count, get, getAll, put, remove, transact } from "./store.js";

export const BACKOFF_START_MS = 2000;
export const BACKOFF_CAP_MS = 5 * 60 * 1000;
const RECEIPT_FORMAT = "sofs-direct/1";

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

export async function lastSync(db) {
  const sync = await transact(db, ["meta"], "readonly", ({ meta }) => get(meta, "sync"));
  return sync ? sync.last_success : null;
}

// The badge every screen shows: how much is unsent, what is happening, and when it last sent.
export function summary(unsent, last, activity = "") {
  let text = unsent ? _("Not sent yet: %(count)s", { count: unsent }) : _("Everything has been sent");
  if (activity) text += ` · ${activity}`;
  if (last) text += " · " + _("last sent %(time)s", { time: formatTime(last) });
  return text;
}

function sameVersion(a, b) {
  return a && b && a.state === b.state && a.draft_version === b.draft_version
    && a.envelope.payload_sha256 === b.envelope.payload_sha256;
}

// Does this answer prove the server stored exactly what we sent?
export function receiptMatches(receipt, entry) {
  const envelope = entry.envelope;
  if (!receipt || receipt.receipt !== RECEIPT_FORMAT) return false;
  if (receipt.id !== envelope.id || receipt.state !== envelope.state) return false;
  if ((receipt.draft_version ?? null) !== (envelope.draft_version ?? null)) return false;
  if (receipt.payload_sha256 !== envelope.payload_sha256 || receipt.sealed_sha256 !== envelope.sealed_sha256) return false;
  if (!["stored", "already stored", "quarantined"].includes(receipt.status)) return false;
  const sent = envelope.parts || [];
  const acknowledged = receipt.parts || [];
  if (sent.length !== acknowledged.length) return false;
  return sent.every((part) => acknowledged.some((got) => got.name === part.name
    && got.sha256 === part.sha256 && got.sealed_sha256 === part.sealed_sha256));
}

function uploadTimeout(entry) {
  const bytes = entry.sealed_payload.byteLength
    + Object.values(entry.sealed_parts || {}).reduce((sum, part) => sum + part.byteLength, 0);
  return 30000 + bytes / 20; // 30 s, plus 50 s per MB: enough for a slow mobile link
}

// One attempt. Returns { outcome: "acknowledged" | "not sent" | "signed out" | "conflict" | "refused", … }.
export async function upload(entry, csrfToken) {
  const form = new FormData();
  form.append("envelope", JSON.stringify(entry.envelope));
  form.append("payload", new Blob([entry.sealed_payload], { type: "application/octet-stream" }), "payload");
  for (const [name, bytes] of Object.entries(entry.sealed_parts || {})) {
    form.append(`part:${name}`, new Blob([bytes], { type: "application/octet-stream" }), name);
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), uploadTimeout(entry));
  let response;
  try {
    response = await fetch(`/api/artefacts/${entry.id}`, {
      method: "PUT", body: form, credentials: "same-origin", redirect: "manual", cache: "no-store",
      headers: { "X-CSRFToken": csrfToken, Accept: "application/json" }, signal: controller.signal,
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
  if (response.status === 200) {
    if (receiptMatches(answer, entry)) return { outcome: "acknowledged", receipt: answer };
    return { outcome: "not sent", reason: isJSON ? "receipt did not match" : "not a receipt (a Wi-Fi sign-in page?)" };
  }
  if (response.status === 401) return { outcome: "signed out" };
  if (response.status === 409) return { outcome: "conflict", reason: answer?.message || "conflict" };
  if (response.status >= 400 && response.status < 500 && isJSON) {
    return { outcome: "refused", reason: answer?.message || `refused (${response.status})` };
  }
  return { outcome: "not sent", reason: `server answered ${response.status}` };
}

// The sender: call trigger() whenever sending might now succeed.
export class Sender extends EventTarget {
  constructor(db, fetchSession) {
    super();
    this.db = db;
    this.fetchSession = fetchSession;
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
    await transact(this.db, ["outbox"], "readwrite", async ({ outbox }) => {
      for (const entry of await getAll(outbox)) {
        entry.next_attempt_at = 0;
        if (entry.status === "refused") entry.status = "queued";
        await put(outbox, entry);
      }
    });
    this.trigger();
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
    const entries = (await outboxEntries(this.db)).filter((e) => e.status === "queued" || e.status === "sending");
    const due = entries.find((entry) => (entry.next_attempt_at || 0) <= now);
    const later = entries.map((entry) => entry.next_attempt_at || 0).filter((at) => at > now);
    return { due, wakeAt: later.length ? Math.min(...later) : null };
  }

  async run() {
    let csrfToken = null;
    const waiting = (await outboxEntries(this.db)).filter((e) => e.status === "queued" || e.status === "sending");
    this.progress = { done: 0, total: waiting.length };
    for (;;) {
      const { due, wakeAt } = await this.nextDue();
      if (!due) {
        this.status = wakeAt ? "waiting" : "idle";
        if (wakeAt) this.timer = setTimeout(() => this.trigger(), wakeAt - Date.now());
        return;
      }
      if (!navigator.onLine) {
        this.status = "waiting";
        return; // the "online" event triggers us again
      }
      if (!csrfToken) {
        const session = await this.fetchSession();
        if (session.signedOut) {
          this.status = "signed out";
          return; // signing in again triggers us; nothing is deleted
        }
        if (!session.ok) {
          await this.failed(due, session.reason || "no connection");
          continue;
        }
        csrfToken = session.csrf_token;
      }
      this.status = "sending";
      this.current = due.id;
      this.emit();
      await this.mark(due, { status: "sending", last_attempt_at: new Date().toISOString() });
      const result = await upload(due, csrfToken);
      this.current = null;
      if (result.outcome === "acknowledged") {
        await this.acknowledge(due, result.receipt);
        this.progress.done += 1;
      } else if (result.outcome === "signed out") {
        await this.mark(due, { status: "queued", last_error: "signed out" });
        this.status = "signed out";
        return;
      } else if (result.outcome === "conflict" || result.outcome === "refused") {
        await this.mark(due, { status: result.outcome, last_error: result.reason });
      } else {
        await this.failed(due, result.reason);
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

  async failed(entry, reason) {
    const attempts = (entry.attempts || 0) + 1;
    await this.mark(entry, {
      status: "queued", attempts, last_error: reason, next_attempt_at: Date.now() + backoffDelay(attempts),
    });
  }

  // Delete only the version the receipt is for: an autosave may have queued a newer one meanwhile.
  async acknowledge(entry, receipt) {
    await transact(this.db, ["outbox", "receipts", "meta"], "readwrite", async ({ outbox, receipts, meta }) => {
      const current = await get(outbox, entry.id);
      if (sameVersion(current, entry)) await remove(outbox, entry.id);
      if (entry.state === "finalised") {
        await put(receipts, { id: entry.id, kind: entry.envelope.kind, server_time: receipt.server_time, status: receipt.status });
      }
      await put(meta, { last_success: new Date().toISOString() }, "sync");
    }, { durability: "strict" });
  }
}

// Items left "sending" by a closed page are simply waiting again.
export async function recoverInterrupted(db) {
  await transact(db, ["outbox"], "readwrite", async ({ outbox }) => {
    for (const entry of await getAll(outbox)) {
      if (entry.status === "sending") {
        entry.status = "queued";
        await put(outbox, entry);
      }
    }
  });
}
