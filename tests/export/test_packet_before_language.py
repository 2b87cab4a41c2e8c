"""Packets made before packets had a language still verify with today's code, exactly as
strictly: an auditor checks last year's packet with this year's app.

``fixtures/packet-before-language.pdf`` was written by commit 3f7da55 (main before the
packet languages): ``sessionlog demo --today 2026-03-20`` then ``export-packet --client
client-lena --from 2026-03-09 --to 2026-03-15`` (synthetic demo data). Verifying it needs
only the PDF: the content travels inside it.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from tests.export import test_packet as english
from tests.export.test_packet import edit_page, embedded, make

from sessionlog.export.packet import (
    ATTACHMENT_NAME,
    META_HASH_KEY,
    canonical_json,
    packet_from_json,
    render_pages,
    verify_packet,
)
from sessionlog.export.packet.contract import LANGUAGE_NOT_RECORDED, PacketError
from sessionlog.export.packet.language import content_language, packet_language

caseload = english.caseload

OLD_PACKET = Path(__file__).parent / "fixtures" / "packet-before-language.pdf"
OLD_SHA256 = "61fd7bc351ce371ee311a94fa3a68a4d03eaa8f24d4aae6b75fcb36effd25716"


@pytest.fixture
def old_packet(tmp_path: Path) -> Path:
    copy = tmp_path / "old.pdf"
    shutil.copyfile(OLD_PACKET, copy)
    return copy


def _forged_problems(src: Path, dst: Path, content: dict) -> list[str]:
    """What verification says of ``src`` forged with ``content`` (it must fail)."""
    _forge(src, dst, content)
    outcome = verify_packet(dst)
    assert not outcome.ok
    return outcome.problems


def _forge(src: Path, dst: Path, content: dict) -> str:
    """``src`` with ``content`` attached in canonical form and its hash in the metadata
    beside the original signature, as a forger without the signing key would make it;
    returns that hash."""
    forged = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(forged.encode()).hexdigest()
    reader = PdfReader(str(src))
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.add_attachment(ATTACHMENT_NAME, forged.encode())
    writer.add_metadata({**reader.metadata, META_HASH_KEY: digest})
    with dst.open("wb") as fh:
        writer.write(fh)
    return digest


def test_a_packet_from_before_languages_verifies_with_todays_code(old_packet):
    reader = PdfReader(str(old_packet))
    raw = reader.attachments[ATTACHMENT_NAME][0]
    assert "language" not in json.loads(raw)
    assert reader.metadata[META_HASH_KEY] == OLD_SHA256

    data = packet_from_json(raw)
    assert data.language == LANGUAGE_NOT_RECORDED
    assert canonical_json(data) == raw  # the form it was hashed in, byte for byte

    outcome = verify_packet(old_packet)
    assert outcome.problems == []
    assert outcome.ok and outcome.sha256 == OLD_SHA256 and outcome.pages == 5


def test_an_old_packet_is_redrawn_in_its_original_english_not_todays(old_packet):
    """Its dates are printed strings in the content (ISO, 24-hour clock), and the counts the
    renderer words keep their old form; today's English would draw other pages."""
    reader = PdfReader(str(old_packet))
    cover = reader.pages[0].extract_text()
    assert "5 progress note(s)" in cover
    assert "2026-03-09 to 2026-03-15" in cover
    assert "Generated 2026-12-01 22:24:30 CST" in cover

    data = packet_from_json(reader.attachments[ATTACHMENT_NAME][0])
    today, _ = render_pages(replace(data, language="en"), OLD_SHA256, "")
    assert "5 progress notes" in PdfReader(io.BytesIO(today)).pages[0].extract_text()


def test_the_original_english_words_numbers_and_counts_as_before():
    original, today = content_language(LANGUAGE_NOT_RECORDED), packet_language("en")
    assert (original.number(1234), today.number(1234)) == ("1234", "1,234")
    one, many = "{count} progress note", "{count} progress notes"
    assert original.plural(one, many, 1) == "1 progress note(s)"
    assert today.plural(one, many, 1) == "1 progress note"
    assert original.date_text(date(2026, 3, 9)) == "2026-03-09"
    with pytest.raises(PacketError):
        packet_language(LANGUAGE_NOT_RECORDED)  # never a language to export in


def test_one_changed_byte_of_an_old_packets_page_text_fails(old_packet, tmp_path):
    birth = b"(1988-11-03) Tj"  # the client's date of birth, once on the cover
    assert PdfReader(str(old_packet)).pages[0].get_contents().get_data().count(birth) == 1
    tampered = tmp_path / "tampered.pdf"
    edit_page(old_packet, tampered, 0, lambda s: s.replace(birth, b"(1988-11-08) Tj"))

    outcome = verify_packet(tampered)
    assert not outcome.ok
    assert outcome.problems == ["page 1 text differs from what the embedded content renders to"]


def test_changed_attached_data_of_an_old_packet_fails(old_packet, tmp_path):
    content = embedded(old_packet)
    content["unit_lines"][0]["minutes"] += 15
    tampered = tmp_path / "tampered.pdf"
    digest = _forge(old_packet, tampered, content)

    outcome = verify_packet(tampered)
    assert not outcome.ok and outcome.sha256 == digest != OLD_SHA256
    assert any("signature does not match" in p for p in outcome.problems)
    assert any("page 1 footer shows hash" in p for p in outcome.problems)


def test_adding_or_dropping_the_language_field_changes_the_signed_hash(
    old_packet, caseload, tmp_path
):
    """The language is covered by the hash like every other field: an old packet cannot be
    passed off as a new one, nor a new English packet as an old one."""
    content = embedded(old_packet)
    content["language"] = "en"
    problems = _forged_problems(old_packet, tmp_path / "relabelled.pdf", content)
    assert any("signature does not match" in p for p in problems)

    new, _ = make(caseload, tmp_path, "new.pdf")
    content = embedded(new)
    assert content.pop("language") == "en"
    problems = _forged_problems(new, tmp_path / "aged.pdf", content)
    assert any("signature does not match" in p for p in problems)


def test_an_empty_language_is_not_the_canonical_form_of_an_old_packet(old_packet, tmp_path):
    content = embedded(old_packet)
    content["language"] = ""
    problems = _forged_problems(old_packet, tmp_path / "empty-language.pdf", content)
    assert "the embedded content is not in canonical form" in problems


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_new_packet_records_its_language_and_verifies(caseload, tmp_path, language):
    out, result = make(caseload, tmp_path, f"{language}.pdf", language=language)
    assert embedded(out)["language"] == language
    outcome = verify_packet(out)
    assert outcome.problems == []
    assert outcome.ok and outcome.sha256 == result.sha256
