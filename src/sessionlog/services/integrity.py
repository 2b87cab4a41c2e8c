"""The record check (issue 13) on its own connection, for a worker thread or a command."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sessionlog.core.integrity import IntegrityReport, Problem
from sessionlog.core.language import using_language
from sessionlog.services.records import own_connection
from sessionlog.services.wording import t


def check_database(path: Path) -> IntegrityReport:
    """Open ``path`` (putting back any dropped protective trigger), recompute every seal
    and the audit chain, close. A worker thread calls this: it never shares the GUI's
    connection."""
    with own_connection(path, actor="check", migrate=True) as records:
        return records.check_record()


def refusal(client_id: str, problems: Sequence[Problem]) -> str:
    """Why a packet is not made for a record that fails the check (the user's language)."""
    return t.plural(
        "The record of client {client} fails the record check ({count} problem; first: "
        "{first}). Run 'sessionlog check' (Help ▸ Check the record) to see them all; a "
        "packet is made anyway only when forced (--force), and then says so on its cover.",
        "The record of client {client} fails the record check ({count} problems; first: "
        "{first}). Run 'sessionlog check' (Help ▸ Check the record) to see them all; a "
        "packet is made anyway only when forced (--force), and then says so on its cover.",
        len(problems),
        client=client_id,
        first=problems[0].message,
    )


def problems_in(language: str, problems: Sequence[Problem]) -> str:
    """The problems as a forced packet prints them: in the packet's language, whatever the
    GUI's is."""
    with using_language(language):
        return " ".join(p.message + "." for p in problems)
