// Sort the pictures, the worker's views: setting up (the board, its columns' words, symbols and what
// each means; the cards from a set, from the symbols or in the worker's own words; saving the set
// for the team) and, after the child's turn, the notes (what the child said or did, verbatim, as the
// worker's), who was present and the child's wish.
//
// Main decision: the board is fixed once the child has moved a card (the moves name its columns), so
// it is chosen before the hand-over; cards can still be added, and a card never moved can be taken
// out. `screen` is the PictureSort of screen.js.

import { element } from "../../tablet/dom.js";
import { _, formatTime } from "../../tablet/i18n.js";
import { symbolById, symbolGroups, symbolWords } from "../../tablet/symbols.js";
import { button, checkbox, communicationFields, presentFields, radios, textField } from "../forms.js";
import { wishControl } from "../sharing.js";
import { symbolPicker } from "../symbol-picker.js";
import { LIMITS, PRESET_IDS, addCard, cardWords, cardsOfSet, leaningNames, nextId, presetBoard, presetNames, toldMe } from "./model.js";

// --- setting up: the board and the cards ---

export function setupView(body, screen) {
  const { content } = screen;
  body.append(element("h2", { class: "govuk-heading-m" }, _("Board and cards")));
  body.append(element("p", { class: "govuk-body" }, _("Started %(time)s", { time: formatTime(content.session.started_at) })));
  body.append(boardFields(screen));
  body.append(cardFields(screen));
  body.append(presentFields({
    present: content.session.present, limit: { people: LIMITS.present_max, text: LIMITS.person_text_max },
    onChange: () => screen.changed(), rerender: () => screen.show(screen.view), rowClass: "app-ps__present",
  }));
  body.append(element("p", { class: "govuk-body" },
    _("When you are ready, hand the tablet to the child. To come back here you will need your PIN.")));
}

function boardFields(screen) {
  const { content } = screen;
  const section = element("section", { class: "app-ps__section", "aria-labelledby": "ps-board" });
  section.append(element("h3", { class: "govuk-heading-s", id: "ps-board" }, _("The board")));
  if (content.moves.length) {
    section.append(element("p", { class: "govuk-body" }, _("The child has started sorting, so the board stays as it is: %(columns)s",
      { columns: content.board.columns.map((column) => column.words).join(", ") })));
    return section;
  }
  const names = presetNames();
  section.append(radios({
    legend: _("Choose a board"), name: "ps-preset", value: content.board.preset,
    options: [...PRESET_IDS, "own"].map((value) => ({ value, label: names[value] })),
    onChange: (preset) => {
      content.board = preset === "own"
        ? { ...presetBoard("like-dont-like", content.language), preset: "own" }
        : presetBoard(preset, content.language);
      screen.changed();
      screen.show(screen.view);
    },
  }));
  content.board.columns.forEach((column, index) => section.append(columnFields(screen, column, index)));
  if (content.board.shape === "columns") {
    const [fewest, most] = LIMITS.columns;
    const row = element("div", { class: "govuk-button-group" });
    if (content.board.columns.length < most) {
      row.append(button(_("Add a column"), () => {
        content.board.columns.push({ id: nextId(content.board.columns, "c"), words: "", symbol: null, leaning: "none" });
        content.board.preset = "own";
        screen.changed();
        screen.show(screen.view);
      }));
    }
    if (content.board.columns.length > fewest) {
      row.append(button(_("Remove the last column"), () => {
        content.board.columns.pop();
        content.board.preset = "own";
        screen.changed();
        screen.show(screen.view);
      }));
    }
    section.append(row);
  }
  return section;
}

