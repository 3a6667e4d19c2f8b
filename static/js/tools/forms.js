// GOV.UK form patterns for the worker's views of every tool, built without innerHTML.
//
// Main decision: the markup is the GOV.UK Design System's own (https://design-system.service.gov.uk/
// components/radios/), so these views look and behave like every other practitioner screen.

import { communicationOf } from "../tablet/artefacts.js";
import { element } from "../tablet/dom.js";
import { _ } from "../tablet/i18n.js";
import communication from "./communication.json" with { type: "json" };

// Radios in a fieldset; options are {value, label, hint?, lang?}; onChange(value) on a choice.
export function radios({ legend, name, options, value, onChange, inline = false }) {
  const group = element("div", { class: "govuk-form-group" });
  const fieldset = element("fieldset", { class: "govuk-fieldset" });
  fieldset.append(element("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" }, legend));
  const list = element("div", { class: `govuk-radios govuk-radios--small${inline ? " govuk-radios--inline" : ""}` });
  options.forEach(({ value: optionValue, label, hint = "", lang = null }, index) => {
    const id = `${name}-${index}`;
    const item = element("div", { class: "govuk-radios__item" });
    const input = element("input", { class: "govuk-radios__input", type: "radio", name, id, value: String(optionValue),
      "aria-describedby": hint ? `${id}-hint` : null });
    input.checked = optionValue === value;
    input.addEventListener("change", () => onChange(optionValue));
    item.append(input, element("label", { class: "govuk-label govuk-radios__label", for: id, lang }, label));
    if (hint) item.append(element("div", { class: "govuk-hint govuk-radios__hint", id: `${id}-hint` }, hint));
    list.append(item);
  });
  fieldset.append(list);
  group.append(fieldset);
  return group;
}

let fieldNumber = 0;

// A new id for a form field, unique on the page.
export const nextFieldId = () => `field-${(fieldNumber += 1)}`;

// A text input or textarea with its label, hint and error message; `lang` the language typed in,
// where it is not the page's. autocomplete="off" also keeps typed text out of the browser's
// session-restore files, where it would lie on disk unencrypted.
export function textField({ label, hint = "", multiline = false, value: text, maxlength, onInput, width = "", error = "", rows = 4,
  lang = null }) {
  const id = nextFieldId();
  const group = element("div", { class: `govuk-form-group${error ? " govuk-form-group--error" : ""}` });
  group.append(element("label", { class: "govuk-label govuk-label--s", for: id }, label));
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || null;
  if (hint) group.append(element("div", { class: "govuk-hint", id: `${id}-hint` }, hint));
  if (error) {
    const message = element("p", { class: "govuk-error-message", id: `${id}-error` });
    message.append(element("span", { class: "govuk-visually-hidden" }, `${_("Error")}: `), document.createTextNode(error));
    group.append(message);
  }
  const input = multiline
    ? element("textarea", { class: "govuk-textarea", id, rows: String(rows), maxlength: String(maxlength), autocomplete: "off",
      lang, "aria-describedby": described })
    : element("input", { class: `govuk-input ${width}${error ? " govuk-input--error" : ""}`.trim(), id, type: "text",
      maxlength: String(maxlength), autocomplete: "off", spellcheck: "false", lang, "aria-describedby": described });
  input.value = text;
  input.addEventListener("input", () => onInput(multiline ? input.value : input.value.replace(/[\r\n]/g, " ")));
  group.append(input);
  return group;
}

// A button that acts now (not a form submit); secondary unless told otherwise.
export function button(label, onPress, extra = "govuk-button--secondary") {
  const control = element("button", { type: "button", class: `govuk-button ${extra}`.trim() }, label);
  control.addEventListener("click", onPress);
  return control;
}

// One GOV.UK checkbox (https://design-system.service.gov.uk/components/checkboxes/), to go in a
// "govuk-checkboxes" list; onChange(checked) whenever it is ticked or unticked.
export function checkbox({ id, label, checked, onChange, attributes = {} }) {
  const item = element("div", { class: "govuk-checkboxes__item" });
  const input = element("input", { class: "govuk-checkboxes__input", type: "checkbox", id, ...attributes });
  input.checked = checked;
  input.addEventListener("change", () => onChange(input.checked));
  item.append(input, element("label", { class: "govuk-label govuk-checkboxes__label", for: id }, label));
  return item;
}

