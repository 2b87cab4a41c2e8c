"""Command line: ``sessionlog`` with no command opens the app; with one, runs it.

Imports are lazy (issue 12: within 2x a bare Python start): ``--version`` loads
nothing at all, ``--help`` lays out argparse's text without argparse (nor, in Spanish,
the catalog: ``sessionlog.cli_words``), and each command imports only what it uses.
"""

from __future__ import annotations

import codecs
import io
import os
import sys

from sessionlog import __version__

# Not typing.TYPE_CHECKING: importing typing (and pathlib) costs --version a measurable
# share of a bare Python start; mypy treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    import logging
    from collections.abc import Callable, Sequence
    from datetime import date
    from pathlib import Path
    from typing import Any

    from sessionlog.core.interchange import InterchangeError
    from sessionlog.instance import DatabaseLock
    from sessionlog.store import Store

    Handler = Callable[[argparse.Namespace], int]


def _log() -> logging.Logger:
    """The command line's logger, configured on first use: a command that logs nothing
    (``units`` from kept lines) never imports logging (issue 12)."""
    import logging

    from sessionlog.logs import configure_logging

    configure_logging()
    return logging.getLogger("sessionlog")


EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1


class UsageError(Exception):
    """Bad command-line input, worded for the user."""


# ---- the command line's language ---------------------------------------------