// A column's words, its symbol (a select of the vocabulary, by group) and what it means.
function columnFields(screen, column, index) {
  const { content } = screen;
  const ends = content.board.shape === "path" ? [_("The words at 0"), _("The words at 10")] : null;
  const fieldset = element("fieldset", { class: "govuk-fieldset app-ps__column-fields" });
  fieldset.append(element("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" },
    ends ? ends[index] : _("Column %(number)s", { number: index + 1 })));
  fieldset.append(textField({ label: _("Words"), value: column.words, maxlength: LIMITS.column_words_max, width: "govuk-input--width-20",
    lang: content.language, onInput: (value) => { column.words = value; screen.changed(); } }));
  const id = `ps-symbol-${column.id}`;
  const group = element("div", { class: "govuk-form-group" });
  group.append(element("label", { class: "govuk-label", for: id }, _("Symbol")));
  const select = element("select", { class: "govuk-select", id });
  select.append(element("option", { value: "" }, _("No symbol")));
  for (const symbols of symbolGroups()) {
    const optgroup = element("optgroup", { label: symbolWords(symbols, content.language) });
    for (const symbol of symbols.symbols) {
      const option = element("option", { value: symbol.id }, symbolWords(symbol, content.language));
      option.selected = symbol.id === column.symbol;
      optgroup.append(option);
    }
    select.append(optgroup);
  }
  select.addEventListener("change", () => {
    column.symbol = select.value || null;
    screen.changed();
  });
  group.append(select);
  fieldset.append(group);
  const leanings = leaningNames();
  fieldset.append(radios({
    legend: _("For the assessment, this column is"), name: `ps-leaning-${column.id}`, value: column.leaning, inline: true,
    options: LIMITS.leanings.map((value) => ({ value, label: leanings[value] })),
    onChange: (value) => { column.leaning = value; screen.changed(); },
  }));
  return fieldset;
}

function cardFields(screen) {
  const { content } = screen;
  const section = element("section", { class: "app-ps__section", "aria-labelledby": "ps-cards" });
  section.append(element("h3", { class: "govuk-heading-s", id: "ps-cards" }, _("The cards")));
  const sets = screen.cardSets();
  const offered = [
    ...sets.starter.map((chosen) => ({ ...chosen, label: chosen.name[content.language] || chosen.name.en })),
    ...sets.team.map((chosen) => ({ ...chosen, label: _("%(name)s (your team's)", { name: chosen.name }) })),
  ];
  if (offered.length) {
    let picked = offered[0];
    section.append(radios({ legend: _("Add the cards of a set"), name: "ps-set", value: picked.id,
      options: offered.map((chosen) => ({ value: chosen.id, label: chosen.label })),
      onChange: (value) => { picked = offered.find((chosen) => chosen.id === value); } }));
    section.append(button(_("Add these cards"), () => {
      for (const card of cardsOfSet(picked, content.language)) addCard(content, { ...card, by: "set" });
      content.set.id = picked.id;
      content.set.name = typeof picked.name === "string" ? picked.name : picked.label;
      screen.changed();
      screen.show(screen.view);
    }));
  } else {
    section.append(element("p", { class: "govuk-body" }, _("No card sets are on this tablet. Prepare for visits to carry your team's sets.")));
  }
  const manage = element("p", { class: "govuk-body app-worker-only" });
  manage.append(element("a", { class: "govuk-link", href: "/card-sets", target: "_blank", rel: "noopener" },
    _("Make or change your team's card sets (opens in a new tab, needs a connection)")));
  section.append(manage);
  const list = element("ul", { class: "govuk-list app-ps__card-list" });
  content.cards.forEach((card) => {
    const item = element("li", { class: "app-ps__card-row" });
    const symbol = card.symbol ? symbolById(card.symbol) : null;
    if (symbol) item.append(element("img", { src: `/static/${symbol.file}`, alt: "", class: "app-ps__card-row-picture" }));
    item.append(element("span", { lang: card.language }, cardWords(card, content.language)));
    if (!content.moves.some((move) => move.card === card.id)) {
      item.append(button(_("Remove %(card)s", { card: cardWords(card, content.language) }), () => {
        content.cards.splice(content.cards.indexOf(card), 1);
        screen.changed();
        screen.show(screen.view);
      }, "govuk-button--secondary app-ps__remove"));
    }
    list.append(item);
  });
  section.append(element("p", { class: "govuk-body" }, _("Cards: %(count)s of at most %(most)s", { count: content.cards.length, most: LIMITS.cards_max })));
  section.append(list);
  if (content.cards.length < LIMITS.cards_max) {
    const details = element("details", { class: "govuk-details" });
    const summary = element("summary", { class: "govuk-details__summary" });
    summary.append(element("span", { class: "govuk-details__summary-text" }, _("Add a card from the symbols")));
    details.append(summary);
    const inside = element("div", { class: "govuk-details__text" });
    inside.append(symbolPicker({ language: content.language, onChoose: (symbol) => {
      addCard(content, { words: symbolWords(symbol, content.language), symbol: symbol.id, by: "worker" });
      screen.changed();
      screen.show(screen.view);
    } }));
    details.append(inside);
    section.append(details);
    let own = "";
    section.append(textField({ label: _("Or a card in your own words"), value: own, maxlength: LIMITS.card_words_max,
      width: "govuk-input--width-20", lang: content.language, onInput: (value) => { own = value; } }));
    section.append(button(_("Add the card"), () => {
      if (!own.trim()) return;
      addCard(content, { words: own, by: "worker" });
      screen.changed();
      screen.show(screen.view);
    }));
  }
  const save = element("div", { class: "govuk-checkboxes govuk-checkboxes--small app-ps__save" });
  save.append(checkbox({
    id: "ps-save-set", label: _("Save these cards as a set for my team"), checked: content.set.save_for_team,
    onChange: (checked) => { content.set.save_for_team = checked; screen.changed(); screen.show(screen.view); },
  }));
  section.append(save);
  if (content.set.save_for_team) {
    section.append(textField({ label: _("Name of the set"), value: content.set.name, maxlength: LIMITS.set_name_max,
      width: "govuk-input--width-20", onInput: (value) => { content.set.name = value; screen.changed(); } }));
  }
  return section;
}

