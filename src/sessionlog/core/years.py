"""The years a date or an instant may fall in, with nothing imported: the command line
checks its date arguments before anything else is loaded (issue 12)."""

# Any date or instant outside these years is a typing error, and arithmetic near the
# ends of Python's calendar (year 1 or 9999) overflows.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2199


def year_in_range(year: int) -> bool:
    return EARLIEST_YEAR <= year <= LATEST_YEAR
