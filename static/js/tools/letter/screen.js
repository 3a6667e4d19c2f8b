// The letter to the child, "What I heard you say": the worker edits the letter drafted from the session
// just finished (edit.js), then hands the tablet to the child to read it together, page by page, read
// aloud, in big print (read.js). The document is docs/letter.md; the server's check, record page and
// the child's printed copy are sofs_direct/tools/letter/.
//
// Main decision: one screen object owns the draft and shows one view at a time, as the other tools
// do: the worker's editor, or (handed to the child) the letter's pages. The letter is written in the
// child's language whatever the tablet's screens are in, so its words come from that language's
// catalogue (loaded before the first view).

import { element } from "../../tablet/dom.js";
import { focusView } from "../../tablet/focus.js";
import { _, loadLanguage } from "../../tablet/i18n.js";
import { PauseCover } from "../../tablet/child-ui.js";
import { loadSymbols } from "../../tablet/symbols.js";
import { decode } from "../../ink/codec.js";
import { loadArtwork } from "../../ink/draw.js";
import { drawingCanvas } from "../../ink/picture.js";
import { loadJargon } from "../plain-words.js";
import { screenHooks, ViewScreen } from "../screen.js";
import { model } from "./model.js";
import { afterEdit, editView } from "./edit.js";
import { readView, turnPageByKey } from "./read.js";

class Letter extends ViewScreen {
  constructor(container, draft, onChange, context) {
    super(container, draft, onChange, context);
    this.view = { name: "edit" };
    this.bigPrint = true; // the child's pages start in big print; the child can make it smaller
    this.pause = new PauseCover(() => {});
    const onKey = (event) => turnPageByKey(this, event);
    document.addEventListener("keydown", onKey);
    this.unlisten = () => document.removeEventListener("keydown", onKey);
    // The symbols and the plain-words list are packs of their own: without them the letter shows its
    // words and the check says it is missing, so neither can stop a letter being written or read.
    this.ready = Promise.all([
      loadArtwork().then((artwork) => { this.artwork = artwork; }),
      loadJargon().then((jargon) => { this.jargon = jargon; }),
      loadLanguage(this.content.language),
      loadSymbols().catch(() => null),
    ]);
    container.replaceChildren(element("p", { class: "govuk-body" }, _("Opening…")));
    this.ready.then(() => {
      if (!this.destroyed) this.show(this.childMode_() ? { name: "read", index: 0 } : this.view);
    });
  }

  get language() {
    return this.content.language;
  }

  destroy() {
    this.unlisten();
    super.destroy();
  }

  // `focus`: the selector of the control to keep focus on (the page-turn button just used).
  show(view, focus = null) {
    this.closeView();
    this.view = view;
    this.container.className = `app-lt app-lt--view-${view.name}${this.bigPrint ? " app-lt--big-print" : ""}`;
    const body = element("div", { class: "app-lt__view" });
    if (view.name === "read") readView(body, this, view.index);
    else editView(body, this);
    this.container.replaceChildren(body);
    if (view.name === "edit") afterEdit(this);
    focusView(body, focus);
  }

  // One of the letter's drawings as a still picture (the child's drawing, copied from the session).
  picture(drawing, size, label = "") {
    const part = this.draft.parts.find((candidate) => candidate.name === drawing.part);
    let ops = null;
    try {
      ops = part ? decode(part.bytes) : null;
    } catch (_unreadable) {
      ops = null;
    }
    return drawingCanvas({ ops, artwork: this.artwork, outline: drawing.outline, size, label, className: "app-lt__drawing" });
  }

  // Handed to the child: the letter's first page; back to the worker: the editor.
  childMode(on) {
    this.show(on ? { name: "read", index: 0 } : { name: "edit" });
  }
}

export default {
  ...model,
  ...screenHooks(Letter),
};
