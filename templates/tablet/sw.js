// SofS Direct service worker (rendered by sofs_direct/tablet.py). Version {{ version }}.
//
// - The app shell (pages, scripts, styles, icons, catalogues) is precached per version and served
//   from the cache first, so the tablet app opens with no connection.
// - The packs (each tool's folder, the ink and its pictures; sofs_direct/tablet_files.py) are not
//   precached: each file is kept in the same versioned cache when first fetched, and all of them when
//   the worker prepares for visits (KEEP_PACKS). A file is kept only if its content hash is the one
//   this version lists, so a tool's code never runs beside another version's shell; a prepared tablet
//   keeps every pack across an update (install fetches them again, copying the unchanged ones).
// - /api/ is never cached: it carries child data, and the tablet keeps that only encrypted.
// - Other pages need a connection; offline, the practitioner gets a page that says so.
// - A new version installs, then waits: the page tells it to take over only when nothing is unsent.
// - The symbol vocabulary is an optional pack: "Prepare for visits" keeps it, as one JSON of every
//   file, in a cache of its own (kept across versions; static/js/tablet/symbols.js), and each
//   symbol URL is answered out of it first.

const VERSION = {{ version | tojson }};
const SHELL_CACHE = `sofs-shell-${VERSION}`;
const PRECACHE = {{ precache | tojson }};
const PACKS = {{ packs | tojson }}; // every pack file's URL -> its content hash in this version
const PACKS_KEPT = "/__packs-kept"; // in the shell cache: this tablet was prepared, so updates keep every pack
const PACK_FETCHES = 6; // at once, as a browser's own limit per server
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

// The file is this version's: its ETag (platform/compression.py) is its content hash.
function thisVersion(response, path) {
  return response.ok && (response.headers.get("ETag") || "").includes(PACKS[path]);
}

async function keepPackFile(cache, path, older) {
  for (const old of older) {
    const kept = await old.match(path);
    if (kept && thisVersion(kept, path)) return cache.put(path, kept); // unchanged: no transfer
  }
  const response = await fetch(new Request(path, { cache: "no-cache", credentials: "same-origin" }));
  if (!thisVersion(response, path)) throw new Error("not this version's file");
  return cache.put(path, response);
}

// Keep every pack file not kept yet (a few at a time); resolves to {kept, failed}.
async function keepPacks(older = []) {
  const cache = await caches.open(SHELL_CACHE);
  const missing = [];
  for (const path of Object.keys(PACKS)) if (!(await cache.match(path))) missing.push(path);
  let failed = 0;
  const fetcher = async () => {
    for (let path = missing.shift(); path; path = missing.shift()) {
      await keepPackFile(cache, path, older).catch(() => { failed += 1; });
    }
  };
  await Promise.all(Array.from({ length: PACK_FETCHES }, fetcher));
  if (!failed) await cache.put(PACKS_KEPT, new Response("kept"));
  return { kept: Object.keys(PACKS).length - failed, failed };
}

// A pack file: from the cache, else fetched and kept, if it is this version's. Offline and not kept,
// the fetch fails and so does the tool's import (the home screen says to connect and prepare).
async function fromPack(path) {
  const cache = await caches.open(SHELL_CACHE);
  const kept = await cache.match(path);
  if (kept) return kept;
  const response = await fetch(new Request(path, { credentials: "same-origin" }));
  if (!thisVersion(response, path)) return new Response("", { status: 503, statusText: "Another version" });
  await cache.put(path, response.clone());
  return response;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    // "reload": fetch from the server, not from the browser's HTTP cache.
    await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload", credentials: "same-origin" })));
    // A prepared tablet stays prepared: it may be offline the next time it opens. If a pack cannot be
    // kept, the install fails and the old version (with its packs) carries on until the next try.
    // A version from before the packs precached the tools with the shell: it counts as prepared.
    const older = [];
    for (const name of await caches.keys()) {
      if (name.startsWith("sofs-shell-") && name !== SHELL_CACHE) older.push(await caches.open(name));
    }
    const oneTool = Object.keys(PACKS).find((path) => path.startsWith("/static/js/tools/"));
    const marks = await Promise.all(older.flatMap((old) => [old.match(PACKS_KEPT), oneTool && old.match(oneTool)]));
    const prepared = marks.some(Boolean);
    if (prepared && (await keepPacks(older)).failed) throw new Error("the packs could not be kept");
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
  if (event.data && event.data.type === "KEEP_PACKS") {
    event.waitUntil(keepPacks().then((answer) => event.ports[0] && event.ports[0].postMessage(answer)));
  }
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
  if (Object.hasOwn(PACKS, url.pathname) && !url.search) {
    event.respondWith(fromPack(url.pathname));
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
