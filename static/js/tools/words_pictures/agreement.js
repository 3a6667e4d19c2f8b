// Words and Pictures, the worker's views of what the family agreed: the agreed wording for sensitive
// things, and saving a version with who took part in it and who agreed to it.
//
// Main decision: saving a version is the platform's (the "finalise-and-continue" action,
// static/js/tablet/app.js): this view only fills in the version's record, and the next version's
// draft starts from nextVersion() in model.js. An agreed word is checked only when it is added
// (a term given once, both halves filled in); the page's words are never blocked by it (page.js).
// `screen` is the Storyboard of screen.js (content, language, view, changed(), show(view, focus)).

import { element } from "../../tablet/dom.js";
import { _ } from "../../tablet/i18n.js";
import { sameTerm } from "../folding.js";
import { checkbox, textField } from "../forms.js";
import { LIMITS } from "./model.js";
import { button, characterCount } from "./form.js";

// --- worker: the family's agreed words ---
export function agreedWordsView(body, screen) {
  const agreed = screen.content.agreed_words;
  body.append(element("h2", { class: "govuk-heading-m" }, _("Agreed words")));
  body.append(element("p", { class: "govuk-body" },
    _("The wording the family agreed for sensitive things. When a page uses the word, the agreed wording is offered.")));
  if (agreed.length) {
    const list = element("dl", { class: "govuk-summary-list" });
    agreed.forEach(({ term, wording }, index) => {
      const row = element("div", { class: "govuk-summary-list__row" });
      row.append(element("dt", { class: "govuk-summary-list__key" }, term));
      row.append(element("dd", { class: "govuk-summary-list__value" }, wording));
      const actions = element("dd", { class: "govuk-summary-list__actions" });
      actions.append(button(_("Remove"), () => {
        agreed.splice(index, 1);
        screen.changed();
        screen.show({ name: "words" });
      }, { hidden: `‘${term}’` }));
      row.append(actions);
      list.append(row);
    });
    body.append(list);
  } else {
    body.append(element("p", { class: "govuk-body" }, _("No agreed words yet.")));
  }
  if (agreed.length >= LIMITS.agreed_max) {
    body.append(element("p", { class: "govuk-inset-text" }, _("There can be up to %(count)s agreed words.", { count: LIMITS.agreed_max })));
    return;
  }
  const form = element("form", { class: "app-wp__agree-form", novalidate: true });
  form.append(element("h3", { class: "govuk-heading-s" }, _("Add agreed wording")));
  let term = "";
  let wording = "";
  const termField = textField({ label: _("The word or phrase"), hint: _("For example, ‘depression’"), value: "",
    maxlength: LIMITS.agreed_text_max, width: "govuk-input--width-20", onInput: (value) => { term = value; } });
  const wordingField = textField({ label: _("What the family agreed to say instead"),
    hint: _("For example, ‘an illness called depression’"), value: "", maxlength: LIMITS.agreed_text_max,
    lang: screen.language, onInput: (value) => { wording = value; } });
  form.append(termField, wordingField, element("button", { type: "submit", class: "govuk-button govuk-button--secondary" }, _("Add agreed wording")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const errors = [
      [termField, !term.trim() ? _("Enter the word or phrase") : agreed.some((entry) => sameTerm(entry.term.trim()) === sameTerm(term.trim()))
        ? _("‘%(term)s’ already has agreed wording", { term: term.trim() }) : ""],
      [wordingField, !wording.trim() ? _("Enter what the family agreed to say instead") : ""],
    ];
    for (const [group, message] of errors) {
      group.classList.toggle("govuk-form-group--error", Boolean(message));
      group.querySelector(".govuk-error-message")?.remove();
      if (message) group.querySelector("input").before(element("p", { class: "govuk-error-message" }, message));
    }
    const first = errors.find(([, message]) => message);
    if (first) {
      first[0].querySelector("input").focus();
      return;
    }
    agreed.push({ term: term.trim(), wording: wording.trim() });
    screen.changed();
    screen.show({ name: "words" });
  });
  body.append(form);
}

// --- worker: saving a version ---
export function versionView(body, screen) {
  const { version } = screen.content;
  body.append(element("h2", { class: "govuk-heading-m" }, _("Save version %(number)s", { number: version.number })));
  body.append(element("p", { class: "govuk-body" },
    _("Saving keeps this version exactly as it is now. You then carry on with the next version, so the family can keep changing it.")));
  body.append(people(screen, version.took_part, {
    legend: _("Who took part in this version?"),
    hint: _("The parents, you, and anyone else who helped write it, each with their role: for example Mum, Dad or social worker."),
    add: _("Add a person who took part"), key: "took-part",
  }));
  body.append(people(screen, version.agreed_by, {
    legend: _("Who agreed to this version?"), hint: _("Leave empty if nobody has agreed to it yet."),
    add: _("Add a person who agreed"), key: "agreed-by",
  }));
  body.append(characterCount({ label: _("What changed in this version?"), value: version.note, limit: LIMITS.note_max, rows: 4,
    hint: _("For example, ‘Dad's words added to page 3’."), onInput: (value) => { version.note = value; screen.changed(); } }).group);
  const readTo = element("div", { class: "govuk-form-group" });
  const boxes = element("div", { class: "govuk-checkboxes govuk-checkboxes--small" });
  boxes.append(checkbox({ id: "wp-read-to-children", label: _("This is the version read to the children"),
    checked: version.read_to_children, onChange: (ticked) => { version.read_to_children = ticked; screen.changed(); } }));
  readTo.append(boxes);
  body.append(readTo);
  // The platform finalises the draft and starts the next version from nextVersion() (model.js).
  body.append(element("button", { type: "button", class: "govuk-button", "data-action": "finalise-and-continue" }, _("Save this version")));
}

function people(screen, list, { legend, hint, add, key }) {
  const fieldset = element("fieldset", { class: "govuk-fieldset govuk-!-margin-bottom-6", "aria-describedby": `wp-${key}-hint` });
  fieldset.append(element("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" }, legend));
  fieldset.append(element("div", { class: "govuk-hint", id: `wp-${key}-hint` }, hint));
  list.forEach((person, index) => {
    const row = element("div", { class: "app-wp__person" });
    row.append(textField({ label: _("Name of person %(n)s", { n: index + 1 }), value: person.name, maxlength: LIMITS.person_text_max,
      width: "govuk-input--width-20", onInput: (value) => { person.name = value; screen.changed(); } }));
    row.append(textField({ label: _("Role of person %(n)s", { n: index + 1 }), value: person.role, maxlength: LIMITS.person_text_max, width: "govuk-input--width-20",
      onInput: (value) => { person.role = value; screen.changed(); } }));
    row.append(button(_("Remove"), () => {
      list.splice(index, 1);
      screen.changed();
      screen.show(screen.view, `[data-add="${key}"]`);
    }, { hidden: _("person %(n)s", { n: index + 1 }) }));
    fieldset.append(row);
  });
  if (list.length < LIMITS.people_max) {
    fieldset.append(button(add, () => {
      list.push({ name: "", role: "" });
      screen.changed();
      screen.show(screen.view, `[data-person="${key}-${list.length}"]`);
    }, { attributes: { "data-add": key } }));
  }
  // The new row's name field takes focus.
  fieldset.querySelectorAll(".app-wp__person").forEach((row, index) => {
    row.querySelector("input").dataset.person = `${key}-${index + 1}`;
  });
  return fieldset;
}
