"""The build keeps only some of Babel's locale data: every locale a packet formats with,
and each parent Babel falls back to, must be among them (a missing one fails only in the
built app, where `export-packet --language es` would stop on a missing file)."""

from __future__ import annotations

import ast
import builtins
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel import localedata

from sessionlog.export.packet.language import LOCALES, PacketLanguage

SPEC = Path(__file__).resolve().parents[2] / "packaging" / "sessionlog.spec"


def _kept_locales() -> set[str]:
    for node in ast.parse(SPEC.read_text()).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "BABEL_LOCALES":
            return set(ast.literal_eval(node.value))
    raise AssertionError("packaging/sessionlog.spec names no BABEL_LOCALES")


def test_the_build_keeps_the_locale_data_every_packet_language_reads(monkeypatch):
    read: set[str] = set()
    real_open = builtins.open

    def spy(path, *args, **kwargs):
        if isinstance(path, str | os.PathLike) and "locale-data" in str(path):
            read.add(Path(path).stem)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(localedata, "_cache", {})
    moment = datetime(2026, 12, 1, 15, 15, tzinfo=UTC)
    for code in LOCALES:
        language = PacketLanguage(code)
        language.instant(moment, "America/Chicago")
        language.weekday(date(2026, 12, 1))
        language.number(1234)
    if not read:
        pytest.fail("Babel read no locale data: the spy no longer sees it")
    assert {"root", "es_US"} <= read
    assert read <= _kept_locales(), f"not bundled: {sorted(read - _kept_locales())}"
