// The letter to the child, the worker's view: the letter drafted from the session, to edit before it
// is read with the child. The child's words are shown exactly as they were said, with where they were
// said and who the child wants to see them; the worker can keep each in the letter or leave it out,
// never change it. The worker's own words (the opening, what happens next, who the child can talk
// to, the signing off) are checked for professional words as they are typed.
//
// Main decision: "Who will see this" is shown as the child will read it, worked out from the wishes
// (model.whoSees), so the worker sees at once what leaving something out changes; the worker can only
// add words of their own under it. What someone else said goes in only when the worker adds it.

import { element } from "../../tablet/dom.js";
import { _, formatTime, loadLanguage } from "../../tablet/i18n.js";
import { button, checkbox, nextFieldId, radios, textField } from "../forms.js";
import { describeWish } from "../sharing.js";
import { showPlainWords } from "../plain-words.js";
import { LIMITS, model, nextId, whoSees } from "./model.js";

const LANGUAGE_NAMES = { en: "English", cy: "Cymraeg" };

// A text box for the worker's own words, with the plain-words check under it in the letter's language.
function plainField(screen, { label, hint = "", field, rows = 3 }) {
  const { content } = screen;
  const group = element("div", { class: "app-lt__field" });
  const warnings = element("div", { class: "app-plain", "aria-live": "polite" });
  group.append(textField({ label, hint, multiline: true, rows, value: content[field], maxlength: LIMITS.text_max, lang: screen.language,
    onInput: (value) => {
      content[field] = value;
      showPlainWords(warnings, screen.jargon, screen.language, value);
      screen.changed();
    } }), warnings);
  showPlainWords(warnings, screen.jargon, screen.language, content[field]);
  return group;
}

function section(id, title) {
  const part = element("section", { class: "app-lt__section", "aria-labelledby": id });
  part.append(element("h3", { class: "govuk-heading-s", id }, title));
  return part;
}

// "Keep in the letter" for one of the child's words or drawings: "who will see this" follows at once.
function keepBox(screen, thing) {
  return checkbox({ id: nextFieldId(), label: _("Keep in the letter"), checked: thing.shown, onChange: (checked) => {
    thing.shown = checked;
    screen.changed();
    fillWhoSees(screen);
  } });
}

const whoWrote = (word) => (word.by === "child" ? _("written by the child") : _("written down by the worker for the child"));

function heardFields(screen) {
  const { content } = screen;
  const part = section("lt-heard", _("What I heard you say"));
  if (!content.heard.length) part.append(element("p", { class: "govuk-body" }, _("The session has none of the child's words.")));
  const boxes = element("div", { class: "govuk-checkboxes govuk-checkboxes--small" });
  for (const word of content.heard) {
    const entry = element("div", { class: "app-lt__heard-entry" });
    entry.append(element("blockquote", { class: "app-lt__verbatim", lang: screen.language }, word.words));
    entry.append(element("p", { class: "govuk-body-s" }, `${word.where} · ${whoWrote(word)} · ${_("Who may see it: %(who)s", { who: describeWish(word.share) })}`));
    entry.append(keepBox(screen, word));
    boxes.append(entry);
  }
  part.append(boxes);
  return part;
}

function drawingFields(screen) {
  const { content } = screen;
  const part = section("lt-drawings", _("Your drawings"));
  if (!content.drawings.length) {
    part.append(element("p", { class: "govuk-body" }, _("The session has no drawings.")));
    return part;
  }
  for (const drawing of content.drawings) {
    const entry = element("div", { class: "app-lt__drawing-entry" });
    entry.append(screen.picture(drawing, 160, drawing.caption));
    const fields = element("div", { class: "app-lt__drawing-fields" });
    fields.append(textField({ label: _("Words under the drawing"), value: drawing.caption, maxlength: LIMITS.caption_max, lang: screen.language,
      onInput: (value) => { drawing.caption = value; screen.changed(); } }));
    fields.append(element("p", { class: "govuk-body-s" }, _("Who may see it: %(who)s", { who: describeWish(drawing.share) })));
    const boxes = element("div", { class: "govuk-checkboxes govuk-checkboxes--small" });
    boxes.append(keepBox(screen, drawing));
    fields.append(boxes);
    entry.append(fields);
    part.append(entry);
  }
  return part;
}

