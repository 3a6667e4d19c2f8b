// The words for what is on a drawing and what its tools are: the colours', stickers' and sticker
// groups' names, and the sentence a screen reader hears for a drawing ("Your picture: 3 lines, 1
// coloured area, stickers: Dog, Sun"). Shared by the canvas, its toolbar and the tools that draw.
//
// Main decision: a drawing is described by what it shows (the visible ops, after undo and clear), in
// whole things a child made, never by points or coordinates; counts are chosen as singular or
// plural whole sentences, so every language's translator writes its own grammar.

import { _ } from "../tablet/i18n.js";

export const COLOUR_NAMES = () => [_("Black"), _("Red"), _("Orange"), _("Yellow"), _("Green"), _("Light blue"),
  _("Dark blue"), _("Purple"), _("Pink"), _("Brown"), _("Grey"), _("White")];
export const STAMP_GROUP_NAMES = () => ({
  feelings: _("Feelings"), people: _("People"), animals: _("Animals"), home: _("Home"), weather: _("Weather"),
  places: _("Places"),
});

export const STAMP_NAMES = () => ({
  "face-happy": _("Happy face"), "face-sad": _("Sad face"), "face-angry": _("Angry face"),
  "face-scared": _("Scared face"), "face-worried": _("Worried face"), "face-calm": _("Calm face"),
  "face-surprised": _("Surprised face"), "person-adult": _("A grown-up"), "person-child": _("A child"),
  "person-baby": _("A baby"), "person-older": _("An older person"), family: _("A family"), dog: _("Dog"),
  cat: _("Cat"), bird: _("Bird"), fish: _("Fish"), rabbit: _("Rabbit"), bed: _("Bed"), table: _("Table"),
  television: _("Television"), food: _("Food"), teddy: _("Teddy"), bath: _("Bath"), door: _("Door"),
  sun: _("Sun"), cloud: _("Cloud"), rain: _("Rain"), storm: _("Storm"), rainbow: _("Rainbow"), snow: _("Snow"),
  "stick-adult": _("A grown-up (stick figure)"), "stick-child": _("A child (stick figure)"),
  "stick-baby": _("A baby (stick figure)"), house: _("House"), school: _("School"), hospital: _("Hospital"),
  car: _("Car"), "police-car": _("Police car"), shop: _("Shop"), park: _("Park"), phone: _("Phone"),
  court: _("Court"), bus: _("Bus"),
});

// The name of the sticker at `index` in artwork.stamps.
export function stampName(artwork, index) {
  const stamp = artwork.stamps[index];
  return stamp ? STAMP_NAMES()[stamp.id] || stamp.id : "";
}

// "Your picture: 3 lines, 1 coloured area, stickers: Dog, Sun", or "Nothing drawn yet".
export function describePicture(visible, artwork) {
  const lines = visible.filter((op) => op.op === "stroke" && op.tool === "pen").length;
  const areas = new Set(visible.filter((op) => op.op === "fill").map((op) => op.region)).size;
  const stickers = visible.filter((op) => op.op === "stamp").map((op) => stampName(artwork, op.stamp));
  const parts = [];
  if (lines) parts.push(lines === 1 ? _("1 line") : _("%(count)s lines", { count: lines }));
  if (areas) parts.push(areas === 1 ? _("1 coloured area") : _("%(count)s coloured areas", { count: areas }));
  if (stickers.length) parts.push(_("stickers: %(names)s", { names: stickers.join(", ") }));
  if (!parts.length) return _("Nothing drawn yet");
  return _("Your picture: %(things)s", { things: parts.join(", ") });
}
