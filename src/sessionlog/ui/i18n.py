"""The GUI's language: which translation is loaded at start, and the helpers that mark text.

Strings are translated where they are shown (``self.tr`` in widgets,
``QCoreApplication.translate`` elsewhere). Module-level text is evaluated at import, before
any translator is installed, so it is only *marked* with ``QT_TRANSLATE_NOOP`` (which
``pyside6-lupdate`` recognises by name) and translated at the place it is shown.
The language is the system locale's unless Setup ▸ Language chose one; it is applied at
start (a change takes effect at the next start), for Qt's strings and for the messages of the
layers below (``sessionlog.core.language.set_language``) alike.

Counts are Qt numerus forms: ``self.tr("%n note(s)", "", n)``, never an "s" added in code
(Spanish, like English, has its own singular and plural, and they differ from English's).
English needs a catalog too, holding only those plural forms ("%n note" / "%n notes"):
it is installed in every language, below the language's own catalog.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)

from sessionlog import APPLICATION_NAME
from sessionlog.assets import resource_path
from sessionlog.core.language import DEFAULT_LANGUAGE, LOCALES, set_language

LANGUAGE_KEY = "language"
SYSTEM = ""  # the setting's value when the system locale decides
# Languages the GUI ships, by their code, with their own name (a user who cannot read the
# current language still finds theirs).
LANGUAGES = {"en": "English", "es": "Español"}
TRANSLATIONS_DIR = ("translations",)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate knows
    """Mark ``text`` for translation in ``context`` without translating it now."""
    return text


class Count:
    """Counted phrases said outside a widget's own methods, in the context "Count".

    pyside6-lupdate records a plural only for ``<name>.tr(text, "", n)``: its parser of
    ``QCoreApplication.translate(context, text, "", n)`` takes a variable ``n`` for an
    encoding argument and drops the plural. Such code therefore writes
    ``Count.tr("%n client(s)", "", n)``, which lupdate files under the context "Count".
    """

    @staticmethod
    def tr(text: str, disambiguation: str, n: int) -> str:
        return QCoreApplication.translate("Count", text, disambiguation, n)


def translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def settings() -> QSettings:
    return QSettings(APPLICATION_NAME, APPLICATION_NAME)


def chosen_language(store: QSettings | None = None) -> str:
    """The language code Setup chose, or SYSTEM."""
    value = (store or settings()).value(LANGUAGE_KEY, SYSTEM)
    return value if isinstance(value, str) and value in LANGUAGES else SYSTEM


def choose_language(code: str, store: QSettings | None = None) -> None:
    (store or settings()).setValue(LANGUAGE_KEY, code if code in LANGUAGES else SYSTEM)


def effective_locale(store: QSettings | None = None) -> QLocale:
    """The locale the GUI uses: the chosen language with the system's country when they
    agree (Spanish on a Spanish-US system stays es_US), else English (US) or Spanish
    (Mexico); a system language the GUI does not ship falls back to English (US)."""
    code = chosen_language(store)
    system = QLocale.system()
    if code == SYSTEM:
        language = system.language()
        if QLocale(language).name().split("_")[0] not in LANGUAGES:
            return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
        return system
    wanted = QLocale(code)
    if system.language() == wanted.language():
        return system
    if code == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    # Spanish as US agencies' clients write it: Latin American (Mexican) conventions.
    return QLocale(QLocale.Language.Spanish, QLocale.Country.Mexico) if code == "es" else wanted


def qm_path(code: str) -> str:
    return str(resource_path(*TRANSLATIONS_DIR, f"sessionlog_{code}.qm"))


def install_translators(app: QCoreApplication, store: QSettings | None = None) -> QLocale:
    """Load SessionLog's translation (and Qt's own, for standard buttons) for the chosen
    language; English needs only its plural forms. Returns the locale the GUI formats with."""
    locale = effective_locale(store)
    QLocale.setDefault(locale)
    install_english_plurals(app)
    code = locale.name().split("_")[0]
    # The messages of the layers below (validation, unit explanations, catalog names) in the
    # same language, with its date formats.
    set_language(code if code in LOCALES else DEFAULT_LANGUAGE)
    if code == "en":
        return locale
    ours = QTranslator(app)
    if ours.load(qm_path(code)):
        app.installTranslator(ours)
    qt_own = QTranslator(app)
    if qt_own.load(
        locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt_own)
    return locale


def install_english_plurals(app: QCoreApplication) -> QTranslator:
    """English's singular and plural of every counted phrase ("1 note", "2 notes"); without
    it Qt shows the source text ("2 note(s)"). Installed first, so a language's own catalog,
    installed after it, answers before it."""
    english = QTranslator(app)
    if english.load(qm_path("en")):  # shipped with the app; a test checks it loads
        app.installTranslator(english)
    return english
