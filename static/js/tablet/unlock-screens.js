// The screens that make and open this tablet's protection: setting the tablet up, unlocking it, and
// choosing a new passcode when an old tablet's PIN is too short (device.js, docs/security.md).
//
// Main decision: the tablet's own authenticator (fingerprint, face or screen lock, with WebAuthn PRF)
// is used wherever the browser offers one, and a passcode is kept only as the fallback the service
// allows; the set-up screen says which protection this tablet will have before anything is made,
// and the notice after set-up says which it got. Where the service requires the authenticator and
// the tablet has none, set-up is refused with the reason, and nothing is registered.

import { enrol, platformAuthenticatorAvailable } from "./authenticator.js";
import { passcodeProblem, protection, register, unlock } from "./device.js";
import { authenticatorNeeded, detectFeatures, fillList, keepStorage, keepingWords } from "./features.js";
import { _ } from "./i18n.js";
import { $, api, app, notice, problem, show } from "./shell.js";

// The worker's screens (locking.js and all it brings: home, editing, the tools' hooks) are not needed
// to show this screen, so they are not in the start-up graph (app.js): loaded once a passcode opens.
const afterUnlock = async (localKey) => (await import("./locking.js")).afterUnlock(localKey);

const PROTECTION_WORDS = {
  device: () => _("This tablet unlocks with its own fingerprint, face or screen lock."),
  passcode: () => _("This tablet unlocks with your passcode."),
};

// --- set-up -------------------------------------------------------------------------------------------

export async function setUp() {
  const online = await api();
  if (online.signedOut) return show("signin");
  if (!online.ok) return show("no-connection");
  app.registering = online;
  const requirePrf = Boolean(online.tablet?.unlock?.require_prf);
  // What this browser lacks: a required feature stops set-up here; an optional one is turned off,
  // and the note stays on the home screen too (home.js). The notes come a moment later: a browser
  // with no voices is known only after waiting for its voice list, which the screen need not wait for.
  const { refusals } = await detectFeatures(window, { requirePrf }, { only: "required" });
  const hasAuthenticator = await platformAuthenticatorAvailable();
  show("register");
  $("#new-passcode-fields").hidden = $("#new-passcode-again-fields").hidden = requirePrf;
  $("#register-form").hidden = Boolean(refusals.length);
  $("#register-keeping").textContent = keepingWords(await keepStorage(window, { ask: false }));
  detectFeatures(window, { requirePrf }).then(({ notes }) => fillList($("#register-notes"), notes));
  if (refusals.length) {
    $("#register-protection").textContent = refusals.join(" ");
  } else if (hasAuthenticator) {
    $("#register-protection").textContent = requirePrf
      ? _("This tablet will unlock with its own fingerprint, face or screen lock: setting it up asks you to use it.")
      : _("This tablet will unlock with its own fingerprint, face or screen lock: setting it up asks you to use it. Choose a passcode too, for when that cannot be used.");
  } else {
    $("#register-protection").textContent = _("This tablet has no fingerprint, face or screen lock that the app can use, so it will unlock with a passcode. Everything about children on this tablet is locked with it, also with no connection.");
  }
}

// The passcode typed twice in `prefix`'s fields, or null after saying what is wrong.
function chosenPasscode(prefix) {
  const passcode = $(`#${prefix}`).value;
  const why = passcodeProblem(passcode);
  if (!why && passcode === $(`#${prefix}-again`).value) return passcode;
  problem(why || _("The two passcodes are different"));
  return null;
}

function forgetTyped(prefix) {
  $(`#${prefix}`).value = "";
  $(`#${prefix}-again`).value = "";
}

export async function registerTablet(event) {
  event.preventDefault();
  const online = await api();
  if (!online.ok) return problem(_("Setting up needs a connection."));
  const requirePrf = Boolean(online.tablet?.unlock?.require_prf);
  const passcode = requirePrf ? null : chosenPasscode("new-passcode");
  if (!requirePrf && !passcode) return;
  const name = $("#device-name").value.trim() || _("Tablet");
  // Asked on the worker's press (a browser may ask them in turn), before anything is stored.
  const kept = await keepStorage();
  const enrolment = (await platformAuthenticatorAvailable()) ? await enrol(name) : null;
  if (requirePrf && !enrolment) return problem(authenticatorNeeded());
  try {
    const { localKey } = await register(app.db, online, name, { passcode, enrolment });
    forgetTyped("new-passcode");
    await afterUnlock(localKey);
    notice(`${PROTECTION_WORDS[enrolment ? "device" : "passcode"]()} ${keepingWords(kept)}`);
    app.sender.trigger();
  } catch (error) {
    problem(_("The tablet could not be set up: %(reason)s", { reason: error.message }));
  }
}

// --- unlocking ----------------------------------------------------------------------------------------

export function showUnlock() {
  show("unlock");
  const how = protection(app.device);
  $("#unlock-with-device").hidden = how !== "device";
  $("#unlock-form").hidden = how === "device" && !app.device.slots.passcode;
}

// What an unlock attempt's answer means on screen, for the unlock screen and the worker's dialog.
export function attemptProblem(result) {
  if (result.failed) return result.failed;
  if (result.refused) return _("The tablet's fingerprint, face or screen lock did not confirm it is you. Try again.");
  return _("That passcode is not right. Attempts left: %(count)s", { count: result.wrong });
}

async function answered(result) {
  if (result.destroyed) return show("destroyed");
  if (!result.localKey) return problem(attemptProblem(result));
  if (result.choosePasscode) {
    app.choosePasscode = async (passcode) => {
      await result.choosePasscode(passcode);
      await afterUnlock(result.localKey);
      notice(PROTECTION_WORDS.passcode());
    };
    return show("new-passcode");
  }
  return afterUnlock(result.localKey);
}

// An attempt that could not even be tried (the app's own files damaged, say) is said as it is, and
// is never counted as a wrong passcode.
export async function tryAttempt(attempt) {
  try {
    return await unlock(app.db, attempt);
  } catch (error) {
    return { failed: _("The tablet could not be unlocked: %(reason)s", { reason: error.message }) };
  }
}

export async function tryUnlock(event) {
  event.preventDefault();
  const passcode = $("#pin").value;
  $("#pin").value = "";
  await answered(await tryAttempt({ passcode }));
}

export async function unlockWithDevice() {
  await answered(await tryAttempt({ device: true }));
}

export async function saveNewPasscode(event) {
  event.preventDefault();
  const passcode = chosenPasscode("changed-passcode");
  if (!passcode || !app.choosePasscode) return;
  const choose = app.choosePasscode;
  app.choosePasscode = null;
  forgetTyped("changed-passcode");
  await choose(passcode);
}
