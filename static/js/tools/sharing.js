// The child's wish about who may see something: one control for every tool, mirroring the one
// validator on the server (sofs_direct/artefacts/sharing.py).
//
// Main decision: the default is "ask" (not asked yet), never "everyone": a wish is only recorded
// when the worker ticks what the child said. The GOV.UK checkboxes pattern with an exclusive
// "Nobody" option (https://design-system.service.gov.uk/components/checkboxes/) keeps the choice
// one fieldset; ticking nothing means "not asked yet".

import { element } from "../tablet/dom.js";
import { _ } from "../tablet/i18n.js";
import sharing from "./sharing.json" with { type: "json" };

// Who may see something, in the canonical order (sharing.json, which the server reads too).
export const AUDIENCES = sharing.audiences;
export const NOT_ASKED = sharing.not_asked;

// A wish in the canonical order (folding.canonical_wish on the server): "ask" as it is, a list sorted
// into the order of AUDIENCES. Nothing is dropped: a wrong wish stays wrong, for the check to say so.
export function canonicalWish(wish) {
  if (!Array.isArray(wish)) return wish;
  const rank = (audience) => (AUDIENCES.includes(audience) ? AUDIENCES.indexOf(audience) : AUDIENCES.length);
  return [...wish].sort((a, b) => rank(a) - rank(b));
}

export function audienceNames() {
  return { parents: _("Parents"), network: _("Safety network"), conference: _("Conference") };
}

export function describeWish(wish) {
  if (wish === "ask") return _("Not asked yet");
  if (!wish.length) return _("Nobody");
  const names = audienceNames();
  return canonicalWish(wish).map((audience) => names[audience]).join(", "); // as the server says it
}

let controls = 0;

// A fieldset of checkboxes; onChange(wish) with "ask", [] or a sorted list of audiences.
export function wishControl({ legend, wish, onChange }) {
  const id = `wish-${(controls += 1)}`;
  const group = element("div", { class: "govuk-form-group app-wish" });
  const fieldset = element("fieldset", { class: "govuk-fieldset", "aria-describedby": `${id}-hint` });
  fieldset.append(element("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" }, legend));
  fieldset.append(element("div", { class: "govuk-hint", id: `${id}-hint` },
    _("What the child said. Leave all unticked if you have not asked yet.")));
  const boxes = element("div", { class: "govuk-checkboxes govuk-checkboxes--small" });
  const names = audienceNames();
  const inputs = {};
  const box = (value, label) => {
    const item = element("div", { class: "govuk-checkboxes__item" });
    const input = element("input", { class: "govuk-checkboxes__input", type: "checkbox", id: `${id}-${value}`, value });
    item.append(input, element("label", { class: "govuk-label govuk-checkboxes__label", for: input.id }, label));
    inputs[value] = input;
    return item;
  };
  for (const audience of AUDIENCES) boxes.append(box(audience, names[audience]));
  boxes.append(element("div", { class: "govuk-checkboxes__divider" }, _("or")));
  boxes.append(box("nobody", _("Nobody")));
  if (wish !== "ask") {
    if (!wish.length) inputs.nobody.checked = true;
    for (const audience of wish) inputs[audience].checked = true;
  }
  const current = () => {
    if (inputs.nobody.checked) return [];
    const chosen = AUDIENCES.filter((audience) => inputs[audience].checked); // canonical already
    return chosen.length ? chosen : "ask";
  };
  boxes.addEventListener("change", (event) => {
    // "Nobody" excludes the others and the others exclude "Nobody".
    if (event.target === inputs.nobody && inputs.nobody.checked) {
      for (const audience of AUDIENCES) inputs[audience].checked = false;
    } else if (event.target !== inputs.nobody && event.target.checked) {
      inputs.nobody.checked = false;
    }
    onChange(current());
  });
  fieldset.append(boxes);
  group.append(fieldset);
  return group;
}
