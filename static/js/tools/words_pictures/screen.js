// Words and Pictures (Turnell & Essex): the parents and the worker explain to the children, in
// simple drawings and short sentences, why children's services are involved and what happens next;
// the children hear it read and add their own pictures. The document is docs/words-and-pictures.md;
// the server's check and the booklet are sofs_direct/tools/words_pictures/.
//
// Main decision: one screen object owns the storyboard and shows one view at a time. The worker's
// views (choosing a starting point, the storyboard of pages, one page, the agreed words, saving a
// version) have the GOV.UK look and are used with the parents; the children's views (reading page
// by page, adding their own drawing or words) have the child-facing look of child.css: big picture
// buttons along the top, nothing to press along the bottom edge, pause, read-aloud. Every drawing is
// its own ink part on the one shared canvas (docs/ink.md), rewritten after each finished stroke. The
// checks while typing (agreed wording, plain words) only ever suggest: nothing typed is blocked.
// A saved version is finalised by the platform, which then starts the next version's draft from
// nextVersion() (static/js/tablet/editing.js, finish). The storyboard's rules — a new storyboard, the
// next version, what must be put right before saving — are model.js, with the limits of contract.json.

import { element } from "../../tablet/dom.js";
import { _ } from "../../tablet/i18n.js";
import { PauseCover, pictureButton, readAloudButton } from "../../tablet/child-ui.js";
import { speak, stopSpeaking } from "../../tablet/speech.js";
import { InkCanvas } from "../../ink/canvas.js";
import { InkToolbar } from "../../ink/toolbar.js";
import { drawPicture, loadArtwork } from "../../ink/draw.js";
import { MEDIA_TYPE, decode, encode } from "../../ink/codec.js";
import { fold } from "../../ink/fold.js";
import { screenHooks, setPart } from "../screen.js";
import { characters } from "../checks.js";
import { escapeRegExp, fold as foldText, sameTerm, wholeWords, wordPattern } from "../folding.js";
import { swipeToTurn } from "../swipe.js";
import { checkbox, radios } from "../forms.js";
import { LIMITS, blankPage, model } from "./model.js";

const FIRST_WORDS = 90;
const THUMBNAIL = 112; // CSS px
const oneLine = (text) => text.replace(/[\r\n]+/g, " ");

// --- the starting points (TOOLS.md, Words and Pictures: the typical pages) ------------------------------

const OUTLINES = {
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

// --- agreed wording and plain words (pure functions, tested in the browser) ------------------------------

// For each agreed word, the first place the text uses its term without the agreed wording:
// [{term, wording, index, length}]. An occurrence inside the wording itself ("an illness called
// depression" contains "depression"), or followed by it, is already agreed.
export function agreedSuggestions(text, agreedWords) {
  const suggestions = [];
  for (const { term, wording } of agreedWords) {
    if (!term.trim() || !wording.trim()) continue;
    const spans = [...text.matchAll(new RegExp(escapeRegExp(wording.trim()), "giu"))]
      .map((match) => [match.index, match.index + match[0].length]);
    const followedBy = new RegExp(`^[\\s(,:;–—-]*${escapeRegExp(wording.trim())}`, "iu");
    const pattern = wholeWords(term, "gi");
    if (!pattern) continue;
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (spans.some(([from, to]) => from <= start && end <= to) || followedBy.test(text.slice(end))) continue;
      suggestions.push({ term, wording: wording.trim(), index: start, length: match[0].length });
      break;
    }
  }
  return suggestions;
}

// The text with that one occurrence replaced by the agreed wording (capitalised where the term was,
// at the start of a sentence).
export function useAgreedWording(text, suggestion) {
  const { index, length, wording } = suggestion;
  const first = text.charAt(index);
  const capital = first !== first.toLowerCase() && wording.charAt(0) === wording.charAt(0).toLowerCase();
  const replacement = capital ? wording.charAt(0).toUpperCase() + wording.slice(1) : wording;
  return text.slice(0, index) + replacement + text.slice(index + length);
}

// The entries of the jargon list ([{word, instead}]) whose word the text uses, folded as the server
// folds (docs/folding-and-matching.md).
export function jargonFound(text, jargon) {
  const searched = foldText(text);
  return jargon.filter((entry) => wordPattern(entry.word)?.test(searched));
}

// static/words/jargon.json: a data file the service edits. Without it (not there yet, or broken) the
// plain-words check is simply not offered; a failed load is tried again by the next storyboard.
let jargonLoading = null;

function loadJargon() {
  if (!jargonLoading) {
    jargonLoading = fetch("/static/words/jargon.json")
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null)
      .then((list) => {
        if (!list || typeof list !== "object") {
          jargonLoading = null;
          return null;
        }
        const entries = (language) => (Array.isArray(list[language]) ? list[language] : [])
          .filter((entry) => entry && typeof entry.word === "string" && typeof (entry.instead ?? "") === "string");
        return { en: entries("en"), cy: entries("cy") };
      });
  }
  return jargonLoading;
}

// --- the document ---------------------------------------------------------------------------------------

function nextPageId(content) {
  const numbers = content.pages.map((page) => Number(/^p(\d+)$/.exec(page.id)?.[1]) || 0);
  return `p${Math.max(0, ...numbers) + 1}`;
}

// Still exactly as the tool made it: the worker has not chosen a starting point yet.
function untouched(draft) {
  const { content } = draft;
  const [page] = content.pages;
  return !draft.supersedes && content.pages.length === 1 && !page.text && !page.drawing && !page.children
    && page.hint === null && !content.title && !content.agreed_words.length && content.version.number === 1;
}


// Decoded drawings, kept per part's bytes (a part's bytes are replaced, never changed in place).
const decoded = new WeakMap();

