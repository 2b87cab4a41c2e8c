"""The agency (billing provider): checked in core, then saved, in one place."""

from __future__ import annotations

from dataclasses import dataclass, field

from sessionlog.core.caseload import FieldProblem, agency_problems
from sessionlog.core.changes import Changes, Entity
from sessionlog.core.models import Agency
from sessionlog.services.records import AgencyRecords


@dataclass(frozen=True)
class AgencySave:
    """Either the problems found (nothing was written) or the changes made."""

    problems: list[FieldProblem] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)


def save_agency(store: AgencyRecords, agency: Agency) -> AgencySave:
    """Save the agency if it is sound; otherwise return every problem, nothing written."""
    problems = agency_problems(agency)
    if problems:
        return AgencySave(problems)
    store.save_agency(agency)
    return AgencySave(changes=Changes.of(Entity.AGENCY))
