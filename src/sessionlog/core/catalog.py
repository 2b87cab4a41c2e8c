"""The service-code and place-of-service catalogs, read from shipped data files."""

from __future__ import annotations

import json
from functools import cache

from sessionlog.assets import resource_path
from sessionlog.core.models import ServiceCode, UnitKind
from sessionlog.core.wording import t

# The telehealth modifiers a payer may require (95 audio-video, GT, 93 audio-only).
TELEHEALTH_MODIFIERS = ("95", "GT", "93")


@cache
def service_codes() -> dict[str, ServiceCode]:
    data = json.loads(resource_path("service_codes.json").read_text(encoding="utf-8"))
    return {
        row["code"]: ServiceCode(
            code=row["code"],
            description=row["description"],
            unit=UnitKind(row["unit"]),
            default_per_diem_min_minutes=row.get("default_per_diem_min_minutes"),
        )
        for row in data["codes"]
    }


@cache
def places_of_service() -> dict[str, str]:
    """Two-digit CMS place-of-service code -> its English name (``place_label`` words it
    in the current language)."""
    data = json.loads(resource_path("places_of_service.json").read_text(encoding="utf-8"))
    return {row["code"]: row["name"] for row in data["places"]}


def place_label(code: str) -> str:
    """'12 Client's home', the name in the current language."""
    name = places_of_service().get(code)
    return f"{code} {t(name)}" if name else code
