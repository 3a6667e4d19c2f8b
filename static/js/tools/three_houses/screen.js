// Three Houses (Weld & Greening): the child fills the House of Good Things, the House of Worries and
// the House of Dreams with drawings, stickers and words; the worker records the child's exact words,
// the questions asked and how the session went. The document is docs/three-houses.md; the server's
// check and renders are sofs_direct/tools/three_houses/.
//
// Main decision: one screen object owns the session and shows one view at a time — the worker's
// session record, the houses (child-facing), one house to draw in (child-facing), the child's words,
// naming a house, and the worker's words and notes for a house. Child-facing views never show text
// a child must read to get on: every control is a picture with a label, prompts can be read aloud,
// and there is nothing that can go wrong. Each drawing is its own ink part (docs/ink.md), rewritten
// after every finished stroke, so an autosave always holds the whole drawing so far.
//
// The session's rules (a new session, what must be put right before Finish) are model.js, which
// reads the limits the server reads too (contract.json).
//
// Issue 8 adds, each in its own module: the parent's consent and the child's assent (consent.js),
// the "What happens today" story (explainer.js) and recording the child's voice (recorder.js). The
// recording belongs to the screen, not to a view: it goes on while the views change and the tablet
// is handed over, and stops (keeping the clip) on pause, on leaving, on locking and on finishing.
//
// Issue 13: a parent's refusal is a record of its own. Once a parent or carer has said no, every view
// with the child (and handing over) first shows the worker a warning: finish as the refusal, record
// a new answer, or go on knowing the record will say so.
//
// This module is the screen itself: its state, the recording, which view is on show, the worker's
// navigation and the bar along the top of the child's views. The views are functions of (body,
// screen) in their own modules: session.js (the session record, a parent's refusal), houses.js (the
// child's houses), notes.js (the worker's words and notes for a house), with consent.js, explainer.js
// and recorder.js.

import { element } from "../../tablet/dom.js";
import { focusView } from "../../tablet/focus.js";
import { _ } from "../../tablet/i18n.js";
import { PauseCover, pictureButton, readAloudButton } from "../../tablet/child-ui.js";
import { loadArtwork } from "../../ink/draw.js";
import { screenHooks, setPart } from "../screen.js";
import { HOUSE_SYMBOLS, LIMITS, houseName, model, prompt } from "./model.js";
import { assentView, audioReasons, emptyConsent, parentView } from "./consent.js";
import { explainerView, prepareStory } from "./explainer.js";
import { Recording, RecordingRefused, RecordingSign, newClip, newMoment, recordingsView, removeClip } from "./recorder.js";
import { refusalView, sessionView } from "./session.js";
import { houseView, housesView, language, nameView, themeWords, wordsView } from "./houses.js";
import { notesView } from "./notes.js";
import { heardFrom, toldMe } from "./told.js";

// The views the child takes part in: after a parent's refusal, the worker is warned before any of them.
const WITH_THE_CHILD = ["explainer", "assent", "houses", "house", "words", "name"];

// --- the session screen ---------------------------------------------------------------------------------

class Session {
  constructor(container, draft, onChange, context) {
    this.container = container;
    this.draft = draft;
    this.content = draft.content;
    // A session begun before issue 8 gains consent and clips together (both or neither).
    if (!this.content.consent) Object.assign(this.content, { consent: emptyConsent(), clips: [] });
    this.save = onChange;
    this.context = context;
    this.view = { name: "session" };
    this.canvas = null;
    this.canvases = []; // read-only pictures on the view (a signature)
    this.urls = []; // object URLs of the clips' players, let go with the view
    this.consentForm = null;
    this.recording = null;
    this.recordingHouse = null;
    this.pendingMoments = [];
    this.recordingError = "";
    Session.current = this;
    this.pause = new PauseCover((paused) => {
      if (this.canvas) this.canvas.hidden = paused;
      this.container.classList.toggle("app-th--paused", paused);
      // Pausing is for a child who is upset or someone walking in: the microphone goes off too.
      if (paused) this.stopRecording();
    });
    this.ready = Promise.all([loadArtwork().then((artwork) => {
      this.artwork = artwork;
    }), prepareStory(this.service().explainer, this.child()?.language)]);
    container.replaceChildren(element("p", { class: "govuk-body" }, _("Opening…")));
    this.ready.then(() => this.show(document.body.classList.contains("app-child-mode") ? { name: "houses" } : this.view));
  }

