"""How History and the end-of-day queue scale with years of sessions.

Builds two databases of the same shape (40 clients, 8 staff, every weekday) that
differ only in how far back they go: a baseline (~1k sessions, about two months)
and a large one (~20k sessions, about three years). On each it times what the GUI
runs in its worker thread:

* History, first page: count + the 200 newest rows (``ui.views.history.load_page``,
  exactly what the view runs in its worker), then the billing units of those rows
  (``load_units``, the view's second step);
* the same for a deep page (offset 10,000), one client's signed notes, and a
  full-text search for a common word and for a rare one (hits spread over years);
* the end-of-day queue query (every unsigned note of one coach).

Reports the median of several runs and the large/baseline ratio.

    PYTHONPATH=src python benchmarks/bench_history.py [--sessions 20000] [--runs 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sessionlog.core.models import (
    Authorization,
    Client,
    Goal,
    Objective,
    Segment,
    Session,
    SessionStatus,
    Signature,
    Staff,
    TreatmentPlan,
)
from sessionlog.services.demo import INTERVENTIONS, PAYERS, PLANS, RESPONSES
from sessionlog.store import SessionFilter, Store, open_database
from sessionlog.ui.views.history import load_page, load_units

ZONE = "America/Chicago"
CLIENTS = 40
STAFF = 8
CODES = ("H2014", "H2023")
# Every 50th note mentions this word: a "rare" search term.
RARE_WORD = "forklift"
END = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)


def _weekdays_back(count_days: int) -> list[date]:
    days, day = [], END
    while len(days) < count_days:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def build(path: Path, sessions_wanted: int) -> int:
    """A database of about ``sessions_wanted`` sessions ending on END."""
    rng = random.Random(4)
    per_day = CLIENTS * 0.6
    days = _weekdays_back(int(sessions_wanted / per_day) + 1)
    db = open_database(path)
    # Generation speed only: the benchmark's data is disposable.
    db.execute("PRAGMA synchronous = OFF")
    store = Store(db, actor="bench")
    tz = ZoneInfo(ZONE)
    written = 0
    with store.transaction():
        for payer in PAYERS:
            store.save_payer(payer)
        for s in range(STAFF):
            store.save_staff(Staff(f"staff-{s}", f"Staff {s}", "Job Coach", "HM"))
        objectives: dict[str, list[str]] = {}
        for c in range(CLIENTS):
            client_id = f"client-{c}"
            store.save_client(
                Client(
                    client_id,
                    f"Client {c}",
                    date(1990, 1, 1),
                    f"MCD{c:06d}",
                    PAYERS[c % 2].id,
                    ["F20.9"],
                    ZONE,
                )
            )
            objs = [Objective(f"{client_id}-o{k}", f"Objective {k}") for k in range(3)]
            objectives[client_id] = [o.id for o in objs]
            store.save_plan(
                TreatmentPlan(
                    f"{client_id}-plan",
                    client_id,
                    days[0] - timedelta(days=30),
                    END + timedelta(days=200),
                    [Goal(f"{client_id}-g", "Goal", objs)],
                )
            )
            # Authorizations renew every six months, as they do in practice.
            start = days[0] - timedelta(days=10)
            number = 0
            while start <= END:
                for code in CODES:
                    store.save_authorization(
                        Authorization(
                            f"{client_id}-{code}-{number}",
                            client_id,
                            code,
                            400,
                            start,
                            start + timedelta(days=182),
                            f"PA-{c}-{number}",
                        )
                    )
                start += timedelta(days=183)
                number += 1
        for day in days:
            for c in range(CLIENTS):
                if rng.random() > 0.6:
                    continue
                client_id = f"client-{c}"
                staff_id = f"staff-{c % STAFF}"
                code = CODES[c % 2]
                slot = c // STAFF  # each coach's clients in different time slots
                begin = datetime(day.year, day.month, day.day, 8 + slot * 2, 0, tzinfo=tz)
                minutes = rng.randint(25, 80)
                intervention = rng.choice(INTERVENTIONS[code])
                if written % 50 == 0:
                    intervention += f" Practiced the {RARE_WORD} safety checklist."
                session = Session(
                    id=f"bench-{day.isoformat()}-{c}",
                    client_id=client_id,
                    staff_id=staff_id,
                    code=code,
                    segments=[Segment(begin, begin + timedelta(minutes=minutes))],
                    place_of_service="18",
                    objective_ids=objectives[client_id][:2],
                    intervention=intervention,
                    response=rng.choice(RESPONSES),
                    plan=rng.choice(PLANS),
                    timezone=ZONE,
                )
                if (END - day).days >= 4:
                    session.signature = Signature(
                        staff_id,
                        begin + timedelta(hours=6),
                        ZONE,
                        f"Staff {c % STAFF}",
                        "Job Coach",
                        "I attest.",
                        False,
                    )
                    store.insert_signed_session(session)
                else:
                    store.save_session(session)
                written += 1
    db.execute("PRAGMA optimize")
    db.close()
    return written


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm the page cache and Python's imports
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def measure(path: Path, runs: int) -> dict[str, float]:
    db = open_database(path)
    store = Store(db)
    total = store.count_sessions()
    queries = {
        "first page": SessionFilter(newest_first=True, limit=200),
        "deep page (offset 10,000)": SessionFilter(
            newest_first=True, limit=200, offset=max(0, min(10_000, total - 200))
        ),
        "one client, signed": SessionFilter(
            client_id="client-3", status=SessionStatus.SIGNED, newest_first=True, limit=200
        ),
        "search, common word": SessionFilter(search="prompts", newest_first=True, limit=200),
        "search, rare word": SessionFilter(search=RARE_WORD, newest_first=True, limit=200),
    }
    results: dict[str, float] = {}
    for name, f in queries.items():
        with_count = f.offset == 0
        results[f"History {name}: rows"] = median_ms(
            lambda f=f, c=with_count: load_page(path, f, NOW, c), runs
        )
        sessions = load_page(path, f, NOW, False)["sessions"]
        results[f"History {name}: units"] = median_ms(lambda s=sessions: load_units(path, s), runs)

    def eod_queue() -> None:
        for status in (SessionStatus.RUNNING, SessionStatus.DRAFT):
            store.sessions(SessionFilter(staff_id="staff-1", status=status))

    results["End-of-day queue query (one coach)"] = median_ms(eod_queue, runs)
    db.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--baseline", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--dir", type=Path, help="keep the databases here (default: temporary)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        sizes = {}
        timings = {}
        for label, wanted in (("baseline", args.baseline), ("large", args.sessions)):
            path = folder / f"history-{wanted}.sqlite3"
            if path.exists():
                path.unlink()
            t0 = time.perf_counter()
            sizes[label] = build(path, wanted)
            print(f"built {label}: {sizes[label]:,} sessions in {time.perf_counter() - t0:.1f} s")
            timings[label] = measure(path, args.runs)

    base, large = sizes["baseline"], sizes["large"]
    print()
    print(f"median of {args.runs} runs, milliseconds")
    print(f"{'query':48} {f'{base:,} sess.':>12} {f'{large:,} sess.':>12} {'ratio':>7}")
    for name, small_ms in timings["baseline"].items():
        big_ms = timings["large"][name]
        print(f"{name:48} {small_ms:12.1f} {big_ms:12.1f} {big_ms / small_ms:7.2f}")


if __name__ == "__main__":
    main()
