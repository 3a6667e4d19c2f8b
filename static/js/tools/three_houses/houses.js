// Three Houses, the child's views: the three houses (or the fairy's or the wizard's bubbles), drawing
// in one house, the child's own words for it, and naming it with a picture. The words the child's
// screens use for the places they fill are here too (themeWords), for the worker's views as well.
//
// Main decision: nothing here asks a child to read to get on: every control is a picture with a
// label, prompts can be read aloud (the bar along the top, Session.childBar in screen.js), and there
// is nothing that can go wrong. A house's drawing is its own ink part (docs/ink.md), rewritten after
// every finished stroke. `screen` is the Session of screen.js (content, draft, artwork, canvas,
// changed(), show(view), childBar(key, guidance)).

import { element, icon } from "../../tablet/dom.js";
import { _ } from "../../tablet/i18n.js";
import { pictureButton } from "../../tablet/child-ui.js";
import { sameControl } from "../../tablet/focus.js";
import { InkCanvas } from "../../ink/canvas.js";
import { InkToolbar } from "../../ink/toolbar.js";
import { drawPicture } from "../../ink/draw.js";
import { MEDIA_TYPE, decode, encode } from "../../ink/codec.js";
import { fold } from "../../ink/fold.js";
import { setPart } from "../screen.js";
import { HOUSE_SYMBOLS, LIMITS, houseName, houseOf, nextWordId } from "./model.js";

// The language the child's views speak: the page's, the one the tablet is in.
export const language = () => document.documentElement.lang || "en";

// What the child's screens call the places the child fills: houses, or in the fairy's and the
// wizard's looks the bubbles the child sees on the screen (docs/three-houses.md: another look only).
export function themeWords(theme) {
  if (theme === "houses") {
    return {
      places: _("The houses"), back: _("Houses"),
      choose: _("Choose a house to start. You can draw, add stickers and say what you think."),
      naming: _("Choose a picture for your house. You can give it a new name too."),
      share: _("Who may see the drawing and the house's name?"),
    };
  }
  return {
    places: _("The bubbles"), back: _("Bubbles"),
    choose: _("Choose a bubble to start. You can draw, add stickers and say what you think."),
    naming: _("Choose a picture for your bubble. You can give it a new name too."),
    share: _("Who may see the drawing and the bubble's name?"),
  };
}

function themePicture(theme) {
  return { fairy: "fairy", wizard: "wizard" }[theme];
}

function inkOps(draft, house) {
  const part = house.ink && draft.parts.find((candidate) => candidate.name === house.ink);
  return part ? decode(part.bytes) : [];
}

// --- child: the three houses ---
export function housesView(body, screen) {
  const words = themeWords(screen.content.theme);
  body.append(element("h2", { class: "govuk-visually-hidden" }, words.places));
  body.append(screen.childBar(null, words.choose));
  if (screen.content.theme !== "houses") {
    body.append(element("img", { src: `/static/icons/child/${themePicture(screen.content.theme)}.svg`, alt: "",
      class: "app-th__theme-picture" }));
  }
  const row = element("div", { class: "app-th__houses" });
  const keys = [...screen.content.order, ...LIMITS.keys.filter((key) => !screen.content.order.includes(key))];
  for (const key of keys) {
    const house = houseOf(screen.content, key);
    // Each house is a labelled group: a switch user chooses the house, then opening or naming it.
    const card = element("div", { class: `app-th__house app-th__house--${key}`, role: "group",
      "aria-label": houseName(screen.content, key) });
    const open = element("button", { type: "button", class: "app-th__open", "data-house": key, "data-symbol": HOUSE_SYMBOLS[key] });
    const preview = element("canvas", { class: "app-th__preview", width: "240", height: "240", "aria-hidden": "true" });
    drawPreview(screen, preview, house);
    open.append(preview);
    const label = element("span", { class: "app-th__house-name" });
    if (house.symbol) label.append(element("img", { src: `/static/ink/symbols/${house.symbol}.png`, alt: "", class: "app-th__symbol" }));
    label.append(document.createTextNode(houseName(screen.content, key)));
    open.append(label);
    open.addEventListener("click", () => openHouse(screen, key));
    card.append(open);
    // Three "Name it" buttons: each is named for its house too ("Name it: House of Worries"), so a
    // screen reader or a voice command tells them apart; the visible words start the name (WCAG 2.5.3).
    const rename = pictureButton({
      picture: "rename", label: _("Name it"), className: "app-child-button--small", symbol: "write",
      onPress: () => screen.show({ name: "name", key }),
    });
    rename.append(element("span", { class: "govuk-visually-hidden" }, `: ${houseName(screen.content, key)}`));
    card.append(rename);
    row.append(card);
  }
  body.append(row);
}

