// The family and safety network's rules: a network carried from the server or a new one, how
// names compare, and everything the server checks that a worker can change (problems), naming the
// person. The limits, choices and orders are contract.json's, which the server reads too
// (sofs_direct/tools/network/, docs/network.md).
//
// Main decision: the rules live apart from the screens (screen.js), so the differential test
// (tests/tablet/test_contract_tablet.py), the map and the network meeting ask the same module.

import { _ } from "../../tablet/i18n.js";
import { Problems, isBlank, strip } from "../checks.js";
import { sameName } from "../folding.js";
import contract from "./contract.json" with { type: "json" };

export const LIMITS = contract;
const RING_NUMBERS = Array.from({ length: contract.rings[1] - contract.rings[0] + 1 }, (_unused, index) => contract.rings[0] + index);
// The stamps a person may have: those of the artwork's groups for people and feelings (static/ink/artwork.json).
export const PEOPLE_STAMPS = ["person-adult", "person-older", "person-child", "person-baby", "family",
  "stick-adult", "stick-child", "stick-baby", "face-happy", "face-calm", "face-sad", "face-worried", "face-scared",
  "face-angry", "face-surprised"];

// Names compare without case or accents ("Siân" is "sian"), as the server's uniqueness rule does
// (docs/folding-and-matching.md, "Names").
export { sameName };

export function value(member, name, fallback = null) {
  const field = member.fields[name];
  return field === undefined ? fallback : field.value;
}

// Every change to a person is written as a field stamped {value, at, by} (this tablet's clock and
// device id), never as a bare value, so two tablets' saves merge per field on the server.
export function stamp(member, name, fieldValue, deviceId) {
  member.fields[name] = { value: fieldValue, at: new Date().toISOString(), by: deviceId };
}

// A person with their relation or role: "Gwen (grandmother)"; when either already has brackets,
// "Gwen (Nain) – grandmother", never brackets inside brackets (network_render.person_with on the server).
export function personWith(name, detail) {
  if (!detail) return name;
  return /[()]/.test(name + detail) ? `${name} – ${detail}` : `${name} (${detail})`;
}

export function newMemberId() {
  return `m-${crypto.randomUUID()}`;
}

// A saved network carried from the server (its members with their field stamps), or a new one.
export function networkContent(childId, carried) {
  if (carried && carried.network) {
    const children = carried.children && carried.children.length ? [...carried.children] : [childId];
    if (!children.includes(childId)) children.push(childId);
    return {
      network: carried.network, children,
      members: (carried.members || []).filter((member) => !member.removed).map((member) => ({ id: member.id, fields: structuredClone(member.fields) })),
      removed: [],
    };
  }
  return { network: crypto.randomUUID(), children: [childId], members: [], removed: [] };
}

// The day a person was told: a real date, not in the future, not before 1900 (docs/network.md).
export function checkDate(day, month, year) {
  if (!day && !month && !year) return { date: null };
  const [d, m, y] = [day, month, year].map((part) => Number(part));
  const valid = /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year);
  const when = new Date(Date.UTC(y, m - 1, d));
  if (!valid || when.getUTCDate() !== d || when.getUTCMonth() !== m - 1) return { error: _("Enter a real date, for example 27 3 2026") };
  if (y < Number(contract.earliest.slice(0, 4))) return { error: _("The date must be after 1900") };
  const today = new Date();
  const iso = `${String(y)}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  const todayIso = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`;
  if (iso > todayIso) return { error: _("The date cannot be in the future") };
  return { date: iso };
}

export const model = {
  kind: "network",
  title: () => _("Family and safety network"),

  initialContent(childId, context) {
    const record = context && context.childRecord(childId);
    return networkContent(childId, record && record.network);
  },

  // Every rule of the server's a worker can break here (docs/network.md), naming the person
  // (tests/tablet/test_contract_tablet.py holds these equal to the server's checks).
  problems(draft) {
    const { members } = draft.content;
    const problems = new Problems();
    if (!members.length) problems.add(_("Add at least one person to the network"));
    problems.count(members, contract.members_max, _("A network can have at most %(count)s people", { count: contract.members_max }));
    const seen = new Set();
    members.forEach((member, index) => {
      const typed = String(value(member, "name", ""));
      const name = strip(typed);
      if (!name) {
        problems.add(_("Give person %(number)s a name", { number: index + 1 }));
        return;
      }
      if (seen.has(sameName(name))) problems.add(_("%(name)s is in the network twice: give each person a different name", { name }));
      seen.add(sameName(name));
      problems.text(typed, _("the name of %(name)s", { name }), contract.name_max, { oneLine: true });
      const relation = value(member, "relation", "");
      if (typeof relation !== "string" || isBlank(relation)) problems.add(_("Say how %(name)s is related to the child", { name }));
      else problems.text(relation, _("how %(name)s is related to the child", { name }), contract.name_max, { oneLine: true });
      const again = _("Check the details of %(name)s again", { name });
      for (const [field, what, limit] of [["contact", _("the contact details of %(name)s", { name }), contract.contact_max],
        ["role", _("the role of %(name)s in the safety plan", { name }), contract.role_max]]) {
        const text = value(member, field, "");
        if (typeof text === "string") problems.text(text, what, limit);
        else problems.add(again);
      }
      problems.choice(value(member, "ring", 1), RING_NUMBERS, again);
      const angle = value(member, "angle", 0);
      if (!Number.isInteger(angle) || angle < contract.angles[0] || angle > contract.angles[1]) problems.add(again);
      problems.choice(value(member, "stamp", null), [null, ...PEOPLE_STAMPS], again);
      for (const field of ["parent", "parental_responsibility"]) problems.choice(value(member, field, false), [true, false], again);
      for (const field of ["willing", "clear"]) problems.choice(value(member, field, null), [null, true, false], again);
      const views = value(member, "child_view", []);
      if (!Array.isArray(views) || !views.every((view) => contract.child_views.includes(view)) || new Set(views).size !== views.length) {
        problems.add(_("Ask the child again how they see %(name)s", { name }));
      }
      const informed = value(member, "informed");
      if (informed !== null) {
        const [year, month, day] = String(informed).split("-");
        const checked = /^\d{4}-\d{2}-\d{2}$/.test(informed) ? checkDate(day, month, year) : { error: _("Enter a real date, for example 27 3 2026") };
        if (checked.error) problems.add(`${name}: ${checked.error}`);
      }
      for (const [field, stamped] of Object.entries(member.fields)) {
        problems.time(stamped.at, _("the details of %(name)s were changed", { name }));
        if (!contract.fields.includes(field)) problems.add(again);
      }
    });
    for (const removal of draft.content.removed) problems.time(removal.at, _("someone was removed from the network"));
    return problems.list;
  },

  summary(content) {
    return _("%(count)s people", { count: content.members.length });
  },
};
