// Folding and word matching: the tablet's half of docs/folding-and-matching.md. The server's half is
// sofs_direct/platform/folding.py; both are run on static/words/vectors.json (tests/platform/test_folding.py), so the
// plain-words check, the agreed words and the network's names compare text as the server does.
//
// Main decision: do exactly what Python does, step by step, with what JavaScript has: each code
// point on its own is decomposed (normalize("NFKD")), its nonspacing marks (\p{Mn}) dropped, the
// look-alike apostrophes and hyphens made plain, then case folded. JavaScript has no str.casefold;
// toUpperCase() then toLowerCase() of one code point is full case folding (ß → SS → ss, ﬁ → FI → fi,
// ς → Σ → σ) for every character but ı, ẞ and Cherokee, which are said below (tests/platform/test_folding.py
// checks every assigned code point against Python). One code point at a time, never the whole text,
// so toLowerCase() never applies its final-sigma rule, which casefold does not have.

import { strip, words } from "./checks.js";

// Where full case folding is not the round trip through capitals.
const CASE_FOLDING = new Map([
  ["\u0131", "\u0131"], // ı dotless i stays itself (its capital, I, would bring back i)
  ["\u1e9e", "ss"], // ẞ capital sharp s (its lower case is ß, a round trip stops there)
]);
// Cherokee folds to its capitals (they came first into Unicode), the one script that folds upward.
const CHEROKEE = /[\u13a0-\u13ff\uab70-\uabbf]/u;

// The same table as folding.PUNCTUATION: what keyboards and pasted documents write for ' and -.
const PUNCTUATION = new Map([
  ["\u2018", "'"], // ‘
  ["\u2019", "'"], // ’ the "smart" apostrophe an iPad types
  ["\u02bc", "'"], // ʼ modifier letter apostrophe
  ["\u2010", "-"], // ‐ hyphen (NFKD brings the non-breaking hyphen U+2011 here)
]);

const NONSPACING_MARK = /\p{Mn}/u;
// Python's \s (str.isspace) and \w (letters and digits, general categories L* and N*, and "_").
const SPACE_CLASS = "\\t\\n\\u000b\\u000c\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const SPACES = new RegExp(`[${SPACE_CLASS}]+`, "u");
const WORD_CHARACTER = "[\\p{L}\\p{N}_]";
const HAS_WORD_CHARACTER = new RegExp(WORD_CHARACTER, "u");

function casefoldCodePoint(character) {
  const special = CASE_FOLDING.get(character);
  if (special !== undefined) return special;
  const capital = character.toUpperCase();
  return CHEROKEE.test(character) ? capital : capital.toLowerCase();
}

// Full Unicode case folding, as Python's str.casefold(): "Straße" and "STRASSE" are both "strasse".
export function casefold(text) {
  let folded = "";
  for (const character of text) folded += casefoldCodePoint(character);
  return folded;
}

const folded = new Map(); // code point → its fold: a text is mostly the same few letters
function foldCodePoint(character) {
  let result = folded.get(character);
  if (result === undefined) {
    result = "";
    for (const piece of character.normalize("NFKD")) {
      if (!NONSPACING_MARK.test(piece)) result += casefoldCodePoint(PUNCTUATION.get(piece) ?? piece);
    }
    folded.set(character, result);
  }
  return result;
}

// A text for comparing loosely: without case, accents, compatibility forms ("ﬁ", "Ａ") or look-alike
// apostrophes and hyphens. "Grŵp Craidd" and "grwp craidd" fold the same.
export function fold(text) {
  let result = "";
  for (const character of text) result += foldCodePoint(character);
  return result;
}

// A person's name for "is this the same person?": folded, ends stripped, inner spaces made one.
export function sameName(name) {
  return words(strip(fold(name))).join(" ");
}

// An agreed word for "is this term agreed twice?": case folded only, accents kept ("tân" is not "tan").
export function sameTerm(term) {
  return casefold(term);
}

export const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// A phrase as a whole-word pattern (no letter, digit or "_" may touch either end; any run of spaces
// inside matches any other), or null when it has no letter or digit ("!!"): such a phrase is not a
// word, and matches nothing. `flags` as RegExp's ("u" is added).
export function wholeWords(phrase, flags = "") {
  if (!HAS_WORD_CHARACTER.test(phrase)) return null;
  const pieces = words(strip(phrase));
  return new RegExp(`(?<!${WORD_CHARACTER})${pieces.map(escapeRegExp).join(SPACES.source)}(?!${WORD_CHARACTER})`,
    flags.includes("u") ? flags : `${flags}u`);
}

// The term's folded pattern, for searching folded text.
export function wordPattern(term) {
  return wholeWords(fold(term));
}

// Whether the text uses the term, folded, as whole words ("LAC" is in "LAC’s", not in "black").
export function containsWord(text, term) {
  const pattern = wordPattern(term);
  return pattern !== null && pattern.test(fold(text));
}
