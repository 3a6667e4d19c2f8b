// The Safety House's safety path, 0 to 10 up to the door: the child moves a figure along it (by
// dragging it, by tapping a step, or with − and +), with scaling faces for younger children, and says
// why they are there; the worker writes down, verbatim, why and what would make it one step closer,
// and records other people's numbers (the worker's, a parent's, someone in the network's) apart.
//
// Main decision: numbers are never averaged or merged: each is one entry of `path`, labelled whose it
// is, and the child's own is at most one. The figure stands on a step button, so a tap, a switch or a
// keyboard does what a drag does. `screen` is the SafetyHouse of screen.js.

import { element } from "../../tablet/dom.js";
import { _, formatTime } from "../../tablet/i18n.js";
import { pictureButton } from "../../tablet/child-ui.js";
import { sameControl } from "../../tablet/focus.js";
import { button, checkbox, radios, textField } from "../forms.js";
import { describeWish, wishControl } from "../sharing.js";
import { LIMITS, childNumber, stickerURL, whoseNames } from "./model.js";

const [LOWEST, HIGHEST] = LIMITS.path;
const STEPS = Array.from({ length: HIGHEST - LOWEST + 1 }, (_step, index) => LOWEST + index);
// The scaling faces under the path, for younger children: far from safe to safe.
const FACES = { [LOWEST]: "face-scared", [Math.round(LOWEST + (HIGHEST - LOWEST) * 0.3)]: "face-worried",
  [Math.round(LOWEST + (HIGHEST - LOWEST) * 0.7)]: "face-calm", [HIGHEST]: "face-happy" };

function newNumber(who, number, name = "") {
  return { who, name, number, why: "", closer: "", share: "ask", at: new Date().toISOString() };
}

// The child's own number set to `number` (made the first time).
function setChildNumber(screen, number) {
  const value = Math.min(HIGHEST, Math.max(LOWEST, number));
  let mine = childNumber(screen.content);
  if (!mine) {
    if (screen.content.path.length >= LIMITS.numbers_max) return;
    mine = newNumber("child", value);
    screen.content.path.push(mine);
  }
  mine.number = value;
  mine.at = new Date().toISOString();
  screen.changed();
}

// --- child: the path to the door ---

export function childPathView(body, screen) {
  const mine = childNumber(screen.content);
  body.append(element("h2", { class: "govuk-visually-hidden" }, _("The safety path")));
  body.append(screen.childBar(_("How close are you to feeling safe? Move yourself along the path. The door is being really safe."),
    { symbol: "path" }));
  const panel = element("div", { class: "app-sh__path-panel" });
  const path = element("div", { class: "app-sh__path", role: "group", "aria-label": _("The safety path") });
  const start = element("span", { class: "app-sh__start" });
  const figure = element("img", { src: stickerURL("person-child"), alt: "", class: "app-sh__figure", draggable: "false" });
  const stones = STEPS.map((step) => {
    const stone = element("button", { type: "button", class: `app-sh__stone app-sh__stone--${step}`, "data-step": String(step),
      "aria-pressed": String(mine?.number === step) });
    stone.append(element("span", { class: "app-sh__stone-number" }, String(step)));
    if (step === HIGHEST) stone.append(element("img", { src: stickerURL("door"), alt: "", class: "app-sh__path-door" }));
    if (screen.content.faces && FACES[step]) {
      stone.append(element("img", { src: stickerURL(FACES[step]), alt: "", class: "app-sh__face" }));
    }
    stone.addEventListener("click", () => {
      if (screen.dragged) return;
      setChildNumber(screen, step);
      screen.show({ name: "path" }, sameControl(stone));
    });
    path.append(stone);
    return stone;
  });
  (mine ? stones[mine.number - LOWEST] : start).append(figure);
  dragFigure(screen, panel, figure, stones);

  const steps = element("div", { class: "app-sh__steps" });
  steps.append(pictureButton({ picture: "back", label: _("Further away"), className: "app-sh__step-button",
    onPress: (event) => {
      if (mine && mine.number > LOWEST) setChildNumber(screen, mine.number - 1);
      screen.show({ name: "path" }, sameControl(event.currentTarget));
    } }));
  steps.append(start, element("p", { class: "app-sh__number", "aria-live": "polite" }, mine ? String(mine.number) : "?"));
  steps.append(pictureButton({ picture: "play", label: _("Closer to the door"), className: "app-sh__step-button", symbol: "door",
    onPress: (event) => {
      setChildNumber(screen, mine ? mine.number + 1 : LOWEST);
      screen.show({ name: "path" }, sameControl(event.currentTarget));
    } }));
  steps.lastChild.disabled = Boolean(mine && mine.number >= HIGHEST);
  steps.firstChild.disabled = !mine || mine.number <= LOWEST;
  panel.append(path, steps);

  if (mine) {
    const id = "sh-why";
    const label = element("label", { class: "app-sh__write-label", for: id }, _("Why are you there? (you can leave it)"));
    const box = element("textarea", { class: "app-sh__write", id, rows: "2", maxlength: String(LIMITS.why_max), autocomplete: "off",
      spellcheck: "false", lang: document.documentElement.lang || "en" });
    box.value = mine.why;
    box.addEventListener("input", () => {
      mine.why = box.value;
      screen.changed();
    });
    panel.append(label, box);
  }
  body.append(panel);
}

