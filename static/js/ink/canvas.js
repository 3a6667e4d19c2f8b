// The shared drawing canvas: every tool that lets a child draw (Three Houses now, Words and Pictures
// and the safety network later) puts one InkCanvas on its screen and keeps the ops it reports.
//
// Main decision: input is recorded, not painted. Each pointer event only appends points to the
// stroke being drawn; what is on screen is redrawn once per animation frame from those points, with
// the same perfect-freehand outline the committed stroke (and the server's render) will have, so
// the line under the child's finger is the line that is kept (a stroke of over 1,000 points is
// outlined in pieces while it is drawn, draw.js). The committed picture sits on its own layers
// and is never redrawn while a stroke is live.
//
// The canvas keeps to the drawing budget (docs/ink.md; budget.js): it never builds a drawing the
// server would refuse as too detailed to draw. How it says no is in "the drawing budget" below.
//
//   const canvas = new InkCanvas(container, {artwork, outline: "house", ops, label, onChange});
//   canvas.setTool({tool: "pen", colour: 3, size: 1});
//   canvas.undo(); canvas.ops;  // the log, to encode with codec.js
//
// From the keyboard (and switches): a cursor the arrows move, Enter doing what the tool does there
// (keys.js); a mark made at a spot chosen on a grid is a stroke through generated points
// (strokeThrough, place.js). Both go through the same stroke, stamp and fill paths as a finger.

import { drawingCost, limit, stampCost, strokeCeiling, strokeCost } from "./budget.js";
import { LIMITS } from "./codec.js";
import { clampQuarter, QUARTER, Surface, SURFACE } from "./draw.js";
import { foldOne, history, regionColours, visibleOf } from "./fold.js";
import { KeyboardCursor } from "./keys.js";

export const DEFAULT_STAMP_SIZE = 600; // quarter units: 150 units, about as wide as the house's door

// getCoalescedEvents() gives the points a browser merged into one pointermove (Apple Pencil samples
// at 240 Hz, events come at 60 Hz). It is skipped on iOS and iPadOS, where every browser is WebKit:
// WebKit's coalesced events (new in iOS 18.2) lack pointerId and target (flutter/engine pull 56719)
// and broke drawing apps' ink there (tldraw/tldraw pull 6917, which turns them off on iOS too).
// iPadOS Safari says it is a Mac; a Mac has no touch points.
function coalescedEventsWork() {
  const agent = navigator.userAgent;
  const apple = /iPad|iPhone|iPod/.test(agent) || (/Macintosh/.test(agent) && navigator.maxTouchPoints > 1);
  return !apple && typeof PointerEvent === "function" && "getCoalescedEvents" in PointerEvent.prototype;
}

// Even-odd ray casting: regions are simple polygons (docs/ink.md), so any rule gives the same answer.
function contains(polygon, x, y) {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i, i += 1) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

// Only a pen's pressure is real: touch and mouse report 0.5 or a contact force, and their strokes
// take perfect-freehand's simulated pressure instead (docs/ink.md).
function penPressure(event) {
  return Math.round(Math.min(1, Math.max(0, event.pressure)) * 255);
}

