// The Safety House's read-back and what the letter to the child may quote (the platform's "This is what you told me", static/js/tablet/read-back.js):
// who the child put in the house, in the garden and outside the red line, the rules on the roof, and
// the child's own number on the safety path and why.
//
// Main decision: read from the draft alone, with the zones named as the child's buttons name them,
// so it says what the record will hold. A parent's or the worker's number is not the child's and is
// not read back.

import { element } from "../../tablet/dom.js";
import { _ } from "../../tablet/i18n.js";
import { OUTLINE, ZONE_SYMBOLS, childNumber, stickerURL, zoneNames } from "./model.js";

export function toldMe(draft) {
  const { content } = draft;
  const zones = zoneNames();
  const told = [];
  for (const zone of Object.keys(ZONE_SYMBOLS)) {
    for (const person of content.people.filter((candidate) => candidate.zone === zone)) {
      const guarded = zone === "outside" && person.only_with_safe_adult ? ` (${_("only with a safe grown-up")})` : "";
      told.push({ symbol: ZONE_SYMBOLS[zone], words: `${person.name}: ${zones[zone]}${guarded}`,
        picture: person.sticker ? element("img", { src: stickerURL(person.sticker), alt: "", class: "app-read-back__picture" }) : undefined });
    }
  }
  for (const rule of content.rules) told.push({ symbol: "rules", words: rule.text });
  const mine = childNumber(content);
  if (mine) {
    told.push({ symbol: "path", words: _("On the path: %(number)s", { number: mine.number }) });
    if (mine.why && mine.why.trim()) told.push({ symbol: "path", words: mine.why });
  }
  return told;
}

// What the letter to the child may quote (the platform's "write to the child", docs/letter.md): each
// person where the child put them, each rule, and the child's own number and why, exactly as written,
// each with its own wish; and the drawing of the house. A grown-up's number is not the child's.
export function heardFrom(draft) {
  const { content } = draft;
  const zones = zoneNames();
  const heard = { done_at: content.session.started_at, words: [], drawings: [] };
  for (const zone of Object.keys(ZONE_SYMBOLS)) {
    for (const person of content.people.filter((candidate) => candidate.zone === zone)) {
      heard.words.push({ words: person.name, where: zones[zone], by: person.by, symbol: ZONE_SYMBOLS[zone], share: person.share });
    }
  }
  for (const rule of content.rules) heard.words.push({ words: rule.text, where: _("The rules"), by: rule.by, symbol: "rules", share: rule.share });
  const mine = childNumber(content);
  if (mine) {
    heard.words.push({ words: String(mine.number), where: _("On the path"), by: "child", symbol: "path", share: mine.share });
    if (mine.why && mine.why.trim()) heard.words.push({ words: mine.why, where: _("On the path"), by: "child", symbol: "path", share: mine.share });
  }
  const part = content.ink && draft.parts.find((candidate) => candidate.name === content.ink);
  if (part) heard.drawings.push({ part: content.ink, outline: OUTLINE, caption: _("Your Safety House"), share: content.share });
  return heard;
}