// --- after the child's turn: the notes, the wish ---

export function notesView(body, screen) {
  const { content } = screen;
  body.append(element("h2", { class: "govuk-heading-m" }, _("Notes and sharing")));
  const told = toldMe(screen.draft, content.language);
  body.append(element("h3", { class: "govuk-heading-s" }, _("Where the child put the cards")));
  const list = element("ul", { class: "govuk-list govuk-list--bullet", lang: content.language });
  for (const entry of told) list.append(element("li", {}, entry.words));
  body.append(told.length ? list : element("p", { class: "govuk-body" }, _("No card is sorted yet.")));
  body.append(element("h3", { class: "govuk-heading-s" }, _("What the child said or did")));
  body.append(element("p", { class: "govuk-hint" }, _("Write it down exactly, in the child's words. It is recorded as written by you.")));
  content.notes.forEach((note, index) => {
    const fieldset = element("div", { class: "app-ps__note" });
    fieldset.append(textField({ label: _("Note %(number)s", { number: index + 1 }), multiline: true, value: note.text,
      maxlength: LIMITS.note_max, rows: 3, onInput: (value) => { note.text = value; screen.changed(); } }));
    fieldset.append(radios({ legend: _("The child"), name: `ps-noted-${note.id}`, value: note.noted, inline: true,
      options: [{ value: "said", label: _("said this") }, { value: "did", label: _("did this") }],
      onChange: (value) => { note.noted = value; screen.changed(); } }));
    body.append(fieldset);
  });
  if (content.notes.length < LIMITS.notes_max) {
    body.append(button(_("Add a note"), () => {
      content.notes.push({ id: nextId(content.notes, "n"), text: "", noted: "said", at: new Date().toISOString() });
      screen.changed();
      screen.show(screen.view);
    }));
  }
  body.append(communicationFields(screen.draft, () => screen.changed()));
  body.append(wishControl({ legend: _("Who did the child say may see the picture sort?"), wish: content.share,
    onChange: (wish) => { content.share = wish; screen.changed(); } }));
}
