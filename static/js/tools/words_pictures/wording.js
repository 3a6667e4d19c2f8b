// Words and Pictures' check on the words while they are typed: the family's agreed wording for
// sensitive things (the plain-words check is every tool's: ../plain-words.js). The screen that offers it is page.js.
//
// Main decision: pure functions of the text (tested in the browser), which only ever suggest:
// nothing typed is blocked.

import { escapeRegExp, wholeWords } from "../folding.js";

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
