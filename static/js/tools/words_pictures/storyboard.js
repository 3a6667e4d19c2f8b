// Words and Pictures, the worker's storyboard (used with the parents): choosing how to start, the
// title and language, the pages as cards in order, and removing a page once confirmed.
//
// Main decision: every change to the pages (add, move, duplicate, remove) redraws the storyboard
// and puts focus back on the button just used, or the nearest one still there, so a keyboard or
// switch user keeps their place. Pages are moved by dragging a card's handle or with Move up and
// Move down, which do the same. Each view is a function of `body` (where it is drawn) and `screen`
// (the Storyboard of screen.js: content, draft, changed(), show(view, focus), thumbnail()).

import { element } from "../../tablet/dom.js";
import { _ } from "../../tablet/i18n.js";
import { MEDIA_TYPE } from "../../ink/codec.js";
import { setPart } from "../screen.js";
import { characters } from "../checks.js";
import { radios, textField } from "../forms.js";
import { LIMITS, blankPage } from "./model.js";
import { OUTLINES, firstWords, nextPageId, pageTitle } from "./pages.js";
import { button } from "./form.js";

// --- worker: choosing how to start ---
export function startView(body, screen) {
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
  body.append(textField({ label: _("Title (optional)"), value: screen.content.title, maxlength: LIMITS.title_max,
    hint: _("For example, ‘Why a social worker visits our family’. Left empty, it is called ‘Our words and pictures’."),
    onInput: (value) => { screen.content.title = value; screen.changed(); } }));
  body.append(languageRadios(screen));
  body.append(button(_("Start"), () => {
    screen.content.purpose = choice === "safety-plan" ? "safety-plan" : "explanation";
    screen.content.pages = OUTLINES[choice].map((hint, index) => blankPage(`p${index + 1}`, hint));
    screen.markStarted();
    screen.changed();
    screen.show({ name: "storyboard" });
  }, { kind: "primary" }));
}

function languageRadios(screen) {
  return radios({
    legend: _("Which language is it written in?"), name: "wp-language", value: screen.content.language, inline: true,
    // Each language by its own name, as everywhere a language is chosen (not translated).
    options: [{ value: "en", label: "English", lang: "en" }, { value: "cy", label: "Cymraeg", lang: "cy" }],
    onChange: (value) => { screen.content.language = value; screen.changed(); },
  });
}

// --- worker: the storyboard ---
export function storyboardView(body, screen) {
  const { content } = screen;
  const purpose = content.purpose === "safety-plan" ? _("Words and Pictures safety plan") : _("Words and Pictures explanation");
  body.append(element("span", { class: "govuk-caption-m" }, `${purpose} · ${_("Version %(number)s", { number: content.version.number })}`));
  body.append(element("h2", { class: "govuk-heading-m" }, content.title.trim() || _("Our words and pictures")));
  body.append(textField({ label: _("Title"), value: content.title, maxlength: LIMITS.title_max,
    hint: _("Up to %(count)s characters. Left empty, it is called ‘Our words and pictures’.", { count: LIMITS.title_max }),
    onInput: (value) => { content.title = value; screen.changed(); } }));
  body.append(languageRadios(screen));

  body.append(element("h3", { class: "govuk-heading-s", id: "wp-pages-heading" }, _("Pages")));
  body.append(element("p", { class: "govuk-hint", id: "wp-pages-hint" },
    _("Up to %(count)s pages. To change the order, drag a page by its handle or use Move up and Move down.", { count: LIMITS.pages_max })));
  const list = element("ol", { class: "app-wp__cards", "aria-labelledby": "wp-pages-heading" });
  content.pages.forEach((page, index) => list.append(pageCard(screen, page, index, list)));
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
      screen.changed();
      screen.show({ name: "storyboard" }, `[data-page="${page.id}"] [data-act="open"]`);
    }, { attributes: { "data-act": "add" } }));
  }

  body.append(element("h3", { class: "govuk-heading-s" }, _("Reading it with the children")));
  body.append(textField({
    label: _("Name of the child adding to it"), maxlength: LIMITS.child_name_max, width: "govuk-input--width-20",
    hint: _("After it is read to them, the children can add their own drawing or words to any page. What they add is marked with this name."),
    value: screen.childName,
    onInput: (value) => { screen.childName = value; },
  }));
}

