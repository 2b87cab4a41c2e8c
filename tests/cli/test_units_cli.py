"""``sessionlog units`` end to end, and the billing service behind it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from sessionlog.core.models import Segment, Session
from sessionlog.services.billing import (
    authorization_usage_for_client,
    billing_lines,
    history_start,
    preview_session,
)
from sessionlog.services.interchange import import_file
from sessionlog.store import NotFoundError, Store, open_database

SRC = Path(__file__).resolve().parents[2] / "src"


def _session(sid: str, client: str, start: str, end: str | None, **extra: Any) -> dict[str, Any]:
    signed = extra.pop("signed", True)
    doc = {
        "id": sid,
        "client": client,
        "staff": "s1",
        "code": "H2014",
        "segments": [{"start": start, "end": end}],
        "place_of_service": "18",
        "intervention": "Modeling and prompting",
        "objectives": [f"{client}-o1"],
        **extra,
    }
    if signed:
        doc["signed"] = {"by": "s1", "at": "2026-03-10T17:00:00-04:00"}
    return doc


DOCUMENT: dict[str, Any] = {
    "format": "sessionlog/1",
    "payers": [
        {
            "id": "p1",
            "name": "State Medicaid",
            "rounding": "midpoint",
            "aggregate": "day",
            "per_diem_min_minutes": {"H2024": 150},
            "daily_max_units": {"H2014": 16},
            "credential_modifiers": True,
            "telehealth_modifier": "95",
        }
    ],
    "staff": [{"id": "s1", "name": "Jordan Coach", "credential": "BA", "modifier": "HN"}],
    "clients": [
        {
            "id": "c1",
            "name": "Avery Example",
            "birth_date": "1990-04-01",
            "medicaid_id": "MCD100",
            "payer": "p1",
            "diagnoses": ["F20.9", "F41.1"],
            "timezone": "America/New_York",
        },
        {
            "id": "c2",
            "name": "Blake Example",
            "birth_date": "1985-06-01",
            "medicaid_id": "MCD200",
            "payer": "p1",
            "diagnoses": ["F33.1"],
            "timezone": "America/New_York",
        },
    ],
    "authorizations": [
        {
            "id": "a1",
            "client": "c1",
            "code": "H2014",
            "units": 5,
            "start": "2026-02-01",
            "end": "2026-03-31",
            "number": "PA-778",
        },
        {
            "id": "a2",
            "client": "c1",
            "code": "H2024",
            "units": 10,
            "start": "2026-03-01",
            "end": "2026-03-31",
            "number": "PA-900",
        },
    ],
    "sessions": [
        # before the report period: draws 3 of PA-778's 5 units
        _session("x0", "c1", "2026-02-20T09:00:00-05:00", "2026-02-20T09:45:00-05:00"),
        # 38 minutes -> 3 units, only 2 left
        _session("x1", "c1", "2026-03-02T09:00:00-05:00", "2026-03-02T09:38:00-05:00"),
        # same coach, other client, overlapping clock time, no authorization
        _session("x3", "c2", "2026-03-02T09:20:00-05:00", "2026-03-02T09:50:00-05:00"),
        # group telehealth draft
        _session(
            "x2",
            "c1",
            "2026-03-03T10:00:00-05:00",
            "2026-03-03T10:30:00-05:00",
            telehealth=True,
            group_size=2,
            place_of_service="10",
            signed=False,
        ),
        # per diem reached
        _session(
            "x4",
            "c1",
            "2026-03-04T08:00:00-05:00",
            "2026-03-04T10:40:00-05:00",
            code="H2024",
        ),
        # a timer still running: not in the report
        _session("x5", "c1", "2026-03-05T09:00:00-05:00", None, signed=False),
    ],
}


def _plan(client: str) -> dict[str, Any]:
    """A 2026 plan whose one objective the sessions above address."""
    objective = {"id": f"{client}-o1", "text": "Use a daily schedule"}
    return {
        "id": f"plan-{client}",
        "client": client,
        "start": "2026-01-01",
        "end": "2026-12-31",
        "goals": [{"id": f"{client}-g1", "text": "Keep a job", "objectives": [objective]}],
    }


DOCUMENT["plans"] = [_plan("c1"), _plan("c2")]


def run_cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "sessionlog", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="module")
def loaded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("units")
    source = folder / "caseload.json"
    source.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    db = folder / "x.db"
    result = run_cli(db, "import", str(source))
    assert result.returncode == 0, result.stderr
    return db


def _by_date_code(rows: list[dict[str, Any]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(r["client"], r["date"], r["code"]): r for r in rows}


def test_json_lines(loaded_db: Path) -> None:
    result = run_cli(
        loaded_db, "units", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    lines = _by_date_code(rows)
    assert sorted(lines) == [
        ("c1", "2026-03-02", "H2014"),
        ("c1", "2026-03-03", "H2014"),
        ("c1", "2026-03-04", "H2024"),
        ("c2", "2026-03-02", "H2014"),
    ]
    x1 = lines[("c1", "2026-03-02", "H2014")]
    assert (x1["minutes"], x1["units"], x1["billable_units"]) == (38, 3, 2)
    assert x1["modifiers"] == ["HN"]
    assert x1["place_of_service"] == "18"
    assert x1["sessions"] == ["x1"]
    assert x1["flags"] == ["authorization-exceeded", "overlap"]
    assert x1["explanation"].startswith(
        "38 minutes on 2026-03-02, CMS 8-minute rule: 3 units; "
        "authorization PA-778 has 2 left: 2 billable"
    )
    assert x1["rule"] == "midpoint/day"
    assert x1["authorization"] == {"id": "a1", "number": "PA-778"}

    draft = lines[("c1", "2026-03-03", "H2014")]
    assert draft["modifiers"] == ["HN", "HQ", "95"]
    assert (draft["units"], draft["billable_units"], draft["billable_if_signed"]) == (2, 0, 0)
    assert draft["flags"] == ["unsigned", "authorization-exceeded"]

    per_diem = lines[("c1", "2026-03-04", "H2024")]
    assert (per_diem["minutes"], per_diem["units"], per_diem["billable_units"]) == (160, 1, 1)
    assert per_diem["rule"] == "per-diem/150min"

    other = lines[("c2", "2026-03-02", "H2014")]
    assert other["flags"] == ["no-authorization", "overlap"]
    assert other["billable_units"] == 0
    assert all("x5" not in r["sessions"] for r in rows)  # running timer left out
    assert "Example" not in result.stdout  # no client names


def _csv(loaded_db: Path, *extra: str) -> tuple[str, list[dict[str, str]]]:
    result = run_cli(
        loaded_db, "units", "--client", "c1", "--from", "2026-03-01", "--to", "2026-03-31",
        "--format", "csv", *extra,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("\ufeff")  # UTF-8 BOM: spreadsheets read accents
    text = result.stdout.removeprefix("\ufeff")
    return text, list(csv.DictReader(io.StringIO(text)))


def test_csv_is_a_claim_service_line_per_row(loaded_db: Path) -> None:
    text, rows = _csv(loaded_db, "--all")
    assert text.splitlines()[0] == (
        "client_medicaid_id,date_of_service,hcpcs,modifier_1,modifier_2,modifier_3,modifier_4,"
        "units,charge,place_of_service,diagnosis_codes,diagnosis_pointers,"
        "prior_authorization_number,payer_id,billing_npi,rendering_npi,supervising_npi,"
        "rendering_staff,rendering_credential,raw_minutes,units_before_caps,rule,session_ids,"
        "flags,client_id"
    )
    assert [r["date_of_service"] for r in rows] == ["2026-03-02", "2026-03-03", "2026-03-04"]
    first = rows[0]
    assert first == {
        "client_medicaid_id": "MCD100",
        "date_of_service": "2026-03-02",
        "hcpcs": "H2014",
        "modifier_1": "HN",
        "modifier_2": "",
        "modifier_3": "",
        "modifier_4": "",
        "units": "2",
        "charge": "",  # this payer has no rates
        "place_of_service": "18",
        "diagnosis_codes": "F20.9;F41.1",
        "diagnosis_pointers": "1;2",
        "prior_authorization_number": "PA-778",
        "payer_id": "",
        "billing_npi": "",
        "rendering_npi": "",
        "supervising_npi": "",
        "rendering_staff": "s1",
        "rendering_credential": "BA",
        "raw_minutes": "38",
        "units_before_caps": "3",
        "rule": "midpoint/day",
        "session_ids": "x1",
        # the overlap is found through the coach's session with another client
        "flags": "authorization-exceeded;overlap",
        "client_id": "c1",
    }
    assert [rows[1][f"modifier_{i}"] for i in (1, 2, 3, 4)] == ["HN", "HQ", "95", ""]
    assert rows[1]["units"] == "0" and "unsigned" in rows[1]["flags"]
    assert rows[2]["prior_authorization_number"] == "PA-900"
    assert "Avery" not in text and "Jordan" not in text


def test_csv_lists_billable_lines_only_unless_all(loaded_db: Path) -> None:
    _, billable = _csv(loaded_db)
    _, every = _csv(loaded_db, "--all")
    assert [r["date_of_service"] for r in billable] == ["2026-03-02", "2026-03-04"]
    assert len(every) == 3
    assert all(int(r["units"]) > 0 for r in billable)


def test_table_for_the_billing_clerk(loaded_db: Path) -> None:
    result = run_cli(loaded_db, "units", "--from", "2026-03-01", "--to", "2026-03-31")
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    header = out[0].split()
    assert header[:5] == ["#", "Client", "Medicaid", "ID", "Date"]
    assert "Billable" in header
    rows = [line.split() for line in out[2:6]]
    # The table names the client (the CSV and JSON carry ids only).
    assert [r[1:3] for r in rows] == [["Avery", "Example"]] * 3 + [["Blake", "Example"]]
    total = next(line for line in out if line.split()[:2] == ["Total", "258"])
    assert total.split()[1:] == ["258", "8", "3"]  # 38+30+160+30 minutes; 3+2+1+2; 2+0+1+0
    assert any(line.split() == ["Total", "H2014", "98", "7", "2"] for line in out)
    assert any(line.split() == ["Total", "H2024", "160", "1", "1"] for line in out)
    assert "Flagged lines:" in out
    assert any("authorization PA-778 has 2 left: 2 billable" in line for line in out)
    assert any(line.startswith("  overlap: ") for line in out)
    # columns line up: every data row is as wide as its header position demands
    billable_at = out[0].index("Billable")
    assert all(line[billable_at + len("Billable") - 1].isdigit() for line in out[2:6])


def _units_in(db: Path, lang: str, *args: str) -> subprocess.CompletedProcess[str]:
    from tests.cli.test_packet_cli import run as run_in_locale

    return run_in_locale("--db", str(db), "units", *args, lang=lang)


@pytest.mark.parametrize("lang", ["es_US.UTF-8", "es_ES.UTF-8"])
def test_the_table_speaks_spanish_on_a_spanish_system(loaded_db: Path, lang: str) -> None:
    """The table is for a person: headers, totals, the flag legend and dates in the
    locale's language and format; the CSV keeps its 837P column names and ISO dates."""
    period = ("--from", "2026-03-01", "--to", "2026-03-31")
    result = _units_in(loaded_db, lang, *period)
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[0].split()[:6] == ["#", "Cliente", "Número", "de", "Medicaid", "Fecha"]
    assert "Facturables" in out[0] and "Billable" not in out[0]
    assert out[2].split()[4] == "02/03/2026"  # day first, as the GUI and the packet print it
    assert any(line.split()[:3] == ["Total", "H2014", "98"] for line in out)
    assert "Líneas con alertas:" in out and "Alertas:" in out
    assert not any(line.startswith("  overlap: ") and "overlap" in line[11:] for line in out)
    english = _units_in(loaded_db, "C.UTF-8", *period)
    assert english.stdout.splitlines()[2].split()[4] == "2026-03-02"  # scripts read ISO
    csv_text = _units_in(loaded_db, lang, *period, "--format", "csv").stdout
    assert csv_text.lstrip("\ufeff").startswith("client_medicaid_id,date_of_service,hcpcs")
    assert "2026-03-02" in csv_text and "02/03/2026" not in csv_text
    empty = _units_in(loaded_db, lang, "--from", "2025-01-01", "--to", "2025-01-31")
    assert empty.stdout == "No hay líneas de facturación en este período.\n"


