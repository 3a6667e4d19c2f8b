// The drawing budget (docs/ink.md, "The drawing budget"): the server draws any drawing it accepts
// at 1600 px in at most 2 seconds on one core, and refuses one whose estimated cost is over the
// limit. This is sofs_direct/paper/drawing_budget.py's cost model, term for term and in the same order of
// operations, with the same coefficients (static/ink/budget.json, loaded with the artwork by
// draw.js as `artwork.budget`), so the canvas can stop adding detail before the server would refuse
// the drawing, and a tool's finish check can say so.
//
// Costs are estimated microseconds of the server's time. A stroke's cost is counted on its
// perfect-freehand outline, the same polygon the server fills (tests/paper/test_freehand.py: bit for bit).

import { _ } from "../tablet/i18n.js";
import { decode } from "./codec.js";
import { QUARTER, SURFACE, loadedArtwork, strokeOutline } from "./draw.js";
import { fold } from "./fold.js";

function targetScale(budget) {
  return budget.target_px / SURFACE; // pixels a logical unit at the target size
}

function brushSize(op, artwork) {
  return (op.tool === "eraser" ? artwork.brush.eraser_sizes : artwork.brush.sizes)[op.size];
}

// The length of the path through a stroke's points, in quarter units, summed in order.
export function pathLength(points) {
  let length = 0;
  let [x0, y0] = points[0];
  for (const [x, y] of points) {
    const dx = x - x0;
    const dy = y - y0;
    length += Math.sqrt(dx * dx + dy * dy);
    x0 = x;
    y0 = y;
  }
  return length;
}

// How many pixel rows the edges of a closed polygon (logical units) cross at `scale` pixels a unit.
export function outlineRows(polygon, scale) {
  if (polygon.length < 2) return 0;
  let rows = 0;
  let previous = Math.ceil(polygon[polygon.length - 1][1] * scale - 0.5);
  for (const [, y] of polygon) {
    const row = Math.ceil(y * scale - 0.5);
    rows += Math.abs(row - previous);
    previous = row;
  }
  return rows;
}

// Terms priced by one kind of op's coefficients: each term `name` × `name_us`, in order.
function priced(terms, cost) {
  let total = 0;
  for (const [name, value] of Object.entries(terms)) total += cost[`${name}_us`] * value;
  return total;
}

function strokeTerms(op, outlinePoints, rows, artwork, budget, length = pathLength(op.points)) {
  const scale = targetScale(budget);
  const width = budget.stroke.width_per_size * brushSize(op, artwork) * scale;
  const pixels = (length / QUARTER) * scale;
  return { each: 1, point: op.points.length, outline_point: outlinePoints, row: rows,
    megapixel: ((pixels + width) * width) / 1e6 };
}

// A stroke's estimated cost, from its outline (made here unless given).
export function strokeCost(op, artwork, budget, polygon = strokeOutline(op, artwork)) {
  const terms = strokeTerms(op, polygon.length, outlineRows(polygon, targetScale(budget)), artwork, budget);
  return priced(terms, budget.stroke);
}

// At least strokeCost, from the points alone (and their path's length, when the caller keeps it as
// the stroke grows): what the canvas counts while a stroke is still being drawn. Every point is
// taken to be a sharp turn; see drawing_budget.py's stroke_ceiling_us.
export function strokeCeiling(op, artwork, budget, length = pathLength(op.points)) {
  const ceiling = budget.stroke.ceiling;
  const scale = targetScale(budget);
  const count = op.points.length;
  const radius = (budget.stroke.width_per_size * brushSize(op, artwork)) / 2;
  const outlinePoints = ceiling.outline_points_a_point * count + ceiling.outline_points_a_stroke;
  const rows = ((ceiling.length_factor * length) / QUARTER
    + radius * (ceiling.rows_a_point * count + ceiling.rows_a_stroke)) * scale + outlinePoints;
  return priced(strokeTerms(op, outlinePoints, rows, artwork, budget, length), budget.stroke);
}

export function stampCost(op, budget) {
  const side = (op.size / QUARTER) * targetScale(budget);
  return priced({ each: 1, megapixel: (side * side) / 1e6 }, budget.stamp);
}

function regionArea(points) {
  let twice = 0;
  let [x0, y0] = points[points.length - 1];
  for (const [x, y] of points) {
    twice += x0 * y - x * y0;
    x0 = x;
    y0 = y;
  }
  return Math.abs(twice) / 2;
}

// The regions the picture colours, each once whatever number of fills it had.
export function fillsCost(visible, outline, artwork, budget) {
  if (!outline) return 0;
  const scale = targetScale(budget);
  const regions = artwork.outlines[outline].regions;
  const filled = [...new Set(visible.filter((op) => op.op === "fill").map((op) => op.region))].sort((a, b) => a - b);
  let total = 0;
  for (const region of filled) {
    total += priced({ each: 1, megapixel: (regionArea(regions[region].points) * scale * scale) / 1e6 }, budget.fill);
  }
  return total;
}

// The cost of a log of `logLength` ops whose visible ops are `visible`. `markCost(op)` prices a
// stroke or a stamp (the canvas passes one that remembers each op's cost).
export function drawingCost(logLength, visible, { artwork, outline, budget, markCost = null }) {
  const price = markCost || ((op) => (op.op === "stroke" ? strokeCost(op, artwork, budget) : stampCost(op, budget)));
  let total = budget.drawing_ms * 1000 + budget.log_op_us * logLength;
  total += fillsCost(visible, outline, artwork, budget);
  for (const op of visible) if (op.op === "stamp") total += price(op);
  for (const op of visible) if (op.op === "stroke") total += price(op);
  return total;
}

export function limit(budget) {
  return budget.limit_ms * 1000;
}

// Is a stored drawing (its ink bytes) over the budget, as the server would find it? For a tool's
// finish check: a drawing begun before the canvas kept to the budget may be.
export function tooDetailed(bytes, artwork, outline) {
  if (!artwork || !artwork.budget) return false;
  let ops;
  try {
    ops = decode(bytes, { artwork, outline });
  } catch (error) {
    return false; // not a drawing the tablet made: the server says what is wrong with it
  }
  return drawingCost(ops.length, fold(ops), { artwork, outline, budget: artwork.budget }) > limit(artwork.budget);
}

// A tool's finish check: the server's sentence for each of a draft's drawings that is over the
// budget. `drawings`: [{part (its name), outline (null: a blank page), what ("The drawing on page
// 2")}]. Without the artwork loaded on this page, there is nothing to say (the server still checks).
export function detailProblems(draft, drawings) {
  const artwork = loadedArtwork();
  const problems = [];
  for (const { part: name, outline, what } of drawings) {
    const part = name && draft.parts.find((candidate) => candidate.name === name);
    if (part && tooDetailed(part.bytes, artwork, outline)) {
      problems.push(_("%(what)s has too much detail for the server to draw: undo or clear some of it", { what }));
    }
  }
  return problems;
}
