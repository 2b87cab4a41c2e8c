"""SessionLog: session timing, progress notes and unit billing for community behavioral health."""

__version__ = "0.1.0"
APPLICATION_NAME = "SessionLog"