class _Words:
    """The command line's messages (catalog domain "cli", docs/translations.md), in the
    language of the system locale as the GUI's default is: ``t("Wrote {file}", file=...)``.
    An English, C or unset locale prints the source text, the English of the code with ISO
    dates, without importing the catalog machinery at all (``--help`` starts as fast as
    before, and scripts that read the output see what they always saw)."""

    domain: Any = None  # sessionlog.core.language.Domain once a translated language is on

    def __call__(self, message: str, /, **values: object) -> str:
        if self.domain is not None:
            return str(self.domain(message, **values))
        return message.format(**values) if values else message

    def plural(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        if self.domain is not None:
            return str(self.domain.plural(singular, plural, count, **values))
        return (singular if count == 1 else plural).format(count=count, **values)

    def pgettext(self, context: str, message: str, /) -> str:
        return str(self.domain.pgettext(context, message)) if self.domain else message


t = _Words()


def _locale_name() -> str:
    """The user's locale as gettext looks it up (the first of LANGUAGE's list)."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return value.split(":")[0]
    return ""


def _system_locale() -> tuple[str, str]:
    """The system locale's name and its language part ("es_US.UTF-8", "es"); the part is
    "" for a locale whose messages are the source text (English, C, POSIX, none)."""
    name = _locale_name()
    if not name:
        import locale

        name = locale.getlocale()[0] or ""
    base = name.split(".")[0].split("@")[0].replace("-", "_").lower().split("_")[0]
    return name, "" if base in ("c", "posix", "en") else base


def _use_system_language() -> None:
    """The command line and the layers below it speak the system locale's language, as
    the GUI does by default. An English (or unknown) locale keeps the source text, ISO
    dates included: what scripts that read this output have always seen."""
    name, base = _system_locale()
    if not base:
        return  # the source text: nothing more to import
    from sessionlog.core.language import (
        DEFAULT_LANGUAGE,
        Domain,
        language_from_locale,
        set_language,
    )

    code = language_from_locale(name)
    if code == DEFAULT_LANGUAGE:
        return
    set_language(code)
    t.domain = Domain("cli")
    _translate_argparse()


def _translate_argparse() -> None:
    """argparse words its own texts (usage, options, its errors) through the module's
    ``_`` and ``ngettext`` (gettext's "argparse" domain, which Python ships in no
    language): they are put through the "cli" catalog, context "argparse"."""
    import argparse

    def gettext(message: str) -> str:
        # argparse also passes None (a subparser group without a description).
        return t.pgettext("argparse", message) if message else message

    def ngettext(singular: str, plural: str, count: int) -> str:
        return gettext(singular if count == 1 else plural)

    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


def _plain_argparse() -> None:
    """argparse's texts as written. Each one it prints is looked up in gettext's
    "argparse" domain, which no Python ships in any language: a lookup on disk per text
    (and the locale module imported) that changes nothing, a tenth of ``--help``."""
    import argparse

    def gettext(message: str) -> str:
        return message

    def ngettext(singular: str, plural: str, count: int) -> str:
        return singular if count == 1 else plural

    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


# argparse's own texts a user of these commands can meet, for the catalog: the ones its
# parser prints for help and for a mistyped command line.
_ARGPARSE_TEXTS = (
    t.pgettext("argparse", "usage: "),
    t.pgettext("argparse", "options"),
    t.pgettext("argparse", "positional arguments"),
    t.pgettext("argparse", "show this help message and exit"),
    t.pgettext("argparse", "show program's version number and exit"),
    t.pgettext("argparse", "%(prog)s: error: %(message)s\n"),
    t.pgettext("argparse", "argument %(argument_name)s: %(message)s"),
    t.pgettext("argparse", "the following arguments are required: %s"),
    t.pgettext("argparse", "invalid choice: %(value)r (choose from %(choices)s)"),
    t.pgettext("argparse", "invalid %(type)s value: %(value)r"),
    t.pgettext("argparse", "expected one argument"),
    t.pgettext("argparse", "expected at least one argument"),
    t.pgettext("argparse", "expected at most one argument"),
    t.pgettext("argparse", "unrecognized arguments: %s"),
    t.pgettext("argparse", "ambiguous option: %(option)s could match %(matches)s"),
    t.pgettext("argparse", "ignored explicit argument %r"),
    t.pgettext("argparse", "not allowed with argument %s"),
    t.pgettext("argparse", "one of the arguments %s is required"),
)


def _accepted_date(text: str) -> date | None:
    """The date a date argument names, when it is one the command line accepts."""
    from datetime import date

    from sessionlog.core.years import year_in_range

    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if year_in_range(day.year) else None


def _date_arg(text: str) -> date:
    """A date argument, read and worded as every other path reads a date (core.limits)."""
    day = _accepted_date(text)
    if day is not None:
        return day
    # argparse, the wording (and the catalogs it may load) only for a date that is refused.
    import argparse
    from datetime import date

    from sessionlog.core import limits

    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is None:
        raise argparse.ArgumentTypeError(limits.not_a_date(text))
    problem = limits.date_problem(day)
    raise argparse.ArgumentTypeError(t("{text}: {problem}", text=text, problem=problem))


def _open_store(args: argparse.Namespace, *, writes: bool = False, reads: bool = False):
    """The store of ``--db``; a command that ``writes`` first takes the writer's lock
    (held until the command ends), so it never writes beside the open app. A protected
    database is unlocked first; a new one is created protected when
    ``$SESSIONLOG_PASSPHRASE`` is set. A command that only ``reads`` records (a report,
    an export) leaves missing protective triggers to the next open that repairs them
    (the app's, ``check``): comparing them costs rebuilding the schema in memory."""
    from sessionlog.paths import prepare_data_folder, resolve_db_path
    from sessionlog.store import Store, closed_by_its_last_user, open_database

    path = resolve_db_path(args.db)
    prepare_data_folder(path)
    if writes:
        _take_writer_lock(args, path)
    _unlock_if_protected(path)
    new_passphrase = os.environ.get(PASSPHRASE_ENV_VAR) if not path.exists() else None
    # The full integrity check only when due (first open of a day, a file the app did not
    # close cleanly or that changed since): at ten years it reads seconds of pages.
    db = open_database(
        path, passphrase=new_passphrase, verify="when-due", repair_triggers=not reads
    )
    store = Store(db, actor=f"cli:{_user_name()}")
    _opened.append((store, path, closed_by_its_last_user(path)))
    return store, path


PASSPHRASE_ENV_VAR = "SESSIONLOG_PASSPHRASE"
# sessionlog.paths.DB_ENV_VAR, named here: importing paths (pathlib, platformdirs) would
# cost the quick units report a third of a Python start.
DB_ENV_VAR = "SESSIONLOG_DB"
NEW_PASSPHRASE_ENV_VAR = "SESSIONLOG_NEW_PASSPHRASE"


def _unlock_if_protected(path: Path) -> None:
    """Ask for (or read) the passphrase of a protected database and check it."""
    from sessionlog.services import protection

    if not path.exists() or not protection.is_protected(path):
        return
    protection.unlock(path, _secret(t("Passphrase (or recovery key) for {path}: ", path=path)))


def _secret(prompt: str) -> str:
    """``$SESSIONLOG_PASSPHRASE`` for scripts, else typed on the terminal (not echoed)."""
    from_env = os.environ.get(PASSPHRASE_ENV_VAR)
    if from_env is not None:
        return from_env
    return _ask(prompt, t("set {variable}", variable=PASSPHRASE_ENV_VAR))


def _ask(prompt: str, hint: str) -> str:
    import getpass

    if not sys.stdin.isatty():
        raise UsageError(
            t("the database is protected and there is no terminal to ask on; {hint}", hint=hint)
        )
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise UsageError(t("no passphrase was typed; nothing was changed")) from None


def _new_secret() -> str:
    """A new passphrase: ``$SESSIONLOG_NEW_PASSPHRASE`` (for change-passphrase) or
    ``$SESSIONLOG_PASSPHRASE`` (for protect), else typed twice on the terminal."""
    from sessionlog.services.protection import check_new_passphrase

    for name in (NEW_PASSPHRASE_ENV_VAR, PASSPHRASE_ENV_VAR):
        if os.environ.get(name) is not None:
            check_new_passphrase(os.environ[name])
            return os.environ[name]
    hint = t("set {variable}", variable=NEW_PASSPHRASE_ENV_VAR)
    first = _ask(t("New passphrase (at least 8 characters): "), hint)
    check_new_passphrase(first)
    if _ask(t("The same passphrase again: "), hint) != first:
        raise UsageError(t("the two passphrases differ; nothing was changed"))
    return first


def _take_writer_lock(args: argparse.Namespace, path: Path) -> None:
    from sessionlog.instance import DatabaseLock

    lock = DatabaseLock(path)
    if not lock.acquire():
        pid = lock.holder_pid()
        holder = _holder(pid)
        if not getattr(args, "wait", False):
            raise UsageError(
                t(
                    "{path} is open in {holder}; close it first, or add --wait to wait until "
                    "it closes (read-only commands such as units and export-packet work "
                    "meanwhile)",
                    path=path,
                    holder=holder,
                )
            )
        print(t("Waiting for {holder} to close {path}…", holder=holder, path=path), file=sys.stderr)
        lock.acquire(timeout_ms=-1)
    _held_locks.append(lock)


def _holder(pid: int | None) -> str:
    if pid:
        return t("SessionLog (process {pid})", pid=pid)
    return t("another SessionLog process")


# Writer locks of this run, released when the command ends (see main).
_held_locks: list[DatabaseLock] = []

# Stores this run opened: (store, its file, whether no app had the file open then).
_opened: list[tuple[Store, Path, bool]] = []


def _close_stores() -> None:
    """Close what the command opened and, when no app had the file open, record it as
    closed cleanly, as the app does when it quits. Without that, the file a command
    changed (its write-ahead log checkpointed away, billing draws kept) no longer
    matches the stamp, and the next command reran the full integrity check: seconds at
    ten years, on every ``units`` (issue 12; docs/reliability.md, "When the integrity
    check runs")."""
    if not _opened:
        return
    from sessionlog.store import mark_closed

    while _opened:
        store, path, was_closed = _opened.pop()
        store.db.close()
        if was_closed:
            mark_closed(path)


def _user_name() -> str:
    # What getpass.getuser() reads first, without importing getpass (and termios).
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if os.environ.get(name):
            return os.environ[name]
    # Then the password database, as getpass.getuser() does next (without its import).
    try:
        import pwd
    except ImportError:  # Windows: getpass has its own ways there
        import getpass

        try:
            return getpass.getuser()
        except Exception:  # no login name in some service contexts
            return "unknown"
    try:
        return pwd.getpwuid(os.getuid())[0]
    except KeyError:  # no login name in some service contexts (a container's uid)
        return "unknown"


# ---- commands ------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sessionlog.services.interchange import import_file

    store, _ = _open_store(args, writes=True)
    result = import_file(store, Path(args.file))
    print(t("Imported {file}: {summary}", file=args.file, summary=result.summary()))
    return EXIT_OK


def cmd_export_json(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sessionlog.services.interchange import export_file

    _check_period(args)
    store, _ = _open_store(args, reads=True)
    if args.client:
        store.client(args.client)  # NotFoundError names the id
    counts = export_file(
        store, Path(args.out), client_id=args.client, start=args.from_date, end=args.to_date
    )
    print(
        t(
            "Wrote {file}: {clients} client(s), {sessions} session(s)",
            file=args.out,
            clients=counts.clients,
            sessions=counts.sessions,
        )
    )
    return EXIT_OK


def cmd_units(args: argparse.Namespace) -> int:
    _check_period(args)
    if args.all and args.format != "csv":
        raise UsageError(t("--all applies to --format csv (the table and JSON list every line)"))
    # In the source text (an English or C locale), every day of the period kept: the
    # report (CSV, JSON or table) is read from the kept texts alone, without opening the
    # store (issue 12).
    explicit = args.db or os.environ.get(DB_ENV_VAR)
    if t.domain is None and explicit:
        from sessionlog.services.kept_units import kept_units_text

        text = kept_units_text(
            os.path.expanduser(explicit),
            args.from_date,
            args.to_date,
            args.client,
            args.format,
            args.all,
        )
        if text is not None:
            sys.stdout.write(text)
            return EXIT_OK
    _start_of_store_command()
    from sessionlog.export.units_report import render
    from sessionlog.services.billing import billing_lines

    store, _ = _open_store(args, reads=True)
    lines = billing_lines(store, client_id=args.client, start=args.from_date, end=args.to_date)
    text = render(
        lines,
        args.format,
        clients={c.id: c for c in store.clients(include_archived=True)},
        staff={m.id: m for m in store.staff_members()},
        payers={p.id: p for p in store.payers()},
        agency=store.agency(),
        include_all=args.all,
    )
    sys.stdout.write(text)
    return EXIT_OK


def cmd_export_837(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sessionlog.services.claims import export_837

    _check_period(args)
    store, _ = _open_store(args, reads=True)
    if args.client:
        store.client(args.client)  # NotFoundError names the id
    try:
        result = export_837(
            store,
            Path(args.out),
            start=args.from_date,
            end=args.to_date,
            client_id=args.client,
            payer_id=args.payer,
        )
    except ValueError as exc:
        raise UsageError(t("{problem}; nothing was written", problem=exc)) from None
    batch = result.batch
    print(
        t(
            "Wrote {file}: {claims} claim(s), {units} units, charges {total}",
            file=args.out,
            claims=len(batch.claims),
            units=batch.units,
            total=format(batch.total, ".2f"),
        )
    )
    if batch.left_out:
        print(t("Left out ({count}):", count=len(batch.left_out)))
        for reason in batch.left_out:
            print(f"  - {reason}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from sessionlog.services.demo import load_demo

    store, path = _open_store(args, writes=True)
    if not store.is_empty() and not args.force:
        raise UsageError(
            t(
                "{path} already holds data; demo data goes into an empty database "
                "(use --db NEW_FILE, or --force to add it anyway)",
                path=path,
            )
        )
    summary = load_demo(store, today=args.today).value
    print(t("Demo caseload written to {path}: {summary}", path=path, summary=summary))
    return EXIT_OK


# ---- documentation packet (issue #6) ----------------------------------------


def _system_packet_language() -> str:
    """The packet language of the user's locale (English when it is not one we have).
    From the core's language module, not the packet's: that one imports the packet's
    renderer (reportlab, pypdf), a third of every command's start (issue 12)."""
    import locale

    from sessionlog.core.language import system_language

    return system_language(os.environ, locale.getlocale()[0])


def cmd_export_packet(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sessionlog.export.packet import PacketError
    from sessionlog.services.packet import build_packet

    _check_period(args)
    # Not reads=True: the packet's record check would then report a missing protective
    # trigger that the open repairs (and audits) before it.
    store, _ = _open_store(args)
    try:
        result = build_packet(
            store,
            args.client,
            args.from_date,
            args.to_date,
            Path(args.out),
            paper=args.paper,
            include_unsigned=args.include_unsigned,
            force=args.force,
            language=args.language or _system_packet_language(),
        )
    except PacketError as exc:
        raise UsageError(str(exc)) from None
    left_out = (
        t(", {count} unsigned note(s) left out", count=result.notes_left_out)
        if result.notes_left_out
        else ""
    )
    print(
        t(
            "Wrote {file}: {pages} page(s), {notes} note(s), {lines} billing line(s)"
            "{left_out}; sha256 {sha256}",
            file=result.path,
            pages=result.pages,
            notes=result.notes_included,
            lines=result.lines,
            left_out=left_out,
            sha256=result.sha256,
        )
    )
    return EXIT_OK


def cmd_verify_packet(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sessionlog.export.packet import verify_packet
    from sessionlog.export.signing import KeyFileError, read_public_key

    path = Path(args.file)
    if not path.is_file():
        raise UsageError(t("{path} does not exist or is not a file", path=path))
    trusted = None
    if args.key:
        try:
            trusted = read_public_key(Path(args.key))
        except KeyFileError as exc:
            raise UsageError(str(exc)) from None
    outcome = verify_packet(path, trusted, rerender=args.rerender)
    if outcome.ok:
        pages = (
            t("{count} page(s) match the embedded content", count=outcome.pages)
            if outcome.laid_out
            else t(
                "{count} page(s) stored as the agency key signed them with the embedded content",
                count=outcome.pages,
            )
        )
        signer = (
            t("signed by the agency key {key}", key=outcome.key_fingerprint)
            if outcome.key_checked
            else t(
                "signed by key {key} (not compared with the agency's public key: pass "
                "--key agency.pub)",
                key=outcome.key_fingerprint,
            )
        )
        print(
            t(
                "OK {path}: {pages}; {signer}; sha256 {sha256}",
                path=path,
                pages=pages,
                signer=signer,
                sha256=outcome.sha256,
            )
        )
        return EXIT_OK
    for problem in outcome.problems:
        print(_error(problem), file=sys.stderr)
    print(
        t("FAILED {path}: this file is not the packet it claims to be.", path=path),
        file=sys.stderr,
    )
    return EXIT_FAILURE


def cmd_export_key(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sessionlog.services.signing import export_public_key

    store, _ = _open_store(args)
    fingerprint = export_public_key(store, Path(args.out))
    print(t("Wrote {file}: public key, fingerprint {key}", file=args.out, key=fingerprint))
    return EXIT_OK


# ---- end documentation packet ----------------------------------------------


# ---- backups (issue #14) -----------------------------------------------------


def _describe(contents) -> str:
    return t(
        "{clients} client(s), {sessions} session(s), {signed} signed note(s)",
        clients=contents.clients,
        sessions=contents.sessions,
        signed=contents.signed_notes,
    )


def cmd_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sessionlog.paths import resolve_db_path
    from sessionlog.services.backups import back_up_to

    path = resolve_db_path(args.db)
    out = Path(args.out)
    if out.resolve() == path.resolve():
        raise UsageError(t("--out is the database itself; choose another file"))
    _unlock_if_protected(path)
    contents = back_up_to(path, out)
    print(
        t("Backed up {path} to {out}: {contents}", path=path, out=out, contents=_describe(contents))
    )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the database with a backup: refused while the app (or another writer)
    holds the database; the backup is checked and the current file backed up first."""
    from datetime import datetime
    from pathlib import Path

    from sessionlog.paths import prepare_data_folder, resolve_db_path
    from sessionlog.services.backups import restore

    path = resolve_db_path(args.db)
    source = Path(args.file)
    if source.exists() and path.exists() and source.resolve() == path.resolve():
        raise UsageError(t("{source} is the database itself; choose a backup file", source=source))
    prepare_data_folder(path)
    _take_writer_lock(args, path)
    # A protected database's key also opens its backups.
    _unlock_if_protected(path)
    # Backup names carry the laptop's local time, as the app's own backups do.
    result = restore(source, path, now=datetime.now())
    print(
        t(
            "Restored {source} into {path}: {contents}",
            source=source,
            path=path,
            contents=_describe(result.restored),
        )
    )
    if result.safety_copy is not None:
        print(t("The database as it was is kept in {file}", file=result.safety_copy))
    return EXIT_OK


# ---- end backups -------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    store, path = _open_store(args)
    restored = store.triggers_restored_at_open()
    if restored:
        print(
            t(
                "warning: {count} protective trigger(s) were missing and were put back "
                "at open: {names}",
                count=len(restored),
                names=", ".join(restored),
            ),
            file=sys.stderr,
        )
    report = store.check_record()
    for problem in report.problems:
        print(_error(problem.message), file=sys.stderr)
    start = t("; hashing began {when}", when=report.chain_start) if report.chain_start else ""
    stream = sys.stdout if report.ok else sys.stderr
    print(
        t("{summary} ({path}{start})", summary=report.summary(), path=path, start=start),
        file=stream,
    )
    return EXIT_OK if report.ok and not restored else EXIT_FAILURE


# ---- encryption at rest (issue #13) ---------------------------------------------


def _lock_for_protection(path: Path) -> None:
    """Protecting replaces the file: never while the app or a command has it open."""
    from sessionlog.instance import DatabaseLock

    if not path.is_file():
        raise UsageError(t("there is no database at {path}", path=path))
    lock = DatabaseLock(path)
    if not lock.acquire():
        holder = _holder(lock.holder_pid())
        raise UsageError(
            t(
                "{path} is open in {holder}; close it first. Nothing was changed.",
                path=path,
                holder=holder,
            )
        )
    _held_locks.append(lock)


def _print_recovery_key(key: str) -> None:
    print(
        t(
            "Recovery key (it also unlocks the database; it is shown only now, print it or "
            "keep it somewhere safe, away from this computer):"
        )
    )
    print(f"  {key}")


def cmd_protect(args: argparse.Namespace) -> int:
    from sessionlog.paths import resolve_db_path
    from sessionlog.services import protection

    path = resolve_db_path(args.db)
    _lock_for_protection(path)
    if protection.is_protected(path):
        raise UsageError(t("{path} is already protected; use change-passphrase", path=path))
    result = protection.protect(path, _new_secret())
    print(
        t(
            "Protected {path}: encrypted with your passphrase; {copies}",
            path=path,
            copies=_copies_line(result),
        )
    )
    if args.recovery_key:
        _print_recovery_key(result.recovery_key)
    return EXIT_OK


def cmd_change_passphrase(args: argparse.Namespace) -> int:
    from sessionlog.paths import resolve_db_path
    from sessionlog.services import protection

    path = resolve_db_path(args.db)
    _lock_for_protection(path)
    if not protection.is_protected(path):
        raise UsageError(t("{path} is not protected; use protect", path=path))
    protection.unlock(
        path, _secret(t("Current passphrase (or recovery key) for {path}: ", path=path))
    )
    result = protection.change_passphrase(path, _new_secret())
    print(
        t(
            "Changed the passphrase of {path}; the old passphrase and recovery key no longer "
            "open it; {copies}",
            path=path,
            copies=_copies_line(result),
        )
    )
    if args.recovery_key:
        _print_recovery_key(result.recovery_key)
    return EXIT_OK


def _copies_line(result) -> str:
    line = t("{count} backup(s) beside it re-encrypted with it", count=result.copies_protected)
    if result.copies_left:
        line += t(
            "; {count} older backup(s) keep their own passphrase: {names}",
            count=len(result.copies_left),
            names=", ".join(p.name for p in result.copies_left),
        )
    return line


# ---- end encryption at rest ---------------------------------------------------


def cmd_gui(args: argparse.Namespace) -> int:
    from sessionlog.app import end_process, run_gui
    from sessionlog.paths import prepare_data_folder, resolve_db_path

    path = resolve_db_path(args.db)
    prepare_data_folder(path)
    # The app has saved everything and closed its database when run_gui returns.
    end_process(run_gui(path))


def _check_period(args: argparse.Namespace) -> None:
    start, end = getattr(args, "from_date", None), getattr(args, "to_date", None)
    if start and end and end < start:
        from sessionlog.core import limits

        raise UsageError(t("--to: {problem} (--from)", problem=limits.end_before_start(start, end)))


# ---- parser ----------------------------------------------------------------


def _help_formatter() -> type[argparse.HelpFormatter]:
    """argparse's help layout, measuring the terminal and wrapping lines without the
    shutil and textwrap modules its own formatter imports (a third of ``--help``'s
    start-up): help texts here are plain words, wrapped at spaces."""
    import argparse

    class Formatter(argparse.HelpFormatter):
        def __init__(
            self,
            prog: str,
            indent_increment: int = 2,
            max_help_position: int = 24,
            width: int | None = None,
        ) -> None:
            if width is None:
                width = _terminal_columns() - 2
            super().__init__(prog, indent_increment, max_help_position, width)

        def _split_lines(self, text: str, width: int) -> list[str]:
            return _wrap(" ".join(text.split()), width)

        def _fill_text(self, text: str, width: int, indent: str) -> str:
            lines = _wrap(" ".join(text.split()), width - len(indent))
            return "\n".join(indent + line for line in lines)

    return Formatter


def _terminal_columns() -> int:
    """What ``shutil.get_terminal_size().columns`` answers: $COLUMNS, else the terminal's
    width, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _wrap(text: str, width: int) -> list[str]:
    """Words into lines of at most ``width`` characters (a longer word stands alone)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


class _ListedOnly:
    """Stands in for a command's parser when only the list of commands is printed
    (``sessionlog --help``): building fourteen parsers to print one line each doubled a
    bare Python start. Every call on it does nothing and returns it."""

    def __getattr__(self, _name: str) -> Callable[..., _ListedOnly]:
        return lambda *_args, **_kwargs: self


def _top_level_words() -> dict[str, str]:
    """The texts of ``sessionlog --help`` besides the commands' (``_command_helps``), in
    the command line's language: the parser is built from them, and the help is laid out
    from them without the parser (``_kept_top_help``)."""
    return {
        "usage": t.pgettext("argparse", "usage: "),
        "options": t.pgettext("argparse", "options"),
        "help": t.pgettext("argparse", "show this help message and exit"),
        # argparse words --version's help from a default value, not through gettext.
        "version": t.pgettext("argparse", "show program's version number and exit"),
        "description": t(
            "Session timer, progress notes and unit billing. With no command, opens the app."
        ),
        "db": t("database file (default: $SESSIONLOG_DB, else the user data folder)"),
        "commands": t("commands"),
    }


def _command_helps() -> dict[str, str]:
    """Each command's one-line help, in the order ``--help`` lists them."""
    return {
        "import": t("load a sessionlog/1 JSON file (all or nothing)"),
        "export-json": t("write records as a sessionlog/1 JSON file"),
        "units": t("billing units per claim line for a period"),
        "export-837": t("write an ASC X12 837P claim file for a period"),
        "demo": t("fill a database with a realistic demo caseload"),
        "export-packet": t("write one client's PDF documentation packet"),
        "check": t("verify the signed notes' seals and the audit hash chain"),
        "verify-packet": t("check a packet PDF against its hash and signature"),
        "export-key": t("write this database's packet-signing public key"),
        "backup": t("write a consistent backup of the database to a file"),
        "protect": t("encrypt the database and its backups in place with a passphrase (SQLCipher)"),
        "change-passphrase": t(
            "re-encrypt a protected database and its backups with a new passphrase"
        ),
        "restore": t(
            "replace the database with a backup (checked first; the current file is backed up)"
        ),
        "gui": t("open the app (the default)"),
    }


class _KeptWords:
    """The command line's words from a kept table (``sessionlog.cli_words``: the catalog's
    translations of the top-level help's texts, written by packaging/update_cli_words.py)
    instead of the catalog itself: reading a .po file with Babel is three Python starts.
    A text the table lacks raises KeyError (the help is then laid out by argparse)."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table

    def __call__(self, message: str, /, **values: object) -> str:
        text = self.table[message]
        return text.format(**values) if values else text

    def pgettext(self, context: str, message: str, /) -> str:
        return self.table[f"{context}\x04{message}"]


class _RecordingWords:
    """Words from a language's catalog that note each text asked for, keyed as
    ``_KeptWords`` looks them up: what packaging/update_cli_words.py keeps."""

    def __init__(self, language: Any) -> None:
        self.language = language
        self.table: dict[str, str] = {}

    def __call__(self, message: str, /, **values: object) -> str:
        self.table[message] = self.language(message)
        return self.table[message].format(**values) if values else self.table[message]

    def pgettext(self, context: str, message: str, /) -> str:
        self.table[f"{context}\x04{message}"] = self.language.pgettext(context, message)
        return self.table[f"{context}\x04{message}"]


def help_words_from_catalog(code: str) -> dict[str, str]:
    """The top-level help's texts in language ``code`` as its "cli" catalog words them
    today: what ``sessionlog.cli_words`` must hold (tests/cli/test_cli.py compares)."""
    from sessionlog.core.language import Domain

    saved = t.domain
    t.domain = recorder = _RecordingWords(Domain("cli").language(code))
    try:
        _top_level_words()
        _command_helps()
    finally:
        t.domain = saved
    return dict(sorted(recorder.table.items()))


# The top-level help's fixed parts, as argparse writes them for the parser build_parser
# makes: the usage of its options and command, the options' invocations.
_USAGE = "sessionlog [-h] [--version] [--db PATH] COMMAND ..."
_OPTIONS = (("-h, --help", "help"), ("--version", "version"), ("--db PATH", "db"))


# The Pythons whose argparse lays out the top-level help as _top_help_text does, compared
# at every width (3.13's wraps some widths differently: argparse lays it out there).
KEPT_HELP_PYTHONS = ((3, 11), (3, 12))


def _kept_top_help() -> str | None:
    """``sessionlog --help`` as argparse prints it, laid out here without argparse (nor
    the catalog, in a translated language): argparse's import and the parser were a
    third of a bare Python start (issue 12). None when argparse must lay it out (a
    language the kept table lacks, a terminal too narrow for the simple layout, a Python
    whose argparse was not compared with this layout)."""
    if sys.version_info[:2] not in KEPT_HELP_PYTHONS:
        return None
    _name, base = _system_locale()
    if base:
        from sessionlog.cli_words import WORDS

        if base not in WORDS:
            return None
        saved = t.domain
        t.domain = _KeptWords(WORDS[base])
    try:
        return _top_help_text(_top_level_words(), _command_helps(), _terminal_columns() - 2)
    except KeyError:  # a text the kept table lacks: the catalog's way
        return None
    finally:
        if base:
            t.domain = saved


def _top_help_text(words: dict[str, str], commands: dict[str, str], width: int) -> str | None:
    """What argparse's HelpFormatter (``_help_formatter``, ``width`` columns) writes for
    the top-level parser, or None when its layout is not the simple one done here: a
    usage line that wraps, a narrow terminal, or a text argparse would %-format."""
    helps = [words["help"], words["version"], words["db"], *commands.values()]
    usage = words["usage"] + _USAGE
    max_help_position = min(24, max(width - 20, 4))
    if len(usage) > width or max_help_position < 24 or any("%" in h for h in helps):
        return None
    # argparse's help column: two past the longest invocation plus its section's indent
    # (a command's name counts as indented once, though it is shown indented twice), at
    # most max_help_position.
    invocations = [invocation for invocation, _ in _OPTIONS] + ["COMMAND", *commands]
    help_position = min(max(map(len, invocations)) + 2 + 2, max_help_position)
    help_width = max(width - help_position, 11)

    def entry(indent: int, invocation: str, help_text: str) -> list[str]:
        lines = _wrap(" ".join(help_text.split()), help_width)
        room = help_position - indent - 2
        if len(invocation) <= room:
            first = " " * indent + invocation.ljust(room) + "  " + lines[0]
            return [first] + [" " * help_position + line for line in lines[1:]]
        return [" " * indent + invocation] + [" " * help_position + line for line in lines]

    parts = [usage, ""]
    parts += _wrap(" ".join(words["description"].split()), width)
    parts += ["", words["options"] + ":"]
    for invocation, key in _OPTIONS:
        parts += entry(2, invocation, words[key])
    parts += ["", words["commands"] + ":", "  COMMAND"]
    for name, help_text in commands.items():
        parts += entry(4, name, help_text)
    return "\n".join(parts) + "\n"


def build_parser(listing_only: bool = False, only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``listing_only``, one that can only print the
    top-level help (the commands are listed, not built); with ``only``, one that builds
    that command's parser alone and lists the others (what parsing that command needs;
    the full parser when ``only`` names no command)."""
    import argparse

    if t.domain is None:
        _plain_argparse()
    formatter = _help_formatter()
    words = _top_level_words()
    parser = argparse.ArgumentParser(
        prog="sessionlog", formatter_class=formatter, description=words["description"]
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"sessionlog {__version__}",
        # argparse words this one from a default value, not through gettext.
        help=words["version"],
    )
    db_help = words["db"]
    parser.add_argument("--db", metavar="PATH", help=db_help)
    parser.set_defaults(handler=cmd_gui)
    sub = parser.add_subparsers(title=words["commands"], metavar="COMMAND")
    command_helps = _command_helps()

    def command(name: str, handler: Handler) -> argparse.ArgumentParser:
        help_text = command_helps[name]
        if listing_only or (only is not None and name != only):
            # What add_parser leaves for the help's list of commands, without the parser.
            sub._choices_actions.append(sub._ChoicesPseudoAction(name, (), help_text))
            return _ListedOnly()  # type: ignore[return-value]  # a stand-in, see above
        p = sub.add_parser(name, help=help_text, description=help_text, formatter_class=formatter)
        p.add_argument("--db", metavar="PATH", help=db_help, default=argparse.SUPPRESS)
        p.set_defaults(handler=handler)
        return p

    wait_help = t("if the app is open on the database, wait until it closes instead of refusing")
    p = command("import", cmd_import)
    p.add_argument("file", metavar="FILE.json")
    p.add_argument("--wait", action="store_true", help=wait_help)

    p = command("export-json", cmd_export_json)
    p.add_argument("--client", metavar="ID")
    p.add_argument("--from", dest="from_date", type=_date_arg, metavar="DATE")
    p.add_argument("--to", dest="to_date", type=_date_arg, metavar="DATE")
    p.add_argument("--out", required=True, metavar="FILE")

    p = command("units", cmd_units)
    # Configures logging and cleans up after interrupted exports itself, only when it
    # opens the store (cmd_units): from kept lines it writes nothing and logs nothing.
    p.set_defaults(quick_start=True)
    p.add_argument("--client", metavar="ID")
    p.add_argument("--from", dest="from_date", type=_date_arg, metavar="DATE", required=True)
    p.add_argument("--to", dest="to_date", type=_date_arg, metavar="DATE", required=True)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument(
        "--all",
        action="store_true",
        help=t("CSV: add held and unbillable lines, with their flags (default: billable only)"),
    )

    p = command("export-837", cmd_export_837)
    p.add_argument("--from", dest="from_date", type=_date_arg, metavar="DATE", required=True)
    p.add_argument("--to", dest="to_date", type=_date_arg, metavar="DATE", required=True)
    p.add_argument("--client", metavar="ID")
    p.add_argument("--payer", metavar="ID")
    p.add_argument("--out", required=True, metavar="FILE")

    p = command("demo", cmd_demo)
    p.add_argument("--wait", action="store_true", help=wait_help)
    p.add_argument("--force", action="store_true", help=t("add demo data to a non-empty database"))
    p.add_argument(
        "--today",
        type=_date_arg,
        default=None,
        metavar="DATE",
        help=t("pretend today is DATE (the demo month ends on it)"),
    )

    p = command("export-packet", cmd_export_packet)
    p.add_argument("--client", required=True, metavar="ID")
    p.add_argument("--from", dest="from_date", type=_date_arg, metavar="DATE", required=True)
    p.add_argument("--to", dest="to_date", type=_date_arg, metavar="DATE", required=True)
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument("--paper", choices=("letter", "a4"), default="letter")
    p.add_argument(
        "--include-unsigned",
        action="store_true",
        help=t("include unsigned notes, marked UNSIGNED - NOT BILLABLE (default: list them only)"),
    )

    p.add_argument(
        "--force",
        action="store_true",
        help=t("make the packet even if the record fails the check (its cover then says so)"),
    )
    p.add_argument(
        "--language",
        choices=("en", "es"),
        default=None,
        help=t(
            "the packet's language, with its date, time and number formats "
            "(default: the system locale's when it is Spanish, else English)"
        ),
    )

    p = command("check", cmd_check)

    p = command("verify-packet", cmd_verify_packet)
    p.add_argument("file", metavar="FILE.pdf")
    p.add_argument(
        "--key",
        metavar="AGENCY.pub",
        help=t("the agency's public key (from export-key): the packet must be signed with it"),
    )
    p.add_argument(
        "--rerender",
        action="store_true",
        help=t(
            "lay the pages out again from the embedded content even when the agency key "
            "signed them as stored"
        ),
    )

    p = command("export-key", cmd_export_key)
    p.add_argument("--out", required=True, metavar="FILE.pub")

    p = command("backup", cmd_backup)
    p.add_argument("--out", required=True, metavar="FILE")

    recovery_help = t("also print a recovery key that unlocks the database without the passphrase")
    p = command("protect", cmd_protect)
    p.add_argument("--recovery-key", action="store_true", help=recovery_help)
    p = command("change-passphrase", cmd_change_passphrase)
    p.add_argument("--recovery-key", action="store_true", help=recovery_help)
    p = command("restore", cmd_restore)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--wait", action="store_true", help=wait_help)

    p = command("gui", cmd_gui)

    if only is not None and only not in sub.choices:
        return build_parser()
    return parser


def _command_word(words: Sequence[str]) -> str | None:
    """The command ``words`` run, when nothing but ``--db PATH`` comes before it (then the
    first other word is the command); None when that is not certain."""
    rest = list(words)
    if rest[:1] == ["--db"]:
        rest = rest[2:]
    elif rest and rest[0].startswith("--db="):
        rest = rest[1:]
    return rest[0] if rest and not rest[0].startswith("-") else None


class _Arguments:
    """What argparse's Namespace gives a command: its arguments as attributes."""

    def __init__(self, **values: object) -> None:
        self.__dict__.update(values)


# units' options that take a value, and the attribute each sets (as build_parser's).
_UNITS_VALUES = {"--db": "db", "--client": "client", "--from": "from_date", "--to": "to_date"}


def _plain_units_args(words: Sequence[str]) -> Any:
    """``units``' arguments read without argparse when ``words`` are its plain form: an
    optional ``--db PATH`` first, then ``units`` and its own options, each once as
    ``--option VALUE``, with --from and --to valid dates and a --format it has. Importing
    argparse (with re and enum) and building the parser was a third of a bare Python
    start on every report (issue 12). None for anything else, which argparse reads, so
    its errors and help are unchanged."""
    rest = list(words)
    db = None
    if rest[:1] == ["--db"] and len(rest) >= 2 and not rest[1].startswith("-"):
        db, rest = rest[1], rest[2:]
    if rest[:1] != ["units"]:
        return None
    values: dict[str, object] = {"db": db, "client": None, "format": "table", "all": False}
    seen = set()
    i = 1
    while i < len(rest):
        option = rest[i]
        if option in seen:
            return None  # argparse's "last one wins" is left to argparse
        seen.add(option)
        if option == "--all":
            values["all"] = True
            i += 1
            continue
        if i + 1 >= len(rest) or rest[i + 1].startswith("-"):
            return None  # a missing value, or one argparse might read as an option
        value = rest[i + 1]
        if option == "--format":
            if value not in ("table", "csv", "json"):
                return None
            values["format"] = value
        elif option in ("--from", "--to"):
            day = _accepted_date(value)
            if day is None:
                return None
            values[_UNITS_VALUES[option]] = day
        elif option in _UNITS_VALUES:
            values[_UNITS_VALUES[option]] = value
        else:
            return None  # --help, --x=y, an abbreviation, a word argparse would refuse
        i += 2
    if "--from" not in seen or "--to" not in seen:
        return None
    return _Arguments(handler=cmd_units, quick_start=True, **values)


def use_utf8_output() -> None:
    """Print UTF-8 on every system. On Windows a pipe or a redirected file gets the ANSI
    code page (cp1252), which cannot encode the CSV's byte-order mark, the dashes and
    arrows of the table, or a client's name in another script: ``units`` failed there.
    A windowed app has no streams at all (None), and is left so."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and codecs.lookup(stream.encoding).name != (
            "utf-8"
        ):
            stream.reconfigure(encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    if words == ["--version"]:  # what argparse would print, without importing it
        print(f"sessionlog {__version__}")
        return EXIT_OK
    use_utf8_output()
    if words in (["--help"], ["-h"]):
        kept = _kept_top_help()
        if kept is not None:
            _write_out(kept)
            return EXIT_OK
        _use_system_language()
        build_parser(listing_only=True).print_help()
        return EXIT_OK
    _use_system_language()
    # Parse first: a command's --help exits here, before any heavy import. Only the
    # command's own parser is built: building all fourteen was a fifth of a `units` run.
    args = _plain_units_args(words)
    if args is None:
        args = build_parser(only=_command_word(words)).parse_args(argv)

    from sessionlog.core.errors import StoreError

    if not getattr(args, "quick_start", False):
        _start_of_store_command()
    if not hasattr(args, "db"):
        args.db = None
    try:
        return args.handler(args)
    except _interchange_error() as exc:
        for problem in exc.problems:
            print(_error(problem), file=sys.stderr)
        print(
            t("{count} problem(s); nothing was written.", count=len(exc.problems)),
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except (UsageError, StoreError) as exc:
        print(_error(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception:
        # Never show a traceback (it may quote client data); the log keeps the type only.
        _log().exception("unexpected error in command")
        print(
            _error(
                t(
                    "SessionLog hit an unexpected problem; nothing further was written. "
                    "See the log file for the error type."
                )
            ),
            file=sys.stderr,
        )
        return EXIT_FAILURE
    finally:
        _close_stores()
        while _held_locks:
            _held_locks.pop().release()


def _write_out(text: str) -> None:
    """Write to standard output as argparse's print_help does (a windowed app has none)."""
    stream = sys.stdout
    if stream is None:
        return
    try:
        stream.write(text)
    except OSError:  # a closed pipe: argparse says nothing either
        return


def _error(problem: object) -> str:
    return t("error: {problem}", problem=problem)


def _interchange_error() -> type[InterchangeError] | tuple[()]:
    """The interchange format's error, if a command loaded that format: only it can
    raise one, and importing the format for the commands that never read it would add
    to their start (issue 12)."""
    module = sys.modules.get("sessionlog.core.interchange")
    return module.InterchangeError if module is not None else ()


def _start_of_store_command() -> None:
    """What every command does before it opens the store: logging to the log file, and
    removing what exports killed half-way left behind."""
    from sessionlog.logs import configure_logging

    configure_logging()
    _remove_orphaned_parts()


def _remove_orphaned_parts() -> None:
    """Exports killed half-way leave a ``*.part`` beside their target: remove them now."""
    from sessionlog.export.files import remove_orphaned_parts

    try:
        removed = remove_orphaned_parts()
    except OSError:
        _log().exception("could not remove the files of interrupted exports")
        return
    if removed:
        # Counted, not named: an export's file name may name a client.
        _log().info("removed %d file(s) left by interrupted exports", len(removed))


def gui_main() -> int:
    """The desktop entry point (``sessionlog-gui``, no console window on Windows): always
    the app, on ``--db PATH`` when given."""
    return main(["gui", *sys.argv[1:]])
