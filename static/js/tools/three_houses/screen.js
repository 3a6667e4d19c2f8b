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

import { element, icon } from "../../tablet/dom.js";
import { _, formatTime } from "../../tablet/i18n.js";
import { PauseCover, pictureButton, readAloudButton } from "../../tablet/child-ui.js";
import { InkCanvas } from "../../ink/canvas.js";
import { InkToolbar } from "../../ink/toolbar.js";
import { drawPicture, loadArtwork } from "../../ink/draw.js";
import { MEDIA_TYPE, decode, encode } from "../../ink/codec.js";
import { fold } from "../../ink/fold.js";
import { screenHooks, setPart } from "../screen.js";
import { button, radios, textField } from "../forms.js";
import { describeWish, wishControl } from "../sharing.js";
import { reencode } from "../photo.js";
import { LIMITS, houseName, houseOf, model, nextWordId, prompt, workDone } from "./model.js";
import { assentView, audioReasons, emptyConsent, parentView } from "./consent.js";
import { explainerView, prepareStory } from "./explainer.js";
import { Recording, RecordingRefused, RecordingSign, newClip, newMoment, recordingsView, removeClip } from "./recorder.js";

const language = () => document.documentElement.lang || "en";


// What the child's screens call the places the child fills: houses, or in the fairy's and the
// wizard's looks the bubbles the child sees on the screen (docs/three-houses.md: another look only).
function themeWords(theme) {
  if (theme === "houses") {
    return {
      places: _("The houses"), back: _("Houses"),
      choose: _("Choose a house to start. You can draw, add stickers and say what you think."),
      naming: _("Choose a picture for your house. You can give it a new name too."),
      share: _("Who may see the drawing and the house's name?"),
    };
  }
  return {
    places: _("The bubbles"), back: _("Bubbles"),
    choose: _("Choose a bubble to start. You can draw, add stickers and say what you think."),
    naming: _("Choose a picture for your bubble. You can give it a new name too."),
    share: _("Who may see the drawing and the bubble's name?"),
  };
}

// The views the child takes part in: after a parent's refusal, the worker is warned before any of them.
const WITH_THE_CHILD = ["explainer", "assent", "houses", "house", "words", "name"];



function themePicture(theme) {
  return { fairy: "fairy", wizard: "wizard" }[theme];
}




function inkOps(draft, house) {
  const part = house.ink && draft.parts.find((candidate) => candidate.name === house.ink);
  return part ? decode(part.bytes) : [];
}



