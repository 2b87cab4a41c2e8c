"""The Spanish catalogs of the layers below the GUI (resources/translations/messages) are
complete and consistent with the code (issue 16):

- every message the code of a domain asks for (``t(...)``, ``t.plural``, ``t.pgettext``,
  ``mark(...)``, and the shipped catalogs' names) is in its .po with a finished, non-fuzzy
  Spanish translation that keeps the message's ``{values}``, and nothing stale is left;
- no message is handed to ``t``/``mark`` as an f-string or text built on the spot (the
  extractor sees only literals: such a message would stay English forever); ``t`` may word
  a constant that ``mark(...)`` put in the catalog.

``bash packaging/update_translations.sh`` refreshes the catalogs from the code.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po

from sessionlog.core.language import EXTRACT_KEYWORDS, Domain, catalog_path

ROOT = Path(__file__).resolve().parents[2]
FIELD = re.compile(r"(?<!\{)\{([a-z_]+)[^{}]*\}")


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_messages", ROOT / "packaging" / "update_messages.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


UPDATE = _script()
DOMAINS = sorted(UPDATE.DOMAINS)


def _key(message) -> tuple[str | None, str]:
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return (message.context, msgid)


def _forms(message) -> list[str]:
    string = message.string
    return list(string) if isinstance(string, tuple | list) else [string or ""]


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_of_the_domain_has_a_finished_spanish_translation(domain: str):
    wanted = {_key(m): m for m in UPDATE.code_messages(domain) if m.id}
    with open(catalog_path(domain, "es"), "rb") as handle:
        catalog = read_po(handle)
    present = {_key(m): m for m in catalog if m.id}
    problems = []
    for key, code_message in sorted(wanted.items(), key=str):
        found = present.get(key)
        english = code_message.id if isinstance(code_message.id, tuple) else (code_message.id,)
        if found is None:
            problems.append(f"not in {domain}.po: {key[1]!r}")
            continue
        if found.fuzzy:
            problems.append(f"fuzzy: {key[1]!r}")
        for form in _forms(found):
            if not form.strip():
                problems.append(f"untranslated: {key[1]!r}")
                break
            # A translation keeps every value the English message is given (and no other).
            if set(FIELD.findall(form)) != set(FIELD.findall(english[-1])):
                problems.append(f"changes the {{values}}: {key[1]!r} -> {form!r}")
    stale = set(present) - set(wanted)
    problems += [f"stale (no longer in the code): {key[1]!r}" for key in sorted(stale, key=str)]
    assert not problems, (
        f"{domain}.po is behind the code; run bash packaging/update_translations.sh and "
        "translate:\n" + "\n".join(problems)
    )


def test_the_core_domain_is_the_code_and_the_shipped_names():
    messages = {_key(m)[1] for m in UPDATE.code_messages("core") if m.id}
    assert "Supported employment" in messages  # resources/service_codes.json
    assert "Client's home" in messages  # resources/places_of_service.json


def _calls_with_unextractable_messages(path: Path, root: Path = ROOT) -> list[str]:
    """Calls of a message keyword whose message argument is not a plain string literal."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        # ``t(...)`` and ``mark(...)`` by name; ``.plural``/``.pgettext``/``.later`` on a domain.
        if name in ("plural", "pgettext", "later"):
            owner = func.value if isinstance(func, ast.Attribute) else None
            if not (isinstance(owner, ast.Name) and owner.id == "t"):
                continue
        elif name not in ("t", "mark") or isinstance(func, ast.Attribute):
            continue
        spec = EXTRACT_KEYWORDS[name]
        positions = [0] if spec is None else [p[0] if isinstance(p, tuple) else p for p in spec]
        for position in positions:
            index = position - 1 if spec is not None else 0
            if index >= len(node.args):
                found.append(f"{path.relative_to(root)}:{node.lineno}: {name}() lacks a message")
                continue
            argument = node.args[index]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                continue
            # A constant marked elsewhere (``t(FLAG_DESCRIPTIONS[f])``) is fine for ``t``;
            # text built here never is: the extractor cannot see it.
            built = {ast.JoinedStr: "an f-string", ast.BinOp: "built with + or %"}
            kind = next((w for k, w in built.items() if isinstance(argument, k)), None)
            if kind is None and isinstance(argument, ast.Call):
                kind = "built with a call such as .format()"
            if kind is None and name == "mark":
                kind = "not a literal"
            if kind is not None:
                found.append(f"{path.relative_to(root)}:{node.lineno}: {name}() message is {kind}")
    return found


@pytest.mark.parametrize("domain", DOMAINS)
def test_no_message_is_an_f_string_or_built_text(domain: str):
    sources, _names = UPDATE.DOMAINS[domain]
    assert sources, f"the {domain} domain has no sources"
    found = [problem for path in sources for problem in _calls_with_unextractable_messages(path)]
    assert not found, "write the message as a literal with named values:\n" + "\n".join(found)


def test_the_check_catches_an_f_string_message(tmp_path: Path):
    source = tmp_path / "bad.py"
    source.write_text(
        'name = "x"\nt(f"Client {name} has no ID")\nt.plural("a " + w, "{count} days", 2)\n'
        't("Client {name}", name=name)\nt(WORDS[name])\nmark(name)\nt("{0}".format(1))\n'
        't.later(f"row {name}")\n'
    )
    assert _calls_with_unextractable_messages(source, tmp_path) == [
        "bad.py:2: t() message is an f-string",
        "bad.py:3: plural() message is built with + or %",
        "bad.py:6: mark() message is not a literal",
        "bad.py:7: t() message is built with a call such as .format()",
        "bad.py:8: later() message is an f-string",
    ]


def test_a_domain_words_its_messages_in_the_current_language():
    from sessionlog.core.language import current_language, set_language, using_language

    core = Domain("core")
    assert current_language() == ""  # the source text until the GUI or CLI sets one
    assert core("Supported employment") == "Supported employment"
    with using_language("es"):
        assert core("Supported employment") == "Empleo con apoyo"
    assert core("Supported employment") == "Supported employment"
    set_language("es")
    try:
        assert core("Supported employment") == "Empleo con apoyo"
        with using_language("en"):  # a packet in English from a Spanish GUI
            assert core("Supported employment") == "Supported employment"
    finally:
        set_language("")
    with pytest.raises(ValueError, match="fr"):
        set_language("fr")


def test_a_phrase_is_worded_in_the_language_it_is_read_in():
    """A record-check problem is found once and read in the GUI's language and in a
    packet's: its wording waits until it is read."""
    from sessionlog.core.language import using_language

    services = Domain("services")
    found = services.later(
        "session {session}: {problem}",
        session="s-1",
        problem=services.later("marked signed without a signature"),
    )
    assert str(found) == "session s-1: marked signed without a signature"
    with using_language("es"):
        assert str(found) == "sesión s-1: marcada como firmada sin firma"
