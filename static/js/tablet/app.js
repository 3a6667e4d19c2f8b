// The tablet app: screens, the PIN lock, child mode, and wiring the outbox to the page.
//
// Main decision: state that matters lives in IndexedDB (store.js), never only in memory, and the
// only secret in memory is the local key while unlocked. Screens are sections of one cached page;
// switching screens never changes the URL, so no child's id or name reaches the address bar, the
// history or a log. Nothing here writes child data to localStorage or the console.

import {
  AlreadyFinished, adoptDraft, discard, finalise, loadDrafts, saveDraft, startCapture, StorageFull, storageEstimate,
} from "./artefacts.js";
import { decryptJSON, encryptJSON } from "./crypto.js";
import { element } from "./dom.js";
import { PIN_PATTERN, readDevice, register, unlock, updateSettings } from "./device.js";
import { _, formatTime, loadCatalogue } from "./i18n.js";
import {
  Sender, keptForReview, lastSync, outboxEntries, recoverInterrupted, refusedDrafts, summary, unsentCount,
} from "./outbox.js";
import { DATABASE_NAME, clear, get, getAll, openStore, put, remove, transact } from "./store.js";
import { KINDS } from "../tools/index.js";

const AUTOSAVE_DELAY_MS = 1000; // the brief: saved no later than 2 s after the last change
const language = document.querySelector('meta[name="sofs-language"]').content;
// Signing in from the tablet comes back to the tablet (auth.py takes `next`, a same-site path only).
const SIGN_IN_URL = `/login?next=${encodeURIComponent(`/tablet/${language}`)}`;
const $ = (selector) => document.querySelector(selector);

const app = {
  db: null,
  device: null,
  localKey: null, // only while unlocked
  children: [],
  // What the service sent with the carried children (issue 8): {service: {audio_recording,
  // explainer}, worker: {name, photo}}; kept sealed with the local key in meta "prepared".
  prepared: null,
  drafts: [],
  current: null, // the draft on screen
  sender: null,
  saveTimer: null,
  saving: Promise.resolve(),
  idleTimer: null,
  updateWorker: null,
  childMode: false,
};

// --- small helpers ---------------------------------------------------------------------------------

// A screen's messages belong to it: the last screen's "Finished" banner never stays up beside the
// next screen's news (callers show their notice after the screen).
function show(screen) {
  for (const section of document.querySelectorAll("[data-screen]")) section.hidden = section.id !== `screen-${screen}`;
  for (const button of document.querySelectorAll("[data-go]")) button.disabled = !app.localKey;
  $("#lock-button").hidden = !app.localKey;
  $("#sign-out-button").hidden = !app.localKey;
  app.screen = screen;
  hideProblem();
  notice("");
}

function notice(text) {
  $("#notice-text").textContent = text;
  $("#notice").hidden = !text;
}

function problem(...messages) {
  $("#problem-list").replaceChildren(...messages.map((message) => element("li", {}, message)));
  $("#problem").hidden = false;
  $("#problem").focus();
}

function hideProblem() {
  $("#problem").hidden = true;
}

// Every API call names this tablet, so that revoking it ends the sign-in it uses (docs/sync.md).
function apiHeaders(extra = {}) {
  return { Accept: "application/json", ...(app.device ? { "X-Sofs-Device": app.device.device_id } : {}), ...extra };
}

async function fetchSession() {
  try {
    const response = await fetch("/api/session", { credentials: "same-origin", cache: "no-store", headers: apiHeaders() });
    // The way back in is offered wherever the tablet finds its sign-in has ended (expired, or ended).
    $("#sign-in-again").hidden = response.status !== 401;
    if (response.status === 401) return { signedOut: true };
    if (!response.ok || !(response.headers.get("Content-Type") || "").startsWith("application/json")) {
      return { ok: false, reason: "no connection" };
    }
    const session = await response.json();
    if (session.tablet && app.db && app.device) app.device = (await updateSettings(app.db, session.tablet)) || app.device;
    return { ok: true, ...session };
  } catch (_offline) {
    return { ok: false, reason: "no connection" };
  }
}

