"""Names of a package imported on first use (PEP 562), for packages whose modules are
costly to import and often not needed (``sessionlog.store`` for the command line, the
packet's PDF layout for the packet dialog: issue 12)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, MutableMapping


def first_use(
    package: MutableMapping[str, object],
    homes: Mapping[str, str],
    load: Callable[[str], None],
    name: str,
) -> object:
    """A package's ``__getattr__``: ``name`` read from the module ``homes`` says defines
    it, which ``load(home)`` imports (spelled out in the package, so that the import
    checks see what it depends on), and kept in the package's globals for next time."""
    home = homes.get(name)
    if home is None:
        raise AttributeError(f"module {package['__name__']!r} has no attribute {name!r}")
    load(home)
    value = getattr(sys.modules[home], name)
    package[name] = value
    return value
