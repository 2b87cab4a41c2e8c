"""A small, valid sessionlog/1 document that tests copy and break."""

from __future__ import annotations

import copy
from typing import Any

SAMPLE: dict[str, Any] = {
    "format": "sessionlog/1",
    "payers": [
        {
            "id": "p1",
            "name": "State Medicaid",
            "rounding": "midpoint",
            "aggregate": "day",
            "per_diem_min_minutes": {"H2024": 150},
            "daily_max_units": {"H2023": 16},
            "credential_modifiers": True,
            "telehealth_modifier": "95",
        }
    ],
    "staff": [{"id": "s1", "name": "Rosa Delgado", "credential": "CESP", "modifier": "HM"}],
    "clients": [
        {
            "id": "c1",
            "name": "Zoë Nguyễn",
            "birth_date": "1994-05-12",
            "medicaid_id": "MCD1",
            "payer": "p1",
            "diagnoses": ["F20.9"],
            "timezone": "America/New_York",
        }
    ],
    "plans": [
        {
            "id": "plan1",
            "client": "c1",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "goals": [
                {
                    "id": "g1",
                    "text": "Keep a job",
                    "objectives": [
                        {"id": "o1", "text": "Arrive on time"},
                        {"id": "o2", "text": "Ask for tasks"},
                    ],
                }
            ],
        }
    ],
    "authorizations": [
        {
            "id": "a1",
            "client": "c1",
            "code": "H2023",
            "units": 40,
            "start": "2026-01-01",
            "end": "2026-06-30",
            "number": "PA-778",
        }
    ],
    "sessions": [
        {
            "id": "x1",
            "client": "c1",
            "staff": "s1",
            "code": "H2023",
            "segments": [
                {"start": "2026-03-02T09:00:00-05:00", "end": "2026-03-02T09:20:00-05:00"},
                {"start": "2026-03-02T09:30:00-05:00", "end": "2026-03-02T09:48:00-05:00"},
            ],
            "place_of_service": "18",
            "telehealth": False,
            "group_size": 1,
            "objectives": ["o1"],
            "intervention": "Job-site coaching",
            "response": "On task",
            "plan": "Fade prompts",
            "note": "",
            "signed": {"by": "s1", "at": "2026-03-02T17:00:00-05:00"},
        },
        {
            "id": "x2",
            "client": "c1",
            "staff": "s1",
            "code": "H2023",
            "segments": [
                {"start": "2026-03-03T09:00:00-05:00", "end": "2026-03-03T09:40:00-05:00"}
            ],
            "place_of_service": "18",
            "telehealth": True,
            "group_size": 1,
            "objectives": ["o2"],
            "intervention": "Employer contact",
            "response": "",
            "plan": "",
            "note": "draft",
            "signed": None,
        },
    ],
}


def sample() -> dict[str, Any]:
    return copy.deepcopy(SAMPLE)
