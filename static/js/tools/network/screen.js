// The family and safety network: the circles of safety and support (the family in the centre, four
// rings, closest inside), each person's details for the safety plan, and the child's own view of
// them. The document is docs/network.md; the server merges the saved states per member and field.
//
// Main decision: every change to a person is written as a field stamped {value, at, by} (this
// tablet's clock and device id), never as a bare value, so two tablets' saves merge per field on the
// server. The map is made of real <button>s positioned over CSS circles: a finger drags a person to
// a ring, and the same move is always possible with "Closer", "Further away" and "Move round" (WCAG
// 2.2 SC 2.5.7, Dragging Movements). While dragging only the dragged button moves, by a transform set
// once per animation frame, so a map of 60 people stays smooth.

import { element } from "../../tablet/dom.js";
import { _, formatDay } from "../../tablet/i18n.js";
import { PauseCover, pictureButton, readAloudButton } from "../../tablet/child-ui.js";
import { STAMP_NAMES } from "../../ink/toolbar.js";
import { button, checkbox, dateInput, radios, textField } from "../forms.js";
import { screenHooks } from "../screen.js";
import { typeable } from "../checks.js";
import { LIMITS, PEOPLE_STAMPS, checkDate, model, networkContent, newMemberId, personWith, sameName, value } from "./model.js";

// What the meeting and the tests use from the network's rules, said once in model.js.
export { PEOPLE_STAMPS, checkDate, networkContent, personWith, sameName, value };

export const RINGS = LIMITS.rings[1];
export const MAX_MEMBERS = LIMITS.members_max;
const MAX_NAME = LIMITS.name_max;
const MAX_CONTACT = LIMITS.contact_max;
const MAX_ROLE = LIMITS.role_max;
const ANGLE_STEP = 30; // "Move round" moves a person a twelfth of the way round
const DRAG_START_PX = 6; // under this a press is a tap, not a drag
// The centre disc (the family) and the four rings share the map's radius: fractions of it.
const CENTRE = 0.2;
const BAND = (1 - CENTRE) / RINGS;
const VIEWS = LIMITS.child_views;
// The child's picture for each view: the feelings stamps the child already knows from drawing.
const VIEW_PICTURES = { helps: "face-happy", trusts: "face-calm", worries: "face-worried" };
const language = () => document.documentElement.lang || "en";

function viewNames() {
  return { helps: _("Helps me"), trusts: _("I trust them"), worries: _("Worries me") };
}

// --- the network's content ------------------------------------------------------------------------------




export function stamp(member, name, fieldValue, deviceId) {
  member.fields[name] = { value: fieldValue, at: new Date().toISOString(), by: deviceId };
}



// Where a person sits on the map, as fractions of the map (0…1 across and down).
export function spot(ring, angle) {
  const radius = (CENTRE + BAND * (ring - 0.5)) / 2;
  const turn = (angle * Math.PI) / 180;
  return { x: 0.5 + radius * Math.sin(turn), y: 0.5 - radius * Math.cos(turn) };
}

// The ring and angle for a point dropped at (x, y), fractions of the map: the ring from its distance
// from the centre (the family's own disc counts as the closest ring), the angle from its direction.
export function ringAndAngle(x, y) {
  const dx = x - 0.5;
  const dy = y - 0.5;
  const distance = Math.hypot(dx, dy) * 2;
  const ring = Math.min(RINGS, Math.max(1, Math.ceil((distance - CENTRE) / BAND)));
  const angle = Math.round(((Math.atan2(dx, -dy) * 180) / Math.PI + 360) % 360) % 360;
  return { ring, angle };
}

// Where a newly added person goes on their ring: the middle of the widest free stretch of it (the
// top when the ring is empty), so new people never start on top of one another.
export function freeAngle(members, ring) {
  const taken = [...new Set(members.filter((member) => value(member, "ring", RINGS) === ring)
    .map((member) => value(member, "angle", 0)))].sort((a, b) => a - b);
  if (!taken.length) return 0;
  let best = { gap: -1, angle: 0 };
  taken.forEach((angle, index) => {
    const next = index + 1 < taken.length ? taken[index + 1] : taken[0] + 360;
    if (next - angle > best.gap) best = { gap: next - angle, angle: Math.round(angle + (next - angle) / 2) % 360 };
  });
  return best.angle;
}

