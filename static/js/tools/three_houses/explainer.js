// "What happens today": the short picture story the worker shows a child at the start of a session
// (issue 8). Five pages — who the worker is, why they visit, what the houses are, that the child can
// stop at any time, who will see the houses — in the service's own words for each language, carried
// onto the tablet when it is prepared for visits, so the story works with no connection.
//
// Main decision: the story is turned page by page like the Words and Pictures reading view: big Back
// and Next at the TOP with read-aloud and pause, a sideways swipe too (swipe.js), and no timer — the
// child goes at their own pace. The young-child version shows the same pictures with no words on
// screen (read-aloud still reads them); which version and language were shown is kept with the
// session (content.consent.explainer). Everything the child sees and hears — the words, the buttons,
// read-aloud, the pause — is in the story's language, which may not be the tablet's (a Welsh-speaking
// child on an English tablet); the worker's choices above it stay in the tablet's language.

import { element } from "../../tablet/dom.js";
import { _, loadLanguage, translatorFor } from "../../tablet/i18n.js";
import { pictureButton, readAloudButton } from "../../tablet/child-ui.js";
import { radios } from "../forms.js";
import { swipeToTurn } from "../swipe.js";
import contract from "./contract.json" with { type: "json" };

// One picture a page, in the pages' fixed order (static/icons/explainer/, drawn for this app).
const PICTURES = ["worker", "visit", "houses", "stop-any-time", "who-sees"];
// Each page's symbol in symbol mode (static/symbols/catalogue.json), beside the page's words.
const PAGE_SYMBOLS = ["social-worker", "talk", "house", "stop", "people"];
const LANGUAGES = contract.explainer_languages; // the languages the story is told in (contract.json)
export const YOUNG_AGE = 6; // under this age the story starts as pictures only

function pictureAlt(say) {
  return [say("Your worker"), say("A visit at home"), say("The three houses"), say("A pause sign: you can stop"),
    say("The people who may see your houses")];
}

// The worker's name in place of %(worker)s, the one placeholder the service's words may hold.
export function pageText(template, workerName, say = _) {
  return template.split("%(worker)s").join(workerName || say("your worker"));
}

// Fetch the story's language's words for the buttons before the story is shown (the screen's `ready`).
export function prepareStory(explainer, childLanguage) {
  return loadLanguage(storyLanguage(explainer, childLanguage));
}

// The language of the story for this child: theirs when the service has words in it, else the page's.
export function storyLanguage(explainer, childLanguage) {
  if (explainer && LANGUAGES.includes(childLanguage) && Array.isArray(explainer[childLanguage])) return childLanguage;
  return document.documentElement.lang || "en";
}

