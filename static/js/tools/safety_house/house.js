// The Safety House, the child's views: the house with its zones and the people in them, someone new
// by name with a sticker, and drawing over the house.
//
// Main decision: people are real <button>s in the zones of our own drawing (CSS shapes, no one
// else's artwork). A finger drags a person to a zone; a tap picks them and three big buttons ("Put
// in the house", "In the garden", "Outside the red line") do the same for a child who cannot drag
// (WCAG 2.2 SC 2.5.7). While dragging, only a copy of the person under the finger moves (a fixed
// "ghost", positioned through the CSSOM as the network's map does: no style attribute, strict CSP);
// the zone is found from where the finger is lifted. `screen` is the SafetyHouse of screen.js
// (content, draft, artwork, canvas, selected, cleanups, by(), carried(), changed(), show(view),
// childBar(prompt)).

import { element } from "../../tablet/dom.js";
import { _ } from "../../tablet/i18n.js";
import { pictureButton } from "../../tablet/child-ui.js";
import { InkCanvas } from "../../ink/canvas.js";
import { InkToolbar, STAMP_NAMES } from "../../ink/toolbar.js";
import { MEDIA_TYPE, decode, encode } from "../../ink/codec.js";
import { setPart } from "../screen.js";
import { ID_PATTERN, INK_PART, LIMITS, OUTLINE, PERSON_STICKERS, ZONE_SYMBOLS, nextId, placeLabels, stickerURL, zoneNames } from "./model.js";

const DRAG_START_PX = 8; // under this a press is a tap, not a drag
const CARRIED = "carried:";

// --- placing people -------------------------------------------------------------------------------

// Put the person `key` (a person's id, or "carried:<id>" for someone carried who is not in yet) in `zone`.
export function place(screen, key, zone) {
  const { people } = screen.content;
  let person;
  if (key.startsWith(CARRIED)) {
    const known = screen.carried().find((candidate) => `${CARRIED}${candidate.id}` === key);
    if (!known || people.length >= LIMITS.people_max) return null;
    person = {
      id: nextId(people, "p"), name: known.name, zone, only_with_safe_adult: false,
      sticker: PERSON_STICKERS.includes(known.sticker) ? known.sticker : null,
      network: ID_PATTERN.test(String(known.id)) ? known.id : null,
      by: screen.by(), share: "ask", at: new Date().toISOString(),
    };
    people.push(person);
  } else {
    person = people.find((candidate) => candidate.id === key);
    if (!person) return null;
    person.zone = zone;
    if (zone !== "outside") person.only_with_safe_adult = false;
  }
  screen.selected = person.id;
  screen.changed();
  return person;
}

function takeOut(screen, id) {
  const index = screen.content.people.findIndex((person) => person.id === id);
  if (index >= 0) screen.content.people.splice(index, 1);
  screen.selected = null;
  screen.changed();
}

function personButton(screen, key, { name, sticker, zone = null, guarded = false }) {
  const button = element("button", { type: "button", class: `app-sh__person${zone ? ` app-sh__person--${zone}` : ""}`,
    "data-person": key, "aria-pressed": String(screen.selected === key) });
  button.append(element("img", { src: stickerURL(sticker || "person-adult"), alt: "", class: "app-sh__person-picture",
    draggable: "false" }));
  button.append(element("span", { class: "app-sh__person-name" }, name));
  if (zone) button.append(element("span", { class: "govuk-visually-hidden" }, `, ${zoneNames()[zone]}`));
  if (guarded) {
    button.append(element("span", { class: "app-sh__guarded" }, _("only with a safe grown-up")));
  }
  return button;
}

