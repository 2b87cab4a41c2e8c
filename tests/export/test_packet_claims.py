"""The packet for claims (issue 11): agency on the cover, supervisors, co-signatures,
signed addenda, whole prior-authorization numbers and held lines in words."""

from __future__ import annotations

import dataclasses
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

from sessionlog.services.demo import load_demo
from sessionlog.services.notes import add_addendum
from sessionlog.services.packet import build_packet
from sessionlog.store import Store, open_database

TODAY = date(2026, 3, 20)
LONG_PA = "MCD-PA-2026-000123456789-X"


def _text(path: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    )
    return done.stdout


def test_packet_carries_who_bills_supervision_and_signatures(tmp_path: Path) -> None:
    store = Store(open_database(tmp_path / "demo.db"))
    load_demo(store, today=TODAY)
    auth = next(a for a in store.authorizations("client-marcus") if a.code == "H2023")
    store.save_authorization(dataclasses.replace(auth, number=LONG_PA))
    signed = next(s for s in store.sessions() if s.client_id == "client-marcus" and s.cosignature)
    add_addendum(
        store,
        signed.id,
        "staff-rosa",
        "Clarify the time",
        "The second segment began after the break.",
        now=datetime(2026, 3, 19, 15, 0, tzinfo=UTC),
    )
    out = tmp_path / "packet.pdf"
    build_packet(store, "client-marcus", date(2026, 2, 18), TODAY, out)
    text = _text(out)
    assert "Billing provider" in text and "Prairie Community Supports · NPI 1555012347" in text
    assert "Supervised by" in text and "Dana Whitfield, Program" in text
    assert "Co-signed by the supervisor Dana Whitfield, Program Supervisor, LCSW" in text
    assert "ADDENDUM 1" in text
    assert "Electronically signed by Rosa Delgado, Job Coach (CESP) at 03/19/2026" in text
    # The long number is printed whole on every line that carries it, never split.
    rows = [line for line in text.splitlines() if "MCD-PA-2026" in line]
    assert rows and all(LONG_PA in line for line in rows)
    # Held lines are explained in words.
    assert "The whole line is held" in " ".join(text.split())
