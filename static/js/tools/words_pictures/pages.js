// Words and Pictures' document, read for the screens: the starting points with what goes on each
// outline page, a page's title and first words, the next page's id, and a page's drawing decoded.
//
// Main decision: plain functions of the document (content and draft), with no view of their own, so
// every view (storyboard.js, page.js, children.js) reads the pages the same way. A drawing is decoded
// once per part's bytes (a part's bytes are replaced, never changed in place); one that cannot be
// read is null, shown as broken and never overwritten.

import { _ } from "../../tablet/i18n.js";
import { decode } from "../../ink/codec.js";
import { characters } from "../checks.js";

const FIRST_WORDS = 90;
const oneLine = (text) => text.replace(/[\r\n]+/g, " ");

// --- the starting points (TOOLS.md, Words and Pictures: the typical pages) ------------------------------

export const OUTLINES = {
  blank: [null],
  outline: ["family", "worries", "what-happened", "since", "next", "who-to-tell", "safety-plan"],
  "safety-plan": ["family", "worries", "safety-plan", "who-to-tell", "next"],
};

function hintTitle(hint) {
  return {
    family: _("Our family"), worries: _("Who got worried"), "what-happened": _("What happened"),
    since: _("Since then"), next: _("What happens next"), "who-to-tell": _("Who the children can talk to"),
    "safety-plan": _("The safety plan"),
  }[hint] || "";
}

// What belongs on an outline page, in plain words, shown beside the page.
export function hintText(purpose, hint) {
  if (purpose === "safety-plan") {
    const plan = {
      family: _("Who is in the family and the safety network: the grown-ups who will help keep the children safe."),
      worries: _("What the grown-ups were worried about, in words the children know, so the plan makes sense."),
      "safety-plan": _("The plan: who will do what, and when. One rule or promise on each page is easiest to read."),
      "who-to-tell": _("Who the children can tell if the plan is not being kept, or if they are worried, and how."),
      next: _("How everyone will know the plan is working, and what happens next."),
    }[hint];
    if (plan) return plan;
  }
  return {
    family: _("Who is in the family, and what is good about it: what you enjoy together and what you do well."),
    worries: _("Who got worried, and why. Say it simply, as you would to the children."),
    "what-happened": _("What happened. Where people see it differently, say so, for example ‘Mum and Dad do not agree with the social worker about…’."),
    since: _("What has happened since: who has helped, and what has changed."),
    next: _("What happens next, and who will check that everything is all right."),
    "who-to-tell": _("Who the children can talk to if they are worried, and how to reach them."),
    "safety-plan": _("The safety plan: what everyone will do to keep the children safe."),
  }[hint] || "";
}

// --- the pages ------------------------------------------------------------------------------------------

export function nextPageId(content) {
  const numbers = content.pages.map((page) => Number(/^p(\d+)$/.exec(page.id)?.[1]) || 0);
  return `p${Math.max(0, ...numbers) + 1}`;
}

// Still exactly as the tool made it: the worker has not chosen a starting point yet.
export function untouched(draft) {
  const { content } = draft;
  const [page] = content.pages;
  return !draft.supersedes && content.pages.length === 1 && !page.text && !page.drawing && !page.children
    && page.hint === null && !content.title && !content.agreed_words.length && content.version.number === 1;
}

// Decoded drawings, kept per part's bytes (a part's bytes are replaced, never changed in place).
const decoded = new WeakMap();

// A drawing's ops; null when its part cannot be read (it is then shown as broken, never overwritten).
export function drawingOps(draft, partName) {
  const part = partName && draft.parts.find((candidate) => candidate.name === partName);
  if (!part) return [];
  if (!decoded.has(part.bytes)) {
    try {
      decoded.set(part.bytes, decode(part.bytes));
    } catch (_broken) {
      decoded.set(part.bytes, null);
    }
  }
  return decoded.get(part.bytes);
}

export function pageTitle(content, index) {
  const page = content.pages[index];
  const hint = hintTitle(page.hint);
  return hint ? _("Page %(number)s: %(title)s", { number: index + 1, title: hint }) : _("Page %(number)s", { number: index + 1 });
}

export function firstWords(text) {
  const flat = oneLine(text).trim();
  return characters(flat) > FIRST_WORDS ? `${[...flat].slice(0, FIRST_WORDS).join("").trimEnd()}…` : flat;
}