// --- where each person sits: spread out, never on top of one another ----------------------------------
// The same rule as the server's map (network_render.lay_out): each person at their ring and angle;
// where that spot is taken, round their ring to the nearest free spot a few degrees at a time either
// way, or to the inner or outer edge of their ring's band; only when their ring has no room left at
// all, in the next ring out that has some. People are placed by ring, angle and id, so the same
// people always give the same map.
const STEP_DEGREES = 3;
const EDGES = [0, -0.4, 0.4];
// A crowded map draws its people smaller (network.css), so that they still fit on their
// own rings: the first of these at which everyone does.
const CROWDED = ["", "app-nw-map--crowded", "app-nw-map--packed"];

const overlaps = (box, other, gap) => box[0] < other[2] + gap && other[0] < box[2] + gap
  && box[1] < other[3] + gap && other[1] < box[3] + gap;

// people: [{ ring, angle, key, width, height, across, above }] (the box in pixels, the spot `across`
// right of its left edge and `above` below its top); rings: { centre: [x, y], middle: [radius of each
// ring's middle], band }. Returns [{ x, y, box, ring }] in the order given; `ring` is the ring whose
// band they sit in, null when there was no room anywhere.
export function layOut(people, rings, obstacles = [], bounds = null, gap = 4) {
  const placed = [...obstacles];
  const spots = new Array(people.length);
  const full = new Set();
  const count = rings.middle.length;
  const spot = (person, ring, angle, edge) => {
    const radius = rings.middle[ring - 1] + edge * rings.band;
    const turn = (angle * Math.PI) / 180;
    const x = rings.centre[0] + radius * Math.sin(turn);
    const y = rings.centre[1] - radius * Math.cos(turn);
    const left = x - person.across;
    const top = y - person.above;
    return { x, y, box: [left, top, left + person.width, top + person.height], ring };
  };
  const inside = (box) => !bounds
    || (box[0] >= bounds[0] && box[1] >= bounds[1] && box[2] <= bounds[2] && box[3] <= bounds[3]);
  const freeSpot = (person, ring) => {
    const edges = ring < count ? EDGES : EDGES.slice(0, 2); // never further out than the outermost ring
    for (let step = 0; step <= Math.floor(180 / STEP_DEGREES); step += 1) {
      for (const turn of step === 0 ? [0] : [step, -step]) {
        for (const edge of edges) {
          const found = spot(person, ring, person.angle + turn * STEP_DEGREES, edge);
          if (inside(found.box) && !placed.some((box) => overlaps(found.box, box, gap))) return found;
        }
      }
    }
    return null;
  };
  const byKey = (a, b) => (a.key < b.key ? -1 : Number(a.key > b.key));
  const order = people.map((_person, index) => index)
    .sort((a, b) => people[a].ring - people[b].ring || people[a].angle - people[b].angle
      || byKey(people[a], people[b]));
  for (const index of order) {
    const person = people[index];
    let found = null;
    for (let ring = person.ring; ring <= count && !found; ring += 1) {
      const size = [ring, person.width, person.height, person.across, person.above].join(" ");
      if (full.has(size)) continue; // a box this size found no room on this ring already
      found = freeSpot(person, ring);
      if (!found) full.add(size);
    }
    if (!found) found = { ...spot(person, person.ring, person.angle, 0), ring: null }; // no room: where they were put
    placed.push(found.box);
    spots[index] = found;
  }
  return spots;
}

function describeRing(ring) {
  return ring === 1 ? _("closest to the family") : _("ring %(ring)s of %(rings)s", { ring, rings: RINGS });
}


// --- the map ------------------------------------------------------------------------------------------

// The circles: four CSS rings around the family, a <button> for each person. onSelect(id) on a tap;
// onPlace(id, ring, angle) when a person is dropped. `onTiming(milliseconds)` is opt-in
// instrumentation for tests/bench_network_map.py: the main-thread time of each drag frame (the
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

// --- GOV.UK form pieces ----------------------------------------------------------------------------


