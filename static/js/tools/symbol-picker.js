// The symbol picker every tool shares: a search box for the worker, and group tabs of big symbol
// buttons for the child (docs/symbols.md).
//
// Main decision: every symbol is a real <button> named by its word in the child's language (the
// picture is decorative), at least 64 px, so keyboard, switch and screen reader users choose as
// anyone else does. The tabs and the symbols are each one stop for Tab, moved through with the arrow
// keys (a roving tabindex), so a keyboard or switch user never tabs through thirty symbols to reach
// the next group. Search looks in English and Welsh at once (symbols.js searchSymbols): the worker
// types "Nain" or "school" whatever the session's language.

import { element } from "../tablet/dom.js";
import { _ } from "../tablet/i18n.js";
import { pictureButton } from "../tablet/child-ui.js";
import { searchSymbols, symbolGroups, symbolWords } from "../tablet/symbols.js";

let pickers = 0; // for unique ids when a screen has more than one picker

// Arrow keys (and Home, End) move focus among `items` inside `container`; only the focused one is a
// Tab stop. Up and Down move to the nearest item on the row above or below, as the buttons wrap.
function roving(container, items) {
  items.forEach((item, index) => item.setAttribute("tabindex", index === 0 ? "0" : "-1"));
  const focusItem = (item) => {
    for (const other of items) other.setAttribute("tabindex", other === item ? "0" : "-1");
    item.focus();
  };
  container.addEventListener("keydown", (event) => {
    const index = items.indexOf(event.target);
    if (index < 0) return;
    let next = null;
    if (event.key === "ArrowRight") next = items[(index + 1) % items.length];
    else if (event.key === "ArrowLeft") next = items[(index - 1 + items.length) % items.length];
    else if (event.key === "Home") next = items[0];
    else if (event.key === "End") next = items[items.length - 1];
    else if (event.key === "ArrowDown" || event.key === "ArrowUp") next = itemOnNextRow(items, index, event.key === "ArrowDown");
    if (!next) return;
    event.preventDefault();
    focusItem(next);
  });
  container.addEventListener("focusin", (event) => {
    if (items.includes(event.target)) for (const other of items) other.setAttribute("tabindex", other === event.target ? "0" : "-1");
  });
}

function itemOnNextRow(items, index, down) {
  const here = items[index].getBoundingClientRect();
  const rows = items
    .map((item) => ({ item, box: item.getBoundingClientRect() }))
    .filter(({ box }) => (down ? box.top > here.bottom - 1 : box.bottom < here.top + 1));
  if (!rows.length) return null;
  const rowTop = down ? Math.min(...rows.map(({ box }) => box.top)) : Math.max(...rows.map(({ box }) => box.top));
  const row = rows.filter(({ box }) => Math.abs(box.top - rowTop) < 1);
  const middle = here.left + here.width / 2;
  row.sort((a, b) => Math.abs(a.box.left + a.box.width / 2 - middle) - Math.abs(b.box.left + b.box.width / 2 - middle));
  return row[0].item;
}

// The picker. `language`: the child's language, which names the groups and symbols; `onChoose(symbol)`
// is called when a symbol is chosen; `groups`, if given, the ids of the groups to offer, in that order.
// The catalogue must be loaded first (symbols.js loadSymbols).
export function symbolPicker({ language, onChoose, groups = null }) {
  const id = `symbol-picker-${++pickers}`;
  const all = symbolGroups();
  const offered = groups ? groups.map((wanted) => all.find((group) => group.id === wanted)).filter(Boolean) : all;
  const offeredIds = new Set(offered.map((group) => group.id));

  const picker = element("div", { class: "app-symbol-picker" });
  const search = element("input", {
    class: "govuk-input app-symbol-picker__search", type: "search", id: `${id}-search`, autocomplete: "off",
    spellcheck: "false", "aria-describedby": `${id}-hint`,
  });
  const status = element("p", { class: "govuk-visually-hidden", role: "status" });
  const find = element("div", { class: "govuk-form-group app-symbol-picker__find" });
  find.append(
    element("label", { class: "govuk-label", for: search.id }, _("Find a symbol")),
    element("div", { class: "govuk-hint", id: `${id}-hint` }, _("Type a word in English or Welsh.")),
    search,
  );
  picker.append(find, status);

  const tablist = element("div", {
    class: "app-symbol-picker__groups", role: "tablist", lang: language, "data-scan-group": "",
    "aria-label": _("Groups of symbols"),
  });
  const panel = element("div", { class: "app-symbol-picker__panel", role: "tabpanel", id: `${id}-panel`, lang: language });
  picker.append(tablist, panel);

  const symbolButton = (symbol) => {
    const button = pictureButton({
      image: `/static/${symbol.file}`, label: symbolWords(symbol, language), className: "app-symbol-button",
      onPress: () => onChoose(symbol),
    });
    button.dataset.symbol = symbol.id;
    return button;
  };
  const showSymbols = (symbols, label) => {
    const grid = element("div", { class: "app-symbol-picker__symbols", role: "group", "aria-label": label });
    const buttons = symbols.map(symbolButton);
    grid.append(...buttons);
    if (buttons.length) roving(grid, buttons);
    panel.replaceChildren(grid);
  };

  const tabs = offered.map((group) => {
    const first = group.symbols[0];
    const tab = pictureButton({
      image: first ? `/static/${first.file}` : null, label: symbolWords(group, language),
      className: "app-symbol-picker__tab", onPress: () => choose(group),
    });
    tab.setAttribute("role", "tab");
    tab.id = `${id}-tab-${group.id}`;
    tab.setAttribute("aria-controls", panel.id);
    tab.dataset.group = group.id;
    return tab;
  });
  tablist.append(...tabs);
  if (tabs.length) roving(tablist, tabs);

  let current = offered[0];
  function choose(group) {
    current = group;
    search.value = "";
    for (const tab of tabs) tab.setAttribute("aria-selected", String(tab.dataset.group === group.id));
    panel.setAttribute("aria-labelledby", `${id}-tab-${group.id}`);
    panel.removeAttribute("aria-label");
    status.textContent = "";
    showSymbols(group.symbols, symbolWords(group, language));
  }

  search.addEventListener("input", () => {
    const query = search.value.trim();
    if (!query) {
      choose(current);
      return;
    }
    for (const tab of tabs) tab.setAttribute("aria-selected", "false");
    const found = searchSymbols(query).filter((symbol) => offeredIds.has(symbol.group));
    panel.removeAttribute("aria-labelledby");
    panel.setAttribute("aria-label", _("Symbols found"));
    showSymbols(found, _("Symbols found"));
    status.textContent = found.length
      ? _("Symbols found: %(count)s", { count: found.length })
      : _("No symbol matches “%(words)s”. Try another word.", { words: query });
  });
  // Enter in the search box chooses nothing (a form would submit): it moves to the first symbol found.
  search.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    panel.querySelector(".app-symbol-button")?.focus();
  });

  if (current) choose(current);
  return picker;
}
