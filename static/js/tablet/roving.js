// One Tab stop per group of child buttons (a "roving tabindex", WAI-ARIA APG toolbar pattern): Tab
// lands on the group's current button, the arrows move within it (wrapping), Home and End go to its
// ends. A drawing screen had 26 Tab stops; grouped, a keyboard or switch user crosses it in a few.
//
// Main decision: the group keeps itself right. A MutationObserver notices buttons added, removed,
// disabled or hidden, so the Tab stop is never on a button that cannot take focus, and callers never
// have to remember to refresh. Which button is the stop: the one last focused, else the one pressed
// (aria-pressed="true"), else the first that can be pressed. Every button stays a real, enabled
// <button>, so switch scanning (which scans tabindex="-1" buttons too) still reaches each one.

const KEYS = {
  ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1,
};

function usable(button) {
  return !button.disabled && !button.hidden && !button.closest("[hidden]");
}

// `columns`: for a grid of buttons, Up and Down move a whole row (Left and Right still one button).
export function rovingFocus(group, { columns = 1 } = {}) {
  let current = null;
  const buttons = () => [...group.querySelectorAll("button")];
  const refresh = () => {
    const all = buttons();
    const enabled = all.filter(usable);
    if (!current || !enabled.includes(current)) {
      current = enabled.find((button) => button.getAttribute("aria-pressed") === "true") || enabled[0] || null;
    }
    for (const button of all) button.tabIndex = button === current ? 0 : -1;
  };
  const move = (button) => {
    current = button;
    refresh();
    button.focus();
  };
  group.addEventListener("focusin", (event) => {
    const button = event.target.closest("button");
    if (button && group.contains(button) && button !== current) {
      current = button;
      refresh();
    }
  });
  group.addEventListener("keydown", (event) => {
    const enabled = buttons().filter(usable);
    const at = enabled.indexOf(event.target);
    if (at < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    let next = null;
    if (event.key in KEYS) {
      const step = KEYS[event.key] * (event.key === "ArrowUp" || event.key === "ArrowDown" ? columns : 1);
      next = enabled[(at + step + enabled.length) % enabled.length];
    }
    else if (event.key === "Home") next = enabled[0];
    else if (event.key === "End") next = enabled[enabled.length - 1];
    if (!next) return;
    event.preventDefault();
    move(next);
  });
  new MutationObserver(refresh).observe(group, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["disabled", "hidden", "aria-pressed"],
  });
  refresh();
  return {
    refresh,
    // The nearest button that can still be pressed, for focus leaving one that just became disabled.
    neighbour(button) {
      const all = buttons();
      const at = all.indexOf(button);
      const order = all.map((candidate, index) => ({ candidate, distance: Math.abs(index - at) + (index < at ? 0.5 : 0) }))
        .filter(({ candidate }) => candidate !== button && usable(candidate))
        .sort((a, b) => a.distance - b.distance);
      return order.length ? order[0].candidate : null;
    },
  };
}