def test_empty_period_and_bad_input(loaded_db: Path) -> None:
    empty = run_cli(loaded_db, "units", "--from", "2025-01-01", "--to", "2025-01-31")
    assert (empty.returncode, empty.stdout) == (0, "No billing lines in this period.\n")
    empty_json = run_cli(
        loaded_db, "units", "--from", "2025-01-01", "--to", "2025-01-31", "--format", "json"
    )
    assert json.loads(empty_json.stdout) == []
    unknown = run_cli(
        loaded_db, "units", "--client", "nobody", "--from", "2026-03-01", "--to", "2026-03-31"
    )
    assert unknown.returncode == 2
    assert "No client with id 'nobody'" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    backwards = run_cli(loaded_db, "units", "--from", "2026-03-31", "--to", "2026-03-01")
    assert backwards.returncode == 2
    assert "--to: 2026-03-01 is before the start 2026-03-31 (--from)" in backwards.stderr
    missing = run_cli(loaded_db, "units", "--from", "2026-03-01")
    assert missing.returncode == 2
    assert "--to" in missing.stderr


# ---- the service behind the command -----------------------------------------------


@pytest.fixture
def billing_store(tmp_path: Path) -> Store:
    source = tmp_path / "caseload.json"
    source.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    store = Store(open_database(tmp_path / "service.db"), actor="test")
    import_file(store, source)
    return store


