// The tablet app's sync badge, shown on every screen, and the outbox screen ("Sending"): what is
// waiting, why it has not gone yet, and what the central store kept for a manager's review.
//
// Main decision: the badge and the screen only read the outbox (outbox.js) and the sender's status;
// nothing here changes what is sent. Only the newest of overlapping badge renders may write.

import { element } from "./dom.js";
import { _, formatTime } from "./i18n.js";
import { aboutEntry } from "./artefacts.js";
import { keptForReview, lastSync, outboxEntries, summary, unsentCount } from "./outbox.js";
import { $, app, childName, show } from "./shell.js";
import { offerUpdate } from "./updates.js";
import { KINDS, loadTools } from "./kinds.js";

// --- sync badge, shown on every screen ---------------------------------------------------------------

// Renders overlap (the sender and the screens both ask): only the newest may write, so an older one
// that read the outbox before something was queued never paints "Everything has been sent" last.
let badgeRenders = 0;

export async function renderBadge() {
  if (!app.db) return;
  const render = (badgeRenders += 1);
  const unsent = await unsentCount(app.db);
  const last = await lastSync(app.db);
  if (render !== badgeRenders) return;
  const status = app.sender ? app.sender.status : "idle";
  let activity = "";
  if (status === "sending") {
    const { done, total } = app.sender.progress;
    activity = _("sending %(number)s of %(total)s", { number: Math.min(done + 1, total), total });
  }
  if (status === "signed out") activity = _("sign in to send");
  const text = summary(unsent, last, activity);
  $("#sync-badge").textContent = text;
  if (app.screen === "outbox") renderOutbox();
  offerUpdate();
}

// Something was just put in the outbox: say so at once (the sender may be busy for a while with a
// slow link) and send it.
export function queued() {
  renderBadge();
  app.sender.trigger();
}

// --- the outbox screen --------------------------------------------------------------------------------

const STATE_LABELS = () => ({ queued: _("Waiting to send"), sending: _("Sending") });

// Why an item has not gone yet, in words: the server's own sentence when it refused this attempt (it is
// sent again by itself: the server refuses only what a resend can fix), else what stood in the way.
function problemText(entry) {
  if (!entry.last_error) return "";
  const later = _("It will be sent again by itself.");
  if (entry.refused) return `${_("The central store did not take it this time: %(reason)s", { reason: entry.last_error })} ${later}`;
  const reasons = {
    "no connection": _("No connection to the central store."),
    "not a receipt": _("The connection went to another page (a Wi-Fi sign-in page?)."),
    redirected: _("The connection went to another page (a Wi-Fi sign-in page?)."),
    "answer cut off": _("The answer from the central store was cut off."),
    "receipt did not match": _("The answer from the central store did not match what was sent."),
    "server error": _("The central store had a problem."),
    "signed out": _("Sign in again to send."),
  };
  return `${reasons[entry.last_error] || entry.last_error} ${later}`;
}

async function renderKeptForReview() {
  if (!app.localKey) return; // what was kept is sealed with the local key
  const kept = await keptForReview(app.db, app.localKey);
  const container = $("#kept-for-review");
  if (!kept.length) {
    container.replaceChildren();
    return;
  }
  const list = element("ul", { class: "govuk-list govuk-list--bullet" });
  for (const receipt of kept) {
    const what = KINDS[receipt.kind] ? KINDS[receipt.kind].title() : receipt.kind;
    list.append(element("li", {}, _("%(what)s, sent %(time)s", { what, time: formatTime(receipt.server_time) })));
  }
  container.replaceChildren(
    element("h2", { class: "govuk-heading-m" }, _("Sent, for your manager to check")),
    element("p", { class: "govuk-body" }, _("The central store has these and keeps them safe, but something in them needs your team manager's review before they join the child's record.")),
    list);
}

async function renderOutbox() {
  renderKeptForReview();
  const entries = await outboxEntries(app.db);
  const status = app.sender.status;
  $("#outbox-status").textContent = entries.length
    ? (status === "signed out" ? _("Sign in again to send. Nothing has been deleted.") : _("Items wait here until the central store confirms it has them."))
    : _("Everything has been sent.");
  if (!entries.length) {
    $("#outbox-list").replaceChildren();
    return;
  }
  const table = element("table", { class: "govuk-table" });
  const head = element("thead", { class: "govuk-table__head" });
  const headRow = element("tr", { class: "govuk-table__row" });
  for (const title of [_("What"), _("State"), _("Last try"), _("Problem")]) {
    headRow.append(element("th", { scope: "col", class: "govuk-table__header" }, title));
  }
  head.append(headRow);
  const body = element("tbody", { class: "govuk-table__body" });
  for (const entry of entries) {
    const row = element("tr", { class: "govuk-table__row" });
    // What the item is, kind and child, is sealed with the local key: while locked, nothing is named.
    const about = await aboutEntry(entry, app.localKey);
    const what = !about ? "" : `${KINDS[about.kind] ? KINDS[about.kind].title() : about.kind}`
      + (app.localKey ? ` – ${childName(about.child_id)}` : "")
      + (about.state === "draft" ? ` (${_("draft")})` : "")
      + (about.state === "discarded" ? ` (${_("discarded: telling the central store")})` : "");
    row.append(element("td", { class: "govuk-table__cell" }, what));
    row.append(element("td", { class: "govuk-table__cell" }, STATE_LABELS()[entry.status] || entry.status));
    row.append(element("td", { class: "govuk-table__cell" }, formatTime(entry.last_attempt_at)));
    row.append(element("td", { class: "govuk-table__cell" }, problemText(entry)));
    body.append(row);
  }
  table.append(head, body);
  $("#outbox-list").replaceChildren(table);
}

export async function showOutbox() {
  await loadTools().catch(() => {}); // to name each item's tool; without them, its kind
  await renderOutbox();
  show("outbox");
}
