"""The packet's sections: cover, unit summary, and one block per note with its
signature and addenda, as reportlab flowables.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
)

from sessionlog.export.packet.contract import AddendumEntry, NoteEntry, PacketData
from sessionlog.export.packet.styles import (
    ACCENT,
    ALERT,
    ALERT_FILL,
    BAND_FILL,
    FONT_BOLD,
    LATE,
    LATE_FILL,
    RULE,
    Continuation,
    NoteDone,
    NoteStart,
    Styles,
    escape_text,
    fit_width,
    make_table,
    markup,
    markup_paragraph,
    packet_styles,
    paragraph,
    table_style,
)

# ---- sections ------------------------------------------------------------------


def cover(data: PacketData, width: float, key_fingerprint: str) -> list[Flowable]:
    s = packet_styles()
    story: list[Flowable] = [
        paragraph("Documentation packet", s.title),
        paragraph(
            f"Progress notes and unit summary · {data.period_start} to {data.period_end}",
            s.subtitle,
        ),
    ]
    signed = sum(1 for n in data.notes if not n.status_mark)
    not_billable = len(data.notes) - signed
    contents = f"{len(data.notes)} progress note(s)"
    if not_billable:
        contents += f", of which {not_billable} marked not billable"
    if data.left_out:
        contents += f"; {len(data.left_out)} unsigned or incomplete note(s) left out (listed below)"
    facts = [
        ("Billing provider", data.billing_provider or "no agency on file (Setup ▸ Agency)"),
        ("Client", data.client_name),
        ("Date of birth", data.birth_date),
        ("Medicaid ID", data.medicaid_id),
        ("Diagnoses", ", ".join(data.diagnoses) or "none recorded"),
        ("Payer", data.payer),
        ("Period of service", f"{data.period_start} to {data.period_end} (dates of service)"),
        ("Time zone", data.timezone),
        ("Contents", contents),
        ("Units rule", data.unit_rule),
        ("Generated", data.generated_at),
        (
            "Signed with",
            f"the agency database's key, fingerprint {key_fingerprint}. Check this file with: "
            "sessionlog verify-packet FILE.pdf --key agency.pub",
        ),
    ]
    table = Table(
        [[paragraph(k, s.label), paragraph(v, s.body)] for k, v in facts],
        colWidths=[1.35 * inch, width - 1.35 * inch],
    )
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    story.append(table)
    for warning in data.warnings:
        story += [
            Spacer(1, 4),
            paragraph(warning, s.warning),
        ]

    story.append(paragraph("Staff who delivered services", s.h1))
    story += make_table(
        ["Name", "Credential", "Modifier", "Supervised by", "Role in this packet"],
        [
            [m.name, m.credential or "—", m.modifier or "—", m.supervised_by or "—", m.roles]
            for m in data.staff
        ]
        or [["No services in this period", "", "", "", ""]],
        [1.5 * inch, 1.6 * inch, 0.7 * inch, 1.8 * inch, width - 5.6 * inch],
    )

    story.append(paragraph("Treatment plan(s) in force", s.h1))
    if not data.plans:
        story.append(paragraph("No treatment plan covers any day of this period.", s.body))
    for plan in data.plans:
        story.append(paragraph(f"Plan in force {plan.period}", s.h2))
        for goal in plan.goals:
            story.append(
                paragraph(
                    f"Goal {goal.number}: {goal.text}",
                    s.goal,
                )
            )
            for objective in goal.objectives:
                story.append(
                    paragraph(
                        objective,
                        s.objective,
                    )
                )

    story.append(paragraph("Authorizations", s.h1))
    if data.authorizations:
        # Prior-authorization numbers are copied onto claims: never broken mid-string.
        number_width = fit_width([a.number for a in data.authorizations], 1.0 * inch)
        story += make_table(
            [
                "Number",
                "Code",
                "Valid",
                "Authorized",
                "Used in period",
                "Used to period end",
                "Remaining",
            ],
            [
                [
                    a.number,
                    a.code,
                    a.valid,
                    str(a.authorized),
                    str(a.used_in_period),
                    str(a.used_to_date),
                    str(a.remaining),
                ]
                for a in data.authorizations
            ],
            [number_width, 0.6 * inch, 1.75 * inch]
            + [(width - 2.35 * inch - number_width) / 4] * 4,
            right={3, 4, 5, 6},
            nowrap={0},
        )
        story.append(Spacer(1, 3))
        story.append(
            paragraph(
                "Units are billable units from the unit summary; remaining is as of "
                f"{data.period_end}.",
                s.muted,
            )
        )
    else:
        story.append(paragraph("No authorization overlaps this period.", s.body))

    if data.left_out:
        story.append(paragraph("Notes left out of this packet", s.h1))
        story.append(
            paragraph(
                "These notes are unsigned or incomplete. They are not part of this "
                "packet and are not billable until signed.",
                s.body,
            )
        )
        story += make_table(
            ["Date", "Code", "Staff", "Status", "What is missing"],
            [
                [x.date, x.code, x.provider, x.status, "; ".join(x.missing) or "—"]
                for x in data.left_out
            ],
            [0.8 * inch, 0.6 * inch, 1.4 * inch, 1.1 * inch, width - 3.9 * inch],
        )
    return story


def unit_summary(data: PacketData, width: float) -> list[Flowable]:
    s = packet_styles()
    story: list[Flowable] = [PageBreak(), paragraph("Unit summary", s.h1)]
    story.append(
        paragraph(
            "One row per billing line from the unit engine. Minutes are the recorded minutes; "
            "units follow the payer's rule; billable units are what may be claimed after "
            "authorizations and limits. Flags are explained below the totals.",
            s.muted,
        )
    )
    story.append(Spacer(1, 4))
    if data.unit_lines:
        auth_width = fit_width([u.authorization for u in data.unit_lines], 0.7 * inch)
        story += make_table(
            ["Date", "Code", "Modifiers", "POS", "Minutes", "Units", "Billable", "Auth.", "Flags"],
            [
                [
                    u.date,
                    u.code,
                    u.modifiers or "—",
                    u.place_of_service,
                    str(u.minutes),
                    str(u.units),
                    str(u.billable_units),
                    u.authorization or "—",
                    ", ".join(u.flags) or "—",
                ]
                for u in data.unit_lines
            ],
            [
                0.78 * inch,
                0.5 * inch,
                0.75 * inch,
                0.38 * inch,
                0.62 * inch,
                0.45 * inch,
                0.6 * inch,
                auth_width,
                width - 4.08 * inch - auth_width,
            ],
            right={4, 5, 6},
            nowrap={7},
        )
    else:
        story.append(paragraph("No billing lines in this period.", s.body))

    story.append(paragraph("Totals per code", s.h2))
    rows = [
        [t.code, t.description, str(t.lines), str(t.minutes), str(t.units), str(t.billable_units)]
        for t in data.code_totals
    ]
    rows.append(
        [
            "Total",
            "All codes",
            str(sum(t.lines for t in data.code_totals)),
            str(sum(t.minutes for t in data.code_totals)),
            str(sum(t.units for t in data.code_totals)),
            str(sum(t.billable_units for t in data.code_totals)),
        ]
    )
    totals = make_table(
        ["Code", "Service", "Lines", "Minutes", "Units", "Billable units"],
        rows,
        [0.6 * inch, width - 3.6 * inch, 0.6 * inch, 0.7 * inch, 0.6 * inch, 1.1 * inch],
        right={2, 3, 4, 5},
        extra=[
            ("LINEABOVE", (0, -1), (-1, -1), 0.75, ACCENT),
            ("FONTNAME", (0, -1), (-1, -1), FONT_BOLD),
        ],
    )
    story += totals

    story.append(paragraph("Flags explained", s.h2))
    if data.flags:
        story += make_table(
            ["Flag", "Lines", "What it means"],
            [[f.flag, str(f.lines), f.description] for f in data.flags],
            [1.5 * inch, 0.5 * inch, width - 2.0 * inch],
            right={1},
        )
    else:
        story.append(paragraph("No line in this period carries a flag.", s.body))

    if any(u.explanation for u in data.unit_lines):
        story.append(paragraph("How each line's units were computed", s.h2))
        story += make_table(
            ["Date", "Code", "Explanation"],
            [[u.date, u.code, u.explanation] for u in data.unit_lines],
            [0.8 * inch, 0.55 * inch, width - 1.35 * inch],
        )
    return story


def _labelled(label: str, text: str, s: Styles) -> Flowable:
    return markup_paragraph(
        f'<font name="{FONT_BOLD}" color="#5b6672">{escape_text(label)}</font>&nbsp;&nbsp;'
        + (markup(text) if text.strip() else '<font color="#5b6672">—</font>'),
        s.labelled,
    )


def _note(note: NoteEntry, index: int, width: float, state: Continuation) -> list[Flowable]:
    s = packet_styles()
    late = note.signature is not None and note.signature.late
    if note.status_mark:
        mark = paragraph(note.status_mark, s.mark_on_fill)
    elif late:
        mark = paragraph("LATE ENTRY", s.late_mark_on_fill)
    else:
        mark = paragraph("Signed", s.mark_on_fill)
    title = Table(
        [
            [
                paragraph(
                    f"Progress note · {note.date} ({note.weekday}) · {note.code}", s.note_title
                ),
                mark,
            ]
        ],
        colWidths=[width * 0.62, width * 0.38],
    )
    fill = ALERT if note.status_mark else (LATE if late else ACCENT)
    title.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )

    facts = [
        ("Date of service", note.date, "Place of service", note.place_of_service),
        ("Service", f"{note.code} {note.code_description}", "Modality", note.modality),
        ("Modifiers", note.modifiers or "none", "Group", note.group),
        ("Total minutes", str(note.total_minutes), "Units", note.units),
        ("Time zone", note.timezone, "Provider", note.provider),
    ]
    label_w = 1.2 * inch
    value_w = width / 2 - label_w
    fact_table = Table(
        [
            [
                paragraph(a, s.label),
                paragraph(b, s.cell),
                paragraph(c, s.label),
                paragraph(d, s.cell),
            ]
            for a, b, c, d in facts
        ],
        colWidths=[label_w, value_w, label_w, value_w],
    )
    fact_table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )

    segment_rows = [
        [f"Segment {i}", seg.start, seg.end, f"{seg.minutes} min"]
        for i, seg in enumerate(note.segments, start=1)
    ] or [["—", "no times recorded", "", ""]]
    segments = make_table(
        ["Time", "Start", "Stop", "Minutes"],
        segment_rows,
        [0.9 * inch, 2.3 * inch, 2.3 * inch, width - 5.5 * inch],
        right={3},
    )

    head: list[Flowable] = [title]
    if note.status_mark:
        if note.signature is None:
            why = "This note has not been signed: its units may not be claimed."
        else:
            why = "This signed note lacks required elements (listed below): review before billing."
        banner = Table([[paragraph(f"{note.status_mark} · {why}", s.banner)]], colWidths=[width])
        banner.setStyle(
            table_style(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), ALERT_FILL),
                    ("BOX", (0, 0), (-1, -1), 1, ALERT),
                ]
            )
        )
        head += [Spacer(1, 3), banner]
    head += [Spacer(1, 4), fact_table, Spacer(1, 4), *segments]

    label = f"Progress note · {note.date} · {note.code}"
    story: list[Flowable] = [
        CondPageBreak(2.2 * inch),
        KeepTogether(head),
        NoteStart(label, state),
    ]
    story.append(paragraph("Objectives addressed", s.h2))
    if note.objectives:
        for objective in note.objectives:
            story.append(
                paragraph(
                    f"• {objective}",
                    s.bullet,
                )
            )
    else:
        story.append(paragraph("None recorded.", s.body))
    story.append(_labelled("Intervention", note.intervention, s))
    story.append(_labelled("Response", note.response, s))
    story.append(_labelled("Plan", note.plan, s))
    story.append(_labelled("Narrative", note.narrative, s))
    if note.manual_reason:
        story.append(
            _labelled("Manual entry: times were entered by hand because", note.manual_reason, s)
        )
    if note.time_corrections:
        story.append(_labelled("Times corrected", "; ".join(note.time_corrections), s))
    if note.missing:
        story.append(_labelled("Missing for signature", "; ".join(note.missing), s))

    story.append(KeepTogether([Spacer(1, 4), _signature_block(note, width)]))
    for number, addendum in enumerate(note.addenda, start=1):
        story.append(_addendum_block(addendum, number, width))
    story += [NoteDone(index, state), Spacer(1, 14)]
    return story


def _signature_block(note: NoteEntry, width: float) -> Flowable:
    s = packet_styles()
    sig = note.signature
    if sig is None:
        rows = [
            [
                paragraph(
                    "Not signed. This note is a draft and is not billable.",
                    s.bold_alert,
                )
            ]
        ]
        box_color, fill = ALERT, ALERT_FILL
    else:
        signer = sig.signer + (f", {sig.credential}" if sig.credential else "")
        rows = [
            [
                paragraph(
                    f"Electronically signed by {signer}",
                    s.bold,
                )
            ],
            [paragraph(f"Signed at {sig.signed_at}", s.small)],
            [paragraph(sig.attestation or "No attestation recorded.", s.attestation)],
        ]
        if sig.cosigned_by:
            rows += [
                [
                    paragraph(
                        f"Co-signed by the supervisor {sig.cosigned_by} at {sig.cosigned_at}",
                        s.bold,
                    )
                ],
                [paragraph(sig.cosign_statement, s.attestation)],
            ]
        box_color, fill = RULE, BAND_FILL
        if sig.late:
            rows.insert(
                0,
                [
                    paragraph(
                        f"LATE ENTRY: signed after the documentation deadline ({sig.deadline}).",
                        s.bold_late,
                    )
                ],
            )
            box_color, fill = LATE, LATE_FILL
    table = Table(rows, colWidths=[width])
    table.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, -1), 0.75, box_color),
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def _addendum_block(addendum: AddendumEntry, number: int, width: float) -> Flowable:
    s = packet_styles()
    author = addendum.author + (f", {addendum.credential}" if addendum.credential else "")
    rows: list[list[Any]] = [
        [
            paragraph(
                f"ADDENDUM {number} · written {addendum.written_at} by {author}",
                s.bold_accent,
            )
        ],
        [_labelled("Reason", addendum.reason, s)],
        [paragraph(addendum.text, s.body)],
        [paragraph(f"Electronically signed by {author} at {addendum.written_at}", s.small)],
    ]
    table = Table(rows, colWidths=[width - 12])
    table.setStyle(
        table_style(
            [
                ("LINEBEFORE", (0, 0), (0, -1), 2, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    table.hAlign = "RIGHT"
    return KeepTogether([Spacer(1, 5), table])


def notes_section(data: PacketData, width: float, state: Continuation) -> list[Flowable]:
    s = packet_styles()
    story: list[Flowable] = [PageBreak(), paragraph("Progress notes", s.h1)]
    if not data.notes:
        story.append(paragraph("No progress notes in this packet.", s.body))
    for index, note in enumerate(data.notes):
        story += _note(note, index, width, state)
    return story