def test_history_before_the_period_counts_against_the_authorization(billing_store) -> None:
    # Only March 2 is asked for, but February's session already used 3 units.
    [line] = billing_lines(
        billing_store, client_id="c1", start=date(2026, 3, 2), end=date(2026, 3, 2)
    )
    assert (line.units, line.billable_units) == (3, 2)


def test_history_start_follows_overlapping_authorizations() -> None:
    from sessionlog.core.models import Authorization

    auths = [
        Authorization("a", "c", "H2014", 5, date(2026, 1, 1), date(2026, 2, 15), "A"),
        Authorization("b", "c", "H2014", 5, date(2026, 2, 1), date(2026, 3, 31), "B"),
        Authorization("z", "c", "H2014", 5, date(2025, 1, 1), date(2025, 6, 30), "Z"),
    ]
    # b covers March; a overlaps b (spills into it), so January is needed; z never matters
    assert history_start(auths, date(2026, 3, 1), date(2026, 3, 31)) == date(2026, 1, 1)
    assert history_start([], date(2026, 3, 1), date(2026, 3, 31)) == date(2026, 3, 1)


def test_authorization_usage_for_client(billing_store) -> None:
    usage = {
        u.authorization.number: (u.used, u.remaining)
        for u in authorization_usage_for_client(billing_store, "c1", date(2026, 3, 31))
    }
    assert usage == {"PA-778": (5, 0), "PA-900": (1, 9)}
    early = {
        u.authorization.number: (u.used, u.remaining)
        for u in authorization_usage_for_client(billing_store, "c1", date(2026, 2, 28))
    }
    assert early == {"PA-778": (3, 2), "PA-900": (0, 10)}
    with pytest.raises(NotFoundError):
        authorization_usage_for_client(billing_store, "nobody", date(2026, 3, 31))


