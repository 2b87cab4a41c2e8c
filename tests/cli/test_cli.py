"""The command line as a user runs it: a separate process on a real file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.interchange_sample import sample

SRC = str(Path(__file__).resolve().parents[2] / "src")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": SRC, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "sessionlog", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


def python(script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``python -c script`` on this checkout's sources, with exactly ``env`` (and
    PYTHONPATH): what a fresh process of the command line imports and prints."""
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": SRC},
        timeout=120,
    )


def write(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_import_export_import_round_trip(tmp_path: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    source = write(tmp_path / "in.json", sample())
    result = run("--db", str(first), "import", str(source))
    assert result.returncode == 0, result.stderr
    assert "sessions: 2 new" in result.stdout
    out1 = tmp_path / "out1.json"
    assert run("--db", str(first), "export-json", "--out", str(out1)).returncode == 0
    assert out1.stat().st_mode & 0o777 == 0o600
    assert run("--db", str(second), "import", str(out1)).returncode == 0
    out2 = tmp_path / "out2.json"
    assert run("export-json", "--db", str(second), "--out", str(out2)).returncode == 0
    doc1, doc2 = json.loads(out1.read_text()), json.loads(out2.read_text())
    doc1.pop("exported_at")
    doc2.pop("exported_at")
    assert doc1 == doc2
    assert doc1["sessions"][0]["segments"][0]["start"] == "2026-03-02T09:00:00-05:00"
    assert doc1["clients"][0]["name"] == "Zoë Nguyễn"


def test_reimport_identical_changes_nothing_and_different_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    source = write(tmp_path / "in.json", sample())
    assert run("--db", str(db), "import", str(source)).returncode == 0
    again = run("--db", str(db), "import", str(source))
    assert again.returncode == 0
    assert "0 new, 2 already present" in again.stdout
    changed = sample()
    changed["sessions"][0]["response"] = "rewritten"
    changed["sessions"][1]["response"] = "also rewritten"
    result = run("--db", str(db), "import", str(write(tmp_path / "c.json", changed)))
    assert result.returncode == 2
    assert "session x1: id: stored note is signed and locked" in result.stderr
    assert "session x2: id: already stored with different content" in result.stderr


def test_bad_file_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    doc = sample()
    doc["sessions"][1]["objectives"] = ["o-unknown"]
    result = run("--db", str(db), "import", str(write(tmp_path / "bad.json", doc)))
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        "error: session x2: objectives: 'o-unknown' is not an objective in the client's plan"
    )
    assert "nothing was written" in result.stderr
    out = tmp_path / "out.json"
    assert run("--db", str(db), "export-json", "--out", str(out)).returncode == 0
    assert json.loads(out.read_text())["clients"] == []


def test_malformed_json_is_named_with_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "sessionlog/1",\n "payers": [,]}')
    result = run("--db", str(tmp_path / "a.db"), "import", str(bad))
    assert result.returncode == 2
    assert "malformed JSON at line 2" in result.stderr
    assert "Traceback" not in result.stderr


