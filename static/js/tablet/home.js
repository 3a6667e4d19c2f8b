// The tablet app's home and prepare screens: the children carried on this tablet (read and unsealed
// with the local key, the expired ones let go), the work not finished yet here and on other tablets,
// and choosing the children to carry for the next visits.
//
// Main decision: the carried children and the service's settings are kept sealed with the local key
// (store.js "children" and meta "prepared") and are only in memory while unlocked; preparing
// replaces them all at once. Preparing also keeps the symbol vocabulary (symbols.js) and every pack of
// the app (the tools, the ink and its pictures: kinds.js) for offline use, alongside sealing the
// children, and says so if it could not. The home screen is where the tools are first needed (each
// offers its "Start" button), so it loads them (kinds.js loadTools).

import { accessFor, keepAccessOnlyFor, sendWaitingAccess, takeAccessFrom } from "./access.js";
import { accessSummary, showAccess } from "./access-screen.js";
import { adoptDraft, loadDrafts, storageEstimate } from "./artefacts.js";
import { decryptJSON, encryptJSON } from "./crypto.js";
import { element } from "./dom.js";
import { detectFeatures, fillList, keepStorage, keepingWords, safariTab } from "./features.js";
import { _, formatTime } from "./i18n.js";
import { refusedDrafts, sealReviewNotes } from "./outbox.js";
import { clear, get, getAll, put, remove, transact } from "./store.js";
import { keepSymbolsOffline } from "./symbols.js";
import { $, api, app, childName, notice, problem, refusedInSafariTab, show } from "./shell.js";
import { begin, resume } from "./editing.js";
import { KINDS, keepPacksOffline, loadTools } from "./kinds.js";

export async function loadLocal() {
  const now = Date.now();
  const stored = await transact(app.db, ["children"], "readonly", ({ children }) => getAll(children));
  app.children = [];
  const expired = [];
  for (const record of stored) {
    if (Date.parse(record.expires_at) <= now) {
      expired.push(record.id);
      continue;
    }
    // The child's id is sealed with the rest; a record carried before that is keyed by it instead.
    app.children.push({ id: record.id, expires_at: record.expires_at, ...(await decryptJSON(app.localKey, record.sealed)) });
  }
  if (expired.length) {
    await transact(app.db, ["children"], "readwrite", async ({ children }) => {
      for (const id of expired) await remove(children, id);
    });
  }
  app.children.sort((a, b) => a.known_as.localeCompare(b.known_as));
  await keepAccessOnlyFor(app.children.map((child) => child.id));
  app.prepared = await loadPrepared(now);
  app.drafts = await loadDrafts(app.db, app.localKey);
  await sealReviewNotes(app.db, app.localKey);
}

// The service's settings and the worker's name and photo, as last prepared. Absent, expired, or
// sealed with a key this tablet no longer has (it was set up again): none.
async function loadPrepared(now) {
  const record = await transact(app.db, ["meta"], "readonly", ({ meta }) => get(meta, "prepared"));
  if (!record || Date.parse(record.expires_at) <= now) return null;
  try {
    return await decryptJSON(app.localKey, record.sealed);
  } catch (_otherKey) {
    return null;
  }
}

// --- screens ------------------------------------------------------------------------------------------

export async function showHome() {
  const toolsMissing = await loadTools().then(() => false, () => true);
  $("#follow-ons").replaceChildren(); // an offer to draft from finished work is made once (editing.js)
  const carried = $("#carried");
  if (!app.children.length) {
    carried.replaceChildren(element("p", { class: "govuk-body" },
      _("No children are carried on this tablet. Prepare for visits while you have a connection.")));
  } else {
    const list = element("ul", { class: "govuk-list app-carried" });
    for (const child of app.children) {
      const item = element("li", { class: "app-carried__child" });
      item.append(element("h2", { class: "govuk-heading-m" }, child.known_as));
      item.append(element("p", { class: "govuk-body-s" }, _("Age %(age)s · carried until %(date)s", {
        age: child.age, date: formatTime(child.expires_at) })));
      // A tool drafted from other work (its draftFrom: the letter to the child) is offered when that
      // work is finished (editing.js followOnsOf), never started empty here.
      for (const tool of Object.values(KINDS).filter((candidate) => typeof candidate.draftFrom !== "function")) {
        const button = element("button", { type: "button", class: "govuk-button app-start" }, `${_("Start")}: ${tool.title()}`);
        button.addEventListener("click", () => begin(tool.kind, child.id));
        item.append(button);
      }
      const summary = accessSummary(await accessFor(child.id));
      if (summary) item.append(element("p", { class: "govuk-body-s" }, summary));
      const access = element("button", { type: "button", class: "govuk-button govuk-button--secondary app-start" },
        _("How %(name)s takes part", { name: child.known_as }));
      access.addEventListener("click", () => showAccess(child.id));
      item.append(access);
      list.append(item);
    }
    carried.replaceChildren(list);
  }
  const drafts = $("#drafts");
  if (!app.drafts.length) {
    drafts.replaceChildren(element("p", { class: "govuk-body" }, _("Nothing is waiting to be finished.")));
  } else {
    const list = element("ul", { class: "govuk-list" });
    const refused = await refusedDrafts(app.db);
    for (const draft of app.drafts.filter((kept) => KINDS[kept.kind])) {
      const item = element("li");
      const button = element("button", { type: "button", class: "app-link-button" },
        `${KINDS[draft.kind].title()} – ${childName(draft.child_id)} (${formatTime(draft.created_at)})`);
      button.addEventListener("click", () => resume(draft));
      item.append(button);
      if (refused.has(draft.id)) {
        item.append(element("p", { class: "govuk-body-s app-draft-note" },
          _("Kept on this tablet only: the central store could not take its last autosave. It is sent again when you change or finish it.")));
      }
      list.append(item);
    }
    drafts.replaceChildren(list);
  }
  const estimate = await storageEstimate();
  $("#storage").textContent = estimate
    ? _("Storage used on this tablet: %(used)s MB of %(quota)s MB", {
      used: (estimate.usage / 1048576).toFixed(1), quota: Math.round(estimate.quota / 1048576) })
    : "";
  show("home");
  showWhatIsOff();
  // Only an unprepared tablet offline: "Prepare for visits" keeps every tool.
  if (toolsMissing) problem(_("The tools are not kept on this tablet yet. Connect to the internet, then prepare for visits."));
  showRemoteDrafts();
}

