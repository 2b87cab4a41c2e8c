"""The messages of services, store and export reach a Spanish user in Spanish (issue 16):
refusals to open a database, import problems naming the record and the field, import
summaries and a full disk, each made by the real code path in the language the GUI or the
CLI chose, and in the code's English (byte for byte) when none was chosen."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from sessionlog import __version__
from sessionlog.core.errors import StoreError
from sessionlog.core.interchange import InterchangeError
from sessionlog.core.language import current_language, using_language
from sessionlog.services.interchange import export_file, import_file
from sessionlog.services.roster import RosterResult
from sessionlog.store import NewerDatabaseError, Store, open_database
from sessionlog.store.database import known_schema_version


@pytest.fixture
def spanish() -> Iterator[None]:
    assert current_language() == ""  # the code's English unless someone chose
    with using_language("es"):
        yield


def _from_the_future(db_path: Path) -> None:
    open_database(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('sessionlog', 'm999_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()


def test_a_newer_database_is_refused_in_spanish_naming_both_versions(db_path: Path, spanish):
    _from_the_future(db_path)
    known = known_schema_version()
    with pytest.raises(NewerDatabaseError) as raised:
        open_database(db_path)
    assert str(raised.value) == (
        f"{db_path} la escribió un SessionLog más reciente (versión {known + 1} del esquema "
        f"de la base de datos); este SessionLog {__version__} conoce como máximo la versión "
        f"{known} del esquema. Actualice SessionLog para abrirla."
    )


def test_an_empty_database_file_is_refused_in_spanish(db_path: Path, spanish):
    db_path.write_bytes(b"")
    with pytest.raises(StoreError, match="está vacío \\(0 bytes\\)") as raised:
        open_database(db_path)
    assert "Restaure una copia de seguridad" in str(raised.value)
    assert db_path.read_bytes() == b""  # refused, not overwritten


def _conflicting_file(demo_store: Store, tmp_path: Path) -> tuple[Path, Store, str]:
    """A caseload file whose first payer differs from the one already stored."""
    path = tmp_path / "caseload.json"
    export_file(demo_store, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["payers"][0]["name"] = "Renamed payer"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path, demo_store, document["payers"][0]["id"]


def test_an_import_problem_names_record_and_field_in_spanish(demo_store, tmp_path, spanish):
    path, store, payer_id = _conflicting_file(demo_store, tmp_path)
    audit_before = len(store.audit_log())
    with pytest.raises(InterchangeError) as refused:
        import_file(store, path)
    assert refused.value.problems == [
        f"pagador {payer_id}: id: ya existe con otro contenido; no se sobrescribe"
    ]
    assert len(store.audit_log()) == audit_before  # nothing written


def test_the_same_import_problem_is_the_codes_english_when_no_language_was_chosen(
    demo_store, tmp_path
):
    path, store, payer_id = _conflicting_file(demo_store, tmp_path)
    with pytest.raises(InterchangeError) as refused:
        import_file(store, path)
    assert refused.value.problems == [
        f"payer {payer_id}: id: already stored with different content; refusing to overwrite it"
    ]


def test_malformed_json_names_line_and_column_in_spanish(store, tmp_path, spanish):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "sessionlog/1",\n "clients": [}', encoding="utf-8")
    with pytest.raises(InterchangeError) as refused:
        import_file(store, path)
    assert refused.value.problems[0].startswith("archivo: JSON mal formado en la línea 2, columna")
    assert refused.value.problems[0].endswith(": se esperaba un valor")


def test_summaries_count_in_spanish_with_singular_and_plural(demo_store, tmp_path, spanish):
    path = tmp_path / "caseload.json"
    export_file(demo_store, path)
    again = import_file(demo_store, path)  # everything already there
    assert again.summary().startswith("agencia: 0 registros nuevos, 1 ya estaba; pagadores: ")
    assert RosterResult(1, 0).summary() == "Se agregó 1 cliente"
    assert RosterResult(3, 2).summary() == "Se agregaron 3 clientes, 2 ya estaban"


def test_a_full_disk_is_named_in_spanish_and_nothing_is_written(db_path: Path, spanish):
    store = Store(open_database(db_path))
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: disk full
    with pytest.raises(StoreError) as raised:
        for number in range(1_000):  # until a page more is needed
            store.set_state(f"ballast-{number}", "x" * 4000)
    assert str(raised.value) == ("El cambio no se guardó: el disco está lleno; no se cambió nada.")
    store.db.close()


def test_intervention_methods_are_shown_in_spanish_and_recorded_in_english(spanish) -> None:
    """The note form's check boxes speak the coach's language; the note keeps the methods
    in the record's words, which the form reads back when the note reopens."""
    from sessionlog.services import timing

    labels = [timing.method_label(m) for m in timing.INTERVENTION_METHODS]
    assert labels[:3] == ["Modelado", "Juego de roles", "Indicaciones"]
    assert all(
        label != method for label, method in zip(labels, timing.INTERVENTION_METHODS, strict=True)
    )
    recorded = timing.compose_intervention(["Modeling", "Role-play"], "Practised the route.")
    assert recorded == "Methods: Modeling, Role-play.\nPractised the route."
    assert timing.split_intervention(recorded) == (
        ["Modeling", "Role-play"],
        "Practised the route.",
    )


