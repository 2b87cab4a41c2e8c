"""On the demo caseload, the units report, the packet's unit summary, the claim CSV and
the 837P carry the same units (and the CSV and 837P the same charges)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

from tests.export.x12check import x12_errors

from sessionlog.services.billing import billing_lines
from sessionlog.services.claims import export_837, export_claim_csv
from sessionlog.services.demo import load_demo
from sessionlog.services.packet import packet_data
from sessionlog.store import Store, open_database

TODAY = date(2026, 3, 20)
START, END = date(2026, 2, 1), TODAY
SRC = Path(__file__).resolve().parents[2] / "src"


def _segments(text: str, tag: str) -> list[list[str]]:
    return [s.split("*") for s in text.replace("\n", "").split("~") if s.startswith(tag + "*")]


def test_units_packet_csv_and_837_agree_on_the_demo(tmp_path: Path) -> None:
    store = Store(open_database(tmp_path / "demo.db"))
    load_demo(store, today=TODAY)
    lines = billing_lines(store, start=START, end=END)
    report = Counter()
    for ln in lines:
        report[ln.client_id] += ln.billable_units
    assert sum(report.values()) > 0

    packet = Counter()
    for client in store.clients():
        data = packet_data(store, client.id, START, END)
        packet[client.id] = sum(t.billable_units for t in data.code_totals)
    assert packet == report

    csv_path = tmp_path / "lines.csv"
    export_claim_csv(store, csv_path, start=START, end=END)
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text("utf-8-sig"))))
    from_csv = Counter()
    for row in rows:
        from_csv[row["client_id"]] += int(row["units"])
    assert from_csv == report

    out = tmp_path / "demo.837"
    result = export_837(store, out, start=START, end=END)
    assert x12_errors(out) == []
    text = out.read_text()
    by_member = {c.medicaid_id: c.id for c in store.clients()}
    from_837 = Counter()
    member = ""
    for seg in text.replace("\n", "").split("~"):
        parts = seg.split("*")
        if parts[0] == "NM1" and parts[1] == "IL":
            member = by_member[parts[9]]
        elif parts[0] == "SV1":
            from_837[member] += int(parts[4])
    assert from_837 == report
    csv_charges = sum(Decimal(r["charge"]) for r in rows)
    file_charges = sum(Decimal(sv1[2]) for sv1 in _segments(text, "SV1"))
    assert csv_charges == file_charges == result.batch.total > 0
    # The supervised coach's lines name her supervisor (2420D).
    assert "NM1*DQ*1*WHITFIELD*DANA****XX*1855045674~" in text


def test_export_837_command_on_the_demo_validates(tmp_path: Path) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    db, out = tmp_path / "demo.db", tmp_path / "demo.837"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "sessionlog", "--db", str(db), *args],
            capture_output=True,
            text=True,
            env=env,
        )

    assert run("demo", "--today", TODAY.isoformat()).returncode == 0
    result = run(
        "export-837", "--from", START.isoformat(), "--to", END.isoformat(), "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "claim(s)" in result.stdout and "Left out" in result.stdout
    assert x12_errors(out) == []
    # Held lines are listed by client id and flag, never by name.
    assert "held (unsigned" in result.stdout and "Marcus" not in result.stdout