function pageCard(screen, page, index, list) {
  const { content } = screen;
  const count = content.pages.length;
  const card = element("li", { class: "app-wp__card", "data-page": page.id });
  const handle = element("div", { class: "app-wp__handle", "aria-hidden": "true", title: _("Drag to move") });
  dragToMove(screen, handle, card, list, index);
  card.append(handle, screen.thumbnail(page.drawing));
  const about = element("div", { class: "app-wp__card-text" });
  about.append(element("h4", { class: "govuk-heading-s app-wp__card-title" }, pageTitle(content, index)));
  about.append(page.text.trim()
    ? element("p", { class: "govuk-body-s app-wp__first-words", lang: screen.language }, firstWords(page.text))
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
  actions.append(button(_("Open"), () => screen.show({ name: "page", id: page.id }), { kind: "primary", hidden: where, attributes: { "data-act": "open" } }));
  const moveUp = button(_("Move up"), () => move(screen, index, index - 1, "up"), { hidden: where, attributes: { "data-act": "up" } });
  const moveDown = button(_("Move down"), () => move(screen, index, index + 1, "down"), { hidden: where, attributes: { "data-act": "down" } });
  moveUp.disabled = index === 0;
  moveDown.disabled = index === count - 1;
  actions.append(moveUp, moveDown);
  if (count < LIMITS.pages_max) actions.append(button(_("Duplicate"), () => duplicate(screen, index), { hidden: where }));
  if (count > 1) {
    actions.append(button(_("Remove"), () => screen.show({ name: "remove", id: page.id }), { kind: "warning", hidden: where }));
  }
  card.append(actions);
  return card;
}

function move(screen, from, to, act) {
  const { pages } = screen.content;
  if (to < 0 || to >= pages.length || to === from) return;
  const [page] = pages.splice(from, 1);
  pages.splice(to, 0, page);
  screen.changed();
  // Focus stays on the button just used, or on the other one when that is no longer possible.
  const other = act === "up" ? "down" : "up";
  const stuck = (act === "up" && to === 0) || (act === "down" && to === pages.length - 1);
  screen.show({ name: "storyboard" }, `[data-page="${page.id}"] [data-act="${stuck ? other : act}"]`);
}

// Reordering by dragging a card's handle (Pointer Events, so touch, pen and mouse alike); the
// Move up and Move down buttons do the same for keyboard and switch users.
function dragToMove(screen, handle, card, list, index) {
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
      if (target !== index) move(screen, index, target, "open");
    };
    handle.addEventListener("pointermove", moved);
    handle.addEventListener("pointerup", finished);
    handle.addEventListener("pointercancel", finished);
  });
}

function duplicate(screen, index) {
  const { pages } = screen.content;
  if (pages.length >= LIMITS.pages_max) return;
  const page = pages[index];
  const copy = { ...blankPage(nextPageId(screen.content), page.hint), text: page.text };
  const drawing = page.drawing && screen.draft.parts.find((part) => part.name === page.drawing);
  if (drawing) {
    copy.drawing = `ink-${copy.id}`;
    setPart(screen.draft, copy.drawing, MEDIA_TYPE, drawing.bytes);
  }
  // What a child added stays on the page they added it to.
  pages.splice(index + 1, 0, copy);
  screen.changed();
  screen.show({ name: "storyboard" }, `[data-page="${copy.id}"] [data-act="open"]`);
}

// --- worker: removing a page, confirmed ---
export function removeView(body, screen, id) {
  const index = screen.pageIndex(id);
  const page = screen.content.pages[index];
  const where = _("page %(number)s", { number: index + 1 });
  body.append(element("h2", { class: "govuk-heading-m" }, _("Remove page %(number)s?", { number: index + 1 })));
  const preview = element("div", { class: "app-wp__remove-preview" });
  preview.append(screen.thumbnail(page.drawing));
  preview.append(element("p", { class: "govuk-body", lang: screen.language }, firstWords(page.text) || _("Nothing on this page yet")));
  body.append(preview);
  body.append(element("p", { class: "govuk-body" },
    _("Its drawing and words are taken out of the storyboard. Versions already saved keep them.")));
  if (page.children) {
    body.append(element("p", { class: "govuk-body" }, _("What the children added to this page is removed too.")));
  }
  const group = element("div", { class: "govuk-button-group" });
  group.append(button(_("Remove"), () => {
    screen.content.pages.splice(index, 1);
    setPart(screen.draft, `ink-${page.id}`, null, null);
    setPart(screen.draft, `kids-${page.id}`, null, null);
    screen.changed();
    screen.show({ name: "storyboard" }, "#wp-pages-heading");
  }, { kind: "warning", hidden: where }));
  group.append(button(_("Cancel"), () => screen.show({ name: "storyboard" }, `[data-page="${id}"] [data-act="open"]`)));
  body.append(group);
}
