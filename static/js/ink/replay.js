// Replaying a child's drawing op by op: the worker (on the tablet, or later on the practitioner's
// page) can watch how the picture was made — what came first, what was rubbed out, what was cleared.
//
// Main decision: a replay is the fold of the first n ops for n = 1 … len(log) (docs/ink.md), drawn on
// the same layered surface as the live canvas. Strokes can be drawn progressively from their own
// point times, but long pauses are shortened so a replay never stalls on the child thinking.
//
//   const replay = new Replay(container, {artwork, outline: "house", ops, label, onStep});
//   replay.play(); replay.pause(); replay.step(); replay.restart();

import { Surface } from "./draw.js";
import { foldOne, visibleOf } from "./fold.js";

const PAUSE_BETWEEN_OPS = 400; // ms at speed 1: long enough to see each change on its own
const LONGEST_GAP_IN_STROKE = 200; // ms: a stroke's own hesitations are kept, but capped

export class Replay {
  constructor(container, { artwork, outline = null, ops, label = "", progressive = true, speed = 1, onStep = () => {} }) {
    this.ops = ops.slice();
    this.progressive = progressive;
    this.speed = speed;
    this.onStep = onStep;
    this.playing = false;
    this.frame = 0;
    this.surface = new Surface(container, { artwork, outline });
    this.surface.element.setAttribute("role", "img");
    if (label) this.surface.element.setAttribute("aria-label", label);
    this.reset();
  }

  get total() {
    return this.ops.length;
  }

  reset() {
    this.index = 0;
    this.state = { done: [], undone: [] };
    this.stroke = null; // the stroke being drawn progressively: {op, times, start, partial}
    this.nextAt = 0;
    this.surface.live(null);
    this.surface.show([]);
  }

  play() {
    if (this.playing) return;
    if (this.index >= this.total) {
      this.reset();
      this.onStep(0, this.total);
    }
    this.playing = true;
    this.nextAt = 0;
    this.frame = requestAnimationFrame((now) => this.tick(now));
  }

  pause() {
    // A stroke paused halfway carries on from where it stopped (its clock restarts in tick).
    if (this.stroke) this.stroke.start = null;
    this.playing = false;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  // The next op at once (finishing a stroke halfway through), paused.
  step() {
    this.pause();
    if (this.stroke) this.apply(this.stroke.op);
    else if (this.index < this.total) this.apply(this.ops[this.index]);
  }

  // Back to the blank page; a replay that was playing plays on from there.
  restart() {
    const playing = this.playing;
    this.pause();
    this.reset();
    this.onStep(0, this.total);
    if (playing) this.play();
  }

  apply(op) {
    foldOne(this.state, op);
    this.index += 1;
    this.stroke = null;
    this.surface.live(null);
    this.surface.show(visibleOf(this.state.done));
    this.onStep(this.index, this.total);
  }

  // When each point of a stroke is drawn, in ms from the stroke's start, with long pauses capped.
  static pointTimes(op) {
    const times = [0];
    for (let i = 1; i < op.points.length; i += 1) {
      times.push(times[i - 1] + Math.min(LONGEST_GAP_IN_STROKE, op.points[i][3] - op.points[i - 1][3]));
    }
    return times;
  }

  tick(now) {
    if (!this.playing) return;
    if (this.stroke) {
      const times = this.stroke.times;
      if (this.stroke.start === null) {
        this.stroke.start = now - times[Math.max(0, this.stroke.partial.points.length - 1)] / this.speed;
      }
      const elapsed = (now - this.stroke.start) * this.speed;
      let shown = this.stroke.partial.points.length;
      while (shown < times.length && times[shown] <= elapsed) shown += 1;
      if (shown >= times.length) {
        this.apply(this.stroke.op);
        this.nextAt = now + PAUSE_BETWEEN_OPS / this.speed;
      } else if (shown !== this.stroke.partial.points.length) {
        // One growing copy of the stroke, as the live canvas has, so its outline pieces are kept.
        const partial = this.stroke.partial;
        partial.points.push(...this.stroke.op.points.slice(partial.points.length, shown));
        this.surface.live(partial);
      }
    } else if (now >= this.nextAt) {
      if (this.index >= this.total) {
        this.pause();
        return;
      }
      const op = this.ops[this.index];
      if (this.progressive && op.op === "stroke" && op.points.length > 1) {
        this.stroke = { op, times: Replay.pointTimes(op), start: now, partial: { ...op, points: [] } };
      } else {
        this.apply(op);
        this.nextAt = now + PAUSE_BETWEEN_OPS / this.speed;
      }
    }
    this.frame = requestAnimationFrame((time) => this.tick(time));
  }

  set hidden(value) {
    if (value) this.pause();
    this.surface.hidden = value;
  }

  get hidden() {
    return this.surface.hidden;
  }

  destroy() {
    this.pause();
    this.surface.destroy();
  }
}
