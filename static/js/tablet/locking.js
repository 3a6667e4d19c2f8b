// The tablet app's locking and child mode: locking (by hand or when idle), unlocking with the PIN,
// handing the tablet to the child with only the current tool on show, and the PIN to take it back.
//
// Main decision: locking forgets the local key and everything unsealed with it (the carried
// children, the drafts, the tool on screen); leaving child mode needs the worker's PIN, and wrong
// PINs there count as at the unlock screen (device.js).

import { sendWaitingAccess } from "./access.js";
import { protection, readDevice } from "./device.js";
import { keepFocus } from "./focus.js";
import { _ } from "./i18n.js";
import { $, app, show, toolHook } from "./shell.js";
import { settleAndSave } from "./editing.js";
import { loadLocal, showHome } from "./home.js";
import { backToWorker, startChildAccess, stopChildAccess } from "./child-access.js";
import { attemptProblem, showUnlock, tryAttempt } from "./unlock-screens.js";
import { startProving, tellLocked } from "./web-session.js";

// --- locking ------------------------------------------------------------------------------------------

// Locking the app locks this browser's sign-in too (web-session.js): its pages need the PIN again.
export function lock() {
  if (app.localKey) tellLocked();
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
  app.choosePasscode = null; // an old tablet's PIN not yet replaced: asked again at the next unlock
  showUnlock();
}

export function resetIdleTimer() {
  if (!app.localKey || !app.device) return;
  clearTimeout(app.idleTimer);
  app.idleTimer = setTimeout(async () => {
    await settleAndSave();
    lock();
  }, (app.device.idle_lock_seconds || 300) * 1000);
}

export async function afterUnlock(localKey) {
  app.localKey = localKey;
  app.device = await readDevice(app.db);
  startProving();
  await loadLocal();
  resetIdleTimer();
  await showHome();
  sendWaitingAccess(); // a child's settings changed here while there was no connection
}

// --- child mode: only the current tool; leaving needs the PIN ---------------------------------------

export function enterChildMode() {
  // A tool may hold the hand-over to warn the worker first (a parent or carer did not agree): its
  // optional holdHandOver() shows why on the worker's screen and returns true.
  if (toolHook("holdHandOver")) return;
  app.childMode = true;
  document.body.classList.add("app-child-mode");
  $("#capture-child").hidden = true;
  $("#child-exit").hidden = false;
  $("#update-banner").hidden = true;
  handOver(true);
  startChildAccess(app.current.child_id); // the child's symbols and switches (child-access.js)
}

function leaveChildModeScreen() {
  stopChildAccess();
  app.childMode = false;
  document.body.classList.remove("app-child-mode");
  $("#capture-child").hidden = false;
  $("#child-exit").hidden = true;
  handOver(false);
}

// The button that handed the tablet over (or took it back) is hidden now: once the tool has drawn
// its view, focus is on something in it (the tool's own choice, else its heading), never <body>.
async function handOver(toChild) {
  try {
    await toolHook("childMode", toChild);
  } finally {
    if (app.screen === "capture") keepFocus($("#screen-capture"));
  }
}

// "Back to the worker": the read-back first, after a session in symbol mode (child-access.js).
export function leaveChildMode() {
  backToWorker(askPin);
}

// The worker shows it is them: with the tablet's own authenticator where it has one, else (or as
// well, where the service allows a passcode) the passcode.
function askPin() {
  const dialog = $("#pin-dialog");
  const withDevice = protection(app.device) === "device";
  $("#pin-dialog-input").value = "";
  $("#pin-dialog-error").hidden = true;
  $("#pin-dialog-device").hidden = !withDevice;
  $("#pin-dialog-passcode").hidden = $("#pin-dialog-confirm").hidden = withDevice && !app.device.slots.passcode;
  dialog.showModal();
}

async function answerPinDialog(result) {
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
  $("#pin-dialog-error").textContent = attemptProblem(result);
  $("#pin-dialog-error").hidden = false;
}

export async function checkPinDialog(event) {
  event.preventDefault();
  await answerPinDialog(await tryAttempt({ passcode: $("#pin-dialog-input").value }));
}

export async function confirmWithDevice() {
  await answerPinDialog(await tryAttempt({ device: true }));
}
