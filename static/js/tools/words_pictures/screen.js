// Words and Pictures (Turnell & Essex): the parents and the worker explain to the children, in
// simple drawings and short sentences, why children's services are involved and what happens next;
// the children hear it read and add their own pictures. The document is docs/words-and-pictures.md;
// the server's check and the booklet are sofs_direct/tools/words_pictures/.
//
// Main decision: one screen object owns the storyboard and shows one view at a time. The worker's
// views (choosing a starting point, the storyboard of pages, one page, the agreed words, saving a
// version) have the GOV.UK look and are used with the parents; the children's views (reading page
// by page, adding their own drawing or words) have the child-facing look of child.css: big picture
// buttons along the top, nothing to press along the bottom edge, pause, read-aloud. Every drawing is
// its own ink part on the one shared canvas (docs/ink.md), rewritten after each finished stroke. The
// checks while typing (agreed wording, plain words) only ever suggest: nothing typed is blocked.
// A saved version is finalised by the platform, which then starts the next version's draft from
// nextVersion() (static/js/tablet/editing.js, finish). The storyboard's rules — a new storyboard, the
// next version, what must be put right before saving — are model.js, with the limits of contract.json.

//
// This module is the screen itself (its state, which view is on show, the worker's navigation, and
// the drawings every view uses); the views are functions of (body, screen) in their own modules:
// storyboard.js (starting, the storyboard, removing a page), page.js (one page), agreement.js (the
// agreed words, saving a version) and children.js (the children's views). The document's helpers
// are pages.js, the checks on the words wording.js.

import { element } from "../../tablet/dom.js";
import { focusView } from "../../tablet/focus.js";
import { _ } from "../../tablet/i18n.js";
import { PauseCover } from "../../tablet/child-ui.js";
import { stopSpeaking } from "../../tablet/speech.js";
import { InkCanvas } from "../../ink/canvas.js";
import { InkToolbar } from "../../ink/toolbar.js";
import { loadArtwork } from "../../ink/draw.js";
import { drawingCanvas } from "../../ink/picture.js";
import { MEDIA_TYPE, encode } from "../../ink/codec.js";
import { screenHooks, setPart } from "../screen.js";
import { model } from "./model.js";
import { drawingOps, untouched } from "./pages.js";
import { loadJargon } from "../plain-words.js";
import { removeView, startView, storyboardView } from "./storyboard.js";
import { pageView } from "./page.js";
import { agreedWordsView, versionView } from "./agreement.js";
import { childDrawingView, childWordsView, readView, turnPageByKey } from "./children.js";

const THUMBNAIL = 112; // CSS px

// The child's name for the children's part, typed by the worker; kept for the session per child, so
// it carries on into the next version.
const childNames = new Map();

// Drafts whose worker has chosen a starting point in this session (a blank storyboard looks untouched).
const chosen = new Set();

// --- the storyboard screen ------------------------------------------------------------------------------

class Storyboard {
  constructor(container, draft, onChange) {
    this.container = container;
    this.draft = draft;
    this.content = draft.content;
    this.save = onChange;
    this.canvases = [];
    this.bigPrint = false;
    this.view = { name: "storyboard" };
    this.pause = new PauseCover((paused) => {
      for (const canvas of this.canvases) canvas.hidden = paused;
      this.container.classList.toggle("app-wp--paused", paused);
    });
    this.keys = (event) => turnPageByKey(this, event);
    document.addEventListener("keydown", this.keys);
    container.replaceChildren(element("p", { class: "govuk-body" }, _("Opening…")));
    this.ready = Promise.all([loadArtwork(), loadJargon()]).then(([artwork, jargon]) => {
      this.artwork = artwork;
      this.jargon = jargon;
      const inChildMode = document.body.classList.contains("app-child-mode");
      this.show(inChildMode ? { name: "read", index: 0 } : { name: untouched(draft) && !chosen.has(draft.id) ? "start" : "storyboard" });
    }).catch((error) => {
      container.replaceChildren(element("p", { class: "govuk-error-message" }, error.message));
    });
  }

  destroy() {
    this.closeCanvases();
    this.pause.destroy();
    stopSpeaking();
    document.removeEventListener("keydown", this.keys);
  }

  closeCanvases() {
    for (const canvas of this.canvases) canvas.destroy();
    this.canvases = [];
  }

  changed() {
    this.save();
  }

  get language() {
    return this.content.language;
  }

