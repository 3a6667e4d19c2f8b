// The artefact lifecycle on the tablet: start capture → autosave drafts → finalise → (outbox) → sent.
//
// Main decision: every save writes the encrypted draft and its sealed snapshot for the server in ONE
// IndexedDB transaction, so the two can never disagree; the snapshot replaces that artefact's older
// queued one. Finalising replaces the draft with the sealed, immutable artefact with strict
// durability. Crypto runs before the transaction (a transaction cannot wait on Web Crypto).

import { decryptBytes, decryptJSON, encryptBytes, encryptJSON, fromBase64, seal, sealNotice } from "./crypto.js";
import { get, getAll, put, remove, transact } from "./store.js";
import { takeSequenceNumber } from "./device.js";

export const SCHEMA = 1;
// Refuse to start capture with less room than the service's reserve (capture_reserve_bytes), and
// any save that would not fit. The probe below proves this much is really writable.
export const CAPTURE_RESERVE_BYTES = 5 * 1024 * 1024;
const SAVE_MARGIN_BYTES = 1024 * 1024;

export class StorageFull extends Error {}

async function roomLeft() {
  if (!navigator.storage || !navigator.storage.estimate) return Infinity;
  const { usage, quota } = await navigator.storage.estimate();
  return quota - usage;
}

// Browsers may round or pad what estimate() reports (Chromium does, against fingerprinting), so
// before a capture starts the room is also proven: write the reserve (random, so it cannot be
// compressed away) and take it back. A refusal here costs nothing; running out mid-visit would.
async function proveRoom(db, bytes) {
  const filler = new Uint8Array(bytes);
  for (let offset = 0; offset < bytes; offset += 65536) {
    crypto.getRandomValues(filler.subarray(offset, Math.min(bytes, offset + 65536)));
  }
  try {
    await transact(db, ["meta"], "readwrite", ({ meta }) => put(meta, filler, "room-check"));
  } catch (error) {
    throw storageError(error);
  }
  await transact(db, ["meta"], "readwrite", ({ meta }) => remove(meta, "room-check"));
}

export async function storageEstimate() {
  if (!navigator.storage || !navigator.storage.estimate) return null;
  return navigator.storage.estimate();
}

function partsBytes(parts) {
  return parts.reduce((sum, part) => sum + part.bytes.byteLength, 0);
}

export async function startCapture(db, device, kind, childId, content, supersedes = null) {
  if ((await roomLeft()) < (device.capture_reserve_bytes || CAPTURE_RESERVE_BYTES)) throw new StorageFull();
  await proveRoom(db, CAPTURE_RESERVE_BYTES);
  let seq;
  try {
    seq = await takeSequenceNumber(db);
  } catch (error) {
    throw storageError(error);
  }
  return {
    id: crypto.randomUUID(), kind, child_id: childId, seq, supersedes,
    created_at: new Date().toISOString(), draft_version: 0, content, parts: [],
  };
}

// A draft's record of how the child communicated (static/js/tools/communication.json;
// sofs_direct/artefacts/communication.py), made the first time anything is recorded in it: the
// worker's ways and note (forms.js), symbol mode and the read-back (child-access.js). The server
// wants all four fields, so it is only ever made whole, here.
export function communicationOf(draft) {
  if (!draft.communication) draft.communication = { ways: [], note: "", symbols: false, read_back: null };
  return draft.communication;
}

// The document's optional outer fields (sofs_direct/artefacts/opening.py OPTIONAL_DOCUMENT_FIELDS):
// how the child communicated, and the child's feedback (feedback.js). Each is sent only when
// something was recorded in it: the server takes a document without it, as from a tablet that
// predates it.
const OPTIONAL_FIELDS = ["communication", "feedback"];

function optionalFieldsOf(from) {
  return Object.fromEntries(OPTIONAL_FIELDS.filter((name) => from[name]).map((name) => [name, from[name]]));
}

export function documentOf(draft) {
  return {
    schema: SCHEMA, kind: draft.kind, child_id: draft.child_id, created_at: draft.created_at,
    supersedes: draft.supersedes, content: draft.content, ...optionalFieldsOf(draft),
  };
}

// The outbox entry (docs/sync.md, "The tablet's side"): in clear only what sending needs — the clear
// envelope and the sealed bytes — and the sender's own bookkeeping. What the item is (kind, child,
// draft or finished) is kept under the local key in `about`, for the Sending screen once unlocked.
async function outboxEntry(localKey, fields, about) {
  return {
    ...fields, about: await encryptJSON(localKey, about), status: "queued", attempts: 0,
    queued_at: new Date().toISOString(), next_attempt_at: 0,
  };
}

async function sealedEntry(device, localKey, draft, state) {
  // An autosave leaves out recordings (docs/three-houses.md allows a draft to): a 10-minute clip would
  // otherwise be sealed and sent again with every autosave. They stay on the tablet, encrypted, and
  // go with the finalised session.
  const parts = state === "draft" ? draft.parts.filter((part) => !part.media_type.startsWith("audio/")) : draft.parts;
  const sealed = await seal(device.server_key, device.key_id, documentOf(draft), parts, {
    id: draft.id, kind: draft.kind, child_id: draft.child_id, device_id: device.device_id,
    device_seq: draft.seq, state, draft_version: state === "draft" ? draft.draft_version : null,
    device_time: new Date().toISOString(),
  });
  return outboxEntry(localKey, { id: draft.id, envelope: sealed.envelope, sealed_payload: sealed.sealedPayload,
    sealed_parts: sealed.sealedParts }, sealed.about);
}

