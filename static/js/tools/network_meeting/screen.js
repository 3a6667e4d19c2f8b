// A safety network meeting: when it was, who came, the safety plan rules agreed (each with who is
// responsible) and when the network meets next. The document is docs/network.md ("Network meetings").
//
// Main decision: people are chosen from the network the tablet carries for the child (ticked, and
// stored by member id, so a renamed person stays the same person); anyone else who came — a
// professional, a guest — is typed in with their role and stored with member null.

import { element } from "../../tablet/dom.js";
import { _, formatDay } from "../../tablet/i18n.js";
import { screenHooks } from "../screen.js";
import { Problems, isBlank } from "../checks.js";
import { checkDate, networkContent, personWith, value } from "../network/screen.js";
import { button, checkbox, dateInput, textField } from "../forms.js";

const MAX_PEOPLE = 50;
const MAX_RULES = 50;
const MAX_RULE = 500;
const MAX_NOTES = 5000;
const MAX_NAME = 80;
const MAX_ROLE = 120;
const MAX_RESPONSIBLE = 20;
const LATEST_DAY = "2100-12-31"; // the last day the server shows (network.LATEST)

const isDay = (value) => typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);

// A day written YYYY-MM-DD against the date input's own check (a real date from 1900; not in the
// future unless `future`).
function checkDay(iso, future = false) {
  const [year, month, day] = iso.split("-");
  return future ? futureDate(day, month, year) : checkDate(day, month, year);
}

let fieldNumber = 0;
const nextId = () => `nm-${(fieldNumber += 1)}`;

// When the next meeting will be: checkDate's rule but for "not in the future", and no later than the
// last day the server shows.
function futureDate(day, month, year) {
  const result = checkDate(day, month, year);
  if (result.error && /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year)) {
    const [d, m, y] = [day, month, year].map(Number);
    const when = new Date(Date.UTC(y, m - 1, d));
    if (y >= 1900 && when.getUTCDate() === d && when.getUTCMonth() === m - 1) {
      const iso = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
      return iso > LATEST_DAY ? { error: _("The date must be before 2101") } : { date: iso };
    }
  }
  return result;
}

// The day the meeting was, or (future) when it will be. onChange(iso, null when every box is empty,
// or undefined while the boxes make no date).
function dateField({ legend, hint, current, onChange, future = false }) {
  return dateInput({ id: nextId(), legend, hint, current, check: future ? futureDate : checkDate,
    onChange: (result) => onChange(result.error ? undefined : result.date) });
}

