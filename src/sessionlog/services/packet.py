"""Gathering a documentation packet: the store and the unit engine in, PacketData out.

Every figure comes from the unit engine (``services.billing``), so the packet's unit
summary is the ``units`` report for the same client and period, line for line. This
module only words and arranges what the engine and the store hold; the PDF layout is
``sessionlog.export.packet``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from sessionlog.core.catalog import places_of_service, service_codes
from sessionlog.core.clock import from_utc_text, to_utc_text
from sessionlog.core.completeness import documentation_deadline, missing_elements
from sessionlog.core.errors import NotFoundError
from sessionlog.core.integrity import IntegrityReport
from sessionlog.core.language import using_language
from sessionlog.core.models import (
    Agency,
    Client,
    Payer,
    Session,
    SessionStatus,
    Staff,
    TreatmentPlan,
    utc_now,
)
from sessionlog.core.queries import SessionFilter
from sessionlog.core.units import (
    FLAG_DESCRIPTIONS,
    FLAG_ORDER,
    BillingLine,
    modifiers_for,
    rounding_label,
)
from sessionlog.export.files import write_private_with
from sessionlog.export.packet import (
    PAPER_SIZES,
    AddendumEntry,
    AuthorizationEntry,
    CodeTotalEntry,
    FlagEntry,
    GoalEntry,
    LeftOutEntry,
    NoteEntry,
    PacketData,
    PacketError,
    PlanEntry,
    SegmentEntry,
    SignatureEntry,
    StaffEntry,
    UnitLineEntry,
)
from sessionlog.export.packet.language import (
    DEFAULT_LANGUAGE,
    PacketLanguage,
    mark,
    packet_language,
    user_language,
)
from sessionlog.services.billing import (
    client_period_billing,
)
from sessionlog.services.calendar import agency_days_off
from sessionlog.services.integrity import problems_in, refusal
from sessionlog.services.records import Reader, Records, own_connection
from sessionlog.services.timing import time_correction_lines

ProgressFn = Callable[[int, int], None]

# The English marks; a packet prints them in its language.
MARK_UNSIGNED = mark("UNSIGNED — NOT BILLABLE")
MARK_INCOMPLETE = mark("SIGNED — INCOMPLETE")

_NO_DESCRIPTION = mark("No description on file.")
_ROLES = (mark("provider"), mark("signer"), mark("addendum author"))

_AGGREGATE_WORDS = {
    "day": mark("the day's minutes for a code are added before rounding"),
    "session": mark("each session is rounded on its own, then the units are added"),
}


@dataclass(frozen=True)
class PacketResult:
    path: Path
    sha256: str
    pages: int
    notes_included: int
    notes_left_out: int
    lines: int


def _place(code: str, t: PacketLanguage) -> str:
    """'18 Place of employment / worksite', the place's name in the packet's language."""
    name = places_of_service().get(code)
    if name:
        return f"{code} {t(name)}"
    return code or t("not recorded")


def _person(staff: dict[str, Staff], staff_id: str, t: PacketLanguage) -> str:
    member = staff.get(staff_id)
    if member is None:
        return t("staff {id}", id=staff_id)
    return f"{member.name}, {member.credential}" if member.credential else member.name


def _objective_labels(plans: list[TreatmentPlan], t: PacketLanguage) -> dict[str, str]:
    labels: dict[str, str] = {}
    for plan in plans:
        for gi, goal in enumerate(plan.goals, start=1):
            for oi, objective in enumerate(goal.objectives, start=1):
                retired = t(" (retired)") if objective.retired else ""
                labels[objective.id] = (
                    t(
                        "Goal {goal}: {goal_text} — Objective {goal}.{objective}: {text}",
                        goal=gi,
                        goal_text=goal.text,
                        objective=oi,
                        text=objective.text,
                    )
                    + retired
                )
    return labels


def _plan_entry(plan: TreatmentPlan, t: PacketLanguage) -> PlanEntry:
    return PlanEntry(
        period=t.period(plan.start, plan.end),
        goals=[
            GoalEntry(
                number=str(gi),
                text=goal.text,
                objectives=[
                    f"{gi}.{oi} {o.text}" + (t(" (retired)") if o.retired else "")
                    for oi, o in enumerate(goal.objectives, start=1)
                ],
            )
            for gi, goal in enumerate(plan.goals, start=1)
        ],
    )


def _unit_rule(payer: Payer | None, t: PacketLanguage) -> str:
    if payer is None:
        return t("unknown: the client's payer is not on file")
    label = t(rounding_label(payer.rounding))
    how = t(_AGGREGATE_WORDS.get(payer.aggregate, payer.aggregate))
    return t(
        "{payer}: 15-minute codes: {rule}; {how}. "
        "Per-diem codes pay one unit a day once the payer's minimum minutes are reached.",
        payer=payer.name,
        rule=label,
        how=how,
    )


def _units_text(session: Session, line: BillingLine | None, t: PacketLanguage) -> str:
    if line is None:
        if session.status == SessionStatus.RUNNING:
            return t("not computed: the timer is still running")
        return t("not computed: no times recorded")
    others = len(line.session_ids) - 1
    units = t(
        "{units} ({billable} billable)",
        units=t.number(line.units),
        billable=t.number(line.billable_units),
    )
    if others == 0:
        return units
    return t.plural(
        "{units} for the day's {code} line: {minutes} min with {count} other session",
        "{units} for the day's {code} line: {minutes} min with {count} other sessions",
        others,
        units=units,
        code=line.code,
        minutes=t.number(line.minutes),
    )


def _note_entry(
    session: Session,
    *,
    line: BillingLine | None,
    staff: dict[str, Staff],
    payer: Payer | None,
    objectives: dict[str, str],
    time_corrections: list[str],
    days_off: frozenset[date] = frozenset(),
    t: PacketLanguage,
) -> NoteEntry:
    day = session.service_date()
    zone = session.timezone
    missing = [t(m.message) for m in missing_elements(session)]
    if session.signature is None:
        status = t(MARK_UNSIGNED)
    elif missing:
        status = t(MARK_INCOMPLETE)
    else:
        status = ""
    if line is not None:
        modifiers = " ".join(line.modifiers)
    elif payer is not None:
        modifiers = " ".join(modifiers_for(session, staff.get(session.staff_id), payer))
    else:
        modifiers = ""
    signature = None
    if session.signature is not None:
        sig = session.signature
        deadline = documentation_deadline(day, payer, days_off) if day else None
        signature = SignatureEntry(
            signer=sig.signer_name or _person(staff, sig.staff_id, t),
            credential=sig.credential,
            signed_at=f"{t.instant(sig.signed_at, sig.timezone)} ({sig.timezone})",
            attestation=sig.attestation,
            late=sig.late,
            deadline=t("due by {day}", day=t.date_text(deadline)) if deadline else "",
        )
        co = session.cosignature
        if co is not None:
            signature.cosigned_by = ", ".join(
                part
                for part in (co.signer_name or _person(staff, co.staff_id, t), co.credential)
                if part
            )
            signature.cosigned_at = f"{t.instant(co.signed_at, co.timezone)} ({co.timezone})"
            signature.cosign_statement = co.statement
    code = service_codes().get(session.code)
    return NoteEntry(
        session_id=session.id,
        date=t.date_text(day) if day else t("no date"),
        weekday=t.weekday(day) if day else "",
        timezone=zone,
        segments=[
            SegmentEntry(
                start=t.instant(seg.start, zone),
                end=t.instant(seg.end, zone) if seg.end else t("still running"),
                minutes=int(seg.seconds() // 60),
            )
            for seg in sorted(session.segments, key=lambda s: s.start)
        ],
        total_minutes=session.minutes(),
        code=session.code,
        code_description=code.shown_description if code else t("(not in the code catalog)"),
        modifiers=modifiers,
        units=_units_text(session, line, t),
        place_of_service=_place(session.place_of_service, t),
        modality=t("Telehealth") if session.telehealth else t("In person"),
        group=(
            t(
                "Group of {size} (each attendee has their own note)",
                size=t.number(session.group_size),
            )
            if session.is_group
            else t("Individual")
        ),
        provider=_person(staff, session.staff_id, t),
        objectives=[
            objectives.get(o, t("Objective {id} (not in any plan)", id=o))
            for o in session.objective_ids
        ],
        intervention=session.intervention,
        response=session.response,
        plan=session.plan,
        narrative=session.note,
        manual_reason=session.manual_reason or "",
        time_corrections=time_corrections,
        status_mark=status,
        missing=missing,
        signature=signature,
        addenda=[
            AddendumEntry(
                written_at=f"{t.instant(a.written_at, a.timezone)} ({a.timezone})",
                author=a.signer_name or _person(staff, a.staff_id, t),
                credential=a.credential,
                reason=a.reason,
                text=a.text,
            )
            for a in sorted(session.addenda, key=lambda a: a.written_at)
        ],
    )


def _supervisor(staff: dict[str, Staff], staff_id: str, t: PacketLanguage) -> str:
    """'Name, credential' of the staff member's supervisor, or '' when unsupervised."""
    member = staff.get(staff_id)
    if member is None or member.supervisor_id is None:
        return ""
    return _person(staff, member.supervisor_id, t)


