"""Every benchmark of issue 12 against its floor, measured in the same run.

    python benchmarks/run.py --size small|medium|large [--runs 5]

Generates (once, cached in ``--work``) the agency database of the size with
``benchmarks/generate.py``, then measures each operation and the floor it is compared
with: the median of ``--runs`` runs of each (heavy operations, a packet and an import,
run at most 3 times), an operation's runs alternated with its floor's so that a slow
spell of the machine falls on both (its speed moves by up to 2× from one minute to the
next). Results go to ``benchmarks/results/<size>.json``; the report,
``docs/benchmarks.md``, is written from every size's JSON there, so sizes run one at a
time still build the growth table 1k → 30k → 300k.

The GUI rows come from ``benchmarks/gui_latency.py`` (``measure(db_path)``), run in a
subprocess with offscreen Qt on a copy of the database; without that module they say
"not measured".
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import SIZES, generate_agency_db  # noqa: E402

SIZE_ORDER = ("small", "medium", "large")
PAGE = 200  # History's page size
COMMON_WORD = "client"  # in nearly every response
RARE_WORD = "guardian"  # in about one note in twenty
GUI_MODULE = HERE / "gui_latency.py"


@dataclass
class Row:
    operation: str
    figure_ms: float | None
    floor_ms: float | None
    floor: str  # what the floor is
    target: str
    ok: bool | None  # None: no target to judge (informational) or not measured
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.figure_ms is None or not self.floor_ms:
            return None
        return self.figure_ms / self.floor_ms


def median_ms(action: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def interleaved_ms(actions: dict[str, Callable[[], Any]], runs: int) -> dict[str, float]:
    """The median ms of each action over ``runs`` rounds, every round running each action
    once, in an order turned by one each round: a ratio of two of them compares runs made
    moments apart, and no action always goes first (after another's caches)."""
    names = list(actions)
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(runs):
        turn = round_ % len(names)
        for name in names[turn:] + names[:turn]:
            began = time.perf_counter()
            actions[name]()
            times[name].append((time.perf_counter() - began) * 1000)
    return {name: statistics.median(figures) for name, figures in times.items()}


def run_process(command: list[str]) -> tuple[float, int, str]:
    """Wall time (ms), peak memory (MB) and output of one child process; raises if it
    fails."""
    began = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    # Read the pipes, then reap the child with wait4 (communicate would reap it and lose
    # its resource usage); errors are short, so stderr cannot fill while stdout is read.
    assert child.stdout is not None and child.stderr is not None
    out, err = child.stdout.read(), child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = (time.perf_counter() - began) * 1000
    child.stdout.close()
    child.stderr.close()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command[:4])}… failed ({child.returncode}): {err.decode()[-500:]}"
        )
    return elapsed, usage.ru_maxrss // 1024, out.decode()


def sessionlog(*args: str) -> list[str]:
    """The installed ``sessionlog`` command (what a user runs), else ``python -m``."""
    script = Path(sys.executable).with_name("sessionlog")
    if script.is_file():
        return [str(script), *args]
    return [sys.executable, "-m", "sessionlog", *args]


# ---- what to measure on ------------------------------------------------------


@dataclass
class Subject:
    db: Path
    sessions: int
    year: int  # the last full calendar year of the database
    busiest_client: str
    busiest_notes: int


def subject(db: Path, sessions: int) -> Subject:
    conn = sqlite3.connect(db)
    try:
        last = conn.execute("SELECT max(service_date) FROM sessions").fetchone()[0]
        year = date.fromisoformat(last).year - 1
        client, notes = conn.execute(
            "SELECT client_id, count(*) AS n FROM sessions WHERE signed = 1 "
            "AND service_date BETWEEN ? AND ? GROUP BY client_id ORDER BY n DESC LIMIT 1",
            [f"{year}-01-01", f"{year}-12-31"],
        ).fetchone()
    finally:
        conn.close()
    return Subject(db, sessions, year, client, notes)


# ---- command-line start ----------------------------------------------------------


