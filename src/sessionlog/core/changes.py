"""What a write changed: kinds of record (a closed enum) and the ids written.

Writes return a :class:`Changes`; the UI's bus carries it so each view refreshes only
for the kinds it shows. Naming a kind by a string is impossible: a typo is a type error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Generic, TypeVar

from sessionlog.core.models import Session


class Entity(Enum):
    PAYER = "payer"
    STAFF = "staff"
    CLIENT = "client"
    PLAN = "plan"
    AUTHORIZATION = "authorization"
    SESSION = "session"
    SETTINGS = "settings"
    AGENCY = "agency"
    TEMPLATE = "template"  # note templates and quick texts


# Every kind that is a record of care (SETTINGS is the app's own state).
RECORD_KINDS: tuple[Entity, ...] = tuple(e for e in Entity if e is not Entity.SETTINGS)


@dataclass(frozen=True)
class Changes:
    """Kinds of record changed, and which ids of each (empty ids: "some of them").

    ``session_days`` names the (client id, date of service) of each session written, so
    a view refreshes only the clients and days whose billing the write can move; empty
    with ``Entity.SESSION`` present means "some sessions, which ones not said"."""

    ids: dict[Entity, frozenset[str]] = field(default_factory=dict)
    session_days: frozenset[tuple[str, date]] = frozenset()

    @classmethod
    def of(cls, entity: Entity, *record_ids: str) -> Changes:
        return cls({entity: frozenset(record_ids)})

    @classmethod
    def of_sessions(cls, sessions: Iterable[Session]) -> Changes:
        """The sessions written: their ids, and each one's client and date of service
        (a session with no time yet has no date: it moves no billing)."""
        sessions = list(sessions)
        days = frozenset(
            (s.client_id, day) for s in sessions if (day := s.service_date()) is not None
        )
        return cls({Entity.SESSION: frozenset(s.id for s in sessions)}, days)

    @property
    def session_ids(self) -> frozenset[str]:
        return self.ids.get(Entity.SESSION, frozenset())

    @property
    def sessions_named(self) -> bool:
        """Whether the session ids (and their days) are known, not just "some"."""
        return bool(self.session_ids)

    @property
    def session_clients(self) -> frozenset[str]:
        return frozenset(client_id for client_id, _day in self.session_days)

    @property
    def entities(self) -> frozenset[Entity]:
        return frozenset(self.ids)

    def touches(self, *entities: Entity) -> bool:
        return any(e in self.ids for e in entities)

    def __bool__(self) -> bool:
        return bool(self.ids)

    def __or__(self, other: Changes) -> Changes:
        merged = dict(self.ids)
        for entity, ids in other.ids.items():
            mine = merged.get(entity)
            # Empty ids mean "some of them, not said which": that stays unsaid in a union.
            merged[entity] = frozenset() if not ids or mine == frozenset() else (mine or ids) | ids
        return Changes(merged, self.session_days | other.session_days)

    @classmethod
    def union(cls, parts: Iterable[Changes]) -> Changes:
        """``a | b | ...`` in one pass (an import's thousands of records would copy the
        growing sets once per record)."""
        merged: dict[Entity, set[str]] = {}
        unsaid: set[Entity] = set()  # "some of them, not said which" stays unsaid
        days: set[tuple[str, date]] = set()
        for part in parts:
            for entity, ids in part.ids.items():
                if not ids:
                    unsaid.add(entity)
                merged.setdefault(entity, set()).update(ids)
            days |= part.session_days
        return cls(
            {e: frozenset() if e in unsaid else frozenset(ids) for e, ids in merged.items()},
            frozenset(days),
        )


T = TypeVar("T")


@dataclass(frozen=True)
class Written(Generic[T]):
    """What a writing service returns: the result its caller needs (``value``) and the
    :class:`Changes` it made, which the UI publishes on its bus as they are."""

    value: T
    changes: Changes

    @classmethod
    def sessions(cls, value: T, sessions: Iterable[Session]) -> Written[T]:
        """``value``, with the sessions written as the changes made."""
        return cls(value, Changes.of_sessions(sessions))
