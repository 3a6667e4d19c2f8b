// The server's rules for what is typed, chosen and stamped on the tablet, said in plain words before
// Finish: each tool's problems(draft) uses these, so the worker is told what to put right while it
// can still be put right, instead of the server flagging the finished work (issue #13). The rules are
// the server's own (sofs_direct/artefacts/fields.py, sharing.py and validation.py); the differential test
// (tests/tablet/test_contract_tablet.py) runs both on the same generated documents and holds them equal.
//
// Main decision: count and compare as the server does, not as JavaScript does: characters are code
// points (Python's len, so an emoji is one character, not two), and "blank" is Python's str.strip()
// (which keeps U+FEFF, where String.trim() removes it). A message names what is wrong as the worker
// knows it — the house, the page, the person, the start of the child's words — never a field's name
// or an id.

import { _ } from "../tablet/i18n.js";
import { AUDIENCES } from "./sharing.js";

// Long texts: newlines, carriage returns and tabs are allowed, other control codes (pasted, never
// typed) are not (validation.py). One-line texts refuse every control code, tabs and breaks too.
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const ONE_LINE_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LINE_BREAK = /[\r\n]/;
// Python's whitespace (str.isspace): what str.strip() removes and str.split() splits on.
const PYTHON_SPACE = "\\t\\n\\u000b\\u000c\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const PYTHON_BLANK = new RegExp(`^[${PYTHON_SPACE}]*$`);
const PYTHON_EDGES = new RegExp(`^[${PYTHON_SPACE}]+|[${PYTHON_SPACE}]+$`, "g");
const PYTHON_SPACES = new RegExp(`[${PYTHON_SPACE}]+`);
// A time as Date.toISOString() writes it, or with an offset: fields.TIMESTAMP, from 1900 to 2100.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const EARLIEST_TIME = Date.UTC(1900, 0, 1);
const LATEST_TIME = Date.UTC(2101, 0, 1);

// Whether a text holds only what can be typed into its field (validation.has_control_characters).
export function typeable(text, oneLine = false) {
  return !(oneLine ? ONE_LINE_CONTROL : CONTROL_CHARACTERS).test(text);
}

// Characters as the server counts them (Python's len: code points).
export function characters(text) {
  return [...text].length;
}

// Blank as the server sees it: nothing but Python's whitespace.
export function isBlank(text) {
  return PYTHON_BLANK.test(text);
}

// Python's str.strip() and str.split(): the text without spaces at its ends, and its words.
export function strip(text) {
  return text.replace(PYTHON_EDGES, "");
}

export function words(text) {
  return text.split(PYTHON_SPACES).filter(Boolean);
}

// The start of someone's words in quotation marks, to say which words are meant: “I wish Mum…”.
export function quote(text, length = 30) {
  const points = [...text.replace(/\s+/g, " ").trim()];
  return `“${points.slice(0, length).join("")}${points.length > length ? "…" : ""}”`;
}

export function isTimestamp(value) {
  const match = typeof value === "string" && value.length <= 40 ? TIMESTAMP.exec(value) : null;
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const date = new Date(Date.UTC(2000, month - 1, day)); // a leap year, so 29 February passes here…
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return false;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return false; // …and is checked here
  const instant = Date.parse(value);
  return instant >= EARLIEST_TIME && instant < LATEST_TIME;
}

// Collects the problems of one draft, each said once, in the order found.
export class Problems {
  constructor() {
    this.list = [];
  }

  add(message) {
    if (!this.list.includes(message)) this.list.push(message);
  }

  // A typed text against its field's rule (fields.check_text): `what` says whose text it is, in
  // words that fit "Shorten … to 200 characters or fewer".
  text(value, what, limit, { oneLine = false } = {}) {
    const count = characters(value);
    if (count > limit) {
      this.add(_("Shorten %(what)s to %(limit)s characters or fewer (it has %(count)s)", { what, limit, count }));
    }
    if (oneLine && LINE_BREAK.test(value)) this.add(_("Put %(what)s on one line", { what }));
    const rest = oneLine ? value.replace(/[\r\n]/g, "") : value; // a line break is said above
    if ((oneLine ? ONE_LINE_CONTROL : CONTROL_CHARACTERS).test(rest)) {
      this.add(_("Remove the special characters that cannot be typed, such as control codes or tabs, from %(what)s", { what }));
    }
  }

  // A time the tablet stamped (when something was recorded): one the server cannot show is a wrong clock.
  time(value, what) {
    if (!isTimestamp(value)) {
      this.add(_("The tablet's clock was wrong when %(what)s (it said %(time)s). Set the tablet's date and time, then do it again.",
        { what, time: String(value) }));
    }
  }

  // Who the child said may see something (sharing.check_wish): "ask", or each audience at most once.
  wish(value, what) {
    const known = Array.isArray(value) && value.every((audience) => AUDIENCES.includes(audience))
      && new Set(value).size === value.length;
    if (value !== "ask" && !known) this.add(_("Tick again who the child said may see %(what)s", { what }));
  }

  // No more than `limit` of something the screen lets the worker add.
  count(list, limit, message) {
    if (list.length > limit) this.add(message);
  }

  // One of the choices the screen offers (anything else came from a damaged draft).
  choice(value, choices, message) {
    if (!choices.includes(value)) this.add(message);
  }
}
