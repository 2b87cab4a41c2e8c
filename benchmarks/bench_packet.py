"""Time to build a documentation packet of 30 vs 300 sessions (one client).

Run: ``PYTHONPATH=src python benchmarks/bench_packet.py [--repeat N]``. Prints the
median wall time of each size and its ratio to the 30-session baseline measured in
the same run; a ratio near 10 means the cost grows linearly with the sessions.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sessionlog.core.models import (
    Authorization,
    Client,
    Goal,
    Objective,
    Payer,
    Segment,
    Session,
    Signature,
    Staff,
    TreatmentPlan,
)
from sessionlog.services.packet import build_packet
from sessionlog.store import Store, open_database

ZONE = "America/Chicago"
FIRST_DAY = date(2026, 1, 1)
SIZES = (30, 300)


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(ZONE))


def make_store(path: Path, sessions: int) -> Store:
    store = Store(open_database(path), actor="bench")
    store.save_payer(Payer("payer", "State Medicaid"))
    store.save_staff(Staff("staff", "Rosa Delgado", "Job Coach (CESP)", "HM"))
    store.save_client(
        Client("client", "Nguyễn Thị Hồng", date(1990, 1, 1), "MCD1", "payer", ["F20.9"], ZONE)
    )
    store.save_plan(
        TreatmentPlan(
            "plan",
            "client",
            date(2025, 1, 1),
            date(2027, 12, 31),
            [Goal("g", "Keep a job", [Objective("o1", "Arrive on time"), Objective("o2", "Ask")])],
        )
    )
    store.save_authorization(
        Authorization("auth", "client", "H2023", 9999, date(2025, 1, 1), date(2027, 12, 31), "PA")
    )
    with store.transaction():
        for i in range(sessions):
            day = FIRST_DAY + timedelta(days=i)
            store.insert_signed_session(
                Session(
                    id=f"s{i:04}",
                    client_id="client",
                    staff_id="staff",
                    code="H2023",
                    segments=[
                        Segment(_at(day, 9, 0), _at(day, 9, 40)),
                        Segment(_at(day, 9, 50), _at(day, 10, 5 + i % 20)),
                    ],
                    place_of_service="18",
                    objective_ids=["o1", "o2"],
                    intervention="Job-site coaching: modeled the stocking sequence, then faded "
                    "prompts to gestural. " * 2,
                    response="Engaged throughout; completed the task with two verbal prompts.",
                    plan="Continue fading prompts; check in with the supervisor on Friday.",
                    note="Supervisor present for the last ten minutes.",
                    timezone=ZONE,
                    signature=Signature(
                        "staff",
                        _at(day, 17, 0),
                        ZONE,
                        "Rosa Delgado",
                        "Job Coach (CESP)",
                        "I attest.",
                    ),
                )
            )
    return store


def time_build(store: Store, sessions: int, out: Path, repeat: int) -> list[float]:
    last = FIRST_DAY + timedelta(days=sessions - 1)
    now = datetime(2027, 1, 1, tzinfo=UTC)
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        build_packet(store, "client", FIRST_DAY, last, out, now=now)
        times.append(time.perf_counter() - began)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        medians: dict[int, float] = {}
        for size in SIZES:
            store = make_store(Path(folder) / f"bench-{size}.sqlite3", size)
            out = Path(folder) / f"packet-{size}.pdf"
            time_build(store, size, out, 1)  # warm-up: font loading, imports
            medians[size] = statistics.median(time_build(store, size, out, args.repeat))
            store.db.close()
        baseline = medians[SIZES[0]]
        for size in SIZES:
            print(
                f"{size:4d} sessions: median {medians[size]:.2f} s "
                f"({args.repeat} runs), x{medians[size] / baseline:.1f} the {SIZES[0]}-session "
                "baseline"
            )


if __name__ == "__main__":
    main()
