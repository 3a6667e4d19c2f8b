// SofS Direct service worker (rendered by sofs_direct/tablet.py). Version {{ version }}.
//
// - The app shell (pages, scripts, styles, icons, catalogues) is precached per version and served
//   from the cache first, so the tablet app opens with no connection.
// - /api/ is never cached: it carries child data, and the tablet keeps that only encrypted.
// - Other pages need a connection; offline, the practitioner gets a page that says so.
// - A new version installs, then waits: the page tells it to take over only when nothing is unsent.
// - The symbol vocabulary is an optional pack: "Prepare for visits" fills its own cache (kept across
//   versions; static/js/tablet/symbols.js), and its URLs are answered from there first.

const VERSION = {{ version | tojson }};
const SHELL_CACHE = `sofs-shell-${VERSION}`;
const PRECACHE = {{ precache | tojson }};
const LANGUAGES = {{ languages | tojson }};
const PREFERENCES_CACHE = "sofs-preferences";
const SYMBOLS_CACHE = "sofs-symbols";
const SYMBOL_PATHS = {{ symbol_paths | tojson }};

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
    // Preparing asks past the cache ("no-cache") to refresh it: let that go to the server.
    if (event.request.cache === "no-cache" || event.request.cache === "reload") return;
    event.respondWith((async () => {
      const cache = await caches.open(SYMBOLS_CACHE);
      return (await cache.match(url.pathname)) || fetch(event.request);
    })());
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