// A drawing's ops; null when its part cannot be read (it is then shown as broken, never overwritten).
function drawingOps(draft, partName) {
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

function pageTitle(content, index) {
  const page = content.pages[index];
  const hint = hintTitle(page.hint);
  return hint ? _("Page %(number)s: %(title)s", { number: index + 1, title: hint }) : _("Page %(number)s", { number: index + 1 });
}

function firstWords(text) {
  const flat = oneLine(text).trim();
  return characters(flat) > FIRST_WORDS ? `${[...flat].slice(0, FIRST_WORDS).join("").trimEnd()}…` : flat;
}

// The child's name for the children's part, typed by the worker; kept for the session per child, so
// it carries on into the next version.
const childNames = new Map();

// --- GOV.UK form pieces for the worker's views -------------------------------------------------------------

let fieldNumber = 0;
const nextFieldId = () => `wp-field-${(fieldNumber += 1)}`;

function textInput({ label, hint = "", value, maxlength, onInput, width = "", lang = null }) {
  const id = nextFieldId();
  const group = element("div", { class: "govuk-form-group" });
  group.append(element("label", { class: "govuk-label govuk-label--s", for: id }, label));
  if (hint) group.append(element("div", { class: "govuk-hint", id: `${id}-hint` }, hint));
  // autocomplete="off" keeps typed text out of the browser's session-restore files (docs/sync.md).
  const input = element("input", { class: `govuk-input ${width}`.trim(), id, type: "text", maxlength: String(maxlength),
    autocomplete: "off", spellcheck: "false", lang, "aria-describedby": hint ? `${id}-hint` : null });
  input.value = value;
  input.addEventListener("input", () => onInput(oneLine(input.value)));
  group.append(input);
  return group;
}

// The GOV.UK character count (https://design-system.service.gov.uk/components/character-count/):
// the limit is stated, the count shown as you type, and going over is allowed and shown as an error,
// so a long paste is never cut short and lost.
function characterCount({ label, hint = "", value, limit, onInput, rows = 5, lang = null, labelSize = "s" }) {
  const id = nextFieldId();
  const group = element("div", { class: "govuk-form-group govuk-character-count" });
  group.append(element("label", { class: `govuk-label govuk-label--${labelSize}`, for: id }, label));
  if (hint) group.append(element("div", { class: "govuk-hint", id: `${id}-hint` }, hint));
  const area = element("textarea", { class: "govuk-textarea govuk-js-character-count", id, rows: String(rows),
    autocomplete: "off", spellcheck: "true", lang, "aria-describedby": `${hint ? `${id}-hint ` : ""}${id}-info` });
  area.value = value;
  const message = element("div", { class: "govuk-hint govuk-character-count__message", id: `${id}-info` });
  const count = () => {
    const left = limit - characters(area.value);
    const over = left < 0;
    message.textContent = over
      ? (left === -1 ? _("You have 1 character too many") : _("You have %(count)s characters too many", { count: -left }))
      : (left === 1 ? _("You have 1 character remaining") : _("You have %(count)s characters remaining", { count: left }));
    message.className = over ? "govuk-error-message govuk-character-count__message" : "govuk-hint govuk-character-count__message";
    group.classList.toggle("govuk-form-group--error", over);
    area.classList.toggle("govuk-textarea--error", over);
  };
  area.addEventListener("input", () => {
    count();
    onInput(area.value);
  });
  count();
  group.append(area, message);
  return { group, area, count };
}

// A button whose accessible name says which page it acts on ("Move up" + hidden "page 2").
function button(label, onPress, { kind = "secondary", hidden = "", attributes = {} } = {}) {
  const classes = { primary: "govuk-button", secondary: "govuk-button govuk-button--secondary", warning: "govuk-button govuk-button--warning" };
  const node = element("button", { type: "button", class: `${classes[kind]} app-wp__button`, ...attributes }, label);
  if (hidden) node.append(element("span", { class: "govuk-visually-hidden" }, ` ${hidden}`));
  node.addEventListener("click", onPress);
  return node;
}

// --- the storyboard screen ------------------------------------------------------------------------------

class Storyboard {
  constructor(container, draft, onChange) {
    this.container = container;
    this.draft = draft;
    this.content = draft.content;
    this.save = onChange;
    this.canvases = [];
    this.bigPrint = false;
    this.view = { name: "storyboard" };
    this.pause = new PauseCover((paused) => {
      for (const canvas of this.canvases) canvas.hidden = paused;
      this.container.classList.toggle("app-wp--paused", paused);
    });
    this.keys = (event) => this.keyDown(event);
    document.addEventListener("keydown", this.keys);
    container.replaceChildren(element("p", { class: "govuk-body" }, _("Opening…")));
    this.ready = Promise.all([loadArtwork(), loadJargon()]).then(([artwork, jargon]) => {
      this.artwork = artwork;
      this.jargon = jargon;
      const inChildMode = document.body.classList.contains("app-child-mode");
      this.show(inChildMode ? { name: "read", index: 0 } : { name: untouched(draft) && !chosen.has(draft.id) ? "start" : "storyboard" });
    }).catch((error) => {
      container.replaceChildren(element("p", { class: "govuk-error-message" }, error.message));
    });
  }

  destroy() {
    this.closeCanvases();
    this.pause.destroy();
    stopSpeaking();
    document.removeEventListener("keydown", this.keys);
  }

  closeCanvases() {
    for (const canvas of this.canvases) canvas.destroy();
    this.canvases = [];
  }

  changed() {
    this.save();
  }

  get language() {
    return this.content.language;
  }

  pageIndex(id) {
    return Math.max(0, this.content.pages.findIndex((page) => page.id === id));
  }

  // `focus`: a selector for what takes focus after the view is drawn (the button just pressed);
  // otherwise the view's heading does, so a screen reader hears where it is.
  show(view, focus = null) {
    this.closeCanvases();
    stopSpeaking();
    this.view = view;
    this.container.className = `app-wp app-wp--view-${view.name}${this.bigPrint ? " app-wp--big-print" : ""}`;
    const body = element("div", { class: "app-wp__view" });
    const views = {
      start: () => this.startView(body),
      storyboard: () => this.storyboardView(body),
      remove: () => this.removeView(body, view.id),
      page: () => this.pageView(body, view.id),
      words: () => this.agreedWordsView(body),
      version: () => this.versionView(body),
      read: () => this.readView(body, view.index),
      "kids-draw": () => this.childDrawingView(body, view.index),
      "kids-words": () => this.childWordsView(body, view.index),
    };
    views[view.name]();
    // Choosing how to start comes first; there is nowhere else to go yet.
    this.container.replaceChildren(...(view.name === "start" ? [] : [this.workerNavigation()]), body);
    const wanted = focus && body.querySelector(focus);
    const target = wanted && !wanted.disabled ? wanted : body.querySelector("h2, h3");
    if (target) {
      if (!target.matches("button, input, textarea, a")) target.setAttribute("tabindex", "-1");
      target.focus();
    }
  }

  // The worker's way round the storyboard; hidden in child mode (tablet.css hides .app-worker-only).
  workerNavigation() {
    const nav = element("nav", { class: "app-worker-only app-wp__nav", "aria-label": _("Words and Pictures") });
    const list = element("ul", { class: "govuk-list app-wp__nav-list" });
    const link = (label, view) => {
      const current = this.view.name === view.name || (view.name === "storyboard" && ["page", "remove"].includes(this.view.name));
      const item = element("li");
      const go = element("button", { type: "button", class: "app-link-button", "aria-current": current ? "page" : null }, label);
      go.addEventListener("click", () => this.show(view));
      item.append(go);
      list.append(item);
    };
    link(_("Storyboard"), { name: "storyboard" });
    link(_("Agreed words"), { name: "words" });
    link(_("Read it with the children"), { name: "read", index: 0 });
    link(_("Save this version"), { name: "version" });
    nav.append(list);
    return nav;
  }

  // --- worker: choosing how to start ---
  startView(body) {
    let choice = "outline";
    body.append(element("h2", { class: "govuk-heading-m" }, _("How do you want to start?")));
    body.append(radios({
      legend: _("Starting point"), name: "wp-start", value: choice, onChange: (value) => { choice = value; },
      options: [
        { value: "outline", label: _("The guided outline"),
          hint: _("Seven pages in the usual order, each with a hint of what goes there: the family and what is good about it, who got worried and why, what happened, what has happened since, what happens next, who the children can talk to, and the safety plan.") },
        { value: "blank", label: _("A blank storyboard"), hint: _("One empty page. Add pages as you go.") },
        { value: "safety-plan", label: _("A Words and Pictures safety plan"),
          hint: _("A short outline for explaining the safety plan to the children.") },
      ],
    }));
    body.append(textInput({ label: _("Title (optional)"), value: this.content.title, maxlength: LIMITS.title_max,
      hint: _("For example, ‘Why a social worker visits our family’. Left empty, it is called ‘Our words and pictures’."),
      onInput: (value) => { this.content.title = value; this.changed(); } }));
    body.append(this.languageRadios());
    body.append(button(_("Start"), () => {
      this.content.purpose = choice === "safety-plan" ? "safety-plan" : "explanation";
      this.content.pages = OUTLINES[choice].map((hint, index) => blankPage(`p${index + 1}`, hint));
      chosen.add(this.draft.id);
      this.changed();
      this.show({ name: "storyboard" });
    }, { kind: "primary" }));
  }

  languageRadios() {
    return radios({
      legend: _("Which language is it written in?"), name: "wp-language", value: this.content.language, inline: true,
      // Each language by its own name, as everywhere a language is chosen (not translated).
      options: [{ value: "en", label: "English", lang: "en" }, { value: "cy", label: "Cymraeg", lang: "cy" }],
      onChange: (value) => { this.content.language = value; this.changed(); },
    });
  }

  // --- worker: the storyboard ---
  storyboardView(body) {
    const { content } = this;
    const purpose = content.purpose === "safety-plan" ? _("Words and Pictures safety plan") : _("Words and Pictures explanation");
    body.append(element("span", { class: "govuk-caption-m" }, `${purpose} · ${_("Version %(number)s", { number: content.version.number })}`));
    body.append(element("h2", { class: "govuk-heading-m" }, content.title.trim() || _("Our words and pictures")));
    body.append(textInput({ label: _("Title"), value: content.title, maxlength: LIMITS.title_max,
      hint: _("Up to %(count)s characters. Left empty, it is called ‘Our words and pictures’.", { count: LIMITS.title_max }),
      onInput: (value) => { content.title = value; this.changed(); } }));
    body.append(this.languageRadios());

    body.append(element("h3", { class: "govuk-heading-s", id: "wp-pages-heading" }, _("Pages")));
    body.append(element("p", { class: "govuk-hint", id: "wp-pages-hint" },
      _("Up to %(count)s pages. To change the order, drag a page by its handle or use Move up and Move down.", { count: LIMITS.pages_max })));
    const list = element("ol", { class: "app-wp__cards", "aria-labelledby": "wp-pages-heading" });
    content.pages.forEach((page, index) => list.append(this.card(page, index, list)));
    body.append(list);
    const full = content.pages.length >= LIMITS.pages_max;
    body.append(element("p", { class: "govuk-body", id: "wp-page-count" },
      _("%(count)s of %(max)s pages", { count: content.pages.length, max: LIMITS.pages_max })));
    if (full) {
      body.append(element("p", { class: "govuk-inset-text" }, _("This storyboard has the most pages it can have. Remove a page to add another.")));
    } else {
      body.append(button(_("Add a page"), () => {
        const page = blankPage(nextPageId(content));
        content.pages.push(page);
        this.changed();
        this.show({ name: "storyboard" }, `[data-page="${page.id}"] [data-act="open"]`);
      }, { attributes: { "data-act": "add" } }));
    }

    body.append(element("h3", { class: "govuk-heading-s" }, _("Reading it with the children")));
    body.append(textInput({
      label: _("Name of the child adding to it"), maxlength: LIMITS.child_name_max, width: "govuk-input--width-20",
      hint: _("After it is read to them, the children can add their own drawing or words to any page. What they add is marked with this name."),
      value: childNames.get(this.draft.child_id) || "",
      onInput: (value) => childNames.set(this.draft.child_id, value),
    }));
  }

  card(page, index, list) {
    const { content } = this;
    const count = content.pages.length;
    const card = element("li", { class: "app-wp__card", "data-page": page.id });
    const handle = element("div", { class: "app-wp__handle", "aria-hidden": "true", title: _("Drag to move") });
    this.dragToMove(handle, card, list, index);
    card.append(handle, this.thumbnail(page.drawing));
    const about = element("div", { class: "app-wp__card-text" });
    about.append(element("h4", { class: "govuk-heading-s app-wp__card-title" }, pageTitle(content, index)));
    about.append(page.text.trim()
      ? element("p", { class: "govuk-body-s app-wp__first-words", lang: this.language }, firstWords(page.text))
      : element("p", { class: "govuk-body-s app-wp__empty" }, page.drawing ? _("A drawing, no words yet") : _("Nothing on this page yet")));
    if (characters(page.text) > LIMITS.text_max) {
      about.append(element("p", { class: "govuk-error-message" }, _("The words are too long: up to %(count)s characters", { count: LIMITS.text_max })));
    }
    if (page.children && (page.children.text || page.children.drawing)) {
      about.append(element("p", { class: "govuk-body-s app-wp__theirs-note" }, page.children.name
        ? _("%(name)s added to this page", { name: page.children.name }) : _("A child added to this page")));
    }
    card.append(about);
    const where = _("page %(number)s", { number: index + 1 });
    const actions = element("div", { class: "app-wp__card-actions" });
    actions.append(button(_("Open"), () => this.show({ name: "page", id: page.id }), { kind: "primary", hidden: where, attributes: { "data-act": "open" } }));
    const moveUp = button(_("Move up"), () => this.move(index, index - 1, "up"), { hidden: where, attributes: { "data-act": "up" } });
    const moveDown = button(_("Move down"), () => this.move(index, index + 1, "down"), { hidden: where, attributes: { "data-act": "down" } });
    moveUp.disabled = index === 0;
    moveDown.disabled = index === count - 1;
    actions.append(moveUp, moveDown);
    if (count < LIMITS.pages_max) actions.append(button(_("Duplicate"), () => this.duplicate(index), { hidden: where }));
    if (count > 1) {
      actions.append(button(_("Remove"), () => this.show({ name: "remove", id: page.id }), { kind: "warning", hidden: where }));
    }
    card.append(actions);
    return card;
  }

  // A small picture of a drawing (drawPicture), or an empty frame.
  thumbnail(partName, size = THUMBNAIL, label = "") {
    const ratio = window.devicePixelRatio || 1;
    const canvas = element("canvas", { class: "app-wp__thumb", width: String(Math.round(size * ratio)),
      height: String(Math.round(size * ratio)), role: label ? "img" : null, "aria-label": label || null, "aria-hidden": label ? null : "true" });
    canvas.style.width = canvas.style.height = `${size}px`;
    const ops = drawingOps(this.draft, partName);
    if (ops === null) {
      canvas.classList.add("app-wp__thumb--broken");
      return canvas;
    }
    drawPicture(canvas.getContext("2d"), fold(ops), this.artwork, null, canvas.width);
    return canvas;
  }

  move(from, to, act) {
    const { pages } = this.content;
    if (to < 0 || to >= pages.length || to === from) return;
    const [page] = pages.splice(from, 1);
    pages.splice(to, 0, page);
    this.changed();
    // Focus stays on the button just used, or on the other one when that is no longer possible.
    const other = act === "up" ? "down" : "up";
    const stuck = (act === "up" && to === 0) || (act === "down" && to === pages.length - 1);
    this.show({ name: "storyboard" }, `[data-page="${page.id}"] [data-act="${stuck ? other : act}"]`);
  }

  // Reordering by dragging a card's handle (Pointer Events, so touch, pen and mouse alike); the
  // Move up and Move down buttons do the same for keyboard and switch users.
  dragToMove(handle, card, list, index) {
    handle.addEventListener("pointerdown", (down) => {
      if (down.pointerType === "mouse" && down.button !== 0) return;
      down.preventDefault();
      handle.setPointerCapture(down.pointerId);
      const cards = [...list.children];
      const others = cards.filter((other) => other !== card);
      const middles = others.map((other) => {
        const box = other.getBoundingClientRect();
        return box.top + window.scrollY + box.height / 2;
      });
      const box = card.getBoundingClientRect();
      const ownMiddle = box.top + window.scrollY + box.height / 2;
      const startY = down.clientY + window.scrollY;
      let target = index;
      card.classList.add("app-wp__card--dragging");
      const mark = () => {
        for (const other of others) other.classList.remove("app-wp__card--drop-before", "app-wp__card--drop-after");
        if (target === index) return;
        if (target < others.length) others[target].classList.add("app-wp__card--drop-before");
        else others[others.length - 1].classList.add("app-wp__card--drop-after");
      };
      const moved = (event) => {
        if (event.pointerId !== down.pointerId) return;
        const shift = event.clientY + window.scrollY - startY;
        card.style.transform = `translateY(${shift}px)`;
        target = middles.filter((middle) => middle < ownMiddle + shift).length;
        mark();
        // Near the top or bottom of the screen the page scrolls, so a card can go anywhere.
        if (event.clientY < 80) window.scrollBy(0, -24);
        else if (event.clientY > window.innerHeight - 80) window.scrollBy(0, 24);
      };
      const finished = (event) => {
        if (event.pointerId !== down.pointerId) return;
        handle.removeEventListener("pointermove", moved);
        handle.removeEventListener("pointerup", finished);
        handle.removeEventListener("pointercancel", finished);
        card.style.transform = "";
        card.classList.remove("app-wp__card--dragging");
        const keep = event.type === "pointerup";
        if (!keep) target = index;
        mark();
        if (target !== index) this.move(index, target, "open");
      };
      handle.addEventListener("pointermove", moved);
      handle.addEventListener("pointerup", finished);
      handle.addEventListener("pointercancel", finished);
    });
  }

  duplicate(index) {
    const { pages } = this.content;
    if (pages.length >= LIMITS.pages_max) return;
    const page = pages[index];
    const copy = { ...blankPage(nextPageId(this.content), page.hint), text: page.text };
    const drawing = page.drawing && this.draft.parts.find((part) => part.name === page.drawing);
    if (drawing) {
      copy.drawing = `ink-${copy.id}`;
      setPart(this.draft, copy.drawing, MEDIA_TYPE, drawing.bytes);
    }
    // What a child added stays on the page they added it to.
    pages.splice(index + 1, 0, copy);
    this.changed();
    this.show({ name: "storyboard" }, `[data-page="${copy.id}"] [data-act="open"]`);
  }

  // --- worker: removing a page, confirmed ---
  removeView(body, id) {
    const index = this.pageIndex(id);
    const page = this.content.pages[index];
    const where = _("page %(number)s", { number: index + 1 });
    body.append(element("h2", { class: "govuk-heading-m" }, _("Remove page %(number)s?", { number: index + 1 })));
    const preview = element("div", { class: "app-wp__remove-preview" });
    preview.append(this.thumbnail(page.drawing));
    preview.append(element("p", { class: "govuk-body", lang: this.language }, firstWords(page.text) || _("Nothing on this page yet")));
    body.append(preview);
    body.append(element("p", { class: "govuk-body" },
      _("Its drawing and words are taken out of the storyboard. Versions already saved keep them.")));
    if (page.children) {
      body.append(element("p", { class: "govuk-body" }, _("What the children added to this page is removed too.")));
    }
    const group = element("div", { class: "govuk-button-group" });
    group.append(button(_("Remove"), () => {
      this.content.pages.splice(index, 1);
      setPart(this.draft, `ink-${page.id}`, null, null);
      setPart(this.draft, `kids-${page.id}`, null, null);
      this.changed();
      this.show({ name: "storyboard" }, "#wp-pages-heading");
    }, { kind: "warning", hidden: where }));
    group.append(button(_("Cancel"), () => this.show({ name: "storyboard" }, `[data-page="${id}"] [data-act="open"]`)));
    body.append(group);
  }

  // --- worker: one page, its drawing and its words ---
  pageView(body, id) {
    const { content } = this;
    const index = this.pageIndex(id);
    const page = content.pages[index];
    body.append(element("span", { class: "govuk-caption-m" }, _("Page %(number)s of %(count)s", { number: index + 1, count: content.pages.length })));
    body.append(element("h2", { class: "govuk-heading-m" }, pageTitle(content, index)));
    const hint = hintText(content.purpose, page.hint);
    if (hint) {
      const aside = element("aside", { class: "govuk-inset-text app-wp__hint", "aria-label": _("What goes on this page") });
      aside.append(element("strong", {}, `${_("What goes on this page")}: `), document.createTextNode(hint));
      body.append(aside);
    }
    body.append(this.drawingStage({
      partName: `ink-${page.id}`, ops: drawingOps(this.draft, page.drawing),
      label: _("Drawing for page %(number)s", { number: index + 1 }),
      onDrawn: (hasInk) => { page.drawing = hasInk ? `ink-${page.id}` : null; },
    }));
    body.append(this.pageWords(page));

    if (page.children) body.append(this.childrensPartForWorker(page, index));

    const nav = element("div", { class: "govuk-button-group app-wp__page-nav" });
    if (index > 0) nav.append(button(_("Previous page"), () => this.show({ name: "page", id: content.pages[index - 1].id })));
    if (index < content.pages.length - 1) nav.append(button(_("Next page"), () => this.show({ name: "page", id: content.pages[index + 1].id })));
    nav.append(button(_("Back to the storyboard"), () => this.show({ name: "storyboard" }, `[data-page="${page.id}"] [data-act="open"]`)));
    body.append(nav);
  }

  // A drawing on the shared canvas with its toolbar (stamps and all); a drawing that cannot be read
  // is left as it is, never drawn over.
  drawingStage({ partName, ops, label, onDrawn }) {
    if (ops === null) {
      return element("p", { class: "govuk-error-message" },
        _("This drawing could not be read on this tablet, so it cannot be changed here. It is kept as it is."));
    }
    const stage = element("div", { class: "app-th__stage app-wp__stage" });
    const surface = element("div", { class: "app-th__surface" });
    const canvas = new InkCanvas(surface, {
      artwork: this.artwork, outline: null, ops, label,
      onChange: (changed) => {
        onDrawn(changed.length > 0);
        setPart(this.draft, partName, MEDIA_TYPE, changed.length ? encode(changed) : null);
        toolbar.refresh();
        this.changed();
      },
    });
    this.canvases.push(canvas);
    const toolbar = new InkToolbar(canvas, this.artwork);
    stage.append(toolbar.colours, surface, toolbar.tools, toolbar.stampTray);
    return stage;
  }

  // The page's words, with the agreed-wording suggestions and the plain-words check under them.
  pageWords(page) {
    const section = element("div", { class: "app-wp__words" });
    const suggestions = element("div", { class: "app-wp__suggestions", "aria-live": "polite" });
    const warnings = element("div", { class: "app-wp__plain", "aria-live": "polite" });
    const words = characterCount({
      label: _("Words for this page"), value: page.text, limit: LIMITS.text_max, lang: this.language, labelSize: "m",
      hint: _("Short sentences the children will understand, up to %(count)s characters.", { count: LIMITS.text_max }),
      onInput: (value) => {
        page.text = value;
        this.changed();
        check();
      },
    });
    const check = () => {
      this.showSuggestions(suggestions, page, words);
      this.showPlainWords(warnings, page.text);
    };
    check();
    const listen = element("p", { class: "govuk-body app-wp__listen-status", "aria-live": "polite" });
    const readAloud = button(_("Read this page aloud"), async () => {
      const spoken = page.text.trim() && await speak(page.text, this.language);
      listen.textContent = spoken || !page.text.trim() ? ""
        : _("This tablet has no voice for this language: read the words out yourself.");
    });
    section.append(words.group, suggestions, warnings, readAloud, listen);
    return section;
  }

  showSuggestions(container, page, words) {
    const found = agreedSuggestions(page.text, this.content.agreed_words);
    container.replaceChildren();
    if (!found.length) return;
    container.append(element("p", { class: "govuk-body-s govuk-!-margin-bottom-2" }, _("The family agreed how to say these:")));
    for (const suggestion of found) {
      container.append(button(_("Use ‘%(wording)s’", { wording: suggestion.wording }), () => {
        page.text = useAgreedWording(page.text, suggestion);
        words.area.value = page.text;
        words.count();
        this.changed();
        this.showSuggestions(container, page, words);
        this.showPlainWords(container.nextElementSibling, page.text);
        // The caret goes just after the agreed wording, and typing carries on from there.
        const caret = suggestion.index + suggestion.wording.length;
        words.area.focus();
        words.area.setSelectionRange(caret, caret);
      }, { hidden: _("instead of ‘%(term)s’", { term: suggestion.term }), attributes: { "data-term": suggestion.term } }));
    }
  }

  showPlainWords(container, text) {
    container.replaceChildren();
    if (!this.jargon) {
      container.append(element("p", { class: "govuk-body-s app-wp__plain-missing" },
        _("The plain-words check is not on this tablet yet, so professional words are not pointed out.")));
      return;
    }
    const found = jargonFound(text, this.jargon[this.language] || []);
    if (!found.length) return;
    const warning = element("div", { class: "govuk-warning-text app-wp__plain-warning" });
    warning.append(element("span", { class: "govuk-warning-text__icon", "aria-hidden": "true" }, "!"));
    const words = element("div", { class: "govuk-warning-text__text" });
    words.append(element("span", { class: "govuk-visually-hidden" }, _("Warning")));
    words.append(element("p", { class: "govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1" }, _("Plain words")));
    const list = element("ul", { class: "govuk-list govuk-list--bullet app-wp__plain-list" });
    for (const { word, instead } of found) {
      list.append(element("li", {}, instead && instead.trim()
        ? _("‘%(word)s’ is a professional word. Could you say ‘%(instead)s’?", { word, instead })
        : _("‘%(word)s’ is a professional word. Could you say it in plainer words?", { word })));
    }
    words.append(list);
    warning.append(words);
    container.append(warning);
  }

  // What a child added to the page, as the worker sees it: the name it is marked with can be put right.
  childrensPartForWorker(page, index) {
    const theirs = page.children;
    const section = element("section", { class: "app-wp__theirs app-wp__theirs--worker", "aria-labelledby": `wp-theirs-${page.id}` });
    section.append(element("h3", { class: "govuk-heading-s", id: `wp-theirs-${page.id}` }, _("What the children added")));
    section.append(textInput({ label: _("Which child added it"), value: theirs.name, maxlength: LIMITS.child_name_max,
      width: "govuk-input--width-20", onInput: (value) => { theirs.name = value; this.changed(); } }));
    if (theirs.drawing) section.append(this.thumbnail(theirs.drawing, 160, _("The child's drawing for page %(number)s", { number: index + 1 })));
    if (theirs.text) section.append(element("p", { class: "govuk-body app-wp__verbatim", lang: this.language }, theirs.text));
    return section;
  }

  // --- worker: the family's agreed words ---
  agreedWordsView(body) {
    const agreed = this.content.agreed_words;
    body.append(element("h2", { class: "govuk-heading-m" }, _("Agreed words")));
    body.append(element("p", { class: "govuk-body" },
      _("The wording the family agreed for sensitive things. When a page uses the word, the agreed wording is offered.")));
    if (agreed.length) {
      const list = element("dl", { class: "govuk-summary-list" });
      agreed.forEach(({ term, wording }, index) => {
        const row = element("div", { class: "govuk-summary-list__row" });
        row.append(element("dt", { class: "govuk-summary-list__key" }, term));
        row.append(element("dd", { class: "govuk-summary-list__value" }, wording));
        const actions = element("dd", { class: "govuk-summary-list__actions" });
        actions.append(button(_("Remove"), () => {
          agreed.splice(index, 1);
          this.changed();
          this.show({ name: "words" });
        }, { hidden: `‘${term}’` }));
        row.append(actions);
        list.append(row);
      });
      body.append(list);
    } else {
      body.append(element("p", { class: "govuk-body" }, _("No agreed words yet.")));
    }
    if (agreed.length >= LIMITS.agreed_max) {
      body.append(element("p", { class: "govuk-inset-text" }, _("There can be up to %(count)s agreed words.", { count: LIMITS.agreed_max })));
      return;
    }
    const form = element("form", { class: "app-wp__agree-form", novalidate: true });
    form.append(element("h3", { class: "govuk-heading-s" }, _("Add agreed wording")));
    let term = "";
    let wording = "";
    const termField = textInput({ label: _("The word or phrase"), hint: _("For example, ‘depression’"), value: "",
      maxlength: LIMITS.agreed_text_max, width: "govuk-input--width-20", onInput: (value) => { term = value; } });
    const wordingField = textInput({ label: _("What the family agreed to say instead"),
      hint: _("For example, ‘an illness called depression’"), value: "", maxlength: LIMITS.agreed_text_max,
      lang: this.language, onInput: (value) => { wording = value; } });
    form.append(termField, wordingField, element("button", { type: "submit", class: "govuk-button govuk-button--secondary" }, _("Add agreed wording")));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const errors = [
        [termField, !term.trim() ? _("Enter the word or phrase") : agreed.some((entry) => sameTerm(entry.term.trim()) === sameTerm(term.trim()))
          ? _("‘%(term)s’ already has agreed wording", { term: term.trim() }) : ""],
        [wordingField, !wording.trim() ? _("Enter what the family agreed to say instead") : ""],
      ];
      for (const [group, message] of errors) {
        group.classList.toggle("govuk-form-group--error", Boolean(message));
        group.querySelector(".govuk-error-message")?.remove();
        if (message) group.querySelector("input").before(element("p", { class: "govuk-error-message" }, message));
      }
      const first = errors.find(([, message]) => message);
      if (first) {
        first[0].querySelector("input").focus();
        return;
      }
      agreed.push({ term: term.trim(), wording: wording.trim() });
      this.changed();
      this.show({ name: "words" });
    });
    body.append(form);
  }

  // --- worker: saving a version ---
  versionView(body) {
    const { version } = this.content;
    body.append(element("h2", { class: "govuk-heading-m" }, _("Save version %(number)s", { number: version.number })));
    body.append(element("p", { class: "govuk-body" },
      _("Saving keeps this version exactly as it is now. You then carry on with the next version, so the family can keep changing it.")));
    body.append(this.people(version.took_part, {
      legend: _("Who took part in this version?"),
      hint: _("The parents, you, and anyone else who helped write it, each with their role: for example Mum, Dad or social worker."),
      add: _("Add a person who took part"), key: "took-part",
    }));
    body.append(this.people(version.agreed_by, {
      legend: _("Who agreed to this version?"), hint: _("Leave empty if nobody has agreed to it yet."),
      add: _("Add a person who agreed"), key: "agreed-by",
    }));
    body.append(characterCount({ label: _("What changed in this version?"), value: version.note, limit: LIMITS.note_max, rows: 4,
      hint: _("For example, ‘Dad's words added to page 3’."), onInput: (value) => { version.note = value; this.changed(); } }).group);
    const readTo = element("div", { class: "govuk-form-group" });
    const boxes = element("div", { class: "govuk-checkboxes govuk-checkboxes--small" });
    boxes.append(checkbox({ id: "wp-read-to-children", label: _("This is the version read to the children"),
      checked: version.read_to_children, onChange: (ticked) => { version.read_to_children = ticked; this.changed(); } }));
    readTo.append(boxes);
    body.append(readTo);
    // The platform finalises the draft and starts the next version from nextVersion() below.
    body.append(element("button", { type: "button", class: "govuk-button", "data-action": "finalise-and-continue" }, _("Save this version")));
  }

  people(list, { legend, hint, add, key }) {
    const fieldset = element("fieldset", { class: "govuk-fieldset govuk-!-margin-bottom-6", "aria-describedby": `wp-${key}-hint` });
    fieldset.append(element("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" }, legend));
    fieldset.append(element("div", { class: "govuk-hint", id: `wp-${key}-hint` }, hint));
    list.forEach((person, index) => {
      const row = element("div", { class: "app-wp__person" });
      row.append(textInput({ label: _("Name of person %(n)s", { n: index + 1 }), value: person.name, maxlength: LIMITS.person_text_max,
        width: "govuk-input--width-20", onInput: (value) => { person.name = value; this.changed(); } }));
      row.append(textInput({ label: _("Role of person %(n)s", { n: index + 1 }), value: person.role, maxlength: LIMITS.person_text_max, width: "govuk-input--width-20",
        onInput: (value) => { person.role = value; this.changed(); } }));
      row.append(button(_("Remove"), () => {
        list.splice(index, 1);
        this.changed();
        this.show(this.view, `[data-add="${key}"]`);
      }, { hidden: _("person %(n)s", { n: index + 1 }) }));
      fieldset.append(row);
    });
    if (list.length < LIMITS.people_max) {
      fieldset.append(button(add, () => {
        list.push({ name: "", role: "" });
        this.changed();
        this.show(this.view, `[data-person="${key}-${list.length}"]`);
      }, { attributes: { "data-add": key } }));
    }
    // The new row's name field takes focus.
    fieldset.querySelectorAll(".app-wp__person").forEach((row, index) => {
      row.querySelector("input").dataset.person = `${key}-${index + 1}`;
    });
    return fieldset;
  }

  // --- the children: reading page by page ---
  childBar(items) {
    const bar = element("div", { class: "app-th__bar app-wp__bar" });
    bar.append(...items, pictureButton({ picture: "pause", label: _("Pause"), className: "app-child-button--pause",
      onPress: () => this.pause.show() }));
    return bar;
  }

  readView(body, requested) {
    const { content } = this;
    const index = Math.min(Math.max(0, requested || 0), content.pages.length - 1);
    const page = content.pages[index];
    this.view.index = index;
    const turn = (to, focus) => {
      if (to >= 0 && to < content.pages.length) this.show({ name: "read", index: to }, focus);
    };
    body.append(element("h2", { class: "govuk-visually-hidden" }, content.title.trim() || _("Our words and pictures")));
    const text = element("div", { class: "app-wp__read-text app-read-aloud", tabindex: "0", lang: this.language, role: "region",
      "aria-label": _("Words on page %(number)s", { number: index + 1 }) });
    const previous = pictureButton({ picture: "back", label: _("Back"), className: "app-wp__turn app-wp__turn--previous",
      onPress: () => turn(index - 1, ".app-wp__turn--previous") });
    const next = pictureButton({ picture: "back", label: _("Next"), className: "app-wp__turn app-wp__turn--next",
      onPress: () => turn(index + 1, ".app-wp__turn--next") });
    previous.disabled = index === 0;
    next.disabled = index === content.pages.length - 1;
    const where = element("p", { class: "app-th__prompt app-wp__where" }, _("Page %(number)s of %(count)s", { number: index + 1, count: content.pages.length }));
    const big = pictureButton({ label: _("Big writing"), className: "app-wp__big", pressed: this.bigPrint,
      onPress: () => {
        this.bigPrint = !this.bigPrint;
        big.setAttribute("aria-pressed", String(this.bigPrint));
        this.container.classList.toggle("app-wp--big-print", this.bigPrint);
      } });
    big.prepend(element("span", { class: "app-wp__big-picture", "aria-hidden": "true" }, "Aa"));
    body.append(this.childBar([
      previous,
      readAloudButton({ text: () => [page.text, page.children?.text || ""].join("\n").trim() || " ", language: this.language, fallback: text }),
      where, next, big,
      pictureButton({ picture: "pen", label: _("My drawing"), onPress: () => this.show({ name: "kids-draw", index }) }),
      pictureButton({ picture: "words", label: _("My words"), onPress: () => this.show({ name: "kids-words", index }) }),
    ]));

    const stage = element("div", { class: "app-wp__read-stage" });
    const ops = drawingOps(this.draft, page.drawing);
    if (page.drawing && ops && ops.length) {
      const picture = element("div", { class: "app-wp__read-picture" });
      this.canvases.push(new InkCanvas(picture, { artwork: this.artwork, outline: null, ops, readOnly: true,
        label: _("The drawing on page %(number)s", { number: index + 1 }) }));
      stage.append(picture);
    } else {
      stage.classList.add("app-wp__read-stage--words-only");
    }
    if (page.text) text.append(element("p", { class: "app-wp__read-words" }, page.text));
    const theirs = page.children;
    if (theirs && (theirs.text || theirs.drawing)) {
      const added = element("div", { class: "app-wp__theirs" });
      added.append(element("p", { class: "app-wp__theirs-name" }, theirs.name ? _("%(name)s added:", { name: theirs.name }) : _("A child added:")));
      if (theirs.drawing) added.append(this.thumbnail(theirs.drawing, 180, theirs.name
        ? _("%(name)s's drawing", { name: theirs.name }) : _("The child's drawing")));
      if (theirs.text) added.append(element("p", { class: "app-wp__read-words app-wp__theirs-words" }, theirs.text));
      text.append(added);
    }
    stage.append(text);
    swipeToTurn(stage, (step) => turn(index + step));  // a swipe turns the page as well
    body.append(stage);
  }

  // The arrow keys turn the pages too (a keyboard or switch user has the buttons as well).
  keyDown(event) {
    if (this.view.name !== "read" || this.pause.paused || event.target.closest?.("input, textarea, select")) return;
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      const to = this.view.index + (event.key === "ArrowRight" ? 1 : -1);
      if (to >= 0 && to < this.content.pages.length) {
        event.preventDefault();
        this.show({ name: "read", index: to }, event.key === "ArrowRight" ? ".app-wp__turn--next" : ".app-wp__turn--previous");
      }
    }
  }

  // What a child adds is marked as theirs, with the name the worker typed.
  theirs(page) {
    if (!page.children) page.children = { name: childNames.get(this.draft.child_id) || "", text: "", drawing: null };
    if (!page.children.name) page.children.name = childNames.get(this.draft.child_id) || "";
    return page.children;
  }

  backToStory(index) {
    return pictureButton({ picture: "back", label: _("The story"), onPress: () => this.show({ name: "read", index }) });
  }

  prompt(text) {
    const words = element("p", { class: "app-th__prompt app-read-aloud", tabindex: "-1", lang: document.documentElement.lang || "en" }, text);
    return [readAloudButton({ text: () => words.textContent, language: document.documentElement.lang || "en", fallback: words }), words];
  }

  // --- the children: their own drawing for a page ---
  childDrawingView(body, index) {
    const page = this.content.pages[index];
    body.append(element("h2", { class: "govuk-visually-hidden" }, _("My drawing for page %(number)s", { number: index + 1 })));
    body.append(this.childBar([this.backToStory(index), ...this.prompt(_("Draw your own picture for this page."))]));
    const partName = `kids-${page.id}`;
    body.append(this.drawingStage({
      partName, ops: drawingOps(this.draft, page.children?.drawing), label: _("My drawing for page %(number)s", { number: index + 1 }),
      onDrawn: (hasInk) => { this.theirs(page).drawing = hasInk ? partName : null; },
    }));
  }

  // --- the children: their own words for a page ---
  childWordsView(body, index) {
    const page = this.content.pages[index];
    body.append(this.childBar([this.backToStory(index), ...this.prompt(_("Write your own words for this page. A grown-up can write them for you."))]));
    const panel = element("div", { class: "app-th__words" });
    panel.append(element("h2", { class: "app-th__words-title" }, _("My words for page %(number)s", { number: index + 1 })));
    const id = `wp-child-words-${page.id}`;
    const label = element("label", { class: "app-th__write-label", for: id });
    label.append(element("img", { src: "/static/icons/child/words.svg", alt: "", class: "app-child-button__picture", "aria-hidden": "true" }),
      element("span", {}, _("Write or say your words")));
    // A child is never told they wrote too much: the box simply takes no more.
    const box = element("textarea", { class: "app-th__write", id, rows: "3", maxlength: String(LIMITS.text_max),
      autocomplete: "off", spellcheck: "false", lang: this.language });
    box.value = page.children?.text || "";
    const done = pictureButton({ picture: "done", label: _("Keep these words"), className: "app-child-button--go",
      onPress: () => {
        if (box.value.trim() || page.children) {
          this.theirs(page).text = box.value.trim() ? box.value : "";
          this.changed();
        }
        this.show({ name: "read", index });
      } });
    panel.append(label, box, done);
    body.append(panel);
  }

  childMode(on) {
    if (!this.artwork) return; // the artwork could not be loaded: the reason is on screen
    if (on) {
      const index = ["page", "remove"].includes(this.view.name) ? this.pageIndex(this.view.id) : (this.view.index || 0);
      this.show({ name: "read", index });
    } else {
      const reading = ["read", "kids-draw", "kids-words"].includes(this.view.name);
      const page = this.content.pages[this.view.index || 0];
      this.show(reading && page ? { name: "page", id: page.id } : this.view);
    }
  }
}

// Drafts whose worker has chosen a starting point in this session (a blank storyboard looks untouched).
const chosen = new Set();

export default {
  ...model,
  ...screenHooks(Storyboard),
};
