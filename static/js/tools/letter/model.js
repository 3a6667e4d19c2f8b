// The letter to the child, the rules: a letter drafted from the session just finished (the child's own
// words and drawings, each with its wish), who will see what in words a child understands, the pages
// the child reads, and everything the server checks that the worker can change (problems). Limits and
// choices are contract.json's, which the server reads too (sofs_direct/tools/letter/, docs/letter.md).
//
// Main decision: the child's words are copied exactly and never edited here (the worker can only keep
// them in the letter or leave them out), and "who will see this" is worked out from their wishes each
// time it is shown, never typed, so it cannot say something other than what the child asked.

import { _, translatorFor } from "../../tablet/i18n.js";
import { detailProblems } from "../../ink/budget.js";
import { MEDIA_TYPE } from "../../ink/codec.js";
import { Problems, isBlank, quote } from "../checks.js";
import { AUDIENCES, canonicalWish } from "../sharing.js";
import contract from "./contract.json" with { type: "json" };

export const LIMITS = contract;
export const WORDS_A_PAGE = 3; // the child's words read on one page, in big print

// `_` for the letter's language (the child's), not the screen's. Inside a function it is named `_`
// too, so the catalogue's extraction finds the words it says.
export const say = (language) => translatorFor(language) || _;

// The letter's fixed words, in its language (the child's): what the draft starts with. Changing the
// language changes those still as drafted (model.relanguage), never what the worker wrote.
export function draftedWords(language, worker) {
  const _ = say(language);
  return {
    opening: _("Thank you for the time we spent together. I have written down what I heard you say, so you can keep it."),
    talk_to: worker
      ? _("You can talk to me, %(worker)s, about anything in this letter, or anything that worries you.", { worker })
      : _("You can talk to me about anything in this letter, or anything that worries you."),
    closing: worker ? _("From %(worker)s", { worker }) : _("From your worker"),
  };
}

// The headings the child reads, in the letter's language, each with its symbol.
export function headings(language) {
  const _ = say(language);
  return {
    heard: { words: _("What I heard you say"), symbol: "listen" },
    drawings: { words: _("Your drawings"), symbol: "draw" },
    others: { words: _("What other people said"), symbol: "people" },
    next: { words: _("What I will do next"), symbol: "later" },
    who_sees: { words: _("Who will see this"), symbol: "secret" },
    talk_to: { words: _("Who you can talk to"), symbol: "talk" },
  };
}

// "Who will see this", grouped by wish: [{wish, words (the sentence), audiences (names), things}],
// nobody first, then each list of audiences in the canonical order, then "not asked yet". Only what
// the letter shows is counted (docs/letter.md).
export function whoSees(content, language) {
  const _ = say(language);
  const names = {
    parents: _("your mum, dad or carers"),
    network: _("the people who help keep you safe"),
    conference: _("the meeting about keeping you safe"),
  };
  const groups = new Map();
  // A wish is a set: the same audiences in another order are the same group (as on the server).
  const add = (shared, thing) => {
    const wish = canonicalWish(shared);
    const key = JSON.stringify(wish);
    if (!groups.has(key)) groups.set(key, { wish, things: [] });
    groups.get(key).things.push(thing);
  };
  for (const word of content.heard.filter((candidate) => candidate.shown)) add(word.share, word.words);
  for (const drawing of content.drawings.filter((candidate) => candidate.shown)) add(drawing.share, drawing.caption);
  // Nobody first, then each list of audiences in the canonical order, then "not asked yet".
  const rank = (wish) => (wish === "ask" ? [AUDIENCES.length + 1] : wish.length ? wish.map((audience) => AUDIENCES.indexOf(audience)) : [-1]);
  const order = (a, b) => {
    const [first, second] = [rank(a.wish), rank(b.wish)];
    for (let index = 0; index < Math.min(first.length, second.length); index += 1) {
      if (first[index] !== second[index]) return first[index] - second[index];
    }
    return first.length - second.length;
  };
  return [...groups.values()].sort(order).map(({ wish, things }) => ({
    wish, things,
    words: wish === "ask" ? _("We have not talked yet about who can see this. I will ask you.")
      : wish.length === 0 ? _("Nobody else will see this. It stays between you and me, in your file.")
        : _("You said these people can see it:"),
    audiences: Array.isArray(wish) ? wish.map((audience) => names[audience]) : [],
  }));
}

// The pages the child reads, in order: [{name, heading?, words?, drawing?}]; the last is the closing.
export function pagesOf(content) {
  const pages = [{ name: "opening" }];
  const heard = content.heard.filter((word) => word.shown);
  for (let start = 0; start < heard.length; start += WORDS_A_PAGE) pages.push({ name: "heard", words: heard.slice(start, start + WORDS_A_PAGE) });
  for (const drawing of content.drawings.filter((candidate) => candidate.shown)) pages.push({ name: "drawings", drawing });
  if (content.others.length) pages.push({ name: "others" });
  if (!isBlank(content.next)) pages.push({ name: "next" });
  if (heard.length || content.drawings.some((drawing) => drawing.shown)) pages.push({ name: "who_sees" });
  if (!isBlank(content.talk_to)) pages.push({ name: "talk_to" });
  pages.push({ name: "closing" });
  return pages;
}

export function nextId(list, letter) {
  return `${letter}${Math.max(0, ...list.map((entry) => Number(entry.id.slice(1)) || 0)) + 1}`;
}