  pageIndex(id) {
    return Math.max(0, this.content.pages.findIndex((page) => page.id === id));
  }

  // The name the worker typed for the child adding to it (childNames above).
  get childName() {
    return childNames.get(this.draft.child_id) || "";
  }

  set childName(name) {
    childNames.set(this.draft.child_id, name);
  }

  // The worker chose how to start (chosen above).
  markStarted() {
    chosen.add(this.draft.id);
  }

  // `focus`: a selector for what takes focus after the view is drawn (the button just pressed);
  // otherwise the view's heading (or a child's view's prompt) does, so a screen reader hears where
  // it is (focus.js).
  show(view, focus = null) {
    this.closeCanvases();
    stopSpeaking();
    this.view = view;
    this.container.className = `app-wp app-wp--view-${view.name}${this.bigPrint ? " app-wp--big-print" : ""}`;
    const body = element("div", { class: "app-wp__view" });
    const views = {
      start: () => startView(body, this),
      storyboard: () => storyboardView(body, this),
      remove: () => removeView(body, this, view.id),
      page: () => pageView(body, this, view.id),
      words: () => agreedWordsView(body, this),
      version: () => versionView(body, this),
      read: () => readView(body, this, view.index),
      "kids-draw": () => childDrawingView(body, this, view.index),
      "kids-words": () => childWordsView(body, this, view.index),
    };
    views[view.name]();
    // Choosing how to start comes first; there is nowhere else to go yet.
    this.container.replaceChildren(...(view.name === "start" ? [] : [this.workerNavigation()]), body);
    focusView(body, focus);
  }

  // The worker's way round the storyboard; hidden in child mode (tablet.css hides .app-worker-only).
  workerNavigation() {
    const nav = element("nav", { class: "app-worker-only app-wp__nav", "aria-label": _("Words and Pictures") });
    const list = element("ul", { class: "govuk-list app-wp__nav-list" });
    const link = (label, view) => {
      const current = this.view.name === view.name || (view.name === "storyboard" && ["page", "remove"].includes(this.view.name));
      const item = element("li");
      const go = element("button", { type: "button", class: "app-link-button", "aria-current": current ? "page" : null }, label);
      go.addEventListener("click", () => this.show(view));
      item.append(go);
      list.append(item);
    };
    link(_("Storyboard"), { name: "storyboard" });
    link(_("Agreed words"), { name: "words" });
    link(_("Read it with the children"), { name: "read", index: 0 });
    link(_("Save this version"), { name: "version" });
    nav.append(list);
    return nav;
  }

  // A small picture of a drawing (ink/picture.js), or an empty frame.
  thumbnail(partName, size = THUMBNAIL, label = "") {
    return drawingCanvas({ ops: drawingOps(this.draft, partName), artwork: this.artwork, size, label, className: "app-wp__thumb" });
  }

  // A drawing on the shared canvas with its toolbar (stamps and all); a drawing that cannot be read
  // is left as it is, never drawn over.
  drawingStage({ partName, ops, label, onDrawn }) {
    if (ops === null) {
      return element("p", { class: "govuk-error-message" },
        _("This drawing could not be read on this tablet, so it cannot be changed here. It is kept as it is."));
    }
    const stage = element("div", { class: "app-th__stage app-wp__stage" });
    const surface = element("div", { class: "app-th__surface" });
    const canvas = new InkCanvas(surface, {
      artwork: this.artwork, outline: null, ops, label,
      onChange: (changed) => {
        onDrawn(changed.length > 0);
        setPart(this.draft, partName, MEDIA_TYPE, changed.length ? encode(changed) : null);
        toolbar.refresh();
        this.changed();
      },
    });
    this.canvases.push(canvas);
    const toolbar = new InkToolbar(canvas, this.artwork);
    stage.append(toolbar.colours, surface, toolbar.tools, toolbar.stampTray);
    return stage;
  }

  childMode(on) {
    if (!this.artwork) return; // the artwork could not be loaded: the reason is on screen
    if (on) {
      const index = ["page", "remove"].includes(this.view.name) ? this.pageIndex(this.view.id) : (this.view.index || 0);
      this.show({ name: "read", index });
    } else {
      const reading = ["read", "kids-draw", "kids-words"].includes(this.view.name);
      const page = this.content.pages[this.view.index || 0];
      this.show(reading && page ? { name: "page", id: page.id } : this.view);
    }
  }
}

export default {
  ...model,
  ...screenHooks(Storyboard),
};