// Online calls for the practitioner (register, prepare, drafts): a fresh CSRF token each time.
async function api() {
  const session = await fetchSession();
  if (!session.ok) return session;
  const call = async (method, path, body) => {
    const response = await fetch(path, {
      method, credentials: "same-origin", cache: "no-store",
      headers: apiHeaders({ "Content-Type": "application/json", "X-CSRFToken": session.csrf_token }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(answer.message || String(response.status));
    return answer;
  };
  return {
    ok: true, user: session.user, csrf_token: session.csrf_token,
    get: (path) => call("GET", path),
    post: (path, body) => call("POST", path, body),
  };
}

// --- sync badge, shown on every screen ---------------------------------------------------------------

// Renders overlap (the sender and the screens both ask): only the newest may write, so an older one
// that read the outbox before something was queued never paints "Everything has been sent" last.
let badgeRenders = 0;

async function renderBadge() {
  if (!app.db) return;
  const render = (badgeRenders += 1);
  const unsent = await unsentCount(app.db);
  const last = await lastSync(app.db);
  if (render !== badgeRenders) return;
  const status = app.sender ? app.sender.status : "idle";
  let activity = "";
  if (status === "sending") {
    const { done, total } = app.sender.progress;
    activity = _("sending %(number)s of %(total)s", { number: Math.min(done + 1, total), total });
  }
  if (status === "signed out") activity = _("sign in to send");
  const text = summary(unsent, last, activity);
  $("#sync-badge").textContent = text;
  if (app.screen === "outbox") renderOutbox();
  offerUpdate();
}

// Something was just put in the outbox: say so at once (the sender may be busy for a while with a
// slow link) and send it.
function queued() {
  renderBadge();
  app.sender.trigger();
}

// --- service worker and updates ----------------------------------------------------------------------

async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  // Remember this language for opening the app offline (the worker reads it; not child data).
  caches.open("sofs-preferences").then((cache) => cache.put("/__language", new Response(language))).catch(() => {});
  const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  const watch = (worker) => {
    if (!worker) return;
    const ready = () => {
      if (worker.state === "installed" && navigator.serviceWorker.controller) {
        app.updateWorker = worker;
        offerUpdate();
      }
    };
    worker.addEventListener("statechange", ready);
    ready();
  };
  watch(registration.waiting);
  registration.addEventListener("updatefound", () => watch(registration.installing));
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (app.updateWorker && !reloading) {
      reloading = true;
      window.location.reload();
    }
  });
  registration.update().catch(() => {});
}

// A new version takes over only when nothing is unsent and nothing is waiting to be saved.
async function offerUpdate() {
  if (!app.updateWorker || !app.db || app.childMode) return;
  await app.saving;
  const safe = (await unsentCount(app.db)) === 0 && !app.saveTimer;
  $("#update-banner").hidden = !safe;
}

// --- locking ------------------------------------------------------------------------------------------

function lock() {
  app.localKey = null;
  app.children = [];
  app.prepared = null;
  app.drafts = [];
  toolHook("close"); // the tool's screen lets go of the draft too
  app.current = null;
  clearTimeout(app.idleTimer);
  leaveChildModeScreen();
  $("#tool").replaceChildren();
  $("#pin").value = "";
  show("unlock");
}

function resetIdleTimer() {
  if (!app.localKey || !app.device) return;
  clearTimeout(app.idleTimer);
  app.idleTimer = setTimeout(async () => {
    await settleAndSave();
    lock();
  }, (app.device.idle_lock_seconds || 300) * 1000);
}

async function afterUnlock(localKey) {
  app.localKey = localKey;
  app.device = await readDevice(app.db);
  await loadLocal();
  resetIdleTimer();
  await showHome();
}

