"""`sessionlog export-packet` and `verify-packet` as a user runs them: a separate
process on a real database file."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sessionlog", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": SRC},
        timeout=180,
    )


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "demo.sqlite3"
    result = run("--db", str(db), "demo", "--today", "2026-11-20")
    assert result.returncode == 0, result.stderr
    return db


def export(db: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run(
        "--db", str(db), "export-packet", "--client", "client-lena",
        "--from", "2026-10-21", "--to", "2026-11-20", "--out", str(out), *extra,
    )  # fmt: skip


def test_export_then_verify_ok(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "packets" / "lena.pdf"
    made = export(demo_db, out)
    assert made.returncode == 0, made.stderr
    digest = made.stdout.strip().rsplit("sha256 ", 1)[1]
    assert len(digest) == 64
    assert "unsigned note(s) left out" in made.stdout
    assert "Lena" not in made.stdout  # the terminal gets counts, not client data
    assert stat.S_IMODE(out.stat().st_mode) == 0o600

    checked = run("verify-packet", str(out))
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith(f"OK {out}")
    assert checked.stdout.strip().endswith(f"sha256 {digest}")


def test_include_unsigned_and_a4(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "lena-a4.pdf"
    made = export(demo_db, out, "--include-unsigned", "--paper", "a4")
    assert made.returncode == 0, made.stderr
    assert "left out" not in made.stdout
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "UNSIGNED — NOT BILLABLE" in text
    assert "Lena Nováková" in text


def test_verify_reports_a_tampered_packet(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "lena.pdf"
    assert export(demo_db, out).returncode == 0
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(out))
    content = json.loads(reader.attachments["sessionlog-packet.json"][0])
    content["notes"][0]["total_minutes"] += 30
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.add_attachment("sessionlog-packet.json", json.dumps(content).encode())
    writer.add_metadata({"/SessionLogPacketSHA256": reader.metadata["/SessionLogPacketSHA256"]})
    forged = tmp_path / "forged.pdf"
    with forged.open("wb") as fh:
        writer.write(fh)

    checked = run("verify-packet", str(forged))
    assert checked.returncode == 1
    assert "the content was changed after the packet was made" in checked.stderr
    assert f"FAILED {forged}" in checked.stderr
    assert "Traceback" not in checked.stderr


def test_verify_missing_or_foreign_files(tmp_path: Path) -> None:
    missing = run("verify-packet", str(tmp_path / "nope.pdf"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    text_file = tmp_path / "notes.pdf"
    text_file.write_text("not a pdf at all")
    foreign = run("verify-packet", str(text_file))
    assert foreign.returncode == 1
    assert "not a readable PDF" in foreign.stderr
    assert "Traceback" not in foreign.stderr


def test_bad_input_is_named(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    unknown = run(
        "--db", str(demo_db), "export-packet", "--client", "client-nobody",
        "--from", "2026-10-21", "--to", "2026-11-20", "--out", str(out),
    )  # fmt: skip
    assert unknown.returncode == 2 and "client-nobody" in unknown.stderr
    backwards = run(
        "--db", str(demo_db), "export-packet", "--client", "client-lena",
        "--from", "2026-11-20", "--to", "2026-10-21", "--out", str(out),
    )  # fmt: skip
    assert backwards.returncode == 2 and "--to 2026-10-21 is before --from" in backwards.stderr
    bad_date = run(
        "--db", str(demo_db), "export-packet", "--client", "client-lena",
        "--from", "2026-13-01", "--to", "2026-11-20", "--out", str(out),
    )  # fmt: skip
    assert bad_date.returncode == 2 and "invalid date '2026-13-01'" in bad_date.stderr
    assert not out.exists()
