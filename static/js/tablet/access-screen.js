// The worker's screen "How <child> takes part": symbol mode, and the child's switches (none, one with
// auto-scan, or two: step and select), the keys they send, and the highlight the child sees. Opened
// from the carried child on the home screen; a normal GOV.UK form, since the worker fills it in.
//
// Main decision: a key is learnt by pressing the switch itself ("Press the switch now"): Bluetooth
// switch interfaces send Space, Enter, 1 and 2, F-keys or arrows, and the worker rarely knows which,
// so the tablet listens for the next key instead of asking. Nothing is saved until "Save", and what
// is saved passes the same rules child mode reads with (access.js).

import { COLOURS, KEYS_MAX, SIZES, accessFor, accessProblems, keyName, saveAccess, switchKeyAllowed } from "./access.js";
import { element } from "./dom.js";
import { _ } from "./i18n.js";
import { $, app, childName, notice, problem, show } from "./shell.js";
import { showHome } from "./home.js";
import { checkbox, radios, textField } from "../tools/forms.js";

const COLOUR_NAMES = () => ({ black: _("Black"), blue: _("Dark blue"), red: _("Red"), purple: _("Purple") });
const SIZE_NAMES = () => [_("Wide"), _("Wider"), _("Widest")];

// A short line for the home screen: how the child takes part, or nothing when nothing is set.
export function accessSummary(settings) {
  const parts = [];
  if (settings.symbols) parts.push(_("Symbols on"));
  if (settings.switch.mode === "auto") parts.push(_("One switch, auto-scan every %(seconds)s s", { seconds: settings.switch.interval_ms / 1000 }));
  if (settings.switch.mode === "two") parts.push(_("Two switches"));
  return parts.join(" · ");
}

