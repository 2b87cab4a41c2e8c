"""The store's messages, in the "services" catalog domain that services, store and export
share (docs/translations.md): ``t("...", name=value)`` words a message in the current
language. The store sits below services, so it names the domain itself."""

from __future__ import annotations

from sessionlog.core.language import Domain

t = Domain("services")

__all__ = ["t"]
