"""Placeholders: square-bracketed words a template leaves for the coach to replace.

Kept apart (no imports) so the completeness check and the templates can both use it.
"""

from __future__ import annotations

import re

# ``[words]``: at most 80 characters on one line, no nested brackets. A bracket that
# must stay in a note is written as a parenthesis instead (docs/notes.md).
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,80}\]")


def placeholders(text: str) -> list[str]:
    """The placeholders still in ``text``, brackets included, in order."""
    return PLACEHOLDER.findall(text)


def first_placeholder(text: str) -> tuple[int, int] | None:
    """Start and end (character offsets) of the first placeholder, to select it."""
    match = PLACEHOLDER.search(text)
    return (match.start(), match.end()) if match else None
