// The tablet app's shared state and the helpers every screen uses: which screen is shown, the notice
// and problem banners, the calls to the service, the child's name, a tool's optional hooks and the
// confirming dialog.
//
// Main decision: this module is the one owner of the app's state (`app`); the other modules of the
// shell (home, editing, locking, the outbox screen, updates, app.js) import it and change its fields,
// never keep their own copy. State that matters lives in IndexedDB (store.js), never only in memory,
// and the only secret in memory is the local key while unlocked.

import { element } from "./dom.js";
import { safariTab } from "./features.js";
import { focusView } from "./focus.js";
import { updateSettings } from "./device.js";
import { _ } from "./i18n.js";
import { KINDS } from "./kinds.js";
import { unsentReport } from "./outbox.js";

export const language = document.querySelector('meta[name="sofs-language"]').content;
export const $ = (selector) => document.querySelector(selector);

export const app = {
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
// next screen's news (callers show their notice after the screen). The button that led here is on
// the screen just hidden, so focus moves to the new screen's heading (focus.js), never to <body>.
export function show(screen) {
  for (const section of document.querySelectorAll("[data-screen]")) section.hidden = section.id !== `screen-${screen}`;
  for (const button of document.querySelectorAll("[data-go]")) button.disabled = !app.localKey;
  $("#lock-button").hidden = !app.localKey;
  $("#sign-out-button").hidden = !app.localKey;
  app.screen = screen;
  hideProblem();
  notice("");
  focusView($(`#screen-${screen}`));
}

// Nothing new is stored from a plain Safari tab on an iPad or iPhone, where it may be deleted after 7
// days unused (features.js safariTab): carrying children and starting work are refused, and the guide
// to adding the app to the Home Screen is shown instead. What is already here stays: it can still be
// finished, and it is still sent.
export function refusedInSafariTab(scope = window) {
  if (!safariTab(scope)) return false;
  show("home-screen-guide");
  return true;
}

export function notice(text) {
  $("#notice-text").textContent = text;
  $("#notice").hidden = !text;
}

export function problem(...messages) {
  $("#problem-list").replaceChildren(...messages.map((message) => element("li", {}, message)));
  $("#problem").hidden = false;
  $("#problem").focus();
}

function hideProblem() {
  $("#problem").hidden = true;
}

// Every API call names this tablet, so that revoking it ends the sign-in it uses, and reports what it
// has not yet sent, so a manager sees a tablet at risk (docs/sync.md).
async function apiHeaders(extra = {}) {
  if (!app.device) return { Accept: "application/json", ...extra };
  return { Accept: "application/json", "X-Sofs-Device": app.device.device_id, ...(await unsentReport(app.db)), ...extra };
}

export async function fetchSession() {
  try {
    const response = await fetch("/api/session", { credentials: "same-origin", cache: "no-store", headers: await apiHeaders() });
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

// Online calls for the practitioner (register, prepare, drafts): a fresh CSRF token each time. A proof
// that the app is unlocked, under way (web-session.js), goes first: a read just after unlocking is then
// never refused as locked.
export async function api({ waitForProof = true } = {}) {
  if (waitForProof && app.proving) await app.proving;
  const session = await fetchSession();
  if (!session.ok) return session;
  const call = async (method, path, body) => {
    const response = await fetch(path, {
      method, credentials: "same-origin", cache: "no-store",
      headers: await apiHeaders({ "Content-Type": "application/json", "X-CSRFToken": session.csrf_token }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(answer.message || String(response.status));
    return answer;
  };
  return {
    ok: true, user: session.user, csrf_token: session.csrf_token, tablet: session.tablet,
    get: (path) => call("GET", path),
    post: (path, body) => call("POST", path, body),
    put: (path, body) => call("PUT", path, body),
  };
}

export function childName(childId) {
  const child = app.children.find((c) => c.id === childId);
  return child ? child.known_as : _("a child no longer carried");
}

// Optional hooks a tool may define: childMode(on) when the tablet is handed over and back, close()
// when its screen is left (to let go of listeners and the pause cover), settle() (a promise),
// holdHandOver() before handing over (true: not now).
export function toolHook(name, ...args) {
  const tool = app.current && KINDS[app.current.kind];
  return tool && typeof tool[name] === "function" ? tool[name](...args) : undefined;
}

// A GOV.UK-styled question in a modal <dialog>: resolves true when the worker confirms.
export function confirmDialog({ title, text, confirm }) {
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