def test_sessions_for_existing_clients_import_alone(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    base = sample()
    sessions = base.pop("sessions")
    assert run("--db", str(db), "import", str(write(tmp_path / "base.json", base))).returncode == 0
    only = {"format": "sessionlog/1", "sessions": sessions}
    result = run("--db", str(db), "import", str(write(tmp_path / "s.json", only)))
    assert result.returncode == 0, result.stderr
    assert "sessions: 2 new" in result.stdout


def test_export_filters_by_client_and_period(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    assert (
        run("--db", str(db), "import", str(write(tmp_path / "in.json", sample()))).returncode == 0
    )
    out = tmp_path / "o.json"
    result = run(
        "--db",
        str(db),
        "export-json",
        "--client",
        "c1",
        "--from",
        "2026-03-03",
        "--to",
        "2026-03-03",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert [s["id"] for s in json.loads(out.read_text())["sessions"]] == ["x2"]
    missing = run("--db", str(db), "export-json", "--client", "nobody", "--out", str(out))
    assert missing.returncode == 2
    assert "No client with id 'nobody'" in missing.stderr
    backwards = run(
        "--db",
        str(db),
        "export-json",
        "--from",
        "2026-03-03",
        "--to",
        "2026-03-01",
        "--out",
        str(out),
    )
    assert backwards.returncode == 2


def test_demo_fills_empty_database_once(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = run("--db", str(db), "demo", "--today", "2026-11-20")
    assert result.returncode == 0, result.stderr
    assert "4 clients" in result.stdout
    again = run("--db", str(db), "demo")
    assert again.returncode == 2
    assert "already holds data" in again.stderr
    out = tmp_path / "demo.json"
    assert run("--db", str(db), "export-json", "--out", str(out)).returncode == 0
    doc = json.loads(out.read_text())
    signed = [s for s in doc["sessions"] if s["signed"]]
    unsigned = [s for s in doc["sessions"] if not s["signed"]]
    assert len(doc["clients"]) == 4 and len(doc["plans"]) == 4
    assert len(signed) > 20 and unsigned
    assert any(s["group"] for s in doc["sessions"])


def test_environment_variable_chooses_database(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    result = run("demo", env={"SESSIONLOG_DB": str(db)})
    assert result.returncode == 0, result.stderr
    assert str(db) in result.stdout
    assert db.exists()


@pytest.mark.parametrize("args", [["--version"], ["import", "--help"]])
def test_informational_commands(args: list[str], tmp_path: Path) -> None:
    result = run(*args)
    assert result.returncode == 0
    assert "sessionlog" in result.stdout


def test_no_client_data_in_log_on_failure(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    doc = sample()
    db = tmp_path / "a.db"
    run(
        "--db",
        str(db),
        "import",
        str(write(tmp_path / "in.json", doc)),
        env={"SESSIONLOG_LOG_DIR": str(logs)},
    )
    text = "".join(p.read_text() for p in logs.glob("*.log")) if logs.exists() else ""
    assert "Nguyễn" not in text


@pytest.mark.parametrize("application_id", [0, 1234])
def test_foreign_sqlite_file_is_refused_untouched(tmp_path: Path, application_id: int) -> None:
    from tests.store.test_database import write_foreign_file

    other = tmp_path / "recipes.db"
    before = write_foreign_file(other, application_id)
    result = run("--db", str(other), "import", str(write(tmp_path / "in.json", sample())))
    assert result.returncode == 2
    assert "is an SQLite file of another application, not a SessionLog database" in result.stderr
    assert "left untouched" in result.stderr
    assert "Traceback" not in result.stderr
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json", "recipes.db"]


def test_backup_command_writes_a_checked_copy(tmp_path: Path) -> None:
    """`sessionlog backup --out FILE` writes a snapshot and reports what it holds."""
    from sessionlog.store.backup import read_contents

    db = tmp_path / "live.sqlite3"
    assert run("--db", str(db), "demo", "--today", "2026-11-20").returncode == 0
    out = tmp_path / "copy.sqlite3"
    done = run("--db", str(db), "backup", "--out", str(out))
    assert done.returncode == 0, done.stderr
    contents = read_contents(out)
    assert f"{contents.clients} client(s), {contents.sessions} session(s)" in done.stdout
    assert contents.sessions > 0 and out.stat().st_mode & 0o777 == 0o600
    assert run("--db", str(db), "backup", "--out", str(db)).returncode == 2
    missing = run("--db", str(tmp_path / "none.sqlite3"), "backup", "--out", str(tmp_path / "x"))
    assert missing.returncode == 2 and "no database" in missing.stderr
    assert "Traceback" not in missing.stderr


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_import_no_heavy_library(flag: str) -> None:
    """Issue 12: --version and --help start almost as fast as bare Python because they
    load no Qt, PDF, SQL-helper or crypto library (counted, not timed)."""
    script = (
        "import sys\n"
        "from sessionlog.cli import main\n"
        f"try:\n    main([{flag!r}])\nexcept SystemExit:\n    pass\n"
        "heavy = ('PySide6', 'reportlab', 'sqlite_utils', 'cryptography', 'sqlite3', "
        "'sessionlog.store', 'sessionlog.core.models', 'logging', 'typing', 'pathlib')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))\n"
    )
    result = python(script, dict(os.environ))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    ("flag", "absent", "lang"),
    [
        ("--version", ("argparse", "re", "collections"), "C.UTF-8"),
        ("--help", ("argparse", "shutil", "textwrap"), "C.UTF-8"),
        ("--help", ("argparse", "babel", "sessionlog.core.language"), "es_US.UTF-8"),
    ],
)
def test_version_loads_no_parser_and_help_no_formatting_helpers(
    flag: str, absent: tuple[str, ...], lang: str
) -> None:
    """Issue 12: --version answers before argparse is imported; --help lays out its text
    without argparse (nor, in Spanish, the catalog and Babel) (counted, not timed)."""
    script = (
        "import sys\n"
        "from sessionlog.cli import main\n"
        f"try:\n    main([{flag!r}])\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {absent!r} if m in sys.modules))\n"
    )
    result = python(script, {**_without_locale(), "LANG": lang, "COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
    if flag == "--version":
        assert result.stdout.startswith("sessionlog ")


def test_help_lists_the_commands_as_the_full_parser_does(capsys) -> None:
    """`sessionlog --help` lists the commands without building their parsers (issue 12);
    what it prints is the full parser's help, word for word, and each listed command
    really exists."""
    from sessionlog.cli import build_parser, main

    assert main(["--help"]) == 0
    listed = capsys.readouterr().out
    build_parser().print_help()
    assert listed == capsys.readouterr().out
    assert "export-packet" in listed and "restore" in listed
    assert run("units", "--help").returncode == 0  # a command's own help is still built


def _without_locale() -> dict[str, str]:
    """This environment without the locale variables that would outrank LANG."""
    return {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}


_HELP_AT_EVERY_WIDTH = """
import json, os
from sessionlog import cli
kept = {}
for columns in range(20, 301):
    os.environ["COLUMNS"] = str(columns)
    kept[columns] = cli._kept_top_help()
cli._use_system_language()  # the catalog's words, through argparse
rows = []
for columns in range(20, 301):
    os.environ["COLUMNS"] = str(columns)
    rows.append((columns, kept[columns], cli.build_parser().format_help()))
print(json.dumps(rows))
"""


@pytest.mark.parametrize(("lang", "usage"), [("C.UTF-8", "usage: "), ("es_US.UTF-8", "uso: ")])
def test_help_laid_out_without_argparse_is_argparse_s_at_every_width(lang: str, usage: str) -> None:
    """`sessionlog --help` is laid out without argparse (issue 12: its import and parser
    were a third of a Python start; in Spanish, reading the catalog was three): what it
    prints is the full parser's help, character for character, from 20 to 300 columns;
    a terminal too narrow for the simple layout (a wrapped usage line) gets argparse's."""
    result = python(_HELP_AT_EVERY_WIDTH, {**_without_locale(), "LANG": lang})
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    laid_out = [columns for columns, kept, _ in rows if kept is not None]
    from sessionlog.cli import KEPT_HELP_PYTHONS

    if sys.version_info[:2] not in KEPT_HELP_PYTHONS:
        assert laid_out == []  # a Python not compared with the layout: argparse's
    else:
        assert laid_out == list(range(laid_out[0], 301)) and laid_out[0] <= 62
    for columns, kept, full in rows:
        assert full.startswith(usage + "sessionlog")
        assert kept in (None, full), columns


def test_the_kept_help_words_are_the_catalogs() -> None:
    """The Spanish (each translated language's) top-level help texts `--help` prints
    without the catalog are the catalog's today: after a translation changes, run
    packaging/update_cli_words.py."""
    from sessionlog.cli import help_words_from_catalog
    from sessionlog.cli_words import WORDS
    from sessionlog.core.language import DEFAULT_LANGUAGE, LOCALES

    assert set(WORDS) == set(LOCALES) - {DEFAULT_LANGUAGE}
    for code, kept in WORDS.items():
        assert help_words_from_catalog(code) == kept
        assert kept["argparse\x04usage: "] != "usage: "  # translated, not the source


def test_a_command_is_parsed_by_its_own_parser_as_by_the_full_one() -> None:
    """A command builds only its own parser (issue 12): each one's help and what it parses
    are the full parser's, and a word that names no command gets the full parser (whose
    error lists every command)."""
    import argparse

    from sessionlog.cli import _command_word, build_parser

    full = build_parser()
    sub = next(a for a in full._actions if isinstance(a, argparse._SubParsersAction))
    assert len(sub.choices) > 10
    for name, parser in sub.choices.items():
        narrow = build_parser(only=name)
        narrow_sub = next(a for a in narrow._actions if isinstance(a, argparse._SubParsersAction))
        assert list(narrow_sub.choices) == [name]
        assert narrow_sub.choices[name].format_help() == parser.format_help()
        assert narrow.format_help() == full.format_help()
    words = ["--db", "x.sqlite3", "units", "--from", "2025-01-01", "--to", "2025-12-31"]
    assert _command_word(words) == "units"
    assert vars(build_parser(only="units").parse_args(words)) == vars(full.parse_args(words))
    assert _command_word(["--db=x", "check"]) == "check"
    assert _command_word(["--help"]) is None
    nowhere = build_parser(only="no-such-command")
    assert nowhere.format_help() == full.format_help()


def test_the_user_name_is_getpass_s_without_importing_it(monkeypatch) -> None:
    """The audit's actor for a command: the login name getpass would give, from the
    environment or else the password database (getpass's import is a share of a start)."""
    import getpass

    from sessionlog.cli import _user_name

    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(name, raising=False)
    assert _user_name() == getpass.getuser()
    monkeypatch.setenv("USER", "coach-7")
    assert _user_name() == "coach-7" == getpass.getuser()


def test_restore_command_backs_up_first_and_reports_what_it_restored(tmp_path: Path) -> None:
    """`sessionlog restore FILE` with no app open: the backup is checked, the current file
    is backed up first, the database then holds the backup, and the counts are printed."""
    from sessionlog.services.backups import backup_folder
    from sessionlog.store.backup import read_contents

    db = tmp_path / "live.sqlite3"
    assert run("--db", str(db), "demo", "--today", "2026-11-20").returncode == 0
    saved = tmp_path / "friday.sqlite3"
    assert run("--db", str(db), "backup", "--out", str(saved)).returncode == 0
    backed_up = read_contents(saved)
    # After the backup the database changes: the restore must bring the backup's state back.
    imported = run("--db", str(db), "import", str(write(tmp_path / "in.json", sample())))
    assert imported.returncode == 0, imported.stderr
    changed = read_contents(db)
    assert changed.sessions > backed_up.sessions

    done = run("--db", str(db), "restore", str(saved))
    assert done.returncode == 0, done.stderr
    assert (
        f"{backed_up.clients} client(s), {backed_up.sessions} session(s), "
        f"{backed_up.signed_notes} signed note(s)" in done.stdout
    )
    assert read_contents(db).sessions == backed_up.sessions
    (safety,) = [
        p for p in backup_folder(db).iterdir() if p.name.endswith("-before-restore.sqlite3")
    ]
    assert read_contents(safety).sessions == changed.sessions  # the restore can be undone
    assert str(safety) in done.stdout


def test_restore_command_refuses_a_bad_backup_and_changes_nothing(tmp_path: Path) -> None:
    """A damaged, foreign or newer backup never replaces the database: one line, exit 2."""
    import sqlite3

    from sessionlog.services.backups import backup_folder

    db = tmp_path / "live.sqlite3"
    assert run("--db", str(db), "demo", "--today", "2026-11-20").returncode == 0
    newer = tmp_path / "newer.sqlite3"
    assert run("--db", str(db), "backup", "--out", str(newer)).returncode == 0
    conn = sqlite3.connect(newer)
    with conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('sessionlog', 'm999_from_the_future', '2030-01-01')"
        )
    conn.close()
    text = tmp_path / "notes.txt"
    text.write_text("not a database" * 50)
    before = db.read_bytes()
    for bad, reason in (
        (newer, "newer SessionLog"),
        (text, "not a SessionLog"),
        (tmp_path / "missing.sqlite3", "does not exist"),
        (db, "is the database itself"),
    ):
        refused = run("--db", str(db), "restore", str(bad))
        assert refused.returncode == 2, bad
        assert reason in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
        assert "Traceback" not in refused.stderr
    assert db.read_bytes() == before
    assert not backup_folder(db).exists()  # refused before anything was written


def _in_locale(lang: str, *args: str) -> subprocess.CompletedProcess[str]:
    from tests.cli.test_packet_cli import run as run_in_locale

    return run_in_locale(*args, lang=lang)


@pytest.mark.parametrize("lang", ["es_US.UTF-8", "es_ES.UTF-8"])
def test_the_command_line_speaks_spanish_on_a_spanish_system(tmp_path: Path, lang: str) -> None:
    """Help (argparse's own words too), a mistyped command line, a refusal and a command's
    report, in Spanish; no English left in the help."""
    helped = _in_locale(lang, "--help")
    assert helped.returncode == 0
    assert helped.stdout.startswith("uso: sessionlog")
    assert "opciones:" in helped.stdout and "comandos:" in helped.stdout
    assert "mostrar este mensaje de ayuda y salir" in helped.stdout
    assert "mostrar el número de versión del programa y salir" in helped.stdout
    assert "unidades facturables por línea de reclamación" in helped.stdout
    for english in ("usage:", "options:", "show this help", "billing units", "None"):
        assert english not in helped.stdout
    units_help = _in_locale(lang, "units", "--help").stdout
    assert "CSV: agregar las líneas retenidas" in units_help and "usage" not in units_help

    missing = _in_locale(lang, "units", "--from", "2026-03-01")
    assert missing.returncode == 2
    assert "error: faltan los siguientes argumentos obligatorios: --to" in missing.stderr
    bad_date = _in_locale(lang, "units", "--from", "2026-13-01", "--to", "2026-03-01")
    assert "error: argumento --from: '2026-13-01' no es una fecha" in bad_date.stderr

    db = tmp_path / "demo.sqlite3"
    made = _in_locale(lang, "--db", str(db), "demo", "--today", "2026-11-20")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"Carga de casos de demostración escrita en {db}: ")
    again = _in_locale(lang, "--db", str(db), "demo")
    assert again.returncode == 2
    assert f"error: {db} ya contiene datos;" in again.stderr
    saved = _in_locale(lang, "--db", str(db), "backup", "--out", str(tmp_path / "copy.db"))
    assert saved.stdout.startswith(f"Copia de seguridad de {db} en ")
    assert "nota(s) firmada(s)" in saved.stdout


def test_an_english_or_c_locale_keeps_the_commands_english_word_for_word(tmp_path: Path) -> None:
    """Scripts read this output: on an English or C locale it is the source text."""
    for lang in ("C", "C.UTF-8", "en_US.UTF-8"):
        helped = _in_locale(lang, "--help").stdout
        assert helped.startswith("usage: sessionlog")
        assert "  -h, --help         show this help message and exit" in helped
        missing = _in_locale(lang, "units", "--from", "2026-03-01")
        assert "error: the following arguments are required: --to" in missing.stderr
    db = tmp_path / "demo.sqlite3"
    made = _in_locale("en_US.UTF-8", "--db", str(db), "demo", "--today", "2026-11-20")
    assert made.stdout.startswith(f"Demo caseload written to {db}: ")


# units' plain form, read without argparse (issue 12), and forms left to argparse.
_UNITS_FORMS = [
    ["--db", "a.db", "units", "--from", "2025-01-01", "--to", "2025-12-31"],
    ["units", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "csv", "--all"],
    ["units", "--to", "2025-12-31", "--all", "--client", "c-1", "--from", "2025-01-01"],
    ["--db", "a.db", "units", "--db", "b.db", "--from", "2025-02-01", "--to", "2025-01-01"],
    ["units", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "json", "--client", ""],
]
_ARGPARSE_FORMS = [
    ["units", "--from", "2025-01-01"],  # --to missing
    ["units", "--from", "2025-01-01", "--to", "2025-13-01"],  # not a date
    ["units", "--from", "1800-01-01", "--to", "2025-12-31"],  # out of range
    ["units", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "xml"],
    ["units", "--from", "2025-01-01", "--to", "2025-12-31", "--client", "-x"],
    ["units", "--from", "2025-01-01", "--to", "2025-12-31", "--client"],
    ["units", "--from=2025-01-01", "--to", "2025-12-31"],
    ["units", "--fr", "2025-01-01", "--to", "2025-12-31"],  # an abbreviation
    ["units", "--from", "2025-01-01", "--to", "2025-12-31", "--to", "2025-06-30"],
    ["units", "--from", "2025-01-01", "--to", "2025-12-31", "--help"],
    ["units", "--from", "2025-01-01", "--to", "2025-12-31", "extra"],
    ["--db", "a.db", "export-json", "--out", "x.json"],
    ["--db=a.db", "units", "--from", "2025-01-01", "--to", "2025-12-31"],
]


@pytest.mark.parametrize("words", _UNITS_FORMS)
def test_units_plain_form_reads_as_argparse_does(words: list[str]) -> None:
    """`units`' plain form is read without argparse (its import and parser were a third of
    a Python start on every report): the same arguments, attribute for attribute."""
    from sessionlog import cli

    quick = cli._plain_units_args(words)
    assert quick is not None
    assert vars(quick) == vars(cli.build_parser().parse_args(words))


@pytest.mark.parametrize("words", _ARGPARSE_FORMS)
def test_anything_but_units_plain_form_is_left_to_argparse(words: list[str]) -> None:
    """Errors, help, repeated options and every other command keep argparse's reading."""
    from sessionlog import cli

    assert cli._plain_units_args(words) is None


def test_units_parses_without_argparse(tmp_path: Path) -> None:
    """A `units` report never imports argparse, even when it computes (here on an empty
    database; tests/cli/test_units_kept.py counts what the report from kept texts loads)."""
    script = (
        "import sys\n"
        "from sessionlog.cli import main\n"
        f"code = main(['--db', {str(tmp_path / 'a.db')!r}, 'units', '--from', '2025-01-01',"
        " '--to', '2025-12-31', '--format', 'csv'])\n"
        "print(code, 'argparse' in sys.modules)\n"
    )
    result = python(script, {**_without_locale(), "LANG": "C.UTF-8"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 False"
