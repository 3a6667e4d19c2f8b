// Drawing by switch: "Put on the picture" opens a grid of big buttons over the drawing (three rows
// of three, "Top left" … "Bottom right"), so a child who can only press a switch chooses a spot by
// scanning rows, then buttons. At the spot the chosen tool acts: a sticker is put down, a region
// coloured in, or (with Draw or Rub out) the child picks a mark to make there: a scribble, a circle
// or a line. The same overlay asks "Clear the picture?" with two big buttons, so clearing takes two
// single presses and no hold.
//
// Main decision: a spot is where its button is. The spot's coordinates are the centre of the
// button the child pressed, measured on the drawing, so what the child sees under the button is
// where the sticker lands, whatever the screen. A mark is an ordinary stroke through generated
// points (canvas.strokeThrough), in the chosen colour and size, so it is stored, budgeted and drawn
// by the server exactly as a finger's line (docs/ink.md); the format does not change.
//
// While the overlay is open the rest of the drawing stage is inert: Tab, a screen reader and switch
// scanning meet only its buttons, and Escape or "Back" closes it, with focus back where it was.

import { element } from "../tablet/dom.js";
import { _ } from "../tablet/i18n.js";
import { pictureButton } from "../tablet/child-ui.js";
import { rovingFocus } from "../tablet/roving.js";
import { clampQuarter as clamp, QUARTER, SURFACE } from "./draw.js";

const EDGE = SURFACE * QUARTER;
const MARK_RADIUS = 300; // quarter units: a mark is 150 units across, about a sticker's size

// The spot (quarter units of the drawing) under the centre of `button`, both as client rectangles.
export function spotOf(button, drawing) {
  return [
    clamp((((button.left + button.right) / 2 - drawing.left) / drawing.width) * EDGE),
    clamp((((button.top + button.bottom) / 2 - drawing.top) / drawing.height) * EDGE),
  ];
}

// The points of a generated mark centred on `spot`, few enough to cost little of the budget (at most
// 49 points, about a short finger line). Near an edge the mark moves in, whole, rather than being
// squashed flat against the edge.
export function markPoints(mark, spot, radius = MARK_RADIUS) {
  const [cx, cy] = spot.map((value) => Math.min(EDGE - radius, Math.max(radius, value)));
  const points = [];
  const add = (x, y) => points.push([clamp(cx + x * radius), clamp(cy + y * radius)]);
  if (mark === "circle") {
    for (let i = 0; i <= 40; i += 1) add(Math.cos((i / 40) * 2 * Math.PI), Math.sin((i / 40) * 2 * Math.PI));
  } else if (mark === "line") {
    for (let i = 0; i <= 24; i += 1) add(-1 + (2 * i) / 24, 0);
  } else if (mark === "scribble") {
    // Loops drifting left to right, as a hand scribbles.
    for (let i = 0; i <= 48; i += 1) {
      const turn = (i / 48) * 6 * Math.PI;
      add(-0.8 + (1.6 * i) / 48 + 0.25 * Math.cos(turn), 0.6 * Math.sin(turn));
    }
  }
  return points;
}

export const MARKS = () => [
  { mark: "scribble", picture: "scribble", label: _("A scribble") },
  { mark: "circle", picture: "circle", label: _("A circle") },
  { mark: "line", picture: "line", label: _("A line") },
];

const ROWS = () => [
  { label: _("Top row"), spots: [_("Top left"), _("Top middle"), _("Top right")] },
  { label: _("Middle row"), spots: [_("Middle left"), _("Middle"), _("Middle right")] },
  { label: _("Bottom row"), spots: [_("Bottom left"), _("Bottom middle"), _("Bottom right")] },
];

