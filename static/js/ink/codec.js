// The ink format (docs/ink.md, "The binary encoding"): a child's drawing as the bytes that are
// stored on the tablet, sent to the server and decoded there by sofs_direct/paper/ink_decode.py.
//
// Main decision: the same checks run on both paths — on the values about to be written and on the
// values just read — so the tablet can never write a drawing that it (or the server) would refuse.
// Anything outside docs/ink.md's limits is refused with an InkError naming the op, never truncated
// or repaired. The messages are sofs_direct/paper/ink_decode.py's, word for word, so one translation serves both.
//
// Ops are plain objects, the same shape on both sides of the wire:
//   {op: "stroke", tool: "pen"|"eraser", colour, size, pressure: bool, t, points: [[x, y, p, t], ...]}
//   {op: "stamp", stamp, x, y, size, t}     {op: "fill", region, colour, t}
//   {op: "undo", t}   {op: "redo", t}   {op: "clear", t}
// x and y are quarter units (0 … 4000), p a byte (0 when the stroke has no pressure), t absolute ms.

import { _ } from "../tablet/i18n.js";

export const MEDIA_TYPE = "application/vnd.sofs-direct.ink";

export const LIMITS = Object.freeze({
  bytes: 4 * 1024 * 1024,
  ops: 20000,
  points: 200000,
  strokePoints: 20000,
  coordinate: 4000,
  stampSizeMin: 200,
  stampSizeMax: 2000,
});

const MAGIC = [0x53, 0x49, 0x4e, 0x4b]; // "SINK"
const VERSION = 1;
const CODES = { stroke: 1, stamp: 2, fill: 3, undo: 4, redo: 5, clear: 6 };
const NAMES = ["", "stroke", "stamp", "fill", "undo", "redo", "clear"];
const TOOLS = ["pen", "eraser"];
const BRUSH_SIZES = 3;
const MAX_UV = 2 ** 32;

export class InkError extends Error {
  constructor(message) {
    super(message);
    this.name = "InkError";
  }
}

// Counts as sofs_direct/paper/ink_decode.py writes them ("20,000"), in every language.
const count = (n) => n.toLocaleString("en-GB");

// What the artwork allows, when known: the palette, the stamps and the outline's regions. Without
// an artwork only the limits that do not depend on it are checked.
function rangesFor(context = {}) {
  const { artwork, outline } = context;
  const regions = artwork && outline ? artwork.outlines?.[outline]?.regions : undefined;
  if (artwork && outline && !regions) throw new InkError(_("The outline %(outline)s is not in the artwork.", { outline }));
  return {
    colours: artwork ? artwork.palette.length : 256,
    stamps: artwork ? artwork.stamps.length : MAX_UV,
    regions: regions ? regions.length : MAX_UV,
  };
}

// --- the checks, on wire values -------------------------------------------------------------------

function checkOpCount(number) {
  if (number > LIMITS.ops) {
    throw new InkError(_("Op %(number)s is one too many: a drawing has at most %(limit)s ops.", { number, limit: count(LIMITS.ops) }));
  }
}

function checkStrokeHeader(number, tool, colour, size, flag, ranges) {
  if (!(tool >= 0 && tool < TOOLS.length)) {
    throw new InkError(_("Op %(number)s is a stroke with an unknown tool; only a pen (0) and an eraser (1) exist.", { number }));
  }
  if (tool === 1 && colour !== 0) {
    throw new InkError(_("Op %(number)s is an eraser stroke with a colour; an eraser's colour is 0.", { number }));
  }
  if (!(Number.isInteger(colour) && colour >= 0 && colour < ranges.colours)) {
    throw new InkError(_("Op %(number)s is a stroke in colour %(colour)s, which is not in the palette.", { number, colour }));
  }
  if (!(Number.isInteger(size) && size >= 0 && size < BRUSH_SIZES)) {
    throw new InkError(_("Op %(number)s is a stroke with an unknown brush size; only 0, 1 and 2 exist.", { number }));
  }
  if (flag !== 0 && flag !== 1) throw new InkError(_("Op %(number)s is a stroke whose pressure flag is neither 0 nor 1.", { number }));
}

function checkPointCount(number, points, drawingPoints) {
  if (points < 1) throw new InkError(_("Op %(number)s is a stroke with no points.", { number }));
  if (points > LIMITS.strokePoints) {
    throw new InkError(_("Op %(number)s is a stroke of %(count)s points; a stroke has at most %(limit)s.",
      { number, count: count(points), limit: count(LIMITS.strokePoints) }));
  }
  if (drawingPoints > LIMITS.points) {
    throw new InkError(_("Op %(number)s takes the drawing past %(limit)s points.", { number, limit: count(LIMITS.points) }));
  }
}

const onSurface = (value) => Number.isInteger(value) && value >= 0 && value <= LIMITS.coordinate;

