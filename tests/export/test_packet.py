"""The PDF documentation packet, read back the way a reviewer or a program would."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import stat
import subprocess
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, StreamObject
from reportlab.platypus import Paragraph

from sessionlog.core.models import (
    Authorization,
    Client,
    Goal,
    Objective,
    Payer,
    Segment,
    Session,
    Signature,
    Staff,
    TreatmentPlan,
)
from sessionlog.core.units import rounding_label
from sessionlog.export import packet as packet_module
from sessionlog.export.packet import (
    ATTACHMENT_NAME,
    META_HASH_KEY,
    PacketData,
    canonical_json,
    packet_from_json,
    verify_packet,
)
from sessionlog.export.packet import render as packet_render
from sessionlog.export.packet import styles as packet_styles
from sessionlog.services import notes
from sessionlog.services.billing import billing_lines
from sessionlog.services.packet import MARK_UNSIGNED, build_packet, packet_data

ZONE = "America/Chicago"
NOW = datetime(2026, 11, 20, 22, 0, tzinfo=UTC)
START, END = date(2026, 11, 2), date(2026, 11, 13)
CLIENT = "client-hong"


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def us(day: date) -> str:
    """A date as the English (US) packet prints it."""
    return day.strftime("%m/%d/%Y")


def us_instant(moment: datetime) -> str:
    """A local instant as the English (US) packet prints it: 11/03/2026 10:00:00 AM CST."""
    local = moment.astimezone(ZoneInfo(ZONE))
    return f"{us(local.date())} {local.strftime('%I:%M:%S %p %Z').lstrip('0')}"


def embedded(path: Path) -> dict:
    return json.loads(PdfReader(str(path)).attachments[ATTACHMENT_NAME][0])


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZoneInfo(ZONE)).astimezone(UTC)


@pytest.fixture
def caseload(store):
    """One client with names in several scripts, a plan, an authorization and a
    fortnight of notes: on time, late, amended, unsigned and incomplete."""
    store.save_payer(Payer("payer-1", "State Medicaid", "midpoint", "day", {}, {"H2014": 16}))
    store.save_staff(Staff("staff-dv", "Дмитрий Волков", "Skills Trainer, BA", "HN"))
    store.save_staff(Staff("staff-zn", "Zoë Ñúñez", "Program Supervisor, MSW", "HO"))
    store.save_client(
        Client(
            CLIENT,
            "Nguyễn Thị Hồng",
            date(1990, 4, 2),
            "MCD777001",
            "payer-1",
            ["F33.1", "F41.1"],
            ZONE,
        )
    )
    store.save_plan(
        TreatmentPlan(
            "plan-1",
            CLIENT,
            date(2026, 9, 1),
            date(2027, 8, 31),
            [
                Goal(
                    "g1",
                    "Manage daily routines",
                    [
                        Objective("o1", "Use a written schedule every morning"),
                        Objective("o2", "Take medication with a pill organizer"),
                    ],
                ),
                Goal(
                    "g2",
                    "Build social connection",
                    [
                        Objective("o3", "Start one conversation a week at the center"),
                    ],
                ),
            ],
        )
    )
    store.save_authorization(
        Authorization(
            "auth-1", CLIENT, "H2014", 20, date(2026, 10, 1), date(2027, 3, 31), "PA-9001"
        )
    )
    day = START
    n = 0
    while day <= END:
        if day.weekday() < 5:
            n += 1
            session = Session(
                id=f"s-{day.isoformat()}",
                client_id=CLIENT,
                staff_id="staff-dv",
                code="H2014",
                segments=[Segment(at(day, 10), at(day, 10, 20 + n * 3))],
                place_of_service="12",
                objective_ids=["o1", "o3"] if n % 2 else ["o2"],
                intervention=f"Modeled the weekly planner, step {n}.",
                response=f"Client practiced with two prompts (day {n}).",
                plan=f"Plan for visit {n + 1}: fade prompts.",
                note="Mrs. Hồng's sister Дарья was present.",
                timezone=ZONE,
            )
            store.save_session(session)
            if day == date(2026, 11, 4):
                notes.sign(store, session.id, "staff-dv", now=at(day + timedelta(days=6), 18))
            elif day < date(2026, 11, 12):
                notes.sign(store, session.id, "staff-dv", now=at(day, 17))
            if day == date(2026, 11, 3):
                notes.add_addendum(
                    store,
                    session.id,
                    "staff-zn",
                    "Clarify who was present",
                    "Her sister Дарья stayed for the first 10 minutes only.",
                    now=at(day + timedelta(days=2), 9),
                )
        day += timedelta(days=1)
    # 2026-11-13 stays an incomplete draft (no response written yet).
    draft = store.session("s-2026-11-13")
    draft.response = ""
    store.save_session(draft)
    return store


def make(store, tmp_path: Path, name: str = "packet.pdf", **kw) -> tuple[Path, object]:
    out = tmp_path / name
    kw.setdefault("now", NOW)
    result = build_packet(store, CLIENT, START, END, out, **kw)
    return out, result


def test_unit_summary_rows_and_totals_match_the_billing_engine(caseload, tmp_path):
    out, result = make(caseload, tmp_path)
    lines = billing_lines(caseload, client_id=CLIENT, start=START, end=END)
    assert result.lines == len(lines) == 10
    text = pdf_text(out)
    for line in lines:
        row = (
            rf"{us(line.date)}\s+{line.code}\s+{' '.join(line.modifiers)}\s+{line.place_of_service}"
            rf"\s+{line.minutes}\s+{line.units}\s+{line.billable_units}\s"
        )
        assert re.search(row, text), f"no unit row for {line.date}"
    units = sum(ln.units for ln in lines)
    billable = sum(ln.billable_units for ln in lines)
    minutes = sum(ln.minutes for ln in lines)
    assert billable < units  # the unsigned lines bill nothing
    assert re.search(rf"H2014\s+Skills training.*\s10\s+{minutes}\s+{units}\s+{billable}\n", text)
    content = embedded(out)
    assert [
        (u["date"], u["minutes"], u["units"], u["billable_units"]) for u in content["unit_lines"]
    ] == [(us(ln.date), ln.minutes, ln.units, ln.billable_units) for ln in lines]
    for flag in ("unsigned", "authorization-exceeded"):
        if any(flag in ln.flags for ln in lines):
            assert flag in text
    assert "At least one note on this line is not signed" in " ".join(text.split())
    # The rounding rule by its one name (core.units), as the note form and CLI say it.
    payer = caseload.payer(caseload.client(CLIENT).payer_id)
    assert f"15-minute codes: {rounding_label(payer.rounding)};" in " ".join(text.split())
    assert f"({payer.rounding})" not in text


def test_authorization_shows_authorized_used_and_remaining(caseload, tmp_path):
    out, _ = make(caseload, tmp_path)
    lines = billing_lines(caseload, client_id=CLIENT, start=START, end=END)
    used = sum(ln.billable_units for ln in lines)
    row = re.search(
        r"PA-9001\s+H2014\s+10/01/2026 to 03/31/2027\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", pdf_text(out)
    )
    assert row is not None
    assert [int(g) for g in row.groups()] == [20, used, used, 20 - used]


def test_names_in_several_scripts_come_out_of_pdftotext(caseload, tmp_path):
    out, _ = make(caseload, tmp_path)
    text = pdf_text(out)
    for name in ("Nguyễn Thị Hồng", "Дмитрий Волков", "Zoë Ñúñez", "Дарья"):
        assert name in text
    assert "Nguyễn Thị Hồng · Medicaid ID MCD777001" in text  # the running header


def test_cjk_names_print_and_unprintable_scripts_are_declared(caseload, tmp_path):
    client = caseload.client(CLIENT)
    client.name = "山田 花子 (김민지)"
    caseload.save_client(client)
    out, _ = make(caseload, tmp_path)
    text = pdf_text(out)
    assert "山田 花子" in text
    flat = " ".join(text.split())
    assert "cannot be printed correctly" in flat
    assert "(U+AE40, U+BBFC, U+C9C0)" in flat  # the Hangul of 김민지, named by code point


def test_notes_are_in_date_order_with_their_full_text(caseload, tmp_path):
    out, _ = make(caseload, tmp_path, include_unsigned=True)
    text = " ".join(pdf_text(out).split())
    sessions = caseload.sessions()
    positions = []
    for s in sessions:
        seg = s.segments[0]
        start, end = us_instant(seg.start), us_instant(seg.end)
        head = text.index(f"Progress note · {us(s.service_date())}")
        positions.append(head)
        body = text[head : head + 3000]
        for expected in (s.intervention, s.plan, start, end, "12 Client's home", "In person"):
            assert expected in body
        if s.response:
            assert s.response in body
    assert positions == sorted(positions)
    assert "Goal 1: Manage daily routines — Objective 1.1: Use a written schedule" in text


def test_late_entry_is_marked_and_addendum_follows_the_original(caseload, tmp_path):
    out, _ = make(caseload, tmp_path)
    text = " ".join(pdf_text(out).split())
    late_note = text.index("Progress note · 11/04/2026")
    next_note = text.index("Progress note · 11/05/2026")
    assert "LATE ENTRY" in text[late_note:next_note]
    assert "documentation deadline (due by 11/06/2026)" in text[late_note:next_note]
    assert text.count("LATE ENTRY: signed after") == 1

    original = text.index("Progress note · 11/03/2026")
    signature = text.index("Electronically signed by Дмитрий Волков", original)
    addendum = text.index(
        "ADDENDUM 1 · written 11/05/2026 9:00:00 AM CST (America/Chicago) by Zoë Ñúñez", original
    )
    assert original < text.index("step 2.", original) < signature < addendum < late_note
    assert "Clarify who was present" in text[addendum:late_note]
    assert "stayed for the first 10 minutes only" in text[addendum:late_note]


def test_unsigned_notes_are_left_out_and_listed_by_default(caseload, tmp_path):
    out, result = make(caseload, tmp_path)
    assert (result.notes_included, result.notes_left_out) == (8, 2)
    layout = pdf_text(out)
    assert re.search(
        r"11/12/2026\s+H2014\s+Дмитрий Волков,\s+draft, not signed\s+nothing: complete", layout
    )
    assert re.search(r"11/13/2026\s+H2014\s+Дмитрий Волков,\s+draft, not signed\s+Describe", layout)
    text = " ".join(layout.split())
    assert "Notes left out of this packet" in text
    assert "Progress note · 11/12/2026" not in text
    assert "Progress note · 11/13/2026" not in text
    assert "Describe how the client responded" in text  # what 11-13 still lacks
    assert MARK_UNSIGNED not in text


def test_unsigned_notes_included_under_a_visible_mark_when_asked(caseload, tmp_path):
    out, result = make(caseload, tmp_path, include_unsigned=True)
    assert (result.notes_included, result.notes_left_out) == (10, 0)
    text = " ".join(pdf_text(out).split())
    assert "Notes left out of this packet" not in text
    draft = text.index("Progress note · 11/13/2026")
    assert f"{MARK_UNSIGNED} · This note has not been signed" in text[draft:]
    assert "Missing for signature Describe how the client responded" in text[draft:]
    assert text.count(f"{MARK_UNSIGNED} ·") == 2


def test_every_page_has_header_page_x_of_y_and_the_hash(caseload, tmp_path):
    out, result = make(caseload, tmp_path, include_unsigned=True)
    reader = PdfReader(str(out))
    assert len(reader.pages) == result.pages > 3
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of {result.pages}" in text
        assert f"SHA-256 {result.sha256}" in text
        assert "11/02/2026 to 11/13/2026" in text
        assert "Generated 11/20/2026 4:00:00 PM CST" in text
    assert reader.metadata[META_HASH_KEY] == result.sha256
    content = reader.attachments[ATTACHMENT_NAME][0]
    assert hashlib.sha256(content).hexdigest() == result.sha256


def test_verify_accepts_an_untouched_packet(caseload, tmp_path):
    out, result = make(caseload, tmp_path, include_unsigned=True)
    outcome = verify_packet(out)
    assert outcome.problems == []
    assert outcome.ok and outcome.sha256 == result.sha256


def _rewrite(src: Path, dst: Path, *, content: bytes | None = None, digest: str | None = None):
    """A copy of the packet's pages with (possibly) other embedded content and hash."""
    reader = PdfReader(str(src))
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.add_attachment(ATTACHMENT_NAME, content or reader.attachments[ATTACHMENT_NAME][0])
    writer.add_metadata({META_HASH_KEY: digest or reader.metadata[META_HASH_KEY]})
    with dst.open("wb") as fh:
        writer.write(fh)


