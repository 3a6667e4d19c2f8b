// Sort the pictures: the child sorts picture cards onto a board (good / not sure / not good, their
// own columns, or a path from 0 to 10) by dragging them or by tapping a card then a place, can move
// any card again, and can make a card of their own (drawn, or a symbol); the worker chooses the
// board and the cards (a starter set, a team set, or symbols), scribes what the child said or did,
// who was present and the child's wish. The document is docs/picture-sort.md; the server's check
// and renders are sofs_direct/tools/picture_sort/.
//
// Main decision: one screen object owns the draft and shows one view at a time, as the other tools
// do. The child's views never need reading: every card and place is a real button with a picture and
// words that are read aloud on tap, a drag is never the only way (tap the card, tap the place), and
// nothing pressable sits along the bottom edge. The views are functions of (body, screen) in their own
// modules: worker.js (setting up, and the notes), board.js (the child's board), make.js (the child's
// own card).

import { element } from "../../tablet/dom.js";
import { focusView } from "../../tablet/focus.js";
import { _ } from "../../tablet/i18n.js";
import { PauseCover, pictureButton, readAloudButton } from "../../tablet/child-ui.js";
import { loadSymbols } from "../../tablet/symbols.js";
import { loadArtwork } from "../../ink/draw.js";
import { screenHooks, ViewScreen } from "../screen.js";
import { model } from "./model.js";
import { boardView } from "./board.js";
import { drawCardView, makeView, symbolCardView } from "./make.js";
import { notesView, setupView } from "./worker.js";

const CHILD_VIEWS = ["board", "make", "draw", "symbol"];

class PictureSort extends ViewScreen {
  constructor(container, draft, onChange, context) {
    super(container, draft, onChange, context);
    this.view = { name: "setup" };
    this.selected = null; // the card picked by a tap, to be put where the child taps next
    this.pause = new PauseCover((paused) => {
      if (this.canvas) this.canvas.hidden = paused;
    });
    // The symbols are a pack of their own, kept offline by "Prepare for visits"; without them the
    // cards show their words, so a failure to load them is never the child's problem.
    this.ready = Promise.all([loadArtwork().then((artwork) => { this.artwork = artwork; }), loadSymbols().catch(() => null)]);
    container.replaceChildren(element("p", { class: "govuk-body" }, _("Opening…")));
    this.ready.then(() => {
      if (!this.destroyed) this.show(this.childMode_() ? { name: "board" } : this.view);
    });
  }

  // The sort's language: the child's, which the cards and the board are in.
  get language() {
    return this.content.language;
  }

  // The team's card sets as prepared for visits (the kind's for_team): {starter, team}.
  cardSets() {
    const sets = this.context?.team ? this.context.team().card_sets : null;
    return { starter: Array.isArray(sets?.starter) ? sets.starter : [], team: Array.isArray(sets?.team) ? sets.team : [] };
  }

  show(view) {
    this.closeView();
    this.view = view;
    this.container.className = `app-ps app-ps--view-${view.name}`;
    const body = element("div", { class: "app-ps__view" });
    const views = {
      setup: () => setupView(body, this),
      notes: () => notesView(body, this),
      board: () => boardView(body, this),
      make: () => makeView(body, this),
      draw: () => drawCardView(body, this),
      symbol: () => symbolCardView(body, this),
    };
    views[view.name]();
    this.container.replaceChildren(this.workerNavigation(), body);
    // Focus as every tool places it (focus.js): the control marked data-autofocus (what the child
    // used last, board.js), else the view's heading. The drawing view leaves it to the canvas.
    if (view.name !== "draw") focusView(body);
  }

  // The worker's way round; hidden in child mode (tablet.css hides .app-worker-only).
  workerNavigation() {
    const nav = element("nav", { class: "app-worker-only app-ps__nav", "aria-label": _("Sort the pictures") });
    const list = element("ul", { class: "govuk-list app-ps__nav-list" });
    for (const [label, name] of [[_("Board and cards"), "setup"], [_("The child's board"), "board"], [_("Notes and sharing"), "notes"]]) {
      const link = element("button", { type: "button", class: "app-link-button", "aria-current": this.view.name === name ? "page" : null },
        label);
      link.addEventListener("click", () => this.show({ name }));
      const item = element("li");
      item.append(link);
      list.append(item);
    }
    nav.append(list);
    return nav;
  }

  // The bar along the TOP of every child view: the prompt with read-aloud, and pause; `back` adds a
  // way back to the board. Nothing is placed along the bottom edge (hands rest there).
  childBar(prompt, { back = false, symbol = null } = {}) {
    const bar = element("div", { class: "app-ps__bar" });
    if (back) {
      const home = pictureButton({ picture: "back", label: _("Back to the board"), onPress: () => this.show({ name: "board" }) });
      home.dataset.symbol = "finished";
      bar.append(home);
    }
    const words = element("p", { class: "app-ps__prompt app-read-aloud", tabindex: "-1", lang: this.language }, prompt);
    if (symbol) words.dataset.symbol = symbol;
    bar.append(readAloudButton({ text: () => words.textContent, language: this.language, fallback: words }), words);
    const pause = pictureButton({ picture: "pause", label: _("Pause"), className: "app-child-button--pause",
      onPress: () => this.pause.show(this.language) });
    pause.dataset.symbol = "pause";
    bar.append(pause);
    return bar;
  }

  // Handed to the child: the board (or the child's view on show); back to the worker: the notes.
  childMode(on) {
    this.selected = null;
    if (on) this.show(CHILD_VIEWS.includes(this.view.name) ? this.view : { name: "board" });
    else this.show(CHILD_VIEWS.includes(this.view.name) ? { name: "notes" } : this.view);
  }
}

export default {
  ...model,
  ...screenHooks(PictureSort),
};
