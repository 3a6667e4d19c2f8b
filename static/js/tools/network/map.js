// The family and safety network's circles map: four CSS rings around the family and a <button> for
// each person, placed where layout.js says, dragged by a finger to another ring.
//
// Main decision: the map is made of real <button>s positioned over CSS circles, so every person can
// be reached by a switch, a keyboard or a screen reader (the screen adds "Closer", "Further away" and
// "Move round" for anyone who cannot drag: WCAG 2.2 SC 2.5.7, Dragging Movements). While dragging
// only the dragged button moves, by a transform set once per animation frame, so a map of 60 people
// stays smooth.

import { element } from "../../tablet/dom.js";
import { _ } from "../../tablet/i18n.js";
import { BAND, CENTRE, RINGS, describeRing, layOut, ringAndAngle, spot } from "./layout.js";
import { value } from "./model.js";

const DRAG_START_PX = 6; // under this a press is a tap, not a drag
// The child's picture for each view: the feelings stamps the child already knows from drawing.
export const VIEW_PICTURES = { helps: "face-happy", trusts: "face-calm", worries: "face-worried" };
// A crowded map draws its people smaller (network.css), so that they still fit on their
// own rings: the first of these at which everyone does.
const CROWDED = ["", "app-nw-map--crowded", "app-nw-map--packed"];

export function viewNames() {
  return { helps: _("Helps me"), trusts: _("I trust them"), worries: _("Worries me") };
}

// --- the map ------------------------------------------------------------------------------------------

// The circles: four CSS rings around the family, a <button> for each person. onSelect(id) on a tap;
// onPlace(id, ring, angle) when a person is dropped. `onTiming(milliseconds)` is opt-in
// instrumentation for tests/bench/network_map.py: the main-thread time of each drag frame (the
// pointer handlers since the last frame, the frame callback, and the style, layout and paint that
// follow it before the next task).
export class CirclesMap {
  constructor({ label, centreLabel, big = false, onSelect = () => {}, onPlace = () => {}, onTiming = null }) {
    this.onSelect = onSelect;
    this.onPlace = onPlace;
    this.onTiming = onTiming;
    this.buttons = new Map();
    this.drag = null;
    this.frame = 0;
    this.handlerTime = 0;
    this.element = element("div", { class: `app-nw-map${big ? " app-nw-map--big" : ""}`, role: "group", "aria-label": label });
    for (let ring = RINGS; ring >= 1; ring -= 1) {
      const circle = element("div", { class: `app-nw-map__ring app-nw-map__ring--${ring}`, "aria-hidden": "true" });
      circle.style.setProperty("--size", `${(CENTRE + BAND * ring) * 100}%`);
      this.element.append(circle);
    }
    const centre = element("div", { class: "app-nw-map__centre" });
    centre.append(element("img", { src: "/static/ink/stamps/family.png", alt: "", class: "app-nw-map__centre-picture" }),
      element("span", { class: "app-nw-map__centre-label" }, centreLabel));
    this.element.append(centre);
    this.people = element("div", { class: "app-nw-map__people" });
    this.element.append(this.people);
    this.listeners = {
      pointerdown: (event) => this.timed(() => this.press(event)),
      pointermove: (event) => this.timed(() => this.move(event)),
      pointerup: (event) => this.timed(() => this.release(event, true)),
      pointercancel: (event) => this.timed(() => this.release(event, false)),
      click: (event) => this.tap(event),
    };
    for (const [type, listener] of Object.entries(this.listeners)) this.people.addEventListener(type, listener);
    // People are spread out by their measured size at the map's size: again whenever the map is resized.
    this.members = [];
    this.resizing = new ResizeObserver(() => this.arrange());
    this.resizing.observe(this.element);
  }

  timed(handler) {
    if (!this.onTiming) return handler();
    const start = performance.now();
    handler();
    this.handlerTime += performance.now() - start;
    return undefined;
  }

  // All the people, drawn afresh (not during a drag: only when the list changes).
  show(members, selectedId = null) {
    this.buttons.clear();
    const buttons = members.map((member) => {
      const button = element("button", { type: "button", class: "app-nw-map__person", "data-member": member.id,
        "aria-pressed": String(member.id === selectedId) });
      const picture = value(member, "stamp");
      button.append(element("img", { src: `/static/ink/stamps/${picture || "person-adult"}.png`, alt: "",
        class: "app-nw-map__picture", draggable: "false" }));
      button.append(element("span", { class: "app-nw-map__name" }, value(member, "name", "")));
      const where = element("span", { class: "govuk-visually-hidden" }, `, ${describeRing(value(member, "ring", RINGS))}`);
      button.append(where);
      for (const view of value(member, "child_view", [])) {
        button.append(element("img", { src: `/static/ink/stamps/${VIEW_PICTURES[view]}.png`, alt: viewNames()[view],
          class: `app-nw-map__mark app-nw-map__mark--${view}` }));
      }
      this.buttons.set(member.id, button);
      return button;
    });
    this.members = members;
    this.people.replaceChildren(...buttons);
    this.arrange();
  }