export class InkCanvas {
  constructor(container, {
    artwork, outline = null, ops = [], onChange = () => {}, readOnly = false,
    label = "", onTiming = null,
  }) {
    this.artwork = artwork;
    this.outline = outline;
    this.log = ops.slice();
    this.state = history(this.log);
    this.onChange = onChange;
    this.readOnly = readOnly;
    // Opt-in instrumentation for tests/bench_ink.py: onTiming(kind, milliseconds) after each pointer
    // handler (kind: the event's type) and each animation frame (kind "frame").
    this.onTiming = onTiming;
    this.tool = { tool: "pen", colour: 0, size: 1, stamp: 0, stampSize: DEFAULT_STAMP_SIZE };
    this.points = this.log.reduce((sum, op) => sum + (op.op === "stroke" ? op.points.length : 0), 0);
    this.budget = artwork.budget || null; // static/ink/budget.json (draw.js loads it with the artwork)
    this.markCosts = new WeakMap(); // each stroke's and stamp's cost, counted once
    // Time runs on from the last op of a drawing opened again, so it never goes backwards.
    const lastTime = this.log.length ? this.log[this.log.length - 1].t : 0;
    this.clockOrigin = performance.now() - lastTime;
    this.lastTime = lastTime;
    this.penSeen = false;
    this.active = null; // {pointerId, pointerType, op, rect, downX, downY, length, room}
    this.frameRequested = 0;
    this.useCoalesced = coalescedEventsWork();

    this.surface = new Surface(container, { artwork, outline });
    const element = this.surface.element;
    this.element = element;
    element.setAttribute("role", "img");
    if (label) element.setAttribute("aria-label", label);
    this.keys = null;
    if (!readOnly) {
      element.classList.add("ink-surface--drawing");
      element.tabIndex = 0;
      this.listeners = {
        pointerdown: (event) => this.timed("pointerdown", () => this.pointerDown(event)),
        pointermove: (event) => this.timed("pointermove", () => this.pointerMove(event)),
        pointerup: (event) => this.timed("pointerup", () => this.pointerUp(event)),
        pointercancel: (event) => this.pointerCancel(event),
        lostpointercapture: (event) => this.pointerCancel(event),
        // A long press opens no menu, selects nothing and drags no image out of a child's drawing;
        // touch-action in ink.css stops scrolling and zooming.
        contextmenu: (event) => event.preventDefault(),
        selectstart: (event) => event.preventDefault(),
        dragstart: (event) => event.preventDefault(),
        // touch-action: none is the rule; older iPadOS Safari also needed touchmove cancelled
        // (a non-passive listener) before it stopped scrolling under a finger.
        touchmove: (event) => event.preventDefault(),
        keydown: (event) => this.keyDown(event),
      };
      for (const [name, listener] of Object.entries(this.listeners)) {
        element.addEventListener(name, listener, { passive: false });
      }
    }
    this.surface.show(this.visible());
    // The name then says what is drawn, and the description what Enter does (keys.js).
    if (!readOnly) this.keys = new KeyboardCursor(this, label);
  }

  // --- the log --------------------------------------------------------------------------------------

  get ops() {
    return this.log.slice();
  }

  get canUndo() {
    return this.state.done.length > 0;
  }

  get canRedo() {
    return this.state.undone.length > 0;
  }

  // The drawing has reached a limit of docs/ink.md and takes no more ops.
  get full() {
    return this.log.length >= LIMITS.ops || this.points >= LIMITS.points;
  }

  visible() {
    return visibleOf(this.state.done);
  }

  now() {
    this.lastTime = Math.max(this.lastTime, Math.round(performance.now() - this.clockOrigin));
    return this.lastTime;
  }

  commit(op) {
    if (this.log.length >= LIMITS.ops) return false;
    this.log.push(op);
    if (op.op === "stroke") this.points += op.points.length;
    foldOne(this.state, op);
    this.surface.show(this.visible());
    this.keys?.show();
    this.onChange(this.ops);
    return true;
  }

  undo() {
    if (this.readOnly || !this.canUndo) return;
    this.endStroke();
    this.commit({ op: "undo", t: this.now() });
  }

  redo() {
    if (this.readOnly || !this.canRedo) return;
    this.endStroke();
    this.commit({ op: "redo", t: this.now() });
  }

  // A soft clear: everything before it is hidden, and an undo brings it back.
  clear() {
    if (this.readOnly || !this.visible().length) return;
    this.endStroke();
    this.commit({ op: "clear", t: this.now() });
  }

