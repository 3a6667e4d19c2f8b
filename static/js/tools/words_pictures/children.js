// Words and Pictures, the children's views: the storyboard read page by page, and their own drawing
// or words for a page. The child-facing look of child.css: big picture buttons along the top,
// nothing to press along the bottom edge, pause, read-aloud.
//
// Main decision: a page turns by the Back and Next buttons, a swipe or the arrow keys alike. What a
// child adds is kept apart from the family's words and marked as theirs, with the name the worker
// typed; a child is never told they wrote too much (the box simply takes no more). `screen` is the
// Storyboard of screen.js (content, draft, view, language, pause, childName, show(view, focus),
// drawingStage(), thumbnail()).

import { element } from "../../tablet/dom.js";
import { _ } from "../../tablet/i18n.js";
import { pictureButton, readAloudButton } from "../../tablet/child-ui.js";
import { InkCanvas } from "../../ink/canvas.js";
import { swipeToTurn } from "../swipe.js";
import { LIMITS } from "./model.js";
import { drawingOps } from "./pages.js";

// --- the children: reading page by page ---
function childBar(screen, items) {
  const bar = element("div", { class: "app-th__bar app-wp__bar" });
  bar.append(...items, pictureButton({ picture: "pause", label: _("Pause"), className: "app-child-button--pause", symbol: "pause",
    onPress: () => screen.pause.show() }));
  return bar;
}