// --- GOV.UK form pieces for the worker's views ---------------------------------------------------------


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

  // What a worker needs when the parent or carer said no: finish the session as the refusal it is;
  // record a new answer if they changed their mind; or, with another lawful reason, go on, knowing
  // the record will say the session went ahead without agreement.
  refusalView(body, then) {
    const session = this.content.session;
    body.append(element("h2", { class: "govuk-heading-m" }, _("The parent or carer did not agree to this session")));
    const warning = element("div", { class: "govuk-warning-text" });
    warning.append(element("span", { class: "govuk-warning-text__icon", "aria-hidden": "true" }, "!"));
    warning.append(element("strong", { class: "govuk-warning-text__text" },
      _("Do not go on with the child unless they change their mind, or you have another lawful reason to see the child without their agreement.")));
    body.append(warning);
    if (session.agreement_by.trim()) {
      body.append(element("p", { class: "govuk-body" }, _("Who did not agree: %(person)s", { person: session.agreement_by })));
    }
    const nothing = !workDone(this.content);
    if (nothing) {
      body.append(element("p", { class: "govuk-body" },
        _("You can finish and send the session as it is. The child's record will say that the parent or carer did not agree, so nothing was done with the child.")));
    }
    const group = element("div", { class: "govuk-button-group" });
    if (nothing) {
      group.append(element("button", { type: "button", class: "govuk-button", "data-action": "finalise" },
        _("Finish and send as a refusal")));
    }
    group.append(button(_("They changed their mind: record their new answer"), () => {
      const parent = this.content.consent.parent;
      if (parent) { // the consent screen's "Change the answer", the new answer with its own time
        this.consentForm = { decision: null, name: parent.name, relationship: parent.relationship, typed_name: "",
          audio: null, ops: [], errors: {} };
      }
      this.show({ name: "consent" });
    }));
    body.append(group);
    body.append(element("p", { class: "govuk-body" },
      _("If you go on without their agreement, the record will say so. Write why in How did the session go.")));
    const goOn = button(_("Go on without their agreement"), () => {
      this.goingOn = true;
      if (then !== "child-mode") this.show(then || { name: "houses" });
    }, "govuk-button--warning");
    // Handing over: the platform's own action runs after this button's, once going on is chosen.
    if (then === "child-mode") goOn.dataset.action = "child-mode";
    body.append(goOn);
  }

  show(view) {
    // A parent or carer did not agree: nothing with the child until the worker has seen why not.
    if (WITH_THE_CHILD.includes(view.name) && this.refusalHolds()) view = { name: "refusal", then: view };
    this.closeCanvas();
    this.view = view;
    this.container.className = `app-th app-th--${this.content.theme} app-th--view-${view.name}`;
    const body = element("div", { class: "app-th__view" });
    const views = {
      session: () => this.sessionView(body),
      houses: () => this.housesView(body),
      house: () => this.houseView(body, view.key),
      words: () => this.wordsView(body, view.key),
      name: () => this.nameView(body, view.key),
      notes: () => this.notesView(body, view.key),
      consent: () => parentView(body, this, { childName: this.childName(), workerName: this.context?.worker?.()?.name,
        service: this.service() }),
      assent: () => assentView(body, this, { service: this.service(), language: language() }),
      explainer: () => explainerView(body, this, view, {
        explainer: this.service().explainer, worker: this.context?.worker?.() || null,
        childLanguage: this.child()?.language, age: this.child()?.age,
      }, () => this.show({ name: "assent" })),
      refusal: () => this.refusalView(body, view.then),
      recordings: () => recordingsView(body, this, { allowed: !audioReasons(this.content, this.service()).length,
        reasons: audioReasons(this.content, this.service()),
        houseNames: Object.fromEntries(LIMITS.keys.map((key) => [key, houseName(this.content, key)])) }),
    };
    views[view.name]();
    this.container.replaceChildren(this.workerNavigation(), body);
    const heading = body.querySelector("h2, h3, [data-autofocus]");
    if (heading && view.name !== "house") {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
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

  // --- worker: the session record ---
  sessionView(body) {
    const session = this.content.session;
    body.append(element("h2", { class: "govuk-heading-m" }, _("Session details")));
    body.append(element("p", { class: "govuk-body" }, _("Started %(time)s", { time: formatTime(session.started_at) })));
    body.append(radios({
      legend: _("How should it look for the child?"), name: "th-theme", value: this.content.theme,
      options: [{ value: "houses", label: _("Three houses") },
        { value: "fairy", label: _("A fairy (for younger children)") },
        { value: "wizard", label: _("A wizard (for younger children)") }],
      onChange: (theme) => {
        // A question still as the tool wrote it follows the theme; one the worker changed stays.
        for (const house of this.content.houses) {
          if (house.question === prompt(this.content.theme, house.key)) house.question = prompt(theme, house.key);
        }
        this.content.theme = theme;
        this.changed();
        this.container.querySelector(".app-th__nav").replaceWith(this.workerNavigation()); // houses or bubbles
      },
    }));
    body.append(textField({ label: _("Where is the session?"), hint: _("For example, at home in the kitchen, or at school"),
      value: session.place, maxlength: LIMITS.place_max, onInput: (value) => { session.place = value; this.changed(); } }));
    body.append(this.presentFields());
    body.append(radios({
      legend: _("Is the child seen alone?"), name: "th-alone", value: session.seen_alone, inline: true,
      options: [{ value: true, label: _("Yes") }, { value: false, label: _("No") }],
      onChange: (value) => { session.seen_alone = value; this.changed(); },
    }));
    body.append(this.agreementFields());
    body.append(textField({ label: _("How did the session go?"), multiline: true, maxlength: LIMITS.long_text_max,
      hint: _("Your own account: how the child was, what helped, anything that worried you."),
      value: session.how_it_went, onInput: (value) => { session.how_it_went = value; this.changed(); } }));
    const next = element("div", { class: "app-th__next", "aria-live": "polite" });
    this.sayWhatNext = () => next.replaceChildren(session.parental_agreement === "refused" ? this.refusalNote()
      : element("p", { class: "govuk-body" }, _("When you are ready, hand the tablet to the child. To come back here you will need your PIN.")));
    this.sayWhatNext();
    body.append(next);
  }

  // Under the session details once a parent or carer has said no: what finishing will record.
  refusalNote() {
    const note = element("div", { class: "govuk-inset-text app-th__refusal" });
    if (workDone(this.content)) {
      note.append(element("p", { class: "govuk-body" },
        _("The parent or carer did not agree, but the child has taken part. The record will say the session went ahead without their agreement: write why in How did the session go.")));
    } else {
      note.append(element("p", { class: "govuk-body" },
        _("The parent or carer did not agree. You can finish and send the session as it is: the record will say that nothing was done with the child. Where the session was and who did not agree are still needed; whether the child was seen alone is not.")));
    }
    return note;
  }

  // The parent's agreement: as recorded on the consent screen, or (agreement taken some other way,
  // or not needed) in the two fields of the session record.
  agreementFields() {
    const session = this.content.session;
    const parent = this.content.consent.parent;
    const block = element("div", { class: "govuk-form-group" });
    if (parent) {
      block.append(element("h3", { class: "govuk-heading-s" }, _("Did a parent agree to this session?")));
      block.append(element("p", { class: "govuk-body" }, parent.decision === "agreed"
        ? _("%(person)s agreed on the consent screen at %(time)s.", { person: session.agreement_by, time: formatTime(parent.at) })
        : _("%(person)s did not agree, on the consent screen at %(time)s.", { person: session.agreement_by, time: formatTime(parent.at) })));
      block.append(button(_("See or change the consent"), () => this.show({ name: "consent" })));
      return block;
    }
    block.append(radios({
      legend: _("Did a parent agree to this session?"), name: "th-agreement", value: session.parental_agreement,
      options: [{ value: "agreed", label: _("Yes, a parent agreed") }, { value: "refused", label: _("No, a parent refused") },
        { value: "not-needed", label: _("Agreement was not needed") }, { value: "not-asked", label: _("Not asked yet") }],
      onChange: (value) => {
        session.parental_agreement = value;
        this.changed();
        this.sayWhatNext();
      },
    }));
    block.append(textField({ label: _("Who agreed or refused?"), hint: _("Their name and how they are related to the child. Or record it with the parent on the Consent screen."),
      value: session.agreement_by, maxlength: LIMITS.agreement_by_max,
      onInput: (value) => { session.agreement_by = value; this.changed(); } }));
    return block;
  }

  presentFields() {
    const session = this.content.session;
    const fieldset = element("fieldset", { class: "govuk-fieldset govuk-!-margin-bottom-6" });
    fieldset.append(element("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" }, _("Who else is present?")));
    fieldset.append(element("div", { class: "govuk-hint" }, _("Everyone besides you and the child. Leave empty if nobody else was there.")));
    session.present.forEach((person, index) => {
      const row = element("div", { class: "app-th__person" });
      row.append(textField({ label: _("Name of person %(n)s", { n: index + 1 }), value: person.name, maxlength: LIMITS.person_text_max,
        width: "govuk-input--width-20", onInput: (value) => { person.name = value; this.changed(); } }));
      row.append(textField({ label: _("Role or relationship of person %(n)s", { n: index + 1 }), value: person.role, maxlength: LIMITS.person_text_max,
        width: "govuk-input--width-20", onInput: (value) => { person.role = value; this.changed(); } }));
      row.append(button(_("Remove person %(n)s", { n: index + 1 }), () => {
        session.present.splice(index, 1);
        this.changed();
        this.show(this.view);
      }, "govuk-button--secondary app-th__remove"));
      fieldset.append(row);
    });
    if (session.present.length < LIMITS.present_max) {
      fieldset.append(button(_("Add a person"), () => {
        session.present.push({ name: "", role: "" });
        this.changed();
        this.show(this.view);
      }));
    }
    return fieldset;
  }

  // --- child: the three houses ---
  housesView(body) {
    const words = themeWords(this.content.theme);
    body.append(element("h2", { class: "govuk-visually-hidden" }, words.places));
    body.append(this.childBar(null, words.choose));
    if (this.content.theme !== "houses") {
      body.append(element("img", { src: `/static/icons/child/${themePicture(this.content.theme)}.svg`, alt: "",
        class: "app-th__theme-picture" }));
    }
    const row = element("div", { class: "app-th__houses" });
    const keys = [...this.content.order, ...LIMITS.keys.filter((key) => !this.content.order.includes(key))];
    for (const key of keys) {
      const house = houseOf(this.content, key);
      const card = element("div", { class: `app-th__house app-th__house--${key}` });
      const open = element("button", { type: "button", class: "app-th__open", "data-house": key });
      const preview = element("canvas", { class: "app-th__preview", width: "240", height: "240", "aria-hidden": "true" });
      this.drawPreview(preview, house);
      open.append(preview);
      const label = element("span", { class: "app-th__house-name" });
      if (house.symbol) label.append(element("img", { src: `/static/ink/symbols/${house.symbol}.png`, alt: "", class: "app-th__symbol" }));
      label.append(document.createTextNode(houseName(this.content, key)));
      open.append(label);
      open.addEventListener("click", () => this.openHouse(key));
      card.append(open);
      card.append(pictureButton({
        picture: "rename", label: _("Name it"), className: "app-child-button--small",
        onPress: () => this.show({ name: "name", key }),
      }));
      row.append(card);
    }
    body.append(row);
  }

  drawPreview(canvas, house) {
    const ops = fold(inkOps(this.draft, house));
    drawPicture(canvas.getContext("2d"), ops, this.artwork, this.artwork.themes[this.content.theme], canvas.width);
  }

  openHouse(key) {
    if (!this.content.order.includes(key)) {
      this.content.order.push(key);
      this.changed();
    }
    this.show({ name: "house", key });
  }

  // The bar along the TOP of every child view: back to the houses, the question with read-aloud,
  // the child's words, and pause. Nothing is placed along the bottom edge (hands rest there).
  childBar(key, guidance = "") {
    const bar = element("div", { class: "app-th__bar" });
    if (key) {
      bar.append(pictureButton({ picture: "home", label: themeWords(this.content.theme).back,
        onPress: () => this.show({ name: "houses" }) }));
      const question = element("p", { class: "app-th__prompt app-read-aloud", tabindex: "-1", lang: language() },
        prompt(this.content.theme, key));
      bar.append(readAloudButton({ text: () => question.textContent, language: language(), fallback: question }), question);
      bar.append(pictureButton({ picture: "words", label: _("Words"), onPress: () => this.show({ name: "words", key }) }));
    } else {
      const welcome = element("p", { class: "app-th__prompt app-read-aloud", tabindex: "-1", lang: language() }, guidance);
      bar.append(readAloudButton({ text: () => welcome.textContent, language: language(), fallback: welcome }), welcome);
    }
    bar.append(pictureButton({ picture: "pause", label: _("Pause"), className: "app-child-button--pause",
      onPress: () => this.pause.show() }));
    return bar;
  }

  // --- child: drawing in one house ---
  houseView(body, key) {
    const house = houseOf(this.content, key);
    body.append(element("h2", { class: "govuk-visually-hidden" }, houseName(this.content, key)));
    body.append(this.childBar(key));
    const stage = element("div", { class: "app-th__stage" });
    const surface = element("div", { class: "app-th__surface" });
    this.canvas = new InkCanvas(surface, {
      artwork: this.artwork, outline: this.artwork.themes[this.content.theme], ops: inkOps(this.draft, house),
      label: _("Drawing in the %(house)s", { house: houseName(this.content, key) }),
      onChange: (ops) => {
        house.ink = ops.length ? `ink-${key}` : null;
        setPart(this.draft, `ink-${key}`, MEDIA_TYPE, ops.length ? encode(ops) : null);
        toolbar.refresh();
        this.changed();
      },
    });
    const toolbar = new InkToolbar(this.canvas, this.artwork);
    stage.append(toolbar.colours, surface, toolbar.tools, toolbar.stampTray);
    body.append(stage);
  }

  // --- child: the child's own words for a house ---
  wordsView(body, key) {
    const house = houseOf(this.content, key);
    body.append(this.childBar(key));
    const panel = element("div", { class: "app-th__words" });
    panel.append(element("h2", { class: "app-th__words-title" }, houseName(this.content, key)));
    const list = element("ul", { class: "app-th__word-list" });
    for (const word of house.words) {
      list.append(element("li", { class: `app-th__word app-th__word--${word.by}` }, word.text));
    }
    const id = `th-child-words-${key}`;
    const label = element("label", { class: "app-th__write-label", for: id });
    label.append(icon("words", "app-child-button__picture"), element("span", {}, _("Write or say your words")));
    const box = element("textarea", { class: "app-th__write", id, rows: "3", maxlength: String(LIMITS.word_max),
      autocomplete: "off", spellcheck: "false", lang: language() });
    const done = pictureButton({ picture: "done", label: _("Keep these words"), className: "app-child-button--go",
      onPress: () => {
        if (box.value.trim() && house.words.length < LIMITS.words_max) {
          house.words.push({ id: nextWordId(this.content), text: box.value, by: "child", share: "ask", at: new Date().toISOString() });
          this.changed();
        }
        this.show({ name: "words", key });
      } });
    panel.append(list, label, box, done);
    body.append(panel);
  }

  // --- child: naming a house and choosing its symbol ---
  nameView(body, key) {
    const house = houseOf(this.content, key);
    body.append(this.childBar(null, themeWords(this.content.theme).naming));
    const panel = element("div", { class: "app-th__naming" });
    panel.append(element("h2", { class: "app-th__words-title" }, houseName(this.content, key)));
    const symbols = element("div", { class: "app-th__symbols", role: "group", "aria-label": _("Choose a picture for it") });
    const symbolNames = {
      sun: _("Sun"), cloud: _("Cloud"), heart: _("Heart"), star: _("Star"), rainbow: _("Rainbow"),
      moon: _("Moon"), flower: _("Flower"), tree: _("Tree"),
    };
    for (const symbol of this.artwork.symbols) {
      symbols.append(pictureButton({
        image: `/static/ink/symbols/${symbol}.png`, label: symbolNames[symbol] || symbol, hideLabel: true,
        pressed: house.symbol === symbol, className: "app-th__symbol-choice",
        onPress: () => {
          house.symbol = house.symbol === symbol ? null : symbol;
          this.changed();
          this.show({ name: "name", key });
        },
      }));
    }
    const id = `th-name-${key}`;
    const label = element("label", { class: "app-th__write-label", for: id });
    label.append(icon("rename", "app-child-button__picture"), element("span", {}, _("A new name (you can leave it)")));
    const input = element("input", { class: "app-th__write app-th__write--name", id, type: "text",
      maxlength: String(LIMITS.name_max), autocomplete: "off", spellcheck: "false", lang: language() });
    input.value = house.name;
    input.addEventListener("input", () => {
      house.name = input.value.replace(/[\r\n]/g, " ");
      this.changed();
    });
    const done = pictureButton({ picture: "done", label: _("Done"), className: "app-child-button--go",
      onPress: () => this.show({ name: "houses" }) });
    panel.append(symbols, label, input, done);
    body.append(panel);
  }

  // --- worker: the words and notes for one house ---
  notesView(body, key) {
    const house = houseOf(this.content, key);
    const name = houseName(this.content, key);
    body.append(element("h2", { class: "govuk-heading-m" }, _("Words and notes: %(house)s", { house: name })));
    body.append(textField({ label: _("The question you asked"), hint: _("As you asked it, so a reader knows what the child was answering"),
      value: house.question, maxlength: LIMITS.question_max, onInput: (value) => { house.question = value; this.changed(); } }));

    body.append(element("h3", { class: "govuk-heading-s" }, _("The child's words")));
    if (!house.words.length) body.append(element("p", { class: "govuk-body" }, _("No words yet.")));
    const list = element("ul", { class: "govuk-list app-th__notes-words" });
    house.words.forEach((word, index) => {
      const item = element("li", { class: "app-th__notes-word" });
      item.append(element("p", { class: "govuk-body app-th__verbatim" }, word.text));
      const about = () => `${word.by === "child" ? _("Child wrote") : _("Worker scribed")} · ${formatTime(word.at)} · ${_("May see it")}: ${describeWish(word.share)}`;
      const meta = element("p", { class: "govuk-body-s" }, about());
      item.append(meta);
      item.append(wishControl({ legend: _("Who may see these words?"), wish: word.share,
        onChange: (wish) => {
          word.share = wish;
          meta.textContent = about();
          this.changed();
        } }));
      item.append(button(_("Remove these words (entered by mistake)"), () => {
        house.words.splice(index, 1);
        this.changed();
        this.show(this.view);
      }, "govuk-button--warning"));
      list.append(item);
    });
    body.append(list);

    if (house.words.length < LIMITS.words_max) {
      let by = "worker";
      let text = "";
      const add = element("div", { class: "app-th__add-words" });
      add.append(textField({ label: _("Add the child's words"), multiline: true, maxlength: LIMITS.word_max,
        hint: _("Exactly as the child said them, in the first person. Read them back to the child."),
        value: "", onInput: (value) => { text = value; } }));
      add.append(radios({ legend: _("Who wrote them?"), name: `th-by-${key}`, value: by, inline: true,
        options: [{ value: "worker", label: _("I scribed them") }, { value: "child", label: _("The child wrote them") }],
        onChange: (value) => { by = value; } }));
      add.append(button(_("Add these words"), () => {
        if (!text.trim()) return;
        house.words.push({ id: nextWordId(this.content), text, by, share: "ask", at: new Date().toISOString() });
        this.changed();
        this.show(this.view);
      }));
      body.append(add);
    }

    body.append(wishControl({ legend: themeWords(this.content.theme).share, wish: house.share,
      onChange: (wish) => { house.share = wish; this.changed(); } }));
    body.append(this.photoField(house));
    body.append(textField({ label: _("Your observations"), multiline: true, maxlength: LIMITS.long_text_max,
      hint: _("What you saw: kept apart from the child's words."),
      value: house.observations, onInput: (value) => { house.observations = value; this.changed(); } }));
    const mapping = { good: _("What's working well"), worries: _("What are we worried about"), dreams: _("What needs to happen") }[key];
    body.append(textField({ label: _("What it means for the mapping: %(column)s", { column: mapping }), multiline: true,
      maxlength: LIMITS.long_text_max, value: house.reflection, onInput: (value) => { house.reflection = value; this.changed(); } }));
  }

  photoField(house) {
    const group = element("div", { class: "govuk-form-group" });
    const id = `th-photo-${house.key}`;
    group.append(element("label", { class: "govuk-label govuk-label--s", for: id }, _("Add a photo of a drawing on paper")));
    group.append(element("div", { class: "govuk-hint", id: `${id}-hint` }, _("Location data is removed from the photo.")));
    const input = element("input", { class: "govuk-file-upload", id, type: "file", accept: "image/*", capture: "environment",
      "aria-describedby": `${id}-hint`, disabled: house.photos.length >= LIMITS.photos_max });
    input.addEventListener("change", async () => {
      const file = input.files[0];
      input.value = "";
      if (!file || house.photos.length >= LIMITS.photos_max) return;
      let bytes;
      try {
        bytes = await reencode(file);
      } catch (_unreadable) {
        group.querySelector(".govuk-error-message")?.remove();
        group.classList.add("govuk-form-group--error");
        input.before(element("p", { class: "govuk-error-message" }, _("That file is not a photo this tablet can open. Choose a JPEG or PNG photo.")));
        return;
      }
      const used = new Set(this.draft.parts.map((part) => part.name));
      let number = 1;
      while (used.has(`photo-${house.key}-${number}`)) number += 1;
      const name = `photo-${house.key}-${number}`;
      setPart(this.draft, name, "image/jpeg", bytes);
      house.photos.push(name);
      this.changed();
      this.show(this.view);
    });
    group.append(input);
    if (house.photos.length) {
      const list = element("ul", { class: "govuk-list" });
      house.photos.forEach((name, index) => {
        const item = element("li");
        item.append(document.createTextNode(`${_("Photo %(n)s", { n: index + 1 })} `));
        item.append(button(_("Remove photo %(n)s", { n: index + 1 }), () => {
          house.photos.splice(index, 1);
          setPart(this.draft, name, null, null);
          this.changed();
          this.show(this.view);
        }, "govuk-button--secondary govuk-!-margin-bottom-0"));
        list.append(item);
      });
      group.append(list);
    }
    return group;
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
};