function drawPreview(screen, canvas, house) {
  const ops = fold(inkOps(screen.draft, house));
  drawPicture(canvas.getContext("2d"), ops, screen.artwork, screen.artwork.themes[screen.content.theme], canvas.width);
}

function openHouse(screen, key) {
  if (!screen.content.order.includes(key)) {
    screen.content.order.push(key);
    screen.changed();
  }
  screen.show({ name: "house", key });
}

// --- child: drawing in one house ---
export function houseView(body, screen, key) {
  const house = houseOf(screen.content, key);
  body.append(element("h2", { class: "govuk-visually-hidden" }, houseName(screen.content, key)));
  body.append(screen.childBar(key));
  const stage = element("div", { class: "app-th__stage" });
  const surface = element("div", { class: "app-th__surface" });
  screen.canvas = new InkCanvas(surface, {
    artwork: screen.artwork, outline: screen.artwork.themes[screen.content.theme], ops: inkOps(screen.draft, house),
    label: _("Drawing in the %(house)s", { house: houseName(screen.content, key) }),
    onChange: (ops) => {
      house.ink = ops.length ? `ink-${key}` : null;
      setPart(screen.draft, `ink-${key}`, MEDIA_TYPE, ops.length ? encode(ops) : null);
      toolbar.refresh();
      screen.changed();
    },
  });
  const toolbar = new InkToolbar(screen.canvas, screen.artwork);
  stage.append(toolbar.colours, surface, toolbar.tools, toolbar.stampTray);
  body.append(stage);
}

// --- child: the child's own words for a house ---
export function wordsView(body, screen, key) {
  const house = houseOf(screen.content, key);
  body.append(screen.childBar(key));
  const panel = element("div", { class: "app-th__words" });
  panel.append(element("h2", { class: "app-th__words-title" }, houseName(screen.content, key)));
  const list = element("ul", { class: "app-th__word-list" });
  for (const word of house.words) {
    list.append(element("li", { class: `app-th__word app-th__word--${word.by}` }, word.text));
  }
  const id = `th-child-words-${key}`;
  const label = element("label", { class: "app-th__write-label", for: id });
  label.append(icon("words", "app-child-button__picture"), element("span", {}, _("Write or say your words")));
  const box = element("textarea", { class: "app-th__write", id, rows: "3", maxlength: String(LIMITS.word_max),
    autocomplete: "off", spellcheck: "false", lang: language() });
  const done = pictureButton({ picture: "done", label: _("Keep these words"), className: "app-child-button--go", symbol: "finished",
    onPress: () => {
      if (box.value.trim() && house.words.length < LIMITS.words_max) {
        house.words.push({ id: nextWordId(screen.content), text: box.value, by: "child", share: "ask", at: new Date().toISOString() });
        screen.changed();
      }
      screen.show({ name: "words", key });
    } });
  panel.append(list, label, box, done);
  body.append(panel);
}

// --- child: naming a house and choosing its symbol ---
export function nameView(body, screen, key) {
  const house = houseOf(screen.content, key);
  body.append(screen.childBar(null, themeWords(screen.content.theme).naming));
  const panel = element("div", { class: "app-th__naming" });
  panel.append(element("h2", { class: "app-th__words-title" }, houseName(screen.content, key)));
  const symbols = element("div", { class: "app-th__symbols", role: "group", "aria-label": _("Choose a picture for it") });
  const symbolNames = {
    sun: _("Sun"), cloud: _("Cloud"), heart: _("Heart"), star: _("Star"), rainbow: _("Rainbow"),
    moon: _("Moon"), flower: _("Flower"), tree: _("Tree"),
  };
  for (const symbol of screen.artwork.symbols) {
    symbols.append(pictureButton({
      image: `/static/ink/symbols/${symbol}.png`, label: symbolNames[symbol] || symbol, hideLabel: true,
      pressed: house.symbol === symbol, className: "app-th__symbol-choice",
      onPress: (event) => {
        house.symbol = house.symbol === symbol ? null : symbol;
        screen.changed();
        screen.show({ name: "name", key }, sameControl(event.currentTarget));
      },
    }));
  }
  const id = `th-name-${key}`;
  const label = element("label", { class: "app-th__write-label", for: id });
  label.append(icon("rename", "app-child-button__picture"), element("span", {}, _("A new name (you can leave it)")));
  const input = element("input", { class: "app-th__write app-th__write--name", id, type: "text",
    maxlength: String(LIMITS.name_max), autocomplete: "off", spellcheck: "false", lang: language() });
  input.value = house.name;
  input.addEventListener("input", () => {
    house.name = input.value.replace(/[\r\n]/g, " ");
    screen.changed();
  });
  const done = pictureButton({ picture: "done", label: _("Done"), className: "app-child-button--go", symbol: "finished",
    onPress: () => screen.show({ name: "houses" }) });
  panel.append(symbols, label, input, done);
  body.append(panel);
}
