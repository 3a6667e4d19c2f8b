// Sort the pictures, the rules: a new sort, the boards the worker starts from, the cards a set gives,
// a card placed or moved (each move kept), what the child told us (toldMe, for the read-back), and
// everything the server checks that a worker or child can change (problems), said in plain words
// naming the card, the column or the note. Limits and choices are contract.json's, which the server
// reads too (sofs_direct/tools/picture_sort/, docs/picture-sort.md).
//
// Main decision: a card's place and the moves change together, only through placeCard, so the
// document always holds "each card is where its last move put it" (the server's rule). The board's
// words are made in the sort's language (the child's), not the worker's screen's, and stored as shown.

import { _, translatorFor } from "../../tablet/i18n.js";
import { detailProblems } from "../../ink/budget.js";
import { Problems, isBlank, quote } from "../checks.js";
import contract from "./contract.json" with { type: "json" };

export const LIMITS = contract;
export const ID_PATTERN = /^[a-z0-9-]{1,40}$/;
export const DRAWING_PREFIX = "card-";
export const [PATH_LOW, PATH_HIGH] = contract.path;

// The boards the worker starts from: [column words (an English key, said in the sort's language),
// symbol, leaning]. "own": the worker names the columns; "path": the 0-10 path's two ends.
const PRESETS = {
  "good-not-sure-not-good": [["Good", "happy", "good"], ["Not sure", "not-sure", "not_sure"], ["Not good", "sad", "not_good"]],
  "like-dont-like": [["Like", "yes", "good"], ["Don't like", "no", "not_good"]],
  "happy-ok-sad-scared": [["Happy", "happy", "good"], ["OK", "calm", "none"], ["Sad", "sad", "not_good"], ["Scared", "scared", "not_good"]],
  "safe-not-safe": [["Safe", "safe", "good"], ["Not sure", "not-sure", "not_sure"], ["Not safe", "hurt", "not_good"]],
  path: [["Really not good", "sad", "not_good"], ["Really good", "happy", "good"]],
};
export const PRESET_IDS = Object.keys(PRESETS);

// The presets' names for the worker's choice (in the worker's language).
export function presetNames() {
  return {
    "good-not-sure-not-good": _("Good, not sure, not good"),
    "like-dont-like": _("Like, don't like"),
    "happy-ok-sad-scared": _("Happy, OK, sad, scared"),
    "safe-not-safe": _("Safe, not sure, not safe"),
    path: _("A path from 0 to 10"),
    own: _("Columns you name"),
  };
}

// The words the presets use, so extraction finds them (they are said through translatorFor).
export const PRESET_WORDS = () => [_("Good"), _("Not sure"), _("Not good"), _("Like"), _("Don't like"), _("Happy"), _("OK"),
  _("Sad"), _("Scared"), _("Safe"), _("Not safe"), _("Really not good"), _("Really good")];

export function leaningNames() {
  return { good: _("Good things"), not_sure: _("Not sure"), not_good: _("Not good things"), none: _("None of these") };
}

// A board from a preset, in the sort's language.
export function presetBoard(preset, language) {
  const say = translatorFor(language) || _;
  const columns = (PRESETS[preset] || PRESETS["good-not-sure-not-good"]).map(([words, symbol, leaning], index) => ({
    id: `c${index + 1}`, words: say(words), symbol, leaning,
  }));
  return { shape: preset === "path" ? "path" : "columns", preset: PRESETS[preset] ? preset : "good-not-sure-not-good", columns };
}

export function nextId(list, letter) {
  const numbers = list.map((item) => (item.id.startsWith(letter) ? Number(item.id.slice(letter.length)) || 0 : 0));
  return `${letter}${Math.max(0, ...numbers) + 1}`;
}

export const isPlaced = (card) => card.column !== null || card.number !== null;

// A new card in the tray. `by`: "set" (from a set), "worker" or "child".
export function addCard(content, { words = "", symbol = null, language = content.language, by, drawing = false }) {
  if (content.cards.length >= contract.cards_max) return null;
  const id = nextId(content.cards, "k");
  const card = { id, words, symbol, language, drawing: drawing ? DRAWING_PREFIX + id : null, by, column: null, number: null,
    at: new Date().toISOString() };
  content.cards.push(card);
  return card;
}

// Put a card somewhere ({column}, {number}, or null: back to the tray), keeping the move. A move to
// where the card already is, or past the moves' limit, changes nothing.
export function placeCard(content, card, place, how) {
  const column = place && place.column !== undefined ? place.column : null;
  const number = place && place.number !== undefined ? place.number : null;
  if (card.column === column && card.number === number) return false;
  if (content.moves.length >= contract.moves_max) return false;
  card.column = column;
  card.number = number;
  content.moves.push({ card: card.id, column, number, how, at: new Date().toISOString() });
  return true;
}

// The cards a set gives, in the sort's language: a starter's card has its words in both languages;
// a team's card keeps the words it was saved with.
export function cardsOfSet(chosen, language) {
  return chosen.cards.map((card) => (typeof card.words === "object" && card.words !== null
    ? { words: card.words[language] || card.words.en, symbol: card.symbol, language: card.words[language] ? language : "en" }
    : { words: card.words, symbol: card.symbol, language: card.language }));
}

