// The tablet app: start-up, signing out or clearing the tablet, and wiring the page's buttons and
// events to the screens (unlock-screens.js, home.js, editing.js, locking.js, outbox-screen.js,
// updates.js; their shared state is shell.js).
//
// Main decision: state that matters lives in IndexedDB (store.js), never only in memory, and the
// only secret in memory is the local key while unlocked. Start-up imports only what the first screen
// needs (the shell page preloads that graph, sofs_direct/tablet_files.py shell_modules); the worker's
// screens (home, editing, locking) are imported when first used, and warmed once the first screen
// shows, so a cold start to the unlock screen compiles a third less code (docs/tablet-shell.md). Screens are sections of one cached page;
// switching screens never changes the URL, so no child's id or name reaches the address bar, the
// history or a log. Nothing here writes child data to localStorage or the console.

import { sendWaitingAccess } from "./access.js";
import { protection, readDevice } from "./device.js";
import { WHAT_TO_DO, detectFeatures, fillList, keepStorage } from "./features.js";
import { _, loadCatalogue } from "./i18n.js";
import { Sender, recoverInterrupted, unsentCount } from "./outbox.js";
import { DATABASE_NAME, openStore } from "./store.js";
import { $, api, app, confirmDialog, fetchSession, language, problem, show, toolHook } from "./shell.js";
import { renderBadge, showOutbox } from "./outbox-screen.js";
import { registerServiceWorker } from "./updates.js";
import { registerTablet, saveNewPasscode, setUp, showUnlock, tryUnlock, unlockWithDevice } from "./unlock-screens.js";
import { tellLocked } from "./web-session.js";

// A function of a module the first screen does not need: the module is imported at the first call,
// and called at once (in the same event, as a click's handler must) once it is loaded.
const loaded = {};
const load = (path) => import(path).then((module) => { loaded[path] = module; return module; });
const later = (path, name) => (...args) => (loaded[path] ? loaded[path][name](...args)
  : load(path).then((module) => module[name](...args)));
const [discardCurrent, finish, flushSave, settleAndSave] = ["discardCurrent", "finish", "flushSave", "settleAndSave"]
  .map((name) => later("./editing.js", name));
const [prepare, savePrepared, showHome] = ["prepare", "savePrepared", "showHome"].map((name) => later("./home.js", name));
const [checkPinDialog, confirmWithDevice, enterChildMode, leaveChildMode, lock, resetIdleTimer] = [
  "checkPinDialog", "confirmWithDevice", "enterChildMode", "leaveChildMode", "lock", "resetIdleTimer"]
  .map((name) => later("./locking.js", name));

// Signing in from the tablet comes back to the tablet (auth.py takes `next`, a same-site path only).
const SIGN_IN_URL = `/login?next=${encodeURIComponent(`/tablet/${language}`)}`;

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
  await lock();
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

function wire() {
  $("#register-form").addEventListener("submit", registerTablet);
  $("#unlock-form").addEventListener("submit", tryUnlock);
  $("#new-passcode-form").addEventListener("submit", saveNewPasscode);
  // Their handlers come with their modules: the browser's own submit is stopped here, at once.
  $("#prepare-form").addEventListener("submit", (event) => { event.preventDefault(); savePrepared(event); });
  $("#pin-dialog-form").addEventListener("submit", (event) => { event.preventDefault(); checkPinDialog(event); });
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
      "leave-child-mode": leaveChildMode, "cancel-pin": () => $("#pin-dialog").close(), "send-now": () => app.sender.sendNow(),
      "clear-tablet": clearTablet, "discard-draft": discardCurrent, "unlock-with-device": unlockWithDevice,
      "confirm-with-device": confirmWithDevice, "home-screen-guide": () => show("home-screen-guide"),
    };
    if (handlers[action.dataset.action]) handlers[action.dataset.action]();
  });
  for (const type of ["pointerdown", "keydown"]) document.addEventListener(type, resetIdleTimer, { passive: true });
  window.addEventListener("online", () => {
    app.sender.trigger();
    sendWaitingAccess();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") app.sender.trigger();
    else flushSave();
  });
  window.addEventListener("pagehide", () => { flushSave(); });
}

// A browser without what the app cannot work without stops here, before anything is stored, and
// says what is missing and what to do (features.js).
async function unsupported() {
  const { refusals } = await detectFeatures(window, {}, { only: "required" });
  if (!refusals.length) return false;
  fillList($("#unsupported-reasons"), refusals);
  $("#unsupported-what-to-do").textContent = WHAT_TO_DO();
  show("unsupported");
  return true;
}

async function main() {
  await loadCatalogue(language);
  if (await unsupported()) return;
  app.db = await openStore();
  await recoverInterrupted(app.db);
  app.sender = new Sender(app.db, fetchSession, () => app.device?.device_id || null, () => app.device?.upload_token || null);
  app.sender.addEventListener("change", renderBadge);
  wire();
  keepStorage(); // asked again at each start: a browser may grant it later (once the app is installed)
  registerServiceWorker().catch(() => {});
  app.device = await readDevice(app.db);
  if (app.device) tellLocked(); // the app starts locked: so does this browser's sign-in
  if (!app.device) await setUp();
  else if (!protection(app.device)) show("destroyed");
  else showUnlock();
  await renderBadge();
  app.sender.trigger();
  // The worker's screens, compiled while the first screen waits for a passcode, never before it shows.
  requestIdleCallback(() => { for (const path of ["./locking.js", "./home.js", "./editing.js"]) load(path).catch(() => {}); });
}

main();
