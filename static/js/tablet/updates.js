// The tablet app's service worker and updates: registering the worker that keeps the app offline,
// and offering a new version when one is waiting.
//
// Main decision: a new version takes over only when nothing is unsent and nothing is waiting to be
// saved (docs/sync.md), and is never offered while the tablet is with the child.

import { unsentCount } from "./outbox.js";
import { $, app, language } from "./shell.js";

export async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  // Remember this language for opening the app offline (the worker reads it; not child data).
  caches.open("sofs-preferences").then((cache) => cache.put("/__language", new Response(language))).catch(() => {});
  const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  const watch = (worker) => {
    if (!worker) return;
    const ready = () => {
      if (worker.state === "installed" && navigator.serviceWorker.controller) {
        app.updateWorker = worker;
        offerUpdate();
      }
    };
    worker.addEventListener("statechange", ready);
    ready();
  };
  watch(registration.waiting);
  registration.addEventListener("updatefound", () => watch(registration.installing));
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (app.updateWorker && !reloading) {
      reloading = true;
      window.location.reload();
    }
  });
  registration.update().catch(() => {});
}

// A new version takes over only when nothing is unsent and nothing is waiting to be saved.
export async function offerUpdate() {
  if (!app.updateWorker || !app.db || app.childMode) return;
  await app.saving;
  const safe = (await unsentCount(app.db)) === 0 && !app.saveTimer;
  $("#update-banner").hidden = !safe;
}
