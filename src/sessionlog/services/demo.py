"""A realistic small caseload for a new user (and every later feature) to try.

The names, IDs and notes are invented. The month of sessions ends on ``today``;
the last days' notes are left unsigned so the end-of-day queue has work in it.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sessionlog.core.changes import RECORD_KINDS, Changes, Written
from sessionlog.core.clock import add_business_days
from sessionlog.core.completeness import COSIGN_STATEMENT
from sessionlog.core.errors import StoreError
from sessionlog.core.models import (
    Address,
    Agency,
    Authorization,
    Client,
    Cosignature,
    Goal,
    Objective,
    Payer,
    Segment,
    Session,
    Signature,
    Staff,
    TreatmentPlan,
)
from sessionlog.services.records import DemoRecords
from sessionlog.services.wording import t

ZONE = "America/Chicago"

PAYERS = [
    Payer(
        "payer-state-medicaid",
        "State Medicaid (fee-for-service)",
        "midpoint",
        "day",
        {"H2024": 150, "H2020": 180},
        {"H2014": 16, "H2023": 24, "H0038": 16},
        True,
        "95",
        2,
        payer_id="SMCD1",
        rates={"H2014": Decimal("16.50"), "H2023": Decimal("18.25"), "H2024": Decimal("142.00")},
        max_group_size={"H2014": 6, "H2023": 4},
    ),
    Payer(
        "payer-prairie-mco",
        "Prairie Health Plan (MCO)",
        "down",
        "session",
        {"H2024": 180},
        {"H2014": 12, "H2023": 16},
        True,
        "GT",
        3,
        payer_id="PHP01",
        rates={"H2014": Decimal("15.75"), "H2023": Decimal("17.50"), "H2024": Decimal("135.00")},
        max_group_size={"H2014": 4, "H2023": 4},
    ),
]

# Invented NPIs with valid check digits (Luhn over 80840 + the first nine digits).
AGENCY = Agency(
    "Prairie Community Supports",
    "1555012347",
    "37-1234567",
    "251S00000X",  # community/behavioral health agency
    Address("400 Main Street", "Springfield", "IL", "62701-1402"),
    "2175550100",
)

STAFF = [
    # The supervisor comes first: the coaches name her as their supervisor.
    Staff("staff-dana", "Dana Whitfield", "Program Supervisor, LCSW", "HO", "1855045674"),
    # A paraprofessional coach, supervised (supervising provider on her claims).
    Staff("staff-rosa", "Rosa Delgado", "Job Coach (CESP)", "HM", "1655023459", "staff-dana"),
    Staff("staff-ben", "Ben Okafor", "Skills Trainer, BA", "HN", "1755034562"),
]

ADDRESSES = {
    "client-marcus": Address("18 Cedar Lane", "Springfield", "IL", "62702"),
    "client-lena": Address("2217 South Grand Ave", "Springfield", "IL", "62703"),
    "client-tran": Address("9 Willow Court, Apt 3", "Chatham", "IL", "62629"),
    "client-dmitri": Address("540 North 5th Street", "Springfield", "IL", "62702"),
}

CLIENTS = [
    Client(
        "client-marcus",
        "Marcus Webb",
        date(1994, 5, 12),
        "MCD100234",
        "payer-state-medicaid",
        ["F20.9"],
        ZONE,
    ),
    Client(
        "client-lena",
        "Lena Nováková",
        date(1988, 11, 3),
        "MCD100871",
        "payer-state-medicaid",
        ["F33.1", "F41.1"],
        ZONE,
    ),
    Client(
        "client-tran",
        "Trần Thị Mai",
        date(2001, 2, 27),
        "PHP55120",
        "payer-prairie-mco",
        ["F84.0"],
        ZONE,
    ),
    Client(
        "client-dmitri",
        "Dmitri Volkov",
        date(1979, 8, 19),
        "MCD100990",
        "payer-state-medicaid",
        ["F31.9"],
        ZONE,
    ),
]

GOALS: dict[str, list[tuple[str, list[str]]]] = {
    "client-marcus": [
        (
            "Keep a part-time job at the grocery store",
            [
                "Arrive on time for 4 of 5 scheduled shifts each week",
                "Complete the stocking checklist with no more than 1 prompt",
            ],
        ),
        (
            "Communicate with the supervisor",
            [
                "Ask the supervisor for the next task when one is finished",
            ],
        ),
    ],
    "client-lena": [
        (
            "Manage daily routines independently",
            [
                "Use a written schedule to start morning routine by 8:00 on 5 of 7 days",
                "Take medication as prescribed using a pill organizer, 90% of days",
            ],
        ),
        (
            "Build social connection",
            [
                "Start one conversation at the community center each week",
            ],
        ),
    ],
    "client-tran": [
        (
            "Get a job in food service",
            [
                "Complete 3 job applications per week with coach support",
                "Practice interview answers with 80% accuracy in role-play",
            ],
        ),
    ],
    "client-dmitri": [
        (
            "Manage money",
            [
                "Make and follow a weekly budget for 4 consecutive weeks",
            ],
        ),
        (
            "Use public transit",
            [
                "Plan and ride the bus route to work without prompts",
            ],
        ),
    ],
}

# (client, staff, code, usual place of service, usual minutes)
SCHEDULE = [
    ("client-marcus", "staff-rosa", "H2023", "18", (35, 75)),
    ("client-lena", "staff-ben", "H2014", "12", (40, 70)),
    ("client-tran", "staff-rosa", "H2023", "99", (45, 90)),
    ("client-dmitri", "staff-ben", "H2014", "99", (30, 60)),
]

INTERVENTIONS = {
    "H2023": [
        "Job-site coaching: modeled the stocking sequence, then faded prompts to gestural.",
        "Employer contact: met the shift supervisor about schedule changes; role-played asking "
        "for help.",
        "Job development: reviewed three openings, helped complete online applications.",
    ],
    "H2014": [
        "Skills training: modeled use of the weekly planner; client practiced with verbal prompts.",
        "Role-play of a conversation at the community center; feedback on eye contact.",
        "Budgeting: reviewed receipts, updated the weekly budget sheet together.",
    ],
}
RESPONSES = [
    "Client engaged throughout and completed the task with two verbal prompts.",
    "Client was anxious at first, settled after 10 minutes, and finished independently.",
    "Client needed frequent redirection today; reported poor sleep. Partial progress.",
    "Client met the objective for the session and described the next step unprompted.",
]
PLANS = [
    "Continue fading prompts next session; check in with the supervisor on Friday.",
    "Practice the same routine twice before the next visit; bring the planner.",
    "Review progress on the objective next week and adjust supports.",
]


def _at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, ZoneInfo(ZONE))


def load_demo(store: DemoRecords, *, today: date | None = None) -> Written[str]:
    """Write the demo caseload: a summary of it, and the changes (records of every kind)."""
    today = today or datetime.now(ZoneInfo(ZONE)).date()
    if any(c.id == CLIENTS[0].id for c in store.clients(include_archived=True)):
        raise StoreError(t("The demo caseload is already in this database"))
    rng = random.Random(20261123)
    first_day = today - timedelta(days=30)
    with store.transaction():
        if store.agency() is None:
            store.save_agency(AGENCY)
        for payer in PAYERS:
            store.save_payer(payer)
        for member in STAFF:
            store.save_staff(member)
        for client in CLIENTS:
            store.save_client(dataclasses.replace(client, address=ADDRESSES[client.id]))
        objectives: dict[str, list[str]] = {}
        for client in CLIENTS:
            goals = []
            for gi, (goal_text, objective_texts) in enumerate(GOALS[client.id]):
                goal_objectives = [
                    Objective(f"{client.id}-g{gi + 1}-o{oi + 1}", text)
                    for oi, text in enumerate(objective_texts)
                ]
                objectives.setdefault(client.id, []).extend(o.id for o in goal_objectives)
                goals.append(Goal(f"{client.id}-g{gi + 1}", goal_text, goal_objectives))
            store.save_plan(
                TreatmentPlan(
                    f"{client.id}-plan",
                    client.id,
                    first_day - timedelta(days=60),
                    first_day + timedelta(days=305),
                    goals,
                )
            )
        auth_units = {
            "client-marcus": 120,
            "client-lena": 96,
            "client-tran": 40,
            "client-dmitri": 80,
        }
        for number, (client_id, _staff_id, code, _pos, _minutes) in enumerate(SCHEDULE):
            store.save_authorization(
                Authorization(
                    f"{client_id}-auth-{code}",
                    client_id,
                    code,
                    auth_units[client_id],
                    first_day - timedelta(days=10),
                    first_day + timedelta(days=170),
                    f"PA-{2600 + number}",
                )
            )
        store.save_authorization(
            Authorization(
                "client-marcus-auth-H2024",
                "client-marcus",
                "H2024",
                10,
                first_day - timedelta(days=10),
                first_day + timedelta(days=170),
                "PA-2610",
            )
        )

        sessions = 0
        staff_by_id = {s.id: s for s in STAFF}
        day = first_day
        while day <= today:
            if day.weekday() < 5:
                for index, (client_id, staff_id, code, pos, (lo, hi)) in enumerate(SCHEDULE):
                    # Lena is always seen today, so the day has a note still being written.
                    if rng.random() < 0.35 and not (day == today and index == 1):
                        continue
                    start = _at(day, time(9 + index * 2, rng.choice([0, 15, 30])))
                    minutes = rng.randint(lo, hi)
                    segments = [Segment(start, start + timedelta(minutes=minutes))]
                    if rng.random() < 0.2:  # a paused session: a break in the middle
                        half = minutes // 2
                        segments = [
                            Segment(start, start + timedelta(minutes=half)),
                            Segment(
                                start + timedelta(minutes=half + 10),
                                start + timedelta(minutes=minutes + 10),
                            ),
                        ]
                    session = Session(
                        id=f"demo-{day.isoformat()}-{client_id}",
                        client_id=client_id,
                        staff_id=staff_id,
                        code=code,
                        segments=segments,
                        place_of_service=pos,
                        objective_ids=rng.sample(
                            objectives[client_id], k=min(2, len(objectives[client_id]))
                        ),
                        intervention=rng.choice(INTERVENTIONS[code]),
                        response=rng.choice(RESPONSES),
                        plan=rng.choice(PLANS),
                        note="",
                        timezone=ZONE,
                    )
                    days_ago = (today - day).days
                    if days_ago >= 4:
                        signer = staff_by_id[staff_id]
                        late_days = 4 if rng.random() < 0.08 else 0
                        signed_day = day + timedelta(days=late_days)
                        deadline = add_business_days(day, 2)
                        session.signature = Signature(
                            staff_id,
                            _at(signed_day, time(17, 30)),
                            ZONE,
                            signer.name,
                            signer.credential,
                            signer.attestation,
                            late=signed_day > deadline,
                        )
                        if signer.supervisor_id and days_ago >= 10:
                            # The supervisor reviewed the older notes of her coach.
                            supervisor = staff_by_id[signer.supervisor_id]
                            session.cosignature = Cosignature(
                                supervisor.id,
                                _at(signed_day + timedelta(days=1), time(9, 0)),
                                ZONE,
                                supervisor.name,
                                supervisor.credential,
                                COSIGN_STATEMENT,
                            )
                        store.insert_signed_session(session)
                    else:
                        if days_ago == 0 and index == 1:
                            session.response = ""  # still being written
                            session.plan = ""
                        store.save_session(session)
                    sessions += 1
            day += timedelta(days=1)

        # One small-group job-club visit: shared time and place, a note per attendee.
        group_day = today - timedelta(days=3)
        while group_day.weekday() >= 5:
            group_day -= timedelta(days=1)
        start = _at(group_day, time(15, 0))
        for client_id in ("client-marcus", "client-tran"):
            store.save_session(
                Session(
                    id=f"demo-group-{group_day.isoformat()}-{client_id}",
                    client_id=client_id,
                    staff_id="staff-rosa",
                    code="H2023",
                    segments=[Segment(start, start + timedelta(minutes=50))],
                    place_of_service="53",
                    group_size=2,
                    group_id=f"demo-group-{group_day.isoformat()}",
                    objective_ids=objectives[client_id][:1],
                    intervention="Job club: role-play of interview questions, feedback from peers.",
                    response="",
                    plan="",
                    timezone=ZONE,
                )
            )
            sessions += 1
    summary = t(
        "{payers} payers, {staff} staff, {clients} clients with plans and "
        "authorizations, {sessions} sessions ({first_day} to {today})",
        payers=len(PAYERS),
        staff=len(STAFF),
        clients=len(CLIENTS),
        sessions=sessions,
        first_day=first_day,
        today=today,
    )
    # Every kind of record, ids not listed: each view reloads what it shows.
    return Written(summary, Changes({kind: frozenset() for kind in RECORD_KINDS}))
