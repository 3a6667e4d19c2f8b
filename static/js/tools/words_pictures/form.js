// Words and Pictures' own GOV.UK pieces for the worker's views: the character count under a page's
// words and the version's note, and the storyboard's buttons. Text inputs, radios and checkboxes are
// the ones every tool shares (../forms.js).
//
// Main decision: going over a limit is allowed and shown as an error, never cut short, so a long
// paste is not lost; a button acting on one page names that page for a screen reader.

import { element } from "../../tablet/dom.js";
import { _ } from "../../tablet/i18n.js";
import { characters } from "../checks.js";
import { button as govukButton, nextFieldId } from "../forms.js";

// The GOV.UK character count (https://design-system.service.gov.uk/components/character-count/):
// the limit is stated, the count shown as you type, and going over is allowed and shown as an error,
// so a long paste is never cut short and lost.
export function characterCount({ label, hint = "", value, limit, onInput, rows = 5, lang = null, labelSize = "s" }) {
  const id = nextFieldId();
  const group = element("div", { class: "govuk-form-group govuk-character-count" });
  group.append(element("label", { class: `govuk-label govuk-label--${labelSize}`, for: id }, label));
  if (hint) group.append(element("div", { class: "govuk-hint", id: `${id}-hint` }, hint));
  const area = element("textarea", { class: "govuk-textarea govuk-js-character-count", id, rows: String(rows),
    autocomplete: "off", spellcheck: "true", lang, "aria-describedby": `${hint ? `${id}-hint ` : ""}${id}-info` });
  area.value = value;
  const message = element("div", { class: "govuk-hint govuk-character-count__message", id: `${id}-info` });
  const count = () => {
    const left = limit - characters(area.value);
    const over = left < 0;
    message.textContent = over
      ? (left === -1 ? _("You have 1 character too many") : _("You have %(count)s characters too many", { count: -left }))
      : (left === 1 ? _("You have 1 character remaining") : _("You have %(count)s characters remaining", { count: left }));
    message.className = over ? "govuk-error-message govuk-character-count__message" : "govuk-hint govuk-character-count__message";
    group.classList.toggle("govuk-form-group--error", over);
    area.classList.toggle("govuk-textarea--error", over);
  };
  area.addEventListener("input", () => {
    count();
    onInput(area.value);
  });
  count();
  group.append(area, message);
  return { group, area, count };
}

const KINDS = { primary: "", secondary: "govuk-button--secondary", warning: "govuk-button--warning" };

// A button whose accessible name says which page it acts on ("Move up" + hidden "page 2").
export function button(label, onPress, { kind = "secondary", hidden = "", attributes = {} } = {}) {
  const node = govukButton(label, onPress, `${KINDS[kind]} app-wp__button`.trim());
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (hidden) node.append(element("span", { class: "govuk-visually-hidden" }, ` ${hidden}`));
  return node;
}
