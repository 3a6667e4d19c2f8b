// Building the tablet's screens without innerHTML: text is always set as text, so whatever a child
// or worker typed can never become markup (OWASP XSS Prevention Cheat Sheet, rule: use safe sinks
// such as textContent).

export function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, value === true ? "" : value);
  }
  if (text) node.textContent = text;
  return node;
}

// An <img> used as a decorative icon next to a visible label: empty alt, hidden from screen readers.
export function icon(name, className = "app-icon") {
  return element("img", { src: `/static/icons/child/${name}.svg`, alt: "", class: className, "aria-hidden": "true" });
}
