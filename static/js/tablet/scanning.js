// Switch access in child mode, for every tool: the child's switches arrive as keys, and a highlight
// moves over the child's screen, first over its groups (rows), then over the items in the chosen
// group. With one switch the highlight moves by itself (auto-scan) and the switch selects; with two,
// one switch steps and the other selects, and nothing ever happens on a timer.
//
// Main decision: the scan is read from the screen as it is at each step, never from a list a tool
// gives: a group is an element with role group, toolbar or radiogroup (or data-scan-group) and an
// item an enabled, visible <button>, checkbox or radio (or data-scan-item) — also one a roving
// tabindex took out of the Tab order. So a tool needs no code for switches, only real buttons in
// labelled groups, and whatever is hidden, disabled or inert (under the pause cover) is never
// scanned. The highlight is real focus (screen readers say where it is) plus a large outline in the
// child's colour and size. A group of one item is that item; a group's last stop is "Back" to the
// groups. After a choice the scan goes back to the groups, on the group that held the choice if it
// is still on screen. Text boxes are not scanned (a switch cannot type); the switch keys stay the
// switch's even there. Keys that are not the child's switches do what they always do.

import { pictureButton } from "./child-ui.js";
import { _ } from "./i18n.js";
import { COLOURS } from "./access.js";

const GROUP = '[role="group"], [role="toolbar"], [role="radiogroup"], [data-scan-group]';
const ITEM = 'button, input[type="checkbox"], input[type="radio"], [data-scan-item]';

function shown(element) {
  return element.isConnected && element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden"
    && !element.closest('[inert], [aria-hidden="true"]');
}

// The "Back" stop is the scanner's own (added to the group it is in), never one of the tool's items.
const usable = (item) => shown(item) && !item.disabled && item.getAttribute("aria-disabled") !== "true"
  && !item.classList.contains("app-scan-back");

// Where the child's screen is: a child's dialog on show (the pause cover, the read-back), else the
// tool. None while a worker's <dialog> is open (the PIN): the keys are the worker's then.
function scanRoot() {
  if (document.querySelector("dialog[open]")) return null;
  const covers = [...document.querySelectorAll('[role="dialog"][aria-modal="true"]')].filter(shown);
  return covers.length ? covers[covers.length - 1] : document.getElementById("tool");
}

// The stops directly inside `container`: its items and groups not inside a deeper group, in the
// order they are on screen. An empty group is skipped; a group of one item is that item.
function stopsIn(container) {
  const stops = [];
  for (const candidate of container.querySelectorAll(`${GROUP}, ${ITEM}`)) {
    const parent = candidate.parentElement.closest(GROUP);
    if (parent && parent !== container && container.contains(parent)) continue;
    if (candidate.matches(GROUP)) {
      if (!shown(candidate)) continue;
      const items = [...candidate.querySelectorAll(ITEM)].filter(usable);
      if (items.length === 1) stops.push(items[0]);
      else if (items.length) stops.push(candidate);
    } else if (usable(candidate)) {
      stops.push(candidate);
    }
  }
  return stops;
}

export class Scanner {
  // `settings` is a child's switch settings (access.js).
  constructor(settings) {
    this.settings = settings;
    this.path = []; // the groups the child went into, outermost first
    this.current = null;
    this.madeFocusable = null;
    this.back = pictureButton({ picture: "back", label: _("Back"), className: "app-scan-back",
      onPress: () => this.leaveGroup() });
    this.keydown = (event) => this.onKey(event, true);
    this.keyup = (event) => this.onKey(event, false);
    // Capture, on the window: the switch's keys reach neither the focused button nor a tool.
    window.addEventListener("keydown", this.keydown, true);
    window.addEventListener("keyup", this.keyup, true);
    const style = document.body.style;
    style.setProperty("--scan-colour", COLOURS[settings.highlight.colour]);
    style.setProperty("--scan-size", `${settings.highlight.size}px`);
    document.body.classList.add("app-scanning");
    if (settings.mode === "auto") this.timer = setInterval(() => this.tick(), settings.interval_ms);
  }

