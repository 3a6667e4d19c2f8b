// Translations for JavaScript: the same gettext catalogue as the templates (sofs_direct/i18n.py),
// served as JSON at /i18n/<lang>.json and precached for offline use. English is the source text.

let catalogue = {};
let currentLanguage = "en";

export async function loadCatalogue(language) {
  currentLanguage = language;
  if (language === "en") {
    catalogue = {};
    return;
  }
  const response = await fetch(`/i18n/${language}.json`);
  catalogue = response.ok ? await response.json() : {};
}

// _("Sent %(count)s", { count: 3 }) — the same placeholder style as Python's gettext.
export function _(message, variables = {}) {
  const text = catalogue[message] || message;
  return text.replace(/%\((\w+)\)s/g, (_match, name) => String(variables[name] ?? ""));
}

// "23 November at 12:36" / "23 Tachwedd am 12:36": times in the page's language.
export function formatTime(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(currentLanguage === "cy" ? "cy-GB" : "en-GB",
    { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
}

// "18 November 2025" / "18 Tachwedd 2025": a day (YYYY-MM-DD, no time) in the page's language, as
// formatTime does for a moment. Read as that calendar day, not as midnight UTC shifted to local time.
export function formatDay(isoDay) {
  if (!isoDay) return "";
  const [year, month, day] = isoDay.split("-").map(Number);
  return new Date(year, month - 1, day).toLocaleDateString(currentLanguage === "cy" ? "cy-GB" : "en-GB",
    { day: "numeric", month: "long", year: "numeric" });
}