def test_verify_detects_changed_embedded_content(caseload, tmp_path):
    out, result = make(caseload, tmp_path)
    content = embedded(out)
    content["unit_lines"][0]["minutes"] += 15
    forged = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    tampered = tmp_path / "tampered.pdf"
    _rewrite(out, tampered, content=forged.encode())
    outcome = verify_packet(tampered)
    assert not outcome.ok
    assert any("the metadata records" in p for p in outcome.problems)
    assert any("footer shows hash" in p for p in outcome.problems)

    # A forger who also rewrites the metadata is still caught by the printed footers
    # and by the pages no longer matching what the content renders to.
    new_digest = hashlib.sha256(forged.encode()).hexdigest()
    _rewrite(out, tampered, content=forged.encode(), digest=new_digest)
    outcome = verify_packet(tampered)
    assert not outcome.ok
    assert outcome.sha256 == new_digest != result.sha256
    assert any("page 1 footer shows hash" in p for p in outcome.problems)
    assert any("text differs" in p for p in outcome.problems)


def edit_page(src: Path, dst: Path, index: int, edit: Callable[[bytes], bytes]) -> None:
    """A copy of the packet with page ``index``'s content stream passed through ``edit``."""
    writer = PdfWriter(clone_from=PdfReader(str(src)))
    page = writer.pages[index]
    replacement = StreamObject()
    replacement.set_data(edit(page.get_contents().get_data()))
    page[NameObject("/Contents")] = writer._add_object(replacement)
    with dst.open("wb") as fh:
        writer.write(fh)


