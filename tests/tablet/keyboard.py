"""Using the tablet with keys alone (what a keyboard, or a switch interface, sends), checking after
every key that focus is still somewhere a user can see: never fallen to <body>, never on something
hidden, squeezed to a point or made inert under the pause cover (WCAG 2.1.1, 2.4.3, 2.4.7, 2.4.11).

Main decision: focus may move a moment after the key (a view drawn once its pictures are loaded),
so the check waits for it, briefly, before it fails; it never waits for a particular element.
"""

import time

# Where focus is now, as a user would notice it. `name` is the control's name as a screen reader
# reads it, near enough: aria-label, else its words (visually hidden words included).
FOCUS = """() => {
  const now = document.activeElement;
  const box = now ? now.getBoundingClientRect() : null;
  return {
    body: !now || now === document.body || now === document.documentElement,
    shown: Boolean(now && box.width > 1 && box.height > 1 && getComputedStyle(now).visibility !== "hidden"
      && !now.closest("[hidden]")),
    inert: Boolean(now && now.closest("[inert]")),
    name: now ? (now.getAttribute("aria-label") || now.textContent || "").replace(/\\s+/g, " ").trim().slice(0, 80) : "",
    tag: now ? now.tagName.toLowerCase() : "",
    pressed: now ? now.getAttribute("aria-pressed") : null,
    dialog: Boolean(document.querySelector("dialog[open]")),
  };
}"""

# The focus ring's contrast (WCAG 1.4.11): its outer edge (the last ring of box-shadow, else the
# outline) against the paper round the control, and the outline against the control's own edge.
RING = """() => {
  const now = document.activeElement;
  const style = getComputedStyle(now);
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const luminance = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  let paper = [255, 255, 255];
  for (let node = now.parentElement; node; node = node.parentElement) {
    const colour = (getComputedStyle(node).backgroundColor.match(/[\\d.]+/g) || []).map(Number);
    if (colour.length === 3 || (colour.length === 4 && colour[3] > 0)) { paper = colour.slice(0, 3); break; }
  }
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 ? rgb(style.outlineColor) : null;
  const rings = style.boxShadow === "none" ? [] : style.boxShadow.split(/,(?![^(]*\\))/).filter((s) => !s.includes("inset"));
  const outer = rings.length ? rgb(rings[rings.length - 1]) : outline;
  return {
    paper: outer ? ratio(outer, paper) : 0,
    edge: outline ? ratio(outline, rgb(style.borderTopColor)) : (outer ? ratio(outer, rgb(style.borderTopColor)) : 0),
  };
}"""


def focus(page) -> dict:
    return page.evaluate(FOCUS)


def assert_focus_held(page, after="", timeout=3.0) -> dict:
    """Focus is on something shown and usable (after `after`, for the message); returns where."""
    deadline = time.monotonic() + timeout
    while True:
        now = focus(page)
        if not now["body"] and now["shown"] and not now["inert"]:
            return now
        assert time.monotonic() < deadline, f"focus lost after {after!r}: {now}"
        time.sleep(0.05)


def focus_moves_to(page, name, timeout=5.0) -> dict:
    """Focus reaches the control named `name` (a view drawn after a key: a moment later), and is
    held all along."""
    deadline = time.monotonic() + timeout
    while True:
        now = assert_focus_held(page, f"waiting for {name!r}")
        if now["name"].startswith(name):
            return now
        assert time.monotonic() < deadline, f"focus never reached {name!r}: {now}"
        time.sleep(0.05)


def press(page, key, times=1, wrap=True) -> dict:
    """Press `key` (`times` times), checking focus after each press. Tab past the last control
    leaves the page for the browser's own bar, and one more Tab comes back to the top, as in any
    browser (`wrap`); a page that must hold focus (the pause cover) is tested with wrap=False."""
    now = None
    for _ in range(times):
        page.keyboard.press(key)
        if wrap and key in ("Tab", "Shift+Tab") and focus(page)["body"]:
            page.keyboard.press(key)
        now = assert_focus_held(page, key)
    return now


def tab_to(page, name=None, backwards=False, tag=None, limit=60) -> dict:
    """Tab (or Shift+Tab) until the focused control's name starts with `name` (or it is a `tag`)."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        now = press(page, key)
        if (name is not None and now["name"].startswith(name)) or (tag is not None and now["tag"] == tag):
            return now
    raise AssertionError(f"{name or tag!r} was not reached with {key} in {limit} presses")


def activate(page, name, key="Enter", backwards=False) -> dict:
    """Tab to the control named `name` and press it with `key`; returns where focus went."""
    tab_to(page, name, backwards)
    return press(page, key)


def assert_ring_contrast(page, what=""):
    """The focused control's focus ring is at least 3:1 against the paper and the control's edge."""
    ring = page.evaluate(RING)
    assert ring["paper"] >= 3 and ring["edge"] >= 3, (what, ring)