// The people who came who are not in the network (a professional, a guest), numbered from 1 as the
// worker sees them on the form: the ticked members of the network are not counted.
function guests(attended) {
  return attended.map((person, index) => ({ person, index })).filter(({ person }) => person.member === null)
    .map((guest, number) => ({ ...guest, number: number + 1 }));
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

  rerender() {
    this.save();
    this.show();
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
    body.append(textField({ label: _("Notes"), multiline: true, maxlength: MAX_NOTES, value: meeting.notes,
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
      row.append(textField({ label: _("Name of other person %(n)s", { n }), value: person.name, maxlength: MAX_NAME,
        width: "govuk-input--width-20", onInput: (text) => { person.name = text; this.save(); } }));
      row.append(textField({ label: _("Role of other person %(n)s", { n }), value: person.role, maxlength: MAX_NAME,
        width: "govuk-input--width-20", hint: _("For example social worker, teacher"),
        onInput: (text) => { person.role = text; this.save(); } }));
      row.append(button(_("Remove other person %(n)s", { n }), () => {
        meeting.attended.splice(index, 1);
        this.rerender();
      }));
      fieldset.append(row);
    }
    if (meeting.attended.length < MAX_PEOPLE) {
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
      row.append(textField({ label: _("Rule %(n)s", { n: index + 1 }), multiline: true, maxlength: MAX_RULE, value: rule.rule,
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
    if (meeting.agreed.length < MAX_RULES) {
      fieldset.append(button(_("Add a rule"), () => {
        meeting.agreed.push({ rule: "", responsible: [] });
        this.rerender();
      }));
    }
    return fieldset;
  }
}

export default {
  kind: "network_meeting",
  title: () => _("Safety network meeting"),

  initialContent(childId, context) {
    const record = context && context.childRecord(childId);
    const network = networkContent(childId, record && record.network);
    return { network: network.network, children: network.children, date: "", attended: [], agreed: [],
      next_meeting: null, notes: "" };
  },

  // The screen is given the platform's context: the people of the network carried for the child.
  ...screenHooks(MeetingScreen),

  // Every rule of the server's a worker can break here (docs/network.md, "Network meetings"), in
  // words naming the person or rule (tests/test_contract_tablet.py holds these equal to the server's).
  problems(draft) {
    const meeting = draft.content;
    const problems = new Problems();
    if (!meeting.date) problems.add(_("Enter the date of the meeting"));
    else if (!isDay(meeting.date) || checkDay(meeting.date).error) {
      problems.add(_("Enter the date of the meeting as a real date, not in the future"));
    }
    if (!meeting.attended.length) problems.add(_("Say who came to the meeting"));
    problems.count(meeting.attended, MAX_PEOPLE, _("At most %(count)s people can be recorded as coming: remove some",
      { count: MAX_PEOPLE }));
    for (const { person, number: n } of guests(meeting.attended)) {
      if (isBlank(person.name)) problems.add(_("Give the name of other person %(n)s, or remove them", { n }));
    }
    const numbers = new Map(guests(meeting.attended).map(({ person, number }) => [person, number]));
    meeting.attended.forEach((person, index) => {
      // A member's name comes from the network; blank only in a damaged draft (the server's words).
      if (!numbers.has(person) && isBlank(person.name)) {
        problems.add(_("Give the name of person %(number)s attending, or remove them", { number: index + 1 }));
      }
      const who = numbers.has(person) ? _("other person %(n)s", { n: numbers.get(person) }) : person.name;
      problems.text(person.name, _("the name of %(who)s", { who }), MAX_NAME, { oneLine: true });
      problems.text(person.role, _("the role of %(who)s", { who }), MAX_ROLE, { oneLine: true });
    });
    problems.count(meeting.agreed, MAX_RULES, _("A meeting can record at most %(count)s rules: remove some", { count: MAX_RULES }));
    meeting.agreed.forEach((rule, index) => {
      const n = index + 1;
      if (isBlank(rule.rule)) problems.add(_("Write rule %(n)s, or remove it", { n }));
      else if (!rule.responsible.length) problems.add(_("Say who is responsible for rule %(n)s", { n }));
      problems.text(rule.rule, _("rule %(n)s", { n }), MAX_RULE);
      problems.count(rule.responsible, MAX_RESPONSIBLE, _("At most %(count)s people can be responsible for rule %(n)s",
        { count: MAX_RESPONSIBLE, n }));
      for (const person of rule.responsible) {
        if (!person) problems.add(_("Say who is responsible for rule %(n)s", { n }));
        problems.text(person, _("someone responsible for rule %(n)s", { n }), MAX_NAME, { oneLine: true });
      }
    });
    if (meeting.next_meeting !== null) {
      if (!isDay(meeting.next_meeting) || meeting.next_meeting > LATEST_DAY || checkDay(meeting.next_meeting, true).error) {
        problems.add(_("Enter the date of the next meeting as a real date before 2101, or leave it empty"));
      } else if (meeting.date && meeting.next_meeting <= meeting.date) {
        problems.add(_("The next meeting must be after this one"));
      }
    }
    problems.text(meeting.notes, _("the notes"), MAX_NOTES);
    return problems.list;
  },

  summary(content) {
    return _("Meeting on %(date)s, %(count)s rules agreed",
      { date: formatDay(content.date), count: content.agreed.length });
  },
};