// `screen`: the tool's screen (content, changed(), show(view), childBar-like parts, pause).
// `story`: {explainer: {en: [...], cy: [...]} | null, worker: {name, photo} | null, childLanguage, age}.
export function explainerView(body, screen, view, story, onDone) {
  const { content } = screen;
  const record = content.consent.explainer;
  const language = view.language || record?.language || storyLanguage(story.explainer, story.childLanguage);
  const version = view.version || record?.version || (story.age !== undefined && story.age < YOUNG_AGE ? "young" : "standard");
  const pages = story.explainer && story.explainer[language];
  const say = translatorFor(language);
  if (!say) { // another language chosen by the worker: its words first, then the story
    body.append(element("p", { class: "govuk-body" }, _("Opening…")));
    loadLanguage(language).then(() => { if (screen.view === view) screen.show(view); });
    return;
  }
  body.append(element("h2", { class: "govuk-visually-hidden", lang: language }, say("What happens today")));
  if (!Array.isArray(pages) || !pages.length) {
    body.append(element("p", { class: "govuk-body app-worker-only" },
      _("The story's words are not on this tablet yet. Prepare for visits again while you have a connection.")));
    return;
  }
  // Shown: kept with the session, once each time the story is opened, and when its look changes.
  if (!view.recorded || !record || record.version !== version || record.language !== language) {
    content.consent.explainer = { shown_at: view.recorded && record ? record.shown_at : new Date().toISOString(), version, language };
    view.recorded = true;
    screen.changed();
  }
  const index = Math.min(Math.max(0, view.index || 0), pages.length - 1);
  const turn = (to, focus) => {
    if (to >= 0 && to < pages.length) screen.show({ ...view, index: to, language, version }, focus);
  };

  body.append(workerChoices(screen, view, { language, version, explainer: story.explainer }));
  const text = pageText(pages[index], story.worker?.name, say);
  const young = version === "young";
  const words = element("div", { class: `app-explainer__words app-read-aloud${young ? " app-explainer__words--young" : ""}`,
    lang: language, tabindex: "-1" });
  words.append(element("p", { "data-symbol": PAGE_SYMBOLS[index] || PAGE_SYMBOLS[PAGE_SYMBOLS.length - 1] }, text));
  const previous = pictureButton({ picture: "back", label: say("Back"), className: "app-wp__turn app-explainer__previous",
    onPress: () => turn(index - 1, ".app-explainer__previous") });
  previous.disabled = index === 0;
  const last = index === pages.length - 1;
  const next = last
    ? pictureButton({ picture: "done", label: say("Done"), className: "app-wp__turn app-child-button--go app-explainer__done", symbol: "finished",
      onPress: onDone })
    : pictureButton({ picture: "back", label: say("Next"), className: "app-wp__turn app-wp__turn--next app-explainer__next",
      onPress: () => turn(index + 1, ".app-explainer__next") });
  const where = element("p", { class: "app-th__prompt app-wp__where" }, say("Page %(number)s of %(count)s", { number: index + 1, count: pages.length }));
  const bar = element("div", { class: "app-th__bar app-wp__bar", lang: language });
  bar.append(previous, readAloudButton({ text: () => text, language, fallback: words, label: say("Listen") }), where, next,
    pictureButton({ picture: "pause", label: say("Pause"), className: "app-child-button--pause", symbol: "pause",
      onPress: () => screen.pause.show(language) }));
  body.append(bar);

  const stage = element("div", { class: `app-explainer__stage${young ? " app-explainer__stage--young" : ""}`, lang: language });
  const photo = index === 0 && story.worker?.photo;
  // Young children have no words on screen, so the picture carries them for a screen reader.
  const alt = young ? text : (photo ? say("A photo of %(worker)s", { worker: story.worker.name }) : pictureAlt(say)[index]);
  stage.append(element("img", { class: `app-explainer__picture${photo ? " app-explainer__picture--photo" : ""}`, alt, draggable: "false",
    src: photo || `/static/icons/explainer/${PICTURES[index] || PICTURES[PICTURES.length - 1]}.svg` }));
  stage.append(words);
  swipeToTurn(stage, (step) => turn(index + step));
  body.append(stage);
}

// The worker's choices, above the story and hidden while the child holds the tablet.
function workerChoices(screen, view, { language, version, explainer }) {
  const choices = element("div", { class: "app-worker-only app-explainer__choices" });
  choices.append(radios({
    legend: _("How should the story look?"), name: "explainer-version", value: version, inline: true,
    options: [{ value: "standard", label: _("Pictures and words") }, { value: "young", label: _("Pictures only (for a young child)") }],
    onChange: (value) => screen.show({ ...view, version: value, language }),
  }));
  const languages = LANGUAGES.filter((code) => Array.isArray(explainer[code]) && explainer[code].length);
  if (languages.length > 1) {
    choices.append(radios({
      legend: _("Language of the story"), name: "explainer-language", value: language, inline: true,
      options: languages.map((code) => ({ value: code, label: code === "cy" ? "Cymraeg" : "English", lang: code })),
      onChange: (value) => screen.show({ ...view, language: value, version }),
    }));
  }
  return choices;
}