  // {tool: "pen"|"eraser"|"stamp"|"fill", colour (palette index), size (0, 1, 2), stamp (index),
  //  stampSize (quarter units)}; what is left out stays as it was.
  setTool(tool) {
    this.keys?.lift(); // a pen put down by keys is lifted when the tool changes
    this.tool = { ...this.tool, ...tool };
    this.keys?.show();
  }

  // --- the drawing budget ----------------------------------------------------------------------------
  //
  // Near the budget the canvas quietly stops adding detail: a stamp is not placed, a colour not
  // filled in, a line stops following the finger (what was drawn of it is kept). There is no
  // message, nothing turns red and nothing drawn is taken away: a child must never meet a failure,
  // and a full page is the kindest way to say "that is enough". Pens, stamps and fills stop first
  // (at budget.tablet.draw of the server's limit) and the eraser only later (tablet.erase), so a
  // child whose page is full can still rub out what they want to change; undo and clear always
  // work and give the room back. Both shares are under the server's limit, so the tablet's sums
  // never need to agree with the server's to the last digit. The worker's finish check says it
  // plainly, for a drawing begun before the canvas kept to the budget (budget.js tooDetailed).

  markCost(op) {
    let cost = this.markCosts.get(op);
    if (cost === undefined) {
      cost = op.op === "stroke" ? strokeCost(op, this.artwork, this.budget) : stampCost(op, this.budget);
      this.markCosts.set(op, cost);
    }
    return cost;
  }

  // The estimated cost of the drawing whose visible ops are `visible`, in a log of `logLength` ops.
  cost(visible = this.visible(), logLength = this.log.length) {
    return drawingCost(logLength, visible, {
      artwork: this.artwork, outline: this.outline, budget: this.budget, markCost: (op) => this.markCost(op),
    });
  }

  // How much an eraser stroke ("erase") or any other mark ("draw") may cost the server.
  allowance(share) {
    return limit(this.budget) * this.budget.tablet[share];
  }

  // Does one more stamp or fill still fit?
  fits(op) {
    return !this.budget || this.cost([...this.visible(), op], this.log.length + 1) <= this.allowance("draw");
  }

  // A stroke being drawn: its path so far and what it may cost, counted as it grows (strokeCeiling).
  startStroke(active, op) {
    active.op = op;
    active.length = 0;
    active.room = this.budget
      ? this.allowance(op.tool === "eraser" ? "erase" : "draw") - this.cost(this.visible(), this.log.length + 1)
      : Infinity;
    return this.budget ? strokeCeiling(op, this.artwork, this.budget, 0) <= active.room : true;
  }

  // --- pause ----------------------------------------------------------------------------------------

  // Hidden at once (the worker's pause button); a stroke being drawn is kept, then input stops.
  set hidden(value) {
    if (value) this.endStroke();
    this.surface.hidden = value;
    this.keys?.show();
  }

  get hidden() {
    return this.surface.hidden;
  }

  // --- stamps and fills -----------------------------------------------------------------------------

  // Each returns whether the drawing changed (a full page quietly takes nothing).
  placeStamp(x, y) {
    if (this.full || this.readOnly || this.hidden) return false;
    const size = Math.min(LIMITS.stampSizeMax, Math.max(LIMITS.stampSizeMin, this.tool.stampSize));
    const op = { op: "stamp", stamp: this.tool.stamp, x: clampQuarter(x), y: clampQuarter(y), size, t: this.now() };
    return this.fits(op) && this.commit(op);
  }

  // The last region containing the point takes the colour; outside every region, nothing happens.
  fillAt(x, y) {
    if (this.readOnly || this.hidden) return false;
    const regions = this.outline ? this.artwork.outlines[this.outline].regions : [];
    const lx = x / QUARTER;
    const ly = y / QUARTER;
    for (let region = regions.length - 1; region >= 0; region -= 1) {
      if (!contains(regions[region].points, lx, ly)) continue;
      const current = regionColours(this.visible(), regions.length)[region];
      if (current === this.tool.colour) return false;
      const op = { op: "fill", region, colour: this.tool.colour, t: this.now() };
      return this.fits(op) && this.commit(op);
    }
    return false;
  }

