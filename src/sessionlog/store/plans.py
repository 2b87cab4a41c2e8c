"""Treatment plans with their goals and objectives."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sessionlog.core.errors import NotFoundError
from sessionlog.core.models import Goal, Objective, TreatmentPlan
from sessionlog.store.base import Repository, day_text
from sessionlog.store.wording import t


class PlanRepository(Repository):
    def plans(self, client_id: str | None = None) -> list[TreatmentPlan]:
        if client_id is None:
            plan_rows = self._rows("SELECT * FROM plans ORDER BY client_id, start")
        else:
            plan_rows = self._rows(
                "SELECT * FROM plans WHERE client_id = ? ORDER BY start", [client_id]
            )
        return self._plans_of_rows(plan_rows)

    def plans_in_force(self, start: date, end: date) -> list[TreatmentPlan]:
        """Every client's plans in force on some day of [start, end]."""
        return self._plans_of_rows(
            self._rows(
                'SELECT * FROM plans WHERE start <= ? AND "end" >= ? ORDER BY client_id, start',
                [day_text(end), day_text(start)],
            )
        )

    def _plans_of_rows(self, plan_rows: list[dict[str, Any]]) -> list[TreatmentPlan]:
        """The plans of these rows with their goals and objectives."""
        if not plan_rows:
            return []
        plan_ids = [r["id"] for r in plan_rows]
        marks = ",".join("?" * len(plan_ids))
        goal_rows = self._rows(
            f"SELECT * FROM goals WHERE plan_id IN ({marks}) ORDER BY position", plan_ids
        )
        goal_ids = [g["id"] for g in goal_rows]
        objectives: dict[str, list[Objective]] = {}
        if goal_ids:
            omarks = ",".join("?" * len(goal_ids))
            for o in self._rows(
                f"SELECT * FROM objectives WHERE goal_id IN ({omarks}) ORDER BY position", goal_ids
            ):
                objectives.setdefault(o["goal_id"], []).append(
                    Objective(o["id"], o["text"], bool(o["retired"]))
                )
        goals: dict[str, list[Goal]] = {}
        for g in goal_rows:
            goals.setdefault(g["plan_id"], []).append(
                Goal(g["id"], g["text"], objectives.get(g["id"], []))
            )
        return [
            TreatmentPlan(
                r["id"],
                r["client_id"],
                date.fromisoformat(r["start"]),
                date.fromisoformat(r["end"]),
                goals.get(r["id"], []),
            )
            for r in plan_rows
        ]

    def plan(self, plan_id: str) -> TreatmentPlan:
        row = self._one("SELECT client_id FROM plans WHERE id = ?", [plan_id])
        if row is None:
            raise NotFoundError(t("No treatment plan with id {plan_id!r}", plan_id=plan_id))
        return next(p for p in self.plans(row["client_id"]) if p.id == plan_id)

    def active_plan(self, client_id: str, day: date) -> TreatmentPlan | None:
        # Only the plans covering the day are read (with their goals): Today asks this
        # of every client at start, and a client has a plan for each of ten years.
        rows = self._rows(
            'SELECT * FROM plans WHERE client_id = ? AND start <= ? AND "end" >= ? ORDER BY start',
            [client_id, day.isoformat(), day.isoformat()],
        )
        covering = [p for p in self._plans_of_rows(rows) if p.covers(day)]
        return covering[-1] if covering else None

    def clients_with_plan_on(self, day: date) -> set[str]:
        """The clients with a treatment plan covering ``day``: one query, however many
        clients (Today's caseload at start read each client's plans: issue 12)."""
        return {
            r["client_id"]
            for r in self._rows(
                'SELECT DISTINCT client_id FROM plans WHERE start <= ? AND "end" >= ?',
                [day_text(day), day_text(day)],
            )
        }

    def objectives_used_by_signed_notes(self, objective_ids: Iterable[str]) -> set[str]:
        return self._objectives_used(objective_ids, signed_only=True)

    def objectives_used_by_notes(self, objective_ids: Iterable[str]) -> set[str]:
        return self._objectives_used(objective_ids, signed_only=False)

    def _objectives_used(self, objective_ids: Iterable[str], *, signed_only: bool) -> set[str]:
        """Which of ``objective_ids`` some note (or some signed note) addresses."""
        ids = list(objective_ids)
        if not ids:
            return set()
        marks = ",".join("?" * len(ids))
        signed = "AND s.signed = 1 " if signed_only else ""
        return {
            r["objective_id"]
            for r in self._rows(
                f"SELECT DISTINCT so.objective_id FROM session_objectives so "
                f"JOIN sessions s ON s.id = so.session_id "
                f"WHERE so.objective_id IN ({marks}) {signed}",
                ids,
            )
        }

    def save_plans(self, plans: Sequence[TreatmentPlan]) -> None:
        """:meth:`save_plan` of each, in order; new plans in one statement per table with
        the same audit rows (an import brings thousands)."""
        with self.transaction():
            if self._saved_one_by_one("plans", plans, self.save_plan):
                return
            self._upsert_many(
                "plans",
                ("id", "client_id", "start", "end"),
                [(p.id, p.client_id, day_text(p.start), day_text(p.end)) for p in plans],
            )
            self._upsert_many(
                "goals",
                ("id", "plan_id", "position", "text"),
                [(g.id, p.id, gpos, g.text) for p in plans for gpos, g in enumerate(p.goals)],
            )
            self._upsert_many(
                "objectives",
                ("id", "goal_id", "position", "text", "retired"),
                [
                    (o.id, g.id, opos, o.text, int(o.retired))
                    for p in plans
                    for g in p.goals
                    for opos, o in enumerate(g.objectives)
                ],
            )
            if len(plans) == 1:
                [plan] = plans
                self.audit("create", "plan", plan.id, _created_plan_details(plan))
            else:
                self._audit_created_together("plan", [p.id for p in plans])

    def save_plan(self, plan: TreatmentPlan) -> None:
        """Insert or replace a plan with its goals and objectives.

        An objective that any note refers to cannot disappear: remove it from the
        plan and it is kept, retired, instead (signed notes must keep their link)."""
        with self.transaction():
            before = self._one("SELECT * FROM plans WHERE id = ?", [plan.id])
            old_objectives = {
                r["id"]: r
                for r in self._rows(
                    "SELECT o.* FROM objectives o JOIN goals g ON g.id = o.goal_id "
                    "WHERE g.plan_id = ?",
                    [plan.id],
                )
            }
            old_goals = {
                r["id"]: r for r in self._rows("SELECT * FROM goals WHERE plan_id = ?", [plan.id])
            }
            self._upsert(
                "plans",
                {
                    "id": plan.id,
                    "client_id": plan.client_id,
                    "start": day_text(plan.start),
                    "end": day_text(plan.end),
                },
            )
            kept_objectives: set[str] = set()
            for gpos, goal in enumerate(plan.goals):
                self._upsert(
                    "goals",
                    {"id": goal.id, "plan_id": plan.id, "position": gpos, "text": goal.text},
                )
                for opos, objective in enumerate(goal.objectives):
                    kept_objectives.add(objective.id)
                    self._upsert(
                        "objectives",
                        {
                            "id": objective.id,
                            "goal_id": goal.id,
                            "position": opos,
                            "text": objective.text,
                            "retired": int(objective.retired),
                        },
                    )
            removed = set(old_objectives) - kept_objectives
            in_use = self.objectives_used_by_notes(removed)
            for objective_id in removed:
                if objective_id in in_use:
                    self.db.execute(
                        "UPDATE objectives SET retired = 1 WHERE id = ?", [objective_id]
                    )
                else:
                    self.db.execute("DELETE FROM objectives WHERE id = ?", [objective_id])
            kept_goals = {g.id for g in plan.goals}
            for goal_id in set(old_goals) - kept_goals:
                remaining = self._one(
                    "SELECT count(*) AS n FROM objectives WHERE goal_id = ?", [goal_id]
                )
                if remaining and remaining["n"]:
                    continue  # a goal holding retired-but-used objectives stays
                self.db.execute("DELETE FROM goals WHERE id = ?", [goal_id])
            self.audit(
                "create" if before is None else "update",
                "plan",
                plan.id,
                _created_plan_details(plan) | {"retired_in_use": sorted(removed & in_use)},
            )


def _created_plan_details(plan: TreatmentPlan) -> dict[str, Any]:
    return {
        "start": day_text(plan.start),
        "end": day_text(plan.end),
        "goals": len(plan.goals),
        "objectives": sum(len(g.objectives) for g in plan.goals),
        "retired_in_use": [],
    }