  stop() {
    window.removeEventListener("keydown", this.keydown, true);
    window.removeEventListener("keyup", this.keyup, true);
    clearInterval(this.timer);
    this.highlight(null);
    this.path = [];
    this.back.remove();
    document.body.classList.remove("app-scanning");
    document.body.style.removeProperty("--scan-colour");
    document.body.style.removeProperty("--scan-size");
  }

  // "step", "select" or null for a key. With one switch, every key of the child's switch selects.
  roleOf(key) {
    const { mode, step_keys: step, select_keys: select } = this.settings;
    if (mode === "auto") return step.includes(key) || select.includes(key) ? "select" : null;
    if (step.includes(key)) return "step";
    return select.includes(key) ? "select" : null;
  }

  onKey(event, down) {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const role = this.roleOf(event.key);
    if (!role || !scanRoot()) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!down || event.repeat) return;
    if (role === "step") this.step();
    else this.select();
    if (this.settings.mode === "auto") this.restartTimer();
  }

  restartTimer() {
    clearInterval(this.timer);
    this.timer = setInterval(() => this.tick(), this.settings.interval_ms);
  }

  tick() {
    if (document.visibilityState === "visible" && scanRoot()) this.step();
  }

  // The container scanned now: the innermost group still on screen, or the child's screen.
  container() {
    const root = scanRoot();
    if (!root) return null;
    while (this.path.length && !(shown(this.path[this.path.length - 1]) && root.contains(this.path[this.path.length - 1]))) {
      this.path.pop();
    }
    if (!this.path.length) this.back.remove();
    return this.path.length ? this.path[this.path.length - 1] : root;
  }

  stops() {
    const container = this.container();
    if (!container) return [];
    const stops = stopsIn(container);
    if (this.path.length) {
      if (this.back.parentElement !== container) container.append(this.back);
      stops.push(this.back);
    }
    return stops;
  }

  step() {
    const stops = this.stops();
    if (!stops.length) return;
    const at = stops.indexOf(this.current);
    this.highlight(stops[(at + 1) % stops.length]);
  }

  select() {
    const stops = this.stops();
    if (!stops.includes(this.current)) {
      // Nothing highlighted yet (or it has gone): the first press shows where the scan starts.
      if (stops.length) this.highlight(stops[0]);
      return;
    }
    const chosen = this.current;
    if (chosen === this.back) return this.leaveGroup();
    if (chosen.matches(GROUP)) {
      this.path.push(chosen);
      const inside = this.stops();
      return this.highlight(inside[0]);
    }
    const outermost = this.path[0];
    this.path = [];
    this.back.remove();
    this.highlight(null);
    chosen.click();
    // Back to the groups, on the one that held the choice (or the choice itself) if still on screen.
    const again = outermost || chosen;
    requestAnimationFrame(() => {
      const container = this.container();
      if (!this.current && container && stopsIn(container).includes(again)) this.highlight(again);
    });
  }

  leaveGroup() {
    const left = this.path.pop();
    if (!this.path.length) this.back.remove();
    else this.path[this.path.length - 1].append(this.back);
    this.highlight(left && shown(left) ? left : null);
  }

  // The highlight is the browser's focus too; a group is made focusable for it, and only while it is
  // highlighted. The group the scan is inside keeps a lighter mark, so the child sees where they are.
  highlight(stop) {
    if (this.current) this.current.classList.remove("app-scan-focus");
    if (this.madeFocusable) this.madeFocusable.removeAttribute("tabindex");
    this.madeFocusable = null;
    for (const marked of document.querySelectorAll(".app-scan-inside")) marked.classList.remove("app-scan-inside");
    for (const group of this.path) group.classList.add("app-scan-inside");
    this.current = stop;
    if (!stop) return;
    if (stop.matches(GROUP) && !stop.hasAttribute("tabindex")) {
      stop.setAttribute("tabindex", "-1");
      this.madeFocusable = stop;
    }
    stop.classList.add("app-scan-focus");
    stop.focus({ preventScroll: true });
    stop.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
}