// What an outbox entry is, for the Sending screen: from `about` under the local key, or from the clear
// envelope of an entry queued before the envelope was sealed. Null while locked.
export async function aboutEntry(entry, localKey) {
  if (!entry.about) return { ...entry.envelope, state: entry.state };
  return localKey ? decryptJSON(localKey, entry.about) : null;
}

// A draft at rest: only its id (the store's key) in clear; its child, kind, times and parts' names are
// inside the record sealed with the local key, and each part's bytes are sealed in the same order.
async function encryptedDraft(localKey, draft) {
  const parts = [];
  for (const part of draft.parts) parts.push(await encryptBytes(localKey, part.bytes));
  const { parts: plainParts, ...rest } = draft;
  const described = { ...rest, parts: plainParts.map((part) => ({ name: part.name, media_type: part.media_type })) };
  return { id: draft.id, sealed: await encryptJSON(localKey, described), parts };
}

function storageError(error) {
  return error && error.name === "QuotaExceededError" ? new StorageFull() : error;
}

export async function saveDraft(db, device, localKey, draft) {
  if ((await roomLeft()) < partsBytes(draft.parts) * 3 + SAVE_MARGIN_BYTES) throw new StorageFull();
  draft.draft_version += 1;
  const local = await encryptedDraft(localKey, draft);
  const entry = await sealedEntry(device, localKey, draft, "draft");
  try {
    await transact(db, ["drafts", "outbox"], "readwrite", async ({ drafts, outbox }) => {
      // Never replace a finalised artefact with a draft of it, nor bring back a discarded one.
      if (await finishedMeanwhile(drafts, outbox, draft.id)) return;
      await put(drafts, local);
      await put(outbox, entry);
    });
  } catch (error) {
    draft.draft_version -= 1;
    throw storageError(error);
  }
}

// A draft and its queued snapshot are written together, and finalising or discarding removes the draft
// in the transaction that queues what replaces it: a queued item without its draft is a finished or
// discarded one (the entry's state is sealed, so this is how a transaction can tell).
async function finishedMeanwhile(drafts, outbox, id) {
  return Boolean(await get(outbox, id)) && !(await get(drafts, id));
}

export async function finalise(db, device, localKey, draft) {
  const entry = await sealedEntry(device, localKey, draft, "finalised");
  try {
    await transact(db, ["drafts", "outbox"], "readwrite", async ({ drafts, outbox }) => {
      await remove(drafts, draft.id);
      await put(outbox, entry);
    }, { durability: "strict" });
  } catch (error) {
    throw storageError(error);
  }
}

export class AlreadyFinished extends Error {}

// The worker discards a draft: it goes from the tablet, and a notice takes its place in the outbox, so
// the server learns its sequence number did not go missing (docs/sync.md, "A discarded draft") and
// stops offering its snapshots on other tablets. The notice names the draft, never what it held.
export async function discard(db, device, localKey, draft) {
  const notice = { id: draft.id, kind: draft.kind, child_id: draft.child_id, device_id: device.device_id,
    device_seq: draft.seq, discarded_at: new Date().toISOString() };
  const sealed = await sealNotice(device.server_key, device.key_id, notice);
  const entry = await outboxEntry(localKey, { id: draft.id, state: "discarded", envelope: sealed, notice: sealed },
    { kind: draft.kind, child_id: draft.child_id, state: "discarded", draft_version: null });
  await transact(db, ["drafts", "outbox"], "readwrite", async ({ drafts, outbox }) => {
    if (await finishedMeanwhile(drafts, outbox, draft.id)) throw new AlreadyFinished();
    await remove(drafts, draft.id);
    await put(outbox, entry);
  }, { durability: "strict" });
}

// The drafts, opened with the local key. A draft saved before its child, kind and parts' names were
// sealed (they were beside it in clear) is written again in the sealed form, unchanged otherwise.
export async function loadDrafts(db, localKey) {
  const stored = await transact(db, ["drafts"], "readonly", ({ drafts }) => getAll(drafts));
  const result = [];
  for (const record of stored) {
    const draft = await decryptJSON(localKey, record.sealed);
    const legacy = !draft.parts;
    const described = legacy ? record.parts.map(({ name, media_type }) => ({ name, media_type })) : draft.parts;
    draft.parts = [];
    for (const [index, part] of described.entries()) {
      const bytes = await decryptBytes(localKey, legacy ? record.parts[index].sealed : record.parts[index]);
      draft.parts.push({ ...part, bytes });
    }
    if (legacy) await resealDraft(db, localKey, draft, record);
    result.push(draft);
  }
  return result.sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
}

async function resealDraft(db, localKey, draft, record) {
  const resealed = await encryptedDraft(localKey, draft);
  await transact(db, ["drafts"], "readwrite", async ({ drafts }) => {
    const current = await get(drafts, draft.id);
    // Only the record read: a save from another tab meanwhile is newer and already sealed.
    if (current && current.sealed.iv.toString() === record.sealed.iv.toString()) await put(drafts, resealed);
  });
}

// A draft made on another device (GET /api/drafts) continues here under the same id, photos and all.
export async function adoptDraft(db, device, localKey, serverDraft) {
  const document = serverDraft.document;
  const draft = {
    id: serverDraft.id, kind: serverDraft.kind, child_id: serverDraft.child_id,
    seq: await takeSequenceNumber(db), supersedes: document.supersedes || null,
    created_at: document.created_at, draft_version: serverDraft.draft_version, content: document.content,
    ...optionalFieldsOf(document),
    parts: (serverDraft.parts || []).map((part) => ({ name: part.name, media_type: part.media_type, bytes: fromBase64(part.data) })),
  };
  await saveDraft(db, device, localKey, draft);
  return draft;
}

