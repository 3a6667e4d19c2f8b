// What child mode does for the child holding the tablet, from the child's settings (access.js):
// switch scanning (scanning.js) and symbol mode (symbol-mode.js) for whatever tool is on screen,
// and, when the worker takes the tablet back, the read-back "This is what you told me" after a
// session in symbol mode (read-back.js), then the child's one-minute feedback (feedback.js).
//
// Main decision: all of it is the platform's, switched on and off with child mode (locking.js), so
// every tool gets it without naming a kind; a tool only offers what it can: real buttons in labelled
// groups, data-symbol on its prompts and choices, and toldMe(draft, language) for the read-back.
// The read-back comes at the hand-back ("Back to the worker") because that is when the session with
// the child ends and the child still holds the tablet; the worker's PIN is asked once the child has
// answered, and "Back to the worker" pressed again skips it (the record then has no answer). The
// feedback follows the read-back for the same reason, before the PIN, and is skipped the same way.

import { accessFor } from "./access.js";
import { communicationOf } from "./artefacts.js";
import { Scanner } from "./scanning.js";
import { startSymbolMode, stopSymbolMode } from "./symbol-mode.js";
import { closeReadBack, readBackOpen, showReadBack } from "./read-back.js";
import { closeFeedback, feedbackOpen, questionsToAsk, showFeedback } from "./feedback.js";
import { KINDS } from "./kinds.js";
import { _ } from "./i18n.js";
import { $, app, language, notice, toolHook } from "./shell.js";
import { flushSave } from "./editing.js";

let scanner = null;
let settings = null;
let handOver = 0; // which hand-over the settings being read belong to

export async function startChildAccess(childId) {
  const mine = (handOver += 1);
  const read = await accessFor(childId);
  if (mine !== handOver || !app.childMode) return; // taken back while the settings were read
  settings = read;
  if (settings.symbols) {
    // The record says the child saw symbols this session (sofs_direct/artefacts/communication.py),
    // whether or not a read-back follows.
    if (app.current) communicationOf(app.current).symbols = true;
    await startSymbolMode();
  }
  if (mine !== handOver || !app.childMode) return;
  if (settings.switch.mode !== "off") scanner = new Scanner(settings.switch);
}

export function stopChildAccess() {
  handOver += 1;
  if (scanner) scanner.stop();
  scanner = null;
  stopSymbolMode();
  closeReadBack();
  closeFeedback();
  settings = null;
}

// "Back to the worker": after a session in symbol mode, first the read-back for the child (when the
// tool has anything to read back); then the feedback (when the tool asks any, once a session); then
// `askPin`. Pressed during either, straight to the PIN.
export function backToWorker(askPin) {
  if (readBackOpen() || feedbackOpen()) {
    closeReadBack();
    closeFeedback();
    return askPin();
  }
  const told = settings && settings.symbols ? toolHook("toldMe", app.current, language) : null;
  if (!told || !told.length) return offerFeedback(askPin);
  showReadBack(told, language, (answer) => {
    const draft = app.current;
    Object.assign(communicationOf(draft), { read_back: answer, symbols: true });
    flushSave();
    closeReadBack();
    // For the worker, once the tablet is back (the banner is hidden in child mode).
    notice(answer === "agreed" ? _("Read back to the child: they said “Yes, that's right”.")
      : _("Read back to the child: they wanted to change it."));
    if (answer === "agreed") offerFeedback(askPin);
    else $("#tool").querySelector("h2, h3, [data-autofocus]")?.focus();
  });
}

function offerFeedback(askPin) {
  const draft = app.current;
  const questions = questionsToAsk(draft && KINDS[draft.kind], draft);
  if (!questions.length) return askPin();
  showFeedback(draft, questions, language, () => flushSave(), askPin);
}
