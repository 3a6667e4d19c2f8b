// The Safety House's rules: a new house, the next version after one is saved, the names of the zones
// and of whose number is whose, and everything the server checks that a worker or child can change
// (problems), said in plain words naming the person, the rule or the number. The limits, choices and
// orders are contract.json's, which the server reads too (sofs_direct/tools/safety_house/,
// docs/safety-house.md).
//
// Main decision: the rules live apart from the screens (screen.js and its views), so the differential
// test (tests/tablet/test_contract_tablet.py) and every view ask the same module, and no limit is
// written twice. The stickers a person or a rule may carry are the artwork's own stamps
// (static/ink/artwork.json, imported as data the way the contract is), so the check holds offline.

import { _ } from "../../tablet/i18n.js";
import { loadedArtwork } from "../../ink/draw.js";
import { detailProblems } from "../../ink/budget.js";
import { Problems, isBlank, quote } from "../checks.js";
import contract from "./contract.json" with { type: "json" };
import artwork from "../../../ink/artwork.json" with { type: "json" };

export const LIMITS = contract;
export const INK_PART = "ink-house";
export const OUTLINE = "house";
export const ID_PATTERN = /^[a-z0-9-]{1,40}$/;

// The stickers: a person's are the faces and figures (contract sticker_groups), a rule's any stamp.
export const PERSON_STICKERS = artwork.stamps.filter((stamp) => contract.sticker_groups.includes(stamp.group)).map((stamp) => stamp.id);
export const RULE_STICKERS = artwork.stamps.map((stamp) => stamp.id);

export const stickerURL = (id) => `/static/ink/stamps/${id}.png`;

// The zones as the child's buttons say them, and as the worker's screens name them.
export function zoneNames() {
  return { inside: _("In the house"), garden: _("In the garden"), outside: _("Outside the red line") };
}

// Each zone's symbol in symbol mode and the read-back (static/symbols/catalogue.json).
export const ZONE_SYMBOLS = { inside: "house", garden: "garden", outside: "stop" };

export function placeLabels() {
  return { inside: _("Put in the house"), garden: _("In the garden"), outside: _("Outside the red line") };
}

export function whoseNames() {
  return { child: _("The child"), worker: _("The worker"), parent: _("A parent or carer"), network: _("Someone in the safety network") };
}

export function nextId(list, letter) {
  const numbers = list.map((item) => (item.id.startsWith(letter) ? Number(item.id.slice(letter.length)) || 0 : 0));
  return `${letter}${Math.max(0, ...numbers) + 1}`;
}

export function childNumber(content) {
  return content.path.find((number) => number.who === "child") || null;
}

// Whether anything is in the house: a person, a rule or a number (the drawing alone is not a version).
export function somethingIn(content) {
  return Boolean(content.people.length || content.rules.length || content.path.length);
}

// How the worker's screens and the child's name a person, a rule and a number in a message.
export function personWhat(person, index) {
  return isBlank(person.name) ? _("person %(number)s", { number: index + 1 }) : quote(person.name);
}

export function ruleWhat(rule, index) {
  return isBlank(rule.text) ? _("rule %(number)s", { number: index + 1 }) : _("the rule %(quote)s", { quote: quote(rule.text) });
}

export function numberWhat(number) {
  const names = { child: _("the child's own number"), worker: _("the worker's number"), parent: _("the parent's number"),
    network: _("the safety network's number") };
  if (number.who !== "child" && typeof number.name === "string" && !isBlank(number.name)) {
    return _("%(name)s's number", { name: quote(number.name) });
  }
  return names[number.who] || _("a number on the safety path");
}

function newSession() {
  return { started_at: new Date().toISOString(), place: "", present: [], seen_alone: null };
}

function personProblems(person, index, problems, ids) {
  const what = personWhat(person, index);
  if (!ID_PATTERN.test(String(person.id)) || ids.has(person.id)) {
    problems.add(_("Take %(who)s out of the house and put them in again", { who: what }));
  }
  ids.add(person.id);
  problems.text(person.name, _("the name of %(who)s", { who: what }), contract.name_max, { oneLine: true });
  if (isBlank(person.name)) problems.add(_("Give %(who)s a name, or take them out of the house", { who: what }));
  problems.choice(person.zone, contract.zones, _("Put %(who)s in the house, in the garden or outside the red line again", { who: what }));
  problems.choice(person.only_with_safe_adult, [true, false], _("Say again whether %(who)s may come in only with a safe grown-up", { who: what }));
  if (person.only_with_safe_adult === true && person.zone !== "outside") {
    problems.add(_("Only someone outside the red line can come in only with a safe grown-up: change it for %(who)s", { who: what }));
  }
  problems.choice(person.sticker, [null, ...PERSON_STICKERS], _("Choose the sticker for %(who)s again", { who: what }));
  if (person.network !== null && !(typeof person.network === "string" && ID_PATTERN.test(person.network))) {
    problems.add(_("Take %(who)s out of the house and put them in again", { who: what }));
  }
  problems.choice(person.by, contract.writers, _("Say again who put %(who)s in the house", { who: what }));
  problems.wish(person.share, what);
  problems.time(person.at, _("%(who)s was put in the house", { who: what }));
}

function ruleProblems(rule, index, problems, ids) {
  const what = ruleWhat(rule, index);
  if (!ID_PATTERN.test(String(rule.id)) || ids.has(rule.id)) problems.add(_("Remove %(rule)s and write it again", { rule: what }));
  ids.add(rule.id);
  problems.text(rule.text, what, contract.rule_max);
  if (isBlank(rule.text)) problems.add(_("Remove the empty rule %(number)s", { number: index + 1 }));
  problems.choice(rule.by, contract.writers, _("Say again who wrote %(rule)s", { rule: what }));
  problems.choice(rule.sticker, [null, ...RULE_STICKERS], _("Choose the picture for %(rule)s again", { rule: what }));
  problems.wish(rule.share, what);
  problems.time(rule.at, _("%(rule)s was written", { rule: what }));
}

