// Sort the pictures, the child's board: the next card to sort at the top, the board's places under
// it (columns, or the steps of the path from 0 to 10) with the cards already put there. A card goes
// to a place by dragging it there, or by tapping it and then tapping the place (for children who
// cannot drag, and for switches: the cards and the places are each a labelled group of real buttons,
// scanned group by group). Any card on the board can be tapped or dragged again; every card and place
// says its words when tapped.
//
// Main decision: a drag and a tap end in the same placeCard (model.js), marked "drag" or "buttons",
// so the record shows the changes of mind however they were made. The dragged copy is moved through
// CSS variables (no inline styles: the strict CSP). Cards are shown one at a time, so the screen
// never has to scroll, however many cards the set has. `screen` is the PictureSort of screen.js.

import { element } from "../../tablet/dom.js";
import { _ } from "../../tablet/i18n.js";
import { pictureButton } from "../../tablet/child-ui.js";
import { speak } from "../../tablet/speech.js";
import { symbolById } from "../../tablet/symbols.js";
import { PATH_HIGH, PATH_LOW, cardWords, isPlaced, placeCard } from "./model.js";

const DRAG_FROM = 12; // CSS px a finger moves before a press becomes a drag

const say = (screen, words) => {
  speak(words, screen.language);
};

// A card as a button: its symbol (or the pen, for a drawn card) and its words.
function cardButton(screen, card, { compact = false } = {}) {
  const symbol = card.symbol ? symbolById(card.symbol) : null;
  const words = cardWords(card, screen.language);
  const button = pictureButton({
    picture: symbol ? null : card.drawing ? "pen" : "words", image: symbol ? `/static/${symbol.file}` : null, label: words,
    className: `app-ps__card${compact ? " app-ps__card--placed" : ""}`, pressed: screen.selected === card.id,
  });
  button.querySelector(".app-child-button__label")?.setAttribute("lang", card.language);
  button.dataset.card = card.id;
  if (card.symbol) button.dataset.symbol = card.symbol;
  return button;
}

// The places of the board: a column each, or a step for each number of the path (its ends with
// their words and symbols).
function places(screen) {
  const { board } = screen.content;
  if (board.shape === "columns") {
    return board.columns.map((column) => ({ key: `column:${column.id}`, place: { column: column.id }, words: column.words,
      symbol: column.symbol, holds: (card) => card.column === column.id }));
  }
  return Array.from({ length: PATH_HIGH - PATH_LOW + 1 }, (_step, index) => {
    const number = PATH_LOW + index;
    const end = number === PATH_LOW ? board.columns[0] : number === PATH_HIGH ? board.columns[1] : null;
    return { key: `number:${number}`, place: { number }, words: end ? `${number}: ${end.words}` : String(number),
      number, symbol: end ? end.symbol : null, holds: (card) => card.number === number };
  });
}

function placeByKey(screen, key) {
  return places(screen).find((place) => place.key === key) || null;
}

// Put the chosen card in a place (or back in the pile), say where, and show the board again with
// focus where the child will want it next: the next card, or the place just used.
function put(screen, cardId, place, how) {
  const card = screen.content.cards.find((candidate) => candidate.id === cardId);
  if (!card) return;
  screen.selected = null;
  if (placeCard(screen.content, card, place ? place.place : null, how)) screen.changed();
  say(screen, place ? `${cardWords(card, screen.language)}: ${place.words}` : cardWords(card, screen.language));
  screen.show({ name: "board", focus: place ? place.key : "pile" });
}