def _bare_python() -> None:
    run_process([sys.executable, "-c", "pass"])


def cli_rows(runs: int) -> list[Row]:
    rows = []
    for flag in ("--version", "--help"):
        ms = interleaved_ms(
            {"figure": lambda flag=flag: run_process(sessionlog(flag)), "python": _bare_python},
            runs,
        )
        figure, python_ms = ms["figure"], ms["python"]
        rows.append(
            Row(
                f"`sessionlog {flag}`",
                figure,
                python_ms,
                "bare Python start",
                "≤ 2× floor",
                figure <= 2 * python_ms,
            )
        )
    return rows


# ---- units for a year --------------------------------------------------------------

_AGGREGATE = (
    "SELECT s.client_id, s.code, "
    "sum((julianday(g.end_utc) - julianday(g.start_utc)) * 1440) AS minutes "
    "FROM sessions s JOIN segments g ON g.session_id = s.id "
    "WHERE s.service_date BETWEEN ? AND ? GROUP BY s.client_id, s.code"
)


def units_row(s: Subject, runs: int) -> Row:
    period = [f"{s.year}-01-01", f"{s.year}-12-31"]

    def aggregate() -> None:
        conn = sqlite3.connect(s.db)
        conn.execute(_AGGREGATE, period).fetchall()
        conn.close()

    command = sessionlog("--db", str(s.db), "units", "--from", period[0], "--to", period[1])
    ms = interleaved_ms(
        {
            "figure": lambda: run_process([*command, "--format", "csv"]),
            "python": _bare_python,
            "aggregate": aggregate,
        },
        runs,
    )
    figure, python_ms, aggregate_ms = ms["figure"], ms["python"], ms["aggregate"]
    return Row(
        f"`units` for {s.year}",
        figure,
        python_ms + aggregate_ms,
        f"Python start + one SQL aggregate ({aggregate_ms:.0f} ms)",
        "≤ 3× Python start + aggregate",
        figure <= 3 * python_ms + aggregate_ms,
    )


# ---- full-text search ----------------------------------------------------------------


def search_rows(s: Subject, runs: int) -> list[Row]:
    from sessionlog.core.queries import SessionFilter
    from sessionlog.store import Store, open_database

    store = Store(open_database(s.db), actor="bench")
    rows = []
    try:
        for word, label in ((COMMON_WORD, "common"), (RARE_WORD, "rare")):
            f = SessionFilter(search=word, newest_first=True, limit=PAGE)

            def fts_only(word: str = word) -> None:
                store.db.execute(
                    "SELECT rowid FROM sessions_fts WHERE sessions_fts MATCH ? LIMIT ?",
                    [f'"{word}"*', PAGE],
                ).fetchall()

            ms = interleaved_ms({"page": lambda f=f: store.sessions(f), "fts": fts_only}, runs)
            figure = ms["page"]
            rows.append(
                Row(
                    f"search, first page ({label} word)",
                    figure,
                    ms["fts"],
                    "FTS5 match alone, same limit",
                    "≤ 50 ms",
                    figure <= 50,
                )
            )
        hits = store.count_sessions(SessionFilter(search=COMMON_WORD))
        rows.append(
            Row(
                f"search, count all hits (common word, {hits} hits)",
                median_ms(lambda: store.count_sessions(SessionFilter(search=COMMON_WORD)), runs),
                None,
                "",
                "(counted after the first page)",
                None,
            )
        )
    finally:
        store.db.close()
    return rows


# ---- packet and verify -------------------------------------------------------------------


