"""The packet in Spanish (issue 16): every fixed string from the catalog, dates, times and
numbers in the locale's format, read back from the PDF; the catalog itself complete."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from pypdf import PdfReader
from tests.export import test_packet as english
from tests.export.test_packet import CLIENT, END, NOW, START, make

from sessionlog.core.catalog import places_of_service
from sessionlog.core.completeness import missing_elements
from sessionlog.core.models import Segment, Session
from sessionlog.core.units import FLAG_DESCRIPTIONS, ROUNDING_RULES
from sessionlog.export.packet import PacketData, PacketError, verify_packet
from sessionlog.export.packet.language import (
    EXTRACT_KEYWORDS,
    catalog_path,
    language_from_locale,
    packet_language,
    system_language,
)
from sessionlog.export.packet.verify import _FOOTER_HASH
from sessionlog.services import timing
from sessionlog.services.packet import packet_data

caseload = english.caseload  # the same fortnight of notes as the English packet tests

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    *sorted((ROOT / "src/sessionlog/export/packet").glob("*.py")),
    ROOT / "src/sessionlog/services/packet.py",
]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _catalog():
    with open(catalog_path("es"), "rb") as handle:
        return read_po(handle)


def _key(message) -> tuple[str | None, str]:
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return (message.context, msgid)


def _code_messages() -> dict[tuple[str | None, str], str]:
    """Every message the packet's code asks for, by (context, English), with its file."""
    found: dict[tuple[str | None, str], str] = {}
    for path in SOURCES:
        for _line, message, _comments, context in extract_from_file(
            "python", str(path), keywords=dict(EXTRACT_KEYWORDS)
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            found.setdefault((context, msgid), path.name)
    return found


def _core_messages() -> set[str]:
    """The core's fixed wording the packet prints: rounding rules, flag explanations,
    places of service, what a note lacks for signature, and kinds of time correction."""
    texts = {rule.label for rule in ROUNDING_RULES.values()}
    texts |= set(FLAG_DESCRIPTIONS.values())
    texts |= set(places_of_service().values())
    texts |= set(timing._CORRECTION_WORDS.values())
    now = datetime(2026, 11, 3, 15, tzinfo=UTC)
    empty = Session(id="s", client_id="c", staff_id="x", code="", place_of_service="")
    for session in (
        empty,
        replace(empty, telehealth=True, manual_reason=" "),
        replace(empty, segments=[Segment(now, None)]),
    ):
        texts |= {m.message for m in missing_elements(session)}
    return texts


def test_every_packet_message_has_a_spanish_translation():
    catalog = _catalog()
    translated = {_key(m): m.string for m in catalog if m.id and not m.fuzzy}
    wanted = {**_code_messages(), **{(None, text): "core" for text in _core_messages()}}
    assert len(wanted) > 150
    missing = []
    for (context, msgid), where in wanted.items():
        text = translated.get((context, msgid))
        forms = text if isinstance(text, tuple | list) else [text]
        if not all(forms):
            missing.append(f"{where}: {msgid!r}")
            continue
        for form in forms:
            # A translation keeps every value the English message is given.
            assert set(PLACEHOLDER.findall(form)) == set(PLACEHOLDER.findall(msgid)), msgid
    assert missing == [], "untranslated packet messages:\n" + "\n".join(missing)
    # And the catalog holds nothing the code no longer asks for.
    stale = set(translated) - set(wanted)
    assert stale == set(), f"messages no longer used: {sorted(m for _, m in stale)}"


def test_a_missing_spanish_message_prints_english_instead_of_failing():
    spanish = packet_language("es")
    assert spanish("Unit summary") == "Resumen de unidades"
    assert spanish("a message no catalog has") == "a message no catalog has"
    with pytest.raises(PacketError, match="not one of: en, es"):
        packet_language("fr")


def test_the_footer_hash_is_found_in_every_language():
    """verify_packet reads the hash after "SHA-256" on each page: every language keeps it."""
    digest = "ab" * 32
    for code in ("en", "es"):
        t = packet_language(code)
        footer = t("Packet content SHA-256 {digest}", digest=digest)
        assert _FOOTER_HASH.findall(footer) == [digest], code


def test_locale_formats_for_dates_times_and_numbers():
    moment = datetime(2026, 12, 1, 15, 15, 7, tzinfo=UTC)  # 9:15 in Chicago
    english, spanish = packet_language("en"), packet_language("es")
    assert english.date_text(date(2026, 12, 1)) == "12/01/2026"
    assert spanish.date_text(date(2026, 12, 1)) == "01/12/2026"
    assert english.instant(moment, "America/Chicago") == "12/01/2026 9:15:07 AM CST"
    assert spanish.instant(moment, "America/Chicago") == "01/12/2026 9:15:07 CST"
    assert spanish.weekday(date(2026, 12, 1)) == "martes"
    assert english.number(1234) == spanish.number(1234) == "1,234"  # US Spanish (es_US)
    assert spanish.plural("{count} progress note", "{count} progress notes", 1) == (
        "1 nota de progreso"
    )
    assert spanish.plural("{count} progress note", "{count} progress notes", 3) == (
        "3 notas de progreso"
    )


def test_the_system_locale_chooses_the_language():
    assert language_from_locale("es_US.UTF-8") == "es"
    assert language_from_locale("es-MX") == "es"
    assert language_from_locale("fr_FR.UTF-8") == "en"
    assert language_from_locale(None) == "en"
    assert system_language({"LANG": "es_US.UTF-8"}) == "es"
    assert system_language({"LC_ALL": "en_US.UTF-8", "LANG": "es_US.UTF-8"}) == "en"
    assert system_language({"LANGUAGE": "es_MX:en", "LANG": "en_US.UTF-8"}) == "es"
    assert system_language({}, "es_ES") == "es"
    assert system_language({"LANG": "C.UTF-8"}, "es_ES") == "en"


def _user_texts(data: PacketData) -> list[str]:
    """What the packet prints as the records hold it (names, plan and note text, the
    agency's attestation) or as the core's catalog words it (core.po, checked by
    tests/core/test_messages_catalog.py): the per-line unit explanations and the code
    catalog's service names; and the flag codes."""
    texts = [data.client_name, data.payer, data.medicaid_id, *data.diagnoses]
    texts += [s.name for s in data.staff] + [s.credential for s in data.staff]
    for plan in data.plans:
        for goal in plan.goals:
            texts.append(goal.text)
            texts += [o.split(" ", 1)[1] for o in goal.objectives]
    texts += [c.description for c in data.code_totals]
    texts += [u.explanation for u in data.unit_lines]
    texts += [f.flag for f in data.flags]
    for note in data.notes:
        texts += [note.intervention, note.response, note.plan, note.narrative]
        texts += [note.code_description, *note.time_corrections]
        if note.signature is not None:
            texts += [note.signature.attestation, note.signature.cosign_statement]
        for addendum in note.addenda:
            texts += [addendum.reason, addendum.text]
    return sorted((t for t in texts if t), key=len, reverse=True)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_spanish_packet_reads_in_spanish_with_no_english_fixed_string(caseload, tmp_path):
    caseload.add_time_correction("s-2026-11-13", timing.TIME_EDIT, "empezó tarde el reloj")
    out, result = make(caseload, tmp_path, include_unsigned=True, language="es")
    reader = PdfReader(str(out))
    pages = [page.extract_text() or "" for page in reader.pages]
    text = _flat(" ".join(pages))

    for heading in (
        "Paquete de documentación",
        "Resumen de unidades",
        "Planes de tratamiento vigentes",
        "Notas de progreso",
        "Totales por código",
        "Unidades facturables",
        "Lugar de servicio",
        "Objetivos trabajados",
        "Firmada electrónicamente por Дмитрий Волков",
        "Meta 1: Manage daily routines — Objetivo 1.1: Use a written schedule",
        "SIN FIRMAR — NO FACTURABLE · Esta nota no ha sido firmada",
        "Falta para firmar Describa cómo respondió el cliente y su progreso.",
        "REGISTRO TARDÍO: firmada después del plazo de documentación (vencía el 06/11/2026)",
        "ADENDA 1 · escrita el 05/11/2026 9:00:00 CST (America/Chicago) por Zoë Ñúñez",
        "12 Hogar del cliente",
        "En persona",
    ):
        assert heading in text, heading
    # Dates day first, a 24-hour clock, the zone beside each time, the weekday in Spanish.
    assert "Nota de progreso · 03/11/2026 (martes) · H2014" in text
    assert "03/11/2026 10:00:00 CST" in text
    assert "Generado el 20/11/2026 16:00:00 CST" in text
    assert re.search(
        r"Horas corregidas horas editadas: empezó tarde el reloj "
        r"\(test, \d\d/\d\d/\d{4} \d{1,2}:\d\d:\d\d [A-Z]{3}\)",
        text,
    )
    for number, page in enumerate(pages, start=1):
        assert f"Página {number} de {result.pages}" in page
        assert "Número de Medicaid MCD777001" in page

    # No fixed English string is left: every catalog message whose Spanish differs is
    # looked for, by its fixed parts, in what remains once the records' own text is out.
    remaining = text
    data = packet_data(caseload, CLIENT, START, END, include_unsigned=True, now=NOW, language="es")
    for user_text in _user_texts(data):
        remaining = remaining.replace(_flat(user_text), " ")
    catalog = [m for m in _catalog() if m.id]
    spanish = " ".join(
        " ".join(m.string) if isinstance(m.string, tuple | list) else m.string for m in catalog
    )
    # No ISO date is left: the core's unit explanations word dates day first too.
    assert not re.search(r"\d{4}-\d\d-\d\d", remaining)
    checked = 0
    for message in catalog:
        english = [message.id] if isinstance(message.id, str) else list(message.id)
        if message.string in english:
            continue  # the same word in both languages ("Plan", "Total", "POS")
        for fragment in (f.strip(" .,:;·()—") for e in english for f in PLACEHOLDER.split(e)):
            if not re.search(r"[A-Za-z]{2}", fragment):
                continue
            pattern = rf"(?<![\w]){re.escape(fragment)}(?![\w])"
            if re.search(pattern, spanish):
                continue  # also part of a Spanish message ("SHA-256", "Medicaid")
            checked += 1
            assert not re.search(pattern, remaining), f"English left: {fragment!r}"
    assert checked > 150
    assert verify_packet(out).ok


def test_spanish_accents_are_embedded_and_english_is_unchanged(caseload, tmp_path):
    spanish, _ = make(caseload, tmp_path, "es.pdf", language="es")
    english, _ = make(caseload, tmp_path, "en.pdf")
    es_text = _flat(" ".join(p.extract_text() for p in PdfReader(str(spanish)).pages))
    en_text = _flat(" ".join(p.extract_text() for p in PdfReader(str(english)).pages))
    for word in ("Diagnósticos", "Página", "Número", "Período de servicio", "Explicación"):
        assert word in es_text
    assert "Unit summary" in en_text and "Resumen de unidades" not in en_text
    assert "Progress note · 11/03/2026 (Tuesday) · H2014" in en_text
    fonts = PdfReader(str(spanish)).pages[0]["/Resources"]["/Font"]
    for font in fonts.values():
        descriptor = font.get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # the glyphs travel with the file
    assert verify_packet(spanish).ok and verify_packet(english).ok
