// The drawing from the keyboard (and so from switches that send keys): a large cursor on the
// focused canvas that the arrows move, and Enter or Space doing what the chosen tool does there.
//
//   Draw / Rub out: Enter puts the pen down at the cursor, the arrows draw, Enter lifts it.
//   Colour in:      Enter colours the region under the cursor.
//   A sticker:      the sticker rides on the cursor; the arrows move it, Enter puts it down (and the
//                   cursor steps on, so the next one lands beside it), Escape puts it back.
//
// Main decision: keys make the same ops as a finger, through the canvas's own stroke, stamp and fill
// paths, so a keyboard line is kept in the same log, under the same drawing budget, and drawn the
// same by the server (docs/ink.md); nothing about the format changes. A key stroke is a pointer
// stroke whose points come from the cursor: each arrow adds points every 10 units along its step,
// so perfect-freehand's streamlining follows the cursor instead of cutting its corners short.
//
// What a screen reader hears is kept on the canvas, not spoken at every point: the canvas's name
// says what is drawn ("Your picture: 3 lines, …"), its description what Enter does now, and one
// polite message follows each Enter (the pen went down, the sticker was placed).

import { element } from "../tablet/dom.js";
import { _ } from "../tablet/i18n.js";
import { clampQuarter as clamp, QUARTER, SURFACE } from "./draw.js";
import { describePicture, stampName } from "./words.js";

const EDGE = SURFACE * QUARTER; // quarter units across the drawing
export const STEP = 200; // an arrow moves the cursor 50 units, a twentieth of the drawing
export const BIG_STEP = 800; // with Shift, a fifth
const POINT_EVERY = 40; // a key stroke has a point every 10 units along the cursor's path

const MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

let described = 0; // ids for the description and message elements of each canvas

// The cursor after an arrow key (null for any other key): one step, or a big one, never off the drawing.
export function stepCursor([x, y], key, big = false) {
  const move = MOVES[key];
  if (!move) return null;
  const step = big ? BIG_STEP : STEP;
  return [clamp(x + move[0] * step), clamp(y + move[1] * step)];
}

// Where the cursor goes after a sticker is put down: one sticker's width to the right, or back to
// the left edge one row down when that would leave the drawing (from the bottom, back to the top),
// so stickers placed one after another never land on top of each other.
export function nextSpot([x, y], side) {
  const half = Math.ceil(side / 2);
  if (x + side <= EDGE - half) return [x + side, y];
  const down = y + side <= EDGE - half ? y + side : half;
  return [half, down];
}

// The points of a straight move from `from` to `to`, every POINT_EVERY quarter units, `to` included.
export function pathPoints(from, to) {
  const steps = Math.max(1, Math.ceil(Math.hypot(to[0] - from[0], to[1] - from[1]) / POINT_EVERY));
  const points = [];
  for (let i = 1; i <= steps; i += 1) {
    points.push([clamp(from[0] + ((to[0] - from[0]) * i) / steps), clamp(from[1] + ((to[1] - from[1]) * i) / steps)]);
  }
  return points;
}

export class KeyboardCursor {
  constructor(canvas, label) {
    this.canvas = canvas;
    this.label = label;
    this.at = [EDGE / 2, EDGE / 2];
    this.onPutBack = () => {}; // the toolbar's: Escape with a sticker on the cursor
    described += 1;
    this.cursor = element("div", { class: "ink-cursor", "aria-hidden": "true" });
    this.ghost = element("img", { class: "ink-cursor__sticker", alt: "" });
    this.cursor.append(this.ghost);
    canvas.element.append(this.cursor);
    this.description = element("span", { class: "govuk-visually-hidden", id: `ink-keys-${described}` });
    this.message = element("span", { class: "govuk-visually-hidden", role: "status" });
    canvas.surface.host.append(this.description, this.message);
    canvas.element.setAttribute("aria-describedby", this.description.id);
    canvas.element.addEventListener("blur", () => this.lift());
    this.show();
  }

  get penDown() {
    const active = this.canvas.active;
    return Boolean(active && active.pointerType === "keys" && active.op);
  }

