// SofS Direct service worker (rendered by sofs_direct/tablet.py). Version {{ version }}.
//
// - The app shell (pages, scripts, styles, icons, catalogues) is precached per version and served
//   from the cache first, so the tablet app opens with no connection.
// - /api/ is never cached: it carries child data, and the tablet keeps that only encrypted.
// - Other pages need a connection; offline, the practitioner gets a page that says so.
// - A new version installs, then waits: the page tells it to take over only when nothing is unsent.
// - The symbol vocabulary is an optional pack: "Prepare for visits" keeps it, as one JSON of every
//   file, in a cache of its own (kept across versions; static/js/tablet/symbols.js), and each
//   symbol URL is answered out of it first.

const VERSION = {{ version | tojson }};
const SHELL_CACHE = `sofs-shell-${VERSION}`;
const PRECACHE = {{ precache | tojson }};
const LANGUAGES = {{ languages | tojson }};
const PREFERENCES_CACHE = "sofs-preferences";
const SYMBOLS_CACHE = "sofs-symbols";
const SYMBOL_PATHS = {{ symbol_paths | tojson }};
const SYMBOL_PACK = {{ symbol_pack | tojson }};
let symbolPack = null; // {etag, files}: the kept pack, parsed once while it stays the same

async function fromSymbolPack(path) {
  const stored = await (await caches.open(SYMBOLS_CACHE)).match(SYMBOL_PACK);
  if (!stored) return null;
  const etag = stored.headers.get("ETag");
  if (!symbolPack || symbolPack.etag !== etag) symbolPack = { etag, files: (await stored.json()).files };
  const text = symbolPack.files[path];
  if (text === undefined) return null;
  const type = path.endsWith(".json") ? "application/json" : "image/svg+xml";
  return new Response(text, { headers: { "Content-Type": `${type}; charset=utf-8` } });
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    // "reload": fetch from the server, not from the browser's HTTP cache.
    await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload", credentials: "same-origin" })));
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("sofs-shell-") && name !== SHELL_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

async function preferredLanguage() {
  const cache = await caches.open(PREFERENCES_CACHE);
  const saved = await cache.match("/__language");
  const language = saved ? await saved.text() : "";
  return LANGUAGES.includes(language) ? language : LANGUAGES[0];
}

async function fromShell(path) {
  const cache = await caches.open(SHELL_CACHE);
  return cache.match(path);
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || event.request.method !== "GET") return;
  if (url.pathname.startsWith("/api/") || url.pathname === "/sw.js") return;

  if (SYMBOL_PATHS.some((path) => url.pathname.startsWith(path)) && !url.search) {
    event.respondWith((async () => (await fromSymbolPack(url.pathname)) || fetch(event.request))());
    return;
  }
  if (PRECACHE.includes(url.pathname) && !url.search) {
    event.respondWith((async () => (await fromShell(url.pathname)) || fetch(event.request))());
    return;
  }
  if (event.request.mode === "navigate") {
    event.respondWith((async () => {
      try {
        return await fetch(event.request);
      } catch (offline) {
        const language = await preferredLanguage();
        if (url.pathname === "/tablet") return (await fromShell(`/tablet/${language}`)) || Response.error();
        return (await fromShell(`/offline/${language}`)) || Response.error();
      }
    })());
  }
});
