"""The only package that speaks SQL: one repository per kind of record over one base.

Its names are imported when first used (PEP 562): ``sessionlog units`` reads kept lines
through :mod:`sessionlog.store.kept_report` alone, and importing every repository (and
the SQLCipher binding, hashlib, the migrations) with the package cost that command
several bare Python starts (issue 12)."""

from __future__ import annotations

from sessionlog.lazy_names import first_use

TYPE_CHECKING = False  # not typing's: importing typing costs a report's start
if TYPE_CHECKING:
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

# Each exported name and the module that defines it.
_HOMES = {
    "DamagedDatabaseError": "sessionlog.core.errors",
    "LockedError": "sessionlog.core.errors",
    "NewerDatabaseError": "sessionlog.core.errors",
    "NotFoundError": "sessionlog.core.errors",
    "StoreError": "sessionlog.core.errors",
    "SessionFilter": "sessionlog.core.queries",
    "AppStateRepository": "sessionlog.store.app_state",
    "AuditLogRepository": "sessionlog.store.audit",
    "Repository": "sessionlog.store.base",
    "CaseloadRepository": "sessionlog.store.caseload",
    "closed_by_its_last_user": "sessionlog.store.database",
    "integrity_check_due": "sessionlog.store.database",
    "is_read_only": "sessionlog.store.database",
    "mark_closed": "sessionlog.store.database",
    "mark_open": "sessionlog.store.database",
    "open_database": "sessionlog.store.database",
    "schema_version": "sessionlog.store.database",
    "PlanRepository": "sessionlog.store.plans",
    "Store": "sessionlog.store.repository",
    "SessionRepository": "sessionlog.store.sessions",
    "TimerRepository": "sessionlog.store.timers",
}


def __getattr__(name: str) -> object:
    return first_use(globals(), _HOMES, _import, name)


def _import(home: str) -> None:
    """Import ``home``, spelled out (not ``importlib``) so that what the package depends
    on stays readable to the import checks (import-linter, the architecture drawing)."""
    if home == "sessionlog.core.errors":
        import sessionlog.core.errors
    elif home == "sessionlog.core.queries":
        import sessionlog.core.queries
    elif home == "sessionlog.store.app_state":
        import sessionlog.store.app_state
    elif home == "sessionlog.store.audit":
        import sessionlog.store.audit
    elif home == "sessionlog.store.base":
        import sessionlog.store.base
    elif home == "sessionlog.store.caseload":
        import sessionlog.store.caseload
    elif home == "sessionlog.store.database":
        import sessionlog.store.database
    elif home == "sessionlog.store.plans":
        import sessionlog.store.plans
    elif home == "sessionlog.store.repository":
        import sessionlog.store.repository
    elif home == "sessionlog.store.sessions":
        import sessionlog.store.sessions
    elif home == "sessionlog.store.timers":
        import sessionlog.store.timers  # noqa: F401 (read through sys.modules)


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
