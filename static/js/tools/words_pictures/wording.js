// Words and Pictures' checks on the words while they are typed: the family's agreed wording for
// sensitive things, and the plain-words (jargon) check. The screen that offers them is page.js.
//
// Main decision: pure functions of the text (tested in the browser), which only ever suggest:
// nothing typed is blocked. The jargon list is a data file the service edits
// (static/words/jargon.json), matched as the server matches it (docs/folding-and-matching.md).

import { escapeRegExp, fold as foldText, wholeWords, wordPattern } from "../folding.js";

// For each agreed word, the first place the text uses its term without the agreed wording:
// [{term, wording, index, length}]. An occurrence inside the wording itself ("an illness called
// depression" contains "depression"), or followed by it, is already agreed.
export function agreedSuggestions(text, agreedWords) {
  const suggestions = [];
  for (const { term, wording } of agreedWords) {
    if (!term.trim() || !wording.trim()) continue;
    const spans = [...text.matchAll(new RegExp(escapeRegExp(wording.trim()), "giu"))]
      .map((match) => [match.index, match.index + match[0].length]);
    const followedBy = new RegExp(`^[\\s(,:;–—-]*${escapeRegExp(wording.trim())}`, "iu");
    const pattern = wholeWords(term, "gi");
    if (!pattern) continue;
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (spans.some(([from, to]) => from <= start && end <= to) || followedBy.test(text.slice(end))) continue;
      suggestions.push({ term, wording: wording.trim(), index: start, length: match[0].length });
      break;
    }
  }
  return suggestions;
}

// The text with that one occurrence replaced by the agreed wording (capitalised where the term was,
// at the start of a sentence).
export function useAgreedWording(text, suggestion) {
  const { index, length, wording } = suggestion;
  const first = text.charAt(index);
  const capital = first !== first.toLowerCase() && wording.charAt(0) === wording.charAt(0).toLowerCase();
  const replacement = capital ? wording.charAt(0).toUpperCase() + wording.slice(1) : wording;
  return text.slice(0, index) + replacement + text.slice(index + length);
}

// The entries of the jargon list ([{word, instead}]) whose word the text uses, folded as the server
// folds (docs/folding-and-matching.md).
export function jargonFound(text, jargon) {
  const searched = foldText(text);
  return jargon.filter((entry) => wordPattern(entry.word)?.test(searched));
}

// static/words/jargon.json: a data file the service edits. Without it (not there yet, or broken) the
// plain-words check is simply not offered; a failed load is tried again by the next storyboard.
let jargonLoading = null;

export function loadJargon() {
  if (!jargonLoading) {
    jargonLoading = fetch("/static/words/jargon.json")
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null)
      .then((list) => {
        if (!list || typeof list !== "object") {
          jargonLoading = null;
          return null;
        }
        const entries = (language) => (Array.isArray(list[language]) ? list[language] : [])
          .filter((entry) => entry && typeof entry.word === "string" && typeof (entry.instead ?? "") === "string");
        return { en: entries("en"), cy: entries("cy") };
      });
  }
  return jargonLoading;
}