// The figure dragged along the path: the step nearest the finger lights up, and is chosen on lifting.
function dragFigure(screen, host, figure, stones) {
  let drag = null;
  const nearest = (x) => {
    let best = null;
    for (const stone of stones) {
      const box = stone.getBoundingClientRect();
      const distance = Math.abs(box.left + box.width / 2 - x);
      if (!best || distance < best.distance) best = { stone, distance };
    }
    return best.stone;
  };
  const press = (event) => {
    if (event.target !== figure || drag) return;
    event.preventDefault();
    drag = { pointerId: event.pointerId, x: event.clientX, moved: false };
    host.setPointerCapture(event.pointerId);
  };
  const move = (event) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    if (!drag.moved && Math.abs(event.clientX - drag.x) < 8) return;
    drag.moved = true;
    figure.classList.add("app-sh__figure--dragging");
    const stone = nearest(event.clientX);
    if (figure.parentElement !== stone) stone.append(figure);
    for (const each of stones) each.classList.toggle("app-sh__stone--over", each === stone);
  };
  const release = (event, drop) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const moved = drag.moved;
    drag = null;
    if (!moved) return;
    screen.dragged = true; // the click that follows the lift is not a tap on a step
    setTimeout(() => {
      screen.dragged = false;
    }, 0);
    if (drop) setChildNumber(screen, Number(nearest(event.clientX).dataset.step));
    screen.show({ name: "path" });
  };
  const listeners = { pointerdown: press, pointermove: move, pointerup: (event) => release(event, true),
    pointercancel: (event) => release(event, false) };
  for (const [type, listener] of Object.entries(listeners)) host.addEventListener(type, listener);
  screen.cleanups.push(() => {
    for (const [type, listener] of Object.entries(listeners)) host.removeEventListener(type, listener);
  });
}

// --- worker: every number on the path, whose it is, why, and what would make it one step closer ---

function numberOptions() {
  return STEPS.map((step) => ({ value: step, label: String(step) }));
}

