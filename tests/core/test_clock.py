"""Times as the client's clock read them, including across a daylight-saving change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import available_timezones

import pytest

from sessionlog.core import clock
from sessionlog.core.clock import is_valid_timezone, time_span, timezone_names, to_utc_text

CHICAGO = "America/Chicago"


def test_a_span_on_one_side_of_a_change_reads_plainly():
    start = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    end = datetime(2026, 11, 2, 16, 5, tzinfo=UTC)
    assert time_span(start, end, CHICAGO) == "09:00–10:05"
    assert time_span(start, None, CHICAGO) == "09:00–now"


def test_a_span_across_the_fall_back_names_both_zones():
    # 2026-11-01: at 02:00 CDT the clocks go back to 01:00 CST.
    start = datetime(2026, 11, 1, 6, 58, tzinfo=UTC)
    end = datetime(2026, 11, 1, 7, 0, tzinfo=UTC)
    assert time_span(start, end, CHICAGO) == "01:58 CDT – 01:00 CST"


def test_utc_text_is_fixed_width_with_microseconds_for_every_accepted_year() -> None:
    # Stored instants sort as text: the same width whatever the offset, the year or
    # whether the instant has microseconds.
    for year, micro, hours in ((1900, 0, -5), (2026, 5, 0), (2199, 999_999, 14)):
        instant = datetime(year, 6, 1, 12, 0, 0, micro, tzinfo=timezone(timedelta(hours=hours)))
        text = to_utc_text(instant)
        assert text == instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        assert len(text) == len("2026-01-01T00:00:00.000000Z")


def test_the_zone_list_is_every_zone_sorted_and_each_opens():
    names = timezone_names()
    assert list(names) == sorted(set(names))
    assert {"America/Chicago", "America/Denver", "America/Phoenix", "Pacific/Honolulu"} <= set(
        names
    )
    assert all(is_valid_timezone(name) for name in names)
    # The scan's own list, less what is no zone (the system's "localtime" link).
    scanned = available_timezones() - {"localtime"}
    assert len(set(names) ^ scanned) <= 5  # a system's tz release may differ by a zone or two


def test_without_the_packaged_list_the_zones_come_from_a_scan(monkeypatch):
    real_read = Path.read_text

    def no_list(path: Path, *args, **kwargs) -> str:
        if path.name == "zones":
            raise OSError("gone")
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", no_list)
    clock.timezone_names.cache_clear()
    try:
        assert set(timezone_names()) == available_timezones()
    finally:
        clock.timezone_names.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_zone_list():
    clock.timezone_names.cache_clear()
    yield
    clock.timezone_names.cache_clear()
