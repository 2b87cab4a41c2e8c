"""The build keeps only some of Babel's locale data: every locale a packet formats with,
and each parent Babel falls back to, must be among them (a missing one fails only in the
built app, where `export-packet --language es` would stop on a missing file)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "sessionlog.spec"

# Run in a fresh interpreter: Babel caches loaded locales for the life of a process.
READ_LOCALE_FILES = """
import builtins, json
from datetime import UTC, date, datetime
from pathlib import Path

read = set()
real_open = builtins.open

def spy(path, *args, **kwargs):
    if "locale-data" in str(path):
        read.add(Path(str(path)).stem)
    return real_open(path, *args, **kwargs)

builtins.open = spy
from sessionlog.export.packet.language import LOCALES, PacketLanguage

for code in LOCALES:
    language = PacketLanguage(code)
    language.instant(datetime(2026, 12, 1, 15, 15, tzinfo=UTC), "America/Chicago")
    language.weekday(date(2026, 12, 1))
    language.number(1234)
print(json.dumps(sorted(read)))
"""


def _kept_locales() -> set[str]:
    for node in ast.parse(SPEC.read_text()).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "BABEL_LOCALES":
            return set(ast.literal_eval(node.value))
    raise AssertionError("packaging/sessionlog.spec names no BABEL_LOCALES")


def test_the_build_keeps_the_locale_data_every_packet_language_reads():
    done = subprocess.run(
        [sys.executable, "-c", READ_LOCALE_FILES],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    read = set(json.loads(done.stdout))
    assert {"root", "en_US", "es_US"} <= read  # the spy sees Babel's files
    assert read <= _kept_locales(), f"not bundled: {sorted(read - _kept_locales())}"