function numberProblems(number, problems) {
  const what = numberWhat(number);
  problems.choice(number.who, contract.whose, _("Say again whose number %(what)s is", { what }));
  problems.text(number.name, _("the name for %(what)s", { what }), contract.person_text_max, { oneLine: true });
  const [lowest, highest] = contract.path;
  if (!Number.isInteger(number.number) || number.number < lowest || number.number > highest) {
    problems.add(_("Choose %(what)s again: a whole number from %(lowest)s to %(highest)s", { what, lowest, highest }));
  }
  problems.text(number.why, _("why %(what)s is there", { what }), contract.why_max);
  problems.text(number.closer, _("what would make %(what)s one step closer", { what }), contract.why_max);
  problems.wish(number.share, what);
  problems.time(number.at, _("%(what)s was recorded", { what }));
}

// The next version of a Safety House: everything in it kept (people keep their ids), its number one
// more, and a new session record for this visit.
function carriedOn(content) {
  const next = JSON.parse(JSON.stringify(content));
  next.version = content.version + 1;
  next.session = newSession();
  return next;
}

export const model = {
  kind: "safety_house",
  // The child's feedback at the hand-back (static/js/tablet/feedback.js; FEEDBACK_QUESTIONS on the
  // server, docs/feedback.md says why these).
  feedbackQuestions: LIMITS.feedback_questions,
  title: () => _("Safety House"),

  initialContent() {
    return { version: 1, session: newSession(), ink: null, people: [], rules: [], path: [], faces: false, share: "ask" };
  },

  // Saving a version and carrying on (static/js/tablet/editing.js): the same people, rules, numbers
  // and drawing as the next version; this visit's session is still to be recorded.
  nextVersion(finalised) {
    const saved = finalised.content.version;
    return {
      content: carriedOn(finalised.content),
      notice: _("Version %(saved)s saved. You are now editing version %(next)s.", { saved, next: saved + 1 }),
    };
  },

  // A later visit (static/js/tablet/editing.js begin): the child's latest version as the server
  // carried it for this visit (sofs_direct/tools/safety_house/visit.py), carried on as the next one.
  startFrom(childId, context) {
    const latest = context.childRecord(childId)?.safety_house;
    if (!latest) return null;
    return { supersedes: latest.id, content: carriedOn(latest.content), parts: latest.parts };
  },

  // docs/safety-house.md: what finalising (saving a version) needs, and every limit a worker or child
  // can break, naming the person, the rule or the number.
  problems(draft) {
    const { content } = draft;
    const { session } = content;
    const problems = new Problems();
    if (!Number.isInteger(content.version) || content.version < 1 || content.version > contract.version_max) {
      problems.add(_("This version's number is wrong: start a new Safety House"));
    }
    problems.time(session.started_at, _("the session started"));
    problems.text(session.place, _("where the session happened"), contract.place_max, { oneLine: true });
    if (isBlank(session.place)) problems.add(_("Say where the session happened"));
    problems.count(session.present, contract.present_max, _("At most %(count)s people can be recorded as present: remove some",
      { count: contract.present_max }));
    session.present.forEach((person, index) => {
      const number = index + 1;
      problems.text(person.name, _("the name of person %(number)s present", { number }), contract.person_text_max, { oneLine: true });
      problems.text(person.role, _("the role of person %(number)s present", { number }), contract.person_text_max, { oneLine: true });
      if (isBlank(person.name)) problems.add(_("Give the name of person %(number)s present, or remove them", { number }));
    });
    if (session.seen_alone === null) problems.add(_("Say whether the child was seen alone"));
    else problems.choice(session.seen_alone, [true, false], _("Say whether the child was seen alone"));
    if (content.ink !== null && content.ink !== INK_PART) problems.add(_("Clear the drawing and draw it again"));
    problems.count(content.people, contract.people_max, _("A Safety House can have at most %(count)s people: take some out",
      { count: contract.people_max }));
    const ids = new Set();
    content.people.forEach((person, index) => personProblems(person, index, problems, ids));
    problems.count(content.rules, contract.rules_max, _("A Safety House can have at most %(count)s rules: remove some",
      { count: contract.rules_max }));
    const ruleIds = new Set();
    content.rules.forEach((rule, index) => ruleProblems(rule, index, problems, ruleIds));
    problems.count(content.path, contract.numbers_max, _("At most %(count)s numbers can be on the safety path: remove some",
      { count: contract.numbers_max }));
    for (const number of content.path) numberProblems(number, problems);
    if (content.path.filter((number) => number.who === "child").length > 1) {
      problems.add(_("The child can have only one number on the safety path: remove the others"));
    }
    problems.choice(content.faces, [true, false], _("Say again whether the path shows faces"));
    problems.wish(content.share, _("the drawing of the house"));
    if (!somethingIn(content)) problems.add(_("Nothing is in the Safety House yet: add a person, a rule or a number on the path"));
    const artwork = loadedArtwork();
    for (const problem of detailProblems(draft, [{ part: content.ink, outline: artwork && OUTLINE, what: _("The drawing of the house") }])) {
      problems.add(problem);
    }
    return problems.list;
  },

  summary(content) {
    const mine = childNumber(content);
    const counts = _("%(people)s people, %(rules)s rules", { people: content.people.length, rules: content.rules.length });
    return mine ? `${counts}, ${_("path %(number)s", { number: mine.number })}` : counts;
  },
};
