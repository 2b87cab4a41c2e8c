"""The only package that speaks SQL: one repository per kind of record over one base."""

from sessionlog.core.errors import (
    DamagedDatabaseError,
    LockedError,
    NewerDatabaseError,
    NotFoundError,
    StoreError,
)
from sessionlog.core.queries import SessionFilter
from sessionlog.store.app_state import AppStateRepository
from sessionlog.store.audit import AuditLogRepository
from sessionlog.store.base import Repository
from sessionlog.store.caseload import CaseloadRepository
from sessionlog.store.database import (
    closed_by_its_last_user,
    integrity_check_due,
    is_read_only,
    mark_closed,
    mark_open,
    open_database,
    schema_version,
)
from sessionlog.store.plans import PlanRepository
from sessionlog.store.repository import Store
from sessionlog.store.sessions import SessionRepository
from sessionlog.store.timers import TimerRepository

__all__ = [
    "AppStateRepository",
    "AuditLogRepository",
    "CaseloadRepository",
    "DamagedDatabaseError",
    "LockedError",
    "NewerDatabaseError",
    "NotFoundError",
    "PlanRepository",
    "Repository",
    "SessionFilter",
    "SessionRepository",
    "Store",
    "StoreError",
    "TimerRepository",
    "closed_by_its_last_user",
    "integrity_check_due",
    "is_read_only",
    "mark_closed",
    "mark_open",
    "open_database",
    "schema_version",
]
