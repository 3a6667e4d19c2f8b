// Symbol mode: on the child's screens, every prompt and choice a tool marks with data-symbol="<id>"
// gets that symbol beside large words, and is read aloud when tapped. The tools only mark; this
// module draws and speaks, for every tool alike.
//
// Main decision: the marks are decorated as they appear (a MutationObserver over the page, since
// tools redraw their views whole), and only by ADDING elements flagged data-symbol-added, which are
// taken away again when child mode ends: a tool's own elements and their text never change, so
// what a tool reads back from its screen (a prompt's textContent) stays the tool's words. A choice
// (a button) gets the picture inside it and says its words as it acts; a prompt gets a button
// before it, named in the interface language, that shows the picture and reads the prompt aloud.

import { element } from "./dom.js";
import { _, translatorFor } from "./i18n.js";
import { language } from "./shell.js";
import { speak } from "./speech.js";
import { loadSymbols, symbolById, symbolPicture, symbolWords } from "./symbols.js";

let observer = null;

// The language an element speaks: its own lang (a Welsh story on an English tablet), else the page's.
const languageOf = (node) => node.closest("[lang]")?.getAttribute("lang") || language;
const wordsOf = (node) => (node.getAttribute("aria-label") || node.textContent).replace(/\s+/g, " ").trim();

function decorate(marked) {
  const symbol = symbolById(marked.dataset.symbol);
  if (!symbol) return;
  if (marked.matches("button")) {
    if (marked.querySelector(":scope > .app-symbol")) return;
    const picture = symbolPicture(symbol, "app-symbol");
    picture.dataset.symbolAdded = "";
    marked.prepend(picture);
    return;
  }
  const before = marked.matches("legend") ? marked.nextElementSibling : marked.previousElementSibling;
  if (before && before.matches(".app-symbol-say") && before.dataset.symbolFor === marked.dataset.symbol) return;
  const say = element("button", { type: "button", class: "app-symbol-say", "data-symbol-added": "",
    "data-symbol-for": marked.dataset.symbol });
  // Named in the language around it (the interface's, or a Welsh story's on an English tablet).
  const spoken = languageOf(marked);
  const words = { words: symbolWords(symbol, spoken) };
  const translate = translatorFor(spoken);
  say.append(symbolPicture(symbol, "app-symbol"), element("span", { class: "govuk-visually-hidden" },
    translate ? translate("Listen: %(words)s", words) : _("Listen: %(words)s", words)));
  say.addEventListener("click", () => speak(wordsOf(marked), languageOf(marked)));
  if (marked.matches("legend")) marked.after(say);
  else marked.before(say);
}

function decorateAll() {
  for (const marked of document.querySelectorAll("[data-symbol]")) decorate(marked);
}

// A marked choice says its words as it acts (the tap does both; nothing waits for the voice).
function sayChoice(event) {
  const choice = event.target.closest("button[data-symbol]");
  if (choice) speak(wordsOf(choice), languageOf(choice));
}

export async function startSymbolMode() {
  try {
    await loadSymbols();
  } catch (_missing) {
    // The catalogue is precached with the app; if it still cannot be read, the words stay large.
  }
  document.body.classList.add("app-symbol-mode");
  decorateAll();
  observer = new MutationObserver(decorateAll);
  observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-symbol"] });
  document.addEventListener("click", sayChoice, true);
}

export function stopSymbolMode() {
  if (observer) observer.disconnect();
  observer = null;
  document.removeEventListener("click", sayChoice, true);
  document.body.classList.remove("app-symbol-mode");
  for (const added of document.querySelectorAll("[data-symbol-added]")) added.remove();
}
