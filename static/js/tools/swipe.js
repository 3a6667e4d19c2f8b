// Turning a page with a swipe, for the child's page-by-page views ("What happens today"; the Words
// and Pictures reading view turns its pages the same way and can use this too).
//
// Main decision: only a clear sideways movement turns the page — a finger moved at least SWIPE CSS
// px across and more across than down — so a tap, a scroll of the words or a wobble never does.

const SWIPE = 60;

// `turn(step)` is called with +1 (a swipe to the left: the next page) or -1 (to the right).
export function swipeToTurn(stage, turn) {
  let start = null;
  stage.addEventListener("pointerdown", (event) => {
    if (event.isPrimary) start = { id: event.pointerId, x: event.clientX, y: event.clientY };
  });
  stage.addEventListener("pointercancel", () => { start = null; });
  stage.addEventListener("pointerup", (event) => {
    if (!start || event.pointerId !== start.id) return;
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    start = null;
    if (Math.abs(dx) >= SWIPE && Math.abs(dx) > 1.5 * Math.abs(dy)) turn(dx < 0 ? 1 : -1);
  });
}