async function loadLocal() {
  const now = Date.now();
  const stored = await transact(app.db, ["children"], "readonly", ({ children }) => getAll(children));
  app.children = [];
  const expired = [];
  for (const record of stored) {
    if (Date.parse(record.expires_at) <= now) {
      expired.push(record.id);
      continue;
    }
    app.children.push({ id: record.id, expires_at: record.expires_at, ...(await decryptJSON(app.localKey, record.sealed)) });
  }
  if (expired.length) {
    await transact(app.db, ["children"], "readwrite", async ({ children }) => {
      for (const id of expired) await remove(children, id);
    });
  }
  app.children.sort((a, b) => a.known_as.localeCompare(b.known_as));
  app.prepared = await loadPrepared(now);
  app.drafts = await loadDrafts(app.db, app.localKey);
}

// The service's settings and the worker's name and photo, as last prepared. Absent, expired, or
// sealed with a key this tablet no longer has (it was set up again): none.
async function loadPrepared(now) {
  const record = await transact(app.db, ["meta"], "readonly", ({ meta }) => get(meta, "prepared"));
  if (!record || Date.parse(record.expires_at) <= now) return null;
  try {
    return await decryptJSON(app.localKey, record.sealed);
  } catch (_otherKey) {
    return null;
  }
}

// What a tool may read besides its draft: this tablet's device id (to stamp its edits) and the
// carried record of a child (e.g. its network), as the tool's initialContent(childId, context) and
// render(container, draft, onChange, context) are given it.
function toolContext() {
  return {
    deviceId: app.device.device_id,
    childRecord: (childId) => app.children.find((child) => child.id === childId) || null,
    // The children carried on this tablet (a tool may work for siblings together): id and name only.
    children: () => app.children.map((child) => ({ id: child.id, known_as: child.known_as })),
    // The service's settings for tablets (audio recording allowed, the explainer's words) and the
    // worker's name and photo, as prepared for visits; a tablet prepared before issue 8 has none.
    service: () => app.prepared?.service || { audio_recording: false, explainer: null },
    worker: () => app.prepared?.worker || null,
  };
}

function childName(childId) {
  const child = app.children.find((c) => c.id === childId);
  return child ? child.known_as : _("a child no longer carried");
}

// --- screens ------------------------------------------------------------------------------------------

async function showHome() {
  const carried = $("#carried");
  if (!app.children.length) {
    carried.replaceChildren(element("p", { class: "govuk-body" },
      _("No children are carried on this tablet. Prepare for visits while you have a connection.")));
  } else {
    const list = element("ul", { class: "govuk-list app-carried" });
    for (const child of app.children) {
      const item = element("li", { class: "app-carried__child" });
      item.append(element("h2", { class: "govuk-heading-m" }, child.known_as));
      item.append(element("p", { class: "govuk-body-s" }, _("Age %(age)s · carried until %(date)s", {
        age: child.age, date: formatTime(child.expires_at) })));
      for (const tool of Object.values(KINDS)) {
        const button = element("button", { type: "button", class: "govuk-button app-start" }, `${_("Start")}: ${tool.title()}`);
        button.addEventListener("click", () => begin(tool.kind, child.id));
        item.append(button);
      }
      list.append(item);
    }
    carried.replaceChildren(list);
  }
  const drafts = $("#drafts");
  if (!app.drafts.length) {
    drafts.replaceChildren(element("p", { class: "govuk-body" }, _("Nothing is waiting to be finished.")));
  } else {
    const list = element("ul", { class: "govuk-list" });
    const refused = await refusedDrafts(app.db);
    for (const draft of app.drafts) {
      const item = element("li");
      const button = element("button", { type: "button", class: "app-link-button" },
        `${KINDS[draft.kind].title()} – ${childName(draft.child_id)} (${formatTime(draft.created_at)})`);
      button.addEventListener("click", () => resume(draft));
      item.append(button);
      if (refused.has(draft.id)) {
        item.append(element("p", { class: "govuk-body-s app-draft-note" },
          _("Kept on this tablet only: the central store could not take its last autosave. It is sent again when you change or finish it.")));
      }
      list.append(item);
    }
    drafts.replaceChildren(list);
  }
  const estimate = await storageEstimate();
  $("#storage").textContent = estimate
    ? _("Storage used on this tablet: %(used)s MB of %(quota)s MB", {
      used: (estimate.usage / 1048576).toFixed(1), quota: Math.round(estimate.quota / 1048576) })
    : "";
  show("home");
  showRemoteDrafts();
}