  keyDown(event) {
    this.keys?.keyDown(event);
  }

  // A mark made for a child who chose a spot and a shape (place.js): one pen or eraser stroke through
  // `points` (quarter units) in the chosen colour and size, kept within the budget like any other.
  strokeThrough(points) {
    if (this.readOnly || this.hidden || this.active || !points.length) return false;
    if (!this.beginStroke("generated", points[0][0], points[0][1])) return false;
    for (const [x, y] of points.slice(1)) {
      if (!this.active) break;
      this.addPointAt(x, y, 0, this.now());
    }
    this.endStroke();
    return true;
  }

  // --- pointers -------------------------------------------------------------------------------------

  timed(kind, handler) {
    if (!this.onTiming) {
      handler();
      return;
    }
    const start = performance.now();
    handler();
    this.onTiming(kind, performance.now() - start);
  }

  // Quarter units of the surface, clamped to it, from a pointer event (or a coalesced one).
  position(event, rect) {
    const scale = (SURFACE * QUARTER) / rect.width;
    return [clampQuarter((event.clientX - rect.left) * scale), clampQuarter((event.clientY - rect.top) * scale)];
  }

  pointerDown(event) {
    if (this.hidden) return;
    if (event.pointerType === "mouse" && event.button !== 0) return;
    if (event.pointerType === "pen") this.penSeen = true;
    // Palm rejection: once a pen has been used, touches do not draw. A palm that landed before
    // the pen did is dropped when the pen comes down.
    if (event.pointerType === "touch" && this.penSeen) return;
    if (this.active) {
      if (event.pointerType !== "pen" || this.active.pointerType !== "touch") return;
      this.dropStroke();
    }
    event.preventDefault();
    // Drawing dismisses the on-screen keyboard of a field being typed in (preventDefault above
    // stops the usual focus change), without moving focus to the canvas and showing its ring.
    const typing = document.activeElement;
    if (typing && typing !== document.body && typing !== this.element) typing.blur();
    const rect = this.element.getBoundingClientRect();
    if (!rect.width) return;
    this.element.setPointerCapture(event.pointerId);
    const [x, y] = this.position(event, rect);
    const pen = event.pointerType === "pen";
    this.beginStroke(event.pointerType, x, y, pen ? penPressure(event) : null, this.eventTime(event), event.pointerId, rect);
  }

  // A new stroke at (x, y) with the pen or eraser chosen (a finger, a pen, the keys or a generated
  // mark: `pointerType`); with any other tool, only where the pointer went down is kept. `pressure`
  // is null for all but a pen. Returns whether a stroke began: a page already full takes no new
  // line, and the finger simply draws nothing.
  beginStroke(pointerType, x, y, pressure = null, t = this.now(), pointerId = null, rect = null) {
    this.active = { pointerId, pointerType, rect, downX: x, downY: y, op: null };
    const tool = this.tool.tool;
    if ((tool !== "pen" && tool !== "eraser") || this.full) {
      if (pointerType === "keys" || pointerType === "generated") this.active = null;
      return false;
    }
    const op = {
      op: "stroke", tool, colour: tool === "eraser" ? 0 : this.tool.colour, size: this.tool.size,
      pressure: pressure !== null, t, points: [[x, y, pressure ?? 0, t]],
    };
    if (this.startStroke(this.active, op)) {
      this.requestFrame();
      return true;
    }
    this.active.op = null;
    if (pointerType === "keys" || pointerType === "generated") this.active = null;
    return false;
  }

  pointerMove(event) {
    const active = this.active;
    if (!active || event.pointerId !== active.pointerId || !active.op) return;
    event.preventDefault();
    const events = this.useCoalesced ? event.getCoalescedEvents() : [];
    for (const sample of events.length ? events : [event]) this.addPoint(sample);
    this.requestFrame();
  }