  // Every person where layOut puts them, by their buttons' measured boxes, at the largest size
  // (CROWDED) at which everyone fits in their own ring: a few reads of the layout, then one write of
  // each button's left and top. Never during a drag, when only a transform moves.
  arrange() {
    const side = this.element.clientWidth;
    // Not on the page yet (arranged once it has a size), or a finger is dragging someone (arranged
    // when they are dropped and the map is shown again).
    if (!side || !this.members.length || this.drag) return;
    const rings = { centre: [side / 2, side / 2], band: (BAND / 2) * side,
      middle: Array.from({ length: RINGS }, (_ring, index) => ((CENTRE + BAND * (index + 0.5)) / 2) * side) };
    let spots = [];
    for (const crowded of CROWDED) {
      this.element.classList.remove(...CROWDED.filter(Boolean));
      if (crowded) this.element.classList.add(crowded);
      const { people, obstacles } = this.measure();
      spots = layOut(people, rings, obstacles);
      if (spots.every((found, index) => found.ring === people[index].ring)) break;
    }
    spots.forEach(({ x, y }, index) => {
      const button = this.buttons.get(this.members[index].id);
      button.style.left = `${(x / side) * 100}%`;
      button.style.top = `${(y / side) * 100}%`;
    });
  }

  // Each person's box (as layOut takes it) and the family's picture and name in the centre, in
  // pixels from the map's top left: every button is put at the map's corner and measured there.
  measure() {
    for (const button of this.buttons.values()) {
      button.style.left = "0px";
      button.style.top = "0px";
    }
    const origin = this.people.getBoundingClientRect();
    const people = this.members.map((member) => {
      const box = this.buttons.get(member.id).getBoundingClientRect();
      return { ring: value(member, "ring", RINGS), angle: value(member, "angle", 0), key: member.id, width: box.width,
        height: box.height, across: origin.left - box.left, above: origin.top - box.top };
    });
    const obstacles = [...this.element.querySelectorAll(".app-nw-map__centre > *")].map((part) => {
      const box = part.getBoundingClientRect();
      return [box.left - origin.left, box.top - origin.top, box.right - origin.left, box.bottom - origin.top];
    });
    return { people, obstacles };
  }

  position(button, ring, angle) {
    const { x, y } = spot(ring, angle);
    button.style.left = `${x * 100}%`;
    button.style.top = `${y * 100}%`;
  }

  press(event) {
    const button = event.target.closest(".app-nw-map__person");
    if (!button || this.drag || (event.pointerType === "mouse" && event.button !== 0)) return;
    const box = this.element.getBoundingClientRect();
    this.drag = { id: button.dataset.member, button, pointerId: event.pointerId, startX: event.clientX,
      startY: event.clientY, dx: 0, dy: 0, box, moving: false, moved: false };
    button.setPointerCapture(event.pointerId);
  }

  move(event) {
    const drag = this.drag;
    if (!drag || event.pointerId !== drag.pointerId) return;
    drag.dx = event.clientX - drag.startX;
    drag.dy = event.clientY - drag.startY;
    if (!drag.moving && Math.hypot(drag.dx, drag.dy) < DRAG_START_PX) return;
    if (!drag.moving) {
      drag.moving = true;
      drag.button.classList.add("app-nw-map__person--dragging");
    }
    if (!this.frame) this.frame = requestAnimationFrame(() => this.paint());
  }

  // One frame of a drag: the dragged button alone moves, by a transform (no layout of the others).
  paint() {
    this.frame = 0;
    const drag = this.drag;
    if (!drag) return;
    const start = performance.now();
    drag.button.style.transform = `translate(${drag.dx}px, ${drag.dy}px)`;
    if (this.onTiming) {
      // The rendering work runs after the frame callbacks; a message posted now is handled after it.
      const spent = this.handlerTime;
      this.handlerTime = 0;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => this.onTiming(spent + performance.now() - start);
      channel.port2.postMessage(null);
    }
  }

  release(event, drop) {
    const drag = this.drag;
    if (!drag || event.pointerId !== drag.pointerId) return;
    this.drag = null;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    drag.button.classList.remove("app-nw-map__person--dragging");
    if (!drag.moving) return;
    this.suppressClick = drag.id;
    drag.button.style.transform = "";
    if (!drop) return;
    // The button's anchor (left/top, in % of the map) moved by the finger's travel.
    const x = parseFloat(drag.button.style.left) / 100 + drag.dx / drag.box.width;
    const y = parseFloat(drag.button.style.top) / 100 + drag.dy / drag.box.height;
    const { ring, angle } = ringAndAngle(x, y);
    this.position(drag.button, ring, angle);
    this.onPlace(drag.id, ring, angle);
  }

  tap(event) {
    const button = event.target.closest(".app-nw-map__person");
    if (!button) return;
    if (this.suppressClick === button.dataset.member) {
      this.suppressClick = null;
      return;
    }
    this.suppressClick = null;
    this.onSelect(button.dataset.member);
  }

  focus(id) {
    const button = this.buttons.get(id);
    if (button) button.focus({ preventScroll: true });
  }

  destroy() {
    cancelAnimationFrame(this.frame);
    this.resizing.disconnect();
    for (const [type, listener] of Object.entries(this.listeners)) this.people.removeEventListener(type, listener);
  }
}
