"""Disk full and read-only places, on real (tmpfs) file systems: every failure names its
cause, leaves no partial file under a final name, and never damages the database."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from sessionlog.core.errors import StoreError
from sessionlog.store import Store, open_database
from tests.cli.test_cli import run as cli
from tests.mounts import fill, remount_read_only, tmpfs

PERIOD = ["--from", "2026-10-21", "--to", "2026-11-20"]


def export_packet(db: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return cli(
        "--db", str(db), "export-packet", "--client", "client-marcus", *PERIOD, "--out", str(out)
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    done = cli("--db", str(path), "demo", "--today", "2026-11-20")
    assert done.returncode == 0, done.stderr
    return path


def _only(folder: Path, *names: str) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


def test_exports_to_a_full_disk_name_the_cause_and_leave_nothing(
    demo_db: Path, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "full", 64) as folder:
        fill(folder)
        packet = export_packet(demo_db, folder / "marcus.pdf")
        assert packet.returncode == 2
        assert "disk is full" in packet.stderr and "Traceback" not in packet.stderr
        export = cli("--db", str(demo_db), "export-json", "--out", str(folder / "all.json"))
        assert export.returncode == 2 and "disk is full" in export.stderr
        backup = cli("--db", str(demo_db), "backup", "--out", str(folder / "b.sqlite3"))
        assert backup.returncode == 2 and "disk is full" in backup.stderr
        _only(folder, "ballast", "ballast2")


def test_exports_to_a_read_only_place_name_the_cause(demo_db: Path, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", 256, read_only=True) as folder:
        packet = export_packet(demo_db, folder / "marcus.pdf")
        assert packet.returncode == 2 and "read-only" in packet.stderr
        export = cli("--db", str(demo_db), "export-json", "--out", str(folder / "all.json"))
        assert export.returncode == 2 and "read-only" in export.stderr
        _only(folder)


def test_verify_packet_works_on_a_full_then_read_only_disk(demo_db: Path, tmp_path: Path) -> None:
    made = tmp_path / "marcus.pdf"
    done = export_packet(demo_db, made)
    assert done.returncode == 0, done.stderr
    with tmpfs(tmp_path / "media", 2048) as folder:
        shutil.copy(made, folder / "marcus.pdf")
        fill(folder)
        assert cli("verify-packet", str(folder / "marcus.pdf")).returncode == 0
        remount_read_only(folder)
        assert cli("verify-packet", str(folder / "marcus.pdf")).returncode == 0
        missing = cli("verify-packet", str(folder / "gone.pdf"))
        assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_a_full_disk_refuses_the_write_names_it_and_keeps_the_database_whole(
    demo_db: Path, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "data", 4096) as folder:
        path = folder / "sessionlog.sqlite3"
        shutil.copy(demo_db, path)
        store = Store(open_database(path))
        before = store.count_sessions()
        fill(folder)
        with pytest.raises(StoreError, match="disk is full"):
            for number in range(10_000):  # until a page more is needed
                store.set_state(f"ballast-{number}", "x" * 4000)
        assert store.count_sessions() == before
        assert store.db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        store.db.close()
        (folder / "ballast").unlink()
        reopened = Store(open_database(path))
        assert reopened.count_sessions() == before
        reopened.db.close()
