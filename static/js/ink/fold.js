// Folding a drawing's op log into the picture it shows (docs/ink.md, "Folding the log into the
// picture"); sofs_direct/paper/ink.py folds the same way for the server's renders.
//
// Main decision: the log is append-only and folding is a pure function of it, so undo, redo and a
// soft clear never lose anything the child drew, and any prefix of the log (a replay step) is a
// picture too.

const DRAWING_OPS = new Set(["stroke", "stamp", "fill", "clear"]);

// The `done` and `undone` lists of the fold, in log order.
export function history(ops) {
  return ops.reduce(foldOne, { done: [], undone: [] });
}

// The visible entries of a `done` list: those after its last clear.
export function visibleOf(done) {
  for (let i = done.length - 1; i >= 0; i -= 1) {
    if (done[i].op === "clear") return done.slice(i + 1);
  }
  return done.slice();
}

// The visible ops: what is done, after the last clear.
export function fold(ops) {
  return visibleOf(history(ops).done);
}

// Would an undo op change anything?
export function canUndo(ops) {
  return history(ops).done.length > 0;
}

// Would a redo op change anything?
export function canRedo(ops) {
  return history(ops).undone.length > 0;
}

// The colour index of each region, from the last visible fill of that region (null: unfilled).
export function regionColours(visibleOps, regionCount) {
  const colours = new Array(regionCount).fill(null);
  for (const op of visibleOps) {
    if (op.op === "fill" && op.region < regionCount) colours[op.region] = op.colour;
  }
  return colours;
}

// One step of the fold: `state` ({done, undone}) after `op`. The canvas grows its log op by op
// with it, without folding the whole log again.
export function foldOne(state, op) {
  const done = state.done;
  const undone = state.undone;
  if (DRAWING_OPS.has(op.op)) {
    done.push(op);
    undone.length = 0;
  } else if (op.op === "undo") {
    if (done.length) undone.push(done.pop());
  } else if (op.op === "redo") {
    if (undone.length) done.push(undone.pop());
  }
  return state;
}
