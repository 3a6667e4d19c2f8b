// Drawing a child's picture from its visible ops (docs/ink.md, "Folding the log into the picture",
// "Stroke shape", "Stamps"), and the layered surface that the live canvas and the replay draw on.
// The server draws the same picture with sofs_direct/paper/freehand.py and sofs_direct/paper/raster.py.
//
// Main decision: the picture is kept as three stacked canvases — paper and fills, the ink, and the
// outline on top — so the eraser (canvas "destination-out" on the ink layer) can never reach a fill
// or the outline, and a new stroke is drawn onto the ink layer alone instead of redrawing the whole
// picture. The stroke being drawn goes on the top layer, under the outline, every animation frame.

import { getStroke } from "../../vendor/perfect-freehand/perfect-freehand.mjs";
import { _ } from "../tablet/i18n.js";
import { regionColours } from "./fold.js";

export const SURFACE = 1000; // logical units a side
export const QUARTER = 4; // quarter units a logical unit

// A point's coordinate in whole quarter units, kept on the drawing.
export function clampQuarter(value) {
  return Math.min(SURFACE * QUARTER, Math.max(0, Math.round(value)));
}
const PAPER = "#ffffff";
const MISSING_STAMP = "#9e9e9e";

// --- the artwork ------------------------------------------------------------------------------------

const loaded = new Map();
let lastLoaded = null;

