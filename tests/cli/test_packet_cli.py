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


# The packet's language follows the locale: these runs name theirs (English by default).
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def run(*args: str, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
    return subprocess.run(
        [sys.executable, "-m", "sessionlog", *args],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": SRC, "LANG": lang},
        timeout=180,
    )


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "demo.sqlite3"
    result = run("--db", str(db), "demo", "--today", "2026-11-20")
    assert result.returncode == 0, result.stderr
    return db


def export(
    db: Path, out: Path, *extra: str, lang: str = "C.UTF-8"
) -> subprocess.CompletedProcess[str]:
    return run(
        "--db", str(db), "export-packet", "--client", "client-lena",
        "--from", "2026-10-21", "--to", "2026-11-20", "--out", str(out), *extra, lang=lang,
    )  # fmt: skip


def _pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_language_comes_from_the_flag_or_the_system_locale(demo_db: Path, tmp_path: Path) -> None:
    chosen = tmp_path / "es-flag.pdf"
    made = export(demo_db, chosen, "--language", "es")
    assert made.returncode == 0, made.stderr
    text = _pdftotext(chosen)
    assert "Resumen de unidades" in text and "Unit summary" not in text
    assert "del 21/10/2026 al 20/11/2026" in text  # the running header, day first
    checked = run("verify-packet", str(chosen))
    assert checked.returncode == 0, checked.stderr

    from_locale = tmp_path / "es-locale.pdf"
    assert export(demo_db, from_locale, lang="es_US.UTF-8").returncode == 0
    assert "Resumen de unidades" in _pdftotext(from_locale)

    overridden = tmp_path / "en-flag.pdf"
    assert export(demo_db, overridden, "--language", "en", lang="es_US.UTF-8").returncode == 0
    text = _pdftotext(overridden)
    assert "Unit summary" in text and "10/21/2026 to 11/20/2026" in text

    refused = export(demo_db, tmp_path / "fr.pdf", "--language", "fr")
    assert refused.returncode == 2 and "invalid choice: 'fr'" in refused.stderr


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


def test_verify_a_packet_made_before_packets_had_a_language() -> None:
    """A packet written by an earlier version (no language in its content) verifies in any
    locale, with only the PDF at hand (tests/export/test_packet_before_language.py)."""
    old = Path(__file__).resolve().parents[1] / "export/fixtures/packet-before-language.pdf"
    for lang, pages in (("C.UTF-8", "5 page(s) match"), ("es_US.UTF-8", "5 página(s) coinciden")):
        checked = run("verify-packet", str(old), lang=lang)
        assert checked.returncode == 0, checked.stderr
        # The report is in the locale's language; its first word stays OK for scripts.
        assert checked.stdout.startswith(f"OK {old}: {pages}")


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
    # The same words as every other path (core.limits), naming the argument.
    assert backwards.returncode == 2
    assert "--to: 2026-10-21 is before the start 2026-11-20 (--from)" in backwards.stderr
    bad_date = run(
        "--db", str(demo_db), "export-packet", "--client", "client-lena",
        "--from", "2026-13-01", "--to", "2026-11-20", "--out", str(out),
    )  # fmt: skip
    assert bad_date.returncode == 2
    assert "'2026-13-01' is not a date (use YYYY-MM-DD, e.g. 1994-05-12)" in bad_date.stderr
    far = run(
        "--db", str(demo_db), "export-packet", "--client", "client-lena",
        "--from", "0026-10-21", "--to", "2026-11-20", "--out", str(out),
    )  # fmt: skip
    assert far.returncode == 2 and "0026-10-21: year 26 is outside 1900–2199" in far.stderr
    assert not out.exists()


def tamper_with_a_signed_note(db: Path) -> str:
    """Edit one of Lena's signed notes the way an outsider would (trigger dropped)."""
    import sqlite3

    conn = sqlite3.connect(db, isolation_level=None)
    try:
        session_id = conn.execute(
            "SELECT id FROM sessions WHERE client_id = 'client-lena' AND signed = 1 "
            "AND service_date >= '2026-10-21' ORDER BY id"
        ).fetchone()[0]
        conn.execute("DROP TRIGGER signed_session_locked")
        conn.execute("UPDATE sessions SET note = 'rewritten' WHERE id = ?", [session_id])
    finally:
        conn.close()
    return session_id


def test_check_passes_then_names_the_changed_note(demo_db: Path) -> None:
    ok = run("--db", str(demo_db), "check")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("Record check passed:")
    assert "signed note(s)" in ok.stdout and "audit row(s)" in ok.stdout

    session_id = tamper_with_a_signed_note(demo_db)
    failed = run("--db", str(demo_db), "check")
    assert failed.returncode == 1
    assert (
        "protective trigger(s) were missing and were put back at open: signed_session_locked"
        in (failed.stderr)
    )
    assert f"error: session {session_id}: the note or its signature was changed" in failed.stderr
    assert "Record check FAILED: 1 problem(s)" in failed.stderr
    assert "Lena" not in failed.stderr + failed.stdout


def test_packet_refused_for_a_record_that_fails_the_check_unless_forced(
    demo_db: Path, tmp_path: Path
) -> None:
    session_id = tamper_with_a_signed_note(demo_db)
    out = tmp_path / "lena.pdf"
    refused = export(demo_db, out)
    assert refused.returncode == 2
    assert "fails the record check" in refused.stderr and session_id in refused.stderr
    assert not out.exists()

    forced = export(demo_db, out, "--force")
    assert forced.returncode == 0, forced.stderr
    from pypdf import PdfReader

    cover = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "RECORD CHECK FAILED" in cover
    assert session_id in cover
    assert "Record check FAILED (see above) at export: recomputed the seals" in cover


def test_a_forced_packet_words_the_record_check_in_its_own_language(
    demo_db: Path, tmp_path: Path
) -> None:
    """The problems are printed in the packet's language, not the locale's: a Spanish
    packet carries them in Spanish, an English one made on a Spanish system in English;
    the refusal speaks the user's language."""
    from pypdf import PdfReader

    session_id = tamper_with_a_signed_note(demo_db)
    refused = export(demo_db, tmp_path / "no.pdf", lang="es_US.UTF-8")
    assert refused.returncode == 2
    assert "El registro del cliente client-lena no pasa la verificación" in refused.stderr
    assert f"sesión {session_id}: la nota o su firma se cambió" in refused.stderr

    def cover(out: Path, *extra: str) -> str:
        made = export(demo_db, out, "--force", *extra, lang="es_US.UTF-8")
        assert made.returncode == 0, made.stderr
        return " ".join(PdfReader(out).pages[0].extract_text().split())

    spanish = cover(tmp_path / "es.pdf")
    assert "FALLÓ LA VERIFICACIÓN DEL REGISTRO" in spanish
    assert f"sesión {session_id}: la nota o su firma se cambió después de firmarse" in spanish
    assert "was changed after signing" not in spanish
    english = cover(tmp_path / "en.pdf", "--language", "en")
    assert f"session {session_id}: the note or its signature was changed after signing" in english
    assert "sesión" not in english


def forge(src: Path, dst: Path, *, keep_signature: bool) -> None:
    """Edit a note in the embedded content and re-render with the app's own writer, as a
    forger without the agency's private key would: with a key of their own, then (if
    ``keep_signature``) with the original signature and public key pasted back in."""
    from pypdf import PdfReader, PdfWriter

    from sessionlog.export.packet import (
        ATTACHMENT_NAME,
        META_PUBLIC_KEY,
        META_SIGNATURE_KEY,
        packet_from_json,
        write_packet,
    )
    from sessionlog.export.signing import new_private_key

    original = PdfReader(src)
    data = packet_from_json(original.attachments[ATTACHMENT_NAME][0])
    data.notes[0].narrative = "A different story than the one that was signed."
    with dst.open("wb") as fh:
        write_packet(data, fh, signing_key=new_private_key())
    if keep_signature:
        writer = PdfWriter(clone_from=PdfReader(dst))
        writer.add_metadata(
            {key: original.metadata[key] for key in (META_SIGNATURE_KEY, META_PUBLIC_KEY)}
        )
        with dst.open("wb") as fh:
            writer.write(fh)


def test_signed_packet_verifies_against_the_exported_key_and_forgeries_fail(
    demo_db: Path, tmp_path: Path
) -> None:
    key_file = tmp_path / "agency.pub"
    exported = run("--db", str(demo_db), "export-key", "--out", str(key_file))
    assert exported.returncode == 0, exported.stderr
    assert key_file.read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    fingerprint = exported.stdout.strip().rsplit("fingerprint ", 1)[1]

    out = tmp_path / "lena.pdf"
    assert export(demo_db, out).returncode == 0
    from pypdf import PdfReader

    cover = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert f"fingerprint {fingerprint}" in cover
    good = run("verify-packet", str(out), "--key", str(key_file))
    assert good.returncode == 0, good.stderr
    assert f"signed by the agency key {fingerprint}" in good.stdout
    # The agency's key signed these very pages: they are not laid out again unless asked.
    assert "page(s) stored as the agency key signed them with the embedded content" in good.stdout
    laid_out = run("verify-packet", str(out), "--key", str(key_file), "--rerender")
    assert laid_out.returncode == 0, laid_out.stderr
    assert "page(s) match the embedded content" in laid_out.stdout
    assert f"signed by the agency key {fingerprint}" in laid_out.stdout

    rerendered = tmp_path / "rerendered.pdf"
    forge(out, rerendered, keep_signature=False)
    caught = run("verify-packet", str(rerendered), "--key", str(key_file))
    assert caught.returncode == 1
    assert f"not the agency key {fingerprint} given with --key" in caught.stderr
    unkeyed = run("verify-packet", str(rerendered))  # self-consistent, and says what it lacks
    assert unkeyed.returncode == 0 and "not compared with the agency's public key" in unkeyed.stdout

    pasted = tmp_path / "pasted.pdf"
    forge(out, pasted, keep_signature=True)
    caught = run("verify-packet", str(pasted), "--key", str(key_file))
    assert caught.returncode == 1
    assert "the signature does not match the content" in caught.stderr
    assert "text differs" in caught.stderr  # the cover prints the forger's fingerprint

    other_db = tmp_path / "other.sqlite3"
    assert run("--db", str(other_db), "demo", "--today", "2026-11-20").returncode == 0
    other = tmp_path / "other.pdf"
    assert export(other_db, other).returncode == 0
    caught = run("verify-packet", str(other), "--key", str(key_file))
    assert caught.returncode == 1 and "not the agency key" in caught.stderr


def test_verify_packet_names_a_bad_key_file(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "lena.pdf"
    assert export(demo_db, out).returncode == 0
    bad = tmp_path / "bad.pub"
    bad.write_text("not a key")
    refused = run("verify-packet", str(out), "--key", str(bad))
    assert refused.returncode == 2
    assert f"{bad} is not a public key file" in refused.stderr


def test_verify_packet_tells_a_spanish_user_in_spanish(demo_db: Path, tmp_path: Path) -> None:
    """What verify-packet found is told in the locale's language (the packet's own
    language does not matter): a forged packet, a file that is no PDF."""
    out = tmp_path / "lena.pdf"
    assert export(demo_db, out, "--language", "en").returncode == 0
    good = run("verify-packet", str(out), lang="es_US.UTF-8")
    assert good.returncode == 0, good.stderr
    assert "página(s) coinciden con el contenido incrustado; firmado con la clave" in good.stdout
    pasted = tmp_path / "pasted.pdf"
    forge(out, pasted, keep_signature=True)
    caught = run("verify-packet", str(pasted), lang="es_US.UTF-8")
    assert caught.returncode == 1
    assert "error: la firma no corresponde al contenido" in caught.stderr
    assert "difiere del que genera el contenido incrustado" in caught.stderr
    assert f"FALLÓ {pasted}: este archivo no es el paquete que dice ser." in caught.stderr
    assert "signature does not match" not in caught.stderr
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf at all")
    refused = run("verify-packet", str(junk), lang="es_ES.UTF-8")
    assert refused.returncode == 1
    assert f"error: {junk} no es un PDF legible" in refused.stderr
