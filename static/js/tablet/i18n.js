// Translations for JavaScript: the same gettext catalogue as the templates (sofs_direct/platform/i18n.py),
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

// --- dates and times ------------------------------------------------------------------------------
// As the server writes them (sofs_direct/platform/dates.py): in the interface language, on the UK's clock.
// Intl does it where the browser knows the language. Debian's Chromium has no Welsh in its ICU data:
// Intl answers "cy-GB" in American English ("December 7 at 04:11 AM"). There, the numbers still come
// from Intl (on the UK's clock) and the month's name from this catalogue, which holds each month's
// name by its English name, from the CLDR data the server's own dates use (dates.month_names), so a
// Welsh screen never shows an English month.

const LOCALES = { en: "en-GB", cy: "cy-GB" };
const UK = "Europe/London";
const known = new Map();

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
  "November", "December"];
const monthName = (month) => _(MONTHS[month - 1]);

function intlLocale() {
  const locale = LOCALES[currentLanguage] || LOCALES.en;
  if (!known.has(locale)) known.set(locale, Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0);
  return known.get(locale) ? locale : null;
}

function numbers(date, timeZone, options) {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, ...options }).formatToParts(date);
  return Object.fromEntries(parts.map((part) => [part.type, part.value]));
}

// "23 November at 12:36" / "23 Tachwedd am 12:36": when something happened, as a UK clock showed it.
export function formatTime(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const locale = intlLocale();
  if (locale) {
    return date.toLocaleString(locale, { timeZone: UK, day: "numeric", month: "long", hour: "2-digit", minute: "2-digit",
      hourCycle: "h23" });
  }
  const { day, month, hour, minute } = numbers(date, UK,
    { day: "numeric", month: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  // Number(): en-GB pads a numeric day beside a numeric month ("02/07").
  return _("%(day)s at %(time)s", { day: `${Number(day)} ${monthName(Number(month))}`, time: `${hour}:${minute}` });
}

// "27 March 2026" / "27 Mawrth 2026": a calendar day (YYYY-MM-DD), never moved by a clock.
export function formatDay(isoDay) {
  if (!isoDay) return "";
  const [year, month, day] = String(isoDay).split("-").map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (Number.isNaN(date.getTime())) return String(isoDay);
  const locale = intlLocale();
  if (locale) return date.toLocaleDateString(locale, { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });
  return `${day} ${monthName(month)} ${year}`;
}
