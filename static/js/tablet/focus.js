// Focus is never lost: after a view or a screen changes, focus moves to the control that was just
// used (drawn again), or failing that to the view's heading or prompt, never back to <body>. A
// keyboard, switch or screen-reader user then carries on from where they were, and hears where they
// are, instead of scanning again from the top of the page (WCAG 2.4.3 Focus Order).
//
// Main decision: the place focus goes is always something a sighted user can see too: a heading
// hidden for screen readers only (govuk-visually-hidden) is passed over for the next visible one (a
// child's view's read-aloud prompt), since a focus ring on nothing helps nobody. Anything that is
// not a control gets tabindex="-1", so it takes focus from a script but adds no tab stop.

// Where focus lands in a view, best first: a marked control, a heading, a read-aloud prompt, and
// failing those its first control.
const LANDINGS = ["[data-autofocus]", "h1, h2, h3", ".app-read-aloud", "button:not(:disabled), input, textarea, select"];

// On screen and not squeezed to a point (govuk-visually-hidden is 1 px by 1 px) nor made inert.
export function isShown(node) {
  if (!node || !node.isConnected || node.closest("[inert], [hidden]")) return false;
  const box = node.getBoundingClientRect();
  return box.width > 1 && box.height > 1 && getComputedStyle(node).visibility !== "hidden";
}

function take(node) {
  if (!node.matches("a[href], button, input, select, textarea, [tabindex]")) node.setAttribute("tabindex", "-1");
  node.focus(); // scrolled into view only when it is not (WCAG 2.4.11: focus not hidden)
}

// Focus `control` (an element, a selector inside `root`, or a function of `root` giving one: see
// sameControl) if it is there, shown and enabled;
// otherwise the first landing place in `root` that is shown (or, while `root` itself is not on
// screen yet, the first there is). Returns the element that took focus, or null.
export function focusView(root, control = null) {
  const wanted = typeof control === "string" ? root.querySelector(control)
    : typeof control === "function" ? control(root) : control;
  if (wanted && !wanted.disabled && isShown(wanted)) {
    take(wanted);
    return wanted;
  }
  const landings = LANDINGS.flatMap((selector) => [...root.querySelectorAll(selector)]);
  const landing = landings.find(isShown) || (isShown(root) ? null : landings[0]);
  if (!landing) return null;
  take(landing);
  return landing;
}

// Focus has fallen out of `root` (on <body>, or on a control now hidden or gone): bring it back to
// the view's landing place. Focus already on something shown, anywhere, is left where it is.
export function keepFocus(root) {
  const now = document.activeElement;
  if (now && now !== document.body && isShown(now)) return;
  focusView(root);
}

// Finds `control` again once its view is drawn afresh (a mark chosen, a picture picked): the n-th
// element of its tag and classes on the page, so the press leaves focus on the same button rather
// than the heading. A function for focusView's `control`.
export function sameControl(control) {
  if (!control || control === document.body || !control.isConnected || !control.classList.length) return null;
  const selector = `${control.tagName.toLowerCase()}.${[...control.classList].map((name) => CSS.escape(name)).join(".")}`;
  const index = [...document.querySelectorAll(selector)].indexOf(control);
  return () => document.querySelectorAll(selector)[index] || null;
}
