"""Entry script for the windowed executable (no console on Windows): always the app."""

from sessionlog.cli import gui_main

if __name__ == "__main__":
    raise SystemExit(gui_main())