// Drafts this practitioner saved on another tablet (online only; silently absent offline).
async function showRemoteDrafts() {
  const container = $("#remote-drafts");
  container.replaceChildren();
  const online = await api();
  if (!online.ok) return;
  let answer;
  try {
    answer = await online.get("/api/drafts");
  } catch (_failed) {
    return;
  }
  const here = new Set(app.drafts.map((draft) => draft.id));
  const elsewhere = answer.drafts.filter((draft) => !here.has(draft.id) && KINDS[draft.kind]
    && !(app.current && app.current.id === draft.id));
  if (!elsewhere.length) return;
  container.append(element("h3", { class: "govuk-heading-s" }, _("Saved on another tablet")));
  const list = element("ul", { class: "govuk-list" });
  for (const remote of elsewhere) {
    const item = element("li");
    const button = element("button", { type: "button", class: "app-link-button" },
      `${_("Continue here")}: ${KINDS[remote.kind].title()} – ${childName(remote.child_id)}`);
    button.addEventListener("click", async () => {
      const draft = await adoptDraft(app.db, app.device, app.localKey, remote);
      app.drafts.unshift(draft);
      resume(draft);
    });
    item.append(button);
    list.append(item);
  }
  container.append(list);
}

async function prepare() {
  const online = await api();
  if (online.signedOut) return problem(_("Sign in again to prepare for visits."));
  if (!online.ok) return problem(_("Preparing for visits needs a connection."));
  const answer = await online.get("/api/prepare");
  const list = $("#prepare-list");
  list.replaceChildren();
  const carried = new Set(app.children.map((child) => child.id));
  answer.children.forEach((child, index) => {
    const item = element("div", { class: "govuk-checkboxes__item" });
    const input = element("input", { class: "govuk-checkboxes__input", type: "checkbox", id: `carry-${index}`, value: child.id });
    input.checked = carried.size === 0 || carried.has(child.id);
    input.dataset.child = JSON.stringify(child);
    item.append(input, element("label", { class: "govuk-label govuk-checkboxes__label", for: `carry-${index}` },
      child.known_as + " (" + _("age %(age)s", { age: child.age }) + ")"));
    list.append(item);
  });
  app.carryDays = answer.carry_days;
  app.preparing = { service: answer.service || null, worker: answer.worker || null };
  show("prepare");
}

async function savePrepared(event) {
  event.preventDefault();
  const chosen = [...document.querySelectorAll("#prepare-list input:checked")].map((input) => JSON.parse(input.dataset.child));
  const expires = new Date(Date.now() + (app.carryDays || 7) * 86400000).toISOString();
  const records = [];
  for (const child of chosen) {
    records.push({ id: child.id, expires_at: expires,
      // The merged network (docs/network.md "The tablet") travels sealed like the rest of the record.
      sealed: await encryptJSON(app.localKey, { known_as: child.known_as, age: child.age, language: child.language,
        network: child.network || null }) });
  }
  const prepared = { expires_at: expires, sealed: await encryptJSON(app.localKey, app.preparing || {}) };
  await transact(app.db, ["children", "meta"], "readwrite", async ({ children, meta }) => {
    await clear(children);
    for (const record of records) await put(children, record);
    await put(meta, prepared, "prepared");
  });
  await loadLocal();
  await showHome();
  notice(_("Children carried on this tablet: %(count)s", { count: records.length }));
}

async function begin(kind, childId) {
  try {
    const tool = KINDS[kind];
    const draft = await startCapture(app.db, app.device, kind, childId, tool.initialContent(childId, toolContext()));
    await saveDraft(app.db, app.device, app.localKey, draft);
    app.drafts.unshift(draft);
    resume(draft);
    queued();
  } catch (error) {
    if (error instanceof StorageFull) {
      problem(_("This tablet is nearly full, so nothing new can be captured. Connect to send what is waiting, then free some space."));
    } else {
      throw error;
    }
  }
}