// Below the storage line: whether the browser promised to keep this tablet's work, and what set-up
// turned off (features.js), checked afresh each time, so a voice added since is no longer noted.
async function showWhatIsOff() {
  $("#storage-keeping").textContent = keepingWords(await keepStorage(window, { ask: false }));
  fillList($("#feature-notes"), (await detectFeatures(window, { requirePrf: false })).notes);
  $("#home-screen-offer").hidden = !safariTab(window);
}

// Drafts this practitioner saved on another tablet (online only; silently absent offline).
async function showRemoteDrafts() {
  const container = $("#remote-drafts");
  container.replaceChildren();
  const online = await api();
  if (!online.ok) return;
  let answer;
  try {
    answer = await online.get("/api/drafts");
  } catch (_failed) {
    return;
  }
  const here = new Set(app.drafts.map((draft) => draft.id));
  const elsewhere = answer.drafts.filter((draft) => !here.has(draft.id) && KINDS[draft.kind]
    && !(app.current && app.current.id === draft.id));
  if (!elsewhere.length) return;
  container.append(element("h3", { class: "govuk-heading-s" }, _("Saved on another tablet")));
  const list = element("ul", { class: "govuk-list" });
  for (const remote of elsewhere) {
    const item = element("li");
    const button = element("button", { type: "button", class: "app-link-button" },
      `${_("Continue here")}: ${KINDS[remote.kind].title()} – ${childName(remote.child_id)}`);
    button.addEventListener("click", async () => {
      if (refusedInSafariTab()) return; // it would be stored in this tab
      const draft = await adoptDraft(app.db, app.device, app.localKey, remote);
      app.drafts.unshift(draft);
      resume(draft);
    });
    item.append(button);
    list.append(item);
  }
  container.append(list);
}

export async function prepare() {
  if (refusedInSafariTab()) return;
  const online = await api();
  if (online.signedOut) return problem(_("Sign in again to prepare for visits."));
  if (!online.ok) return problem(_("Preparing for visits needs a connection."));
  await sendWaitingAccess(); // first, so the children come back with the settings changed here
  const answer = await online.get("/api/prepare");
  const list = $("#prepare-list");
  list.replaceChildren();
  const carried = new Set(app.children.map((child) => child.id));
  answer.children.forEach((child, index) => {
    const item = element("div", { class: "govuk-checkboxes__item" });
    const input = element("input", { class: "govuk-checkboxes__input", type: "checkbox", id: `carry-${index}`, value: child.id });
    input.checked = carried.size === 0 || carried.has(child.id);
    input.dataset.child = JSON.stringify(child);
    item.append(input, element("label", { class: "govuk-label govuk-checkboxes__label", for: `carry-${index}` },
      child.known_as + " (" + _("age %(age)s", { age: child.age }) + ")"));
    list.append(item);
  });
  app.carryDays = answer.carry_days;
  // What the kinds carry for the whole team (for_team: the card sets of a picture sort), kept sealed
  // with the service's settings: it is the team's, not any one child's.
  app.preparing = { service: answer.service || null, worker: answer.worker || null, team: answer.team || {} };
  show("prepare");
}

export async function savePrepared(event) {
  event.preventDefault();
  const symbolsKept = keepSymbolsOffline().then(() => true, () => false);
  const packsKept = keepPacksOffline().then((answer) => answer.failed === 0, () => false);
  const chosen = [...document.querySelectorAll("#prepare-list input:checked")].map((input) => JSON.parse(input.dataset.child));
  const expires = new Date(Date.now() + (app.carryDays || 7) * 86400000).toISOString();
  const records = [];
  // The child's `access` is kept apart, with the other children's settings (access.js), never twice.
  for (const { id, access: _settings, ...record } of chosen) {
    // Everything else /api/prepare gave for the child travels sealed: its few fields, what each kind
    // carries (for_visit) and the people every kind knows around the child (docs/sync.md), which
    // the shell passes on to the tools without reading (toolContext().childRecord).
    // The record's key is a fresh random one, so no child's id is readable before unlock.
    records.push({ id: crypto.randomUUID(), expires_at: expires, sealed: await encryptJSON(app.localKey, { id, ...record }) });
  }
  const prepared = { expires_at: expires, sealed: await encryptJSON(app.localKey, app.preparing || {}) };
  await transact(app.db, ["children", "meta"], "readwrite", async ({ children, meta }) => {
    await clear(children);
    for (const record of records) await put(children, record);
    await put(meta, prepared, "prepared");
  });
  await takeAccessFrom(chosen);
  await loadLocal();
  sendWaitingAccess(); // what could not go before (it still waits if it cannot go now)
  const kept = await symbolsKept;
  const packs = await packsKept;
  await showHome();
  notice(_("Children carried on this tablet: %(count)s", { count: records.length }));
  if (!kept) problem(_("The symbols could not be kept for offline use. Prepare for visits again while you have a connection."));
  else if (!packs) problem(_("The tools could not all be kept for offline use. Prepare for visits again while you have a connection."));
}
