// Translations for JavaScript: the same gettext catalogue as the templates (sofs_direct/i18n.py),
// served as JSON at /i18n/<lang>.json and precached for offline use. English is the source text.
//
// Main decision: `_` speaks the page's language. A child's screen may be in another one (a Welsh
// story on an English tablet): `translatorFor(language)` gives that language's `_` once
// `loadLanguage(language)` has fetched its catalogue, so a screen never mixes two languages.

const catalogues = { en: {} };
let catalogue = {};
let currentLanguage = "en";

// A language's catalogue, fetched once (from the offline cache when there is no connection).
export async function loadLanguage(language) {
  if (!(language in catalogues)) {
    try {
      const response = await fetch(`/i18n/${language}.json`);
      catalogues[language] = response.ok ? await response.json() : {};
    } catch (_unreachable) {
      return {}; // not kept: the next screen tries again
    }
  }
  return catalogues[language];
}

export async function loadCatalogue(language) {
  currentLanguage = language;
  catalogue = await loadLanguage(language);
}

function fill(text, variables) {
  return text.replace(/%\((\w+)\)s/g, (_match, name) => String(variables[name] ?? ""));
}

// _("Sent %(count)s", { count: 3 }) — the same placeholder style as Python's gettext.
export function _(message, variables = {}) {
  return fill(catalogue[message] || message, variables);
}

// `_` for another language than the page's; null until loadLanguage(language) has finished.
export function translatorFor(language) {
  const table = language === currentLanguage ? catalogue : catalogues[language];
  if (!table) return null;
  return (message, variables = {}) => fill(table[message] || message, variables);
}

// "23 November at 12:36" / "23 Tachwedd am 12:36": times in the page's language.
export function formatTime(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(currentLanguage === "cy" ? "cy-GB" : "en-GB",
    { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
}