function checkPoint(number, point, x, y, p) {
  if (!onSurface(x) || !onSurface(y)) {
    throw new InkError(_("Op %(number)s: point %(point)s of the stroke is outside the drawing (x %(x)s, y %(y)s; both must be 0 to %(limit)s).",
      { number, point, x, y, limit: LIMITS.coordinate }));
  }
  if (!(Number.isInteger(p) && p >= 0 && p <= 255)) {
    throw new InkError(_("Op %(number)s: point %(point)s of the stroke has a pressure outside 0 to 255.", { number, point }));
  }
}

function checkStamp(number, op, ranges) {
  if (!(Number.isInteger(op.stamp) && op.stamp >= 0 && op.stamp < ranges.stamps)) {
    throw new InkError(_("Op %(number)s places stamp %(stamp)s, which does not exist.", { number, stamp: op.stamp }));
  }
  if (!onSurface(op.x) || !onSurface(op.y)) throw new InkError(_("Op %(number)s places a stamp outside the drawing.", { number }));
  if (!(Number.isInteger(op.size) && op.size >= LIMITS.stampSizeMin && op.size <= LIMITS.stampSizeMax)) {
    throw new InkError(_("Op %(number)s places a stamp of size %(size)s; a stamp's size is %(low)s to %(high)s.",
      { number, size: op.size, low: LIMITS.stampSizeMin, high: LIMITS.stampSizeMax }));
  }
}

function checkFill(number, op, ranges) {
  if (!(Number.isInteger(op.region) && op.region >= 0 && op.region < ranges.regions)) {
    throw new InkError(_("Op %(number)s colours a part of the picture that the outline does not have.", { number }));
  }
  if (!(Number.isInteger(op.colour) && op.colour >= 0 && op.colour < ranges.colours)) {
    throw new InkError(_("Op %(number)s colours a part of the picture in a colour that is not in the palette.", { number }));
  }
}

function checkSize(bytes) {
  if (bytes > LIMITS.bytes) {
    throw new InkError(_("The drawing is %(size)s bytes; a drawing is at most 4 MiB.", { size: count(bytes) }));
  }
}

// --- writing --------------------------------------------------------------------------------------

class Writer {
  constructor(size) {
    this.bytes = new Uint8Array(size);
    this.length = 0;
  }