// Drags on `area`: a person pressed and moved is dragged; lifted over a zone, they are put there.
function dragPeople(screen, area, zones) {
  let drag = null;
  let suppress = null;
  const press = (event) => {
    const button = event.target.closest(".app-sh__person");
    if (!button || drag || (event.pointerType === "mouse" && event.button !== 0)) return;
    drag = { key: button.dataset.person, button, pointerId: event.pointerId, x: event.clientX, y: event.clientY,
      box: button.getBoundingClientRect(), ghost: null };
    button.setPointerCapture(event.pointerId);
  };
  const move = (event) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.ghost && Math.hypot(dx, dy) < DRAG_START_PX) return;
    if (!drag.ghost) {
      drag.ghost = drag.button.cloneNode(true);
      drag.ghost.className = "app-sh__person app-sh__ghost";
      drag.ghost.setAttribute("aria-hidden", "true");
      drag.ghost.removeAttribute("data-person");
      drag.button.classList.add("app-sh__person--dragging");
      area.append(drag.ghost);
    }
    drag.ghost.style.left = `${drag.box.left + dx}px`;
    drag.ghost.style.top = `${drag.box.top + dy}px`;
    for (const zone of zones) zone.classList.toggle("app-sh__zone--over", inside(zone, event.clientX, event.clientY));
  };
  const release = (event, drop) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const { ghost, key } = drag;
    drag = null;
    if (!ghost) return;
    suppress = key;
    ghost.remove();
    const zone = drop && zones.find((candidate) => inside(candidate, event.clientX, event.clientY));
    if (zone && place(screen, key, zone.dataset.zone)) screen.selected = null; // dropped: nothing left to choose
    screen.show({ name: "house" });
  };
  const click = (event) => {
    const button = event.target.closest(".app-sh__person");
    if (!button) return;
    if (suppress === button.dataset.person) {
      suppress = null;
      return;
    }
    suppress = null;
    screen.selected = screen.selected === button.dataset.person ? null : button.dataset.person;
    screen.show({ name: "house" });
  };
  const listeners = { pointerdown: press, pointermove: move, pointerup: (event) => release(event, true),
    pointercancel: (event) => release(event, false), click };
  for (const [type, listener] of Object.entries(listeners)) area.addEventListener(type, listener);
  screen.cleanups.push(() => {
    for (const [type, listener] of Object.entries(listeners)) area.removeEventListener(type, listener);
  });
}

function inside(zone, x, y) {
  const box = zone.getBoundingClientRect();
  return x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
}

// --- child: the house ---

export function houseView(body, screen) {
  const { content } = screen;
  const names = zoneNames();
  body.append(element("h2", { class: "govuk-visually-hidden" }, _("Safety House")));
  body.append(screen.childBar(_("Who do you want in your house to keep you safe? Who can visit? Who should stay outside the red line?"),
    { home: false }));
  const layout = element("div", { class: "app-sh__layout" });
  const scene = element("div", { class: "app-sh__scene" });
  const safe = element("div", { class: "app-sh__safe" });
  const roof = element("button", { type: "button", class: "app-sh__roof" });
  roof.append(element("span", { class: "app-sh__roof-label" }, _("The rules")));
  const roofStickers = element("span", { class: "app-sh__roof-stickers", "aria-hidden": "true" });
  for (const rule of content.rules.slice(0, 5)) {
    if (rule.sticker) roofStickers.append(element("img", { src: stickerURL(rule.sticker), alt: "", class: "app-sh__roof-sticker" }));
  }
  roof.append(roofStickers, element("span", { class: "app-sh__roof-count" }, String(content.rules.length)));
  roof.addEventListener("click", () => screen.show({ name: "rules-child" }));
  const zone = (key) => {
    const area = element("div", { class: `app-sh__zone app-sh__zone--${key}`, "data-zone": key, role: "group", "aria-label": names[key] });
    area.append(element("span", { class: "app-sh__zone-label", "aria-hidden": "true" }, names[key]));
    const list = element("div", { class: "app-sh__people" });
    for (const person of content.people.filter((candidate) => candidate.zone === key)) {
      list.append(personButton(screen, person.id, { name: person.name, sticker: person.sticker, zone: key,
        guarded: key === "outside" && person.only_with_safe_adult }));
    }
    area.append(list);
    return area;
  };
  const inHouse = zone("inside");
  inHouse.append(element("span", { class: "app-sh__door", "aria-hidden": "true" }));
  const garden = zone("garden");
  garden.prepend(element("span", { class: "app-sh__garden-path", "aria-hidden": "true" }));
  safe.append(roof, inHouse, garden);
  const outside = zone("outside");
  scene.append(safe, outside);

  const side = element("div", { class: "app-sh__side" });
  const tools = element("div", { class: "app-sh__tools" });
  tools.append(pictureButton({ picture: "rename", label: _("Someone new"), symbol: "person", onPress: () => screen.show({ name: "add" }) }));
  tools.append(pictureButton({ picture: "words", label: _("Rules"), symbol: "rules", onPress: () => screen.show({ name: "rules-child" }) }));
  tools.append(pictureButton({ image: stickerURL("door"), label: _("The path"), symbol: "path", onPress: () => screen.show({ name: "path" }) }));
  tools.append(pictureButton({ picture: "pen", label: _("Draw"), symbol: "draw", onPress: () => screen.show({ name: "draw" }) }));
  side.append(tools);
  side.append(screen.selected && !screen.selected.startsWith(CARRIED)
    ? selectedPanel(screen) : trayPanel(screen));
  layout.append(scene, side);
  body.append(layout);
  dragPeople(screen, layout, [inHouse, garden, outside]);
}

