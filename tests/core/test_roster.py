"""The CSV client roster and the client field rules (no database, no Qt)."""

from __future__ import annotations

import csv
import io
from datetime import date
from itertools import count

from sessionlog.core.models import Client
from sessionlog.core.roster import (
    check_roster,
    client_problems,
    format_roster,
    parse_birth_date,
    parse_diagnoses,
)

TODAY = date(2026, 11, 20)
PAYERS = {"payer-state": "State Medicaid", "payer-mco": "Prairie Health Plan"}
HEADER = "id,name,birth_date,medicaid_id,payer,diagnoses,timezone\n"


def _ids():
    numbers = count(1)
    return lambda: f"new-{next(numbers)}"


def _check(text: str, existing: list[Client] | None = None):
    return check_roster(text, payers=PAYERS, existing=existing or [], today=TODAY, make_id=_ids())


def _stored() -> Client:
    return Client(
        "client-1",
        "Marcus Webb",
        date(1994, 5, 12),
        "MCD100234",
        "payer-state",
        ["F20.9"],
        "America/Chicago",
    )


def test_good_rows_become_clients_with_new_ids_when_id_is_blank():
    check = _check(
        HEADER
        + ",Ana Ruiz,1990-03-04,MCD1,payer-state,f20.9; F41.1,America/Chicago\n"
        + "own-id,Bo Li,3/4/1990,MCD2,Prairie Health Plan,,America/Denver\n"
    )
    assert check.ok, check.problems
    ana, bo = check.new_clients()
    assert ana.id == "new-1"
    assert ana.diagnoses == ["F20.9", "F41.1"]
    assert bo.id == "own-id"
    assert bo.birth_date == date(1990, 3, 4)  # US month-first form
    assert bo.payer_id == "payer-mco"  # payer given by name


def test_each_bad_field_is_named_with_its_spreadsheet_row():
    check = _check(
        HEADER
        + ",Ana Ruiz,1990-03-04,MCD1,payer-state,F20.9,America/Chicago\n"
        + ",Bad Date,1990-13-04,MCD2,payer-state,,America/Chicago\n"
        + ",Bad Code,1990-01-01,MCD3,payer-state,F20.9;XYZ,America/Chicago\n"
        + ",Bad Zone,1990-01-01,MCD4,nobody,,Mars/Olympus\n"
        + ",,1990-01-01,,payer-state,,America/Chicago\n"
    )
    assert not check.ok
    problems = check.problems
    assert any(p.startswith("row 3: birth_date: '1990-13-04' is not a date") for p in problems)
    assert "row 4: diagnoses: 'XYZ' is not an ICD-10-CM code (e.g. F20.9)" in problems
    assert "row 5: payer: no payer with the id or name 'nobody'" in problems
    assert any(p.startswith("row 5: timezone: unknown time zone 'Mars/Olympus'") for p in problems)
    assert "row 6: name: enter the client's name" in problems
    assert "row 6: medicaid_id: enter the client's Medicaid ID" in problems
    assert not any(p.startswith("row 2:") for p in problems)
    assert [r.status for r in check.rows] == ["new", "error", "error", "error", "error"]


def test_blank_lines_keep_spreadsheet_row_numbers():
    check = _check(HEADER + "\n,Ana,1990-03-04,MCD1,payer-state,,Nowhere/Zone\n")
    assert check.problems == [
        "row 3: timezone: unknown time zone 'Nowhere/Zone' (use an IANA name, e.g. America/Chicago)"
    ]


def test_header_problems_stop_before_rows():
    check = _check("name,birth,medicaid_id,payer,timezone\nAna,1990-01-01,M1,payer-state,UTC\n")
    assert "header: unknown column 'birth'" in check.problems[0]
    assert "header: missing the column 'birth_date'" in check.problems
    assert check.rows == []


def test_duplicate_medicaid_id_in_file_and_against_stored_clients():
    check = _check(
        HEADER
        + ",Ana,1990-03-04,MCD9,payer-state,,UTC\n"
        + ",Ana again,1990-03-04,MCD9,payer-state,,UTC\n"
        + ",Marcus twin,1994-05-12,MCD100234,payer-state,,UTC\n",
        existing=[_stored()],
    )
    assert "row 3: medicaid_id: MCD9 is already used by row 2" in check.problems
    assert (
        "row 4: medicaid_id: MCD100234 is already used by the stored client client-1"
        in check.problems
    )


def test_exported_roster_reimports_as_unchanged_and_edits_are_refused():
    stored = _stored()
    text = format_roster([stored])
    again = _check(text, existing=[stored])
    assert again.ok
    assert again.new_clients() == []
    assert again.unchanged_count() == 1
    edited = text.replace("Marcus Webb", "Marcus Webber")
    refused = _check(edited, existing=[stored])
    assert refused.problems[0].startswith("row 2: id: 'client-1' is a stored client")


def test_exported_roster_columns_match_the_documentation():
    rows = list(csv.reader(io.StringIO(format_roster([_stored()]))))
    assert rows[0] == [
        "id",
        "name",
        "birth_date",
        "medicaid_id",
        "payer",
        "diagnoses",
        "timezone",
        "archived",
    ]
    assert rows[1] == [
        "client-1",
        "Marcus Webb",
        "1994-05-12",
        "MCD100234",
        "payer-state",
        "F20.9",
        "America/Chicago",
        "no",
    ]


def test_extra_fields_and_empty_files_are_reported():
    assert _check("").problems == ["file: is empty; the first row must name the columns"]
    assert _check(HEADER).problems == ["file: no client rows below the header"]
    extra = _check(HEADER + ",Ana,1990-03-04,MCD1,payer-state,,UTC,surplus\n")
    assert extra.problems == ["row 2: has 8 fields but the header names 7"]


def test_client_rules_name_the_code_and_field():
    client = _stored()
    client.diagnoses = ["F20.9", "20.9"]
    client.birth_date = date(2027, 1, 1)
    problems = [str(p) for p in client_problems(client, payer_ids=PAYERS, today=TODAY)]
    assert problems == [
        "birth_date: 2027-01-01 is in the future",
        "diagnoses: '20.9' is not an ICD-10-CM code (e.g. F20.9)",
    ]


def test_diagnosis_and_date_parsing():
    assert parse_diagnoses(" f20.9 , F41.1;;F20.9 ") == ["F20.9", "F41.1"]
    assert parse_birth_date("12/31/1999") == date(1999, 12, 31)
    assert parse_birth_date("1999-12-31") == date(1999, 12, 31)