  keyDown(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || this.canvas.hidden) return;
    const moved = stepCursor(this.at, event.key, event.shiftKey);
    if (moved) {
      event.preventDefault();
      this.moveTo(moved);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      if (!event.repeat) this.press();
    } else if (event.key === "Escape") {
      if (this.penDown) {
        event.preventDefault();
        this.lift();
      } else if (this.canvas.tool.tool === "stamp") {
        event.preventDefault();
        this.onPutBack();
      }
    }
  }

  moveTo(to) {
    const from = this.at;
    this.at = to;
    if (this.penDown) {
      for (const [x, y] of pathPoints(from, to)) {
        if (!this.penDown) break; // the page filled up: the line stops where it was
        this.canvas.addPointAt(x, y, 0, this.canvas.now());
      }
      this.canvas.requestFrame();
      if (!this.penDown) this.show();
    }
    this.place();
  }

  // Enter or Space: what the chosen tool does at the cursor.
  press() {
    const canvas = this.canvas;
    const [x, y] = this.at;
    const tool = canvas.tool.tool;
    if (tool === "pen" || tool === "eraser") {
      if (this.penDown) {
        this.lift();
        return;
      }
      if (canvas.beginStroke("keys", x, y)) this.say(tool === "pen" ? _("The pen is down") : _("Rubbing out"));
    } else if (tool === "fill") {
      if (canvas.fillAt(x, y)) this.say(_("Coloured in"));
    } else if (tool === "stamp") {
      if (canvas.placeStamp(x, y)) {
        this.say(_("%(sticker)s placed", { sticker: stampName(canvas.artwork, canvas.tool.stamp) }));
        this.at = nextSpot(this.at, canvas.tool.stampSize);
        this.place();
      }
    }
    this.show();
  }

  // Lift a pen put down by keys: the line is kept.
  lift() {
    if (!this.penDown) return;
    this.canvas.endStroke();
    this.say(this.canvas.tool.tool === "pen" ? _("The pen is up") : _("Stopped rubbing out"));
    this.show();
  }

  destroy() {
    this.description.remove();
    this.message.remove();
  }

  say(text) {
    this.message.textContent = text;
  }

  // The cursor where it is, in percentages of the drawing so it needs nothing on a resize.
  place() {
    this.cursor.style.setProperty("--ink-cursor-x", `${(this.at[0] / EDGE) * 100}%`);
    this.cursor.style.setProperty("--ink-cursor-y", `${(this.at[1] / EDGE) * 100}%`);
  }

  // The cursor's look, the canvas's name and its description, after a change of tool or drawing.
  show() {
    const canvas = this.canvas;
    const { tool, stamp, stampSize } = canvas.tool;
    const sticker = tool === "stamp" && canvas.artwork.stamps[stamp];
    this.cursor.classList.toggle("ink-cursor--down", this.penDown);
    this.cursor.classList.toggle("ink-cursor--sticker", Boolean(sticker));
    if (sticker) {
      this.ghost.src = `/static/ink/stamps/${sticker.id}.png`;
      this.cursor.style.setProperty("--ink-sticker", `${(stampSize / EDGE) * 100}%`);
    }
    this.place();
    const picture = describePicture(canvas.visible(), canvas.artwork);
    const name = this.label ? `${this.label}. ${picture}` : picture;
    if (canvas.element.getAttribute("aria-label") !== name) canvas.element.setAttribute("aria-label", name);
    const doing = {
      pen: this.penDown ? _("Press Enter to lift the pen.") : _("Press Enter to put the pen down."),
      eraser: this.penDown ? _("Press Enter to stop rubbing out.") : _("Press Enter to start rubbing out."),
      fill: _("Press Enter to colour in here."),
      stamp: _("Press Enter to place the sticker: %(sticker)s. Escape puts it back.", {
        sticker: stampName(canvas.artwork, stamp) }),
    }[tool] || "";
    this.description.textContent = `${_("The arrow keys move the cursor.")} ${doing}`;
  }
}