// The people carried for the child who are not in the house yet, to drag in or to pick.
function trayPanel(screen) {
  const panel = element("div", { class: "app-sh__panel" });
  const placed = new Set(screen.content.people.map((person) => person.network).filter(Boolean));
  const waiting = screen.carried().filter((person) => !placed.has(person.id));
  const picked = waiting.find((person) => `${CARRIED}${person.id}` === screen.selected);
  if (picked) {
    panel.append(element("p", { class: "app-sh__panel-title" }, picked.name));
    panel.append(zoneButtons(screen, screen.selected));
    return panel;
  }
  if (!waiting.length) return panel;
  panel.append(element("p", { class: "app-sh__panel-title" }, _("People you know")));
  const tray = element("div", { class: "app-sh__tray" });
  for (const person of waiting) {
    tray.append(personButton(screen, `${CARRIED}${person.id}`, { name: person.name, sticker: person.sticker }));
  }
  panel.append(tray);
  return panel;
}

function zoneButtons(screen, key) {
  const group = element("div", { class: "app-sh__place" });
  const labels = placeLabels();
  const current = screen.content.people.find((person) => person.id === key)?.zone;
  for (const zone of LIMITS.zones) {
    group.append(pictureButton({ image: stickerURL({ inside: "house", garden: "park", outside: "storm" }[zone]), label: labels[zone],
      symbol: ZONE_SYMBOLS[zone], className: `app-sh__place-button app-sh__place-button--${zone}`, pressed: current === zone,
      onPress: () => {
        place(screen, key, zone);
        screen.show({ name: "house" });
      } }));
  }
  group.append(pictureButton({ picture: "done", label: _("Done"), className: "app-child-button--go", symbol: "finished",
    onPress: () => {
      screen.selected = null;
      screen.show({ name: "house" });
    } }));
  return group;
}

// One person picked: where to put them, and (outside) whether they may come in with a safe grown-up.
function selectedPanel(screen) {
  const person = screen.content.people.find((candidate) => candidate.id === screen.selected);
  const panel = element("div", { class: "app-sh__panel" });
  if (!person) {
    screen.selected = null;
    return trayPanel(screen);
  }
  panel.append(element("p", { class: "app-sh__panel-title" }, person.name));
  const buttons = zoneButtons(screen, person.id);
  if (person.zone === "outside") {
    buttons.append(pictureButton({ image: stickerURL("family"), label: _("Only with a safe grown-up"), symbol: "grown-up",
      pressed: person.only_with_safe_adult, onPress: () => {
        person.only_with_safe_adult = !person.only_with_safe_adult;
        screen.changed();
        screen.show({ name: "house" });
      } }));
  }
  buttons.append(pictureButton({ picture: "back", label: _("Take them out"), onPress: () => {
    takeOut(screen, person.id);
    screen.show({ name: "house" });
  } }));
  panel.append(buttons);
  return panel;
}

