// Every practitioner page: start GOV.UK Frontend's components, give htmx the CSRF token, and show the
// tablet outbox's state.
// Loaded as a module from a file (never inline) so the Content Security Policy can forbid inline script.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";
import { openStore } from "./tablet/store.js";
import { lastSync, summary, unsentCount } from "./tablet/outbox.js";
import { _, loadCatalogue } from "./tablet/i18n.js";

// What GOV.UK's page template does with an inline script: mark the page as able to run the components.
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
initAll();

// Flask-WTF reads the token from this header for htmx's requests (security.py).
const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content;
document.body.addEventListener("htmx:configRequest", (event) => {
  if (csrfToken) {
    event.detail.headers["X-CSRFToken"] = csrfToken;
  }
});

// The tablet's outbox, seen from every practitioner page: how much is unsent, when it last sent,
// and no signing out while anything is unsent (docs/sync.md). Reads only counts and times.

const badge = document.getElementById("sync-badge");
const language = document.documentElement.lang;

async function outboxState() {
  if (!("indexedDB" in window)) return { unsent: 0, last: null };
  const databases = indexedDB.databases ? await indexedDB.databases() : [];
  if (!databases.some((database) => database.name === "sofs-direct")) return { unsent: 0, last: null };
  const db = await openStore();
  try {
    return { unsent: await unsentCount(db), last: await lastSync(db) };
  } finally {
    db.close();
  }
}

async function showBadge() {
  await loadCatalogue(language);
  const { unsent, last } = await outboxState();
  if (!badge || (!unsent && !last)) return;
  const text = summary(unsent, last);
  badge.textContent = text;
  badge.hidden = false;
}

for (const form of document.querySelectorAll("form[data-sign-out]")) {
  form.addEventListener("submit", async (event) => {
    if (form.dataset.confirmed) return;
    event.preventDefault();
    const { unsent } = await outboxState();
    if (!unsent) {
      form.dataset.confirmed = "yes";
      form.requestSubmit();
      return;
    }
    const message = document.getElementById("sign-out-refused");
    message.textContent = _("You cannot sign out yet: %(count)s item(s) on this tablet have not reached the central store. Open the tablet app to send them first.", { count: unsent });
    message.hidden = false;
    message.focus();
  });
}

showBadge().catch(() => {});
