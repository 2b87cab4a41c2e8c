#!/usr/bin/env bash
# Regenerate the GUI's Qt Linguist sources and compiled catalogs, and the gettext catalogs
# of the layers below it (step 4):
#   bash packaging/update_translations.sh
# 1. pyside6-lupdate collects every tr()/translate()/QT_TRANSLATE_NOOP string of the GUI into
#    resources/translations/sessionlog_<lang>.ts (new strings arrive "unfinished"; strings no
#    longer in the code are dropped). Locations are not stored, so moving code does not
#    change the .ts.
# 2. Translate the unfinished strings (pyside6-linguist, or any editor).
#    sessionlog_en.ts holds only the counted phrases ("%n note(s)"), whose English singular
#    and plural forms Qt takes from a catalog like any other language's.
# 3. pyside6-lrelease compiles each .ts into the .qm the app loads, and the .ts content's
#    SHA-256 is recorded beside it: tests/ui/test_translations.py fails on a stale .qm.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${PYSIDE_BIN:-$root/.venv/bin}"
dir="$root/resources/translations"
cd "$root"
sources=(src/sessionlog/ui src/sessionlog/app.py)
for ts in "$dir"/sessionlog_*.ts; do
    only=()
    [[ "$ts" == */sessionlog_en.ts ]] && only=(-pluralonly)
    "$bin/pyside6-lupdate" -extensions py -no-obsolete -locations none "${only[@]}" \
        "${sources[@]}" -ts "$ts"
    "$bin/pyside6-lrelease" -removeidentical "$ts" -qm "${ts%.ts}.qm"
    sha256sum "$ts" | cut -d' ' -f1 > "${ts%.ts}.qm.sha256"
done
# 4. The messages of the layers below the GUI (core, services/store/export): Babel extracts
#    t()/mark() literals into resources/translations/messages/<lang>/LC_MESSAGES/<domain>.po
#    (new messages arrive untranslated; tests/core/test_messages_catalog.py fails until they
#    are translated). docs/translations.md.
"$bin/python" packaging/update_messages.py
# 5. The top-level help's texts in each translated language, kept beside cli.py so
#    `sessionlog --help` prints them without reading the catalog (issue 12;
#    tests/cli/test_cli.py fails while they differ from the catalogs').
"$bin/python" packaging/update_cli_words.py