// The letter's language: the child's, as prepared, or the tablet's.
function childLanguage(childId, context) {
  const child = context?.childRecord ? context.childRecord(childId) : null;
  if (contract.languages.includes(child?.language)) return child.language;
  return document.documentElement.lang === "cy" ? "cy" : "en";
}

function clip(text, limit) {
  return Array.from(String(text)).slice(0, limit).join("");
}

export const model = {
  kind: "letter",
  title: () => _("Letter to the child"),
  // The offer made when a session is finished (editing.js offerFollowOns).
  offer: (child) => _("Write a letter to %(child)s", { child }),
  offerText: () => _("You can write to the child about what you have just finished: “What I heard you say”, drafted from their own words and drawings, for you to edit and read with them."),

  // The draft: everything the child said and drew in the session, kept in the letter, each with its
  // wish; the drawings copied byte for byte; the letter's own words in the child's language.
  async draftFrom(source, childId, context) {
    const language = childLanguage(childId, context);
    const heard = source.heard(language);
    const child = context?.childRecord ? context.childRecord(childId) : null;
    const worker = context?.worker ? context.worker()?.name || "" : "";
    const access = context?.access ? await context.access(childId) : null;
    const parts = [];
    const drawings = [];
    for (const drawing of heard.drawings.slice(0, contract.drawings_max)) {
      const part = source.part(drawing.part);
      if (!part) continue;
      const id = `d${drawings.length + 1}`;
      const name = `${contract.drawing_prefix}${id}`;
      parts.push({ name, media_type: MEDIA_TYPE, bytes: part.bytes.slice() });
      drawings.push({ id, part: name, outline: drawing.outline || null, caption: clip(drawing.caption, contract.caption_max),
        share: drawing.share, shown: true });
    }
    const words = heard.words.filter((word) => !isBlank(word.words)).slice(0, contract.heard_max);
    return {
      parts,
      content: {
        source: { id: source.id, kind: source.kind, done_at: heard.done_at || null },
        language,
        to: clip(child?.known_as || "", contract.to_max),
        symbols: Boolean(access?.symbols),
        ...draftedWords(language, worker),
        heard: words.map((word, index) => ({ id: `h${index + 1}`, words: word.words, where: clip(word.where, contract.where_max),
          by: word.by, symbol: word.symbol || null, share: word.share, shown: true })),
        drawings,
        others: [],
        next: "",
        who_sees_note: "",
        read_with_child: null,
      },
    };
  },

  // A new language for the letter: the words still as drafted are drafted again in it.
  relanguage(content, language, worker) {
    const before = draftedWords(content.language, worker);
    const after = draftedWords(language, worker);
    for (const field of Object.keys(before)) {
      if (content[field] === before[field]) content[field] = after[field];
    }
    content.language = language;
  },

  // docs/letter.md: what sending needs, and every limit the worker can break.
  problems(draft) {
    const { content } = draft;
    const problems = new Problems();
    problems.choice(content.language, contract.languages, _("Choose the letter's language again"));
    if (content.source.done_at !== null) problems.time(content.source.done_at, _("the session was done"));
    if (content.read_with_child !== null) problems.time(content.read_with_child, _("the letter was read with the child"));
    problems.text(content.to, _("the child's name at the top of the letter"), contract.to_max, { oneLine: true });
    if (isBlank(content.to)) problems.add(_("Write the child's name at the top of the letter"));
    for (const [field, what] of [["opening", _("the opening words")], ["next", _("what you will do next")],
      ["who_sees_note", _("your words about who will see the letter")], ["talk_to", _("who the child can talk to")],
      ["closing", _("the signing off")]]) {
      problems.text(content[field], what, contract.text_max);
    }
    if (isBlank(content.closing)) problems.add(_("Sign the letter off, for example “From Alex, your social worker”"));
    problems.count(content.heard, contract.heard_max, _("The letter can hold at most %(count)s of the child's words", { count: contract.heard_max }));
    content.heard.forEach((word) => problems.wish(word.share, quote(word.words)));
    problems.count(content.drawings, contract.drawings_max, _("The letter can hold at most %(count)s drawings", { count: contract.drawings_max }));
    content.drawings.forEach((drawing, index) => {
      problems.text(drawing.caption, _("the words under drawing %(number)s", { number: index + 1 }), contract.caption_max, { oneLine: true });
    });
    problems.count(content.others, contract.others_max, _("At most %(count)s things other people said can be added: remove some", { count: contract.others_max }));
    content.others.forEach((other, index) => {
      const what = _("what someone else said, number %(number)s", { number: index + 1 });
      problems.text(other.who, _("who said %(what)s", { what }), contract.who_max, { oneLine: true });
      problems.text(other.words, what, contract.text_max);
      if (isBlank(other.who) || isBlank(other.words)) problems.add(_("Write who said it and what they said, or remove %(what)s", { what }));
    });
    const shown = content.heard.some((word) => word.shown) || content.drawings.some((drawing) => drawing.shown);
    if (!shown && isBlank(content.next)) {
      problems.add(_("The letter is empty: keep some of what the child said, or write what you will do next"));
    }
    for (const problem of detailProblems(draft, content.drawings.map((drawing, index) => ({
      part: drawing.part, outline: drawing.outline, what: _("Drawing %(number)s", { number: index + 1 }),
    })))) problems.add(problem);
    return problems.list;
  },

  summary(content) {
    return _("%(words)s of the child's words, %(drawings)s drawings", {
      words: content.heard.filter((word) => word.shown).length, drawings: content.drawings.filter((drawing) => drawing.shown).length,
    });
  },
};
