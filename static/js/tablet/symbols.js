// The symbol vocabulary on the tablet: the catalogue (static/symbols/catalogue.json, docs/symbols.md),
// a symbol's word in a language, search in both languages, its picture, and keeping it offline.
//
// Main decision: the vocabulary is an optional pack, not part of the app shell: the service worker
// does not precache it (so it never counts toward the shell's size); "Prepare for visits" keeps it,
// as one response holding every file, in a cache of its own ("sofs-symbols", keepSymbolsOffline),
// and the service worker answers each symbol URL out of it. Search ranks exactly as the server does (sofs_direct/artefacts/symbols.py, search), on
// the same fold (tools/folding.js sameName), in English and Welsh at once: a worker may type "Nain"
// in an English session or "school" in a Welsh one.

import { element } from "./dom.js";
import { sameName } from "../tools/folding.js";

export const SYMBOLS_CACHE = "sofs-symbols";
const CATALOGUE_URL = "/static/symbols/catalogue.json";
const SYMBOL_PACK = "/tablet/symbols.json"; // sofs_direct/tablet.py SYMBOL_PACK
const LANGUAGES = ["en", "cy"];
// Below this many letters a query matches only at the start of a word (as the server's ANYWHERE_FROM).
const ANYWHERE_FROM = 3;

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

// Keep the vocabulary for visits (called by "Prepare for visits", while online): the pack, every file
// in one response (sofs_direct/tablet.py symbol_pack), into the symbols cache, where the service
// worker answers each symbol URL from. Asked with "no-cache": an unchanged pack costs a 304.
// Resolves to the number of files kept.
export async function keepSymbolsOffline() {
  if (!("caches" in window)) return 0;
  const response = await fetch(SYMBOL_PACK, { cache: "no-cache" });
  if (!response.ok) throw new Error(`symbols: ${response.status}`);
  const pack = await response.clone().json();
  await (await caches.open(SYMBOLS_CACHE)).put(SYMBOL_PACK, response);
  const loaded = JSON.parse(pack.files[CATALOGUE_URL]);
  index(loaded);
  loading = Promise.resolve(loaded);
  return Object.keys(pack.files).length;
}
