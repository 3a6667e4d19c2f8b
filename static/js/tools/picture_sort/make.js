// Sort the pictures, the child's own card: drawn on a blank card with the shared ink canvas (a small
// drawing, one part of the sort, as other tools' drawings are), or chosen from the symbols with the
// shared picker. The new card goes straight to the top of the pile, chosen, so the next tap on a
// place puts it there.
//
// Main decision: a drawn card exists only once something is drawn on it (cleared again, and never
// moved, it is gone), so an empty card never reaches the sort. `screen` is the PictureSort of screen.js.

import { element } from "../../tablet/dom.js";
import { _ } from "../../tablet/i18n.js";
import { pictureButton } from "../../tablet/child-ui.js";
import { symbolWords } from "../../tablet/symbols.js";
import { InkCanvas } from "../../ink/canvas.js";
import { InkToolbar } from "../../ink/toolbar.js";
import { MEDIA_TYPE, encode } from "../../ink/codec.js";
import { setPart } from "../screen.js";
import { symbolPicker } from "../symbol-picker.js";
import { LIMITS, addCard } from "./model.js";

// Back on the board with the new card chosen and first in the pile.
function toBoard(screen, card) {
  screen.selected = card ? card.id : null;
  screen.show({ name: "board", focus: card ? `card:${card.id}` : "pile" });
}

export function makeView(body, screen) {
  body.append(element("h2", { class: "govuk-visually-hidden" }, _("Make your own card")));
  body.append(screen.childBar(_("Make your own card: draw it, or choose a picture."), { back: true, symbol: "draw" }));
  const choices = element("div", { class: "app-ps__make", role: "group", "aria-label": _("Make your own card") });
  const full = screen.content.cards.length >= LIMITS.cards_max;
  const draw = pictureButton({ picture: "pen", label: _("Draw it"), className: "app-ps__make-choice", onPress: () => screen.show({ name: "draw" }) });
  draw.dataset.symbol = "draw";
  const choose = pictureButton({ picture: "stamp", label: _("Choose a picture"), className: "app-ps__make-choice",
    onPress: () => screen.show({ name: "symbol" }) });
  choose.dataset.symbol = "people";
  draw.disabled = full;
  choose.disabled = full;
  choices.append(draw, choose);
  body.append(choices);
}

export function drawCardView(body, screen) {
  body.append(element("h2", { class: "govuk-visually-hidden" }, _("Draw your card")));
  body.append(screen.childBar(_("Draw your card. Press Done when it is finished."), { back: true, symbol: "draw" }));
  let card = null;
  const stage = element("div", { class: "app-th__stage app-ps__stage" });
  const surface = element("div", { class: "app-th__surface app-ps__surface" });
  screen.canvas = new InkCanvas(surface, {
    artwork: screen.artwork, outline: null, ops: [], label: _("Your own card"),
    onChange: (ops) => {
      if (ops.length && !card) card = addCard(screen.content, { by: "child", drawing: true });
      if (!card) return;
      if (!ops.length && !screen.content.moves.some((move) => move.card === card.id)) {
        setPart(screen.draft, card.drawing, MEDIA_TYPE, null);
        screen.content.cards.splice(screen.content.cards.indexOf(card), 1);
        card = null;
      } else {
        setPart(screen.draft, card.drawing, MEDIA_TYPE, encode(ops));
      }
      toolbar.refresh();
      screen.changed();
    },
  });
  const toolbar = new InkToolbar(screen.canvas, screen.artwork);
  const done = pictureButton({ picture: "done", label: _("Done"), className: "app-ps__done-button", onPress: () => toBoard(screen, card) });
  done.dataset.symbol = "finished";
  stage.append(toolbar.colours, surface, toolbar.tools, toolbar.stampTray);
  body.append(done, stage);
}

export function symbolCardView(body, screen) {
  body.append(element("h2", { class: "govuk-visually-hidden" }, _("Choose a picture for your card")));
  body.append(screen.childBar(_("Choose a picture for your card."), { back: true, symbol: "people" }));
  body.append(symbolPicker({ language: screen.language, onChoose: (symbol) => {
    const card = addCard(screen.content, { words: symbolWords(symbol, screen.language), symbol: symbol.id, by: "child" });
    screen.changed();
    toBoard(screen, card);
  } }));
}
