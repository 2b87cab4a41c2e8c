"""The core's text in a packet follows the packet's language, whatever the app's is
(issue 16): the unit engine's per-line explanations with the language's dates and the code
catalog's service names, read back from the PDF."""

from __future__ import annotations

import re

from pypdf import PdfReader
from tests.export import test_packet as english
from tests.export.test_packet import make

from sessionlog.core.language import set_language
from sessionlog.export.packet import verify_packet

caseload = english.caseload  # the fortnight of notes the packet tests use


def _text(path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(str(path)).pages)


def test_a_spanish_packet_explains_units_in_spanish_with_spanish_dates(caseload, tmp_path):
    out, _ = make(caseload, tmp_path, "es.pdf", language="es")
    text = _text(out)
    # "minutes on 2026-11-03" as the engine words it in Spanish, day first.
    assert re.search(r"\d+ minutos el 03/11/2026, regla de 8 minutos de CMS: \d+ unidad", text)
    assert "Capacitación y desarrollo de habilidades" in text  # H2014 from the catalog
    assert not re.search(r"minutes (so far )?on \d", text)  # no English explanation left
    assert "2026-11-03" not in text
    assert verify_packet(out).ok


def test_an_english_packet_from_a_spanish_app_explains_units_in_english(caseload, tmp_path):
    set_language("es")  # the GUI in Spanish (conftest puts the source text back)
    out, _ = make(caseload, tmp_path, "en.pdf", language="en")
    text = _text(out)
    assert re.search(r"\d+ minutes on 11/03/2026, CMS 8-minute rule: \d+ units?", text)
    assert "Skills training and development" in text
    assert "minutos" not in text
    assert verify_packet(out).ok
