"""The change bus carries typed changes: a misspelt kind fails loudly, and a view hears
only the kinds it subscribed to, for as long as it lives."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from sessionlog.core.changes import Changes, Entity
from sessionlog.ui.bus import ChangeBus


def test_a_kind_given_as_text_is_refused():
    with pytest.raises(TypeError, match="not a kind of record"):
        ChangeBus().notify("client")  # type: ignore[arg-type]


def test_a_view_hears_only_the_kinds_it_shows(qtbot):
    bus, view, heard = ChangeBus(), QWidget(), []
    qtbot.addWidget(view)
    bus.subscribe(view, {Entity.CLIENT, Entity.PLAN}, heard.append)
    bus.notify(Entity.SESSION)
    bus.publish(Changes.of(Entity.PLAN, "plan-1"))
    bus.publish(Changes())  # nothing changed: nothing sent
    assert heard == [Changes.of(Entity.PLAN, "plan-1")]


def test_a_closed_view_hears_nothing_more(qtbot):
    bus, heard = ChangeBus(), []
    view = QWidget()
    bus.subscribe(view, {Entity.CLIENT}, heard.append)
    view.deleteLater()
    qtbot.waitUntil(lambda: not _alive(view))
    bus.notify(Entity.CLIENT)
    assert heard == []


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)