function othersFields(screen) {
  const { content } = screen;
  const part = section("lt-others", _("What other people said"));
  part.append(element("p", { class: "govuk-hint" },
    _("The letter holds what the child said and made. Add what someone else said only if it helps the child.")));
  content.others.forEach((other, index) => {
    const entry = element("div", { class: "app-lt__other" });
    entry.append(textField({ label: _("Who said it"), value: other.who, maxlength: LIMITS.who_max, width: "govuk-input--width-20",
      onInput: (value) => { other.who = value; screen.changed(); } }));
    entry.append(textField({ label: _("What they said"), multiline: true, rows: 2, value: other.words, maxlength: LIMITS.text_max,
      lang: screen.language, onInput: (value) => { other.words = value; screen.changed(); } }));
    entry.append(button(_("Remove what %(who)s said", { who: other.who || _("someone") }), () => {
      content.others.splice(index, 1);
      screen.changed();
      screen.show(screen.view);
    }, "govuk-button--warning"));
    part.append(entry);
  });
  if (content.others.length < LIMITS.others_max) {
    part.append(button(_("Add what someone else said"), () => {
      content.others.push({ id: nextId(content.others, "o"), who: "", words: "" });
      screen.changed();
      screen.show(screen.view);
    }));
  }
  return part;
}

// "Who will see this" as the child will read it, from the wishes of what the letter keeps; drawn
// again whenever something is kept or left out. The worker may add to it.
function fillWhoSees(screen) {
  const list = screen.container.querySelector(".app-lt__who-preview");
  const groups = whoSees(screen.content, screen.language);
  list.replaceChildren(...groups.map((group) => {
    const audiences = group.audiences.length ? ` ${group.audiences.join(", ")}` : "";
    return element("li", {}, `${group.words}${audiences} — ${group.things.map((thing) => `“${thing}”`).join(", ")}`);
  }));
  if (!groups.length) list.append(element("li", {}, _("Nothing the child said or drew is kept in the letter.")));
}

function whoSeesFields(screen) {
  const part = section("lt-who", _("Who will see this"));
  part.append(element("ul", { class: "govuk-list govuk-list--bullet app-lt__who-preview", lang: screen.language, "aria-live": "polite" }));
  part.append(plainField(screen, { label: _("Anything you want to add about who will see it"), field: "who_sees_note", rows: 2 }));
  return part;
}

export function editView(body, screen) {
  const { content } = screen;
  body.append(element("h2", { class: "govuk-heading-m", tabindex: "-1" }, _("What I heard you say: a letter to %(name)s", { name: content.to })));
  body.append(element("p", { class: "govuk-body" }, content.source.done_at
    ? _("Drafted from the session of %(time)s. The child's words are kept exactly as they were said; you can leave any of them out.",
      { time: formatTime(content.source.done_at) })
    : _("Drafted from the session. The child's words are kept exactly as they were said; you can leave any of them out.")));
  const worker = screen.context?.worker ? screen.context.worker()?.name || "" : "";
  body.append(radios({
    legend: _("The letter's language"), name: "lt-language", value: content.language, inline: true,
    options: LIMITS.languages.map((value) => ({ value, label: LANGUAGE_NAMES[value], lang: value })),
    onChange: async (language) => {
      await loadLanguage(language);
      model.relanguage(content, language, worker);
      screen.changed();
      screen.show(screen.view, "input[name=lt-language]:checked");
    },
  }));
  body.append(textField({ label: _("Who the letter is to (Dear …)"), value: content.to, maxlength: LIMITS.to_max, lang: screen.language,
    width: "govuk-input--width-20", onInput: (value) => { content.to = value; screen.changed(); } }));
  body.append(plainField(screen, { label: _("Opening words"), field: "opening" }));
  body.append(heardFields(screen), drawingFields(screen), othersFields(screen));
  body.append(plainField(screen, { label: _("What I will do next"), hint: _("In words the child will understand."), field: "next" }));
  body.append(whoSeesFields(screen));
  body.append(plainField(screen, { label: _("Who you can talk to"), field: "talk_to" }));
  body.append(plainField(screen, { label: _("Signing off"), field: "closing", rows: 2 }));
  body.append(element("p", { class: "govuk-body" }, content.read_with_child
    ? _("Read with the child %(time)s.", { time: formatTime(content.read_with_child) })
    : _("When it is ready, read it with the child: press “Hand to the child”. The letter notes when the child reaches its last page.")));
}

// Once the view is on the page (the preview reads the container).
export function afterEdit(screen) {
  fillWhoSees(screen);
}
