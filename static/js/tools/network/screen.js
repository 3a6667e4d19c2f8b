// The family and safety network: the circles of safety and support (the family in the centre, four
// rings, closest inside), each person's details for the safety plan, and the child's own view of
// them. The document is docs/network.md; the server merges the saved states per member and field.
// This module is the screen: the worker's circles with the list of people and which brothers and
// sisters the network is for, and the child's own view; the circles map is map.js (where people
// sit: layout.js), the worker's forms for a person member.js.
//
// Main decision: every change to a person is written as a field stamped {value, at, by} (model.js,
// stamp), never as a bare value, so two tablets' saves merge per field on the server. Every move a
// finger can drag on the map is also a button: "Closer", "Further away" and "Move round" (WCAG 2.2
// SC 2.5.7, Dragging Movements).

import { element } from "../../tablet/dom.js";
import { focusView, sameControl } from "../../tablet/focus.js";
import { _, formatDay } from "../../tablet/i18n.js";
import { PauseCover, pictureButton, readAloudButton } from "../../tablet/child-ui.js";
import { button, checkbox } from "../forms.js";
import { screenHooks } from "../screen.js";
import { RINGS, describeRing } from "./layout.js";
import { CirclesMap, VIEW_PICTURES, viewNames } from "./map.js";
import { addView, memberView } from "./member.js";
import { LIMITS, model, stamp, value } from "./model.js";

const ANGLE_STEP = 30; // "Move round" moves a person a twelfth of the way round
const VIEWS = LIMITS.child_views;
// What each of the child's marks means, as a symbol in symbol mode (static/symbols/catalogue.json).
const VIEW_SYMBOLS = { helps: "help", trusts: "safe", worries: "worries" };
const language = () => document.documentElement.lang || "en";

// --- the screen ---------------------------------------------------------------------------------------

class NetworkScreen {
  constructor(container, draft, onChange, context) {
    this.container = container;
    this.draft = draft;
    this.content = draft.content;
    this.save = onChange;
    this.deviceId = context ? context.deviceId : "unknown";
    this.carried = context && context.children ? context.children() : [];
    this.selected = null;
    this.map = null;
    this.view = { name: "map" };
    this.pause = new PauseCover((paused) => this.container.classList.toggle("app-nw--paused", paused));
    this.ready = Promise.resolve();
    this.show(document.body.classList.contains("app-child-mode") ? { name: "child" } : this.view);
  }

  destroy() {
    if (this.map) this.map.destroy();
    this.pause.destroy();
  }

  member(id) {
    return this.content.members.find((member) => member.id === id);
  }

  set(member, name, fieldValue) {
    stamp(member, name, fieldValue, this.deviceId);
    this.save();
  }

  // `focus`: what takes focus once the view is drawn (focus.js); otherwise its heading or prompt.
  show(view, focus = null) {
    if (this.map) this.map.destroy();
    this.map = null;
    this.view = view;
    this.container.className = `app-nw app-nw--view-${view.name}`;
    const body = element("div", { class: "app-nw__view" });
    const views = {
      map: () => this.mapView(body),
      add: () => addView(body, this, view),
      member: () => memberView(body, this, view.id),
      child: () => this.childView(body),
    };
    views[view.name]();
    this.container.replaceChildren(this.navigation(), body);
    // On the page now: spread the people out at once (the map's ResizeObserver would only do it
    // before the next paint, after anything else already queued had seen them all at its corner).
    if (this.map) this.map.arrange();
    focusView(body, focus);
  }

  navigation() {
    const nav = element("nav", { class: "app-worker-only app-nw__nav", "aria-label": _("Family and safety network") });
    const list = element("ul", { class: "govuk-list app-nw__nav-list" });
    const link = (label, view) => {
      const current = this.view.name === view.name;
      const control = element("button", { type: "button", class: "app-link-button", "aria-current": current ? "page" : null }, label);
      control.addEventListener("click", () => this.show(view));
      const item = element("li");
      item.append(control);
      list.append(item);
    };
    link(_("The circles"), { name: "map" });
    link(_("Add a person"), { name: "add" });
    nav.append(list);
    return nav;
  }