  destroy() {
    this.destroyed = true;
    if (this.recording) this.recording.cancel(); // the platform settles first; this only lets go of the microphone
    this.closeCanvas();
    this.pause.destroy();
    if (Session.current === this) Session.current = null;
  }

  closeCanvas() {
    if (this.canvas) this.canvas.destroy();
    this.canvas = null;
    for (const canvas of this.canvases) canvas.destroy();
    this.canvases = [];
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls = [];
  }

  // --- what the session's context says ---

  service() {
    return this.context?.service ? this.context.service() : { audio_recording: false, explainer: null };
  }

  child() {
    return this.context?.childRecord ? this.context.childRecord(this.draft.child_id) : null;
  }

  childName() {
    return this.child()?.known_as || _("the child");
  }

  // --- recording the child's voice (recorder.js) ---

  // Recording controls exist only when the service allows recording, or clips are already here.
  recordingOffered() {
    return Boolean(this.service().audio_recording || this.content.clips.length);
  }

  async startRecording() {
    if (this.recording || this.starting || audioReasons(this.content, this.service()).length) return;
    this.starting = true;
    this.recordingError = "";
    let recording;
    try {
      recording = await Recording.start({
        onLevel: (level) => document.body.style.setProperty("--rec-level", level.toFixed(3)),
      });
    } catch (error) {
      this.starting = false;
      this.recordingError = error instanceof RecordingRefused ? error.message : _("The recording could not start. Try again.");
      if (this.view.name === "recordings") this.show(this.view);
      return;
    }
    this.starting = false;
    if (this.destroyed) return recording.cancel();
    this.recording = recording;
    this.pendingMoments = [];
    const house = this.recordingHouse;
    this.sign = new RecordingSign(() => this.stopRecording());
    this.ticker = setInterval(() => this.sign.update(recording.elapsed()), 250);
    this.keeping = recording.finished.then((kept) => this.keepClip(kept, house));
    if (this.view.name === "recordings") this.show(this.view);
  }

  keepClip(kept, house) {
    clearInterval(this.ticker);
    this.sign.remove();
    document.body.style.removeProperty("--rec-level");
    const moments = this.pendingMoments;
    this.recording = null;
    this.pendingMoments = [];
    if (!kept || this.destroyed) return;
    const clip = newClip(this.content, kept, house);
    for (const moment of moments) {
      if (moment.text.trim()) clip.moments.push(newMoment(clip, moment.at_ms, moment.text));
    }
    setPart(this.draft, clip.part, clip.media_type, kept.bytes);
    this.content.clips.push(clip);
    this.changed();
    // Only the worker's recordings view shows clips: a child's drawing is never redrawn under them.
    if (this.view.name === "recordings") this.show(this.view);
  }

  async stopRecording() {
    if (!this.recording) return;
    this.recording.stop();
    await this.keeping;
  }

  settle() {
    return this.stopRecording();
  }

  markMoment() {
    if (this.recording) this.pendingMoments.push({ at_ms: this.recording.elapsed(), text: "" });
  }

  deleteAllClips() {
    for (const clip of [...this.content.clips]) removeClip(this.content, this.draft, clip.id);
  }

  clipURL(part) {
    const url = URL.createObjectURL(new Blob([part.bytes], { type: part.media_type }));
    this.urls.push(url);
    return url;
  }

  changed() {
    this.save();
  }

  // --- a parent's refusal (issue 13) ---

  // A refusal holds the child's views back until the worker chooses to go on (this screen only:
  // opening the session again warns again), never while the child holds the tablet.
  refusalHolds() {
    return this.content.session.parental_agreement === "refused" && !this.goingOn
      && !document.body.classList.contains("app-child-mode");
  }

  // The platform asks before handing the tablet over (app.js); true: not yet, the warning is shown.
  holdHandOver() {
    if (!this.refusalHolds()) return false;
    this.show({ name: "refusal", then: "child-mode" });
    return true;
  }

