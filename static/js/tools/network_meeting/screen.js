// A safety network meeting: when it was, who came, the safety plan rules agreed (each with who is
// responsible) and when the network meets next. The document is docs/network.md ("Network meetings").
//
// Main decision: people are chosen from the network the tablet carries for the child (ticked, and
// stored by member id, so a renamed person stays the same person); anyone else who came — a
// professional, a guest — is typed in with their role and stored with member null. The meeting's
// rules are model.js, with the limits of contract.json.

import { element } from "../../tablet/dom.js";
import { focusView, sameControl } from "../../tablet/focus.js";
import { _ } from "../../tablet/i18n.js";
import { screenHooks } from "../screen.js";
import { checkDate, personWith, value } from "../network/model.js";
import { button, checkbox, dateInput, textField } from "../forms.js";
import { LIMITS, futureDate, guests, model } from "./model.js";

let fieldNumber = 0;
const nextId = () => `nm-${(fieldNumber += 1)}`;

// The day the meeting was, or (future) when it will be. onChange(iso, null when every box is empty,
// or undefined while the boxes make no date).
function dateField({ legend, hint, current, onChange, future = false }) {
  return dateInput({ id: nextId(), legend, hint, current, check: future ? futureDate : checkDate,
    onChange: (result) => onChange(result.error ? undefined : result.date) });
}


class MeetingScreen {
  constructor(container, draft, onChange, context) {
    this.container = container;
    this.content = draft.content;
    // Only the people of this meeting's network: a network carried for the child that is another
    // one (rebuilt since) offers nobody to tick.
    const record = context && context.childRecord(draft.child_id);
    const carried = record && record.network;
    this.members = carried && carried.network === draft.content.network ? carried.members || [] : [];
    this.save = onChange;
    this.ready = Promise.resolve();
    this.show();
  }

  destroy() {}

  childMode() {} // a meeting is the adults' work: there is no child view

  // Drawn again after a person or a rule is added or removed: focus stays on the button in the same
  // place (focus.js), else the heading, never <body>.
  rerender() {
    const pressed = sameControl(document.activeElement);
    this.save();
    this.show();
    focusView(this.container, pressed);
  }

  show() {
    const meeting = this.content;
    const body = element("div", { class: "app-nm" });
    body.append(element("h2", { class: "govuk-heading-m", tabindex: "-1" }, _("Safety network meeting")));
    body.append(dateField({ legend: _("When was the meeting?"), hint: _("For example, 27 3 2026"), current: meeting.date,
      onChange: (date) => {
        meeting.date = date || "";
        this.save();
      } }));
    body.append(this.attendedField());
    body.append(this.agreedField());
    body.append(dateField({ legend: _("When is the next meeting?"), hint: _("Leave empty if it is not arranged yet"),
      current: meeting.next_meeting, future: true,
      onChange: (date) => {
        meeting.next_meeting = date === undefined ? meeting.next_meeting : date;
        this.save();
      } }));
    body.append(textField({ label: _("Notes"), multiline: true, maxlength: LIMITS.notes_max, value: meeting.notes,
      onInput: (text) => { meeting.notes = text; this.save(); } }));
    this.container.replaceChildren(body);
  }

  // The members of the carried network, to tick; then anyone else who came, with their role.
  attendedField() {
    const meeting = this.content;
    const fieldset = element("fieldset", { class: "govuk-fieldset govuk-!-margin-bottom-6" });
    fieldset.append(element("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" }, _("Who came?")));
    if (this.members.length) {
      const boxes = element("div", { class: "govuk-checkboxes govuk-checkboxes--small" });
      for (const member of this.members) {
        const name = value(member, "name");
        boxes.append(checkbox({ id: nextId(), label: personWith(name, value(member, "relation", "")), checked: meeting.attended.some((person) => person.member === member.id),
          onChange: (ticked) => {
            meeting.attended = meeting.attended.filter((person) => person.member !== member.id);
            if (ticked) meeting.attended.push({ member: member.id, name, role: value(member, "relation", "") || "" });
            this.save();
          } }));
      }
      fieldset.append(boxes);
    } else {
      fieldset.append(element("p", { class: "govuk-body" }, _("No network is carried for this child yet: add the people who came below.")));
    }
    for (const { person, index, number: n } of guests(meeting.attended)) {
      const row = element("div", { class: "app-nm__person" });
      row.append(textField({ label: _("Name of other person %(n)s", { n }), value: person.name, maxlength: LIMITS.name_max,
        width: "govuk-input--width-20", onInput: (text) => { person.name = text; this.save(); } }));
      row.append(textField({ label: _("Role of other person %(n)s", { n }), value: person.role, maxlength: LIMITS.person_text_max,
        width: "govuk-input--width-20", hint: _("For example social worker, teacher"),
        onInput: (text) => { person.role = text; this.save(); } }));
      row.append(button(_("Remove other person %(n)s", { n }), () => {
        meeting.attended.splice(index, 1);
        this.rerender();
      }));
      fieldset.append(row);
    }
    if (meeting.attended.length < LIMITS.attended_max) {
      fieldset.append(button(_("Add someone else who came"), () => {
        meeting.attended.push({ member: null, name: "", role: "" });
        this.rerender();
      }));
    }
    return fieldset;
  }

  agreedField() {
    const meeting = this.content;
    const fieldset = element("fieldset", { class: "govuk-fieldset govuk-!-margin-bottom-6" });
    fieldset.append(element("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" }, _("What was agreed")));
    fieldset.append(element("div", { class: "govuk-hint" }, _("The safety plan rules, each with who is responsible for it")));
    meeting.agreed.forEach((rule, index) => {
      const row = element("div", { class: "app-nm__rule" });
      row.append(textField({ label: _("Rule %(n)s", { n: index + 1 }), multiline: true, maxlength: LIMITS.rule_max, value: rule.rule,
        onInput: (text) => { rule.rule = text; this.save(); } }));
      const who = element("fieldset", { class: "govuk-fieldset" });
      who.append(element("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" },
        _("Who is responsible for rule %(n)s?", { n: index + 1 })));
      const boxes = element("div", { class: "govuk-checkboxes govuk-checkboxes--small" });
      const people = [...this.members.map((member) => ({ key: member.id, name: value(member, "name") })),
        ...meeting.attended.filter((person) => person.member === null && person.name.trim())
          .map((person) => ({ key: person.name.trim(), name: person.name.trim() }))];
      for (const person of people) {
        boxes.append(checkbox({ id: nextId(), label: person.name, checked: rule.responsible.includes(person.key),
          onChange: (ticked) => {
            rule.responsible = rule.responsible.filter((key) => key !== person.key);
            if (ticked) rule.responsible.push(person.key);
            this.save();
          } }));
      }
      who.append(boxes);
      row.append(who);
      row.append(button(_("Remove rule %(n)s", { n: index + 1 }), () => {
        meeting.agreed.splice(index, 1);
        this.rerender();
      }));
      fieldset.append(row);
    });
    if (meeting.agreed.length < LIMITS.agreed_max) {
      fieldset.append(button(_("Add a rule"), () => {
        meeting.agreed.push({ rule: "", responsible: [] });
        this.rerender();
      }));
    }
    return fieldset;
  }
}

export default {
  ...model,
  // The screen is given the platform's context: the people of the network carried for the child.
  ...screenHooks(MeetingScreen),
};
