"""What a progress note must contain before it can be signed.

State rules (TX, OK, IN, MD, IL, CA) agree on the core: times, place, the
treatment-plan objective addressed, the intervention, the client's response and
the plan. Each missing element is reported against the field that holds it, in
plain words, so the form can show it next to that field.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sessionlog.core.catalog import places_of_service, service_codes
from sessionlog.core.clock import add_business_days, local_date
from sessionlog.core.models import Payer, Session, Staff
from sessionlog.core.placeholders import placeholders
from sessionlog.core.wording import mark, t

# The note's text fields a placeholder can be left in, with the words a coach reads.
_TEXT_FIELDS = (
    ("intervention", mark("intervention")),
    ("note", mark("narrative")),
    ("response", mark("response")),
    ("plan", mark("plan")),
)


@dataclass(frozen=True)
class MissingElement:
    field: str  # "times", "objectives", "intervention", "response", "plan",
    # "place_of_service", "code", "manual_reason", "group_size", "note" (the narrative)
    message: str


def missing_elements(session: Session) -> list[MissingElement]:
    missing: list[MissingElement] = []
    if not session.segments:
        missing.append(MissingElement("times", t("Start and end times are missing.")))
    elif any(seg.end is None for seg in session.segments):
        missing.append(MissingElement("times", t("The timer is still running: stop it first.")))
    if session.code not in service_codes():
        missing.append(MissingElement("code", t("Choose the service code.")))
    if not session.objective_ids:
        missing.append(
            MissingElement("objectives", t("Tick at least one treatment-plan objective worked on."))
        )
    if not session.intervention.strip():
        missing.append(
            MissingElement("intervention", t("Describe what you did (the intervention)."))
        )
    if not session.response.strip():
        missing.append(
            MissingElement("response", t("Describe how the client responded and their progress."))
        )
    if not session.plan.strip():
        missing.append(MissingElement("plan", t("Write the plan for the next session.")))
    missing.extend(placeholder_elements(session))
    if session.place_of_service not in places_of_service():
        where = (
            t(
                "Choose where the service happened: 02 (telehealth, not at the client's home) "
                "or 10 (telehealth at the client's home)."
            )
            if session.telehealth
            else t("Choose where the service happened.")
        )
        missing.append(MissingElement("place_of_service", where))
    if session.manual_reason is not None and not session.manual_reason.strip():
        missing.append(
            MissingElement("manual_reason", t("A manual entry needs the reason it was not timed."))
        )
    return missing


def placeholder_elements(session: Session) -> list[MissingElement]:
    """A template's placeholder (``[what the client did]``) still in a text field: the
    coach has not written that part yet, so the note is incomplete."""
    found: list[MissingElement] = []
    for name, words in _TEXT_FIELDS:
        left = placeholders(str(getattr(session, name)))
        if left:
            if len(left) > 1:
                message = t(
                    "Replace the placeholder {placeholder} (and {more} more) in the {field}.",
                    placeholder=left[0],
                    more=len(left) - 1,
                    field=t(words),
                )
            else:
                message = t(
                    "Replace the placeholder {placeholder} in the {field}.",
                    placeholder=left[0],
                    field=t(words),
                )
            found.append(MissingElement(name, message))
    return found


def is_complete(session: Session) -> bool:
    return not missing_elements(session)


def documentation_deadline(
    service_date: date, payer: Payer | None, days_off: Collection[date] = ()
) -> date:
    """The last day the note may be signed on time (payer setting, default 2 business days;
    weekends, US federal holidays and the agency's ``days_off`` do not count)."""
    days = payer.documentation_deadline_days if payer is not None else 2
    return add_business_days(service_date, days, days_off)


def is_late(
    service_date: date, signed_on: date, payer: Payer | None, days_off: Collection[date] = ()
) -> bool:
    return signed_on > documentation_deadline(service_date, payer, days_off)


def is_late_entry(
    session: Session, signed_at: datetime, payer: Payer | None, days_off: Collection[date] = ()
) -> bool:
    """Whether a signature made at ``signed_at`` is a late entry for ``session``: signed,
    in the session's zone, after the payer's documentation deadline. Computed on signing
    and on import alike, whatever a file says."""
    day = session.service_date()
    if day is None:
        return False
    return is_late(day, local_date(signed_at, session.timezone or "UTC"), payer, days_off)


# Signed content: stored with each co-signature and shown as signed, so it stays English.
COSIGN_STATEMENT = (
    "I have reviewed this note as the supervisor of the staff member who provided and "
    "signed it, and I agree that it documents the service provided."
)


def cosign_problem(session: Session, signer: Staff | None, cosigner_id: str) -> str | None:
    """Why ``cosigner_id`` cannot co-sign ``session`` now, in words; None when they can.

    Only a signed note, not yet co-signed, by the supervisor the signer names."""
    if session.signature is None:
        return t("only a signed note can be co-signed")
    if session.cosignature is not None:
        return t("this note is already co-signed")
    if signer is None or signer.supervisor_id is None:
        return t("the signer has no supervisor on file (Setup ▸ Staff)")
    if signer.supervisor_id != cosigner_id:
        return t("only the signer's supervisor can co-sign this note")
    return None
