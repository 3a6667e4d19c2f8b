// What this browser offers the tablet app, checked at set-up (and the required part at every start),
// and the browser's promise to keep the tablet's stored work (navigator.storage.persist).
//
// Main decision: one table, FEATURES, says for each platform feature whether the app cannot work
// without it (required: set-up stops, with what is missing and what to do) or only loses a part
// (optional: that part is turned off and a note says so, at set-up and on the home screen, for as
// long as it lasts). Detection reads only `scope` (the window, or a stand-in in a test), never the
// globals directly, and reuses the checks the features' own code makes (authenticator.js,
// speech.js, recordingFormat below), so the note can never disagree with what the feature does.

import { platformAuthenticatorAvailable } from "./authenticator.js";
import { element } from "./dom.js";
import { _ } from "./i18n.js";
import { voiceFor } from "./speech.js";

// The audio types a child's recording may be made in, the first the browser can record: Opus in WebM
// (Chromium, Firefox), AAC in MP4 (Safari). The part's media type is the container's, without the codec.
export const RECORDING_FORMATS = [
  { recorder: "audio/webm;codecs=opus", media_type: "audio/webm" },
  { recorder: "audio/mp4", media_type: "audio/mp4" },
];

// The format the tools record sound in, or null when this browser cannot record sound at all.
export function recordingFormat(scope = window) {
  if (typeof scope.MediaRecorder !== "function" || !scope.navigator.mediaDevices?.getUserMedia) return null;
  return RECORDING_FORMATS.find((format) => scope.MediaRecorder.isTypeSupported(format.recorder)) || null;
}

// Said once under the reasons set-up stopped for (the authenticator's reason has its own advice).
export const WHAT_TO_DO = () => _("Update this browser, or use another one (an up-to-date Chrome, Edge, Safari or Firefox), then open this page again.");

// Said also when the authenticator, there at set-up's start, then makes no key (unlock-screens.js).
export function authenticatorNeeded() {
  return _("This tablet cannot be set up: your service needs tablets that unlock with their own fingerprint, face or screen lock, and this one has none that the app can use. Turn on a screen lock in the tablet's settings and try again, or use another tablet.");
}

// `required` is true, false, or a rule of the service's (context: { requirePrf }). `reason` is said
// when a required feature is missing, `note` when an optional one is (null: said elsewhere already).
const FEATURES = [
  {
    name: "service-worker", required: true, present: (scope) => Boolean(scope.navigator.serviceWorker),
    reason: () => _("This browser cannot keep the app on the tablet for visits with no connection (it has no service workers)."),
  },
  {
    name: "indexeddb", required: true, present: (scope) => Boolean(scope.indexedDB),
    reason: () => _("This browser cannot store work on the tablet (it has no IndexedDB)."),
  },
  {
    // Missing also on a page not served over HTTPS, where the browser withholds it.
    name: "crypto", required: true, present: (scope) => Boolean(scope.crypto?.subtle),
    reason: () => _("This browser cannot lock children's details on the tablet (it has no Web Crypto)."),
  },
  {
    // The outbox then sends without taking turns between tabs (outbox.js): the server takes each
    // item once, but two tabs would both spend the connection on it.
    name: "locks", required: false, present: (scope) => Boolean(scope.navigator.locks),
    note: () => _("Keep the app open in one tab only: this browser cannot make two tabs take turns sending."),
  },
  {
    // compression.js then sends documents as they are.
    name: "compression", required: false, present: (scope) => typeof scope.CompressionStream === "function",
    note: () => _("Work is sent without compressing it, so sending takes longer on a slow connection."),
  },
  {
    // Without it the tablet unlocks with a passcode, which the set-up screen says already.
    name: "authenticator", required: (context) => Boolean(context.requirePrf),
    present: (scope) => platformAuthenticatorAvailable(scope),
    reason: () => authenticatorNeeded(),
    note: null,
  },
  {
    // The record button then says "This tablet cannot record sound." when pressed.
    name: "recording", required: false, present: (scope) => Boolean(recordingFormat(scope)),
    note: () => _("No audio recording on this tablet: this browser cannot record sound."),
  },
  {
    // Read-aloud then shows the words large for the worker to read out (child-ui.js readAloudButton).
    name: "voice-en", required: false, present: async (scope) => Boolean(await voiceFor("en", scope)),
    note: () => _("No read-aloud voice for English on this tablet: words are shown large for you to read out."),
  },
  {
    name: "voice-cy", required: false, present: async (scope) => Boolean(await voiceFor("cy", scope)),
    note: () => _("No read-aloud voice for Welsh on this tablet: words are shown large for you to read out."),
  },
  {
    // A plain Safari tab on an iPad or iPhone (safariTab below): set-up and Your visits say so, and
    // carrying children or starting work is refused there (shell.js refusedInSafariTab).
    name: "home-screen", required: false, present: (scope) => !safariTab(scope),
    note: () => _("This is a Safari tab: Safari may delete what a tab stores after 7 days without use. Add SofS Direct to the Home Screen and use it from there: children can only be carried, and work started, in the app on the Home Screen."),
  },
  {
    // What the browser promises is said by itself, on the set-up screen and by the storage line
    // (keepingWords), whether or not it has persist().
    name: "persist", required: false, present: (scope) => typeof scope.navigator.storage?.persist === "function",
    note: null,
  },
];