export function readView(body, screen, requested) {
  const { content } = screen;
  const index = Math.min(Math.max(0, requested || 0), content.pages.length - 1);
  const page = content.pages[index];
  screen.view.index = index;
  const turn = (to, focus) => {
    if (to >= 0 && to < content.pages.length) screen.show({ name: "read", index: to }, focus);
  };
  body.append(element("h2", { class: "govuk-visually-hidden" }, content.title.trim() || _("Our words and pictures")));
  const text = element("div", { class: "app-wp__read-text app-read-aloud", tabindex: "0", lang: screen.language, role: "region",
    "aria-label": _("Words on page %(number)s", { number: index + 1 }) });
  const previous = pictureButton({ picture: "back", label: _("Back"), className: "app-wp__turn app-wp__turn--previous",
    onPress: () => turn(index - 1, ".app-wp__turn--previous") });
  const next = pictureButton({ picture: "back", label: _("Next"), className: "app-wp__turn app-wp__turn--next",
    onPress: () => turn(index + 1, ".app-wp__turn--next") });
  previous.disabled = index === 0;
  next.disabled = index === content.pages.length - 1;
  const where = element("p", { class: "app-th__prompt app-wp__where" }, _("Page %(number)s of %(count)s", { number: index + 1, count: content.pages.length }));
  const big = pictureButton({ label: _("Big writing"), className: "app-wp__big", pressed: screen.bigPrint,
    onPress: () => {
      screen.bigPrint = !screen.bigPrint;
      big.setAttribute("aria-pressed", String(screen.bigPrint));
      screen.container.classList.toggle("app-wp--big-print", screen.bigPrint);
    } });
  big.prepend(element("span", { class: "app-wp__big-picture", "aria-hidden": "true" }, "Aa"));
  body.append(childBar(screen, [
    previous,
    readAloudButton({ text: () => [page.text, page.children?.text || ""].join("\n").trim() || " ", language: screen.language, fallback: text }),
    where, next, big,
    pictureButton({ picture: "pen", label: _("My drawing"), symbol: "draw", onPress: () => screen.show({ name: "kids-draw", index }) }),
    pictureButton({ picture: "words", label: _("My words"), symbol: "write", onPress: () => screen.show({ name: "kids-words", index }) }),
  ]));

  const stage = element("div", { class: "app-wp__read-stage" });
  const ops = drawingOps(screen.draft, page.drawing);
  if (page.drawing && ops && ops.length) {
    const picture = element("div", { class: "app-wp__read-picture" });
    screen.canvases.push(new InkCanvas(picture, { artwork: screen.artwork, outline: null, ops, readOnly: true,
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
    if (theirs.drawing) added.append(screen.thumbnail(theirs.drawing, 180, theirs.name
      ? _("%(name)s's drawing", { name: theirs.name }) : _("The child's drawing")));
    if (theirs.text) added.append(element("p", { class: "app-wp__read-words app-wp__theirs-words" }, theirs.text));
    text.append(added);
  }
  stage.append(text);
  swipeToTurn(stage, (step) => turn(index + step));  // a swipe turns the page as well
  body.append(stage);
}

// The arrow keys turn the pages too (a keyboard or switch user has the buttons as well).
export function turnPageByKey(screen, event) {
  if (screen.view.name !== "read" || screen.pause.paused || event.target.closest?.("input, textarea, select")) return;
  if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
    const to = screen.view.index + (event.key === "ArrowRight" ? 1 : -1);
    if (to >= 0 && to < screen.content.pages.length) {
      event.preventDefault();
      screen.show({ name: "read", index: to }, event.key === "ArrowRight" ? ".app-wp__turn--next" : ".app-wp__turn--previous");
    }
  }
}

// What a child adds is marked as theirs, with the name the worker typed.
function theirs(screen, page) {
  if (!page.children) page.children = { name: screen.childName, text: "", drawing: null };
  if (!page.children.name) page.children.name = screen.childName;
  return page.children;
}

function backToStory(screen, index) {
  return pictureButton({ picture: "back", label: _("The story"), symbol: "story", onPress: () => screen.show({ name: "read", index }) });
}

function prompt(text, symbol) {
  const words = element("p", { class: "app-th__prompt app-read-aloud", tabindex: "-1", lang: document.documentElement.lang || "en",
    "data-symbol": symbol }, text);
  return [readAloudButton({ text: () => words.textContent, language: document.documentElement.lang || "en", fallback: words }), words];
}

// --- the children: their own drawing for a page ---
export function childDrawingView(body, screen, index) {
  const page = screen.content.pages[index];
  body.append(element("h2", { class: "govuk-visually-hidden" }, _("My drawing for page %(number)s", { number: index + 1 })));
  body.append(childBar(screen, [backToStory(screen, index), ...prompt(_("Draw your own picture for this page."), "draw")]));
  const partName = `kids-${page.id}`;
  body.append(screen.drawingStage({
    partName, ops: drawingOps(screen.draft, page.children?.drawing), label: _("My drawing for page %(number)s", { number: index + 1 }),
    onDrawn: (hasInk) => { theirs(screen, page).drawing = hasInk ? partName : null; },
  }));
}

// --- the children: their own words for a page ---
export function childWordsView(body, screen, index) {
  const page = screen.content.pages[index];
  body.append(childBar(screen, [backToStory(screen, index),
    ...prompt(_("Write your own words for this page. A grown-up can write them for you."), "write")]));
  const panel = element("div", { class: "app-th__words" });
  panel.append(element("h2", { class: "app-th__words-title" }, _("My words for page %(number)s", { number: index + 1 })));
  const id = `wp-child-words-${page.id}`;
  const label = element("label", { class: "app-th__write-label", for: id });
  label.append(element("img", { src: "/static/icons/child/words.svg", alt: "", class: "app-child-button__picture", "aria-hidden": "true" }),
    element("span", {}, _("Write or say your words")));
  // A child is never told they wrote too much: the box simply takes no more.
  const box = element("textarea", { class: "app-th__write", id, rows: "3", maxlength: String(LIMITS.text_max),
    autocomplete: "off", spellcheck: "false", lang: screen.language });
  box.value = page.children?.text || "";
  const done = pictureButton({ picture: "done", label: _("Keep these words"), className: "app-child-button--go", symbol: "finished",
    onPress: () => {
      if (box.value.trim() || page.children) {
        theirs(screen, page).text = box.value.trim() ? box.value : "";
        screen.changed();
      }
      screen.show({ name: "read", index });
    } });
  panel.append(label, box, done);
  body.append(panel);
}
