"""What a write changed: kinds of record (a closed enum) and the ids written.

Writes return a :class:`Changes`; the UI's bus carries it so each view refreshes only
for the kinds it shows. Naming a kind by a string is impossible: a typo is a type error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum


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
    """Kinds of record changed, and which ids of each (empty ids: "some of them")."""

    ids: dict[Entity, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, entity: Entity, *record_ids: str) -> Changes:
        return cls({entity: frozenset(record_ids)})

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
            merged[entity] = merged.get(entity, frozenset()) | ids
        return Changes(merged)

    @classmethod
    def union(cls, parts: Iterable[Changes]) -> Changes:
        result = cls()
        for part in parts:
            result = result | part
        return result