// --- child: someone new, by name, with a face or figure sticker ---

export function addView(body, screen, view) {
  const entry = view.entry || (view.entry = { name: "", sticker: "person-adult" });
  body.append(element("h2", { class: "govuk-visually-hidden" }, _("Someone new")));
  body.append(screen.childBar(_("Who else? Write their name, choose a picture, then choose where they go."), { symbol: "person" }));
  const panel = element("div", { class: "app-sh__add" });
  const id = "sh-new-name";
  const label = element("label", { class: "app-sh__write-label", for: id }, _("Their name"));
  const input = element("input", { class: "app-sh__write app-sh__write--name", id, type: "text", maxlength: String(LIMITS.name_max),
    autocomplete: "off", spellcheck: "false", lang: document.documentElement.lang || "en" });
  input.value = entry.name;
  const stickers = element("div", { class: "app-sh__stickers", role: "group", "aria-label": _("Choose a picture for them") });
  const names = STAMP_NAMES();
  for (const sticker of PERSON_STICKERS) {
    stickers.append(pictureButton({ image: stickerURL(sticker), label: names[sticker] || sticker, hideLabel: true,
      pressed: entry.sticker === sticker, className: "app-sh__sticker", onPress: () => {
        entry.sticker = sticker;
        for (const button of stickers.children) button.setAttribute("aria-pressed", String(button === stickers.children[PERSON_STICKERS.indexOf(sticker)]));
      } }));
  }
  const places = element("div", { class: "app-sh__place app-sh__place--row" });
  const labels = placeLabels();
  const full = screen.content.people.length >= LIMITS.people_max;
  const buttons = LIMITS.zones.map((zone) => pictureButton({ image: stickerURL({ inside: "house", garden: "park", outside: "storm" }[zone]),
    label: labels[zone], symbol: ZONE_SYMBOLS[zone], className: `app-sh__place-button app-sh__place-button--${zone}`, onPress: () => {
      if (!entry.name.trim() || full) return;
      const { people } = screen.content;
      people.push({ id: nextId(people, "p"), name: entry.name, zone, only_with_safe_adult: false, sticker: entry.sticker,
        network: null, by: screen.by(), share: "ask", at: new Date().toISOString() });
      screen.selected = null;
      screen.changed();
      screen.show({ name: "house" });
    } }));
  const ready = () => {
    for (const button of buttons) button.disabled = !entry.name.trim() || full;
  };
  input.addEventListener("input", () => {
    entry.name = input.value.replace(/[\r\n]/g, " ");
    ready();
  });
  ready();
  places.append(...buttons);
  panel.append(label, input, stickers, places);
  body.append(panel);
}

// --- child: drawing over the house (one ink part, docs/ink.md) ---

function inkOps(draft) {
  const part = draft.content.ink && draft.parts.find((candidate) => candidate.name === draft.content.ink);
  return part ? decode(part.bytes) : [];
}

export function drawView(body, screen) {
  body.append(element("h2", { class: "govuk-visually-hidden" }, _("Draw on your house")));
  body.append(screen.childBar(_("Draw anything you like on your house: the people, the rules, the red line."), { symbol: "draw" }));
  const stage = element("div", { class: "app-th__stage app-sh__stage" });
  const surface = element("div", { class: "app-th__surface app-sh__surface" });
  screen.canvas = new InkCanvas(surface, {
    artwork: screen.artwork, outline: OUTLINE, ops: inkOps(screen.draft), label: _("Drawing on the Safety House"),
    onChange: (ops) => {
      screen.content.ink = ops.length ? INK_PART : null;
      setPart(screen.draft, INK_PART, MEDIA_TYPE, ops.length ? encode(ops) : null);
      toolbar.refresh();
      screen.changed();
    },
  });
  const toolbar = new InkToolbar(screen.canvas, screen.artwork);
  stage.append(toolbar.colours, surface, toolbar.tools, toolbar.stampTray);
  body.append(stage);
}