function resume(draft) {
  app.current = draft;
  const tool = KINDS[draft.kind];
  $("#capture-child").textContent = childName(draft.child_id);
  $("#capture-title").textContent = tool.title();
  $("#save-state").textContent = "";
  tool.render($("#tool"), draft, () => scheduleSave(), toolContext());
  show("capture");
}

function scheduleSave() {
  clearTimeout(app.saveTimer);
  $("#save-state").textContent = _("Saving…");
  app.saveTimer = setTimeout(() => {
    app.saveTimer = null;
    flushSave();
  }, AUTOSAVE_DELAY_MS);
}

// A tool may have work in flight that belongs in the draft (a recording: stopped and kept). The
// optional hook settle() finishes it before the draft is saved for the last time and let go.
async function settleAndSave() {
  await toolHook("settle");
  return flushSave();
}

async function flushSave() {
  if (app.saveTimer) {
    clearTimeout(app.saveTimer);
    app.saveTimer = null;
  }
  const draft = app.current;
  if (!draft || !app.localKey) return app.saving;
  app.saving = app.saving.then(async () => {
    try {
      await saveDraft(app.db, app.device, app.localKey, draft);
      $("#save-state").textContent = _("Saved on this tablet at %(time)s", { time: formatTime(new Date().toISOString()) });
      queued();
    } catch (error) {
      $("#save-state").textContent = "";
      problem(error instanceof StorageFull
        ? _("This tablet is full: the last change could not be saved. Connect to send what is waiting.")
        : _("The last change could not be saved. Try again."));
    }
  });
  return app.saving;
}

// `carryOn`: save a version and carry on (a tool's own button, data-action="finalise-and-continue").
// A tool whose work is kept as a chain of versions defines nextVersion(finalisedDraft) → {content,
// notice}: the content of a new draft that carries on from the one just finalised, and the sentence
// that tells the worker so. The finalised draft stays immutable; the new one names it in `supersedes`
// (the correction chain of docs/sync.md) and starts with the same parts (its drawings).
async function finish({ carryOn = false } = {}) {
  const draft = app.current;
  const tool = KINDS[draft.kind];
  await toolHook("settle");
  const problems = tool.problems(draft);
  if (problems.length) return problem(...problems);
  await flushSave();
  try {
    await finalise(app.db, app.device, draft);
  } catch (error) {
    return problem(error instanceof StorageFull
      ? _("This tablet is full: it could not be finished. Connect to send what is waiting.")
      : _("It could not be finished. Try again."));
  }
  app.drafts = app.drafts.filter((d) => d.id !== draft.id);
  renderBadge(); // at once: the item is in the outbox now, whatever the sender is busy with
  const next = carryOn && typeof tool.nextVersion === "function" ? tool.nextVersion(draft) : null;
  toolHook("close");
  app.current = null;
  $("#tool").replaceChildren();
  if (next) {
    await carryOnFrom(draft, next);
  } else {
    await showHome();
    notice(_("Finished. It will be sent to the central store as soon as there is a connection."));
  }
  queued();
}

// The worker gives up a draft (a visit cut short, a session started by mistake): asked first, then it
// leaves the tablet and a notice tells the server, so nothing is reported missing.
async function discardCurrent() {
  const draft = app.current;
  if (!draft) return;
  const title = KINDS[draft.kind].title();
  const sure = await confirmDialog({
    title: _("Discard this %(what)s?", { what: title }),
    text: _("Everything in it will be deleted from this tablet. Copies saved while you had a connection stay in the central store, but it will not be offered to carry on."),
    confirm: _("Discard it"),
  });
  if (!sure || app.current !== draft) return;
  await toolHook("settle");
  clearTimeout(app.saveTimer);
  app.saveTimer = null;
  await app.saving;
  try {
    await discard(app.db, app.device, draft);
  } catch (error) {
    if (!(error instanceof AlreadyFinished)) throw error;
  }
  app.drafts = app.drafts.filter((d) => d.id !== draft.id);
  toolHook("close");
  app.current = null;
  $("#tool").replaceChildren();
  await showHome();
  notice(_("Discarded: %(what)s for %(child)s.", { what: title, child: childName(draft.child_id) }));
  queued();
}

