"""Signing, locking and amending notes: the rules applied in one place."""

from __future__ import annotations

from datetime import datetime

from sessionlog.core import limits
from sessionlog.core.changes import Written
from sessionlog.core.completeness import (
    COSIGN_STATEMENT,
    cosign_problem,
    is_late_entry,
    missing_elements,
)
from sessionlog.core.errors import NotFoundError, StoreError
from sessionlog.core.models import (
    Addendum,
    Cosignature,
    Session,
    SessionStatus,
    Signature,
    new_id,
    utc_now,
)
from sessionlog.services.calendar import agency_days_off
from sessionlog.services.records import (
    AddendumWriter,
    Cosigner,
    DraftVoiding,
    NoteSigner,
    SignatureReader,
)
from sessionlog.services.wording import t


class IncompleteNoteError(StoreError):
    def __init__(self, session_id: str, messages: list[str]) -> None:
        super().__init__(
            t(
                "Session {session_id} cannot be signed yet: {missing}",
                session_id=session_id,
                missing=" ".join(messages),
            )
        )
        self.messages = messages


def prepare_signature(
    store: SignatureReader, session: Session, staff_id: str, now: datetime | None = None
) -> Signature:
    """The signature a signer would make now (attestation, credential, late mark),
    for the sign dialog to show before the signer confirms."""
    now = now or utc_now()
    signer = store.staff(staff_id)
    client = store.client(session.client_id)
    try:
        payer = store.payer(client.payer_id)
    except NotFoundError:
        payer = None
    late = is_late_entry(session, now, payer, agency_days_off(store))
    return Signature(
        staff_id=staff_id,
        signed_at=now,
        timezone=session.timezone,
        signer_name=signer.name,
        credential=signer.credential,
        attestation=signer.attestation,
        late=late,
    )


def sign(
    store: NoteSigner, session_id: str, staff_id: str, now: datetime | None = None
) -> Written[Signature]:
    """Sign and lock a complete note; refuses an incomplete one, naming what is missing."""
    session = store.session(session_id)
    missing = missing_elements(session)
    if missing:
        raise IncompleteNoteError(session_id, [m.message for m in missing])
    signature = prepare_signature(store, session, staff_id, now)
    store.sign_session(session_id, signature)
    return Written.sessions(signature, [session])


def add_addendum(
    store: AddendumWriter,
    session_id: str,
    staff_id: str,
    reason: str,
    text: str,
    now: datetime | None = None,
) -> Written[Addendum]:
    if not reason.strip():
        raise StoreError(
            t("Addendum to session {session_id}: the reason is required", session_id=session_id)
        )
    if not text.strip():
        raise StoreError(
            t("Addendum to session {session_id}: the text is required", session_id=session_id)
        )
    for label, value in ((t("reason"), reason), (t("text"), text)):
        problem = limits.text_problem(value)
        if problem:
            raise StoreError(
                t(
                    "Addendum to session {session_id}: the {label} {problem}",
                    session_id=session_id,
                    label=label,
                    problem=problem,
                )
            )
    session = store.session(session_id)
    author = store.staff(staff_id)
    addendum = Addendum(
        id=new_id(),
        session_id=session_id,
        staff_id=staff_id,
        written_at=now or utc_now(),
        timezone=session.timezone,
        reason=reason.strip(),
        text=text.strip(),
        signer_name=author.name,
        credential=author.credential,
    )
    store.add_addendum(addendum)
    return Written.sessions(addendum, [session])


def cosign_blocker(store: SignatureReader, session_id: str, staff_id: str) -> str | None:
    """Why ``staff_id`` cannot co-sign the note now (None when they can)."""
    session = store.session(session_id)
    signer_id = session.signature.staff_id if session.signature else session.staff_id
    try:
        signer = store.staff(signer_id)
    except NotFoundError:
        signer = None
    return cosign_problem(session, signer, staff_id)


def prepare_cosignature(
    store: SignatureReader, session_id: str, staff_id: str, now: datetime | None = None
) -> Cosignature:
    """The co-signature the supervisor would make now, for the dialog to show."""
    session = store.session(session_id)
    supervisor = store.staff(staff_id)
    return Cosignature(
        staff_id=staff_id,
        signed_at=now or utc_now(),
        timezone=session.timezone,
        signer_name=supervisor.name,
        credential=supervisor.credential,
        statement=COSIGN_STATEMENT,
    )


def cosign(
    store: Cosigner, session_id: str, staff_id: str, now: datetime | None = None
) -> Written[Cosignature]:
    """A supervisor co-signs a supervisee's signed note on this laptop; immutable."""
    problem = cosign_blocker(store, session_id, staff_id)
    if problem:
        raise StoreError(
            t(
                "Session {session_id} cannot be co-signed: {problem}",
                session_id=session_id,
                problem=problem,
            )
        )
    cosignature = prepare_cosignature(store, session_id, staff_id, now)
    store.cosign_session(session_id, cosignature)
    return Written.sessions(cosignature, [store.session(session_id)])


def void_draft(store: DraftVoiding, session_id: str, reason: str) -> Written[Session]:
    """Discard a draft with a reason. It is kept as voided (audited), and left out of units,
    End of day and History (which shows it only when asked); it is never deleted."""
    session = store.session(session_id)
    if session.signed:
        raise StoreError(
            t(
                "Session {session_id}: a signed note cannot be discarded; write an addendum",
                session_id=session_id,
            )
        )
    if session.void_reason is not None:
        raise StoreError(t("Session {session_id}: already discarded", session_id=session_id))
    if session.status is SessionStatus.RUNNING or store.timer(session_id) is not None:
        raise StoreError(
            t("Session {session_id}: stop its timer before discarding it", session_id=session_id)
        )
    if not reason.strip():
        raise StoreError(t("Session {session_id}: the reason is required", session_id=session_id))
    store.void_session(session_id, reason.strip())
    voided = store.session(session_id)
    return Written.sessions(voided, [voided])