const isRequired = (feature, context) => (typeof feature.required === "function" ? feature.required(context) : feature.required);

// What this browser lacks: { refusals: [reason, …], notes: [note, …] }.
// `only: "required"` checks just the required features (at every start: quick, no voice wait).
export async function detectFeatures(scope = window, context = {}, { only } = {}) {
  const checked = FEATURES.filter((feature) => !only || isRequired(feature, context));
  const found = await Promise.all(checked.map(async (feature) => {
    try {
      return Boolean(await feature.present(scope));
    } catch (_failed) {
      return false;
    }
  }));
  const result = { refusals: [], notes: [] };
  checked.forEach((feature, index) => {
    if (found[index]) return;
    if (isRequired(feature, context)) result.refusals.push(feature.reason());
    else if (feature.note) result.notes.push(feature.note());
  });
  return result;
}

// Ask the browser to keep this tablet's storage (it may ask the worker, or decide alone: Chromium
// grants it to an installed app). "kept", "not-kept", or "no-promise" where the browser has no
// persist() at all (Safari). Never throws: storage works the same, only the promise differs.
export async function keepStorage(scope = window, { ask = true } = {}) {
  const storage = scope.navigator.storage;
  if (typeof storage?.persist !== "function") return "no-promise";
  try {
    const kept = (await storage.persisted()) || (ask && await storage.persist());
    return kept ? "kept" : "not-kept";
  } catch (_refused) {
    return "not-kept";
  }
}

// The words for keepStorage's answer, for the set-up and home screens.
export function keepingWords(state) {
  if (state === "kept") return _("This browser has promised to keep this tablet's stored work until it is removed from the app.");
  if (state === "not-kept") return _("This browser has not promised to keep this tablet's stored work: it may clear it if the tablet runs short of space. Send everything before leaving the tablet unused.");
  return _("This browser does not promise to keep this tablet's stored work: it may clear it if the tablet runs short of space or the app is not used for a long time. Send everything before leaving the tablet unused.");
}

// Reasons or notes, one to a line, in a screen's list (hidden when there are none).
export function fillList(list, lines) {
  list.replaceChildren(...lines.map((line) => element("li", {}, line)));
  list.hidden = !lines.length;
}

// --- Safari on iPadOS and iOS: storage kept only by an app on the Home Screen ---------------------
// In a Safari tab, WebKit deletes what a site's scripts stored (IndexedDB, the service worker and its
// caches) after 7 days of use without the site; a web app added to the Home Screen is exempt (README,
// "What each browser promises"). So on these tablets nothing new is stored from a plain tab: the
// worker adds the app to the Home Screen first (shell.js refusedInSafariTab, the guide in app.html).

// Safari's engine on an iPad or iPhone: every browser there is WebKit, so Chrome (CriOS) and Firefox
// (FxiOS) count too. iPadOS asks for desktop sites by default and then says "Macintosh": a Mac has no
// touch screen, so a "Macintosh" with more than one touch point is an iPad.
export function appleTablet(scope = window) {
  const agent = scope.navigator.userAgent || "";
  if (/\b(iPad|iPhone|iPod)\b/.test(agent)) return true;
  return /\bMacintosh\b/.test(agent) && (scope.navigator.maxTouchPoints || 0) > 1;
}

// Opened from the Home Screen (the manifest's display is "standalone"); navigator.standalone is
// Safari's own older flag for the same thing.
export function runsInstalled(scope = window) {
  if (scope.navigator.standalone === true) return true;
  return typeof scope.matchMedia === "function" && Boolean(scope.matchMedia("(display-mode: standalone)").matches);
}

// True where what this tab stores may be deleted after 7 days unused: a plain tab on an iPad or iPhone.
export function safariTab(scope = window) {
  return appleTablet(scope) && !runsInstalled(scope);
}