function yesNo({ legend, name, current, onChange, unknown = null }) {
  const options = [{ value: true, label: _("Yes") }, { value: false, label: _("No") }];
  if (unknown) options.push({ value: null, label: unknown });
  return radios({ legend, name, value: current, inline: true, options, onChange });
}

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

  show(view) {
    if (this.map) this.map.destroy();
    this.map = null;
    this.view = view;
    this.container.className = `app-nw app-nw--view-${view.name}`;
    const body = element("div", { class: "app-nw__view" });
    const views = {
      map: () => this.mapView(body),
      add: () => this.addView(body, view),
      member: () => this.memberView(body, view.id),
      child: () => this.childView(body),
    };
    views[view.name]();
    this.container.replaceChildren(this.navigation(), body);
    // On the page now: spread the people out at once (the map's ResizeObserver would only do it
    // before the next paint, after anything else already queued had seen them all at its corner).
    if (this.map) this.map.arrange();
    const heading = body.querySelector("h2, [data-autofocus]");
    if (heading && view.name !== "child") {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
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

  // --- worker: adding a person ---
  addView(body, view) {
    const entry = view.entry || { name: "", relation: "", stamp: "person-adult" };
    const errors = view.errors || {};
    body.append(element("h2", { class: "govuk-heading-m" }, _("Add a person to the network")));
    if (Object.keys(errors).length) {
      const summary = element("div", { class: "govuk-error-summary", "data-autofocus": "", role: "alert" });
      summary.append(element("h2", { class: "govuk-error-summary__title" }, _("There is a problem")));
      const list = element("ul", { class: "govuk-list govuk-error-summary__list" });
      for (const message of Object.values(errors)) list.append(element("li", {}, message));
      summary.append(list);
      body.append(summary);
    }
    if (this.content.members.length >= MAX_MEMBERS) {
      body.append(element("p", { class: "govuk-body" }, _("A network can have at most %(count)s people", { count: MAX_MEMBERS })));
      return;
    }
    body.append(textField({ label: _("Name"), hint: _("The name the family uses, for example Nain or Uncle Dave"),
      value: entry.name, maxlength: MAX_NAME, width: "govuk-input--width-20", error: errors.name,
      onInput: (text) => { entry.name = text; } }));
    body.append(textField({ label: _("How are they related to the child?"), hint: _("For example grandmother, neighbour, teacher"),
      value: entry.relation, maxlength: MAX_NAME, width: "govuk-input--width-20", error: errors.relation,
      onInput: (text) => { entry.relation = text; } }));
    const names = STAMP_NAMES();
    body.append(radios({ legend: _("Choose a picture for them"), name: "nw-stamp", value: entry.stamp,
      options: PEOPLE_STAMPS.map((id) => ({ value: id, label: names[id] })),
      onChange: (choice) => { entry.stamp = choice; } }));
    body.querySelectorAll("input[name=nw-stamp]").forEach((input) => {
      input.closest(".govuk-radios__item").querySelector("label")
        .prepend(element("img", { src: `/static/ink/stamps/${input.value}.png`, alt: "", class: "app-nw__stamp-choice" }));
    });
    body.lastChild.classList.add("app-nw__stamps");
    body.append(button(_("Add to the network"), () => this.addPerson(entry), ""));
  }

  addPerson(entry) {
    const name = entry.name.trim();
    const errors = {};
    if (!name) errors.name = _("Enter the person's name");
    else if (this.content.members.some((member) => sameName(value(member, "name")) === sameName(name))) {
      errors.name = _("%(name)s is already in the network: give each person a different name, for example add a surname", { name });
    } else if (!typeable(name, true)) errors.name = _("Remove special characters that cannot be typed, such as control codes");
    const someone = _("this person");
    if (!entry.relation.trim()) errors.relation = _("Say how %(name)s is related to the child", { name: name || someone });
    if (Object.keys(errors).length) {
      this.show({ name: "add", entry, errors });
      return;
    }
    const member = { id: newMemberId(), fields: {} };
    const ring = RINGS;
    for (const [field, fieldValue] of [["name", name], ["relation", entry.relation.trim()], ["stamp", entry.stamp],
      ["ring", ring], ["angle", freeAngle(this.content.members, ring)]]) {
      stamp(member, field, fieldValue, this.deviceId);
    }
    this.content.members.push(member);
    this.selected = member.id;
    this.save();
    this.show({ name: "map" });
  }

  // --- worker: one person's details ---
  memberView(body, id) {
    const member = this.member(id);
    if (!member) return this.mapView(body);
    const name = value(member, "name");
    const error = this.view.errors || {};
    body.append(element("h2", { class: "govuk-heading-m" }, _("Details of %(name)s", { name })));
    const text = (label, field, maxlength, options = {}) => textField({ label, value: value(member, field, "") || "",
      maxlength, ...options, error: error[field], onInput: (typed) => this.set(member, field, typed) });
    body.append(text(_("Name"), "name", MAX_NAME, { width: "govuk-input--width-20" }));
    body.append(text(_("How are they related to the child?"), "relation", MAX_NAME, { width: "govuk-input--width-20" }));
    body.append(text(_("Contact details"), "contact", MAX_CONTACT, { multiline: true, hint: _("Phone, address or how to reach them") }));
    body.append(text(_("Their role in the safety plan"), "role", MAX_ROLE, { multiline: true,
      hint: _("What they will do to keep the child safe") }));
    // GOV.UK radios start with nothing chosen: a question nobody answered is not a "No" (the field
    // stays absent until someone answers, and the pages say "Not asked yet").
    const yes = (legend, field, unknown = null) => yesNo({ legend, name: `nw-${field}`, unknown,
      current: value(member, field, unknown ? null : undefined),
      onChange: (choice) => this.set(member, field, choice) });
    body.append(yes(_("Are they a parent of the child?"), "parent"));
    body.append(yes(_("Do they have parental responsibility?"), "parental_responsibility"));
    body.append(this.informedField(member));
    body.append(yes(_("Are they willing to be part of the safety network?"), "willing", _("Not asked yet")));
    body.append(yes(_("Are they clear what to do?"), "clear", _("Not known yet")));
    const views = value(member, "child_view", []);
    body.append(element("p", { class: "govuk-body" }, `${_("The child's view")}: ${views.length
      ? views.map((view) => viewNames()[view]).join(", ") : _("not given")}`));
    const group = element("div", { class: "govuk-button-group" });
    group.append(button(_("Back to the circles"), () => {
      this.selected = member.id;
      this.show({ name: "map" });
    }, ""));
    group.append(button(_("Remove %(name)s from the network", { name }), () => this.removePerson(member), "govuk-button--warning"));
    body.append(group);
  }

  // GOV.UK date input (https://design-system.service.gov.uk/components/date-input/): the day the
  // person was told the danger statement and the worries. Only a real, past date is kept.
  informedField(member) {
    return dateInput({ id: `nw-informed-${member.id}`, current: value(member, "informed"), check: checkDate,
      legend: _("When were they told the danger statement and the worries?"),
      hint: _("Leave empty if they have not been told yet. For example, 27 3 2026"),
      onChange: (result) => {
        if (!result.error && result.date !== value(member, "informed")) this.set(member, "informed", result.date);
      } });
  }

  removePerson(member) {
    this.content.members = this.content.members.filter((candidate) => candidate !== member);
    this.content.removed.push({ id: member.id, at: new Date().toISOString(), by: this.deviceId });
    this.selected = null;
    this.save();
    this.show({ name: "map" });
  }

  // --- child: the same circles, big pictures, marking who helps, who they trust, who worries them ---
  childView(body) {
    body.append(element("h2", { class: "govuk-visually-hidden" }, _("The people around you")));
    const bar = element("div", { class: "app-nw__bar" });
    const prompt = element("p", { class: "app-nw__prompt app-read-aloud", tabindex: "-1", lang: language() },
      _("Who is close to you? Touch a person, then show who helps you, who you trust and who worries you."));
    bar.append(readAloudButton({ text: () => prompt.textContent, language: language(), fallback: prompt }), prompt);
    bar.append(pictureButton({ picture: "pause", label: _("Pause"), className: "app-child-button--pause",
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
          className: `app-nw__mark app-nw__mark--${view}`,
          onPress: () => {
            const now = value(selected, "child_view", []);
            const next = now.includes(view) ? now.filter((chosen) => chosen !== view) : VIEWS.filter((each) => each === view || now.includes(each));
            this.set(selected, "child_view", next);
            this.show({ name: "child" });
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