// Where a card is, in the board's words: a column's words, a number, or nothing (in the tray).
export function placeWords(content, card) {
  if (card.column !== null) return content.board.columns.find((column) => column.id === card.column)?.words || "";
  if (card.number !== null) return String(card.number);
  return "";
}

export function cardWords(card, language) {
  if (!isBlank(card.words)) return card.words;
  const say = translatorFor(language) || _;
  return card.drawing ? say("My own drawing") : say("A card");
}

// What the child told us by sorting, place by place (the platform's read-back, "This is what you
// told me"): each sorted card with where it went, column by column (on a path, from 10 down to 0).
export function toldMe(draft, language) {
  const { content } = draft;
  const places = content.board.shape === "columns"
    ? content.board.columns.map((column) => ({ match: (card) => card.column === column.id, words: column.words }))
    : Array.from({ length: PATH_HIGH - PATH_LOW + 1 }, (_step, index) => PATH_HIGH - index)
      .map((number) => ({ match: (card) => card.number === number, words: String(number) }));
  return places.flatMap((place) => content.cards.filter(place.match).map((card) => ({
    symbol: card.symbol, words: `${cardWords(card, language)}: ${place.words}`,
  })));
}

// What the letter to the child may quote (the platform's "write to the child", docs/letter.md): each
// sorted card's words with the place the child put it, the words the worker noted the child saying
// (not what the child did), and each card the child drew. The sort has one wish for all of it.
export function heardFrom(draft, language) {
  const { content } = draft;
  const heard = { done_at: content.session.started_at, words: [], drawings: [] };
  for (const card of content.cards.filter(isPlaced)) {
    // Only words the card really has: a drawn card without any is in the letter as its drawing.
    if (!isBlank(card.words)) {
      heard.words.push({ words: card.words, where: placeWords(content, card), by: card.by === "child" ? "child" : "worker",
        symbol: card.symbol || null, share: content.share });
    }
    if (card.drawing) heard.drawings.push({ part: card.drawing, outline: null, caption: cardWords(card, language), share: content.share });
  }
  for (const note of content.notes.filter((candidate) => candidate.noted === "said")) {
    heard.words.push({ words: note.text, where: _("Sort the pictures"), by: "worker", symbol: "talk", share: content.share });
  }
  return heard;
}

function cardWhat(card, index) {
  return isBlank(String(card.words ?? "")) ? _("card %(number)s", { number: index + 1 }) : quote(card.words);
}

function boardProblems(board, problems) {
  problems.choice(board.shape, contract.shapes, _("Choose the board again"));
  if (!ID_PATTERN.test(String(board.preset))) problems.add(_("Choose the board again"));
  const [low, high] = board.shape === "path" ? [2, 2] : contract.columns;
  if (board.columns.length < low || board.columns.length > high) {
    problems.add(_("A board has from %(low)s to %(high)s columns: add or remove some", { low, high }));
  }
  const ids = new Set();
  board.columns.forEach((column, index) => {
    const what = _("column %(number)s", { number: index + 1 });
    if (!ID_PATTERN.test(String(column.id)) || ids.has(column.id)) problems.add(_("Choose the board again"));
    ids.add(column.id);
    problems.text(column.words, _("the words of %(what)s", { what }), contract.column_words_max, { oneLine: true });
    if (isBlank(column.words)) problems.add(_("Give %(what)s its words", { what }));
    if (column.symbol !== null && !ID_PATTERN.test(String(column.symbol))) problems.add(_("Choose the symbol of %(what)s again", { what }));
    problems.choice(column.leaning, contract.leanings, _("Say again what %(what)s means", { what }));
  });
  return ids;
}

function cardProblems(card, index, problems, ids, columns, shape, draft) {
  const what = cardWhat(card, index);
  if (!ID_PATTERN.test(String(card.id)) || ids.has(card.id)) problems.add(_("Remove %(card)s and add it again", { card: what }));
  ids.add(card.id);
  problems.text(card.words, _("the words of %(card)s", { card: what }), contract.card_words_max, { oneLine: true });
  problems.choice(card.language, contract.languages, _("Remove %(card)s and add it again", { card: what }));
  problems.choice(card.by, contract.makers, _("Remove %(card)s and add it again", { card: what }));
  if (card.symbol !== null && !ID_PATTERN.test(String(card.symbol))) problems.add(_("Choose the symbol of %(card)s again", { card: what }));
  if (card.drawing !== null) {
    const part = draft.parts.find((candidate) => candidate.name === card.drawing);
    if (card.by !== "child" || card.drawing !== DRAWING_PREFIX + card.id || !part) {
      problems.add(_("Remove %(card)s and draw it again", { card: what }));
    }
  }
  if (isBlank(card.words) && card.symbol === null && card.drawing === null) {
    problems.add(_("Give %(card)s words or a symbol, or remove it", { card: what }));
  }
  if (!goodPlace(card, columns, shape)) problems.add(_("Put %(card)s back in the pile and sort it again", { card: what }));
  problems.time(card.at, _("%(card)s was added", { card: what }));
}