def _drop_middle_text_block(stream: bytes) -> bytes:
    blocks = [m.start() for m in re.finditer(rb"\bBT\b", stream)]
    middle = blocks[len(blocks) // 2]
    end = stream.index(b"ET", middle) + 2
    return stream[:middle] + stream[end:]


def test_verify_detects_changed_page_text(caseload, tmp_path):
    out, _ = make(caseload, tmp_path)
    tampered = tmp_path / "tampered.pdf"
    edit_page(out, tampered, 3, _drop_middle_text_block)
    outcome = verify_packet(tampered)
    assert not outcome.ok
    assert outcome.problems == ["page 4 text differs from what the embedded content renders to"]


def test_verify_accepts_pages_stored_differently_that_draw_the_same(caseload, tmp_path):
    """Pages are compared as stored first; a page whose drawing is the same but stored
    otherwise (here uncompressed, as a program re-saving the file may do) is compared
    decoded, and still verifies."""
    out, result = make(caseload, tmp_path)
    resaved = tmp_path / "resaved.pdf"
    edit_page(out, resaved, 1, lambda stream: stream)
    page = PdfReader(str(resaved)).pages[1]["/Contents"].get_object()
    assert "/Filter" not in page  # really stored otherwise than reportlab stores it
    outcome = verify_packet(resaved)
    assert outcome.problems == []
    assert outcome.ok and outcome.sha256 == result.sha256


def test_verify_rejects_a_pdf_that_is_not_a_packet_and_a_broken_file(tmp_path):
    plain = tmp_path / "plain.pdf"
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    with plain.open("wb") as fh:
        writer.write(fh)
    outcome = verify_packet(plain)
    assert not outcome.ok and "no embedded SessionLog packet content" in outcome.problems[0]
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a pdf")
    outcome = verify_packet(broken)
    assert not outcome.ok and "not a readable PDF" in outcome.problems[0]


def test_embedded_content_round_trips_to_the_same_canonical_bytes(caseload, tmp_path):
    out, _ = make(caseload, tmp_path, include_unsigned=True)
    raw = PdfReader(str(out)).attachments[ATTACHMENT_NAME][0]
    data = packet_from_json(raw)
    assert isinstance(data, PacketData)
    assert packet_module.canonical_json(data) == raw
    assert data.notes[1].addenda[0].author == "Zoë Ñúñez"
    assert data.notes[2].signature is not None and data.notes[2].signature.late


def test_canonical_json_is_that_of_asdict(caseload):
    """The content's JSON is built without asdict's deep copy (issue 12): the same bytes
    as json.dumps of asdict, with signatures, co-signature fields, addenda and a left-out
    note in it."""
    from dataclasses import asdict

    for unsigned in (True, False):
        data = packet_data(caseload, CLIENT, START, END, now=NOW, include_unsigned=unsigned)
        data.record_check = "Passed"
        assert any(n.signature is None for n in data.notes) or data.left_out
        reference = json.dumps(
            asdict(data), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        ).encode("utf-8")
        assert canonical_json(data) == reference


def test_remembered_line_breaks_and_parses_draw_the_same_pages(caseload, monkeypatch):
    """The layout shortcuts (issue 12: a paragraph's lines broken once per width, a
    repeated label parsed once per packet) change nothing on paper: page for page, the
    content streams equal those of reportlab's Paragraph parsed and wrapped every time."""
    data = packet_data(caseload, CLIENT, START, END, now=NOW, include_unsigned=True)
    fast, pages = packet_render.render_pages(data, "0" * 64, "fingerprint")
    monkeypatch.setattr(packet_styles.PacketParagraph, "wrap", Paragraph.wrap)
    monkeypatch.setattr(packet_render, "parse_cache", contextlib.nullcontext)
    plain, plain_pages = packet_render.render_pages(data, "0" * 64, "fingerprint")

    def streams(pdf: bytes) -> list[bytes]:
        return [page.get_contents().get_data() for page in PdfReader(io.BytesIO(pdf)).pages]

    assert pages == plain_pages > 2
    assert streams(fast) == streams(plain)


def _page_streams(pdf: bytes) -> list[bytes]:
    return [page.get_contents().get_data() for page in PdfReader(io.BytesIO(pdf)).pages]


def _plain_render(data: PacketData, monkeypatch) -> tuple[bytes, int]:
    """The pages as reportlab's Paragraph lays them out, parsed, wrapped and drawn every
    time (no parse_cache: no shared parses, lines or drawing)."""
    with monkeypatch.context() as patch:
        patch.setattr(packet_styles.PacketParagraph, "wrap", Paragraph.wrap)
        patch.setattr(packet_render, "parse_cache", contextlib.nullcontext)
        return packet_render.render_pages(data, "0" * 64, "fingerprint")


def test_a_label_on_every_note_is_broken_into_lines_and_drawn_once(caseload, monkeypatch):
    """The paragraphs a packet repeats on every note (labels, table headings, a name, an
    attestation) share their line breaks and drawing (issue 12): "Date of service" is
    broken into lines once and drawn once however many notes print it."""
    data = packet_data(caseload, CLIENT, START, END, now=NOW, include_unsigned=True)
    assert len(data.notes) >= 3
    broken: list[str] = []
    drawn: list[str] = []
    real_break, real_draw = Paragraph.breakLines, Paragraph.drawPara

    def breaking(self, widths):
        broken.append(self.getPlainText())
        return real_break(self, widths)

    def drawing(self, debug=0):
        drawn.append(self.getPlainText())
        return real_draw(self, debug)

    monkeypatch.setattr(Paragraph, "breakLines", breaking)
    monkeypatch.setattr(Paragraph, "drawPara", drawing)
    fast, _ = packet_render.render_pages(data, "0" * 64, "fingerprint")
    assert broken.count("Date of service") == 1
    assert drawn.count("Date of service") == 1
    # Yet printed on every note's page, the same operators at each note's place.
    assert pdf_text_of(fast).count("Date of service") == len(data.notes)
    monkeypatch.undo()
    assert _page_streams(fast) == _page_streams(_plain_render(data, monkeypatch)[0])


def test_only_markup_drawn_as_operators_alone_is_shared():
    """A link's annotation is made when it is drawn, outside the page's operators: a
    paragraph with markup other than <font> and <br/> is never drawn from kept operators."""
    s = packet_styles.packet_styles()
    bold = packet_styles.FONT_BOLD
    with packet_styles.parse_cache():
        shared = [
            "plain text",
            f'<font name="{bold}" color="#5b6672">Label</font>&nbsp;&nbsp;text',
            "line<br/>break",
            "escaped &lt;a href=&quot;x&quot;&gt;",
        ]
        for text in shared:
            assert packet_styles.markup_paragraph(text, s.body)._share is not None, text
        for text in ('<a href="https://example.org">y</a>', '<link href="#x">y</link>'):
            assert packet_styles.markup_paragraph(text, s.body)._share is None, text


def pdf_text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_shared_paragraph_split_across_pages_draws_what_reportlab_draws(caseload, monkeypatch):
    """A paragraph whose lines are shared with others of the same text and that must be
    split at a page's end (reportlab edits the words of the lines it splits) leaves the
    others' lines as they were: the same text, long enough to split, in every note comes
    out page for page as reportlab's Paragraph lays it out."""
    data = packet_data(caseload, CLIENT, START, END, now=NOW, include_unsigned=True)
    long_text = " ".join(
        f"Sentence {n} of a narrative long enough to run past the end of a page." for n in range(90)
    )
    for note in data.notes:
        note.narrative = long_text
        note.plan = long_text
    shared_splits = []
    real_split = packet_styles.PacketParagraph.split

    def splitting(self, width, height):
        shared_splits.append(self._lent)
        return real_split(self, width, height)

    monkeypatch.setattr(packet_styles.PacketParagraph, "split", splitting)
    fast, pages = packet_render.render_pages(data, "0" * 64, "fingerprint")
    monkeypatch.undo()
    assert shared_splits.count(True) >= len(data.notes)  # the case this is about
    plain, plain_pages = _plain_render(data, monkeypatch)
    assert pages == plain_pages > len(data.notes) * 2
    assert _page_streams(fast) == _page_streams(plain)


def test_packet_file_is_owner_only(caseload, tmp_path):
    out, _ = make(caseload, tmp_path)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_failure_while_writing_leaves_no_file(caseload, tmp_path, monkeypatch):
    target = tmp_path / "out" / "packet.pdf"

    import errno

    from sessionlog.core.errors import OutputError

    def broken(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(packet_render.PdfWriter, "write", broken)
    with pytest.raises(OutputError, match="the disk is full"):
        build_packet(caseload, CLIENT, START, END, target, now=NOW)
    assert list(target.parent.iterdir()) == []


def test_a4_paper_and_progress_reports(caseload, tmp_path):
    seen: list[tuple[int, int]] = []
    out, result = make(caseload, tmp_path, paper="a4", progress=lambda d, t: seen.append((d, t)))
    box = PdfReader(str(out)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert seen[0] == (0, 9) and seen[-1] == (9, 9)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert result.notes_included == 8


def test_bad_period_paper_and_client_are_named(caseload, tmp_path):
    from sessionlog.export.packet import PacketError
    from sessionlog.store import NotFoundError

    with pytest.raises(PacketError, match="ends on 2026-11-01 before it starts on 2026-11-02"):
        packet_data(caseload, CLIENT, START, date(2026, 11, 1))
    with pytest.raises(PacketError, match="Paper size 'legal'"):
        packet_data(caseload, CLIENT, START, END, paper="legal")
    with pytest.raises(NotFoundError, match="client-nobody"):
        packet_data(caseload, "client-nobody", START, END)


def test_build_from_a_path_in_a_worker_thread(caseload, db_path, tmp_path):
    out = tmp_path / "threaded.pdf"
    results: list[object] = []
    worker = threading.Thread(
        target=lambda: results.append(build_packet(db_path, CLIENT, START, END, out, now=NOW))
    )
    worker.start()
    worker.join(60)
    assert results and results[0].notes_included == 8
    assert verify_packet(out).ok


@pytest.mark.slow  # ~70 s: runs in CI (the README command runs everything); -m "not slow" skips it
def test_a_client_with_300_sessions(store, tmp_path):
    store.save_payer(Payer("payer-1", "State Medicaid"))
    store.save_staff(Staff("staff-1", "Rosa Delgado", "Job Coach (CESP)", "HM"))
    store.save_client(
        Client("c-300", "Zoë Ñúñez", date(1985, 1, 1), "MCD300", "payer-1", ["F20.9"], ZONE)
    )
    store.save_plan(
        TreatmentPlan(
            "p",
            "c-300",
            date(2025, 1, 1),
            date(2027, 12, 31),
            [Goal("g", "Keep a job", [Objective("o", "Arrive on time")])],
        )
    )
    store.save_authorization(
        Authorization("a", "c-300", "H2023", 5000, date(2025, 1, 1), date(2027, 12, 31), "PA-1")
    )
    first = date(2026, 1, 1)
    for i in range(300):
        day = first + timedelta(days=i)
        store.insert_signed_session(
            Session(
                id=f"s{i:03}",
                client_id="c-300",
                staff_id="staff-1",
                code="H2023",
                segments=[Segment(at(day, 9), at(day, 9, 30 + i % 25))],
                place_of_service="18",
                objective_ids=["o"],
                intervention=f"Coached task {i}.",
                response="Did well.",
                plan="Continue.",
                timezone=ZONE,
                signature=Signature(
                    "staff-1", at(day, 17), ZONE, "Rosa Delgado", "Job Coach (CESP)", "I attest."
                ),
            )
        )
    last = first + timedelta(days=299)
    out = tmp_path / "big.pdf"
    result = build_packet(store, "c-300", first, last, out, now=NOW)
    assert result.notes_included == 300 and result.lines == 300
    text = pdf_text(out)
    assert text.count("Progress note ·") == 300
    assert "Coached task 299." in text
    lines = billing_lines(store, client_id="c-300", start=first, end=last)
    total = sum(ln.billable_units for ln in lines)
    assert re.search(rf"Total\s+All codes\s+300\s+[\d,]+\s+{total:,}\s+{total:,}", text)
    assert verify_packet(out).ok


def test_demo_packet_covers_every_demo_session(demo_store, tmp_path):
    out = tmp_path / "demo.pdf"
    start, end = date(2026, 10, 21), date(2026, 11, 20)
    result = build_packet(demo_store, "client-marcus", start, end, out, include_unsigned=True)
    sessions = demo_store.sessions()
    marcus = [s for s in sessions if s.client_id == "client-marcus"]
    assert result.notes_included == len(marcus)
    text = pdf_text(out)
    assert "HM HQ" in text  # the group visit's modifiers from the engine
    assert "53 Community mental health center" in text
    content = json.loads(PdfReader(io.BytesIO(out.read_bytes())).attachments[ATTACHMENT_NAME][0])
    assert [n["session_id"] for n in content["notes"]] == [s.id for s in marcus]


# The 14 fonts a PDF reader is expected to supply itself; a packet must not rely on them.
STANDARD_14 = {
    "Courier",
    "Courier-Bold",
    "Courier-Oblique",
    "Courier-BoldOblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-Oblique",
    "Helvetica-BoldOblique",
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Symbol",
    "ZapfDingbats",
}


def _font_resources(resources) -> list:
    """Every font dictionary reachable from a page's resources, forms included."""
    found = []
    if resources is None:
        return found
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        found.append(font.get_object())
    for xobject in (resources.get("/XObject") or {}).values():
        found.extend(_font_resources(xobject.get_object().get("/Resources")))
    return found


def _embedded_font_file(font) -> bool:
    """A TrueType font carries its program (FontFile2) in its descriptor, or in its
    descendant's descriptor for a composite (Type0) font."""
    fonts = [font] + [d.get_object() for d in font.get("/DescendantFonts", [])]
    for candidate in fonts:
        descriptor = candidate.get("/FontDescriptor")
        if descriptor is not None and "/FontFile2" in descriptor.get_object():
            return True
    return False


def test_every_font_the_packet_uses_is_embedded_and_none_is_standard_14(caseload, tmp_path):
    """A packet prints the same everywhere and can be archived (PDF/A style): each font
    it references carries its own glyphs, Spanish and CJK names included."""
    client = caseload.client(CLIENT)
    client.name = "José Ángel Peña Muñoz 山田"
    caseload.save_client(client)
    out, _ = make(caseload, tmp_path, include_unsigned=True)
    reader = PdfReader(str(out))
    seen: set[str] = set()
    for number, page in enumerate(reader.pages, start=1):
        fonts = _font_resources(page.get("/Resources"))
        assert fonts, f"page {number} has no fonts"
        for font in fonts:
            name = str(font["/BaseFont"]).lstrip("/")
            base = name.split("+", 1)[-1]  # a subset is named ABCDEF+RealName
            seen.add(base)
            assert base not in STANDARD_14, f"page {number} references {name}"
            assert _embedded_font_file(font), f"page {number}: {name} is not embedded"
    assert {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback"} <= seen
    assert b"/Helvetica" not in out.read_bytes()
    text = pdf_text(out)
    assert "José Ángel Peña Muñoz" in text
    assert "Zoë Ñúñez" in text
    assert verify_packet(out).ok


def test_the_cover_says_what_the_record_check_verified(caseload, tmp_path):
    """Issue 12: the first packet follows every link of the audit log and keeps the
    checkpoint; the next (within a day) starts from it, and each cover says which."""
    rows = len(caseload.audit_log())
    first_out, _ = make(caseload, tmp_path, "first.pdf")  # also makes the signing key
    first = embedded(first_out)["record_check"]
    signed = caseload.check_record(CLIENT).signed_notes
    assert first.startswith(f"Passed at export: recomputed the seals of this client's {signed} ")
    assert f"followed every link of the {rows} audit rows" in first
    note = caseload.session("s-2026-11-13")
    note.response = "Practised the bus route twice."
    caseload.save_session(note)  # a later audit row
    second_out, _ = make(caseload, tmp_path, "second.pdf")
    second = embedded(second_out)["record_check"]
    assert f"audit rows {rows + 1} to {len(caseload.audit_log())}" in second
    assert f"the links of rows 1 to {rows} were last followed at" in second
    cover = " ".join(PdfReader(second_out).pages[0].extract_text().split())
    assert "Record check" in cover and f"rows 1 to {rows} were last followed" in cover
    assert verify_packet(second_out).ok


def test_a_preview_and_a_packet_from_before_the_record_check_line_hash_as_before(caseload):
    """packet_data (no check) leaves the field out of the canonical JSON, as a packet made
    before the line was printed has it, so such a packet keeps its hash."""
    data = packet_data(caseload, CLIENT, START, END, now=NOW)
    assert data.record_check == ""
    assert b"record_check" not in canonical_json(data)
    assert packet_from_json(canonical_json(data)) == data


def test_a_packet_right_after_a_whole_check_says_no_audit_row_was_added_since(caseload, tmp_path):
    """A packet made with nothing written since the whole check (``sessionlog check``,
    Help ▸ Check the record) starts past the last row: its cover says none was added,
    not an empty range of rows ("rows 148 to 147")."""
    make(caseload, tmp_path, "key.pdf")  # makes the signing key (and an audit row)
    assert caseload.check_record().ok  # the whole check keeps the last row
    rows = len(caseload.audit_log())
    out, _ = make(caseload, tmp_path, "after-check.pdf")
    words = embedded(out)["record_check"]
    assert f"the links of all {rows} audit rows were last followed at" in words
    assert "none were added since" in words
    assert f"audit rows {rows + 1} to {rows}" not in words
    assert verify_packet(out).ok


# ---- verify-packet with the agency's key: pages as signed are not laid out again -------


def agency_key(store) -> bytes:
    from sessionlog.export.signing import public_raw
    from sessionlog.services.signing import packet_signing_key

    return public_raw(packet_signing_key(store).value)


def _copy_packet(
    src: Path,
    dst: Path,
    pages: Callable[[list], list] = lambda pages: pages,
    *,
    content: bytes | None = None,
    metadata: dict | None = None,
) -> None:
    """A copy of the packet with its pages passed through ``pages`` (re-ordered or taken
    from elsewhere), its attachment (or ``content``) and every metadata entry, signatures
    included (entries in ``metadata`` replacing theirs)."""
    reader = PdfReader(str(src))
    writer = PdfWriter()
    for page in pages(list(reader.pages)):
        writer.add_page(page)
    writer.add_attachment(ATTACHMENT_NAME, content or reader.attachments[ATTACHMENT_NAME][0])
    writer.add_metadata({**reader.metadata, **(metadata or {})})
    with dst.open("wb") as fh:
        writer.write(fh)


def test_with_the_agency_key_pages_as_signed_are_not_laid_out_again(
    caseload, tmp_path, monkeypatch
):
    out, result = make(caseload, tmp_path, include_unsigned=True)
    key = agency_key(caseload)

    def no_layout(*args, **kwargs):
        raise AssertionError("the pages were laid out again")

    with monkeypatch.context() as patched:
        patched.setattr("sessionlog.export.packet.verify.render_pages", no_layout)
        outcome = verify_packet(out, key)
    assert outcome.problems == []
    assert outcome.ok and outcome.key_checked and not outcome.laid_out
    assert outcome.sha256 == result.sha256 and outcome.pages == result.pages

    # Asked to, it still compares every page with a fresh rendering; so does a check
    # without the agency's key (a packet's own key vouches for nothing).
    for outcome in (verify_packet(out, key, rerender=True), verify_packet(out)):
        assert outcome.ok and outcome.laid_out


def test_with_the_agency_key_a_changed_page_is_laid_out_again_and_caught(caseload, tmp_path):
    out, _ = make(caseload, tmp_path)
    tampered = tmp_path / "tampered.pdf"
    edit_page(out, tampered, 3, _drop_middle_text_block)
    outcome = verify_packet(tampered, agency_key(caseload))
    assert not outcome.ok and outcome.laid_out
    assert outcome.problems == ["page 4 text differs from what the embedded content renders to"]


def test_with_the_agency_key_re_ordered_pages_are_caught(caseload, tmp_path):
    out, result = make(caseload, tmp_path)
    swapped = tmp_path / "swapped.pdf"
    _copy_packet(out, swapped, lambda pages: [pages[0], pages[2], pages[1], *pages[3:]])
    outcome = verify_packet(swapped, agency_key(caseload))
    assert not outcome.ok and outcome.laid_out and outcome.pages == result.pages
    assert outcome.problems == [
        "page 2 text differs from what the embedded content renders to",
        "page 3 text differs from what the embedded content renders to",
    ]


def test_with_the_agency_key_a_page_from_another_signed_packet_is_caught(caseload, tmp_path):
    """Both packets are the agency's own, signed with its key: a page of one put into the
    other is still not what the other's content renders to, nor its hash."""
    out, _ = make(caseload, tmp_path)
    other, _ = make(caseload, tmp_path, "other.pdf", include_unsigned=True)
    foreign_page = PdfReader(str(other)).pages[3]
    mixed = tmp_path / "mixed.pdf"
    _copy_packet(out, mixed, lambda pages: [*pages[:3], foreign_page, *pages[4:]])
    outcome = verify_packet(mixed, agency_key(caseload))
    assert not outcome.ok and outcome.laid_out
    assert any(p.startswith("page 4 footer shows hash") for p in outcome.problems)
    assert "page 4 text differs from what the embedded content renders to" in outcome.problems
    assert verify_packet(out, agency_key(caseload)).ok  # the original, untouched


def test_with_the_agency_key_a_changed_note_is_caught(caseload, tmp_path):
    out, _ = make(caseload, tmp_path)
    key = agency_key(caseload)
    content = embedded(out)
    content["notes"][0]["narrative"] = "A different story than the one that was signed."
    forged = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    changed = tmp_path / "changed-note.pdf"
    # The forger re-hashes the metadata too; the agency's signatures are left as they were.
    digest = hashlib.sha256(forged.encode()).hexdigest()
    _copy_packet(out, changed, content=forged.encode(), metadata={META_HASH_KEY: digest})
    assert embedded(changed)["notes"][0]["narrative"].startswith("A different story")
    outcome = verify_packet(changed, key)
    assert not outcome.ok and outcome.laid_out
    assert any("the signature does not match the content" in p for p in outcome.problems)
    assert any("footer shows hash" in p for p in outcome.problems)
    assert any("text differs" in p for p in outcome.problems)


def test_with_the_agency_key_a_packet_from_another_database_is_refused(caseload, tmp_path):
    from sessionlog.export.signing import new_private_key, public_raw

    out, _ = make(caseload, tmp_path)
    outcome = verify_packet(out, public_raw(new_private_key()))
    assert not outcome.ok and outcome.laid_out
    assert any("not the agency key" in p for p in outcome.problems)


def test_with_the_agency_key_pages_stored_otherwise_or_unsigned_are_compared_in_full(
    caseload, tmp_path
):
    """A page re-stored uncompressed is not as signed, and a packet without the pages
    signature (made before it, or stripped) has none: both are laid out again and pass."""
    out, _ = make(caseload, tmp_path)
    key = agency_key(caseload)
    resaved = tmp_path / "resaved.pdf"
    edit_page(out, resaved, 1, lambda stream: stream)
    outcome = verify_packet(resaved, key)
    assert outcome.problems == [] and outcome.ok and outcome.laid_out

    from sessionlog.export.packet import META_PAGES_SIGNATURE_KEY

    stripped = tmp_path / "stripped.pdf"
    writer = PdfWriter(clone_from=PdfReader(str(out)))
    writer.add_metadata({META_PAGES_SIGNATURE_KEY: ""})
    with stripped.open("wb") as fh:
        writer.write(fh)
    outcome = verify_packet(stripped, key)
    assert outcome.problems == [] and outcome.ok and outcome.laid_out


def test_a_parse_reused_for_another_plain_text_gives_the_fragments_of_a_full_parse(monkeypatch):
    """A paragraph whose markup differs from one parsed before only in its plain text at
    the end takes that parse's fragments with its own text (issue 12): fragment for
    fragment what reportlab's own parse gives, for texts that take the shortcut and for
    those that must not (white space to clean, markup, an entity at the end, a ';')."""
    from reportlab.platypus import paraparser

    s = packet_styles.packet_styles()
    label = f'<font name="{packet_styles.FONT_BOLD}" color="#5b6672">Response</font>&nbsp;&nbsp;'
    texts = [
        "Client practiced with two prompts.",
        "Another sentence, longer, with Дарья and Hồng.",
        "semi; colons; here",
        "  leading and  double   spaces ",
        "ends with an entity &amp;",
        "a &lt;tag&gt; escaped then text",
        "line one<br/>line two",
        "x",
    ]
    parses = []
    real_parse = paraparser.ParaParser.parse

    def counting(self, text, style):
        parses.append(text)
        return real_parse(self, text, style)

    monkeypatch.setattr(paraparser.ParaParser, "parse", counting)
    with packet_styles.parse_cache():
        for style in (s.labelled, s.cell):
            for prefix in ("", label):
                for text in texts:
                    made = packet_styles.markup_paragraph(prefix + text, style)
                    parses_before = len(parses)
                    reference = Paragraph(prefix + text, style)
                    assert len(parses) == parses_before + 1
                    assert [f.__dict__ for f in made.frags] == [
                        f.__dict__ for f in reference.frags
                    ], prefix + text
    shortcut = [t for t in texts if packet_styles._plain_tail(t, s.cell) is not None]
    assert shortcut == [texts[0], texts[1], texts[2], texts[6], texts[7]]
    # Each shape (style, label, a line before a break) parsed once with the slot, then no
    # parse at all for the other plain texts of the same shape.
    slot_parses = [p for p in parses if packet_styles._SLOT in p]
    assert len(set(slot_parses)) == 4  # with or without the label, before a break or not
    assert len(slot_parses) == 2 * 4  # once per style
    assert len(parses) == len(slot_parses) + 2 * 2 * (len(texts) - len(shortcut)) + 2 * 2 * len(
        texts
    )