// A GOV.UK-styled question in a modal <dialog>: resolves true when the worker confirms.
function confirmDialog({ title, text, confirm }) {
  const dialog = $("#confirm-dialog");
  $("#confirm-dialog-title").textContent = title;
  $("#confirm-dialog-text").textContent = text;
  $("#confirm-dialog-yes").textContent = confirm;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "yes"), { once: true });
    dialog.returnValue = "";
    dialog.showModal();
  });
}

// Start the draft that carries on after a saved version, and show it.
async function carryOnFrom(finalised, next) {
  try {
    const draft = await startCapture(app.db, app.device, finalised.kind, finalised.child_id, next.content, finalised.id);
    draft.parts = finalised.parts.map((part) => ({ ...part }));
    await saveDraft(app.db, app.device, app.localKey, draft);
    app.drafts.unshift(draft);
    resume(draft);
    notice(next.notice);
  } catch (error) {
    if (!(error instanceof StorageFull)) throw error;
    await showHome();
    problem(_("It was saved and will be sent, but this tablet is too full to start the next version. Connect to send what is waiting, then free some space."));
  }
}

// --- child mode: only the current tool; leaving needs the PIN ---------------------------------------

function enterChildMode() {
  // A tool may hold the hand-over to warn the worker first (a parent or carer did not agree): its
  // optional holdHandOver() shows why on the worker's screen and returns true.
  if (toolHook("holdHandOver")) return;
  app.childMode = true;
  document.body.classList.add("app-child-mode");
  $("#capture-child").hidden = true;
  $("#child-exit").hidden = false;
  $("#update-banner").hidden = true;
  toolHook("childMode", true);
}

function leaveChildModeScreen() {
  app.childMode = false;
  document.body.classList.remove("app-child-mode");
  $("#capture-child").hidden = false;
  $("#child-exit").hidden = true;
  toolHook("childMode", false);
}

// Optional hooks a tool may define: childMode(on) when the tablet is handed over and back, close()
// when its screen is left (to let go of listeners and the pause cover), settle() (a promise),
// holdHandOver() before handing over (true: not now).
function toolHook(name, ...args) {
  const tool = app.current && KINDS[app.current.kind];
  return tool && typeof tool[name] === "function" ? tool[name](...args) : undefined;
}

function askPin() {
  const dialog = $("#pin-dialog");
  $("#pin-dialog-input").value = "";
  $("#pin-dialog-error").hidden = true;
  dialog.showModal();
}

async function checkPinDialog(event) {
  event.preventDefault();
  const pin = $("#pin-dialog-input").value;
  const result = await unlock(app.db, pin);
  if (result.localKey) {
    $("#pin-dialog").close();
    leaveChildModeScreen();
    resetIdleTimer();
    return;
  }
  if (result.destroyed) {
    $("#pin-dialog").close();
    lock();
    show("destroyed");
    return;
  }
  $("#pin-dialog-error").textContent = _("That PIN is not right. Attempts left: %(count)s", { count: result.wrong });
  $("#pin-dialog-error").hidden = false;
}

// --- the outbox screen --------------------------------------------------------------------------------

const STATE_LABELS = () => ({ queued: _("Waiting to send"), sending: _("Sending") });

// Why an item has not gone yet, in words: the server's own sentence when it refused this attempt (it is
// sent again by itself: the server refuses only what a resend can fix), else what stood in the way.
function problemText(entry) {
  if (!entry.last_error) return "";
  const later = _("It will be sent again by itself.");
  if (entry.refused) return `${_("The central store did not take it this time: %(reason)s", { reason: entry.last_error })} ${later}`;
  const reasons = {
    "no connection": _("No connection to the central store."),
    "not a receipt": _("The connection went to another page (a Wi-Fi sign-in page?)."),
    redirected: _("The connection went to another page (a Wi-Fi sign-in page?)."),
    "answer cut off": _("The answer from the central store was cut off."),
    "receipt did not match": _("The answer from the central store did not match what was sent."),
    "server error": _("The central store had a problem."),
    "signed out": _("Sign in again to send."),
  };
  return `${reasons[entry.last_error] || entry.last_error} ${later}`;
}

