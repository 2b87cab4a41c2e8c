"""The agency's own days off (Setup ▸ Agency days off…), which documentation deadlines
skip as they skip weekends and US federal holidays."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

from sessionlog.core import limits
from sessionlog.core.changes import Changes, Entity, Written
from sessionlog.core.errors import StoreError
from sessionlog.services.records import AuditedSettings, SettingsReader
from sessionlog.services.wording import t

DAYS_OFF_KEY = "agency_days_off"


def agency_days_off(store: SettingsReader) -> frozenset[date]:
    raw = store.get_state(DAYS_OFF_KEY)
    if not raw:
        return frozenset()
    return frozenset(date.fromisoformat(text) for text in json.loads(raw))


def set_agency_days_off(store: AuditedSettings, days: Iterable[date]) -> Written[frozenset[date]]:
    """Replace the list (audited: lateness of every later signature depends on it);
    the days kept, and the changes made (none when the list is the same)."""
    chosen = frozenset(days)
    for day in chosen:
        problem = limits.date_problem(day)
        if problem:
            raise StoreError(
                t("Agency day off {day}: {problem}", day=day.isoformat(), problem=problem)
            )
    before = agency_days_off(store)
    if chosen == before:
        return Written(chosen, Changes())
    with store.transaction():
        store.set_state(DAYS_OFF_KEY, json.dumps(sorted(d.isoformat() for d in chosen)))
        store.audit(
            "update",
            "settings",
            DAYS_OFF_KEY,
            {
                "added": sorted(d.isoformat() for d in chosen - before),
                "removed": sorted(d.isoformat() for d in before - chosen),
            },
        )
    return Written(chosen, Changes.of(Entity.SETTINGS, DAYS_OFF_KEY))
