// The tablet app's editing of a draft: beginning a tool for a child, resuming a draft, saving it as
// it changes, finishing it (or saving a version and carrying on) and discarding it.
//
// Main decision: every change is saved, sealed, no later than 2 s after the last one (the autosave
// waits a second for the changes to stop); saves are chained one after another (app.saving), and a
// tool's work in flight is settled before the last save, so nothing typed or recorded is lost when
// the worker leaves, the tablet locks or the page is hidden.
// home.js and this module import each other (the home screen begins and resumes drafts; finishing or
// discarding one goes back home): each only calls the other inside functions, never while the
// modules are evaluated.

import { accessFor } from "./access.js";
import { AlreadyFinished, discard, finalise, saveDraft, startCapture, StorageFull } from "./artefacts.js";
import { fromBase64 } from "./crypto.js";
import { _, formatTime } from "./i18n.js";
import { $, app, childName, confirmDialog, notice, problem, refusedInSafariTab, show, toolHook } from "./shell.js";
import { element } from "./dom.js";
import { button } from "../tools/forms.js";
import { showHome } from "./home.js";
import { queued, renderBadge } from "./outbox-screen.js";
import { KINDS } from "./kinds.js";

const AUTOSAVE_DELAY_MS = 1000; // the brief: saved no later than 2 s after the last change

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
    // What the kinds carried for the worker's team (their for_team, by each kind's own keys); {} on a
    // tablet prepared before there was any.
    team: () => app.prepared?.team || {},
    // How the child takes part (access.js): symbols, switches; a promise.
    access: (childId) => accessFor(childId),
  };
}

// A tool whose work is a chain of versions revisited over months may define startFrom(childId,
// context) → {supersedes, content, parts: [{name, media_type, data (base64)}]} or null: the child's
// latest version as the kind carried it for the visit (its for_visit), so a new capture carries on
// from it, naming it in `supersedes`, with its drawings. Without one, a capture starts empty.
// `source` (followOnsOf below): the work just finished, for a tool drafted from it (its draftFrom).
export async function begin(kind, childId, source = null) {
  if (refusedInSafariTab()) return;
  try {
    const tool = KINDS[kind];
    const context = toolContext();
    const drafted = source ? await tool.draftFrom(source, childId, context) : null;
    const from = !drafted && typeof tool.startFrom === "function" ? tool.startFrom(childId, context) : null;
    const content = drafted ? drafted.content : from ? from.content : tool.initialContent(childId, context);
    const draft = await startCapture(app.db, app.device, kind, childId, content, from ? from.supersedes : null);
    if (drafted) {
      draft.parts = drafted.parts;
    } else if (from) {
      draft.parts = from.parts.map((part) => ({ name: part.name, media_type: part.media_type, bytes: fromBase64(part.data) }));
    }
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

// Work drafted from other work (the letter to the child, from a session: docs/letter.md): a tool
// with draftFrom(source, childId, context) → {content, parts} and offer(childName) (the button's
// words) is offered as soon as the worker finishes work whose tool says what it heard
// (heardFrom(draft, language) → {done_at, words, drawings}). The source is the finished draft itself,
// in memory only: it is sealed for the server now and cannot be read back, so the offer is made on
// the home screen at once, and goes when that screen is next drawn (home.js) or the tablet locks.
// A tool drafted from other work is never started empty from the home screen.
export function followOnsOf(finished) {
  if (typeof KINDS[finished.kind].heardFrom !== "function") return [];
  return Object.values(KINDS).filter((tool) => typeof tool.draftFrom === "function" && tool.kind !== finished.kind);
}

function sourceOf(finished) {
  return {
    id: finished.id, kind: finished.kind,
    heard: (language) => KINDS[finished.kind].heardFrom(finished, language),
    part: (name) => finished.parts.find((part) => part.name === name) || null,
  };
}

function offerFollowOns(finished) {
  const tools = followOnsOf(finished);
  if (!tools.length) return;
  const offer = element("div", { class: "govuk-inset-text app-follow-ons" });
  offer.append(element("p", { class: "govuk-body" }, tools[0].offerText()));
  for (const tool of tools) {
    offer.append(button(tool.offer(childName(finished.child_id)), () => {
      $("#follow-ons").replaceChildren();
      begin(tool.kind, finished.child_id, sourceOf(finished));
    }, "govuk-button"));
  }
  $("#follow-ons").replaceChildren(offer);
}

export function resume(draft) {
  app.current = draft;
  const tool = KINDS[draft.kind];
  $("#capture-child").textContent = childName(draft.child_id);
  $("#capture-title").textContent = tool.title();
  $("#save-state").textContent = "";
  $("#save-news").textContent = "";
  tool.render($("#tool"), draft, () => scheduleSave(), toolContext());
  show("capture");
}

function scheduleSave() {
  clearTimeout(app.saveTimer);
  saveState(_("Saving…"));
  app.saveTimer = setTimeout(() => {
    app.saveTimer = null;
    flushSave();
  }, AUTOSAVE_DELAY_MS);
}

// A tool may have work in flight that belongs in the draft (a recording: stopped and kept). The
// optional hook settle() finishes it before the draft is saved for the last time and let go.
export async function settleAndSave() {
  await toolHook("settle");
  return flushSave();
}

export async function flushSave() {
  if (app.saveTimer) {
    clearTimeout(app.saveTimer);
    app.saveTimer = null;
  }
  const draft = app.current;
  if (!draft || !app.localKey) return app.saving;
  app.saving = app.saving.then(async () => {
    try {
      await saveDraft(app.db, app.device, app.localKey, draft);
      saveState(_("Saved on this tablet at %(time)s", { time: formatTime(new Date().toISOString()) }), { announce: true });
      queued();
    } catch (error) {
      saveState("");
      problem(error instanceof StorageFull
        ? _("This tablet is full: the last change could not be saved. Connect to send what is waiting.")
        : _("The last change could not be saved. Try again."));
    }
  });
  return app.saving;
}

// The autosave's state on screen. A screen reader hears only when the state changes: "Saved on
// this tablet at 10:42" once the changes settle, not every "Saving…" between keys, nor a save with
// nothing new (leaving, locking). A live region speaks at every change of its text: the audit
// heard 34 for six typed words. A save that fails says so through problem(), an alert.
function saveState(text, { announce = false } = {}) {
  const state = $("#save-state");
  const wasSaving = state.textContent === _("Saving…");
  if (state.textContent !== text) state.textContent = text;
  if (announce && wasSaving) $("#save-news").textContent = text;
}

// `carryOn`: save a version and carry on (a tool's own button, data-action="finalise-and-continue").
// A tool whose work is kept as a chain of versions defines nextVersion(finalisedDraft) → {content,
// notice}: the content of a new draft that carries on from the one just finalised, and the sentence
// that tells the worker so. The finalised draft stays immutable; the new one names it in `supersedes`
// (the correction chain of docs/sync.md) and starts with the same parts (its drawings).
export async function finish({ carryOn = false } = {}) {
  const draft = app.current;
  const tool = KINDS[draft.kind];
  await toolHook("settle");
  const problems = tool.problems(draft);
  if (problems.length) return problem(...problems);
  await flushSave();
  try {
    await finalise(app.db, app.device, app.localKey, draft);
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
    offerFollowOns(draft);
  }
  queued();
}

// The worker gives up a draft (a visit cut short, a session started by mistake): asked first, then it
// leaves the tablet and a notice tells the server, so nothing is reported missing.
export async function discardCurrent() {
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
    await discard(app.db, app.device, app.localKey, draft);
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
