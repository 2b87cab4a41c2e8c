"""The core's messages (catalog domain "core"): ``t("...", name=value)`` words a message
in the current language (``sessionlog.core.language``)."""

from __future__ import annotations

from sessionlog.core.language import Domain, date_text, instant_text, mark, number_text

t = Domain("core")

__all__ = ["date_text", "instant_text", "mark", "number_text", "t"]
