"""The benchmark runner (issue 12) at a tiny size: every row of the issue's table is
measured and written to the report. No figure is judged here (timing is the report's
business, never a test's): only that each operation ran and has a figure and a floor."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sessionlog.store import Store, open_database

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "benchmarks" / "run.py"
GUI_MODULE = ROOT / "benchmarks" / "gui_latency.py"

# The non-GUI rows, by the start of their operation's name, and whether a floor is due.
EXPECTED = {
    "`sessionlog --version`": True,
    "`sessionlog --help`": True,
    "`units` for": True,
    "search, first page (common word)": True,
    "search, first page (rare word)": True,
    "search, count all hits": False,
    "packet, busiest client-year": True,
    "verify-packet --key of it": True,
    "verify-packet without --key": True,
    "import one year": True,
}


def test_runner_measures_every_row_and_writes_the_report(tmp_path: Path) -> None:
    report = tmp_path / "benchmarks.md"
    results = tmp_path / "results"
    child = subprocess.run(
        [
            sys.executable,
            str(RUNNER),
            "--size",
            "small",
            "--sessions",
            "60",
            "--runs",
            "1",
            "--work",
            str(tmp_path / "work"),
            "--results",
            str(results),
            "--report",
            str(report),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=1200,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    saved = json.loads((results / "small.json").read_text())
    assert saved["sessions"] == 60
    rows = saved["rows"]
    for start, has_floor in EXPECTED.items():
        matching = [r for r in rows if r["operation"].startswith(start)]
        assert len(matching) == 1, start
        row = matching[0]
        assert row["figure_ms"] is not None and row["figure_ms"] > 0, row
        assert (row["floor_ms"] is not None and row["floor_ms"] > 0) == has_floor, row
    gui = [r for r in rows if not any(r["operation"].startswith(s) for s in EXPECTED)]
    if GUI_MODULE.is_file():
        assert gui and all(r["figure_ms"] is not None for r in gui), gui
    else:
        assert [r["note"] for r in gui] == ["not measured: benchmarks/gui_latency.py is not there"]
    text = report.read_text()
    assert "## small: 60 sessions" in text
    for row in rows:
        assert f"| {row['operation']} |" in text
    # The generated database is one the app accepts: seals and audit chain verify.
    store = Store(open_database(tmp_path / "work" / "agency-60.sqlite3"), actor="test")
    try:
        report_of_check = store.check_record()
        assert report_of_check.ok, report_of_check.problems
        assert report_of_check.signed_notes > 0 and report_of_check.audit_rows > 60
        assert len(store.clients()) == 150 and len(store.staff_members()) == 20
    finally:
        store.db.close()


def test_the_report_keeps_what_is_written_by_hand_below_its_marker(tmp_path: Path) -> None:
    """The tables are regenerated; a section written by hand (GUI latencies) stays."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("benchmark_runner", RUNNER)
    assert spec is not None and spec.loader is not None
    runner = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = runner  # its dataclasses look their module up
    spec.loader.exec_module(runner)
    report = tmp_path / "benchmarks.md"
    hand = f"{runner.HAND_WRITTEN}\n\n## GUI latencies\n\nMeasured by hand.\n"
    report.write_text("# Benchmarks\n\nold tables\n\n" + hand)
    (tmp_path / "results").mkdir()
    runner.write_report(tmp_path / "results", report)
    text = report.read_text()
    assert "old tables" not in text
    assert text.endswith(hand)
    runner.write_report(tmp_path / "results", report)  # and again: kept once, not twice
    assert report.read_text() == text
