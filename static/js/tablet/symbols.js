// The symbol vocabulary on the tablet: the catalogue (static/symbols/catalogue.json, docs/symbols.md),
// a symbol's word in a language, search in both languages, its picture, and keeping it offline.
//
// Main decision: the vocabulary is an optional pack, not part of the app shell: the service worker
// does not precache it (so it never counts toward the shell's size); "Prepare for visits" fills a
// cache of its own ("sofs-symbols", keepSymbolsOffline) and the service worker answers symbol URLs
// from it. Search ranks exactly as the server does (sofs_direct/artefacts/symbols.py, search), on
// the same fold (tools/folding.js sameName), in English and Welsh at once: a worker may type "Nain"
// in an English session or "school" in a Welsh one.

import { element } from "./dom.js";
import { sameName } from "../tools/folding.js";

export const SYMBOLS_CACHE = "sofs-symbols";
const CATALOGUE_URL = "/static/symbols/catalogue.json";
const LANGUAGES = ["en", "cy"];
// Below this many letters a query matches only at the start of a word (as the server's ANYWHERE_FROM).
const ANYWHERE_FROM = 3;
// How many pictures "Prepare for visits" fetches at once: enough to be quick, few enough to leave
// the connection to the prepare itself.
const FETCHES_AT_ONCE = 6;

let loading = null;
let catalogue = null;
let byId = new Map();
let searchable = []; // [{symbol, words: [folded], keywords: [folded]}], in catalogue order

function index(loaded) {
  catalogue = loaded;
  byId = new Map(loaded.symbols.map((symbol) => [symbol.id, symbol]));
  searchable = loaded.symbols.map((symbol) => ({
    symbol,
    words: LANGUAGES.map((language) => sameName(symbol.words[language] || "")),
    keywords: LANGUAGES.flatMap((language) => (symbol.keywords[language] || []).map(sameName)),
  }));
  return loaded;
}

// The catalogue, fetched once (offline, from the symbols cache through the service worker). A failed
// fetch is not kept, so the next screen tries again.
export function loadSymbols() {
  if (!loading) {
    loading = fetch(CATALOGUE_URL)
      .then((response) => {
        if (!response.ok) throw new Error(`symbols: ${response.status}`);
        return response.json();
      })
      .then(index)
      .catch((error) => {
        loading = null;
        throw error;
      });
  }
  return loading;
}

export function symbolById(id) {
  return byId.get(id) ?? null;
}

// The groups, in catalogue order, each with the symbols in it.
export function symbolGroups() {
  if (!catalogue) return [];
  return catalogue.groups.map((group) => ({ ...group, symbols: catalogue.symbols.filter((symbol) => symbol.group === group.id) }));
}

// The symbol's word in the language; English where it has none.
export function symbolWords(symbol, language) {
  return symbol.words[language] || symbol.words.en;
}

function rank(term, query, isWord) {
  if (term === query) return isWord ? 0 : 1;
  if (term.startsWith(query)) return 2;
  if ([" ", "-", "'"].some((mark) => term.includes(mark + query))) return 3;
  if ([...query].length >= ANYWHERE_FROM && term.includes(query)) return 4;
  return null;
}

// The symbols whose words or keywords, in either language, match the query, best first (the same
// ranking as the server's search): a word that is the query, a keyword that is, ones that start with
// it, ones with a word inside that starts with it, then (from three letters) ones that contain it.
export function searchSymbols(query) {
  const wanted = sameName(query || "");
  if (!wanted) return [];
  const found = [];
  searchable.forEach(({ symbol, words, keywords }, order) => {
    const ranks = [...words.map((term) => rank(term, wanted, true)), ...keywords.map((term) => rank(term, wanted, false))]
      .filter((value) => value !== null);
    if (ranks.length) found.push({ best: Math.min(...ranks), order, symbol });
  });
  return found.sort((a, b) => a.best - b.best || a.order - b.order).map((entry) => entry.symbol);
}

// The symbol's picture, decorative: the control it is in is named by the word, in the interface language.
export function symbolPicture(symbol, className = "app-symbol__picture") {
  return element("img", { src: `/static/${symbol.file}`, alt: "", class: className, "aria-hidden": "true", draggable: "false" });
}

// Every URL the vocabulary needs offline: the catalogue and each picture once.
function symbolUrls(loaded) {
  return [CATALOGUE_URL, ...new Set(loaded.symbols.map((symbol) => `/static/${symbol.file}`))];
}

// Fill the symbols cache for visits (called by "Prepare for visits", while online). Each URL is asked
// for again with "no-cache", so a changed picture replaces the old one and an unchanged one costs a
// 304; entries the catalogue no longer names are dropped. Resolves to the number of URLs kept.
export async function keepSymbolsOffline() {
  if (!("caches" in window)) return 0;
  const response = await fetch(CATALOGUE_URL, { cache: "no-cache" });
  if (!response.ok) throw new Error(`symbols: ${response.status}`);
  const loaded = await response.clone().json();
  const urls = symbolUrls(loaded);
  const cache = await caches.open(SYMBOLS_CACHE);
  const queue = urls.slice(1);
  const fetchEach = async () => {
    while (queue.length) {
      const url = queue.shift();
      const picture = await fetch(url, { cache: "no-cache" });
      if (!picture.ok) throw new Error(`symbols: ${url} ${picture.status}`);
      await cache.put(url, picture);
    }
  };
  await Promise.all(Array.from({ length: FETCHES_AT_ONCE }, fetchEach));
  await cache.put(CATALOGUE_URL, response); // last: a cached catalogue means its pictures are cached too
  const wanted = new Set(urls.map((url) => new URL(url, location.origin).href));
  for (const request of await cache.keys()) {
    if (!wanted.has(request.url)) await cache.delete(request);
  }
  index(loaded);
  loading = Promise.resolve(loaded);
  return urls.length;
}
