// The Safety House (after Sonja Parker's approach; the house, its zones and its pictures are our own
// drawing): the child places the people they want in the house, in the garden and outside the red
// line, writes the rules on the roof, draws over the house, and moves along the safety path to the
// door; the worker records the session, scribes rules, writes down verbatim why the child is where
// they are on the path and what would make it one step closer, and records other people's numbers
// apart. The document is docs/safety-house.md; the server's check and renders are
// sofs_direct/tools/safety_house/.
//
// Main decision: one screen object owns the draft and shows one view at a time, as Three Houses does.
// Child-facing views (the house, someone new, the rules, the path, drawing) never need reading to get
// on: every control is a picture with a label, every prompt can be read aloud, there is nothing that
// can go wrong, and nothing pressable sits along the bottom edge. The views are functions of (body,
// screen) in their own modules: house.js (the house and its people, someone new, drawing), rules.js
// (the roof's rules), path.js (the safety path and the numbers), worker.js (the session record and
// the people, for the worker).

import { element } from "../../tablet/dom.js";
import { focusView } from "../../tablet/focus.js";
import { _ } from "../../tablet/i18n.js";
import { PauseCover, pictureButton, readAloudButton } from "../../tablet/child-ui.js";
import { loadArtwork } from "../../ink/draw.js";
import { screenHooks, ViewScreen } from "../screen.js";
import { model } from "./model.js";
import { addView, drawView, houseView } from "./house.js";
import { childRulesView, rulesView } from "./rules.js";
import { childPathView, numbersView } from "./path.js";
import { peopleView, sessionView } from "./worker.js";
import { heardFrom, toldMe } from "./told.js";

// The language the child's views speak: the page's, the one the tablet is in.
export const language = () => document.documentElement.lang || "en";

const CHILD_VIEWS = ["house", "add", "rules-child", "path", "draw"];

class SafetyHouse extends ViewScreen {
  constructor(container, draft, onChange, context) {
    super(container, draft, onChange, context);
    this.view = { name: "session" };
    this.selected = null; // the person picked on the house (an id, or "carried:<network id>")
    this.pause = new PauseCover((paused) => {
      if (this.canvas) this.canvas.hidden = paused;
      this.container.classList.toggle("app-sh--paused", paused);
    });
    this.ready = loadArtwork().then((artwork) => {
      this.artwork = artwork;
    });
    container.replaceChildren(element("p", { class: "govuk-body" }, _("Opening…")));
    this.ready.then(() => {
      if (!this.destroyed) this.show(this.childMode_() ? { name: "house" } : this.view);
    });
  }

  // Who is doing something now: the child holds the tablet in child mode, otherwise the worker.
  by() {
    return this.childMode_() ? "child" : "worker";
  }

  // The child's carried people (everyone known around the child, e.g. the safety network's members):
  // the prepared record's `people` ({id, name, relation, sticker}, docs/sync.md), as every kind gave them.
  carried() {
    const child = this.context?.childRecord ? this.context.childRecord(this.draft.child_id) : null;
    const people = Array.isArray(child?.people) ? child.people : [];
    return people.filter((person) => person && person.id && typeof person.name === "string" && person.name.trim());
  }

  // `focus`: what takes focus once the view is drawn (focus.js); otherwise its heading or prompt.
  show(view, focus = null) {
    this.closeView();
    this.view = view;
    this.container.className = `app-sh app-sh--view-${view.name}`;
    const body = element("div", { class: "app-sh__view" });
    const views = {
      session: () => sessionView(body, this),
      people: () => peopleView(body, this),
      rules: () => rulesView(body, this),
      numbers: () => numbersView(body, this),
      house: () => houseView(body, this),
      add: () => addView(body, this, view),
      "rules-child": () => childRulesView(body, this, view),
      path: () => childPathView(body, this),
      draw: () => drawView(body, this),
    };
    views[view.name]();
    this.container.replaceChildren(this.workerNavigation(), body);
    focusView(body, focus);
  }

  // The worker's way round; hidden in child mode (tablet.css hides .app-worker-only).
  workerNavigation() {
    const nav = element("nav", { class: "app-worker-only app-sh__nav", "aria-label": _("Safety House") });
    const list = element("ul", { class: "govuk-list app-sh__nav-list" });
    const link = (label, name) => {
      const button = element("button", { type: "button", class: "app-link-button",
        "aria-current": this.view.name === name ? "page" : null }, label);
      button.addEventListener("click", () => this.show({ name }));
      const item = element("li");
      item.append(button);
      list.append(item);
    };
    link(_("Session details"), "session");
    link(_("The child's house"), "house");
    link(_("People"), "people");
    link(_("Rules"), "rules");
    link(_("The safety path"), "numbers");
    nav.append(list);
    return nav;
  }

  // The bar along the TOP of every child view: back to the house, the prompt with read-aloud, and
  // pause. Nothing is placed along the bottom edge (hands rest there).
  childBar(prompt, { home = true, symbol = "safe" } = {}) {
    const bar = element("div", { class: "app-sh__bar" });
    if (home) {
      bar.append(pictureButton({ picture: "house", label: _("The house"), symbol: "house", onPress: () => this.show({ name: "house" }) }));
    }
    const words = element("p", { class: "app-sh__prompt app-read-aloud", tabindex: "-1", lang: language(), "data-symbol": symbol }, prompt);
    bar.append(readAloudButton({ text: () => words.textContent, language: language(), fallback: words }), words);
    bar.append(pictureButton({ picture: "pause", label: _("Pause"), className: "app-child-button--pause", symbol: "pause",
      onPress: () => this.pause.show() }));
    return bar;
  }

  // Handed to the child: the house (or the child's view on show); back to the worker: their view.
  childMode(on) {
    if (on) this.show(CHILD_VIEWS.includes(this.view.name) ? this.view : { name: "house" });
    else this.show(CHILD_VIEWS.includes(this.view.name) ? { name: this.view.name === "path" ? "numbers" : "people" } : this.view);
  }
}

export default {
  ...model,
  ...screenHooks(SafetyHouse),
  // What the child placed and said, for the platform's read-back after a session in symbol mode.
  toldMe,
  heardFrom,
};
