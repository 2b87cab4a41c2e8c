"""Help ▸ About lists the licence of every work SessionLog installs with it: each
distribution pip installs for the app (its runtime requirements, followed through their
own) is named in resources/licenses/third-party.txt."""

from __future__ import annotations

import re
from importlib.metadata import distribution

from packaging.requirements import Requirement

from sessionlog.ui.dialogs.about import third_party_notices


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions() -> set[str]:
    """sessionlog's runtime requirements on this system, and theirs, without extras."""
    found: set[str] = set()
    todo = ["sessionlog"]
    while todo:
        name = _normal(todo.pop())
        if name in found:
            continue
        found.add(name)
        for line in distribution(name).requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return found - {"sessionlog"}


def test_every_installed_dependency_is_named_with_its_licence():
    notices = _normal(third_party_notices())
    # A walk that found little would prove nothing.
    assert {"pyside6-essentials", "reportlab", "babel", "cryptography"} <= runtime_distributions()
    missing = sorted(name for name in runtime_distributions() if name not in notices)
    assert missing == [], f"not in third-party.txt: {missing}"


def test_the_builds_own_parts_are_named():
    notices = third_party_notices()
    for work in ("Python Software Foundation", "PyInstaller bootloader", "ICU", "OpenSSL"):
        assert work in notices
