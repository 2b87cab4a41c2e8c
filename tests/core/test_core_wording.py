"""The core's text in the app's language (issue 16): the unit engine's explanation and the
validation messages read in Spanish, with dates in the Spanish format, when the language is
Spanish, and are the unchanged English source text (ISO dates) otherwise."""

from __future__ import annotations

from datetime import date

from sessionlog.core import limits
from sessionlog.core.catalog import place_label, service_codes
from sessionlog.core.language import SOURCE, current_language, set_language, using_language
from sessionlog.core.models import Authorization
from sessionlog.core.roster import check_roster
from sessionlog.core.units import AuthorizationUsage, flag_description, rounding_label


def _per_diem_line(caseload):
    caseload.auth(5, "2026-03-01", "2026-03-31", code="H2024", number="PA-24")
    caseload.session("2026-03-02 08:00", 160, code="H2024")
    return caseload.line()


def test_the_unit_explanation_is_english_with_iso_dates_by_default(caseload):
    assert current_language() == SOURCE
    assert _per_diem_line(caseload).explanation == (
        "160 minutes on 2026-03-02 reaches the per-diem minimum of 150: 1 unit; "
        "authorization PA-24 has 5 left: 1 billable"
    )


def test_the_unit_explanation_in_spanish_has_spanish_dates(caseload):
    with using_language("es"):
        explanation = _per_diem_line(caseload).explanation
    assert explanation == (
        "160 minutos el 02/03/2026 alcanza el mínimo por día de 150: 1 unidad; "
        "autorización a PA-24 le quedan 5: 1 facturable"
    )


def test_the_unit_explanation_in_us_english_has_us_dates(caseload):
    with using_language("en"):
        explanation = _per_diem_line(caseload).explanation
    assert explanation.startswith("160 minutes on 03/02/2026 reaches the per-diem minimum")


def test_a_held_line_explains_itself_in_spanish(caseload):
    caseload.auth(40, "2026-03-01", "2026-03-31")
    caseload.session("2026-03-02 09:00", 38, signed=False)
    set_language("es")  # as the GUI does at start (conftest puts it back)
    line = caseload.line()
    assert "38 minutos el 02/03/2026, regla de 8 minutos de CMS: 3 unidades" in line.explanation
    assert "sin firmar: 0 facturables ahora" in line.explanation
    assert flag_description("unsigned").startswith("Al menos una nota de esta línea no está")
    assert rounding_label("midpoint") == "regla de 8 minutos de CMS"


def test_validation_messages_in_spanish_name_the_field_and_the_value():
    with using_language("es"):
        assert limits.not_a_date("1994-13-45") == (
            "'1994-13-45' no es una fecha (use AAAA-MM-DD, p. ej., 1994-05-12)"
        )
        assert limits.end_before_start(date(2026, 3, 2), date(2026, 3, 1)) == (
            "01/03/2026 es anterior al inicio 02/03/2026"
        )
        assert limits.blank_field("client", "medicaid_id") == (
            "ingrese el número de Medicaid del cliente"
        )
        check = check_roster(
            "name,birth_date\nAna,1990-01-01\n", payers={}, existing=[], today=date(2026, 3, 2)
        )
        assert "encabezado: falta la columna 'medicaid_id'" in check.problems
    # The same messages in the source text outside the block.
    assert limits.end_before_start(date(2026, 3, 2), date(2026, 3, 1)) == (
        "2026-03-01 is before the start 2026-03-02"
    )


def test_catalog_names_follow_the_language():
    assert service_codes()["H2023"].shown_description == "Supported employment"
    assert service_codes()["H2023"].description == "Supported employment"
    with using_language("es"):
        assert service_codes()["H2023"].shown_description == "Empleo con apoyo"
        # The catalog's own field stays English: claims and exports use the code.
        assert service_codes()["H2023"].description == "Supported employment"
        assert place_label("12") == "12 Hogar del cliente"
    assert place_label("12") == "12 Client's home"


def test_an_authorization_warning_in_spanish():
    from sessionlog.core.authorizations import authorization_warnings

    auth = Authorization("a", "c", "H2023", 40, date(2026, 3, 1), date(2026, 3, 31), "PA-1")
    usage = AuthorizationUsage(auth, used=0, remaining=40)
    with using_language("es"):
        warnings = authorization_warnings(usage, date(2026, 3, 29))
    assert warnings == ["Vence en 2 días (31/03/2026): solicite una renovación"]
