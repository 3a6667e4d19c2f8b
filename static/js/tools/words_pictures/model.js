// Words and Pictures' rules: a new storyboard, the next version after one is saved, and everything
// the server checks that a worker or the children can change (problems), naming the page by its
// number. The limits, choices and orders are contract.json's, which the server reads too
// (sofs_direct/tools/words_pictures/, docs/words-and-pictures.md).
//
// Main decision: the rules live apart from the screens (screen.js), so the differential test
// (tests/tablet/test_contract_tablet.py) and every view ask the same module, and a limit is written once.

import { _ } from "../../tablet/i18n.js";
import { detailProblems } from "../../ink/budget.js";
import { Problems, isBlank, quote } from "../checks.js";
import { sameTerm } from "../folding.js";
import contract from "./contract.json" with { type: "json" };

export const LIMITS = contract;

export function blankPage(id, hint = null) {
  return { id, hint, text: "", drawing: null, children: null };
}

export function newVersion(number) {
  return { number, took_part: [], agreed_by: [], note: "", read_to_children: false };
}

export const model = {
  kind: "words_pictures",
  // The child's feedback at the hand-back (static/js/tablet/feedback.js; FEEDBACK_QUESTIONS on the
  // server, docs/feedback.md says why these).
  feedbackQuestions: LIMITS.feedback_questions,
  title: () => _("Words and Pictures"),

  initialContent() {
    return {
      purpose: "explanation", title: "", language: document.documentElement.lang === "cy" ? "cy" : "en",
      pages: [blankPage("p1")], agreed_words: [], version: newVersion(1),
    };
  },

  // Saving a version and carrying on (static/js/tablet/editing.js): the same pages, drawings and
  // agreed words, as the next version, whose people and note are still to be recorded.
  nextVersion(finalised) {
    const content = JSON.parse(JSON.stringify(finalised.content));
    const saved = finalised.content.version.number;
    content.version = newVersion(saved + 1);
    return {
      content,
      notice: _("Version %(saved)s saved. You are now editing version %(next)s.", { saved, next: saved + 1 }),
    };
  },

  // docs/words-and-pictures.md: what finalising (saving a version) needs, and every other rule of the
  // server's a worker can break here, naming the page by its number (tests/tablet/test_contract_tablet.py).
  problems(draft) {
    const { content } = draft;
    const { pages, version, agreed_words: agreed } = content;
    const problems = new Problems();
    problems.choice(content.purpose, contract.purposes, _("Choose again what the storyboard is for"));
    problems.text(content.title, _("the title"), contract.title_max, { oneLine: true });
    problems.choice(content.language, contract.languages, _("Choose again the language of the storyboard"));
    if (!pages.some((page) => !isBlank(page.text) || page.drawing)) {
      problems.add(_("Add words or a drawing to at least one page"));
    }
    problems.count(pages, contract.pages_max, _("A storyboard can have at most %(count)s pages: remove some", { count: contract.pages_max }));
    pages.forEach((page, index) => {
      const number = index + 1;
      problems.choice(page.hint, contract.hints, _("Choose again what page %(number)s is about", { number }));
      problems.text(page.text, _("the words on page %(number)s", { number }), contract.text_max);
      if (page.children) {
        problems.text(page.children.name, _("the name of the child who added to page %(number)s", { number }), contract.child_name_max,
          { oneLine: true });
        problems.text(page.children.text, _("what the children wrote on page %(number)s", { number }), contract.text_max);
      }
    });
    for (const problem of detailProblems(draft, pages.flatMap((page, index) => [
      { part: page.drawing, outline: null, what: _("The drawing on page %(number)s", { number: index + 1 }) },
      { part: page.children?.drawing, outline: null, what: _("The children's drawing on page %(number)s", { number: index + 1 }) },
    ]))) problems.add(problem);
    problems.count(agreed, contract.agreed_max, _("A storyboard can have at most %(count)s agreed words: remove some", { count: contract.agreed_max }));
    const terms = new Set();
    agreed.forEach((entry) => {
      problems.text(entry.term, _("the agreed word %(term)s", { term: quote(entry.term) }), contract.agreed_text_max, { oneLine: true });
      problems.text(entry.wording, _("the wording agreed for %(term)s", { term: quote(entry.term) }), contract.agreed_text_max,
        { oneLine: true });
      if (terms.has(sameTerm(entry.term))) problems.add(_("%(term)s is in the agreed words twice: remove one", { term: quote(entry.term) }));
      terms.add(sameTerm(entry.term));
    });
    if (!version.took_part.length) problems.add(_("Say who took part in this version"));
    for (const [people, who] of [[version.took_part, "took part"], [version.agreed_by, "agreed"]]) {
      problems.count(people, contract.people_max, who === "took part"
        ? _("At most %(count)s people can be recorded as taking part: remove some", { count: contract.people_max })
        : _("At most %(count)s people can be recorded as agreeing: remove some", { count: contract.people_max }));
      people.forEach((person, index) => {
        const n = index + 1;
        const [name, role] = who === "took part"
          ? [_("the name of person %(n)s who took part", { n }), _("the role of person %(n)s who took part", { n })]
          : [_("the name of person %(n)s who agreed", { n }), _("the role of person %(n)s who agreed", { n })];
        problems.text(person.name, name, contract.person_text_max, { oneLine: true });
        problems.text(person.role, role, contract.person_text_max, { oneLine: true });
        if (isBlank(person.name) && who === "took part") {
          problems.add(_("Give the name of person %(n)s who took part, or remove them", { n }));
        }
      });
    }
    problems.text(version.note, _("the note of what changed"), contract.note_max);
    problems.choice(version.read_to_children, [true, false], _("Say again whether this version was read to the children"));
    return problems.list;
  },

  summary(content) {
    return _("%(title)s: version %(number)s, %(pages)s pages", {
      title: content.title.trim() || _("Our words and pictures"), number: content.version.number, pages: content.pages.length,
    });
  },
};