export function boardView(body, screen) {
  const { content } = screen;
  body.append(element("h2", { class: "govuk-visually-hidden" }, _("Sort the pictures")));
  const waiting = content.cards.filter((card) => !isPlaced(card));
  const prompt = waiting.length ? _("Where does this picture go? Put it where you think.") : _("All the pictures are sorted. You can move any of them.");
  body.append(screen.childBar(prompt, { symbol: "question" }));

  // The pile: the next card (one at a time), another card, the child's own card, back to the pile.
  // The card on top: the one the child chose (a card just made), or the one "Another card" came to.
  const chosen = waiting.findIndex((card) => card.id === screen.selected);
  const index = chosen >= 0 ? chosen : Math.min(screen.view.next || 0, Math.max(0, waiting.length - 1));
  const pile = element("div", { class: "app-ps__pile", role: "group", "aria-label": _("The cards to sort") });
  const current = waiting[index];
  if (current) {
    const button = cardButton(screen, current);
    button.classList.add("app-ps__card--next");
    pile.append(button);
    if (waiting.length > 1) {
      const another = pictureButton({ picture: "play", label: _("Another card"), className: "app-ps__another",
        onPress: () => {
          screen.selected = null;
          screen.show({ name: "board", next: (index + 1) % waiting.length, focus: "another" });
        } });
      another.dataset.symbol = "change";
      another.dataset.focus = "another";
      pile.append(another);
    }
  } else {
    pile.append(element("p", { class: "app-ps__done", lang: screen.language }, _("No more cards")));
  }
  const selectedCard = content.cards.find((card) => card.id === screen.selected);
  if (selectedCard && isPlaced(selectedCard)) {
    const back = pictureButton({ picture: "undo", label: _("Back to the pile"), className: "app-ps__back-to-pile",
      onPress: () => put(screen, selectedCard.id, null, "buttons") });
    back.dataset.place = "pile";
    pile.append(back);
  }
  const own = pictureButton({ picture: "pen", label: _("Make my own card"), className: "app-ps__own",
    onPress: () => screen.show({ name: "make" }) });
  own.dataset.symbol = "draw";
  pile.append(own);
  pile.dataset.focus = "pile";

  // The board: each place's button, then the cards put there.
  const board = element("div", { class: `app-ps__board app-ps__board--${content.board.shape}`, role: "group",
    "aria-label": _("Where the pictures go") });
  board.style.setProperty("--places", String(places(screen).length));
  for (const place of places(screen)) {
    const column = element("div", { class: "app-ps__place" });
    const symbol = place.symbol ? symbolById(place.symbol) : null;
    const target = pictureButton({ image: symbol ? `/static/${symbol.file}` : null, label: place.words,
      className: `app-ps__place-button${place.number !== undefined && !symbol ? " app-ps__place-button--step" : ""}` });
    target.dataset.place = place.key;
    target.querySelector(".app-child-button__label")?.setAttribute("lang", screen.language);
    if (place.symbol) target.dataset.symbol = place.symbol;
    column.append(target);
    const held = content.cards.filter(place.holds);
    if (held.length) {
      const cards = element("div", { class: "app-ps__placed" });
      for (const card of held) cards.append(cardButton(screen, card, { compact: true }));
      column.append(cards);
    }
    board.append(column);
  }
  body.append(pile, board);

  // Taps: a card chooses it (and says it); a place takes the chosen card (or says its words).
  const press = (event) => {
    if (screen.dragged) return;
    const cardControl = event.target.closest("[data-card]");
    const placeControl = event.target.closest("[data-place]");
    if (cardControl) {
      const card = content.cards.find((candidate) => candidate.id === cardControl.dataset.card);
      screen.selected = screen.selected === card.id ? null : card.id;
      say(screen, cardWords(card, screen.language));
      screen.show({ ...screen.view, focus: `card:${card.id}` });
    } else if (placeControl && placeControl.dataset.place !== "pile") {
      const place = placeByKey(screen, placeControl.dataset.place);
      if (screen.selected) put(screen, screen.selected, place, "buttons");
      else say(screen, place.words);
    }
  };
  body.addEventListener("click", press);
  dragCards(screen, body);
  focusAfter(screen, body);
}

// Where focus goes after the board is shown again: what the child used last, or the next card.
function focusAfter(screen, body) {
  const wanted = screen.view.focus;
  if (!wanted) return;
  let target = null;
  if (wanted.startsWith("card:")) target = body.querySelector(`[data-card="${wanted.slice(5)}"]`);
  else if (wanted === "another") target = body.querySelector('[data-focus="another"]');
  else if (wanted === "pile") target = body.querySelector(".app-ps__card--next");
  else target = body.querySelector(".app-ps__card--next") || body.querySelector(`[data-place="${wanted}"]`);
  target = target || body.querySelector(".app-ps__own");
  target.setAttribute("data-autofocus", "");
}

// Dragging a card: a copy follows the finger, the place under it lights up, and letting go there
// puts the card in it. A press that does not move is a tap (the click above).
function dragCards(screen, body) {
  let drag = null;
  const under = (x, y) => {
    const found = document.elementFromPoint(x, y)?.closest("[data-place]");
    return found && body.contains(found) ? found : null;
  };
  const down = (event) => {
    const control = event.target.closest("[data-card]");
    if (!control || drag || event.button > 0) return;
    drag = { pointerId: event.pointerId, control, x: event.clientX, y: event.clientY, ghost: null, over: null };
  };
  const move = (event) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    if (!drag.ghost) {
      if (Math.hypot(event.clientX - drag.x, event.clientY - drag.y) < DRAG_FROM) return;
      drag.ghost = drag.control.cloneNode(true);
      drag.ghost.removeAttribute("data-card");
      drag.ghost.setAttribute("aria-hidden", "true");
      drag.ghost.setAttribute("tabindex", "-1");
      drag.ghost.classList.add("app-ps__ghost");
      body.append(drag.ghost);
      drag.control.classList.add("app-ps__card--dragging");
      try { body.setPointerCapture(event.pointerId); } catch (_lost) { /* the pointer has gone: the drag ends on its own */ }
    }
    event.preventDefault();
    drag.ghost.style.setProperty("--x", `${event.clientX}px`);
    drag.ghost.style.setProperty("--y", `${event.clientY}px`);
    drag.ghost.hidden = true; // not the element found under the finger
    const over = under(event.clientX, event.clientY);
    drag.ghost.hidden = false;
    if (over !== drag.over) {
      drag.over?.classList.remove("app-ps__place-button--over");
      over?.classList.add("app-ps__place-button--over");
      drag.over = over;
    }
  };
  const up = (event) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const { ghost, over, control } = drag;
    drag = null;
    if (!ghost) return; // a tap: the click does it
    ghost.remove();
    control.classList.remove("app-ps__card--dragging");
    screen.dragged = true; // the click that follows a drag is not a tap
    setTimeout(() => { screen.dragged = false; }, 0);
    if (!over) return;
    const place = over.dataset.place === "pile" ? null : placeByKey(screen, over.dataset.place);
    put(screen, control.dataset.card, place, "drag");
  };
  const cancel = (event) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    drag.ghost?.remove();
    drag.over?.classList.remove("app-ps__place-button--over");
    drag.control.classList.remove("app-ps__card--dragging");
    drag = null;
  };
  body.addEventListener("pointerdown", down);
  body.addEventListener("pointermove", move, { passive: false });
  body.addEventListener("pointerup", up);
  body.addEventListener("pointercancel", cancel);
  screen.cleanups.push(() => { drag?.ghost?.remove(); drag = null; });
}

