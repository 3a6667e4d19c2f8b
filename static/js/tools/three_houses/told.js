// Three Houses' read-back and what the letter to the child may quote (the platform's "This is what you told me", static/js/tablet/read-back.js):
// what is in each house, in the order the child opened them — the child's words (also those the
// worker wrote down for the child), the stickers placed and whether there is a drawing.
//
// Main decision: it is read from the draft alone (the stickers from the drawing's folded log, named
// as the sticker tray names them), so it says what the record will hold, not what a view shows.

import { element } from "../../tablet/dom.js";
import { _ } from "../../tablet/i18n.js";
import { loadedArtwork } from "../../ink/draw.js";
import { decode } from "../../ink/codec.js";
import { fold } from "../../ink/fold.js";
import { STAMP_NAMES } from "../../ink/toolbar.js";
import { HOUSE_SYMBOLS, LIMITS, houseName, houseOf } from "./model.js";

// The houses in the order the child opened them, then the rest.
const childOrder = (content) => [...content.order, ...LIMITS.keys.filter((key) => !content.order.includes(key))];

export function toldMe(draft) {
  const { content } = draft;
  const artwork = loadedArtwork();
  const names = STAMP_NAMES();
  const told = [];
  for (const key of childOrder(content)) {
    const house = houseOf(content, key);
    const name = houseName(content, key);
    const symbol = HOUSE_SYMBOLS[key];
    for (const word of house.words) told.push({ symbol, words: `${name}: ${word.text}` });
    const part = house.ink && draft.parts.find((candidate) => candidate.name === house.ink);
    const shown = part ? fold(decode(part.bytes)) : [];
    for (const op of shown.filter((candidate) => candidate.op === "stamp")) {
      const stamp = artwork && artwork.stamps[op.stamp];
      if (!stamp) continue;
      told.push({ symbol, words: `${name}: ${names[stamp.id] || stamp.id}`,
        picture: element("img", { src: `/static/ink/stamps/${stamp.id}.png`, alt: "", class: "app-read-back__picture" }) });
    }
    if (shown.some((op) => op.op !== "stamp")) told.push({ symbol: "draw", words: _("A drawing in the %(house)s", { house: name }) });
  }
  return told;
}

// What the letter to the child may quote (the platform's "write to the child", docs/letter.md): the
// child's words in each house exactly as written, with the house's wish, and each house's drawing
// with the outline it was drawn on. The worker's observations and reflection are never offered.
export function heardFrom(draft) {
  const { content } = draft;
  const artwork = loadedArtwork();
  const heard = { done_at: content.session.started_at, words: [], drawings: [] };
  for (const key of childOrder(content)) {
    const house = houseOf(content, key);
    const where = houseName(content, key);
    for (const word of house.words) {
      heard.words.push({ words: word.text, where, by: word.by, symbol: HOUSE_SYMBOLS[key], share: word.share });
    }
    const part = house.ink && draft.parts.find((candidate) => candidate.name === house.ink);
    if (part && fold(decode(part.bytes)).length) {
      heard.drawings.push({ part: house.ink, outline: artwork ? artwork.themes[content.theme] : null, caption: where, share: house.share });
    }
  }
  return heard;
}
