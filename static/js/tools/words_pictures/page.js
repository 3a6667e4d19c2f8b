// Words and Pictures, the worker's view of one page (used with the parents): what goes on the page,
// its drawing, its words with the checks under them, and what the children added to it.
//
// Main decision: the checks while typing (the family's agreed wording, plain words: ../plain-words.js) only
// ever suggest, under the words and announced politely; nothing typed is blocked, and using an agreed
// wording puts the caret just after it so typing carries on. `screen` is the Storyboard of screen.js
// (content, draft, language, jargon, changed(), show(view), drawingStage(), thumbnail()).

import { element } from "../../tablet/dom.js";
import { _ } from "../../tablet/i18n.js";
import { speak } from "../../tablet/speech.js";
import { textField } from "../forms.js";
import { LIMITS } from "./model.js";
import { drawingOps, hintText, pageTitle } from "./pages.js";
import { agreedSuggestions, useAgreedWording } from "./wording.js";
import { showPlainWords } from "../plain-words.js";
import { button, characterCount } from "./form.js";

// --- worker: one page, its drawing and its words ---
export function pageView(body, screen, id) {
  const { content } = screen;
  const index = screen.pageIndex(id);
  const page = content.pages[index];
  body.append(element("span", { class: "govuk-caption-m" }, _("Page %(number)s of %(count)s", { number: index + 1, count: content.pages.length })));
  body.append(element("h2", { class: "govuk-heading-m" }, pageTitle(content, index)));
  const hint = hintText(content.purpose, page.hint);
  if (hint) {
    const aside = element("aside", { class: "govuk-inset-text app-wp__hint", "aria-label": _("What goes on this page") });
    aside.append(element("strong", {}, `${_("What goes on this page")}: `), document.createTextNode(hint));
    body.append(aside);
  }
  body.append(screen.drawingStage({
    partName: `ink-${page.id}`, ops: drawingOps(screen.draft, page.drawing),
    label: _("Drawing for page %(number)s", { number: index + 1 }),
    onDrawn: (hasInk) => { page.drawing = hasInk ? `ink-${page.id}` : null; },
  }));
  body.append(pageWords(screen, page));

  if (page.children) body.append(childrensPartForWorker(screen, page, index));

  const nav = element("div", { class: "govuk-button-group app-wp__page-nav" });
  if (index > 0) nav.append(button(_("Previous page"), () => screen.show({ name: "page", id: content.pages[index - 1].id })));
  if (index < content.pages.length - 1) nav.append(button(_("Next page"), () => screen.show({ name: "page", id: content.pages[index + 1].id })));
  nav.append(button(_("Back to the storyboard"), () => screen.show({ name: "storyboard" }, `[data-page="${page.id}"] [data-act="open"]`)));
  body.append(nav);
}

// The page's words, with the agreed-wording suggestions and the plain-words check under them.
function pageWords(screen, page) {
  const section = element("div", { class: "app-wp__words" });
  const suggestions = element("div", { class: "app-wp__suggestions", "aria-live": "polite" });
  const warnings = element("div", { class: "app-wp__plain", "aria-live": "polite" });
  const words = characterCount({
    label: _("Words for this page"), value: page.text, limit: LIMITS.text_max, lang: screen.language, labelSize: "m",
    hint: _("Short sentences the children will understand, up to %(count)s characters.", { count: LIMITS.text_max }),
    onInput: (value) => {
      page.text = value;
      screen.changed();
      check();
    },
  });
  const check = () => {
    showSuggestions(screen, suggestions, page, words);
    showPlainWords(warnings, screen.jargon, screen.language, page.text);
  };
  check();
  const listen = element("p", { class: "govuk-body app-wp__listen-status", "aria-live": "polite" });
  const readAloud = button(_("Read this page aloud"), async () => {
    const spoken = page.text.trim() && await speak(page.text, screen.language);
    listen.textContent = spoken || !page.text.trim() ? ""
      : _("This tablet has no voice for this language: read the words out yourself.");
  });
  section.append(words.group, suggestions, warnings, readAloud, listen);
  return section;
}

function showSuggestions(screen, container, page, words) {
  const found = agreedSuggestions(page.text, screen.content.agreed_words);
  container.replaceChildren();
  if (!found.length) return;
  container.append(element("p", { class: "govuk-body-s govuk-!-margin-bottom-2" }, _("The family agreed how to say these:")));
  for (const suggestion of found) {
    container.append(button(_("Use ‘%(wording)s’", { wording: suggestion.wording }), () => {
      page.text = useAgreedWording(page.text, suggestion);
      words.area.value = page.text;
      words.count();
      screen.changed();
      showSuggestions(screen, container, page, words);
      showPlainWords(container.nextElementSibling, screen.jargon, screen.language, page.text);
      // The caret goes just after the agreed wording, and typing carries on from there.
      const caret = suggestion.index + suggestion.wording.length;
      words.area.focus();
      words.area.setSelectionRange(caret, caret);
    }, { hidden: _("instead of ‘%(term)s’", { term: suggestion.term }), attributes: { "data-term": suggestion.term } }));
  }
}

// What a child added to the page, as the worker sees it: the name it is marked with can be put right.
function childrensPartForWorker(screen, page, index) {
  const theirs = page.children;
  const section = element("section", { class: "app-wp__theirs app-wp__theirs--worker", "aria-labelledby": `wp-theirs-${page.id}` });
  section.append(element("h3", { class: "govuk-heading-s", id: `wp-theirs-${page.id}` }, _("What the children added")));
  section.append(textField({ label: _("Which child added it"), value: theirs.name, maxlength: LIMITS.child_name_max,
    width: "govuk-input--width-20", onInput: (value) => { theirs.name = value; screen.changed(); } }));
  if (theirs.drawing) section.append(screen.thumbnail(theirs.drawing, 160, _("The child's drawing for page %(number)s", { number: index + 1 })));
  if (theirs.text) section.append(element("p", { class: "govuk-body app-wp__verbatim", lang: screen.language }, theirs.text));
  return section;
}
