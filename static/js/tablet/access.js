// How each carried child takes part: symbol mode, and switch access (off, one switch with auto-scan,
// or two switches: step and select), the keys the child's switches send and the highlight the child
// sees. Read by child mode (scanning.js, symbol-mode.js); set on the worker's screen (access-screen.js).
//
// Main decision: the settings follow the child, not the tablet (issue 16). The central store keeps
// each child's latest settings (PUT /api/children/access; "Prepare for visits" brings them), and this
// tablet keeps those of its carried children in ONE record, sealed with the local key like the
// children themselves (meta "access"), so not even which children have settings, or which still
// wait to be sent, is readable without the PIN. A change saved here waits in that record until the
// central store has it; until then it wins over what "Prepare for visits" brings. The rules are one
// file the server reads too (static/js/tools/access.json). What is read is always made whole
// (normalAccess): a setting missing or out of range is its default, never a broken screen.

import contract from "../tools/access.json" with { type: "json" };
import { decryptJSON, encryptJSON } from "./crypto.js";
import { get, put, transact } from "./store.js";
import { _ } from "./i18n.js";
import { api, app } from "./shell.js";

export const MODES = contract.modes;
export const INTERVAL_MS = contract.interval_ms;
// The value of each colour is what child.css gets as --scan-colour.
export const COLOURS = contract.colours;
export const SIZES = contract.sizes; // the highlight's width in CSS px
export const KEYS_MAX = contract.keys_max;
const RESERVED_KEYS = new Set(contract.reserved_keys);
// A key's name is never a control character (a switch box sends names like "Enter", "F2", "1").
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function defaultAccess() {
  return structuredClone(contract.defaults);
}

// The name of a key as the worker reads it: "Space", "Enter", "F1", "1", "Arrow right".
export function keyName(key) {
  const names = { " ": _("Space"), Enter: _("Enter"), ArrowUp: _("Arrow up"), ArrowDown: _("Arrow down"),
    ArrowLeft: _("Arrow left"), ArrowRight: _("Arrow right"), Backspace: _("Backspace") };
  return names[key] || key;
}

export function switchKeyAllowed(key) {
  return typeof key === "string" && key.length > 0 && key.length <= contract.key_length_max
    && !RESERVED_KEYS.has(key) && !CONTROL.test(key);
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
  if (keysClash(settings.switch)) {
    const { select_keys, step_keys } = defaultAccess().switch;
    Object.assign(settings.switch, { select_keys, step_keys });
  }
  const highlight = which.highlight && typeof which.highlight === "object" ? which.highlight : {};
  if (Object.hasOwn(COLOURS, highlight.colour)) settings.switch.highlight.colour = highlight.colour;
  if (SIZES.includes(highlight.size)) settings.switch.highlight.size = highlight.size;
  return settings;
}

// --- the sealed record ------------------------------------------------------------------------------

// {children: {<child id>: settings}, waiting: [<child id>, …]}: the settings of the carried children,
// and those changed here that the central store does not have yet.
async function readAll() {
  const record = await transact(app.db, ["meta"], "readonly", ({ meta }) => get(meta, "access"));
  if (!record) return { children: {}, waiting: [] };
  let all;
  try {
    all = await decryptJSON(app.localKey, record.sealed);
  } catch (_otherKey) {
    return { children: {}, waiting: [] }; // sealed with a key this tablet no longer has (it was set up again)
  }
  // Kept before the settings followed the child: the children's settings alone, none of them sent.
  return all.children ? all : { children: all, waiting: Object.keys(all) };
}

async function writeAll(all) {
  const sealed = await encryptJSON(app.localKey, all);
  await transact(app.db, ["meta"], "readwrite", ({ meta }) => put(meta, { sealed }, "access"));
}

export async function accessFor(childId) {
  return normalAccess((await readAll()).children[childId]);
}

// Saves the settings of a carried child and sends them; refuses (an Error naming the problems) what
// is not valid. Resolves true once the central store has them, false while they wait to be sent.
export async function saveAccess(childId, settings) {
  const problems = accessProblems(settings);
  if (problems.length) throw new Error(problems.join(" "));
  if (!app.children.some((child) => child.id === childId)) throw new Error(_("This child is no longer carried on this tablet."));
  const all = await readAll();
  all.children[childId] = normalAccess(settings);
  if (!all.waiting.includes(childId)) all.waiting.push(childId);
  await writeAll(all);
  return sendWaitingAccess();
}

// "Prepare for visits" brought each child's settings from the central store (`access`, null when
// it has none): they replace this tablet's, except a change made here that is still waiting to be
// sent, which wins (and is sent).
export async function takeAccessFrom(preparedChildren) {
  const all = await readAll();
  for (const child of preparedChildren) {
    if (all.waiting.includes(child.id) || !Object.hasOwn(child, "access")) continue;
    if (child.access) all.children[child.id] = normalAccess(child.access);
    else delete all.children[child.id];
  }
  await writeAll(all);
}

// Send what waits, one call a child (needs the PIN's key, and a connection). Resolves true when
// nothing is left waiting. One sending at a time: a call while one runs goes after it.
let sending = Promise.resolve(true);
export function sendWaitingAccess() {
  // Never a failure for the caller: what could not go still waits (saved, sealed) for the next chance.
  sending = sending.then(sendWaiting).catch(() => false);
  return sending;
}

async function sendWaiting() {
  if (!app.localKey || !app.db) return false;
  const waiting = await readAll();
  if (!waiting.waiting.length) return true;
  const online = await api();
  if (!online.ok) return false;
  const sent = {};
  for (const childId of waiting.waiting) {
    const settings = waiting.children[childId];
    if (!settings) continue;
    try {
      await online.put("/api/children/access", { child_id: childId, settings });
      sent[childId] = JSON.stringify(settings);
    } catch (_notTaken) {
      // Not taken now (no way through, or refused): it waits, and goes at the next chance.
    }
  }
  if (!app.localKey) return false; // locked while sending: what was taken is sent again, harmlessly
  // Read again: a change saved while these were on their way still waits.
  const all = await readAll();
  all.waiting = all.waiting.filter((id) => all.children[id] && JSON.stringify(all.children[id]) !== sent[id]);
  await writeAll(all);
  return all.waiting.length === 0;
}

// Let go of the settings of children no longer carried (called once the carried children are read
// or replaced): nothing about a child stays on the tablet after the child has gone from it.
export async function keepAccessOnlyFor(childIds) {
  const all = await readAll();
  const kept = Object.fromEntries(Object.entries(all.children).filter(([id]) => childIds.includes(id)));
  if (Object.keys(kept).length === Object.keys(all.children).length) return;
  await writeAll({ children: kept, waiting: all.waiting.filter((id) => childIds.includes(id)) });
}