async function renderKeptForReview() {
  const kept = await keptForReview(app.db);
  const container = $("#kept-for-review");
  if (!kept.length) {
    container.replaceChildren();
    return;
  }
  const list = element("ul", { class: "govuk-list govuk-list--bullet" });
  for (const receipt of kept) {
    const what = KINDS[receipt.kind] ? KINDS[receipt.kind].title() : receipt.kind;
    list.append(element("li", {}, _("%(what)s, sent %(time)s", { what, time: formatTime(receipt.server_time) })));
  }
  container.replaceChildren(
    element("h2", { class: "govuk-heading-m" }, _("Sent, for your manager to check")),
    element("p", { class: "govuk-body" }, _("The central store has these and keeps them safe, but something in them needs your team manager's review before they join the child's record.")),
    list);
}

async function renderOutbox() {
  renderKeptForReview();
  const entries = await outboxEntries(app.db);
  const status = app.sender.status;
  $("#outbox-status").textContent = entries.length
    ? (status === "signed out" ? _("Sign in again to send. Nothing has been deleted.") : _("Items wait here until the central store confirms it has them."))
    : _("Everything has been sent.");
  if (!entries.length) {
    $("#outbox-list").replaceChildren();
    return;
  }
  const table = element("table", { class: "govuk-table" });
  const head = element("thead", { class: "govuk-table__head" });
  const headRow = element("tr", { class: "govuk-table__row" });
  for (const title of [_("What"), _("State"), _("Last try"), _("Problem")]) {
    headRow.append(element("th", { scope: "col", class: "govuk-table__header" }, title));
  }
  head.append(headRow);
  const body = element("tbody", { class: "govuk-table__body" });
  for (const entry of entries) {
    const row = element("tr", { class: "govuk-table__row" });
    const what = `${KINDS[entry.envelope.kind] ? KINDS[entry.envelope.kind].title() : entry.envelope.kind}`
      + (app.localKey ? ` – ${childName(entry.envelope.child_id)}` : "")
      + (entry.state === "draft" ? ` (${_("draft")})` : "")
      + (entry.state === "discarded" ? ` (${_("discarded: telling the central store")})` : "");
    row.append(element("td", { class: "govuk-table__cell" }, what));
    row.append(element("td", { class: "govuk-table__cell" }, STATE_LABELS()[entry.status] || entry.status));
    row.append(element("td", { class: "govuk-table__cell" }, formatTime(entry.last_attempt_at)));
    row.append(element("td", { class: "govuk-table__cell" }, problemText(entry)));
    body.append(row);
  }
  table.append(head, body);
  $("#outbox-list").replaceChildren(table);
}

async function showOutbox() {
  await renderOutbox();
  show("outbox");
}

// Logging out or clearing the tablet is refused while anything is unsent.
async function refuseWhileUnsent(action) {
  const unsent = await unsentCount(app.db);
  if (unsent) {
    problem(_("You cannot %(action)s yet: %(count)s item(s) have not reached the central store. Connect and send them first.",
      { action, count: unsent }));
    return true;
  }
  return false;
}

