// The tools, as the platform sees them: KINDS (filled from the registry, static/js/tools/index.js)
// once the tools are loaded, and keeping every pack offline for visits.
//
// Main decision: the tools are not part of the app's shell (sofs_direct/tablet_files.py). The shell
// opens, unlocks and shows its first screen without them; the tools' code and styles are loaded only
// after unlocking (loadTools, with a dynamic import() the start-up never waits on), from the service
// worker's cache when the tablet was prepared, otherwise from the server. "Prepare for visits" asks the
// service worker to keep every pack (keepPacksOffline), so a prepared tablet opens every tool offline.

import { element } from "./dom.js";

// The tools by kind, filled in place by loadTools: modules that imported it see it filled.
export const KINDS = {};
const REGISTRY = "../tools/index.js";
const WORKER_WAIT_MS = 60000;

let loading = null;

// Each tool's stylesheet, named by the shell page (tablet.py tool_stylesheets), linked and loaded.
function linkToolStyles() {
  const named = document.querySelector('meta[name="sofs-tool-styles"]');
  const urls = named ? named.content.split(" ").filter(Boolean) : [];
  return Promise.all(urls.map((href) => new Promise((resolve) => {
    if (document.querySelector(`link[rel="stylesheet"][href="${href}"]`)) return resolve();
    const link = element("link", { rel: "stylesheet", href });
    link.addEventListener("load", resolve, { once: true });
    link.addEventListener("error", resolve, { once: true }); // a tool without its looks still works
    document.head.append(link);
  })));
}

// Resolves when every tool is in KINDS; rejects (and is tried again next time) when their code is not
// on the tablet and there is no connection to fetch it.
export function loadTools() {
  if (!loading) {
    loading = Promise.all([import(REGISTRY), linkToolStyles()])
      .then(([registry]) => {
        Object.assign(KINDS, registry.KINDS);
        return KINDS;
      })
      .catch((error) => {
        loading = null;
        throw error;
      });
  }
  return loading;
}

// Ask the service worker to keep every pack of its version (tools, ink, pictures) for offline use;
// resolves to {kept, failed}: how many files it keeps and how many it could not fetch.
// Just after setting up, the worker may still be installing: wait for it, but not for ever.
export async function keepPacksOffline() {
  if (!("serviceWorker" in navigator)) return { kept: 0, failed: 0 };
  const waited = new Promise((resolve) => { setTimeout(() => resolve(null), WORKER_WAIT_MS); });
  const registration = await Promise.race([navigator.serviceWorker.ready, waited]);
  const worker = registration && registration.active;
  if (!worker) return { kept: 0, failed: 1 };
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    worker.postMessage({ type: "KEEP_PACKS" }, [channel.port2]);
  });
}
