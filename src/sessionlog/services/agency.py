"""The agency (billing provider): checked in core, then saved, in one place."""

from __future__ import annotations

from sessionlog.core.caseload import FieldProblem, agency_problems
from sessionlog.core.models import Agency
from sessionlog.services.records import AgencyRecords


def save_agency(store: AgencyRecords, agency: Agency) -> list[FieldProblem]:
    """Save the agency if it is sound; otherwise return every problem, nothing written."""
    problems = agency_problems(agency)
    if not problems:
        store.save_agency(agency)
    return problems
