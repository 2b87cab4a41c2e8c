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
)

from sessionlog.export.packet.contract import AddendumEntry, NoteEntry, PacketData
from sessionlog.export.packet.language import PacketLanguage, content_language
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
    PacketTable,
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
    t = content_language(data.language)
    period = t("{start} to {end}", start=data.period_start, end=data.period_end)
    story: list[Flowable] = [
        paragraph(t("Documentation packet"), s.title),
        paragraph(t("Progress notes and unit summary · {period}", period=period), s.subtitle),
    ]
    signed = sum(1 for n in data.notes if not n.status_mark)
    not_billable = len(data.notes) - signed
    contents = t.plural("{count} progress note", "{count} progress notes", len(data.notes))
    if not_billable:
        contents += t(", of which {count} marked not billable", count=t.number(not_billable))
    if data.left_out:
        contents += t.plural(
            "; {count} unsigned or incomplete note left out (listed below)",
            "; {count} unsigned or incomplete notes left out (listed below)",
            len(data.left_out),
        )
    facts = [
        (
            t("Billing provider"),
            data.billing_provider or t("no agency on file (Setup ▸ Agency)"),
        ),
        (t("Client"), data.client_name),
        (t("Date of birth"), data.birth_date),
        (t("Medicaid ID"), data.medicaid_id),
        (t("Diagnoses"), ", ".join(data.diagnoses) or t("none recorded")),
        (t("Payer"), data.payer),
        (t("Period of service"), t("{period} (dates of service)", period=period)),
        (t("Time zone"), data.timezone),
        (t("Contents"), contents),
        (t("Units rule"), data.unit_rule),
        (t("Generated"), data.generated_at),
        *([(t("Record check"), data.record_check)] if data.record_check else []),
        (
            t("Signed with"),
            t(
                "the agency database's key, fingerprint {fingerprint}. Check this file with: "
                "sessionlog verify-packet FILE.pdf --key agency.pub",
                fingerprint=key_fingerprint,
            ),
        ),
    ]
    table = PacketTable(
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

    story.append(paragraph(t("Staff who delivered services"), s.h1))
    story += make_table(
        [
            t("Name"),
            t("Credential"),
            t.pgettext("narrow column", "Modifier"),
            t("Supervised by"),
            t("Role in this packet"),
        ],
        [
            [m.name, m.credential or "—", m.modifier or "—", m.supervised_by or "—", m.roles]
            for m in data.staff
        ]
        or [[t("No services in this period"), "", "", "", ""]],
        [1.5 * inch, 1.6 * inch, 0.7 * inch, 1.8 * inch, width - 5.6 * inch],
    )

    story.append(paragraph(t("Treatment plan(s) in force"), s.h1))
    if not data.plans:
        story.append(paragraph(t("No treatment plan covers any day of this period."), s.body))
    for plan in data.plans:
        story.append(paragraph(t("Plan in force {period}", period=plan.period), s.h2))
        for goal in plan.goals:
            story.append(
                paragraph(
                    t("Goal {number}: {text}", number=goal.number, text=goal.text),
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

    story.append(paragraph(t("Authorizations"), s.h1))
    if data.authorizations:
        # Prior-authorization numbers are copied onto claims: never broken mid-string.
        number_width = fit_width([a.number for a in data.authorizations], 1.0 * inch)
        story += make_table(
            [
                t("Number"),
                t("Code"),
                t("Valid"),
                t("Authorized"),
                t("Used in period"),
                t("Used to period end"),
                t("Remaining"),
            ],
            [
                [
                    a.number,
                    a.code,
                    a.valid,
                    t.number(a.authorized),
                    t.number(a.used_in_period),
                    t.number(a.used_to_date),
                    t.number(a.remaining),
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
                t(
                    "Units are billable units from the unit summary; remaining is as of {end}.",
                    end=data.period_end,
                ),
                s.muted,
            )
        )
    else:
        story.append(paragraph(t("No authorization overlaps this period."), s.body))

    if data.left_out:
        story.append(paragraph(t("Notes left out of this packet"), s.h1))
        story.append(
            paragraph(
                t(
                    "These notes are unsigned or incomplete. They are not part of this "
                    "packet and are not billable until signed."
                ),
                s.body,
            )
        )
        story += make_table(
            [t("Date"), t("Code"), t("Staff"), t("Status"), t("What is missing")],
            [
                [x.date, x.code, x.provider, x.status, "; ".join(x.missing) or "—"]
                for x in data.left_out
            ],
            [0.8 * inch, 0.6 * inch, 1.4 * inch, 1.1 * inch, width - 3.9 * inch],
        )
    return story


def unit_summary(data: PacketData, width: float) -> list[Flowable]:
    s = packet_styles()
    t = content_language(data.language)
    story: list[Flowable] = [PageBreak(), paragraph(t("Unit summary"), s.h1)]
    story.append(
        paragraph(
            t(
                "One row per billing line from the unit engine. Minutes are the recorded "
                "minutes; units follow the payer's rule; billable units are what may be "
                "claimed after authorizations and limits. Flags are explained below the totals."
            ),
            s.muted,
        )
    )
    story.append(Spacer(1, 4))
    if data.unit_lines:
        auth_width = fit_width([u.authorization for u in data.unit_lines], 0.7 * inch)
        story += make_table(
            [
                t("Date"),
                t.pgettext("narrow column", "Code"),
                t.pgettext("narrow column", "Modifiers"),
                t("POS"),
                t("Minutes"),
                t.pgettext("narrow column", "Units"),
                t.pgettext("narrow column", "Billable"),
                t("Auth."),
                t("Flags"),
            ],
            [
                [
                    u.date,
                    u.code,
                    u.modifiers or "—",
                    u.place_of_service,
                    t.number(u.minutes),
                    t.number(u.units),
                    t.number(u.billable_units),
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
        story.append(paragraph(t("No billing lines in this period."), s.body))

    story.append(paragraph(t("Totals per code"), s.h2))
    rows = [
        [
            c.code,
            c.description,
            t.number(c.lines),
            t.number(c.minutes),
            t.number(c.units),
            t.number(c.billable_units),
        ]
        for c in data.code_totals
    ]
    rows.append(
        [
            t("Total"),
            t("All codes"),
            t.number(sum(c.lines for c in data.code_totals)),
            t.number(sum(c.minutes for c in data.code_totals)),
            t.number(sum(c.units for c in data.code_totals)),
            t.number(sum(c.billable_units for c in data.code_totals)),
        ]
    )
    totals = make_table(
        [
            t("Code"),
            t("Service"),
            t("Lines"),
            t("Minutes"),
            t.pgettext("narrow column", "Units"),
            t("Billable units"),
        ],
        rows,
        [0.6 * inch, width - 3.6 * inch, 0.6 * inch, 0.7 * inch, 0.6 * inch, 1.1 * inch],
        right={2, 3, 4, 5},
        extra=[
            ("LINEABOVE", (0, -1), (-1, -1), 0.75, ACCENT),
            ("FONTNAME", (0, -1), (-1, -1), FONT_BOLD),
        ],
    )
    story += totals

    story.append(paragraph(t("Flags explained"), s.h2))
    if data.flags:
        story += make_table(
            [t("Flag"), t.pgettext("narrow column", "Lines"), t("What it means")],
            [[f.flag, t.number(f.lines), f.description] for f in data.flags],
            [1.5 * inch, 0.5 * inch, width - 2.0 * inch],
            right={1},
        )
    else:
        story.append(paragraph(t("No line in this period carries a flag."), s.body))

    if any(u.explanation for u in data.unit_lines):
        story.append(paragraph(t("How each line's units were computed"), s.h2))
        story += make_table(
            [t("Date"), t("Code"), t("Explanation")],
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


def _note(
    note: NoteEntry, index: int, width: float, state: Continuation, t: PacketLanguage
) -> list[Flowable]:
    s = packet_styles()
    late = note.signature is not None and note.signature.late
    if note.status_mark:
        mark = paragraph(note.status_mark, s.mark_on_fill)
    elif late:
        mark = paragraph(t("LATE ENTRY"), s.late_mark_on_fill)
    else:
        mark = paragraph(t("Signed"), s.mark_on_fill)
    title = PacketTable(
        [
            [
                paragraph(
                    t(
                        "Progress note · {date} ({weekday}) · {code}",
                        date=note.date,
                        weekday=note.weekday,
                        code=note.code,
                    ),
                    s.note_title,
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
        (t("Date of service"), note.date, t("Place of service"), note.place_of_service),
        (t("Service"), f"{note.code} {note.code_description}", t("Modality"), note.modality),
        (t("Modifiers"), note.modifiers or t("none"), t("Group"), note.group),
        (t("Total minutes"), t.number(note.total_minutes), t("Units"), note.units),
        (t("Time zone"), note.timezone, t("Provider"), note.provider),
    ]
    label_w = 1.2 * inch
    value_w = width / 2 - label_w
    fact_table = PacketTable(
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
        [
            t("Segment {number}", number=i),
            seg.start,
            seg.end,
            t("{minutes} min", minutes=t.number(seg.minutes)),
        ]
        for i, seg in enumerate(note.segments, start=1)
    ] or [["—", t("no times recorded"), "", ""]]
    segments = make_table(
        [t("Time"), t("Start"), t("Stop"), t("Minutes")],
        segment_rows,
        [0.9 * inch, 2.3 * inch, 2.3 * inch, width - 5.5 * inch],
        right={3},
    )

    head: list[Flowable] = [title]
    if note.status_mark:
        if note.signature is None:
            why = t("This note has not been signed: its units may not be claimed.")
        else:
            why = t(
                "This signed note lacks required elements (listed below): review before billing."
            )
        banner = PacketTable(
            [[paragraph(f"{note.status_mark} · {why}", s.banner)]], colWidths=[width]
        )
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

    label = t("Progress note · {date} · {code}", date=note.date, code=note.code)
    story: list[Flowable] = [
        CondPageBreak(2.2 * inch),
        KeepTogether(head),
        NoteStart(label, state),
    ]
    story.append(paragraph(t("Objectives addressed"), s.h2))
    if note.objectives:
        for objective in note.objectives:
            story.append(
                paragraph(
                    f"• {objective}",
                    s.bullet,
                )
            )
    else:
        story.append(paragraph(t("None recorded."), s.body))
    story.append(_labelled(t("Intervention"), note.intervention, s))
    story.append(_labelled(t("Response"), note.response, s))
    story.append(_labelled(t("Plan"), note.plan, s))
    story.append(_labelled(t("Narrative"), note.narrative, s))
    if note.manual_reason:
        story.append(
            _labelled(t("Manual entry: times were entered by hand because"), note.manual_reason, s)
        )
    if note.time_corrections:
        story.append(_labelled(t("Times corrected"), "; ".join(note.time_corrections), s))
    if note.missing:
        story.append(_labelled(t("Missing for signature"), "; ".join(note.missing), s))

    story.append(KeepTogether([Spacer(1, 4), _signature_block(note, width, t)]))
    for number, addendum in enumerate(note.addenda, start=1):
        story.append(_addendum_block(addendum, number, width, t))
    story += [NoteDone(index, state), Spacer(1, 14)]
    return story


def _signature_block(note: NoteEntry, width: float, t: PacketLanguage) -> Flowable:
    s = packet_styles()
    sig = note.signature
    if sig is None:
        rows = [
            [
                paragraph(
                    t("Not signed. This note is a draft and is not billable."),
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
                    t("Electronically signed by {signer}", signer=signer),
                    s.bold,
                )
            ],
            [paragraph(t("Signed at {when}", when=sig.signed_at), s.small)],
            [paragraph(sig.attestation or t("No attestation recorded."), s.attestation)],
        ]
        if sig.cosigned_by:
            rows += [
                [
                    paragraph(
                        t(
                            "Co-signed by the supervisor {supervisor} at {when}",
                            supervisor=sig.cosigned_by,
                            when=sig.cosigned_at,
                        ),
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
                        t(
                            "LATE ENTRY: signed after the documentation deadline ({deadline}).",
                            deadline=sig.deadline,
                        ),
                        s.bold_late,
                    )
                ],
            )
            box_color, fill = LATE, LATE_FILL
    table = PacketTable(rows, colWidths=[width])
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


def _addendum_block(
    addendum: AddendumEntry, number: int, width: float, t: PacketLanguage
) -> Flowable:
    s = packet_styles()
    author = addendum.author + (f", {addendum.credential}" if addendum.credential else "")
    rows: list[list[Any]] = [
        [
            paragraph(
                t(
                    "ADDENDUM {number} · written {when} by {author}",
                    number=number,
                    when=addendum.written_at,
                    author=author,
                ),
                s.bold_accent,
            )
        ],
        [_labelled(t("Reason"), addendum.reason, s)],
        [paragraph(addendum.text, s.body)],
        [
            paragraph(
                t(
                    "Electronically signed by {signer} at {when}",
                    signer=author,
                    when=addendum.written_at,
                ),
                s.small,
            )
        ],
    ]
    table = PacketTable(rows, colWidths=[width - 12])
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
    t = content_language(data.language)
    story: list[Flowable] = [PageBreak(), paragraph(t("Progress notes"), s.h1)]
    if not data.notes:
        story.append(paragraph(t("No progress notes in this packet."), s.body))
    for index, note in enumerate(data.notes):
        story += _note(note, index, width, state, t)
    return story
