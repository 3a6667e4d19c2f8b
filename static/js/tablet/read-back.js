// The read-back, "This is what you told me": after a session in symbol mode, the child sees and hears
// what they said or placed (the tool's toldMe(draft, language): [{symbol, words, picture?}]) and
// answers with one of two big buttons, "Yes, that's right" or "I want to change it".
//
// Main decision: it is a child's screen laid over the tool (a modal dialog, the tool inert beneath
// it, like the pause cover), so the tool's own view and focus are untouched and "change it" simply
// takes the cover away. It is read aloud as it opens, because the child it is for may not read;
// nothing here can be wrong, and there is no time limit.

import { element } from "./dom.js";
import { _ } from "./i18n.js";
import { childCover, pictureButton, readAloudButton } from "./child-ui.js";
import { speak } from "./speech.js";
import { symbolById, symbolPicture } from "./symbols.js";

let cover = null;

export const readBackOpen = () => Boolean(cover);

// `told`: the tool's items; `onAnswer("agreed" | "changed")`.
export function showReadBack(told, language, onAnswer) {
  closeReadBack();
  cover = childCover("", "read-back-title", language);
  const title = element("h2", { class: "app-read-back__title", id: "read-back-title", tabindex: "-1", "data-symbol": "talk" },
    _("This is what you told me"));
  const list = element("ul", { class: "app-read-back__list", "aria-label": _("What you told me") });
  for (const item of told) {
    const symbol = item.symbol ? symbolById(item.symbol) : null;
    const entry = element("li", { class: "app-read-back__item" });
    if (item.picture) entry.append(item.picture);
    else if (symbol) entry.append(symbolPicture(symbol, "app-read-back__picture"));
    entry.append(element("span", { class: "app-read-back__words" }, item.words));
    list.append(entry);
  }
  const question = _("Is that right?");
  const spoken = () => [title.textContent, ...told.map((item) => item.words), question].join(". ");
  const bar = element("div", { class: "app-read-back__bar" });
  bar.append(readAloudButton({ text: spoken, language, fallback: list }), title);
  const answers = element("div", { class: "app-read-back__answers", role: "group", "aria-label": question });
  answers.append(
    pictureButton({ label: _("Yes, that's right"), className: "app-child-button--go app-read-back__answer",
      onPress: () => onAnswer("agreed") }),
    pictureButton({ label: _("I want to change it"), className: "app-read-back__answer", onPress: () => onAnswer("changed") }),
  );
  answers.firstChild.dataset.symbol = "yes";
  answers.lastChild.dataset.symbol = "change";
  cover.element.append(bar, list, answers);
  title.focus();
  speak(spoken(), language);
}

export function closeReadBack() {
  if (!cover) return;
  cover.close();
  cover = null;
}
