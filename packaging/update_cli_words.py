"""Write src/sessionlog/cli_words.py: the top-level help's texts in each translated
language, as the "cli" catalog words them, so ``sessionlog --help`` prints them without
reading the catalog with Babel (issue 12: that read was three Python starts).
    .venv/bin/python packaging/update_cli_words.py   (update_translations.sh runs it)

``tests/cli/test_cli.py`` fails while the kept texts differ from the catalogs'.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "src" / "sessionlog" / "cli_words.py"

HEADER = '''\
"""The top-level help's texts in each translated language, keyed by English text
(argparse's own by "argparse\\\\x04" and the text): written by
packaging/update_cli_words.py from the "cli" catalogs; do not edit by hand.
``sessionlog --help`` reads them instead of the catalog (sessionlog.cli._kept_top_help).
"""

# ruff: noqa: E501  (catalog texts, one per line)

'''


def kept_words() -> dict[str, dict[str, str]]:
    sys.path.insert(0, str(ROOT / "src"))
    from sessionlog.cli import help_words_from_catalog
    from sessionlog.core.language import DEFAULT_LANGUAGE, LOCALES

    languages = sorted(code for code in LOCALES if code != DEFAULT_LANGUAGE)
    return {code: help_words_from_catalog(code) for code in languages}


def _quoted(text: str) -> str:
    """A Python string literal as ruff format writes it (double quotes)."""
    return json.dumps(text, ensure_ascii=False)


def module_text(words: dict[str, dict[str, str]]) -> str:
    lines = [HEADER + "WORDS: dict[str, dict[str, str]] = {"]
    for code, table in words.items():
        lines.append(f"    {_quoted(code)}: {{")
        lines += [f"        {_quoted(key)}: {_quoted(text)}," for key, text in table.items()]
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    TARGET.write_text(module_text(kept_words()), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