  // --- worker: the circles and the people ---
  mapView(body) {
    body.append(element("h2", { class: "govuk-heading-m" }, _("Circles of safety and support")));
    body.append(element("p", { class: "govuk-body" },
      _("Drag a person to the ring that shows how close they are to the family, or choose them and use the buttons.")));
    const layout = element("div", { class: "app-nw__layout" });
    layout.append(this.makeMap(false).element);
    const panel = element("div", { class: "app-nw__panel" });
    const selected = this.selected && this.member(this.selected);
    if (selected) {
      const name = value(selected, "name");
      panel.append(element("h3", { class: "govuk-heading-s" }, name));
      panel.append(element("p", { class: "govuk-body-s app-nw__where", "aria-live": "polite" },
        `${value(selected, "relation", "")} · ${describeRing(value(selected, "ring", RINGS))}`.replace(/^ · /, "")));
      panel.append(this.moveButtons(selected, false));
      panel.append(button(_("Details of %(name)s", { name }), () => this.show({ name: "member", id: selected.id })));
    } else {
      panel.append(element("p", { class: "govuk-body" }, this.content.members.length
        ? _("Choose a person on the map to move them or see their details.")
        : _("Nobody is in the network yet. Start by adding the people who matter to the family.")));
    }
    panel.append(button(_("Add a person"), () => this.show({ name: "add" }), ""));
    panel.append(this.peopleList());
    layout.append(panel);
    body.append(layout);
    body.append(this.siblingsField());
  }

