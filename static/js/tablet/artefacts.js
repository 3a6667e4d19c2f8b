// The artefact lifecycle on the tablet: start capture → autosave drafts → finalise → (outbox) → sent.
//
// Main decision: every save writes the encrypted draft and its sealed snapshot for the server in ONE
// IndexedDB transaction, so the two can never disagree; the snapshot replaces that artefact's older
// queued one. Finalising replaces the draft with the sealed, immutable artefact with strict
// durability. Crypto runs before the transaction (a transaction cannot wait on Web Crypto).

import { decryptBytes, decryptJSON, encryptBytes, encryptJSON, fromBase64, seal } from "./crypto.js";
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

async function sealedEntry(device, draft, state) {
  // An autosave leaves out recordings (docs/three-houses.md allows a draft to): a 10-minute clip would
  // otherwise be sealed and sent again with every autosave. They stay on the tablet, encrypted, and
  // go with the finalised session.
  const parts = state === "draft" ? draft.parts.filter((part) => !part.media_type.startsWith("audio/")) : draft.parts;
  const sealed = await seal(device.server_key, device.key_id, documentOf(draft), parts, {
    id: draft.id, kind: draft.kind, child_id: draft.child_id, device_id: device.device_id,
    device_seq: draft.seq, state, draft_version: state === "draft" ? draft.draft_version : null,
    device_time: new Date().toISOString(),
  });
  const envelope = sealed.envelope;
  return {
    id: draft.id, state, draft_version: envelope.draft_version, envelope, status: "queued", attempts: 0,
    sealed_payload: sealed.sealedPayload, sealed_parts: sealed.sealedParts,
    queued_at: new Date().toISOString(), next_attempt_at: 0,
  };
}

async function encryptedDraft(localKey, draft) {
  const parts = [];
  for (const part of draft.parts) {
    parts.push({ name: part.name, media_type: part.media_type, sealed: await encryptBytes(localKey, part.bytes) });
  }
  const { parts: _plainParts, ...rest } = draft;
  return {
    id: draft.id, child_id: draft.child_id, kind: draft.kind, updated_at: new Date().toISOString(),
    sealed: await encryptJSON(localKey, rest), parts,
  };
}

function storageError(error) {
  return error && error.name === "QuotaExceededError" ? new StorageFull() : error;
}

export async function saveDraft(db, device, localKey, draft) {
  if ((await roomLeft()) < partsBytes(draft.parts) * 3 + SAVE_MARGIN_BYTES) throw new StorageFull();
  draft.draft_version += 1;
  const local = await encryptedDraft(localKey, draft);
  const entry = await sealedEntry(device, draft, "draft");
  try {
    await transact(db, ["drafts", "outbox"], "readwrite", async ({ drafts, outbox }) => {
      const queued = await get(outbox, draft.id);
      // Never replace a finalised artefact with a draft of it, nor bring back a discarded one.
      if (queued && (queued.state === "finalised" || queued.state === "discarded")) return;
      await put(drafts, local);
      await put(outbox, entry);
    });
  } catch (error) {
    draft.draft_version -= 1;
    throw storageError(error);
  }
}

export async function finalise(db, device, draft) {
  const entry = await sealedEntry(device, draft, "finalised");
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
export async function discard(db, device, draft) {
  const envelope = { id: draft.id, kind: draft.kind, child_id: draft.child_id, device_id: device.device_id,
    device_seq: draft.seq };
  const entry = {
    id: draft.id, state: "discarded", draft_version: null, envelope,
    notice: { ...envelope, discarded_at: new Date().toISOString() },
    status: "queued", attempts: 0, queued_at: new Date().toISOString(), next_attempt_at: 0,
  };
  await transact(db, ["drafts", "outbox"], "readwrite", async ({ drafts, outbox }) => {
    const queued = await get(outbox, draft.id);
    if (queued && queued.state === "finalised") throw new AlreadyFinished();
    await remove(drafts, draft.id);
    await put(outbox, entry);
  }, { durability: "strict" });
}

export async function loadDrafts(db, localKey) {
  const stored = await transact(db, ["drafts"], "readonly", ({ drafts }) => getAll(drafts));
  const result = [];
  for (const record of stored) {
    const draft = await decryptJSON(localKey, record.sealed);
    draft.parts = [];
    for (const part of record.parts || []) {
      draft.parts.push({ name: part.name, media_type: part.media_type, bytes: await decryptBytes(localKey, part.sealed) });
    }
    result.push(draft);
  }
  return result.sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
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