export async function showAccess(childId) {
  const settings = await accessFor(childId);
  const name = childName(childId);
  let learning = null;
  const form = element("form", { novalidate: true });
  const status = element("p", { class: "govuk-body app-access-status", role: "status", "aria-live": "polite" });

  const symbols = element("div", { class: "govuk-form-group" });
  const symbolsSet = element("fieldset", { class: "govuk-fieldset" });
  symbolsSet.append(element("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--m" }, _("Symbols")));
  const boxes = element("div", { class: "govuk-checkboxes govuk-checkboxes--small" });
  boxes.append(checkbox({ id: "access-symbols", label: _("Show a symbol beside the words on the child's screens, read aloud when tapped"),
    checked: settings.symbols, onChange: (on) => { settings.symbols = on; } }));
  symbolsSet.append(boxes);
  symbols.append(symbolsSet);

  const switches = element("div", { class: "app-access-switches" });
  const details = element("div", { class: "app-access-details" });
  const mode = radios({ legend: _("Switches"), name: "access-mode", value: settings.switch.mode,
    options: [
      { value: "off", label: _("No switches") },
      { value: "auto", label: _("One switch: the highlight moves by itself (auto-scan) and the switch selects") },
      { value: "two", label: _("Two switches: one moves the highlight, the other selects") },
    ],
    onChange: (value) => {
      settings.switch.mode = value;
      renderDetails();
    } });
  mode.querySelector("legend").classList.replace("govuk-fieldset__legend--s", "govuk-fieldset__legend--m");
  switches.append(mode, details);

  // Learning a key: the next key pressed anywhere is the switch's (Escape gives up).
  const listen = (list, button) => {
    stopListening();
    status.textContent = _("Press the switch now. Escape stops listening.");
    button.setAttribute("aria-pressed", "true");
    learning = (event) => {
      if (app.screen !== "access") return stopListening(); // the worker went to another screen
      if (event.key === "Tab" && !event.repeat) return stopListening(); // moving on, not a switch
      event.preventDefault();
      event.stopImmediatePropagation();
      if (event.key === "Escape") return stopListening();
      const other = list === settings.switch.select_keys ? settings.switch.step_keys : settings.switch.select_keys;
      if (!switchKeyAllowed(event.key)) {
        status.textContent = _("%(key)s cannot be a switch key. Press the switch again.", { key: keyName(event.key) });
      } else if (other.includes(event.key)) {
        status.textContent = _("%(key)s is the other switch's key. Press the switch again.", { key: keyName(event.key) });
      } else {
        if (!list.includes(event.key)) {
          if (list.length >= KEYS_MAX) list.shift(); // full: the oldest key makes room
          list.push(event.key);
        }
        stopListening(_("Learnt: %(key)s", { key: keyName(event.key) }));
        renderDetails();
      }
    };
    document.addEventListener("keydown", learning, true);
  };
  const stopListening = (said = "") => {
    if (learning) document.removeEventListener("keydown", learning, true);
    learning = null;
    status.textContent = said;
    for (const pressed of form.querySelectorAll("[data-learn][aria-pressed]")) pressed.removeAttribute("aria-pressed");
  };

  const keysField = (legend, hint, list, which) => {
    const group = element("div", { class: "govuk-form-group" });
    const fieldset = element("fieldset", { class: "govuk-fieldset", "aria-describedby": `access-${which}-hint` });
    fieldset.append(element("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" }, legend));
    fieldset.append(element("div", { class: "govuk-hint", id: `access-${which}-hint` }, hint));
    const keys = element("ul", { class: "govuk-list app-access-keys" });
    for (const key of list) {
      const item = element("li", {}, keyName(key));
      if (list.length > 1) {
        const remove = element("button", { type: "button", class: "app-link-button" }, _("Remove"));
        remove.append(element("span", { class: "govuk-visually-hidden" }, ` ${keyName(key)}`));
        remove.addEventListener("click", () => {
          list.splice(list.indexOf(key), 1);
          renderDetails();
        });
        item.append(" ", remove);
      }
      keys.append(item);
    }
    const learn = element("button", { type: "button", class: "govuk-button govuk-button--secondary", "data-learn": which },
      _("Press the switch now to add a key"));
    learn.addEventListener("click", () => listen(list, learn));
    fieldset.append(keys, learn);
    group.append(fieldset);
    return group;
  };

  function renderDetails() {
    stopListening(status.textContent);
    const which = settings.switch;
    details.replaceChildren();
    details.hidden = which.mode === "off";
    if (which.mode === "off") return;
    if (which.mode === "auto") {
      details.append(textField({ label: _("Speed: seconds on each stop"), width: "govuk-input--width-4",
        hint: _("From 0.5 to 5 seconds. Slower gives the child more time to press."),
        value: String(which.interval_ms / 1000), maxlength: 4,
        onInput: (typed) => {
          const seconds = Number(typed.replace(",", "."));
          which.interval_ms = typed.trim() && Number.isFinite(seconds) ? Math.round(seconds * 10) * 100 : NaN;
        } }));
    }
    details.append(keysField(_("Keys the select switch sends"), _("Usually Enter. Many switch boxes send Space, Enter, 1, 2, F-keys or arrows."),
      which.select_keys, "select"));
    details.append(keysField(which.mode === "two" ? _("Keys the step switch sends") : _("Keys of a second switch (these select too)"),
      _("Usually Space."), which.step_keys, "step"));
    details.append(radios({ legend: _("Highlight colour"), name: "access-colour", value: which.highlight.colour, inline: true,
      options: Object.keys(COLOURS).map((value) => ({ value, label: COLOUR_NAMES()[value] })),
      onChange: (value) => { which.highlight.colour = value; } }));
    details.append(radios({ legend: _("Highlight size"), name: "access-size", value: which.highlight.size, inline: true,
      options: SIZES.map((size, index) => ({ value: size, label: SIZE_NAMES()[index] })),
      onChange: (value) => { which.highlight.size = value; } }));
  }

  const save = element("button", { type: "submit", class: "govuk-button" }, _("Save"));
  const cancel = element("button", { type: "button", class: "govuk-button govuk-button--secondary", "data-go": "home" }, _("Cancel"));
  const actions = element("div", { class: "govuk-button-group" });
  actions.append(save, cancel);
  form.append(symbols, switches, status, actions);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    stopListening();
    const problems = accessProblems(settings);
    if (problems.length) return problem(...problems);
    let sent;
    try {
      sent = await saveAccess(childId, settings);
    } catch (error) {
      return problem(error.message);
    }
    await showHome();
    // Said apart, not in a template string: the catalogue's extractor finds only plain calls.
    const where = sent ? _("Every tablet that carries %(name)s gets it.", { name })
      : _("It goes to the central store when the tablet next has a connection.");
    notice(_("Saved how %(name)s takes part.", { name }) + " " + where);
  });
  renderDetails();

  $("#access-title").textContent = _("How %(name)s takes part", { name });
  $("#access-form").replaceChildren(element("p", { class: "govuk-body" },
    _("For when you hand the tablet to %(name)s. Kept on this tablet, locked with your PIN, while %(name)s is carried.", { name })),
  element("p", { class: "govuk-body" }, _("The settings follow %(name)s: they are kept with %(name)s's record, so the next worker's tablet has them too.", { name })), form);
  show("access");
  $("#access-title").focus();
}
