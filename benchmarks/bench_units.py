"""How the unit engine scales: the same caseload shape over 1 month vs 15 months.

The engine runs for every `units` report, every packet and each live preview, so
its cost per session must stay flat. Builds sessions in memory (no database: this
measures the rules, not SQL), then reports the median of several runs for a
baseline (~1k sessions) and a large set (~15k), and the per-session ratio.

    PYTHONPATH=src python benchmarks/bench_units.py [--runs 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sessionlog.core.models import (
    Authorization,
    Client,
    Payer,
    Segment,
    Session,
    Signature,
    Staff,
)
from sessionlog.core.units import compute_lines

ZONE = "America/Chicago"
CODES = ("H2014", "H2023", "H2017", "H0038")


def caseload(days: int, clients: int = 40, staff: int = 8):
    rng = random.Random(7)
    payer = Payer("p", "Medicaid", daily_max_units={"H2014": 16})
    staff_members = {f"s{i}": Staff(f"s{i}", f"Coach {i}", "BA", "HN") for i in range(staff)}
    people = {
        f"c{i}": Client(f"c{i}", f"Client {i}", date(1990, 1, 1), f"M{i}", "p", ["F20.9"], ZONE)
        for i in range(clients)
    }
    first = date(2025, 1, 1)
    auths = [
        Authorization(
            f"a{i}-{code}", f"c{i}", code, 400, first, first + timedelta(days=days), f"PA-{i}"
        )
        for i in range(clients)
        for code in CODES
    ]
    sessions = []
    tz = ZoneInfo(ZONE)
    for offset in range(days):
        day = first + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for i in range(clients):
            start = datetime(day.year, day.month, day.day, 8 + i % 9, 0, tzinfo=tz)
            minutes = rng.randint(20, 90)
            staff_id = f"s{i % staff}"
            sessions.append(
                Session(
                    id=f"x{offset}-{i}",
                    client_id=f"c{i}",
                    staff_id=staff_id,
                    code=CODES[i % len(CODES)],
                    segments=[Segment(start, start + timedelta(minutes=minutes))],
                    place_of_service="11",
                    timezone=ZONE,
                    signature=Signature(staff_id, start + timedelta(hours=8), ZONE),
                )
            )
    return sessions, people, staff_members, {"p": payer}, auths


def median_seconds(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    results = {}
    for label, days in (("baseline", 35), ("large", 450)):
        sessions, clients, staff, payers, auths = caseload(days)

        def run(sessions=sessions, clients=clients, staff=staff, payers=payers, auths=auths):
            return compute_lines(
                sessions, clients=clients, staff=staff, payers=payers, authorizations=auths
            )

        lines = run()
        seconds = median_seconds(run, args.runs)
        results[label] = (len(sessions), seconds)
        print(
            f"{label:9} {len(sessions):6d} sessions  {len(lines):6d} lines  "
            f"median {seconds * 1000:8.1f} ms  {seconds / len(sessions) * 1e6:6.1f} µs/session"
        )
    (n1, t1), (n2, t2) = results["baseline"], results["large"]
    print(
        f"ratio large/baseline: time {t2 / t1:.1f}x for {n2 / n1:.1f}x the sessions "
        f"(per-session cost {(t2 / n2) / (t1 / n1):.2f}x)"
    )


if __name__ == "__main__":
    main()
