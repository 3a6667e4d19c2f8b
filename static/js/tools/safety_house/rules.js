// The Safety House's rules on the roof: what the grown-ups must do so the child is safe. The child
// writes them (or the worker scribes them), each with a picture if the child wants one; the worker
// records who may see each.
//
// Main decision: a rule is kept verbatim and marked as the child's own writing or the worker's
// scribing, on screen as in the record; it is removed only as entered by mistake, never edited.
// `screen` is the SafetyHouse of screen.js (content, by(), changed(), show(view), childBar(prompt)).

import { element } from "../../tablet/dom.js";
import { _, formatTime } from "../../tablet/i18n.js";
import { pictureButton } from "../../tablet/child-ui.js";
import { STAMP_NAMES } from "../../ink/toolbar.js";
import { button, radios, textField } from "../forms.js";
import { describeWish, wishControl } from "../sharing.js";
import { LIMITS, RULE_STICKERS, nextId, stickerURL } from "./model.js";

function addRule(screen, text, by, sticker) {
  const { rules } = screen.content;
  if (!text.trim() || rules.length >= LIMITS.rules_max) return false;
  rules.push({ id: nextId(rules, "r"), text, by, sticker, share: "ask", at: new Date().toISOString() });
  screen.changed();
  return true;
}

export function byWords(by) {
  return by === "child" ? _("Child wrote") : _("Worker scribed");
}

// --- child: the rules on the roof ---

export function childRulesView(body, screen, view) {
  const entry = view.entry || (view.entry = { text: "", sticker: null, choosing: false });
  body.append(element("h2", { class: "govuk-visually-hidden" }, _("The rules")));
  body.append(screen.childBar(_("What must the grown-ups do so you are safe? These are the rules on the roof."), { symbol: "rules" }));
  const panel = element("div", { class: "app-sh__rules" });
  const list = element("ul", { class: "app-sh__rule-list" });
  for (const rule of screen.content.rules) {
    const item = element("li", { class: `app-sh__rule app-sh__rule--${rule.by}` });
    if (rule.sticker) item.append(element("img", { src: stickerURL(rule.sticker), alt: "", class: "app-sh__rule-sticker" }));
    item.append(element("span", { class: "app-sh__rule-text" }, rule.text));
    item.append(element("span", { class: "app-sh__rule-by" }, byWords(rule.by)));
    list.append(item);
  }
  const write = element("div", { class: "app-sh__rule-write" });
  const id = "sh-rule";
  const label = element("label", { class: "app-sh__write-label", for: id }, _("Write a rule"));
  const box = element("textarea", { class: "app-sh__write", id, rows: "2", maxlength: String(LIMITS.rule_max), autocomplete: "off",
    spellcheck: "false", lang: document.documentElement.lang || "en" });
  box.value = entry.text;
  box.addEventListener("input", () => {
    entry.text = box.value;
  });
  const names = STAMP_NAMES();
  const picture = pictureButton({ image: entry.sticker ? stickerURL(entry.sticker) : null, picture: entry.sticker ? null : "stamp",
    label: entry.sticker ? names[entry.sticker] || entry.sticker : _("Add a picture"), pressed: entry.choosing,
    onPress: () => {
      entry.choosing = !entry.choosing;
      screen.show(view);
    } });
  const keep = pictureButton({ picture: "done", label: _("Keep this rule"), className: "app-child-button--go", symbol: "finished", onPress: () => {
    if (addRule(screen, entry.text, screen.by(), entry.sticker)) view.entry = null;
    screen.show(view);
  } });
  const actions = element("div", { class: "app-sh__rule-actions" });
  actions.append(picture, keep);
  write.append(label, box, actions);
  panel.append(write);
  if (entry.choosing) {
    const tray = element("div", { class: "app-sh__sticker-tray", role: "group", "aria-label": _("Choose a picture for the rule") });
    for (const sticker of RULE_STICKERS) {
      tray.append(pictureButton({ image: stickerURL(sticker), label: names[sticker] || sticker, hideLabel: true,
        pressed: entry.sticker === sticker, className: "app-sh__sticker", onPress: () => {
          entry.sticker = entry.sticker === sticker ? null : sticker;
          entry.choosing = false;
          screen.show(view);
        } }));
    }
    panel.append(tray);
  } else {
    panel.append(list);
  }
  body.append(panel);
}

// --- worker: the rules, who wrote them and who may see each ---

export function rulesView(body, screen) {
  const { rules } = screen.content;
  body.append(element("h2", { class: "govuk-heading-m" }, _("Rules")));
  body.append(element("p", { class: "govuk-body" }, _("What the child says the grown-ups must do so they are safe, in their own words.")));
  if (!rules.length) body.append(element("p", { class: "govuk-body" }, _("No rules yet.")));
  const list = element("ul", { class: "govuk-list app-sh__notes" });
  rules.forEach((rule, index) => {
    const item = element("li", { class: "app-sh__note" });
    const text = element("p", { class: "govuk-body app-sh__verbatim" });
    if (rule.sticker) text.append(element("img", { src: stickerURL(rule.sticker), alt: STAMP_NAMES()[rule.sticker] || "", class: "app-sh__note-sticker" }));
    text.append(document.createTextNode(rule.text));
    item.append(text);
    const about = () => `${byWords(rule.by)} · ${formatTime(rule.at)} · ${_("May see it")}: ${describeWish(rule.share)}`;
    const meta = element("p", { class: "govuk-body-s" }, about());
    item.append(meta);
    item.append(wishControl({ legend: _("Who may see this rule?"), wish: rule.share, onChange: (wish) => {
      rule.share = wish;
      meta.textContent = about();
      screen.changed();
    } }));
    item.append(button(_("Remove this rule (entered by mistake)"), () => {
      rules.splice(index, 1);
      screen.changed();
      screen.show(screen.view);
    }, "govuk-button--warning"));
    list.append(item);
  });
  body.append(list);
  if (rules.length < LIMITS.rules_max) {
    let text = "";
    let by = "worker";
    const add = element("div", { class: "app-sh__add-rule" });
    add.append(textField({ label: _("Add a rule"), multiline: true, maxlength: LIMITS.rule_max,
      hint: _("Exactly as the child said it. Read it back to the child."), value: "", onInput: (value) => { text = value; } }));
    add.append(radios({ legend: _("Who wrote it?"), name: "sh-rule-by", value: by, inline: true,
      options: [{ value: "worker", label: _("I scribed it") }, { value: "child", label: _("The child wrote it") }],
      onChange: (value) => { by = value; } }));
    add.append(button(_("Add this rule"), () => {
      if (addRule(screen, text, by, null)) screen.show(screen.view);
    }));
    body.append(add);
  }
}