def test_preview_of_a_running_session(billing_store) -> None:
    running = billing_store.session("x5")
    now = datetime(2026, 3, 5, 14, 38, tzinfo=UTC)  # 09:38 in New York
    line = preview_session(billing_store, running, now)
    assert line.session_ids == ("x5",)
    assert (line.minutes, line.units, line.billable_units) == (38, 3, 0)
    assert line.flags == ("unsigned", "running", "authorization-exceeded")
    assert line.billable_if_signed == 0  # PA-778 is used up by then
    assert "38 minutes so far" in line.explanation


def test_preview_of_an_unsaved_edit_replaces_the_stored_copy(billing_store) -> None:
    edited = billing_store.session("x2")
    edited.segments = [
        Segment(datetime(2026, 3, 3, 15, 0, tzinfo=UTC), datetime(2026, 3, 3, 15, 8, tzinfo=UTC))
    ]
    line = preview_session(billing_store, edited, datetime(2026, 3, 3, 16, 0, tzinfo=UTC))
    assert (line.minutes, line.units) == (8, 1)


def test_preview_of_a_new_session_without_time(billing_store) -> None:
    fresh = Session(id="new", client_id="c1", staff_id="s1", code="H2024", timezone="")
    now = datetime(2026, 3, 20, 14, 0, tzinfo=UTC)
    line = preview_session(billing_store, fresh, now)
    assert (line.date, line.minutes, line.units, line.billable_if_signed) == (
        date(2026, 3, 20),
        0,
        0,
        0,
    )
    assert "below-per-diem-minimum" in line.flags