def _printed_pieces(data: Any, pages: int) -> list[tuple[str, Any]]:
    """The text the packet prints, piece by piece, each with the style it is printed in:
    every paragraph of its story (note text, table cells, labels, headings) and the
    header and footer lines of each page. What bare reportlab must lay out at least."""
    from reportlab.lib.pagesizes import letter
    from reportlab.platypus import KeepTogether, Paragraph, Table

    from sessionlog.export.packet.sections import cover, notes_section, unit_summary
    from sessionlog.export.packet.styles import MARGIN, Continuation, packet_styles

    def walk(flowables: Any) -> Any:
        for flowable in flowables:
            if isinstance(flowable, Paragraph):
                yield flowable.getPlainText(), flowable.style
            elif isinstance(flowable, Table):
                for row in flowable._cellvalues:
                    for cell in row:
                        yield from walk(cell if isinstance(cell, list | tuple) else [cell])
            elif isinstance(flowable, KeepTogether):
                yield from walk(flowable._content)

    width = letter[0] - 2 * MARGIN
    story = cover(data, width, "0" * 79) + unit_summary(data, width)
    story += notes_section(data, width, Continuation())
    pieces = list(walk(story))
    s = packet_styles()
    furniture = [
        (f"{data.client_name} · Medicaid ID {data.medicaid_id}", s.header),
        (f"Documentation packet · {data.period_start} to {data.period_end}", s.small),
        (f"Generated {data.generated_at}", s.small),
        ("Packet content SHA-256 " + "0" * 64, s.small),
        (f"Page {pages} of {pages}", s.small),
    ]
    return pieces + furniture * pages


def _bare_reportlab(pieces: list[tuple[str, Any]]) -> None:
    """The same text in the same fonts (DejaVu, embedded as the packet embeds it), one
    paragraph per printed piece: no tables, rules, fills or page furniture."""
    from io import BytesIO
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import letter
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from sessionlog.export.packet.styles import FONT

    story = [Paragraph(escape(text), style) for text, style in pieces if text.strip()]
    SimpleDocTemplate(BytesIO(), pagesize=letter, initialFontName=FONT).build(story)


def packet_rows(s: Subject, work: Path, runs: int) -> list[Row]:
    from sessionlog.export.packet import verify_packet
    from sessionlog.export.signing import public_raw
    from sessionlog.services.packet import build_packet, packet_data
    from sessionlog.services.signing import packet_signing_key
    from sessionlog.store import Store, open_database

    start, end = date(s.year, 1, 1), date(s.year, 12, 31)
    out = work / "packet.pdf"
    now = datetime(s.year + 1, 6, 1, tzinfo=UTC)
    store = Store(open_database(s.db), actor="bench")
    try:
        build = lambda: build_packet(store, s.busiest_client, start, end, out, now=now)  # noqa: E731
        made = build()  # warm-up: fonts, imports
        data = packet_data(store, s.busiest_client, start, end, now=now)
        pieces = _printed_pieces(data, made.pages)
        _bare_reportlab(pieces)
        # As a reviewer checks it: against the agency's public key (export-key).
        agency = public_raw(packet_signing_key(store).value)
        ms = interleaved_ms(
            {
                "build": build,
                "floor": lambda: _bare_reportlab(pieces),
                "verify": lambda: verify_packet(out, agency),
                "laid out": lambda: verify_packet(out),
            },
            runs,
        )
        figure, floor = ms["build"], ms["floor"]
        verify, laid_out = ms["verify"], ms["laid out"]
    finally:
        store.db.close()
    name = f"packet, busiest client-year ({s.busiest_notes} notes)"
    return [
        Row(
            name,
            figure,
            floor,
            "bare reportlab laying out the same text in the same embedded fonts",
            "≤ 1.5× floor and < 5 s",
            figure <= 1.5 * floor and figure < 5000,
        ),
        Row(
            "verify-packet --key of it",
            verify,
            figure,
            "the export time",
            "≤ 1× floor",
            verify <= figure,
        ),
        Row(
            "verify-packet without --key (pages laid out again)",
            laid_out,
            figure,
            "the export time",
            "informational",
            None,
        ),
    ]


# ---- import ----------------------------------------------------------------------------

# Tables an import fills, parents first; seals and audit rows are derived, not imported.
_IMPORTED = (
    "agency",
    "payers",
    "staff",
    "clients",
    "plans",
    "goals",
    "objectives",
    "authorizations",
    "group_visits",
    "sessions",
    "segments",
    "session_objectives",
    "signatures",
    "cosignatures",
    "addenda",
)