  // `focus`: what takes focus once the view is drawn (focus.js: the control just pressed, drawn
  // again); otherwise the view's heading, or a child's view's prompt, does.
  show(view, focus = null) {
    // A parent or carer did not agree: nothing with the child until the worker has seen why not.
    if (WITH_THE_CHILD.includes(view.name) && this.refusalHolds()) view = { name: "refusal", then: view };
    this.closeCanvas();
    this.view = view;
    this.container.className = `app-th app-th--${this.content.theme} app-th--view-${view.name}`;
    const body = element("div", { class: "app-th__view" });
    const views = {
      session: () => sessionView(body, this),
      houses: () => housesView(body, this),
      house: () => houseView(body, this, view.key),
      words: () => wordsView(body, this, view.key),
      name: () => nameView(body, this, view.key),
      notes: () => notesView(body, this, view.key),
      consent: () => parentView(body, this, { childName: this.childName(), workerName: this.context?.worker?.()?.name,
        service: this.service() }),
      assent: () => assentView(body, this, { service: this.service(), language: language() }),
      explainer: () => explainerView(body, this, view, {
        explainer: this.service().explainer, worker: this.context?.worker?.() || null,
        childLanguage: this.child()?.language, age: this.child()?.age,
      }, () => this.show({ name: "assent" })),
      refusal: () => refusalView(body, this, view.then),
      recordings: () => recordingsView(body, this, { allowed: !audioReasons(this.content, this.service()).length,
        reasons: audioReasons(this.content, this.service()),
        houseNames: Object.fromEntries(LIMITS.keys.map((key) => [key, houseName(this.content, key)])) }),
    };
    views[view.name]();
    this.container.replaceChildren(this.workerNavigation(), body);
    focusView(body, focus);
  }

  // The worker's way round the session; hidden in child mode (tablet.css hides .app-worker-only).
  workerNavigation() {
    const nav = element("nav", { class: "app-worker-only app-th__nav", "aria-label": _("Three Houses") });
    const list = element("ul", { class: "govuk-list app-th__nav-list" });
    const link = (label, view) => {
      const current = this.view.name === view.name && this.view.key === view.key;
      const button = element("button", { type: "button", class: "app-link-button", "aria-current": current ? "page" : null }, label);
      button.addEventListener("click", () => this.show(view));
      const item = element("li");
      item.append(button);
      list.append(item);
    };
    link(_("Session details"), { name: "session" });
    link(_("Consent"), { name: "consent" });
    link(_("What happens today"), { name: "explainer" });
    link(_("The child's OK"), { name: "assent" });
    link(themeWords(this.content.theme).places, { name: "houses" });
    for (const key of LIMITS.keys) link(_("Words and notes: %(house)s", { house: houseName(this.content, key) }), { name: "notes", key });
    if (this.recordingOffered()) link(_("Recordings"), { name: "recordings" });
    nav.append(list);
    return nav;
  }

  // The bar along the TOP of every child view: back to the houses, the question with read-aloud,
  // the child's words, and pause. Nothing is placed along the bottom edge (hands rest there).
  childBar(key, guidance = "", symbol = "house") {
    const bar = element("div", { class: "app-th__bar" });
    if (key) {
      bar.append(pictureButton({ picture: "home", label: themeWords(this.content.theme).back, symbol: "house",
        onPress: () => this.show({ name: "houses" }) }));
      const question = element("p", { class: "app-th__prompt app-read-aloud", tabindex: "-1", lang: language(),
        "data-symbol": HOUSE_SYMBOLS[key] }, prompt(this.content.theme, key));
      bar.append(readAloudButton({ text: () => question.textContent, language: language(), fallback: question }), question);
      bar.append(pictureButton({ picture: "words", label: _("Words"), symbol: "talk", onPress: () => this.show({ name: "words", key }) }));
    } else {
      const welcome = element("p", { class: "app-th__prompt app-read-aloud", tabindex: "-1", lang: language(),
        "data-symbol": symbol }, guidance);
      bar.append(readAloudButton({ text: () => welcome.textContent, language: language(), fallback: welcome }), welcome);
    }
    bar.append(pictureButton({ picture: "pause", label: _("Pause"), className: "app-child-button--pause", symbol: "pause",
      onPress: () => this.pause.show() }));
    return bar;
  }

  // Handed to the child: the story and the child's OK stay on screen, anything else becomes the houses.
  childMode(on) {
    const stays = ["explainer", "assent"].includes(this.view.name);
    if (on) this.show(stays ? this.view : { name: "houses" });
    else this.show(stays ? this.view : { name: this.view.name === "house" || this.view.name === "words" || this.view.name === "name" ? "notes" : this.view.name, key: this.view.key || "good" });
  }
}

export default {
  ...model,
  ...screenHooks(Session),
  // A recording in progress is stopped and kept before the draft is saved for the last time.
  settle: () => (Session.current ? Session.current.settle() : undefined),
  // Asked by the platform before the tablet is handed to the child: true holds it (a warning is shown).
  holdHandOver: () => Boolean(Session.current && Session.current.holdHandOver()),
  // What the child said and placed, for the platform's read-back after a session in symbol mode.
  toldMe,
  heardFrom,
};
