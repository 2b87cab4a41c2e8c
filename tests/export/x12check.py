"""Validate 837P files with pyx12 (its Python API: the x12valid script's exit status
is 1 even for a valid file, so the tests read pyx12's verdict and its ERROR log)."""

from __future__ import annotations

import logging
from pathlib import Path

import pyx12.params
import pyx12.x12n_document


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def x12_errors(path: Path) -> list[str]:
    """Every error pyx12 finds in the file against the 005010X222A1 map; [] when valid.

    A file pyx12 rejects without logging an error still yields one entry, so an empty
    list always means pyx12 accepted the file."""
    logger = logging.getLogger("pyx12")
    collect = _Collect()
    logger.addHandler(collect)
    try:
        valid = pyx12.x12n_document.x12n_document(
            param=pyx12.params.params(),
            src_file=str(path),
            fd_997=None,
            fd_html=None,
        )
    finally:
        logger.removeHandler(collect)
    if not valid and not collect.messages:
        return ["pyx12 rejected the file without a message"]
    return collect.messages
