// How each carried child takes part: symbol mode, and switch access (off, one switch with auto-scan,
// or two switches: step and select), the keys the child's switches send and the highlight the child
// sees. Read by child mode (scanning.js, symbol-mode.js); set on the worker's screen (access-screen.js).
//
// Main decision: the settings of all carried children are ONE record, sealed with the local key like
// the children themselves (meta "access"), so not even which children have settings is readable
// without the PIN; it is kept across "Prepare for visits" for the children still carried and pruned
// of the others whenever the carried children are read or replaced (home.js). What is read is always
// made whole (normalAccess): a setting missing or out of range is its default, never a broken screen.

import { decryptJSON, encryptJSON } from "./crypto.js";
import { get, put, transact } from "./store.js";
import { _ } from "./i18n.js";
import { app } from "./shell.js";

export const MODES = ["off", "auto", "two"];
export const INTERVAL_MS = { min: 500, max: 5000, step: 100 };
// Highlight colours, each at least 3:1 against the child's paper (#fff8ec) and a white button
// (WCAG 1.4.11); the value is what child.css gets as --scan-colour.
export const COLOURS = { black: "#0b0c0c", blue: "#003078", red: "#b3151b", purple: "#5a2a82" };
export const SIZES = [6, 10, 16]; // the highlight's width in CSS px
export const KEYS_MAX = 4;
// Keys that keep their own meaning, so a child's switch never takes them: moving focus (Tab), the
// pause cover's way out (Escape) and keys that only change other keys.
const RESERVED_KEYS = new Set(["Tab", "Escape", "Shift", "Control", "Alt", "AltGraph", "Meta", "CapsLock", "Fn",
  "Dead", "Unidentified", "Process"]);

export function defaultAccess() {
  return {
    symbols: false,
    switch: { mode: "off", interval_ms: 2000, select_keys: ["Enter"], step_keys: [" "],
      highlight: { colour: "black", size: 10 } },
  };
}

// The name of a key as the worker reads it: "Space", "Enter", "F1", "1", "Arrow right".
export function keyName(key) {
  const names = { " ": _("Space"), Enter: _("Enter"), ArrowUp: _("Arrow up"), ArrowDown: _("Arrow down"),
    ArrowLeft: _("Arrow left"), ArrowRight: _("Arrow right"), Backspace: _("Backspace") };
  return names[key] || key;
}

export function switchKeyAllowed(key) {
  return typeof key === "string" && key.length > 0 && key.length <= 20 && !RESERVED_KEYS.has(key);
}

const validKeys = (keys) => Array.isArray(keys) && keys.length > 0 && keys.length <= KEYS_MAX
  && keys.every(switchKeyAllowed) && new Set(keys).size === keys.length;

// One rule per switch setting, shared by the worker's checks and by reading a stored record.
const VALID = {
  mode: (mode) => MODES.includes(mode),
  interval_ms: (ms) => Number.isInteger(ms) && ms >= INTERVAL_MS.min && ms <= INTERVAL_MS.max,
  select_keys: validKeys,
  step_keys: validKeys,
};
const keysClash = (which) => which.step_keys.some((key) => which.select_keys.includes(key));

// What is wrong with `settings`, in the worker's words (empty when they can be saved).
export function accessProblems(settings) {
  const which = settings && settings.switch;
  if (!settings || typeof settings.symbols !== "boolean" || !which || typeof which !== "object") {
    return [_("Choose again how the child takes part")];
  }
  const problems = [];
  if (!VALID.mode(which.mode)) problems.push(_("Choose whether the child uses switches"));
  if (!VALID.interval_ms(which.interval_ms)) problems.push(_("Choose a scanning speed from 0.5 to 5 seconds"));
  if (!validKeys(which.select_keys)) problems.push(_("Give the select switch 1 to %(count)s keys", { count: KEYS_MAX }));
  if (!validKeys(which.step_keys)) problems.push(_("Give the step switch 1 to %(count)s keys", { count: KEYS_MAX }));
  if (validKeys(which.select_keys) && validKeys(which.step_keys) && keysClash(which)) {
    problems.push(_("A key cannot both step and select: give each switch its own key"));
  }
  if (!which.highlight || !Object.hasOwn(COLOURS, which.highlight.colour)) problems.push(_("Choose a highlight colour"));
  if (!which.highlight || !SIZES.includes(which.highlight.size)) problems.push(_("Choose a highlight size"));
  return problems;
}

// A stored record made whole: each field kept when it is valid, its default otherwise.
export function normalAccess(stored) {
  const settings = defaultAccess();
  if (!stored || typeof stored !== "object") return settings;
  if (typeof stored.symbols === "boolean") settings.symbols = stored.symbols;
  const which = stored.switch && typeof stored.switch === "object" ? stored.switch : {};
  for (const [field, valid] of Object.entries(VALID)) {
    if (valid(which[field])) settings.switch[field] = which[field];
  }
  // Keys that are each fine but clash: both switches go back to their own defaults.
  if (keysClash(settings.switch)) Object.assign(settings.switch, { select_keys: ["Enter"], step_keys: [" "] });
  const highlight = which.highlight && typeof which.highlight === "object" ? which.highlight : {};
  if (Object.hasOwn(COLOURS, highlight.colour)) settings.switch.highlight.colour = highlight.colour;
  if (SIZES.includes(highlight.size)) settings.switch.highlight.size = highlight.size;
  return settings;
}

// --- the sealed record ------------------------------------------------------------------------------

async function readAll() {
  const record = await transact(app.db, ["meta"], "readonly", ({ meta }) => get(meta, "access"));
  if (!record) return {};
  try {
    return await decryptJSON(app.localKey, record.sealed);
  } catch (_otherKey) {
    return {}; // sealed with a key this tablet no longer has (it was set up again)
  }
}

async function writeAll(all) {
  const sealed = await encryptJSON(app.localKey, all);
  await transact(app.db, ["meta"], "readwrite", ({ meta }) => put(meta, { sealed }, "access"));
}

export async function accessFor(childId) {
  return normalAccess((await readAll())[childId]);
}

// Saves the settings of a carried child; refuses (an Error naming the problems) what is not valid.
export async function saveAccess(childId, settings) {
  const problems = accessProblems(settings);
  if (problems.length) throw new Error(problems.join(" "));
  if (!app.children.some((child) => child.id === childId)) throw new Error(_("This child is no longer carried on this tablet."));
  const all = await readAll();
  all[childId] = normalAccess(settings);
  await writeAll(all);
}

// Let go of the settings of children no longer carried (called once the carried children are read
// or replaced): nothing about a child stays on the tablet after the child has gone from it.
export async function keepAccessOnlyFor(childIds) {
  const all = await readAll();
  const kept = Object.fromEntries(Object.entries(all).filter(([id]) => childIds.includes(id)));
  if (Object.keys(kept).length !== Object.keys(all).length) await writeAll(kept);
}
