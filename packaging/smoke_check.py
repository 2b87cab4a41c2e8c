"""Smoke check of a built SessionLog folder: the commands a coach or clerk runs, and the app.

    python packaging/smoke_check.py dist/sessionlog

Exits non-zero, naming the step, when any step fails. Uses a throw-away database and log
folder, never the user's own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEMO_DAY = "2026-11-20"


def run(exe: Path, *args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(exe), *args], env=env, capture_output=True, text=True, timeout=180, check=False
    )
    if done.returncode != 0:
        raise SystemExit(
            f"FAILED: sessionlog {' '.join(args)} exited {done.returncode}\n{done.stderr[-2000:]}"
        )
    return done.stdout


def _page_text(pdf: Path) -> str:
    """The PDF's page text (pypdf, from the environment that built the app)."""
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(str(pdf)).pages)


def main(folder: str) -> int:
    bundle = Path(folder).resolve()
    exe = bundle / ("sessionlog.exe" if os.name == "nt" else "sessionlog")
    if not exe.is_file():
        raise SystemExit(f"FAILED: no executable at {exe}")
    with tempfile.TemporaryDirectory(prefix="sessionlog-smoke-") as tmp:
        work = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("SESSIONLOG_")}
        env["SESSIONLOG_DB"] = str(work / "smoke.sqlite3")
        env["SESSIONLOG_LOG_DIR"] = str(work / "logs")
        env["TZ"] = "UTC"

        version = run(exe, "--version", env=env)
        assert version.startswith("sessionlog "), version
        print(f"ok  --version: {version.strip()}")
        run(exe, "demo", "--today", DEMO_DAY, env=env)
        print("ok  demo")
        units = run(
            exe, "units", "--from", "2026-10-20", "--to", DEMO_DAY, "--format", "csv", env=env
        )
        lines = [line for line in units.splitlines() if line.strip()]
        if len(lines) < 2:
            raise SystemExit("FAILED: units printed no claim lines for the demo month")
        print(f"ok  units: {len(lines) - 1} claim lines")
        packet = work / "packet.pdf"
        run(
            exe,
            "export-packet",
            "--client",
            "client-marcus",
            "--from",
            "2026-10-20",
            "--to",
            DEMO_DAY,
            "--out",
            str(packet),
            env=env,
        )
        if not packet.is_file() or packet.read_bytes()[:5] != b"%PDF-":
            raise SystemExit("FAILED: export-packet wrote no PDF")
        print(f"ok  export-packet: {packet.stat().st_size} bytes")
        run(exe, "verify-packet", str(packet), env=env)
        print("ok  verify-packet")
        # The Spanish catalog (resources/translations) and Babel's locale data are bundled.
        spanish = work / "paquete.pdf"
        run(
            exe, "export-packet", "--client", "client-marcus", "--from", "2026-10-20",
            "--to", DEMO_DAY, "--out", str(spanish), "--language", "es", env=env,
        )  # fmt: skip
        run(exe, "verify-packet", str(spanish), env=env)
        if "Resumen de unidades" not in _page_text(spanish):
            raise SystemExit("FAILED: export-packet --language es is not in Spanish")
        print("ok  export-packet --language es, verified")

        gui_env = dict(env, QT_QPA_PLATFORM=env.get("QT_QPA_PLATFORM", "offscreen"))
        app = subprocess.Popen(
            [str(exe)], env=gui_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        log_file = work / "logs" / "sessionlog.log"
        deadline = time.monotonic() + 60
        shown = False
        while time.monotonic() < deadline and app.poll() is None:
            if log_file.is_file() and "window shown" in log_file.read_text(encoding="utf-8"):
                shown = True
                break
            time.sleep(0.2)
        alive = app.poll() is None
        app.kill()
        _out, err = app.communicate(timeout=30)
        if not (shown and alive):
            raise SystemExit(f"FAILED: the app did not open its window\n{err[-2000:]}")
        print("ok  the app opened its window")
    print("smoke check passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "dist/sessionlog"))
