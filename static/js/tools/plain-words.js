// The plain-words check, for every tool whose worker writes for a family or a child (Words and
// Pictures' story, the letter to the child): the professional words the text uses, each with a
// plainer way to say it, from the service's list (static/words/jargon.json).
//
// Main decision: it only ever suggests: nothing typed is blocked, and without the list on the tablet
// the check says it is not there rather than passing the text as plain. The list is matched as the
// server matches it (folded, whole words: docs/folding-and-matching.md).

import { element } from "../tablet/dom.js";
import { _ } from "../tablet/i18n.js";
import { fold as foldText, wordPattern } from "./folding.js";

// The entries of the jargon list ([{word, instead}]) whose word the text uses.
export function jargonFound(text, jargon) {
  const searched = foldText(text);
  return jargon.filter((entry) => wordPattern(entry.word)?.test(searched));
}

// static/words/jargon.json: a data file the service edits. Without it (not there yet, or broken) the
// check is simply not offered; a failed load is tried again by the next screen that asks.
let jargonLoading = null;

export function loadJargon() {
  if (!jargonLoading) {
    jargonLoading = fetch("/static/words/jargon.json")
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null)
      .then((list) => {
        if (!list || typeof list !== "object") {
          jargonLoading = null;
          return null;
        }
        const entries = (language) => (Array.isArray(list[language]) ? list[language] : [])
          .filter((entry) => entry && typeof entry.word === "string" && typeof (entry.instead ?? "") === "string");
        return { en: entries("en"), cy: entries("cy") };
      });
  }
  return jargonLoading;
}

// Fill `container` (a polite live region beside the text box) with what the check found in `text`,
// written in `language`: a GOV.UK warning listing each professional word, or nothing.
export function showPlainWords(container, jargon, language, text) {
  container.replaceChildren();
  if (!jargon) {
    container.append(element("p", { class: "govuk-body-s app-plain__missing" },
      _("The plain-words check is not on this tablet yet, so professional words are not pointed out.")));
    return;
  }
  const found = jargonFound(text, jargon[language] || []);
  if (!found.length) return;
  const warning = element("div", { class: "govuk-warning-text app-plain__warning" });
  warning.append(element("span", { class: "govuk-warning-text__icon", "aria-hidden": "true" }, "!"));
  const words = element("div", { class: "govuk-warning-text__text" });
  words.append(element("span", { class: "govuk-visually-hidden" }, _("Warning")));
  words.append(element("p", { class: "govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1" }, _("Plain words")));
  const list = element("ul", { class: "govuk-list govuk-list--bullet app-plain__list" });
  for (const { word, instead } of found) {
    list.append(element("li", {}, instead && instead.trim()
      ? _("‘%(word)s’ is a professional word. Could you say ‘%(instead)s’?", { word, instead })
      : _("‘%(word)s’ is a professional word. Could you say it in plainer words?", { word })));
  }
  words.append(list);
  warning.append(words);
  container.append(warning);
}
