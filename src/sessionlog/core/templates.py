"""Note templates and quick texts: a coach's own words, reused without cloning notes.

A template holds a coach's usual intervention, response and plan for one service code.
Square brackets mark a placeholder the coach must replace (``[what the client did]``):
a note still containing one is incomplete (``core.completeness``), so a template can
speed a note up but never be signed unread. A quick text is a short key (``;prompt``)
that expands to a phrase while typing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sessionlog.core import limits
from sessionlog.core.caseload import FieldProblem
from sessionlog.core.catalog import service_codes
from sessionlog.core.wording import t

# The note fields a template fills, in the order the note form shows them.
TEMPLATE_FIELDS: tuple[str, ...] = ("intervention", "response", "plan")
TEMPLATE_FIELD_LABELS: dict[str, str] = {
    "intervention": "Intervention",
    "response": "Client response",
    "plan": "Plan",
    "note": "Narrative",
}

# A quick-text key: a semicolon, then letters, digits, "-" or "_" (``;prompt``).
QUICK_KEY = re.compile(r";[A-Za-z0-9_-]{1,20}")


@dataclass
class NoteTemplate:
    """One coach's template for one service code (at most one per coach and code)."""

    id: str
    staff_id: str
    code: str
    intervention: str = ""
    response: str = ""
    plan: str = ""

    def field_text(self, name: str) -> str:
        return str(getattr(self, name))

    def is_empty(self) -> bool:
        return not any(self.field_text(f).strip() for f in TEMPLATE_FIELDS)


@dataclass
class QuickText:
    """One coach's phrase behind a short key."""

    id: str
    staff_id: str
    key: str
    phrase: str


def template_problems(
    template: NoteTemplate, others: Iterable[NoteTemplate] = ()
) -> list[FieldProblem]:
    """Why a template cannot be saved; each problem names its field."""
    problems: list[FieldProblem] = []
    if not template.staff_id:
        problems.append(FieldProblem("staff", t("Choose whose template this is.")))
    if template.code not in service_codes():
        problems.append(FieldProblem("code", t("Choose a service code from the catalog.")))
    if template.is_empty():
        problems.append(
            FieldProblem("intervention", t("Write at least one of intervention, response or plan."))
        )
    for name in TEMPLATE_FIELDS:
        problem = limits.text_problem(template.field_text(name))
        if problem:
            problems.append(FieldProblem(name, t("The text {problem}.", problem=problem)))
    for other in others:
        if (
            other.id != template.id
            and other.staff_id == template.staff_id
            and other.code == template.code
        ):
            problems.append(
                FieldProblem(
                    "code", t("You already have a template for {code}.", code=template.code)
                )
            )
            break
    return problems


def quick_text_problems(quick: QuickText, others: Iterable[QuickText] = ()) -> list[FieldProblem]:
    """Why a quick text cannot be saved; each problem names its field."""
    problems: list[FieldProblem] = []
    if not quick.staff_id:
        problems.append(FieldProblem("staff", t("Choose whose quick text this is.")))
    if not QUICK_KEY.fullmatch(quick.key):
        problems.append(
            FieldProblem(
                "key",
                t(
                    "Start the key with a semicolon, then up to 20 letters or digits "
                    "(e.g. ;prompt)."
                ),
            )
        )
    if not quick.phrase.strip():
        problems.append(FieldProblem("phrase", t("Write the phrase the key expands to.")))
    else:
        problem = limits.text_problem(quick.phrase)
        if problem:
            problems.append(FieldProblem("phrase", t("The text {problem}.", problem=problem)))
    for other in others:
        if (
            other.id != quick.id
            and other.staff_id == quick.staff_id
            and other.key.lower() == quick.key.lower()
        ):
            problems.append(
                FieldProblem("key", t("You already use {key} for another phrase.", key=quick.key))
            )
            break
    return problems


def quick_text_at(text_before_cursor: str, phrases: Mapping[str, str]) -> tuple[str, str] | None:
    """The key ending ``text_before_cursor`` and its phrase, when it is one of
    ``phrases`` (keys compared without case) and starts a word; None otherwise."""
    match = re.search(r"(?:^|(?<=\s))(;[A-Za-z0-9_-]{1,20})$", text_before_cursor)
    if match is None:
        return None
    typed = match.group(1)
    by_key = {key.lower(): phrase for key, phrase in phrases.items()}
    phrase = by_key.get(typed.lower())
    return (typed, phrase) if phrase is not None else None


# Examples a coach may start a template from in Setup ▸ Templates (never saved unless the
# coach saves them): every line has placeholders, so an unedited example cannot be signed.
_GENERIC_EXAMPLE = NoteTemplate(
    "",
    "",
    "",
    intervention="[What you modeled, prompted or practiced] toward [the objective].",
    response="[What the client did], [with how many prompts]. Progress: [what changed].",
    plan="Next session: [what to practice or follow up on].",
)
_EXAMPLES: dict[str, NoteTemplate] = {
    "H2023": NoteTemplate(
        "",
        "",
        "H2023",
        intervention=(
            "On-site job coaching at [worksite]: [task] broken into steps, modeled, then "
            "prompted with [prompt level]."
        ),
        response=(
            "[What the client did] with [number] prompts; [interaction with supervisor or "
            "co-workers]. Progress: [what changed since last visit]."
        ),
        plan="Next visit: fade prompts for [task]; [follow-up with employer].",
    ),
    "H2014": NoteTemplate(
        "",
        "",
        "H2014",
        intervention="Skills training on [skill]: modeled, role-played, then practiced [task].",
        response="[What the client did], [independently or with how many prompts].",
        plan="Next session: practice [skill] in [setting].",
    ),
}


def example_template(code: str) -> NoteTemplate:
    """An example for ``code`` (specific when one is written, generic otherwise)."""
    example = _EXAMPLES.get(code, _GENERIC_EXAMPLE)
    return NoteTemplate("", "", code, example.intervention, example.response, example.plan)