  // Siblings share one network (the same people): which carried children this network is for.
  // The child it was started for is always one of them.
  siblingsField() {
    const group = element("div", { class: "govuk-form-group" });
    const fieldset = element("fieldset", { class: "govuk-fieldset" });
    fieldset.append(element("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" },
      _("Which children is this network for?")));
    fieldset.append(element("div", { class: "govuk-hint" }, _("Brothers and sisters share the same network of people.")));
    const boxes = element("div", { class: "govuk-checkboxes govuk-checkboxes--small" });
    this.carried.forEach((child, index) => {
      boxes.append(checkbox({ id: `nw-child-${index}`, label: child.known_as, checked: this.content.children.includes(child.id),
        attributes: { value: child.id, disabled: child.id === this.draft.child_id },
        onChange: (ticked) => {
          const others = this.content.children.filter((id) => id !== child.id);
          this.content.children = ticked ? [...others, child.id] : others;
          this.save();
        } }));
    });
    fieldset.append(boxes);
    group.append(fieldset);
    return group;
  }

  makeMap(big) {
    this.map = new CirclesMap({
      label: _("Circles of safety and support"), centreLabel: _("The family"), big,
      onSelect: (id) => {
        this.selected = id;
        this.show(this.view);
        this.map.focus(id);
      },
      onPlace: (id, ring, angle) => {
        const member = this.member(id);
        stamp(member, "ring", ring, this.deviceId);
        this.set(member, "angle", angle);
        this.selected = id;
        this.show(this.view);
      },
    });
    this.map.show(this.content.members, this.selected);
    return this.map;
  }

  // The moves a drag can make, as buttons (for a switch, a keyboard, or a hand that cannot drag).
  moveButtons(member, child) {
    const row = element("div", { class: child ? "app-nw__child-moves" : "app-nw__moves govuk-button-group" });
    const ring = value(member, "ring", RINGS);
    const move = (name, fieldValue) => () => {
      this.set(member, name, fieldValue);
      this.show(this.view);
      this.map.focus(member.id);
    };
    const moves = [
      { label: _("Closer"), picture: "back", disabled: ring <= 1, act: move("ring", Math.max(1, ring - 1)) },
      { label: _("Further away"), picture: "redo", disabled: ring >= RINGS, act: move("ring", Math.min(RINGS, ring + 1)) },
      { label: _("Move round"), picture: "redo", disabled: false,
        act: move("angle", (value(member, "angle", 0) + ANGLE_STEP) % 360) },
    ];
    for (const { label, picture, disabled, act } of (child ? moves.slice(0, 2) : moves)) {
      const control = child
        ? pictureButton({ picture, label, onPress: act, className: "app-nw__child-move" })
        : button(label, act);
      control.disabled = disabled;
      row.append(control);
    }
    return row;
  }

  peopleList() {
    const wrapper = element("div", { class: "app-nw__people" });
    if (!this.content.members.length) return wrapper;
    wrapper.append(element("h3", { class: "govuk-heading-s" }, _("People in the network (%(count)s)",
      { count: this.content.members.length })));
    const list = element("ul", { class: "govuk-list" });
    for (const member of this.content.members) {
      const item = element("li");
      const informed = value(member, "informed");
      const link = element("button", { type: "button", class: "app-link-button" }, value(member, "name"));
      link.addEventListener("click", () => this.show({ name: "member", id: member.id }));
      // Each _() on its own, so the translation tools find every string.
      const relation = value(member, "relation", "") || _("relation not given");
      const told = informed ? _("told %(date)s", { date: formatDay(informed) }) : "";
      item.append(link, document.createTextNode(` – ${relation}` + (told ? ` · ${told}` : "")));
      list.append(item);
    }
    wrapper.append(list);
    return wrapper;
  }


  // --- child: the same circles, big pictures, marking who helps, who they trust, who worries them ---
  childView(body) {
    body.append(element("h2", { class: "govuk-visually-hidden" }, _("The people around you")));
    const bar = element("div", { class: "app-nw__bar" });
    const prompt = element("p", { class: "app-nw__prompt app-read-aloud", tabindex: "-1", lang: language(), "data-symbol": "people" },
      _("Who is close to you? Touch a person, then show who helps you, who you trust and who worries you."));
    bar.append(readAloudButton({ text: () => prompt.textContent, language: language(), fallback: prompt }), prompt);
    bar.append(pictureButton({ picture: "pause", label: _("Pause"), className: "app-child-button--pause", symbol: "pause",
      onPress: () => this.pause.show() }));
    body.append(bar);
    const layout = element("div", { class: "app-nw__child-layout" });
    layout.append(this.makeMap(true).element);
    const panel = element("div", { class: "app-nw__child-panel" });
    const selected = this.selected && this.member(this.selected);
    if (selected) {
      panel.append(element("p", { class: "app-nw__child-name" }, value(selected, "name")));
      const marks = element("div", { class: "app-nw__child-marks", role: "group", "aria-label": value(selected, "name") });
      const views = value(selected, "child_view", []);
      for (const view of VIEWS) {
        marks.append(pictureButton({
          image: `/static/ink/stamps/${VIEW_PICTURES[view]}.png`, label: viewNames()[view], pressed: views.includes(view),
          className: `app-nw__mark app-nw__mark--${view}`, symbol: VIEW_SYMBOLS[view],
          onPress: (event) => {
            const now = value(selected, "child_view", []);
            const next = now.includes(view) ? now.filter((chosen) => chosen !== view) : VIEWS.filter((each) => each === view || now.includes(each));
            this.set(selected, "child_view", next);
            this.show({ name: "child" }, sameControl(event.currentTarget));
          },
        }));
      }
      panel.append(marks, this.moveButtons(selected, true));
    }
    layout.append(panel);
    body.append(layout);
  }

  childMode(on) {
    this.show(on ? { name: "child" } : { name: "map" });
  }
}

export default {
  ...model,
  // The screen gets the platform's context: the device id stamps every change.
  ...screenHooks(NetworkScreen),
};