function numberEntry(screen, number, index) {
  const whose = whoseNames();
  const item = element("li", { class: "app-sh__note" });
  const title = number.who === "child" ? _("The child's own number: %(number)s", { number: number.number })
    : _("%(whose)s%(name)s: %(number)s", { whose: whose[number.who], name: number.name.trim() ? ` (${number.name})` : "", number: number.number });
  item.append(element("h3", { class: "govuk-heading-s" }, title));
  if (number.who === "child") {
    item.append(radios({ legend: _("The child's number"), name: "sh-child-number", value: number.number, inline: true,
      options: numberOptions(), onChange: (value) => {
        number.number = value;
        number.at = new Date().toISOString();
        screen.changed();
      } }));
  }
  item.append(textField({ label: number.who === "child" ? _("Why there, in the child's words") : _("Why there, in their words"),
    multiline: true, rows: 2, maxlength: LIMITS.why_max, value: number.why,
    onInput: (value) => { number.why = value; screen.changed(); } }));
  item.append(textField({ label: _("What would make it one step closer?"), hint: _("Write down the answer exactly as it was said."),
    multiline: true, rows: 2, maxlength: LIMITS.why_max, value: number.closer,
    onInput: (value) => { number.closer = value; screen.changed(); } }));
  const meta = element("p", { class: "govuk-body-s" });
  const about = () => `${formatTime(number.at)} · ${_("May see it")}: ${describeWish(number.share)}`;
  meta.textContent = about();
  item.append(meta);
  item.append(wishControl({ legend: _("Who may see this number?"), wish: number.share, onChange: (wish) => {
    number.share = wish;
    meta.textContent = about();
    screen.changed();
  } }));
  item.append(button(_("Remove this number (entered by mistake)"), () => {
    screen.content.path.splice(index, 1);
    screen.changed();
    screen.show(screen.view);
  }, "govuk-button--warning"));
  return item;
}

export function numbersView(body, screen) {
  const { content } = screen;
  body.append(element("h2", { class: "govuk-heading-m" }, _("The safety path")));
  body.append(element("p", { class: "govuk-body" },
    _("0 is far from safe, 10 is at the door. Each person's number is kept apart and never averaged.")));
  const faces = element("div", { class: "govuk-checkboxes govuk-checkboxes--small govuk-form-group" });
  faces.append(checkbox({ id: "sh-faces", label: _("Show faces on the path (for younger children)"), checked: content.faces,
    onChange: (ticked) => { content.faces = ticked; screen.changed(); } }));
  body.append(faces);
  body.append(button(_("Show the child the path"), () => screen.show({ name: "path" })));
  const list = element("ul", { class: "govuk-list app-sh__notes" });
  content.path.forEach((number, index) => list.append(numberEntry(screen, number, index)));
  if (!childNumber(content)) {
    body.append(element("p", { class: "govuk-body" }, _("The child has not chosen a number yet.")));
  }
  body.append(list);
  if (content.path.length >= LIMITS.numbers_max) return;
  const entry = screen.view.entry || (screen.view.entry = { who: childNumber(content) ? "parent" : "child", name: "", number: null,
    why: "", closer: "" });
  const add = element("div", { class: "app-sh__add-number" });
  add.append(element("h3", { class: "govuk-heading-s" }, _("Add a number")));
  const whose = whoseNames();
  const choices = LIMITS.whose.filter((who) => who !== "child" || !childNumber(content));
  add.append(radios({ legend: _("Whose number is it?"), name: "sh-whose", value: entry.who,
    options: choices.map((who) => ({ value: who, label: whose[who] })), onChange: (value) => { entry.who = value; } }));
  add.append(textField({ label: _("Their name (not needed for the child)"), maxlength: LIMITS.person_text_max, value: entry.name,
    width: "govuk-input--width-20", onInput: (value) => { entry.name = value; } }));
  add.append(radios({ legend: _("Their number"), name: "sh-new-number", value: entry.number, inline: true, options: numberOptions(),
    onChange: (value) => { entry.number = value; } }));
  add.append(textField({ label: _("Why there, in their words"), multiline: true, rows: 2, maxlength: LIMITS.why_max, value: entry.why,
    onInput: (value) => { entry.why = value; } }));
  add.append(textField({ label: _("What would make it one step closer?"), multiline: true, rows: 2, maxlength: LIMITS.why_max,
    value: entry.closer, onInput: (value) => { entry.closer = value; } }));
  const message = element("p", { class: "govuk-error-message", hidden: true }, _("Choose a number from %(lowest)s to %(highest)s", { lowest: LOWEST, highest: HIGHEST }));
  add.append(message);
  add.append(button(_("Add this number"), () => {
    if (entry.number === null) {
      message.hidden = false;
      return;
    }
    const number = newNumber(entry.who, entry.number, entry.who === "child" ? "" : entry.name);
    Object.assign(number, { why: entry.why, closer: entry.closer });
    content.path.push(number);
    screen.changed();
    screen.show({ name: "numbers" });
  }));
  body.append(add);
}
