"""Translations: one gettext catalogue per language for templates, Python and JavaScript.

Main decision: Babel directly, not Flask-Babel. The catalogues are the `.po` files in
`sofs_direct/translations/<lang>/LC_MESSAGES/messages.po`, compiled in memory when the app starts,
so there is no compile step to forget and no binary `.mo` in git. The same catalogue is served as
JSON at `/i18n/<lang>.json` for the JavaScript modules, so a string is translated in one place.

English is the source language. Welsh must be treated no less favourably than English (Welsh
Language (Wales) Measure 2011), so a test fails when any extracted string lacks a Welsh translation.

The language is chosen per request: the language switched to on screen (kept in the session), else
the signed-in user's preference, else the browser's Accept-Language, else English.
"""

from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages import pofile
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.support import LazyProxy, Translations
from flask import Blueprint, abort, current_app, g, has_request_context, jsonify, redirect, request, session

from . import PROJECT_ROOT
from .compression import compressed

CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "translations"  # sofs_direct/translations
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}
# Where translatable strings live and how Babel reads them.
EXTRACTION_METHODS = [
    ("sofs_direct/**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("sofs_direct/**.html", "jinja2"),  # each kind's own templates (sofs_direct/tools/<kind>/templates)
    ("static/js/**.js", "javascript"),
]
KEYWORDS = {"_": None, "_l": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None}

bp = Blueprint("i18n", __name__)


def po_path(language: str) -> Path:
    return CATALOGUE_DIR / language / "LC_MESSAGES" / "messages.po"


def read_catalogue(language: str) -> Catalog:
    with open(po_path(language), "rb") as handle:
        return pofile.read_po(handle, locale=language)


def _compile(catalog: Catalog) -> Translations:
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer)


@lru_cache(maxsize=8)
def _read_once(language: str, stamp: tuple) -> Catalog:
    """The catalogue parsed once for each version of its file (`stamp`: its mtime and size): every app
    made in one process (a test run makes over a thousand) shares one parse, and an edited catalogue
    is read again. Callers only read it; `read_catalogue` gives a fresh copy to change."""
    return read_catalogue(language)


def _stamp(language: str) -> tuple:
    """The version of the language's catalogue file: its mtime and size."""
    status = po_path(language).stat()
    return status.st_mtime_ns, status.st_size


def _catalogue_for_app(language: str) -> Catalog:
    return _read_once(language, _stamp(language))


@lru_cache(maxsize=8)
def _compiled_once(language: str, stamp: tuple) -> Translations:
    """The catalogue compiled once for each version of its file, as it is parsed once (_read_once):
    compiling it again for every app was a fifth of making one. Apps only read their translations."""
    return _compile(_read_once(language, stamp))


def load_translations(languages) -> dict[str, Translations]:
    loaded = {}
    for language in languages:
        loaded[language] = _compiled_once(language, _stamp(language)) if po_path(language).exists() else Translations()
    return loaded


def select_language() -> str:
    supported = current_app.config["SUPPORTED_LANGUAGES"]
    switched = session.get("lang")
    if switched in supported:
        return switched
    user = g.get("user")
    if user is not None and user["language"] in supported:
        return user["language"]
    return request.accept_languages.best_match(supported) or supported[0]


def get_language() -> str:
    if not has_request_context():
        return "en"
    if "language" not in g:
        g.language = select_language()
    return g.language


def _translations() -> Translations:
    return current_app.extensions["sofs_translations"][get_language()]


def gettext(message: str, **variables) -> str:
    translated = _translations().gettext(message)
    return translated % variables if variables else translated


def ngettext(singular: str, plural: str, count: int, **variables) -> str:
    variables.setdefault("num", count)
    return _translations().ngettext(singular, plural, count) % variables


def lazy_gettext(message: str, **variables) -> LazyProxy:
    """For strings defined at import time (form labels): translated when rendered."""
    return LazyProxy(gettext, message, enable_cache=False, **variables)


_ = gettext
_l = lazy_gettext


def extract_messages() -> Catalog:
    """Every translatable string in the code, templates and JavaScript."""
    catalog = Catalog(project="SofS Direct", locale=None)
    for path in ("sofs_direct", "templates", "static/js"):
        directory = PROJECT_ROOT / path
        if not directory.exists():
            continue
        # Patterns are relative to the folder searched: "static/js/**.js" becomes "**.js" there.
        methods = [
            (pattern[len(path) + 1 :], method)
            for pattern, method in EXTRACTION_METHODS
            if pattern.startswith(path + "/")
        ]
        for filename, lineno, message, comments, context in extract_from_dir(
            str(directory),
            method_map=methods,
            keywords=KEYWORDS,
            # Template strings too: the tablet builds labels like `${_("Start")}: ${title}`.
            options_map={"**.html": {"extensions": "jinja2.ext.i18n"}, "**.js": {"parse_template_string": True}},
        ):
            catalog.add(message, None, [(f"{path}/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def update_catalogue(language: str) -> tuple[int, int]:
    """Merge newly extracted strings into a language's .po; returns (strings, untranslated)."""
    template = extract_messages()
    path = po_path(language)
    if path.exists():
        catalog = read_catalogue(language)
        catalog.update(template, no_fuzzy_matching=True)
    else:
        catalog = Catalog(locale=language, project="SofS Direct")
        catalog.update(template, no_fuzzy_matching=True)
    catalog.fuzzy = False  # the header is maintained, not a machine guess
    catalog.copyright_holder = "SofS Direct"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "SofS Direct team"
    catalog.language_team = "Cymraeg"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        pofile.write_po(handle, catalog, ignore_obsolete=True, width=100, sort_output=True)
    untranslated = sum(1 for message in catalog if message.id and not message.string)
    return len([m for m in catalog if m.id]), untranslated


def javascript_catalogue(language: str) -> dict:
    """The language's translations for the JavaScript modules, with the months' names (dates.month_names).

    Only the messages found in static/js: the scripts translate only literals (the extractor's rule,
    EXTRACTION_METHODS), and the tablet keeps this file in its offline shell, where the pages'
    messages would more than double its size."""
    if language == "en":
        return {}
    from .dates import month_names  # dates formats with this module's language: imported here, not above

    catalogue = month_names(language)
    for message in _catalogue_for_app(language):
        if not any(path.startswith("static/js/") for path, _line in message.locations):
            continue
        if message.id and message.string and not message.fuzzy and isinstance(message.id, str):
            catalogue[message.id] = message.string
    return catalogue


@lru_cache(maxsize=8)
def _javascript_catalogue_once(language: str, stamp: tuple) -> dict:
    """Made once for each version of the catalogue, as it is parsed once: apps only read it."""
    return javascript_catalogue(language)


@bp.get("/i18n/<lang>.json")
@compressed  # the Welsh catalogue is the largest file the tablet's shell fetches
def catalogue_json(lang):
    if lang not in current_app.config["SUPPORTED_LANGUAGES"]:
        abort(404)
    response = jsonify(current_app.extensions["sofs_js_catalogues"][lang])
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.post("/language")
def switch_language():
    """The language switch shown on every screen: applies to this sign-in, not the saved preference."""
    from .validation import safe_local_path

    lang = request.form.get("lang", "")
    if lang not in current_app.config["SUPPORTED_LANGUAGES"]:
        abort(400)
    session["lang"] = lang
    return redirect(safe_local_path(request.form.get("next")), code=303)


def init_app(app):
    languages = app.config["SUPPORTED_LANGUAGES"]
    app.extensions["sofs_translations"] = load_translations(languages)
    app.extensions["sofs_js_catalogues"] = {
        lang: _javascript_catalogue_once(lang, _stamp(lang)) if po_path(lang).exists() else {} for lang in languages
    }
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(
        lambda message: _translations().gettext(message),
        lambda singular, plural, count: _translations().ngettext(singular, plural, count),
        newstyle=True,
    )

    @app.context_processor
    def language_context():
        return {"current_language": get_language(), "language_names": LANGUAGE_NAMES}