// A panel laid exactly over the drawing, holding one set of big buttons at a time.
export class PictureOverlay {
  // `stage`: the elements made inert while the overlay is open (the toolbar's groups, the canvas).
  constructor(canvas, stage) {
    this.canvas = canvas;
    this.stage = stage;
    this.returnTo = null;
    this.panel = element("div", { class: "ink-overlay", hidden: true });
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        this.close();
      }
    });
    canvas.surface.host.append(this.panel);
  }

  get open() {
    return !this.panel.hidden;
  }

  // Show `children`, focusing `focus`; focus goes back to `returnTo` (default: what had it) on close.
  show(children, focus, returnTo = null) {
    if (!this.open) this.returnTo = returnTo || document.activeElement;
    const drawing = this.canvas.element.style; // the drawing's square in the host (draw.js layout)
    for (const side of ["left", "top", "width", "height"]) this.panel.style.setProperty(side, drawing[side]);
    for (const part of this.stage()) part.inert = true;
    this.panel.replaceChildren(...children);
    this.panel.hidden = false;
    focus.focus();
  }

  close(focus = null) {
    if (!this.open) return;
    this.panel.hidden = true;
    this.panel.replaceChildren();
    for (const part of this.stage()) part.inert = false;
    const target = focus && !focus.disabled ? focus : this.returnTo;
    if (target && target.isConnected) target.focus();
  }

  backButton() {
    return pictureButton({ picture: "back", label: _("Back"), className: "ink-overlay__back", onPress: () => this.close() });
  }

  // The spot grid; `onSpot([x, y], rowIndex)` is called with the spot the child chose.
  chooseSpot(onSpot) {
    const grid = element("div", { class: "ink-overlay__grid" });
    for (const [rowIndex, row] of ROWS().entries()) {
      const group = element("div", { class: "ink-overlay__row", role: "group", "aria-label": row.label });
      for (const label of row.spots) {
        const spot = pictureButton({ label, className: "ink-overlay__spot", onPress: () => {
          onSpot(spotOf(spot.getBoundingClientRect(), this.canvas.element.getBoundingClientRect()), rowIndex);
        } });
        group.append(spot);
      }
      grid.append(group);
    }
    rovingFocus(grid, { columns: 3 }); // one Tab stop; the arrows move about the grid
    const back = element("div", { class: "ink-overlay__bar", role: "group", "aria-label": _("Back") });
    back.append(this.backButton());
    this.show([grid, back], grid.querySelector("button"));
  }

  // After a spot, with Draw or Rub out: which mark to make there.
  chooseMark(spot, rowIndex, onMark) {
    const marker = element("div", { class: "ink-overlay__marker", "aria-hidden": "true" });
    marker.style.setProperty("--ink-spot-x", `${(spot[0] / EDGE) * 100}%`);
    marker.style.setProperty("--ink-spot-y", `${(spot[1] / EDGE) * 100}%`);
    // The choices sit away from the spot, so the child still sees where the mark will go.
    const group = element("div", { role: "group", "aria-label": _("Make a mark"),
      class: `ink-overlay__marks ink-overlay__marks--${rowIndex === 0 ? "below" : "above"}` });
    for (const { mark, picture, label } of MARKS()) {
      group.append(pictureButton({ picture, label, onPress: () => onMark(markPoints(mark, spot)) }));
    }
    group.append(this.backButton());
    rovingFocus(group);
    this.show([marker, group], group.querySelector("button"));
  }

  // "Clear the picture?": two big buttons, no time limit. `onClear` runs on the first.
  confirmClear(onClear, returnTo) {
    const group = element("div", { class: "ink-overlay__confirm", role: "group", "aria-label": _("Clear the picture?") });
    const clear = pictureButton({ picture: "clear", label: _("Clear the picture"), onPress: () => onClear() });
    const keep = pictureButton({ picture: "done", label: _("Keep it"), className: "app-child-button--go",
      onPress: () => this.close() });
    group.append(clear, keep);
    // "Keep it" has focus: a second stray press keeps the picture.
    this.show([group], keep, returnTo);
  }
}
