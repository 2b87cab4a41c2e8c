"""Extract the messages of the layers below the GUI into their gettext catalogs:
    .venv/bin/python packaging/update_messages.py   (update_translations.sh runs it)

For each domain (``DOMAINS``: its source files and shipped data names), Babel extracts the
``t(...)``, ``t.plural(...)``, ``t.pgettext(...)`` and ``mark(...)`` literals
(``sessionlog.core.language.EXTRACT_KEYWORDS``) and updates
``resources/translations/messages/<language>/LC_MESSAGES/<domain>.po`` for every language
there: a new message arrives with an empty translation (no fuzzy guesses), a message no
longer in the code is dropped, a kept one keeps its translation. Locations are file names
without line numbers, so moving code does not change the catalogs.
``tests/core/test_messages_catalog.py`` fails until every new message is translated.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "sessionlog"
MESSAGES = ROOT / "resources" / "translations" / "messages"

# The packet's own wording (export/packet, services/packet.py) is the packet domain, kept
# in resources/translations/packet by hand (docs/packet.md).
_PACKET = {SRC / "services" / "packet.py"}


def _python(*folders: str, skip: tuple[str, ...] = ()) -> list[Path]:
    found = []
    for folder in folders:
        for path in sorted((SRC / folder).rglob("*.py")):
            relative = path.relative_to(SRC).as_posix()
            if path not in _PACKET and not relative.startswith(skip):
                found.append(path)
    return found


def _catalog_names() -> Iterator[tuple[str, str]]:
    """The shipped catalogs' names a person reads: service codes and places of service."""
    codes = json.loads((ROOT / "resources" / "service_codes.json").read_text(encoding="utf-8"))
    for row in codes["codes"]:
        yield row["description"], "resources/service_codes.json"
    places = json.loads((ROOT / "resources" / "places_of_service.json").read_text("utf-8"))
    for row in places["places"]:
        yield row["name"], "resources/places_of_service.json"


# domain -> (Python sources, whether the shipped catalogs' names belong to it)
DOMAINS: dict[str, tuple[list[Path], bool]] = {
    "core": (_python("core"), True),
    "services": (_python("services", "store", "export", skip=("export/packet/",)), False),
    # The command line's own wording (help, outputs, argparse's texts): cli.py.
    "cli": ([SRC / "cli.py"], False),
}


def code_messages(domain: str) -> Catalog:
    """What the code (and data) of ``domain`` asks to be translated today."""
    sys.path.insert(0, str(ROOT / "src"))
    from sessionlog.core.language import EXTRACT_KEYWORDS

    sources, with_names = DOMAINS[domain]
    template = Catalog(domain=domain, fuzzy=False)
    for path in sources:
        where = path.relative_to(ROOT).as_posix()
        for _line, message, comments, context in extract_from_file(
            "python", str(path), keywords=dict(EXTRACT_KEYWORDS), comment_tags=("Translators:",)
        ):
            template.add(
                message, locations=[(where, None)], auto_comments=comments, context=context
            )
    if with_names:
        for name, where in _catalog_names():
            template.add(name, locations=[(where, None)])
    return template


def update(domain: str, language: str) -> Path:
    path = MESSAGES / language / "LC_MESSAGES" / f"{domain}.po"
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=language, domain=domain)
    created = catalog.creation_date  # a rerun with nothing new leaves the file as it was
    catalog.update(code_messages(domain), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.creation_date = created
    catalog.last_translator = "SessionLog contributors"
    catalog.msgid_bugs_address = ""
    with open(path, "wb") as handle:
        write_po(handle, catalog, width=96, include_lineno=False, sort_output=True)
    return path


def main() -> None:
    for language_dir in sorted(p for p in MESSAGES.iterdir() if p.is_dir()):
        for domain in DOMAINS:
            path = update(domain, language_dir.name)
            print(f"updated {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