async function stampImage(url) {
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${response.status}`);
    return await createImageBitmap(await response.blob());
  } catch (error) {
    // A missing or broken stamp must not stop the child drawing: it is drawn as a grey frame.
    console.warn(`Ink stamp ${url} could not be loaded (${error.message}); a frame is drawn instead.`);
    return null;
  }
}

async function fetchJson(url) {
  const response = await fetch(url).catch(() => null);
  if (!response || !response.ok) {
    throw new Error(_("The pictures for drawing could not be loaded. Connect the tablet to the internet once, then try again."));
  }
  return response.json();
}

async function fetchArtwork(base) {
  const [artwork, budget] = await Promise.all([fetchJson(`${base}artwork.json`), fetchJson(`${base}budget.json`)]);
  artwork.budget = budget; // the drawing budget's cost model (budget.js), offline with the artwork
  artwork.stampImages = await Promise.all(
    artwork.stamps.map((stamp) => stampImage(`${base}stamps/${encodeURIComponent(stamp.id)}.png`)));
  lastLoaded = artwork;
  return artwork;
}

// The artwork once this page has loaded it, else null: for checks that cannot wait for it (a tool's
// finish check, run from the tool's screen, which loaded it).
export function loadedArtwork() {
  return lastLoaded;
}

// static/ink/artwork.json, with each stamp's PNG decoded into `stampImages` (null where missing) and
// static/ink/budget.json as `budget`.
// Loaded once per page; a failed load is tried again on the next call.
export function loadArtwork(base = "/static/ink/") {
  if (!loaded.has(base)) {
    const loading = fetchArtwork(base);
    loading.catch(() => loaded.delete(base));
    loaded.set(base, loading);
  }
  return loaded.get(base);
}

function outlineOf(artwork, outlineName) {
  return (outlineName && artwork.outlines[outlineName]) || { regions: [], lines: [] };
}

// --- shapes -----------------------------------------------------------------------------------------

// perfect-freehand's options for a stroke, exactly as docs/ink.md gives them.
export function strokeOptions(op, artwork) {
  const sizes = op.tool === "eraser" ? artwork.brush.eraser_sizes : artwork.brush.sizes;
  return {
    size: sizes[op.size],
    thinning: 0.6,
    smoothing: 0.5,
    streamline: 0.5,
    simulatePressure: !op.pressure,
    last: true,
    start: { cap: true, taper: 0 },
    end: { cap: true, taper: 0 },
  };
}

// A stroke's outline polygon in logical units: [[x, y], ...].
export function strokeOutline(op, artwork) {
  const points = op.points.map(([x, y, p]) =>
    (op.pressure ? [x / QUARTER, y / QUARTER, p / 255] : [x / QUARTER, y / QUARTER]));
  return getStroke(points, strokeOptions(op, artwork));
}

function polygonPath(points, path = new Path2D()) {
  if (!points.length) return path;
  path.moveTo(points[0][0], points[0][1]);
  for (let i = 1; i < points.length; i += 1) path.lineTo(points[i][0], points[i][1]);
  path.closePath();
  return path;
}

// Ops never change once in the log, so their paths are kept; a stroke still being drawn grows, so
// its entry is remade when its point count changes.
const strokePaths = new WeakMap();

function strokePath(op, artwork) {
  const kept = strokePaths.get(op);
  if (kept && kept.count === op.points.length && kept.artwork === artwork) return kept.path;
  const path = polygonPath(strokeOutline(op, artwork));
  strokePaths.set(op, { count: op.points.length, artwork, path });
  return path;
}

// A stroke still being drawn is outlined in pieces of PIECE points: every piece but the last is
// kept, so a frame outlines at most PIECE + OVERLAP points however long the child goes on
// (perfect-freehand's cost grows with the points: ~4 ms for 10,000). Each piece starts OVERLAP
// points back, under the piece before, so its smoothing and simulated pressure have settled where
// it shows: lifting the finger then redraws the whole stroke exactly, and moves a few pixels at
// most (tests/paper/test_ink_browser.py measures it).
const PIECE = 1000;
const OVERLAP = 64;
const livePieces = new WeakMap();

function livePaths(op, artwork) {
  if (op.points.length <= PIECE) return [strokePath(op, artwork)];
  let pieces = livePieces.get(op);
  if (!pieces || pieces.artwork !== artwork) {
    pieces = { artwork, settled: [] };
    livePieces.set(op, pieces);
  }
  const outline = (from, to) => polygonPath(strokeOutline({ ...op, points: op.points.slice(from, to) }, artwork));
  let start = pieces.settled.length * PIECE;
  while (op.points.length - start > PIECE) {
    pieces.settled.push(outline(Math.max(0, start - OVERLAP), start + PIECE));
    start += PIECE;
  }
  return [...pieces.settled, outline(start - OVERLAP, op.points.length)];
}

const outlinePaths = new WeakMap();

function outlinePath(outline) {
  if (!outlinePaths.has(outline)) {
    const path = new Path2D();
    for (const line of outline.lines) {
      if (!line.length) continue;
      path.moveTo(line[0][0], line[0][1]);
      for (let i = 1; i < line.length; i += 1) path.lineTo(line[i][0], line[i][1]);
    }
    outlinePaths.set(outline, path);
  }
  return outlinePaths.get(outline);
}

// --- the layers -------------------------------------------------------------------------------------
// Each function draws in logical units on a context already scaled by pixelSize / 1000.

function scaleTo(ctx, pixelSize) {
  const scale = pixelSize / SURFACE;
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
}

// Paper, then each region in the colour of its last visible fill (non-zero rule).
export function drawFills(ctx, visibleOps, artwork, outlineName) {
  const outline = outlineOf(artwork, outlineName);
  ctx.globalCompositeOperation = "source-over";
  ctx.fillStyle = PAPER;
  ctx.fillRect(0, 0, SURFACE, SURFACE);
  regionColours(visibleOps, outline.regions.length).forEach((colour, index) => {
    if (colour === null) return;
    ctx.fillStyle = artwork.palette[colour];
    ctx.fill(polygonPath(outline.regions[index].points), "nonzero");
  });
}

// One stroke or stamp onto the ink layer. An eraser stroke removes ink ("destination-out").
// `live`: the stroke is still being drawn (outlined in pieces, see livePaths).
export function drawInk(ctx, op, artwork, live = false) {
  if (op.op === "stroke") {
    const eraser = op.tool === "eraser";
    ctx.globalCompositeOperation = eraser ? "destination-out" : "source-over";
    ctx.fillStyle = eraser ? "#000000" : artwork.palette[op.colour];
    for (const path of live ? livePaths(op, artwork) : [strokePath(op, artwork)]) ctx.fill(path, "nonzero");
    ctx.globalCompositeOperation = "source-over";
  } else if (op.op === "stamp") {
    const side = op.size / QUARTER;
    const left = op.x / QUARTER - side / 2;
    const top = op.y / QUARTER - side / 2;
    const image = artwork.stampImages && artwork.stampImages[op.stamp];
    ctx.globalCompositeOperation = "source-over";
    if (image) {
      // Bilinear on both sides (docs/ink.md, "Stamps"): "low" is bilinear in the browsers we
      // support; "medium" and "high" add mipmaps or other filters that the server does not use.
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = "low";
      ctx.drawImage(image, left, top, side, side);
    } else {
      ctx.strokeStyle = MISSING_STAMP;
      ctx.lineWidth = 4;
      ctx.strokeRect(left + 2, top + 2, side - 4, side - 4);
    }
  }
}

// The outline's lines, round caps and joins, on top of everything.
export function drawOutline(ctx, artwork, outlineName) {
  const outline = outlineOf(artwork, outlineName);
  if (!outline.lines.length) return;
  ctx.globalCompositeOperation = "source-over";
  ctx.lineWidth = outline.line_width;
  ctx.strokeStyle = outline.line_colour;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.stroke(outlinePath(outline));
}

function makeCanvas(size) {
  if (typeof OffscreenCanvas === "function") return new OffscreenCanvas(size, size);
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = size;
  return canvas;
}

// The whole picture in one context of pixelSize × pixelSize: paper, fills, ink (on its own
// transparent layer, so the eraser only reaches ink), outline.
export function drawPicture(ctx, visibleOps, artwork, outlineName, pixelSize) {
  scaleTo(ctx, pixelSize);
  drawFills(ctx, visibleOps, artwork, outlineName);
  const ink = makeCanvas(pixelSize);
  const inkCtx = ink.getContext("2d");
  scaleTo(inkCtx, pixelSize);
  for (const op of visibleOps) drawInk(inkCtx, op, artwork);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(ink, 0, 0);
  scaleTo(ctx, pixelSize);
  drawOutline(ctx, artwork, outlineName);
}

// --- the surface on screen --------------------------------------------------------------------------

const isInk = (op) => op.op === "stroke" || op.op === "stamp";

function samePrefix(longer, shorter) {
  if (longer.length < shorter.length) return false;
  for (let i = 0; i < shorter.length; i += 1) if (longer[i] !== shorter[i]) return false;
  return true;
}

// A square drawing surface filling as much of `host` as it can, crisp at any devicePixelRatio.
// `show(visibleOps)` draws the committed picture (only what changed); `live(op)` draws the stroke
// being made (or replayed) on top, or nothing when op is null.
export class Surface {
  constructor(host, { artwork, outline = null }) {
    this.host = host;
    this.artwork = artwork;
    this.outline = outline;
    this.side = 0; // CSS pixels
    this.pixels = 0; // backing store pixels
    this.visible = [];
    this.drawnInk = [];
    this.drawnFills = null;
    this.liveOp = null;
    this.eraserBase = null; // the ink layer as committed, while an eraser stroke is live

    host.classList.add("ink-host");
    this.element = document.createElement("div");
    this.element.className = "ink-surface";
    const layer = (name) => {
      const canvas = document.createElement("canvas");
      canvas.className = `ink-surface__layer ink-surface__layer--${name}`;
      canvas.setAttribute("aria-hidden", "true");
      this.element.append(canvas);
      return canvas;
    };
    this.under = layer("fills");
    this.ink = layer("ink");
    this.over = layer("outline");
    host.append(this.element);

    this.resizeObserver = new ResizeObserver(() => this.layout());
    this.resizeObserver.observe(host);
    this.layout();
  }

  // The biggest square that fits the host, centred; its canvases sized in device pixels. Called
  // on resize and when the devicePixelRatio changes (zoom, or a move to another screen).
  layout() {
    const width = this.host.clientWidth;
    const height = this.host.clientHeight;
    const side = Math.max(0, Math.floor(height > 0 ? Math.min(width, height) : width));
    const ratio = window.devicePixelRatio || 1;
    const pixels = Math.round(side * ratio);
    this.watchPixelRatio(ratio);
    if (side === this.side && pixels === this.pixels) return;
    this.side = side;
    this.pixels = pixels;
    const style = this.element.style;
    style.width = style.height = `${side}px`;
    style.left = `${Math.floor((width - side) / 2)}px`;
    style.top = `${height > 0 ? Math.floor((height - side) / 2) : 0}px`;
    for (const canvas of [this.under, this.ink, this.over]) {
      canvas.width = canvas.height = pixels; // also clears it
      canvas.style.width = canvas.style.height = `${side}px`;
    }
    this.eraserBase = null;
    this.drawnInk = [];
    this.drawnFills = null;
    this.redraw();
  }

  watchPixelRatio(ratio) {
    if (this.watchedRatio === ratio) return;
    this.watchedRatio = ratio;
    this.ratioQuery?.removeEventListener("change", this.onRatioChange);
    this.onRatioChange = () => this.layout();
    this.ratioQuery = window.matchMedia(`(resolution: ${ratio}dppx)`);
    this.ratioQuery.addEventListener("change", this.onRatioChange);
  }

  context(canvas) {
    const ctx = canvas.getContext("2d");
    scaleTo(ctx, this.pixels);
    return ctx;
  }

  redraw() {
    this.show(this.visible);
    this.live(this.liveOp);
  }

  // The committed picture. Only what changed is drawn again: new ink on top of the ink layer, the
  // fills layer when a region's colour changed; everything after an undo or a clear.
  show(visibleOps) {
    this.visible = visibleOps;
    if (!this.pixels) return;
    if (this.eraserBase) this.restoreInk();
    const colours = regionColours(visibleOps, outlineOf(this.artwork, this.outline).regions.length);
    if (!this.drawnFills || colours.some((colour, i) => colour !== this.drawnFills[i])) {
      drawFills(this.context(this.under), visibleOps, this.artwork, this.outline);
      this.drawnFills = colours;
    }
    const inkOps = visibleOps.filter(isInk);
    const ctx = this.context(this.ink);
    let from = this.drawnInk.length;
    if (!samePrefix(inkOps, this.drawnInk)) {
      ctx.clearRect(0, 0, SURFACE, SURFACE);
      from = 0;
    }
    for (let i = from; i < inkOps.length; i += 1) drawInk(ctx, inkOps[i], this.artwork);
    this.drawnInk = inkOps;
  }

  // The op being drawn, on top of the picture and under the outline. A live eraser is drawn on
  // the ink layer itself, starting each frame from the ink as it was when the stroke began, so
  // the child sees exactly what lifting the finger will leave.
  live(op) {
    this.liveOp = op;
    if (!this.pixels) return;
    const over = this.context(this.over);
    over.clearRect(0, 0, SURFACE, SURFACE);
    if (op && op.op === "stroke" && op.tool === "eraser") {
      if (!this.eraserBase) {
        this.eraserBase = makeCanvas(this.pixels);
        this.eraserBase.getContext("2d").drawImage(this.ink, 0, 0);
      } else {
        this.restoreInk(true);
      }
      drawInk(this.context(this.ink), op, this.artwork, true);
    } else {
      if (this.eraserBase) this.restoreInk();
      if (op) drawInk(over, op, this.artwork, true);
    }
    drawOutline(over, this.artwork, this.outline);
  }

  restoreInk(keep = false) {
    const ctx = this.ink.getContext("2d");
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalCompositeOperation = "copy";
    ctx.drawImage(this.eraserBase, 0, 0);
    ctx.globalCompositeOperation = "source-over";
    if (!keep) this.eraserBase = null;
  }

  set hidden(value) {
    this.element.hidden = value;
  }

  get hidden() {
    return this.element.hidden;
  }

  destroy() {
    this.resizeObserver.disconnect();
    this.ratioQuery?.removeEventListener("change", this.onRatioChange);
    this.element.remove();
    this.host.classList.remove("ink-host");
  }
}