def test_a_file_that_cannot_be_written_names_its_cause_in_spanish(tmp_path: Path, spanish):
    from sessionlog.core.errors import OutputError
    from sessionlog.export.files import write_private_file

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    beyond = blocker / "packets" / "packet.pdf"
    with pytest.raises(OutputError) as raised:
        write_private_file(beyond, b"%PDF")
    assert str(raised.value) == f"No se pudo escribir {beyond}: parte de la ruta no es una carpeta"
    inside = blocker / "packet.pdf"  # its folder's name is taken by a file
    with pytest.raises(OutputError) as raised:
        write_private_file(inside, b"%PDF")
    assert str(raised.value) == (
        f"No se pudo escribir {inside}: un archivo ocupa el nombre de una carpeta"
    )


def test_without_sqlcipher_protection_is_refused_in_spanish(db_path: Path, monkeypatch, spanish):
    """An installation without SQLCipher (no wheel for the system) says so in the user's
    language, and the plain file is left as it was."""
    from sessionlog.services import protection
    from sessionlog.store import encryption

    open_database(db_path).close()
    before = db_path.read_bytes()
    monkeypatch.setattr(encryption, "cipher", None)
    assert not protection.available()
    with pytest.raises(StoreError) as refused:
        protection.protect(db_path, "a long enough passphrase")
    assert str(refused.value).startswith(
        "La protección con frase de contraseña necesita SQLCipher, que no está instalado"
    )
    assert protection.no_sqlcipher() == str(refused.value)  # the Security tab's tooltip
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_an_object_and_a_bad_price_are_named_in_spanish(
    store, tmp_path, spanish
):
    path = tmp_path / "list.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(InterchangeError) as refused:
        import_file(store, path)
    assert refused.value.problems == [
        'archivo: debe ser un objeto JSON con "format": "sessionlog/1"'
    ]
    from sessionlog.core.interchange import _price

    assert _price("18.255")[1] == (
        "debe ser un número decimal entre comillas, como \"12.34\"; se recibió '18.255'"
    )


def test_a_packet_period_that_ends_before_it_starts_is_refused_in_spanish(store, spanish):
    """The refusal speaks the user's language (whatever language the packet was asked in),
    with the dates in its format."""
    from datetime import date

    from sessionlog.export.packet import PacketError
    from sessionlog.services.packet import packet_data

    with pytest.raises(PacketError) as refused:
        packet_data(store, "c-1", date(2026, 11, 20), date(2026, 11, 1), language="en")
    assert str(refused.value) == "El período termina el 01/11/2026, antes de empezar el 20/11/2026"
