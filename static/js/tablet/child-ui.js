// The pieces every child-facing screen is built from: big picture buttons, read aloud, and the
// pause cover. (Nothing is hold-to-use: a child with a switch can only press, so anything that needs
// care, such as clearing a drawing, asks first with two big buttons.)
//
// Main decision: children's controls are real <button>s (keyboard and switch access come free),
// at least 64 CSS px (child.css), with a picture AND a short label, and nothing ever tells a child
// they got something wrong: a control that does nothing yet is simply not pressable.

import { element, icon } from "./dom.js";
import { isShown, keepFocus } from "./focus.js";
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

// A child's screen laid over the tool (the read-back, the feedback): a modal dialog with the tool
// inert beneath it, so the tool's own view and focus are untouched and closing it simply takes it
// away. `className` adds to the cover's look (child.css .app-read-back); `titleId` names its heading.
export function childCover(className, titleId, language) {
  const cover = element("div", { class: `app-read-back ${className}`.trim(), role: "dialog", "aria-modal": "true",
    "aria-labelledby": titleId, lang: language });
  document.getElementById("main-content").inert = true;
  document.body.append(cover);
  return {
    element: cover,
    close() {
      stopSpeaking();
      cover.remove();
      document.getElementById("main-content").inert = false;
    },
  };
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
// While paused everything else on the page is inert: Tab, a switch or a screen reader reach only
// "Carry on" (not "Back to the worker" beneath it), and carrying on puts focus back where it was.
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
      if (this.cover.hidden) return;
      if (event.key === "Escape") this.hide();
      // "Carry on" is the one thing to reach: Tab would otherwise leave the page for the browser's bar.
      if (event.key === "Tab") {
        event.preventDefault();
        this.resume.focus();
      }
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
    if (this.cover.hidden) this.returnTo = document.activeElement;
    this.cover.hidden = false;
    document.body.classList.add("app-paused");
    this.holdFocus(true);
    this.resume.focus();
    this.onChange(true);
  }

  hide() {
    this.cover.hidden = true;
    document.body.classList.remove("app-paused");
    this.holdFocus(false);
    this.onChange(false);
    // Back to the control that paused (the Pause button), else the view's heading or prompt.
    if (isShown(this.returnTo)) this.returnTo.focus();
    else keepFocus(document.querySelector("#main-content") || document.body);
    this.returnTo = null;
  }

  // Everything but the cover made inert (or given back); what was inert already is left so.
  holdFocus(on) {
    if (on) {
      this.inerted = [...document.body.children].filter((node) => node !== this.cover && !node.inert);
      for (const node of this.inerted) node.inert = true;
    } else {
      for (const node of this.inerted || []) node.inert = false;
      this.inerted = [];
    }
  }

  destroy() {
    document.removeEventListener("keydown", this.keys);
    document.body.classList.remove("app-paused");
    this.holdFocus(false);
    this.cover.remove();
  }
}