def _rows_of_year(src: sqlite3.Connection, year: int) -> dict[str, tuple[list[str], list[Any]]]:
    """The rows an export of ``year`` holds, table by table (what the floor writes)."""
    period = [f"{year}-01-01", f"{year}-12-31"]
    in_year = "SELECT id FROM sessions WHERE service_date BETWEEN ? AND ?"
    where = {
        "sessions": (f"WHERE id IN ({in_year})", period),
        "group_visits": (
            f"WHERE id IN (SELECT group_id FROM sessions WHERE id IN ({in_year}))",
            period,
        ),
    }
    for table in ("segments", "session_objectives", "signatures", "cosignatures", "addenda"):
        where[table] = (f"WHERE session_id IN ({in_year})", period)
    out = {}
    for table in _IMPORTED:
        clause, params = where.get(table, ("", []))
        cursor = src.execute(f"SELECT * FROM {table} {clause}", params)
        out[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    return out


def _executemany_floor(target: Path, rows: dict[str, tuple[list[str], list[Any]]]) -> None:
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN")
    signed = []
    for table in _IMPORTED:
        columns, values = rows[table]
        if table == "sessions":  # children before the lock, as the store writes them
            at = columns.index("signed")
            signed = [(v[0],) for v in values if v[at]]
            values = [(*v[:at], 0, *v[at + 1 :]) for v in values]
        if table == "signatures":
            conn.executemany("UPDATE sessions SET signed = 1 WHERE id = ?", signed)
        marks = ",".join("?" * len(columns))
        quoted = ",".join(f'"{c}"' for c in columns)
        conn.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", values)
    conn.execute("COMMIT")
    conn.close()


def _empty_database(path: Path) -> None:
    from sessionlog.store import open_database

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    open_database(path).close()


_IMPORT_SCRIPT = """
import sys, time
from pathlib import Path
from sessionlog.services.interchange import import_file
from sessionlog.store import Store, open_database
store = Store(open_database(Path(sys.argv[1])), actor="bench")
began = time.perf_counter()
import_file(store, Path(sys.argv[2]))
print((time.perf_counter() - began) * 1000)
"""


def import_row(s: Subject, work: Path, runs: int) -> Row:
    from sessionlog.services.interchange import export_file
    from sessionlog.store import Store, open_database

    source = Store(open_database(s.db), actor="bench")
    document = work / f"export-{s.year}.json"
    try:
        exported = export_file(source, document, start=date(s.year, 1, 1), end=date(s.year, 12, 31))
        rows = _rows_of_year(source.db.conn, s.year)
    finally:
        source.db.close()
    target = work / "import-target.sqlite3"
    figures: list[float] = []
    floors: list[float] = []
    memory: list[int] = []

    def imported() -> None:
        _empty_database(target)
        _, peak_mb, out = run_process(
            [sys.executable, "-c", _IMPORT_SCRIPT, str(target), str(document)]
        )
        figures.append(float(out.strip().splitlines()[-1]))  # the import alone, in-process
        memory.append(peak_mb)

    def floor_written() -> None:
        _empty_database(target)
        began = time.perf_counter()
        _executemany_floor(target, rows)
        floors.append((time.perf_counter() - began) * 1000)

    # Each times itself, the empty database made first untimed.
    interleaved_ms({"import": imported, "floor": floor_written}, runs)
    figure, floor = statistics.median(figures), statistics.median(floors)
    return Row(
        f"import one year ({exported.sessions} sessions)",
        figure,
        floor,
        "executemany of the same rows into the same schema",
        "≤ 2× floor; memory bounded",
        figure <= 2 * floor,
        f"peak memory {max(memory)} MB",
    )


# ---- GUI rows (benchmarks/gui_latency.py) -------------------------------------------------

_GUI_SCRIPT = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from gui_latency import measure
print(json.dumps(measure(Path(sys.argv[2]))))
"""


def gui_rows(s: Subject, work: Path) -> list[Row]:
    if not GUI_MODULE.is_file():
        return [
            Row(
                "GUI latencies (benchmarks/gui_latency.py)",
                None,
                None,
                "",
                "",
                None,
                "not measured: benchmarks/gui_latency.py is not there",
            )
        ]
    copy = work / "gui-copy.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(s.db, copy)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.run(
        [sys.executable, "-c", _GUI_SCRIPT, str(HERE), str(copy)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    if child.returncode != 0:
        return [
            Row(
                "GUI latencies (benchmarks/gui_latency.py)",
                None,
                None,
                "",
                "",
                False,
                f"not measured: the module failed ({child.stderr.strip()[-200:]})",
            )
        ]
    return [
        Row(
            r["operation"],
            r["figure_ms"],
            r.get("floor_ms"),
            r.get("floor", ""),
            r["target"],
            r["ok"],
            r.get("note", ""),
        )
        for r in json.loads(child.stdout.strip().splitlines()[-1])
    ]


# ---- report ----------------------------------------------------------------------------------


def _ms(value: float | None, unit: str = "ms") -> str:
    if value is None:
        return "not measured"
    return f"{value:,.0f} {unit}" if value >= 100 else f"{value:.1f} {unit}"


def _unit(operation: str) -> str:
    # A few rows measure memory, not time; their operation names say so: "… (MB)".
    return "MB" if operation.endswith("(MB)") else "ms"


def _verdict(row: dict[str, Any]) -> str:
    if row["figure_ms"] is None:
        return "not measured"
    return {True: "pass", False: "**fail**", None: "–"}[row["ok"]]


HAND_WRITTEN = "<!-- Written by hand from here on: benchmarks/run.py keeps it. -->"


def write_report(results_dir: Path, report: Path) -> None:
    results = {}
    for size in SIZE_ORDER:
        path = results_dir / f"{size}.json"
        if path.is_file():
            results[size] = json.loads(path.read_text())
    lines = [
        "# Benchmarks",
        "",
        "Written by `python benchmarks/run.py --size small|medium|large` (issue 12): each",
        "figure is the median of several runs, compared with a floor measured in the same run",
        "on the same machine. The agency database comes from `benchmarks/generate.py`",
        "(20 coaches, 150 clients, ten years). CI runs the small size only.",
        "",
        "Ratios to a floor are what to read: absolute figures move with the machine's load",
        "(each size's header gives the load average when it was measured). SessionLog's",
        "bytecode is written before measuring, as an install does.",
        "",
        "App start is the median of the starts after the day's first; the first runs SQLite's",
        'full integrity check and has its own row (docs/reliability.md, "When the integrity',
        "check runs\"). History's units column and `units` read the authorization draw-down",
        'kept per client and date (docs/architecture.md, "Kept authorization draw-down"):',
        "a first use after an upgrade computes each client's authorization runs once.",
        "",
    ]
    for size, result in results.items():
        lines += [
            f"## {size}: {result['sessions']:,} sessions",
            "",
            f"Measured {result['measured_at']} on {result['machine']}; "
            f"{result['runs']} run(s) per median.",
            "",
            "| operation | figure | floor | ratio | target | result | note |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in result["rows"]:
            unit = _unit(row["operation"])
            floor = ""
            if row["floor_ms"]:
                floor = _ms(row["floor_ms"], unit)
                floor += f" ({row['floor']})" if row["floor"] else ""
            ratio = f"{row['ratio']:.2f}×" if row.get("ratio") else ""
            lines.append(
                f"| {row['operation']} | {_ms(row['figure_ms'], unit)} | {floor} | {ratio} | "
                f"{row['target']} | {_verdict(row)} | {row.get('note', '')} |"
            )
        lines.append("")
    missing = [size for size in SIZE_ORDER if size not in results]
    if missing:
        lines += [f"Not measured yet: {', '.join(missing)} (`--size {missing[0]}`).", ""]
    if len(results) > 1:
        lines += _growth(results)
    report.parent.mkdir(parents=True, exist_ok=True)
    # What follows the marker is written by hand (e.g. "GUI latencies"): kept as it is.
    kept = ""
    if report.is_file():
        text = report.read_text()
        if HAND_WRITTEN in text:
            kept = "\n" + text[text.index(HAND_WRITTEN) :].rstrip() + "\n"
    report.write_text("\n".join(lines).rstrip() + "\n" + kept)


def _key(operation: str) -> str:
    """An operation's name with the numbers that change with the size (a year, a count
    of notes or hits) as N, so the same operation lines up across sizes."""
    return re.sub(r"\d[\d,]*", "N", operation)


def _growth(results: dict[str, Any]) -> list[str]:
    sizes = list(results)
    heads = " | ".join(f"{results[s]['sessions']:,}" for s in sizes)
    lines = [
        "## Growth",
        "",
        "The same operation's figure at each size (×: last over first). Anything worse than",
        "logarithmic growth in start, Today or History is a defect.",
        "",
        f"| operation | {heads} | growth |",
        "|---|" + "---|" * len(sizes) + "---|",
    ]
    by_size = {s: {_key(r["operation"]): r for r in results[s]["rows"]} for s in sizes}
    for name in by_size[sizes[0]]:
        figures = [by_size[s].get(name, {}).get("figure_ms") for s in sizes]
        cells = " | ".join(_ms(f, _unit(name)) for f in figures)
        known = [f for f in figures if f]
        growth = f"{known[-1] / known[0]:.1f}×" if len(known) > 1 else ""
        lines.append(f"| {name} | {cells} | {growth} |")
    lines.append("")
    return lines


# ---- main -------------------------------------------------------------------------------------


def _compile_package() -> None:
    """Write SessionLog's bytecode, as installing it does: an editable install run with
    PYTHONDONTWRITEBYTECODE (set on these machines) would otherwise compile every module
    from source at every start, which no installed app does."""
    import compileall

    compileall.compile_dir(str(ROOT / "src" / "sessionlog"), quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZE_ORDER, default="small")
    parser.add_argument("--sessions", type=int, help="override the size's session count")
    parser.add_argument("--runs", type=int, default=5, help="runs per median")
    parser.add_argument("--work", type=Path, default=HERE / ".work", help="cache folder")
    parser.add_argument("--results", type=Path, default=HERE / "results")
    parser.add_argument("--report", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    sessions = args.sessions or SIZES[args.size]
    args.work.mkdir(parents=True, exist_ok=True)
    db = args.work / f"agency-{sessions}.sqlite3"
    if not db.exists():
        print(f"generating {sessions} sessions…", file=sys.stderr)
        generate_agency_db(db, sessions)
    s = subject(db, sessions)
    _compile_package()
    load_at_start = os.getloadavg()[0]
    heavy = min(args.runs, 3)
    steps: list[tuple[str, Callable[[], list[Row]]]] = []
    rows: list[Row] = []
    rows += cli_rows(args.runs)
    steps = [
        ("units", lambda: [units_row(s, args.runs)]),
        ("search", lambda: search_rows(s, args.runs)),
        ("packet", lambda: packet_rows(s, args.work, heavy)),
        ("import", lambda: [import_row(s, args.work, heavy)]),
        ("gui", lambda: gui_rows(s, args.work)),
    ]
    for name, step in steps:
        print(f"measuring {name}…", file=sys.stderr)
        rows += step()
    result = {
        "size": args.size,
        "sessions": sessions,
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} CPU(s), Python {sys.version.split()[0]}, "
        f"load average {load_at_start:.1f} at the start",
        "runs": args.runs,
        "rows": [{**asdict(r), "ratio": r.ratio} for r in rows],
    }
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / f"{args.size}.json").write_text(json.dumps(result, indent=2) + "\n")
    write_report(args.results, args.report)
    for r in rows:
        print(f"{r.operation}: {_ms(r.figure_ms)} (floor {_ms(r.floor_ms)}) {r.note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