THRESHOLD80_DOCUMENT: dict[str, Any] = {
    "format": "sessionlog/1",
    "payers": [{"id": "p80", "name": "MaineCare", "rounding": "threshold80", "aggregate": "day"}],
    "staff": [{"id": "s80", "name": "Sam Coach", "credential": "BA", "modifier": "HN"}],
    "clients": [
        {
            "id": "c80",
            "name": "Casey Example",
            "birth_date": "1992-02-02",
            "medicaid_id": "MCD800",
            "payer": "p80",
            "timezone": "America/New_York",
        }
    ],
    "plans": [_plan("c80")],
    "authorizations": [
        {
            "id": "a80",
            "client": "c80",
            "code": "H2014",
            "units": 20,
            "start": "2026-03-01",
            "end": "2026-03-31",
            "number": "PA-80",
        }
    ],
    # 12 and 26 minutes: 1 unit each only under the 80% threshold (midpoint 1 and 2,
    # whole units 0 and 1).
    "sessions": [
        {
            **_session("y1", "c80", "2026-03-02T09:00:00-05:00", "2026-03-02T09:12:00-05:00"),
            "staff": "s80",
            "signed": {"by": "s80", "at": "2026-03-02T17:00:00-05:00"},
        },
        {
            **_session("y2", "c80", "2026-03-03T09:00:00-05:00", "2026-03-03T09:26:00-05:00"),
            "staff": "s80",
            "signed": {"by": "s80", "at": "2026-03-03T17:00:00-05:00"},
        },
    ],
}


@pytest.mark.parametrize("start_from", ["new file", "schema 1 file"])
def test_threshold80_payer_imports_and_drives_the_units_report(
    tmp_path: Path, start_from: str
) -> None:
    db = tmp_path / "x.db"
    if start_from == "schema 1 file":
        # A file from before m004 kept the CHECK limiting rounding to midpoint/down.
        fixture = Path(__file__).resolve().parents[1] / "store" / "fixtures" / "schema_v1.sqlite3"
        db.write_bytes(fixture.read_bytes())
    source = tmp_path / "threshold80.json"
    source.write_text(json.dumps(THRESHOLD80_DOCUMENT), encoding="utf-8")
    imported = run_cli(db, "import", str(source))
    assert imported.returncode == 0, imported.stderr
    result = run_cli(db, "units", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = [r for r in json.loads(result.stdout) if r["client"] == "c80"]
    assert [(r["date"], r["minutes"], r["units"], r["billable_units"]) for r in rows] == [
        ("2026-03-02", 12, 1, 1),
        ("2026-03-03", 26, 1, 1),
    ]
    assert {r["rule"] for r in rows} == {"threshold80/day"}
    assert rows[0]["explanation"].startswith("12 minutes on 2026-03-02, 80% threshold rule: 1 unit")


# ---- what a read command costs (issue 12) ----------------------------------------------


def test_units_imports_no_sqlite_utils_and_leaves_the_file_closed(loaded_db: Path) -> None:
    """A report loads no sqlite-utils (several Python starts of imports), and records the
    file as closed again: the next command does not rerun the full integrity check."""
    from sessionlog.store.database import integrity_check_due

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    script = (
        "import sys\n"
        "from sessionlog.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "sys.stdout.flush()\n"
        "loaded = 'sqlite_utils' in sys.modules\n"
        "print('sqlite_utils loaded' if loaded else 'sqlite_utils not loaded', file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    args = ["--db", str(loaded_db), "units", "--from", "2026-03-01", "--to", "2026-03-31"]
    for _ in range(2):  # the first may check (a new day, a file the import just wrote)
        run = subprocess.run(
            [sys.executable, "-c", script, *args, "--format", "csv"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
        assert "sqlite_utils not loaded" in run.stderr
        assert not integrity_check_due(loaded_db)
    assert "H2014" in run.stdout
