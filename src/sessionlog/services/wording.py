"""The messages of services, store and export (catalog domain "services"):
``t("...", name=value)`` words a message in the current language
(``sessionlog.core.language``). The packet's wording has its own catalog
(``sessionlog.export.packet.language``)."""

from __future__ import annotations

from sessionlog.core.language import Domain, date_text, instant_text, mark, number_text

t = Domain("services")

__all__ = ["date_text", "instant_text", "mark", "number_text", "t"]
