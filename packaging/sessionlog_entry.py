"""Entry script PyInstaller freezes: the same command line as the installed `sessionlog`."""

from sessionlog.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
