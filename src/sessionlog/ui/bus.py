"""One application-wide signal that says what changed, so each view refreshes
only what it shows (no view reaches into another).

It carries a :class:`~sessionlog.core.changes.Changes` (kinds of record as the
:class:`~sessionlog.core.changes.Entity` enum, plus ids): a misspelt kind is a type
error, never a view that silently stops refreshing."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Signal, Slot

from sessionlog.core.changes import Changes, Entity


class _Subscription(QObject):
    """Delivers the changes that touch some kinds to one view; a child of that view, so
    it disconnects itself when the view is destroyed."""

    def __init__(
        self, owner: QObject, kinds: frozenset[Entity], slot: Callable[[Changes], None]
    ) -> None:
        super().__init__(owner)
        self._kinds = kinds
        self._slot = slot

    @Slot(object)
    def deliver(self, changes: Changes) -> None:
        if changes.touches(*self._kinds):
            self._slot(changes)


class ChangeBus(QObject):
    changed = Signal(object)  # a Changes, never empty

    def publish(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)

    def notify(self, *entities: Entity) -> None:
        """Some records of these kinds changed (ids not known to the caller)."""
        for entity in entities:
            if not isinstance(entity, Entity):
                raise TypeError(self.tr("not a kind of record: {entity!r}").format(entity=entity))
        self.publish(Changes({entity: frozenset() for entity in entities}))

    def subscribe(
        self, owner: QObject, kinds: Iterable[Entity], slot: Callable[[Changes], None]
    ) -> None:
        """Call ``slot`` with every change touching ``kinds``, for as long as ``owner``
        lives."""
        subscription = _Subscription(owner, frozenset(kinds), slot)
        self.changed.connect(subscription.deliver)
