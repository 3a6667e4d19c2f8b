// GOV.UK form patterns for the worker's views of every tool, built without innerHTML.
//
// Main decision: the markup is the GOV.UK Design System's own (https://design-system.service.gov.uk/
// components/radios/), so these views look and behave like every other practitioner screen.

import { element } from "../tablet/dom.js";

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