  room(n) {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  u8(value) {
    this.room(1);
    this.bytes[this.length++] = value;
  }

  uv(value) {
    this.room(5);
    let rest = value;
    while (rest >= 0x80) {
      this.bytes[this.length++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.bytes[this.length++] = rest;
  }

  sv(value) {
    this.uv(((value << 1) ^ (value >> 31)) >>> 0);
  }
}

// A time the format can hold (a uv), within `after` … `before`: time never goes backwards.
function checkTime(number, t, after = 0, before = Infinity) {
  if (!(Number.isInteger(t) && t >= after && t <= before && t < MAX_UV)) {
    throw new InkError(_("Op %(number)s has a time that is not a whole number of milliseconds after the one before.", { number }));
  }
}

function writeStroke(out, op, number, ranges, drawingPoints) {
  const flag = op.pressure === true ? 1 : op.pressure === false ? 0 : -1;
  const tool = TOOLS.indexOf(op.tool);
  checkStrokeHeader(number, tool, op.colour, op.size, flag, ranges);
  const points = Array.isArray(op.points) ? op.points : [];
  checkPointCount(number, points.length, drawingPoints + points.length);
  out.u8(tool); out.u8(op.colour); out.u8(op.size); out.u8(flag);
  out.uv(op.t); out.uv(points.length);
  let previous = null;
  points.forEach(([x, y, p, t], i) => {
    // A stroke without pressure has none to store: its points' p must be 0.
    checkPoint(number, i + 1, x, y, flag || p === 0 ? p : -1);
    // The first point's time is the op's own; each next one is stored as a delta (docs/ink.md).
    checkTime(number, t, previous ? previous[3] : op.t, previous ? Infinity : op.t);
    if (!previous) {
      out.uv(x); out.uv(y);
      if (flag) out.u8(p);
    } else {
      out.sv(x - previous[0]); out.sv(y - previous[1]);
      if (flag) out.sv(p - previous[2]);
      out.uv(t - previous[3]);
    }
    previous = [x, y, p, t];
  });
  return points.length;
}

// The drawing's bytes. `context` ({artwork, outline}) adds the artwork's ranges to the checks.
export function encode(ops, context) {
  const ranges = rangesFor(context);
  checkOpCount(ops.length);
  const out = new Writer(16 + ops.length * 8);
  MAGIC.forEach((byte) => out.u8(byte));
  out.u8(VERSION);
  let drawingPoints = 0;
  ops.forEach((op, index) => {
    const number = index + 1;
    const code = op && CODES[op.op];
    if (!code) throw new InkError(_("Op %(number)s is of an unknown kind.", { number }));
    checkTime(number, op.t);
    out.u8(code);
    if (op.op === "stroke") {
      drawingPoints += writeStroke(out, op, number, ranges, drawingPoints);
    } else if (op.op === "stamp") {
      checkStamp(number, op, ranges);
      out.uv(op.stamp); out.uv(op.x); out.uv(op.y); out.uv(op.size); out.uv(op.t);
    } else if (op.op === "fill") {
      checkFill(number, op, ranges);
      out.uv(op.region); out.u8(op.colour); out.uv(op.t);
    } else {
      out.uv(op.t);
    }
  });
  checkSize(out.length);
  return out.bytes.slice(0, out.length);
}

// --- reading --------------------------------------------------------------------------------------

class Reader {
  constructor(bytes) {
    this.bytes = bytes;
    this.offset = MAGIC.length + 1;
    this.number = 0; // the op being read
  }

  u8() {
    if (this.offset >= this.bytes.length) {
      throw new InkError(_("Op %(number)s is cut short: the drawing ends in the middle of it.", { number: this.number }));
    }
    return this.bytes[this.offset++];
  }

  uv() {
    let value = 0;
    for (let i = 0; i < 5; i += 1) {
      const byte = this.u8();
      value += (byte & 0x7f) * 2 ** (7 * i);
      if (byte < 0x80) {
        if (value >= MAX_UV) throw new InkError(_("Op %(number)s has a number of 2³² or more.", { number: this.number }));
        return value;
      }
    }
    throw new InkError(_("Op %(number)s has a number written in more than 5 bytes.", { number: this.number }));
  }

  sv() {
    const value = this.uv();
    return (value >>> 1) ^ -(value & 1);
  }
}

function readStroke(input, ranges, drawingPoints) {
  const number = input.number;
  const [tool, colour, size, flag] = [input.u8(), input.u8(), input.u8(), input.u8()];
  checkStrokeHeader(number, tool, colour, size, flag, ranges);
  const t = input.uv();
  const length = input.uv();
  checkPointCount(number, length, drawingPoints + length);
  let x = input.uv();
  let y = input.uv();
  let p = flag ? input.u8() : 0;
  let time = t;
  checkPoint(number, 1, x, y, p);
  const points = new Array(length);
  points[0] = [x, y, p, t];
  // Each delta is checked as it is applied: a point may never leave the surface, even where a
  // later delta would bring the stroke back (docs/ink.md, "Limits").
  for (let i = 1; i < length; i += 1) {
    x += input.sv();
    y += input.sv();
    if (flag) p += input.sv();
    time += input.uv();
    checkPoint(number, i + 1, x, y, p);
    points[i] = [x, y, p, time];
  }
  return { op: "stroke", tool: TOOLS[tool], colour, size, pressure: flag === 1, t, points };
}

// The ops of a drawing's bytes; throws InkError on anything docs/ink.md refuses. `context`
// ({artwork, outline}) adds the artwork's ranges (palette, stamps, the outline's regions).
export function decode(bytes, context) {
  const ranges = rangesFor(context);
  if (!(bytes instanceof Uint8Array)) bytes = new Uint8Array(bytes);
  checkSize(bytes.length);
  if (bytes.length < MAGIC.length + 1 || MAGIC.some((byte, i) => bytes[i] !== byte)) {
    throw new InkError(_("This is not a drawing: it does not start with the ink header."));
  }
  if (bytes[MAGIC.length] !== VERSION) {
    throw new InkError(_("The drawing is in ink format version %(version)s; only version 1 can be read.",
      { version: bytes[MAGIC.length] }));
  }
  const input = new Reader(bytes);
  const ops = [];
  let drawingPoints = 0;
  while (input.offset < bytes.length) {
    input.number += 1;
    checkOpCount(input.number);
    const code = input.u8();
    const name = NAMES[code];
    if (!name) throw new InkError(_("Op %(number)s has the unknown code %(code)s.", { number: input.number, code }));
    if (name === "stroke") {
      const stroke = readStroke(input, ranges, drawingPoints);
      drawingPoints += stroke.points.length;
      ops.push(stroke);
    } else if (name === "stamp") {
      const op = { op: "stamp", stamp: input.uv(), x: input.uv(), y: input.uv(), size: input.uv(), t: input.uv() };
      checkStamp(input.number, op, ranges);
      ops.push(op);
    } else if (name === "fill") {
      const op = { op: "fill", region: input.uv(), colour: input.u8(), t: input.uv() };
      checkFill(input.number, op, ranges);
      ops.push(op);
    } else {
      ops.push({ op: name, t: input.uv() });
    }
  }
  return ops;
}