async function signOut() {
  if (await refuseWhileUnsent(_("sign out"))) return;
  // Unfinished work stays on the tablet (locked with the PIN) and is there at the next sign-in, but a
  // worker signing out usually thinks the visit is done: say so, and let them go back to it.
  if (app.drafts.length && !(await confirmDialog({
    title: _("Not finished yet: %(count)s", { count: app.drafts.length }),
    text: _("Unfinished work stays on this tablet, locked with your PIN, and nothing is sent until it is finished. Finish or discard it from Your visits."),
    confirm: _("Sign out anyway"),
  }))) return;
  const online = await api();
  if (online.ok) {
    await fetch("/logout", { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": online.csrf_token } }).catch(() => {});
  }
  lock();
  window.location.assign(SIGN_IN_URL);
}

async function clearTablet() {
  if (await refuseWhileUnsent(_("remove this tablet's data"))) return;
  if (app.drafts.length && !(await confirmDialog({
    title: _("Not finished yet: %(count)s", { count: app.drafts.length }),
    text: _("Unfinished work has not been sent. Removing this tablet's data deletes it for good."),
    confirm: _("Delete it and remove the data"),
  }))) return;
  app.db.close();
  await new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(DATABASE_NAME);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
  for (const name of await caches.keys()) await caches.delete(name);
  const registrations = await navigator.serviceWorker.getRegistrations();
  await Promise.all(registrations.map((registration) => registration.unregister()));
  window.location.assign("/login");
}

// --- start ---------------------------------------------------------------------------------------------

async function setUp() {
  const online = await api();
  if (online.signedOut) return show("signin");
  if (!online.ok) return show("no-connection");
  app.registering = online;
  show("register");
}

async function registerTablet(event) {
  event.preventDefault();
  const pin = $("#new-pin").value;
  if (!PIN_PATTERN.test(pin)) return problem(_("The PIN must be 6 to 12 numbers"));
  if (pin !== $("#new-pin-again").value) return problem(_("The two PINs are different"));
  const online = await api();
  if (!online.ok) return problem(_("Setting up needs a connection."));
  try {
    const { localKey } = await register(app.db, online, $("#device-name").value.trim() || _("Tablet"), pin);
    $("#new-pin").value = "";
    $("#new-pin-again").value = "";
    await afterUnlock(localKey);
    app.sender.trigger();
  } catch (error) {
    problem(_("The tablet could not be set up: %(reason)s", { reason: error.message }));
  }
}

async function tryUnlock(event) {
  event.preventDefault();
  const result = await unlock(app.db, $("#pin").value);
  $("#pin").value = "";
  if (result.localKey) return afterUnlock(result.localKey);
  if (result.destroyed) return show("destroyed");
  problem(_("That PIN is not right. Attempts left: %(count)s", { count: result.wrong }));
}

function wire() {
  $("#register-form").addEventListener("submit", registerTablet);
  $("#unlock-form").addEventListener("submit", tryUnlock);
  $("#prepare-form").addEventListener("submit", savePrepared);
  $("#pin-dialog-form").addEventListener("submit", checkPinDialog);
  $("#lock-button").addEventListener("click", async () => { await settleAndSave(); lock(); });
  $("#sign-out-button").addEventListener("click", signOut);
  $("#update-button").addEventListener("click", () => app.updateWorker.postMessage({ type: "SKIP_WAITING" }));
  document.addEventListener("click", async (event) => {
    const go = event.target.closest("[data-go]");
    if (go && app.localKey) {
      await settleAndSave();
      toolHook("close");
      app.current = null;
      if (go.dataset.go === "home") showHome();
      if (go.dataset.go === "outbox") showOutbox();
    }
    const action = event.target.closest("[data-action]");
    if (!action) return;
    const handlers = {
      prepare, retry: setUp, "set-up-again": setUp, finalise: () => finish(),
      "finalise-and-continue": () => finish({ carryOn: true }), "child-mode": enterChildMode,
      "leave-child-mode": askPin, "cancel-pin": () => $("#pin-dialog").close(), "send-now": () => app.sender.sendNow(),
      "clear-tablet": clearTablet, "discard-draft": discardCurrent,
    };
    if (handlers[action.dataset.action]) handlers[action.dataset.action]();
  });
  for (const type of ["pointerdown", "keydown"]) document.addEventListener(type, resetIdleTimer, { passive: true });
  window.addEventListener("online", () => app.sender.trigger());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") app.sender.trigger();
    else flushSave();
  });
  window.addEventListener("pagehide", () => { flushSave(); });
}

async function main() {
  await loadCatalogue(language);
  app.db = await openStore();
  await recoverInterrupted(app.db);
  app.sender = new Sender(app.db, fetchSession, () => app.device?.device_id || null);
  app.sender.addEventListener("change", renderBadge);
  wire();
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  registerServiceWorker().catch(() => {});
  app.device = await readDevice(app.db);
  if (!app.device) await setUp();
  else if (!app.device.pin_salt) show("destroyed");
  else show("unlock");
  await renderBadge();
  app.sender.trigger();
}

main();
