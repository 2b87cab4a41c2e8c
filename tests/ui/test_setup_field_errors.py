"""FieldErrors: each problem under its field, the rest in the editor's list, the focus on
the first bad field in the form's order (not the order the rules listed them)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from sessionlog.core.caseload import FieldProblem
from sessionlog.ui.setup.common import NOT_SAVED_SEE_FIELDS, FieldErrors, ProblemList


def _form(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    form = QFormLayout(page)
    name, zip_code = QLineEdit(), QLineEdit()
    problems = ProblemList({"address.zip": "ZIP", "code": "Service code"})
    errors = FieldErrors(problems)
    form.addRow("Name", name)
    errors.add("name", name, form=form)
    form.addRow("ZIP", zip_code)
    errors.add("address", zip_code, prefixes=("address.",), form=form)
    form.addRow(problems)
    page.show()
    qtbot.waitExposed(page)
    return page, name, zip_code, problems, errors


def test_problems_go_under_their_fields_and_the_rest_to_the_list(qtbot) -> None:
    page, name, _zip, problems, errors = _form(qtbot)
    errors.show(
        [
            FieldProblem("address.zip", "'627' is not a ZIP code"),
            FieldProblem("code", "unknown service code 'H9999'"),
            FieldProblem("name", "enter the client's name"),
        ]
    )
    # A part sharing the address's line is named; the field's own message is not.
    assert errors.messages() == {
        "name": "enter the client's name",
        "address": "ZIP: '627' is not a ZIP code",
    }
    assert problems.lines() == ["Service code: unknown service code 'H9999'"]
    # The name comes first in the form, though the rules listed it last.
    assert page.focusWidget() is name
    assert errors.label("name").isVisible()


def test_with_every_problem_placed_the_list_only_points_at_them(qtbot) -> None:
    page, _name, zip_code, problems, errors = _form(qtbot)
    errors.show([FieldProblem("address.zip", "'627' is not a ZIP code")])
    assert problems.text() == NOT_SAVED_SEE_FIELDS and problems.lines() == []
    assert page.focusWidget() is zip_code
    errors.clear()
    assert errors.messages() == {}
    assert not errors.label("address.zip").isVisible() and problems.isHidden()
