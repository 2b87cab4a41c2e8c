"""The reliability harnesses drive the real window too: the UI fixtures, shared."""

from tests.ui.conftest import (  # noqa: F401 (pytest finds fixtures by name)
    _utc_laptop,
    acknowledged_timer,
    fake_clock,
    main_window,
    rosa_store,
)
