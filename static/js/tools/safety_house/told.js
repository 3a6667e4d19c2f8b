// The Safety House's read-back (the platform's "This is what you told me", static/js/tablet/read-back.js):
// who the child put in the house, in the garden and outside the red line, the rules on the roof, and
// the child's own number on the safety path and why.
//
// Main decision: read from the draft alone, with the zones named as the child's buttons name them,
// so it says what the record will hold. A parent's or the worker's number is not the child's and is
// not read back.

import { element } from "../../tablet/dom.js";
import { _ } from "../../tablet/i18n.js";
import { ZONE_SYMBOLS, childNumber, stickerURL, zoneNames } from "./model.js";

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