def _billing_provider(agency: Agency | None, t: PacketLanguage) -> str:
    if agency is None:
        return ""
    a = agency.address
    address = f"{a.line1}, {a.city}, {a.state} {a.zip}"
    return t(
        "{name} · NPI {npi} · Tax id {tax_id} · {address}",
        name=agency.name,
        npi=agency.npi,
        tax_id=agency.tax_id,
        address=address,
    )


def _request_refusal(start: date, end: date, paper: str) -> str:
    """What is wrong with the period or paper asked for, in the user's language (not the
    packet's)."""
    t = user_language()
    if end < start:
        return t("The period ends on {end} before it starts on {start}", end=end, start=start)
    return t(
        "Paper size {paper!r} is not one of: {sizes}", paper=paper, sizes=", ".join(PAPER_SIZES)
    )


def packet_data(
    store: Reader,
    client_id: str,
    start: date,
    end: date,
    *,
    paper: str = "letter",
    include_unsigned: bool = False,
    now: datetime | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> PacketData:
    """Everything one client's packet prints for dates of service in [start, end], worded
    in ``language`` ("en", "es") with its locale's dates, times and numbers: the packet's
    own wording and the core's (unit explanations, rounding rules) alike."""
    if end < start or paper not in PAPER_SIZES:  # told before the packet's language is on
        raise PacketError(_request_refusal(start, end, paper))
    t = packet_language(language)
    with using_language(t.code):
        return _packet_data(
            store, client_id, start, end, paper, include_unsigned, now or utc_now(), t
        )


def _packet_data(
    store: Reader,
    client_id: str,
    start: date,
    end: date,
    paper: str,
    include_unsigned: bool,
    now: datetime,
    t: PacketLanguage,
) -> PacketData:
    client: Client = store.client(client_id)
    try:
        payer: Payer | None = store.payer(client.payer_id)
    except NotFoundError:
        payer = None
    staff = {m.id: m for m in store.staff_members()}
    sessions = store.sessions(SessionFilter(client_id=client_id, start=start, end=end))
    lines, usage_in_force = client_period_billing(store, client_id, start, end)
    line_of = {sid: line for line in lines for sid in line.session_ids}
    all_plans = store.plans(client_id)
    objectives = _objective_labels(all_plans, t)
    days_off = agency_days_off(store)

    notes: list[NoteEntry] = []
    left_out: list[LeftOutEntry] = []
    for session in sessions:
        entry = _note_entry(
            session,
            line=line_of.get(session.id),
            staff=staff,
            payer=payer,
            objectives=objectives,
            time_corrections=time_correction_lines(
                store, session.id, word=t, when_text=t.instant, zone=session.timezone
            ),
            days_off=days_off,
            t=t,
        )
        if session.signed or include_unsigned:
            notes.append(entry)
        else:
            left_out.append(
                LeftOutEntry(
                    date=entry.date,
                    code=session.code,
                    provider=entry.provider,
                    status=(
                        t("timer running")
                        if session.status == SessionStatus.RUNNING
                        else t("draft, not signed")
                    ),
                    missing=entry.missing or [t("nothing: complete, awaiting signature")],
                )
            )

    roles: dict[str, list[str]] = {}
    for session in sessions:
        if not (session.signed or include_unsigned):
            continue
        roles.setdefault(session.staff_id, []).append("provider")
        if session.signature is not None:
            roles.setdefault(session.signature.staff_id, []).append("signer")
        for addendum in session.addenda:
            roles.setdefault(addendum.staff_id, []).append("addendum author")
    staff_entries = [
        StaffEntry(
            name=staff[sid].name if sid in staff else t("staff {id}", id=sid),
            credential=staff[sid].credential if sid in staff else "",
            modifier=(staff[sid].modifier or "") if sid in staff else "",
            roles=", ".join(dict.fromkeys(t(r) for r in _ROLES if r in roles[sid])).capitalize(),
            supervised_by=_supervisor(staff, sid, t),
        )
        for sid in sorted(roles, key=lambda s: staff[s].name if s in staff else s)
    ]

    usage = {u.authorization.id: u for u in usage_in_force}
    drawn_in_period: dict[str, int] = {}
    for line in lines:
        for auth_id, units in line.authorization_draws:
            drawn_in_period[auth_id] = drawn_in_period.get(auth_id, 0) + units
    authorizations = [
        AuthorizationEntry(
            number=a.number,
            code=a.code,
            valid=t.period(a.start, a.end),
            authorized=a.units,
            used_in_period=drawn_in_period.get(a.id, 0),
            used_to_date=usage[a.id].used if a.id in usage else 0,
            remaining=usage[a.id].remaining if a.id in usage else a.units,
        )
        for a in store.authorizations(client_id)
        if a.start <= end and a.end >= start
    ]

    code_totals: dict[str, CodeTotalEntry] = {}
    flag_counts: dict[str, int] = {}
    for line in lines:
        code = service_codes().get(line.code)
        total = code_totals.setdefault(
            line.code,
            CodeTotalEntry(line.code, code.shown_description if code else "", 0, 0, 0, 0),
        )
        total.lines += 1
        total.minutes += line.minutes
        total.units += line.units
        total.billable_units += line.billable_units
        for flag in line.flags:
            flag_counts[flag] = flag_counts.get(flag, 0) + 1
    ordered_flags = [f for f in FLAG_ORDER if f in flag_counts] + sorted(
        f for f in flag_counts if f not in FLAG_ORDER
    )

    data = PacketData(
        client_name=client.name,
        client_id=client.id,
        birth_date=t.date_text(client.birth_date),
        medicaid_id=client.medicaid_id,
        diagnoses=list(client.diagnoses),
        payer=payer.name if payer else t("payer {id} (not on file)", id=client.payer_id),
        period_start=t.date_text(start),
        period_end=t.date_text(end),
        timezone=client.timezone,
        generated_at=t.instant(now, client.timezone),
        generated_at_utc=to_utc_text(now),
        paper=paper,
        include_unsigned=include_unsigned,
        unit_rule=_unit_rule(payer, t),
        staff=staff_entries,
        plans=[_plan_entry(p, t) for p in all_plans if p.start <= end and p.end >= start],
        authorizations=authorizations,
        unit_lines=[
            UnitLineEntry(
                date=t.date_text(line.date),
                code=line.code,
                modifiers=" ".join(line.modifiers),
                place_of_service=line.place_of_service,
                minutes=line.minutes,
                units=line.units,
                billable_units=line.billable_units,
                flags=list(line.flags),
                authorization=line.authorization_number or "",
                explanation=line.explanation,
            )
            for line in lines
        ],
        code_totals=[code_totals[c] for c in sorted(code_totals)],
        flags=[
            FlagEntry(f, t(FLAG_DESCRIPTIONS.get(f, _NO_DESCRIPTION)), flag_counts[f])
            for f in ordered_flags
        ],
        notes=notes,
        left_out=left_out,
        billing_provider=_billing_provider(store.agency(), t),
        language=t.code,
    )
    # Imported here, in the worker that builds the packet: the layout's modules
    # (reportlab, pypdf, cryptography) are most of a second to import, and the packet
    # dialog imports this module on the GUI thread.
    from sessionlog.export.packet import unprintable_characters

    unprintable = unprintable_characters(data)
    if unprintable:
        # Named by code point: the characters themselves would print blank here too.
        shown = ", ".join(f"U+{ord(ch):04X}" for ch in unprintable[:24])
        if len(unprintable) > 24:
            shown += t(" and {count} more", count=t.number(len(unprintable) - 24))
        data.warnings.append(
            t(
                "Some characters in this packet cannot be printed correctly by the embedded "
                "fonts and may appear blank or out of order ({characters}). The text attached "
                "to this PDF (sessionlog-packet.json) keeps them exactly.",
                characters=shown,
            )
        )
    return data


def _record_check_words(report: IntegrityReport, failed: bool, zone: str, t: PacketLanguage) -> str:
    """What the record check verified for this packet, for its cover (docs/security.md)."""
    result = t("FAILED (see above)") if failed else t("Passed")
    if report.audit_checked_from and report.audit_checked_from > report.last_audit_row:
        # Nothing written since the links were last followed ("rows 148 to 147" otherwise).
        return t(
            "{result} at export: recomputed the seals of this client's {notes} signed notes, "
            "and this client's and the shared audit rows; the links of all {before} audit "
            "rows were last followed at {when}, and none were added since.",
            result=result,
            notes=t.number(report.signed_notes),
            before=t.number(report.audit_checked_from - 1),
            when=t.instant(from_utc_text(report.audit_verified_at), zone),
        )
    if report.audit_checked_from:
        return t(
            "{result} at export: recomputed the seals of this client's {notes} signed notes, "
            "audit rows {first} to {last}, and this client's and the shared earlier rows; "
            "the links of rows 1 to {before} were last followed at {when}.",
            result=result,
            notes=t.number(report.signed_notes),
            first=t.number(report.audit_checked_from),
            last=t.number(report.last_audit_row),
            before=t.number(report.audit_checked_from - 1),
            when=t.instant(from_utc_text(report.audit_verified_at), zone),
        )
    return t(
        "{result} at export: recomputed the seals of this client's {notes} signed notes and "
        "every audit row but other clients'; followed every link of the {rows} audit rows.",
        result=result,
        notes=t.number(report.signed_notes),
        rows=t.number(report.audit_rows),
    )


def build_packet(
    store_or_path: Records | str | Path,
    client_id: str,
    start: date,
    end: date,
    out_path: str | Path,
    *,
    paper: str = "letter",
    include_unsigned: bool = False,
    progress: ProgressFn | None = None,
    now: datetime | None = None,
    force: bool = False,
    language: str = DEFAULT_LANGUAGE,
) -> PacketResult:
    """Gather and write one client's packet to ``out_path`` (owner-only, atomically).

    Given a path, this opens its own connection and closes it, so a GUI worker thread
    never shares the GUI's sqlite connection. ``progress(done, total)`` is called from
    the calling thread as notes are laid out. ``language`` ("en", "es") words the pages
    and formats their dates, times and numbers. Raises StoreError (unknown client) or
    PacketError (bad period or paper, or a record that fails the check and no ``force``),
    worded for the user."""
    opened: AbstractContextManager[Records] = (
        own_connection(store_or_path, actor="packet", migrate=True)
        if isinstance(store_or_path, str | Path)
        else nullcontext(store_or_path)
    )
    with opened as store:
        return _build(
            store,
            client_id,
            start,
            end,
            Path(out_path),
            paper,
            include_unsigned,
            progress,
            now,
            force,
            language,
        )


def _build(
    store: Records,
    client_id: str,
    start: date,
    end: date,
    out_path: Path,
    paper: str,
    include_unsigned: bool,
    progress: ProgressFn | None,
    now: datetime | None,
    force: bool,
    language: str,
) -> PacketResult:
    store.client(client_id)  # an unknown client is named before the whole record is checked
    # The client's seals and everything shared (audit chain, deleted notes), not ten
    # years of every other client's notes: their problems would not concern this packet.
    report = store.check_record(client_id, now=utc_now())
    problems = report.concerns(client_id)
    if problems and not force:
        raise PacketError(refusal(client_id, problems))
    data = packet_data(
        store,
        client_id,
        start,
        end,
        paper=paper,
        include_unsigned=include_unsigned,
        now=now,
        language=language,
    )
    t = packet_language(language)
    data.record_check = _record_check_words(report, bool(problems), data.timezone, t)
    if problems:
        data.warnings.append(
            t.plural(
                "RECORD CHECK FAILED: this packet was made with --force although the record "
                "fails the check ({count} problem). Its notes may not be what was signed.",
                "RECORD CHECK FAILED: this packet was made with --force although the record "
                "fails the check ({count} problems). Its notes may not be what was signed.",
                len(problems),
            )
            + " "
            + problems_in(t.code, problems)
        )
    # One step per note, plus one for writing the file, so a bar never sits at 100%
    # while the file is still being written.
    total = len(data.notes) + 1
    layout_progress = None
    if progress is not None:

        def layout_progress(done: int, _notes: int) -> None:
            progress(done, total)

    from sessionlog.export.packet import RenderedPacket, write_packet
    from sessionlog.services.signing import packet_signing_key

    rendered: list[RenderedPacket] = []
    # Made on the first packet: a setting no view shows, so its changes are not passed on.
    key = packet_signing_key(store).value

    def writer(handle: BinaryIO) -> None:
        rendered.append(write_packet(data, handle, layout_progress, signing_key=key))

    write_private_with(out_path, writer)
    if progress is not None:
        progress(total, total)
    result = rendered[0]
    return PacketResult(
        path=out_path,
        sha256=result.sha256,
        pages=result.pages,
        notes_included=len(data.notes),
        notes_left_out=len(data.left_out),
        lines=len(data.unit_lines),
    )
