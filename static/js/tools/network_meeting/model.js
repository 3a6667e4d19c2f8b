// A network meeting's rules: a new meeting for the child's network, and everything the server checks
// that a worker can change (problems), naming the person or rule. The limits are contract.json's,
// which the server reads too (sofs_direct/tools/network/meeting/__init__.py, docs/network.md).
//
// Main decision: a meeting belongs to a network, so it takes the network's own rules for a day and
// a network carried from the server (../network/model.js) rather than writing them again.

import { _, formatDay } from "../../tablet/i18n.js";
import { Problems, isBlank } from "../checks.js";
import { checkDate, networkContent } from "../network/model.js";
import contract from "./contract.json" with { type: "json" };

export const LIMITS = contract;
const LATEST_DAY = contract.latest; // the last day the server shows (network.LATEST)

const isDay = (value) => typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);

// A day written YYYY-MM-DD against the date input's own check (a real date from 1900; not in the
// future unless `future`).
export function checkDay(iso, future = false) {
  const [year, month, day] = iso.split("-");
  return future ? futureDate(day, month, year) : checkDate(day, month, year);
}

// When the next meeting will be: checkDate's rule but for "not in the future", and no later than the
// last day the server shows.
export function futureDate(day, month, year) {
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

// The people who came who are not in the network (a professional, a guest), numbered from 1 as the
// worker sees them on the form: the ticked members of the network are not counted.
export function guests(attended) {
  return attended.map((person, index) => ({ person, index })).filter(({ person }) => person.member === null)
    .map((guest, number) => ({ ...guest, number: number + 1 }));
}

export const model = {
  kind: "network_meeting",
  title: () => _("Safety network meeting"),

  initialContent(childId, context) {
    const record = context && context.childRecord(childId);
    const network = networkContent(childId, record && record.network);
    return { network: network.network, children: network.children, date: "", attended: [], agreed: [],
      next_meeting: null, notes: "" };
  },

  // Every rule of the server's a worker can break here (docs/network.md, "Network meetings"), in
  // words naming the person or rule (tests/tablet/test_contract_tablet.py holds these equal to the server's).
  problems(draft) {
    const meeting = draft.content;
    const problems = new Problems();
    if (!meeting.date) problems.add(_("Enter the date of the meeting"));
    else if (!isDay(meeting.date) || checkDay(meeting.date).error) {
      problems.add(_("Enter the date of the meeting as a real date, not in the future"));
    }
    if (!meeting.attended.length) problems.add(_("Say who came to the meeting"));
    problems.count(meeting.attended, contract.attended_max, _("At most %(count)s people can be recorded as coming: remove some",
      { count: contract.attended_max }));
    const numbers = new Map(guests(meeting.attended).map(({ person, number }) => [person, number]));
    meeting.attended.forEach((person, index) => {
      const n = numbers.get(person); // a guest's number; a member's name comes from the network
      if (isBlank(person.name)) {
        // A member with no name is only in a damaged draft: said in the server's words.
        problems.add(n ? _("Give the name of other person %(n)s, or remove them", { n })
          : _("Give the name of person %(number)s attending, or remove them", { number: index + 1 }));
      }
      const who = n ? _("other person %(n)s", { n }) : person.name;
      problems.text(person.name, _("the name of %(who)s", { who }), contract.name_max, { oneLine: true });
      problems.text(person.role, _("the role of %(who)s", { who }), contract.person_text_max, { oneLine: true });
    });
    problems.count(meeting.agreed, contract.agreed_max, _("A meeting can record at most %(count)s rules: remove some", { count: contract.agreed_max }));
    meeting.agreed.forEach((rule, index) => {
      const n = index + 1;
      if (isBlank(rule.rule)) problems.add(_("Write rule %(n)s, or remove it", { n }));
      else if (!rule.responsible.length) problems.add(_("Say who is responsible for rule %(n)s", { n }));
      problems.text(rule.rule, _("rule %(n)s", { n }), contract.rule_max);
      problems.count(rule.responsible, contract.responsible_max, _("At most %(count)s people can be responsible for rule %(n)s",
        { count: contract.responsible_max, n }));
      for (const person of rule.responsible) {
        if (!person) problems.add(_("Say who is responsible for rule %(n)s", { n }));
        problems.text(person, _("someone responsible for rule %(n)s", { n }), contract.name_max, { oneLine: true });
      }
    });
    if (meeting.next_meeting !== null) {
      if (!isDay(meeting.next_meeting) || meeting.next_meeting > LATEST_DAY || checkDay(meeting.next_meeting, true).error) {
        problems.add(_("Enter the date of the next meeting as a real date before 2101, or leave it empty"));
      } else if (meeting.date && meeting.next_meeting <= meeting.date) {
        problems.add(_("The next meeting must be after this one"));
      }
    }
    problems.text(meeting.notes, _("the notes"), contract.notes_max);
    return problems.list;
  },

  summary(content) {
    return _("Meeting on %(date)s, %(count)s rules agreed",
      { date: formatDay(content.date), count: content.agreed.length });
  },
};