// A GOV.UK date input (https://design-system.service.gov.uk/components/date-input/): day, month and
// year boxes under a legend and hint, filled from `current` ("YYYY-MM-DD" or empty). On every change
// check(day, month, year) gives {date} or {error}, and onChange(that result) is called. A date
// being typed is not yet wrong: the error is shown only once every box is filled in.
export function dateInput({ id, legend, hint, current, check, onChange }) {
  const [year, month, day] = current ? current.split("-") : ["", "", ""];
  const group = element("div", { class: "govuk-form-group" });
  const fieldset = element("fieldset", { class: "govuk-fieldset", role: "group", "aria-describedby": `${id}-hint` });
  fieldset.append(element("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" }, legend));
  fieldset.append(element("div", { class: "govuk-hint", id: `${id}-hint` }, hint));
  const message = element("p", { class: "govuk-error-message", id: `${id}-error`, hidden: true });
  fieldset.append(message);
  const inputs = element("div", { class: "govuk-date-input" });
  const parts = {};
  for (const [key, label, width, initial] of [["day", _("Day"), 2, day], ["month", _("Month"), 2, month], ["year", _("Year"), 4, year]]) {
    const item = element("div", { class: "govuk-date-input__item" });
    const wrap = element("div", { class: "govuk-form-group" });
    wrap.append(element("label", { class: "govuk-label govuk-date-input__label", for: `${id}-${key}` }, label));
    const input = element("input", { class: `govuk-input govuk-date-input__input govuk-input--width-${width}`, id: `${id}-${key}`,
      type: "text", inputmode: "numeric", autocomplete: "off" });
    input.value = initial ? String(Number(initial)) : "";
    parts[key] = input;
    wrap.append(input);
    item.append(wrap);
    inputs.append(item);
  }
  inputs.addEventListener("input", () => {
    const typed = [parts.day, parts.month, parts.year].map((input) => input.value.trim());
    const result = check(...typed);
    const shown = result.error && typed.every(Boolean);
    group.classList.toggle("govuk-form-group--error", Boolean(shown));
    message.hidden = !shown;
    message.textContent = shown ? result.error : "";
    for (const input of Object.values(parts)) input.classList.toggle("govuk-input--error", Boolean(shown));
    fieldset.setAttribute("aria-describedby", shown ? `${id}-hint ${id}-error` : `${id}-hint`);
    onChange(result);
  });
  fieldset.append(inputs);
  group.append(fieldset);
  return group;
}

// The ways a child may communicate, in the contract's order (the boxes' order on screen).
export const COMMUNICATION = communication;
const WAY_LABELS = () => ({
  spoke: _("Spoke"), wrote: _("Wrote"), signed: _("Signed (BSL or Makaton)"), symbols: _("Used symbols"),
  pointing: _("Pointing or eye-gaze"), interpreter: _("Through an interpreter"), behaviour: _("Behaviour observed"),
});

// "How did the child communicate?": the boxes and the worker's note, for every tool's session record.
export function communicationFields(draft, onChange) {
  const record = communicationOf(draft);
  const group = element("div", { class: "govuk-form-group" });
  const fieldset = element("fieldset", { class: "govuk-fieldset", "aria-describedby": "communication-hint" });
  fieldset.append(element("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" },
    _("How did the child communicate?")));
  fieldset.append(element("div", { class: "govuk-hint", id: "communication-hint" },
    _("Tick every way the child told you their views. The record and every export will say so.")));
  const boxes = element("div", { class: "govuk-checkboxes govuk-checkboxes--small", "data-module": "govuk-checkboxes" });
  const labels = WAY_LABELS();
  for (const way of COMMUNICATION.ways) {
    boxes.append(checkbox({ id: `communication-${way}`, label: labels[way], checked: record.ways.includes(way),
      onChange: (checked) => {
        const chosen = new Set(record.ways);
        if (checked) chosen.add(way); else chosen.delete(way);
        record.ways = COMMUNICATION.ways.filter((each) => chosen.has(each)); // the contract's order
        onChange();
      } }));
  }
  fieldset.append(boxes);
  group.append(fieldset);
  group.append(textField({ label: _("Your note on how the child communicated"),
    hint: _("For example, which signs or symbols, who interpreted, or what you saw. Not shown to parents or the network."),
    multiline: true, rows: 3, value: record.note, maxlength: COMMUNICATION.note_max,
    onInput: (value) => { record.note = value; onChange(); } }));
  return group;
}

// Who else was present at a visit (fields.check_present on the server): a name and a role each, a
// button to remove each and one to add another, up to `limit`. `present` is the draft's list, changed
// in place; onChange() after each change, and rerender() after adding or removing one (the rows move).
export function presentFields({ present, limit, onChange, rerender, rowClass = "app-present", removeClass = "" }) {
  const fieldset = element("fieldset", { class: "govuk-fieldset govuk-!-margin-bottom-6" });
  fieldset.append(element("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" }, _("Who else is present?")));
  fieldset.append(element("div", { class: "govuk-hint" }, _("Everyone besides you and the child. Leave empty if nobody else was there.")));
  present.forEach((person, index) => {
    const row = element("div", { class: rowClass });
    row.append(textField({ label: _("Name of person %(n)s", { n: index + 1 }), value: person.name, maxlength: limit.text,
      width: "govuk-input--width-20", onInput: (value) => { person.name = value; onChange(); } }));
    row.append(textField({ label: _("Role or relationship of person %(n)s", { n: index + 1 }), value: person.role,
      maxlength: limit.text, width: "govuk-input--width-20", onInput: (value) => { person.role = value; onChange(); } }));
    row.append(button(_("Remove person %(n)s", { n: index + 1 }), () => {
      present.splice(index, 1);
      onChange();
      rerender();
    }, `govuk-button--secondary ${removeClass}`.trim()));
    fieldset.append(row);
  });
  if (present.length < limit.people) {
    fieldset.append(button(_("Add a person"), () => {
      present.push({ name: "", role: "" });
      onChange();
      rerender();
    }));
  }
  return fieldset;
}