  pointerUp(event) {
    const active = this.active;
    if (!active || event.pointerId !== active.pointerId) return;
    event.preventDefault();
    if (active.op) {
      // A pen's pointerup has pressure 0 (no button pressed): it adds a point only where the pen
      // left from somewhere new, with the pressure it last had, so strokes do not end in a hair.
      const last = active.op.points[active.op.points.length - 1];
      const [x, y] = this.position(event, active.rect);
      if (x !== last[0] || y !== last[1]) active.op.points.push([x, y, last[2], this.eventTime(event)]);
      this.endStroke();
      return;
    }
    this.active = null;
    if (this.tool.tool === "stamp") this.placeStamp(active.downX, active.downY);
    else if (this.tool.tool === "fill") this.fillAt(active.downX, active.downY);
  }

  // The system took the pointer back: on iPadOS that is how a palm is rejected, so what it drew
  // is dropped, not kept.
  pointerCancel(event) {
    if (this.active && event.pointerId === this.active.pointerId) this.dropStroke();
  }

  eventTime(event) {
    // event.timeStamp is on performance.now()'s clock; the clamp keeps time monotone.
    const t = Math.round(event.timeStamp - this.clockOrigin);
    this.lastTime = Math.max(this.lastTime, Number.isFinite(t) ? t : this.now());
    return this.lastTime;
  }

  addPoint(event) {
    const op = this.active && this.active.op;
    if (!op) return; // the drawing filled up earlier in this event's samples
    const [x, y] = this.position(event, this.active.rect);
    this.addPointAt(x, y, op.pressure ? penPressure(event) : 0, this.eventTime(event));
  }

  // One more point of the live stroke, in quarter units (the pointer's, the keyboard cursor's or a
  // generated mark's): the budget and the format's limits are kept here, whoever draws.
  addPointAt(x, y, p, t) {
    const op = this.active && this.active.op;
    if (!op) return;
    const last = op.points[op.points.length - 1];
    op.points.push([x, y, p, t]);
    if (this.budget) {
      const active = this.active;
      const length = active.length + Math.sqrt((x - last[0]) * (x - last[0]) + (y - last[1]) * (y - last[1]));
      if (strokeCeiling(op, this.artwork, this.budget, length) > active.room) {
        // The page is full: the line ends where it was, and the rest of this touch draws nothing.
        op.points.pop();
        this.endStroke();
        return;
      }
      active.length = length;
    }
    // A stroke at the format's limit is committed and carries on as a new one from the same point,
    // so the child never notices the limit.
    if (op.points.length >= LIMITS.strokePoints) {
      this.endStroke(true);
    }
  }

  // Commit the live stroke, if there is one. `carryOn`: start the next stroke where it ended.
  endStroke(carryOn = false) {
    const active = this.active;
    if (!active || !active.op) {
      this.active = null;
      return;
    }
    const op = active.op;
    active.op = null;
    this.surface.live(null);
    const room = LIMITS.points - this.points;
    if (op.points.length > room) op.points.length = Math.max(0, room);
    if (op.points.length) this.commit(op);
    if (carryOn && !this.full) {
      const last = op.points[op.points.length - 1];
      if (this.startStroke(active, { ...op, t: last[3], points: [last.slice()] })) return;
    }
    this.active = null;
  }

  dropStroke() {
    this.active = null;
    this.surface.live(null);
  }

  requestFrame() {
    if (this.frameRequested) return;
    this.frameRequested = requestAnimationFrame(() => {
      this.frameRequested = 0;
      this.timed("frame", () => this.surface.live(this.active ? this.active.op : null));
    });
  }

  destroy() {
    if (this.frameRequested) cancelAnimationFrame(this.frameRequested);
    for (const [name, listener] of Object.entries(this.listeners || {})) this.element.removeEventListener(name, listener);
    this.keys?.destroy();
    this.surface.destroy();
  }
}
