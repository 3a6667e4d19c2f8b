// Translations for JavaScript: the same gettext catalogue as the templates (sofs_direct/i18n.py),
// served as JSON at /i18n/<lang>.json and precached for offline use. English is the source text.

let catalogue = {};

export async function loadCatalogue(language) {
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
