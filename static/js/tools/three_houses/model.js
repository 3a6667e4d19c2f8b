// Three Houses' rules: a new session, the names of the houses, and everything the server checks that
// a worker or child can change (problems), said in plain words. The limits, choices and orders are
// contract.json's, which the server reads too (sofs_direct/tools/three_houses/, docs/three-houses.md).
//
// Main decision: the rules live apart from the screens (screen.js), so the differential test
// (tests/tablet/test_contract_tablet.py) and every view ask the same module, and no limit is written twice:
// a field's maxlength on screen is the contract's number, never a sum worked out by hand.

import { _ } from "../../tablet/i18n.js";
import { loadedArtwork } from "../../ink/draw.js";
import { detailProblems } from "../../ink/budget.js";
import { Problems, isBlank, quote } from "../checks.js";
import { consentProblems, emptyConsent } from "./consent.js";
import { clipProblems } from "./recorder.js";
import contract from "./contract.json" with { type: "json" };

export const LIMITS = contract;

// The usual names and the prompts, in child language (TOOLS.md). The Fairy and Wizard themes ask the
// same three questions through another picture: the same data, another look.
export function usualName(theme, key) {
  if (theme === "houses") {
    return { good: _("House of Good Things"), worries: _("House of Worries"), dreams: _("House of Dreams") }[key];
  }
  return { good: _("Good things bubble"), worries: _("Worries bubble"), dreams: _("Dreams bubble") }[key];
}

// Whether anything was done with the child: something in a house, or a recording.
export function workDone(content) {
  return content.houses.some((house) => house.ink || house.photos.length || house.words.length)
    || Boolean(content.clips && content.clips.length);
}

export function prompt(theme, key) {
  const question = {
    good: _("What are the good things? Things you like, that make you feel happy or safe."),
    worries: _("What are the worries? Things that make you feel sad, mad or scared."),
    dreams: _("What would life be like if all the worries were gone?"),
  }[key];
  if (theme === "fairy") return `${_("The fairy asks:")} ${question}`;
  if (theme === "wizard") return `${_("The wizard asks:")} ${question}`;
  return question;
}

// Each house's symbol in the shared vocabulary (static/symbols/catalogue.json), for symbol mode.
export const HOUSE_SYMBOLS = { good: "good-things", worries: "worries", dreams: "dreams" };

export function houseOf(content, key) {
  return content.houses.find((house) => house.key === key);
}

export function houseName(content, key) {
  return houseOf(content, key).name || usualName(content.theme, key);
}

export function nextWordId(content) {
  const numbers = content.houses.flatMap((house) => house.words.map((word) => Number(word.id.slice(1)) || 0));
  return `w${Math.max(0, ...numbers) + 1}`;
}

// What the server checks in one house (houses are named as the worker's screens name them, the
// child's words by their start), added to `problems` (checks.js).
export function houseProblems(content, house, problems) {
  const name = houseName(content, house.key);
  const usual = usualName(content.theme, house.key);
  problems.text(house.name, _("the child's name for the %(house)s", { house: usual }), contract.name_max, { oneLine: true });
  problems.choice(house.symbol, [null, ...contract.symbols], _("Choose the picture for the %(house)s again", { house: name }));
  problems.text(house.question, _("the question asked in the %(house)s", { house: name }), contract.question_max);
  problems.count(house.photos, contract.photos_max, _("The %(house)s can have at most %(count)s photos: remove some",
    { house: name, count: contract.photos_max }));
  problems.count(house.words, contract.words_max, _("The %(house)s can hold at most %(count)s of the child's words: remove some",
    { house: name, count: contract.words_max }));
  for (const word of house.words) {
    const words = _("the child's words %(quote)s in the %(house)s", { quote: quote(word.text), house: name });
    if (!word.text) problems.add(_("Remove the empty words in the %(house)s", { house: name }));
    problems.text(word.text, words, contract.word_max);
    problems.choice(word.by, contract.writers, _("Say again who wrote down %(words)s", { words }));
    problems.wish(word.share, words);
    problems.time(word.at, _("%(words)s were written down", { words }));
  }
  problems.text(house.observations, _("your observations in the %(house)s", { house: name }), contract.long_text_max);
  problems.text(house.reflection, _("what the %(house)s means for the mapping", { house: name }), contract.long_text_max);
  problems.wish(house.share, _("the drawing and the name of the %(house)s", { house: name }));
}

export const model = {
  kind: "three_houses",
  // The child's feedback at the hand-back (static/js/tablet/feedback.js; FEEDBACK_QUESTIONS on the
  // server, docs/feedback.md says why these).
  feedbackQuestions: LIMITS.feedback_questions,
  title: () => _("Three Houses"),

  initialContent() {
    return {
      theme: "houses",
      order: [],
      houses: contract.keys.map((key) => ({
        key, name: "", symbol: null, question: prompt("houses", key), ink: null, photos: [], words: [],
        observations: "", reflection: "", share: "ask",
      })),
      session: {
        started_at: new Date().toISOString(), place: "", present: [], seen_alone: null,
        parental_agreement: "not-asked", agreement_by: "", how_it_went: "",
      },
      consent: emptyConsent(),
      clips: [],
    };
  },

  // Everything the server checks that a worker or child can change (docs/three-houses.md), in plain
  // words naming the house and quoting the child's words; tests/tablet/test_contract_tablet.py holds these
  // equal to the server's checks.
  problems(draft) {
    const { content } = draft;
    const { session, houses } = content;
    const problems = new Problems();
    // A parent's refusal with nothing done is a record of its own: finished as just that, the child perhaps unseen.
    const refusalOnly = session.parental_agreement === "refused" && !workDone(content);
    problems.choice(content.theme, contract.themes, _("Choose again how the session looks for the child"));
    const askAgreement = _("Say whether a parent agreed to the session");
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
    if (session.seen_alone === null) {
      if (!refusalOnly) problems.add(_("Say whether the child was seen alone"));
    } else problems.choice(session.seen_alone, [true, false], _("Say whether the child was seen alone"));
    problems.choice(session.parental_agreement, contract.agreements, askAgreement);
    if (session.parental_agreement === "not-asked") problems.add(askAgreement);
    problems.text(session.agreement_by, _("who agreed or refused"), contract.agreement_by_max, { oneLine: true });
    if (["agreed", "refused"].includes(session.parental_agreement) && isBlank(session.agreement_by)) {
      problems.add(_("Say who agreed or refused"));
    }
    problems.text(session.how_it_went, _("how the session went"), contract.long_text_max);
    for (const house of houses) houseProblems(content, house, problems);
    if (content.consent) {
      consentProblems(content, draft, problems);
      clipProblems(content, draft, problems);
    }
    // The child's own "no, not today" is as finishable as a parent's refusal (the record says so).
    const childDeclined = content.consent?.child?.assent === "declined";
    if (!workDone(content) && session.parental_agreement !== "refused" && !childDeclined) {
      problems.add(_("Nothing is in any house yet: add a drawing, a photo or the child's words"));
    }
    const artwork = loadedArtwork();
    for (const problem of detailProblems(draft, houses.map((house) => ({
      part: house.ink, outline: artwork && artwork.themes[content.theme],
      what: _("The drawing of the %(house)s", { house: usualName(content.theme, house.key) }),
    })))) problems.add(problem);
    return problems.list;
  },

  summary(content) {
    const words = content.houses.reduce((sum, house) => sum + house.words.length, 0);
    return _("%(drawings)s drawings, %(words)s words", {
      drawings: content.houses.filter((house) => house.ink).length, words,
    });
  },
};
