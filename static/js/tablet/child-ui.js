// The pieces every child-facing screen is built from: big picture buttons, hold-to-confirm, read
// aloud, and the pause cover.
//
// Main decision: children's controls are real <button>s (keyboard and switch access come free),
// at least 64 CSS px (child.css), with a picture AND a short label, and nothing ever tells a child
// they got something wrong: a control that does nothing yet is simply not pressable.

import { element, icon } from "./dom.js";
import { _, translatorFor } from "./i18n.js";
import { speak, stopSpeaking } from "./speech.js";

// `picture` names an icon in static/icons/child/; `image` is any other picture's URL (a stamp);
// `symbol` the symbol shown beside the words in symbol mode (static/js/tablet/symbol-mode.js).
export function pictureButton({ picture, image, label, onPress, className = "", pressed = null, hideLabel = false, symbol = null }) {
  const button = element("button", { type: "button", class: `app-child-button ${className}`.trim(), "data-symbol": symbol });
  if (picture) button.append(icon(picture, "app-child-button__picture"));
  if (image) button.append(element("img", { src: image, alt: "", class: "app-child-button__picture", "aria-hidden": "true" }));
  const text = element("span", { class: hideLabel ? "govuk-visually-hidden" : "app-child-button__label" }, label);
  button.append(text);
  if (pressed !== null) button.setAttribute("aria-pressed", String(pressed));
  if (onPress) button.addEventListener("click", (event) => onPress(event));
  return button;
}

// A button that acts only when held (pointer, or Enter/Space kept down) for `holdMs`: a child
// cannot wipe a drawing with a stray tap. The ring fills while held; letting go early does nothing.
export function holdButton({ picture, label, holdMs = 1200, onConfirm }) {
  const button = pictureButton({ picture, label, className: "app-child-button--hold" });
  button.append(element("span", { class: "govuk-visually-hidden" }, ` (${_("hold to use")})`));
  const ring = element("span", { class: "app-hold-ring", "aria-hidden": "true" });
  button.append(ring);
  let timer = null;
  let started = 0;
  let frame = null;
  const progress = () => {
    ring.style.setProperty("--held", String(Math.min(1, (performance.now() - started) / holdMs)));
    frame = requestAnimationFrame(progress);
  };
  const start = (event) => {
    if (timer) return;
    if (event.type === "keydown" && event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    started = performance.now();
    button.classList.add("app-child-button--holding");
    frame = requestAnimationFrame(progress);
    timer = setTimeout(() => {
      stop();
      onConfirm();
    }, holdMs);
  };
  const stop = () => {
    clearTimeout(timer);
    cancelAnimationFrame(frame);
    timer = null;
    ring.style.setProperty("--held", "0");
    button.classList.remove("app-child-button--holding");
  };
  button.addEventListener("pointerdown", start);
  button.addEventListener("keydown", start);
  for (const type of ["pointerup", "pointercancel", "pointerleave", "keyup", "blur"]) button.addEventListener(type, stop);
  // A click alone (a tap, or a switch that only clicks) is not a hold.
  button.addEventListener("click", (event) => event.preventDefault());
  button.addEventListener("contextmenu", (event) => event.preventDefault());
  return button;
}

// A speaker button that reads `text()` aloud. With no voice for the language, the words are shown
// large in `fallback` so the worker can read them out; they are on screen for the worker anyway.
export function readAloudButton({ text, language, fallback, label = _("Listen") }) {
  return pictureButton({
    picture: "speaker", label, className: "app-child-button--speaker",
    onPress: async () => {
      const spoken = await speak(text(), language);
      fallback.classList.toggle("app-read-aloud--fallback", !spoken);
      if (!spoken) fallback.focus();
    },
  });
}

// The pause cover: one press hides everything on screen at once (a child who is upset, a parent
// walking in) and one press brings it back exactly as it was. Nothing is lost or saved differently.
export class PauseCover {
  constructor(onChange = () => {}) {
    this.onChange = onChange;
    this.cover = element("div", { class: "app-pause-cover", hidden: true, role: "dialog", "aria-modal": "true",
      "aria-label": _("Paused") });
    this.resume = pictureButton({ picture: "play", label: _("Carry on"), className: "app-child-button--resume",
      onPress: () => this.hide() });
    this.cover.append(this.resume);
    document.body.append(this.cover);
    this.keys = (event) => {
      if (event.key === "Escape" && !this.cover.hidden) this.hide();
    };
    document.addEventListener("keydown", this.keys);
  }

  get paused() {
    return !this.cover.hidden;
  }

  // `language`: the language of the screen being paused, when it is not the page's (a Welsh story).
  show(language = null) {
    stopSpeaking();
    const say = (language && translatorFor(language)) || _;
    this.cover.setAttribute("aria-label", say("Paused"));
    this.cover.setAttribute("lang", language || document.documentElement.lang);
    this.resume.querySelector(".app-child-button__label").textContent = say("Carry on");
    this.cover.hidden = false;
    document.body.classList.add("app-paused");
    this.resume.focus();
    this.onChange(true);
  }

  hide() {
    this.cover.hidden = true;
    document.body.classList.remove("app-paused");
    this.onChange(false);
  }

  destroy() {
    document.removeEventListener("keydown", this.keys);
    document.body.classList.remove("app-paused");
    this.cover.remove();
  }
}