// A place on the board: a column of a board of columns, a whole number on a path, or neither (the pile).
function goodPlace(item, columns, shape) {
  const column = item.column === null || (shape === "columns" && columns.has(item.column));
  const number = item.number === null || (shape === "path" && Number.isInteger(item.number) && item.number >= PATH_LOW
    && item.number <= PATH_HIGH);
  return column && number;
}

function moveProblems(content, columns, problems) {
  const last = new Map();
  const ids = new Set(content.cards.map((card) => card.id));
  content.moves.forEach((move) => {
    if (!ids.has(move.card) || !contract.hows.includes(move.how) || !goodPlace(move, columns, content.board.shape)) {
      problems.add(_("The moves of the cards are damaged: start the sort again"));
    }
    problems.time(move.at, _("a card was moved"));
    last.set(move.card, [move.column, move.number]);
  });
  content.cards.forEach((card, index) => {
    const [column, number] = last.get(card.id) || [null, null];
    if (column !== card.column || number !== card.number) {
      problems.add(_("Put %(card)s back in the pile and sort it again", { card: cardWhat(card, index) }));
    }
  });
}

export const model = {
  kind: "picture_sort",
  // The child's feedback at the hand-back (static/js/tablet/feedback.js; FEEDBACK_QUESTIONS on the
  // server, docs/feedback.md says why these).
  feedbackQuestions: LIMITS.feedback_questions,
  title: () => _("Sort the pictures"),

  // The sort is done in the child's language (as prepared), or the tablet's.
  initialContent(childId, context) {
    const child = context?.childRecord ? context.childRecord(childId) : null;
    const language = contract.languages.includes(child?.language) ? child.language : (document.documentElement.lang === "cy" ? "cy" : "en");
    return {
      session: { started_at: new Date().toISOString(), present: [] },
      language,
      board: presetBoard("good-not-sure-not-good", language),
      set: { id: null, name: "", save_for_team: false },
      cards: [],
      moves: [],
      notes: [],
      share: "ask",
    };
  },

  // docs/picture-sort.md: what finishing needs, and every limit a worker or child can break.
  problems(draft) {
    const { content } = draft;
    const problems = new Problems();
    problems.time(content.session.started_at, _("the session started"));
    problems.count(content.session.present, contract.present_max, _("At most %(count)s people can be recorded as present: remove some",
      { count: contract.present_max }));
    content.session.present.forEach((person, index) => {
      const number = index + 1;
      problems.text(person.name, _("the name of person %(number)s present", { number }), contract.person_text_max, { oneLine: true });
      problems.text(person.role, _("the role of person %(number)s present", { number }), contract.person_text_max, { oneLine: true });
    });
    problems.choice(content.language, contract.languages, _("Choose the board again"));
    const columns = boardProblems(content.board, problems);
    problems.text(content.set.name, _("the name of the card set"), contract.set_name_max, { oneLine: true });
    problems.choice(content.set.save_for_team, [true, false], _("Say again whether to save the card set for your team"));
    if (content.set.id !== null && !(typeof content.set.id === "string" && content.set.id.length >= 1 && content.set.id.length <= 40)) {
      problems.add(_("Choose the card set again"));
    }
    if (content.set.save_for_team && isBlank(content.set.name)) problems.add(_("Give the card set a name to save it for your team"));
    problems.count(content.cards, contract.cards_max, _("A sort can have at most %(count)s cards: remove some", { count: contract.cards_max }));
    const ids = new Set();
    content.cards.forEach((card, index) => cardProblems(card, index, problems, ids, columns, content.board.shape, draft));
    problems.count(content.moves, contract.moves_max, _("The cards were moved too often: start the sort again"));
    moveProblems(content, columns, problems);
    problems.count(content.notes, contract.notes_max, _("At most %(count)s notes can be written: remove some", { count: contract.notes_max }));
    const noteIds = new Set();
    content.notes.forEach((note, index) => {
      const what = _("note %(number)s", { number: index + 1 });
      if (!ID_PATTERN.test(String(note.id)) || noteIds.has(note.id)) problems.add(_("Remove %(note)s and write it again", { note: what }));
      noteIds.add(note.id);
      problems.text(note.text, what, contract.note_max);
      problems.choice(note.noted, contract.noted, _("Say again whether the child said or did %(note)s", { note: what }));
      problems.time(note.at, _("%(note)s was written", { note: what }));
    });
    problems.wish(content.share, _("the picture sort"));
    if (!content.cards.some(isPlaced)) problems.add(_("No card has been sorted yet: the child sorts at least one card"));
    const drawn = content.cards.filter((card) => card.drawing)
      .map((card, index) => ({ part: card.drawing, outline: null, what: _("The drawing of card %(number)s", { number: index + 1 }) }));
    for (const problem of detailProblems(draft, drawn)) problems.add(problem);
    return problems.list;
  },

  summary(content) {
    return _("%(sorted)s of %(cards)s cards sorted", { sorted: content.cards.filter(isPlaced).length, cards: content.cards.length });
  },

  toldMe,
  heardFrom,
};
