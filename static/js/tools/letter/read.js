// The letter to the child, the child's view: the letter read page by page with the worker, in the
// child's language, in big print, each page read aloud at a press, with symbols beside the headings
// and the child's words when the letter was made for a child who uses symbols.
//
// Main decision: everything the child presses is along the top (back, listen, next, big writing,
// pause), nothing along the bottom edge; a page turns by the buttons or the arrow keys (a switch
// presses the buttons). Reaching the last page with the child is what the letter records as read
// with the child (`read_with_child`), the date the record shows it was shared.

import { element } from "../../tablet/dom.js";
import { pictureButton, readAloudButton } from "../../tablet/child-ui.js";
import { symbolById, symbolPicture } from "../../tablet/symbols.js";
import { headings, pagesOf, say, whoSees } from "./model.js";

const DRAWING_SIZE = 420; // CSS px: most of an iPad's height at 1024 × 768, under the bar

function heading(screen, key) {
  const { words, symbol } = headings(screen.language)[key];
  return element("h2", { class: "app-lt__heading", "data-symbol": symbol }, words);
}

// The symbol beside a word in a letter made for a child who uses symbols (none without the pack).
function symbolFor(screen, id) {
  const symbol = screen.content.symbols && id ? symbolById(id) : null;
  return symbol ? symbolPicture(symbol, "app-lt__symbol") : null;
}

const paragraph = (text) => element("p", { class: "app-lt__words" }, text);

const PAGES = {
  opening(page, screen, _) {
    page.append(element("h2", { class: "app-lt__heading", "data-symbol": "letter" }, _("Dear %(name)s,", { name: screen.content.to })));
    page.append(paragraph(screen.content.opening));
  },
  heard(page, screen, _, shown) {
    page.append(heading(screen, "heard"));
    const list = element("ul", { class: "app-lt__heard" });
    for (const word of shown.words) {
      const entry = element("li", { class: "app-lt__said" });
      const symbol = symbolFor(screen, word.symbol);
      if (symbol) entry.append(symbol);
      const said = element("div", { class: "app-lt__said-words" });
      said.append(element("q", { class: "app-lt__quote" }, word.words));
      if (word.where) said.append(element("span", { class: "app-lt__where" }, word.where));
      entry.append(said);
      list.append(entry);
    }
    page.append(list);
  },
  drawings(page, screen, _, shown) {
    page.append(heading(screen, "drawings"));
    const figure = element("figure", { class: "app-lt__figure" });
    figure.append(screen.picture(shown.drawing, DRAWING_SIZE, shown.drawing.caption),
      element("figcaption", { class: "app-lt__where" }, shown.drawing.caption));
    page.append(figure);
  },
  others(page, screen, _) {
    page.append(heading(screen, "others"));
    const list = element("ul", { class: "app-lt__heard" });
    for (const other of screen.content.others) {
      list.append(element("li", { class: "app-lt__said" }, _("%(who)s said: “%(words)s”", { who: other.who, words: other.words })));
    }
    page.append(list);
  },
  next(page, screen) {
    page.append(heading(screen, "next"), paragraph(screen.content.next));
  },
  who_sees(page, screen) {
    page.append(heading(screen, "who_sees"));
    for (const group of whoSees(screen.content, screen.language)) {
      const section = element("div", { class: "app-lt__who" });
      section.append(paragraph(group.words));
      if (group.audiences.length) {
        const audiences = element("ul", { class: "app-lt__audiences" });
        for (const audience of group.audiences) audiences.append(element("li", {}, audience));
        section.append(audiences);
      }
      const things = element("ul", { class: "app-lt__things" });
      for (const thing of group.things) {
        const entry = element("li");
        entry.append(element("q", {}, thing));
        things.append(entry);
      }
      section.append(things);
      page.append(section);
    }
    if (screen.content.who_sees_note.trim()) page.append(paragraph(screen.content.who_sees_note));
  },
  talk_to(page, screen) {
    page.append(heading(screen, "talk_to"), paragraph(screen.content.talk_to));
  },
  closing(page, screen) {
    page.append(element("p", { class: "app-lt__words app-lt__closing" }, screen.content.closing));
  },
};

export function readView(body, screen, requested) {
  const pages = pagesOf(screen.content);
  const index = Math.min(Math.max(0, requested || 0), pages.length - 1);
  const shown = pages[index];
  const _ = say(screen.language); // the letter's language, not the screen's (model.say)
  screen.view.index = index;
  const page = element("div", { class: "app-lt__page app-read-aloud", tabindex: "0", lang: screen.language, role: "region",
    "aria-label": _("Page %(number)s of %(count)s", { number: index + 1, count: pages.length }) });
  PAGES[shown.name](page, screen, _, shown);
  const turn = (to, focus) => {
    if (to >= 0 && to < pages.length) screen.show({ name: "read", index: to }, focus);
  };
  // The child's controls speak the letter's language, as its pages do.
  const previous = pictureButton({ picture: "back", label: _("Back"), className: "app-lt__turn app-lt__turn--previous",
    onPress: () => turn(index - 1, ".app-lt__turn--previous") });
  const next = pictureButton({ picture: "back", label: _("Next"), className: "app-lt__turn app-lt__turn--next",
    onPress: () => turn(index + 1, ".app-lt__turn--next") });
  previous.disabled = index === 0;
  next.disabled = index === pages.length - 1;
  const big = pictureButton({ label: _("Big writing"), className: "app-lt__big", pressed: screen.bigPrint, onPress: () => {
    screen.bigPrint = !screen.bigPrint;
    big.setAttribute("aria-pressed", String(screen.bigPrint));
    screen.container.classList.toggle("app-lt--big-print", screen.bigPrint);
  } });
  big.prepend(element("span", { class: "app-lt__big-picture", "aria-hidden": "true" }, "Aa"));
  const bar = element("div", { class: "app-th__bar app-lt__bar", lang: screen.language });
  bar.append(previous, readAloudButton({ text: () => page.innerText || page.textContent, language: screen.language, fallback: page, label: _("Listen") }),
    element("p", { class: "app-th__prompt app-lt__where-am-i", lang: screen.language }, _("Page %(number)s of %(count)s", { number: index + 1, count: pages.length })),
    next, big,
    pictureButton({ picture: "pause", label: _("Pause"), className: "app-child-button--pause", symbol: "pause", onPress: () => screen.pause.show(screen.language) }));
  body.append(bar, page);
  // The letter was read with the child once the child reached its last page (never the worker alone).
  if (index === pages.length - 1 && screen.childMode_() && !screen.content.read_with_child) {
    screen.content.read_with_child = new Date().toISOString();
    screen.changed();
  }
}

// The arrow keys turn the pages too (a keyboard, or a switch set up as arrows), as the buttons do.
export function turnPageByKey(screen, event) {
  if (screen.view.name !== "read" || screen.pause.paused || event.target.closest?.("input, textarea, select")) return;
  if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
  const forward = event.key === "ArrowRight";
  const button = screen.container.querySelector(forward ? ".app-lt__turn--next" : ".app-lt__turn--previous");
  if (button && !button.disabled) {
    event.preventDefault();
    button.click();
  }
}
