"""Views hosted by the main window; each takes the narrow things it needs."""
